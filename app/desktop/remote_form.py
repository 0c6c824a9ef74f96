"""« Ajouter un stockage distant »: the form (ui/remote_dialog.py), then the service that
checks the definition, puts an S3 secret in the OS keyring and journals it
(app/services/remotes.define). Opened from « Synchronisation » and from the first-run
wizard's restore page, where no vault exists yet to journal in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.desktop.session import DesktopSession


def open_remote_form(session: DesktopSession, parent: Any,
                     on_defined: Callable[[Any], None]) -> Any:
    """The dialog, open; ``on_defined(remote config)`` once the service took it (the dialog
    then closes); a refusal is said in the dialog, kept open for a correction."""
    from app.services import sync as sync_service
    from ui.remote_dialog import RemoteDialog

    home = session.opts.home

    def define(remote: Any, credentials: Any) -> None:
        def refused(exc: BaseException) -> None:
            dialog.show_refused(session.describe(exc))

        def defined(added: Any) -> None:
            dialog.done_defining()
            on_defined(added)

        if session.is_unlocked:
            session.call(lambda _c, vault: sync_service.add_remote(home, remote, credentials,
                                                                   vault), defined, refused)
        else:  # before a restore: no vault yet (the restored journal says where it came from)
            session.runner.run(lambda _p, _c: sync_service.add_remote(home, remote, credentials,
                                                                      None),
                               defined, refused, None)

    dialog = RemoteDialog(define, parent)
    dialog.open()
    return dialog
