"""Pure parsers of what the Windows reader gathers (PowerShell JSON, netsh, tasklist, registry).

No I/O here: each takes a command's output or the values read, so the tests feed them samples
written from real Windows 10/11 machines (tests/unit/env_samples/windows/).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from typing import Any

from capture.environment.platforms.common import CommandFailed, as_list, clean_serial

# fec0:0:0:ffff::1..3: the placeholders Windows shows on interfaces that have no DNS server.
_DNS_PLACEHOLDERS = re.compile(r"^fec0:0:0:ffff::[123](%\d+)?$", re.I)


def parse_sections(text: str, method: str = "PowerShell") -> dict[str, Any]:
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise CommandFailed(method, f"réponse JSON illisible ({exc.msg})") from exc
    if not isinstance(data, dict):
        raise CommandFailed(method, "réponse JSON inattendue")
    return data


def section(data: dict[str, Any], name: str) -> list[dict[str, Any]] | None:
    """The rows of a section, or None when the script reported it unreadable."""
    rows = data.get(name)
    if isinstance(rows, dict) and "error" in rows and len(rows) == 1:
        return None
    return [r for r in as_list(rows) if isinstance(r, dict)]


def _first(data: dict[str, Any], name: str) -> dict[str, Any]:
    rows = section(data, name)
    return rows[0] if rows else {}


def parse_hardware(data: dict[str, Any]) -> dict[str, str]:
    system, bios = _first(data, "ComputerSystem"), _first(data, "BIOS")
    value = {"make": str(system.get("Manufacturer") or "non lisible"),
             "model": str(system.get("Model") or "non lisible"),
             "serial": clean_serial(bios.get("SerialNumber"))}
    if system.get("SystemFamily"):
        value["family"] = str(system["SystemFamily"])
    if bios.get("SMBIOSBIOSVersion"):
        value["bios"] = str(bios["SMBIOSBIOSVersion"])
    return value


def parse_os(data: dict[str, Any]) -> dict[str, str]:
    system, current = _first(data, "OperatingSystem"), _first(data, "CurrentVersion")
    value: dict[str, str] = {}
    if system.get("Caption"):
        value["product"] = str(system["Caption"]).strip()
    if current.get("DisplayVersion"):  # "23H2"
        value["display_version"] = str(current["DisplayVersion"])
    build = current.get("CurrentBuild") or system.get("BuildNumber")
    if build:  # UBR is the patch level: 22631.3447 says which cumulative update is installed
        value["build"] = f"{build}.{current['UBR']}" if current.get("UBR") is not None else str(
            build)
    for key, field in (("architecture", "OSArchitecture"), ("installed", "InstallDate")):
        if system.get(field):
            value[key] = str(system[field])
    return value


def parse_last_update(data: dict[str, Any]) -> dict[str, Any]:
    value: dict[str, Any] = {}
    fixes = [f for f in section(data, "HotFix") or [] if _iso_date(f.get("InstalledOn"))]
    if fixes:
        last = max(fixes, key=lambda f: _iso_date(f.get("InstalledOn")))
        value["hotfix"] = {"id": str(last.get("HotFixID", "")),
                           "date": _iso_date(last.get("InstalledOn")),
                           "description": str(last.get("Description") or "")}
    # KB2267602 is the daily antivirus signature update: it says nothing of the system's patches.
    history = [h for h in section(data, "History") or []
               if h.get("Date") and "KB2267602" not in str(h.get("Title", ""))]
    if history:
        last = max(history, key=lambda h: str(h["Date"]))
        value["windows_update"] = {"title": str(last.get("Title", "")),
                                   "date_utc": str(last["Date"])}
    return value


def _iso_date(raw: Any) -> str:
    """yyyy-mm-dd from the script's format, or from the raw forms older scripts produced."""
    text = str(raw or "")
    if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2}).*", text):
        return m.group(1)
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):  # WMI's own m/d/yyyy
        return f"{m.group(3)}-{int(m.group(1)):02d}-{int(m.group(2)):02d}"
    if m := re.search(r"/Date\((\d+)", text):
        stamp = dt.datetime.fromtimestamp(int(m.group(1)) / 1000, dt.UTC)
        return stamp.strftime("%Y-%m-%d")
    return ""


def decode_product_state(state: int) -> tuple[bool, bool, bool]:
    """(on, snoozed, signatures out of date) from Security Center's productState.

    The field is undocumented; this is the decoding used in the field: 0x1000 enabled, 0x2000
    snoozed, 0x10 signatures out of date (Defender on and up to date reads 0x061100 = 397568).
    """
    return bool(state & 0x1000), bool(state & 0x2000), bool(state & 0x10)


