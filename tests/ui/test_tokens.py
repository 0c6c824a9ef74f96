"""The key management screen on the real demo vault: list, enroll a spare key (a second
software CTAP2 authenticator, same protocol as a YubiKey), remove it, refusals in French."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import identity
from app.cli.context import GlobalOptions
from app.desktop import screens
from evidence.errors import ProbantError
from evidence.vault import open_vault
from signing.handlers import FixedAnswers
from tests.fixtures.output import worker_output_dir
from tests.ui.looks import look_at

OUT = worker_output_dir("ui")


def _opens_with(home: Path, spec: str) -> bool:
    try:
        with open_vault(home, [identity.Fido2Opener(spec, FixedAnswers(identity.DEMO_PIN))]):
            return True
    except ProbantError:
        return False


def test_enroll_a_spare_key_then_remove_it(qtbot, tmp_path: Path, unlocked,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    opts = GlobalOptions(home=home, demo=True, json=False, lang="fr")
    session = unlocked(opts, FixedAnswers(identity.DEMO_PIN))  # creates it
    assert session.overview is not None
    assert sorted(r.kind for r in session.overview.tokens) == ["fido2", "recovery"]
    dialog = screens.token_manager(session,
                                 confirm=lambda question: "Clé de secours" in question
                                 or "récupération" in question)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 2
    dialog.enroll()
    assert "Donnez un nom" in dialog.status.text() and not dialog.busy
    spare = "soft:" + str(tmp_path / "spare-authenticator.json")
    assert not _opens_with(home, spare)
    monkeypatch.setenv("PROBANT_NEW_AUTHENTICATOR", spare)
    dialog.label.setText("Clé de secours")
    dialog.enroll()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30000)
    assert "enrôlée" in dialog.status.text(), dialog.status.text()
    assert [r.label for r in dialog.rows].count("Clé de secours") == 1
    assert _opens_with(home, spare)  # the spare key really opens the vault
    look_at(dialog, "tokens-after-enroll", shows=(dialog.table, dialog.status))

    recovery = next(i for i, r in enumerate(dialog.rows) if r.kind == "recovery")
    dialog.table.selectRow(recovery)
    dialog.remove()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30000)
    assert dialog.status.text().startswith("Refusé"), dialog.status.text()
    assert len(dialog.rows) == 3

    dialog.table.selectRow(next(i for i, r in enumerate(dialog.rows)
                                if r.label == "Clé de secours"))
    dialog.remove()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30000)
    assert "retirée" in dialog.status.text(), dialog.status.text()
    assert len(dialog.rows) == 2 and not _opens_with(home, spare)
