"""Réglages: the preferences, the TSAs and the signing certificates, in the window.

Four tabs: « Général » (language, idle lock, timestamp after each capture, log level),
« Horodatage » (the TSAs in the order they are asked: add with a trust anchor, test,
remove), « Signature » (the officer's signing certificates: a PKCS#12 file or a
PKCS#11 token, with a trust anchor) and « Dossiers » (the default export folder).
Every action runs on a worker thread through the actions it is given; the core's
French message is shown on failure. The core keeps the TSA order it was given (no
reordering operation exists), so the list shows that order without move buttons.
A collaborateur sees the TSA and certificate lists read-only, with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.tsa_check import TsaProbe
from signing.legal_time import french_time
from ui.worker import run_task


@dataclass(frozen=True)
class Preferences:
    """The settings this dialog edits (the rest of the settings file is kept as is)."""

    language: str  # "fr" | "en"
    auto_lock_minutes: int
    stamp_after_capture: bool
    log_level: str  # DEBUG | INFO | WARNING | ERROR
    export_folder: str  # "" = the user's home folder


@dataclass(frozen=True)
class TsaForm:
    url: str
    name: str
    trust_file: Path
    policy: str  # "" when the TSA's policy is not imposed


@dataclass(frozen=True)
class SignerForm:
    kind: str  # "pkcs12" | "pkcs11"
    label: str
    trust_file: Path
    pkcs12_file: Path | None = None
    module: str = ""
    token_label: str = ""
    key_label: str = ""


Rows = Sequence[Any]  # evidence.timestamps.Authority / signing.pv.workflow.Signer, in order


@dataclass(frozen=True)
class SettingsActions:
    """What the dialog may do; each runs on the dialog's worker thread."""

    tsas: Callable[[], Rows]
    add_tsa: Callable[[TsaForm], Rows]
    remove_tsa: Callable[[str], Rows]
    test_tsa: Callable[[str], TsaProbe]
    signers: Callable[[], Rows]
    add_signer: Callable[[SignerForm], Rows]
    save: Callable[[Preferences], None]


W = TypeVar("W", bound=QWidget)


def _named(widget: W, name: str) -> W:
    widget.setAccessibleName(name)
    return widget


def _table(headers: Sequence[str], name: str) -> QTableWidget:
    table = _named(QTableWidget(0, len(headers)), name)
    table.setHorizontalHeaderLabels(list(headers))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)  # elided
    return table


def _seconds(ms: int) -> str:
    """Signed seconds, French decimal comma; never « -0,0 »."""
    return f"{round(ms / 1000, 1) + 0.0:+.1f}".replace(".", ",")


def _fill(table: QTableWidget, cells: Sequence[Sequence[str]]) -> None:
    table.setRowCount(len(cells))
    for i, row in enumerate(cells):
        for j, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)  # a long subject or URL is elided in its column
            table.setItem(i, j, item)


