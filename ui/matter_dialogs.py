"""Dialogs of the navigator: a new dossier, a new constat, and the warnings of the
environment report that the officer must acknowledge one by one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class DossierAnswers:
    title: str
    requester: str
    deadline: str | None  # ISO 8601 with the workstation's offset


class NewDossierDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Nouveau dossier"))
        self.title = QLineEdit()
        self.title.setAccessibleName(self.tr("Intitulé du dossier"))
        self.requester = QPlainTextEdit()
        self.requester.setAccessibleName(self.tr("Requérant"))
        self.requester.setPlaceholderText(self.tr(
            "Identité complète du requérant (art. 648 CPC) : nom, forme, siège, "
            "représentant…"))
        self.requester.setFixedHeight(70)
        self.has_deadline = QCheckBox(self.tr("Échéance"))
        self.has_deadline.setAccessibleName(self.tr("Le dossier a une échéance"))
        self.deadline = QDateTimeEdit(QDateTime.currentDateTime().addDays(7))
        self.deadline.setAccessibleName(self.tr("Date et heure d'échéance"))
        self.deadline.setCalendarPopup(True)
        self.deadline.setEnabled(False)
        self.has_deadline.toggled.connect(self.deadline.setEnabled)
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setStyleSheet("color:#b00020")
        form = QFormLayout()
        form.addRow(self.tr("Intitulé :"), self.title)
        form.addRow(self.tr("Requérant :"), self.requester)
        form.addRow(self.has_deadline, self.deadline)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        if not self.title.text().strip():
            self.error.setText(self.tr("Donnez un intitulé au dossier."))
            return
        self.accept()

    def answers(self) -> DossierAnswers:
        deadline = None
        if self.has_deadline.isChecked():
            deadline = self.deadline.dateTime().toString(Qt.DateFormat.ISODate)
        return DossierAnswers(self.title.text().strip(),
                              self.requester.toPlainText().strip(), deadline)


class NewConstatDialog(QDialog):
    def __init__(self, dossier_title: str, requester: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Nouveau constat"))
        self.mission = QPlainTextEdit()
        self.mission.setAccessibleName(self.tr("Mission"))
        self.mission.setPlaceholderText(self.tr("Ce qui doit être constaté…"))
        self.error = QLabel()
        self.error.setStyleSheet("color:#b00020")
        form = QFormLayout()
        form.addRow(self.tr("Dossier :"), QLabel(dossier_title))
        form.addRow(self.tr("Requérant :"), QLabel(requester or "—"))
        form.addRow(self.tr("Mission :"), self.mission)
        note = QLabel(self.tr("À l'ouverture, l'environnement du poste est relevé (NF Z67-147) "
                              "et ses avertissements vous seront présentés."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        if not self.mission.toPlainText().strip():
            self.error.setText(self.tr("Décrivez la mission."))
            return
        self.accept()


class WarningsDialog(QDialog):
    """Each warning of the report, to be ticked as read; OK only once all are."""

    def __init__(self, warnings: Sequence[tuple[str, str]], parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Relevé d'environnement : avertissements"))
        intro = QLabel(self.tr("Le relevé de l'environnement signale ce qui suit. Cochez chaque "
                               "point pour attester que vous en avez pris connaissance ; votre "
                               "attestation est consignée au journal."))
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        self.boxes: list[tuple[str, str, QCheckBox]] = []
        for key, wording in warnings:
            box = QCheckBox(wording)
            box.setAccessibleName(wording)
            box.toggled.connect(lambda _c: self._refresh())
            self.boxes.append((key, wording, box))
            layout.addWidget(box)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        layout.addWidget(self.buttons)
        self._refresh()

    def _refresh(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(all(box.isChecked() for _k, _w, box in self.boxes))

    def reject(self) -> None:  # noqa: D102 - Escape does not dismiss unread warnings
        if all(box.isChecked() for _k, _w, box in self.boxes):
            super().reject()

    def acknowledged(self) -> tuple[tuple[str, str], ...]:
        return tuple((k, w) for k, w, box in self.boxes if box.isChecked())
