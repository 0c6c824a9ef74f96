"""A vault older than its head file (only vault.db restored from a copy, as an insider
might) opens read-only in the window: a red banner says what is older and by how much,
and a write from the window is refused in French; nothing is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.cli.context import GlobalOptions
from tests.fixtures.cli import Probant, offline_settings
from tests.ui.looks import look_at


def test_an_older_database_opens_read_only_with_the_alarm(  # type: ignore[no-untyped-def]
        qtbot, shell, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    home = tmp_path / "home"
    offline_settings(home)
    probant = Probant(home)
    assert probant("init", demo=True).code == 0
    assert probant("dossier", "new", "Avant la copie", "--requester", "R", demo=True).code == 0
    db = home / "vault" / "vault.db"
    shutil.copy2(db, tmp_path / "old.db")
    for title in ("Après 1", "Après 2"):
        assert probant("dossier", "new", title, "--requester", "R", demo=True).code == 0
    journal_before = len(probant("journal", demo=True).json)
    shutil.copy2(tmp_path / "old.db", db)

    app = shell(GlobalOptions(home=home, demo=True, json=False, lang="fr"))
    window = app.window
    window.show()
    qtbot.waitUntil(lambda: app.session.is_unlocked, timeout=30000)
    assert window.alarm.isVisible()
    text = window.alarm.text()
    assert text.startswith("RETOUR EN ARRIÈRE DÉTECTÉ — coffre ouvert en lecture seule")
    assert "plus ancien que son fichier de tête" in text and "entrées de journal manquent" in text
    look_at(window, "rollback-alarm", tinted=((window.alarm, (0x6d, 0x00, 0x12)),))

    app.flow.do_dossier(type("A", (), {"title": "Pendant", "requester": "R",
                                       "deadline": None, "reference": ""})())
    qtbot.waitUntil(lambda: "lecture seule" in window.message.text()
                    or "Retour en arrière" in window.message.text(), timeout=20000)
    assert [d.title for d in app.session.overview.dossier_list] == ["Avant la copie"]
    app.session.close()
    shutil.copy2(db, tmp_path / "after.db")  # nothing was written: still the old copy
    assert (tmp_path / "after.db").read_bytes() == (tmp_path / "old.db").read_bytes()
    assert journal_before > 0
