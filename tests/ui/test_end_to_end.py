"""A whole constat made in the window only, as a new officer would, on real components
(software FIDO2 key, certomancer's TSA and PKCS#12 signer, Xvfb screen, a video file as
the camera): first run (key enrolled, PIN set once) → lock and unlock with the PIN →
settings: a TSA and the signing certificate → a dossier with a deadline → a constat with
its place, the start report's warnings acknowledged → full screen and region captures,
a 5 s screen recording, a camera photo, an imported file → a finding on each and the
narrative → closing (end report) → the PV previewed page by page → signed B-LTA after a
fresh key touch → PV and evidence bundle exported → the bundle checked in the window.
Each step asserts what the widgets show; each screen is saved under
test-output/<worker>/ui/e2e/ and its pixels checked."""

from __future__ import annotations

import subprocess
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QSize, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog, QMessageBox

from app.cli.context import GlobalOptions
from app.desktop import screens, settings_screen, tools_screens
from app.desktop.session import DesktopSession
from app.desktop.shell import Shell, first_run_wizard
from capture.screen import Region
from signing.pv.validate import validate_pdf
from tests.fixtures.cli import offline_settings
from tests.fixtures.output import worker_output_dir
from tests.fixtures.pki import TestPki
from tests.fixtures.xvfb import XDisplay
from tests.ui.looks import look_at
from ui.interaction import QtInteraction
from ui.matter_dialogs import WarningsDialog

OUT = worker_output_dir("ui", "e2e")
KEY_PIN, P12_PASSWORD, SIGNER = "4862", "probant-test", "Certificat de Maître DUPONT"


