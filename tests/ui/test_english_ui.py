"""The English UI shows English text on a sample of every screen (issue 15, F1 §3).

Probant's English translator is installed (as ``probant --lang en`` does) and removed after;
the real session (demo vault, offline network probes) builds each screen: the main window
(menus, navigator, capture bar, status bar), the new dossier / new constat / warnings
dialogs, the inspector, the PV dialog, the settings, the journal, the vault and bundle
checks, About, the users, the access keys and the timestamps. For each screen the visible
texts (buttons, labels, menus and their entries, tab, window and group titles, table
headers, placeholders) must hold no typical French word and at least one expected English
text; a screenshot of each is saved under test-output/<worker>/ui/en/.

« Dossier », « constat », « collaborateur », « commissaire de justice » and « procès-verbal »
are kept in English as terms of French procedure (the catalogue's choice: "New dossier…",
"Close the constat", "Report (procès-verbal)"), so they are not French words here. Values
of the core shown raw (the environment report's warnings, journal entries, the étude's
address) are outside the UI catalogue: the warnings' wordings are left out of the check.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QTextEdit,
    QTreeView,
    QWidget,
)

from app.cli.context import GlobalOptions
from app.desktop import screens, settings_screen, tools_screens
from app.services import users
from tests.fixtures.cli import offline_settings
from tests.fixtures.output import worker_output_dir
from tests.ui.looks import look_at
from ui.matter_dialogs import NewConstatDialog, NewDossierDialog, WarningsDialog

OUT = worker_output_dir("ui", "en")

# Words of the French UI that have no place in its English version (whole words, any case;
# with their accents where the English word differs only by them: Vidéo, Rôle, Détails).
FRENCH = re.compile(r"(?<![\w&])(?:" + "|".join((
    r"&?Fichier", r"&?Outils", r"&?Aide", r"R[ée]glages", r"Quitter", r"D?[ée]?verrouill\w*",
    r"Importer", r"Import des", r"Clore", r"Cl[ôo]ture", r"Vérifi\w+", r"Enregistr\w+",
    r"Annuler", r"Fermer", r"Choisi\w*", r"Ajouter", r"Retirer", r"Modifier", r"Nouveau",
    r"Nouvelle", r"Rechercher", r"Utilisateurs?", r"pièces?", r"Horodat\w+", r"Coffre",
    r"Relev[ée]s?", r"[ÉE]ch[ée]ance", r"Requ[ée]rant", r"Lieu", r"Intitul[ée]", r"Référence",
    r"Cl[ée]s?", r"Aper[çc]u", r"Caméra", r"Vidéo", r"Capture d'[ée]cran", r"Narration",
    r"Constatation", r"Manifeste", r"Général", r"Langue", r"Avertissements?", r"Erreurs?",
    r"[ÉE]chec", r"Refus[ée]", r"Tester", r"Actualiser", r"Lire", r"Taille", r"Composants?",
    r"Biblioth[èe]ques?", r"Détails", r"Objet", r"Heure", r"Rôle", r"Actif", r"oui",
    r"Exporter", r"Autorit[ée]s?", r"Certificats?", r"Dossier d'", r"Dossier de preuve",
    r"Touchez", r"Branchez", r"Saisissez", r"Mode de", r"Position dans",
    r"les", r"des", r"une", r"avec", r"pour", r"dans", r"vous", r"votre", r"aucune?", r"sur",
    r"est", r"sont", r"ou", r"du", r"au", r"aux",
)) + r")(?!\w)", re.IGNORECASE)


@pytest.fixture
def english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Probant's English translator installed as the app does, from a .qm built now from the
    committed .ts (the .qm is not committed and may be stale); removed after the test."""
    from ui import i18n

    done = subprocess.run([str(Path(sys.executable).parent / "pyside6-lrelease"), "-silent",
                           str(i18n.TRANSLATIONS / "probant_en.ts"), "-qm",
                           str(tmp_path / "probant_en.qm")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    monkeypatch.setattr(i18n, "TRANSLATIONS", tmp_path)
    app = QApplication.instance()
    assert i18n.install_translator(app, "en")
    try:
        yield
    finally:
        for translator in i18n._installed:
            app.removeTranslator(translator)
        i18n._installed.clear()


def _texts(top: QWidget, skip: tuple[QWidget, ...] = ()) -> list[str]:
    """What a person reads on ``top`` (widgets shown with it), accelerators (&) removed."""
    found: list[str] = [top.windowTitle()]

    def shown(w: QWidget) -> bool:
        return (w is top or w.isVisibleTo(top)) and not any(
            w is s or s.isAncestorOf(w) for s in skip)

    for w in [top, *top.findChildren(QWidget)]:
        if not shown(w):
            continue
        if isinstance(w, QAbstractButton):
            found.append(w.text())
        elif isinstance(w, QLabel):
            found.append(w.text())
        elif isinstance(w, QGroupBox):
            found.append(w.title())
        elif isinstance(w, QTabWidget):
            found += [w.tabText(i) for i in range(w.count())]
        elif isinstance(w, QLineEdit):
            found.append(w.placeholderText())
        elif isinstance(w, QPlainTextEdit | QTextEdit):
            found.append(w.placeholderText())
        header = w.horizontalHeader() if isinstance(w, QTableView) else \
            w.header() if isinstance(w, QTreeView) else None
        if header is not None and not header.isHidden() and w.model() is not None:
            model = w.model()
            found += [str(model.headerData(c, Qt.Orientation.Horizontal) or "")
                      for c in range(model.columnCount(QModelIndex()))]
    for menu in top.findChildren(QMenu):
        found.append(menu.title())
        found += [a.text() for a in menu.actions()]
    return [t.replace("&", "") for t in found if t and t.strip()]


def _check(name: str, top: QWidget, expected: tuple[str, ...],
           skip: tuple[QWidget, ...] = ()) -> list[str]:
    texts = _texts(top, skip)
    french = [t for t in texts if FRENCH.search(re.sub(r"<[^>]+>", " ", t))]
    assert not french, f"{name}: French text in the English UI: {french}"
    joined = "\n".join(texts)
    missing = [e for e in expected if e not in joined]
    assert not missing, f"{name}: expected English text missing {missing}; shown: {texts}"
    look_at(top, name, folder=OUT)
    return texts


def _ok(dialog: QWidget) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def _shown(qtbot: Any, dialog: QWidget) -> QWidget:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_english_ui_on_every_screen(qtbot, shell, english, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    offline_settings(home)  # the environment report's probes fail fast (warnings to see)
    app = shell(GlobalOptions(home=home, demo=True, json=False, lang="en"))
    window, flow = app.window, app.flow
    window.resize(1280, 800)
    window.show()
    qtbot.waitUntil(lambda: window.navigator.isVisible(), timeout=30000)
    nav = window.navigator
    _check("main-window", window, ("File", "Dossier", "Tools", "Help", "New dossier…",
                                   "Lock", "Vault open", "Settings…", "About Probant"))

    window.menu_actions["new_dossier"].trigger()
    assert isinstance(flow.dialog, NewDossierDialog)
    _check("new-dossier", flow.dialog, ("New dossier", "Requester"))
    flow.dialog.title.setText("Smith v. Acme Ltd")
    flow.dialog.requester.set_text("Acme Ltd, 1 Main Street, London")
    _ok(flow.dialog)
    qtbot.waitUntil(lambda: nav.dossier_list.count() == 1, timeout=20000)
    assert "Dossier created: Smith v. Acme Ltd" in window.message.text()

    nav.buttons["new_constat"].click()
    assert isinstance(flow.dialog, NewConstatDialog)
    # The proposed place is the étude's workstation and address: « place » holds data.
    _check("new-constat", flow.dialog, ("New constat", "Place of operations", "Mission"),
           skip=(flow.dialog.place,))
    flow.dialog.mission.setPlainText("Record the home page of the site")
    flow.dialog.place.setEditText("The office's workstation, 1 Main Street, London")
    _ok(flow.dialog)
    qtbot.waitUntil(lambda: isinstance(flow.dialog, WarningsDialog), timeout=60000)
    warnings = flow.dialog
    # The warnings' wordings come from the core's environment report (capture/): not UI.
    _check("warnings", warnings, ("Environment report: warnings", "Tick each point"),
           skip=tuple(box for _k, _w, box in warnings.boxes))
    for _key, _wording, box in warnings.boxes:
        box.setChecked(True)
    warnings.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: "recorded in the journal" in window.message.text(), timeout=20000)

    qtbot.waitUntil(lambda: nav.evidence.rowCount() >= 1, timeout=20000)
    nav.evidence.selectRow(0)
    inspector = nav.inspector
    qtbot.waitUntil(lambda: inspector.inspection is not None, timeout=20000)
    # The preview shows the item itself (here the report's JSON, in French: evidence).
    _check("workspace", window, ("Record the screen", "Environment report", "Annex",
                                 "Kind", "Close the constat…", "Camera video", "Narrative…"),
           skip=(inspector.picture,))
    inspector.tabs.setCurrentIndex(inspector.tabs.count() - 1)  # the finding's tab
    _check("inspector", inspector, ("Save the finding", "No observation", "Item",
                                    "Manifest", "Finding"), skip=(inspector.picture,))

    session = app.session
    dialogs: list[tuple[str, QWidget, tuple[str, ...]]] = [
        ("pv", screens.pv_dialog(session, window), ("report",)),
        ("settings", settings_screen.settings_dialog(session, window),
         ("Settings", "General", "Timestamping", "Signature", "Folders", "Language:")),
        ("journal", tools_screens.journal_view(session, window),
         ("Vault journal", "Verify the chain", "Date and time")),
        ("verify-vault", tools_screens.verify_vault_dialog(session, window),
         ("Verify the vault", "Verify")),
        ("verify-bundle", tools_screens.verify_bundle_dialog(session, window),
         ("Verify an evidence bundle", "Choose a file…")),
        ("about", tools_screens.about_dialog(session, window),
         ("About Probant", "DEMONSTRATION mode", "Components and licences:")),
        ("users", screens.users_dialog(
            session, session.blocking(lambda _c, v: users.user_rows(v)), window),
         ("Users of the office", "Role", "Add and enroll their key")),
        ("tokens", screens.token_manager(session, window), ("Vault access keys",)),
        ("timestamps", screens.timestamp_dialog(session, window), ("Timestamp",)),
    ]
    for name, dialog, expected in dialogs:
        _shown(qtbot, dialog)
        qtbot.wait(200)  # lists read off the UI thread fill in
        _check(name, dialog, expected)
        dialog.close()

