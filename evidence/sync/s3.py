"""The S3 remote, through boto3: any S3 API (OVHcloud, Scaleway, AWS, MinIO, SeaweedFS).

Every PUT carries ``x-amz-checksum-sha256`` (the server refuses a body that does not
match) and the checksum the server stored is compared with ours after the write. A PUT
never replaces: it is conditional (``If-None-Match: *``). On a store seen to refuse a
wrong checksum and to honour the condition (asked once: store_checks.py) a small object
is one request; elsewhere the name is looked up before the PUT, and the object after. Where the bucket has Object Lock,
its default retention applies; a retention of the remote's own (``retention_days``) is
set on each object otherwise. Credentials: the OS keyring (service ``Probant S3``, user
= remote name, a JSON ``{"access_key_id", "secret_access_key"}``), else boto3's own chain
(environment, ``~/.aws``) — never the settings.

Large objects (over ``MULTIPART_THRESHOLD``) go in parts of ``PART_SIZE``, each with its
own SHA-256 checksum; an upload cut by a network failure or a kill -9 is found again at the
next sync (ListMultipartUploads), its stored parts listed (ListParts) and kept when their
size and MD5 ETag match the local part, so only the missing parts are sent. An incomplete
upload is never an object: S3 shows it only once CompleteMultipartUpload succeeded, and
the object is then checked against the composite SHA-256 of our own parts (the server's
checksum of the part checksums it verified on receipt) and its size.

boto3's own retries are off: every request goes through :func:`evidence.sync.flow.retrying`
(back-off with full jitter, bounded attempts and time, a precise message when exhausted).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import logging
import threading
from collections.abc import Callable, Iterator
from typing import Any

from evidence.blob_format import FileParts
from evidence.errors import RemoteServiceFailed
from evidence.progress import CancelToken
from evidence.sync import signing
from evidence.sync.errors import (
    KeyringUnavailable,
    RemoteConflict,
    RemoteDenied,
    RemoteUnreachable,
    SourceChanged,
)
from evidence.sync.flow import Flow, Reader, RetryPolicy, retrying
from evidence.sync.multipart import MULTIPART_THRESHOLD, Multipart
from evidence.sync.ranged import RangedGet
from evidence.sync.remote import Body, Capabilities, ObjectInfo, Sink
from evidence.sync.store_checks import StoreChecks, probe_name, refused_as_existing

log = logging.getLogger(__name__)

_TRANSIENT_CODES = {"SlowDown", "Throttling", "ThrottlingException", "RequestTimeout",
                    "RequestTimeTooSkewed", "InternalError", "ServiceUnavailable",
                    "RequestLimitExceeded", "TooManyRequests", "503", "500", "502", "504"}

KEYRING_SERVICE = "Probant S3"
_DENIED = {"AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "NoSuchBucket",
           "AllAccessDisabled", "403", "InvalidToken", "ExpiredToken"}


def keyring_credentials(remote: str) -> tuple[str, str] | None:
    try:
        import keyring

        text = keyring.get_password(KEYRING_SERVICE, remote)
    except Exception as exc:  # no backend, locked, D-Bus: boto3's chain then
        log.info("S3 credentials of %s not read from the keyring: %s", remote,
                 type(exc).__name__)
        return None
    if not text:
        return None
    try:
        raw = json.loads(text)
        return str(raw["access_key_id"]), str(raw["secret_access_key"])
    except (ValueError, KeyError, TypeError):
        log.warning("S3 credentials of %s in the keyring are unreadable", remote)
        return None


def store_credentials(remote: str, access_key_id: str, secret_access_key: str) -> None:
    """Into the OS keyring, in the form ``keyring_credentials`` reads; never a Probant file.
    A keyring that cannot take them is said (keyring_unavailable), nothing half-stored."""
    text = json.dumps({"access_key_id": access_key_id, "secret_access_key": secret_access_key})
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, remote, text)
    except Exception as exc:  # no backend, locked, refused: the definition is not written
        raise KeyringUnavailable(f"the OS keyring refused the S3 credentials of {remote}: "
                                 f"{type(exc).__name__}", remote=remote) from None


def _b64(hex_digest: str) -> str:
    return base64.b64encode(bytes.fromhex(hex_digest)).decode()


def _hex(b64: str | None) -> str | None:
    if not b64 or "-" in b64:  # a multipart composite checksum: not the object's SHA-256
        return None
    try:
        return base64.b64decode(b64).hex()
    except ValueError:
        return None


class S3Remote(Multipart, RangedGet, StoreChecks):
    def __init__(self, name: str, endpoint: str, bucket: str, region: str = "",
                 path_style: bool = True, prefix: str = "", retention_days: int = 0,
                 lock_mode: str = "COMPLIANCE", timeout_s: float = 10.0,
                 policy: RetryPolicy | None = None, read_timeout_s: float = 30.0) -> None:
        from botocore.config import Config

        self.name = name
        self.bucket = bucket
        self.prefix = prefix
        self.retention_days = retention_days
        self.lock_mode = lock_mode
        self.policy = policy or RetryPolicy.from_env()
        self.parts_sent = 0  # counted for the sync result and the tests
        self.parts_resumed = 0
        self._count = threading.Lock()
        creds = keyring_credentials(name)
        config = Config(
            s3={"addressing_style": "path" if path_style else "virtual"},
            # an answer may take long (a large part's checksum on a slow store): a read
            # waits ``read_timeout_s`` before the attempt counts as failed and is retried
            connect_timeout=timeout_s, read_timeout=max(timeout_s, read_timeout_s),
            retries={"total_max_attempts": 1},  # ours: retrying(), with jitter and a budget
            max_pool_connections=16,
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required")
        self.client: Any = _client(name, creds, region, endpoint, config)
        signing.install(self.client)  # the payload hash we know is not computed again
        self._lock: tuple[bool, bool] | None = None  # (lock enabled, default retention)
        self._versioned: bool | None = None

    # -- errors ------------------------------------------------------------
    def _fail(self, exc: Exception, what: str) -> RemoteServiceFailed:
        from botocore.exceptions import BotoCoreError, ClientError

        if isinstance(exc, RemoteServiceFailed):
            return exc
        if isinstance(exc, ClientError):
            code = str(exc.response.get("Error", {}).get("Code", ""))
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
            detail = f"{self.name}: {what}: {code or status}"
            if code in _DENIED or status == 403:
                return RemoteDenied(detail, remote=self.name)
            return RemoteServiceFailed(detail, remote=self.name)
        if isinstance(exc, BotoCoreError):
            name = type(exc).__name__
            if name in ("NoCredentialsError", "PartialCredentialsError"):
                return RemoteDenied(f"{self.name}: no S3 credentials (keyring or AWS_*)",
                                    remote=self.name)
            return RemoteUnreachable(f"{self.name}: {what}: {name}", remote=self.name)
        return RemoteUnreachable(f"{self.name}: {what}: {type(exc).__name__}",
                                 remote=self.name)

    def _retry(self, what: str, fn: Callable[[], Any], flow: Flow | None = None,
               on_retry: Callable[[], None] | None = None) -> Any:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return retrying(what, self.name, fn, transient=transient, policy=self.policy,
                            cancel=flow.cancel if flow else _NO_CANCEL, on_retry=on_retry)
        except RemoteServiceFailed:
            raise
        except (ClientError, BotoCoreError, OSError) as exc:
            raise self._fail(exc, what) from exc

    def _call(self, what: str, method: str, **kwargs: Any) -> Any:
        return self._retry(what, lambda: getattr(self.client, method)(Bucket=self.bucket,
                                                                        **kwargs))

    def _key(self, name: str) -> str:
        return self.prefix + name

    # -- bucket facts ------------------------------------------------------
    @property
    def versioned(self) -> bool:
        if self._versioned is None:
            answer = self._call("versioning", "get_bucket_versioning")
            self._versioned = answer.get("Status") == "Enabled"
        return self._versioned

    def _lock_state(self) -> tuple[bool, bool]:
        if self._lock is None:
            from botocore.exceptions import ClientError

            try:
                conf = self._retry("object lock", lambda: self.client
                                   .get_object_lock_configuration(Bucket=self.bucket))
            except RemoteServiceFailed as exc:
                cause = exc.__cause__
                code = (str(cause.response.get("Error", {}).get("Code", ""))
                        if isinstance(cause, ClientError) else "")
                if "ObjectLock" in code or code in ("NotImplemented", "404"):
                    self._lock = (False, False)
                    return self._lock
                raise
            c = conf.get("ObjectLockConfiguration", {})
            self._lock = (c.get("ObjectLockEnabled") == "Enabled",
                          bool(c.get("Rule", {}).get("DefaultRetention")))
        return self._lock

    def _lock_args(self) -> dict[str, Any]:
        enabled, default = self._lock_state()
        if enabled and not default and self.retention_days > 0:
            return {"ObjectLockMode": self.lock_mode,
                    "ObjectLockRetainUntilDate": dt.datetime.now(dt.UTC)
                    + dt.timedelta(days=self.retention_days)}
        return {}

    # -- objects -----------------------------------------------------------
    def head(self, name: str) -> ObjectInfo | None:
        from botocore.exceptions import ClientError

        def ask() -> Any:
            try:
                return self.client.head_object(Bucket=self.bucket, Key=self._key(name),
                                               ChecksumMode="ENABLED")
            except ClientError as exc:
                status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
                if status == 404 or exc.response.get("Error", {}).get("Code") in (
                        "404", "NoSuchKey"):
                    return None
                raise

        r = self._retry(f"head {name}", ask)
        if r is None:
            return None
        return ObjectInfo(name, int(r["ContentLength"]), _hex(r.get("ChecksumSHA256")),
                          str(r.get("ChecksumSHA256") or ""))

    def _put(self, name: str, body: Body, sha256: str, size: int, *, conditional: bool,
             flow: Flow | None, parts: FileParts | None = None) -> None:
        if not isinstance(body, bytes) and size > MULTIPART_THRESHOLD:
            self._multipart(name, body, sha256, size, flow, parts)
            return
        extra = self._lock_args()
        if conditional:
            extra["IfNoneMatch"] = "*"
        data = body if isinstance(body, bytes) else body.read_bytes()
        if not isinstance(body, bytes) and (len(data) != size
                                            or hashlib.sha256(data).hexdigest() != sha256):
            # a file named by the hash recorded when it was written, changed since: the
            # server would refuse it too (the checksum header), but say what it is
            raise SourceChanged(f"{self.name}: {name}: the file does not hash to its name",
                                problem="source_changed")
        reader = Reader(data, flow, sha256)  # the name is the SHA-256 of these bytes

        def send() -> Any:
            reader.undo()
            return self.client.put_object(
                Bucket=self.bucket, Key=self._key(name), Body=reader, ContentLength=size,
                ChecksumAlgorithm="SHA256", ChecksumSHA256=_b64(sha256), **extra)

        try:
            answer = self._retry(f"put {name}", send, flow)
        except RemoteServiceFailed:
            reader.undo()  # out of the progress: refused (412: counted as there), or failed
            raise
        stored = _hex(answer.get("ChecksumSHA256"))
        if stored is not None and stored != sha256:
            raise RemoteServiceFailed(f"{self.name}: {name}: the server stored another "
                                      "checksum", remote=self.name)
        if stored == sha256 or self._server_checks_puts():
            return  # the server hashed what it stored: our SHA-256, hence our size
        info = self.head(name)
        if info is None or info.size != size or (info.sha256 not in (None, sha256)):
            raise RemoteServiceFailed(f"{self.name}: {name} not found whole after the write",
                                      remote=self.name)

    # -- multipart ---------------------------------------------------------
    def put_if_absent(self, name: str, body: Body, sha256: str, size: int,
                      flow: Flow | None = None, parts: FileParts | None = None) -> bool:
        multipart = not isinstance(body, bytes) and size > MULTIPART_THRESHOLD
        # Looked up first where the PUT alone cannot be trusted not to replace (a
        # multipart upload is not conditional: its parts would be sent again for nothing)
        info = self.head(name) if multipart or not self._server_checks_puts() else None
        if info is not None:
            if flow is not None:
                flow.advance(size)
            return self._same(info, name, sha256, size)
        try:
            self._put(name, body, sha256, size, conditional=True, flow=flow, parts=parts)
        except RemoteServiceFailed as exc:
            if refused_as_existing(exc):
                again = self.head(name)
                if again is not None:
                    if flow is not None:
                        flow.advance(size)
                    return self._same(again, name, sha256, size)
            raise
        return True

    def _same(self, info: ObjectInfo, name: str, sha256: str, size: int) -> bool:
        if info.size == size and info.sha256 in (None, sha256):
            if info.sha256 is None:  # no stored checksum: read it back before trusting it
                if self.get(name, _Sink()) != sha256:
                    raise RemoteConflict(f"{self.name}: {name} holds other bytes",
                                         problem="conflict")
            return False
        raise RemoteConflict(f"{self.name}: {name} holds other bytes", problem="conflict")

    def put_new_version(self, name: str, body: Body, sha256: str, size: int,
                        flow: Flow | None = None, parts: FileParts | None = None) -> None:
        if not self.versioned:
            raise RemoteConflict(f"{self.name}: {name} is corrupt and the bucket keeps no "
                                 "versions: it is not replaced", problem="no_versions")
        # a new version: the old one stays
        self._put(name, body, sha256, size, conditional=False, flow=flow, parts=parts)

    def get(self, name: str, out: Sink, flow: Flow | None = None,
            parts: FileParts | None = None) -> str:
        """The object streamed into ``out``. A transfer cut midway is retried from the start
        when ``out`` can be rewound (a file, a buffer; what restore and pull write to), so
        a download survives the same faults as an upload. ``parts``: the SHA-256 of each
        part of the file as written (the head record's): each range is checked against its
        own on the thread that downloads it, and ``parts.whole`` returned if all match."""
        ranged = self._ranged_get(name, out, flow, parts)  # large objects into files: by ranges
        if ranged is not None:
            return ranged
        rewind = getattr(out, "seek", None) is not None and getattr(out, "truncate", None)
        start = out.tell() if rewind else 0  # type: ignore[attr-defined]
        attempts = [0]
        counted = [0]  # bytes this attempt put in the flow, taken out on a retry

        def undo() -> None:
            if flow is not None:
                flow.rewind(counted[0])
            counted[0] = 0

        def fetch() -> str:
            attempts[0] += 1
            if attempts[0] > 1:
                if not rewind:
                    raise _Unrewindable()
                out.seek(start)  # type: ignore[attr-defined]
                out.truncate()  # type: ignore[attr-defined]
            answer = self.client.get_object(Bucket=self.bucket, Key=self._key(name))
            sha = hashlib.sha256()
            for block in answer["Body"].iter_chunks(1 << 18):
                if flow is not None:
                    flow.consume(len(block))
                    counted[0] += len(block)
                sha.update(block)
                out.write(block)
            return sha.hexdigest()

        try:
            return str(self._retry(f"get {name}", fetch, flow, undo))
        except _Unrewindable as exc:
            raise RemoteUnreachable(f"{self.name}: get {name}: cut midway",
                                    remote=self.name) from exc

    def list(self, prefix: str) -> Iterator[ObjectInfo]:
        token: str | None = None
        while True:
            extra = {"ContinuationToken": token} if token else {}
            page = self._call("list", "list_objects_v2", Prefix=self._key(prefix), **extra)
            for item in page.get("Contents", []):
                yield ObjectInfo(str(item["Key"])[len(self.prefix):], int(item["Size"]))
            token = page.get("NextContinuationToken")
            if not page.get("IsTruncated") or not token:
                return

    def test(self) -> Capabilities:
        missing: list[str] = []
        try:
            self._call("bucket", "head_bucket")
        except RemoteDenied as exc:
            return Capabilities(True, False, False, False, missing=(
                f"accès refusé au compartiment {self.bucket} : identifiants absents ou "
                f"refusés, ou compartiment inexistant ({exc.detail})",))
        except RemoteServiceFailed as exc:
            return Capabilities(False, False, False, False, missing=(
                f"serveur injoignable ({exc.detail})",))
        versioning = self.versioned
        lock, default = self._lock_state()
        mode, days = "", 0
        if lock:
            conf = self.client.get_object_lock_configuration(Bucket=self.bucket)
            rule = conf.get("ObjectLockConfiguration", {}).get("Rule", {})
            ret = rule.get("DefaultRetention", {})
            mode, days = str(ret.get("Mode", "")), int(ret.get("Days", 0) or 0)
        if not versioning:
            missing.append("le versionnage du compartiment n'est pas activé : un objet "
                           "endommagé ne pourra pas être réparé sans perdre l'ancien")
        if not lock:
            missing.append("le verrouillage d'objets (Object Lock) n'est pas activé : la "
                           "suppression reste possible côté serveur")
        elif not default and not self.retention_days:
            missing.append("aucune durée de rétention par défaut : définissez-en une sur le "
                           "compartiment ou avec --retention-days")
        probe = probe_name(self.name)
        writable = True
        try:
            self.put_if_absent(probe, b"probant", hashlib.sha256(b"probant").hexdigest(), 7)
        except RemoteServiceFailed as exc:
            writable = False
            missing.append(f"écriture refusée ({exc.detail})")
        return Capabilities(True, writable, versioning, lock, mode, days, tuple(missing))


def _client(name: str, creds: tuple[str, str] | None, region: str, endpoint: str,
            config: Any) -> Any:
    """boto3's S3 client: the keyring's key, else boto3's own chain (environment,
    ``~/.aws``). A chain that cannot be read (a profile named that does not exist, a
    malformed ``~/.aws/config``) is the officer's to fix, said as such, not an
    unexpected error."""
    import boto3
    from botocore.exceptions import BotoCoreError

    try:
        session = boto3.session.Session(
            aws_access_key_id=creds[0] if creds else None,
            aws_secret_access_key=creds[1] if creds else None,
            region_name=region or None)
        return session.client("s3", endpoint_url=endpoint or None, config=config)
    except BotoCoreError as exc:  # the message names a profile or a file, never a secret
        raise RemoteDenied(f"{name}: the S3 configuration could not be read "
                           f"({type(exc).__name__}: {exc})", remote=name) from None


class _Unrewindable(Exception):
    """A retry of a download whose sink cannot start over."""


class _Sink:
    """Discards what it is given (the bytes are hashed by ``get``); rewinds trivially."""

    def write(self, data: bytes) -> int:
        return len(data)

    def tell(self) -> int:
        return 0

    def seek(self, offset: int) -> int:
        return offset

    def truncate(self) -> int:
        return 0



_NO_CANCEL = CancelToken()


def transient(exc: BaseException) -> str | None:
    """Why ``exc`` deserves another try (5xx, throttling, a connection cut or refused, a
    timeout), or None (denied, not found, a conflict: trying again changes nothing)."""
    from botocore.exceptions import BotoCoreError, ClientError

    if isinstance(exc, ClientError):
        code = str(exc.response.get("Error", {}).get("Code", ""))
        status = int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)
        if status >= 500 or status == 429 or code in _TRANSIENT_CODES:
            return f"{status} {code}".strip()
        return None
    if isinstance(exc, BotoCoreError | ConnectionError | TimeoutError):
        return type(exc).__name__
    if isinstance(exc, OSError) and not isinstance(exc, FileNotFoundError | PermissionError):
        return type(exc).__name__
    return None