def _look(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    """Saved for a person to look at; a drawn screen, not a blank one."""
    look_at(widget, name, folder=OUT, min_colours=8)


class Answers:
    """Answers the PIN dialogs as the officer would: the key's PIN, or the signing
    certificate's password when the dialog names the certificate. Counts them."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(30)
        self.timer.timeout.connect(self._answer)
        self.timer.start()

    def _answer(self) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog) or not dialog.isVisible():
            return
        label = dialog.labelText()
        self.asked.append(label)
        dialog.setTextValue(P12_PASSWORD if SIGNER in label else KEY_PIN)
        dialog.accept()


def _ok(dialog) -> None:  # type: ignore[no-untyped-def]
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()




def test_a_whole_constat_in_the_window(qtbot, on_xvfb: XDisplay, pki_live: TestPki,  # type: ignore[no-untyped-def]
                                       camera_file: Path, tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / "home"
    offline_settings(home)  # the environment probes fail fast: warnings to acknowledge
    monkeypatch.setenv("PROBANT_AUTHENTICATOR", f"soft:{tmp_path / 'yubikey.json'}")
    monkeypatch.delenv("PROBANT_RECOVERY_CODE", raising=False)
    answers = Answers()
    interaction = QtInteraction()
    session = DesktopSession(GlobalOptions(home=home, demo=False, json=False, lang="fr"),
                             interaction)
    try:
        _run_constat(qtbot, session, interaction, answers, camera_file, pki_live, tmp_path)
    finally:
        answers.timer.stop()
        session.close()


def _run_constat(qtbot, session: DesktopSession, interaction: QtInteraction,  # type: ignore[no-untyped-def]
                 answers: Answers, camera_file: Path, pki: TestPki, tmp_path: Path) -> None:
    # -- first run: the key enrolled, its new PIN asked twice and nothing more ----------
    wizard = first_run_wizard(session)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.currentPage() is wizard.begin and wizard.begin.new_vault.isChecked()
    wizard.next()  # « Créer le coffre de l'étude »
    wizard.identity.name.setText("Maître Jeanne DUPONT")
    wizard.identity.office.setText("Étude Dupont")
    wizard.identity.address.setText("1 rue du Palais, 75001 Paris")
    wizard.next()
    wizard.key.button.click()
    qtbot.waitUntil(wizard.key.isComplete, timeout=30000)
    assert len(answers.asked) == 2, answers.asked  # set, confirm
    wizard.next()
    code = wizard.recovery.code.text()
    wizard.recovery.confirm.setText(code.split("-")[-1])
    _look(wizard, "01-first-run")
    wizard.accept()

    app = Shell(session, interaction)
    window, nav = app.window, app.window.navigator
    qtbot.addWidget(window)
    window.show()
    app.start()
    qtbot.waitUntil(lambda: nav.isVisible(), timeout=20000)
    assert "Maître Jeanne DUPONT — commissaire de justice" in window.status_user.text()

    # -- lock, then unlock with the PIN --------------------------------------------------
    window.menu_actions["lock"].trigger()
    assert window.unlock_button.isVisible() and not nav.isVisible()
    asked = len(answers.asked)
    window.unlock_button.click()
    qtbot.waitUntil(lambda: nav.isVisible(), timeout=30000)
    assert len(answers.asked) == asked + 1  # one PIN, then the touch
    _look(window, "02-unlocked")

    # -- settings: the TSA and the signing certificate ------------------------------------
    settings = settings_screen.settings_dialog(session, window, confirm=lambda _q: True)
    qtbot.addWidget(settings)
    settings.show()
    qtbot.waitUntil(lambda: not settings.busy, timeout=30000)
    settings.tsa_url.setText(pki.tsa_url)
    settings.tsa_name.setText("TSA de test")
    settings.tsa_trust.setText(str(pki.ca_bundle_pem))
    settings.add_tsa_button.click()
    qtbot.waitUntil(lambda: not settings.busy and settings.tsa_table.rowCount() == 1,
                    timeout=60000)
    settings.signer_label.setText(SIGNER)
    settings.p12_file.setText(str(pki.p12("signer")))
    settings.signer_trust.setText(str(pki.ca_bundle_pem))
    settings.add_signer_button.click()
    qtbot.waitUntil(lambda: not settings.busy and settings.signer_table.rowCount() == 1,
                    timeout=60000)
    assert "DUPONT" in settings.signer_table.item(0, 3).text()
    settings.tabs.setCurrentIndex(2)
    _look(settings, "03-settings-signer")
    settings.close()

    # -- a dossier with a deadline, a constat with its place ------------------------------
    window.menu_actions["new_dossier"].trigger()
    dossier = app.flow.dialog
    dossier.title.setText("Martin c/ Société X")
    for key, value in (("surname", "Martin"), ("given_names", "Paul"),  # art. 648 CPC
                       ("profession", "ingénieur"), ("domicile", "3 rue des Lilas, 69001 Lyon"),
                       ("nationality", "française"), ("birth", "2 mai 1980 à Lyon")):
        dossier.requester.fields[key].setText(value)
    dossier.has_deadline.setChecked(True)
    dossier.deadline.setDateTime(dossier.deadline.dateTime().currentDateTime().addDays(10))
    _ok(dossier)
    qtbot.waitUntil(lambda: nav.dossier_list.count() == 1, timeout=20000)
    assert "Échéance" in nav.dossier_list.item(0).text()
    nav.buttons["new_constat"].click()
    constat_dialog = app.flow.dialog
    constat_dialog.mission.setPlainText("Constater l'affichage du site de la société X")
    assert "1 rue du Palais" in constat_dialog.place.currentText()
    _ok(constat_dialog)
    qtbot.waitUntil(lambda: isinstance(app.flow.dialog, WarningsDialog), timeout=60000)
    warnings = app.flow.dialog
    _look(warnings, "04-warnings")
    for _key, _wording, box in warnings.boxes:
        box.setChecked(True)
    warnings.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: "consignés au journal" in window.message.text(), timeout=20000)
    constat = nav.current_constat()
    assert constat is not None and "Lieu : Poste de travail de l'étude" in nav.detail.text()

    # -- captures: full screen and region from the panel, recording, camera, import ------
    nav.capture_bar.panel.click()
    panel = app.panel
    qtbot.waitUntil(lambda: panel is not None and panel.ready, timeout=30000)
    with qtbot.waitSignal(panel.captured, timeout=30000):
        panel.buttons["screen"].click()
    panel.trigger("region")
    qtbot.waitUntil(lambda: panel._pending is not None, timeout=10000)
    with qtbot.waitSignal(panel.captured, timeout=30000) as region:
        panel.selector._finish(Region(100, 100, 400, 300))  # what a drag on the overlay gives
    assert (region.args[0].width, region.args[0].height) == (400, 300)
    _look(panel, "05-capture-panel")
    bar = nav.capture_bar
    bar.record.click()
    qtbot.waitUntil(lambda: bar.elapsed() >= "00:05", timeout=15000)
    bar.record.click()
    qtbot.waitUntil(lambda: "Vidéo de l'écran enregistrée" in window.message.text(),
                    timeout=30000)
    bar.use_video_file(str(camera_file))
    bar.photo.click()
    qtbot.waitUntil(lambda: "Photo enregistrée" in window.message.text(), timeout=30000)
    piece = tmp_path / "attestation-de-depot.pdf"
    piece.write_bytes(b"%PDF-1.4\n% attestation de depot remise par le requerant\n")
    app.flow.do_import(constat, (piece,))
    qtbot.waitUntil(lambda: "1 pièce(s) importée(s)" in window.message.text(), timeout=30000)
    qtbot.waitUntil(lambda: {"Capture d'écran", "Vidéo", "Photo", "Pièce remise"} <= {
        nav.evidence.item(r, 1).text() for r in range(nav.evidence.rowCount())}, timeout=30000)

    # -- a finding on each piece, the narrative -------------------------------------------
    for row in range(nav.evidence.rowCount()):
        item = nav.rows[row]
        if item.kind == "video_segment":
            continue  # the recording's finding goes on its playlist (the annex)
        nav.evidence.selectRow(row)
        qtbot.waitUntil(lambda i=item: nav.inspector.inspection is not None
                        and nav.inspector.inspection.item.id == i.id, timeout=30000)
        nav.inspector.finding.setPlainText(f"Constatation sur l'annexe {item.annex_label}.")
        nav.inspector.save.click()
        qtbot.waitUntil(lambda: "Constatation enregistrée" in window.message.text(),
                        timeout=20000)
        window.say("")
    _look(window, "06-workspace")
    nav.buttons["narrative"].click()
    qtbot.waitUntil(lambda: type(app.flow.dialog).__name__ == "NarrativeDialog", timeout=20000)
    app.flow.dialog.text.setPlainText("Nous nous sommes rendus sur le site désigné. Dont acte.")
    app.flow.dialog.accept()
    qtbot.waitUntil(lambda: "Narration enregistrée" in window.message.text(), timeout=20000)

    # -- close ----------------------------------------------------------------------------
    nav.buttons["close"].click()
    app.flow.dialog.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: "Constat clos" in window.message.text(), timeout=60000)
    assert not bar.record.isEnabled() and not nav.buttons["close"].isEnabled()

    # -- the PV: rules, every page previewed, signed B-LTA after a fresh touch ------------
    window.pv_button.click()
    pv = app.pv
    pv.check()
    qtbot.waitUntil(lambda: not pv.busy, timeout=120000)
    # The workstation is offline: the NF Z67-147 points it could not establish block the
    # signature until the officer writes a reservation on each, printed in the PV.
    reservable = [r for r in pv.blocking_rules() if r.reservable]
    assert "public_ip" in {r.rule for r in reservable}, pv.blocking_rules()
    # The clock is established offline too: its offset to the TSA's time (D3 point 7).
    assert "clock" not in {r.rule for r in pv.blocking_rules()}, pv.blocking_rules()
    for rule in reservable:
        row = [r.rule for r in pv.check_result.rules].index(rule.rule)
        pv.rules.selectRow(row)
        assert pv.buttons["reserve"].isEnabled()
        pv.reserve(f"Point « {rule.rule} » non établi : poste de l'étude hors ligne.")
        qtbot.waitUntil(lambda: not pv.busy, timeout=60000)
    _look(pv, "07-pv-rules-reserved")
    assert not pv.blocking_rules(), [(r.rule, r.message_fr) for r in pv.blocking_rules()]
    pv.narrative.setPlainText("Nous nous sommes rendus sur le site désigné. Dont acte.")
    pv.build()
    qtbot.waitUntil(lambda: not pv.busy, timeout=120000)
    assert pv.draft is not None and pv.draft.pages >= 2
    qtbot.waitUntil(lambda: pv.pdf.pageCount() == pv.draft.pages, timeout=10000)
    for page in range(pv.draft.pages):
        image = pv.pdf.render(page, QSize(595, 842))
        path = OUT / f"07-pv-page-{page + 1}.png"
        assert not image.isNull() and image.save(str(path))
        with Image.open(path) as shown:
            assert shown.convert("L").getextrema()[0] < 100, page  # ink on every page
    asked = len(answers.asked)
    pv.sign()
    qtbot.waitUntil(lambda: not pv.busy, timeout=180000)
    assert pv.signed is not None and pv.signed.level == "B-LTA", pv.status.text()
    new = answers.asked[asked:]
    assert any(SIGNER in a for a in new) and any(SIGNER not in a for a in new), new
    _look(pv, "08-pv-signed")
    out_pv = tmp_path / "export" / "pv.pdf"
    out_pv.parent.mkdir()
    pv.export_to(out_pv)
    qtbot.waitUntil(lambda: not pv.busy, timeout=60000)
    assert validate_pdf(out_pv.read_bytes(), pki.ca_bundle_pem.read_bytes()).level == "B-LTA"
    pv.close()
    # The window shows an annex's time as the act prints it, in French legal time — this
    # workstation's clock is set to UTC, and the window used to show that other hour.
    printed = " ".join(subprocess.run(["pdftotext", str(out_pv), "-"], check=True,
                                      capture_output=True, text=True).stdout.split())
    photo = next(r for r in range(nav.evidence.rowCount())
                 if nav.evidence.item(r, 1).text() == "Photo")
    shown = nav.evidence.item(photo, 2).text()
    assert f"{shown} heure légale française" in printed, (shown, printed[-2000:])

    # -- the bundle exported (fresh touch), then checked in the window --------------------
    export = screens.export_dialog(session, window)
    qtbot.addWidget(export)
    bundle = tmp_path / "export" / "dossier-de-preuve.zip"
    export.path.setText(str(bundle))
    export.constat.setCurrentIndex(export.constat.findData(constat))
    export.start()
    qtbot.waitUntil(lambda: not export.running, timeout=120000)
    assert "Dossier de preuve exporté" in export.status.text(), export.status.text()
    checker = tools_screens.verify_bundle_dialog(session, window)
    qtbot.addWidget(checker)
    checker.show()
    checker.check(bundle)
    qtbot.waitUntil(lambda: not checker.running, timeout=120000)
    # Its chains end at the authorities it carries: intact, not yet « rattaché »…
    assert checker.verdict.text() == "INTÈGRE, NON RATTACHÉ", checker.details.toPlainText()
    checker.set_trust((pki.ca_bundle_pem,))  # …until the person gives the authority
    qtbot.waitUntil(lambda: not checker.running, timeout=120000)
    assert checker.verdict.text() == "INTÈGRE ET RATTACHÉ", checker.details.toPlainText()
    _look(checker, "09-bundle-checked")
    deadline = datetime.now().astimezone() + timedelta(days=10)
    assert deadline.strftime("%Y-%m-%d") in nav.dossier_list.item(0).text()
