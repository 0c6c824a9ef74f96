"""Remote definitions: ``HOME/remotes.json`` (no secret), beside the vault, not in it.

Outside the vault because ``remote add`` must work in an empty home before ``restore``.
A definition names where (endpoint, bucket, region, addressing, prefix, or a folder),
never how to log in: S3 credentials come from the OS keyring or boto3's chain.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from evidence.atomic import write_atomic
from evidence.errors import BadInput
from evidence.sync.errors import RemoteExists, RemoteUnknown
from evidence.sync.remote import FolderRemote, Remote

FILE = "remotes.json"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")


@dataclass(frozen=True)
class RemoteConfig:
    name: str
    kind: str  # "s3" or "folder"
    endpoint: str = ""
    bucket: str = ""
    region: str = ""
    path_style: bool = True
    prefix: str = ""
    path: str = ""
    retention_days: int = 0
    max_rate: int = 0  # bytes per second for this remote's pushes; 0: unlimited

    def to_json(self) -> dict[str, object]:
        return asdict(self)

    def where(self) -> str:
        return self.path if self.kind == "folder" else f"{self.endpoint}/{self.bucket}"


def load(home: Path) -> list[RemoteConfig]:
    path = home / FILE
    if not path.exists():
        return []
    raw = json.loads(path.read_text("utf-8"))
    return [RemoteConfig(**item) for item in raw.get("remotes", [])]


def save(home: Path, remotes: list[RemoteConfig]) -> None:
    home.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"v": 1, "remotes": [r.to_json() for r in remotes]}, indent=1,
                      ensure_ascii=False)
    write_atomic(home / FILE, text.encode())


def valid_name(name: str) -> bool:
    """Letters, digits, ``.``, ``_``, ``-``; it names keyring entries and journal subjects."""
    return bool(_NAME.match(name))


def add(home: Path, remote: RemoteConfig) -> RemoteConfig:
    if not valid_name(remote.name):
        raise BadInput(f"bad remote name {remote.name!r}: letters, digits, . _ -")
    if remote.kind not in ("s3", "folder"):
        raise BadInput(f"unknown remote kind {remote.kind!r}")
    existing = load(home)
    if any(r.name == remote.name for r in existing):
        raise RemoteExists(f"remote {remote.name} exists already", remote=remote.name)
    save(home, [*existing, remote])
    return remote


def get(home: Path, name: str | None) -> RemoteConfig:
    remotes = load(home)
    if name is None:
        if len(remotes) == 1:
            return remotes[0]
        raise RemoteUnknown("name the remote (--remote NAME): "
                            + (", ".join(r.name for r in remotes) or "none defined"))
    for remote in remotes:
        if remote.name == name:
            return remote
    raise RemoteUnknown(f"no remote named {name}", remote=name)


def open_remote(config: RemoteConfig) -> Remote:
    if config.kind == "folder":
        return FolderRemote(config.name, Path(config.path))
    from evidence.sync.s3 import S3Remote

    return S3Remote(config.name, config.endpoint, config.bucket, config.region,
                    config.path_style, config.prefix, config.retention_days)
