"""Errors of the recording browser (stable codes; messages in app/messages.py)."""

from __future__ import annotations

from evidence.errors import BadInput, RemoteServiceFailed


class WebBadUrl(BadInput):
    """Not an http(s) address with a host, or an @file that cannot be read."""

    code = "web_bad_url"


class WebUnreachable(RemoteServiceFailed):
    """The site did not answer (DNS, refused, reset, timeout): nothing is stored."""

    code = "web_unreachable"


class WebTlsRefused(RemoteServiceFailed):
    """Chromium refused the site's certificate; never bypassed from the CLI, nothing stored."""

    code = "web_tls_refused"
