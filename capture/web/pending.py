"""One response the recorder follows, from its Fetch pause until it is archived."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from capture.web.model import Headers


@dataclass
class PendingExchange:
    rid: str  # Fetch's ``networkId``: one per request, shared by its redirect hops
    url: str
    method: str
    headers: Headers  # the request's headers as the page set them (the NetLog's are preferred)
    post: bytes
    paused: str  # UTC ISO: when Chromium held the response (its headers were in)
    rtype: str  # Document, Image, Fetch...
    frame: str
    session: str  # the CDP session (page, cross-site frame, worker) it belongs to
    status: int
    status_text: str
    response_headers: Headers
    redirect_to: str = ""
    body: bytes | None = None
    # fetch: the exact bytes; decoded: text Chromium handed over decoded, re-encoded;
    # missing: the read failed; unfinished: still coming when the session ended; too_large, streaming, download: not read (bodies.py);
    # none: no body (a redirect, 204, HEAD)
    source: str = "none"
    reading: bool = False  # its Fetch body read is still on its way to us
    settled: bool = False  # its body is final (or it has none): it may be archived
    held_at: float = field(default_factory=time.monotonic)
