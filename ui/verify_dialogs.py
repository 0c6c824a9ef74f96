"""« Vérifier le coffre » (every blob re-read, with progress and cancel) and « Vérifier
un dossier de preuve » (a .zip chosen or dropped, checked with no vault: it works
while the vault is locked). Both say their verdict in French.

Widgets only: the desktop session gives the actions (``app/desktop/tools_screens.py``).
``BundleDropFilter`` lets any window (the main window too) take a dropped bundle.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt, Signal
from PySide6.QtGui import QDropEvent, QFont
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import journal_words
from evidence.errors import Cancelled
from evidence.progress import CancelToken
from ui.worker import run_task

GOOD, BAD, UNANCHORED = "#1b7f2a", "#b3261e", "#9a5b00"
# (on_progress, on_done, on_error) -> the cancel token of the started check
StartVaultCheck = Callable[[Callable[[int, int], None], Callable[[Any], None],
                            Callable[[BaseException], None]], CancelToken]


def _button(text: str, accessible: str, slot: Callable[[], None]) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(accessible)
    button.clicked.connect(slot)
    return button


def _report_box(name: str, accessible: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(name)
    box.setReadOnly(True)
    box.setAccessibleName(accessible)
    box.setTabChangesFocus(True)  # Tab leaves the report for the buttons
    return box


def _verdict_label(name: str, accessible: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setAccessibleName(accessible)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setMinimumHeight(64)
    font = QFont(label.font())
    font.setPointSize(max(20, font.pointSize() * 2))
    font.setBold(True)
    label.setFont(font)
    return label


def _show_verdict(label: QLabel, text: str, good: bool | None, colour: str | None = None
                  ) -> None:
    """Large white text on a green or red band (grey while unknown): read at a glance."""
    colour = colour or ("#6b6b6b" if good is None else GOOD if good else BAD)
    label.setStyleSheet(f"background: {colour}; color: white; border-radius: 6px;")
    label.setText(text)


# -- the vault -------------------------------------------------------------------------

class VerifyVaultDialog(QDialog):
    progressed = Signal(int, int)

    def __init__(self, start: StartVaultCheck, describe_error: Callable[[BaseException], str],
                 lang: str = "fr", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Vérifier le coffre"))
        self.resize(640, 420)
        self._start, self._describe_error, self.lang = start, describe_error, lang
        self._cancel: CancelToken | None = None
        self.report: Any = None
        intro = QLabel(self.tr("Chaque pièce est relue et son empreinte recalculée ; les "
                               "manifestes, les horodatages et la chaîne du journal sont "
                               "contrôlés."))
        intro.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setAccessibleName(self.tr("Avancement de la vérification"))
        self.verdict = _verdict_label("vaultVerdict", self.tr("Verdict de la vérification"))
        self.details = _report_box("vaultReport", self.tr("Rapport de vérification"))
        self.start_button = _button(self.tr("&Vérifier"), self.tr("Lancer la vérification"),
                                    self.start)
        self.cancel_button = _button(self.tr("Annuler"), self.tr("Annuler ou fermer"),
                                     self._cancel_or_close)
        self.progressed.connect(self._show_progress)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        for widget in (intro, self.bar, self.verdict):
            layout.addWidget(widget)
        layout.addWidget(self.details, 1)
        layout.addLayout(buttons)
        self.verdict.hide()

    @property
    def running(self) -> bool:
        return self._cancel is not None

    def start(self) -> None:
        if self.running:
            return
        self.report = None
        self.bar.setValue(0)
        self.verdict.hide()
        self.details.setPlainText(self.tr("Vérification en cours…"))
        self.start_button.setEnabled(False)
        self.cancel_button.setText(self.tr("Annuler"))
        self._cancel = self._start(self.progressed.emit, self._done, self._failed)

    def _show_progress(self, done: int, total: int) -> None:
        self.bar.setValue(1000 if total <= 0 else min(1000, done * 1000 // total))

    def _done(self, report: Any) -> None:
        self._finish()
        self.report = report
        self.bar.setValue(1000)
        _show_verdict(self.verdict, self.tr("Coffre intègre") if report.ok
                      else self.tr("Coffre ALTÉRÉ"), report.ok)
        self.verdict.show()
        self.details.setPlainText(self.describe(report))

    def describe(self, report: Any) -> str:
        lines = [self.tr("{items} pièce(s), {bytes} octets ({mib} Mio), {entries} entrées de "
                         "journal").format(items=report.items_checked,
                                           bytes=f"{report.bytes_checked:,}".replace(",", " "),
                                           mib=round(report.bytes_checked / (1 << 20), 1),
                                           entries=report.journal_entries)]
        if report.ok:
            lines.append(self.tr("Aucune atteinte trouvée."))
        else:
            lines.append(self.tr("{n} atteinte(s) :").format(n=len(report.damages)))
            lines += [f"  ✗ {journal_words.damage_line(d, self.lang)}" for d in report.damages]
        if report.orphan_blobs:
            lines.append(self.tr("Note : {n} fichier(s) chiffré(s) sans pièce (une écriture "
                                 "interrompue), sans effet sur les pièces.").format(
                n=report.orphan_blobs))
        return "\n".join(lines)

    def _failed(self, error: BaseException) -> None:
        self._finish()
        self.bar.setValue(0)
        if isinstance(error, Cancelled):
            self.details.setPlainText(self.tr("Vérification annulée."))
        else:
            self.details.setPlainText(self.tr("Échec de la vérification : ")
                                      + self._describe_error(error))

    def _finish(self) -> None:
        self._cancel = None
        self.start_button.setEnabled(True)
        self.cancel_button.setText(self.tr("Fermer"))

    def _cancel_or_close(self) -> None:
        if self._cancel is not None:
            self._cancel.cancel()  # the core stops between two chunks
            self.details.setPlainText(self.tr("Annulation…"))
        else:
            self.reject()


# -- a bundle dropped or chosen ---------------------------------------------------------

def bundle_path(mime: QMimeData) -> Path | None:
    """The first local .zip among the dropped URLs, or None (anything else is refused)."""
    for url in mime.urls() if mime.hasUrls() else ():
        if url.isLocalFile() and url.toLocalFile().lower().endswith(".zip"):
            return Path(url.toLocalFile())
    return None


class BundleDropFilter(QObject):
    """An event filter taking a dropped .zip on the widgets it is installed on and
    handing its path to ``on_bundle``; other drops are left to the widget."""

    def __init__(self, on_bundle: Callable[[Path], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.on_bundle = on_bundle

    def install(self, widget: QWidget) -> None:
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        # QDragEnterEvent and QDragMoveEvent are QDropEvents: one type check for the three
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(event,
                                                                                QDropEvent):
            if bundle_path(event.mimeData()) is not None:
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            path = bundle_path(event.mimeData())
            if path is not None:
                event.acceptProposedAction()
                self.on_bundle(path)
                return True
        return super().eventFilter(watched, event)


class VerifyBundleDialog(QDialog):
    finished_check = Signal(object)  # the report, once shown

    def __init__(self, verify: Callable[[Path, tuple[Path, ...]], Any],
                 describe_error: Callable[[BaseException], str],
                 runner: Callable[..., None] = run_task, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Vérifier un dossier de preuve"))
        self.resize(720, 520)
        self._verify, self._describe_error, self._runner = verify, describe_error, runner
        # The authorities' certificates the person gives: only a chain ending at one of them
        # makes the bundle « rattaché » (the anchors inside the bundle prove integrity only).
        self.trust_files: tuple[Path, ...] = ()
        self.last_path: Path | None = None
        self.checking: Path | None = None
        self.report: Any = None
        self.drop_zone = QLabel(self.tr("Déposez ici un dossier de preuve (.zip)\nou choisissez "
                                        "le fichier. Le coffre n'est pas nécessaire."))
        self.drop_zone.setObjectName("dropZone")
        self.drop_zone.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_zone.setMinimumHeight(80)
        self.drop_zone.setStyleSheet("border: 2px dashed #888; border-radius: 8px;")
        self.drop_zone.setAccessibleName(self.tr("Zone de dépôt du dossier de preuve"))
        self.verdict = _verdict_label("bundleVerdict", self.tr("Verdict du dossier de preuve"))
        self.details = _report_box("bundleReport", self.tr("Rapport de vérification"))
        self.choose_button = _button(self.tr("&Choisir un fichier…"),
                                     self.tr("Choisir le dossier de preuve"), self.choose)
        self.trust_button = _button(self.tr("&Autorités de confiance…"),
                                    self.tr("Choisir les certificats des autorités de "
                                            "confiance"), self.choose_trust)
        close = _button(self.tr("&Fermer"), self.tr("Fermer"), self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.trust_button)
        buttons.addStretch(1)
        buttons.addWidget(self.choose_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.drop_zone)
        layout.addWidget(self.verdict)
        layout.addWidget(self.details, 1)
        layout.addLayout(buttons)
        self.verdict.hide()
        self.drops = BundleDropFilter(self.check, self)
        self.drops.install(self)

    @property
    def running(self) -> bool:
        return self.checking is not None

    def choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Dossier de preuve à vérifier"), "",
                                              self.tr("Archive ZIP (*.zip)"))
        if name:
            self.check(Path(name))

    def choose_trust(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Certificats des autorités de confiance"), "",
            self.tr("Certificats (*.pem *.crt *.cer)"))
        if names:
            self.set_trust(tuple(Path(n) for n in names))

    def set_trust(self, files: tuple[Path, ...]) -> None:
        """The anchors to judge the chains against; the last bundle is checked again."""
        self.trust_files = files
        if self.last_path is not None and not self.running:
            self.check(self.last_path)

    def check(self, path: Path) -> None:
        """Runs off the GUI thread: a large bundle is re-hashed file by file."""
        if self.running:
            return
        self.checking, self.report = path, None
        self.choose_button.setEnabled(False)
        _show_verdict(self.verdict, self.tr("Vérification…"), None)
        self.verdict.show()
        self.details.setPlainText(self.tr("Vérification de {path}…").format(path=path))
        self.last_path = path
        trust = self.trust_files
        self._runner(lambda: self._verify(path, trust), self._done, self._failed)

    def _done(self, report: Any) -> None:
        path, self.checking, self.report = self.checking, None, report
        self.choose_button.setEnabled(True)
        if not report.ok:
            _show_verdict(self.verdict, self.tr("ALTÉRÉ"), False)
        elif report.attached:
            _show_verdict(self.verdict, self.tr("INTÈGRE ET RATTACHÉ"), True)
        else:
            _show_verdict(self.verdict, self.tr("INTÈGRE, NON RATTACHÉ"), True, UNANCHORED)
        self.details.setPlainText(self.describe(report, path))
        self.finished_check.emit(report)

    def _failed(self, error: BaseException) -> None:
        self.checking = None
        self.choose_button.setEnabled(True)
        _show_verdict(self.verdict, self.tr("NON VÉRIFIÉ"), False)
        self.details.setPlainText(self.tr("Échec de la vérification : ")
                                  + self._describe_error(error))

    # -- the report in French ----------------------------------------------------------
    def describe(self, report: Any, path: Path | None) -> str:
        lines = [self.tr("Dossier de preuve intact : chaque fichier, signature, horodatage "
                         "et lien du journal est conforme.") if report.ok
                 else self.tr("Des problèmes ont été trouvés : ce dossier ne peut pas être "
                              "produit tel quel."),
                 self.tr("Fichier : {path}").format(path=path), self._counts(report.counts)]
        if report.ok and not report.attached:
            lines.append(self.tr(
                "Non rattaché : les chaînes de certificats n'aboutissent qu'aux autorités "
                "fournies par le dossier lui-même. Pour rattacher le dossier, donnez les "
                "certificats des autorités (signataire, horodatage) obtenus par une autre voie "
                "(bouton « Autorités de confiance… »)."))
        if report.pv_level:
            lines.append(self.tr("Niveau apparent du procès-verbal : {level}").format(
                level=report.pv_level))
        lines += self._findings(self.tr("Problèmes :"), "✗", report.errors)
        lines += self._findings(self.tr("Avertissements :"), "!", report.warnings)
        if report.notes:
            lines.append(self.tr("Notes techniques :"))
            lines += [f"  · {note}" for note in report.notes]
        return "\n".join(lines)

    def _counts(self, counts: dict[str, int]) -> str:
        words = {"files": self.tr("fichiers"), "items": self.tr("pièces"),
                 "journal_entries": self.tr("entrées de journal"),
                 "tokens": self.tr("jetons d'horodatage")}
        return ", ".join(f"{n} {words.get(k, k)}" for k, n in counts.items())

    def _findings(self, title: str, mark: str, findings: Sequence[Any]) -> list[str]:
        if not findings:
            return []
        return [title] + [f"  {mark} {f.file} — {self._check_word(f.check)} : "
                          f"{self._problem_word(f.problem)}" for f in findings]

    def _check_word(self, check: str) -> str:
        return {"structure": self.tr("structure"), "files": self.tr("fichiers"),
                "seal": self.tr("sceau du dossier"), "manifests": self.tr("manifestes"),
                "journal": self.tr("extrait du journal"), "timestamps": self.tr("horodatages"),
                "pv": self.tr("procès-verbal"),
                "pv_validation": self.tr("validation du procès-verbal"),
                "annexes": self.tr("annexes"), "keys": self.tr("clés du poste"),
                "trust": self.tr("ancres de confiance"), "demo": self.tr("démonstration"),
                }.get(check, check)

    def _problem_word(self, problem: str) -> str:
        """The verifier's fixed findings in French; a finding carrying a value (a file, a
        sequence number, an exception) stays in the verifier's words."""
        return {
            "listed in bundle.json but missing": self.tr("annoncé dans bundle.json mais absent"),
            "SHA-256 or size differs from bundle.json": self.tr(
                "empreinte SHA-256 ou taille différente de bundle.json (fichier modifié)"),
            "not listed in bundle.json (added?)": self.tr(
                "absent de bundle.json (fichier ajouté ?)"),
            "the bundle manifest's signature fails": self.tr(
                "la signature du sommaire du dossier est invalide"),
            "missing or unreadable": self.tr("absent ou illisible"),
            "signature fails (manifest altered?)": self.tr(
                "signature invalide (manifeste modifié ?)"),
            "does not describe its file": self.tr("ne décrit pas son fichier"),
            "file differs from its manifest": self.tr("le fichier diffère de son manifeste"),
            "journal extract missing": self.tr("extrait du journal absent"),
            "details altered": self.tr("détails modifiés"),
            "stamped digest differs from the record": self.tr(
                "l'empreinte horodatée diffère de l'enregistrement"),
            "no signed procès-verbal in this bundle": self.tr(
                "aucun procès-verbal signé dans ce dossier"),
            "made in DEMO mode: no evidential value": self.tr(
                "fait en mode DÉMONSTRATION : sans valeur probante"),
            "no single signed list of annexes in the PV": self.tr(
                "le procès-verbal ne porte pas une liste signée unique des annexes"),
            "the PV is not signed (re-saved by another tool?)": self.tr(
                "le procès-verbal n'est pas signé (réenregistré par un autre outil ?)"),
            "missing: not a Probant bundle": self.tr("absent : ce n'est pas un dossier Probant"),
            "unknown bundle format or version": self.tr("format ou version inconnus"),
            "not timestamped at export (no TSA answered then)": self.tr(
                "non horodaté à l'export (aucune autorité d'horodatage n'a répondu)"),
        }.get(problem) or self._pattern_word(problem)

    def _pattern_word(self, problem: str) -> str:
        """The findings that carry a number or an annex: their value kept, words French."""
        for pattern, words in (
                (r"annex (\S+): no RFC 3161 token \(pending\)",
                 self.tr("annexe {0} : pas encore de jeton RFC 3161 (en attente)")),
                (r"entry (\S+) altered", self.tr("entrée {0} modifiée")),
                (r"chain broken before entry (\S+)", self.tr("chaîne rompue avant l'entrée {0}")),
                (r"no matching evidence_added entry for annex (\S+)",
                 self.tr("aucune entrée « pièce ajoutée » pour l'annexe {0}")),
                (r"annex (\S+) listed in the PV is not in the bundle with that hash",
                 self.tr("l'annexe {0} du procès-verbal n'est pas dans le dossier avec cette "
                         "empreinte")),
                (r"annex (\S+) is in the bundle but not in the PV",
                 self.tr("l'annexe {0} est dans le dossier mais pas dans le procès-verbal")),
                (r"the PV was modified after its last signature \((.*)\)",
                 self.tr("le procès-verbal a été modifié après sa dernière signature ({0})"))):
            found = re.fullmatch(pattern, problem)
            if found:
                return words.format(found.group(1))
        return problem
