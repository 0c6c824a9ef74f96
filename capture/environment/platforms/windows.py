"""Windows reader: what a standard (non-administrator) user can read.

PowerShell answers in JSON (`ConvertTo-Json`) because the text of `ipconfig` or `systeminfo` is
translated into the user's language. Each script gathers named sections, each in its own
try/catch, so one unreadable source (no Security Center on Windows Server) does not hide the
others. The pure parsers (`windows_parsers`) take the decoded JSON and are tested on sample outputs;
this module imports on every OS (`winreg` is imported only on Windows).
"""

from __future__ import annotations

import base64
import os
import platform
import sys
from typing import Any

from capture.environment.base import EnvironmentCheck, make_check
from capture.environment.platforms.common import CommandFailed, Once, psutil_process_names, run
from capture.environment.platforms.interface import (
    InterfaceModes,
    PlatformProbes,
    Processes,
    SystemProxy,
)
from capture.environment.platforms.windows_parsers import (
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

# Sections read by each probe. Dates are formatted by PowerShell itself: Windows PowerShell 5.1
# would otherwise write "/Date(ms)/", and enums are turned into their names, not numbers.
_PRELUDE = r"""$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false
$r = [ordered]@{}
function Section([string]$name, [scriptblock]$read) {
  try { $r[$name] = @(& $read) } catch { $r[$name] = @{ error = "$($_.Exception.Message)" } }
}
"""
_EPILOGUE = "\n$r | ConvertTo-Json -Depth 5\n"

HARDWARE_SCRIPT = r"""
Section 'ComputerSystem' { Get-CimInstance Win32_ComputerSystem | Select-Object Manufacturer, Model, SystemFamily }
Section 'BIOS' { Get-CimInstance Win32_BIOS | Select-Object SerialNumber, SMBIOSBIOSVersion }
"""
OS_SCRIPT = r"""
Section 'OperatingSystem' { Get-CimInstance Win32_OperatingSystem | Select-Object Caption, Version, BuildNumber, OSArchitecture, @{n='InstallDate';e={$_.InstallDate.ToString('yyyy-MM-dd')}} }
Section 'CurrentVersion' { Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' | Select-Object EditionID, DisplayVersion, CurrentBuild, UBR }
"""
UPDATE_SCRIPT = r"""
Section 'HotFix' { Get-HotFix | Select-Object HotFixID, Description, @{n='InstalledOn';e={ if ($_.InstalledOn) { $_.InstalledOn.ToString('yyyy-MM-dd') } }} }
Section 'History' { $s = (New-Object -ComObject Microsoft.Update.Session).CreateUpdateSearcher(); $n = $s.GetTotalHistoryCount(); if ($n -gt 0) { $s.QueryHistory(0, [Math]::Min($n, 100)) | Where-Object { $_.ResultCode -eq 2 } | Select-Object Title, @{n='Date';e={$_.Date.ToString('yyyy-MM-dd HH:mm:ss')}} } }
"""
SECURITY_SCRIPT = r"""
Section 'AntiVirus' { Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct | Select-Object displayName, productState }
Section 'Firewall' { Get-CimInstance -Namespace root/SecurityCenter2 -ClassName FirewallProduct | Select-Object displayName, productState }
Section 'FirewallProfiles' { Get-NetFirewallProfile | Select-Object Name, @{n='Enabled';e={"$($_.Enabled)"}} }
Section 'Defender' { Get-MpComputerStatus | Select-Object AntivirusEnabled, RealTimeProtectionEnabled, AntivirusSignatureVersion, @{n='AntivirusSignatureLastUpdated';e={$_.AntivirusSignatureLastUpdated.ToString('yyyy-MM-dd HH:mm:ss')}} }
"""
NETWORK_SCRIPT = r"""
Section 'Adapters' { Get-NetAdapter | Select-Object Name, InterfaceDescription, Status, MediaType, PhysicalMediaType, Virtual, HardwareInterface }
Section 'Routes' { $m = @{}; Get-NetIPInterface | ForEach-Object { $m["$($_.ifIndex)/$($_.AddressFamily)"] = $_.InterfaceMetric }; Get-NetRoute -DestinationPrefix '0.0.0.0/0','::/0' -ErrorAction SilentlyContinue | Select-Object InterfaceAlias, DestinationPrefix, NextHop, RouteMetric, @{n='InterfaceMetric';e={$m["$($_.ifIndex)/$($_.AddressFamily)"]}} }
Section 'Dns' { Get-DnsClientServerAddress | Select-Object InterfaceAlias, @{n='AddressFamily';e={ if ("$($_.AddressFamily)" -in '23','IPv6') {'IPv6'} else {'IPv4'} }}, ServerAddresses }
"""

INTERNET_SETTINGS = r"Software\Microsoft\Windows\CurrentVersion\Internet Settings"
_REGISTRY_METHOD = r"registre HKCU\...\Internet Settings"


def _system32(exe: str) -> str:
    # An absolute path: Windows would otherwise look in the current folder first, where anyone
    # could have dropped a "tasklist.exe".
    return os.path.join(os.environ.get("SystemRoot", r"C:\Windows"), "System32", exe)


def encode_script(script: str) -> str:
    """-EncodedCommand text: no quoting of the script through the command line."""
    return base64.b64encode((_PRELUDE + script + _EPILOGUE).encode("utf-16-le")).decode("ascii")


def powershell(script: str, method: str) -> dict[str, Any]:
    exe = _system32(r"WindowsPowerShell\v1.0\powershell.exe")
    out = run([exe, "-NoLogo", "-NoProfile", "-NonInteractive", "-EncodedCommand",
               encode_script(script)], method=method)
    return parse_sections(out, method)


# -- reader -------------------------------------------------------------------------------------
class WindowsProbes(PlatformProbes):
    name = "windows"

    def __init__(self) -> None:
        self._network = Once(lambda: powershell(NETWORK_SCRIPT, _NETWORK_METHOD))

    def hardware(self) -> EnvironmentCheck:
        method = "PowerShell Get-CimInstance Win32_ComputerSystem, Win32_BIOS"
        value = parse_hardware(powershell(HARDWARE_SCRIPT, method))
        known = value["make"] != "non lisible" or value["model"] != "non lisible"
        return make_check("hardware", value, method, "ok" if known else "unknown")

    def operating_system(self) -> EnvironmentCheck:
        method = ("platform.uname + PowerShell Get-CimInstance Win32_OperatingSystem + "
                  r"registre HKLM\...\Windows NT\CurrentVersion")
        value = {"system": platform.system(), "release": platform.release(),
                 "version": platform.version()}
        value.update(parse_os(powershell(OS_SCRIPT, method)))
        return make_check("os", value, method, "ok")

    def last_update(self) -> EnvironmentCheck:
        method = "PowerShell Get-HotFix (Win32_QuickFixEngineering) + historique Windows Update"
        value = parse_last_update(powershell(UPDATE_SCRIPT, method))
        if not value:
            return make_check("os_last_update", "non déterminée", method, "unknown")
        return make_check("os_last_update", value, method, "ok")

    def security_software(self) -> EnvironmentCheck:
        method = ("PowerShell root/SecurityCenter2 AntiVirusProduct, FirewallProduct, "
                  "Get-NetFirewallProfile, Get-MpComputerStatus")
        found, status, notes = parse_security(powershell(SECURITY_SCRIPT, method))
        return make_check("security", found or {"aucun": "détecté"}, method, status,
                          " ; ".join(notes))

    def gateway(self) -> EnvironmentCheck:
        found = parse_gateway(self._network.get())
        if found is None:
            return make_check("gateway", "aucune route par défaut", _NETWORK_METHOD, "offline")
        return make_check("gateway", found, "PowerShell Get-NetRoute, Get-NetAdapter", "ok")

    def dns_servers(self) -> EnvironmentCheck:
        servers = parse_dns_servers(self._network.get())
        return make_check("dns_servers", servers, "PowerShell Get-DnsClientServerAddress",
                          "ok" if servers else "unknown")

    def interface_modes(self) -> InterfaceModes:
        return InterfaceModes(parse_interface_modes(self._network.get()),
                              "PowerShell Get-NetAdapter (PhysicalMediaType)")

    def system_proxy(self) -> SystemProxy:
        value, configured, notes = parse_internet_settings(_read_internet_settings())
        method = _REGISTRY_METHOD
        try:
            winhttp = parse_netsh_winhttp(run([_system32("netsh.exe"), "winhttp", "show",
                                               "proxy"], encoding="oem"))
            value["winhttp"] = winhttp
            method += " + netsh winhttp show proxy"
            if winhttp != "accès direct":  # used by Windows' own services, not the browser
                configured = True
                notes.append("proxy WinHTTP configuré (services du système)")
        except CommandFailed as exc:
            value["winhttp"] = f"non lu ({exc.reason})"
        return SystemProxy(value, method, configured, tuple(notes))

    def process_names(self) -> Processes:
        try:
            return Processes(parse_tasklist_csv(run([_system32("tasklist.exe"), "/fo", "csv",
                                                     "/nh"], encoding="oem")),
                             "tasklist /fo csv")
        except CommandFailed as exc:
            return Processes(psutil_process_names(), f"psutil (tasklist : {exc.reason})")

    def remote_session(self) -> str | None:
        # Windows names a Remote Desktop session "RDP-Tcp#N"; the console is "Console".
        session = os.environ.get("SESSIONNAME", "")
        return session if session.upper().startswith("RDP-") else None


_NETWORK_METHOD = "PowerShell Get-NetAdapter, Get-NetRoute, Get-DnsClientServerAddress"


def _read_internet_settings() -> dict[str, Any]:
    if sys.platform != "win32":
        raise CommandFailed(_REGISTRY_METHOD, "registre Windows absent sur ce système")
    import winreg

    values: dict[str, Any] = {}
    for sub, names in (("", ("ProxyEnable", "ProxyServer", "ProxyOverride", "AutoConfigURL")),
                       (r"\Connections", ("DefaultConnectionSettings",))):
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, INTERNET_SETTINGS + sub) as key:
                for name in names:
                    try:
                        values[name] = winreg.QueryValueEx(key, name)[0]
                    except FileNotFoundError:
                        pass  # an absent value is the default: no proxy
        except FileNotFoundError:
            pass
    return values
