"""Starts the desktop application (the only place, with ui/, that knows Qt)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app import identity
from app.cli.context import GlobalOptions
from app.messages import error_message
from evidence.clock import utc_now_iso
from evidence.errors import ProbantError
from evidence.keyslots import new_recovery_code, recovery_slot
from evidence.model import OfficerIdentity
from evidence.vault import Vault, VaultHeader, create_vault, open_vault, vault_exists, vault_folder
from signing.handlers import FixedAnswers, InteractionHandler
from ui.main_window import MainWindow, VaultState


def load_state(opts: GlobalOptions) -> VaultState:
    """Demo: open (or create) the demo vault. Otherwise: the vault waits for the key."""
    home = opts.home
    if not vault_exists(home):
        if not opts.demo:
            return VaultState(str(home), exists=False, unlocked=False, demo=False)
        with _create_demo_vault(home) as vault:
            return _summary(vault)
    header = VaultHeader.read(vault_folder(home))
    if not header.demo:
        return VaultState(str(home), exists=True, unlocked=False, demo=False)
    with open_vault(home, identity.unlock_openers(home, True, FixedAnswers(identity.DEMO_PIN))) as v:
        return _summary(v)


def _open_with_key(opts: GlobalOptions, interaction: InteractionHandler) -> Vault:
    """The vault, opened with the officer's key (PIN and touch); use as a context manager."""
    header = VaultHeader.read(vault_folder(opts.home))
    return open_vault(opts.home, identity.unlock_openers(opts.home, header.demo, interaction))


def _describer(opts: GlobalOptions) -> Callable[[BaseException], str]:
    """Errors worded at the single UI boundary (French by default)."""
    def describe(exc: BaseException) -> str:
        return error_message(exc, opts.lang) if isinstance(exc, ProbantError) else repr(exc)
    return describe


def _flush_config(opts: GlobalOptions) -> Any:
    from app.settings import load_settings
    from signing.tsa.flush import FlushConfig

    settings = load_settings(opts.home)
    return FlushConfig(timeout_s=float(settings.tsa_timeout_s),
                       skew_warning_s=settings.clock_skew_warning_s)


def unlock_state(opts: GlobalOptions, interaction: InteractionHandler,
                 locks: list[tuple[str, str]] | None = None) -> VaultState:
    """PIN (asked through ``interaction``) and touch; runs on a worker thread.

    ``locks``: the window's auto-locks since the last unlock, (reason, UTC time). They
    are journaled now: while locked, without the key, nothing can be written.
    """
    with _open_with_key(opts, interaction) as v:
        for reason, when in locks or []:
            v.log("session_locked", details={"reason": reason, "locked_at": when})
        if locks:
            locks.clear()
        return _summary(v)


def create_officer_vault(opts: GlobalOptions, name: str, office: str, address: str,
                         interaction: InteractionHandler) -> str:
    """``probant init`` for the wizard: enrolls the key, returns the recovery code (once)."""
    code = new_recovery_code()
    factors = [*identity.first_factors(opts.home, False, interaction, name, "Clé principale"),
               lambda uid: recovery_slot(code, uid)]
    create_vault(opts.home, OfficerIdentity(name, office, address), factors, demo=False).close()
    return code


def build_first_run(opts: GlobalOptions, interaction: InteractionHandler) -> Any:
    """The first-run wizard wired to the core (vault creation on a worker thread)."""
    from ui.first_run import FirstRunWizard, OfficerAnswers
    from ui.worker import run_task

    holder: list[Any] = []

    def start(answers: OfficerAnswers) -> None:
        wizard = holder[0]

        def failed(exc: BaseException) -> None:
            wizard.key.failed(_describer(opts)(exc))

        run_task(lambda: create_officer_vault(opts, answers.name, answers.office,
                                              answers.address, interaction),
                 wizard.vault_created, failed)

    wizard = FirstRunWizard(start)
    holder.append(wizard)
    return wizard


