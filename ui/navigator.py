"""The vault as a navigator: dossiers (searchable), the constats of the one chosen, and
the evidence of the constat chosen, with the actions that fit each.

Widgets only: it shows what it is given (``show_matters``, ``show_evidence``) and
emits what the officer asked for; the desktop session runs the services and
answers. Capture and closing are offered only to a commissaire, and only on an
open constat; otherwise the reason is said in the button's tooltip.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from signing.legal_time import french_time
from ui.capture_bar import CaptureBar
from ui.deadlines import due_soon
from ui.evidence_table import EvidenceModel, EvidenceTable
from ui.inspector import Inspector


def _button(name: str, text: str, accessible: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(accessible)
    return button


class Navigator(QWidget):
    new_dossier = Signal()
    new_constat = Signal(str)  # dossier id
    close_constat = Signal(str)  # constat id
    import_files = Signal(str)  # constat id
    environment = Signal(str)  # constat id
    constat_chosen = Signal(str)  # constat id: the evidence list is asked for
    evidence_chosen = Signal(str)  # evidence id: the inspector is filled
    edit_dossier = Signal(str)  # dossier id
    narrative = Signal(str)  # constat id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = ""
        self.dossiers: tuple[Any, ...] = ()
        self.constats: tuple[Any, ...] = ()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Rechercher un dossier (titre, requérant)…"))
        self.search.setAccessibleName(self.tr("Recherche de dossier"))
        self.search.textChanged.connect(lambda _t: self._fill_dossiers())
        self.dossier_list = QListWidget()
        self.dossier_list.setObjectName("dossiers")
        self.dossier_list.setAccessibleName(self.tr("Dossiers"))
        self.dossier_list.currentItemChanged.connect(lambda *_: self._fill_constats())
        self.constat_list = QListWidget()
        self.constat_list.setObjectName("constats")
        self.constat_list.setAccessibleName(self.tr("Constats du dossier"))
        self.constat_list.currentItemChanged.connect(lambda *_: self._constat_changed())
        self.evidence = EvidenceTable(EvidenceModel(
            [self.tr("Annexe"), self.tr("Nature"), self.tr("Heure"), self.tr("SHA-256"),
             self.tr("Horodatage")], self.kind_word,
            (self.tr("Horodatée"), self.tr("En attente"))))
        self.evidence.setObjectName("evidence")
        self.evidence.setAccessibleName(self.tr("Pièces du constat"))
        self.capture_bar = CaptureBar()
        self.inspector = Inspector()
        self.rows: list[Any] = []  # the EvidenceItems shown, in table order
        self.evidence.selection_changed.connect(self._evidence_changed)
        self.detail = QLabel()
        self.detail.setObjectName("constatDetail")
        self.detail.setWordWrap(True)
        self.buttons = {
            "new_dossier": _button("newDossier", self.tr("Nouveau dossier…"),
                                   self.tr("Créer un dossier")),
            "new_constat": _button("newConstat", self.tr("Nouveau constat…"),
                                   self.tr("Ouvrir un constat dans ce dossier")),
            "import": _button("importFiles", self.tr("Importer des pièces…"),
                              self.tr("Importer des fichiers remis")),
            "environment": _button("environmentReport", self.tr("Relevé d'environnement"),
                                   self.tr("Relever l'environnement maintenant")),
            "close": _button("closeConstat", self.tr("Clore le constat…"),
                             self.tr("Clore le constat")),
            "edit_dossier": _button("editDossier", self.tr("Modifier…"),
                                    self.tr("Modifier le dossier choisi")),
            "narrative": _button("narrative", self.tr("Narration…"),
                                 self.tr("Écrire la narration du constat")),
        }
        self.buttons["new_dossier"].clicked.connect(self.new_dossier.emit)
        self.buttons["new_constat"].clicked.connect(lambda: self._emit_dossier(self.new_constat))
        self.buttons["edit_dossier"].clicked.connect(
            lambda: self._emit_dossier(self.edit_dossier))
        for key, signal in (("import", self.import_files), ("environment", self.environment),
                            ("close", self.close_constat), ("narrative", self.narrative)):
            self.buttons[key].clicked.connect(lambda _=False, s=signal: self._emit_constat(s))
        self._layout()
        self._refresh_buttons()

    def _layout(self) -> None:
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addWidget(QLabel(self.tr("Dossiers")))
        lv.addWidget(self.search)
        lv.addWidget(self.dossier_list, 1)
        row_d = QHBoxLayout()
        row_d.addWidget(self.buttons["new_dossier"])
        row_d.addWidget(self.buttons["edit_dossier"])
        lv.addLayout(row_d)
        middle = QWidget()
        mv = QVBoxLayout(middle)
        mv.addWidget(QLabel(self.tr("Constats")))
        mv.addWidget(self.constat_list, 1)
        mv.addWidget(self.buttons["new_constat"])
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.addWidget(self.detail)
        rv.addWidget(self.capture_bar)
        pieces = QSplitter(Qt.Orientation.Vertical)
        pieces.addWidget(self.evidence)
        pieces.addWidget(self.inspector)
        pieces.setSizes([260, 340])
        rv.addWidget(pieces, 1)
        row = QHBoxLayout()
        for key in ("import", "environment", "narrative", "close"):
            row.addWidget(self.buttons[key])
        rv.addLayout(row)
        split = QSplitter(Qt.Orientation.Horizontal)
        for part in (left, middle, right):
            split.addWidget(part)
        split.setStretchFactor(2, 3)
        split.setSizes([270, 270, 660])
        for part in (left, middle):
            part.setMinimumWidth(250)
        QVBoxLayout(self).addWidget(split)

    # -- what it is given ---------------------------------------------------------------
    def show_matters(self, dossiers: Sequence[Any], constats: Sequence[Any], role: str) -> None:
        """The dossiers and all constats (``evidence.model``); the choice is kept."""
        keep_d, keep_c = self.current_dossier(), self.current_constat()
        self.role, self.dossiers, self.constats = role, tuple(dossiers), tuple(constats)
        self._fill_dossiers(keep_d, keep_c)

    def show_evidence(self, constat_id: str, rows: Sequence[Any]) -> None:
        """``rows``: (EvidenceItem, timestamped) of the constat shown."""
        if constat_id != self.current_constat():
            return
        chosen = self.current_evidence()
        self.rows = [item for item, _stamped in rows]
        self.evidence.evidence_model.reset(rows)
        if chosen is not None and chosen in [i.id for i in self.rows]:
            self.evidence.selectRow([i.id for i in self.rows].index(chosen))

    def current_evidence(self) -> str | None:
        row = self.evidence.currentRow()
        if not self.evidence.selected() or not 0 <= row < len(self.rows):
            return None
        return str(self.rows[row].id)

    def select_evidence(self, evidence_id: str) -> None:
        ids = [i.id for i in self.rows]
        if evidence_id in ids:
            self.evidence.selectRow(ids.index(evidence_id))

    def _evidence_changed(self) -> None:
        chosen = self.current_evidence()
        if chosen is not None:
            self.evidence_chosen.emit(chosen)

    def kind_word(self, kind: str) -> str:
        """What an item is, in the officer's words (unknown kinds as recorded)."""
        words = {"screenshot": self.tr("Capture d'écran"), "video": self.tr("Vidéo"),
                 "video_segment": self.tr("Segment vidéo"), "photo": self.tr("Photo"),
                 "environment": self.tr("Relevé d'environnement"),
                 "imported": self.tr("Pièce remise"), "pv": self.tr("Procès-verbal"),
                 "web_archive": self.tr("Archive web (WACZ)"),
                 "web_log": self.tr("Journal de navigation"),
                 "web_archive_partial": self.tr("Archive web partielle (WARC)"),
                 "web_download": self.tr("Téléchargement (site web)"),
                 "web_viewport": self.tr("Page web (écran)"),
                 "web_fullpage": self.tr("Page web entière"),
                 "web_dom": self.tr("Page web (DOM rendu)"),
                 "web_source": self.tr("Page web (source reçue)"),
                 "web_mhtml": self.tr("Page web (MHTML)"), "web_pdf": self.tr("Page web (PDF)"),
                 "validation": self.tr("Rapport de validation")}
        return words.get(kind, kind)

    # -- choices ------------------------------------------------------------------------
    def current_dossier(self) -> str | None:
        item = self.dossier_list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def current_constat(self) -> str | None:
        item = self.constat_list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def select_dossier(self, dossier_id: str) -> None:
        for i in range(self.dossier_list.count()):
            if self.dossier_list.item(i).data(Qt.ItemDataRole.UserRole) == dossier_id:
                self.dossier_list.setCurrentRow(i)

    def select_constat(self, constat_id: str) -> None:
        constat = next((c for c in self.constats if c.id == constat_id), None)
        if constat is None:
            return
        self.select_dossier(constat.dossier_id)
        for i in range(self.constat_list.count()):
            if self.constat_list.item(i).data(Qt.ItemDataRole.UserRole) == constat_id:
                self.constat_list.setCurrentRow(i)

    def _fill_dossiers(self, keep: str | None = None, keep_constat: str | None = None) -> None:
        """Refilled without a signal per row: the constat shown, and the piece chosen in it,
        stay as they were when the same dossier and constat are still there."""
        keep = keep or self.current_dossier()
        needle = self.search.text().strip().lower()
        self.dossier_list.blockSignals(True)
        try:
            self.dossier_list.clear()
            for d in self.dossiers:
                if needle and needle not in f"{d.title} {d.requester}".lower():
                    continue
                item = QListWidgetItem(self._dossier_text(d))
                item.setData(Qt.ItemDataRole.UserRole, d.id)
                if due_soon(d.deadline, datetime.now().astimezone()):
                    item.setForeground(QColor("#b00020"))
                self.dossier_list.addItem(item)
            if keep is not None:
                self.select_dossier(keep)
            if self.dossier_list.currentItem() is None and self.dossier_list.count():
                self.dossier_list.setCurrentRow(0)
        finally:
            self.dossier_list.blockSignals(False)
        self._fill_constats(keep_constat)

    def _dossier_text(self, d: Any) -> str:
        text: str = d.title + (f" — {d.requester}" if d.requester else "")
        if d.deadline:
            text += "\n" + self.tr("Échéance : {when}").format(when=d.deadline[:16].replace("T", " "))
        return text

    def _fill_constats(self, keep: str | None = None) -> None:
        keep = keep or self.current_constat()
        dossier = self.current_dossier()
        self.constat_list.blockSignals(True)
        try:
            self.constat_list.clear()
            for c in self.constats:
                if c.dossier_id != dossier:
                    continue
                state = self.tr("ouvert") if c.status == "open" else self.tr("clos")
                started = french_time(c.started_at, seconds=False)
                item = QListWidgetItem(f"{started} — {c.mission or c.id} ({state})")
                item.setData(Qt.ItemDataRole.UserRole, c.id)
                self.constat_list.addItem(item)
                if c.id == keep:
                    self.constat_list.setCurrentItem(item)
            if self.constat_list.currentItem() is None and self.constat_list.count():
                self.constat_list.setCurrentRow(self.constat_list.count() - 1)  # the newest
        finally:
            self.constat_list.blockSignals(False)
        self._constat_changed()

    def _constat_changed(self) -> None:
        constat = self._constat()
        shown = getattr(self, "_shown_constat", None)
        self._shown_constat = None if constat is None else constat.id
        if constat is None or constat.id != shown:
            # Another constat: its list is asked for. The same one (a refresh after a
            # write): the rows and the piece chosen stay until the new list arrives.
            self.evidence.evidence_model.reset(())
        if constat is None:
            self.detail.setText(self.tr("Aucun constat choisi."))
        else:
            lines = [self.tr("Mission : {m}").format(m=constat.mission or "—"),
                     self.tr("Lieu : {p}").format(p=getattr(constat, "place", "") or "—"),
                     self.tr("Ouvert le {t} (heure légale française)").format(
                         t=french_time(constat.started_at))]
            if constat.ended_at:
                lines.append(self.tr("Clos le {t} (heure légale française)").format(
                    t=french_time(constat.ended_at)))
            self.detail.setText("\n".join(lines))
            self.constat_chosen.emit(constat.id)
        self._refresh_buttons()

    def _constat(self) -> Any:
        chosen = self.current_constat()
        return next((c for c in self.constats if c.id == chosen), None)

    def _refresh_buttons(self) -> None:
        officer = self.role == "commissaire"
        constat = self._constat()
        is_open = constat is not None and constat.status == "open"
        self.buttons["new_constat"].setEnabled(officer and self.current_dossier() is not None)
        self.buttons["edit_dossier"].setEnabled(self.current_dossier() is not None)
        self.buttons["narrative"].setEnabled(constat is not None)
        self.buttons["import"].setEnabled(is_open)
        self.buttons["environment"].setEnabled(officer and is_open)
        self.buttons["close"].setEnabled(officer and is_open)
        only = self.tr("Réservé au commissaire de justice.")
        closed = self.tr("Le constat est clos : il ne reçoit plus de pièces.")
        for key in ("new_constat", "environment", "close"):
            self.buttons[key].setToolTip("" if self.buttons[key].isEnabled()
                                         else (only if not officer else closed))
        self.buttons["import"].setToolTip("" if is_open else closed)
        self.capture_bar.set_enabled_for(officer and is_open, only if not officer else closed)

    def _emit_dossier(self, signal: Any) -> None:
        dossier = self.current_dossier()
        if dossier is not None:
            signal.emit(dossier)

    def _emit_constat(self, signal: Any) -> None:
        constat = self.current_constat()
        if constat is not None:
            signal.emit(constat)

