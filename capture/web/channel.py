"""The private channel between the recording browser's child process and its parent.

The parent (the desktop or ``probant web open``, which holds the unlocked vault)
starts ``python -m ui.web.browser_main`` with pipes on its stdin and stdout; the
child takes both over at once (fd 0 becomes /dev/null, fd 1 becomes stderr), so
nothing else it runs — Chromium's helpers included — can read or write them.
No port, no file: only the two processes hold the pipe ends.

A frame: ``>IQ`` (the header's length, the payload's length), then the header
(UTF-8 JSON, an object with a ``type``), then the payload (raw bytes: a capture's
image, the finished WACZ). A frame cut short (the child killed while writing)
is refused as a whole: what was not received completely is never stored.

Parent to child: ``start`` (constat, session id, start URL, language),
``finish`` (end the session as « Terminer » does). Child to parent: ``hello``
(the profile's verified state), ``navigation`` (the live log's new lines),
``certificate`` (a TLS error and the officer's decision), ``capture`` (one
capture, payload = its bytes), ``segment`` (WARC records of the exchanges settled
since the last one), ``finished`` (payload = the signed WACZ, the header holds the
navigation log and the package's facts), ``error``.
"""

from __future__ import annotations

import base64
import json
import struct
from dataclasses import dataclass, field
from typing import IO, Any

from capture.web.model import Capture
from capture.web.package import PackagedSession
from capture.web.wacz import Page, WaczPackage
from evidence.errors import ProbantError

_SIZES = struct.Struct(">IQ")
MAX_HEADER = 64 * 1024 * 1024
MAX_PAYLOAD = 16 * 1024 * 1024 * 1024


class ChannelBroken(ProbantError):
    """The other end went away in the middle of a frame, or sent something malformed."""

    code = "web_channel_unsafe"
    exit_code = 1


@dataclass(frozen=True)
class Frame:
    type: str
    fields: dict[str, Any] = field(default_factory=dict)
    payload: bytes = b""


def write_frame(stream: IO[bytes], frame: Frame) -> None:
    header = json.dumps({**frame.fields, "type": frame.type}, ensure_ascii=False).encode()
    stream.write(_SIZES.pack(len(header), len(frame.payload)) + header)
    if frame.payload:
        stream.write(frame.payload)
    stream.flush()


def _exactly(stream: IO[bytes], n: int) -> bytes:
    chunks: list[bytes] = []
    left = n
    while left:
        chunk = stream.read(min(left, 1 << 20))
        if not chunk:
            raise ChannelBroken(f"frame cut short ({n - left} of {n} bytes)")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_frame(stream: IO[bytes]) -> Frame | None:
    """The next whole frame; None at a clean end (no byte of a new frame)."""
    first = stream.read(_SIZES.size)
    if not first:
        return None
    sizes = first + _exactly(stream, _SIZES.size - len(first)) if len(first) < _SIZES.size \
        else first
    head_len, payload_len = _SIZES.unpack(sizes)
    if head_len > MAX_HEADER or payload_len > MAX_PAYLOAD:
        raise ChannelBroken(f"frame too large ({head_len}, {payload_len})")
    try:
        header = json.loads(_exactly(stream, head_len))
    except ValueError as exc:
        raise ChannelBroken("malformed frame header") from exc
    if not isinstance(header, dict) or not isinstance(header.get("type"), str):
        raise ChannelBroken("frame without a type")
    payload = _exactly(stream, payload_len) if payload_len else b""
    kind = str(header.pop("type"))
    return Frame(kind, header, payload)


# -- what travels -----------------------------------------------------------------------
def capture_frame(cap: Capture) -> Frame:
    return Frame("capture", {"kind": cap.kind, "mime": cap.mime, "filename": cap.filename,
                             "url": cap.url, "title": cap.title, "time": cap.time,
                             "details": [[k, v] for k, v in cap.details]}, cap.data)


def capture_of(frame: Frame) -> Capture:
    f = frame.fields
    details = tuple((str(k), v if isinstance(v, int) else str(v)) for k, v in f["details"])
    return Capture(str(f["kind"]), str(f["mime"]), str(f["filename"]), frame.payload,
                   str(f["url"]), str(f["title"]), str(f["time"]), details)


def finished_frame(done: PackagedSession) -> Frame:
    p = done.package
    return Frame("finished", {
        "session_id": done.session_id, "log": base64.b64encode(done.log).decode(),
        "pages": [[pg.url, pg.ts, pg.title] for pg in done.pages], "facts": done.facts,
        "exchanges": done.exchanges, "navigations": done.navigations,
        "datapackage_sha256": p.datapackage_sha256, "public_key": p.public_key_b64,
        "signature": p.signature_b64, "created": p.created}, p.data)


def finished_of(frame: Frame) -> PackagedSession:
    f = frame.fields
    package = WaczPackage(frame.payload, str(f["datapackage_sha256"]), str(f["public_key"]),
                          str(f["signature"]), str(f["created"]))
    return PackagedSession(str(f["session_id"]), package, base64.b64decode(f["log"]),
                           tuple(Page(str(u), str(t), str(ti)) for u, t, ti in f["pages"]),
                           dict(f["facts"]), int(f["exchanges"]), int(f["navigations"]))
