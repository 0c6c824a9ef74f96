"""WARC 1.1 (ISO 28500:2017) from a recording, written with warcio.

Per exchange: a ``request`` and a ``response`` record (WARC-IP-Address,
sha256 block and payload digests), concurrent to each other. Per TLS chain
seen (origin, chain): one ``metadata`` record, JSON with the DER certificates,
their SHA-256 fingerprints and the negotiated protocol and cipher, referring
to the first response received over it. A ``warcinfo`` record opens the file,
and the navigation log closes it as a ``resource`` record.

Chromium hands the body over decoded (no gzip/br, no chunks), which is what the
page was rendered from (``WARC-Probant-Content-Decoded`` names the coding removed); the headers that described the wire form are kept
under ``X-Archive-Orig-*`` names (the convention replay tools know), and
Content-Length states the archived body's length, so a replay is coherent.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import uuid
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from capture.web.model import Download, Exchange, Headers, Recording, TlsDetails, header

WARC_NAME = "data.warc.gz"
_WIRE_ONLY = ("content-encoding", "transfer-encoding", "content-length")


@dataclass(frozen=True)
class IndexEntry:
    """One CDXJ line's facts: where a response or resource record sits in the WARC."""

    url: str
    timestamp: str  # 14 digits, UTC
    mime: str
    status: int
    digest: str
    offset: int
    length: int
    record_id: str


@dataclass(frozen=True)
class WarcFile:
    data: bytes
    entries: tuple[IndexEntry, ...]
    response_ids: Mapping[str, str]  # exchange.request_id -> WARC-Record-ID of its response

    def record_for(self, url: str) -> str:
        """The response record of the last document answered for ``url`` ("" if none)."""
        hits = [e.record_id for e in self.entries if e.url == url and e.status < 300]
        return hits[-1] if hits else ""


def sha256_label(data: bytes) -> str:
    return "sha256:" + base64.b32encode(hashlib.sha256(data).digest()).decode()


