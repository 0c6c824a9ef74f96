"""What an S3 store is asked once, before anything is sent on trust (see docs/sync.md).

Mixed into :class:`evidence.sync.s3.S3Remote`. Each answer is asked at most once per
remote object (one sync), with requests that store nothing, or only a one-byte ``.probe/``
object:

- ``_server_checks_parts``: a part whose bytes differ from its SHA-256 checksum is
  refused (BadDigest). Only then are the part digests the blob store recorded sent as the
  parts' checksums without hashing the file here (multipart.py).
- ``_server_checks_puts``: a PUT whose body differs from its SHA-256 checksum is refused,
  and a PUT with ``If-None-Match: *`` onto a name that exists is refused (412). Only then
  does a small object go out as one conditional PUT: no HEAD first (the store refuses to
  replace what is there; a refusal is then looked at), no HEAD after (the store stored
  these bytes: our SHA-256, hence our size). Otherwise each PUT is preceded and followed by
  a HEAD, as before (a store that ignores If-None-Match would keep a second version).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from evidence.errors import RemoteServiceFailed

log = logging.getLogger(__name__)
_WRONG = base64.b64encode(hashlib.sha256(b"y").digest()).decode()  # not the SHA-256 of b"x"


class StoreChecks:
    name: str
    bucket: str
    client: Any
    _checks: bool | None = None  # parts: a part that differs from its checksum is refused
    _put_checks: bool | None = None  # PUT: checksum checked and If-None-Match honoured

    if TYPE_CHECKING:  # given by S3Remote
        def _call(self, what: str, method: str, **kwargs: Any) -> Any: ...

        def _key(self, name: str) -> str: ...

        def _abort(self, name: str, key: str, upload_id: str) -> None: ...

    def _server_checks_parts(self) -> bool:
        """Whether this store refuses a part whose bytes differ from its SHA-256 checksum:
        a one-byte part with another byte's checksum, in an upload aborted at once (never
        an object). A store that takes it gets no recorded checksum on trust: its parts are
        hashed here as before."""
        if self._checks is None:
            key = self._key(f".probe/parts-{os.urandom(8).hex()}")
            upload = self._call("probe upload", "create_multipart_upload", Key=key,
                                ChecksumAlgorithm="SHA256")["UploadId"]
            try:
                self._checks = not _accepted(lambda: self._call(
                    "probe part", "upload_part", Key=key, UploadId=upload, PartNumber=1,
                    Body=b"x", ChecksumAlgorithm="SHA256", ChecksumSHA256=_WRONG))
                if not self._checks:
                    log.warning("%s accepts a part whose bytes differ from its SHA-256 "
                                "checksum: parts are hashed here before they are sent",
                                self.name)
            finally:
                self._abort("probe", key, upload)
        return self._checks

    def _server_checks_puts(self) -> bool:
        """Whether a PUT is checked against its SHA-256 checksum and refused onto an
        existing name under ``If-None-Match: *``. Two or three one-byte requests: a PUT
        with another byte's checksum (refused: nothing stored), then a conditional PUT of
        this remote's probe object, made once for all (``remote test`` writes the same),
        sent twice the first time."""
        if self._put_checks is None:
            checked = not _accepted(lambda: self._call(
                "probe put", "put_object", Key=self._key(f".probe/put-{os.urandom(8).hex()}"),
                Body=b"x", ChecksumAlgorithm="SHA256", ChecksumSHA256=_WRONG))
            honoured = checked and (self._conditional_refused()
                                    or self._conditional_refused())
            self._put_checks = checked and honoured
            if not self._put_checks:
                log.warning("%s %s: each object is looked up before and after it is sent",
                            self.name, "ignores If-None-Match" if checked else
                            "accepts a body whose bytes differ from its SHA-256 checksum")
        return self._put_checks

    def _conditional_refused(self) -> bool:
        """A conditional PUT of the probe object: False if it was stored (the first time
        ever, or a store that ignores the condition), True if refused as existing."""
        data = b"probant"
        try:
            self._call("probe if-none-match", "put_object", Key=self._key(probe_name(self.name)),
                       Body=data, IfNoneMatch="*", ChecksumAlgorithm="SHA256",
                       ChecksumSHA256=base64.b64encode(hashlib.sha256(data).digest()).decode())
        except RemoteServiceFailed as exc:
            if refused_as_existing(exc):
                return True
            raise
        return False


def probe_name(remote: str) -> str:
    """The one probe object a remote keeps (``remote test``'s write check too)."""
    return f".probe/{hashlib.sha256(remote.encode()).hexdigest()[:16]}"


def refused_as_existing(exc: RemoteServiceFailed) -> bool:
    """A conditional PUT (``If-None-Match: *``) refused because the name exists (412)."""
    return "PreconditionFailed" in exc.detail or "412" in exc.detail


def _accepted(request: Callable[[], Any]) -> bool:
    """Whether the store took a body whose checksum is wrong (False: refused as such; any
    other failure is raised)."""
    try:
        request()
    except RemoteServiceFailed as exc:
        if not bad_digest(exc):
            raise
        return False
    return True


def bad_digest(exc: RemoteServiceFailed) -> bool:
    """The server refused a body whose bytes do not hash to the checksum (or the signed
    payload hash) sent with it."""
    from botocore.exceptions import ClientError

    cause = exc.__cause__
    return isinstance(cause, ClientError) and str(cause.response.get("Error", {}).get(
        "Code", "")) in ("BadDigest", "XAmzContentSHA256Mismatch", "InvalidDigest")
