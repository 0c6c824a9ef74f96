"""Encrypted, content-addressed blob store.

File layout (format 2; format 1 is the same without the seal; format 3, written once the
vault has rotated its master key, adds the key epoch to the header)::

    header  = b"PRBLOB\\x00\\x02" | chunk_size (u32 BE) | salt (32 bytes)
              [format 3: b"PRBLOB\\x00\\x03" | chunk_size | salt | epoch (u32 BE)]
    chunk_i = nonce (12) | ciphertext (<= chunk_size) | GCM tag (16)
    seal    = nonce (12) | GCM tag (16)   (no ciphertext)

Every chunk is AES-256-GCM under a per-blob key (HKDF of the vault's blob key
with the blob's random salt) and a fresh random nonce. The additional data
binds the header, the chunk index and a "final chunk" flag, so chunks cannot be
reordered, swapped between blobs, or truncated without detection. The seal's
additional data binds the header to the blob's id, the SHA-256 and the size of
the whole plaintext: the reader computes the hash while decrypting, then the
seal authenticates only if this file is the blob its name says and its content
hashes to what was written (a blob file moved under another blob's name, or a
hash that does not match, fails there). The hash is known only once the last
chunk is read, which is why it sits in a trailing record and not in each chunk.
Format 1 blobs (before schema 11) have no seal: they still read, their hash is
checked against their name (the name is HMAC of the hash), and ``check``
reports them as ``legacy`` binding.

The SHA-256 of the plaintext is computed in the same pass as the encryption,
on the same preallocated buffers (no allocation per chunk). A blob is written
to ``tmp/`` (already encrypted: no plaintext ever touches the disk), fsynced,
then published under its name with a no-clobber link: an existing blob is
never overwritten. The encrypted bytes are hashed as they are written (SHA-256 and size of
the file, handed to ``on_published``): a push to a remote names the object by this hash
without reading the file first (evidence/sync/engine.py). Its name is HMAC(blob-id key, SHA-256 of the plaintext), so
identical files are stored once and the name reveals nothing about the content.
"""

from __future__ import annotations

import hashlib
import logging
import os
import struct
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO, cast

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from evidence.atomic import fsync_dir, publish_no_clobber, raise_storage_error
from evidence.blob_pipeline import Pipeline, Source
from evidence.clock import utc_now_iso
from evidence.crypto import NONCE_BYTES, hkdf, mac
from evidence.errors import Cancelled, IntegrityError, StorageError
from evidence.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, no_progress

MAGIC_V1 = b"PRBLOB\x00\x01"
MAGIC = b"PRBLOB\x00\x02"
MAGIC_V3 = b"PRBLOB\x00\x03"  # the header names the key epoch (after a rotation)
HEADER = struct.Struct(">8sI32s")
_EPOCH = struct.Struct(">I")
TAG_BYTES = 16
SEAL_BYTES = NONCE_BYTES + TAG_BYTES
DEFAULT_CHUNK = 1 << 20
_INDEX = struct.Struct(">QB")
log = logging.getLogger(__name__)  # blob ids and reasons only, never content
_SIZE = struct.Struct(">Q")
SEALED, LEGACY = "sealed", "legacy"  # how a blob is bound to its id and hash
DAMAGED_DIR = "damaged"  # blobs found damaged by deduplication, set aside (never deleted)


def seal_aad(header: bytes, blob_id: str, sha256_hex: str, size: int) -> bytes:
    """What the seal authenticates: this file's header, its id, its plaintext's hash."""
    return header + b"PRSEAL" + blob_id.encode() + bytes.fromhex(sha256_hex) + _SIZE.pack(size)


@dataclass(frozen=True)
class StoredBlob:
    blob_id: str
    sha256: str
    size: int
    deduplicated: bool
    replaced_damaged: str = ""  # the problem of a damaged blob of the same id set aside
    file_sha256: str = ""  # of the encrypted file as written ("" when deduplicated)
    file_size: int = 0


