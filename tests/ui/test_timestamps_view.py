"""The trusted-time view on the real vault and certomancer's TSA: items pending while no
TSA answers (with the reason and attempts), then covered after "Horodater maintenant",
with the TSA time and the gap. Screenshot under test-output/<worker>/ui/."""

from __future__ import annotations

from pathlib import Path

from app.cli.context import GlobalOptions
from app.desktop import screens
from signing.handlers import FixedAnswers
from tests.fixtures.cli import Probant, offline_settings
from tests.fixtures.output import worker_output_dir
from tests.ui.looks import look_at

OUT = worker_output_dir("ui")


def test_pending_then_covered_with_the_gap(qtbot, pki_live, unlocked, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    offline_settings(home)
    probant = Probant(home)
    assert probant("init", demo=True).code == 0
    dossier = probant("dossier", "new", "Affaire", "--requester", "SAS").json["id"]
    constat = probant("constat", "new", "--dossier", dossier, "--mission", "Page").json["id"]
    assert probant("tsa", "add", pki_live.tsa_url, "--trust", str(pki_live.ca_bundle_pem)
                   ).code == 0
    pki_live.stop_server()  # offline: the capture waits in the queue
    (tmp_path / "piece.txt").write_text("pièce")
    assert probant("annex", "add", "--constat", constat, str(tmp_path / "piece.txt")).code == 0
    opts = GlobalOptions(home=home, demo=True, json=False, lang="fr")
    dialog = screens.timestamp_dialog(unlocked(opts, FixedAnswers("123456")))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.flush()  # the TSA is down: still pending, and the table says why
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30000)
    assert dialog.items and all(i.status == "pending" for i in dialog.items)
    reasons = [dialog.table.item(r, 5).text() for r in range(dialog.table.rowCount())]
    assert any("essai" in r for r in reasons), reasons
    assert "0 horodatée(s)" in dialog.summary.text()
    pki_live.start_server()
    dialog.flush()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30000)
    assert dialog.items and all(i.status == "covered" for i in dialog.items)
    assert dialog.table.item(0, 3).text() == "Horodatée"
    assert dialog.table.item(0, 5).text().endswith(" s")  # the gap, local capture to TSA
    assert "0 en attente" in dialog.summary.text()
    look_at(dialog, "timestamps-covered", shows=(dialog.table, dialog.summary))
