"""What differs when Probant runs as an installed (PyInstaller) build rather than from source.

Two things only: how a child process of ours is started (there is no ``python -m`` in a
frozen build: the program itself is started again with ``--child NAME``), and where the
build's own facts (version, commit, date) are read (``build-info.json``, written by
``installer/probant.spec`` beside the bundled code).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

# The only modules a ``--child`` argument may run: a fixed list, so the program cannot be
# made to run arbitrary code of its own by a command-line argument.
CHILDREN: dict[str, str] = {
    "web-browser": "ui.web.browser_main",
}


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def bundle_root() -> Path:
    """The folder holding the bundled code and data (PyInstaller's ``_MEIPASS``), or the
    source tree."""
    meipass = getattr(sys, "_MEIPASS", None)
    return Path(meipass) if meipass else Path(__file__).resolve().parents[1]


def child_command(name: str) -> list[str]:
    """The command that starts one of our child processes (see ``CHILDREN``)."""
    module = CHILDREN[name]
    if is_frozen():
        return [sys.executable, "--child", name]
    return [sys.executable, "-m", module]


def run_child(name: str) -> int:
    """``probant --child NAME`` in a frozen build: runs that child's ``main``."""
    import importlib

    module = CHILDREN.get(name)
    if module is None:
        print(f"probant: unknown child process {name!r}", file=sys.stderr)
        return 2
    entry = importlib.import_module(module)
    return int(entry.main() or 0)


@dataclass(frozen=True)
class BuildInfo:
    version: str
    commit: str | None
    built_at: str | None


def build_info() -> BuildInfo | None:
    """The facts the build recorded about itself, when this is a build."""
    path = bundle_root() / "build-info.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return BuildInfo(str(data.get("version", "")), data.get("commit"), data.get("built_at"))


def version_line(version: str) -> str:
    """``probant 0.1.0 (commit 1a2b3c4d5e6f, built 2026-12-04T17:00:00Z)`` for a build;
    ``probant 0.1.0`` plus the checkout's commit when run from a git checkout."""
    info = build_info()
    if info is not None:
        built = f", built {info.built_at}" if info.built_at else ""
        return f"probant {info.version or version} (commit {info.commit or 'unknown'}{built})"
    commit = source_commit()
    return f"probant {version}" + (f" (source, commit {commit})" if commit else " (source)")


def build_commit() -> str | None:
    """The commit this program was built or is run from (None when neither says)."""
    info = build_info()
    return info.commit if info is not None else source_commit()


def source_commit(root: Path | None = None) -> str | None:
    """The commit of a source checkout (an installed build has no .git: None)."""
    import shutil
    import subprocess

    root = root or bundle_root()
    git = shutil.which("git")
    if git is None or not (root / ".git").exists():
        return None
    try:
        done = subprocess.run([git, "-C", str(root), "rev-parse", "--short=12", "HEAD"],
                              capture_output=True, text=True, timeout=3, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return (done.stdout.strip() or None) if done.returncode == 0 else None
