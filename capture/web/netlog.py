"""Chromium's own NetLog, read while Chromium writes it: each request's connection facts.

The recording browser's process starts Chromium with ``--log-net-log=FILE``
(ui/web/session.py): the network service then writes, off the UI thread, every
request's hops (URL, method, the header blocks as sent and received), the
socket each hop used (the address connected to, the TLS handshake's version,
cipher suite, key exchange group, ALPN) and the certificate chain the server
sent. The recorder joins them to the responses it read through the Fetch
domain (capture/web/recorder.py); see docs/web-capture.md for why the
DevTools Network domain is not used for this.

The file is JSON completed only at exit: its first line holds ``constants``
(the event and source type numbers, which change between Chromium versions,
so they are always read from the file), then one event per line. Lines are
read as they are appended; an event whose type is of no use here is dropped
before it is parsed.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The events read; everything else in the file is skipped unparsed.
_EVENTS = (
    "URL_REQUEST_START_JOB", "REQUEST_ALIVE", "HTTP_STREAM_REQUEST_BOUND_TO_JOB",
    "HTTP_TRANSACTION_SEND_REQUEST_HEADERS", "HTTP_TRANSACTION_HTTP2_SEND_REQUEST_HEADERS",
    "HTTP_TRANSACTION_QUIC_SEND_REQUEST_HEADERS", "HTTP_TRANSACTION_READ_RESPONSE_HEADERS",
    "SOCKET_POOL_BOUND_TO_SOCKET", "HTTP2_SESSION_POOL_FOUND_EXISTING_SESSION",
    "HTTP2_SESSION_POOL_IMPORTED_SESSION_FROM_SOCKET", "HTTP2_SESSION_INITIALIZED",
    "TCP_CONNECT", "SSL_CONNECT", "SSL_CERTIFICATES_RECEIVED",
    "CERT_VERIFIER_REQUEST_BOUND_TO_JOB", "CERT_VERIFIER_JOB",
)
_BEGIN, _END = 1, 2


@dataclass
class Connection:
    """One socket as the NetLog tells it: where it went and how TLS was negotiated."""

    remote: str = ""  # "127.0.0.1:443", "[::1]:443"
    tls_version: str = ""  # "TLS 1.3"
    cipher_suite: int = 0  # IANA number
    key_exchange_group: int = 0  # IANA number
    alpn: str = ""
    resumed: bool = False
    chain_pem: tuple[str, ...] = ()  # as the server sent it, leaf first
    verifier: int = 0  # the CERT_VERIFIER_JOB that checked it
    verified_pem: tuple[str, ...] = ()  # the path Chromium's verifier built, to its root
    cert_status: int = -1  # Chromium's verdict flags (0: no error); -1 when not seen

    @property
    def chain(self) -> tuple[str, ...]:
        """The chain as validated by Chromium when its verifier's account is in, else as
        received."""
        return self.verified_pem or self.chain_pem

    @property
    def ip(self) -> str:
        host = self.remote.rpartition(":")[0]
        return host[1:-1] if host.startswith("[") else host

    @property
    def port(self) -> int:
        port = self.remote.rpartition(":")[2]
        return int(port) if port.isdigit() else 0


@dataclass
class Hop:
    """One request of a URL_REQUEST (a redirect starts the next hop of the same request)."""

    url: str
    method: str
    request_type: str  # "main frame", "subresource"...
    started_ms: int  # Unix milliseconds
    ended_ms: int = 0
    net_error: int = 0
    sent: tuple[str, ...] = ()  # header lines as sent (cookies left out by Chromium)
    request_line: str = ""
    received: tuple[str, ...] = ()  # status line, then the header lines as received
    job: int = 0  # the HTTP_STREAM_JOB that gave it its connection
    connection: Connection | None = None


@dataclass
class _State:
    tick_offset: int = 0
    events: dict[int, str] = field(default_factory=dict)  # type number -> name, read only
    sources: dict[int, str] = field(default_factory=dict)
    net_errors: dict[int, str] = field(default_factory=dict)
    hops: list[Hop] = field(default_factory=list)
    by_request: dict[int, list[Hop]] = field(default_factory=dict)
    job_link: dict[int, tuple[str, int]] = field(default_factory=dict)  # job -> socket/session
    session_socket: dict[int, int] = field(default_factory=dict)
    sockets: dict[int, Connection] = field(default_factory=dict)
    verdicts: dict[int, tuple[tuple[str, ...], int]] = field(default_factory=dict)


class NetLogReader:
    """Reads ``path`` from where it last stopped; thread-safe (the reader thread and Qt's)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._offset = 0
        self._tail = b""
        self._state: _State | None = None
        self._lock = threading.Lock()

    def poll(self) -> None:
        """Read what Chromium appended since the last call (whole lines only)."""
        with self._lock:
            try:
                with self.path.open("rb") as handle:
                    handle.seek(self._offset)
                    data = handle.read()
            except OSError:
                return  # not created yet: Chromium opens it when its network service starts
            self._offset += len(data)
            lines = (self._tail + data).split(b"\n")
            self._tail = lines.pop()
            for line in lines:
                self._line(line)

    def hops(self) -> list[Hop]:
        """Every hop read so far, in the order they started, each with its connection."""
        self.poll()
        with self._lock:
            state = self._state
            if state is None:
                return []
            for hop in state.hops:
                if hop.connection is None and hop.job:
                    hop.connection = _connection_of(state, hop.job)
            return list(state.hops)

    def open_hops(self, ignored: set[str]) -> int:
        """Requests started and not ended so far (a response whose headers are still to come:
        Fetch knows nothing of it yet)."""
        with self._lock:
            if self._state is None:
                return 0
            return sum(1 for h in self._state.hops
                       if not h.ended_ms and not h.url.startswith(tuple(ignored)))

    def error_name(self, code: int) -> str:
        """``net::ERR_NAME_NOT_RESOLVED`` for -105, as Chromium names it."""
        if self._state is None:
            self.poll()  # the names are in the file's first line
        with self._lock:
            name = self._state.net_errors.get(code, "") if self._state else ""
        return f"net::{name}" if name else f"net::{code}"

    def wall_ms(self, tick_ms: int) -> int:
        return tick_ms + (self._state.tick_offset if self._state else 0)

    # -- parsing -------------------------------------------------------------------
    def _line(self, line: bytes) -> None:
        text = line.strip().rstrip(b",")
        if self._state is None:
            if text.startswith(b'{"constants"'):
                self._state = _constants(json.loads(text + b"}")["constants"])
            return
        if not text.startswith(b"{"):
            return  # '"events": [' and the closing lines
        # Keys come sorted, so an event's type is its last field: dropped unparsed if of no use.
        kind = text.rpartition(b'"type":')[2].rstrip(b"}")
        if not kind.isdigit() or int(kind) not in self._state.events:
            return
        try:
            event = json.loads(text)
        except ValueError:
            return
        _apply(self._state, self._state.events[int(kind)], event)


def _constants(constants: dict[str, Any]) -> _State:
    types = constants.get("logEventTypes", {})
    return _State(
        tick_offset=int(constants.get("timeTickOffset", 0)),
        events={int(types[name]): name for name in _EVENTS if name in types},
        sources={int(v): str(k) for k, v in constants.get("logSourceType", {}).items()},
        net_errors={int(v): str(k) for k, v in constants.get("netError", {}).items()})


def _dependency(params: dict[str, Any]) -> tuple[int, int]:
    dep = params.get("source_dependency") or {}
    return int(dep.get("id", 0)), int(dep.get("type", -1))


def _apply(state: _State, name: str, event: dict[str, Any]) -> None:
    source = event.get("source", {})
    sid, phase = int(source.get("id", 0)), int(event.get("phase", 0))
    params = event.get("params") or {}
    time_ms = int(event.get("time", 0)) + state.tick_offset
    hops = state.by_request.get(sid, [])
    if name == "URL_REQUEST_START_JOB" and phase == _BEGIN:
        hop = Hop(str(params.get("url", "")), str(params.get("method", "")),
                  str(params.get("request_type", "")), time_ms)
        if hops and not hops[-1].ended_ms:
            hops[-1].ended_ms = time_ms  # a redirect: the hop before ends as this one starts
        state.hops.append(hop)
        state.by_request.setdefault(sid, []).append(hop)
    elif name == "REQUEST_ALIVE" and phase == _END and hops:
        hops[-1].ended_ms = time_ms
        hops[-1].net_error = int(params.get("net_error", 0)) or hops[-1].net_error
    elif name == "URL_REQUEST_START_JOB" and phase == _END and hops and params.get("net_error"):
        hops[-1].net_error = int(params["net_error"])
    elif name.endswith("SEND_REQUEST_HEADERS") and hops:
        hops[-1].sent = tuple(str(h) for h in params.get("headers", []))
        hops[-1].request_line = str(params.get("line", "")).strip()
    elif name == "HTTP_TRANSACTION_READ_RESPONSE_HEADERS" and hops:
        hops[-1].received = tuple(str(h) for h in params.get("headers", []))
    elif name == "HTTP_STREAM_REQUEST_BOUND_TO_JOB" and hops:
        hops[-1].job = _dependency(params)[0]
    else:
        _apply_connection(state, name, sid, phase, params)


def _apply_connection(state: _State, name: str, sid: int, phase: int,
                      params: dict[str, Any]) -> None:
    dep, dep_type = _dependency(params)
    if name in ("SOCKET_POOL_BOUND_TO_SOCKET", "HTTP2_SESSION_POOL_FOUND_EXISTING_SESSION",
                "HTTP2_SESSION_POOL_IMPORTED_SESSION_FROM_SOCKET"):
        kind = state.sources.get(dep_type, "")
        if kind in ("SOCKET", "HTTP2_SESSION"):  # the first link found: the same socket
            state.job_link.setdefault(sid, (kind, dep))
    elif name == "HTTP2_SESSION_INITIALIZED" and dep:
        state.session_socket[sid] = dep
    elif name == "TCP_CONNECT" and phase == _END and params.get("remote_address"):
        state.sockets.setdefault(sid, Connection()).remote = str(params["remote_address"])
    elif name == "SSL_CONNECT" and phase == _END and params.get("version"):
        facts = state.sockets.setdefault(sid, Connection())
        facts.tls_version = str(params.get("version", ""))
        facts.cipher_suite = int(params.get("cipher_suite", 0))
        facts.key_exchange_group = int(params.get("key_exchange_group", 0))
        facts.alpn = str(params.get("next_proto", ""))
        facts.resumed = bool(params.get("is_resumed", False))
    elif name == "CERT_VERIFIER_REQUEST_BOUND_TO_JOB" and dep:
        state.sockets.setdefault(sid, Connection()).verifier = dep
    elif name == "CERT_VERIFIER_JOB" and phase == _END:
        verified = params.get("verified_cert") or {}
        state.verdicts[sid] = (tuple(str(c) for c in verified.get("certificates", [])),
                               int(params.get("cert_status", -1)))
    elif name == "SSL_CERTIFICATES_RECEIVED":
        chain = tuple(str(c) for c in params.get("certificates", []))
        state.sockets.setdefault(sid, Connection()).chain_pem = chain


def _connection_of(state: _State, job: int) -> Connection | None:
    link = state.job_link.get(job)
    if link is None:
        return None
    kind, ident = link
    socket = state.session_socket.get(ident, 0) if kind == "HTTP2_SESSION" else ident
    facts = state.sockets.get(socket)
    if facts is not None and facts.verifier in state.verdicts:
        facts.verified_pem, facts.cert_status = state.verdicts[facts.verifier]
    # A hop is linked once its socket's handshake is read (a later poll may complete it).
    return facts if facts is not None and facts.remote else None


def status_line(hop: Hop) -> str:
    return hop.received[0] if hop.received else ""


def header_lines(lines: Iterable[str]) -> list[tuple[str, str]]:
    out = []
    for line in lines:
        name, sep, value = line.partition(":")
        if sep and name and not name.startswith(" "):
            out.append((name.strip(), value.strip()))
    return out
