"""Linux reader: /sys, /proc and /etc files readable by an ordinary user, a few bounded commands.

Each source has a pure parser (tested on sample texts) and a reader that feeds it; the tests also
run this reader for real, since the test machines are Linux.
"""

from __future__ import annotations

import gzip
import os
import platform
import re
import shutil
import socket
from datetime import datetime
from pathlib import Path

from capture.environment.base import EnvironmentCheck, make_check
from capture.environment.platforms.common import (
    CommandFailed,
    clean_serial,
    psutil_process_names,
    run,
)
from capture.environment.platforms.interface import (
    InterfaceModes,
    PlatformProbes,
    Processes,
    SystemProxy,
)

# Firewalls and antivirus looked for: (binary, label, systemd unit or None, is a firewall).
_SECURITY_TOOLS = (("ufw", "ufw", None, True), ("firewall-cmd", "firewalld", "firewalld", True),
                   ("nft", "nftables", "nftables", True), ("clamscan", "ClamAV", None, False),
                   ("clamd", "ClamAV (démon)", "clamav-daemon", False),
                   ("freshclam", "ClamAV (mises à jour)", "clamav-freshclam", False))


def _read(path: str | Path) -> str | None:
    try:
        return Path(path).read_text("utf-8", "replace").strip()
    except OSError:
        return None


# -- pure parsers -------------------------------------------------------------------------------
def parse_os_release(text: str) -> dict[str, str]:
    """KEY=value pairs of /etc/os-release, quotes removed."""
    found = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip() and not key.startswith("#"):
            found[key.strip()] = value.strip().strip('"').strip("'")
    return found


def parse_proc_route(text: str) -> tuple[str, str] | None:
    """(interface, gateway) of the default IPv4 route with the lowest metric in /proc/net/route."""
    best: tuple[int, str, str] | None = None
    for line in text.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 8 or fields[1] != "00000000" or not int(fields[3], 16) & 0x1:
            continue  # not a default route, or not up (RTF_UP)
        gateway = socket.inet_ntoa(int(fields[2], 16).to_bytes(4, "little"))
        metric = int(fields[6])
        if best is None or metric < best[0]:
            best = (metric, fields[0], gateway)
    return (best[1], best[2]) if best else None


def parse_resolv_conf(text: str) -> list[str]:
    return [line.split()[1] for line in text.splitlines()
            if line.startswith("nameserver") and len(line.split()) > 1]


def parse_apt_history(text: str) -> str | None:
    dates = re.findall(r"^Start-Date: (.*)$", text, re.M)
    return dates[-1].strip() if dates else None


def with_zone(local: str) -> str:
    """A local date and time as apt writes it (``2024-04-15  18:40:02``, no zone) with this
    workstation's UTC offset on that date (``2024-04-15 18:40:02+02:00``): a time the
    report states says its zone. A text already zoned, or not a date, is kept as is."""
    text = " ".join(local.split())
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"):
        try:
            naive = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return naive.astimezone().isoformat(sep=" ", timespec="seconds")
    return local


def parse_pacman_log(text: str) -> str | None:
    """Date of the last package upgraded or installed in /var/log/pacman.log (Arch)."""
    dates = re.findall(r"^\[([^\]]+)\] \[ALPM\] (?:upgraded|installed) ", text, re.M)
    return dates[-1] if dates else None


def parse_ufw_conf(text: str) -> bool | None:
    """ENABLED=yes|no of /etc/ufw/ufw.conf: the unit is "active" even when ufw is disabled."""
    match = re.search(r"^ENABLED\s*=\s*(\w+)", text, re.M)
    return match.group(1).lower() == "yes" if match else None


def parse_is_active(units: list[str], text: str) -> dict[str, str]:
    """`systemctl is-active U1 U2…` prints one state per unit, in order; anything else (no
    systemd, no bus in a container) gives nothing rather than a wrong state."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    known = {"active", "inactive", "failed", "activating", "deactivating", "unknown"}
    if len(lines) != len(units) or not set(lines) <= known:
        return {}
    return dict(zip(units, lines, strict=True))


def parse_kioslaverc(text: str) -> dict[str, str] | None:
    """KDE's [Proxy Settings]: ProxyType 0 none, 1 manual, 2 PAC, 3 WPAD, 4 environment."""
    section = re.search(r"^\[Proxy Settings\]\n(.*?)(?=^\[|\Z)", text, re.M | re.S)
    if not section:
        return None
    pairs = dict(line.split("=", 1) for line in section.group(1).splitlines() if "=" in line)
    kinds = {"0": "none", "1": "manual", "2": "pac", "3": "auto-detect", "4": "environment"}
    found = {"kde_mode": kinds.get(pairs.get("ProxyType", "0").strip(), "inconnu")}
    if found["kde_mode"] == "manual":
        found["kde_http"] = pairs.get("httpProxy", "").strip()
    if found["kde_mode"] == "pac":
        found["kde_pac_url"] = pairs.get("Proxy Config Script", "").strip()
    return found


