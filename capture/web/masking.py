"""Password fields masked in what the recording browser archives and logs.

A constat may need a login with credentials the requester handed over: the
login is a fact worth recording, the password is not. The browser window learns
the page's password fields (name and value, from a script in an isolated world
the page cannot see: ui/web/logins.py) and the recorder masks them in every
request it archives (body, URL) and in the navigation log, before anything
leaves its memory: the WARC (segments and WACZ), the log, the parent.

Two ways, both applied: by **field name** (``name=value`` pairs of a form body
or a query string: the value replaced, the name kept), and by **value** (the
typed password, raw, URL-encoded, form-encoded or JSON-escaped, wherever else it
appears: a JSON body, a multipart body). Values shorter than 4 characters are
masked by name only, since replacing them everywhere would garble the archive.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field, replace
from urllib.parse import quote, quote_plus, unquote_plus, urlsplit, urlunsplit

from capture.web.model import Exchange, Navigation

MASK = "•••• (masqué)"
_MIN_VALUE = 4


@dataclass
class PasswordFields:
    """What is to be masked; filled from the Qt thread, read by the recorder's callers."""

    names: set[str] = field(default_factory=set)
    values: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def learn(self, name: str, value: str) -> None:
        with self._lock:
            if name:
                self.names.add(name)
            if value:
                self.values.add(value)

    def snapshot(self) -> tuple[frozenset[str], frozenset[str]]:
        with self._lock:
            return frozenset(self.names), frozenset(self.values)


def _mask_pairs(text: str, names: frozenset[str], found: set[str]) -> str:
    """``a=1&pw=secret`` → ``a=1&pw=<mask>``: other pairs kept byte for byte."""
    out = []
    for pair in text.split("&"):
        key, eq, _value = pair.partition("=")
        if eq and unquote_plus(key) in names:
            found.add(unquote_plus(key))
            out.append(f"{key}={quote(MASK)}")
        else:
            out.append(pair)
    return "&".join(out)


def _forms(value: str) -> list[str]:
    """How a value may be written in a request: raw, form- and URL-encoded, JSON-escaped."""
    return sorted({value, quote_plus(value), quote(value, safe=""),
                   json.dumps(value, ensure_ascii=False)[1:-1], json.dumps(value)[1:-1]},
                  key=len, reverse=True)


def _mask_values(data: str, values: frozenset[str]) -> tuple[str, bool]:
    hit = False
    for value in sorted(values, key=len, reverse=True):
        if len(value) < _MIN_VALUE:
            continue
        for form in _forms(value):
            if form and form in data:
                data, hit = data.replace(form, MASK), True
    return data, hit


def mask_url(url: str, names: frozenset[str], values: frozenset[str]) -> tuple[str, set[str]]:
    found: set[str] = set()
    if not names and not values:
        return url, found
    parts = urlsplit(url)
    query = _mask_pairs(parts.query, names, found) if parts.query else parts.query
    masked = urlunsplit(parts._replace(query=query))
    masked, hit = _mask_values(masked, values)
    if hit:
        found.add("(valeur)")
    return masked, found


def mask_body(body: bytes, names: frozenset[str],
              values: frozenset[str]) -> tuple[bytes, set[str]]:
    found: set[str] = set()
    if not body or (not names and not values):
        return body, found
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text = body.decode("latin-1")
    masked = _mask_pairs(text, names, found) if "=" in text else text
    masked, hit = _mask_values(masked, values)
    if hit:
        found.add("(valeur)")
    if masked == text:
        return body, found
    return masked.encode("utf-8"), found  # the mask is not Latin-1: a masked body is UTF-8


def mask_exchange(ex: Exchange, names: frozenset[str], values: frozenset[str]) -> Exchange:
    url, found = mask_url(ex.url, names, values)
    body, in_body = mask_body(ex.request_body, names, values)
    found |= in_body
    headers = []
    for key, value in ex.request_headers:  # a Referer or a header a script filled
        masked, in_header = mask_url(value, names, values)
        if key.lower() == "content-length" and body != ex.request_body:
            masked = str(len(body))  # the archived request stays coherent
        headers.append((key, masked))
        found |= in_header
    if not found:
        return ex
    return replace(ex, url=url, request_body=body, request_headers=tuple(headers),
                   masked=tuple(sorted(found)))


def mask_navigation(nav: Navigation, names: frozenset[str], values: frozenset[str]) -> Navigation:
    url, found = mask_url(nav.url, names, values)
    return nav if not found else replace(nav, url=url)