def parse_security(data: dict[str, Any]) -> tuple[dict[str, str], str, list[str]]:
    """(product -> state, status, notes)."""
    found: dict[str, str] = {}
    notes: list[str] = []
    av_on: bool | None = None
    firewall_on: bool | None = None
    for name, is_av in (("AntiVirus", True), ("Firewall", False)):
        rows = section(data, name)
        if rows is None:
            continue
        if is_av:
            av_on = bool(av_on)
        for row in rows:
            on, snoozed, stale = decode_product_state(int(row.get("productState") or 0))
            words = "actif" if on else "en pause" if snoozed else "inactif"
            if is_av:
                words += ", signatures anciennes" if stale else ", signatures à jour"
                av_on = av_on or on
            else:
                firewall_on = firewall_on or on
            found[f"{row.get('displayName', '?')} ({'antivirus' if is_av else 'pare-feu'})"] = words
    defender = _first(data, "Defender")
    if defender:
        realtime = defender.get("RealTimeProtectionEnabled") is True
        found["Microsoft Defender (détail)"] = (
            ("protection en temps réel active" if realtime else "protection en temps réel inactive")
            + f", signatures {defender.get('AntivirusSignatureVersion', '?')}"
            + f" du {defender.get('AntivirusSignatureLastUpdated', '?')}")
        av_on = bool(av_on) or (realtime and defender.get("AntivirusEnabled") is True)
    profiles = section(data, "FirewallProfiles")
    off: list[str] = []
    if profiles:
        for p in profiles:
            enabled = str(p.get("Enabled")).lower() == "true"
            found[f"Pare-feu Windows ({p.get('Name')})"] = "actif" if enabled else "inactif"
            if not enabled:
                off.append(str(p.get("Name")))
        # A profile switched off leaves the networks of that kind unprotected.
        firewall_on = bool(firewall_on) or not off
    if av_on is None and firewall_on is None:
        return found, "unknown", ["Centre de sécurité et pare-feu non lus"]
    if av_on is False:
        notes.append("aucun antivirus actif")
    if firewall_on is False:
        partly = profiles and 0 < len(off) < len(profiles)
        notes.append(f"pare-feu Windows désactivé pour : {', '.join(off)}" if partly
                     else "aucun pare-feu actif")
    if av_on is None:
        notes.append("antivirus non lu (Centre de sécurité absent)")
    if firewall_on is None:
        notes.append("pare-feu non lu")
    status = "ok" if av_on is not False and firewall_on is not False else "warning"
    return found, status, notes


def parse_interface_modes(data: dict[str, Any]) -> dict[str, str]:
    modes = {}
    for row in section(data, "Adapters") or []:
        media = str(row.get("PhysicalMediaType") or row.get("MediaType") or "")
        if "802.11" in media or "Wireless LAN" in media:
            mode = "Wi-Fi"
        elif "Wireless WAN" in media:
            mode = "mobile"
        elif "bluetooth" in media.lower():
            mode = "Bluetooth"
        elif row.get("Virtual") is True or row.get("HardwareInterface") is False:
            mode = "virtuelle"  # Hyper-V switches, VPN adapters: "802.3" but not a cable
        elif "802.3" in media:
            mode = "Ethernet"
        else:
            mode = "inconnu"
        modes[str(row.get("Name"))] = mode
    return modes


def parse_gateway(data: dict[str, Any]) -> dict[str, str] | None:
    """The default route Windows prefers (lowest route + interface metric), IPv4 first."""
    routes = [r for r in section(data, "Routes") or []
              if str(r.get("NextHop") or "") not in ("", "0.0.0.0", "::")]
    for family in ("0.0.0.0/0", "::/0"):
        candidates = [r for r in routes if r.get("DestinationPrefix") == family]
        if candidates:
            best = min(candidates, key=lambda r: int(r.get("RouteMetric") or 0)
                       + int(r.get("InterfaceMetric") or 0))
            alias = str(best.get("InterfaceAlias"))
            return {"interface": alias, "address": str(best["NextHop"]),
                    "mode": parse_interface_modes(data).get(alias, "inconnu")}
    return None


def parse_dns_servers(data: dict[str, Any]) -> list[str]:
    adapters = section(data, "Adapters") or []
    up = {str(a.get("Name")) for a in adapters if str(a.get("Status")).lower() == "up"}
    servers: list[str] = []
    for row in section(data, "Dns") or []:
        alias = str(row.get("InterfaceAlias", ""))
        if alias.lower().startswith("loopback") or (adapters and alias not in up):
            continue  # disconnected adapters keep their configured servers but do not use them
        for server in as_list(row.get("ServerAddresses")):
            if not _DNS_PLACEHOLDERS.match(str(server)) and str(server) not in servers:
                servers.append(str(server))
    return servers


def parse_connection_flags(blob: bytes | None) -> int | None:
    """Flags byte of Connections\\DefaultConnectionSettings: 0x02 proxy, 0x04 PAC, 0x08 WPAD."""
    return blob[8] if blob and len(blob) > 8 else None


def parse_internet_settings(values: dict[str, Any]) -> tuple[dict[str, Any], bool, list[str]]:
    """(value, configured, notes) from the user's Internet Settings (what Chromium follows)."""
    value: dict[str, Any] = {}
    enabled = int(values.get("ProxyEnable") or 0) == 1
    value["windows_proxy"] = str(values.get("ProxyServer") or "?") if enabled else "aucun"
    if enabled and values.get("ProxyOverride"):
        value["windows_bypass"] = str(values["ProxyOverride"])
    pac = str(values.get("AutoConfigURL") or "")
    value["windows_pac_url"] = pac or "aucun"
    flags = parse_connection_flags(values.get("DefaultConnectionSettings"))
    notes = []
    if flags is not None:
        value["windows_auto_detect"] = bool(flags & 0x08)
        if flags & 0x08:  # on by default: only a WPAD server on the network would make it count
            notes.append("détection automatique (WPAD) activée")
    return value, enabled or bool(pac), notes


def parse_netsh_winhttp(text: str) -> str:
    """The WinHTTP proxy, or "accès direct". netsh's wording is translated, so its layout is
    read instead: "Label :  value" lines appear only when a proxy is set."""
    pairs = [m.group(2).strip() for line in text.splitlines()
             if (m := re.match(r"^\s*(.+?)\s+:\s+(\S.*)$", line))]
    if not pairs:
        return "accès direct"
    return pairs[0] + (f" (exceptions : {pairs[1]})" if len(pairs) > 1 else "")


def parse_tasklist_csv(text: str) -> list[str]:
    """Image names from `tasklist /fo csv /nh` (first column)."""
    return [row[0] for row in csv.reader(io.StringIO(text)) if row and row[0].strip()]
