"""Multipart uploads of large objects, resumed part by part (see docs/sync.md).

Mixed into :class:`evidence.sync.s3.S3Remote` (its client, bucket, retries and lock
arguments). Parts of ``PART_SIZE``, each with its own SHA-256 checksum, ``PARALLEL_PARTS``
in flight. An interrupted upload is found again by its key (ListMultipartUploads), its
stored parts listed (ListParts) and kept when size and MD5 ETag match the local part; the
object, visible only once complete, is checked against the composite SHA-256 of our parts.

The object's name (the SHA-256 of the whole file) is known before the first part: the
blob store recorded it when it wrote the file. The file is read once, in order, ahead of
the parts in flight: each block feeds the part's SHA-256 (its ``x-amz-checksum-sha256``)
and the whole file's, and the upload is completed only if the whole hash is the name.
"""

from __future__ import annotations

import base64
import hashlib
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidence.errors import RemoteServiceFailed
from evidence.sync.errors import SourceChanged
from evidence.sync.flow import FilePart, Flow, Reader
from evidence.sync.remote import ObjectInfo

MIB = 1 << 20


def _env_mib(name: str, default: int) -> int:
    """Part sizes can be lowered for tests and slow links (S3's minimum part is 5 MiB)."""
    return max(5, int(os.environ.get(name, "0") or 0) or default) * MIB


