"""Trusted time of a constat: what is covered by an RFC 3161 token, what is pending and
why, and the gap between the local capture time and the TSA's time. "Horodater
maintenant" asks the configured TSAs on a worker thread (the vault is opened again
with the officer's key for it); offline, the items simply stay pending."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from signing.legal_time import french_time
from ui.worker import run_task

CoverageFn = Callable[[str], Sequence[Any]]  # constat id -> signing.tsa.coverage.ItemCoverage


class TimestampDialog(QDialog):
    def __init__(self, constats: Sequence[tuple[str, str]], load: CoverageFn, flush: CoverageFn,
                 describe_error: Callable[[BaseException], str],
                 runner: Callable[..., None] = run_task, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Horodatage des constats"))
        self.resize(860, 420)
        self._load, self._flush, self._describe_error = load, flush, describe_error
        self._runner = runner
        self.busy = False
        self.items: list[Any] = []
        self.constat = QComboBox()
        for constat_id, label in constats:
            self.constat.addItem(label, constat_id)
        self.constat.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([
            self.tr("Annexe"), self.tr("Type"), self.tr("Capture"), self.tr("État"),
            self.tr("Heure TSA"), self.tr("Écart / raison")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.zone_note = QLabel(self.tr("Heures en heure légale française (fuseau Europe/Paris), "
                                        "comme dans le procès-verbal."))
        self.summary = QLabel()
        self.summary.setObjectName("timestampSummary")
        self.summary.setWordWrap(True)
        self.flush_button = QPushButton(self.tr("Horodater maintenant"))
        self.flush_button.clicked.connect(self.flush)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.flush_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.constat)
        layout.addWidget(self.zone_note)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def refresh(self) -> None:
        self._run(self._load, self.tr("Lecture du coffre…"))

    def flush(self) -> None:
        self._run(self._flush, self.tr("Demande de jeton aux autorités d'horodatage…"))

    def _run(self, work: CoverageFn, waiting: str) -> None:
        constat_id = self.constat.currentData()
        if constat_id is None:
            self.summary.setText(self.tr("Aucun constat."))
            return
        self.busy = True
        self.flush_button.setEnabled(False)
        self.summary.setText(waiting)
        self._runner(lambda: work(str(constat_id)), self._show, self._failed)

    def _show(self, items: Sequence[Any]) -> None:
        self.busy = False
        self.flush_button.setEnabled(True)
        self.items = list(items)
        self.table.setRowCount(len(self.items))
        for i, it in enumerate(self.items):
            covered = it.status == "covered"
            cells = (it.annex, self._kind(it.kind), french_time(it.captured_at),
                     self.tr("Horodatée") if covered else self.tr("En attente"),
                     french_time(it.tsa_times[0]) if covered else "",
                     self.tr("{gap:+.1f} s").format(gap=it.gap_s) if covered
                     else self._reason(it.pending_reason, it.attempts))
            for j, text in enumerate(cells):
                self.table.setItem(i, j, QTableWidgetItem(text))
        pending = sum(1 for it in self.items if it.status != "covered")
        self.summary.setText(self.tr("{covered} horodatée(s), {pending} en attente").format(
            covered=len(self.items) - pending, pending=pending))

    def _kind(self, kind: str) -> str:
        names = {"screenshot": self.tr("Capture d'écran"), "video": self.tr("Vidéo"),
                 "video_segment": self.tr("Vidéo"), "photo": self.tr("Photo"),
                 "environment": self.tr("Rapport d'environnement"),
                 "imported": self.tr("Pièce remise"), "pv": self.tr("Procès-verbal")}
        return names.get(kind, kind)

    def _reason(self, reason: str | None, attempts: int) -> str:
        text = reason or self.tr("pas encore demandé")
        if reason == "not yet flushed":
            text = self.tr("pas encore demandé")
        return text + (self.tr(" ({n} essai(s))").format(n=attempts) if attempts else "")

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self.flush_button.setEnabled(True)
        self.summary.setText(self.tr("Échec : ") + self._describe_error(error))
