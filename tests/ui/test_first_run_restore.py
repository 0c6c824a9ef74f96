"""A new workstation joins the étude from the first-run wizard (issue E, point 5): the
étude's remote store declared with the same form as « Synchronisation », the vault restored
with progress, then opened by a collaborateur with their own enrolled key; a wrong folder is
refused in French with nothing restored. Real vaults, software keys, a folder remote."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli.context import GlobalOptions
from app.desktop.session import DesktopSession
from app.desktop.shell import first_run_wizard
from app.services import sync as sync_service
from evidence.sync.config import RemoteConfig
from signing.handlers import FixedAnswers
from tests.fixtures.cli import offline_settings
from tests.ui.desktop import officer_and_clerk
from tests.ui.looks import look_at
from tests.ui.test_sync_copy import _origin_constat

WAIT = 60_000


def test_a_new_workstation_restores_the_etudes_vault_from_the_wizard(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    etude = officer_and_clerk(tmp_path)
    nas = tmp_path / "nas"
    nas.mkdir()
    sync_service.add_remote(etude.home, RemoteConfig(name="nas", kind="folder", path=str(nas)))
    _origin_constat(etude.home, etude.officer, "Lundi")

    home = tmp_path / "poste-paul"
    monkeypatch.setenv("PROBANT_AUTHENTICATOR", etude.staff)  # Paul's own key
    monkeypatch.delenv("PROBANT_RECOVERY_CODE", raising=False)
    session = DesktopSession(GlobalOptions(home=home, demo=False, json=False, lang="fr"),
                             FixedAnswers("2222"))
    wizard = first_run_wizard(session)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.begin.from_store.setChecked(True)
    wizard.next()
    page = wizard.restore
    assert wizard.currentPage() is page and not page.isComplete()
    assert not page.restore_button.isEnabled()  # no store declared yet

    flow = wizard.restoring
    page.define_button.click()
    form = flow.form
    form.kind.setCurrentIndex(form.kind.findData("folder"))
    form.name.setText("nas")
    form.folder.setText(str(tmp_path / "pas-de-nas"))  # a wrong folder: refused, said
    form.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not form.busy, timeout=WAIT)
    assert form.isVisible() and "n'existe pas" in form.status.text(), form.status.text()
    assert not (home / "remotes.json").exists()
    form.folder.setText(str(nas))
    form.buttons.accepted.emit()
    qtbot.waitUntil(lambda: page.restore_button.isEnabled(), timeout=WAIT)
    assert "Stockage « nas »" in page.where.text()

    page.restore_button.click()
    qtbot.waitUntil(page.isComplete, timeout=WAIT)
    assert "Coffre restauré" in page.status.text()
    look_at(wizard, "first-run-restored", shows=(page.where, page.status))
    assert wizard.currentId() == 4 and page.nextId() == -1  # « Terminer »
    wizard.accept()

    offline_settings(home)
    errors: list[BaseException] = []
    session.unlock(errors.append)
    qtbot.waitUntil(lambda: session.is_unlocked or bool(errors), timeout=WAIT)
    assert not errors, [session.describe(e) for e in errors]
    view = session.overview
    assert view is not None and view.role == "collaborateur" and view.constats == 2
    assert (home / "vault" / "replica.json").exists()  # a copy: « Synchronisation » says so
    session.close()