# Told of each blob file published: (blob id, SHA-256 of the encrypted file, its size).
OnPublished = Callable[[str, str, int], None]


class _HashedFile:
    """The encrypted file as it is written, hashed on the way by whichever thread writes
    (the pipeline's writer: hashlib releases the GIL, so this overlaps the encryption)."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self.sha = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes | memoryview) -> int:
        self.sha.update(data)
        self.size += len(data)
        return self._out.write(data)

    def flush(self) -> None:
        self._out.flush()

    def fileno(self) -> int:
        return self._out.fileno()


@dataclass(frozen=True)
class BlobCheck:
    blob_id: str
    ok: bool
    sha256: str | None
    size: int
    problem: str  # "" when ok; else a stable reason code
    binding: str = SEALED  # sealed (format 2) or legacy (format 1: no seal)
    holds: str = ""  # the blob id whose content this file holds, when it is another's


# A buffer in memory up to this many chunks is sealed in place, on the caller's thread;
# a larger one still goes through the pipeline, whose writer overlaps the encryption.
_IN_PLACE_CHUNKS = 4


class BlobStore:
    """``epoch``: the vault's current key epoch (new blobs are written under its keys);
    ``older``: the blob root and blob-id keys of earlier epochs, by epoch (their blobs
    still read; a blob's header says its epoch); ``on_published``: told of each file
    published (the vault records its SHA-256 for the sync)."""

    def __init__(self, root: Path, blob_root_key: bytes, blob_id_key: bytes, *,
                 epoch: int = 0, older: Mapping[int, tuple[bytes, bytes]] | None = None,
                 on_published: OnPublished | None = None) -> None:
        self.root = root
        self.on_published = on_published
        self.blobs = root / "blobs"
        self.tmp = root / "tmp"
        self.epoch = epoch
        self._keys = {**(older or {}), epoch: (blob_root_key, blob_id_key)}

    # -- paths -------------------------------------------------------------
    def path_of(self, blob_id: str) -> Path:
        return self.blobs / blob_id[:2] / blob_id

    def blob_id_for(self, sha256_hex: str, epoch: int | None = None) -> str:
        """The blob's name: HMAC of its hash under the blob-id key of its epoch (a new
        epoch names new blobs under a key a removed slot never had)."""
        return mac(self._epoch_keys(self.epoch if epoch is None else epoch)[1],
                   bytes.fromhex(sha256_hex))

    def _epoch_keys(self, epoch: int) -> tuple[bytes, bytes]:
        try:
            return self._keys[epoch]
        except KeyError:
            raise IntegrityError(f"blob of key epoch {epoch}, unknown to this vault",
                                 problem="epoch") from None

    def _key(self, salt: bytes, epoch: int | None = None) -> bytes:
        root = self._epoch_keys(self.epoch if epoch is None else epoch)[0]
        return hkdf(root, salt=salt, info=b"probant/v1/blob-chunk")

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
        self.tmp.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = self.tmp / f"{os.getpid()}-{os.urandom(8).hex()}.part"
        try:
            # 0600 from its creation (the link that publishes it keeps the mode): only the
            # vault's owner reads the encrypted files.
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                         0o600)
            with open(fd, "wb") as raw:
                out = _HashedFile(raw)
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
            stored = replace(stored, file_sha256=out.sha.hexdigest(), file_size=out.size)
            if self.on_published is not None:
                self.on_published(stored.blob_id, stored.file_sha256, stored.file_size)
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
                  HEADER.pack(MAGIC_V3, chunk_size, salt) + _EPOCH.pack(self.epoch))
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
                enc.authenticate_additional_data(header + _INDEX.pack(index, final))
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
            out.write(AESGCM(key).encrypt(nonce, part, header + _INDEX.pack(index, final)))
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

    # -- read --------------------------------------------------------------
    def iter_plaintext(
        self, blob_id: str, *, cancel: CancelToken = NEVER_CANCELLED,
        binding: list[str] | None = None,
    ) -> Iterator[memoryview]:
        """Yield the plaintext chunk by chunk; each chunk is authenticated first, and after
        the last one the whole content's hash is checked against the blob's id (the seal,
        or the name for a format-1 blob).

        The yielded view is reused for the next chunk: copy it if you keep it.
        Raises IntegrityError on any tampering (tag, order, truncation, another blob's
        content under this name). ``binding`` receives "sealed" or "legacy".
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
            if magic not in (MAGIC, MAGIC_V1, MAGIC_V3) or not 0 < chunk_size <= 64 << 20:
                raise IntegrityError(f"blob {blob_id}: bad header", problem="header")
            epoch = 0
            if magic == MAGIC_V3:
                extra = handle.read(_EPOCH.size)
                if len(extra) != _EPOCH.size:
                    raise IntegrityError(f"blob {blob_id}: header truncated", problem="header")
                header += extra
                (epoch,) = _EPOCH.unpack(extra)
            sealed = magic != MAGIC_V1
            if binding is not None:
                binding.append(SEALED if sealed else LEGACY)
            key = self._key(salt, epoch)
            record = NONCE_BYTES + chunk_size + TAG_BYTES
            inbuf = memoryview(bytearray(record))
            outbuf = memoryview(bytearray(chunk_size + 15))
            remaining = os.fstat(handle.fileno()).st_size - len(header)
            if sealed:
                remaining -= SEAL_BYTES
            sha = hashlib.sha256()
            size = 0
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
                sha.update(outbuf[:n])
                size += n
                yield outbuf[:n]
                index += 1
                if final:
                    break
            self._check_binding(blob_id, handle, header, key, sha.hexdigest(), size, sealed,
                                epoch)

    def _check_binding(self, blob_id: str, handle: BinaryIO, header: bytes, key: bytes,
                       sha: str, size: int, sealed: bool, epoch: int = 0) -> None:
        holds = self.blob_id_for(sha, epoch)
        if holds != blob_id:  # the content of another blob (or of none) under this name
            raise IntegrityError(f"blob {blob_id} holds the content of blob {holds}",
                                 problem="swapped", holds=holds)
        if not sealed:
            return
        seal = handle.read(SEAL_BYTES)
        try:
            if len(seal) != SEAL_BYTES:
                raise InvalidTag
            AESGCM(key).decrypt(seal[:NONCE_BYTES], seal[NONCE_BYTES:],
                                seal_aad(header, blob_id, sha, size))
        except InvalidTag as exc:
            raise IntegrityError(f"blob {blob_id}: its seal does not bind it to its id and "
                                 "hash", problem="seal") from exc

    def read_all(self, blob_id: str) -> bytes:
        """Whole plaintext in memory: only for small items (thumbnails, manifests). Its
        hash is checked against the blob's id and seal before it is returned."""
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
        binding: list[str] = []

        def kind() -> str:
            return binding[0] if binding else SEALED

        try:
            for chunk in self.iter_plaintext(blob_id, cancel=cancel, binding=binding):
                sha.update(chunk)
                size += len(chunk)
        except IntegrityError as exc:
            return BlobCheck(blob_id, False, None, size, str(exc.params.get("problem", "integrity")),
                             kind(), str(exc.params.get("holds", "")))
        except Cancelled:
            raise
        except OSError as exc:
            raise StorageError(f"blob {blob_id}: {exc.strerror}") from exc
        digest = sha.hexdigest()
        if digest != expected_sha256:
            return BlobCheck(blob_id, False, digest, size, "sha256", kind())
        return BlobCheck(blob_id, True, digest, size, "", kind())

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


def utc_stamp() -> str:
    return utc_now_iso().replace(":", "").replace(".", "_")


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
