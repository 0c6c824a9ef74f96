"""Response bodies through the Fetch domain at the response stage (docs/web-capture.md).

Every response of the recorded page (its frames and the workers it spawns) is
paused by Chromium once its headers are in (``Fetch.enable`` with a
``requestStage: Response`` pattern). The recorder then asks
``Fetch.getResponseBody`` — the body as the network stack received it, after
the content coding (gzip, br) is removed and nothing else: the bytes the page
is rendered from, whatever their charset — and only then lets the response go
on (``Fetch.continueResponse``). A paused response is a page waiting on us, so:

- every pause is continued exactly once, whatever happens (an error answer, a
  body that fails, the connection closing): ``Pauses`` holds them, and its
  watchdog continues any held longer than ``PAUSE_LIMIT_S`` (the body then
  comes from the Network domain's copy, said in the record);
- responses whose body has no end or is not whole are let through at once and
  left to the Network domain, as before: media and event streams, ``206``
  ranges, downloads (Chromium's download manager takes them);
- a body announced larger than ``MAX_BODY`` is not read at all (memory stays
  bounded): archived empty with ``WARC-Truncated: length``, ``too_large``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

# Every URL, paused once its response headers are in.
FETCH_PATTERNS = [{"urlPattern": "*", "requestStage": "Response"}]
MAX_BODY = 64 * 1024 * 1024  # bytes of one body read through Fetch
PAUSE_LIMIT_S = 30.0  # a pause older than this is let go (a body still arriving)

_STREAMING_TYPES = ("Media", "EventSource", "WebSocket")
_STREAMING_MIME = ("text/event-stream", "multipart/x-mixed-replace")


def _header(headers: Sequence[Mapping[str, Any]], name: str) -> str:
    low = name.lower()
    return next((str(h.get("value", "")) for h in headers
                 if str(h.get("name", "")).lower() == low), "")


def skip_reason(paused: Mapping[str, Any]) -> str:
    """Why a paused response's body is not read through Fetch ("" when it is).

    ``no_response`` (a network error, or not at the response stage), ``no_body``
    (HEAD, 1xx, 204, 205, 3xx, 304), ``partial`` (206), ``streaming``,
    ``download``, ``too_large``."""
    if paused.get("responseErrorReason") or "responseStatusCode" not in paused:
        return "no_response"
    status = int(paused["responseStatusCode"])
    method = str(paused.get("request", {}).get("method", "GET"))
    if method in ("HEAD", "OPTIONS") or status < 200 or status in (204, 205) \
            or 300 <= status < 400:
        return "no_body"
    if status == 206:
        return "partial"
    headers = paused.get("responseHeaders") or []
    mime = _header(headers, "content-type").split(";")[0].strip().lower()
    if paused.get("resourceType") in _STREAMING_TYPES or mime in _STREAMING_MIME \
            or mime.startswith(("video/", "audio/")):
        return "streaming"
    if _header(headers, "content-disposition").strip().lower().startswith("attachment"):
        return "download"
    length = _header(headers, "content-length").strip()
    if length.isdigit() and int(length) > MAX_BODY:
        return "too_large"
    return ""


class Pauses:
    """The responses Chromium holds for us, each continued once (by the recorder, the
    watchdog, or ``release_all`` at the end)."""

    def __init__(self, resume: Callable[[str, str, bool], None],
                 limit_s: float | None = None) -> None:
        self._resume = resume  # (fetch request id, session, at the response stage)
        self.limit_s = PAUSE_LIMIT_S if limit_s is None else limit_s
        self._lock = threading.Lock()
        self._held: dict[str, tuple[str, float, bool]] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.released_late = 0  # continued by the watchdog: the body was not read in time

    def hold(self, fetch_id: str, session: str, response: bool) -> None:
        with self._lock:
            self._held[fetch_id] = (session, time.monotonic(), response)
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, name="fetch-watchdog",
                                                daemon=True)
                self._thread.start()

    def release(self, fetch_id: str) -> bool:
        """Continue ``fetch_id`` now; False if it was already continued."""
        with self._lock:
            held = self._held.pop(fetch_id, None)
        if held is None:
            return False
        self._resume(fetch_id, held[0], held[2])
        return True

    def held(self, fetch_id: str) -> bool:
        with self._lock:
            return fetch_id in self._held

    def count(self) -> int:
        with self._lock:
            return len(self._held)

    def release_all(self) -> None:
        """Continue everything still held and stop the watchdog (the session ends)."""
        self._stop.set()
        with self._lock:
            ids = list(self._held)
        for fetch_id in ids:
            self.release(fetch_id)

    def _watch(self) -> None:
        while not self._stop.wait(0.5):
            now = time.monotonic()
            with self._lock:
                late = [f for f, (_s, since, _r) in self._held.items()
                        if now - since > self.limit_s]
            for fetch_id in late:
                if self.release(fetch_id):
                    self.released_late += 1
