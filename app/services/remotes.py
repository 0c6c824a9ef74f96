"""Defining a remote store (issue E): the window's form and ``probant remote add`` both come
here. Everything is checked before anything is written — the name, an S3 address that is a
web address, a bucket, a folder that exists — and the S3 credentials go to the OS keyring,
never into ``remotes.json``; the definition is written only once they are stored, so a
failure leaves neither half. With the vault open, the definition is journaled (where it
points, never a secret)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from evidence.errors import BadInput
from evidence.sync import config, s3
from evidence.sync.config import RemoteConfig
from evidence.vault import Vault


class RemoteNameInvalid(BadInput):
    code = "remote_name_invalid"


class RemoteEndpointInvalid(BadInput):
    code = "remote_endpoint_invalid"


class RemoteBucketMissing(BadInput):
    code = "remote_bucket_missing"


class RemoteFolderMissing(BadInput):
    code = "remote_folder_missing"


class RemoteCredentialsIncomplete(BadInput):
    code = "remote_credentials_incomplete"


@dataclass(frozen=True)
class S3Credentials:
    """An access key the étude's provider gave for one bucket; the secret never printed."""

    access_key_id: str
    secret_access_key: str = field(repr=False)


def define(home: Path, remote: RemoteConfig, credentials: S3Credentials | None = None,
           vault: Vault | None = None) -> RemoteConfig:
    """Checks ``remote``, stores ``credentials`` in the keyring (S3 only; without them,
    boto3's own chain: AWS_* variables, ``~/.aws``), then adds the definition."""
    remote = _checked(remote)
    if any(r.name == remote.name for r in config.load(home)):
        config.add(home, remote)  # raises remote_exists, before any secret is stored
    if credentials is not None and remote.kind == "s3":
        key_id, secret = credentials.access_key_id.strip(), credentials.secret_access_key
        if not key_id or not secret:
            raise RemoteCredentialsIncomplete("give the access key id and the secret key "
                                              "together, or neither")
        s3.store_credentials(remote.name, key_id, secret)
    added = config.add(home, remote)
    if vault is not None:
        vault.log("remote_added", subject=added.name,
                  details={"kind": added.kind, "where": added.where(),
                           "credentials": "keyring" if credentials else "environment"
                           if added.kind == "s3" else "none"})
    return added


def _checked(remote: RemoteConfig) -> RemoteConfig:
    name = remote.name.strip()
    if not config.valid_name(name):
        raise RemoteNameInvalid(f"bad remote name {name!r}: letters, digits, . _ - "
                                "(at most 63)", name=name)
    if remote.kind == "s3":
        endpoint = remote.endpoint.strip().rstrip("/")
        parts = urlsplit(endpoint)
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise RemoteEndpointInvalid(f"an S3 endpoint is an http(s) address: {endpoint!r}",
                                        endpoint=endpoint)
        bucket = remote.bucket.strip()
        if not bucket:
            raise RemoteBucketMissing("an S3 remote needs its bucket")
        return RemoteConfig(name, "s3", endpoint=endpoint, bucket=bucket,
                            region=remote.region.strip(), path_style=remote.path_style,
                            prefix=remote.prefix.strip().strip("/"),
                            retention_days=max(0, remote.retention_days),
                            max_rate=max(0, remote.max_rate))
    folder = Path(remote.path.strip()).expanduser()
    if not remote.path.strip() or not folder.is_dir():
        raise RemoteFolderMissing(f"no such folder: {folder}", path=str(folder))
    return RemoteConfig(name, "folder", path=str(folder.resolve()),
                        max_rate=max(0, remote.max_rate))
