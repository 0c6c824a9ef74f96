"""Dialogs of the navigator: a new dossier, a new constat, and the warnings of the
environment report that the officer must acknowledge one by one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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

from ui.requester_form import RequesterForm


@dataclass(frozen=True)
class DossierAnswers:
    title: str
    requester: str
    deadline: str | None  # ISO 8601 with the workstation's offset
    reference: str = ""  # the étude's own file number


class NewDossierDialog(QDialog):
    """A new dossier, or (``dossier`` given) the dossier's edit, fields filled in."""

    def __init__(self, parent: QWidget | None = None, dossier: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Nouveau dossier") if dossier is None
                            else self.tr("Modifier le dossier"))
        self.title = QLineEdit()
        self.title.setAccessibleName(self.tr("Intitulé du dossier"))
        self.requester = RequesterForm()
        self.has_deadline = QCheckBox(self.tr("Échéance"))
        self.has_deadline.setAccessibleName(self.tr("Le dossier a une échéance"))
        self.deadline = QDateTimeEdit(QDateTime.currentDateTime().addDays(7))
        self.deadline.setAccessibleName(self.tr("Date et heure d'échéance"))
        self.deadline.setCalendarPopup(True)
        self.deadline.setEnabled(False)
        self.has_deadline.toggled.connect(self.deadline.setEnabled)
        self.reference = QLineEdit()
        self.reference.setAccessibleName(self.tr("Référence du dossier à l'étude"))
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setStyleSheet("color:#b00020")
        if dossier is not None:
            self._fill(dossier)
        form = QFormLayout()
        form.addRow(self.tr("Intitulé :"), self.title)
        form.addRow(self.tr("Référence :"), self.reference)
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

    def _fill(self, dossier: Any) -> None:
        self.title.setText(dossier.title)
        self.requester.set_text(dossier.requester)
        self.reference.setText(getattr(dossier, "reference", ""))
        if dossier.deadline:
            self.has_deadline.setChecked(True)
            self.deadline.setDateTime(QDateTime.fromString(dossier.deadline[:19],
                                                           Qt.DateFormat.ISODate))

    def _accept(self) -> None:
        if not self.title.text().strip():
            self.error.setText(self.tr("Donnez un intitulé au dossier."))
            return
        missing = self.requester.missing()
        if missing:  # the PV must name the requester fully (art. 648 CPC)
            self.error.setText(self.tr("Identité du requérant incomplète (art. 648 CPC) : "
                                       "{fields}.").format(fields=", ".join(missing)))
            return
        self.accept()

    def answers(self) -> DossierAnswers:
        deadline = None
        if self.has_deadline.isChecked():
            deadline = self.deadline.dateTime().toString(Qt.DateFormat.ISODate)
        return DossierAnswers(self.title.text().strip(),
                              self.requester.text(), deadline,
                              self.reference.text().strip())


class NewConstatDialog(QDialog):
    def __init__(self, dossier_title: str, requester: str, workstation: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Nouveau constat"))
        self.place = QComboBox()
        self.place.setEditable(True)
        self.place.setAccessibleName(self.tr("Lieu des opérations"))
        self.place.addItem(self.tr("Poste de travail de l'étude") + (
            f", {workstation}" if workstation else ""))
        line = self.place.lineEdit()
        if line is not None:  # the text field inside: a screen reader reads it by this name
            line.setPlaceholderText(self.tr("ou l'adresse du lieu du constat"))
            line.setAccessibleName(self.tr("Lieu des opérations"))
        self.mission = QPlainTextEdit()
        self.mission.setAccessibleName(self.tr("Mission"))
        self.mission.setPlaceholderText(self.tr("Ce qui doit être constaté…"))
        self.error = QLabel()
        self.error.setStyleSheet("color:#b00020")
        form = QFormLayout()
        form.addRow(self.tr("Dossier :"), QLabel(dossier_title))
        form.addRow(self.tr("Requérant :"), QLabel(requester or "—"))
        form.addRow(self.tr("Mission :"), self.mission)
        form.addRow(self.tr("Lieu des opérations :"), self.place)
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
        if not self.place.currentText().strip():
            self.error.setText(self.tr("Indiquez le lieu des opérations."))
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


class NarrativeDialog(QDialog):
    """The officer's narrative of the constat (« narration »), printed in the PV; each
    save is a new version, journaled."""

    def __init__(self, text: str, editable: bool, reason: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Narration du constat"))
        self.resize(640, 420)
        self.text = QPlainTextEdit(text)
        self.text.setAccessibleName(self.tr("Narration du constat"))
        self.text.setReadOnly(not editable)
        note = QLabel(self.tr("Ce texte figure au procès-verbal ; chaque enregistrement est "
                              "une nouvelle version, consignée au journal.") if editable
                      else reason)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(editable)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
