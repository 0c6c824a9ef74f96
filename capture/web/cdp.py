"""A CDP connection to QtWebEngine's DevTools endpoint, on a thread of its own.

Chromium's UI thread is Qt's: a caller on the Qt thread must never block on an
answer (it would deadlock). So every call returns a Future; the reader thread
completes it and dispatches events; the Qt side waits by running its event
loop until the Future is done (ui/web/session.py). The reader also watches the
port: the DevTools server socket lives in this very process, so every peer it
accepted shows in our own connection table; any that is not us is recorded.
"""

from __future__ import annotations

import binascii
import http.client
import json
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

import psutil
import pybase64
import websocket

from evidence.errors import ProbantError

Event = Callable[[str, dict[str, Any], str], None]  # method, params, sessionId


class WebChannelUnsafe(ProbantError):
    """The DevTools port is not ours, or could not be reached: no recording."""

    code = "web_channel_unsafe"
    exit_code = 1


def free_loopback_port() -> int:
    """A port free now on 127.0.0.1 (Chromium refuses port 0); ownership is checked later."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def listening_here(port: int) -> bool:
    """True when this process holds the listening socket on 127.0.0.1:port."""
    return any(c.status == psutil.CONN_LISTEN and c.laddr and c.laddr.port == port
               and c.laddr.ip == "127.0.0.1" for c in psutil.Process().net_connections("tcp"))


def raw_base64(raw: bytes) -> bytes | None:
    """The decoded body of a raw ``getResponseBody`` answer given as base64 (``None``: an
    error, a body given as text, or anything unexpected — then parse the message as JSON).

    Base64 has no quote nor backslash, so the body string ends at the next quote; a
    backslash inside would mean an escaped form this reading does not handle."""
    result = raw.find(b'"result":{')
    if result < 0:
        return None
    start = raw.find(b'"body":"', result)
    if start < 0:
        return None
    start += len(b'"body":"')
    end = raw.find(b'"', start)
    if end < 0 or raw.find(b"\\", start, end) >= 0:
        return None
    rest = raw[result:start] + raw[end:]
    if b'"base64Encoded":true' not in rest:
        return None
    try:
        # pybase64 (SIMD): the standard library's decoder took 0.1 s of this thread's CPU
        # for the 27 MB of a 20 MB page, during its load, on the page's two cores.
        return pybase64.b64decode(memoryview(raw)[start:end], validate=True)
    except binascii.Error:
        return None


class CdpConnection:
    def __init__(self, port: int, on_event: Event) -> None:
        self.port = port
        self._on_event = on_event
        self._ws: websocket.WebSocket | None = None
        self._lock = threading.Lock()
        self._next = 0
        self._calls: dict[int, Future[dict[str, Any]]] = {}
        self._raw: set[int] = set()  # calls whose answer is handed over as bytes, unparsed
        self._thread: threading.Thread | None = None
        self._closing = False
        self.foreign_peers: list[str] = []
        self._ours: set[int] = set()  # our own client sockets' local ports

    def open(self, timeout_s: float = 10.0) -> None:
        """Connect to the browser endpoint; refuses a port this process does not listen on."""
        deadline = time.monotonic() + timeout_s
        while not listening_here(self.port):
            if time.monotonic() > deadline:
                raise WebChannelUnsafe("the DevTools port is not held by this process",
                                       port=self.port)
            time.sleep(0.05)
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout_s)
        try:
            conn.connect()
            self._ours.add(conn.sock.getsockname()[1])
            conn.request("GET", "/json/version")
            url = json.load(conn.getresponse())["webSocketDebuggerUrl"]
        finally:
            conn.close()
        # No UTF-8 check per frame: websocket-client's is pure Python (41 of 42 s of the
        # reader thread on a 20 MB page, bench/web.py); json.loads decodes strictly anyway.
        self._ws = websocket.create_connection(url, timeout=timeout_s, suppress_origin=True,
                                               skip_utf8_validation=True)
        self._ws.settimeout(0.1)  # the reader wakes up to watch the port between messages
        self._thread = threading.Thread(target=self._read, name="cdp-reader", daemon=True)
        self._thread.start()

    def call(self, method: str, params: dict[str, Any] | None = None,
             session: str = "", *, raw: bool = False) -> Future[dict[str, Any]]:
        """``raw``: the answer comes as ``{"id": N, "raw": <the message's bytes>}``, not
        parsed (a whole response body: see ``raw_base64``)."""
        future: Future[dict[str, Any]] = Future()
        with self._lock:
            if self._ws is None or self._closing:
                future.set_exception(WebChannelUnsafe("the DevTools connection is closed"))
                return future
            self._next += 1
            self._calls[self._next] = future
            if raw:
                self._raw.add(self._next)
            message: dict[str, Any] = {"id": self._next, "method": method,
                                       "params": params or {}}
            if session:
                message["sessionId"] = session
            self._ws.send(json.dumps(message))
        return future

    def close(self) -> None:
        with self._lock:
            self._closing = True
            ws, self._ws = self._ws, None
        if ws is not None:
            ws.close()
        if self._thread is not None:
            self._thread.join(5)
        for future in list(self._calls.values()):
            if not future.done():
                future.set_exception(WebChannelUnsafe("the DevTools connection closed"))

    def _read(self) -> None:
        ws = self._ws
        assert ws is not None
        if ws.sock:
            self._ours.add(ws.sock.getsockname()[1])
        while not self._closing:
            try:
                opcode, raw = ws.recv_data()
            except websocket.WebSocketTimeoutException:
                self._watch()
                continue
            except (websocket.WebSocketException, OSError):
                break
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                break
            if not raw:
                continue
            if self._raw and self._answer_raw(raw):
                continue
            message = json.loads(raw)
            if "id" in message:
                future = self._calls.pop(int(message["id"]), None)
                if future is not None:
                    future.set_result(message)
            else:
                self._on_event(message.get("method", ""), message.get("params", {}),
                               message.get("sessionId", ""))

    def _answer_raw(self, raw: bytes) -> bool:
        """A ``raw`` call's answer: handed over as bytes, never decoded nor parsed here.

        A body read is tens of kilobytes to megabytes of base64: decoding the whole message
        to text and parsing it as JSON was most of this thread's work, on the way of every
        other event (the next held response among them)."""
        if not raw.startswith(b'{"id":'):
            return False
        comma = raw.find(b",", 6, 32)
        if comma < 0 or not raw[6:comma].isdigit():
            return False
        ident = int(raw[6:comma])
        with self._lock:
            if ident not in self._raw:
                return False
            self._raw.discard(ident)
            future = self._calls.pop(ident, None)
        if future is not None:
            future.set_result({"id": ident, "raw": bytes(raw)})
        return True

    def _watch(self) -> None:
        """Record any peer of the DevTools port that is not our own client socket."""
        for c in psutil.Process().net_connections("tcp"):
            if (c.laddr and c.laddr.port == self.port and c.raddr and c.raddr.port not in self._ours
                    and c.status == psutil.CONN_ESTABLISHED):
                peer = f"{c.raddr.ip}:{c.raddr.port}"
                if peer not in self.foreign_peers:
                    self.foreign_peers.append(peer)