def _create_demo_vault(home: Path) -> Vault:
    code = new_recovery_code()
    factors = [*identity.first_factors(home, True, FixedAnswers(identity.DEMO_PIN),
                                       "Maître Démo", "Authentificateur de démonstration"),
               lambda uid: recovery_slot(code, uid)]
    return create_vault(home, OfficerIdentity("Maître Démo (DÉMONSTRATION)"), factors, demo=True)


def _summary(vault: Vault) -> VaultState:
    def count(table: str) -> int:
        return int(vault.db.query_one(f"SELECT count(*) FROM {table}")[0])

    from evidence.dossiers import list_constats

    choices = tuple((c.id, f"{c.started_local[:16].replace('T', ' ')} — {c.mission or c.id}"
                           f" ({c.status})")
                    for c in list_constats(vault))
    return VaultState(str(vault.folder.parent), exists=True, unlocked=True, demo=vault.demo,
                      simulated_authenticator=vault.session.simulated,
                      officer=vault.session.user.name, dossiers=count("dossiers"),
                      constats=count("constats"), evidence=count("evidence"),
                      constat_choices=choices, tokens=token_rows(vault))


def bundle_exporter(opts: GlobalOptions, interaction: InteractionHandler) -> Any:
    """The export for the dialog: the key is asked again (PIN and touch) for each export."""
    from app.settings import load_settings
    from evidence import timestamps as ts
    from evidence.bundle.export import ExportRequest, export_bundle
    from evidence.progress import CancelToken, ProgressCallback
    from signing.tsa.flush import try_flush
    from signing.tsa.stamp import digest_stamper

    def run(constat_id: str, out: Path, require_pv: bool, progress: ProgressCallback,
            cancel: CancelToken) -> Any:
        with _open_with_key(opts, interaction) as vault:
            if ts.list_authorities(vault):  # what is still pending (often the PV) first
                try_flush(vault, _flush_config(opts), constat_id=constat_id)
            stamper = digest_stamper(vault, float(load_settings(opts.home).tsa_timeout_s))
            return export_bundle(vault, ExportRequest(constat_id, out, require_pv=require_pv),
                                 stamper=stamper, progress=progress, cancel=cancel)

    return run


def token_rows(vault: Vault) -> tuple[Any, ...]:
    from evidence.users import list_users
    from ui.tokens import TokenRow

    names = {u.id: u.name for u in list_users(vault)}
    return tuple(TokenRow(s.id, s.kind, s.label, names.get(s.user_id, s.user_id), s.created_at,
                          bool(s.params.get("simulated", False))) for s in vault.slots.load())


def build_token_manager(opts: GlobalOptions, interaction: InteractionHandler,
                        state: VaultState, parent: Any = None,
                        confirm: Any = None) -> Any:
    """The key slots screen; each action re-opens the vault with the officer's key."""
    import os

    from evidence.users import enroll_slot, remove_slot
    from ui.tokens import TokenManager

    def with_vault(action: Any) -> tuple[Any, ...]:
        with _open_with_key(opts, interaction) as vault:
            action(vault)
            return token_rows(vault)

    def enroll(label: str) -> tuple[Any, ...]:
        def act(vault: Vault) -> None:
            # The key to enroll: the one plugged in (PROBANT_NEW_AUTHENTICATOR: a software one).
            spec = os.environ.get("PROBANT_NEW_AUTHENTICATOR") or identity.authenticator_spec(
                opts.home, vault.demo)
            user = vault.session.user
            factor = identity.fido2_factor(spec, identity.effective_interaction(
                vault.demo, interaction), label, user.name)
            enroll_slot(vault, user.id, factor(user.id))
        return with_vault(act)

    def remove(slot_id: str) -> tuple[Any, ...]:
        return with_vault(lambda vault: remove_slot(vault, slot_id))

    return TokenManager(state.tokens, enroll, remove, _describer(opts), confirm=confirm, parent=parent)


