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
