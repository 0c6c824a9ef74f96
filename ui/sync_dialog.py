"""« Synchronisation » (Outils menu): each remote store with what waits to be sent, the
last round that went through and the error since, a button to sync now and its progress;
a remote store is added (ui/remote_dialog.py) and tested from here. The widget shows what
it is given and calls back; the sync itself is the desktop's (app/desktop/sync_flow.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class SyncDialog(QDialog):
    def __init__(self, sync_now: Callable[[], None], parent: QWidget | None = None, *,
                 add: Callable[[], None] | None = None,
                 test: Callable[[str], None] | None = None,
                 pull: Callable[[], None] | None = None,
                 promote: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self._test = test
        self.setWindowTitle(self.tr("Synchronisation"))
        self.resize(760, 320)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("remotes")
        self.table.setAccessibleName(self.tr("Stockages distants"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Stockage"), self.tr("Emplacement"), self.tr("En attente"),
            self.tr("Dernier envoi"), self.tr("Erreur depuis")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.status = QLabel()
        self.status.setObjectName("syncStatus")
        self.status.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setAccessibleName(self.tr("Progression de l'envoi"))
        self.bar.setRange(0, 1000)
        self.bar.hide()
        self.sync_button = QPushButton(self.tr("&Synchroniser maintenant"))
        self.sync_button.setAccessibleName(self.tr("Synchroniser maintenant"))
        self.sync_button.clicked.connect(sync_now)
        self.add_button = QPushButton(self.tr("&Ajouter un stockage…"))
        self.add_button.setAccessibleName(self.tr("Ajouter un stockage distant"))
        self.add_button.setEnabled(add is not None)
        if add is not None:
            self.add_button.clicked.connect(add)
        self.test_button = QPushButton(self.tr("&Tester"))
        self.test_button.setAccessibleName(self.tr("Tester le stockage choisi"))
        self.test_button.setEnabled(False)
        self.test_button.clicked.connect(self._test_chosen)
        self.copy_note = QLabel()
        self.copy_note.setObjectName("copyState")
        self.copy_note.setWordWrap(True)
        self.pull_button = QPushButton(self.tr("&Mettre à jour depuis l'origine"))
        self.pull_button.setAccessibleName(self.tr(
            "Mettre à jour cette copie depuis le poste d'origine"))
        self.promote_button = QPushButton(self.tr("Faire de ce poste l'&origine…"))
        self.promote_button.setAccessibleName(self.tr(
            "Faire de ce poste le poste d'origine du coffre"))
        for button, act in ((self.pull_button, pull), (self.promote_button, promote)):
            if act is not None:
                button.clicked.connect(act)
        copy_buttons = QHBoxLayout()
        copy_buttons.addWidget(self.pull_button)
        copy_buttons.addWidget(self.promote_button)
        copy_buttons.addStretch(1)
        self.show_copy(None, 0, False)
        close = QPushButton(self.tr("&Fermer"))
        close.setAccessibleName(self.tr("Fermer"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        buttons.addWidget(self.sync_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.copy_note)
        layout.addLayout(copy_buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def _error_words(self, code: str) -> str:
        words = {"remote_unreachable": self.tr("injoignable"),
                 "remote_denied": self.tr("accès refusé"),
                 "remote_read_only": self.tr("en lecture seule"),
                 "remote_full": self.tr("plein"),
                 "cancelled": self.tr("interrompu")}
        return words.get(code, code)

    def show_rows(self, rows: Sequence[Any]) -> None:
        """``rows``: app.services.sync.RemoteRow."""
        self.table.setRowCount(len(rows))
        for n, row in enumerate(rows):
            cells = (row.name, row.where, str(row.pending),
                     row.last_synced or self.tr("jamais"),
                     self._error_words(row.last_error) if row.last_error else "")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(n, column, item)
        self.table.resizeColumnsToContents()
        if not rows:
            self.status.setText(self.tr("Aucun stockage distant n'est défini : « Ajouter un "
                                        "stockage… » en déclare un."))
        self.sync_button.setEnabled(bool(rows))

    def show_progress(self, done: int, total: int, objects_done: int = 0,
                      objects_total: int = 0) -> None:
        self.bar.show()
        self.bar.setValue(1000 if total <= 0 else min(1000, done * 1000 // total))
        # "%p" is QProgressBar's percentage; the objects come with it when they are counted
        self.bar.setFormat(self.tr("%p % — {done} / {total} éléments").format(
            done=objects_done, total=objects_total) if objects_total else "%p %")

    def show_status(self, text: str, running: bool) -> None:
        self.status.setText(text)
        for button in (self.sync_button, self.pull_button, self.promote_button):
            button.setEnabled(not running)
        if not running:
            self.bar.hide()

    # -- a restored copy ---------------------------------------------------------------------
    def show_copy(self, remote: str | None, base_seq: int, running: bool) -> None:
        """A copy restored from ``remote`` (None: this workstation is the origin): said,
        with its pull and its promotion."""
        for widget in (self.copy_note, self.pull_button, self.promote_button):
            widget.setVisible(remote is not None)
        if remote is None:
            return
        self.copy_note.setText(self.tr(
            "Ce poste est une copie restaurée depuis « {remote} » (journal du poste d'origine : "
            "{seq}). « Mettre à jour » reçoit le travail fait depuis sur le poste d'origine ; "
            "si ce poste-là est perdu ou retiré, faites de celui-ci le poste d'origine.").format(
            remote=remote, seq=base_seq))
        self.pull_button.setEnabled(not running)
        self.promote_button.setEnabled(not running)

    def confirm_promotion(self) -> bool:
        return self._ask(self.tr(
            "Faire de ce poste le poste d'origine du coffre ?\n\nÀ faire seulement si l'ancien "
            "poste d'origine est perdu ou retiré : il ne devra plus servir pour ce coffre (ses "
            "envois seront refusés). Votre PIN et un toucher de votre clé vous seront "
            "demandés ; la promotion est consignée au journal."))

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, self.tr("Poste d'origine"), question)
        return answer == QMessageBox.StandardButton.Yes

    # -- testing a remote ------------------------------------------------------------------
    def chosen(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        item = self.table.item(rows[0].row(), 0) if rows else None
        return item.text() if item is not None else None

    def _selection_changed(self) -> None:
        self.test_button.setEnabled(self._test is not None and self.chosen() is not None)

    def _test_chosen(self) -> None:
        name = self.chosen()
        if name is not None and self._test is not None:
            self._test(name)

    def show_test(self, name: str, caps: Any) -> None:
        """``caps``: evidence.sync.remote.Capabilities, its ``missing`` already in French."""
        if not caps.reachable:
            text = self.tr("« {name} » : injoignable.").format(name=name)
        else:
            lock = (self.tr("Object Lock {mode}, {days} j").format(
                        mode=caps.lock_mode, days=caps.retention_days) if caps.lock_mode
                    else self.tr("Object Lock actif") if caps.object_lock
                    else self.tr("sans Object Lock"))
            text = self.tr("« {name} » : joignable, écriture {write}, versionnage {versioning}, "
                           "{lock}.").format(
                name=name, write=self.tr("possible") if caps.writable else self.tr("refusée"),
                versioning=self.tr("actif") if caps.versioning else self.tr("absent"),
                lock=lock)
        if caps.missing:
            text += " " + self.tr("Manque : {what}.").format(what=" ; ".join(caps.missing))
        self.status.setText(text)
