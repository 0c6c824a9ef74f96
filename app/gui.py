"""Starts the desktop application: one session, the first-run wizard if needed, the shell."""

from __future__ import annotations

import sys

from app.cli.context import GlobalOptions


def run_gui(opts: GlobalOptions) -> int:
    from PySide6.QtWidgets import QApplication

    from app.desktop.session import DesktopSession
    from app.desktop.shell import Shell, first_run_wizard
    from ui.i18n import install_translator
    from ui.interaction import QtInteraction

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    install_translator(app, opts.lang)  # also Qt's own strings
    interaction = QtInteraction()
    session = DesktopSession(opts, interaction)
    if not opts.demo and not session.vault_exists:
        if not first_run_wizard(session).exec():
            session.close()
            return 1
    shell = Shell(session, interaction)
    shell.window.restore_geometry()
    shell.window.show()
    shell.start()  # just created by the wizard: shown unlocked, no second prompt
    try:
        return int(app.exec())
    finally:
        session.close()
