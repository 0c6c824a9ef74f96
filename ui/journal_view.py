"""The vault's hash-chained journal as a table: filter by dossier, constat or text, and
« Vérifier la chaîne » with the result in French (the damaged rows shown in red).

A model over the entries (not a table widget filled row by row): a cell's text is
made only when the view paints it, and a filter is a list of row numbers, so a
journal of a hundred thousand entries opens and filters without freezing the
window. Widgets only: loading and checking are actions given by the desktop
session (``app/desktop/tools_screens.py``), run off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services import journal_words
from evidence.journal import JournalEntry
from signing.legal_time import french_time

Index = QModelIndex | QPersistentModelIndex
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]
DAMAGED = QColor("#f8d0d0")


@dataclass(frozen=True)
class JournalData:
    """What the viewer shows, read in one go on the vault's thread."""

    entries: tuple[JournalEntry, ...]
    users: Mapping[str, str] = field(default_factory=dict)  # user id -> name
    dossiers: tuple[tuple[str, str], ...] = ()  # (id, title)
    constats: tuple[tuple[str, str, str], ...] = ()  # (id, dossier id, label)


@dataclass(frozen=True)
class JournalActions:
    """Both run off the GUI thread and answer on it: ``load(on_done, on_error)`` gives a
    ``JournalData``, ``verify(on_done, on_error)`` an ``app.services.bundles.JournalCheck``."""

    load: Callable[[Done, Failed], None]
    verify: Callable[[Done, Failed], None]


class JournalModel(QAbstractTableModel):
    SEQ, TIME, USER, ACTION, SUBJECT, DETAILS = range(6)

    def __init__(self, lang: str = "fr", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.data_ = JournalData(())
        self._names: dict[str, str] = {}
        self._shown: list[int] = []  # rows of data_.entries that pass the filter
        self._haystack: list[str] | None = None  # lower-case text of each entry, made once
        self.damaged: dict[int, str] = {}  # seq -> what the check found

    def set_data(self, data: JournalData) -> None:
        self.beginResetModel()
        self.data_ = data
        self._names = {**dict(data.dossiers), **{c: label for c, _d, label in data.constats}}
        self._haystack = None
        self._shown = list(range(len(data.entries)))
        self.damaged = {}
        self.endResetModel()

    def entry(self, row: int) -> JournalEntry:
        return self.data_.entries[self._shown[row]]

    def headers(self) -> list[str]:
        return [self.tr("N°"), self.tr("Date et heure"), self.tr("Utilisateur"),
                self.tr("Action"), self.tr("Objet"), self.tr("Détails")]

    # -- Qt's model interface ----------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entry(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(entry, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry, index.column())
        if role == Qt.ItemDataRole.BackgroundRole and entry.seq in self.damaged:
            return DAMAGED
        return None

    # -- words -------------------------------------------------------------------------
    def cell(self, entry: JournalEntry, column: int) -> str:
        if column == self.SEQ:
            return str(entry.seq)
        if column == self.TIME:
            return french_time(entry.at)
        if column == self.USER:
            return self.data_.users.get(entry.user_id, entry.user_id)
        if column == self.ACTION:
            return journal_words.action_phrase(entry.action, self.lang)
        if column == self.SUBJECT:
            return self._names.get(entry.subject, entry.subject)
        return journal_words.summarise(entry.details)

    def _tooltip(self, entry: JournalEntry, column: int) -> str | None:
        if entry.seq in self.damaged:
            return self.damaged[entry.seq]
        if column == self.ACTION:
            return entry.action  # the stable code, as the CLI and the bundle show it
        if column == self.DETAILS:
            return "\n".join(f"{k}: {v}" for k, v in entry.details.items()) or None
        if column == self.SUBJECT:
            return entry.subject or None
        return None

    # -- filters -----------------------------------------------------------------------
    def apply_filter(self, scope: set[str] | None, text: str) -> None:
        """``scope``: the ids an entry must touch (as its constat or its subject), or
        None for all; ``text``: words searched in every column, case ignored."""
        entries = self.data_.entries
        rows = range(len(entries)) if scope is None else [
            i for i, e in enumerate(entries) if e.constat_id in scope or e.subject in scope]
        needle = text.strip().lower()
        if needle:
            hay = self._texts()
            rows = [i for i in rows if needle in hay[i]]
        self.beginResetModel()
        self._shown = list(rows)
        self.endResetModel()

    def _texts(self) -> list[str]:
        if self._haystack is None:  # made on the first text search only
            self._haystack = [self._searched(e) for e in self.data_.entries]
        return self._haystack

    def _searched(self, e: JournalEntry) -> str:
        """The words a search may hit: what the row shows, plus the stable codes; the
        details as plain ``key value`` (the shown summary's JSON costs ten times more)."""
        details = " ".join(f"{k} {v}" for k, v in e.details.items())
        return " ".join((str(e.seq), french_time(e.at), self.cell(e, self.USER),
                         self.cell(e, self.ACTION), self.cell(e, self.SUBJECT), details,
                         e.action, e.subject, e.constat_id or "")).lower()

    def mark_damaged(self, damaged: Mapping[int, str]) -> None:
        self.damaged = dict(damaged)
        if self._shown:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._shown) - 1, 5))


