"""What the recording browser saw: exchanges, TLS chains, navigations, captures.

Everything is a frozen dataclass built by the CDP recorder (capture/web/cdp.py)
and read by the WARC/WACZ writers; nothing here knows Qt or the network.
Times are ISO 8601 UTC strings; durations are integers (milliseconds), since
everything signed is canonical JSON, which refuses floats.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from capture.web.dns import HostLookup

Headers = tuple[tuple[str, str], ...]


def header(headers: Headers, name: str) -> str:
    """First value of ``name`` (case-insensitive), or ""."""
    low = name.lower()
    return next((v for k, v in headers if k.lower() == low), "")


@dataclass(frozen=True)
class TlsDetails:
    """The connection as Chromium's own TLS stack negotiated and verified it."""

    protocol: str  # "TLS 1.3"
    cipher: str
    key_exchange: str
    subject: str
    issuer: str
    valid_from: int  # Unix seconds
    valid_to: int
    chain_der: tuple[bytes, ...]  # leaf first, as Chromium's verifier built it (NetLog)

    @property
    def fingerprints(self) -> tuple[str, ...]:
        return tuple(hashlib.sha256(der).hexdigest() for der in self.chain_der)

    @property
    def leaf_sha256(self) -> str:
        return self.fingerprints[0] if self.chain_der else ""

    def to_json(self) -> dict[str, Any]:
        return {"protocol": self.protocol, "cipher": self.cipher,
                "key_exchange": self.key_exchange, "subject": self.subject,
                "issuer": self.issuer, "valid_from": self.valid_from, "valid_to": self.valid_to,
                "chain_sha256": list(self.fingerprints)}


@dataclass(frozen=True)
class Exchange:
    """One request and its response (a redirect is an exchange of its own)."""

    request_id: str
    url: str
    method: str
    request_headers: Headers
    status: int
    status_text: str
    response_headers: Headers
    protocol: str  # "http/1.1", "h2"
    server_ip: str
    server_port: int
    started: str  # UTC ISO, when the request left
    resource_type: str  # Document, Image, Fetch...
    frame_id: str
    body: bytes
    # fetch (read while Chromium held the response): the exact bytes; decoded: Chromium's
    # text re-encoded as UTF-8; missing: the read failed; unfinished: still
    # coming when the session ended; too_large, streaming, download:
    # not read (capture/web/bodies.py); none: no body (redirect, 204, HEAD); cut: the
    # transfer failed after the headers (``net_error``), the bytes received until then
    body_source: str
    request_body: bytes = b""
    headers_text: str = ""  # the response's header block as received, when Chromium has it
    timing_ms: int = 0  # request sent to loading finished
    tls: TlsDetails | None = None
    redirect_to: str = ""
    masked: tuple[str, ...] = ()  # password fields masked in this request (capture/web/masking.py)
    # Chromium's error for a request that failed after its response began (a connection
    # closed mid-body: net::ERR_CONTENT_LENGTH_MISMATCH), from the NetLog
    net_error: str = ""

    @property
    def is_main_document(self) -> bool:
        return self.resource_type == "Document"


@dataclass(frozen=True)
class Failure:
    """A request that got no response (DNS, connection refused, TLS refused...)."""

    url: str
    resource_type: str
    error: str  # Chromium's net error text, e.g. net::ERR_CERT_AUTHORITY_INVALID
    time: str
    certificate_error: bool = False


@dataclass(frozen=True)
class Navigation:
    """One main-frame navigation step (typed address, redirect, click)."""

    url: str
    cause: str  # typed | redirect | link | script
    time: str
    status: int = 0
    server_ip: str = ""
    certificate_sha256: str = ""
    error: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"url": self.url, "cause": self.cause, "time": self.time, "status": self.status,
                "server_ip": self.server_ip, "certificate_sha256": self.certificate_sha256,
                "error": self.error}


@dataclass(frozen=True)
class Download:
    """A download (Chromium's download manager, not the page's network record): archived as
    a WARC ``resource`` record under its URL, also stored as its own evidence item."""

    key: str  # names its WARC record (``resource_record_id``)
    url: str
    mime: str
    time: str
    data: bytes


@dataclass(frozen=True)
class Recording:
    """A browsing session's network record, in the order responses finished."""

    exchanges: tuple[Exchange, ...]
    navigations: tuple[Navigation, ...]
    failures: tuple[Failure, ...] = ()
    channel: tuple[tuple[str, str], ...] = ()  # facts about the CDP channel (port, foreign peers)
    dns: tuple[HostLookup, ...] = ()  # the system resolver's answer per visited host
    downloads: tuple[Download, ...] = ()  # files the page handed to the download manager


@dataclass(frozen=True)
class Capture:
    """A rendering taken from the browser: screenshot, full page, DOM, MHTML, PDF."""

    kind: str  # web_viewport, web_fullpage, web_dom, web_source, web_mhtml, web_pdf
    mime: str
    filename: str
    data: bytes
    url: str
    title: str
    time: str
    details: tuple[tuple[str, int | str], ...] = field(default=())
