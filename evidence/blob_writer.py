"""Writing blobs into the store: encryption, publication, deduplication, leftovers.

Mixed into :class:`evidence.blobstore.BlobStore` (its paths and keys; the format is
described there and in :mod:`evidence.blob_format`). A blob is encrypted into ``tmp/``
through :class:`~evidence.blob_format.HashedFile` (the file's SHA-256, whole and by
parts, computed as it is written), fsynced, then published under its name with a
no-clobber link; an existing blob is trusted only once read whole.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, cast

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from evidence.atomic import fsync_dir, process_alive, publish_no_clobber, raise_storage_error
from evidence.blob_format import (
    DAMAGED_DIR,
    DEFAULT_CHUNK,
    EPOCH,
    FILE_PART_SIZE,
    HEADER,
    INDEX,
    MAGIC,
    MAGIC_V3,
    BlobCheck,
    HashedFile,
    OnPublished,
    StoredBlob,
    seal_aad,
)
from evidence.blob_pipeline import Pipeline, Source
from evidence.clock import utc_now_iso
from evidence.crypto import NONCE_BYTES
from evidence.errors import StorageError
from evidence.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, no_progress

log = logging.getLogger("evidence.blobstore")  # blob ids and reasons only, never content

# A buffer in memory up to this many chunks is sealed in place, on the caller's thread;
# a larger one still goes through the pipeline, whose writer overlaps the encryption.
_IN_PLACE_CHUNKS = 4


class BlobWriter:
    root: Path
    tmp: Path
    epoch: int
    on_published: OnPublished | None
    part_size: int = FILE_PART_SIZE  # the parts whose SHA-256 each file records

    if TYPE_CHECKING:  # given by BlobStore
        def path_of(self, blob_id: str) -> Path: ...

        def blob_id_for(self, sha256_hex: str, epoch: int | None = None) -> str: ...

        def _key(self, salt: bytes, epoch: int | None = None) -> bytes: ...

        def check(self, blob_id: str, expected_sha256: str, *,
                  cancel: CancelToken = NEVER_CANCELLED) -> BlobCheck: ...

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
        self.tmp.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = self.tmp / f"{os.getpid()}-{os.urandom(8).hex()}.part"
        try:
            # 0600 from its creation (the link that publishes it keeps the mode): only the
            # vault's owner reads the encrypted files.
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                         0o600)
            with open(fd, "wb") as raw:
                out = HashedFile(raw, self.part_size)
                sha, size, header, key = self._encrypt_stream(
                    Source(source), cast(BinaryIO, out), chunk_size, size_hint, progress, cancel
                )
                nonce = os.urandom(NONCE_BYTES)
                out.write(nonce + AESGCM(key).encrypt(
                    nonce, b"", seal_aad(header, self.blob_id_for(sha), sha, size)))
                out.flush()
                os.fsync(out.fileno())
            stored = self._publish(tmp, sha, size)
            if stored.deduplicated:
                return stored
            parts = out.parts()
            stored = replace(stored, file_sha256=parts.whole, file_size=out.size,
                             file_parts=parts)
            if self.on_published is not None:
                self.on_published(stored.blob_id, stored.file_sha256, stored.file_size, parts)
            return stored
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
    ) -> tuple[str, int, bytes, bytes]:
        salt = os.urandom(32)
        header = (HEADER.pack(MAGIC, chunk_size, salt) if self.epoch == 0 else
                  HEADER.pack(MAGIC_V3, chunk_size, salt) + EPOCH.pack(self.epoch))
        out.write(header)
        key = self._key(salt)
        if src.memory is not None and len(src.memory) <= _IN_PLACE_CHUNKS * chunk_size:
            sha_hex, size = self._encrypt_memory(src.memory, out, header, key, chunk_size,
                                                 progress, cancel)
            return sha_hex, size, header, key
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
                enc.authenticate_additional_data(header + INDEX.pack(index, final))
                written = enc.update_into(data, outbuf)
                enc.finalize()
                pipe.write(nonce, outbuf[:written], enc.tag)
                total += len(data)
                progress(total, size_hint)
        return sha.hexdigest(), total, header, key

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
            out.write(AESGCM(key).encrypt(nonce, part, header + INDEX.pack(index, final)))
            pos, index = pos + len(part), index + 1
            progress(pos, size)
            if final:
                return sha.hexdigest(), size

    def _publish(self, tmp: Path, sha: str, size: int) -> StoredBlob:
        """Deduplication trusts an existing blob only after reading it whole: a damaged one
        is set aside under ``damaged/`` (kept, never deleted) and the new, intact copy takes
        its name, which also repairs the earlier items that share its content."""
        blob_id = self.blob_id_for(sha)
        final = self.path_of(blob_id)
        final.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        replaced = ""
        for _ in range(3):  # another writer may publish or set aside the same id meanwhile
            if final.exists():
                existing = self.check(blob_id, sha)
                if existing.ok:
                    return StoredBlob(blob_id, sha, size, deduplicated=True)
                replaced = existing.problem
                self._set_aside(final, existing.problem)
            try:
                publish_no_clobber(tmp, final)
            except FileExistsError:
                continue
            fsync_dir(final.parent)
            return StoredBlob(blob_id, sha, size, deduplicated=False, replaced_damaged=replaced)
        raise StorageError(f"blob {blob_id}: could not be published", what="blob")

    def _set_aside(self, path: Path, problem: str) -> None:
        aside = self.root / DAMAGED_DIR
        aside.mkdir(mode=0o700, exist_ok=True)
        target = aside / f"{path.name}.{utc_stamp()}.{problem}"
        try:
            os.rename(path, target)
        except FileNotFoundError:
            return  # another writer set it aside first
        fsync_dir(aside)
        fsync_dir(path.parent)
        log.warning("blob %s damaged (%s): set aside as %s, replaced by the new copy",
                    path.name, problem, target.name)

    def clean_tmp(self) -> int:
        """Remove encrypted partial writes left by a dead process (never referenced by the DB).

        A ``.part`` file is named after its writer's pid: files of a live process
        (another Probant window recording right now) are left alone.
        """
        removed = 0
        if self.tmp.is_dir():
            for path in self.tmp.glob("*.part"):
                pid_text = path.name.split("-", 1)[0]
                if pid_text.isdigit() and process_alive(int(pid_text)):
                    continue
                path.unlink(missing_ok=True)
                removed += 1
        return removed


def utc_stamp() -> str:
    return utc_now_iso().replace(":", "").replace(".", "_")


