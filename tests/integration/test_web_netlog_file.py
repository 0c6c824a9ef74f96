"""Where Chromium's NetLog is written (ui/web/session.py): a folder of the browsing
process's own, 0700, in memory (capture/web/private_dir.py: /dev/shm here), named in the flags QtWebEngine starts
with (with ``--disable-quic``), gone when the process ends; one left by a killed process
is removed by the next. Real processes; no browser needed to check where it goes."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from capture.web.private_dir import memory_base
from tests.fixtures.web_child import run_child

CHILD = r"""
import json, os
from ui.web import session
session._sanitised_flags()
path = session.NETLOG["path"]
print(json.dumps({"path": str(path), "mode": os.stat(path.parent).st_mode,
                  "flags": os.environ["QTWEBENGINE_CHROMIUM_FLAGS"]}))
"""


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_the_netlog_is_private_in_memory_and_gone_at_exit() -> None:
    base = memory_base()
    assert base is not None  # /dev/shm here (or $XDG_RUNTIME_DIR when it is a tmpfs)
    stale = base / f"probant-netlog-{_dead_pid()}-left"
    stale.mkdir()
    (stale / "netlog.json").write_text("{}")
    env = {**os.environ, "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox --proxy-server=x:1"}
    got = run_child(CHILD, env)
    path = Path(got["path"])
    assert path.parent.parent == base and path.name == "netlog.json"
    assert stat.S_IMODE(got["mode"]) == 0o700
    flags = got["flags"].split()
    assert flags[0] == "--no-sandbox" and "--proxy-server=x:1" not in flags
    assert f"--log-net-log={path}" in flags and "--disable-quic" in flags
    assert not path.parent.exists()  # removed when the process ended
    assert not stale.exists()  # the killed process's folder, removed by the next
