"""Root conftest: every module in tests/fixtures/ is a pytest plugin (one per real component)."""

from __future__ import annotations

import os
from pathlib import Path

# Widgets are tested offscreen; real-screen tests start their own Xvfb (fixtures/xvfb.py).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = sorted(
    f"tests.fixtures.{p.stem}"
    for p in (Path(__file__).parent / "fixtures").glob("*.py")
    if p.stem != "__init__"
)
