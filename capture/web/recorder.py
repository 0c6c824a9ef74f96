"""Turns CDP Network events of one page (and the frames and workers it spawns) into a Recording.

Runs on the CDP reader thread: handlers never block, answers are chained
with Future callbacks. Bodies are read through the Fetch domain as Chromium
holds each response (capture/web/bodies.py: the bytes the server sent, content
coding removed; ``fetch``). A response Fetch could not read (a stream, a range,
a read that failed) falls back to ``Network.streamResourceContent`` (``stream``)
and ``getResponseBody`` (``base64`` exact, ``decoded`` not); see
docs/web-capture.md. Certificate chains are asked once per origin.
"""

from __future__ import annotations

import base64
import hashlib
import threading
import time
from concurrent.futures import Future
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from capture.web.bodies import FETCH_PATTERNS, FetchBodies
from capture.web.cdp import CdpConnection
from capture.web.dns import DnsLog
from capture.web.frame_logins import FrameLogins, watch_commands
from capture.web.masking import PasswordFields, mask_exchange, mask_navigation, mask_url
from capture.web.model import Exchange, Failure, Navigation, Recording, TlsDetails
from capture.web.pending import PendingExchange
from capture.web.warc import headers_tuple
from evidence.clock import utc_now_iso

_BUFFERS = {"maxTotalBufferSize": 512 * 1024 * 1024, "maxResourceBufferSize": 128 * 1024 * 1024}