class SettingsDialog(QDialog):
    saved = Signal(object)  # Preferences, once written

    def __init__(self, preferences: Preferences, actions: SettingsActions,
                 describe_error: Callable[[BaseException], str], *,
                 editable_certificates: bool = True,
                 confirm: Callable[[str], bool] | None = None,
                 runner: Callable[..., None] = run_task, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Réglages"))
        self.resize(780, 560)
        self._actions, self._describe_error = actions, describe_error
        self._confirm = confirm or self._ask
        self._runner = runner
        self.editable = editable_certificates
        self.preferences = preferences
        self.busy = False
        self.tsa_rows: list[Any] = []
        self.signer_rows: list[Any] = []
        self.last_probe: TsaProbe | None = None
        self.tabs = _named(QTabWidget(), self.tr("Rubriques des réglages"))
        self.tabs.addTab(self._general_tab(), self.tr("Général"))
        self.tabs.addTab(self._tsa_tab(), self.tr("Horodatage"))
        self.tabs.addTab(self._signer_tab(), self.tr("Signature"))
        self.tabs.addTab(self._folders_tab(), self.tr("Dossiers"))
        self.status = _named(QLabel(), self.tr("État de l'opération"))
        self.status.setObjectName("settingsStatus")
        self.status.setWordWrap(True)
        self._build_buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._show_preferences(preferences)
        self._update_buttons()

    # -- building ------------------------------------------------------------------------
    def _general_tab(self) -> QWidget:
        self.language = _named(QComboBox(), self.tr("Langue de l'interface"))
        self.language.addItem(self.tr("Français"), "fr")
        self.language.addItem(self.tr("English"), "en")
        language_note = QLabel(self.tr("La langue s'applique au prochain démarrage de Probant."))
        language_note.setWordWrap(True)
        self.idle_lock = _named(QSpinBox(), self.tr("Verrouillage après inactivité, en minutes"))
        self.idle_lock.setRange(1, 240)
        self.idle_lock.setSuffix(self.tr(" min"))
        self.stamp_after = _named(QCheckBox(self.tr("Horodater après chaque capture")),
                                  self.tr("Horodater après chaque capture"))
        self.log_level = _named(QComboBox(), self.tr("Niveau du journal de l'application"))
        for label, level in ((self.tr("Détaillé (DEBUG)"), "DEBUG"),
                             (self.tr("Normal (INFO)"), "INFO"),
                             (self.tr("Avertissements (WARNING)"), "WARNING"),
                             (self.tr("Erreurs seulement (ERROR)"), "ERROR")):
            self.log_level.addItem(label, level)
        log_note = QLabel(self.tr("Le niveau du journal s'applique au prochain démarrage."))
        log_note.setWordWrap(True)
        page = QWidget()
        form = QFormLayout(page)
        form.addRow(self.tr("&Langue :"), self.language)
        form.addRow("", language_note)
        form.addRow(self.tr("&Verrouiller après :"), self.idle_lock)
        form.addRow("", self.stamp_after)
        form.addRow(self.tr("&Journal :"), self.log_level)
        form.addRow("", log_note)
        return page

    def _restricted_label(self) -> QLabel:
        label = _named(QLabel(self.tr("Réservé au commissaire de justice : vous pouvez "
                                      "consulter cette liste, pas la modifier.")),
                       self.tr("Réservé au commissaire de justice"))
        label.setObjectName("restrictedNotice")
        label.setStyleSheet("color:#8a4b00; font-weight:bold")
        label.setWordWrap(True)
        label.setVisible(not self.editable)
        return label

    def _file_field(self, edit_name: str, pick: Callable[[], None]) -> tuple[QLineEdit,
                                                                               QWidget]:
        edit = _named(QLineEdit(), edit_name)
        button = _named(QPushButton(self.tr("Choisir…")),
                        self.tr("Choisir le fichier : ") + edit_name)
        button.clicked.connect(pick)
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(edit, 1)
        box.addWidget(button)
        return edit, row

    def _tsa_tab(self) -> QWidget:
        self.tsa_restricted = self._restricted_label()
        self.tsa_table = _table([self.tr("Ordre"), self.tr("Nom"), self.tr("Adresse (URL)")],
                                self.tr("Autorités d'horodatage, dans l'ordre d'interrogation"))
        self.tsa_table.itemSelectionChanged.connect(self._update_buttons)
        order_note = QLabel(self.tr("Les autorités sont interrogées dans cet ordre, qui est "
                                    "celui de leur ajout."))
        order_note.setWordWrap(True)
        self.test_button = _named(QPushButton(self.tr("&Tester")),
                                  self.tr("Tester l'autorité sélectionnée"))
        self.test_button.clicked.connect(self.test_tsa)
        self.remove_tsa_button = _named(QPushButton(self.tr("&Retirer")),
                                        self.tr("Retirer l'autorité sélectionnée"))
        self.remove_tsa_button.clicked.connect(self.remove_tsa)
        row = QHBoxLayout()
        row.addWidget(order_note, 1)
        row.addWidget(self.test_button)
        row.addWidget(self.remove_tsa_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.tsa_restricted)
        layout.addWidget(self.tsa_table, 1)
        layout.addLayout(row)
        layout.addWidget(self._tsa_form())
        return page

    def _tsa_form(self) -> QGroupBox:
        self.tsa_url = _named(QLineEdit(), self.tr("Adresse (URL) de l'autorité"))
        self.tsa_url.setPlaceholderText("https://horodatage.exemple.fr/tsa")
        self.tsa_name = _named(QLineEdit(), self.tr("Nom de l'autorité"))
        self.tsa_name.setPlaceholderText(self.tr("facultatif : le nom d'hôte par défaut"))
        self.tsa_trust, trust_row = self._file_field(
            self.tr("Certificat de confiance de l'autorité"),
            lambda: self._pick(self.tsa_trust, self._cert_filter()))
        self.tsa_policy = _named(QLineEdit(), self.tr("Politique d'horodatage (OID)"))
        self.tsa_policy.setPlaceholderText(self.tr("facultatif, ex. : 1.2.250.1.86.2.1"))
        self.add_tsa_button = _named(QPushButton(self.tr("&Ajouter l'autorité")),
                                     self.tr("Ajouter l'autorité d'horodatage"))
        self.add_tsa_button.clicked.connect(self.add_tsa)
        self.tsa_group = QGroupBox(self.tr("Ajouter une autorité d'horodatage"))
        form = QFormLayout(self.tsa_group)
        form.addRow(self.tr("Adresse (URL) :"), self.tsa_url)
        form.addRow(self.tr("Nom :"), self.tsa_name)
        form.addRow(self.tr("Certificat de confiance (PEM/DER) :"), trust_row)
        form.addRow(self.tr("Politique (OID) :"), self.tsa_policy)
        form.addRow("", self.add_tsa_button)
        return self.tsa_group

    def _signer_tab(self) -> QWidget:
        self.signer_restricted = self._restricted_label()
        self.signer_table = _table([self.tr("Nom"), self.tr("Type"), self.tr("Valide jusqu'au"),
                                    self.tr("Titulaire")],
                                   self.tr("Certificats de signature"))
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.signer_restricted)
        layout.addWidget(self.signer_table, 1)
        layout.addWidget(self._signer_form())
        return page

    def _signer_form(self) -> QGroupBox:
        self.signer_kind = _named(QComboBox(), self.tr("Support du certificat"))
        self.signer_kind.addItem(self.tr("Fichier PKCS#12 (.p12, .pfx)"), "pkcs12")
        self.signer_kind.addItem(self.tr("Carte ou clé PKCS#11"), "pkcs11")
        self.signer_label = _named(QLineEdit(), self.tr("Nom du certificat"))
        self.signer_label.setPlaceholderText(self.tr("facultatif, ex. : certificat REAL"))
        self.signer_pages = QStackedWidget()
        self.signer_pages.addWidget(self._p12_page())
        self.signer_pages.addWidget(self._pkcs11_page())
        self.signer_kind.currentIndexChanged.connect(self.signer_pages.setCurrentIndex)
        self.signer_trust, trust_row = self._file_field(
            self.tr("Certificat de confiance du signataire"),
            lambda: self._pick(self.signer_trust, self._cert_filter()))
        note = QLabel(self.tr("Le mot de passe du fichier ou le code PIN de la carte est "
                              "demandé à l'ajout ; il n'est pas enregistré."))
        note.setWordWrap(True)
        self.add_signer_button = _named(QPushButton(self.tr("A&jouter le certificat")),
                                        self.tr("Ajouter le certificat de signature"))
        self.add_signer_button.clicked.connect(self.add_signer)
        self.signer_group = QGroupBox(self.tr("Ajouter un certificat de signature"))
        form = QFormLayout(self.signer_group)
        form.addRow(self.tr("Support :"), self.signer_kind)
        form.addRow(self.tr("Nom :"), self.signer_label)
        form.addRow(self.signer_pages)
        form.addRow(self.tr("Certificat de confiance (PEM/DER) :"), trust_row)
        form.addRow("", note)
        form.addRow("", self.add_signer_button)
        return self.signer_group

    def _p12_page(self) -> QWidget:
        self.p12_file, row = self._file_field(
            self.tr("Fichier PKCS#12"),
            lambda: self._pick(self.p12_file, self.tr("PKCS#12 (*.p12 *.pfx);;"
                                                      "Tous les fichiers (*)")))
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Fichier PKCS#12 :"), row)
        return page

    def _pkcs11_page(self) -> QWidget:
        self.pkcs11_module, row = self._file_field(
            self.tr("Bibliothèque PKCS#11 du fabricant"),
            lambda: self._pick(self.pkcs11_module, self.tr(
                "Bibliothèques (*.so *.dylib *.dll);;Tous les fichiers (*)")))
        self.token_label = _named(QLineEdit(), self.tr("Nom de la carte (token)"))
        self.key_label = _named(QLineEdit(), self.tr("Nom de la clé sur la carte"))
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Bibliothèque (module) :"), row)
        form.addRow(self.tr("Carte (token) :"), self.token_label)
        form.addRow(self.tr("Clé :"), self.key_label)
        return page

    def _folders_tab(self) -> QWidget:
        self.export_folder = _named(QLineEdit(), self.tr("Dossier d'export par défaut"))
        self.export_folder.setPlaceholderText(self.tr("votre dossier personnel"))
        browse = _named(QPushButton(self.tr("Choisir…")),
                        self.tr("Choisir le dossier d'export par défaut"))
        browse.clicked.connect(self._pick_folder)
        note = QLabel(self.tr("Dossier proposé pour enregistrer les procès-verbaux et les "
                              "dossiers de preuve."))
        note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.export_folder, 1)
        row.addWidget(browse)
        page = QWidget()
        form = QFormLayout(page)
        form.addRow(self.tr("Dossier d'&export :"), row)
        form.addRow("", note)
        return page

    def _build_buttons(self) -> None:
        self.buttons = QDialogButtonBox()
        self.save_button = _named(self.buttons.addButton(
            self.tr("&Enregistrer"), QDialogButtonBox.ButtonRole.ApplyRole),
            self.tr("Enregistrer les réglages"))
        self.save_button.clicked.connect(self.save)
        close = _named(self.buttons.addButton(self.tr("&Fermer"),
                                              QDialogButtonBox.ButtonRole.RejectRole),
                       self.tr("Fermer les réglages"))
        close.clicked.connect(self.reject)

    # -- preferences ---------------------------------------------------------------------
    def _show_preferences(self, prefs: Preferences) -> None:
        self.language.setCurrentIndex(max(0, self.language.findData(prefs.language)))
        self.idle_lock.setValue(prefs.auto_lock_minutes)
        self.stamp_after.setChecked(prefs.stamp_after_capture)
        self.log_level.setCurrentIndex(max(0, self.log_level.findData(prefs.log_level)))
        self.export_folder.setText(prefs.export_folder)

    def edited_preferences(self) -> Preferences:
        return Preferences(str(self.language.currentData()), self.idle_lock.value(),
                           self.stamp_after.isChecked(), str(self.log_level.currentData()),
                           self.export_folder.text().strip())

    def save(self) -> None:
        prefs = self.edited_preferences()

        def done(_none: object) -> None:
            language_changed = prefs.language != self.preferences.language
            self.preferences = prefs
            self._idle(self.tr("Réglages enregistrés.") + (self.tr(
                " La nouvelle langue s'appliquera au prochain démarrage.")
                if language_changed else ""))
            self.saved.emit(prefs)

        self._run(lambda: self._actions.save(prefs), self.tr("Enregistrement des réglages…"),
                  done)

    # -- lists ---------------------------------------------------------------------------
    def refresh(self) -> None:
        def read() -> tuple[Rows, Rows]:
            return self._actions.tsas(), self._actions.signers()

        def done(lists: tuple[Rows, Rows]) -> None:
            self._show_tsas(lists[0])
            self._show_signers(lists[1])
            self._idle("")

        self._run(read, self.tr("Lecture des réglages du coffre…"), done)

    def _show_tsas(self, rows: Rows) -> None:
        self.tsa_rows = list(rows)
        _fill(self.tsa_table, [(str(i + 1), r.name, r.url) for i, r in enumerate(rows)])

    def _show_signers(self, rows: Rows) -> None:
        self.signer_rows = list(rows)
        kinds = {"pkcs12": self.tr("Fichier PKCS#12"), "pkcs11": self.tr("Carte PKCS#11")}
        _fill(self.signer_table, [(r.label, kinds.get(r.kind, r.kind), r.not_after[:10],
                                   r.subject) for r in rows])

    def selected_tsa(self) -> Any | None:
        row = self.tsa_table.currentRow()
        selected = self.tsa_table.selectionModel().hasSelection()
        return self.tsa_rows[row] if selected and 0 <= row < len(self.tsa_rows) else None

    # -- TSAs ----------------------------------------------------------------------------
    def add_tsa(self) -> None:
        url, trust = self.tsa_url.text().strip(), self.tsa_trust.text().strip()
        if not url or not trust:
            self.status.setText(self.tr("Indiquez l'adresse (URL) de l'autorité et son "
                                        "certificat de confiance."))
            return
        form = TsaForm(url, self.tsa_name.text().strip(), Path(trust),
                       self.tsa_policy.text().strip())

        def done(rows: Rows) -> None:
            self._show_tsas(rows)
            for edit in (self.tsa_url, self.tsa_name, self.tsa_trust, self.tsa_policy):
                edit.clear()
            self._idle(self.tr("Autorité d'horodatage ajoutée : {name}.").format(
                name=rows[-1].name if rows else url))

        self._run(lambda: self._actions.add_tsa(form),
                  self.tr("Ajout de l'autorité d'horodatage…"), done)

    def test_tsa(self) -> None:
        tsa = self.selected_tsa()
        if tsa is None:
            self.status.setText(self.tr("Sélectionnez l'autorité à tester."))
            return

        def done(probe: TsaProbe) -> None:
            self.last_probe = probe
            self._idle(self.tr("« {name} » a répondu : heure de l'autorité {time} (heure légale "
                               "française ; écart de l'horloge du poste {skew} s à ± {margin} ms "
                               "près, réponse en {ms} ms), jeton signé par {subject}.").format(
                name=probe.name, time=french_time(probe.gen_time),
                skew=_seconds(probe.skew_ms), margin=probe.margin_ms, ms=probe.round_trip_ms,
                subject=probe.tsa_subject))

        self.last_probe = None
        self._run(lambda: self._actions.test_tsa(tsa.id), self.tr(
            "Demande d'un jeton d'essai à « {name} »…").format(name=tsa.name), done)

    def remove_tsa(self) -> None:
        tsa = self.selected_tsa()
        if tsa is None:
            self.status.setText(self.tr("Sélectionnez l'autorité à retirer."))
            return
        if not self._confirm(self.tr("Retirer l'autorité « {name} » ? Elle ne sera plus "
                                     "interrogée ; les jetons déjà obtenus restent "
                                     "valables.").format(name=tsa.name)):
            return

        def done(rows: Rows) -> None:
            self._show_tsas(rows)
            self._idle(self.tr("Autorité retirée : {name}.").format(name=tsa.name))

        self._run(lambda: self._actions.remove_tsa(tsa.id),
                  self.tr("Retrait de l'autorité…"), done)

    # -- signing certificates ------------------------------------------------------------
    def signer_form(self) -> SignerForm | None:
        trust = self.signer_trust.text().strip()
        label = self.signer_label.text().strip()
        if self.signer_kind.currentData() == "pkcs12":
            p12 = self.p12_file.text().strip()
            return SignerForm("pkcs12", label, Path(trust), Path(p12)) if p12 and trust else None
        module = self.pkcs11_module.text().strip()
        token = self.token_label.text().strip()
        if not (module and token and trust):
            return None
        return SignerForm("pkcs11", label, Path(trust), None, module, token,
                          self.key_label.text().strip())

    def add_signer(self) -> None:
        form = self.signer_form()
        if form is None:
            self.status.setText(self.tr("Indiquez le fichier PKCS#12 (ou la bibliothèque et "
                                        "la carte PKCS#11) et le certificat de confiance."))
            return

        def done(rows: Rows) -> None:
            self._show_signers(rows)
            for edit in (self.signer_label, self.p12_file, self.pkcs11_module,
                         self.token_label, self.key_label, self.signer_trust):
                edit.clear()
            self._idle(self.tr("Certificat de signature ajouté : {subject}.").format(
                subject=rows[-1].subject if rows else form.label))

        self._run(lambda: self._actions.add_signer(form), self.tr(
            "Ouverture du certificat (mot de passe ou code PIN demandé)…"), done)

    # -- running -------------------------------------------------------------------------
    def _run(self, work: Callable[[], Any], waiting: str, on_done: Callable[[Any], None]
             ) -> None:
        self.busy = True
        self._update_buttons()
        self.status.setText(waiting)
        self._runner(work, on_done, self._failed)

    def _idle(self, text: str) -> None:
        self.busy = False
        self._update_buttons()
        self.status.setText(text)

    def _failed(self, error: BaseException) -> None:
        self._idle(self.tr("Échec : ") + self._describe_error(error))

    def _update_buttons(self) -> None:
        free = not self.busy
        self.save_button.setEnabled(free)
        selected = self.selected_tsa() is not None
        self.test_button.setEnabled(free and selected)  # a test changes nothing
        self.remove_tsa_button.setEnabled(free and selected and self.editable)
        for widget in (self.tsa_group, self.signer_group):
            widget.setEnabled(free and self.editable)

    # -- asking the person ---------------------------------------------------------------
    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, self.tr("Confirmer"), question)
        return answer == QMessageBox.StandardButton.Yes

    def _cert_filter(self) -> str:
        return self.tr("Certificats (*.pem *.crt *.cer *.der);;Tous les fichiers (*)")

    def _pick(self, edit: QLineEdit, filters: str) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Choisir un fichier"),
                                              edit.text(), filters)
        if name:
            edit.setText(name)

    def _pick_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, self.tr("Dossier d'export par défaut"),
                                                self.export_folder.text())
        if name:
            self.export_folder.setText(name)
