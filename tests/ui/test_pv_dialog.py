"""The procès-verbal dialog on the real core: a demo vault (software authenticator), the
certomancer PKI for TSA/OCSP/CRL, a PKCS#12 signer added through the CLI. The rules are
shown together and block « Signer »; signing through the dialog gives B-LTA (B-B when the
TSA is down, completed later); the exported PDF validates; a collaborateur is refused in
French. Screenshots under test-output/<worker>/ui/."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PySide6.QtCore import QSize
from PySide6.QtPdf import QPdfDocument

from app import identity
from app.cli.context import GlobalOptions
from app.desktop import screens
from evidence.vault import open_vault
from signing.handlers import FixedAnswers
from signing.pv.validate import validate_pdf
from tests.fixtures.cli import Probant, offline_settings
from tests.fixtures.output import worker_output_dir
from tests.fixtures.pki import TestPki
from tests.integration.test_pv import complete
from tests.ui.desktop import officer_and_clerk
from tests.ui.looks import look_at
from ui import pv_dialog
from ui.pv_dialog import PvDialog

OUT = worker_output_dir("ui")
P12_PIN = "probant-test"  # the demo vault's own key PIN is given automatically


def _demo_constat(home: Path, pki: TestPki, tmp_path: Path) -> tuple[Probant, str]:
    offline_settings(home)
    probant = Probant(home)
    # The officer the test PKI's signer names (the signer must be the officer).
    assert probant.setup("init", "--name", "Maître Jeanne DUPONT", demo=True).code == 0
    dossier = probant.setup("dossier", "new", "Affaire Martin", "--requester", "SAS Martin").json["id"]
    constat = probant.setup("constat", "new", "--dossier", dossier, "--mission",
                            "Constater le contenu de la page d'accueil", "--place",
                            "Poste de travail de l'étude, 12 rue de la Paix, 75002 Paris").json["id"]
    assert probant.setup("tsa", "add", pki.tsa_url, "--trust", str(pki.ca_bundle_pem)).code == 0
    (tmp_path / "piece.txt").write_text("courriel remis par le client")
    assert probant.setup("annex", "add", "--constat", constat, str(tmp_path / "piece.txt")).code == 0
    added = probant.setup("signer", "add", "--pkcs12", str(pki.p12("signer")), "--trust",
                          str(pki.ca_bundle_pem), env={"PROBANT_SIGNER_PIN": P12_PIN})
    assert added.code == 0, added.stderr
    return probant, constat


def _dialog(qtbot, unlocked, home: Path, constat: str) -> PvDialog:  # type: ignore[no-untyped-def]
    opts = GlobalOptions(home=home, demo=True, json=False, lang="fr")
    dialog = screens.pv_dialog(unlocked(opts, FixedAnswers(P12_PIN)))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.constat.currentData() == constat
    return dialog


def _run(qtbot, dialog: PvDialog, action) -> None:  # type: ignore[no-untyped-def]
    action()
    assert dialog.busy
    qtbot.waitUntil(lambda: not dialog.busy, timeout=120000)


def _shown(qtbot, dialog: PvDialog) -> None:  # type: ignore[no-untyped-def]
    """The signed PDF replaced the draft in the preview: wait until its page is drawn."""
    qtbot.waitUntil(lambda: dialog.pdf.status() == QPdfDocument.Status.Ready, timeout=10000)
    qtbot.wait(300)


def _rows(dialog: PvDialog) -> dict[str, tuple[str, str, str]]:
    table = dialog.rules
    return {table.item(r, 0).data(256): tuple(table.item(r, c).text() for c in range(3))
            for r in range(table.rowCount())}


def test_rules_preview_sign_b_lta_export(qtbot, unlocked, pki_live: TestPki, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    probant, constat = _demo_constat(home, pki_live, tmp_path)
    dialog = _dialog(qtbot, unlocked, home, constat)
    assert not dialog.buttons["sign"].isEnabled()  # nothing checked yet
    _run(qtbot, dialog, dialog.check)
    rows = _rows(dialog)
    # All the rules at once, each with its state; the open constat blocks, in red.
    assert set(rows) >= {"requester", "mission", "closed", "signer_role", "environment",
                         "annex_integrity", "unchanged", "chronology", "timestamps", "place",
                         "findings", "narrative", "signer_identity"}
    assert rows["closed"] == ("✗ bloquant", "Constat clos",
                              "Le constat doit être clos avant la signature du procès-verbal.")
    assert rows["requester"][0] == "✓ conforme"
    assert rows["environment"][0] == "✗ bloquant" and "fin" in rows["environment"][2]
    red = dialog.rules.item(list(rows).index("closed"), 2).foreground().color().name()
    assert red == pv_dialog.RED.name()
    assert "bloquent la signature" in dialog.status.text()
    assert not dialog.buttons["sign"].isEnabled()
    assert dialog.signer.count() == 1 and "DUPONT" in dialog.signer.currentText()
    look_at(dialog, "pv-dialog-rules", shows=(dialog.rules, dialog.status))

    assert probant.setup("constat", "close", constat).code == 0
    complete(probant, constat)  # findings, narrative, reservations: what the officer writes
    _run(qtbot, dialog, dialog.check)  # the end report gets its trusted time first
    assert not dialog.blocking_rules(), _rows(dialog)
    # every rule holds; a handed-in file only makes an attestation de dépôt, where the
    # NF Z67-147 points of a capturing workstation are not required (no reservation asked)
    assert {row[0] for row in _rows(dialog).values()} == {"✓ conforme"}, _rows(dialog)
    assert not dialog.confirm.isVisible()
    assert dialog.buttons["sign"].isEnabled() and "vous pouvez signer" in dialog.status.text()

    dialog.narrative.setPlainText("Nous avons constaté le contenu de la page.\nDont acte.")
    _run(qtbot, dialog, dialog.build)
    assert dialog.draft is not None and dialog.draft.pages >= 2
    assert dialog.draft.sha256 in dialog.preview_info.text()
    assert pv_dialog.HAVE_QTPDF  # the pyside6 wheel ships QtPdf: the page itself is shown
    qtbot.waitUntil(lambda: dialog.pdf.pageCount() == dialog.draft.pages, timeout=10000)
    page = dialog.pdf.render(0, QSize(595, 842))
    OUT.mkdir(parents=True, exist_ok=True)
    assert not page.isNull() and page.save(str(OUT / "pv-preview-page-1.png"))
    with Image.open(OUT / "pv-preview-page-1.png") as shown:
        assert shown.convert("L").getextrema()[0] < 100  # ink on page 1

    _run(qtbot, dialog, dialog.sign)
    assert dialog.signed is not None, dialog.status.text()
    assert dialog.signed.level == "B-LTA" and "niveau B-LTA" in dialog.level.text()
    report = dialog.report.toPlainText()
    for mention in ("Rapport de validation : valide — niveau B-LTA", "Signataire :",
                    "Heure de l'horodatage : 20", "Révocation : good (DSS)",
                    "Indication ETSI EN 319 102-1 : PASSED", "Rapport conservé dans le coffre"):
        assert mention in report, report
    assert dialog.buttons["export"].isEnabled() and not dialog.buttons["upgrade"].isEnabled()
    _shown(qtbot, dialog)
    look_at(dialog, "pv-dialog", shows=(dialog.level, dialog.report))

    out = tmp_path / "export" / "pv-signe"
    out.parent.mkdir()
    _run(qtbot, dialog, lambda: dialog.export_to(out))
    pdf = out.with_suffix(".pdf")
    assert "PV signé exporté" in dialog.status.text() and pdf.is_file()
    validated = validate_pdf(pdf.read_bytes(), pki_live.ca_bundle_pem.read_bytes())
    assert validated.ok and validated.level == "B-LTA", validated.problems
    before = pdf.read_bytes()
    _run(qtbot, dialog, lambda: dialog.export_to(pdf))  # never overwritten
    assert "existe déjà" in dialog.status.text() and pdf.read_bytes() == before

    journal = probant("journal").json  # the validation is not filed under the constat
    pv_added = [e for e in journal if e["action"] == "evidence_added"
                and e["details"]["kind"] == "pv"]
    assert [e["subject"] for e in pv_added] == [dialog.signed.item_id]
    actions = [e["action"] for e in journal]
    assert {"pv_built", "pdf_validated", "pv_exported"} <= set(actions), actions
    sig = next(e for e in journal if e["action"] == "pdf_validated")
    assert sig["details"]["level"] == "B-LTA" and sig["details"]["evidence"] == \
        dialog.signed.item_id


def test_tsa_down_signs_b_b_then_completes(qtbot, unlocked, pki_live: TestPki, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    probant, constat = _demo_constat(home, pki_live, tmp_path)
    assert probant.setup("constat", "close", constat).code == 0
    complete(probant, constat)
    pki_live.stop_server()
    dialog = _dialog(qtbot, unlocked, home, constat)
    _run(qtbot, dialog, dialog.check)  # no trusted time for the end report: pending
    assert [r.rule for r in dialog.blocking_rules()] == ["timestamps"], _rows(dialog)
    assert dialog.confirm.isVisible() and "je confirme" in dialog.confirm.text()
    assert not dialog.buttons["sign"].isEnabled()  # the pending timestamps must be confirmed
    dialog.confirm.setChecked(True)
    assert _rows(dialog)["timestamps"][0] == "⚠ confirmé"
    assert dialog.buttons["sign"].isEnabled()
    _run(qtbot, dialog, dialog.build)  # the PV states which annexes are pending
    assert dialog.draft is not None
    qtbot.waitUntil(lambda: dialog.pdf.pageCount() == dialog.draft.pages, timeout=10000)
    text = " ".join(" ".join(dialog.pdf.getAllText(i).text().split())
                    for i in range(dialog.pdf.pageCount()))
    assert "Horodatages en attente" in text and "n'a pas pu être obtenu" in text
    _run(qtbot, dialog, dialog.sign)
    assert dialog.signed is not None, dialog.status.text()
    assert dialog.signed.level == "B-B" and dialog.signed.offline_reason
    text = dialog.level.text()
    assert "hors ligne" in text and "sera complété jusqu'à B-LTA" in text, text
    assert "niveau B-B" in dialog.report.toPlainText()
    assert "aucune (hors ligne)" in dialog.report.toPlainText()
    assert dialog.buttons["upgrade"].isEnabled()
    _shown(qtbot, dialog)
    look_at(dialog, "pv-dialog-offline", shows=(dialog.level, dialog.report))
    pki_live.start_server()
    _run(qtbot, dialog, dialog.complete)
    assert dialog.signed.level == "B-LTA", dialog.status.text()
    assert "Rapport de validation : valide — niveau B-LTA" in dialog.report.toPlainText()
    versions = [e for e in probant("evidence", "list", "--constat", constat).json
                if e["kind"] == "pv"]
    assert [v["metadata"]["level"] for v in versions] == ["B-B", "B-LTA"]
    assert versions[0]["metadata"]["status"] == "signed_offline_pending_upgrade"


def test_a_collaborateur_cannot_sign(qtbot, unlocked, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    etude = officer_and_clerk(tmp_path, closed=True)
    home, officer, staff, clerk_id = etude.home, etude.officer, etude.staff, etude.clerk
    monkeypatch.setenv("PROBANT_AUTHENTICATOR", staff)
    monkeypatch.delenv("PROBANT_RECOVERY_CODE", raising=False)
    opts = GlobalOptions(home=home, demo=False, json=False, lang="fr")
    dialog = screens.pv_dialog(unlocked(opts, FixedAnswers("2222")))
    qtbot.addWidget(dialog)
    dialog.show()
    _run(qtbot, dialog, dialog.check)
    rows = _rows(dialog)
    assert rows["signer_role"][0] == "✗ bloquant"
    assert "Seul le commissaire de justice" in rows["signer_role"][2]
    assert not dialog.buttons["sign"].isEnabled()
    _run(qtbot, dialog, dialog.sign)  # past the button: the core refuses, in French
    assert dialog.status.text() == ("Échec : Action refusée : le rôle « collaborateur » ne "
                                    "permet pas « pv_sign ».")
    assert dialog.signed is None
    with open_vault(home, [identity.Fido2Opener(officer, FixedAnswers("1111"))]) as vault:
        rows_j = vault.db.query("SELECT action, user_id, details FROM journal ORDER BY seq")
    refusals = [r for r in rows_j if r["action"] == "permission_refused"]
    assert len(refusals) == 1 and refusals[0]["user_id"] == clerk_id
    assert '"pv_sign"' in refusals[0]["details"]


def test_main_window_button_opens_the_dialog(qtbot, shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    offline_settings(home)
    probant = Probant(home)
    assert probant.setup("init", demo=True).code == 0
    dossier = probant.setup("dossier", "new", "Affaire", "--requester", "SAS").json["id"]
    assert probant.setup("constat", "new", "--dossier", dossier, "--mission", "Page").code == 0
    window = shell(GlobalOptions(home=home, demo=True, json=False, lang="fr")).window
    window.show()
    qtbot.waitUntil(lambda: window.pv_button.isVisible(), timeout=30000)
    assert window.pv_button.text() == "Procès-verbal…"
    window.pv_button.click()
    dialog = window.findChild(PvDialog)
    assert dialog is not None and dialog.isVisible()
    assert "Touchez votre clé pour signer" in dialog.buttons["sign"].toolTip()
    window.lock("idle")  # what the dialog showed goes with the unlocked state
    assert not dialog.isVisible() and not window.pv_button.isVisible()
