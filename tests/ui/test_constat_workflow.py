"""The officer's constat in the window, on the real core (demo vault, offline network
probes): a dossier and a constat made through their dialogs, the start report's
warnings acknowledged one by one (journaled with their wording), a file imported with
progress, the evidence list live, the constat closed with its end report; then a
closed constat offers no import, no report and no closing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from app.cli.context import GlobalOptions
from tests.fixtures.cli import Probant, offline_settings
from tests.fixtures.output import worker_output_dir
from tests.ui.looks import look_at
from ui.matter_dialogs import NewConstatDialog, NewDossierDialog, WarningsDialog

OUT = worker_output_dir("ui")


def _ok(dialog) -> None:  # type: ignore[no-untyped-def]
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def test_a_constat_from_the_window(qtbot, shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    offline_settings(home)  # the probes fail fast: the report has warnings to acknowledge
    app = shell(GlobalOptions(home=home, demo=True, json=False, lang="fr"))
    window, flow = app.window, app.flow
    window.show()
    qtbot.waitUntil(lambda: window.navigator.isVisible(), timeout=30000)
    nav = window.navigator
    assert not nav.buttons["new_constat"].isEnabled()  # no dossier yet

    window.menu_actions["new_dossier"].trigger()
    dialog = flow.dialog
    assert isinstance(dialog, NewDossierDialog)
    _ok(dialog)  # no title: refused in the dialog, nothing created
    assert dialog.isVisible() and "intitulé" in dialog.error.text()
    dialog.title.setText("Affaire Martin c/ Société X")
    dialog.requester.kind.setCurrentIndex(1)  # a legal person: art. 648 CPC's mentions
    form = dialog.requester.fields
    form["form"].setText("SAS")
    form["name"].setText("Société X")
    form["seat"].setText("1 rue de la Paix, 75002 Paris")
    _ok(dialog)  # the representative is missing: refused, named
    assert dialog.isVisible() and "Représentée par" in dialog.error.text(), dialog.error.text()
    form["representative"].setText("son président, M. Jean Dupuis")
    _ok(dialog)
    qtbot.waitUntil(lambda: nav.dossier_list.count() == 1, timeout=20000)
    assert "Affaire Martin" in nav.dossier_list.item(0).text()
    assert nav.dossiers[0].requester == ("SAS Société X, dont le siège social est 1 rue de la "
                                         "Paix, 75002 Paris, prise en la personne de son "
                                         "président, M. Jean Dupuis")
    assert "Dossier créé" in window.message.text()

    nav.buttons["new_constat"].click()
    dialog = flow.dialog
    assert isinstance(dialog, NewConstatDialog)
    dialog.mission.setPlainText("Constater le contenu de la page d'accueil")
    assert dialog.place.currentText().startswith("Poste de travail de l'étude")
    dialog.place.setEditText("")
    _ok(dialog)  # no place: refused in the dialog
    assert dialog.isVisible() and "lieu" in dialog.error.text()
    dialog.place.setEditText("Poste de travail de l'étude, 1 rue du Palais, Paris")
    _ok(dialog)
    qtbot.waitUntil(lambda: isinstance(flow.dialog, WarningsDialog), timeout=60000)
    assert nav.constat_list.count() == 1 and "ouvert" in nav.constat_list.item(0).text()
    assert "Relevé enregistré (annexe 1)" in window.message.text()
    warnings = flow.dialog
    ok = warnings.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert warnings.boxes and not ok.isEnabled()  # every warning must be ticked
    look_at(warnings, "workflow-warnings", shows=[box for _k, _w, box in warnings.boxes])
    for _key, _wording, box in warnings.boxes:
        box.setChecked(True)
    assert ok.isEnabled()
    ok.click()
    qtbot.waitUntil(lambda: "consignés au journal" in window.message.text(), timeout=20000)

    piece = tmp_path / "attestation.pdf"
    piece.write_bytes(b"%PDF-1.4 attestation de depot " + bytes(range(256)) * 4000)
    constat = nav.current_constat()
    assert constat is not None
    flow.do_import(constat, (piece,))
    qtbot.waitUntil(lambda: "1 pièce(s) importée(s)" in window.message.text(), timeout=30000)
    qtbot.waitUntil(lambda: nav.evidence.rowCount() == 2, timeout=20000)
    kinds = [nav.evidence.item(r, 1).text() for r in range(nav.evidence.rowCount())]
    assert kinds == ["Relevé d'environnement", "Pièce remise"], kinds
    # A finding on each piece, through the inspector; the narrative through its dialog.
    inspector = nav.inspector
    for row, text in ((0, ""), (1, "L'attestation de dépôt remise par le requérant.")):
        nav.evidence.selectRow(row)
        chosen = nav.rows[row].id
        qtbot.waitUntil(lambda c=chosen: inspector.inspection is not None
                        and inspector.inspection.item.id == c, timeout=20000)
        assert inspector.save.isEnabled()
        inspector.finding.setPlainText(text)
        inspector.no_remark.setChecked(not text)
        inspector.save.click()
        qtbot.waitUntil(lambda: "Constatation enregistrée" in window.message.text(),
                        timeout=20000)
        window.say("")
    nav.buttons["narrative"].click()
    qtbot.waitUntil(lambda: flow.dialog is not None and type(flow.dialog).__name__ ==
                    "NarrativeDialog", timeout=20000)
    flow.dialog.text.setPlainText("Je me suis rendu sur la page désignée par le requérant.")
    flow.dialog.accept()
    qtbot.waitUntil(lambda: "Narration enregistrée (version 1)" in window.message.text(),
                    timeout=20000)
    nav.buttons["edit_dossier"].click()
    flow.dialog.reference.setText("2026/0042")
    _ok(flow.dialog)
    qtbot.waitUntil(lambda: "Dossier modifié" in window.message.text(), timeout=20000)
    look_at(window, "workflow-constat-open", shows=(nav.evidence, nav.constat_list))

    nav.buttons["close"].click()
    box = flow.dialog
    assert isinstance(box, QMessageBox)
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: "Constat clos" in window.message.text(), timeout=60000)
    qtbot.waitUntil(lambda: "clos" in nav.constat_list.item(0).text(), timeout=20000)
    assert not nav.buttons["import"].isEnabled() and not nav.buttons["close"].isEnabled()
    assert "clos" in nav.buttons["import"].toolTip()
    look_at(window, "workflow-constat-closed", shows=(nav.constat_list, window.message))

    journal = Probant(home)("journal", "--constat", constat, demo=True).json
    actions = [e["action"] for e in journal]
    assert actions.count("environment_warning_acknowledged") == len(warnings.boxes)
    acked = [e["details"]["wording"] for e in journal
             if e["action"] == "environment_warning_acknowledged"]
    assert acked == [w for _k, w, _b in warnings.boxes]
    assert "constat_closed" in actions
    assert "dossier_updated" in [e["action"] for e in Probant(home)("journal", demo=True).json]
    shown = Probant(home)("constat", "show", constat, demo=True).json
    assert shown["place"] == "Poste de travail de l'étude, 1 rue du Palais, Paris"
    assert shown["narrative"].startswith("Je me suis rendu")
    findings = {e["id"]: e.get("finding") for e in shown["evidence"]}
    assert sorted((f or {}).get("no_observation", None) for f in findings.values()
                  if f is not None) == [False, True]
    assert [e["metadata"].get("phase") for e in shown["evidence"]
            if e["kind"] == "environment"] == ["start", "end"]
