"""« Constat en cours »: the small window the officer keeps beside the browser.

Pick the open constat, capture by button or by global hotkey, see the last
captures (annex, time, short SHA-256, trusted-time state). The core work runs on
worker threads (``ui.worker``) which hand it to the capture session's own
thread (the vault's connection lives there: ``app.capture_session``).

Probant never films itself: before every grab all its visible windows are
hidden, the screen is given a moment to repaint what was beneath, and they come
back once the capture is committed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from capture.commit import CaptureOrder, CaptureRow
from signing.legal_time import french_time
from ui.hotkeys import GlobalHotkeys
from ui.region_selector import RegionSelector, to_device
from ui.worker import run_task

GRAB_DELAY_MS = 250  # hidden windows unmapped, what was beneath repainted (compositors too)
WINDOW_DELAY_MS = 3000  # from the button: time to click into the window to capture


class CapturePanel(QWidget):
    started = Signal()  # the session is open (the key was accepted)
    captured = Signal(object)  # CaptureRow, once committed
    failed = Signal(str)  # the French message shown
    _stamped = Signal(object)  # StampOutcome, from the session thread

    def __init__(self, session: Any, describe_error: Callable[[BaseException], str],
                 hotkeys: GlobalHotkeys | None = None, runner: Callable[..., None] = run_task,
                 on_activity: Callable[[], None] | None = None,
                 grab_delay_ms: int = GRAB_DELAY_MS, window_delay_ms: int = WINDOW_DELAY_MS,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("capturePanel")
        self.setWindowTitle(self.tr("Probant — Constat en cours"))
        self.resize(560, 420)
        self._session, self._describe = session, describe_error
        self._runner, self._on_activity = runner, on_activity
        self._grab_delay, self._window_delay = grab_delay_ms, window_delay_ms
        self.hotkeys = hotkeys
        self.selector = RegionSelector(self)
        self.selector.finished.connect(self._region_chosen)
        self.busy = False
        self.ready = False  # session open, an open constat chosen
        self.ended = False  # session over: a new panel is needed
        self.rows: list[CaptureRow] = []
        self._hidden: list[QWidget] = []
        self._pending: CaptureOrder | None = None  # a zone capture waiting for its zone
        # A bound slot (not a lambda): the panel is the receiver, so the session thread's
        # emission is queued to the GUI thread.
        self._stamped.connect(self._on_stamped)

        self.officer = QLabel(self.tr("Ouverture du coffre : saisissez le PIN puis touchez "
                                      "votre clé…"))
        self.officer.setWordWrap(True)
        self.constat = QComboBox()
        self.constat.currentIndexChanged.connect(lambda _i: self.refresh())
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for i, (target, text) in enumerate((("screen", self.tr("Plein écran")),
                                            ("monitor", self.tr("Écran")),
                                            ("region", self.tr("Zone…")),
                                            ("window", self.tr("Fenêtre active")))):
            button = QPushButton(text)
            button.setEnabled(False)
            button.clicked.connect(lambda _=False, t=target: self.trigger(t, "button"))
            self.buttons[target] = button
            grid.addWidget(button, i // 2, i % 2)
        self.shortcuts = QLabel()
        self.shortcuts.setObjectName("hotkeys")
        self.shortcuts.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Annexe"), self.tr("Heure"),
                                              self.tr("SHA-256"), self.tr("Horodatage")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.message = QLabel()
        self.message.setObjectName("captureMessage")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.officer)
        layout.addWidget(self.constat)
        layout.addLayout(grid)
        layout.addWidget(self.shortcuts)
        layout.addWidget(QLabel(self.tr("Dernières captures :")))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)

    # -- session ------------------------------------------------------------------
    def start(self) -> None:
        """Opens the session (the key is asked once); then the hotkeys are grabbed."""
        self._runner(self._session.start, self._started, self._start_failed)

    def stamp_callback(self, outcome: Any) -> None:
        """For the session (called on its thread with app.capture_session.StampOutcome):
        the table is refreshed on ours."""
        self._stamped.emit(outcome)

    def _on_stamped(self, _outcome: Any) -> None:
        self.refresh()

    def _started(self, info: Any) -> None:  # app.capture_session.SessionInfo
        who = self.tr("Officier : {name}").format(name=info.officer)
        if info.demo:
            who += " — " + self.tr("DÉMONSTRATION, sans valeur probante")
        self.officer.setText(who)
        self.started.emit()
        for constat_id, label in info.constats:
            self.constat.addItem(label, constat_id)
        if not info.constats:  # nothing to capture into: the vault is not kept open for nothing
            self._say(self.tr("Aucun constat ouvert : ouvrez-en un d'abord."))
            self.end()
            return
        self.ready = True
        for button in self.buttons.values():
            button.setEnabled(True)
        self._show_hotkeys(self.hotkeys.register() if self.hotkeys is not None else [])
        if self.hotkeys is not None:
            self.hotkeys.triggered.connect(lambda action: self.trigger(action, "hotkey"))
        self.refresh()

    def _start_failed(self, exc: BaseException) -> None:
        self.officer.setText(self.tr("Capture impossible."))
        self._say(self._describe(exc))
        self.failed.emit(self.message.text())
        self.end()

    def _show_hotkeys(self, problems: list[str]) -> None:
        names = {"screen": self.tr("plein écran"), "region": self.tr("zone"),
                 "window": self.tr("fenêtre active"), "monitor": self.tr("écran")}
        keys = self.hotkeys.registered if self.hotkeys is not None else ()
        lines = []
        if keys:
            lines.append(self.tr("Raccourcis : ") + " · ".join(
                f"{h.keys} {names.get(h.action, h.action)}" for h in keys))
        self.shortcuts.setText("\n".join(lines + problems))

    def end(self) -> None:
        """Session over (panel closed, vault locked): hotkeys released, vault closed."""
        if self.hotkeys is not None:
            self.hotkeys.unregister()
        self.ready, self.ended = False, True
        for button in self.buttons.values():
            button.setEnabled(False)
        self._session.close()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        self.end()
        super().closeEvent(event)

    def refresh(self) -> None:
        constat_id = self.constat.currentData()
        if constat_id is not None and self.ready and not self._session.closed:
            self._runner(lambda: self._session.recent(str(constat_id)), self._show_rows,
                         lambda _exc: None)  # a listing that fails shows the old one

    def _show_rows(self, rows: tuple[CaptureRow, ...]) -> None:
        self.rows = list(rows)
        self.table.setRowCount(len(self.rows))
        for i, row in enumerate(self.rows):
            cells = (row.annex, french_time(row.captured_local)[11:], row.sha256[:16] + "…",
                     self.tr("horodatée") if row.timestamped else self.tr("en attente"))
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j == 2:
                    item.setToolTip(row.sha256)
                self.table.setItem(i, j, item)

    # -- capture --------------------------------------------------------------------
    def trigger(self, target: str, source: str = "button") -> None:
        """A button or a hotkey; one capture at a time (a key held down repeats)."""
        if self._on_activity is not None:
            self._on_activity()  # hotkeys count as activity for the auto-lock
        if not self.ready or self.busy:
            return
        constat_id = self.constat.currentData()
        if constat_id is None:
            return
        self.busy = True
        self._say(self.tr("Capture en cours…"))
        order = CaptureOrder(str(constat_id), target)

        def checked(_: object) -> None:  # refusals (role, closed constat) came before hiding
            if (target, source) == ("window", "button"):
                # The panel has the focus now: leave time to click into the window wanted.
                self._say(self.tr("Cliquez dans la fenêtre à capturer : capture dans {s} s…")
                          .format(s=round(self._window_delay / 1000)))
                QTimer.singleShot(self._window_delay, lambda: self._hide_then(order))
            else:
                self._hide_then(order)

        self._runner(lambda: self._session.check(order.constat_id), checked, self._failed)

    def _hide_then(self, order: CaptureOrder) -> None:
        self._hide_probant()
        QTimer.singleShot(self._grab_delay, lambda: self._after_hidden(order))

    def _after_hidden(self, order: CaptureOrder) -> None:
        if order.target == "region":
            self._pending = order
            self.selector.start()
            return
        if order.target == "monitor":
            order = CaptureOrder(order.constat_id, "monitor", point=_device_point(QCursor.pos()))
        self._grab(order)

    def _region_chosen(self, region: Any) -> None:
        order, self._pending = self._pending, None
        if region is None or order is None:
            self._restore()
            self.busy = False
            self._say(self.tr("Zone annulée."))
            return
        chosen = CaptureOrder(order.constat_id, "region", region=region)
        QTimer.singleShot(self._grab_delay, lambda: self._grab(chosen))  # overlay gone first

    def _grab(self, order: CaptureOrder) -> None:
        self._runner(lambda: self._session.capture(order), self._done, self._failed)

    def _done(self, row: CaptureRow) -> None:
        self._restore()
        self.busy = False
        self.rows.insert(0, row)
        self._show_rows(tuple(self.rows))
        self._say(self.tr("Annexe {annex} enregistrée ({w} × {h} px), SHA-256 {sha}…").format(
            annex=row.annex, w=row.width, h=row.height, sha=row.sha256[:16]))
        self.captured.emit(row)

    def _failed(self, exc: BaseException) -> None:
        self._restore()
        self.busy = False
        self._say(self.tr("Échec : ") + self._describe(exc))
        self.failed.emit(self.message.text())

    def _say(self, text: str) -> None:
        self.message.setText(text)

    # -- Probant out of the picture ---------------------------------------------------
    def _hide_probant(self) -> None:
        overlays = set(self.selector.overlays)
        self._hidden = [w for w in QApplication.topLevelWidgets()
                        if w.isVisible() and w not in overlays]
        for widget in self._hidden:
            widget.hide()

    def _restore(self) -> None:
        for widget in self._hidden:
            # Back on screen without taking the focus from the application being captured.
            before = widget.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
            widget.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
            widget.show()
            widget.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, before)
        self._hidden = []


def _device_point(pos: Any) -> tuple[int, int]:
    """The pointer in device pixels (the grabber's coordinates), for "this screen"."""
    screen = QGuiApplication.screenAt(pos) or QGuiApplication.primaryScreen()
    region = to_device(QRect(pos, QSize(1, 1)), screen.geometry(), screen.devicePixelRatio())
    return region.left, region.top
