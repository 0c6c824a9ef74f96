"""One evidence item as the inspector shows it: the picture (or a video's frames, decoded
in memory: nothing of the evidence is written to disk in clear), its manifest, its
trusted-time state. Read-only; the bytes are checked against the recorded SHA-256."""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from typing import Any

from evidence import items
from evidence.errors import IntegrityError
from evidence.model import EvidenceItem
from evidence.vault import Vault

IMAGE_KINDS = ("screenshot", "photo", "web_viewport", "web_fullpage")
TEXT_MIMES = ("application/json", "text/plain", "text/html", "message/rfc822")
PREVIEW_LIMIT = 64 << 20  # larger files are described, not loaded into the window
MAX_FRAMES = 120  # one frame a second: two minutes of a recording in the inspector


@dataclass(frozen=True)
class Inspection:
    item: EvidenceItem
    manifest: dict[str, Any] | None
    image: bytes = b""  # encoded picture (PNG or JPEG) for an image item
    frames: tuple[bytes, ...] = ()  # JPEG frames, one a second, for a video
    text: str = ""  # a report, a JSON document, a text file
    timestamp: Any = None  # signing.tsa.coverage.ItemCoverage


def inspect(vault: Vault, evidence_id: str) -> Inspection:
    from signing.tsa import coverage

    item = items.get_evidence(vault, evidence_id)
    manifest = items.get_manifest(vault, item.id)
    stamp = next((c for c in coverage.coverage(vault, item.constat_id)
                  if c.evidence_id == item.id), None)
    base = Inspection(item, manifest.to_json() if manifest else None, timestamp=stamp)
    if item.kind in ("video", "video_segment"):
        return _with(base, frames=_video_frames(vault, item))
    if item.size > PREVIEW_LIMIT:
        return base
    data = _read_checked(vault, item)
    if item.kind in IMAGE_KINDS or item.mime.startswith("image/"):
        return _with(base, image=data)
    if item.mime in TEXT_MIMES or item.mime.startswith("text/"):
        return _with(base, text=_text(data, item.mime))
    return base


def _with(base: Inspection, **changes: Any) -> Inspection:
    from dataclasses import replace

    return replace(base, **changes)


def _read_checked(vault: Vault, item: EvidenceItem) -> bytes:
    data = vault.blobs.read_all(item.blob_id)
    if hashlib.sha256(data).hexdigest() != item.sha256:
        raise IntegrityError(f"evidence {item.id}: SHA-256 differs from the record")
    return data


def _text(data: bytes, mime: str) -> str:
    text = data.decode("utf-8", errors="replace")
    if mime == "application/json":
        try:
            return json.dumps(json.loads(text), ensure_ascii=False, indent=2)
        except ValueError:
            return text
    return text


def _segments(vault: Vault, item: EvidenceItem) -> list[EvidenceItem]:
    if item.kind == "video_segment":
        return [item]
    parts = [i for i in items.list_evidence(vault, item.constat_id)
             if i.annex_no == item.annex_no and i.kind == "video_segment"]
    return sorted(parts, key=lambda i: i.part_no)


def _video_frames(vault: Vault, item: EvidenceItem) -> tuple[bytes, ...]:
    """One JPEG a second across the recording's segments, decoded from memory."""
    import av
    import cv2

    frames: list[bytes] = []
    for segment in _segments(vault, item):
        with av.open(io.BytesIO(_read_checked(vault, segment)), mode="r") as container:
            stream = container.streams.video[0]
            rate = int(stream.average_rate or 25)
            for n, frame in enumerate(container.decode(stream)):
                if n % rate:
                    continue
                ok, jpeg = cv2.imencode(".jpg", frame.to_ndarray(format="bgr24"))
                if ok:
                    frames.append(jpeg.tobytes())
                if len(frames) >= MAX_FRAMES:
                    return tuple(frames)
    return tuple(frames)


THUMBNAIL_PX = 48


def thumbnail(vault: Vault, evidence_id: str) -> bytes:
    """A small PNG of an image item for the evidence list (b"" for other kinds); read and
    checked like any export, scaled in memory."""
    import cv2
    import numpy as np

    item = items.get_evidence(vault, evidence_id)
    if not (item.kind in IMAGE_KINDS or item.mime.startswith("image/")) or \
            item.size > PREVIEW_LIMIT:
        return b""
    pixels = cv2.imdecode(np.frombuffer(_read_checked(vault, item), np.uint8), cv2.IMREAD_COLOR)
    if pixels is None:
        return b""
    height, width = pixels.shape[:2]
    scale = THUMBNAIL_PX / max(height, width)
    small = cv2.resize(pixels, (max(1, int(width * scale)), max(1, int(height * scale))),
                       interpolation=cv2.INTER_AREA)
    ok, png = cv2.imencode(".png", small)
    return png.tobytes() if ok else b""
