"""First-run wizard: a new vault (the officer's identity, the first key, the recovery code
shown once), or the étude's vault restored from its remote store on a new workstation.

The widgets only collect answers and show results; creating the vault runs in
the core (``on_create`` callback, on a worker thread) exactly as ``probant init``; the
restore as ``probant remote add`` then ``probant restore`` (ui/first_run_restore.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

if TYPE_CHECKING:
    from ui.first_run_restore import RestorePage

START, IDENTITY, KEY, RECOVERY, RESTORE = range(5)


class StartPage(QWizardPage):
    """A new étude's first workstation, or one more (or a replaced) workstation of an étude
    whose vault is on its remote store."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Ce poste"))
        self.setSubTitle(self.tr("Aucun coffre n'existe encore sur ce poste."))
        self.new_vault = QRadioButton(self.tr("Créer le coffre de l'étude (premier poste)"))
        self.new_vault.setObjectName("startCreate")
        self.new_vault.setAccessibleName(self.new_vault.text())
        self.new_vault.setChecked(True)
        self.from_store = QRadioButton(self.tr(
            "Restaurer le coffre de l'étude depuis son stockage distant (nouveau poste, poste "
            "remplacé, poste d'un collaborateur)"))
        self.from_store.setObjectName("startRestore")
        self.from_store.setAccessibleName(self.from_store.text())
        layout = QVBoxLayout(self)
        layout.addWidget(self.new_vault)
        layout.addWidget(self.from_store)

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        return RESTORE if self.from_store.isChecked() else IDENTITY


@dataclass(frozen=True)
class OfficerAnswers:
    name: str
    office: str
    address: str


class IdentityPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("L'officier"))
        self.setSubTitle(self.tr("Ces mentions figureront dans chaque procès-verbal "
                                 "(art. 648 CPC)."))
        self.name = QLineEdit()
        self.name.setObjectName("officerName")
        self.name.setPlaceholderText(self.tr("Maître Prénom NOM"))
        self.office = QLineEdit()
        self.office.setObjectName("officerOffice")
        self.address = QLineEdit()
        self.address.setObjectName("officerAddress")
        form = QFormLayout(self)
        form.addRow(self.tr("Nom :"), self.name)
        form.addRow(self.tr("Étude :"), self.office)
        form.addRow(self.tr("Adresse :"), self.address)
        self.registerField("name*", self.name)


class KeyPage(QWizardPage):
    """Enrolls the key: the PIN and the touch are asked by the handler while this runs."""

    def __init__(self, start: Callable[[OfficerAnswers], None]) -> None:
        super().__init__()
        self._start = start
        self._done = False
        self.setTitle(self.tr("Votre clé de sécurité"))
        self.setSubTitle(self.tr("Branchez votre clé FIDO2 (YubiKey), puis cliquez sur "
                                 "« Enrôler ». Vous saisirez son PIN et la toucherez."))
        self.status = QLabel(self.tr("Clé non enrôlée."))
        self.status.setObjectName("enrollStatus")
        self.status.setWordWrap(True)
        self.button = QPushButton(self.tr("Enrôler la clé et créer le coffre"))
        self.button.setObjectName("enrollButton")
        self.button.clicked.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.button)
        layout.addWidget(self.status)

    def _clicked(self) -> None:
        self.button.setEnabled(False)
        self.status.setText(self.tr("Saisissez le PIN, puis touchez votre clé…"))
        wizard = self.wizard()
        self._start(OfficerAnswers(wizard.field("name").strip(),
                                   self.page_field("officerOffice"),
                                   self.page_field("officerAddress")))

    def page_field(self, name: str) -> str:
        widget = self.wizard().findChild(QLineEdit, name)
        return widget.text().strip() if widget is not None else ""

    def created(self) -> None:
        self._done = True
        self.status.setText(self.tr("Coffre créé, clé enrôlée."))
        self.completeChanged.emit()

    def failed(self, message: str) -> None:
        self.button.setEnabled(True)
        self.status.setText(message)

    def isComplete(self) -> bool:
        return self._done


class RecoveryPage(QWizardPage):
    """Shows the recovery code once; the officer retypes its last group to confirm."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Code de récupération"))
        self.setSubTitle(self.tr("Il ouvre le coffre si la clé est perdue. Notez-le et gardez-le "
                                 "hors ligne : il ne sera plus jamais affiché."))
        self.code = QLabel()
        self.code.setObjectName("recoveryCode")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code.setStyleSheet("font: bold 18px monospace; padding: 12px")
        self.confirm = QLineEdit()
        self.confirm.setObjectName("recoveryConfirm")
        self.confirm.textChanged.connect(lambda _: self.completeChanged.emit())
        layout = QVBoxLayout(self)
        layout.addWidget(self.code)
        layout.addWidget(QLabel(self.tr("Recopiez le dernier groupe pour confirmer :")))
        layout.addWidget(self.confirm)

    def show_code(self, code: str) -> None:
        self.code.setText(code)

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        return -1  # the last page of a new vault (the restore page comes after it by id)

    def isComplete(self) -> bool:
        code = self.code.text()
        return bool(code) and self.confirm.text().strip().upper() == code.split("-")[-1]


class FirstRunWizard(QWizard):
    def __init__(self, start: Callable[[OfficerAnswers], None],
                 restore: RestorePage | None = None) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("Probant — premier démarrage"))
        self.begin = StartPage()
        self.identity = IdentityPage()
        self.key = KeyPage(start)
        self.recovery = RecoveryPage()
        self.restore = restore
        pages: list[tuple[int, QWizardPage]] = [(START, self.begin), (IDENTITY, self.identity),
                                                (KEY, self.key), (RECOVERY, self.recovery)]
        if restore is not None:
            pages.append((RESTORE, restore))
        else:
            self.begin.from_store.setEnabled(False)
        for page_id, page in pages:
            self.setPage(page_id, page)

    def vault_created(self, recovery_code: str) -> None:
        self.recovery.show_code(recovery_code)
        self.key.created()
