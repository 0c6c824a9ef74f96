"""Turns what Chromium holds and logs for one page (its frames and the workers it spawns)
into a Recording.

Two sources, joined (docs/web-capture.md):
- the **Fetch domain**: each response is held once its headers are in; the
  request, the status, the response headers and the exact body are read there
  (capture/web/bodies.py);
- **Chromium's NetLog** (capture/web/netlog.py): for each request, the header
  lines as they went on the wire, the address connected to, the TLS handshake and
  the certificate chain the server sent, the timing, and the requests that failed.

A held response is joined to its NetLog hop by method and URL, in order. The
DevTools Network domain is not switched on: it would carry every event of every
request through Chromium's UI thread, and keep a copy of every body in the
renderer; the NetLog is written off that thread (costs in docs/web-capture.md).

Runs on the CDP reader thread: handlers never block.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import defaultdict, deque
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from capture.web.bodies import FETCH_PATTERNS, FetchBodies
from capture.web.cdp import CdpConnection
from capture.web.dns import DnsLog
from capture.web.frame_logins import FrameLogins, watch_commands
from capture.web.masking import PasswordFields, mask_exchange, mask_navigation, mask_url
from capture.web.model import Exchange, Failure, Navigation, Recording
from capture.web.netlog import Hop, NetLogReader, header_lines
from capture.web.pending import PendingExchange
from capture.web.tls_names import tls_details

_DOCUMENT_REQUESTS = ("main frame", "subframe")  # the NetLog's request types of documents


def _iso(wall_ms: int) -> str:
    return datetime.fromtimestamp(wall_ms / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class NetworkRecorder:
    def __init__(self, target_id: str, netlog: NetLogReader | None = None) -> None:
        self.target_id = target_id  # also the main frame's id in Chromium
        self.netlog = netlog
        self.conn: CdpConnection | None = None
        # Re-entrant: a call failing at once runs its callback inside the handler that made it.
        self._lock = threading.RLock()
        self._records: list[PendingExchange] = []  # in the order Chromium held them
        self.navigations: list[Navigation] = []
        self._typed: list[str] = []
        self._requested: dict[str, str] = {}  # main-frame URL -> why the page asked for it
        self.passwords = PasswordFields()  # masked in everything recording() gives
        self.frame_logins = FrameLogins(self.passwords)  # password fields inside frames
        self.targets: list[str] = []  # the types of the targets attached (page, iframe...)
        self.dns = DnsLog()  # each visited host resolved by the system, off every other thread
        self.last_activity = time.monotonic()
        self.bodies = FetchBodies(self._lock, self._recorded)
        self.ignored: set[str] = set()  # origins of our own requests, not the page's (session.py)

    # -- set-up, from any thread ------------------------------------------------------
    def attach(self, conn: CdpConnection) -> Any:
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
        """Responses held, bodies coming, lookups: what the recorder itself waits for."""
        with self._lock:
            return self.dns.pending() + self.bodies.pauses.count() + self.bodies.reading()

    def requests_open(self) -> int:
        """Requests the NetLog shows started and not ended (a response whose headers are
        still to come: Fetch knows nothing of it yet). Exact only once the NetLog is
        written out (ui/web/session.py's ``settle_netlog``)."""
        if self.netlog is None:
            return 0
        self.netlog.poll()
        return self.netlog.open_hops(self.ignored)

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
        self.conn.call("Fetch.enable", {"patterns": FETCH_PATTERNS}, child)
        if kind in ("page", "iframe"):  # documents: their frames' password fields watched
            for method, params in watch_commands():
                self.conn.call(method, params, child)
        self.conn.call("Target.setAutoAttach", {"autoAttach": True, "flatten": True,
                                                "waitForDebuggerOnStart": True}, child)
        self.conn.call("Runtime.runIfWaitingForDebugger", {}, child)

    def _Runtime_bindingCalled(self, p: dict[str, Any], session: str) -> None:  # noqa: N802
        self.frame_logins.reported(p)

    def _Page_frameRequestedNavigation(self, p: dict[str, Any], s: str) -> None:  # noqa: N802
        if p.get("frameId") == self.target_id:
            self._requested[str(p.get("url", ""))] = str(p.get("reason", ""))

    def _Fetch_requestPaused(self, p: dict[str, Any], session: str) -> None:  # noqa: N802
        self.bodies.paused(p, session)

    def _recorded(self, rec: PendingExchange) -> None:
        """A response held (bodies.py): kept; a main-frame document is a navigation step."""
        main = rec.rtype == "Document" and rec.frame == self.target_id
        previous = next((r for r in reversed(self._records)
                         if r.rtype == "Document" and r.frame == self.target_id), None)
        self._records.append(rec)
        if not main:
            return
        self.dns.ask(urlsplit(rec.url).hostname or "")
        if previous is not None and previous.redirect_to == rec.url:
            cause = "redirect"
        elif rec.url in self._typed:
            self._typed.remove(rec.url)
            cause = "typed"
        elif self._requested.pop(rec.url, "") == "scriptInitiated":
            cause = "script"
        else:
            cause = "link"
        self.navigations.append(Navigation(rec.url, cause, rec.paused))

    # -- the join -----------------------------------------------------------------------
    def _joined(self) -> tuple[list[tuple[PendingExchange, Hop | None]], list[Hop]]:
        """Each held response with its NetLog hop (method and URL, in order), and the hops
        that failed."""
        with self._lock:
            records = list(self._records)
        hops = [h for h in (self.netlog.hops() if self.netlog is not None else [])
                if not h.url.startswith(tuple(self.ignored))]
        answered: dict[tuple[str, str], deque[Hop]] = defaultdict(deque)
        for hop in hops:
            if hop.received:
                answered[(hop.method, hop.url)].append(hop)
        pairs = []
        for rec in records:
            queue = answered.get((rec.method, rec.url))
            pairs.append((rec, queue.popleft() if queue else None))
        failed = [h for h in hops if h.net_error and not h.received and h.ended_ms]
        return pairs, failed

    # -- the live log -------------------------------------------------------------------
    def live_navigations(self) -> list[Navigation]:
        """The main-frame steps so far, each with its status, server IP and certificate once
        the NetLog has them (the side panel; the stored log comes from ``recording``)."""
        pairs, failed = self._joined()
        with self._lock:
            navs = list(self.navigations)
        out = self._navigations(navs, pairs, failed)
        names, values = self.passwords.snapshot()
        return [mask_navigation(n, names, values) for n in out]

    def _navigations(self, navs: list[Navigation],
                     pairs: list[tuple[PendingExchange, Hop | None]],
                     failed: list[Hop]) -> list[Navigation]:
        main = [(r, h) for r, h in pairs if r.rtype == "Document" and r.frame == self.target_id]
        out = []
        for nav in navs:
            rec, hop = next(((r, h) for r, h in main if r.url == nav.url), (None, None))
            if rec is not None:
                main.remove((rec, hop))
            out.append(self._complete(nav, rec, hop))
        for hop in failed:
            if hop.request_type == "main frame":
                out.append(Navigation(hop.url, "failed", _iso(hop.started_ms),
                                      error=self._error(hop)))
        return sorted(out, key=lambda n: n.time)

    def _complete(self, nav: Navigation, rec: PendingExchange | None,
                  hop: Hop | None) -> Navigation:
        if rec is None:
            return nav
        conn = hop.connection if hop is not None else None
        tls = tls_details(conn) if conn is not None else None
        return Navigation(nav.url, nav.cause, _iso(hop.started_ms) if hop else nav.time,
                          rec.status, conn.ip if conn else "",
                          hashlib.sha256(tls.chain_der[0]).hexdigest()
                          if tls and tls.chain_der else "",
                          error=self._cut_by(hop) if rec.source in _READ else "")

    def _error(self, hop: Hop) -> str:
        return self.netlog.error_name(hop.net_error) if self.netlog else str(hop.net_error)

    # -- the result ---------------------------------------------------------------------
    def failures(self) -> list[Failure]:
        """The requests that got no response, as the NetLog has them so far."""
        return [self._failure(h) for h in self._joined()[1]]

    def _failure(self, hop: Hop) -> Failure:
        kind = "Document" if hop.request_type in _DOCUMENT_REQUESTS else "Other"
        return Failure(hop.url, kind, self._error(hop), _iso(hop.ended_ms),
                       certificate_error=-299 <= hop.net_error <= -200)

    def _cut_by(self, hop: Hop | None) -> str:
        """The error that ended a request after its response began ("" for none)."""
        return self._error(hop) if hop is not None and hop.net_error and hop.received else ""

    def _joined_or_late(self, rec: PendingExchange, hop: Hop | None) -> bool:
        """A settled response goes into a segment with its NetLog facts, its end among them
        (a transfer cut short is said so), or without them once they are 5 s late (never
        held back for ever)."""
        return (hop is not None and bool(hop.ended_ms)) or self.netlog is None \
            or time.monotonic() - rec.held_at > 5

    def joined_all(self) -> bool:
        """Every held response has its NetLog hop, ended (Chromium writes the NetLog in
        batches: the last events of a page come a little after it)."""
        if self.netlog is None:
            return True
        pairs, _ = self._joined()
        return all(h is not None and h.ended_ms for _, h in pairs)

    def recording(self, channel: tuple[tuple[str, str], ...] = (), *,
                  settled_only: bool = False) -> Recording:
        """``settled_only``: only the exchanges whose body is final and whose NetLog facts are
        in (the window's segments)."""
        pairs, failed = self._joined()
        with self._lock:
            navs = list(self.navigations)
            settled = {id(r): r.settled for r, _ in pairs}
        exchanges = [_exchange(rec, hop, self._cut_by(hop)) for rec, hop in pairs
                     if not settled_only or (settled[id(rec)] and self._joined_or_late(rec, hop))]
        navs = self._navigations(navs, pairs, failed)
        failures = [self._failure(h) for h in failed]
        names, values = self.passwords.snapshot()
        if names or values:
            exchanges = [mask_exchange(e, names, values) for e in exchanges]
            navs = [mask_navigation(n, names, values) for n in navs]
            failures = [replace(f, url=mask_url(f.url, names, values)[0]) for f in failures]
        joined = sum(1 for _, hop in pairs if hop is not None)
        with self._lock:  # how the held responses went (the navigation log's ``channel``)
            held = (("fetch_released_late", str(self.bodies.pauses.released_late)),
                    ("fetch_continue_errors", "; ".join(self.bodies.errors[:20])),
                    ("targets", ",".join(self.targets)),
                    ("netlog_joined", f"{joined}/{len(pairs)}"))
        return Recording(tuple(exchanges), tuple(navs), tuple(failures), channel + held,
                         self.dns.lookups())


# Body sources of a body read whole through Fetch: cut short if its request then failed.
# (A download, a stream or a body not read keeps its own source; the error is still named.)
_READ = ("fetch", "decoded")


def _exchange(rec: PendingExchange, hop: Hop | None, cut_by: str = "") -> Exchange:
    """``cut_by``: the request failed after its headers; a body read through Fetch is then
    the bytes received until the failure (Chromium answers the read with them)."""
    conn = hop.connection if hop is not None else None
    source = "cut" if cut_by and rec.source in _READ else rec.source
    sent = tuple(header_lines(hop.sent)) if hop is not None and hop.sent else rec.headers
    protocol = conn.alpn if conn is not None and conn.alpn else ""
    if not protocol and hop is not None and hop.received:
        protocol = hop.received[0].split(" ", 1)[0].lower()  # "HTTP/1.1 200 OK"
    return Exchange(
        request_id=f"{rec.rid}@{rec.url}" if rec.redirect_to else rec.rid, url=rec.url,
        method=rec.method, request_headers=sent, status=rec.status,
        status_text=rec.status_text or _status_text(hop),
        response_headers=rec.response_headers, protocol=protocol,
        server_ip=conn.ip if conn else "", server_port=conn.port if conn else 0,
        started=_iso(hop.started_ms) if hop else rec.paused, resource_type=rec.rtype,
        frame_id=rec.frame, body=rec.body or b"", body_source=source, net_error=cut_by,
        request_body=rec.post, headers_text="\r\n".join(hop.received) if hop else "",
        timing_ms=max(0, hop.ended_ms - hop.started_ms) if hop and hop.ended_ms else 0,
        tls=tls_details(conn) if conn is not None else None, redirect_to=rec.redirect_to)


def _status_text(hop: Hop | None) -> str:
    if hop is None or not hop.received:
        return ""
    parts = hop.received[0].split(" ", 2)
    return parts[2] if len(parts) == 3 else ""
