"""The users screen on the real core: the officer adds a collaborateur with their own
(software) FIDO2 key, who can then unlock the vault as a collaborateur; deactivating
them removes their keys and they can no longer unlock; the last commissaire and oneself
cannot be deactivated (refused in French)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import identity
from app.cli.context import GlobalOptions
from evidence.errors import ProbantError
from evidence.vault import open_vault
from signing.handlers import FixedAnswers
from tests.fixtures.output import worker_output_dir

OUT = worker_output_dir("ui")


def _unlocks(home: Path, spec: str, pin: str) -> str | None:
    try:
        with open_vault(home, [identity.Fido2Opener(spec, FixedAnswers(pin))]) as vault:
            return vault.session.user.role
    except ProbantError:
        return None


def test_add_a_collaborateur_with_their_key_then_deactivate(  # type: ignore[no-untyped-def]
        qtbot, shell, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    app = shell(GlobalOptions(home=home, demo=True, json=False, lang="fr"))
    qtbot.waitUntil(lambda: app.session.is_unlocked, timeout=30000)
    staff = f"soft:{tmp_path / 'staff.json'}"
    monkeypatch.setenv("PROBANT_NEW_AUTHENTICATOR", staff)  # the key plugged in to enroll
    app.window.menu_actions["users"].trigger()
    qtbot.waitUntil(lambda: app.tool is not None, timeout=20000)
    dialog = app.tool
    dialog._confirm = lambda question: "Paul Martin" in question
    assert dialog.table.rowCount() == 1  # the demo officer
    dialog.add()
    assert "Donnez le nom" in dialog.status.text()
    dialog.name.setText("Paul Martin")
    dialog.label.setText("Clé de Paul")
    dialog.add()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30000)
    assert "ajouté" in dialog.status.text(), dialog.status.text()
    names = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert "Paul Martin" in names
    paul = names.index("Paul Martin")
    assert dialog.table.item(paul, 1).text() == "collaborateur"
    assert dialog.table.item(paul, 3).text() == "1"
    # demo: the new key's PIN is the demo's; it really opens the vault, as a collaborateur
    assert _unlocks(home, staff, identity.DEMO_PIN) == "collaborateur"
    dialog.grab().save(str(OUT / "users.png"))

    dialog.table.selectRow(names.index(next(n for n in names if n != "Paul Martin")))
    dialog._confirm = lambda question: True
    dialog.deactivate()  # oneself
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30000)
    assert dialog.status.text() == ("Refusé : Vous ne pouvez pas désactiver votre propre "
                                    "compte : demandez-le à un autre commissaire de justice "
                                    "de l'étude.")

    dialog.table.selectRow(paul)
    dialog.deactivate()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30000)
    assert "désactivé" in dialog.status.text(), dialog.status.text()
    assert dialog.table.item(paul, 2).text() == "non" and dialog.table.item(paul, 3).text() == "0"
    assert _unlocks(home, staff, identity.DEMO_PIN) is None


def _office_changes(app) -> list[dict]:  # type: ignore[no-untyped-def]
    import json

    rows = app.session.blocking(lambda _c, v: v.db.query(
        "SELECT details FROM journal WHERE action = 'user_office_changed' ORDER BY seq"))
    return [json.loads(r["details"]) for r in rows]


def test_the_officer_corrects_the_etude(qtbot, shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """« Modifier l'étude… »: « Annuler » changes nothing; an empty field is refused in the
    form; OK changes the étude (the list shows it, the journal holds it, and the
    window's overview has the new address once the dialog closes)."""
    from PySide6.QtWidgets import QDialogButtonBox

    app = shell(GlobalOptions(home=tmp_path / "home", demo=True, json=False, lang="fr"))
    qtbot.waitUntil(lambda: app.session.is_unlocked, timeout=30000)
    app.window.menu_actions["users"].trigger()
    qtbot.waitUntil(lambda: app.tool is not None, timeout=20000)
    dialog = app.tool
    before = (dialog.table.item(0, 4).text(), dialog.table.item(0, 4).toolTip())

    dialog.office_button.click()
    form = dialog.office_form
    assert form is not None and form.isVisible()
    assert (form.office.text(), form.address.text()) == before  # filled with the étude now
    assert form.office.accessibleName() == "Nom de l'étude"
    assert form.address.accessibleName() == "Adresse de l'étude"
    form.office.setText("Étude changée puis abandonnée")
    form.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert not form.isVisible() and not dialog.busy
    assert (dialog.table.item(0, 4).text(), dialog.table.item(0, 4).toolTip()) == before
    assert _office_changes(app) == []

    dialog.office_button.click()
    form = dialog.office_form
    form.office.setText("Étude Dupont")
    form.address.setText("   ")
    ok = form.buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.click()
    assert form.isVisible() and "Donnez le nom et l'adresse" in form.status.text()
    assert _office_changes(app) == []
    form.address.setText("3 rue Neuve, 69001 Lyon")
    ok.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30000)
    assert "Étude modifiée" in dialog.status.text(), dialog.status.text()
    assert dialog.table.item(0, 4).text() == "Étude Dupont"
    assert dialog.table.item(0, 4).toolTip() == "3 rue Neuve, 69001 Lyon"
    [change] = _office_changes(app)
    assert change["changes"]["office"] == {"before": before[0], "after": "Étude Dupont"}
    assert change["changes"]["address"] == {"before": before[1],
                                            "after": "3 rue Neuve, 69001 Lyon"}
    dialog.close()
    qtbot.waitUntil(lambda: app.session.overview.address == "3 rue Neuve, 69001 Lyon",
                    timeout=20000)
    qtbot.waitUntil(lambda: "Étude : Étude Dupont, 3 rue Neuve, 69001 Lyon"
                    in app.window.state_label.text(), timeout=20000)
