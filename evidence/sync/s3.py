"""The S3 remote, through boto3: any S3 API (OVHcloud, Scaleway, AWS, MinIO, SeaweedFS).

Every PUT carries ``x-amz-checksum-sha256`` (the server refuses a body that does not
match) and the checksum the server stored is compared with ours after the write. A PUT
never replaces: the name is looked up first and the PUT is conditional
(``If-None-Match: *``) where the server honours it. Where the bucket has Object Lock,
its default retention applies; a retention of the remote's own (``retention_days``) is
set on each object otherwise. Credentials: the OS keyring (service ``Probant S3``, user
= remote name, a JSON ``{"access_key_id", "secret_access_key"}``), else boto3's own chain
(environment, ``~/.aws``) — never the settings.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterator
from typing import Any, BinaryIO

from evidence.errors import RemoteServiceFailed
from evidence.sync.errors import RemoteConflict, RemoteDenied, RemoteUnreachable
from evidence.sync.remote import Body, Capabilities, ObjectInfo, Sink

log = logging.getLogger(__name__)

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


def _b64(hex_digest: str) -> str:
    return base64.b64encode(bytes.fromhex(hex_digest)).decode()


def _hex(b64: str | None) -> str | None:
    if not b64 or "-" in b64:  # a multipart composite checksum: not the object's SHA-256
        return None
    try:
        return base64.b64decode(b64).hex()
    except ValueError:
        return None


class S3Remote:
    def __init__(self, name: str, endpoint: str, bucket: str, region: str = "",
                 path_style: bool = True, prefix: str = "", retention_days: int = 0,
                 lock_mode: str = "COMPLIANCE", timeout_s: float = 10.0) -> None:
        import boto3
        from botocore.config import Config

        self.name = name
        self.bucket = bucket
        self.prefix = prefix
        self.retention_days = retention_days
        self.lock_mode = lock_mode
        creds = keyring_credentials(name)
        session = boto3.session.Session(
            aws_access_key_id=creds[0] if creds else None,
            aws_secret_access_key=creds[1] if creds else None,
            region_name=region or None)
        config = Config(
            s3={"addressing_style": "path" if path_style else "virtual"},
            connect_timeout=timeout_s, read_timeout=max(timeout_s, 30.0),
            retries={"max_attempts": 3, "mode": "standard"},
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required")
        self.client: Any = session.client("s3", endpoint_url=endpoint or None, config=config)
        self._lock: tuple[bool, bool] | None = None  # (lock enabled, default retention)
        self._versioned: bool | None = None

    # -- errors ------------------------------------------------------------
    def _fail(self, exc: Exception, what: str) -> RemoteServiceFailed:
        from botocore.exceptions import BotoCoreError, ClientError

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

    def _call(self, what: str, method: str, **kwargs: Any) -> Any:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return getattr(self.client, method)(Bucket=self.bucket, **kwargs)
        except (ClientError, BotoCoreError, OSError) as exc:
            raise self._fail(exc, what) from exc

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
                conf = self.client.get_object_lock_configuration(Bucket=self.bucket)
            except ClientError as exc:
                code = str(exc.response.get("Error", {}).get("Code", ""))
                if "ObjectLock" in code or code in ("NotImplemented", "404"):
                    self._lock = (False, False)
                    return self._lock
                raise self._fail(exc, "object lock") from exc
            except Exception as exc:
                raise self._fail(exc, "object lock") from exc
            c = conf.get("ObjectLockConfiguration", {})
            self._lock = (c.get("ObjectLockEnabled") == "Enabled",
                          bool(c.get("Rule", {}).get("DefaultRetention")))
        return self._lock

    # -- objects -----------------------------------------------------------
    def head(self, name: str) -> ObjectInfo | None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            r = self.client.head_object(Bucket=self.bucket, Key=self._key(name),
                                        ChecksumMode="ENABLED")
        except ClientError as exc:
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
            if status == 404 or exc.response.get("Error", {}).get("Code") in ("404",
                                                                              "NoSuchKey"):
                return None
            raise self._fail(exc, f"head {name}") from exc
        except (BotoCoreError, OSError) as exc:
            raise self._fail(exc, f"head {name}") from exc
        return ObjectInfo(name, int(r["ContentLength"]), _hex(r.get("ChecksumSHA256")))

    def _put(self, name: str, body: Body, sha256: str, size: int, *,
             conditional: bool) -> None:
        extra: dict[str, Any] = {}
        enabled, default = self._lock_state()
        if enabled and not default and self.retention_days > 0:
            extra["ObjectLockMode"] = self.lock_mode
            extra["ObjectLockRetainUntilDate"] = (dt.datetime.now(dt.UTC)
                                                  + dt.timedelta(days=self.retention_days))
        if conditional:
            extra["IfNoneMatch"] = "*"
        handle: BinaryIO | None = None
        try:
            data: Any = body if isinstance(body, bytes) else open(body, "rb")  # noqa: SIM115
            handle = None if isinstance(body, bytes) else data
            answer = self._call(f"put {name}", "put_object", Key=self._key(name), Body=data,
                                ContentLength=size, ChecksumAlgorithm="SHA256",
                                ChecksumSHA256=_b64(sha256), **extra)
        finally:
            if handle is not None:
                handle.close()
        stored = _hex(answer.get("ChecksumSHA256"))
        if stored is not None and stored != sha256:
            raise RemoteServiceFailed(f"{self.name}: {name}: the server stored another "
                                      "checksum", remote=self.name)
        info = self.head(name)
        if info is None or info.size != size or (info.sha256 not in (None, sha256)):
            raise RemoteServiceFailed(f"{self.name}: {name} not found whole after the write",
                                      remote=self.name)

    def put_if_absent(self, name: str, body: Body, sha256: str, size: int) -> bool:
        info = self.head(name)
        if info is not None:
            return self._same(info, name, sha256, size)
        try:
            self._put(name, body, sha256, size, conditional=True)
        except RemoteServiceFailed as exc:
            if "PreconditionFailed" in exc.detail or "412" in exc.detail:
                again = self.head(name)
                if again is not None:
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

    def put_new_version(self, name: str, body: Body, sha256: str, size: int) -> None:
        if not self.versioned:
            raise RemoteConflict(f"{self.name}: {name} is corrupt and the bucket keeps no "
                                 "versions: it is not replaced", problem="no_versions")
        self._put(name, body, sha256, size, conditional=False)  # a new version: the old stays

    def get(self, name: str, out: Sink) -> str:
        from botocore.exceptions import BotoCoreError, ClientError

        answer = self._call(f"get {name}", "get_object", Key=self._key(name))
        sha = hashlib.sha256()
        try:
            for block in answer["Body"].iter_chunks(1 << 20):
                sha.update(block)
                out.write(block)
        except (ClientError, BotoCoreError, OSError) as exc:
            raise self._fail(exc, f"get {name}") from exc
        return sha.hexdigest()

    def list(self, prefix: str) -> Iterator[ObjectInfo]:
        from botocore.exceptions import BotoCoreError, ClientError

        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self._key(prefix))
        try:
            for page in pages:
                for item in page.get("Contents", []):
                    yield ObjectInfo(str(item["Key"])[len(self.prefix):], int(item["Size"]))
        except (ClientError, BotoCoreError, OSError) as exc:
            raise self._fail(exc, "list") from exc

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
        probe = f".probe/{hashlib.sha256(self.name.encode()).hexdigest()[:16]}"
        writable = True
        try:
            self.put_if_absent(probe, b"probant", hashlib.sha256(b"probant").hexdigest(), 7)
        except RemoteServiceFailed as exc:
            writable = False
            missing.append(f"écriture refusée ({exc.detail})")
        return Capabilities(True, writable, versioning, lock, mode, days, tuple(missing))


class _Sink:
    def write(self, data: bytes) -> int:
        return len(data)

