"""The desktop's tools on the real core: the journal viewer (filters, « Vérifier la
chaîne », then an insider's edit found), the vault's check (progress to 100 %, cancel,
a flipped byte named with its annex), a bundle dropped on the dialog and on a window
(INTÈGRE, then ALTÉRÉ for a tampered copy, with the vault locked) and « À propos ».
The data is made by the real CLI; screenshots under test-output/<worker>/ui/."""

from __future__ import annotations

import shutil
import threading
import zipfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QWidget,
)

from app.cli.context import GlobalOptions
from app.desktop import tools_screens
from app.desktop.session import DesktopSession
from app.frozen import build_commit
from app.version import VERSION
from signing.handlers import FixedAnswers
from tests.fixtures.cli import Probant, offline_settings
from tests.fixtures.output import worker_output_dir
from ui.journal_view import JournalModel
from ui.verify_dialogs import VerifyBundleDialog

OUT = worker_output_dir("ui")
WAIT = 60000


@dataclass(frozen=True)
class Made:
    home: Path
    dossier_a: str
    constat_a: str
    dossier_b: str
    constat_b: str
    item: dict[str, Any]  # the imported annex of constat A
    bundle: Path  # constat A's bundle, exported without a PV


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Made:
    """Two dossiers with a constat each, an imported file, and constat A's bundle: made
    once by the real CLI, copied for each test (a copied demo vault opens alike)."""
    root = tmp_path_factory.mktemp("tools")
    home = root / "home"
    offline_settings(home)
    probant = Probant(home)
    assert probant("init", demo=True).code == 0
    ids = []
    for title, mission in (("Affaire Martin", "Page d'accueil"), ("Affaire Durand", "Avis")):
        dossier = probant("dossier", "new", title, "--requester", "SAS " + title[8:]).json["id"]
        constat = probant("constat", "new", "--dossier", dossier, "--mission", mission
                          ).json["id"]
        ids += [dossier, constat]
    piece = root / "piece.bin"
    piece.write_bytes(bytes(range(256)) * 8000)  # 2 MB: the largest blob of the vault
    item = probant("annex", "add", "--constat", ids[1], str(piece)).json
    bundle = root / "bundle.zip"
    export = probant("export", "--constat", ids[1], "--out", str(bundle), "--without-pv")
    assert export.code == 0, export.stderr
    return Made(home, ids[0], ids[1], ids[2], ids[3], item, bundle)


def _session(made: Made, unlocked: Any, tmp_path: Path) -> DesktopSession:
    home = tmp_path / "home"
    shutil.copytree(made.home, home)
    return unlocked(GlobalOptions(home=home, demo=True, json=False, lang="fr"),
                    FixedAnswers("123456"))


def _unnamed(dialog: QWidget) -> list[str]:
    """The controls a screen reader could not name (every one must have a name); the
    parts Qt builds inside a control (a combo's popup, a table's headers) are its own."""
    kinds = (QAbstractButton, QComboBox, QLineEdit, QAbstractItemView, QProgressBar,
             QPlainTextEdit)

    def inner(w: QWidget) -> bool:
        parent = w.parentWidget()
        while parent is not None and parent is not dialog:
            if isinstance(parent, kinds):
                return True
            parent = parent.parentWidget()
        return w.objectName().startswith("qt_")

    return [w.objectName() or type(w).__name__ for w in dialog.findChildren(QWidget)
            if isinstance(w, kinds) and not inner(w) and not w.accessibleName()]


def _shown(model: JournalModel, column: int) -> list[str]:
    return [model.cell(model.entry(r), column) for r in range(model.rowCount())]


# -- the journal ----------------------------------------------------------------------------

def _edit_journal(session: DesktopSession, constat_id: str) -> int:
    """What an insider holding the vault key could do: drop the append-only trigger and
    rewrite an entry's details in SQLCipher, beside the running application."""
    key = session.blocking(lambda _ctx, vault: vault.keys.database)
    conn = sqlcipher3.connect(str(session.opts.home / "vault" / "vault.db"))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("DROP TRIGGER journal_no_update")
    conn.execute("UPDATE journal SET details = '{\"mission\":\"Autre\"}' "
                 "WHERE action = 'constat_created' AND constat_id = ?", (constat_id,))
    seq = conn.execute("SELECT seq FROM journal WHERE action = 'constat_created' "
                       "AND constat_id = ?", (constat_id,)).fetchone()[0]
    conn.commit()
    conn.close()
    return int(seq)


