"""The constat's evidence list as a model and a view: a row's cells are made only when
they are painted, so a constat of 10 000 items shows its first rows at once and the
window is never held while the list fills."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from signing.legal_time import french_time

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Cell:
    """What ``EvidenceTable.item`` returns: a cell's text, as a person reads it."""

    value: str

    def text(self) -> str:
        return self.value


class EvidenceModel(QAbstractTableModel):
    def __init__(self, headers: Sequence[str], kind_word: Callable[[str], str],
                 stamped_words: tuple[str, str]) -> None:
        super().__init__()
        self.headers = list(headers)
        self.kind_word = kind_word
        self.stamped_words = stamped_words
        self.rows: list[tuple[Any, bool]] = []  # (EvidenceItem, timestamped)
        self.thumbnails: dict[str, QPixmap] = {}  # by evidence id, kept across refreshes
        self.asked: set[str] = set()
        self.want_thumbnail: Callable[[str], None] = lambda _id: None

    def reset(self, rows: Sequence[tuple[Any, bool]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def set_thumbnail(self, evidence_id: str, png: bytes) -> None:
        """A thumbnail arrived (loaded off the UI thread): the row repaints with it."""
        pixmap = QPixmap()
        if not png or not pixmap.loadFromData(png):
            return
        self.thumbnails[evidence_id] = pixmap
        for row, (item, _stamped) in enumerate(self.rows):
            if item.id == evidence_id:
                index = self.index(row, 1)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def text(self, row: int, column: int) -> str:
        item, stamped = self.rows[row]
        if column == 0:
            return str(item.annex_label)
        if column == 1:
            return self.kind_word(item.kind)
        if column == 2:
            return french_time(str(item.captured_at))
        if column == 3:
            return str(item.sha256)[:16] + "…"
        return self.stamped_words[0] if stamped else self.stamped_words[1]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3:
            return self.rows[index.row()][0].sha256
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 1:
            return self._thumbnail(self.rows[index.row()][0])
        return None

    def _thumbnail(self, item: Any) -> QPixmap | None:
        """Asked for only when the row is painted: a constat of 10 000 items loads the
        thumbnails of the rows on screen, not all of them."""
        if item.id in self.thumbnails:
            return self.thumbnails[item.id]
        if item.id not in self.asked and str(item.mime).startswith("image/"):
            self.asked.add(item.id)
            self.want_thumbnail(str(item.id))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None


class EvidenceTable(QTableView):
    selection_changed = Signal()

    def __init__(self, model: EvidenceModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.evidence_model = model
        self.setModel(model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(52)  # room for a 48 px thumbnail
        header = self.horizontalHeader()
        # Fixed widths: fitting columns to their contents would read every row.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((70, 190, 150, 150)):
            self.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        selection = self.selectionModel()
        selection.selectionChanged.connect(lambda *_: self.selection_changed.emit())

    # What tests and screen-reader scripts read, as on a table widget.
    def rowCount(self) -> int:  # noqa: N802
        return self.evidence_model.rowCount()

    def item(self, row: int, column: int) -> Cell:
        return Cell(self.evidence_model.text(row, column))

    def currentRow(self) -> int:  # noqa: N802
        return self.currentIndex().row()

    def selected(self) -> bool:
        return bool(self.selectionModel().selectedRows())