def interface_mode(name: str, sys_net: Path = Path("/sys/class/net")) -> str:
    folder = sys_net / name
    if (folder / "wireless").exists() or (folder / "phy80211").exists():
        return "Wi-Fi"
    if (folder / "device").exists():
        uevent = _read(folder / "uevent") or ""
        return "mobile" if "wwan" in name or "DEVTYPE=wwan" in uevent else "Ethernet"
    if name.startswith("ppp"):
        return "mobile (PPP)"
    return "virtuelle" if folder.exists() else "inconnu"


def _gnome_proxy() -> dict[str, str]:
    def get(schema: str, key: str) -> str:
        return run(["gsettings", "get", schema, key]).strip().strip("'")

    found = {"gnome_mode": get("org.gnome.system.proxy", "mode")}
    if found["gnome_mode"] == "auto":  # a PAC script, or WPAD when the URL is empty
        found["gnome_pac_url"] = get("org.gnome.system.proxy", "autoconfig-url")
    elif found["gnome_mode"] == "manual":
        found["gnome_http"] = (f"{get('org.gnome.system.proxy.http', 'host')}:"
                               f"{get('org.gnome.system.proxy.http', 'port')}")
    return found


# -- reader -------------------------------------------------------------------------------------
class LinuxProbes(PlatformProbes):
    name = "linux"

    def hardware(self) -> EnvironmentCheck:
        vendor = _read("/sys/class/dmi/id/sys_vendor")
        model = _read("/sys/class/dmi/id/product_name")
        # product_serial is mode 0400 root on most distributions: say so rather than guess.
        serial_file = Path("/sys/class/dmi/id/product_serial")
        serial = clean_serial(_read(serial_file), "non lisible (réservé à root)"
                              if serial_file.exists() else "non lisible")
        value = {"make": vendor or "non lisible", "model": model or "non lisible",
                 "serial": serial}
        return make_check("hardware", value, "/sys/class/dmi/id",
                          "ok" if vendor or model else "unknown")

    def operating_system(self) -> EnvironmentCheck:
        value = {"system": platform.system(), "release": platform.release(),
                 "version": platform.version()}
        release = parse_os_release(_read("/etc/os-release") or "")
        value["distribution"] = release.get("PRETTY_NAME", "inconnue")
        if release.get("BUILD_ID"):
            value["build"] = release["BUILD_ID"]
        return make_check("os", value, "platform.uname + /etc/os-release", "ok")

    def last_update(self) -> EnvironmentCheck:
        apt = Path("/var/log/apt")
        for log in (apt / "history.log", apt / "history.log.1.gz"):
            try:
                raw = log.read_bytes()
                text = (gzip.decompress(raw) if log.suffix == ".gz" else raw).decode(
                    "utf-8", "replace")
            except (OSError, EOFError, gzip.BadGzipFile):
                continue
            if date := parse_apt_history(text):
                return make_check("os_last_update", with_zone(date), str(log), "ok")
        if date := parse_pacman_log(_read("/var/log/pacman.log") or ""):
            return make_check("os_last_update", with_zone(date), "/var/log/pacman.log", "ok")
        status = Path("/var/lib/dpkg/status")
        if status.exists():
            stamp = datetime.fromtimestamp(status.stat().st_mtime).astimezone()
            return make_check("os_last_update", stamp.isoformat(sep=" ", timespec="seconds"),
                              "date de /var/lib/dpkg/status", "ok")
        if shutil.which("rpm"):
            lines = run(["rpm", "-qa", "--last"]).splitlines()
            if lines:  # newest first: "package  date"
                return make_check("os_last_update", re.split(r"\s{2,}", lines[0].strip())[-1],
                                  "rpm -qa --last", "ok")
        return make_check("os_last_update", "non déterminée", "aucune source (apt, pacman, "
                          "dpkg, rpm)", "unknown")

    def screens(self) -> EnvironmentCheck:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            return make_check("screens", [], "DISPLAY absent", "unknown", "pas d'écran X")
        return super().screens()

    def security_software(self) -> EnvironmentCheck:
        found: dict[str, str] = {}
        for path, label, on in (("/sys/module/apparmor/parameters/enabled", "AppArmor", "Y"),
                                ("/sys/fs/selinux/enforce", "SELinux", "1")):
            state = _read(path)
            if state is not None:
                found[label] = "actif" if state.startswith(on) else "inactif"
        present = [t for t in _SECURITY_TOOLS if shutil.which(t[0])]
        units = [unit for _, _, unit, _ in present if unit]
        states: dict[str, str] = {}
        if units and shutil.which("systemctl"):
            try:
                states = parse_is_active(units, run(["systemctl", "is-active", *units],
                                                    accept_failure=True))
            except CommandFailed:
                states = {}
        active_firewall, firewalls = False, 0
        for binary, label, unit, is_firewall in present:
            state = states.get(unit or "")
            if binary == "ufw":
                enabled = parse_ufw_conf(_read("/etc/ufw/ufw.conf") or "")
                state = None if enabled is None else ("active" if enabled else "inactive")
            words = {"active": "installé, actif", "inactive": "installé, inactif",
                     "failed": "installé, en échec"}
            found[label] = words.get(state or "", "installé (état non lu)")
            if is_firewall:
                firewalls += 1
                # State unread (no systemd in a container): installed counts, as it did before.
                active_firewall = active_firewall or state in (None, "active", "activating")
        status = "ok" if firewalls and active_firewall else "warning"
        note = ("" if status == "ok" else "aucun pare-feu détecté" if not firewalls
                else "pare-feu installé mais inactif")
        return make_check("security", found or {"aucun": "détecté"},
                          "binaires présents, /sys/module/apparmor, /etc/ufw/ufw.conf, "
                          "systemctl is-active", status, note)

    def gateway(self) -> EnvironmentCheck:
        text = _read("/proc/net/route")
        if text is None:
            raise CommandFailed("/proc/net/route", "fichier illisible")
        found = parse_proc_route(text)
        if found is None:
            return make_check("gateway", "aucune route par défaut", "/proc/net/route", "offline")
        return make_check("gateway", {"interface": found[0], "address": found[1],
                                      "mode": interface_mode(found[0])},
                          "/proc/net/route + /sys/class/net", "ok")

    def dns_servers(self) -> EnvironmentCheck:
        text = _read("/etc/resolv.conf")
        if text is None:
            raise CommandFailed("/etc/resolv.conf", "fichier absent ou illisible")
        servers, method = parse_resolv_conf(text), "/etc/resolv.conf"
        if servers == ["127.0.0.53"]:
            # systemd-resolved's local stub: the servers really asked are in its own file.
            upstream = parse_resolv_conf(_read("/run/systemd/resolve/resolv.conf") or "")
            if upstream:
                servers = upstream
                method += " (relais systemd-resolved) + /run/systemd/resolve/resolv.conf"
        return make_check("dns_servers", servers, method, "ok" if servers else "unknown")

    def interface_modes(self) -> InterfaceModes:
        net = Path("/sys/class/net")
        names = [p.name for p in net.iterdir()] if net.is_dir() else []
        return InterfaceModes({n: interface_mode(n, net) for n in names}, "/sys/class/net")

    def system_proxy(self) -> SystemProxy:
        value: dict[str, object] = {}
        methods: list[str] = []
        configured = False
        if shutil.which("gsettings"):
            try:
                value.update(_gnome_proxy())
                methods.append("gsettings")
            except CommandFailed as exc:  # no GNOME schema installed: no GNOME proxy either
                value["gnome_mode"] = "non lu"
                methods.append(f"gsettings ({exc.reason})")
            configured = value["gnome_mode"] not in ("none", "", "non lu")
        kde = parse_kioslaverc(_read(Path.home() / ".config" / "kioslaverc") or "")
        if kde:
            value.update(kde)
            methods.append("~/.config/kioslaverc")
            configured = configured or kde["kde_mode"] not in ("none", "environment")
        return SystemProxy(value, " + ".join(methods) or "pas de réglage de bureau (GNOME, KDE)",
                           configured)

    def process_names(self) -> Processes:
        return Processes(psutil_process_names(), "liste des processus (psutil)")
