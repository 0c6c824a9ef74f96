"""macOS reader: its parsers on sample outputs, and the reader fed those outputs.

macOS cannot run here: the samples are what system_profiler, sw_vers, scutil, route,
networksetup and ps print on macOS 13-14, and an InstallHistory.plist.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from capture.environment.base import EnvironmentConfig
from capture.environment.platforms import macos
from capture.environment.platforms.common import CommandFailed
from capture.environment.platforms.macos import MacProbes
from capture.environment.platforms.macos_parsers import (
    installed_security_apps,
    parse_displays,
    parse_firewall_state,
    parse_hardware,
    parse_hardware_ports,
    parse_install_history,
    parse_profiler,
    parse_ps,
    parse_route_get,
    parse_scutil_dns,
    parse_scutil_proxy,
    parse_spctl,
    parse_sw_vers,
    parse_system_integrity,
    virtual_mode,
)
from capture.environment.report import build_report
from tests.fixtures.ports import refused_url

SAMPLES = Path(__file__).parent / "env_samples" / "macos"


def _text(name: str) -> str:
    return (SAMPLES / name).read_text("utf-8")


def test_system_profiler_hardware_software_displays() -> None:
    data = parse_profiler(_text("system_profiler.json"))
    assert parse_hardware(data) == {"make": "Apple", "model": "MacBook Pro",
                                    "serial": "C02G71XYQ6LR",
                                    "model_identifier": "MacBookPro18,3",
                                    "model_number": "MKGP3FN/A", "processor": "Apple M1 Pro"}
    assert parse_system_integrity(data) is True
    assert parse_displays(data) == [
        "Color LCD 3456 x 2234 (affiché 1728 x 1117 @ 120.00Hz) [interne, principal]",
        "DELL U2720Q 3840 x 2160 (affiché 1920 x 1080 @ 60.00Hz) [externe]"]
    assert parse_hardware({})["make"] == "non lisible"
    with pytest.raises(CommandFailed):
        parse_profiler("2024-04-16 system_profiler[812:1f03] crashed")


def test_sw_vers_with_and_without_rapid_security_response() -> None:
    assert parse_sw_vers(_text("sw_vers.txt")) == {"product": "macOS",
                                                   "product_version": "14.4.1",
                                                   "build": "23E224"}
    assert parse_sw_vers(_text("sw_vers_rsr.txt"))["security_response"] == "(c)"


def test_install_history_keeps_apple_updates_only() -> None:
    value = parse_install_history((SAMPLES / "InstallHistory.plist").read_bytes())
    assert value == {
        "macos": {"name": "macOS Sonoma 14.4.1", "version": "14.4.1",
                  "date_utc": "2024-04-04 07:55:12"},
        "security_data": {"name": "MRTConfigData", "version": "1.93",
                          "date_utc": "2024-04-04 08:02:40"}}


def test_firewall_gatekeeper_and_security_apps() -> None:
    assert parse_firewall_state("Firewall is enabled. (State = 1)\n") == 1
    assert parse_firewall_state("Firewall is disabled. (State = 0)\n") == 0
    assert parse_firewall_state("Firewall is blocking all non-essential incoming connections."
                                " (State = 2)") == 2
    assert parse_firewall_state("usage: socketfilterfw") is None
    assert parse_spctl("assessments enabled\n") is True
    assert parse_spctl("assessments disabled\n") is False and parse_spctl("") is None
    assert installed_security_apps(["Safari.app", "Little Snitch.app", "Malwarebytes.app",
                                    "Pages.app"]) == ["Little Snitch", "Malwarebytes"]


def test_hardware_ports_and_virtual_interfaces() -> None:
    assert parse_hardware_ports(_text("networksetup_ports.txt")) == {
        "en4": "Ethernet", "bridge0": "pont Thunderbolt", "en0": "Wi-Fi", "en7": "Ethernet",
        "en8": "mobile (partage de connexion)", "en1": "pont Thunderbolt"}
    assert virtual_mode("utun4") == "virtuelle (tunnel)" and virtual_mode("awdl0") == "virtuelle"
    assert virtual_mode("en0") is None


def test_default_route() -> None:
    assert parse_route_get(_text("route_default.txt")) == ("en0", "192.168.1.1")
    assert parse_route_get(_text("route_none.txt")) is None


def test_dns_default_then_split_vpn_resolvers() -> None:
    assert parse_scutil_dns(_text("scutil_dns.txt")) == [
        "192.168.1.1", "2a01:cb08:8a3:f00::1", "10.8.0.53 (etude.local)"]
    assert parse_scutil_dns("No DNS configuration available\n") == []


def test_proxy_with_pac_url_and_without() -> None:
    value, configured = parse_scutil_proxy(_text("scutil_proxy_pac.txt"))
    assert configured
    assert value == {"macos_http": "proxy.etude.local:3128",
                     "macos_pac_url": "http://wpad.etude.local/proxy.pac",
                     "macos_exceptions": ["*.local", "169.254/16", "intranet.etude.local"]}
    value, configured = parse_scutil_proxy(_text("scutil_proxy_none.txt"))
    assert not configured and value == {"macos_proxy": "aucun"}
    wpad = parse_scutil_proxy("<dictionary> {\n  ProxyAutoDiscoveryEnable : 1\n}\n")
    assert wpad == ({"macos_auto_discovery": True}, True)


def test_process_names_from_paths_with_spaces() -> None:
    names = parse_ps(_text("ps_teamviewer.txt"))
    assert "Google Chrome" in names and "TeamViewer_Service" in names


@pytest.fixture
def fed_reader(monkeypatch) -> MacProbes:
    """A macOS reader whose commands answer with the samples."""
    outputs = {"system_profiler": "system_profiler.json", "sw_vers": "sw_vers.txt",
               "scutil --proxy": "scutil_proxy_pac.txt", "scutil --dns": "scutil_dns.txt",
               "route": "route_default.txt", "networksetup": "networksetup_ports.txt",
               "ps": "ps_teamviewer.txt"}
    answers = {"socketfilterfw": "Firewall is disabled. (State = 0)\n",
               "spctl": "assessments enabled\n"}

    def fake_run(args: list[str], **_: object) -> str:
        tool = args[0].rsplit("/", 1)[-1]
        if tool in answers:
            return answers[tool]
        command = " ".join([tool, *args[1:2]])
        return _text(outputs.get(command, outputs.get(tool, "missing")))

    monkeypatch.setattr(macos, "run", fake_run)
    monkeypatch.setattr(macos, "_INSTALL_HISTORY", SAMPLES / "InstallHistory.plist")
    monkeypatch.setattr(macos, "_xprotect_version", lambda: "5266")
    monkeypatch.setattr(macos, "_security_apps", lambda: [])
    for var in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(var, raising=False)
    return MacProbes()


def test_the_fed_reader_gives_every_point(fed_reader: MacProbes) -> None:
    config = EnvironmentConfig(ntp_servers=(), public_ip_services=(),
                               proxy_check_url=refused_url(), timeout_s=0.5)
    report = build_report("start", config, reader=fed_reader)
    assert report.check("hardware").value["serial"] == "C02G71XYQ6LR"
    assert report.check("os").value["product_version"] == "14.4.1"
    assert report.check("os_last_update").value["macos"]["version"] == "14.4.1"
    assert report.check("screens").method == "system_profiler SPDisplaysDataType"
    security = report.check("security")  # the application firewall is off by default
    assert security.status == "warning" and security.note_fr == "pare-feu désactivé"
    assert security.value["XProtect (antivirus intégré)"] == "version 5266"
    assert report.check("gateway").value == {"interface": "en0", "address": "192.168.1.1",
                                             "mode": "Wi-Fi"}
    assert report.check("dns_servers").value[0] == "192.168.1.1"
    proxy = report.check("proxy")
    assert proxy.status == "warning" and proxy.value["macos_pac_url"].endswith("proxy.pac")
    tools = report.check("remote_tools")
    assert tools.status == "warning" and tools.value == ["TeamViewer", "TeamViewer_Service"]
    # the PV's wording of this platform's real outputs: no raw token, no English word
    from tests.unit.test_env_wording import raw_words

    assert not raw_words(report.summary_lines_fr()), raw_words(report.summary_lines_fr())


def test_system_profiler_runs_once_for_three_points(fed_reader: MacProbes, monkeypatch) -> None:
    calls: list[str] = []
    original = macos.run

    def counting(args: list[str], **kwargs: object) -> str:
        calls.append(args[0])
        return original(args, **kwargs)

    monkeypatch.setattr(macos, "run", counting)
    reader = MacProbes()
    reader.hardware(), reader.screens(), reader.security_software()
    assert sum(1 for c in calls if c.endswith("system_profiler")) == 1
