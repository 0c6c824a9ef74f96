"""Response bodies through the Fetch domain at the response stage (docs/web-capture.md).

Every response of the recorded page (its frames and the workers it spawns) is
paused by Chromium once its headers are in (``Fetch.enable`` with a
``requestStage: Response`` pattern). ``FetchBodies`` then sends, back to back,
``Fetch.getResponseBody`` and ``Fetch.continueResponse``: Chromium reads the
body whole into one buffer, answers the read with it (base64, the bytes the
server sent after the content coding — gzip, br — is removed, whatever their
charset) and hands the page that very buffer (content/browser/devtools/
devtools_url_loader_interceptor.cc: a continue while a read is pending waits
for the body, then sends it). So the page waits on the recorder for one
message only (the pause, and our answer to it), never for the body's trip to
Python and back: the body is decoded beside the page, not in its way.

- every pause is continued exactly once, whatever happens (an error answer, an
  exception, the connection closing): ``Pauses`` holds them, and its watchdog
  continues any still held after ``PAUSE_LIMIT_S``;
- responses whose body has no end or is not whole are let through at once and
  left to the Network domain: media and event streams, ``206`` ranges,
  downloads (Chromium's download manager takes them);
- a body announced larger than ``MAX_BODY`` is not read at all (memory stays
  bounded): archived empty with ``WARC-Truncated: length``, ``too_large``;
- a read that fails (no body, or text handed over decoded) leaves the record to
  the Network domain's copy, said in its record.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future
from functools import partial
from typing import Any

from capture.web.cdp import CdpConnection, raw_base64
from capture.web.pending import PendingExchange
from evidence.clock import utc_now_iso

# Every URL, paused once its response headers are in.
FETCH_PATTERNS = [{"urlPattern": "*", "requestStage": "Response"}]
MAX_BODY = 64 * 1024 * 1024  # bytes of one body read through Fetch
PAUSE_LIMIT_S = 30.0  # a pause older than this is let go (our answer never went)

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


def _answered_body(answer: dict[str, Any]) -> bytes | None:
    """The bytes of a ``Fetch.getResponseBody`` answer (raw from cdp.py, or parsed); ``None``
    for an error or a body handed over as text."""
    raw = answer.get("raw")
    if raw is not None:
        body = raw_base64(raw)
        if body is not None:
            return body
        answer = json.loads(raw)
    result = answer.get("result")
    if result is None or not result.get("base64Encoded"):
        return None
    return base64.b64decode(str(result.get("body", "")))


class FetchBodies:
    """The Fetch domain's side of the recorder: each held response continued at once, right
    behind the read of its body; the body joined to its request's record when it comes.

    Runs on the CDP reader thread, under the recorder's lock (``lock``, re-entrant: a call
    failing at once runs its callback inside the handler that made it)."""

    def __init__(self, lock: threading.RLock, pending: dict[str, PendingExchange],
                 unread: Callable[[PendingExchange], None]) -> None:
        self.conn: CdpConnection | None = None
        self._lock = lock
        self._pending = pending  # the recorder's requests in flight, by Network request id
        self._unread = unread  # a read failed after the load finished: the Network's copy
        self.pauses = Pauses(self._resume)
        self._reading: dict[str, PendingExchange] = {}  # Fetch request id -> body coming
        # Held before its requestWillBeSent came (the renderer's event and the browser's
        # pause travel apart): the body is read all the same, joined to the request later.
        self._early: dict[str, PendingExchange] = {}
        self.errors: list[str] = []  # continue calls Chromium refused (in the log)

    def reading(self) -> int:
        return len(self._reading)

    def close(self) -> None:
        """Let every response still held go on; bodies still coming are not waited for."""
        self.pauses.release_all()
        with self._lock:
            self._early.clear()
            for rec in self._reading.values():
                rec.reading = False
            self._reading.clear()

    def join(self, rid: str, rec: PendingExchange) -> None:
        """``requestWillBeSent`` came for ``rid``: take over what its early pause decided."""
        early = self._early.pop(rid, None)
        if early is None:
            return
        rec.fetched, rec.body, rec.source = early.fetched, early.body, early.source
        rec.reading = early.reading
        for fetch_id, reading in list(self._reading.items()):
            if reading is early:
                self._reading[fetch_id] = rec

    def paused(self, p: dict[str, Any], session: str) -> None:
        """``Fetch.requestPaused``: read the body (or not), continue the response at once."""
        fetch_id = str(p["requestId"])
        at_response = "responseStatusCode" in p and not p.get("responseErrorReason")
        self.pauses.hold(fetch_id, session, at_response)
        try:
            self._read(p, fetch_id, session)
        finally:
            # Behind the read on the same connection: Chromium gives the page the body it
            # reads for us (or the response as is, when nothing is read).
            self.pauses.release(fetch_id)

    def _read(self, p: dict[str, Any], fetch_id: str, session: str) -> None:
        reason = skip_reason(p)
        if reason not in ("", "too_large"):
            return  # the Network domain's copy, said in the record
        rid = str(p.get("networkId", ""))
        rec = self._pending.get(rid)
        req = p.get("request", {})
        if rec is not None and rec.url != req.get("url", rec.url):
            rec = None  # the next hop of a redirect whose event has not come yet
        if rec is None and rid:
            rec = self._early[rid] = PendingExchange(
                rid, str(req.get("url", "")), str(req.get("method", "GET")), {}, b"",
                utc_now_iso(), time.monotonic(), str(p.get("resourceType", "")),
                str(p.get("frameId", "")), session)
        if rec is None:
            return
        rec.fetched = True
        if reason == "too_large":  # announced too large: not read, said so
            rec.body, rec.source = b"", "too_large"
            return
        assert self.conn is not None
        rec.reading = True
        self._reading[fetch_id] = rec
        body = self.conn.call("Fetch.getResponseBody", {"requestId": fetch_id}, session,
                              raw=True)
        # Not kept as an answer in flight: the answer (a whole base64 body) is dropped once
        # read; the read counts as in flight (``reading``) until then.
        body.add_done_callback(partial(self._body, fetch_id))

    def _body(self, fetch_id: str, future: Future[dict[str, Any]]) -> None:
        body = _answered_body(future.result() if not future.exception() else {})
        with self._lock:
            rec = self._reading.pop(fetch_id, None)  # the request's record, joined meanwhile
            if rec is None:
                return  # the session ended first
            rec.reading = False
            if body is None:
                # No body, or text handed over decoded (not the bytes): the Network's copy.
                rec.fetched = False
                if rec.loaded:
                    self._unread(rec)
                return
            if len(body) > MAX_BODY:  # no length announced, larger than we keep
                rec.body, rec.source = b"", "too_large"
            else:
                rec.body, rec.source = body, "fetch"
            rec.settled = rec.loaded

    def _resume(self, fetch_id: str, session: str, at_response: bool) -> None:
        if self.conn is None:
            return
        method = "Fetch.continueResponse" if at_response else "Fetch.continueRequest"
        done = self.conn.call(method, {"requestId": fetch_id}, session)
        done.add_done_callback(partial(self._resumed, fetch_id, session, method))

    def _resumed(self, fetch_id: str, session: str, method: str,
                 future: Future[dict[str, Any]]) -> None:
        if future.exception() is not None or self.conn is None:
            return  # the connection closed: Chromium lets every held response go on detach
        answer = future.result()
        if "error" not in answer:
            return
        if method == "Fetch.continueResponse":  # e.g. the request was cancelled meanwhile
            self.conn.call("Fetch.continueRequest", {"requestId": fetch_id}, session)
        with self._lock:
            self.errors.append(f"{method}: {answer['error']}")
