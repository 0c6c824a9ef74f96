"""The DEMO mark inside a picture captured in a demonstration vault (D3 point 10).

A screenshot or a camera photo taken in demo mode may leave the vault on its own (an
export, a bundle's ``evidence/`` folder): the file itself then says it has no evidential
value, in the place a viewer shows or a tool reads, without touching a pixel:

- PNG: an ``iTXt`` chunk with the registered keyword « Disclaimer » (PNG 1.2, 11.3.4.2),
  right after IHDR;
- JPEG: a comment segment (COM) right after SOI, and EXIF's ImageDescription (written
  by ``capture.webcam`` with the other EXIF fields).

The mark is added before the file is hashed and stored: the vault's SHA-256, the signed
manifest and the timestamp cover the marked file.
"""

from __future__ import annotations

import struct
import zlib

DEMO_TEXT = ("DÉMONSTRATION — sans valeur probante (Probant, mode démonstration) / "
             "DEMONSTRATION — no evidential value")
DEMO_ASCII = "DEMONSTRATION - sans valeur probante / no evidential value (Probant demo mode)"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def mark_png(data: bytes) -> bytes:
    """The same PNG with an iTXt « Disclaimer » chunk after IHDR (pixels untouched)."""
    if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        raise ValueError("not a PNG starting with IHDR")
    ihdr_end = 8 + 8 + struct.unpack(">I", data[8:12])[0] + 4
    # keyword, NUL, compression flag 0, method 0, language "fr", NUL, translated keyword, NUL
    body = (b"Disclaimer\x00\x00\x00fr\x00Avertissement\x00" + DEMO_TEXT.encode("utf-8"))
    chunk = (struct.pack(">I", len(body)) + b"iTXt" + body
             + struct.pack(">I", zlib.crc32(b"iTXt" + body) & 0xFFFFFFFF))
    return data[:ihdr_end] + chunk + data[ihdr_end:]


def mark_jpeg(data: bytes) -> bytes:
    """The same JPEG with a COM segment after SOI (the entropy-coded data untouched)."""
    if not data.startswith(b"\xff\xd8"):
        raise ValueError("not a JPEG")
    text = DEMO_TEXT.encode("utf-8")
    return data[:2] + b"\xff\xfe" + struct.pack(">H", len(text) + 2) + text + data[2:]


def png_disclaimer(data: bytes) -> str | None:
    """The « Disclaimer » text of a PNG, if it has one (for checks and tests)."""
    at = 8
    while at + 8 <= len(data):
        length = struct.unpack(">I", data[at:at + 4])[0]
        kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + length]
        if kind == b"iTXt" and body.startswith(b"Disclaimer\x00"):
            return body.split(b"\x00", 5)[-1].decode("utf-8")
        if kind == b"IDAT":
            return None
        at += 12 + length
    return None
