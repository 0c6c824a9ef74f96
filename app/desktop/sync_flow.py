"""Sync in the background while the vault is open (issue E): every few minutes, and soon
after an unlock, what is pending goes to each remote store on a connection of its own (the
vault's thread stays free); the status bar says where things stand. Nothing happens
without a remote defined; a store that does not answer keeps the queue (tried again at
the next round) and the status bar says so."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from app.desktop.session import DesktopSession
from evidence.progress import CancelToken
from signing.legal_time import french_time


class _Counted:
    """The runner's progress (bytes: a signal to the window) with the objects count beside
    it, kept for the panel to show with the next bytes: the core reports both through its
    one progress parameter (evidence.progress.items_of)."""

    def __init__(self, progress: Any, objects: list[int]) -> None:
        self._progress, self._objects = progress, objects

    def __call__(self, done: int, total: int) -> None:
        self._progress(done, total)

    def items(self, done: int, total: int) -> None:
        self._objects[:] = [done, total]


class BackgroundSync(QObject):
    """Owned by the shell; ``show(text)`` is the status bar's sync label."""

    def __init__(self, session: DesktopSession, show: Any, parent: QObject, *,
                 interval_ms: int = 300_000, first_ms: int = 10_000) -> None:
        # A child of the main window: its timers go with the window, never firing on a
        # label that no longer exists.
        super().__init__(parent)
        self.session, self.show = session, show
        self.running: CancelToken | None = None
        self.panel: Any = None  # the « Synchronisation » dialog, while it is open
        self.form: Any = None  # « Ajouter un stockage distant », while it is open
        self.last_text = ""
        self.last_sync = ""  # HH:MM of the last round that every remote answered
        self.objects = [0, 0]  # objects done / to do in the round in flight
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.sync_now)
        self.first = QTimer(self)
        self.first.setSingleShot(True)
        self.first.setInterval(first_ms)
        self.first.timeout.connect(self.sync_now)
        session.unlocked.connect(lambda _view: self._started())
        session.changed.connect(lambda _view: self.refresh())  # a capture: one more to send

    def _started(self) -> None:
        self.refresh()
        self.first.start()
        self.timer.start()

    def _say(self, text: str) -> None:
        self.last_text = text
        self.show(text)
        if self.panel is not None:
            self.panel.show_status(text, self.running is not None)

    # -- the panel (Outils > Synchronisation…) -------------------------------------------
    def open_panel(self, parent: Any) -> Any:
        """Each remote's state, with « Synchroniser maintenant »; returns the dialog."""
        from ui.sync_dialog import SyncDialog

        self.panel = SyncDialog(self.sync_now, parent, add=self.open_form, test=self.test,
                                pull=self.pull, promote=self.promote)
        self.panel.finished.connect(self._panel_closed)
        self.panel.show_status(self.last_text, self.running is not None)
        self._load_rows()
        self.panel.open()
        return self.panel

    def _panel_closed(self, _result: int) -> None:
        self.panel = None

    # -- defining and testing a remote ---------------------------------------------------
    def open_form(self) -> Any:
        """« Ajouter un stockage… »: the form; the service checks, stores and journals."""
        from app.desktop.remote_form import open_remote_form

        self.form = open_remote_form(self.session, self.panel, self._defined)
        self.form.finished.connect(self._form_closed)
        return self.form

    def _form_closed(self, _result: int) -> None:
        self.form = None

    def _defined(self, added: Any) -> None:
        self._load_rows()
        self.refresh()
        self.test(added.name)  # what the officer wants to know next: does it answer?

    def test(self, name: str) -> None:
        """Reachable, credentials, versioning, Object Lock — off the GUI thread (network)."""
        from app.services import sync as sync_service

        home = self.session.opts.home
        if self.panel is not None:
            self.panel.show_status(QCoreApplication.translate(
                "SyncFlow", "Test du stockage « {name} »…").format(name=name),
                self.running is not None)

        def shown(caps: Any) -> None:
            if self.panel is not None:
                self.panel.show_test(name, caps)

        def failed(exc: BaseException) -> None:
            if self.panel is not None:
                self.panel.show_status(self.session.describe(exc), self.running is not None)

        self.session.runner.run(lambda _p, _c: sync_service.test_remote(home, name), shown,
                                failed, None)

    def _load_rows(self) -> None:
        if self.panel is None or not self.session.is_unlocked:
            return
        from app.services import sync as sync_service

        home = self.session.opts.home
        self.session.call(lambda _c, vault: (sync_service.remote_rows(vault, home),
                                             sync_service.restored_copy(vault)),
                          self._rows_loaded, lambda _e: None, writes=False)

    def _rows_loaded(self, loaded: tuple[Any, Any]) -> None:
        rows, copy = loaded
        if self.panel is not None:
            self.panel.show_rows(rows)
            self.panel.show_copy(copy.remote if copy else None,
                                 copy.base_seq if copy else 0, self.running is not None)

    # -- a restored copy: brought up to date, or made the origin ---------------------------
    def pull(self) -> None:
        """« Mettre à jour depuis l'origine »: on the vault's own thread (its database is
        replaced by the origin's), never during a round."""
        if not self.session.is_unlocked or self.running is not None:
            return
        from app.services import sync as sync_service

        home = self.session.opts.home
        self._say(QCoreApplication.translate(
            "SyncFlow", "Mise à jour de la copie depuis le poste d'origine…"))

        def work(_ctx: Any, vault: Any, progress: Any, cancel: CancelToken) -> Any:
            return sync_service.pull(vault, home, progress=_Counted(progress, self.objects),
                                     cancel=cancel)

        self.objects[:] = [0, 0]
        self.running = self.session.run_long(work, self._pulled, self._copy_failed,
                                             on_progress=self._progress)

    def _pulled(self, result: Any) -> None:
        self.running = None
        self._load_rows()
        if result.pulled:
            self._say(QCoreApplication.translate(
                "SyncFlow", "Copie mise à jour : journal {start} → {end}, {n} fichier(s) "
                "reçu(s).").format(start=result.from_seq, end=result.to_seq, n=result.blobs))
        else:
            self._say(QCoreApplication.translate(
                "SyncFlow", "Copie déjà à jour (journal {end}).").format(end=result.to_seq))

    def promote(self) -> None:
        """« Faire de ce poste le poste d'origine… »: asked in the panel, then a fresh PIN
        and touch (an act that binds the officer), then the promotion and its first sync."""
        panel = self.panel
        if panel is None or not self.session.is_unlocked or self.running is not None:
            return
        if not panel.confirm_promotion():
            return
        from app.services import sync as sync_service

        home = self.session.opts.home
        self.running = CancelToken()  # no round starts meanwhile
        self._say(QCoreApplication.translate("SyncFlow", "Promotion de ce poste…"))
        self.session.call_confirmed(
            "origin_promotion", lambda _c, vault: sync_service.promote(vault, home),
            self._promoted, self._copy_failed)

    def _promoted(self, report: Any) -> None:
        self.running = None
        self._load_rows()
        text = QCoreApplication.translate(
            "SyncFlow", "Ce poste est désormais le poste d'origine du coffre. L'ancien poste "
            "d'origine ne doit plus servir pour ce coffre : ses envois seront refusés.")
        if report.push_error is not None:
            text += " " + QCoreApplication.translate(
                "SyncFlow", "Envoi en attente : {error}").format(
                error=self.session.describe(report.push_error))
        self._say(text)

    def _copy_failed(self, exc: BaseException) -> None:
        self.running = None
        self._load_rows()
        self._say(QCoreApplication.translate("SyncFlow", "Refusé : {error}").format(
            error=self.session.describe(exc)))

    def refresh(self) -> None:
        """The pending count, read on the vault's thread."""
        if not self.session.is_unlocked or self.running is not None:
            return
        from app.services import sync as sync_service

        home = self.session.opts.home
        self.session.call(lambda _c, vault: sync_service.status(vault, home), self._status,
                          lambda _e: None, writes=False)

    def _status(self, state: Any) -> None:
        if state.remotes == 0:
            self._say("")  # nothing to sync: the label says nothing
        elif state.pending:
            self._say(QCoreApplication.translate("SyncFlow", "Synchronisation : {n} élément(s) à envoyer").format(n=state.pending))
        elif self.last_sync:
            self._say(QCoreApplication.translate("SyncFlow", "Synchronisé à {time}").format(time=self.last_sync))
        else:
            self._say(QCoreApplication.translate("SyncFlow", "Synchronisation : à jour"))

    def sync_now(self) -> None:
        if not self.session.is_unlocked or self.running is not None:
            return
        from app.services import sync as sync_service

        home = self.session.opts.home
        if not sync_service.list_remotes(home):
            return
        self._say(QCoreApplication.translate("SyncFlow", "Synchronisation en cours…"))

        def work(_ctx: Any, vault: Any, progress: Any, cancel: CancelToken) -> Any:
            return sync_service.sync(vault, home, progress=_Counted(progress, self.objects),
                                     cancel=cancel)

        self.objects[:] = [0, 0]
        self.running = self.session.run_beside(work, self._done, self._failed,
                                               on_progress=self._progress)

    def _progress(self, done: int, total: int) -> None:
        if self.panel is not None:
            self.panel.show_progress(done, total, *self.objects)

    def _done(self, report: Any) -> None:
        self.running = None
        self._load_rows()
        if report.failures:
            names = ", ".join(name for name, _ in report.failures)
            self._say(QCoreApplication.translate("SyncFlow", "Synchronisation : {names} injoignable, envoi en attente").format(
                names=names))
            return
        self.last_sync = french_time(datetime.now(UTC).isoformat())[11:16]
        self._say(QCoreApplication.translate("SyncFlow", "Synchronisé à {time}").format(time=self.last_sync))

    def _failed(self, exc: BaseException) -> None:
        self.running = None
        self._load_rows()
        self._say(QCoreApplication.translate("SyncFlow", "Synchronisation en échec : {error}").format(
            error=self.session.describe(exc)))

    def stop(self) -> None:
        """At lock: the round in flight stops (what was sent stays sent), timers paused."""
        self.timer.stop()
        self.first.stop()
        if self.running is not None:
            self.running.cancel()
