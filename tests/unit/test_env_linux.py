"""Linux reader: its parsers on sample files, and the reader itself on this (Linux) machine."""

from __future__ import annotations

import os
import re
import socket
import sys
from pathlib import Path

import pytest

from capture.environment.base import STATUSES
from capture.environment.platforms import current
from capture.environment.platforms.linux import (
    LinuxProbes,
    interface_mode,
    parse_apt_history,
    parse_is_active,
    parse_kioslaverc,
    parse_os_release,
    parse_pacman_log,
    parse_proc_route,
    parse_resolv_conf,
    parse_ufw_conf,
)

SAMPLES = Path(__file__).parent / "env_samples" / "linux"
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only: reads this Linux")


def _sample(name: str) -> str:
    return (SAMPLES / name).read_text("utf-8")


def test_os_release() -> None:
    release = parse_os_release(_sample("os-release"))
    assert release["PRETTY_NAME"] == "Ubuntu 24.04 LTS" and release["VERSION_ID"] == "24.04"


def test_default_route_with_the_lowest_metric_wins() -> None:
    # Wired (metric 100) and Wi-Fi (metric 600) both up: the kernel uses the wired one.
    assert parse_proc_route(_sample("proc_net_route.txt")) == ("enp0s31f6", "172.20.20.254")
    header = _sample("proc_net_route.txt").splitlines()[0]
    assert parse_proc_route(header + "\n") is None


def test_resolv_conf_and_history_logs() -> None:
    assert parse_resolv_conf(_sample("resolv.conf.stub")) == ["127.0.0.53"]
    assert parse_apt_history(_sample("apt_history.log")) == "2024-04-15  18:40:02"
    assert parse_apt_history("") is None
    assert parse_pacman_log(_sample("pacman.log")) == "2024-04-14T21:02:43+0200"


def test_firewall_states() -> None:
    assert parse_ufw_conf("# comment\nENABLED=yes\nLOGLEVEL=low\n") is True
    assert parse_ufw_conf("ENABLED=no\n") is False and parse_ufw_conf("") is None
    assert parse_is_active(["firewalld", "nftables"], "active\ninactive\n") == {
        "firewalld": "active", "nftables": "inactive"}
    # No systemd (a container): no state rather than a wrong one.
    assert parse_is_active(["firewalld"], "System has not been booted with systemd as init "
                           "system (PID 1). Can't operate.\nFailed to connect to bus\n") == {}


def test_kde_proxy_with_a_pac_script() -> None:
    assert parse_kioslaverc(_sample("kioslaverc")) == {
        "kde_mode": "pac", "kde_pac_url": "http://wpad.etude.local/proxy.pac"}
    assert parse_kioslaverc("[General]\nfoo=bar\n") is None


def test_interface_mode_from_sys_class_net(tmp_path: Path) -> None:
    (tmp_path / "wlan0" / "wireless").mkdir(parents=True)
    (tmp_path / "enp3s0" / "device").mkdir(parents=True)
    (tmp_path / "wwan0" / "device").mkdir(parents=True)
    (tmp_path / "docker0").mkdir()
    modes = {n: interface_mode(n, tmp_path) for n in ("wlan0", "enp3s0", "wwan0", "docker0",
                                                      "ghost")}
    assert modes == {"wlan0": "Wi-Fi", "enp3s0": "Ethernet", "wwan0": "mobile",
                     "docker0": "virtuelle", "ghost": "inconnu"}


def _default_route_interface() -> str | None:
    """The interface of the default route, read here without the product's parser."""
    try:
        lines = Path("/proc/net/route").read_text().splitlines()[1:]
    except OSError:
        return None
    routes = [line.split() for line in lines]
    defaults = sorted((int(r[6]), r[0]) for r in routes if len(r) > 7 and r[1] == "00000000")
    return defaults[0][1] if defaults else None


def _resolv_conf_servers() -> list[str]:
    try:
        text = Path("/etc/resolv.conf").read_text()
    except OSError:
        return []
    return [m.split("%")[0] for m in re.findall(r"^\s*nameserver\s+(\S+)", text, re.M)]


@linux_only
def test_this_machine_gets_the_linux_reader_and_its_points_are_established(on_xvfb) -> None:
    """Every point this machine can establish is established, with what an independent read
    of the same source gives; the others say why they are unknown."""
    reader = current()
    assert isinstance(reader, LinuxProbes)
    checks = {"hardware": reader.hardware(), "os": reader.operating_system(),
              "os_last_update": reader.last_update(), "screens": reader.screens(),
              "security": reader.security_software(), "network": reader.interfaces(),
              "gateway": reader.gateway(), "dns_servers": reader.dns_servers(),
              "proxy": reader.proxy_settings(), "remote_tools": reader.remote_tools()}
    for key, check in checks.items():
        assert check.key == key and check.status in STATUSES and check.method

    os_check = checks["os"]
    assert os_check.status == "ok" and os_check.value["system"] == "Linux"
    assert os_check.value["release"] == os.uname().release
    if Path("/etc/os-release").exists():
        pretty = re.search(r'^PRETTY_NAME="?([^"\n]*)"?', Path("/etc/os-release").read_text(),
                           re.M)
        assert pretty and os_check.value["distribution"] == pretty.group(1)

    # Under Xvfb (1920x1080, one screen) the screen layout is read.
    assert (checks["screens"].status, checks["screens"].value) == ("ok", ["1920x1080+0+0"])

    network = checks["network"]
    names = {name for _, name in socket.if_nameindex()}
    assert network.status == "ok" and network.value and set(network.value) <= names - {"lo"}
    for info in network.value.values():
        assert set(info) == {"mode", "up", "addresses"}
    route_if = _default_route_interface()
    if route_if is not None:  # a default route: its interface is up, addressed and named
        assert network.value[route_if]["up"] and network.value[route_if]["addresses"]
        assert checks["gateway"].status == "ok"
        assert checks["gateway"].value["interface"] == route_if
    else:
        assert checks["gateway"].status == "offline"

    servers = _resolv_conf_servers()
    if servers and servers != ["127.0.0.53"]:
        assert (checks["dns_servers"].status, checks["dns_servers"].value) == ("ok", servers)

    if Path("/var/lib/dpkg/status").exists() or Path("/var/log/pacman.log").exists():
        assert checks["os_last_update"].status == "ok"
    hardware = checks["hardware"]
    assert set(hardware.value) == {"make", "model", "serial"}
    if Path("/sys/class/dmi/id/sys_vendor").exists():
        assert hardware.status == "ok"
    assert isinstance(checks["remote_tools"].value, list)
    assert checks["remote_tools"].status == "ok" or checks["remote_tools"].value


@linux_only
def test_a_running_recorder_is_a_warning(monkeypatch) -> None:
    from capture.environment.platforms import linux

    monkeypatch.setattr(linux, "psutil_process_names", lambda: ["bash", "x11vnc", "python3"])
    check = LinuxProbes().remote_tools()
    assert check.value == ["x11vnc"] and check.status == "warning"


def test_the_last_update_says_its_zone(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """apt and old pacman logs write local time without a zone: the report adds the
    workstation's offset on that date (Paris: +01:00 in winter, +02:00 in summer)."""
    import time

    from capture.environment.platforms.linux import with_zone

    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    try:
        assert with_zone("2024-04-15  18:40:02") == "2024-04-15 18:40:02+02:00"
        assert with_zone("2024-01-15 18:40") == "2024-01-15 18:40:00+01:00"
        assert with_zone("2024-04-14T21:02:43+0200") == "2024-04-14T21:02:43+0200"  # zoned
        assert with_zone("non déterminée") == "non déterminée"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