class JournalView(QDialog):
    def __init__(self, actions: JournalActions, describe_error: Callable[[BaseException], str],
                 lang: str = "fr", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Journal du coffre"))
        self.resize(1000, 600)
        self._actions, self._describe_error, self.lang = actions, describe_error, lang
        self.model = JournalModel(lang, self)
        self.dossier = self._combo("journalDossier", self.tr("Filtrer par dossier"))
        self.constat = self._combo("journalConstat", self.tr("Filtrer par constat"))
        self.text = QLineEdit()
        self.text.setObjectName("journalText")
        self.text.setPlaceholderText(self.tr("Rechercher dans le journal…"))
        self.text.setAccessibleName(self.tr("Recherche dans le journal"))
        self.table = self._table()
        self.count = QLabel()
        self.count.setAccessibleName(self.tr("Nombre d'entrées affichées"))
        self.outcome = QLabel(self.tr("Chaîne non vérifiée."))
        self.outcome.setObjectName("journalResult")
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome.setAccessibleName(self.tr("Résultat de la vérification"))
        self.verify_button = self._button(self.tr("&Vérifier la chaîne"),
                                          self.tr("Vérifier la chaîne du journal"), self.verify)
        self.reload_button = self._button(self.tr("&Actualiser"),
                                          self.tr("Relire le journal"), self.reload)
        close = self._button(self.tr("&Fermer"), self.tr("Fermer le journal"), self.reject)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.reload)
        self._lay_out(close)
        self.dossier.currentIndexChanged.connect(lambda _i: self._dossier_changed())
        self.constat.currentIndexChanged.connect(lambda _i: self._refilter())
        self.text.textChanged.connect(lambda _t: self._refilter())
        self._checking = False

    # -- building ----------------------------------------------------------------------
    def _combo(self, name: str, accessible: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.setMinimumContentsLength(24)
        return combo

    def _button(self, text: str, accessible: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(accessible)
        button.clicked.connect(slot)
        return button

    def _table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("journalTable")
        table.setAccessibleName(self.tr("Entrées du journal"))
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        # Fixed heights and widths: measuring every row's contents would read them all.
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((60, 150, 140, 230, 200)):
            table.setColumnWidth(column, width)
        return table

    def _lay_out(self, close: QPushButton) -> None:
        filters = QHBoxLayout()
        for text, widget in ((self.tr("&Dossier"), self.dossier),
                             (self.tr("&Constat"), self.constat),
                             (self.tr("&Texte"), self.text)):
            label = QLabel(text)
            label.setBuddy(widget)  # Alt+letter reaches the filter
            filters.addWidget(label)
            filters.addWidget(widget, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.reload_button)
        buttons.addWidget(self.verify_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.outcome)
        layout.addLayout(buttons)

    # -- loading -----------------------------------------------------------------------
    def reload(self) -> None:
        self.count.setText(self.tr("Lecture du journal…"))
        self._actions.load(self.show_data, self._failed)

    def show_data(self, data: JournalData) -> None:
        self.model.set_data(data)
        self._fill_dossiers(data.dossiers)
        self._refilter()

    def _fill_dossiers(self, dossiers: Sequence[tuple[str, str]]) -> None:
        chosen = self.dossier.currentData()
        self.dossier.blockSignals(True)
        self.dossier.clear()
        self.dossier.addItem(self.tr("Tous les dossiers"), None)
        for dossier_id, title in dossiers:
            self.dossier.addItem(title, dossier_id)
        self.dossier.setCurrentIndex(max(0, self.dossier.findData(chosen)))
        self.dossier.blockSignals(False)
        self._fill_constats()

    def _fill_constats(self) -> None:
        dossier_id, chosen = self.dossier.currentData(), self.constat.currentData()
        self.constat.blockSignals(True)
        self.constat.clear()
        self.constat.addItem(self.tr("Tous les constats"), None)
        for constat_id, of_dossier, label in self.model.data_.constats:
            if dossier_id is None or of_dossier == dossier_id:
                self.constat.addItem(label, constat_id)
        self.constat.setCurrentIndex(max(0, self.constat.findData(chosen)))
        self.constat.blockSignals(False)

    def _dossier_changed(self) -> None:
        self._fill_constats()
        self._refilter()

    # -- filtering ---------------------------------------------------------------------
    def choose_constat(self, constat_id: str | None) -> None:
        self.constat.setCurrentIndex(max(0, self.constat.findData(constat_id)))

    def choose_dossier(self, dossier_id: str | None) -> None:
        self.dossier.setCurrentIndex(max(0, self.dossier.findData(dossier_id)))

    def _scope(self) -> set[str] | None:
        constat_id, dossier_id = self.constat.currentData(), self.dossier.currentData()
        if constat_id is not None:
            return {constat_id}
        if dossier_id is not None:  # the dossier itself and every constat made in it
            return {dossier_id} | {c for c, d, _l in self.model.data_.constats if d == dossier_id}
        return None

    def _refilter(self) -> None:
        self.model.apply_filter(self._scope(), self.text.text())
        self.count.setText(self.tr("{shown} entrée(s) affichée(s) sur {total}").format(
            shown=self.model.rowCount(), total=len(self.model.data_.entries)))

    # -- the chain ---------------------------------------------------------------------
    def verify(self) -> None:
        if self._checking:
            return
        self._checking = True
        self.verify_button.setEnabled(False)
        self.outcome.setText(self.tr("Vérification de la chaîne…"))
        self._actions.verify(self.show_check, self._failed)

    def show_check(self, check: Any) -> None:
        self._checking = False
        self.verify_button.setEnabled(True)
        if check.ok:
            self.model.mark_damaged({})
            self._say(self.tr("Journal intègre : {n} entrées").format(n=check.entries), True)
            return
        lines = [journal_words.damage_line(d, self.lang) for d in check.damages]
        self.model.mark_damaged(_damaged_seqs(check.damages, lines))
        self._say(self.tr("Journal ALTÉRÉ : {n} atteinte(s) sur {total} entrées").format(
            n=len(lines), total=check.entries) + "\n" + "\n".join(f"✗ {x}" for x in lines),
            False)

    def _say(self, text: str, good: bool) -> None:
        colour = "#1b7f2a" if good else "#b3261e"
        self.outcome.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.outcome.setText(text)

    def _failed(self, error: BaseException) -> None:
        self._checking = False
        self.verify_button.setEnabled(True)
        self.count.setText("")
        self._say(self.tr("Échec : ") + self._describe_error(error), False)


def _damaged_seqs(damages: Sequence[Any], lines: Sequence[str]) -> dict[int, str]:
    marked: dict[int, str] = {}
    for damage, line in zip(damages, lines, strict=True):
        subject = str(damage.subject)
        if subject.startswith("seq ") and subject[4:].isdigit():
            marked[int(subject[4:])] = line
    return marked
