"""Crash-safe file writes: temp file, fsync, rename (or no-clobber link), fsync of the folder."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

from evidence.errors import FileMissing, OutputExists, StorageError, StorageFull

T = TypeVar("T")


def fsync_dir(folder: Path) -> None:
    """Make a rename or link in ``folder`` durable (no-op where the OS cannot)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def process_alive(pid: int) -> bool:
    """Whether ``pid`` runs now: a temp file named after its writer is removed only once the
    writer is gone. On Windows ``os.kill`` has no signal 0 (it would end the process): the
    writer is taken as alive there, its few temp files wait."""
    if pid == os.getpid() or os.name == "nt":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: another user's live process
        return True
    return True


def raise_storage_error(exc: OSError, what: str) -> None:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        raise StorageFull(f"no space left while writing {what}", what=what) from exc
    raise StorageError(f"{what}: {exc.strerror}", what=what) from exc


def write_atomic(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Write ``data`` to ``path`` so that a crash leaves the old file or the new one.

    With ``overwrite=False`` an existing ``path`` is never replaced (FileExistsError).
    """
    # Per process and per call: two threads writing the same file must not share a temp
    # file (one truncating what the other is writing gave « Extra data » to a reader).
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            publish_no_clobber(tmp, path)
        fsync_dir(path.parent)
    except FileExistsError:
        raise
    except OSError as exc:
        raise_storage_error(exc, path.name)
    finally:
        if tmp.exists():
            tmp.unlink()


def publish_no_clobber(tmp: Path, final: Path) -> None:
    """Move ``tmp`` to ``final`` atomically, never replacing an existing file."""
    if os.name == "nt":
        os.rename(tmp, final)  # refuses to replace on Windows
        return
    try:
        os.link(tmp, final)
    except OSError as exc:
        if exc.errno == errno.EEXIST:
            raise FileExistsError(str(final)) from exc
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV):
            raise
        # Filesystem without hard links: rename after an existence check.
        if final.exists():
            raise FileExistsError(str(final)) from exc
        os.rename(tmp, final)
        return
    os.unlink(tmp)


def create_file(out: Path, fill: Callable[[BinaryIO], T]) -> T:
    """Create ``out`` from what ``fill`` writes: under a temporary name, fsynced, then
    published without ever replacing a file; a failure or a cancel leaves nothing."""
    if out.exists():
        raise OutputExists(f"{out} already exists", path=str(out))
    if not out.parent.is_dir():
        raise FileMissing(f"no such folder: {out.parent}", path=str(out.parent))
    tmp = out.with_name(f".{out.name}.{os.getpid()}.part")
    try:
        with open(tmp, "wb") as handle:
            result = fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        publish_no_clobber(tmp, out)
        fsync_dir(out.parent)
    except FileExistsError as exc:
        raise OutputExists(f"{out} already exists", path=str(out)) from exc
    except OSError as exc:
        raise_storage_error(exc, str(out))
    finally:
        tmp.unlink(missing_ok=True)
    return result
