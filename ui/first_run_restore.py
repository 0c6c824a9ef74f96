"""The first-run wizard's restore page: the étude's remote store declared, then its vault
rebuilt on this workstation (a copy: « Synchronisation » brings it up to date, or makes it
the origin when the first workstation is lost).

The page shows what it is given and calls back; the desktop defines the store and runs the
restore (app/desktop/shell.py, the services the CLI calls)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QVBoxLayout, QWizardPage


class RestorePage(QWizardPage):
    def __init__(self, define: Callable[[], None], restore: Callable[[], None]) -> None:
        super().__init__()
        self._done = False
        self.remote = ""
        self.setTitle(self.tr("Restaurer le coffre de l'étude"))
        self.setSubTitle(self.tr(
            "Déclarez le stockage distant de l'étude (S3 ou dossier partagé), puis restaurez. "
            "Le coffre s'ouvrira ensuite avec votre clé enrôlée ou le code de récupération."))
        self.define_button = QPushButton(self.tr("&Déclarer le stockage…"))
        self.define_button.setObjectName("restoreDefine")
        self.define_button.setAccessibleName(self.tr("Déclarer le stockage distant de l'étude"))
        self.define_button.clicked.connect(define)
        self.where = QLabel(self.tr("Aucun stockage déclaré."))
        self.where.setObjectName("restoreRemote")
        self.where.setWordWrap(True)
        self.restore_button = QPushButton(self.tr("&Restaurer le coffre"))
        self.restore_button.setObjectName("restoreRun")
        self.restore_button.setAccessibleName(self.tr("Restaurer le coffre depuis ce stockage"))
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self._restore_clicked)
        self._restore = restore
        self.bar = QProgressBar()
        self.bar.setAccessibleName(self.tr("Progression de la restauration"))
        self.bar.setRange(0, 1000)
        self.bar.hide()
        self.status = QLabel()
        self.status.setObjectName("restoreStatus")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        for widget in (self.define_button, self.where, self.restore_button, self.bar,
                       self.status):
            layout.addWidget(widget)
        layout.addStretch(1)

    def show_remote(self, name: str, where: str) -> None:
        self.remote = name
        self.where.setText(self.tr("Stockage « {name} » : {where}").format(name=name,
                                                                          where=where))
        self.restore_button.setEnabled(not self._done)

    def _restore_clicked(self) -> None:
        self.restore_button.setEnabled(False)
        self.define_button.setEnabled(False)
        self.status.setText(self.tr("Restauration en cours…"))
        self._restore()

    def show_progress(self, done: int, total: int) -> None:
        self.bar.show()
        self.bar.setValue(1000 if total <= 0 else min(1000, done * 1000 // total))

    def restored(self, blobs: int, journal_seq: int) -> None:
        self._done = True
        self.bar.setValue(1000)
        self.status.setText(self.tr(
            "Coffre restauré ({blobs} fichier(s), journal {seq}). Cliquez sur « Terminer », "
            "puis déverrouillez-le avec votre clé.").format(blobs=blobs, seq=journal_seq))
        self.completeChanged.emit()

    def failed(self, message: str) -> None:
        self.bar.hide()
        self.define_button.setEnabled(True)
        self.restore_button.setEnabled(bool(self.remote))
        self.status.setText(message)

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self._done

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        return -1
