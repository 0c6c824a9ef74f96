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
the file, and the SHA-256 of each of its parts of ``FILE_PART_SIZE``, handed to
``on_published``): a push to a remote names the object by this hash and sends each part
with its recorded checksum, without reading the file to hash it (evidence/sync/engine.py).
Its name is HMAC(blob-id key, SHA-256 of the plaintext), so identical files are stored
once and the name reveals nothing about the content.

Modules: :mod:`evidence.blob_format` (the layout's constants, the records returned, the
hashing writer), :mod:`evidence.blob_writer` (encrypting, publishing), this one (reading,
checking, listing; :class:`BlobStore` is the API).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from evidence.blob_format import (  # noqa: F401  (the blob store's API, as before the split)
    DAMAGED_DIR,
    DEFAULT_CHUNK,
    EPOCH,
    HEADER,
    INDEX,
    LEGACY,
    MAGIC,
    MAGIC_V1,
    MAGIC_V3,
    SEAL_BYTES,
    SEALED,
    TAG_BYTES,
    BlobCheck,
    FileParts,
    OnPublished,
    StoredBlob,
    seal_aad,
)
from evidence.blob_writer import BlobWriter, utc_stamp  # noqa: F401
from evidence.crypto import NONCE_BYTES, hkdf, mac
from evidence.errors import Cancelled, IntegrityError, StorageError
from evidence.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, no_progress

log = logging.getLogger(__name__)  # blob ids and reasons only, never content

__all__ = ["DAMAGED_DIR", "DEFAULT_CHUNK", "EPOCH", "HEADER", "INDEX", "LEGACY", "MAGIC",
           "MAGIC_V1", "MAGIC_V3", "NONCE_BYTES", "SEAL_BYTES", "SEALED", "TAG_BYTES",
           "BlobCheck", "BlobStore", "FileParts", "OnPublished", "StoredBlob", "seal_aad",
           "utc_stamp"]


class BlobStore(BlobWriter):
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
                extra = handle.read(EPOCH.size)
                if len(extra) != EPOCH.size:
                    raise IntegrityError(f"blob {blob_id}: header truncated", problem="header")
                header += extra
                (epoch,) = EPOCH.unpack(extra)
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
                dec.authenticate_additional_data(header + INDEX.pack(index, final))
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
