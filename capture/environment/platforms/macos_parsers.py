"""Pure parsers of what the macOS reader gathers (system_profiler JSON, scutil, route, ps…).

No I/O here: each takes a command's output, so the tests feed them samples written from real
macOS 13-15 machines (tests/unit/env_samples/macos/).
"""

from __future__ import annotations

import json
import plistlib
import re
from datetime import datetime
from typing import Any

from capture.environment.platforms.common import CommandFailed, clean_serial

# Apps whose presence in /Applications says a third-party antivirus or firewall is installed:
# unlike Windows, macOS has no registry of security products an ordinary user can query.
SECURITY_APPS = ("Sophos", "Norton", "Bitdefender", "Malwarebytes", "Intego", "ESET", "Avast",
                 "AVG", "Kaspersky", "Trend Micro", "McAfee", "Avira", "ClamXAV", "CrowdStrike",
                 "SentinelOne", "Microsoft Defender", "Little Snitch", "LuLu", "Murus")

# Update entries that are security data (malware signatures), not system updates.
_SECURITY_DATA = re.compile(r"^(XProtect|MRT|Gatekeeper)", re.I)
# Processes that install Apple's system updates, as InstallHistory.plist names them.
_SYSTEM_UPDATERS = {"softwareupdated", "Software Update", "macOS Installer", "OS X Installer"}


def parse_profiler(text: str, method: str = "system_profiler") -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommandFailed(method, f"réponse JSON illisible ({exc.msg})") from exc
    if not isinstance(data, dict):
        raise CommandFailed(method, "réponse JSON inattendue")
    return data


def _first(data: dict[str, Any], kind: str) -> dict[str, Any]:
    rows = data.get(kind)
    return rows[0] if isinstance(rows, list) and rows and isinstance(rows[0], dict) else {}


def parse_hardware(data: dict[str, Any]) -> dict[str, str]:
    hw = _first(data, "SPHardwareDataType")
    value = {"make": "Apple" if hw else "non lisible",
             "model": str(hw.get("machine_name") or "non lisible"),
             "serial": clean_serial(hw.get("serial_number"))}
    if hw.get("machine_model"):  # "MacBookPro18,3": says the exact generation
        value["model_identifier"] = str(hw["machine_model"])
    if hw.get("model_number"):
        value["model_number"] = str(hw["model_number"])
    if hw.get("chip_type") or hw.get("cpu_type"):
        value["processor"] = str(hw.get("chip_type") or hw.get("cpu_type"))
    return value


def parse_system_integrity(data: dict[str, Any]) -> bool | None:
    state = str(_first(data, "SPSoftwareDataType").get("system_integrity", ""))
    return {"integrity_enabled": True, "integrity_disabled": False}.get(state)


def parse_displays(data: dict[str, Any]) -> list[str]:
    """One line per display: name, pixels, mode as shown, built-in or not, main or not."""
    lines = []
    for gpu in data.get("SPDisplaysDataType") or []:
        for d in gpu.get("spdisplays_ndrvs") or [] if isinstance(gpu, dict) else []:
            pixels = str(d.get("_spdisplays_pixels") or d.get("spdisplays_pixelresolution") or "?")
            mode = str(d.get("_spdisplays_resolution") or d.get("spdisplays_resolution") or "")
            tags = ["interne" if d.get("spdisplays_connection_type") == "spdisplays_internal"
                    else "externe"]
            if d.get("spdisplays_main") == "spdisplays_yes":
                tags.append("principal")
            if d.get("spdisplays_mirror") == "spdisplays_on":
                tags.append("recopie")
            lines.append(f"{d.get('_name', 'écran')} {pixels}"
                         + (f" (affiché {mode})" if mode else "") + f" [{', '.join(tags)}]")
    return lines


def parse_sw_vers(text: str) -> dict[str, str]:
    """`sw_vers`: ProductName, ProductVersion, ProductVersionExtra (Rapid Security Response),
    BuildVersion."""
    pairs = {k.strip(): v.strip() for k, sep, v in (line.partition(":")
                                                   for line in text.splitlines()) if sep}
    value = {}
    for key, field in (("product", "ProductName"), ("product_version", "ProductVersion"),
                       ("security_response", "ProductVersionExtra"), ("build", "BuildVersion")):
        if pairs.get(field):
            value[key] = pairs[field]
    return value


def parse_install_history(raw: bytes) -> dict[str, dict[str, str]]:
    """Last macOS update and last security-data update from /Library/Receipts/InstallHistory.plist
    (readable by every user; dates in UTC, unlike `softwareupdate --history`'s local format)."""
    entries = plistlib.loads(raw)
    best: dict[str, tuple[datetime, dict[str, Any]]] = {}
    for entry in entries if isinstance(entries, list) else []:
        date, name = entry.get("date"), str(entry.get("displayName", ""))
        if not isinstance(date, datetime) or entry.get("processName") not in _SYSTEM_UPDATERS:
            continue  # App Store apps and packages the user installed are not system updates
        kind = "security_data" if _SECURITY_DATA.match(name) else "macos"
        if kind not in best or date > best[kind][0]:
            best[kind] = (date, entry)
    return {kind: {"name": str(e.get("displayName", "")), "version": str(e.get("displayVersion",
                                                                                 "")),
                   "date_utc": d.strftime("%Y-%m-%d %H:%M:%S")} for kind, (d, e) in best.items()}


