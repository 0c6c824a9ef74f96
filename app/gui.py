"""Starts the desktop application (the only place, with ui/, that knows Qt)."""

from __future__ import annotations

import sys
from pathlib import Path

from app import identity
from app.cli.context import GlobalOptions
from app.messages import error_message
from evidence.errors import ProbantError
from evidence.keyslots import new_recovery_code, recovery_slot
from evidence.model import OfficerIdentity
from evidence.vault import Vault, create_vault, open_vault, vault_exists
from signing.handlers import FixedAnswers
from ui.main_window import VaultState


def load_state(opts: GlobalOptions) -> VaultState:
    """Open (or, in demo mode, create) the vault and summarise it for the window."""
    home = opts.home
    if not vault_exists(home):
        if not opts.demo:
            return VaultState(str(home), exists=False, unlocked=False, demo=False)
        vault = _create_demo_vault(home)
    else:
        from evidence.vault import VaultHeader, vault_folder

        header = VaultHeader.read(vault_folder(home))
        from app.cli.prompts import TerminalInteraction

        vault = open_vault(home, identity.unlock_openers(home, header.demo,
                                                         TerminalInteraction(opts.lang)))
    with vault:
        return _summary(vault)


def _create_demo_vault(home: Path) -> Vault:
    code = new_recovery_code()
    factors = [*identity.first_factors(home, True, FixedAnswers(identity.DEMO_PIN),
                                       "Maître Démo", "Authentificateur de démonstration"),
               lambda uid: recovery_slot(code, uid)]
    return create_vault(home, OfficerIdentity("Maître Démo (DÉMONSTRATION)"), factors, demo=True)


def _summary(vault: Vault) -> VaultState:
    def count(table: str) -> int:
        return int(vault.db.query_one(f"SELECT count(*) FROM {table}")[0])

    return VaultState(str(vault.folder.parent), exists=True, unlocked=True, demo=vault.demo,
                      simulated_authenticator=vault.session.simulated,
                      officer=vault.session.user.name, dossiers=count("dossiers"),
                      constats=count("constats"), evidence=count("evidence"))


def run_gui(opts: GlobalOptions) -> int:
    from PySide6.QtWidgets import QApplication

    from ui.i18n import install_translator
    from ui.main_window import MainWindow
    from ui.worker import run_task

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    install_translator(app, opts.lang)
    window = MainWindow()
    window.show()

    def failed(exc: BaseException) -> None:
        if isinstance(exc, ProbantError):
            window.show_state(VaultState(str(opts.home), vault_exists(opts.home), False,
                                         opts.demo, error=error_message(exc, opts.lang)))
        else:
            window.show_error(repr(exc))

    run_task(lambda: load_state(opts), window.show_state, failed)
    return int(app.exec())
