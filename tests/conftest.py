"""Root conftest: every module in tests/fixtures/ is a pytest plugin (one per real component).

Under CI (the environment variable CI set, as every CI service does), a skipped test fails
unless its reason is a platform guard from CI_ALLOWED_SKIPS: a skip for a missing tool,
kernel feature or service would otherwise hide that the CI machine lacks a component the
suite claims to test (installer/setup.sh --dev installs them all). Write a platform guard's
reason as "<Platform> only: why" (or "not on <Platform>: why") so that it matches.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Widgets are tested offscreen; real-screen tests start their own Xvfb (fixtures/xvfb.py).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = sorted(
    f"tests.fixtures.{p.stem}"
    for p in (Path(__file__).parent / "fixtures").glob("*.py")
    if p.stem != "__init__"
)

# The only skips allowed under CI: a test that cannot run on this operating system at all.
CI_ALLOWED_SKIPS = (
    re.compile(r"^(Linux|Windows|macOS) only(:|$)"),
    re.compile(r"^not on (Linux|Windows|macOS)(:|$)"),
)


def _skip_reason(longrepr: Any) -> str:
    if isinstance(longrepr, tuple) and len(longrepr) == 3:  # (file, line, "Skipped: why")
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def _forbidden_skip(report: pytest.CollectReport | pytest.TestReport) -> str | None:
    if not os.environ.get("CI") or not report.skipped or hasattr(report, "wasxfail"):
        return None
    reason = _skip_reason(report.longrepr)
    if any(allowed.search(reason) for allowed in CI_ALLOWED_SKIPS):
        return None
    return reason


def _fail(report: pytest.CollectReport | pytest.TestReport, reason: str) -> None:
    report.outcome = "failed"
    report.longrepr = (f"skipped under CI, which is not allowed: {reason!r}\n"
                       "Only platform guards may skip there (tests/conftest.py, "
                       "CI_ALLOWED_SKIPS): install what the test needs "
                       "(bash installer/setup.sh --dev) or fix the machine.")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if (reason := _forbidden_skip(report)) is not None:
        _fail(report, reason)


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if (reason := _forbidden_skip(report)) is not None:
        _fail(report, reason)
