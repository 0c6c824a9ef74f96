"""One request the recorder follows, from its first event until it is archived."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class PendingExchange:
    rid: str  # the Network domain's request id (Fetch's ``networkId``)
    url: str
    method: str
    headers: dict[str, str]
    post: bytes
    started: str
    monotonic: float
    rtype: str
    frame: str
    session: str = ""  # the CDP session (page, cross-site frame, worker) it belongs to
    response: dict[str, Any] = field(default_factory=dict)
    stream: bytearray | None = None
    body: bytes | None = None
    source: str = "none"
    took_ms: int = 0
    data_len: int = 0  # decoded bytes Chromium says it received (dataReceived.dataLength)
    settled: bool = False  # its body is final (or it has none): it may be archived
    fetched: bool = False  # the body is decided through Fetch (read, or too large to read)
    reading: bool = False  # its Fetch body read is still on its way to us
    loaded: bool = False  # loadingFinished came (while the read was on its way)

    def stream_complete(self) -> bool:
        return self.source == "stream" and self.stream is not None \
            and len(self.stream) == self.data_len
