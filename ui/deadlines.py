"""Dossier deadlines: a notification ahead of each one (48 h by default), in the system
tray when there is one, else in the window's status bar; checked at every refresh of
the vault's view and every ten minutes, so a restart does not lose a warning."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QSystemTrayIcon, QWidget

AHEAD = timedelta(hours=48)


def due_soon(deadline: str | None, now: datetime, ahead: timedelta = AHEAD) -> bool:
    """True when the deadline is within ``ahead`` of ``now`` (past ones included)."""
    if not deadline:
        return False
    try:
        due = datetime.fromisoformat(deadline)
    except ValueError:
        return False
    if due.tzinfo is None:
        due = due.astimezone()
    return due - now <= ahead


class DeadlineNotifier(QObject):
    notified = Signal(str, str)  # dossier id, the sentence shown

    def __init__(self, window: QWidget, icon: Any) -> None:
        super().__init__(window)
        self.window = window
        self.seen: set[str] = set()  # per run: a restart warns again, as it should
        self.dossiers: tuple[Any, ...] = ()
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip("Probant")
            self.tray.show()
        self.timer = QTimer(self)
        self.timer.setInterval(10 * 60 * 1000)
        self.timer.timeout.connect(lambda: self.check(self.dossiers))
        self.timer.start()

    def check(self, dossiers: Sequence[Any], now: datetime | None = None) -> list[str]:
        """Warns once per run for each dossier due within 48 h; returns what was said."""
        self.dossiers = tuple(dossiers)
        moment = now or datetime.now().astimezone()
        said = []
        for d in self.dossiers:
            if d.id in self.seen or not due_soon(d.deadline, moment):
                continue
            self.seen.add(d.id)
            text = self.tr("Échéance proche : « {title} » le {when}.").format(
                title=d.title, when=d.deadline[:16].replace("T", " "))
            if self.tray is not None:
                self.tray.showMessage(self.tr("Probant — échéance"), text,
                                      QSystemTrayIcon.MessageIcon.Warning)
            status = getattr(self.window, "statusBar", None)
            if status is not None:
                status().showMessage(text)
            self.notified.emit(d.id, text)
            said.append(text)
        return said
