"""The procès-verbal screen: rules, draft preview, signature, validation report, export.

Every action runs on a worker thread and opens the vault with the officer's key
(PIN and touch): the key is therefore asked again before each signature, then the
signing certificate's PIN. The rules are the core's (``signing.pv.build``); the
button only mirrors them, the core refuses again at signing time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from signing.pv.build import RuleResult
from ui.worker import run_task

try:  # shipped by the pyside6 wheel (pyside6_pdf); a trimmed install may lack it
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView
    HAVE_QTPDF = True
except ImportError:  # the preview then gives the page count and hash, and says why
    HAVE_QTPDF = False

# The one rule the officer's confirmation satisfies (core: ok = not pending or
# confirm_pending, the CLI's --confirm-pending): the PV then says what is pending.
if TYPE_CHECKING:  # pyHanko loads with the first PV action, not when the window opens
    from app.services.pv import PvCheck, PvDraft, PvSigned

CONFIRMABLE = "timestamps"
RED, AMBER, GREEN = QColor("#b00020"), QColor("#8a5a00"), QColor("#1b5e20")


@dataclass(frozen=True)
class PvActions:
    """The PV services, as the dialog calls them (wired by app/desktop/screens.py) on the
    desktop session's vault; the signature asks for a fresh key touch."""

    check: Callable[[str], PvCheck]
    build: Callable[[str, str, bool], PvDraft]  # constat, narrative, confirm pending
    sign: Callable[[str, str, bool, str | None], PvSigned]  # ... and the signer id
    upgrade: Callable[[str], PvSigned]
    export: Callable[[str, Path], Path]
    # constat, point, text: a reservation (« réserve ») on a point of the environment
    # that failed, journaled; returns the rules checked again
    reserve: Callable[[str, str, str], PvCheck] | None = None


