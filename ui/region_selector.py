"""Zone selection: the officer drags a rectangle over a dimmed picture of the screens.

One frameless, always-on-top overlay per screen (each screen keeps its own
device pixel ratio; a zone lies on one screen). The overlay paints a still
picture of its screen, dimmed, with the zone left clear: it looks translucent
everywhere, also on X11 without a compositor where a truly translucent window
shows black. That picture is only a backdrop; the evidence is grabbed by the
core after the overlay is hidden.

Release of the mouse (or Enter) confirms, Escape cancels. The result is a
``capture.screen.Region`` in physical (device) pixels, the grabber's coordinates:
Qt keeps each screen's top-left at its native position and scales sizes by the
screen's ratio, so a logical point p on screen S is S.topLeft + (p - S.topLeft) * ratio.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QCursor,
    QGuiApplication,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QScreen,
)
from PySide6.QtWidgets import QWidget

from capture.screen import Region

MIN_SIZE = 2  # device pixels: a click without a drag selects nothing


def to_device(rect: QRect, screen_geometry: QRect, ratio: float) -> Region:
    """A rectangle in global logical coordinates on one screen -> physical pixels."""
    ox, oy = screen_geometry.x(), screen_geometry.y()

    def dev(value: int, origin: int) -> int:
        return origin + round((value - origin) * ratio)

    # Edges are converted, not the size: adjacent zones stay adjacent at 125 %.
    left, top = dev(rect.x(), ox), dev(rect.y(), oy)
    right, bottom = dev(rect.x() + rect.width(), ox), dev(rect.y() + rect.height(), oy)
    return Region(left, top, right - left, bottom - top)


class ScreenOverlay(QWidget):
    """The overlay of one screen; reports to its RegionSelector."""

    def __init__(self, screen: QScreen, selector: RegionSelector) -> None:
        super().__init__(None, Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
                         | Qt.WindowType.Tool)
        self.setObjectName("regionOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.target_screen = screen
        self._selector = selector
        self._backdrop: QPixmap = screen.grabWindow(0)
        self._start: QPoint | None = None
        self._end: QPoint | None = None
        self.setScreen(screen)
        self.setGeometry(screen.geometry())

    # -- geometry -------------------------------------------------------------
    def selection(self) -> QRect | None:
        """The dragged rectangle in this overlay's (logical, local) coordinates."""
        if self._start is None or self._end is None:
            return None
        # Corner to corner, exclusive of the far edge (QRect(p, q) would include it).
        return QRect(min(self._start.x(), self._end.x()), min(self._start.y(), self._end.y()),
                     abs(self._end.x() - self._start.x()), abs(self._end.y() - self._start.y()))

    def device_region(self) -> Region | None:
        rect = self.selection()
        if rect is None:
            return None
        geometry = self.target_screen.geometry()
        region = to_device(rect.translated(geometry.topLeft()), geometry,
                           self.target_screen.devicePixelRatio())
        if region.width < MIN_SIZE or region.height < MIN_SIZE:
            return None
        return region

    # -- events ---------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            self._start = self._end = event.position().toPoint()
            self.update()
        elif event.button() == Qt.MouseButton.RightButton:
            self._selector.cancel()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        # Our own drag state, not event.buttons(): grabs and synthetic events differ there.
        if self._start is not None:
            self._end = self._inside(event.position().toPoint())
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton or self._start is None:
            return
        self._end = self._inside(event.position().toPoint())
        if self.device_region() is None:  # a click: start again
            self._start = self._end = None
            self.update()
            return
        self._selector.confirm(self)

    def _inside(self, point: QPoint) -> QPoint:
        """Clamped to this screen: a drag that runs onto the next screen stops at the edge."""
        return QPoint(max(0, min(point.x(), self.width())), max(0, min(point.y(), self.height())))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self._selector.cancel()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.device_region() is not None:
                self._selector.confirm(self)
        else:
            super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.drawPixmap(self.rect(), self._backdrop)
        dim = QColor(0, 0, 0, 110)
        rect = self.selection()
        if rect is None or rect.isEmpty():
            painter.fillRect(self.rect(), dim)
            self._hint(painter, self.tr("Tracez la zone à capturer · Échap : annuler"))
            return
        # Dim around the zone, keep the zone itself as it is on screen.
        full = self.rect()
        for part in (QRect(0, 0, full.width(), rect.top()),
                     QRect(0, rect.bottom() + 1, full.width(), full.height() - rect.bottom() - 1),
                     QRect(0, rect.top(), rect.left(), rect.height()),
                     QRect(rect.right() + 1, rect.top(), full.width() - rect.right() - 1,
                           rect.height())):
            painter.fillRect(part, dim)
        painter.setPen(QPen(QColor(255, 196, 0), 2))
        painter.drawRect(rect)
        region = self.device_region()
        size = self.tr("{w} × {h} px").format(w=region.width if region else 0,
                                              h=region.height if region else 0)
        box = painter.fontMetrics().boundingRect(size).adjusted(-6, -3, 6, 3)
        box.moveTopLeft(QPoint(rect.left(), max(0, rect.top() - box.height() - 4)))
        painter.fillRect(box, QColor(0, 0, 0, 200))
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, size)

    def _hint(self, painter: QPainter, text: str) -> None:
        box = painter.fontMetrics().boundingRect(text).adjusted(-12, -8, 12, 8)
        box.moveCenter(QPoint(self.width() // 2, 60))
        painter.fillRect(box, QColor(0, 0, 0, 200))
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


class RegionSelector(QObject):
    """Shows the overlays; ``finished`` gives a Region (device pixels) or None (cancelled)."""

    finished = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.overlays: list[ScreenOverlay] = []
        self.result: Region | None = None
        self.active = False

    def start(self) -> None:
        self.close()
        self.active, self.result = True, None
        self.overlays = [ScreenOverlay(s, self) for s in QGuiApplication.screens()]
        cursor_screen = QGuiApplication.screenAt(QCursor.pos())
        for overlay in self.overlays:
            overlay.show()
        focus = next((o for o in self.overlays if o.target_screen is cursor_screen),
                     self.overlays[0] if self.overlays else None)
        if focus is not None:
            focus.raise_()
            focus.activateWindow()
            focus.setFocus()
            # Escape must reach us even when the window manager keeps the focus elsewhere
            # (the hotkey was pressed in another application).
            focus.grabKeyboard()

    def overlay_for(self, screen: QScreen) -> ScreenOverlay | None:
        return next((o for o in self.overlays if o.target_screen is screen), None)

    def confirm(self, overlay: ScreenOverlay) -> None:
        self._finish(overlay.device_region())

    def cancel(self) -> None:
        self._finish(None)

    def _finish(self, region: Region | None) -> None:
        if not self.active:
            return
        self.active, self.result = False, region
        self.close()
        self.finished.emit(region)

    def close(self) -> None:
        for overlay in self.overlays:
            overlay.releaseKeyboard()
            overlay.hide()
            overlay.close()
        self.overlays = []
