"""« Ajouter un stockage distant » (from the « Synchronisation » panel): an S3 object store
(the étude's provider: OVHcloud, Scaleway, AWS, its own MinIO) or a folder (NAS, external
disk). The form only gathers what the officer types; the checks, the keyring and the journal
are the service's (app/services/remotes.py), and their answer is shown here in French."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.remotes import S3Credentials
from evidence.sync.config import RemoteConfig

# What the panel runs when the form is accepted: (definition, credentials) → nothing; it
# answers later through ``show_refused`` or closes the dialog.
Define = Callable[[RemoteConfig, S3Credentials | None], None]


class RemoteDialog(QDialog):
    def __init__(self, define: Define, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Ajouter un stockage distant"))
        self.setMinimumWidth(560)
        self._define = define
        self.busy = False
        self.name = self._line(self.tr("Nom du stockage"), "etude-ovh")
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Type de stockage"))
        self.kind.addItem(self.tr("Stockage objet S3 (hébergeur)"), "s3")
        self.kind.addItem(self.tr("Dossier (NAS, disque externe)"), "folder")
        self.pages = QStackedWidget()
        self.kind.currentIndexChanged.connect(self.pages.setCurrentIndex)
        self.pages.addWidget(self._s3_page())
        self.pages.addWidget(self._folder_page())
        self.max_rate = QSpinBox()
        self.max_rate.setAccessibleName(self.tr("Débit maximal d'envoi en kilo-octets par "
                                                "seconde (0 : illimité)"))
        self.max_rate.setRange(0, 10_000_000)
        self.max_rate.setSuffix(self.tr(" ko/s"))
        self.max_rate.setSpecialValueText(self.tr("illimité"))
        top = QFormLayout()
        top.addRow(self.tr("&Nom :"), self.name)
        top.addRow(self.tr("&Type :"), self.kind)
        bottom = QFormLayout()
        bottom.addRow(self.tr("&Débit maximal :"), self.max_rate)
        self.status = QLabel()
        self.status.setObjectName("remoteFormStatus")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("&Ajouter"))
        ok.setAccessibleName(self.tr("Ajouter le stockage"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("A&nnuler"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages)
        layout.addLayout(bottom)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    def _line(self, accessible: str, placeholder: str = "") -> QLineEdit:
        line = QLineEdit()
        line.setAccessibleName(accessible)
        line.setPlaceholderText(placeholder)
        return line

    def _s3_page(self) -> QWidget:
        page = QWidget()
        self.endpoint = self._line(self.tr("Adresse du service S3"), "https://s3.gra.io.cloud.ovh.net")
        self.bucket = self._line(self.tr("Compartiment"), "etude-dupont-preuves")
        self.region = self._line(self.tr("Région"), "gra")
        self.prefix = self._line(self.tr("Préfixe des objets"))
        self.virtual_host = QCheckBox(self.tr("Adressage par nom d'hôte (sinon par chemin)"))
        self.virtual_host.setAccessibleName(self.virtual_host.text())
        self.retention = QSpinBox()
        self.retention.setRange(0, 36500)
        self.retention.setSuffix(self.tr(" jours"))
        self.retention.setSpecialValueText(self.tr("celle du compartiment"))
        self.retention.setAccessibleName(self.tr("Rétention Object Lock par objet, en jours"))
        self.key_id = self._line(self.tr("Identifiant de la clé d'accès"))
        self.secret = self._line(self.tr("Clé secrète"))
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        note = QLabel(self.tr("Les identifiants vont dans le trousseau du système, jamais dans "
                              "un fichier de Probant. Laissés vides : variables AWS_* ou "
                              "~/.aws."))
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&Adresse :"), self.endpoint)
        form.addRow(self.tr("&Compartiment :"), self.bucket)
        form.addRow(self.tr("&Région :"), self.region)
        form.addRow(self.tr("&Préfixe :"), self.prefix)
        form.addRow("", self.virtual_host)
        form.addRow(self.tr("Ré&tention :"), self.retention)
        form.addRow(self.tr("&Identifiant de clé :"), self.key_id)
        form.addRow(self.tr("Clé &secrète :"), self.secret)
        # below the form, not a row of it: a wrapped label in a form row gets one line's height
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addWidget(note)
        return page

    def _folder_page(self) -> QWidget:
        page = QWidget()
        self.folder = self._line(self.tr("Dossier du stockage"), "/media/nas/probant")
        browse = QPushButton(self.tr("&Parcourir…"))
        browse.setAccessibleName(self.tr("Choisir le dossier du stockage"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("&Dossier :"), row)
        return page

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Dossier du stockage distant"))
        if chosen:
            self.folder.setText(chosen)

    # -- what the form says --------------------------------------------------------------
    def definition(self) -> tuple[RemoteConfig, S3Credentials | None]:
        rate = self.max_rate.value() * 1000
        if self.kind.currentData() == "folder":
            return RemoteConfig(self.name.text(), "folder", path=self.folder.text(),
                                max_rate=rate), None
        remote = RemoteConfig(self.name.text(), "s3", endpoint=self.endpoint.text(),
                              bucket=self.bucket.text(), region=self.region.text(),
                              path_style=not self.virtual_host.isChecked(),
                              prefix=self.prefix.text(), retention_days=self.retention.value(),
                              max_rate=rate)
        given = self.key_id.text().strip() or self.secret.text()
        credentials = S3Credentials(self.key_id.text(), self.secret.text()) if given else None
        return remote, credentials

    def submit(self) -> None:
        if self.busy:
            return
        self.busy = True
        self.buttons.setEnabled(False)
        self.status.setText(self.tr("Enregistrement du stockage…"))
        remote, credentials = self.definition()
        self._define(remote, credentials)

    def show_refused(self, text: str) -> None:
        """The service refused (bad field, keyring): said, the form kept for a correction."""
        self.busy = False
        self.buttons.setEnabled(True)
        self.status.setText(text)

    def done_defining(self) -> None:
        self.busy = False
        self.secret.clear()  # not kept in the widget longer than needed
        self.accept()