def test_journal_view_filters_and_checks_the_chain(qtbot, unlocked, made: Made,
                                                   tmp_path: Path) -> None:
    session = _session(made, unlocked, tmp_path)
    view = tools_screens.journal_view(session)
    qtbot.addWidget(view)
    view.show()
    model = view.model
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=WAIT)
    total = model.rowCount()
    assert not _unnamed(view)
    actions = _shown(model, JournalModel.ACTION)
    assert {"Coffre créé", "Dossier créé", "Constat ouvert", "Pièce ajoutée",
            "Dossier de preuve exporté"} <= set(actions), actions
    assert session.overview is not None and session.overview.officer in _shown(
        model, JournalModel.USER)
    assert "Affaire Martin" in _shown(model, JournalModel.SUBJECT)  # a dossier by its title
    assert [view.dossier.itemData(i) for i in range(view.dossier.count())] == [
        None, made.dossier_a, made.dossier_b]

    view.choose_constat(made.constat_a)
    rows = [model.entry(r) for r in range(model.rowCount())]
    assert 0 < len(rows) < total
    assert all(made.constat_a in (e.constat_id, e.subject) for e in rows)
    assert "Pièce ajoutée" in _shown(model, JournalModel.ACTION)
    view.choose_constat(None)
    view.choose_dossier(made.dossier_b)  # the dossier, and only its constat in the combo
    assert [view.constat.itemData(i) for i in range(view.constat.count())] == [
        None, made.constat_b]
    assert {e.subject for e in (model.entry(r) for r in range(model.rowCount()))} >= {
        made.dossier_b, made.constat_b}
    assert made.constat_a not in {model.entry(r).constat_id for r in range(model.rowCount())}
    view.choose_dossier(None)
    view.text.setText("pièce ajoutée")
    assert set(_shown(model, JournalModel.ACTION)) == {"Pièce ajoutée"}
    view.text.setText("")
    assert model.rowCount() == total and f"sur {total}" in view.count.text()

    view.verify()
    qtbot.waitUntil(lambda: view.verify_button.isEnabled(), timeout=WAIT)
    assert view.outcome.text() == f"Journal intègre : {total} entrées"

    seq = _edit_journal(session, made.constat_a)
    view.verify()
    qtbot.waitUntil(lambda: view.verify_button.isEnabled(), timeout=WAIT)
    text = view.outcome.text()
    assert text.startswith("Journal ALTÉRÉ"), text
    assert f"Entrée n° {seq} du journal : contenu modifié" in text, text
    assert list(model.damaged) == [seq]
    row = next(r for r in range(model.rowCount()) if model.entry(r).seq == seq)
    view.table.scrollTo(model.index(row, 0))
    qtbot.wait(50)
    image = view.grab().toImage()
    assert image.save(str(OUT / "journal-altered.png"))
    rect = view.table.visualRect(model.index(row, JournalModel.SUBJECT))
    centre = view.table.viewport().mapTo(view, rect.center())
    colour = image.pixelColor(centre.x() + rect.width() // 3, centre.y())
    assert colour.red() - colour.green() > 25 and abs(colour.green() - colour.blue()) < 8, (
        colour.name())  # the damaged row's pink band (the style may shade it a little)
    other = view.table.visualRect(model.index(0 if row else 1, JournalModel.SUBJECT))
    plain = image.pixelColor(view.table.viewport().mapTo(view, other.center()).x()
                             + rect.width() // 3, view.table.viewport().mapTo(
                                 view, other.center()).y())
    assert abs(plain.red() - plain.green()) < 10, plain.name()  # an intact row is not pink


# -- the vault ------------------------------------------------------------------------------

