"""« Réglages » on the real core: a demo vault (software authenticator), the certomancer
PKI's real TSA and PKCS#12 signer. A TSA is added, tested (the French answer names it)
and removed; a signer is added (its password asked through the session's handler);
the idle-lock delay reaches settings.json; a file that is not a certificate adds
nothing; a collaborateur sees the TSA and signer tabs read-only and the core refuses
a signer anyway. Screenshots of each tab under test-output/<worker>/ui/."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QTableWidget

from app import identity
from app.cli.context import GlobalOptions
from app.desktop import settings_screen
from app.desktop.session import DesktopSession
from app.services import pv, timestamps
from evidence.keyslots import new_recovery_code, recovery_slot
from evidence.model import OfficerIdentity
from evidence.users import add_user, enroll_slot
from evidence.vault import create_vault, open_vault
from signing.handlers import FixedAnswers
from signing.legal_time import french_time
from tests.fixtures.cli import offline_settings
from tests.fixtures.output import worker_output_dir
from tests.fixtures.pki import TestPki
from tests.fixtures.ports import junk_ntp_server
from tests.ui.looks import look_at
from ui.settings_dialog import SettingsDialog

OUT = worker_output_dir("ui")
P12_PASSWORD = "probant-test"  # the PKI's PKCS#12 files; the demo key's PIN is automatic
TABS = {"general": 0, "tsa": 1, "signer": 2, "folders": 3}


def _session(unlocked, home: Path, pin: str = P12_PASSWORD,  # type: ignore[no-untyped-def]
             demo: bool = True) -> DesktopSession:
    if demo:
        offline_settings(home)
    session: DesktopSession = unlocked(
        GlobalOptions(home=home, demo=demo, json=False, lang="fr"), FixedAnswers(pin))
    return session


def _dialog(qtbot, session: DesktopSession, asked: list[str] | None = None  # type: ignore[no-untyped-def]
            ) -> SettingsDialog:
    def confirm(question: str) -> bool:
        if asked is not None:
            asked.append(question)
        return True

    dialog = settings_screen.settings_dialog(session, confirm=confirm)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30000)
    return dialog


def _run(qtbot, dialog: SettingsDialog, button) -> None:  # type: ignore[no-untyped-def]
    """Clicks as a person would; the work runs on a worker: wait for its answer."""
    assert button.isEnabled()
    button.click()
    assert dialog.busy and not dialog.save_button.isEnabled()  # progress, off the UI thread
    qtbot.waitUntil(lambda: not dialog.busy, timeout=60000)


def _screenshot(qtbot, dialog: SettingsDialog, tab: str,  # type: ignore[no-untyped-def]
                name: str = "") -> Path:
    dialog.tabs.setCurrentIndex(TABS[tab])
    qtbot.wait(50)
    said = (dialog.status,) if dialog.status.text() else ()
    look_at(dialog, f"settings-{name or tab}", shows=(dialog.tabs, *said))
    return OUT / f"settings-{name or tab}.png"


def _cells(table: QTableWidget, columns: int) -> list[str]:
    items = [table.item(0, c) for c in range(columns)]
    return [item.text() if item is not None else "" for item in items]


def _vault_tsas(session: DesktopSession) -> list[str]:
    return [a.name for a in session.blocking(lambda _c, v: timestamps.list_authorities(v))]


def test_a_tsa_is_added_tested_and_removed(qtbot, unlocked, pki_live: TestPki,  # type: ignore[no-untyped-def]
                                           tmp_path: Path) -> None:
    session = _session(unlocked, tmp_path / "home")
    asked: list[str] = []
    dialog = _dialog(qtbot, session, asked)
    assert dialog.tsa_table.rowCount() == 0 and not dialog.test_button.isEnabled()
    dialog.tsa_url.setText(pki_live.tsa_url)
    dialog.tsa_name.setText("TSA de l'étude")
    dialog.tsa_trust.setText(str(pki_live.ca_bundle_pem))
    _run(qtbot, dialog, dialog.add_tsa_button)
    assert dialog.status.text() == "Autorité d'horodatage ajoutée : TSA de l'étude."
    assert _cells(dialog.tsa_table, 3) == [
        "1", "TSA de l'étude", pki_live.tsa_url]
    assert _vault_tsas(session) == ["TSA de l'étude"]
    assert dialog.tsa_url.text() == ""  # the form is ready for the next one

    dialog.tsa_table.selectRow(0)
    _run(qtbot, dialog, dialog.test_button)
    probe = dialog.last_probe
    assert probe is not None, dialog.status.text()
    assert dialog.status.text().startswith(
        "« TSA de l'étude » a répondu : heure de l'autorité "
        f"{french_time(probe.gen_time)} (heure légale française ; écart de l'horloge du poste "
    ), dialog.status.text()
    assert probe.tsa_subject in dialog.status.text()
    # The TSA runs on this machine's clock: the offset shown is within its stated margin
    # (genTime in whole seconds: a raw reading said about −0.9 s).
    assert abs(probe.skew_ms) <= probe.margin_ms, (probe.skew_ms, probe.margin_ms)
    _screenshot(qtbot, dialog, "tsa")

    pki_live.stop_server()  # a dead TSA: the test says so in French
    _run(qtbot, dialog, dialog.test_button)
    assert dialog.last_probe is None
    assert dialog.status.text().startswith(
        "Échec : Le service d'horodatage TSA de l'étude est injoignable"), dialog.status.text()

    _run(qtbot, dialog, dialog.remove_tsa_button)
    assert asked == ["Retirer l'autorité « TSA de l'étude » ? Elle ne sera plus interrogée ; "
                     "les jetons déjà obtenus restent valables."]
    assert dialog.tsa_table.rowCount() == 0 and _vault_tsas(session) == []
    assert dialog.status.text() == "Autorité retirée : TSA de l'étude."


def test_a_file_that_is_not_a_certificate_adds_nothing(qtbot, unlocked,  # type: ignore[no-untyped-def]
                                                       tmp_path: Path) -> None:
    session = _session(unlocked, tmp_path / "home")
    dialog = _dialog(qtbot, session)
    junk = tmp_path / "ancre.pem"
    junk.write_text("ceci n'est pas un certificat\n")
    dialog.tsa_url.setText("https://horodatage.exemple.fr/tsa")
    dialog.tsa_trust.setText(str(junk))
    _run(qtbot, dialog, dialog.add_tsa_button)
    assert dialog.status.text() == (
        f"Échec : Le fichier {junk} n'est pas un certificat (PEM ou DER attendu) : rien n'a "
        "été ajouté. Choisissez le certificat de l'autorité de confiance.")
    assert dialog.tsa_table.rowCount() == 0 and _vault_tsas(session) == []
    assert dialog.tsa_url.text() == "https://horodatage.exemple.fr/tsa"  # kept, to correct


def test_a_pkcs12_signer_is_added(qtbot, unlocked, pki_live: TestPki,  # type: ignore[no-untyped-def]
                                  tmp_path: Path) -> None:
    session = _session(unlocked, tmp_path / "home")
    dialog = _dialog(qtbot, session)
    assert dialog.signer_kind.currentData() == "pkcs12"
    dialog.signer_label.setText("Certificat REAL")
    dialog.p12_file.setText(str(pki_live.p12("signer")))
    dialog.signer_trust.setText(str(pki_live.ca_bundle_pem))
    _run(qtbot, dialog, dialog.add_signer_button)
    assert dialog.status.text().startswith("Certificat de signature ajouté : "), (
        dialog.status.text())
    assert dialog.signer_table.rowCount() == 1
    cells = _cells(dialog.signer_table, 4)
    assert cells[:2] == ["Certificat REAL", "Fichier PKCS#12"] and "DUPONT" in cells[3]
    assert len(cells[2]) == 10 and cells[2][:2] == "20"  # the certificate's last day
    stored = session.blocking(lambda _c, v: [s.label for s in pv.list_signers(v)])
    assert stored == ["Certificat REAL"]
    _screenshot(qtbot, dialog, "signer")


def test_preferences_reach_settings_json(qtbot, unlocked, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    session = _session(unlocked, home)
    dialog = _dialog(qtbot, session)
    assert dialog.idle_lock.value() == 10 and dialog.stamp_after.isChecked()
    assert dialog.language.currentData() == "fr"
    saved: list[object] = []
    dialog.saved.connect(saved.append)
    dialog.idle_lock.setValue(25)
    dialog.stamp_after.setChecked(False)
    dialog.log_level.setCurrentIndex(dialog.log_level.findData("WARNING"))
    dialog.export_folder.setText(str(tmp_path / "exports"))
    _screenshot(qtbot, dialog, "general")
    _screenshot(qtbot, dialog, "folders")
    _run(qtbot, dialog, dialog.save_button)
    assert dialog.status.text() == "Réglages enregistrés."
    on_disk = json.loads((home / "settings.json").read_text("utf-8"))
    assert on_disk["auto_lock_minutes"] == 25 and on_disk["timestamp_after_capture"] is False
    assert on_disk["log_level"] == "WARNING"
    assert on_disk["export_folder"] == str(tmp_path / "exports")
    assert on_disk["ntp_servers"] == [junk_ntp_server()]  # the rest of the file is kept
    assert session.settings.auto_lock_minutes == 25 and len(saved) == 1
    assert session.ctx.settings.timestamp_after_capture is False  # the services see it now

    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    _run(qtbot, dialog, dialog.save_button)
    assert dialog.status.text() == ("Réglages enregistrés. La nouvelle langue s'appliquera "
                                    "au prochain démarrage.")
    assert json.loads((home / "settings.json").read_text("utf-8"))["language"] == "en"


def test_every_control_has_an_accessible_name(qtbot, unlocked, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QTableWidget,
    )

    dialog = _dialog(qtbot, _session(unlocked, tmp_path / "home"))
    controls = [w for kind in (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox,
                               QTableWidget) for w in dialog.findChildren(kind)
                if type(w) is not QAbstractButton  # a table's corner button: Qt's own
                and w.objectName() != "qt_spinbox_lineedit"]
    unnamed = [type(w).__name__ for w in controls if not w.accessibleName()
               and not getattr(w, "text", lambda: "")()]  # a button's text names it
    assert len(controls) > 20 and not unnamed, unnamed


def test_a_collaborateur_sees_read_only_tabs(qtbot, unlocked, pki_live: TestPki,  # type: ignore[no-untyped-def]
                                             tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / "home"
    officer, staff = f"soft:{tmp_path / 'officer.json'}", f"soft:{tmp_path / 'staff.json'}"
    create_vault(home, OfficerIdentity("Maître Jeanne DUPONT", "Étude Dupont", "Paris"),
                 [identity.fido2_factor(officer, FixedAnswers("1111"), "Clé", "Maître DUPONT"),
                  lambda uid: recovery_slot(new_recovery_code(), uid)], demo=False).close()
    with open_vault(home, [identity.Fido2Opener(officer, FixedAnswers("1111"))]) as vault:
        clerk = add_user(vault, "Paul Martin", "collaborateur")
        enroll_slot(vault, clerk.id, identity.fido2_factor(
            staff, FixedAnswers("2222"), "Clé de Paul", "Paul Martin")(clerk.id))
    monkeypatch.setenv("PROBANT_AUTHENTICATOR", staff)
    monkeypatch.delenv("PROBANT_RECOVERY_CODE", raising=False)
    offline_settings(home)
    dialog = _dialog(qtbot, _session(unlocked, home, "2222", demo=False))
    for tab, notice in (("tsa", dialog.tsa_restricted), ("signer", dialog.signer_restricted)):
        dialog.tabs.setCurrentIndex(TABS[tab])
        assert notice.isVisible()
        assert notice.text().startswith("Réservé au commissaire de justice")
    assert not dialog.tsa_group.isEnabled() and not dialog.signer_group.isEnabled()
    assert not dialog.remove_tsa_button.isEnabled()
    assert dialog.save_button.isEnabled()  # their own preferences stay theirs to set
    _screenshot(qtbot, dialog, "signer", "signer-collaborateur")

    # Past the disabled form, the core refuses in French and nothing is added.
    dialog.signer_group.setEnabled(True)
    dialog.p12_file.setText(str(pki_live.p12("signer")))
    dialog.signer_trust.setText(str(pki_live.ca_bundle_pem))
    _run(qtbot, dialog, dialog.add_signer_button)
    assert dialog.status.text() == ("Échec : Action refusée : le rôle « collaborateur » ne "
                                    "permet pas « signer_add ».")
    assert dialog.signer_table.rowCount() == 0
