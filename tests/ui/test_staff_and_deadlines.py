"""A collaborateur in the window: sees the dossiers and constats, creates a dossier,
imports a file handed in, exports the bundle; capture, new constat, report and closing
are not offered, each with the reason shown. And a dossier due in less than 48 h gives a
notification (tray, or the status bar without one) once per run."""

from __future__ import annotations

import zipfile
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox

from app.cli.context import GlobalOptions
from app.desktop import screens
from signing.handlers import FixedAnswers
from tests.fixtures.cli import offline_settings
from tests.fixtures.output import worker_output_dir
from tests.ui.desktop import officer_and_clerk
from tests.ui.looks import look_at

OUT = worker_output_dir("ui")


def test_a_collaborateur_prepares_imports_and_exports(  # type: ignore[no-untyped-def]
        qtbot, shell, tmp_path: Path, monkeypatch) -> None:
    etude = officer_and_clerk(tmp_path)
    home, staff, constat = etude.home, etude.staff, etude.constat
    offline_settings(home)
    monkeypatch.setenv("PROBANT_AUTHENTICATOR", staff)
    monkeypatch.delenv("PROBANT_RECOVERY_CODE", raising=False)
    app = shell(GlobalOptions(home=home, demo=False, json=False, lang="fr"),
                FixedAnswers("2222"))
    window, nav = app.window, app.window.navigator
    window.show()
    window.unlock_button.click()
    qtbot.waitUntil(lambda: nav.isVisible() and nav.current_constat() == constat,
                    timeout=30000)
    assert "Paul Martin — collaborateur" in window.status_user.text()
    only = "Réservé au commissaire de justice"
    for button in (nav.buttons["new_constat"], nav.buttons["environment"], nav.buttons["close"],
                   nav.capture_bar.record, nav.capture_bar.photo, window.capture_button):
        assert not button.isEnabled() and only in button.toolTip(), button.objectName()
    assert nav.buttons["import"].isEnabled() and nav.buttons["new_dossier"].isEnabled()
    look_at(window, "collaborateur", shows=(window.status_user, nav.buttons["import"]))

    window.menu_actions["new_dossier"].trigger()
    app.flow.dialog.title.setText("Affaire Durand")
    app.flow.dialog.requester.set_text("Mme Claire Durand, 5 place Bellecour, 69002 Lyon")
    app.flow.dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: nav.dossier_list.count() == 2, timeout=20000)

    nav.select_constat(constat)
    piece = tmp_path / "courriel.eml"
    piece.write_text("Objet : preuve remise par le client")
    app.flow.do_import(constat, (piece,))
    qtbot.waitUntil(lambda: "1 pièce(s) importée(s)" in window.message.text(), timeout=30000)

    dialog = screens.export_dialog(app.session, window)
    qtbot.addWidget(dialog)
    out = tmp_path / "export" / "dossier.zip"
    out.parent.mkdir()
    dialog.path.setText(str(out))
    dialog.without_pv.setChecked(True)
    dialog.constat.setCurrentIndex(dialog.constat.findData(constat))
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    assert "Dossier de preuve exporté" in dialog.status.text(), dialog.status.text()
    with zipfile.ZipFile(out) as z:
        assert any(n.endswith("courriel.eml") for n in z.namelist())


def test_a_deadline_within_48_hours_is_notified_once(qtbot, shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    offline_settings(home)
    app = shell(GlobalOptions(home=home, demo=True, json=False, lang="fr"))
    nav = app.window.navigator
    qtbot.waitUntil(lambda: app.session.is_unlocked, timeout=30000)
    soon = (datetime.now().astimezone() + timedelta(hours=20)).isoformat(timespec="minutes")
    later = (datetime.now().astimezone() + timedelta(days=10)).isoformat(timespec="minutes")
    with qtbot.waitSignal(app.deadlines.notified, timeout=30000) as got:
        for title, deadline in (("Signification urgente", soon), ("Affaire calme", later)):
            app.flow.do_dossier(type("A", (), {"title": title, "requester": "SAS",
                                               "deadline": deadline})())
    assert "Signification urgente" in got.args[1] and "Échéance proche" in got.args[1]
    qtbot.waitUntil(lambda: nav.dossier_list.count() == 2, timeout=20000)
    assert app.deadlines.seen == {got.args[0]}  # the calm one is not due; none twice
    assert not app.deadlines.check(app.session.overview.dossier_list)  # once per run
    urgent = next(nav.dossier_list.item(i) for i in range(2)
                  if "urgente" in nav.dossier_list.item(i).text())
    assert urgent.foreground().color().name() == "#b00020"