def _warc_date(iso: str) -> str:
    moment = datetime.strptime(iso, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _ts14(iso: str) -> str:
    return iso[:19].replace("-", "").replace("T", "").replace(":", "")


def _response_headers(ex: Exchange) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for name, value in ex.response_headers:
        out.append(("X-Archive-Orig-" + name if name.lower() in _WIRE_ONLY else name, value))
    if ex.body_source != "none" or ex.body:
        out.append(("Content-Length", str(len(ex.body))))
    return out


def _request_line(ex: Exchange) -> str:
    parts = urlsplit(ex.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return f"{ex.method} {target} HTTP/1.1"


def _http_version(ex: Exchange) -> str:
    # WARC's HTTP block needs an HTTP/1.x status line; h2/h3 are recorded in WARC-Protocol.
    return "HTTP/1.1"


# gzip level of the WARC written at the end (warcio's own), and of the segments the window
# writes while the page loads: there the compressor competes with Chromium for the cores, and
# level 1 takes about a sixth of level 9's CPU (the segments are a kill -9 safety net, dropped
# once the WACZ is stored).
FINAL_LEVEL, SEGMENT_LEVEL = 9, 1


class _Gzip:
    """One gzip member per record, at a chosen level (warcio's GzippingWrapper is level 9)."""

    def __init__(self, out: io.BytesIO, level: int) -> None:
        self.out = out
        self.compressor = zlib.compressobj(level, zlib.DEFLATED, zlib.MAX_WBITS + 16)

    def write(self, data: bytes) -> None:
        self.out.write(self.compressor.compress(data))

    def flush(self) -> None:
        self.out.write(self.compressor.flush())


class _LevelWriter(WARCWriter):  # type: ignore[misc]
    def __init__(self, out: io.BytesIO, level: int) -> None:
        super().__init__(out, gzip=False, warc_version="1.1")
        self.level = level

    def write_record(self, record: Any, params: Any = None) -> None:
        self._write_warc_record(_Gzip(self.out, self.level), record)


class _Writer:
    def __init__(self, level: int = FINAL_LEVEL) -> None:
        self.out = io.BytesIO()
        self.writer = _LevelWriter(self.out, level)
        self.entries: list[IndexEntry] = []

    def write(self, uri: str, rtype: str, body: bytes, *, warc: dict[str, str],
              http: StatusAndHeaders | None = None, content_type: str = "") -> tuple[str, int, int]:
        block = body
        if http is not None:
            http.compute_headers_buffer(None)
            block = http.headers_buff + body
        warc = {**warc, "WARC-Block-Digest": sha256_label(block)}
        if http is not None or rtype == "resource":
            warc["WARC-Payload-Digest"] = sha256_label(body)
        record = self.writer.create_warc_record(
            uri, rtype, payload=io.BytesIO(body), length=len(body), warc_headers_dict=warc,
            http_headers=http, warc_content_type=content_type)
        offset = self.out.tell()
        self.writer.write_record(record)
        return str(record.rec_headers.get_header("WARC-Record-ID")), offset, self.out.tell() - offset


def response_record_id(session_id: str, request_id: str) -> str:
    """The WARC-Record-ID a response will get, known before the WARC is written.

    A capture taken during a session names the record it was rendered from at
    once, though the WARC is written only when the session ends."""
    return f"<urn:uuid:{uuid.uuid5(uuid.UUID(session_id), request_id)}>"


def record_for(recording: Recording, session_id: str, url: str) -> str:
    """The response record of the last answer (< 300) for ``url`` ("" if none)."""
    hits = [e.request_id for e in recording.exchanges if e.url == url and e.status < 300]
    return response_record_id(session_id, hits[-1]) if hits else ""


def write_warc(recording: Recording, info: Mapping[str, Any], navigation_log: bytes,
               session_id: str = "") -> WarcFile:
    """The whole session as one gzipped WARC, in memory (each record its own gzip member).

    With ``session_id`` (a UUID), response records get ``response_record_id``'s ids."""
    w = _Writer()
    w.writer.write_record(w.writer.create_warcinfo_record(WARC_NAME, dict(info)))
    responses: dict[str, str] = {}
    used: set[str] = set()
    chains: set[tuple[str, tuple[str, ...]]] = set()
    for ex in recording.exchanges:
        responses[ex.request_id] = _write_exchange(w, ex, session_id, used, chains)
    for download in recording.downloads:
        _write_download(w, download, session_id)
    w.write("urn:probant:navigation-log", "resource", navigation_log,
            warc={}, content_type="application/json")
    return WarcFile(w.out.getvalue(), tuple(w.entries), responses)


def _write_exchange(w: _Writer, ex: Exchange, session_id: str, used: set[str],
                    chains: set[tuple[str, tuple[str, ...]]]) -> str:
    """An exchange's response, request and (first time its chain is seen) TLS chain records."""
    date = _warc_date(ex.started)
    http = StatusAndHeaders(f"{ex.status} {ex.status_text}".strip(), _response_headers(ex),
                            protocol=_http_version(ex))
    warc = {"WARC-Date": date, "WARC-Protocol": ex.protocol or "http/1.1"}
    fixed = response_record_id(session_id, ex.request_id) if session_id else ""
    if fixed and fixed not in used:  # a repeated request id gets a random record id
        warc["WARC-Record-ID"] = fixed
        used.add(fixed)
    if ex.server_ip:
        warc["WARC-IP-Address"] = ex.server_ip
    # How the body was obtained (docs/web-capture.md, capture/web/model.py): fetch is the
    # exact bytes, decoded Chromium's text re-encoded; the others were not read.
    warc["WARC-Probant-Body-Source"] = ex.body_source
    if ex.body_source in ("missing", "unfinished", "streaming", "download"):
        # Not read: failed, without end, or kept as a download item of its own.
        warc["WARC-Truncated"] = "unspecified"
    elif ex.body_source == "too_large":
        warc["WARC-Truncated"] = "length"
    elif ex.body_source == "cut":  # the bytes received before the transfer failed
        warc["WARC-Truncated"] = "disconnect"
    if ex.net_error:
        warc["WARC-Probant-Net-Error"] = ex.net_error
    coding = header(ex.response_headers, "content-encoding").strip().lower()
    if ex.body and coding and coding != "identity":
        # The payload is the body with this content coding removed (the server's header is
        # kept as X-Archive-Orig-Content-Encoding, so a replay serves it as archived).
        warc["WARC-Probant-Content-Decoded"] = coding
    if ex.tls is not None:
        warc["WARC-Protocol"] += f", {ex.tls.protocol.lower().replace(' ', '/')}"
        warc["WARC-Cipher-Suite"] = ex.tls.cipher
    rid, offset, length = w.write(ex.url, "response", ex.body, warc=warc, http=http)
    mime = next((v for k, v in ex.response_headers if k.lower() == "content-type"), "")
    w.entries.append(IndexEntry(ex.url, _ts14(ex.started), mime.split(";")[0].strip(),
                                ex.status, sha256_label(ex.body), offset, length, rid))
    req = StatusAndHeaders(_request_line(ex), list(ex.request_headers), is_http_request=True)
    req_warc = {"WARC-Date": date, "WARC-Concurrent-To": rid}
    if ex.masked:  # a WARC extension field: what was replaced by the mask, by field name
        req_warc["WARC-Probant-Masked"] = ", ".join(ex.masked)
    w.write(ex.url, "request", ex.request_body, http=req, warc=req_warc)
    if ex.tls is not None:
        key = (_origin(ex.url), ex.tls.fingerprints)
        if key not in chains:
            chains.add(key)
            w.write(key[0], "metadata", _chain_json(ex.tls), warc={
                "WARC-Date": date, "WARC-Refers-To": rid}, content_type="application/json")
    return rid


def _write_download(w: _Writer, download: Download, session_id: str) -> str:
    warc = {"WARC-Date": _warc_date(download.time)}
    if session_id:
        warc["WARC-Record-ID"] = response_record_id(session_id, download.key)
    rid, offset, length = w.write(download.url, "resource", download.data, warc=warc,
                                  content_type=download.mime or "application/octet-stream")
    w.entries.append(IndexEntry(download.url, _ts14(download.time),
                                (download.mime or "application/octet-stream").split(";")[0],
                                200, sha256_label(download.data), offset, length, rid))
    return rid


@dataclass
class SegmentWriter:
    """WARC records written as a session goes (the browser window sends them to its parent,
    so that a killed browser still leaves its archive so far). Each record is its own gzip
    member: the segments, after a ``warcinfo_record``, concatenate into one valid WARC."""

    session_id: str
    used: set[str] = field(default_factory=set)
    chains: set[tuple[str, tuple[str, ...]]] = field(default_factory=set)
    records: int = 0

    def segment(self, exchanges: Sequence[Exchange]) -> tuple[bytes, int]:
        """The records of ``exchanges`` (bytes, how many records)."""
        w = _Writer(SEGMENT_LEVEL)
        before = len(self.chains)
        for ex in exchanges:
            _write_exchange(w, ex, self.session_id, self.used, self.chains)
        count = 2 * len(exchanges) + len(self.chains) - before
        self.records += count
        return w.out.getvalue(), count

    def download(self, download: Download) -> bytes:
        """A download's ``resource`` record, as the final WARC will hold it."""
        w = _Writer(SEGMENT_LEVEL)
        _write_download(w, download, self.session_id)
        self.records += 1
        return w.out.getvalue()


def warcinfo_record(info: Mapping[str, Any], filename: str = WARC_NAME) -> bytes:
    w = _Writer()
    w.writer.write_record(w.writer.create_warcinfo_record(filename, dict(info)))
    return w.out.getvalue()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _chain_json(tls: TlsDetails) -> bytes:
    body = {**tls.to_json(),
            "chain_der_base64": [base64.b64encode(der).decode() for der in tls.chain_der],
            "verified_by": "Chromium (QtWebEngine) against the platform trust store"}
    return json.dumps(body, sort_keys=True, ensure_ascii=False).encode()


def headers_tuple(mapping: Mapping[str, str]) -> Headers:
    """CDP gives headers as an object; repeated ones arrive joined by newlines."""
    out: list[tuple[str, str]] = []
    for name, value in mapping.items():
        for part in str(value).split("\n"):
            out.append((name, part))
    return tuple(out)
