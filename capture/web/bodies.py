"""Response bodies through the Fetch domain at the response stage (docs/web-capture.md).

Every response of the recorded page (its frames and the workers it spawns) is
paused by Chromium once its headers are in (``Fetch.enable`` with a
``requestStage: Response`` pattern): the pause is where the recorder learns of
the response (request, status, headers). ``FetchBodies`` then sends, back to
back, ``Fetch.getResponseBody`` and ``Fetch.continueResponse``: Chromium reads
the body whole into one buffer, answers the read with it (base64, the bytes
the server sent after the content coding — gzip, br — is removed, whatever
their charset) and hands the page that very buffer (content/browser/devtools/
devtools_url_loader_interceptor.cc: a continue while a read is pending waits
for the body, then sends it). So the page waits on the recorder for one
message only (the pause, and our answer to it), never for the body's trip to
Python and back: the body is decoded beside the page, not in its way.

- every pause is continued exactly once, whatever happens (an error answer, an
  exception, the connection closing): ``Pauses`` holds them, and its watchdog
  continues any still held after ``PAUSE_LIMIT_S``;
- responses whose body has no end are let through unread and said so:
  event streams, WebSockets, media of unknown length (``streaming``);
  downloads (``download``: Chromium's download manager takes them and they are
  kept as evidence of their own, ui/web/downloads.py);
- a body announced larger than ``MAX_BODY`` is not read at all (memory stays
  bounded): archived empty with ``WARC-Truncated: length``, ``too_large``;
- a read that fails is archived empty and said (``missing``).
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
from urllib.parse import urljoin

import pybase64

from capture.web.cdp import CdpConnection, raw_base64
from capture.web.model import Headers
from capture.web.pending import PendingExchange
from evidence.clock import utc_now_iso

# Every URL, paused once its response headers are in.
FETCH_PATTERNS = [{"urlPattern": "*", "requestStage": "Response"}]
MAX_BODY = 64 * 1024 * 1024  # bytes of one body read through Fetch
PAUSE_LIMIT_S = 30.0  # a pause older than this is let go (our answer never went)

_STREAMING_MIME = ("text/event-stream", "multipart/x-mixed-replace")


def _header(headers: Sequence[Mapping[str, Any]], name: str) -> str:
    low = name.lower()
    return next((str(h.get("value", "")) for h in headers
                 if str(h.get("name", "")).lower() == low), "")


def skip_reason(paused: Mapping[str, Any]) -> str:
    """Why a paused response's body is not read through Fetch ("" when it is).

    ``no_response`` (a network error, or not at the response stage), ``no_body``
    (HEAD, 1xx, 204, 205, 3xx, 304), ``streaming``, ``download``, ``too_large``."""
    if paused.get("responseErrorReason") or "responseStatusCode" not in paused:
        return "no_response"
    status = int(paused["responseStatusCode"])
    method = str(paused.get("request", {}).get("method", "GET"))
    if method in ("HEAD", "OPTIONS") or status < 200 or status in (204, 205) \
            or 300 <= status < 400:
        return "no_body"
    headers = paused.get("responseHeaders") or []
    mime = _header(headers, "content-type").split(";")[0].strip().lower()
    length = _header(headers, "content-length").strip()
    if paused.get("resourceType") in ("EventSource", "WebSocket") or mime in _STREAMING_MIME:
        return "streaming"
    if (paused.get("resourceType") == "Media" or mime.startswith(("video/", "audio/"))) \
            and not length.isdigit():
        return "streaming"  # media of unknown length: it may never end
    if _header(headers, "content-disposition").strip().lower().startswith("attachment"):
        return "download"
    if length.isdigit() and int(length) > MAX_BODY:
        return "too_large"
    return ""  # a 206 range too: its bytes are what the server sent


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


def _answered_body(answer: dict[str, Any]) -> tuple[bytes | None, bool]:
    """The bytes of a ``Fetch.getResponseBody`` answer (raw from cdp.py, or parsed), and
    whether Chromium handed them over as text (decoded) rather than as bytes; ``None`` for
    an error."""
    raw = answer.get("raw")
    if raw is not None:
        body = raw_base64(raw)
        if body is not None:
            return body, False
        answer = json.loads(raw)
    result = answer.get("result")
    if result is None:
        return None, False
    if not result.get("base64Encoded"):
        return str(result.get("body", "")).encode(), True
    return pybase64.b64decode(str(result.get("body", ""))), False


def _headers(entries: Sequence[Mapping[str, Any]]) -> Headers:
    return tuple((str(h.get("name", "")), str(h.get("value", ""))) for h in entries)


def pending_from(p: Mapping[str, Any], session: str) -> PendingExchange:
    """The record of a response held at the response stage."""
    req = p.get("request", {})
    post = "".join(e.get("bytes", "") for e in req.get("postDataEntries", []))
    status = int(p.get("responseStatusCode", 0))
    headers = _headers(p.get("responseHeaders") or [])
    location = _header(p.get("responseHeaders") or [], "location")
    url = str(req.get("url", ""))
    return PendingExchange(
        str(p.get("networkId", "") or p.get("requestId", "")), url,
        str(req.get("method", "GET")),
        tuple((str(k), str(v)) for k, v in dict(req.get("headers", {})).items()),
        base64.b64decode(post) if post else b"", utc_now_iso(),
        str(p.get("resourceType", "")), str(p.get("frameId", "")), session, status,
        str(p.get("responseStatusText", "")), headers,
        urljoin(url, location) if 300 <= status < 400 and location else "")


class FetchBodies:
    """The Fetch domain's side of the recorder: each held response recorded, its body read,
    and continued at once, right behind the read.

    Runs on the CDP reader thread, under the recorder's lock (``lock``, re-entrant: a call
    failing at once runs its callback inside the handler that made it)."""

    def __init__(self, lock: threading.RLock,
                 recorded: Callable[[PendingExchange], None]) -> None:
        self.conn: CdpConnection | None = None
        self._lock = lock
        self._recorded = recorded  # a response held: the recorder keeps its record
        self.pauses = Pauses(self._resume)
        self._reading: dict[str, PendingExchange] = {}  # Fetch request id -> body coming
        self.errors: list[str] = []  # continue calls Chromium refused (in the log)

    def reading(self) -> int:
        return len(self._reading)

    def close(self) -> None:
        """Let every response still held go on; bodies still coming are not waited for."""
        self.pauses.release_all()
        with self._lock:
            for rec in self._reading.values():
                rec.reading, rec.source, rec.body, rec.settled = False, "unfinished", b"", True
            self._reading.clear()

    def paused(self, p: dict[str, Any], session: str) -> None:
        """``Fetch.requestPaused``: record the response, read its body (or not), continue
        it at once."""
        fetch_id = str(p["requestId"])
        at_response = "responseStatusCode" in p and not p.get("responseErrorReason")
        self.pauses.hold(fetch_id, session, at_response)
        try:
            if at_response:
                self._read(p, fetch_id, session)
        finally:
            # Behind the read on the same connection: Chromium gives the page the body it
            # reads for us (or the response as is, when nothing is read).
            self.pauses.release(fetch_id)

    def _read(self, p: dict[str, Any], fetch_id: str, session: str) -> None:
        rec = pending_from(p, session)
        self._recorded(rec)
        reason = skip_reason(p)
        if reason:
            rec.source = "none" if reason == "no_body" else reason
            rec.body, rec.settled = b"", True
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
        body, decoded = _answered_body(future.result() if not future.exception() else {})
        with self._lock:
            rec = self._reading.pop(fetch_id, None)
            if rec is None:
                return  # the session ended first
            rec.reading, rec.settled = False, True
            if body is None:  # the read failed (the request was cancelled meanwhile)
                rec.body, rec.source = b"", "missing"
            elif len(body) > MAX_BODY:  # no length announced, larger than we keep
                rec.body, rec.source = b"", "too_large"
            else:
                rec.body, rec.source = body, "decoded" if decoded else "fetch"

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
