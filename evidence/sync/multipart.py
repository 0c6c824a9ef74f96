"""Multipart uploads of large objects, resumed part by part (see docs/sync.md).

Mixed into :class:`evidence.sync.s3.S3Remote` (its client, bucket, retries and lock
arguments). Parts of ``PART_SIZE``, each with its own SHA-256 checksum, ``PARALLEL_PARTS``
in flight. An interrupted upload is found again by its key (ListMultipartUploads), its
stored parts listed (ListParts) and kept when size and MD5 ETag match the local part; the
object, visible only once complete, is checked against the composite SHA-256 of our parts.

The object's name (the SHA-256 of the whole file) is known before the first part: the
blob store recorded it when it wrote the file, and with it the SHA-256 of each part of
``PART_SIZE`` (schema 14). Such a file is not hashed here at all: each part goes with its
recorded checksum (``x-amz-checksum-sha256``, and the same hash as the signature's
payload hash), and the server refuses a part whose bytes differ from it (BadDigest:
checked then on this machine, and a part that no longer matches what was written is
``SourceChanged``); the complete's composite checksum is the server's, of the part
checksums it verified. A file without recorded parts (written before schema 14, or
another part size) is read once, in order, ahead of the parts in flight: each block feeds
the part's SHA-256 and the whole file's, and the upload is completed only if the whole
hash is the name, as it is for every file on a store that does not refuse a part whose
checksum differs (asked once: ``store_checks._server_checks_parts``). The upload of a file refused as
changed is aborted. Downloads by ranges: :mod:`evidence.sync.ranged`.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidence.blob_format import FILE_PART_SIZE, FileParts
from evidence.errors import RemoteServiceFailed
from evidence.sync.errors import SourceChanged
from evidence.sync.flow import FilePart, Flow, Reader
from evidence.sync.remote import ObjectInfo
from evidence.sync.store_checks import bad_digest

PART_SIZE = FILE_PART_SIZE  # PROBANT_SYNC_PART_MIB (8 MiB): also the parts blob files record
MULTIPART_THRESHOLD = 2 * PART_SIZE
# Parts in flight at once, as boto3's transfers (max_concurrency 10); each is read from
# the file as it is sent, so it holds no memory.
PARALLEL_PARTS = int(os.environ.get("PROBANT_SYNC_PARALLEL", "0") or 0) or 10


class Multipart:
    name: str
    bucket: str
    client: Any
    parts_sent: int
    parts_resumed: int
    _count: threading.Lock

    if TYPE_CHECKING:  # given by S3Remote
        def _call(self, what: str, method: str, **kwargs: Any) -> Any: ...

        def _retry(self, what: str, fn: Callable[[], Any], flow: Flow | None = None,
                   on_retry: Callable[[], None] | None = None) -> Any: ...

        def _key(self, name: str) -> str: ...

        def _lock_args(self) -> dict[str, Any]: ...

        def head(self, name: str) -> ObjectInfo | None: ...

        def _server_checks_parts(self) -> bool: ...

    def _open_upload(self, key: str) -> tuple[str, dict[int, tuple[int, str]]]:
        """The newest unfinished upload of ``key`` and its stored parts (number -> size,
        ETag), or a new upload."""
        found = self._call("list uploads", "list_multipart_uploads", Prefix=key)
        uploads = sorted((u for u in found.get("Uploads", []) if u.get("Key") == key),
                         key=lambda u: str(u.get("Initiated", "")))
        if uploads:
            upload_id = str(uploads[-1]["UploadId"])
            parts: dict[int, tuple[int, str]] = {}
            marker = 0
            while True:
                page = self._call("list parts", "list_parts", Key=key, UploadId=upload_id,
                                  PartNumberMarker=marker)
                for p in page.get("Parts", []):
                    parts[int(p["PartNumber"])] = (int(p["Size"]),
                                                   str(p.get("ETag", "")).strip('"'))
                if not page.get("IsTruncated"):
                    return upload_id, parts
                marker = int(page["NextPartNumberMarker"])
        created = self._call("create upload", "create_multipart_upload", Key=key,
                             ChecksumAlgorithm="SHA256", **self._lock_args())
        return str(created["UploadId"]), {}

    def _multipart(self, name: str, path: Path, sha256: str, size: int,
                   flow: Flow | None, parts: FileParts | None = None) -> None:
        """``sha256`` names the object. With ``parts`` (the file's part digests recorded
        when it was written, of ``PART_SIZE``) each part is sent with its recorded checksum
        and the server checks it; without, the bytes the parts carry are hashed here and
        checked against ``sha256`` before the upload is completed. Either way a file
        changed since it was named is never stored under that name (SourceChanged), and
        its unfinished upload is aborted."""
        key = self._key(name)
        upload_id, stored = self._open_upload(key)
        count = max(1, (size + PART_SIZE - 1) // PART_SIZE)
        recorded = (parts is not None and parts.fits(size, PART_SIZE)
                    and self._server_checks_parts())
        try:
            etags, digests = self._send_parts(name, key, upload_id, path, sha256, size,
                                              count, stored, parts if recorded else None,
                                              flow)
            if digests is None:
                raise SourceChanged(f"{self.name}: {name}: the file does not hash to its "
                                    "name: not completed", problem="source_changed")
        except SourceChanged:
            self._abort(name, key, upload_id)  # its parts would stay on the store
            raise
        done = [{"PartNumber": n, "ETag": f'"{etags[n]}"',
                 "ChecksumSHA256": base64.b64encode(digests[n - 1]).decode()}
                for n in range(1, count + 1)]
        composite = base64.b64encode(hashlib.sha256(b"".join(digests)).digest()).decode()
        answer = self._retry(f"complete {name}", lambda: self.client.complete_multipart_upload(
            Bucket=self.bucket, Key=key, UploadId=upload_id,
            MultipartUpload={"Parts": done}))
        expected = f"{composite}-{count}"
        got = str(answer.get("ChecksumSHA256") or "")
        info = self.head(name)
        if info is None or info.size != size or (got and got != expected) or (
                info.checksum and info.checksum != expected):
            raise RemoteServiceFailed(f"{self.name}: {name} not found whole after the "
                                      f"multipart upload (size {info.size if info else '-'}"
                                      f", checksum {info.checksum if info else '-'})",
                                      remote=self.name)

    def _abort(self, name: str, key: str, upload_id: str) -> None:
        """AbortMultipartUpload: the stored parts of a refused file go. A failure here
        is logged, not raised: the refusal is what the push reports."""
        try:
            self._call(f"abort {name}", "abort_multipart_upload", Key=key, UploadId=upload_id)
        except RemoteServiceFailed as exc:
            logging.getLogger(__name__).warning("unfinished upload of %s not aborted: %s",
                                                name, exc.detail)

    def _send_parts(self, name: str, key: str, upload_id: str, path: Path, sha256: str,
                    size: int, count: int, stored: dict[int, tuple[int, str]], parts: FileParts | None,
                    flow: Flow | None) -> tuple[dict[int, str], list[bytes] | None]:
        """Every part stored (sent, or kept from an earlier run): their ETags and SHA-256
        digests (None: the file, hashed here, does not hash to its name)."""
        from concurrent.futures import (
            FIRST_COMPLETED,
            FIRST_EXCEPTION,
            Future,
            ThreadPoolExecutor,
            wait,
        )

        etags: dict[int, str] = {}
        digests: list[bytes] = list(parts.digests) if parts is not None else []
        running: set[Future[str]] = set()
        numbers: dict[Future[str], int] = {}
        whole = hashlib.sha256()
        try:
            with open(path, "rb") as handle, ThreadPoolExecutor(PARALLEL_PARTS) as pool:
                try:
                    for number in range(1, count + 1):
                        offset = (number - 1) * PART_SIZE
                        length = min(PART_SIZE, size - offset)
                        have = stored.get(number)
                        resumable = have is not None and have[0] == length
                        while len(running) >= PARALLEL_PARTS:  # so many requests at once:
                            # the next part goes as soon as one is done (FIRST_EXCEPTION
                            # would wait for all ten unless one fails: a batch, each
                            # ending with its slowest part, the connections idle meanwhile)
                            self._collect(wait(running, return_when=FIRST_COMPLETED).done,
                                          running, numbers, etags)
                        if parts is not None:  # recorded digests: nothing hashed on this thread
                            future = pool.submit(self._recorded_part, name, key, upload_id,
                                                 number, FilePart(path, offset, length),
                                                 digests[number - 1], have if resumable else None,
                                                 flow)
                            running.add(future)
                            numbers[future] = number
                            continue
                        # Hashed here, in order, before the part is handed to a worker: the
                        # part's checksum and the whole file's hash come from the same bytes
                        # (the server refuses a part whose bytes differ from its checksum, so
                        # what it stores is what was hashed). hashlib releases the GIL: this
                        # runs while the parts in flight are on the wire.
                        digest, md5 = _hash_part(handle, length, whole, resumable)
                        digests.append(digest)
                        if resumable and have is not None and have[1] == md5:
                            etags[number] = have[1]  # stored whole by an earlier run: kept
                            self._resumed(length, flow)
                            continue
                        future = pool.submit(self._send_part, name, key, upload_id, number,
                                             FilePart(path, offset, length), digest, flow)
                        running.add(future)
                        numbers[future] = number
                    while running:
                        self._collect(wait(running, return_when=FIRST_EXCEPTION).done, running,
                                      numbers, etags)
                except BaseException:
                    if flow is not None:
                        flow.halted = True  # the other parts in flight stop at their next block
                    raise
        finally:
            if flow is not None:  # every worker has returned: the push goes on (another
                flow.halted = False  # object), or stops on this error anyway
        if parts is None and whole.hexdigest() != sha256:
            return etags, None
        return etags, digests

    def _resumed(self, length: int, flow: Flow | None) -> None:
        with self._count:
            self.parts_resumed += 1
        if flow is not None:
            flow.advance(length)

    def _recorded_part(self, name: str, key: str, upload_id: str, number: int,
                       data: FilePart, digest: bytes, have: tuple[int, str] | None,
                       flow: Flow | None) -> str:
        """A part whose SHA-256 was recorded when the file was written: kept if an earlier
        run stored these very bytes (read here, on a worker: MD5 against the stored ETag,
        SHA-256 against the record), else sent with that checksum."""
        if have is not None:
            try:
                sha, md5 = _hash_range(data)
            finally:
                data.close()
            if sha != digest:
                raise SourceChanged(f"{self.name}: {name}: part {number} differs from the "
                                    "file as written", problem="source_changed")
            if md5 == have[1]:
                self._resumed(len(data), flow)
                return have[1]
            data = FilePart(data.path, data.offset, data.length)
        return self._send_part(name, key, upload_id, number, data, digest, flow)

    def _collect(self, finished: Any, running: set[Any], numbers: dict[Any, int],
                 etags: dict[int, str]) -> None:
        for future in finished:
            running.discard(future)
            number = numbers.pop(future)
            etags[number] = future.result()  # raises the part's error

    def _send_part(self, name: str, key: str, upload_id: str, number: int, data: FilePart,
                   digest: bytes, flow: Flow | None) -> str:
        """One part, whose SHA-256 is ``digest``; returns its ETag."""
        try:
            # the signature's payload hash is this same SHA-256: not computed again
            # (signing.py); the server checks the bytes against it
            reader = Reader(data, flow, digest.hex())

            def send() -> Any:
                reader.undo()
                return self.client.upload_part(
                    Bucket=self.bucket, Key=key, UploadId=upload_id, PartNumber=number,
                    Body=reader, ContentLength=len(data), ChecksumAlgorithm="SHA256",
                    ChecksumSHA256=base64.b64encode(digest).decode())

            try:
                answer = self._retry(f"part {number} of {name}", send, flow, reader.undo)
            except RemoteServiceFailed as exc:
                if bad_digest(exc) and _hash_range(data)[0] != digest:
                    # the server hashed other bytes than the checksum: the file changed
                    raise SourceChanged(f"{self.name}: {name}: part {number} differs from "
                                        "the file as written", problem="source_changed"
                                        ) from None
                raise
            with self._count:  # counted as soon as stored, even if another part then fails
                self.parts_sent += 1
            return str(answer["ETag"]).strip('"')
        finally:
            data.close()


def _hash_range(data: FilePart) -> tuple[bytes, str]:
    """SHA-256 and MD5 (hex) of a part as it is now in the file."""
    sha = hashlib.sha256()
    md5 = hashlib.md5(usedforsecurity=False)
    try:
        for block in data.blocks():
            sha.update(block)
            md5.update(block)
    except OSError:  # shorter than recorded
        return b"", ""
    return sha.digest(), md5.hexdigest()


def _hash_part(handle: Any, length: int, whole: Any, with_md5: bool) -> tuple[bytes, str]:
    """The next ``length`` bytes of ``handle``: their SHA-256 (and MD5, the ETag S3 gives
    a stored part, when a stored part may be kept), fed into ``whole`` on the way."""
    sha = hashlib.sha256()
    md5 = hashlib.md5(usedforsecurity=False) if with_md5 else None
    left = length
    while left:
        block = handle.read(min(left, 1 << 20))
        if not block:
            raise SourceChanged(f"{handle.name}: shorter than its recorded size",
                                problem="source_changed")
        sha.update(block)
        whole.update(block)
        if md5 is not None:
            md5.update(block)
        left -= len(block)
    return sha.digest(), md5.hexdigest() if md5 is not None else ""