def _flip_largest_blob(home: Path) -> None:
    blobs = [p for p in (home / "vault" / "blobs").rglob("*") if p.is_file()]
    blob = max(blobs, key=lambda p: p.stat().st_size)  # blob names are keyed: the 2 MB annex
    raw = bytearray(blob.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    blob.write_bytes(bytes(raw))


def test_vault_check_progress_cancel_and_damage(qtbot, unlocked, made: Made,
                                                tmp_path: Path) -> None:
    session = _session(made, unlocked, tmp_path)
    dialog = tools_screens.verify_vault_dialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not _unnamed(dialog)
    seen: list[tuple[int, int]] = []
    dialog.progressed.connect(lambda done, total: seen.append((done, total)))

    # Cancel, deterministically: the vault's thread is held busy, the check queued behind
    # it is cancelled, then the thread is released and the check stops at its first item.
    release = threading.Event()
    session.call(lambda _ctx, _vault: release.wait(30), lambda _r: None, writes=False)
    dialog.start()
    assert dialog.running and not dialog.start_button.isEnabled()
    dialog.cancel_button.click()
    release.set()
    qtbot.waitUntil(lambda: not dialog.running, timeout=WAIT)
    assert dialog.details.toPlainText() == "Vérification annulée." and dialog.report is None

    dialog.start()
    qtbot.waitUntil(lambda: not dialog.running, timeout=WAIT)
    assert dialog.report is not None and dialog.report.ok, dialog.details.toPlainText()
    assert dialog.bar.value() == 1000 and seen and seen[-1][0] == seen[-1][1] > 2_000_000
    assert dialog.verdict.text() == "Coffre intègre"
    assert "entrées de journal" in dialog.details.toPlainText()
    assert "Aucune atteinte trouvée." in dialog.details.toPlainText()

    _flip_largest_blob(session.opts.home)
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.running, timeout=WAIT)
    assert dialog.verdict.text() == "Coffre ALTÉRÉ"
    text = dialog.details.toPlainText()
    item = made.item
    assert (f"Pièce {item['id']} (annexe {item['annex']}, constat {made.constat_a}) : "
            "bloc chiffré altéré") in text, text
    image = dialog.grab().toImage()
    assert image.save(str(OUT / "vault-check-altered.png"))
    assert _dominant(image, dialog.verdict) == "red"


# -- a bundle -------------------------------------------------------------------------------

