"""macOS reader: system_profiler, sw_vers, scutil, route, networksetup, socketfilterfw, spctl, ps.

All are readable without administrator rights. One `system_profiler -json` call (hardware,
software, displays) is shared by three probes because it takes a second or two. The pure parsers
(`macos_parsers`) are tested on sample outputs; this module imports on every OS.
"""

from __future__ import annotations

import platform
import plistlib
from pathlib import Path
from typing import Any

from capture.environment.base import EnvironmentCheck, make_check
from capture.environment.platforms.common import CommandFailed, Once, psutil_process_names, run
from capture.environment.platforms.interface import (
    InterfaceModes,
    PlatformProbes,
    Processes,
    SystemProxy,
)
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

_PROFILER = ["/usr/sbin/system_profiler", "-json", "SPHardwareDataType", "SPSoftwareDataType",
             "SPDisplaysDataType"]
_PROFILER_METHOD = "system_profiler -json SPHardwareDataType SPSoftwareDataType SPDisplaysDataType"
_INSTALL_HISTORY = Path("/Library/Receipts/InstallHistory.plist")
_FIREWALL = "/usr/libexec/ApplicationFirewall/socketfilterfw"
_XPROTECT = (Path("/Library/Apple/System/Library/CoreServices/XProtect.bundle/Contents/Info.plist"),
             Path("/System/Library/CoreServices/XProtect.bundle/Contents/Info.plist"))


class MacProbes(PlatformProbes):
    name = "macos"

    def __init__(self) -> None:
        self._profiler = Once(lambda: parse_profiler(run(_PROFILER, method=_PROFILER_METHOD),
                                                     _PROFILER_METHOD))
        self._ports = Once(lambda: parse_hardware_ports(run(
            ["/usr/sbin/networksetup", "-listallhardwareports"],
            method="networksetup -listallhardwareports")))

    def hardware(self) -> EnvironmentCheck:
        value = parse_hardware(self._profiler.get())
        return make_check("hardware", value, "system_profiler SPHardwareDataType",
                          "ok" if value["make"] == "Apple" else "unknown")

    def operating_system(self) -> EnvironmentCheck:
        value = {"system": platform.system(), "release": platform.release(),
                 "version": platform.version()}
        value.update(parse_sw_vers(run(["/usr/bin/sw_vers"])))
        return make_check("os", value, "platform.uname + sw_vers", "ok")

    def last_update(self) -> EnvironmentCheck:
        method = str(_INSTALL_HISTORY)
        try:
            value = parse_install_history(_INSTALL_HISTORY.read_bytes())
        except (OSError, plistlib.InvalidFileException, ValueError) as exc:
            raise CommandFailed(method, f"illisible ({type(exc).__name__})") from exc
        if not value:
            return make_check("os_last_update", "non déterminée", method, "unknown",
                              "aucune mise à jour Apple dans l'historique")
        return make_check("os_last_update", value, method, "ok")

    def screens(self) -> EnvironmentCheck:
        try:
            lines = parse_displays(self._profiler.get())
        except CommandFailed:
            lines = []
        if lines:
            return make_check("screens", lines, "system_profiler SPDisplaysDataType", "ok")
        return super().screens()

    def security_software(self) -> EnvironmentCheck:
        found: dict[str, str] = {}
        notes: list[str] = []
        methods = []
        try:
            state = parse_firewall_state(run([_FIREWALL, "--getglobalstate"],
                                             accept_failure=True))
            methods.append("socketfilterfw --getglobalstate")
        except CommandFailed:
            state = None
        if state is not None:
            found["Pare-feu applicatif macOS"] = ("inactif", "actif", "actif (tout bloquer)")[
                min(state, 2)]
        try:
            gatekeeper = parse_spctl(run(["/usr/sbin/spctl", "--status"], accept_failure=True))
            methods.append("spctl --status")
        except CommandFailed:
            gatekeeper = None
        if gatekeeper is not None:
            found["Gatekeeper"] = "actif" if gatekeeper else "inactif"
        xprotect = _xprotect_version()
        if xprotect:  # Apple's built-in antivirus, present on every supported macOS
            found["XProtect (antivirus intégré)"] = f"version {xprotect}"
            methods.append("XProtect Info.plist")
        try:
            sip = parse_system_integrity(self._profiler.get())
        except CommandFailed:
            sip = None
        if sip is not None:
            found["Protection de l'intégrité du système (SIP)"] = "active" if sip else "inactive"
            methods.append("system_profiler SPSoftwareDataType")
        for app in _security_apps():
            found[app] = "installé"
        methods.append("/Applications")
        if state is None and gatekeeper is None and not xprotect:
            raise CommandFailed(", ".join(methods), "aucun réglage de sécurité lisible")
        third_party_firewall = any(n.startswith(("Little Snitch", "LuLu", "Murus")) for n in found)
        if state == 0 and not third_party_firewall:
            notes.append("pare-feu désactivé")
        if gatekeeper is False:
            notes.append("Gatekeeper désactivé")
        if sip is False:
            notes.append("protection de l'intégrité du système désactivée")
        return make_check("security", found, ", ".join(methods), "warning" if notes else "ok",
                          " ; ".join(notes))

    def gateway(self) -> EnvironmentCheck:
        method = "route -n get default"
        out = run(["/sbin/route", "-n", "get", "default"], method=method, accept_failure=True)
        found = parse_route_get(out)
        if found is None:  # "not in table": no default route, the machine is offline
            return make_check("gateway", "aucune route par défaut", method, "offline")
        try:
            mode = self._ports.get().get(found[0]) or virtual_mode(found[0]) or "inconnu"
        except CommandFailed:
            mode = "inconnu"
        return make_check("gateway", {"interface": found[0], "address": found[1], "mode": mode},
                          method + " + networksetup", "ok")

    def dns_servers(self) -> EnvironmentCheck:
        servers = parse_scutil_dns(run(["/usr/sbin/scutil", "--dns"]))
        return make_check("dns_servers", servers, "scutil --dns", "ok" if servers else "unknown")

    def interface_modes(self) -> InterfaceModes:
        import psutil

        ports = self._ports.get()
        modes = {name: ports.get(name) or virtual_mode(name) or "inconnu"
                 for name in psutil.net_if_addrs()}
        return InterfaceModes(modes, "networksetup -listallhardwareports")

    def system_proxy(self) -> SystemProxy:
        value, configured = parse_scutil_proxy(run(["/usr/sbin/scutil", "--proxy"]))
        return SystemProxy(value, "scutil --proxy", configured)

    def process_names(self) -> Processes:
        try:
            return Processes(parse_ps(run(["/bin/ps", "-axo", "comm="])), "ps -axo comm")
        except CommandFailed as exc:
            return Processes(psutil_process_names(), f"psutil (ps : {exc.reason})")


def _xprotect_version() -> str | None:
    for path in _XPROTECT:
        try:
            info: Any = plistlib.loads(path.read_bytes())
        except (OSError, plistlib.InvalidFileException, ValueError):
            continue
        if isinstance(info, dict) and info.get("CFBundleShortVersionString"):
            return str(info["CFBundleShortVersionString"])
    return None


def _security_apps() -> list[str]:
    try:
        return installed_security_apps([p.name for p in Path("/Applications").iterdir()])
    except OSError:
        return []