def _iso(wall: float | None) -> str:
    if not wall:
        return utc_now_iso()
    return datetime.fromtimestamp(wall, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class NetworkRecorder:
    def __init__(self, target_id: str) -> None:
        self.target_id = target_id  # also the main frame's id in Chromium
        self.conn: CdpConnection | None = None
        # Re-entrant: a call failing at once runs its callback inside the handler that made it.
        self._lock = threading.RLock()
        self._pending: dict[str, PendingExchange] = {}
        self._done: list[tuple[PendingExchange, str]] = []  # (record, redirect target)
        self._sent_extra: dict[str, list[dict[str, str]]] = {}
        self._received_extra: dict[str, list[dict[str, Any]]] = {}
        self._chains: dict[str, tuple[bytes, ...]] = {}
        self._waiting: list[Future[dict[str, Any]]] = []
        self.navigations: list[Navigation] = []
        self.failures: list[Failure] = []
        self._typed: list[str] = []
        self.passwords = PasswordFields()  # masked in everything recording() gives
        self.frame_logins = FrameLogins(self.passwords)  # password fields inside frames
        self.targets: list[str] = []  # the types of the targets attached (page, iframe...)
        self.dns = DnsLog()  # each visited host resolved by the system, off every other thread
        self.last_activity = time.monotonic()
        # Responses Chromium holds for us and the bodies read from them.
        self.bodies = FetchBodies(self._lock, self._pending, self._unfetched_body)

    # -- set-up, from any thread ------------------------------------------------------
    def attach(self, conn: CdpConnection) -> Future[dict[str, Any]]:
        self.conn = self.bodies.conn = conn
        return conn.call("Target.attachToTarget", {"targetId": self.target_id, "flatten": True})

    def typed(self, url: str) -> None:
        """The next main-frame request for ``url`` was typed by the officer (or given to the CLI)."""
        with self._lock:
            self._typed.append(url)

    def close(self) -> None:
        """Let every response still held go on (before the connection closes)."""
        self.bodies.close()

    def in_flight(self) -> int:
        with self._lock:
            # Answered calls are dropped here: each holds its answer (a whole base64 body).
            self._waiting = [f for f in self._waiting if not f.done()]
            return len(self._pending) + len(self._waiting) + self.dns.pending() \
                + self.bodies.pauses.count() + self.bodies.reading()

    # -- events, on the reader thread ---------------------------------------------------
    def on_event(self, method: str, p: dict[str, Any], session: str) -> None:
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        if handler is not None:
            with self._lock:
                self.last_activity = time.monotonic()
                handler(p, session)

    def _Target_attachedToTarget(self, p: dict[str, Any], session: str) -> None:  # noqa: N802
        child = p["sessionId"]
        kind = str(p.get("targetInfo", {}).get("type", ""))
        self.targets.append(kind)
        assert self.conn is not None
        self.conn.call("Network.enable", _BUFFERS, child)
        self.conn.call("Fetch.enable", {"patterns": FETCH_PATTERNS}, child)
        if kind in ("page", "iframe"):  # documents: their frames' password fields watched
            for method, params in watch_commands():
                self.conn.call(method, params, child)
        self.conn.call("Target.setAutoAttach", {"autoAttach": True, "flatten": True,
                                                "waitForDebuggerOnStart": True}, child)
        self.conn.call("Runtime.runIfWaitingForDebugger", {}, child)

    def _Runtime_bindingCalled(self, p: dict[str, Any], session: str) -> None:  # noqa: N802
        self.frame_logins.reported(p)

    def _Network_requestWillBeSent(self, p: dict[str, Any], session: str) -> None:  # noqa: N802
        rid, req = p["requestId"], p["request"]
        if p.get("redirectResponse") and rid in self._pending:
            old = self._pending.pop(rid)
            old.response = p["redirectResponse"]
            old.took_ms = int((time.monotonic() - old.monotonic) * 1000)
            old.settled = True  # a redirect has no body in CDP
            self._done.append((old, req["url"]))
        post = "".join(e.get("bytes", "") for e in req.get("postDataEntries", []))
        rec = self._pending[rid] = PendingExchange(
            rid, req["url"], req["method"], dict(req.get("headers", {})),
            base64.b64decode(post) if post else b"", _iso(p.get("wallTime")),
            time.monotonic(), p.get("type", ""), p.get("frameId", ""), session)
        self.bodies.join(rid, rec)  # its response may have been held before this event came
        if p.get("type") == "Document" and p.get("frameId") == self.target_id:
            self.dns.ask(urlsplit(req["url"]).hostname or "")
            cause = "redirect" if p.get("redirectResponse") else "link"
            if cause == "link" and req["url"] in self._typed:
                self._typed.remove(req["url"])
                cause = "typed"
            elif cause == "link" and p.get("initiator", {}).get("type") == "script":
                cause = "script"
            self.navigations.append(Navigation(req["url"], cause, _iso(p.get("wallTime"))))

    def _Network_requestWillBeSentExtraInfo(self, p: dict[str, Any], s: str) -> None:  # noqa: N802
        # The headers as actually sent (cookies included); one per hop of a redirect chain.
        self._sent_extra.setdefault(p["requestId"], []).append(dict(p.get("headers", {})))

    def _Network_responseReceivedExtraInfo(self, p: dict[str, Any], s: str) -> None:  # noqa: N802
        # The response headers as received (Set-Cookie included), with the raw header block.
        self._received_extra.setdefault(p["requestId"], []).append(
            {"headers": dict(p.get("headers", {})), "text": str(p.get("headersText", ""))})

    def _Network_responseReceived(self, p: dict[str, Any], session: str) -> None:  # noqa: N802
        rec = self._pending.get(p["requestId"])
        if rec is None:
            return
        rec.response = p["response"]
        assert self.conn is not None
        if not rec.fetched:
            self._stream(rec, p["requestId"], session)
        origin = _origin(rec.response.get("url", rec.url))
        if origin.startswith("https:") and origin not in self._chains:
            self._chains[origin] = ()
            chain = self.conn.call("Network.getCertificate", {"origin": origin}, session)
            chain.add_done_callback(partial(self._chain, origin))
            self._waiting.append(chain)

    def _stream(self, rec: PendingExchange, rid: str, session: str) -> None:
        """The fallback: Blink's bytes as they come, from now on (earlier ones buffered)."""
        assert self.conn is not None
        rec.stream = bytearray()
        streamed = self.conn.call("Network.streamResourceContent", {"requestId": rid}, session)
        streamed.add_done_callback(partial(self._streamed, rec))
        self._waiting.append(streamed)

    # -- Fetch: the response held while its body is read (capture/web/bodies.py) -----------
    def _Fetch_requestPaused(self, p: dict[str, Any], session: str) -> None:  # noqa: N802
        self.bodies.paused(p, session)

    def _streamed(self, rec: PendingExchange, future: Future[dict[str, Any]]) -> None:
        answer = future.result() if not future.exception() else {}
        with self._lock:
            if "result" in answer and rec.stream is not None:
                # Buffered bytes come first, before any dataReceived carrying data.
                rec.stream[0:0] = base64.b64decode(answer["result"].get("bufferedData", ""))
                rec.source = "stream"
            else:
                rec.stream = None

    def _chain(self, origin: str, future: Future[dict[str, Any]]) -> None:
        answer = future.result() if not future.exception() else {}
        names = answer.get("result", {}).get("tableNames", [])
        with self._lock:
            self._chains[origin] = tuple(base64.b64decode(n) for n in names)

    def _Network_dataReceived(self, p: dict[str, Any], session: str) -> None:  # noqa: N802
        rec = self._pending.get(p["requestId"])
        if rec is None:
            return
        rec.data_len += int(p.get("dataLength", 0))
        if rec.stream is not None and p.get("data"):
            rec.stream += base64.b64decode(p["data"])

    def _Network_loadingFinished(self, p: dict[str, Any], session: str) -> None:  # noqa: N802
        rec = self._pending.pop(p["requestId"], None)
        if rec is None:
            return
        self._done.append((rec, ""))
        rec.took_ms = int((time.monotonic() - rec.monotonic) * 1000)
        rec.loaded = True
        if rec.fetched:  # read through Fetch: settled once its body is in (bodies.py)
            rec.settled = not rec.reading
            return
        self._unfetched_body(rec)

    def _unfetched_body(self, rec: PendingExchange) -> None:
        """A body Fetch did not read, once its load finished: the stream or Chromium's copy."""
        if rec.stream_complete():
            rec.body = bytes(rec.stream or b"")
            rec.stream = None  # the body is the copy kept: the buffer goes
            rec.settled = True
            return
        assert self.conn is not None
        body = self.conn.call("Network.getResponseBody", {"requestId": rec.rid}, rec.session)
        body.add_done_callback(partial(self._body, rec))
        self._waiting.append(body)

    def _body(self, rec: PendingExchange, future: Future[dict[str, Any]]) -> None:
        """The load ended before streaming was on: Chromium's copy, checked against the stream."""
        answer = future.result() if not future.exception() else {}
        with self._lock:
            rec.settled = True
            result = answer.get("result")
            # A stream switched on after the last chunk holds less than was received.
            streamed = bytes(rec.stream or b"") if rec.stream_complete() else b""
            if result is None:
                rec.body, rec.source = (streamed, "stream") if streamed else (None, "none")
                if not streamed and rec.data_len:
                    rec.body, rec.source = b"", "missing"  # received, but no copy is left
                return
            raw = str(result.get("body", ""))
            if result.get("base64Encoded"):
                rec.body, rec.source = base64.b64decode(raw), "base64"  # exact bytes too
                if not rec.body and rec.data_len:
                    # Chromium keeps no copy of what it could not use (an image that does not
                    # decode): received, yet lost; said, never archived as an empty body.
                    rec.source = "missing"
            elif streamed and streamed.decode("utf-8", "replace") == raw:
                rec.body, rec.source = streamed, "stream"
            else:
                rec.body, rec.source = raw.encode(), "decoded"

    def _Network_loadingFailed(self, p: dict[str, Any], session: str) -> None:  # noqa: N802
        rec = self._pending.pop(p["requestId"], None)
        if rec is None:
            return
        error = str(p.get("errorText", ""))
        self.failures.append(Failure(rec.url, p.get("type", ""), error, utc_now_iso(),
                                     certificate_error=error.startswith("net::ERR_CERT")))
        if rec.frame == self.target_id and rec.rtype == "Document":
            self.navigations.append(Navigation(rec.url, "failed", utc_now_iso(), error=error))

    # -- the live log -------------------------------------------------------------------
    def live_navigations(self) -> list[Navigation]:
        """The main-frame steps so far, each with its status, server IP and certificate once
        its response is in (the side panel; the stored log comes from ``recording``)."""
        with self._lock:
            navs = list(self.navigations)
            answered = [rec for rec, _ in self._done if rec.response]
            answered += [rec for rec in self._pending.values() if rec.response]
            chains = dict(self._chains)
        out = []
        for nav in navs:
            rec = None if nav.error else next(
                (r for r in answered if r.url == nav.url and r.rtype == "Document"
                 and r.frame == self.target_id), None)
            if rec is None:
                out.append(nav)
                continue
            chain = chains.get(_origin(rec.response.get("url", rec.url)), ())
            out.append(Navigation(nav.url, nav.cause, nav.time, int(rec.response.get("status", 0)),
                                  str(rec.response.get("remoteIPAddress", "")),
                                  hashlib.sha256(chain[0]).hexdigest() if chain else ""))
        names, values = self.passwords.snapshot()
        return [mask_navigation(n, names, values) for n in out]

    # -- the result ---------------------------------------------------------------------
    def recording(self, channel: tuple[tuple[str, str], ...] = (), *,
                  settled_only: bool = False) -> Recording:
        """``settled_only``: only the exchanges whose body is final (the window's segments)."""
        with self._lock:
            done = [d for d in self._done if d[0].settled or not settled_only]
            extra = {k: list(v) for k, v in self._sent_extra.items()}
            received = {k: list(v) for k, v in self._received_extra.items()}
        exchanges = []
        for rec, to in done:
            hops = extra.get(rec.rid, [])
            sent = hops.pop(0) if hops else rec.headers  # the hops come in order
            answers = received.get(rec.rid, [])
            got = answers.pop(0) if answers else {}
            if rec.response:
                exchanges.append(self._exchange(rec, to, sent, got))
        navs = [self._complete(n, exchanges) for n in self.navigations]
        failures = list(self.failures)
        names, values = self.passwords.snapshot()
        if names or values:
            exchanges = [mask_exchange(e, names, values) for e in exchanges]
            navs = [mask_navigation(n, names, values) for n in navs]
            failures = [replace(f, url=mask_url(f.url, names, values)[0]) for f in failures]
        with self._lock:  # how the held responses went (the navigation log's ``channel``)
            held = (("fetch_released_late", str(self.bodies.pauses.released_late)),
                    ("fetch_continue_errors", "; ".join(self.bodies.errors[:20])),
                    ("targets", ",".join(self.targets)))
        return Recording(tuple(exchanges), tuple(navs), tuple(failures), channel + held,
                         self.dns.lookups())

    def _exchange(self, rec: PendingExchange, to: str, sent: dict[str, str],
                  got: dict[str, Any]) -> Exchange:
        r = rec.response
        sec = r.get("securityDetails")
        tls = None
        if sec:
            tls = TlsDetails(sec.get("protocol", ""), sec.get("cipher", ""),
                             sec.get("keyExchangeGroup") or sec.get("keyExchange", ""),
                             sec.get("subjectName", ""), sec.get("issuer", ""),
                             int(sec.get("validFrom", 0)), int(sec.get("validTo", 0)),
                             self._chains.get(_origin(r.get("url", rec.url)), ()))
        return Exchange(
            request_id=f"{rec.rid}@{rec.url}" if to else rec.rid, url=rec.url,
            method=rec.method,
            request_headers=headers_tuple(sent),
            status=int(r.get("status", 0)), status_text=str(r.get("statusText", "")),
            response_headers=headers_tuple(got.get("headers") or r.get("headers", {})),
            protocol=str(r.get("protocol", "")), server_ip=str(r.get("remoteIPAddress", "")),
            server_port=int(r.get("remotePort", 0)), started=rec.started,
            resource_type=rec.rtype, frame_id=rec.frame, body=rec.body or b"",
            body_source=rec.source if rec.body is not None else "none",
            request_body=rec.post, headers_text=str(got.get("text", "")),
            timing_ms=rec.took_ms, tls=tls, redirect_to=to)

    def _complete(self, nav: Navigation, exchanges: list[Exchange]) -> Navigation:
        if nav.error:
            return nav
        ex = next((e for e in exchanges if e.url == nav.url and e.is_main_document
                   and e.frame_id == self.target_id), None)
        if ex is None:
            return nav
        return Navigation(nav.url, nav.cause, nav.time, ex.status, ex.server_ip,
                          ex.tls.leaf_sha256 if ex.tls else "")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
