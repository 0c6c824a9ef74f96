"""What a remote store is to Probant, and the folder remote (NAS, external disk).

A remote only ever receives bytes that are already encrypted (blob files as they are,
the SQLCipher database file, wrapped key slots) or that hold no secret (the head record:
names, sizes, hashes and the MACed journal head). It is written once per name: nothing
is overwritten, nothing is deleted (the protocol has no delete).
"""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from evidence.atomic import fsync_dir
from evidence.blob_format import FileParts
from evidence.errors import RemoteServiceFailed
from evidence.sync.errors import (
    RemoteConflict,
    RemoteDenied,
    RemoteFull,
    RemoteReadOnly,
    RemoteUnreachable,
    SourceChanged,
)
from evidence.sync.flow import Flow

Body = bytes | Path  # in memory, or a file sent as it is


class Sink(Protocol):
    """Where ``get`` writes: a binary file, a buffer, a hasher."""

    def write(self, data: bytes, /) -> object: ...


@dataclass(frozen=True)
class ObjectInfo:
    name: str
    size: int
    sha256: str | None = None  # hex, when the remote keeps it (S3 checksum); None otherwise
    checksum: str = ""  # the remote's own checksum as it gives it (S3: base64, "-N" composite)


@dataclass(frozen=True)
class Capabilities:
    """What ``remote test`` reports; ``missing`` worded in French for the officer."""

    reachable: bool
    writable: bool
    versioning: bool
    object_lock: bool
    lock_mode: str = ""
    retention_days: int = 0
    missing: tuple[str, ...] = ()


class Remote(Protocol):
    name: str

    @property
    def versioned(self) -> bool:
        """A new version of a name keeps the old one (S3 versioning on)."""

    def put_if_absent(self, name: str, body: Body, sha256: str, size: int,
                      flow: Flow | None = None, parts: FileParts | None = None) -> bool:
        """Store ``body`` under ``name`` unless it is there; True if sent, False if the
        same bytes were there already. Other bytes under that name: RemoteConflict.
        ``flow``: rate limit, progress and cancel of the push (see flow.py)."""

    def put_new_version(self, name: str, body: Body, sha256: str, size: int,
                        flow: Flow | None = None, parts: FileParts | None = None) -> None:
        """Repair: a new version of a corrupt object; only where old versions are kept."""

    def get(self, name: str, out: Sink, flow: Flow | None = None,
            parts: FileParts | None = None) -> str:
        """Write the object to ``out``; returns the SHA-256 (hex) of what was read.
        ``flow``: rate limit, progress and cancel, block by block."""

    def head(self, name: str) -> ObjectInfo | None: ...

    def list(self, prefix: str) -> Iterator[ObjectInfo]: ...

    def test(self) -> Capabilities: ...


def sha256_file(path: Path) -> tuple[str, int]:
    sha = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            sha.update(block)
            size += len(block)
    return sha.hexdigest(), size


def _os_error(exc: OSError, remote: str, what: str) -> RemoteServiceFailed:
    detail = f"{remote}: {what}: {exc.strerror or exc}"
    if exc.errno == errno.EROFS:
        return RemoteReadOnly(detail, remote=remote)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return RemoteFull(detail, remote=remote)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return RemoteDenied(detail, remote=remote)
    return RemoteUnreachable(detail, remote=remote)


