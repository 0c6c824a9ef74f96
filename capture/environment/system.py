"""Points that read the same on every OS: the embedded browser and the session.

What differs by OS (hardware, system, security, network settings, processes) is read by the
platform readers in `capture.environment.platforms`.
"""

from __future__ import annotations

import getpass
import locale
import socket
import time

from capture.environment.base import EnvironmentCheck, make_check


def browser() -> EnvironmentCheck:
    from importlib.metadata import PackageNotFoundError, version

    try:
        engine = f"Qt WebEngine (PySide6-WebEngine {version('pyside6-webengine')})"
    except PackageNotFoundError:
        engine = "navigateur intégré absent"
    return make_check("browser", engine, "métadonnées du paquet", "ok",
                      "navigateur intégré à Probant, profil neuf sans extension ni outils de "
                      "développement : les extensions d'un navigateur installé ne s'appliquent pas")


def identity() -> EnvironmentCheck:
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment nor the password database
        user = "inconnu"
    return make_check("session", {"user": user, "host": socket.gethostname(),
                                  "locale": str(locale.getlocale()[0]),
                                  "timezone": time.strftime("%Z %z")},
                      "getpass, socket, locale, time", "ok")
