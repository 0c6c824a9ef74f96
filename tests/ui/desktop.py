"""Test helpers for the desktop: a real DesktopSession, unlocked through the real core."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.cli.context import GlobalOptions
from app.desktop.session import DesktopSession
from app.desktop.shell import Shell
from signing.handlers import InteractionHandler


def options(home: Path, demo: bool, lang: str = "fr") -> GlobalOptions:
    return GlobalOptions(home=home, demo=demo, json=False, lang=lang)


def unlocked_session(qtbot: Any, opts: GlobalOptions, interaction: InteractionHandler
                     ) -> DesktopSession:
    """The session unlocked (the demo vault created if needed); closed with the test."""
    session = DesktopSession(opts, interaction)
    errors: list[BaseException] = []
    session.unlock(errors.append)
    qtbot.waitUntil(lambda: session.is_unlocked or bool(errors), timeout=30000)
    assert not errors, [session.describe(e) for e in errors]
    return session


def started_shell(opts: GlobalOptions, interaction: Any = None) -> Shell:
    """The main window on a new session, as ``probant`` starts it (demo: unlocking)."""
    from ui.interaction import QtInteraction

    asker = interaction or QtInteraction()
    shell = Shell(DesktopSession(opts, asker), asker if isinstance(asker, QtInteraction)
                  else None)
    shell.start()
    return shell
