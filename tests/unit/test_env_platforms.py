"""The platform interface: one reader per OS, chosen by sys.platform, failures as "unknown"."""

from __future__ import annotations

import inspect
import os
import sys
import uuid

import psutil
import pytest

from capture.environment import platforms
from capture.environment.base import LABELS, STATUSES, EnvironmentCheck, EnvironmentConfig
from capture.environment.platforms.common import (
    CommandFailed,
    Once,
    as_list,
    clean_serial,
    guarded,
    run,
    running_tools,
)
from capture.environment.platforms.interface import PlatformProbes
from capture.environment.platforms.linux import LinuxProbes
from capture.environment.platforms.macos import MacProbes
from capture.environment.platforms.windows import WindowsProbes
from capture.environment.report import build_report, probes
from tests.fixtures.ports import refused_url

READERS = (LinuxProbes, WindowsProbes, MacProbes)
# The platform's own points, with the key each must answer under.
PLATFORM_POINTS = {"hardware": "hardware", "operating_system": "os",
                   "last_update": "os_last_update", "screens": "screens",
                   "security_software": "security", "interfaces": "network",
                   "gateway": "gateway", "dns_servers": "dns_servers",
                   "proxy_settings": "proxy", "remote_tools": "remote_tools"}


@pytest.mark.parametrize(("platform", "reader"), [("linux", LinuxProbes), ("win32", WindowsProbes),
                                                  ("darwin", MacProbes),
                                                  ("freebsd14", LinuxProbes)])
def test_the_reader_is_chosen_by_sys_platform(monkeypatch, platform, reader) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    chosen = platforms.current()
    assert type(chosen) is reader and isinstance(chosen, PlatformProbes)
    assert platforms.current() is not chosen  # fresh per report: caches are per report


@pytest.mark.parametrize("reader", READERS)
def test_every_reader_implements_the_whole_interface(reader) -> None:
    assert not inspect.isabstract(reader)
    abstract = PlatformProbes.__abstractmethods__
    assert abstract and all(name in reader.__dict__ for name in abstract)
    assert reader.name in ("linux", "windows", "macos")


@pytest.mark.parametrize("reader", READERS)
def test_no_probe_raises_even_off_its_platform(reader) -> None:
    """Windows and macOS readers run here without their tools: each point says "unknown" with
    the method tried and why, instead of raising."""
    instance = reader()
    checks = {}
    for method, key in PLATFORM_POINTS.items():
        check = guarded(key, getattr(instance, method))()
        assert isinstance(check, EnvironmentCheck)
        assert check.key == key and check.label_fr == LABELS[key]
        assert check.status in STATUSES and check.method
        checks[key] = check
    # Interfaces and running programs come from psutil, on every platform: established.
    assert checks["network"].status == "ok" and checks["network"].value
    assert checks["remote_tools"].status in ("ok", "warning")
    if reader is type(platforms.current()):  # this machine's own reader
        assert checks["os"].status == "ok"
    else:  # the OS's own tools are missing here: unknown, saying why (not a made-up value)
        for key in ("hardware", "os", "os_last_update", "security", "dns_servers"):
            assert checks[key].status == "unknown" and checks[key].note_fr, key


def test_off_platform_readers_say_what_was_missing() -> None:
    hardware = guarded("hardware", WindowsProbes().hardware)()
    assert hardware.status == "unknown" and "Win32_ComputerSystem" in hardware.method
    mac = guarded("dns_servers", MacProbes().dns_servers)()
    assert mac.status == "unknown" and mac.method == "scutil --dns" and "absente" in mac.note_fr


def test_the_report_asks_the_reader_for_every_os_point() -> None:
    keys = [key for key, _, _ in probes(EnvironmentConfig(), LinuxProbes())]
    assert keys == list(LABELS)  # the checklist order, documented labels


class _Broken(LinuxProbes):
    def hardware(self) -> EnvironmentCheck:
        raise CommandFailed("outil X", "outil X absent")

    def gateway(self) -> EnvironmentCheck:
        raise ValueError("sortie inattendue")


def test_a_failing_reader_gives_unknown_points_not_a_lost_report() -> None:
    config = EnvironmentConfig(ntp_servers=(), public_ip_services=(),
                               proxy_check_url=refused_url(), timeout_s=0.5)
    report = build_report("manual", config, reader=_Broken())
    assert [c.key for c in report.checks] == list(LABELS)
    hardware, gateway = report.check("hardware"), report.check("gateway")
    assert (hardware.status, hardware.method, hardware.note_fr) == ("unknown", "outil X",
                                                                     "outil X absent")
    assert gateway.status == "unknown" and "ValueError" in gateway.method
    assert report.check("os").status == "ok"


def test_run_is_bounded_and_reports_why() -> None:
    assert run([sys.executable, "-c", "print('bonjour')"]).strip() == "bonjour"
    with pytest.raises(CommandFailed, match="absente"):
        run(["/nonexistent/tool"])
    with pytest.raises(CommandFailed, match="code de sortie 3 : raté"):
        run([sys.executable, "-c", "import sys; sys.stderr.write('raté'); sys.exit(3)"])
    assert "raté" in run([sys.executable, "-c", "import sys; sys.stderr.write('raté'); "
                          "sys.exit(1)"], accept_failure=True)
    # A command that does not answer: run() gives up (it would otherwise return its exit code
    # 0 after 30 s) and leaves nothing running behind.
    marker = f"probant-test-{os.getpid()}-{uuid.uuid4().hex}"
    with pytest.raises(CommandFailed, match="pas de réponse en 0.5 s") as failure:
        run([sys.executable, "-c", "import time; time.sleep(30)", marker], timeout=0.5,
            method="lent")
    assert failure.value.method == "lent"
    assert not [p for p in psutil.process_iter(["cmdline"]) if marker in (p.info["cmdline"] or [])]


def test_once_reads_a_shared_source_once_failures_included() -> None:
    calls: list[int] = []

    def failing() -> str:
        calls.append(1)
        raise CommandFailed("m", "absent")

    once = Once(failing)
    for _ in range(3):
        with pytest.raises(CommandFailed):
            once.get()
    assert len(calls) == 1
    ok = Once(lambda: calls.append(2) or "valeur")
    assert ok.get() == ok.get() == "valeur" and calls.count(2) == 1


def test_tools_are_matched_whatever_the_platform_spells_them() -> None:
    names = ["AnyDesk.exe", "AnyDesk.exe", r"C:\Program Files\obs-studio\bin\64bit\obs64.exe",
             "/Applications/TeamViewer.app/Contents/MacOS/TeamViewer", "x11vnc", "chrome.exe",
             "obsidian", "ffmpeg"]
    assert running_tools(names) == ["AnyDesk.exe", "ffmpeg", "obs64.exe", "TeamViewer", "x11vnc"]


def test_small_helpers() -> None:
    assert clean_serial("To Be Filled By O.E.M.") == "non renseigné par le fabricant"
    assert clean_serial(" PF2KX7QM ") == "PF2KX7QM"
    assert clean_serial(None, "réservé à root") == "réservé à root"
    assert as_list(None) == [] and as_list({"a": 1}) == [{"a": 1}]
    assert as_list({"value": [1, 2], "Count": 2}) == [1, 2]
