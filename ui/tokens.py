"""Token management: the FIDO2 keys (and the recovery code) that open the vault.

Lists every key slot with its user, date and kind; enrolls another key (a spare
kept in the safe) and removes one, each action on a worker thread: the vault is
opened again with the officer's key (PIN and touch) for it. The core refuses to
remove the last way in; the message comes back in French.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.users import TokenRow
from signing.legal_time import french_time
from ui.worker import run_task


class TokenManager(QDialog):
    def __init__(self, rows: Sequence[TokenRow], enroll: Callable[[str], Sequence[TokenRow]],
                 remove: Callable[[str], Sequence[TokenRow]],
                 describe_error: Callable[[BaseException], str],
                 confirm: Callable[[str], bool] | None = None,
                 runner: Callable[..., None] = run_task, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Clés d'accès au coffre"))
        self.resize(720, 360)
        self._enroll, self._remove, self._describe_error = enroll, remove, describe_error
        self._confirm = confirm or self._ask
        self._runner = runner
        self.busy = False
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Nom"), self.tr("Type"),
                                              self.tr("Utilisateur"), self.tr("Enrôlée le")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.label = QLineEdit()
        self.label.setPlaceholderText(self.tr("Nom de la nouvelle clé (ex. : clé de secours)"))
        self.enroll_button = QPushButton(self.tr("Enrôler une nouvelle clé"))
        self.enroll_button.clicked.connect(self.enroll)
        self.remove_button = QPushButton(self.tr("Retirer la clé sélectionnée"))
        self.remove_button.clicked.connect(self.remove)
        self.status = QLabel(self.tr("Gardez une clé de secours au coffre-fort : sans clé ni "
                                     "code de récupération, le coffre ne s'ouvre plus."))
        self.status.setObjectName("tokenStatus")
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.label, 1)
        row.addWidget(self.enroll_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.remove_button)
        layout.addWidget(self.status)
        self.show_rows(rows)

    def show_rows(self, rows: Sequence[TokenRow]) -> None:
        self.rows = list(rows)
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            kind = self.tr("Code de récupération") if r.kind == "recovery" else (
                self.tr("Clé FIDO2 (simulée)") if r.simulated else self.tr("Clé FIDO2"))
            for j, text in enumerate((r.label, kind, r.user, french_time(r.created_at, seconds=False))):
                self.table.setItem(i, j, QTableWidgetItem(text))

    def enroll(self) -> None:
        label = self.label.text().strip()
        if not label:
            self.status.setText(self.tr("Donnez un nom à la nouvelle clé."))
            return
        self._start(self.tr("Touchez votre clé actuelle, puis la nouvelle clé…"),
                    lambda: self._enroll(label), self.tr("Clé « {label} » enrôlée.").format(
                        label=label))

    def remove(self) -> None:
        index = self.table.currentRow()
        if index < 0:
            self.status.setText(self.tr("Sélectionnez la clé à retirer."))
            return
        target = self.rows[index]
        if not self._confirm(self.tr("Retirer la clé « {label} » ? Elle n'ouvrira plus le "
                                     "coffre.").format(label=target.label)):
            return
        self._start(self.tr("Touchez votre clé pour confirmer…"),
                    lambda: self._remove(target.id),
                    self.tr("Clé « {label} » retirée.").format(label=target.label))

    def _start(self, waiting: str, work: Callable[[], Sequence[TokenRow]], done: str) -> None:
        self.busy = True
        self._set_enabled(False)
        self.status.setText(waiting)

        def finished(rows: Any) -> None:
            self.busy = False
            self._set_enabled(True)
            self.show_rows(rows)
            self.label.clear()
            self.status.setText(done)

        def failed(error: BaseException) -> None:
            self.busy = False
            self._set_enabled(True)
            self.status.setText(self.tr("Refusé : ") + self._describe_error(error))

        self._runner(work, finished, failed)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.enroll_button, self.remove_button, self.label, self.table):
            widget.setEnabled(enabled)

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, self.tr("Retirer une clé"), question)
        return answer == QMessageBox.StandardButton.Yes