class FolderRemote:
    """Write-once files under a folder: created exclusively, fsynced, never replaced."""

    versioned = False

    def __init__(self, name: str, root: Path) -> None:
        self.name = name
        self.root = root

    def _path(self, name: str) -> Path:
        if name.startswith("/") or ".." in name.split("/"):
            raise ValueError(f"bad object name {name!r}")
        return self.root / name

    def _check_root(self) -> None:
        if not self.root.is_dir():
            raise RemoteUnreachable(f"{self.name}: folder {self.root} is not there "
                                    "(disk not mounted?)", remote=self.name)

    def put_if_absent(self, name: str, body: Body, sha256: str, size: int,
                      flow: Flow | None = None, parts: FileParts | None = None) -> bool:
        self._check_root()
        final = self._path(name)
        if final.exists():
            if flow is not None:
                flow.advance(size)
            return self._same(final, name, sha256)
        tmp = self.root / ".tmp" / f"{os.getpid()}-{os.urandom(6).hex()}.part"
        try:
            tmp.parent.mkdir(parents=True, exist_ok=True)
            final.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                for block in _blocks(body):
                    if flow is not None:
                        flow.consume(len(block))
                    digest.update(block)
                    view = memoryview(block)
                    while view:
                        view = view[os.write(fd, view):]
                os.fsync(fd)
            finally:
                os.close(fd)
            if digest.hexdigest() != sha256:  # never published under that name
                raise SourceChanged(f"{self.name}: {name}: the file does not hash to its "
                                    "name", problem="source_changed")
            try:
                os.link(tmp, final)  # no-clobber: an existing name is never replaced
            except FileExistsError:
                return self._same(final, name, sha256)
            fsync_dir(final.parent)
            return True
        except OSError as exc:
            raise _os_error(exc, self.name, name) from exc
        finally:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass

    def _same(self, final: Path, name: str, sha256: str) -> bool:
        if sha256_file(final)[0] != sha256:
            raise RemoteConflict(f"{self.name}: {name} holds other bytes", problem="conflict")
        return False

    def put_new_version(self, name: str, body: Body, sha256: str, size: int,
                        flow: Flow | None = None, parts: FileParts | None = None) -> None:
        raise RemoteConflict(f"{self.name}: {name} is corrupt and a folder remote keeps no "
                             "versions: set the damaged file aside by hand, then sync",
                             problem="no_versions")

    def get(self, name: str, out: Sink, flow: Flow | None = None,
            parts: FileParts | None = None) -> str:
        self._check_root()
        sha = hashlib.sha256()
        try:
            with open(self._path(name), "rb") as handle:
                while block := handle.read(1 << 18):
                    if flow is not None:
                        flow.consume(len(block))
                    sha.update(block)
                    out.write(block)
        except OSError as exc:
            raise _os_error(exc, self.name, name) from exc
        return sha.hexdigest()

    def head(self, name: str) -> ObjectInfo | None:
        self._check_root()
        try:
            return ObjectInfo(name, self._path(name).stat().st_size)
        except FileNotFoundError:
            return None

    def list(self, prefix: str) -> Iterator[ObjectInfo]:
        self._check_root()
        base = self._path(prefix.rstrip("/")) if prefix else self.root
        if not base.is_dir():
            return
        for path in sorted(base.rglob("*")):
            if path.is_file() and ".tmp" not in path.relative_to(self.root).parts:
                yield ObjectInfo(path.relative_to(self.root).as_posix(), path.stat().st_size)

    def test(self) -> Capabilities:
        missing: list[str] = []
        reachable = self.root.is_dir()
        writable = False
        if not reachable:
            missing.append(f"le dossier {self.root} est introuvable (disque non monté ?)")
        else:
            probe = self.root / ".tmp" / f"probe-{os.getpid()}-{os.urandom(4).hex()}"
            try:
                probe.parent.mkdir(exist_ok=True)
                probe.write_bytes(b"probe")
                probe.unlink()
                writable = True
            except OSError as exc:
                missing.append(f"écriture impossible dans {self.root} ({exc.strerror})")
        return Capabilities(reachable, writable, False, False, missing=tuple(missing))


def _blocks(body: Body) -> Iterator[bytes]:
    if isinstance(body, bytes):
        for start in range(0, len(body), 1 << 18):
            yield body[start:start + (1 << 18)]
        return
    with open(body, "rb") as handle:
        while block := handle.read(1 << 18):
            yield block