def build_timestamp_dialog(opts: GlobalOptions, interaction: InteractionHandler,
                           state: VaultState, parent: Any = None) -> Any:
    """Coverage of a constat by trusted time, and a flush on demand (vault re-opened)."""
    from signing.tsa import coverage
    from signing.tsa.flush import try_flush
    from ui.timestamps import TimestampDialog

    def with_vault(action: Any) -> Any:
        with _open_with_key(opts, interaction) as vault:
            return action(vault)

    def load(constat_id: str) -> Any:
        return with_vault(lambda vault: coverage.coverage(vault, constat_id))

    def flush_now(constat_id: str) -> Any:
        config = _flush_config(opts)

        def act(vault: Vault) -> Any:
            try_flush(vault, config, constat_id=constat_id)  # offline: the table says why
            return coverage.coverage(vault, constat_id)
        return with_vault(act)

    return TimestampDialog(state.constat_choices, load, flush_now, _describer(opts),
                           parent=parent)


def build_export_dialog(opts: GlobalOptions, interaction: InteractionHandler,
                        state: VaultState, parent: Any = None) -> Any:
    from ui.bundle_export import BundleExportDialog

    return BundleExportDialog(state.constat_choices, bundle_exporter(opts, interaction),
                              _describer(opts), parent=parent)


def build_window(opts: GlobalOptions) -> MainWindow:
    """The main window wired to the core; used by run_gui and by the UI tests."""
    from ui.interaction import QtInteraction
    from ui.worker import run_task

    holder: list[MainWindow] = []

    def failed(exc: BaseException) -> None:
        window = holder[0]
        if isinstance(exc, ProbantError):
            window.show_state(VaultState(str(opts.home), vault_exists(opts.home), False,
                                         opts.demo, error=error_message(exc, opts.lang)))
        else:
            window.show_error(repr(exc))

    def unlock() -> None:
        window = holder[0]
        window.show_busy(window.tr("Déverrouillage : saisissez le PIN puis touchez votre clé…"))
        run_task(lambda: unlock_state(opts, interaction, locks), window.show_state, failed)

    def export() -> None:
        window = holder[0]
        if window.state is not None:
            build_export_dialog(opts, interaction, window.state, window).open()

    def tokens() -> None:
        window = holder[0]
        if window.state is not None:
            build_token_manager(opts, interaction, window.state, window).open()

    locks: list[tuple[str, str]] = []
    def timestamps() -> None:
        window = holder[0]
        if window.state is not None:
            dialog = build_timestamp_dialog(opts, interaction, window.state, window)
            dialog.open()
            dialog.refresh()

    window = MainWindow(on_unlock=unlock, on_export=export, on_tokens=tokens,
                        on_timestamps=timestamps,
                        on_locked=lambda reason: locks.append((reason, utc_now_iso())))
    holder.append(window)
    from app.settings import load_settings
    from signing.fido.devices import authenticator_present

    spec = identity.authenticator_spec(opts.home, opts.demo)
    window.arm_auto_lock(load_settings(opts.home).auto_lock_minutes * 60_000,
                         lambda: authenticator_present(spec))
    interaction = QtInteraction(window)
    interaction.touch_requested.connect(
        lambda label: window.show_busy(window.tr("Touchez votre clé ({label})").format(label=label)))
    from app.gui_capture import connect_capture

    connect_capture(window, opts, interaction)  # « Capturer… »: the capture panel
    from app.gui_pv import connect_pv

    connect_pv(window, opts, interaction)  # « Procès-verbal… »: rules, preview, signature
    run_task(lambda: load_state(opts), window.show_state, failed)
    return window


def run_gui(opts: GlobalOptions) -> int:
    from PySide6.QtWidgets import QApplication

    from ui.i18n import install_translator

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    install_translator(app, opts.lang)  # also Qt's own strings
    if not opts.demo and not vault_exists(opts.home):
        from ui.interaction import QtInteraction

        wizard = build_first_run(opts, QtInteraction())
        if not wizard.exec():
            return 1
    window = build_window(opts)
    window.show()
    return int(app.exec())
