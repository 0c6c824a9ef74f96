"""A folder of this process's own for what the browser writes while a constat runs (its
NetLog, a download on its way to the vault): 0700, on a memory file system where there is
one ($XDG_RUNTIME_DIR, /dev/shm), so that nothing of the constat lands on the disk.

Its name carries the process id (``probant-<kind>-<pid>-XXXXXXXX``): it is removed when the
process ends, and one left by a process that was killed is removed by the next.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

_MEMORY_FS = ("tmpfs", "ramfs")


def memory_base() -> Path | None:
    """Where a memory file system is ours to write in, or None."""
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    memory = {parts[1] for parts in (line.split() for line in mounts)
              if len(parts) > 2 and parts[2] in _MEMORY_FS}
    for base in (os.environ.get("XDG_RUNTIME_DIR", ""), "/dev/shm"):  # noqa: S108 - mkdtemp
        if not base or not os.path.isdir(base) or not os.access(base, os.W_OK):
            continue
        real = os.path.realpath(base)
        if any(real == m or real.startswith(m.rstrip("/") + "/") for m in memory):
            return Path(real)
    return None


def private_dir(kind: str, *, memory_only: bool) -> Path | None:
    """A new folder of ours (mkdtemp: 0700, an unpredictable name). ``memory_only``: None
    when no memory file system is at hand; else the system's temporary folder then."""
    base = memory_base()
    if base is None:
        if memory_only:
            return None
        base = Path(tempfile.gettempdir())
    _remove_stale(base, kind)
    folder = Path(tempfile.mkdtemp(prefix=f"probant-{kind}-{os.getpid()}-", dir=base))
    atexit.register(shutil.rmtree, folder, True)
    return folder


def _remove_stale(base: Path, kind: str) -> None:
    import psutil

    for stale in base.glob(f"probant-{kind}-*-*"):
        pid = stale.name.split("-")[2]
        if pid.isdigit() and not psutil.pid_exists(int(pid)) and _ours(stale):
            shutil.rmtree(stale, ignore_errors=True)


def _ours(path: Path) -> bool:
    import getpass

    try:
        return path.owner() == getpass.getuser()
    except (NotImplementedError, KeyError, OSError):
        return os.name == "nt"  # no owner names there: %TEMP% is the user's own folder
