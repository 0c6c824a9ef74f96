"""Sync in the background while the window is open (issue E): the status bar counts what
waits to be sent, a round sends it to the remote store on its own connection (the window
stays usable), says when it was done, and says so when the store does not answer — the
queue kept and sent at the next round. A real folder remote; the real CLI makes the vault."""

from __future__ import annotations

import re
from pathlib import Path

from app.cli.context import GlobalOptions
from app.services import sync as sync_service
from evidence.sync.config import RemoteConfig
from tests.fixtures.cli import Probant, offline_settings
from tests.fixtures.output import worker_output_dir
from tests.ui.looks import look_at

OUT = worker_output_dir("ui")
WAIT = 60_000


def _demo_vault(home: Path, tmp_path: Path) -> None:
    offline_settings(home)
    probant = Probant(home)
    assert probant("init", "--name", "Maître Jeanne DUPONT", demo=True).code == 0
    dossier = probant("dossier", "new", "Affaire Martin").json["id"]
    constat = probant("constat", "new", "--dossier", dossier, "--place", "Étude").json["id"]
    piece = tmp_path / "piece.txt"
    piece.write_text("courriel remis par le client")
    assert probant("annex", "add", "--constat", constat, str(piece)).code == 0


def test_the_status_bar_counts_sends_and_says_when_the_store_is_away(
        qtbot, shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    _demo_vault(home, tmp_path)
    store = tmp_path / "store"
    store.mkdir()
    sync_service.add_remote(home, RemoteConfig(name="etude", kind="folder", path=str(store)))
    app = shell(GlobalOptions(home=home, demo=True, json=False, lang="fr"))
    label = app.window.status_sync
    qtbot.waitUntil(lambda: "à envoyer" in label.text(), timeout=WAIT)
    assert not label.isHidden()

    # The store is away (the étude's disk not mounted): the queue is kept, and said.
    away = tmp_path / "unmounted"
    store.rename(away)
    app.sync.sync_now()
    qtbot.waitUntil(lambda: app.sync.running is None and "injoignable" in label.text(),
                    timeout=WAIT)
    assert label.text() == "Synchronisation : etude injoignable, envoi en attente"
    away.rename(store)
    assert not any(store.rglob("*")), "nothing was written while it was away"

    # Outils > Synchronisation…: the remote, what waits, the error since the last round.
    app.menu("sync")
    panel = app.sync.panel
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1 and panel.table.item(0, 4) is not None,
                    timeout=WAIT)
    row = [panel.table.item(0, c).text() for c in range(5)]
    assert row[0] == "etude" and row[1] == str(store) and int(row[2]) >= 2, row
    assert row[3] == "jamais" and row[4] == "injoignable", row
    pending = int(row[2])
    shown: list[str] = []  # what the progress bar read, objects with the bytes
    show = panel.show_progress
    panel.show_progress = lambda *a: (show(*a), shown.append(panel.bar.text()))
    panel.sync_button.click()  # « Synchroniser maintenant »
    qtbot.waitUntil(lambda: app.sync.running is None and label.text().startswith(
        "Synchronisé à"), timeout=WAIT)
    assert shown and all(re.fullmatch(rf"\d+ % — \d+ / {pending} éléments", t) for t in shown
                         if "éléments" in t), shown
    assert any("éléments" in t for t in shown), shown
    qtbot.waitUntil(lambda: panel.table.item(0, 2).text() == "0", timeout=WAIT)
    row = [panel.table.item(0, c).text() for c in range(5)]
    assert row[3].startswith("20") and row[4] == "", row  # a date, and no error since
    assert panel.status.text() == label.text()
    look_at(panel, "sync-panel", shows=(panel.table, panel.status))
    panel.accept()
    assert any(p.is_file() for p in store.rglob("*")), "nothing reached the remote store"
    app.window.show()
    look_at(app.window, "background-sync", shows=(label,))
    # Everything is on the store: the count the status bar read is zero.
    state = app.session.blocking(lambda _c, vault: sync_service.status(vault, home))
    assert state.remotes == 1 and state.pending == 0