def _label(name: str, text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


class PvDialog(QDialog):
    action_finished = Signal()  # the key's prompt is over: the main window shows its state

    def __init__(self, constats: Sequence[tuple[str, str]], actions: PvActions,
                 describe_error: Callable[[BaseException], str],
                 runner: Callable[..., None] = run_task, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Procès-verbal de constat"))
        self.resize(1180, 760)
        self._actions, self._describe_error, self._runner = actions, describe_error, runner
        self.busy = False
        self.check_result: PvCheck | None = None
        self.draft: PvDraft | None = None
        self.signed: PvSigned | None = None
        self.constat = QComboBox()
        for constat_id, label in constats:
            self.constat.addItem(label, constat_id)
        self.constat.currentIndexChanged.connect(lambda _i: self._forget())
        self.signer = QComboBox()
        self.rules = QTableWidget(0, 3)
        self.rules.setObjectName("pvRules")
        self.rules.setHorizontalHeaderLabels([self.tr("État"), self.tr("Règle"),
                                              self.tr("Détail")])
        self.rules.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rules.verticalHeader().setVisible(False)
        header = self.rules.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.confirm = QCheckBox()
        self.confirm.setVisible(False)
        self.confirm.toggled.connect(self._confirm_toggled)
        self.narrative = QPlainTextEdit()
        self.narrative.setPlaceholderText(self.tr(
            "Observations du commissaire de justice : elles closent le procès-verbal."))
        self.narrative.textChanged.connect(self._draft_outdated)
        self.buttons = {key: QPushButton(text) for key, text in (
            ("check", self.tr("Vérifier")), ("build", self.tr("Générer le projet")),
            ("sign", self.tr("Signer")), ("upgrade", self.tr("Compléter (B-LTA)")),
            ("export", self.tr("Exporter le PV signé…")),
            ("reserve", self.tr("Émettre une réserve…")))}
        for key, slot in (("check", self.check), ("build", self.build), ("sign", self.sign),
                          ("upgrade", self.complete), ("export", self.export_signed),
                          ("reserve", lambda: self.reserve())):
            self.buttons[key].clicked.connect(slot)
        self.buttons["sign"].setToolTip(self.tr("Touchez votre clé pour signer"))
        self.buttons["reserve"].setToolTip(self.tr(
            "Un point de l'environnement n'est pas établi : votre réserve, imprimée au "
            "procès-verbal, permet de signer en le disant."))
        for key, button in self.buttons.items():
            button.setAccessibleName(button.text().rstrip("…") or key)
        self.rules.itemSelectionChanged.connect(self._refresh_buttons)
        self.status = _label("pvStatus", self.tr("Choisissez le constat puis « Vérifier »."))
        self.status.setMinimumHeight(self.status.fontMetrics().lineSpacing() * 3)  # not squeezed
        self.level = _label("pvLevel")
        self.report = QPlainTextEdit()
        self.report.setObjectName("pvReport")
        self.report.setReadOnly(True)
        self.report.setMaximumHeight(170)
        self.preview_info = _label("pvPreviewInfo", self.tr("Aperçu : « Générer le projet »."))
        self._layout()
        self._refresh_buttons()

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Constat"), self.constat)
        form.addRow(self.tr("Certificat de signature"), self.signer)
        row = QHBoxLayout()
        for key in ("check", "reserve", "build", "sign", "upgrade", "export"):
            row.addWidget(self.buttons[key])
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.rules, 2)
        left.addWidget(self.confirm)
        left.addWidget(QLabel(self.tr("Observations finales")))
        left.addWidget(self.narrative, 1)
        left.addLayout(row)
        left.addWidget(self.status)
        left.addWidget(self.level)
        left.addWidget(self.report)
        right = QVBoxLayout()
        right.addWidget(self.preview_info)
        if HAVE_QTPDF:
            self.pdf = QPdfDocument(self)
            self.preview = QPdfView(self)
            self.preview.setPageMode(QPdfView.PageMode.SinglePage)
            self.preview.setZoomMode(QPdfView.ZoomMode.FitInView)
            self.preview.setDocument(self.pdf)
            self.preview.setMinimumWidth(420)
            right.addWidget(self.preview, 1)
        self._buffer: QBuffer | None = None
        self.folder = ""  # the settings' export folder, where the file name is proposed
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

    # -- the actions ---------------------------------------------------------
    def _constat_id(self) -> str | None:
        data = self.constat.currentData()
        return None if data is None else str(data)

    def check(self) -> None:
        self._start(lambda cid: self._actions.check(cid), self._checked, self.tr(
            "Vérification : horodatage de ce qui est en attente, puis les règles…"))

    def build(self) -> None:
        narrative, confirm = self.narrative.toPlainText(), self.confirm.isChecked()
        self._start(lambda cid: self._actions.build(cid, narrative, confirm), self._built,
                    self.tr("Génération du projet de procès-verbal…"))

    def sign(self) -> None:
        """Not guarded by the button's state: the core applies the rules and the roles."""
        narrative, confirm = self.narrative.toPlainText(), self.confirm.isChecked()
        signer = self.signer.currentData()
        signer_id = None if signer is None else str(signer)
        self._start(lambda cid: self._actions.sign(cid, narrative, confirm, signer_id),
                    self._signed, self.tr(
                        "Touchez votre clé pour signer : PIN et contact de votre clé, puis "
                        "PIN de votre certificat de signature…"))

    def complete(self) -> None:
        self._start(lambda cid: self._actions.upgrade(cid), self._signed,
                    self.tr("Complément jusqu'à B-LTA…"))

    def export_signed(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Exporter le PV signé"), self.proposed_name(), self.tr("PDF (*.pdf)"),
            options=QFileDialog.Option.DontConfirmOverwrite)  # never replaced: the core refuses
        if name:
            self.export_to(Path(name))

    def proposed_name(self) -> str:
        """« PV-<date du constat>-<mission>.pdf », safe on every file system."""
        import re

        label = self.constat.currentText() or "constat"
        stem = re.sub(r"[^\w-]+", "-", label, flags=re.UNICODE).strip("-")[:60]
        name = f"PV-{stem}.pdf"
        return str(Path(self.folder) / name) if self.folder else name

    def select_constat(self, constat_id: str) -> None:
        index = self.constat.findData(constat_id)
        if index >= 0:
            self.constat.setCurrentIndex(index)

    def export_to(self, path: Path) -> None:
        out = path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")
        self._start(lambda cid: self._actions.export(cid, out), self._exported,
                    self.tr("Export du PV signé…"))

    def _start(self, work: Callable[[str], Any], done: Callable[[Any], None],
               waiting: str) -> None:
        constat_id = self._constat_id()
        if self.busy or constat_id is None:
            if constat_id is None:
                self.status.setText(self.tr("Aucun constat."))
            return
        self.busy = True
        self._refresh_buttons()
        self.status.setText(waiting)
        self._runner(lambda: work(constat_id), lambda value: self._finish(done, value),
                     lambda error: self._finish(self._failed, error))

    def _finish(self, then: Callable[[Any], None], value: object) -> None:
        self.busy = False
        then(value)
        self._refresh_buttons()
        self.action_finished.emit()

    def _failed(self, error: BaseException) -> None:
        self.status.setText(self.tr("Échec : ") + self._describe_error(error))

    # -- results -------------------------------------------------------------
    def _checked(self, value: PvCheck) -> None:
        self.check_result = value
        self.signer.clear()
        for signer_id, label in value.signers:
            self.signer.addItem(label, signer_id)
        self._show_rules()
        blocking = self.blocking_rules()
        if not value.signers:
            self.status.setText(self.tr("Aucun certificat de signature pour vous : ajoutez-en "
                                        "un (« probant signer add »)."))
        elif blocking:
            self.status.setText(self.tr("{n} règle(s) bloquent la signature.").format(
                n=len(blocking)))
        else:
            self.status.setText(self.tr("Toutes les règles sont satisfaites : vous pouvez "
                                        "signer. Touchez votre clé pour signer (PIN et "
                                        "contact), puis donnez le PIN du certificat."))
        if value.latest_level is not None:
            self.level.setText(self.tr("Dernier PV signé de ce constat : niveau {level}.").format(
                level=value.latest_level))

    def blocking_rules(self) -> list[RuleResult]:
        """The failed rules, less the pending timestamps once the officer confirmed."""
        if self.check_result is None:
            return []
        return [r for r in self.check_result.rules if not r.ok
                and not (r.rule == CONFIRMABLE and self.confirm.isChecked())]

    def _show_rules(self) -> None:
        rules = self.check_result.rules if self.check_result else ()
        pending = next((r for r in rules if r.rule == CONFIRMABLE and not r.ok), None)
        self.confirm.setVisible(pending is not None)
        if pending is not None:
            self.confirm.setText(self.tr(
                "Horodatage en attente pour les annexes {annexes} : je confirme que le PV "
                "le mentionnera et signe sans attendre.").format(
                annexes=", ".join(pending.subjects)))
        self.rules.setRowCount(len(rules))
        for i, rule in enumerate(rules):
            confirmed = not rule.ok and rule.rule == CONFIRMABLE and self.confirm.isChecked()
            if rule.ok and rule.reservation:
                cells, color = (self.tr("⚠ réserve"), self._rule_title(rule.rule), self.tr(
                    "Réserve : {text}").format(text=rule.reservation)), AMBER
            elif rule.ok:
                cells, color = (self.tr("✓ conforme"), self._rule_title(rule.rule), ""), GREEN
            elif confirmed:
                cells, color = (self.tr("⚠ confirmé"), self._rule_title(rule.rule), self.tr(
                    "En attente pour {annexes} : le PV le mentionnera.").format(
                    annexes=", ".join(rule.subjects))), AMBER
            else:
                cells, color = (self.tr("✗ bloquant"), self._rule_title(rule.rule),
                                rule.message_fr), RED
            for j, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setForeground(color)
                cell.setData(Qt.ItemDataRole.UserRole, rule.rule)
                self.rules.setItem(i, j, cell)
        self.rules.resizeRowsToContents()
        self._refresh_buttons()

    def selected_rule(self) -> Any:
        """The rule row chosen in the table (a RuleResult), if any."""
        rows = self.rules.selectionModel().selectedRows() if self.rules.selectionModel() \
            else []
        rules = self.check_result.rules if self.check_result else ()
        row = rows[0].row() if rows else self.rules.currentRow()
        return rules[row] if 0 <= row < len(rules) else None

    def reserve(self, text: str | None = None) -> None:
        """A reservation on the chosen point: its text asked (or given), then the rules
        checked again; the core journals it and the PV prints it in « Réserves »."""
        rule = self.selected_rule()
        if rule is None or not rule.reservable or rule.ok or self._actions.reserve is None:
            return
        if text is None:
            from PySide6.QtWidgets import QInputDialog

            text, ok = QInputDialog.getMultiLineText(
                self, self.tr("Réserve"), self.tr("Réserve sur « {rule} » :\n{why}").format(
                    rule=self._rule_title(rule.rule), why=rule.message_fr))
            if not ok:
                return
        if not text.strip():
            self.status.setText(self.tr("Une réserve doit dire quelque chose."))
            return
        reserve, point, words = self._actions.reserve, rule.rule, text.strip()
        self._start(lambda cid: reserve(cid, point, words), self._checked,
                    self.tr("Réserve enregistrée, vérification des règles…"))

    def _rule_title(self, rule: str) -> str:
        titles = {"requester": self.tr("Requérant renseigné"),
                  "mission": self.tr("Mission renseignée"),
                  "closed": self.tr("Constat clos"),
                  "signer_role": self.tr("Signé par le commissaire qui a mené le constat"),
                  "environment": self.tr("Relevés d'environnement (début et fin)"),
                  "annex_integrity": self.tr("Annexes présentes et intactes"),
                  "unchanged": self.tr("Pièces inchangées depuis leur capture"),
                  "chronology": self.tr("Heures des annexes croissantes"),
                  "timestamps": self.tr("Horodatage RFC 3161 des annexes"),
                  "findings": self.tr("Une constatation sur chaque pièce"),
                  "narrative": self.tr("Narration du constat"),
                  "place": self.tr("Lieu des opérations"),
                  "etude": self.tr("Étude du commissaire (nom et adresse)"),
                  "signer_identity": self.tr("Certificat au nom du commissaire"),
                  "signer_key_usage": self.tr("Clé du certificat apte à signer"),
                  "signer_validity": self.tr("Certificat valide à la signature"),
                  "hardware": self.tr("Identification du matériel"),
                  "antivirus": self.tr("Antivirus et pare-feu"),
                  "public_ip": self.tr("Adresse IP publique"),
                  "clock": self.tr("Écart de l'horloge du poste"),
                  "proxy": self.tr("Absence de proxy"),
                  "dns": self.tr("Résolution DNS des domaines visités"),
                  "browser": self.tr("Identification du navigateur"),
                  "browser_state": self.tr("État du navigateur (cache, cookies, historique)"),
                  "screens": self.tr("Écrans relevés au début")}
        return titles.get(rule, rule)

    def _built(self, value: PvDraft) -> None:
        self.draft = value
        self._preview(value.data, self.tr("Projet non signé : {pages} page(s), SHA-256 {sha}"
                                          ).format(pages=value.pages, sha=value.sha256))
        self.status.setText(self.tr("Projet généré : relisez-le avant de signer."))

    def _confirm_toggled(self, _checked: bool) -> None:
        self._show_rules()
        self._draft_outdated()

    def _draft_outdated(self) -> None:
        if self.draft is not None and self.signed is None:
            self.draft = None
            self.preview_info.setText(self.tr("Le projet affiché ne tient pas compte de vos "
                                              "dernières modifications : régénérez-le."))

    def _preview(self, data: bytes, info: str) -> None:
        if not HAVE_QTPDF:
            self.preview_info.setText(info + "\n" + self.tr(
                "Aperçu impossible : le module QtPdf de Qt n'est pas installé sur ce poste."))
            return
        self.pdf.close()
        self._buffer = QBuffer(self)  # QPdfDocument reads from it as long as it shows the page
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf.load(self._buffer)
        self.preview_info.setText(info + "\n" + self.tr("Aperçu de la page 1 :"))

    def _signed(self, value: PvSigned) -> None:
        self.signed = value
        if value.level == "B-LTA":
            self.level.setText(self.tr("PV signé (annexe {annex}) : niveau B-LTA, horodaté et "
                                       "vérifiable à long terme.").format(annex=value.annex))
        elif value.status == "signed_pending_upgrade":  # online, OCSP/CRL did not answer
            self.level.setText(self.tr(
                "PV signé (annexe {annex}) : niveau {level}, les services de révocation "
                "(OCSP/CRL) n'ont pas répondu. Il sera complété jusqu'à B-LTA dès qu'ils "
                "répondront : « Compléter (B-LTA) ».").format(annex=value.annex,
                                                              level=value.level))
        else:
            why = (self.tr("aucune autorité d'horodatage configurée") if not value.tsa_configured
                   else value.offline_reason or self.tr("autorité d'horodatage injoignable"))
            self.level.setText(self.tr(
                "PV signé hors ligne (annexe {annex}) : niveau {level} ({why}). Il sera "
                "complété jusqu'à B-LTA dès que l'autorité d'horodatage répondra : "
                "« Compléter (B-LTA) ».").format(annex=value.annex, level=value.level, why=why))
        self.report.setPlainText(self._report_text(value))
        if value.data:
            self._preview(value.data, self.tr("PV signé : SHA-256 {sha}").format(
                sha=value.sha256))
        self.status.setText(self.tr("Signature enregistrée dans le coffre."))

    def _report_text(self, signed: PvSigned) -> str:
        report = signed.report
        lines = [(self.tr("Rapport de validation : valide") if report.ok
                  else self.tr("Rapport de validation : NON VALIDE"))
                 + self.tr(" — niveau {level}").format(level=report.level)]
        for s in report.signatures:
            lines += [self.tr("Signataire : {who}").format(who=s.signer),
                      self.tr("Heure de l'horodatage : {time}").format(
                          time=s.timestamp_time or self.tr("aucune (hors ligne)")),
                      self.tr("Révocation : {state}").format(state=s.revocation),
                      self.tr("Indication ETSI EN 319 102-1 : {ades}").format(ades=s.ades)]
        lines += [self.tr("Horodatage de document : {time}").format(time=t)
                  for t in report.document_timestamps]
        lines += [self.tr("Problème : {p}").format(p=p) for p in report.problems]
        if signed.stored_report:
            lines.append(self.tr("Rapport conservé dans le coffre : {id}").format(
                id=signed.stored_report))
        lines.append(self.tr("SHA-256 du PV signé : {sha}").format(sha=signed.sha256))
        return "\n".join(lines)

    def _exported(self, value: object) -> None:
        self.status.setText(self.tr("PV signé exporté : {path}").format(path=value))

    def _forget(self) -> None:
        """Another constat: nothing shown so far applies to it."""
        self.check_result, self.draft, self.signed = None, None, None
        self.level.clear()
        self.report.clear()
        self.preview_info.setText(self.tr("Aperçu : « Générer le projet »."))
        if HAVE_QTPDF:
            self.pdf.close()
        self._show_rules()

    def _refresh_buttons(self) -> None:
        checked = self.check_result is not None and \
            self.check_result.constat_id == self._constat_id()
        can_sign = checked and not self.blocking_rules() and self.signer.count() > 0
        level = self.signed.level if self.signed else (
            self.check_result.latest_level if self.check_result else None)
        chosen = self.selected_rule()
        reservable = checked and self._actions.reserve is not None and chosen is not None \
            and chosen.reservable and not chosen.ok
        for key, enabled in (("check", True), ("build", True), ("sign", can_sign),
                             ("reserve", reservable),
                             ("upgrade", level not in (None, "B-LTA")),
                             ("export", level is not None)):
            self.buttons[key].setEnabled(enabled and not self.busy)
