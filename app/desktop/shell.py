"""The main window on the desktop session: unlock, lock, and the screens it opens.

One object (not closures and holder lists) keeps what is open: the capture panel
and the PV dialog, ended when the session locks.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QTimer

from app import identity
from app.desktop.capture_flow import CaptureFlow
from app.desktop.constat_flow import ConstatFlow
from app.desktop.session import DesktopSession
from app.services import access, users
from app.services.overview import VaultOverview
from evidence.errors import ProbantError
from evidence.vault import vault_exists
from ui.deadlines import DeadlineNotifier
from ui.first_run import FirstRunWizard, OfficerAnswers
from ui.interaction import QtInteraction
from ui.main_window import MainWindow, VaultState, app_icon

if TYPE_CHECKING:  # the screens load their core (pyHanko, PyAV…) when first opened
    from ui.capture_panel import CapturePanel
    from ui.pv_dialog import PvDialog

def vault_state(session: DesktopSession, view: VaultOverview | None = None,
                error: str = "") -> VaultState:
    opts = session.opts
    if view is None:
        return VaultState(str(opts.home), vault_exists(opts.home), False, opts.demo, error=error)
    return VaultState(view.home, True, True, view.demo, view.simulated_authenticator,
                      view.officer, view.dossiers, view.constats, view.evidence,
                      constat_choices=view.constat_choices, tokens=view.tokens,
                      role=view.role, pending_timestamps=view.pending_timestamps,
                      rolled_back=view.rolled_back, dossier_list=view.dossier_list,
                      constat_list=view.constat_list, office=view.office,
                      address=view.address)


def _token_present(spec: str | None) -> bool:
    from signing.fido.devices import authenticator_present  # python-fido2: on first poll

    return authenticator_present(spec)


class Shell:
    def __init__(self, session: DesktopSession, interaction: QtInteraction | None = None
                 ) -> None:
        self.session = session
        self.window = MainWindow(on_unlock=self.unlock, on_export=self.open_export,
                                 on_tokens=self.open_tokens, on_timestamps=self.open_timestamps)
        if interaction is not None:  # the session's handler: its dialogs over this window
            interaction.attach(self.window)
            interaction.touch_requested.connect(self._touch)
        self.panel: CapturePanel | None = None
        self.pv: PvDialog | None = None
        self.tool: Any = None  # the tool dialog open now (tests drive it)
        self.window.capture_button.clicked.connect(self.open_capture)
        self.window.pv_button.clicked.connect(self.open_pv)
        self.window.locked.connect(self._window_locked)
        self.window.menu_triggered.connect(self.menu)
        nav = self.window.navigator
        self.flow = ConstatFlow(session, nav, self.window, self.window.say)
        self.capture = CaptureFlow(session, nav.capture_bar, nav.current_constat,
                                   self.window.say, self.window.note_activity)
        nav.capture_bar.open_panel.connect(self.open_capture)
        self.web: Any = None  # the recording browser's flow, made at its first use
        nav.capture_bar.open_browser.connect(self.open_browser)
        self.deadlines = DeadlineNotifier(self.window, app_icon())
        from app.desktop.tools_screens import install_bundle_drop

        self.bundle_drop = install_bundle_drop(session, self.window)  # a .zip dropped: checked
        self.network = QTimer(self.window)
        self.network.setInterval(60_000)
        self.network.timeout.connect(self.check_network)
        session.unlocked.connect(lambda _view: self.check_network())
        self.network.start()
        from app.desktop.sync_flow import BackgroundSync

        self.sync = BackgroundSync(session, self.window.show_sync, self.window)
        session.unlocked.connect(self._show)
        session.changed.connect(self._show)
        session.failed.connect(self.window.show_error)
        spec = identity.authenticator_spec(session.opts.home, session.opts.demo)
        self.window.arm_auto_lock(session.settings.auto_lock_minutes * 60_000,
                                  lambda: _token_present(spec))

    def start(self) -> None:
        """Demo: opens (or creates) the demo vault. Otherwise the vault waits for the key
        (unless the first-run wizard just created it: then it is open already)."""
        # The start-up objects (Qt bindings, the core's modules) live as long as the
        # process: frozen out of the collector, a full collection no longer walks them
        # while holding the GIL (measured: 73 ms of frozen window during a PV draft,
        # 12 ms once frozen).
        gc.collect()
        gc.freeze()
        if self.session.overview is not None:
            self._show(self.session.overview)
        elif self.session.opts.demo:
            self.session.unlock(self._unlock_failed)
        else:
            self.window.show_state(vault_state(self.session))

    # -- the vault -----------------------------------------------------------------
    def unlock(self) -> None:
        self.window.show_busy(QCoreApplication.translate("MainWindow",
            "Déverrouillage : saisissez le PIN puis touchez votre clé…"))
        self.session.unlock(self._unlock_failed)

    def _touch(self, label: str) -> None:
        self.window.show_busy(QCoreApplication.translate("MainWindow", "Touchez votre clé ({label})").format(label=label))

    def _unlock_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ProbantError):
            self.window.show_state(vault_state(self.session, error=self.session.describe(exc)))
        else:
            self.window.show_error(self.session.describe(exc))

    def _show(self, view: VaultOverview) -> None:
        self.window.show_state(vault_state(self.session, view))
        self.deadlines.check(view.dossier_list)

    def _window_locked(self, reason: str) -> None:
        self.sync.stop()  # a round in flight stops; what was sent stays sent
        self.capture.stop_all()  # a recording stops cleanly: what was recorded is kept
        if self.web is not None:  # the browser finishes as « Terminer » does: what it
            self.web.stop()  # sent is stored
        self.session.lock(reason)
        if self.panel is not None:
            self.panel.end()
            self.panel.close()  # not deleted: a capture in flight still reports to it
            self.panel = None
        if self.pv is not None:
            self.pv.close()  # the rules and the draft it shows go with the unlocked state

    def check_network(self) -> None:
        """The TSAs' addresses read on the vault's thread, the probe on a worker (no vault
        held while the network answers)."""
        if not self.session.is_unlocked:
            return
        from app.services import timestamps

        def probe(urls: tuple[str, ...]) -> None:
            self.session.runner.run(lambda _p, _c: timestamps.probe_network(urls),
                                    lambda state: self.window.show_network(
                                        state.online, state.authority), lambda _e: None)
        self.session.call(lambda _c, v: timestamps.authority_urls(v), probe, lambda _e: None,
                          writes=False)

    # -- menus ---------------------------------------------------------------------
    def menu(self, key: str) -> None:
        """A menu entry or its shortcut; entries needing the vault wait for the unlock."""
        nav = self.window.navigator
        constat, dossier = nav.current_constat(), nav.current_dossier()
        simple: dict[str, Callable[[], object]] = {"lock": lambda: self.window.lock("user"), "quit": self.window.close,
                  "tokens": self.open_tokens, "new_dossier": self.flow.ask_dossier,
                  "users": self.open_users,
                  "sync": lambda: self.sync.open_panel(self.window)}
        if key in simple:
            simple[key]()
        elif key == "new_constat" and dossier is not None:
            self.flow.ask_constat(dossier)
        elif key == "import" and constat is not None:
            self.flow.ask_import(constat)
        elif key == "close_constat" and constat is not None:
            self.flow.ask_close(constat)
        else:
            self.open_tool(key)

    def open_tool(self, key: str) -> None:
        """Settings, journal, checks and About: their screens, when they exist."""
        from app.desktop import tool_menu

        dialog = tool_menu.open_tool(self, key)
        if key == "settings" and dialog is not None:
            dialog.saved.connect(self._settings_saved)
            # A TSA added or removed there: the status bar's network state is asked again
            # now, not at the next minute's round.
            dialog.finished.connect(lambda _result: self.check_network())

    def _settings_saved(self, _preferences: Any) -> None:
        """The idle delay applies now; the language and log level at the next start."""
        self.window.set_idle_delay(self.session.settings.auto_lock_minutes * 60_000)

    # -- screens -------------------------------------------------------------------
    def open_export(self) -> None:
        from app.desktop import screens

        if self.session.is_unlocked:
            dialog = screens.export_dialog(self.session, self.window)
            index = dialog.constat.findData(self.window.navigator.current_constat())
            if index >= 0:  # the workspace's constat
                dialog.constat.setCurrentIndex(index)
            folder = self.session.settings.export_folder
            if folder and not dialog.path.text():
                dialog.path.setText(str(Path(folder) / "dossier-de-preuve.zip"))
            dialog.open()

    def open_tokens(self) -> None:
        from app.desktop import screens

        if self.session.is_unlocked:
            screens.token_manager(self.session, self.window).open()

    def open_users(self) -> None:
        from app.desktop import screens

        if not self.session.is_unlocked:
            return

        def closed(_result: int) -> None:
            # Its actions ran beside the session's calls: the overview (the étude's address,
            # the default place of a constat; the keys) is read again once it closes.
            if self.session.is_unlocked:
                self.session.refresh()

        def shown(rows: Any) -> None:
            self.tool = screens.users_dialog(self.session, rows, self.window)
            self.tool.finished.connect(closed)
            self.tool.open()
        self.session.call(lambda _c, v: users.user_rows(v), shown, writes=False)

    def open_timestamps(self) -> None:
        from app.desktop import screens

        if self.session.is_unlocked:
            dialog = screens.timestamp_dialog(self.session, self.window)
            dialog.open()
            dialog.refresh()

    def open_browser(self, start_url: str = "") -> None:
        """The recording browser in its own process (warcio and the recorder load now)."""
        if self.web is None:
            from app.desktop.web_flow import WebFlow

            self.web = WebFlow(self.session, self.window.navigator.current_constat,
                               self.window.say)
        self.web.open_browser(start_url)

    def open_capture(self) -> None:
        """Its own top-level window (no parent): it stays up while the main window hides."""
        from app.desktop import screens

        if self.panel is not None and not self.panel.ended:
            self.panel.show()
            self.panel.raise_()
            return
        self.panel = screens.capture_panel(self.session, on_activity=self.window.note_activity)
        self.panel.show()
        self.panel.start()

    def open_pv(self) -> None:
        from app.desktop import screens

        if self.pv is not None and self.pv.isVisible():
            self.pv.raise_()
            return
        if self.pv is not None and not self.pv.busy:  # a signature in flight still reports
            self.pv.deleteLater()
        self.pv = None
        if not self.session.is_unlocked:
            return
        self.pv = screens.pv_dialog(self.session, self.window)
        chosen = self.window.navigator.current_constat()
        if chosen is not None:  # the workspace's constat, not the first of the list
            self.pv.select_constat(chosen)
        self.pv.folder = self.session.settings.export_folder
        # The key's "touch it" prompt went to the main window: its state comes back after.
        self.pv.action_finished.connect(self._restore_state)
        self.pv.open()

    def _restore_state(self) -> None:
        if self.session.overview is not None:
            self._show(self.session.overview)


def first_run_wizard(session: DesktopSession) -> FirstRunWizard:
    """Creates the officer's vault; the session stays unlocked on it afterwards."""
    wizard: FirstRunWizard

    def start(answers: OfficerAnswers) -> None:
        session.create_vault(access.OfficerRequest(answers.name, answers.office,
                                                   answers.address),
                             wizard.vault_created,
                             lambda exc: wizard.key.failed(session.describe(exc)))

    from app.desktop.restore_flow import RestoreFlow

    restoring = RestoreFlow(session)
    wizard = FirstRunWizard(start, restoring.page)
    wizard.restoring = restoring  # type: ignore[attr-defined]  # kept with the wizard
    return wizard