def parse_firewall_state(text: str) -> int | None:
    """socketfilterfw --getglobalstate: 0 off, 1 on, 2 on and blocking everything."""
    match = re.search(r"State\s*=\s*(\d)", text)
    return int(match.group(1)) if match else None


def parse_spctl(text: str) -> bool | None:
    """`spctl --status`: "assessments enabled" when Gatekeeper checks apps."""
    if "assessments enabled" in text:
        return True
    return False if "assessments disabled" in text else None


def installed_security_apps(app_names: list[str]) -> list[str]:
    return sorted({name.removesuffix(".app") for name in app_names
                   if any(name.lower().startswith(v.lower()) for v in SECURITY_APPS)})


def port_mode(port: str) -> str:
    name = port.lower()
    if "wi-fi" in name or "airport" in name:
        return "Wi-Fi"
    if "iphone" in name or "ipad" in name or "modem" in name:
        return "mobile (partage de connexion)"
    if "bluetooth" in name:
        return "Bluetooth"
    if "ethernet" in name or "lan" in name:
        return "Ethernet"
    return "pont Thunderbolt" if "thunderbolt" in name else "inconnu"


def parse_hardware_ports(text: str) -> dict[str, str]:
    """Device -> connection mode from `networksetup -listallhardwareports`."""
    modes: dict[str, str] = {}
    port = None
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            continue
        if key.strip() == "Hardware Port":
            port = value.strip()
        elif key.strip() == "Device" and port is not None:
            modes[value.strip()] = port_mode(port)
            port = None
    return modes


def virtual_mode(device: str) -> str | None:
    """Interfaces networksetup does not list: tunnels (VPN), AirDrop, bridges."""
    if re.match(r"^(utun|ipsec|ppp|gif|stf)\d", device):
        return "virtuelle (tunnel)"
    if re.match(r"^(awdl|llw|bridge|anpi|ap|vmenet)\d", device):
        return "virtuelle"
    return None


def parse_route_get(text: str) -> tuple[str, str] | None:
    """(interface, gateway) from `route -n get default`; None when there is no default route."""
    pairs = {k.strip(): v.strip() for k, sep, v in (line.partition(":")
                                                   for line in text.splitlines()) if sep}
    if "gateway" not in pairs or "interface" not in pairs:
        return None
    return pairs["interface"], pairs["gateway"]


def parse_scutil_dns(text: str) -> list[str]:
    """Servers of the default resolvers, then the per-domain ones (VPN split DNS) marked with
    their domain. Only the first part of `scutil --dns`: "for scoped queries" repeats it."""
    main = text.split("DNS configuration (for scoped queries)")[0]
    servers: list[str] = []
    for block in re.split(r"^resolver #\d+\s*$", main, flags=re.M)[1:]:
        domain = re.search(r"^\s*domain\s*:\s*(\S+)", block, re.M)
        for server in re.findall(r"^\s*nameserver\[\d+\]\s*:\s*(\S+)", block, re.M):
            entry = f"{server} ({domain.group(1)})" if domain else server
            if entry not in servers:
                servers.append(entry)
    return servers


def parse_scutil_proxy(text: str) -> tuple[dict[str, Any], bool]:
    """(value, configured) from `scutil --proxy`: proxies by protocol, PAC, auto-discovery."""
    keys: dict[str, str] = {}
    exceptions: list[str] = []
    depth = 0
    for line in text.splitlines():
        stripped = line.strip()
        if stripped == "}":
            depth -= 1
            continue
        key, sep, value = stripped.partition(" : ")
        if depth == 1 and sep:
            keys[key] = value
        elif depth == 2 and sep:
            exceptions.append(value)  # items of ExceptionsList, the only nested array
        if stripped.endswith("{"):
            depth += 1
    found: dict[str, Any] = {}
    for proto in ("HTTP", "HTTPS", "SOCKS", "FTP", "RTSP"):
        if keys.get(f"{proto}Enable") == "1":
            found[f"macos_{proto.lower()}"] = f"{keys.get(proto + 'Proxy', '?')}:" \
                                               f"{keys.get(proto + 'Port', '?')}"
    if keys.get("ProxyAutoConfigEnable") == "1":
        found["macos_pac_url"] = keys.get("ProxyAutoConfigURLString", "?")
    if keys.get("ProxyAutoDiscoveryEnable") == "1":
        found["macos_auto_discovery"] = True  # WPAD: off by default on macOS
    configured = bool(found)
    if not found:
        found["macos_proxy"] = "aucun"
    if exceptions and configured:
        found["macos_exceptions"] = exceptions
    return found, configured


def parse_ps(text: str) -> list[str]:
    """Executable names from `ps -axo comm=` (macOS prints full paths, which may hold spaces)."""
    return [line.strip().rsplit("/", 1)[-1] for line in text.splitlines() if line.strip()]
