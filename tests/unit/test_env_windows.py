"""Windows reader: its parsers on sample outputs, and the reader fed those outputs.

Windows cannot run here: the samples are what the reader's PowerShell scripts, netsh and tasklist
print on Windows 10/11 (French and English systems).
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path
from typing import Any

import pytest

from capture.environment.base import EnvironmentConfig
from capture.environment.platforms import windows
from capture.environment.platforms.windows import WindowsProbes, encode_script
from capture.environment.platforms.windows_parsers import (
    decode_product_state,
    parse_connection_flags,
    parse_dns_servers,
    parse_gateway,
    parse_hardware,
    parse_interface_modes,
    parse_internet_settings,
    parse_last_update,
    parse_netsh_winhttp,
    parse_os,
    parse_sections,
    parse_security,
    parse_tasklist_csv,
)
from capture.environment.report import build_report
from tests.fixtures.ports import refused_url

SAMPLES = Path(__file__).parent / "env_samples" / "windows"


def _text(name: str) -> str:
    return (SAMPLES / name).read_text("utf-8")


def _json(name: str) -> dict[str, Any]:
    return parse_sections(_text(name))


def test_hardware_from_win32_computersystem_and_bios() -> None:
    assert parse_hardware(_json("hardware.json")) == {
        "make": "LENOVO", "model": "20XW0055FR", "serial": "PF2KX7QM",
        "family": "ThinkPad X1 Carbon Gen 9", "bios": "N32ET86W (1.62 )"}
    # A self-built PC: one object instead of a list, and the firmware's placeholder serial.
    whitebox = parse_hardware(_json("hardware_whitebox.json"))
    assert whitebox["serial"] == "non renseigné par le fabricant"
    assert whitebox["make"] == "System manufacturer"


def test_operating_system_with_patch_level() -> None:
    assert parse_os(_json("os.json")) == {
        "product": "Microsoft Windows 11 Professionnel", "display_version": "23H2",
        "build": "22631.3447", "architecture": "64 bits", "installed": "2023-02-14"}


def test_last_update_skips_antivirus_signatures() -> None:
    value = parse_last_update(_json("updates.json"))
    assert value["hotfix"] == {"id": "KB5036893", "date": "2024-04-10",
                               "description": "Security Update"}
    assert "KB5036893" in value["windows_update"]["title"]
    assert value["windows_update"]["date_utc"] == "2024-04-10 18:03:11"
    # The older forms of InstalledOn: WMI's m/d/yyyy and PowerShell 5.1's /Date(ms)/.
    old = {"HotFix": [{"HotFixID": "KB1", "InstalledOn": "4/9/2024"},
                      {"HotFixID": "KB2", "InstalledOn": "/Date(1712880000000)/"}],
           "History": {"error": "Accès refusé"}}
    assert parse_last_update(old) == {"hotfix": {"id": "KB2", "date": "2024-04-12",
                                                 "description": ""}}


def test_security_center_product_state() -> None:
    assert decode_product_state(397568) == (True, False, False)  # Defender, on, up to date
    assert decode_product_state(393472) == (False, False, False)  # Defender, off
    assert decode_product_state(397584) == (True, False, True)  # on, signatures out of date


def test_security_defender_and_windows_firewall_on() -> None:
    found, status, notes = parse_security(_json("security.json"))
    assert status == "ok" and notes == []
    assert found["Windows Defender (antivirus)"] == "actif, signatures à jour"
    assert found["Pare-feu Windows (Public)"] == "actif"
    assert "1.409.425.0" in found["Microsoft Defender (détail)"]


def test_security_all_off_is_a_warning() -> None:
    found, status, notes = parse_security(_json("security_disabled.json"))
    assert status == "warning"
    assert notes == ["aucun antivirus actif", "pare-feu Windows désactivé pour : Public"]
    assert found["Windows Defender (antivirus)"] == "inactif, signatures à jour"


def test_security_third_party_suite_replaces_defender() -> None:
    found, status, notes = parse_security(_json("security_third_party.json"))
    assert status == "ok", notes
    assert found["ESET Security (antivirus)"] == "actif, signatures à jour"
    assert found["ESET Firewall (pare-feu)"] == "actif"


def test_security_without_security_center_says_so() -> None:
    found, status, notes = parse_security(_json("security_server.json"))
    assert status == "ok" and notes == ["antivirus non lu (Centre de sécurité absent)"]
    all_off = {"FirewallProfiles": [{"Name": n, "Enabled": "False"} for n in ("Domain", "Public")],
               "AntiVirus": [{"displayName": "Windows Defender", "productState": 397568}]}
    assert parse_security(all_off)[1:] == ("warning", ["aucun pare-feu actif"])
    unreadable = {"AntiVirus": {"error": "x"}, "Firewall": {"error": "x"},
                  "FirewallProfiles": {"error": "x"}, "Defender": {"error": "x"}}
    assert parse_security(unreadable)[1] == "unknown"


def test_network_modes_gateway_and_dns() -> None:
    data = _json("network.json")
    assert parse_interface_modes(data) == {"Wi-Fi": "Wi-Fi", "Ethernet": "Ethernet",
                                           "vEthernet (Default Switch)": "virtuelle",
                                           "Cellular": "mobile"}
    assert parse_gateway(data) == {"interface": "Wi-Fi", "address": "192.168.1.254",
                                   "mode": "Wi-Fi"}
    # Servers of connected adapters only; no placeholders, no disconnected wired network.
    assert parse_dns_servers(data) == ["192.168.1.254", "2a01:cb08:8a3:f00::1"]
    assert parse_gateway({"Routes": [], "Adapters": []}) is None


def test_netsh_winhttp_in_english_and_french() -> None:
    assert parse_netsh_winhttp(_text("netsh_winhttp_direct_en.txt")) == "accès direct"
    assert parse_netsh_winhttp(_text("netsh_winhttp_direct_fr.txt")) == "accès direct"
    assert parse_netsh_winhttp(_text("netsh_winhttp_proxy_fr.txt")) == (
        "proxy.etude.local:3128 (exceptions : <local>;*.justice.fr)")


def _connection_settings(flags: int) -> bytes:
    # DefaultConnectionSettings: version, change counter, flags, then the proxy strings.
    return (0x46).to_bytes(4, "little") + (12).to_bytes(4, "little") + flags.to_bytes(4, "little")


def test_internet_settings_registry_values() -> None:
    assert parse_connection_flags(_connection_settings(0x09)) == 0x09
    assert parse_connection_flags(b"\x46\x00") is None
    value, configured, notes = parse_internet_settings(
        {"ProxyEnable": 0, "DefaultConnectionSettings": _connection_settings(0x09)})
    assert not configured and value["windows_proxy"] == "aucun"
    assert value["windows_auto_detect"] is True
    assert notes == ["détection automatique (WPAD) activée"]
    value, configured, _ = parse_internet_settings(
        {"ProxyEnable": 1, "ProxyServer": "proxy.etude.local:3128", "ProxyOverride": "<local>",
         "AutoConfigURL": "http://wpad.etude.local/proxy.pac"})
    assert configured and value["windows_proxy"] == "proxy.etude.local:3128"
    assert value["windows_pac_url"] == "http://wpad.etude.local/proxy.pac"


def test_tasklist_csv() -> None:
    names = parse_tasklist_csv(_text("tasklist_anydesk.csv"))
    assert names[0] == "System Idle Process" and names.count("AnyDesk.exe") == 2


def test_scripts_are_passed_encoded_and_answer_json() -> None:
    script = base64.b64decode(encode_script(windows.HARDWARE_SCRIPT)).decode("utf-16-le")
    assert "Win32_BIOS" in script and script.rstrip().endswith("ConvertTo-Json -Depth 5")
    assert "UTF8Encoding" in script  # accents survive the pipe
    with pytest.raises(windows.CommandFailed, match="JSON illisible"):
        parse_sections("Get-CimInstance : Accès refusé")


@pytest.fixture
def fed_reader(monkeypatch) -> WindowsProbes:
    """A Windows reader whose commands answer with the samples."""
    outputs = {windows.HARDWARE_SCRIPT: "hardware.json", windows.OS_SCRIPT: "os.json",
               windows.UPDATE_SCRIPT: "updates.json", windows.SECURITY_SCRIPT: "security.json",
               windows.NETWORK_SCRIPT: "network.json"}
    monkeypatch.setattr(windows, "powershell",
                        lambda script, method: _json(outputs[script]))

    def fake_run(args: list[str], **_: object) -> str:
        if args[0].endswith("netsh.exe"):
            return _text("netsh_winhttp_direct_fr.txt")
        assert args[0].endswith("tasklist.exe") and args[1:] == ["/fo", "csv", "/nh"]
        return _text("tasklist_anydesk.csv")

    monkeypatch.setattr(windows, "run", fake_run)
    monkeypatch.setattr(windows, "_read_internet_settings", lambda: {
        "ProxyEnable": 0, "AutoConfigURL": "http://wpad.etude.local/proxy.pac"})
    monkeypatch.delenv("SESSIONNAME", raising=False)
    for var in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(var, raising=False)
    return WindowsProbes()


def test_the_fed_reader_gives_every_point(fed_reader: WindowsProbes) -> None:
    config = EnvironmentConfig(ntp_servers=(), public_ip_services=(),
                               proxy_check_url=refused_url(), timeout_s=0.5)
    report = build_report("start", config, reader=fed_reader)
    assert report.check("hardware").value["serial"] == "PF2KX7QM"
    assert report.check("os").value["build"] == "22631.3447"
    assert report.check("os_last_update").value["hotfix"]["id"] == "KB5036893"
    assert report.check("security").status == "ok"
    assert report.check("gateway").value["mode"] == "Wi-Fi"
    assert report.check("dns_servers").value == ["192.168.1.254", "2a01:cb08:8a3:f00::1"]
    proxy = report.check("proxy")  # a PAC script set for the user
    assert proxy.status == "warning" and proxy.value["windows_pac_url"].endswith("proxy.pac")
    assert proxy.value["winhttp"] == "accès direct"
    tools = report.check("remote_tools")
    assert tools.value == ["AnyDesk.exe"] and tools.status == "warning"
    assert tools.method == "tasklist /fo csv"
    # the PV's wording of this platform's real outputs: no raw token, no English word
    from tests.unit.test_env_wording import raw_words

    assert not raw_words(report.summary_lines_fr()), raw_words(report.summary_lines_fr())


def test_a_remote_desktop_session_is_a_warning(fed_reader: WindowsProbes, monkeypatch) -> None:
    monkeypatch.setenv("SESSIONNAME", "RDP-Tcp#3")
    assert fed_reader.remote_tools().value == ["AnyDesk.exe", "session à distance (RDP-Tcp#3)"]


@pytest.mark.skipif(sys.platform == "win32", reason="not on Windows: checks the guard used elsewhere")
def test_the_registry_is_not_read_off_windows() -> None:
    with pytest.raises(windows.CommandFailed, match="registre Windows absent"):
        windows._read_internet_settings()


def test_powershell_json_shapes_are_read_as_powershell_writes_them() -> None:
    # What ConvertTo-Json does on Windows PowerShell 5.1: a UTF-8 BOM when redirected to a
    # file, two spaces after the colon, a one-element result as a bare object (a bare string
    # for one DNS server), an empty list as [], and an array wrapped as {"value", "Count"}.
    text = ("\ufeff{\r\n"
            '    "Adapters":  {"Name":  "Wi-Fi", "Status":  "Up"},\r\n'
            '    "Dns":  {"value":  [\r\n'
            '        {"InterfaceAlias":  "Wi-Fi", "ServerAddresses":  "192.168.1.254"},\r\n'
            '        {"InterfaceAlias":  "Wi-Fi", "ServerAddresses":  []},\r\n'
            '        {"InterfaceAlias":  "Ethernet", "ServerAddresses":  ["10.0.0.1"]},\r\n'
            '        {"InterfaceAlias":  "Wi-Fi", "ServerAddresses":  null}\r\n'
            '    ], "Count":  4}\r\n}')
    data = parse_sections(text)
    # Ethernet is not an "Up" adapter: its configured server is not one in use.
    assert parse_dns_servers(data) == ["192.168.1.254"]
