"""The evidence inspector: the chosen item at full size (a video as its frames, one a
second, with a slider and play), its signed manifest, its trusted time, and the
officer's finding (« constatation ») on it while the PV is not signed."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSlider,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)


class Inspector(QWidget):
    finding_saved = Signal(str, str, bool)  # evidence id, text, « sans observation »

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.inspection: Any = None
        self.frames: tuple[bytes, ...] = ()
        self.title = QLabel(self.tr("Choisissez une pièce dans la liste."))
        self.title.setObjectName("inspectorTitle")
        self.title.setWordWrap(True)
        self.picture = QLabel()
        self.picture.setObjectName("inspectorPicture")
        self.picture.setAccessibleName(self.tr("Aperçu de la pièce"))
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.area = QScrollArea()
        self.area.setWidget(self.picture)
        self.area.setWidgetResizable(False)
        self.full_size = QCheckBox(self.tr("Taille réelle"))
        self.full_size.setAccessibleName(self.tr("Afficher la pièce en taille réelle"))
        self.full_size.toggled.connect(lambda _c: self._show_picture())
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setAccessibleName(self.tr("Position dans la vidéo (secondes)"))
        self.slider.valueChanged.connect(lambda _v: self._show_picture())
        self.play = QPushButton(self.tr("Lire"))
        self.play.setAccessibleName(self.tr("Lire la vidéo"))
        self.play.setCheckable(True)
        self.player = QTimer(self)
        self.player.setInterval(1000)  # the frames are one second apart
        self.player.timeout.connect(self._advance)
        self.play.toggled.connect(lambda on: self.player.start() if on else self.player.stop())
        self.manifest = QPlainTextEdit()
        self.manifest.setReadOnly(True)
        self.manifest.setAccessibleName(self.tr("Manifeste signé"))
        self.stamp = QLabel()
        self.stamp.setObjectName("inspectorTimestamp")
        self.stamp.setWordWrap(True)
        self.finding = QPlainTextEdit()
        self.finding.setAccessibleName(self.tr("Constatation sur cette pièce"))
        self.finding.setPlaceholderText(self.tr("Ce que vous constatez sur cette pièce…"))
        self.no_remark = QCheckBox(self.tr("Sans observation"))
        self.no_remark.setAccessibleName(self.tr("Pièce sans observation"))
        self.save = QPushButton(self.tr("Enregistrer la constatation"))
        self.save.setAccessibleName(self.tr("Enregistrer la constatation"))
        self.save.clicked.connect(self._save)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._picture_tab(), self.tr("Pièce"))
        self.tabs.addTab(self.manifest, self.tr("Manifeste"))
        self.tabs.addTab(self._finding_tab(), self.tr("Constatation"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.stamp)
        layout.addWidget(self.tabs, 1)

    def _picture_tab(self) -> QWidget:
        tab = QWidget()
        v = QVBoxLayout(tab)
        v.addWidget(self.area, 1)
        row = QHBoxLayout()
        for widget in (self.full_size, self.play, self.slider):
            row.addWidget(widget)
        v.addLayout(row)
        return tab

    def _finding_tab(self) -> QWidget:
        tab = QWidget()
        v = QVBoxLayout(tab)
        v.addWidget(self.finding, 1)
        row = QHBoxLayout()
        row.addWidget(self.no_remark)
        row.addWidget(self.save)
        v.addLayout(row)
        return tab

    # -- what it is given -----------------------------------------------------------------
    def show_inspection(self, inspection: Any, finding: Any = None, editable: bool = False,
                        reason: str = "") -> None:
        """``inspection``: app.services.inspect.Inspection; ``finding``: the current one."""
        self.inspection = inspection
        item = inspection.item
        self.title.setText(self.tr("Annexe {annex} — {name} — SHA-256 {sha}").format(
            annex=item.annex_label, name=item.filename or item.kind, sha=item.sha256))
        self.manifest.setPlainText(json.dumps(inspection.manifest, ensure_ascii=False,
                                              indent=2) if inspection.manifest else
                                   self.tr("Aucun manifeste."))
        self.stamp.setText(self._stamp_text(inspection.timestamp))
        self.frames = inspection.frames
        self.play.setChecked(False)
        self.slider.setVisible(bool(self.frames))
        self.play.setVisible(bool(self.frames))
        self.slider.setRange(0, max(len(self.frames) - 1, 0))
        self.slider.setValue(0)
        self._show_picture()
        self.show_finding(finding, editable, reason)

    def show_finding(self, finding: Any, editable: bool, reason: str = "") -> None:
        self.finding.setPlainText(getattr(finding, "text", "") or "")
        self.no_remark.setChecked(bool(getattr(finding, "no_observation", False)))
        for widget in (self.finding, self.no_remark, self.save):
            widget.setEnabled(editable)
            widget.setToolTip("" if editable else reason)

    def _stamp_text(self, stamp: Any) -> str:
        if stamp is None:
            return self.tr("Horodatage : non concerné.")
        if stamp.status == "covered":
            return self.tr("Horodatée par l'autorité le {when} (écart {gap:+.1f} s).").format(
                when=stamp.tsa_times[0], gap=stamp.gap_s or 0.0)
        reason = stamp.pending_reason
        if not reason or reason == "not yet flushed":  # the core's wording for "never asked"
            reason = self.tr("pas encore demandé")
        return self.tr("Horodatage en attente ({reason}).").format(reason=reason)

    def _show_picture(self) -> None:
        data = b""
        if self.inspection is not None:
            data = (self.frames[self.slider.value()] if self.frames
                    else self.inspection.image)
        if not data:
            self.picture.setText(self.inspection.text[:20000] if self.inspection is not None
                                 and self.inspection.text else self.tr("Pas d'aperçu."))
            self.picture.adjustSize()
            return
        pixmap = QPixmap()
        pixmap.loadFromData(data)
        if not self.full_size.isChecked():
            pixmap = pixmap.scaled(self.area.viewport().size(),
                                   Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
        self.picture.setPixmap(pixmap)
        self.picture.resize(pixmap.size())

    def _advance(self) -> None:
        if self.slider.value() >= self.slider.maximum():
            self.play.setChecked(False)
            return
        self.slider.setValue(self.slider.value() + 1)

    def _save(self) -> None:
        if self.inspection is not None:
            self.finding_saved.emit(self.inspection.item.id,
                                    self.finding.toPlainText().strip(),
                                    self.no_remark.isChecked())
