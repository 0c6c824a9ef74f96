"""The étude's users: list (role, active, keys, étude), add a collaborateur (or another
commissaire) with their own FIDO2 key, enroll a further key for one, deactivate one, and
correct the étude's name and address (the PV prints them). Each action runs off the UI
thread; the core's rules and refusals come back in French."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
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

from ui.worker import run_task

Rows = Sequence[Any]  # app.services.users.UserRow


class UsersDialog(QDialog):
    def __init__(self, rows: Rows, add: Callable[[str, str, str], Rows],
                 enroll: Callable[[str, str], Rows], deactivate: Callable[[str], Rows],
                 describe: Callable[[BaseException], str], parent: QWidget | None = None,
                 confirm: Callable[[str], bool] | None = None,
                 set_office: Callable[[str, str], Rows] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Utilisateurs de l'étude"))
        self.resize(720, 420)
        self._add, self._enroll, self._deactivate = add, enroll, deactivate
        self._describe = describe
        self._set_office = set_office
        self.office_form: OfficeForm | None = None
        self._confirm = confirm or self._ask
        self.busy = False
        self.rows: list[Any] = []
        self.table = QTableWidget(0, 5)
        self.table.setAccessibleName(self.tr("Utilisateurs"))
        self.table.setHorizontalHeaderLabels([self.tr("Nom"), self.tr("Rôle"),
                                              self.tr("Actif"), self.tr("Clés"),
                                              self.tr("Étude")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Nom du nouvel utilisateur"))
        self.role = QComboBox()
        self.role.setAccessibleName(self.tr("Rôle du nouvel utilisateur"))
        self.role.addItem(self.tr("Collaborateur"), "collaborateur")
        self.role.addItem(self.tr("Commissaire de justice"), "commissaire")
        self.label = QLineEdit(self.tr("Clé FIDO2"))
        self.label.setAccessibleName(self.tr("Nom de la clé à enrôler"))
        self.add_button = QPushButton(self.tr("Ajouter et enrôler sa clé"))
        self.add_button.setAccessibleName(self.tr("Ajouter l'utilisateur et enrôler sa clé"))
        self.enroll_button = QPushButton(self.tr("Enrôler une clé pour l'utilisateur choisi"))
        self.enroll_button.setAccessibleName(self.enroll_button.text())
        self.deactivate_button = QPushButton(self.tr("Désactiver l'utilisateur choisi"))
        self.deactivate_button.setAccessibleName(self.deactivate_button.text())
        self.office_button = QPushButton(self.tr("Modifier l'étude…"))
        self.office_button.setAccessibleName(self.tr("Modifier le nom et l'adresse de l'étude"))
        self.office_button.setEnabled(set_office is not None)
        self.status = QLabel()
        self.status.setObjectName("usersStatus")
        self.status.setWordWrap(True)
        self.add_button.clicked.connect(self.add)
        self.enroll_button.clicked.connect(self.enroll)
        self.deactivate_button.clicked.connect(self.deactivate)
        self.office_button.clicked.connect(self.edit_office)
        form = QFormLayout()
        form.addRow(self.tr("Nom :"), self.name)
        form.addRow(self.tr("Rôle :"), self.role)
        form.addRow(self.tr("Clé :"), self.label)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.enroll_button, self.deactivate_button,
                  self.office_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(QLabel(self.tr("Branchez la clé du nouvel utilisateur avant "
                                        "d'enrôler : son PIN lui sera demandé.")))
        layout.addWidget(self.status)
        self.show_rows(rows)

    def show_rows(self, rows: Rows) -> None:
        self.rows = list(rows)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            user = row.user
            role = (self.tr("commissaire de justice") if user.role == "commissaire"
                    else self.tr("collaborateur"))
            values = (user.name, role, self.tr("oui") if user.active else self.tr("non"),
                      str(row.keys), user.office)
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 4:
                    item.setToolTip(user.address)
                self.table.setItem(r, c, item)

    def _chosen(self) -> Any:
        r = self.table.currentRow()
        return self.rows[r].user if 0 <= r < len(self.rows) else None

    def add(self) -> None:
        name, role, label = self.name.text().strip(), str(self.role.currentData()), \
            self.label.text().strip()
        if not name:
            self.status.setText(self.tr("Donnez le nom du nouvel utilisateur."))
            return
        self._run(lambda: self._add(name, role, label), self.tr(
            "Enrôlement de la clé de {name} : PIN puis contact de sa clé…").format(name=name),
            self.tr("{name} ajouté(e), sa clé est enrôlée.").format(name=name))

    def enroll(self) -> None:
        user = self._chosen()
        if user is None:
            self.status.setText(self.tr("Choisissez un utilisateur dans la liste."))
            return
        label = self.label.text().strip()
        self._run(lambda: self._enroll(user.id, label), self.tr(
            "Enrôlement d'une clé pour {name}…").format(name=user.name),
            self.tr("Clé enrôlée pour {name}.").format(name=user.name))

    def deactivate(self) -> None:
        user = self._chosen()
        if user is None:
            self.status.setText(self.tr("Choisissez un utilisateur dans la liste."))
            return
        if not self._confirm(self.tr("Désactiver {name} ? Ses clés n'ouvriront plus le "
                                     "coffre ; ses actions restent au journal.").format(
                                         name=user.name)):
            return
        self._run(lambda: self._deactivate(user.id), self.tr("Désactivation…"),
                  self.tr("{name} est désactivé(e).").format(name=user.name))

    def edit_office(self) -> None:
        """The form, filled with the étude of the user who unlocked the vault; on OK the
        étude changes for them and for the users of the same étude (the core's rule)."""
        change = self._set_office
        if change is None or self.busy:
            return
        me = next((row.user for row in self.rows if getattr(row, "me", False)), None)
        form = OfficeForm(me.office if me else "", me.address if me else "", self)
        self.office_form = form

        def accepted() -> None:
            office, address = form.values()
            self._run(lambda: change(office, address), self.tr("Modification de l'étude…"),
                      self.tr("Étude modifiée : {office}, {address}.").format(
                          office=office, address=address))
        form.accepted.connect(accepted)
        form.open()

    def _run(self, work: Callable[[], Rows], waiting: str, done: str) -> None:
        if self.busy:
            return
        self.busy = True
        self.status.setText(waiting)

        def finished(rows: Any) -> None:
            self.busy = False
            self.show_rows(rows)
            self.status.setText(done)

        def failed(error: BaseException) -> None:
            self.busy = False
            self.status.setText(self.tr("Refusé : ") + self._describe(error))
        run_task(work, finished, failed)

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, self.tr("Probant"), question)
        return answer == QMessageBox.StandardButton.Yes


class OfficeForm(QDialog):
    """The étude's name and address, both required (the PV prints them: art. 648 CPC)."""

    def __init__(self, office: str, address: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Modifier l'étude"))
        self.office = QLineEdit(office)
        self.office.setAccessibleName(self.tr("Nom de l'étude"))
        self.address = QLineEdit(address)
        self.address.setAccessibleName(self.tr("Adresse de l'étude"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Étude :"), self.office)
        form.addRow(self.tr("Adresse :"), self.address)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Le procès-verbal imprime le nom et l'adresse de "
                                        "l'étude. Les utilisateurs de la même étude suivent "
                                        "la modification, consignée au journal.")))
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    def values(self) -> tuple[str, str]:
        return self.office.text().strip(), self.address.text().strip()

    def accept(self) -> None:
        office, address = self.values()
        if not office or not address:
            self.status.setText(self.tr("Donnez le nom et l'adresse de l'étude."))
            return
        super().accept()
