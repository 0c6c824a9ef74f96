"""Export a constat's evidence bundle: choose the constat and the file, watch it stream.

The export itself runs on a worker thread (``ui.worker``); its plain progress
callback is turned into a queued signal here, and the cancel button sets the
core's cancel token (the half-written archive is removed by the core).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidence.bundle.export import ExportResult
from evidence.progress import CancelToken, ProgressCallback
from ui.worker import run_task

# (constat id, output path, signed PV required, progress, cancel) -> the core's result
ExportFn = Callable[[str, Path, bool, ProgressCallback, CancelToken], Any]


class BundleExportDialog(QDialog):
    progressed = Signal(int, int)

    def __init__(self, constats: Sequence[tuple[str, str]], export: ExportFn,
                 describe_error: Callable[[BaseException], str],
                 runner: Callable[..., None] = run_task, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Exporter le dossier de preuve"))
        self.resize(560, 240)
        self._export, self._describe_error = export, describe_error
        self._runner = runner
        self._cancel: CancelToken | None = None
        self.constat = QComboBox()
        for constat_id, label in constats:
            self.constat.addItem(label, constat_id)
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("dossier-de-preuve.zip"))
        browse = QPushButton(self.tr("Choisir…"))
        browse.clicked.connect(self._browse)
        self.without_pv = QCheckBox(self.tr("Exporter même sans procès-verbal signé"))
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.status = QLabel(self.tr("Les fichiers sont copiés tels quels, sans compression."))
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)
        self.start_button = QPushButton(self.tr("Exporter"))
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("Annuler"))
        self.cancel_button.clicked.connect(self._cancel_or_close)
        self.progressed.connect(self._show_progress)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Constat"), self.constat)
        form.addRow(self.tr("Fichier"), where)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.without_pv)
        layout.addWidget(self.bar)
        layout.addWidget(self.status, 1)
        layout.addLayout(buttons)

    @property
    def running(self) -> bool:
        return self._cancel is not None

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Enregistrer le dossier de preuve"),
                                              self.path.text(), self.tr("Archive ZIP (*.zip)"))
        if name:
            self.path.setText(name)

    def start(self) -> None:
        text = self.path.text().strip()
        if not text or self.constat.currentData() is None:
            self.status.setText(self.tr("Choisissez un constat et un fichier de destination."))
            return
        out = Path(text if text.lower().endswith(".zip") else text + ".zip")
        cancel = self._cancel = CancelToken()
        self._set_inputs_enabled(False)
        self.bar.setValue(0)
        self.status.setText(self.tr("Export en cours…"))
        constat_id, need_pv = str(self.constat.currentData()), not self.without_pv.isChecked()
        self._runner(lambda: self._export(constat_id, out, need_pv, self.progressed.emit, cancel),
                     self._done, self._failed)

    def _show_progress(self, done: int, total: int) -> None:
        self.bar.setValue(1000 if total <= 0 else min(1000, done * 1000 // total))

    def _done(self, result: ExportResult) -> None:
        self._cancel = None
        self._set_inputs_enabled(True)
        self.bar.setValue(1000)
        self.status.setText(self._describe(result))
        self.cancel_button.setText(self.tr("Fermer"))

    def _describe(self, result: ExportResult) -> str:
        lines = [self.tr("Dossier de preuve exporté : {path}").format(path=result.path),
                 self.tr("{files} fichiers, dont {mib} Mio de pièces").format(
                     files=result.files, mib=round(result.bytes / (1 << 20), 1))]
        if result.timestamped:
            lines.append(self.tr("Sommaire horodaté par {tsa} le {time}").format(
                tsa=result.stamp.tsa, time=result.stamp.gen_time))
        elif result.stamp.code == "no_tsa":
            lines.append(self.tr("Sommaire NON horodaté : aucune autorité d'horodatage "
                                 "configurée."))
        else:
            lines.append(self.tr("Sommaire NON horodaté : aucune autorité d'horodatage n'a "
                                 "répondu ({why}).").format(why=result.stamp.error))
        if result.pv is None:
            lines.append(self.tr("Attention : aucun procès-verbal signé dans ce dossier."))
        return "\n".join(lines)

    def _failed(self, error: BaseException) -> None:
        self._cancel = None
        self._set_inputs_enabled(True)
        self.bar.setValue(0)
        self.status.setText(self.tr("Échec de l'export : ") + self._describe_error(error))

    def _cancel_or_close(self) -> None:
        if self._cancel is not None:
            self._cancel.cancel()
            self.status.setText(self.tr("Annulation…"))
        else:
            self.reject()

    def _set_inputs_enabled(self, enabled: bool) -> None:
        for widget in (self.constat, self.path, self.without_pv, self.start_button):
            widget.setEnabled(enabled)
