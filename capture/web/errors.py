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


class WebProxyPresent(BadInput):
    """A proxy is configured on the workstation and ``--accept-proxy`` was not given.

    The recording browser never uses it (explicit NoProxy), but a court doubts a
    constat made on a workstation behind a proxy (CA Paris 17/11/2006): its presence
    is shown and must be acknowledged, and the acknowledgement is recorded."""

    code = "web_proxy_present"


def require_proxy_acknowledged(found: dict[str, str], accepted: bool) -> None:
    """Refuses to browse while a proxy that needs acknowledging is configured and the
    officer has not acknowledged it (``--accept-proxy``, or the window's panel)."""
    if accepted or not proxies_need_acknowledgement(found):
        return
    listed = ", ".join(f"{k}={v}" for k, v in sorted(found.items()))
    raise WebProxyPresent(
        f"a proxy is configured on this workstation ({listed}); the recording browser does "
        "not use it, but its presence must be acknowledged: run again with --accept-proxy "
        "(the acknowledgement is recorded)", proxies=listed)


PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "ftp_proxy", "no_proxy")


def proxy_variables(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The proxy variables of an environment, credentials masked (a proxy URL may hold a
    user and password: never recorded)."""
    import os
    from urllib.parse import urlsplit

    found: dict[str, str] = {}
    for name, value in (os.environ if environ is None else environ).items():
        if name.lower() not in PROXY_VARIABLES or not value:
            continue
        parts = urlsplit(value if "://" in value else "//" + value)
        if parts.username or parts.password:
            value = value.replace(parts.netloc, "•••• (masqué)@" + parts.netloc.rpartition("@")[2])
        found[name] = value
    return found


def proxies_need_acknowledgement(found: dict[str, str]) -> bool:
    """A ``no_proxy`` alone routes nothing through a proxy."""
    return any(k.lower() != "no_proxy" for k in found)
