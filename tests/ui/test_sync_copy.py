"""A restored copy in the window (issue E, point 5): the « Synchronisation » panel says the
workstation is a copy, brings it up to date from the origin (the officer's later constat
appears in the window), and, the origin lost, makes it the origin after a question, a
fresh PIN and touch. Real vaults, software key, a folder remote; the restore itself is the
service the CLI calls."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import identity
from app.cli.context import GlobalOptions
from app.services import sync as sync_service
from evidence import dossiers
from evidence.sync.config import RemoteConfig
from evidence.vault import open_vault
from signing.handlers import FixedAnswers
from tests.fixtures.cli import offline_settings
from tests.ui.desktop import officer_and_clerk
from tests.ui.looks import look_at

WAIT = 60_000


def _origin_constat(home: Path, officer: str, mission: str) -> None:
    """On the origin workstation: a constat, then a sync."""
    with open_vault(home, [identity.Fido2Opener(officer, FixedAnswers("1111"))]) as vault:
        dossier = dossiers.create_dossier(vault, f"Affaire {mission}", "SAS Martin")
        dossiers.create_constat(vault, dossier.id, mission)
        report = sync_service.sync(vault, home)
        assert not report.failures, report.failures


def test_a_restored_copy_is_brought_up_to_date_then_made_the_origin(  # type: ignore[no-untyped-def]
        qtbot, shell, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    etude = officer_and_clerk(tmp_path)
    nas = tmp_path / "nas"
    nas.mkdir()
    sync_service.add_remote(etude.home, RemoteConfig(name="nas", kind="folder", path=str(nas)))
    _origin_constat(etude.home, etude.officer, "Lundi")
    home = tmp_path / "poste-2"  # the officer's new workstation, their key moved there
    sync_service.add_remote(home, RemoteConfig(name="nas", kind="folder", path=str(nas)))
    base = sync_service.restore(home, "nas").journal_seq
    _origin_constat(etude.home, etude.officer, "Mardi")  # the origin works on

    offline_settings(home)
    monkeypatch.setenv("PROBANT_AUTHENTICATOR", etude.officer)
    monkeypatch.delenv("PROBANT_RECOVERY_CODE", raising=False)
    app = shell(GlobalOptions(home=home, demo=False, json=False, lang="fr"),
                FixedAnswers("1111"))
    app.window.show()
    app.window.unlock_button.click()
    qtbot.waitUntil(lambda: app.session.is_unlocked, timeout=WAIT)
    assert app.session.overview is not None and app.session.overview.constats == 2
    app.menu("sync")
    panel = app.sync.panel
    qtbot.waitUntil(lambda: panel.copy_note.isVisible(), timeout=WAIT)
    assert f"copie restaurée depuis « nas » (journal du poste d'origine : {base})" in \
        panel.copy_note.text()
    look_at(panel, "sync-panel-copy", shows=[panel.copy_note, panel.pull_button,
                                             panel.promote_button])

    panel.pull_button.click()
    qtbot.waitUntil(lambda: "Copie mise à jour" in panel.status.text(), timeout=WAIT)
    qtbot.waitUntil(lambda: app.session.overview.constats == 3, timeout=WAIT)
    assert any("Mardi" in label for _id, label in app.session.overview.constat_choices)

    asked: list[str] = []
    panel._ask = lambda question: asked.append(question) is None and False  # « Non »
    panel.promote_button.click()
    assert asked and "poste d'origine" in asked[0]
    assert (home / "vault" / "replica.json").exists()  # nothing done on « Non »

    panel._ask = lambda question: True
    panel.promote_button.click()
    qtbot.waitUntil(lambda: "désormais le poste d'origine" in panel.status.text(),
                    timeout=WAIT)
    assert not (home / "vault" / "replica.json").exists()
    qtbot.waitUntil(lambda: not panel.copy_note.isVisible(), timeout=WAIT)
    with open_vault(home, [identity.Fido2Opener(etude.officer, FixedAnswers("1111"))]) as v:
        actions = [str(r[0]) for r in v.db.query("SELECT action FROM journal ORDER BY seq")]
    # A fresh PIN and touch came first, then the promotion and its first sync as origin.
    promoted = actions.index("origin_promoted")
    assert "presence_confirmed" in actions[:promoted]
    assert "remote_synced" in actions[promoted:]
    assert len(list(nas.glob("*/heads/*.json"))) == 3  # Lundi, Mardi, then this workstation
