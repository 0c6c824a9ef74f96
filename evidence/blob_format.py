"""The blob file's format (see :mod:`evidence.blobstore`) and what writing one reports.

Constants of the layout, the seal's additional data, the records the store returns
(:class:`StoredBlob`, :class:`BlobCheck`), and :class:`HashedFile`, through which a blob
file is written: it hashes the encrypted bytes on the way, whole and by parts of
``FILE_PART_SIZE`` (:class:`FileParts`), which a push sends as they are (evidence/sync).
"""

from __future__ import annotations

import hashlib
import os
import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO

from evidence.crypto import NONCE_BYTES

MAGIC_V1 = b"PRBLOB\x00\x01"
MAGIC = b"PRBLOB\x00\x02"
MAGIC_V3 = b"PRBLOB\x00\x03"  # the header names the key epoch (after a rotation)
HEADER = struct.Struct(">8sI32s")
EPOCH = struct.Struct(">I")
TAG_BYTES = 16
SEAL_BYTES = NONCE_BYTES + TAG_BYTES
DEFAULT_CHUNK = 1 << 20
INDEX = struct.Struct(">QB")
_SIZE = struct.Struct(">Q")
SEALED, LEGACY = "sealed", "legacy"  # how a blob is bound to its id and hash
DAMAGED_DIR = "damaged"  # blobs found damaged by deduplication, set aside (never deleted)
MIB = 1 << 20


def _env_mib(name: str, default: int) -> int:
    """Part sizes can be lowered for tests and slow links (S3's minimum part is 5 MiB)."""
    return max(5, int(os.environ.get(name, "0") or 0) or default) * MIB


# The part size of multipart uploads (evidence/sync/multipart.py takes it from here): the
# SHA-256 of each such part of a blob file is recorded when the file is written.
FILE_PART_SIZE = _env_mib("PROBANT_SYNC_PART_MIB", 8)


def seal_aad(header: bytes, blob_id: str, sha256_hex: str, size: int) -> bytes:
    """What the seal authenticates: this file's header, its id, its plaintext's hash."""
    return header + b"PRSEAL" + blob_id.encode() + bytes.fromhex(sha256_hex) + _SIZE.pack(size)


@dataclass(frozen=True)
class FileParts:
    """A blob file's SHA-256 (``whole``, hex) and the SHA-256 of each of its parts of
    ``size`` bytes (the last one shorter), computed from the bytes as they were written."""

    size: int
    digests: tuple[bytes, ...]
    whole: str = ""

    def fits(self, file_size: int, part_size: int) -> bool:
        """Parts of ``part_size`` covering a file of ``file_size`` bytes."""
        return (self.size == part_size and part_size > 0
                and len(self.digests) == max(1, -(-file_size // part_size)))

    def packed(self) -> bytes:
        return b"".join(self.digests)

    @classmethod
    def unpack(cls, size: int, packed: bytes, whole: str = "") -> FileParts | None:
        if size <= 0 or not packed or len(packed) % 32:
            return None
        return cls(size, tuple(packed[i:i + 32] for i in range(0, len(packed), 32)), whole)


@dataclass(frozen=True)
class StoredBlob:
    blob_id: str
    sha256: str
    size: int
    deduplicated: bool
    replaced_damaged: str = ""  # the problem of a damaged blob of the same id set aside
    file_sha256: str = ""  # of the encrypted file as written ("" when deduplicated)
    file_size: int = 0
    file_parts: FileParts | None = None  # its parts' SHA-256 (None when deduplicated)


# Told of each blob file published: (blob id, SHA-256 of the encrypted file, its size,
# the SHA-256 of its parts).
OnPublished = Callable[[str, str, int, FileParts], None]


@dataclass(frozen=True)
class BlobCheck:
    blob_id: str
    ok: bool
    sha256: str | None
    size: int
    problem: str  # "" when ok; else a stable reason code
    binding: str = SEALED  # sealed (format 2) or legacy (format 1: no seal)
    holds: str = ""  # the blob id whose content this file holds, when it is another's


class HashedFile:
    """The encrypted file as it is written, hashed on the way by whichever thread writes
    (the pipeline's writer: hashlib releases the GIL, so this overlaps the encryption):
    whole, and by parts of ``part_size``. The first part's digest is a copy of the whole
    hash's state at its end (the same bytes so far): a file of one part costs one hash,
    a larger one a second hash of the bytes after its first part."""

    def __init__(self, out: BinaryIO, part_size: int = FILE_PART_SIZE) -> None:
        self._out = out
        self.sha = hashlib.sha256()
        self.size = 0
        self._part_size = part_size
        self._part: Any = None  # the current part's, from the second on
        self._in_part = 0  # bytes of the current part written
        self._digests: list[bytes] = []

    def write(self, data: bytes | memoryview) -> int:
        view = memoryview(data).cast("B")
        at = 0
        while at < len(view):  # split at part boundaries (rarely inside one write)
            take = min(self._part_size - self._in_part, len(view) - at)
            piece = view[at:at + take]
            self.sha.update(piece)
            if self._part is not None:
                self._part.update(piece)
            at += take
            self._in_part += take
            if self._in_part == self._part_size:
                # the first part: the whole hash holds exactly its bytes so far
                done = self._part if self._part is not None else self.sha.copy()
                self._digests.append(done.digest())
                self._part = hashlib.sha256()
                self._in_part = 0
        self.size += len(view)
        return self._out.write(data)

    def parts(self) -> FileParts:
        """The digests of every part, the last one included (call once, at the end)."""
        digests = list(self._digests)
        if self._in_part or not digests:
            digests.append((self._part if self._part is not None else self.sha).digest())
        return FileParts(self._part_size, tuple(digests), self.sha.hexdigest())

    def flush(self) -> None:
        self._out.flush()

    def fileno(self) -> int:
        return self._out.fileno()

