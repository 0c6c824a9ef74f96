"""The constat workspace's capture bar: the capture panel (screenshots and hotkeys),
screen recording with a running timer and a red frame around the recorded screen,
and the camera (photo, video) with a live preview.

Widgets only: they say what the officer asked (signals) and show what they are told
(``recording_started``, ``show_preview``…); the desktop runs the captures.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class RecordingFrame(QWidget):
    """A red border around the recorded area, through which the mouse passes. It is
    drawn on the screen's edge: a person watching sees that the screen is recorded."""

    def __init__(self, area: QRect) -> None:
        super().__init__(None, Qt.WindowType.FramelessWindowHint | Qt.WindowType.Tool
                         | Qt.WindowType.WindowStaysOnTopHint
                         | Qt.WindowType.WindowTransparentForInput)
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setObjectName("recordingFrame")
        self.setGeometry(area)

    def paintEvent(self, _event: Any) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setPen(QPen(QColor("#e00000"), 6))
        painter.drawRect(self.rect().adjusted(3, 3, -3, -3))


class CaptureBar(QWidget):
    open_panel = Signal()
    open_browser = Signal()  # the recording browser, for the internet constat
    record_toggled = Signal(bool)  # True: start, False: stop
    camera_photo = Signal(str)  # the device: "0", "1"… or a video file (simulated camera)
    camera_video_toggled = Signal(bool, str)
    preview_toggled = Signal(bool, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recording = False
        self.camera_recording = False
        self.started_at = 0.0
        self.frame: RecordingFrame | None = None
        self.panel = self._button("openCapturePanel", self.tr("Captures d'écran…"),
                                  self.tr("Ouvrir le panneau des captures d'écran"))
        self.browser = self._button("openBrowser", self.tr("Navigateur de constatation…"),
                                    self.tr("Ouvrir le navigateur de constatation enregistré"))
        self.record = self._button("recordScreen", self.tr("● Enregistrer l'écran"),
                                   self.tr("Démarrer ou arrêter l'enregistrement vidéo de "
                                           "l'écran"))
        self.device = QComboBox()
        self.device.setAccessibleName(self.tr("Caméra"))
        self.device.addItem(self.tr("Caméra 1"), "0")
        self.device.addItem(self.tr("Caméra 2"), "1")
        self.device.addItem(self.tr("Fichier vidéo (caméra simulée)…"), "")
        self.device.activated.connect(self._device_chosen)
        self.preview = self._button("cameraPreview", self.tr("Aperçu"),
                                    self.tr("Afficher l'aperçu de la caméra"))
        self.preview.setCheckable(True)
        self.photo = self._button("cameraPhoto", self.tr("Photo"), self.tr("Prendre une photo"))
        self.video = self._button("cameraVideo", self.tr("● Vidéo caméra"),
                                  self.tr("Démarrer ou arrêter la vidéo de la caméra"))
        self.view = QLabel()
        self.view.setObjectName("cameraView")
        self.view.setAccessibleName(self.tr("Aperçu de la caméra"))
        self.view.setFixedSize(160, 120)
        self.view.setVisible(False)
        self.timer = QTimer(self)
        self.timer.setInterval(500)
        self.timer.timeout.connect(self._tick)
        self.panel.clicked.connect(self.open_panel.emit)
        self.browser.clicked.connect(self.open_browser.emit)
        self.record.clicked.connect(lambda: self.record_toggled.emit(not self.recording))
        self.photo.clicked.connect(lambda: self.camera_photo.emit(self.device_value()))
        self.video.clicked.connect(lambda: self.camera_video_toggled.emit(
            not self.camera_recording, self.device_value()))
        self.preview.toggled.connect(lambda on: self.preview_toggled.emit(on, self.device_value()))
        device_label = QLabel(self.tr("&Caméra :"))
        device_label.setBuddy(self.device)  # AT-SPI names a combo by its label (labelled-by)
        # Two rows, the screen's then the camera's: in one row the bar alone was 1050 px
        # wide and the main window did not fit a 1366×768 laptop screen.
        self.device.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.device.setMinimumContentsLength(14)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widgets in ((self.browser, self.panel, self.record),
                        (device_label, self.device, self.preview, self.photo, self.video)):
            row = QHBoxLayout()
            for widget in widgets:
                row.addWidget(widget)
            row.addStretch(1)
            layout.addLayout(row)
        layout.addWidget(self.view)

    def _button(self, name: str, text: str, accessible: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        return button

    def device_value(self) -> str:
        return str(self.device.currentData() or "")

    def _device_chosen(self, index: int) -> None:
        if self.device.itemData(index):
            return
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Vidéo tenant lieu de caméra"))
        if path:
            self.use_video_file(path)

    def use_video_file(self, path: str) -> None:
        """A video file as the camera (demonstrations, tests): marked simulated by the core."""
        self.device.addItem(self.tr("Simulée : {name}").format(name=path.rsplit("/", 1)[-1]),
                            path)
        self.device.setCurrentIndex(self.device.count() - 1)

    # -- told by the desktop ----------------------------------------------------------
    def set_enabled_for(self, may_capture: bool, reason: str) -> None:
        for button in (self.browser, self.panel, self.record, self.photo, self.video,
                       self.preview):
            button.setEnabled(may_capture or (button is self.record and self.recording)
                              or (button is self.video and self.camera_recording))
            button.setToolTip("" if may_capture else reason)

    def recording_started(self, area: QRect) -> None:
        self.recording, self.started_at = True, time.monotonic()
        self.frame = RecordingFrame(area)
        self.frame.show()
        self.timer.start()
        self._tick()

    def recording_stopped(self) -> None:
        self.recording = False
        if self.frame is not None:
            self.frame.close()
            self.frame = None
        if not self.camera_recording:
            self.timer.stop()
        self.record.setText(self.tr("● Enregistrer l'écran"))

    def camera_started(self) -> None:
        self.camera_recording, self.started_at = True, time.monotonic()
        self.timer.start()
        self._tick()

    def camera_stopped(self) -> None:
        self.camera_recording = False
        if not self.recording:
            self.timer.stop()
        self.video.setText(self.tr("● Vidéo caméra"))

    def elapsed(self) -> str:
        seconds = int(time.monotonic() - self.started_at)
        return f"{seconds // 60:02d}:{seconds % 60:02d}"

    def _tick(self) -> None:
        if self.recording:
            self.record.setText(self.tr("■ Arrêter l'enregistrement ({t})").format(
                t=self.elapsed()))
        if self.camera_recording:
            self.video.setText(self.tr("■ Arrêter la vidéo ({t})").format(t=self.elapsed()))

    def show_preview(self, rgb: Any) -> None:
        """``rgb``: an H×W×3 uint8 array (a camera frame)."""
        height, width = int(rgb.shape[0]), int(rgb.shape[1])
        image = QImage(rgb.tobytes(), width, height, 3 * width, QImage.Format.Format_RGB888)
        self.view.setPixmap(QPixmap.fromImage(image).scaled(
            self.view.size(), Qt.AspectRatioMode.KeepAspectRatio))
        self.view.setVisible(True)

    def hide_preview(self) -> None:
        self.view.setVisible(False)
        self.preview.setChecked(False)