def _tampered(bundle: Path, out: Path) -> Path:
    with zipfile.ZipFile(bundle) as z:
        files = {n: z.read(n) for n in z.namelist()}
    name = next(n for n in files if n.startswith("evidence/") and n.endswith("piece.bin"))
    data = bytearray(files[name])
    data[len(data) // 2] ^= 0x01
    files[name] = bytes(data)
    with zipfile.ZipFile(out, "w") as z:
        for member, content in files.items():
            z.writestr(member, content)
    return out


def _drop(target: QWidget, path: Path) -> bool:
    """A file dragged from the file manager: enter, then drop. Returns whether the
    enter was accepted (a .zip is, anything else is not)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    centre = target.rect().center()
    enter = QDragEnterEvent(centre, Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(QPointF(centre), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)
    return drop.isAccepted()


def _dominant(image: QImage, label: QWidget) -> str:
    """The verdict band's colour, read from the screenshot's pixels around its text."""
    top_left = label.mapTo(label.window(), QPoint(0, 0))
    reds = greens = ambers = 0
    for x in range(top_left.x() + 4, top_left.x() + label.width() - 4, 7):
        for y in (top_left.y() + 4, top_left.y() + label.height() - 5):
            c = image.pixelColor(x, y)
            reds += c.red() > 150 and c.green() < 80
            greens += c.green() > 100 and c.red() < 60
            ambers += c.red() > 130 and 60 < c.green() < 120 and c.blue() < 40
    if ambers > 10 * max(reds, greens, 1):
        return "amber"
    return "red" if reds > 10 * max(greens, 1) else "green" if greens > 10 * max(reds, 1) else "?"


def test_bundle_dropped_gives_the_verdict_while_locked(qtbot, unlocked, made: Made,
                                                       tmp_path: Path) -> None:
    session = _session(made, unlocked, tmp_path)
    session.lock("user")  # a bundle's check needs no vault
    dialog = tools_screens.verify_bundle_dialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not _unnamed(dialog)
    note = tmp_path / "note.txt"
    note.write_text("pas un dossier de preuve")
    assert not _drop(dialog, note) and not dialog.running

    assert _drop(dialog, made.bundle)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT)
    # Intact, but nothing in it chains to an authority the person gave: not « rattaché ».
    assert dialog.verdict.text() == "INTÈGRE, NON RATTACHÉ", dialog.details.toPlainText()
    text = dialog.details.toPlainText()
    assert "Dossier de preuve intact" in text and "entrées de journal" in text, text
    assert "Non rattaché : les chaînes de certificats n'aboutissent qu'aux autorités" in text
    assert "mode DÉMONSTRATION : sans valeur probante" in text, text
    assert "annexe 2 : pas encore de jeton RFC 3161 (en attente)" in text, text
    image = dialog.grab().toImage()
    assert image.save(str(OUT / "bundle-verify-intact.png"))
    assert _dominant(image, dialog.verdict) == "amber"

    bad = _tampered(made.bundle, tmp_path / "altered.zip")
    dialog.check(bad)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT)
    assert dialog.verdict.text() == "ALTÉRÉ"
    text = dialog.details.toPlainText()
    assert "piece.bin — fichiers : empreinte SHA-256 ou taille différente" in text, text
    image = dialog.grab().toImage()
    assert image.save(str(OUT / "bundle-verify-altered.png"))
    assert _dominant(image, dialog.verdict) == "red"


def test_bundle_dropped_on_a_window_opens_the_check(qtbot, unlocked, made: Made,
                                                    tmp_path: Path) -> None:
    session = _session(made, unlocked, tmp_path)
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(400, 300)
    window.show()
    tools_screens.install_bundle_drop(session, window)
    assert window.acceptDrops()
    assert _drop(window, made.bundle)
    [dialog] = window.findChildren(VerifyBundleDialog)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT)
    assert dialog.verdict.text() == "INTÈGRE, NON RATTACHÉ" and dialog.isVisible()


# -- about ----------------------------------------------------------------------------------

def test_about_shows_version_demo_and_licences(qtbot, unlocked, made: Made,
                                               tmp_path: Path) -> None:
    session = _session(made, unlocked, tmp_path)
    dialog = tools_screens.about_dialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.title.text().startswith(f"Probant {VERSION}")
    commit = build_commit()  # the tests run from a git checkout: its commit is known
    assert commit is not None and commit in dialog.title.text()
    assert "DÉMONSTRATION" in dialog.mode.text() and "SIMULÉ" in dialog.mode.text()
    assert dialog.log.text().startswith("Journal de l'application : ")
    table = dialog.libraries
    rows = {table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text())
            for r in range(table.rowCount())}
    assert rows["PySide6 (Qt)"][0] == version("PySide6") and "LGPL" in rows["PySide6 (Qt)"][1]
    assert rows["pyHanko"] == (version("pyhanko"), "MIT")
    assert "Apache-2.0" in rows["cryptography"][1] and "LGPL" in rows["PyAV"][1]
    assert all(licence for _v, licence in rows.values())
    assert all(w.accessibleName() for w in (dialog.title, dialog.mode, dialog.log))
    assert not _unnamed(dialog)
    assert dialog.grab().save(str(OUT / "about.png"))


# -- a large journal ------------------------------------------------------------------------

def test_a_large_journal_opens_and_filters_without_freezing(qtbot) -> None:
    """100 000 entries go through a table model (a cell's text is made only when painted),
    not a widget filled row by row; the filters narrow the model. How fast this is stays a
    measurement for bench/, not a bound here (the machine is shared)."""
    from PySide6.QtCore import QAbstractItemModel
    from PySide6.QtWidgets import QTableView, QTableWidget

    from evidence.journal import JournalEntry
    from ui.journal_view import JournalActions, JournalData, JournalView

    entries = tuple(JournalEntry(
        seq, "2026-01-01T10:00:00Z", "2026-01-01T11:00:00.000000+01:00", "usr_a",
        "evidence_added" if seq % 10 else "constat_created", f"ev_{seq}", f"cst_{seq % 50}",
        {"annex": seq, "size": seq * 7}, "0" * 64, "1" * 64) for seq in range(1, 100_001))
    data = JournalData(entries, {"usr_a": "Maître A"}, (("dos_1", "Dossier"),),
                       tuple((f"cst_{i}", "dos_1", f"Constat {i}") for i in range(50)))
    view = JournalView(JournalActions(lambda done, _e: done(data), lambda _d, _e: None),
                       lambda exc: str(exc))
    qtbot.addWidget(view)
    view.show()
    view.reload()
    assert isinstance(view.model, QAbstractItemModel)
    assert not view.findChildren(QTableWidget) and view.findChildren(QTableView)
    assert view.model.rowCount() == 100_000
    view.choose_constat("cst_7")
    assert view.model.rowCount() == 2000
    view.text.setText("ouvert")
    qtbot.waitUntil(lambda: view.model.rowCount() < 2000, timeout=10000)
    view.text.setText("")
    qtbot.waitUntil(lambda: view.model.rowCount() == 2000, timeout=10000)
