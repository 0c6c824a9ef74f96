"""Encrypted, content-addressed blob store.

File layout (format 1)::

    header  = b"PRBLOB\\x00\\x01" | chunk_size (u32 BE) | salt (32 bytes)
    chunk_i = nonce (12) | ciphertext (<= chunk_size) | GCM tag (16)

Every chunk is AES-256-GCM under a per-blob key (HKDF of the vault's blob key
with the blob's random salt) and a fresh random nonce. The additional data
binds the header, the chunk index and a "final chunk" flag, so chunks cannot be
reordered, swapped between blobs, or truncated without detection.

The SHA-256 of the plaintext is computed in the same pass as the encryption,
on the same preallocated buffers (no allocation per chunk). A blob is written
to ``tmp/`` (already encrypted: no plaintext ever touches the disk), fsynced,
then published under its name with a no-clobber link: an existing blob is
never overwritten. Its name is HMAC(blob-id key, SHA-256 of the plaintext), so
identical files are stored once and the name reveals nothing about the content.
"""

from __future__ import annotations

import hashlib
import os
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from evidence.atomic import fsync_dir, publish_no_clobber, raise_storage_error
from evidence.blob_pipeline import Pipeline, Source
from evidence.crypto import NONCE_BYTES, hkdf, mac
from evidence.errors import Cancelled, IntegrityError, StorageError
from evidence.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, no_progress

MAGIC = b"PRBLOB\x00\x01"
HEADER = struct.Struct(">8sI32s")
TAG_BYTES = 16
DEFAULT_CHUNK = 1 << 20
_INDEX = struct.Struct(">QB")


@dataclass(frozen=True)
class StoredBlob:
    blob_id: str
    sha256: str
    size: int
    deduplicated: bool


@dataclass(frozen=True)
class BlobCheck:
    blob_id: str
    ok: bool
    sha256: str | None
    size: int
    problem: str  # "" when ok; else a stable reason code


# A buffer in memory up to this many chunks is sealed in place, on the caller's thread;
# a larger one still goes through the pipeline, whose writer overlaps the encryption.
_IN_PLACE_CHUNKS = 4


