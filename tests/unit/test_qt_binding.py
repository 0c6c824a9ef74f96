"""The Qt binding must not corrupt the interpreter. PySide6 6.12.0 on CPython 3.11 drops
one reference to None at every call of a method returning nothing: after a few thousand
(update(), setText()...) Python aborts with "none_dealloc", so the desktop would crash
within minutes. Run in a child process: a bad binding kills the interpreter."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
from PySide6.QtCore import QObject
obj = QObject()
before = sys.getrefcount(None)
for _ in range(2000):
    obj.setObjectName("x")
print(before - sys.getrefcount(None))
"""


def test_void_qt_calls_keep_none_alive() -> None:
    run = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0, run.stderr[-500:]
    assert abs(int(run.stdout.strip())) < 50  # a few for the interpreter's own bookkeeping
