"""Workstation points read from the operating system (Linux for real; others best effort)."""

from __future__ import annotations

import getpass
import locale
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from capture.environment.base import EnvironmentCheck as Check

REMOTE_TOOLS = ("teamviewer", "anydesk", "rustdesk", "x11vnc", "vncserver", "xvnc", "tigervnc",
                "obs", "simplescreenrecorder", "kazam", "vokoscreen", "chrome-remote-desktop",
                "remmina", "xrdp", "nomachine", "nxserver", "ffmpeg", "gst-launch-1.0")


def _read(path: str) -> str | None:
    try:
        return Path(path).read_text("utf-8", "replace").strip()
    except OSError:
        return None


def hardware() -> Check:
    if sys.platform.startswith("linux"):
        vendor, model = _read("/sys/class/dmi/id/sys_vendor"), _read("/sys/class/dmi/id/product_name")
        serial = _read("/sys/class/dmi/id/product_serial")
        value = {"make": vendor or "non lisible", "model": model or "non lisible",
                 "serial": serial or "non lisible (réservé à root)"}
        return Check("hardware", "Poste de travail", value, "/sys/class/dmi/id",
                     "ok" if vendor or model else "unknown")
    return Check("hardware", "Poste de travail", {"machine": platform.machine(),
                                                  "node": platform.node()},
                 "platform module", "unknown", "modèle et numéro de série non lus sur ce système")


def operating_system() -> Check:
    value = {"system": platform.system(), "release": platform.release(),
             "version": platform.version()}
    method = "platform.uname"
    if sys.platform.startswith("linux"):
        os_release = _read("/etc/os-release") or ""
        name = re.search(r'^PRETTY_NAME="?([^"\n]*)', os_release, re.M)
        value["distribution"] = name.group(1) if name else "inconnue"
        method += " + /etc/os-release"
    return Check("os", "Système d'exploitation", value, method, "ok")


def last_update() -> Check:
    history = Path("/var/log/apt/history.log")
    if history.exists():
        dates = re.findall(r"^Start-Date: (.*)$", history.read_text("utf-8", "replace"), re.M)
        if dates:
            return Check("os_last_update", "Dernière mise à jour", dates[-1],
                         "/var/log/apt/history.log", "ok")
    status = Path("/var/lib/dpkg/status")
    if status.exists():
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(status.stat().st_mtime))
        return Check("os_last_update", "Dernière mise à jour", stamp,
                     "date de /var/lib/dpkg/status", "ok")
    return Check("os_last_update", "Dernière mise à jour", "non déterminée", "aucune source",
                 "unknown")


def screens() -> Check:
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
        return Check("screens", "Écrans", [], "DISPLAY absent", "unknown", "pas d'écran X")
    try:
        import mss

        with mss.MSS() as grabber:
            mons = [f"{m['width']}x{m['height']}+{m['left']}+{m['top']}"
                    for m in grabber.monitors[1:]]
        return Check("screens", "Écrans", mons, "mss monitors", "ok")
    except Exception as exc:  # any backend error: record it, do not fail the report
        return Check("screens", "Écrans", [], "mss monitors", "unknown", str(exc)[:120])


def browser() -> Check:
    from importlib.metadata import PackageNotFoundError, version

    try:
        engine = f"Qt WebEngine (PySide6-WebEngine {version('pyside6-webengine')})"
    except PackageNotFoundError:
        engine = "navigateur intégré absent"
    return Check("browser", "Navigateur de capture", engine, "métadonnées du paquet", "ok",
                 "navigateur intégré à Probant, profil neuf sans extension ni outils de "
                 "développement : les extensions d'un navigateur installé ne s'appliquent pas")


def security_software() -> Check:
    found: dict[str, str] = {}
    if sys.platform.startswith("linux"):
        aa = _read("/sys/module/apparmor/parameters/enabled")
        if aa is not None:
            found["AppArmor"] = "actif" if aa.startswith("Y") else "inactif"
        for tool, label in (("ufw", "ufw"), ("firewall-cmd", "firewalld"), ("nft", "nftables"),
                            ("clamscan", "ClamAV"), ("freshclam", "ClamAV (mises à jour)")):
            if shutil.which(tool):
                found[label] = "installé"
    status = "ok" if any(k in found for k in ("ufw", "firewalld", "nftables")) else "warning"
    return Check("security", "Antivirus et pare-feu", found or {"aucun": "détecté"},
                 "binaires présents, /sys/module/apparmor", status,
                 "" if status == "ok" else "aucun pare-feu détecté")


def proxy_settings() -> Check:
    names = ("http_proxy", "https_proxy", "all_proxy", "ftp_proxy", "no_proxy")
    env = {n: os.environ.get(n) or os.environ.get(n.upper()) for n in names}
    set_vars = {k: v for k, v in env.items() if v and k != "no_proxy"}
    value: dict[str, object] = {"environment": set_vars or "aucun"}
    method = "variables d'environnement"
    if shutil.which("gsettings"):
        out = subprocess.run(["gsettings", "get", "org.gnome.system.proxy", "mode"],
                             capture_output=True, text=True, timeout=5)
        value["gnome_mode"] = out.stdout.strip().strip("'") or "inconnu"
        method += " + gsettings"
    gnome_set = value.get("gnome_mode") not in (None, "none", "inconnu")
    status = "warning" if set_vars or gnome_set else "ok"
    return Check("proxy", "Proxy (système)", value, method, status,
                 "un proxy est configuré" if status == "warning" else "aucun proxy configuré")


def remote_tools() -> Check:
    import psutil

    running = sorted({p.info["name"] for p in psutil.process_iter(["name"])
                      if p.info["name"] and p.info["name"].lower() in REMOTE_TOOLS})
    return Check("remote_tools", "Outils d'enregistrement ou de prise en main à distance",
                 running, "liste des processus (psutil)", "warning" if running else "ok")


def identity() -> Check:
    return Check("session", "Session", {"user": getpass.getuser(), "host": socket.gethostname(),
                                        "locale": str(locale.getlocale()[0]),
                                        "timezone": time.strftime("%Z %z")},
                 "getpass, socket, locale, time", "ok")
