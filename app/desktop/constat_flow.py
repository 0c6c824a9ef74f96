"""The navigator's actions on the session: a dossier, a constat opened with its start
report (each warning acknowledged and journaled), files imported with progress,
a report on demand, the constat closed with its end report.

Each step is split in two: ``ask_*`` opens the dialog (non-modal, so a test or a
screen reader drives it like a person), ``do_*`` runs the service with the answers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from app.desktop.session import DesktopSession
from app.services import capture, matters, overview
from app.services.capture import EnvironmentRecord
from app.services.context import AppContext
from evidence.progress import CancelToken, ProgressCallback
from evidence.vault import Vault
from signing.legal_time import french_time
from ui.matter_dialogs import (
    NarrativeDialog,
    NewConstatDialog,
    NewDossierDialog,
    WarningsDialog,
)
from ui.navigator import Navigator


class ConstatFlow:
    def __init__(self, session: DesktopSession, navigator: Navigator, parent: QWidget,
                 say: Callable[[str], None]) -> None:
        self.session, self.navigator, self.parent, self.say = session, navigator, parent, say
        self.dialog: Any = None  # the dialog open now, for tests and screen readers
        self.last_report: EnvironmentRecord | None = None
        navigator.new_dossier.connect(self.ask_dossier)
        navigator.new_constat.connect(self.ask_constat)
        navigator.import_files.connect(self.ask_import)
        navigator.environment.connect(self.do_environment)
        navigator.close_constat.connect(self.ask_close)
        navigator.constat_chosen.connect(self.load_evidence)
        navigator.evidence_chosen.connect(self.inspect)
        navigator.evidence.evidence_model.want_thumbnail = self.load_thumbnail
        navigator.edit_dossier.connect(self.ask_edit_dossier)
        navigator.narrative.connect(self.ask_narrative)
        navigator.inspector.finding_saved.connect(self.do_finding)

    def _failed(self, exc: BaseException) -> None:
        self.say(self.session.describe(exc))

    # -- dossier ------------------------------------------------------------------------
    def ask_dossier(self) -> None:
        self.dialog = NewDossierDialog(self.parent)
        self.dialog.accepted.connect(lambda: self.do_dossier(self.dialog.answers()))
        self.dialog.open()

    def do_dossier(self, answers: Any) -> None:
        request = matters.NewDossier(answers.title, answers.requester, answers.deadline,
                                     getattr(answers, "reference", ""))

        def done(dossier: Any) -> None:
            self.navigator.select_dossier(dossier.id)
            self.say(QCoreApplication.translate("MainWindow", "Dossier créé : {title}").format(title=dossier.title))
        self.session.call(lambda _c, v: matters.create_dossier(v, request), done, self._failed)

    # -- constat ------------------------------------------------------------------------
    def ask_constat(self, dossier_id: str) -> None:
        dossier = next((d for d in self.navigator.dossiers if d.id == dossier_id), None)
        if dossier is None:
            return
        address = self.session.overview.address if self.session.overview else ""
        self.dialog = NewConstatDialog(dossier.title, dossier.requester, address, self.parent)
        self.dialog.accepted.connect(
            lambda: self.do_constat(dossier_id, self.dialog.mission.toPlainText().strip(),
                                    self.dialog.place.currentText().strip()))
        self.dialog.open()

    def ask_edit_dossier(self, dossier_id: str) -> None:
        dossier = next((d for d in self.navigator.dossiers if d.id == dossier_id), None)
        if dossier is None:
            return
        self.dialog = NewDossierDialog(self.parent, dossier)
        self.dialog.accepted.connect(lambda: self.do_edit_dossier(dossier_id,
                                                                  self.dialog.answers()))
        self.dialog.open()

    def do_edit_dossier(self, dossier_id: str, answers: Any) -> None:
        """Journaled with before and after; the core refuses a requester a signed PV names."""
        def act(_c: AppContext, vault: Vault) -> Any:
            return matters.update_dossier(vault, dossier_id, title=answers.title,
                                          requester=answers.requester,
                                          deadline=answers.deadline or "",
                                          reference=answers.reference)
        self.session.call(act, lambda d: self.say(QCoreApplication.translate("MainWindow",
            "Dossier modifié : {title}").format(title=d.title)), self._failed)

    def ask_narrative(self, constat_id: str) -> None:
        def show(narrative: Any) -> None:
            officer = self.navigator.role == "commissaire"
            self.dialog = NarrativeDialog(narrative.text if narrative else "", officer,
                                          QCoreApplication.translate("MainWindow", "Réservé au commissaire de justice."),
                                          self.parent)
            self.dialog.accepted.connect(
                lambda: self.do_narrative(constat_id, self.dialog.text.toPlainText()))
            self.dialog.open()
        self.session.call(lambda _c, v: matters.narrative_of(v, constat_id), show,
                          self._failed, writes=False)

    def do_narrative(self, constat_id: str, text: str) -> None:
        self.session.call(lambda _c, v: matters.set_narrative(v, constat_id, text),
                          lambda n: self.say(QCoreApplication.translate("MainWindow",
                              "Narration enregistrée (version {n}).").format(n=n.version)),
                          self._failed)

    def do_finding(self, evidence_id: str, text: str, no_observation: bool) -> None:
        self.session.call(lambda _c, v: matters.describe_evidence(
            v, evidence_id, text, no_observation=no_observation),
            lambda f: self.say(QCoreApplication.translate("MainWindow", "Constatation enregistrée (version {n}).").format(
                n=f.version)), self._failed)

    def do_constat(self, dossier_id: str, mission: str, place: str = "") -> None:
        self.say(QCoreApplication.translate("MainWindow", "Ouverture du constat : relevé de l'environnement…"))

        def work(ctx: AppContext, vault: Vault, progress: ProgressCallback,
                 _cancel: CancelToken) -> matters.OpenedConstat:
            return matters.open_constat(ctx, vault, matters.NewConstat(dossier_id, mission,
                                                                       place), progress)

        def done(opened: matters.OpenedConstat) -> None:
            self.navigator.select_constat(opened.constat.id)
            self._report_shown(opened.constat.id, opened.environment)
        self.session.run_long(work, done, self._failed)

    def do_environment(self, constat_id: str) -> None:
        self.say(QCoreApplication.translate("MainWindow", "Relevé de l'environnement en cours…"))

        def work(ctx: AppContext, vault: Vault, progress: ProgressCallback,
                 _cancel: CancelToken) -> EnvironmentRecord:
            return capture.environment_on_demand(ctx, vault, constat_id, progress=progress)
        self.session.run_long(work, lambda rec: self._report_shown(constat_id, rec),
                              self._failed)

    def _report_shown(self, constat_id: str, record: EnvironmentRecord) -> None:
        """The report's summary said; each warning must be acknowledged, and is journaled."""
        self.last_report = record
        self.say(QCoreApplication.translate("MainWindow", "Relevé enregistré (annexe {annex}).").format(
            annex=record.item.annex_label) + "\n" + "\n".join(record.report.summary_lines_fr()))
        warnings = tuple((c.key, f"{c.label_fr} : {c.note_fr or c.value}")
                         for c in record.warnings)
        if not warnings:
            return
        self.dialog = WarningsDialog(warnings, self.parent)
        self.dialog.accepted.connect(
            lambda: self.do_acknowledge(constat_id, record.item.id, self.dialog.acknowledged()))
        self.dialog.open()

    def do_acknowledge(self, constat_id: str, report_id: str,
                       acknowledged: tuple[tuple[str, str], ...]) -> None:
        acks = tuple(matters.Acknowledgement(k, w) for k, w in acknowledged)
        self.session.call(lambda _c, v: matters.acknowledge_environment(
            v, constat_id, report_id, acks), lambda _r: self.say(QCoreApplication.translate("MainWindow",
                "Avertissements pris en compte : {n}, consignés au journal.").format(
                n=len(acks))), self._failed)

    # -- import -------------------------------------------------------------------------
    def ask_import(self, constat_id: str) -> None:
        files, _ = QFileDialog.getOpenFileNames(self.parent, QCoreApplication.translate("MainWindow",
            "Pièces remises à importer"))
        if files:
            self.do_import(constat_id, tuple(Path(f) for f in files))

    def do_import(self, constat_id: str, paths: tuple[Path, ...]) -> None:
        bar = QProgressDialog(QCoreApplication.translate("MainWindow", "Import des pièces…"), QCoreApplication.translate("MainWindow", "Annuler"),
                              0, 1000, self.parent)
        bar.setAccessibleName(QCoreApplication.translate("MainWindow", "Progression de l'import"))
        self.dialog = bar

        def work(_ctx: AppContext, vault: Vault, progress: ProgressCallback,
                 cancel: CancelToken) -> Any:
            return matters.import_files(vault, constat_id, paths, progress, cancel)

        def progressed(done: int, total: int) -> None:
            bar.setValue(done * 1000 // total if total else 0)

        def finished(added: Any) -> None:
            bar.reset()
            self.say(QCoreApplication.translate("MainWindow", "{n} pièce(s) importée(s).").format(n=len(added)))

        def failed(exc: BaseException) -> None:
            bar.reset()
            self._failed(exc)
        cancel = self.session.run_long(work, finished, failed, on_progress=progressed)
        bar.canceled.connect(cancel.cancel)
        bar.show()

    # -- close --------------------------------------------------------------------------
    def ask_close(self, constat_id: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, QCoreApplication.translate("MainWindow", "Clore le constat"),
                          QCoreApplication.translate("MainWindow", "Clore ce constat ? Le relevé de fin est pris "
                                         "maintenant ; un constat clos ne reçoit plus de "
                                         "pièces. Cette action est définitive."),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                          self.parent)
        self.dialog = box

        def answered(_button: Any) -> None:
            if box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Yes:
                self.do_close(constat_id)
        box.buttonClicked.connect(answered)
        box.open()

    def do_close(self, constat_id: str) -> None:
        self.say(QCoreApplication.translate("MainWindow", "Clôture : relevé de fin de l'environnement…"))

        def work(ctx: AppContext, vault: Vault, progress: ProgressCallback,
                 _cancel: CancelToken) -> matters.ClosedConstat:
            return matters.close_constat(ctx, vault, constat_id, progress)

        def done(closed: matters.ClosedConstat) -> None:
            self.last_report = closed.environment
            self.say(QCoreApplication.translate("MainWindow", "Constat clos le {when}. Relevé de fin : annexe {annex}.")
                     .format(when=french_time(closed.constat.ended_at),
                             annex=closed.environment.item.annex_label))
        self.session.run_long(work, done, self._failed)

    # -- evidence of the constat chosen -----------------------------------------------------
    def load_evidence(self, constat_id: str) -> None:
        """The first page at once, then the whole list (a large constat opens at once)."""
        def show(rows: Any, complete: bool) -> None:
            self.navigator.show_evidence(constat_id, [(r.item, r.timestamped) for r in rows])
            if not complete:
                self.session.call(lambda _c, v: overview.evidence_rows(v, constat_id),
                                  lambda every: show(every, True), self._failed, writes=False)
        first = overview.FIRST_PAGE
        self.session.call(lambda _c, v: overview.evidence_rows(v, constat_id, first),
                          lambda rows: show(rows, len(rows) < first), self._failed,
                          writes=False)

    def inspect(self, evidence_id: str) -> None:
        """The inspector filled off the UI thread (a video's frames are decoded there)."""
        from app.services.inspect import inspect

        def read(_c: AppContext, vault: Vault) -> Any:
            inspection = inspect(vault, evidence_id)
            return inspection, matters.findings_of(vault, inspection.item.constat_id).get(
                evidence_id)

        def show(pair: Any) -> None:
            inspection, finding = pair
            if self.navigator.current_evidence() == evidence_id:
                officer = self.navigator.role == "commissaire"
                self.navigator.inspector.show_inspection(
                    inspection, finding, officer,
                    QCoreApplication.translate("MainWindow", "Réservé au commissaire de justice."))
        self.session.call(read, show, self._failed, writes=False)

    def load_thumbnail(self, evidence_id: str) -> None:
        from app.services.inspect import thumbnail

        model = self.navigator.evidence.evidence_model
        self.session.call(lambda _c, v: thumbnail(v, evidence_id),
                          lambda png: model.set_thumbnail(evidence_id, png), lambda _e: None,
                          writes=False)