PART_SIZE = _env_mib("PROBANT_SYNC_PART_MIB", 8)
MULTIPART_THRESHOLD = 2 * PART_SIZE
# Requests in flight at once, as boto3's transfers (max_concurrency 10). An upload's parts
# are read from the file as they are sent, so they hold no memory; a download keeps the
# ranges that arrived ahead of the hash, READ_AHEAD at most (8 MiB each: 64 MiB).
PARALLEL_PARTS = int(os.environ.get("PROBANT_SYNC_PARALLEL", "0") or 0) or 10
PARALLEL_RANGES = int(os.environ.get("PROBANT_SYNC_PARALLEL_GET", "0") or 0) or 6
READ_AHEAD = PARALLEL_RANGES + 2


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
                   flow: Flow | None) -> None:
        """``sha256`` names the object: it is checked against the bytes the parts carry
        before the upload is completed (a file changed since it was named is never
        stored under that name: SourceChanged)."""
        from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait

        key = self._key(name)
        upload_id, stored = self._open_upload(key)
        count = (size + PART_SIZE - 1) // PART_SIZE
        etags: dict[int, str] = {}
        digests: dict[int, bytes] = {}
        running: set[Future[str]] = set()
        numbers: dict[Future[str], int] = {}
        whole = hashlib.sha256()
        with open(path, "rb") as handle, ThreadPoolExecutor(PARALLEL_PARTS) as pool:
            try:
                for number in range(1, count + 1):
                    offset = (number - 1) * PART_SIZE
                    length = min(PART_SIZE, size - offset)
                    have = stored.get(number)
                    resumable = have is not None and have[0] == length
                    # Hashed here, in order, before the part is handed to a worker: the
                    # part's checksum and the whole file's hash come from the same bytes
                    # (the server refuses a part whose bytes differ from its checksum, so
                    # what it stores is what was hashed). hashlib releases the GIL: this
                    # runs while the parts in flight are on the wire.
                    digest, md5 = _hash_part(handle, length, whole, resumable)
                    if resumable and have is not None and have[1] == md5:
                        etags[number] = have[1]  # stored whole by an earlier run: kept
                        digests[number] = digest
                        self.parts_resumed += 1
                        if flow is not None:
                            flow.advance(length)
                        continue
                    while len(running) >= PARALLEL_PARTS:  # so many requests at once
                        self._collect(wait(running, return_when=FIRST_EXCEPTION).done,
                                      running, numbers, etags)
                    digests[number] = digest
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
        if whole.hexdigest() != sha256:  # parts stored, never completed: no object
            raise SourceChanged(f"{self.name}: {name}: the file does not hash to its name "
                                f"(SHA-256 {whole.hexdigest()}): not completed",
                                problem="source_changed")
        done = [{"PartNumber": n, "ETag": f'"{etags[n]}"',
                 "ChecksumSHA256": base64.b64encode(digests[n]).decode()}
                for n in range(1, count + 1)]
        composite = base64.b64encode(hashlib.sha256(b"".join(
            digests[n] for n in range(1, count + 1))).digest()).decode()
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

            answer = self._retry(f"part {number} of {name}", send, flow, reader.undo)
            with self._count:  # counted as soon as stored, even if another part then fails
                self.parts_sent += 1
            return str(answer["ETag"]).strip('"')
        finally:
            data.close()

    # -- ranged downloads ----------------------------------------------------
    def _ranged_get(self, name: str, out: Any, flow: Flow | None) -> str | None:
        """An object into a real file by ranges of ``PART_SIZE``: the first range tells the
        size (one request for a small object, as a plain GET), the others go
        ``PARALLEL_RANGES`` at a time, each retried on its own, all of the same version
        (``If-Match`` its ETag). Each range is written where it belongs as it arrives and
        kept until the hash, which takes the ranges in order as they complete (at most
        ``READ_AHEAD`` ranges ahead of it): the file is never read back. None when ``out``
        is not a plain file or the object is empty: the caller streams it."""
        from collections import deque
        from concurrent.futures import Future, ThreadPoolExecutor

        from botocore.exceptions import ClientError

        try:
            fd = out.fileno()
            start = out.tell()
            out.flush()
        except (AttributeError, OSError, ValueError):
            return None
        facts: dict[str, Any] = {}

        def fetch_range(offset: int) -> list[bytes]:
            counted = [0]

            def undo() -> None:
                if flow is not None:
                    flow.rewind(counted[0])
                counted[0] = 0

            def attempt() -> list[bytes]:
                extra = {"IfMatch": facts["etag"]} if facts.get("etag") else {}
                answer = self.client.get_object(
                    Bucket=self.bucket, Key=self._key(name),
                    Range=f"bytes={offset}-{offset + PART_SIZE - 1}", **extra)
                if not facts:
                    total = str(answer.get("ContentRange", "")).rpartition("/")[2]
                    facts["size"] = int(total) if total.isdigit() else int(
                        answer["ContentLength"])
                    facts["etag"] = str(answer.get("ETag", ""))
                at = start + offset
                blocks: list[bytes] = []  # a retry starts the range over: a fresh list
                for block in answer["Body"].iter_chunks(1 << 18):
                    if flow is not None:
                        flow.consume(len(block))
                        counted[0] += len(block)
                    _pwrite_all(fd, block, at)
                    blocks.append(block)
                    at += len(block)
                if at != start + min(facts["size"], offset + PART_SIZE):
                    raise RemoteServiceFailed(f"{self.name}: {name}: short range",
                                              remote=self.name)
                start_writeback(fd, start + offset, at - start - offset)
                return blocks

            return list(self._retry(f"range {offset} of {name}", attempt, flow, undo))

        try:
            first = fetch_range(0)
        except RemoteServiceFailed as exc:
            cause = exc.__cause__
            if isinstance(cause, ClientError) and cause.response.get("Error", {}).get(
                    "Code") == "InvalidRange":
                return None  # an empty object
            raise
        sha = hashlib.sha256()
        for block in first:
            sha.update(block)
        size = int(facts["size"])
        if size > PART_SIZE:
            offsets = iter(range(PART_SIZE, size, PART_SIZE))
            ahead: deque[Future[list[bytes]]] = deque()
            with ThreadPoolExecutor(PARALLEL_RANGES) as pool:
                try:
                    for offset in offsets:
                        ahead.append(pool.submit(fetch_range, offset))
                        if len(ahead) >= READ_AHEAD:
                            break
                    while ahead:
                        blocks = ahead.popleft().result()  # the next range, in order
                        offset = next(offsets, -1)
                        if offset >= 0:
                            ahead.append(pool.submit(fetch_range, offset))
                        for block in blocks:  # on this thread while the others download
                            sha.update(block)
                except BaseException:
                    for future in ahead:
                        future.cancel()
                    if flow is not None:
                        flow.halted = True
                    raise
        out.seek(start + size)
        return sha.hexdigest()


def _pwrite_all(fd: int, data: bytes, at: int) -> None:
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, at)
        view = view[written:]
        at += written


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


def _libc_sync_file_range() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        call = ctypes.CDLL(None, use_errno=True).sync_file_range
    except (OSError, AttributeError):
        return None
    call.argtypes = (ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint)
    call.restype = ctypes.c_int
    return call


_SYNC_FILE_RANGE = _libc_sync_file_range()
_SYNC_FILE_RANGE_WRITE = 2  # linux/fs.h: start writeback of the dirty pages, do not wait


def start_writeback(fd: int, offset: int, length: int) -> None:
    """Start writing a range just downloaded to the disk without waiting (Linux's
    sync_file_range): the restore's fsync before the vault appears then finds the large
    objects mostly written, instead of flushing them all at the end (measured: 0.7-0.9 s
    per GiB on this machine). Elsewhere, or if refused, the fsync does it all, as before."""
    if _SYNC_FILE_RANGE is not None and length > 0:
        _SYNC_FILE_RANGE(fd, offset, length, _SYNC_FILE_RANGE_WRITE)
