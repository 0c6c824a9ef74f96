"""Points that read the same on every OS: the embedded browser and the session.

What differs by OS (hardware, system, security, network settings, processes) is read by the
platform readers in `capture.environment.platforms`.
"""

from __future__ import annotations

import getpass
import importlib.util
import locale
import socket
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from capture.environment.base import EnvironmentCheck, make_check


def webengine_package() -> str | None:
    """« PySide6_Addons 6.11.3 » when QtWebEngine is installed, else None.

    Read from the installed files, without importing PySide6: this package stays Qt-free, and
    the Chromium version is only known once a browser session ran (its facts say it)."""
    from importlib.metadata import PackageNotFoundError, version

    spec = importlib.util.find_spec("PySide6")
    folders = list(spec.submodule_search_locations or []) if spec else []
    if not any(any(Path(f).glob("QtWebEngineCore.*")) for f in folders):
        return None
    for dist in ("PySide6_Addons", "PySide6"):
        try:
            return f"{dist} {version(dist)}"
        except PackageNotFoundError:
            continue
    return "PySide6"


def browser(phase: str = "manual", facts: Mapping[str, Any] | None = None) -> EnvironmentCheck:
    """The recording browser (NF Z67-147: browser identified with its state).

    ``facts``: the constat's web sessions as ``app.services.web.browser_facts`` reads them
    back from the vault (None: no session). Before any session (the start report) the
    engine is identified from the installation and the report says the rest is checked at
    each session; the end report states the last session's engine, Chromium version, user
    agent, window and checked state, or « absent » when the constat had no session.
    """
    if facts:
        state = dict(facts.get("state") or {})
        value = {"engine": str(facts.get("engine") or "QtWebEngine"),
                 "chromium": str(facts.get("chromium", "")),
                 "user_agent": str(facts.get("user_agent", "")),
                 "window": list(facts.get("window") or []), "state": state,
                 "checked": bool(facts.get("checked")),
                 "proxy": dict(facts.get("proxy") or {}),
                 "mode": str(facts.get("mode", "")), "sessions": int(facts.get("sessions", 1)),
                 "complete": bool(facts.get("complete", True))}
        if value["checked"]:
            status, note = "ok", ""
        elif state:
            status, note = "warning", "profil du navigateur non vierge"
        else:
            status, note = "unknown", ""
        return make_check("browser", value, "faits de la session du navigateur (journal de "
                          "navigation signé)", status, note)
    package = webengine_package()
    if package is None:
        return make_check("browser", {"engine": "absent", "installed": False},
                          "fichiers installés de PySide6", "unknown")
    if phase == "end":
        return make_check("browser", {"engine": "absent", "installed": True, "package": package,
                                      "sessions": 0},
                          "journaux de navigation du constat", "unknown")
    return make_check("browser", {"engine": "QtWebEngine", "package": package, "sessions": 0},
                      "fichiers installés de PySide6 ; état vérifié à chaque session",
                      "ok")


def identity() -> EnvironmentCheck:
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment nor the password database
        user = "inconnu"
    return make_check("session", {"user": user, "host": socket.gethostname(),
                                  "locale": str(locale.getlocale()[0]),
                                  "timezone": time.strftime("%Z %z")},
                      "getpass, socket, locale, time", "ok")
