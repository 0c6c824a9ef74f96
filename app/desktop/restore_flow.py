"""The first-run wizard's restore (ui/first_run_restore.py): the étude's remote store
defined (the same form and service as « Synchronisation »), then the vault rebuilt in this
empty home by the service ``probant restore`` calls, off the GUI thread, with progress."""

from __future__ import annotations

from typing import Any

from app.desktop.session import DesktopSession
from ui.first_run_restore import RestorePage


class RestoreFlow:
    def __init__(self, session: DesktopSession) -> None:
        self.session = session
        self.page = RestorePage(self.open_form, self.restore)
        self.form: Any = None  # « Ajouter un stockage distant », while it is open

    def open_form(self) -> Any:
        from app.desktop.remote_form import open_remote_form

        self.form = open_remote_form(
            self.session, self.page, lambda added: self.page.show_remote(added.name,
                                                                          added.where()))
        self.form.finished.connect(self._form_closed)
        return self.form

    def _form_closed(self, _result: int) -> None:
        self.form = None

    def restore(self) -> None:
        from app.services import sync as sync_service

        home, name = self.session.opts.home, self.page.remote
        self.session.runner.run(
            lambda progress, cancel: sync_service.restore(home, name, progress=progress,
                                                          cancel=cancel),
            lambda result: self.page.restored(result.blobs, result.journal_seq),
            lambda exc: self.page.failed(self.session.describe(exc)), self.page.show_progress)