class BlobStore:
    def __init__(self, root: Path, blob_root_key: bytes, blob_id_key: bytes) -> None:
        self.root = root
        self.blobs = root / "blobs"
        self.tmp = root / "tmp"
        self._root_key = blob_root_key
        self._id_key = blob_id_key

    # -- paths -------------------------------------------------------------
    def path_of(self, blob_id: str) -> Path:
        return self.blobs / blob_id[:2] / blob_id

    def blob_id_for(self, sha256_hex: str) -> str:
        return mac(self._id_key, bytes.fromhex(sha256_hex))

    def _key(self, salt: bytes) -> bytes:
        return hkdf(self._root_key, salt=salt, info=b"probant/v1/blob-chunk")

    # -- write -------------------------------------------------------------
    def put(
        self,
        source: BinaryIO | bytes | bytearray | memoryview,
        *,
        size_hint: int = 0,
        chunk_size: int = DEFAULT_CHUNK,
        progress: ProgressCallback = no_progress,
        cancel: CancelToken = NEVER_CANCELLED,
    ) -> StoredBlob:
        """Encrypt ``source`` into the store; returns its id and plaintext hash."""
        self.tmp.mkdir(parents=True, exist_ok=True)
        tmp = self.tmp / f"{os.getpid()}-{os.urandom(8).hex()}.part"
        try:
            with open(tmp, "wb") as out:
                sha, size = self._encrypt_stream(
                    Source(source), out, chunk_size, size_hint, progress, cancel
                )
                out.flush()
                os.fsync(out.fileno())
            return self._publish(tmp, sha, size)
        except OSError as exc:
            raise_storage_error(exc, "blob")
            raise  # unreachable: raise_storage_error always raises
        finally:
            if tmp.exists():
                tmp.unlink()

    def _encrypt_stream(
        self,
        src: Source,
        out: BinaryIO,
        chunk_size: int,
        size_hint: int,
        progress: ProgressCallback,
        cancel: CancelToken,
    ) -> tuple[str, int]:
        salt = os.urandom(32)
        header = HEADER.pack(MAGIC, chunk_size, salt)
        out.write(header)
        key = self._key(salt)
        if src.memory is not None and len(src.memory) <= _IN_PLACE_CHUNKS * chunk_size:
            return self._encrypt_memory(src.memory, out, header, key, chunk_size, progress,
                                        cancel)
        sha = hashlib.sha256()
        total = 0
        # Reading, hashing+encrypting and writing overlap in a small pipeline of
        # preallocated buffers: hashlib, file reads and writes release the GIL,
        # so the two cores both work. Each chunk is hashed and encrypted from
        # the same buffer, once.
        with Pipeline(src, out, chunk_size) as pipe:
            for index, data, final, outbuf in pipe.chunks():
                cancel.raise_if_cancelled()
                sha.update(data)
                nonce = os.urandom(NONCE_BYTES)
                enc = Cipher(algorithms.AES(key), modes.GCM(nonce)).encryptor()
                enc.authenticate_additional_data(header + _INDEX.pack(index, final))
                written = enc.update_into(data, outbuf)
                enc.finalize()
                pipe.write(nonce, outbuf[:written], enc.tag)
                total += len(data)
                progress(total, size_hint)
        return sha.hexdigest(), total

    @staticmethod
    def _encrypt_memory(data: memoryview, out: BinaryIO, header: bytes, key: bytes,
                        chunk_size: int, progress: ProgressCallback,
                        cancel: CancelToken) -> tuple[str, int]:
        """The same chunks as the pipeline, from a buffer already in memory (a screenshot,
        a video segment): no reader and writer threads, whose start and six 1 MiB buffers
        cost more than the encryption of a one-chunk image."""
        sha = hashlib.sha256(data)
        pos, index, size = 0, 0, len(data)
        while True:
            cancel.raise_if_cancelled()
            part = data[pos : pos + chunk_size]
            final = pos + chunk_size >= size  # as the pipeline: a full last chunk is final
            nonce = os.urandom(NONCE_BYTES)
            out.write(nonce)
            # AESGCM returns ciphertext then tag: the chunk's layout on disk.
            out.write(AESGCM(key).encrypt(nonce, part, header + _INDEX.pack(index, final)))
            pos, index = pos + len(part), index + 1
            progress(pos, size)
            if final:
                return sha.hexdigest(), size

    def _publish(self, tmp: Path, sha: str, size: int) -> StoredBlob:
        blob_id = self.blob_id_for(sha)
        final = self.path_of(blob_id)
        if final.exists():
            return StoredBlob(blob_id, sha, size, deduplicated=True)
        final.parent.mkdir(parents=True, exist_ok=True)
        try:
            publish_no_clobber(tmp, final)
        except FileExistsError:
            return StoredBlob(blob_id, sha, size, deduplicated=True)
        fsync_dir(final.parent)
        return StoredBlob(blob_id, sha, size, deduplicated=False)

    # -- read --------------------------------------------------------------
    def iter_plaintext(
        self, blob_id: str, *, cancel: CancelToken = NEVER_CANCELLED
    ) -> Iterator[memoryview]:
        """Yield the plaintext chunk by chunk; each chunk is authenticated first.

        The yielded view is reused for the next chunk: copy it if you keep it.
        Raises IntegrityError on any tampering (tag, order, truncation).
        """
        path = self.path_of(blob_id)
        try:
            handle = open(path, "rb")
        except FileNotFoundError as exc:
            raise IntegrityError(f"blob {blob_id} is missing", problem="missing") from exc
        with handle:
            header = handle.read(HEADER.size)
            if len(header) != HEADER.size:
                raise IntegrityError(f"blob {blob_id}: header truncated", problem="header")
            magic, chunk_size, salt = HEADER.unpack(header)
            if magic != MAGIC or not 0 < chunk_size <= 64 << 20:
                raise IntegrityError(f"blob {blob_id}: bad header", problem="header")
            key = self._key(salt)
            record = NONCE_BYTES + chunk_size + TAG_BYTES
            inbuf = memoryview(bytearray(record))
            outbuf = memoryview(bytearray(chunk_size + 15))
            remaining = os.fstat(handle.fileno()).st_size - HEADER.size
            index = 0
            while True:
                cancel.raise_if_cancelled()
                want = min(record, remaining)
                if want < NONCE_BYTES + TAG_BYTES:
                    raise IntegrityError(f"blob {blob_id}: truncated", problem="truncated")
                got = handle.readinto(inbuf[:want])
                if got != want:
                    raise IntegrityError(f"blob {blob_id}: short read", problem="truncated")
                remaining -= want
                final = remaining == 0
                body = inbuf[NONCE_BYTES : want - TAG_BYTES]
                dec = Cipher(algorithms.AES(key), modes.GCM(bytes(inbuf[:NONCE_BYTES]))).decryptor()
                dec.authenticate_additional_data(header + _INDEX.pack(index, final))
                n = dec.update_into(body, outbuf)
                try:
                    dec.finalize_with_tag(bytes(inbuf[want - TAG_BYTES : want]))
                except InvalidTag as exc:
                    raise IntegrityError(
                        f"blob {blob_id}: chunk {index} fails authentication",
                        problem="chunk_tag",
                        chunk=index,
                    ) from exc
                yield outbuf[:n]
                index += 1
                if final:
                    return

    def read_all(self, blob_id: str) -> bytes:
        """Whole plaintext in memory: only for small items (thumbnails, manifests)."""
        return b"".join(bytes(chunk) for chunk in self.iter_plaintext(blob_id))

    def copy_to(
        self,
        blob_id: str,
        write: Callable[[memoryview], object],
        *,
        expected_sha256: str,
        cancel: CancelToken = NEVER_CANCELLED,
        progress: ProgressCallback = no_progress,
        total: int = 0,
    ) -> int:
        """Stream the plaintext to ``write``; the hash is checked before returning."""
        sha = hashlib.sha256()
        done = 0
        for chunk in self.iter_plaintext(blob_id, cancel=cancel):
            sha.update(chunk)
            write(chunk)
            done += len(chunk)
            progress(done, total)
        if sha.hexdigest() != expected_sha256:
            raise IntegrityError(f"blob {blob_id}: SHA-256 mismatch", problem="sha256")
        return done

    def check(self, blob_id: str, expected_sha256: str, *, cancel: CancelToken = NEVER_CANCELLED) -> BlobCheck:
        sha = hashlib.sha256()
        size = 0
        try:
            for chunk in self.iter_plaintext(blob_id, cancel=cancel):
                sha.update(chunk)
                size += len(chunk)
        except IntegrityError as exc:
            return BlobCheck(blob_id, False, None, size, str(exc.params.get("problem", "integrity")))
        except Cancelled:
            raise
        except OSError as exc:
            raise StorageError(f"blob {blob_id}: {exc.strerror}") from exc
        digest = sha.hexdigest()
        if digest != expected_sha256:
            return BlobCheck(blob_id, False, digest, size, "sha256")
        return BlobCheck(blob_id, True, digest, size, "")

    def all_blob_ids(self) -> Iterator[str]:
        if not self.blobs.is_dir():
            return
        for sub in sorted(self.blobs.iterdir()):
            if sub.is_dir():
                for path in sorted(sub.iterdir()):
                    yield path.name

    def clean_tmp(self) -> int:
        """Remove encrypted partial writes left by a dead process (never referenced by the DB).

        A ``.part`` file is named after its writer's pid: files of a live process
        (another Probant window recording right now) are left alone.
        """
        removed = 0
        if self.tmp.is_dir():
            for path in self.tmp.glob("*.part"):
                pid_text = path.name.split("-", 1)[0]
                if pid_text.isdigit() and _pid_alive(int(pid_text)):
                    continue
                path.unlink(missing_ok=True)
                removed += 1
        return removed


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True
