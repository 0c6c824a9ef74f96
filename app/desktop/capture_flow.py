"""The capture bar's actions on the session: screen recording (each 2 s segment
committed as it closes, a stop keeps everything), camera photo and video, the live
preview. Recordings run on their own connection (``DesktopSession.run_beside``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QRect, QTimer
from PySide6.QtGui import QGuiApplication

from app.desktop.session import DesktopSession
from app.services import capture
from app.services.context import AppContext
from evidence.progress import CancelToken, ProgressCallback
from evidence.vault import Vault
from ui.capture_bar import CaptureBar


class CaptureFlow:
    def __init__(self, session: DesktopSession, bar: CaptureBar,
                 constat: Callable[[], str | None], say: Callable[[str], None],
                 keep_awake: Callable[[], None]) -> None:
        self.session, self.bar, self.constat, self.say = session, bar, constat, say
        self._keep_awake = keep_awake
        self.screen_stop: CancelToken | None = None
        self.camera_stop: CancelToken | None = None
        self.last: Any = None  # the last capture's result, for tests
        self._preview: Any = None
        self._preview_timer = QTimer(bar)
        self._preview_timer.setInterval(100)
        self._preview_timer.timeout.connect(self._next_frame)
        bar.record_toggled.connect(self.toggle_screen)
        bar.camera_photo.connect(self.photo)
        bar.camera_video_toggled.connect(self.toggle_camera)
        bar.preview_toggled.connect(self.toggle_preview)
        bar.timer.timeout.connect(keep_awake)  # a recording is activity: no idle lock

    def _failed(self, exc: BaseException) -> None:
        self.say(self.session.describe(exc))

    # -- screen ---------------------------------------------------------------------------
    def toggle_screen(self, start: bool) -> None:
        if not start:
            if self.screen_stop is not None:
                self.screen_stop.cancel()
                self.say(QCoreApplication.translate("CaptureBar", "Arrêt de l'enregistrement : le dernier segment est "
                                     "enregistré…"))
            return
        constat = self.constat()
        if constat is None or self.screen_stop is not None:
            return

        def work(ctx: AppContext, vault: Vault, _p: ProgressCallback,
                 cancel: CancelToken) -> capture.Recording:
            from capture.video import RecordingRequest  # PyAV: loaded when recording

            return capture.record_screen(ctx, vault, constat, RecordingRequest(), cancel)

        def ended(recording: capture.Recording) -> None:
            self._screen_ended()
            self.last = recording
            summary = recording.summary
            self.say(QCoreApplication.translate("CaptureBar", "Vidéo de l'écran enregistrée : annexe {annex}, {segments} "
                                 "segment(s), {frames} images, {dropped} perdue(s).").format(
                annex=recording.annex_no, segments=summary.segments, frames=summary.frames,
                dropped=summary.dropped))

        def failed(exc: BaseException) -> None:
            self._screen_ended()
            self._failed(exc)
        self.screen_stop = self.session.run_beside(work, ended, failed)
        self.bar.recording_started(self._recorded_area())
        self.say(QCoreApplication.translate("CaptureBar", "Enregistrement de l'écran en cours (cadre rouge)."))

    def _screen_ended(self) -> None:
        self.screen_stop = None
        self.bar.recording_stopped()

    def _recorded_area(self) -> QRect:
        screen = QGuiApplication.primaryScreen()
        return screen.geometry() if screen is not None else QRect(0, 0, 1, 1)

    # -- camera ---------------------------------------------------------------------------
    def photo(self, device: str) -> None:
        constat = self.constat()
        if constat is None:
            return
        self._close_preview()  # one reader of the camera at a time

        def done(photo: capture.Photo) -> None:
            self.last = photo
            self.say(QCoreApplication.translate("CaptureBar", "Photo enregistrée : annexe {annex}.").format(
                annex=photo.item.annex_label))
        self.session.call(lambda ctx, v: capture.webcam_photo(ctx, v, constat, device or None),
                          done, self._failed)

    def toggle_camera(self, start: bool, device: str) -> None:
        if not start:
            if self.camera_stop is not None:
                self.camera_stop.cancel()
            return
        constat = self.constat()
        if constat is None or self.camera_stop is not None:
            return
        self._close_preview()

        def work(ctx: AppContext, vault: Vault, _p: ProgressCallback,
                 cancel: CancelToken) -> capture.Recording:
            return capture.record_camera(ctx, vault, constat, device or None, None, cancel)

        def ended(recording: capture.Recording) -> None:
            self.camera_stop = None
            self.bar.camera_stopped()
            self.last = recording
            self.say(QCoreApplication.translate("CaptureBar", "Vidéo de la caméra enregistrée : annexe {annex}, {frames} "
                                 "images.").format(annex=recording.annex_no,
                                                   frames=recording.summary.frames))

        def failed(exc: BaseException) -> None:
            self.camera_stop = None
            self.bar.camera_stopped()
            self._failed(exc)
        self.camera_stop = self.session.run_beside(work, ended, failed)
        self.bar.camera_started()

    # -- preview --------------------------------------------------------------------------
    def toggle_preview(self, on: bool, device: str) -> None:
        if not on:
            self._close_preview()
            return
        from capture.webcam import Camera, CameraPreview

        try:
            self._preview = CameraPreview(Camera.parse(device or None))
        except Exception as exc:  # noqa: BLE001 - worded by the describer, never a traceback
            self.bar.hide_preview()
            self._failed(exc)
            return
        self._preview_timer.start()

    def _next_frame(self) -> None:
        frame = self._preview.read() if self._preview is not None else None
        if frame is None:
            self._close_preview()
            return
        self.bar.show_preview(frame)

    def _close_preview(self) -> None:
        self._preview_timer.stop()
        if self._preview is not None:
            self._preview.close()
            self._preview = None
        self.bar.hide_preview()

    def stop_all(self) -> None:
        """The session locks: recordings stop cleanly (what was recorded is kept)."""
        for stop in (self.screen_stop, self.camera_stop):
            if stop is not None:
                stop.cancel()
        self._close_preview()
