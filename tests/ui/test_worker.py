"""The one worker helper (ui/worker.py): results come back on the GUI thread, and a
result whose receiver — a Qt object — was deleted while the task ran is dropped instead
of touching dead widgets (a background sync finishing after its window closed raised
« Internal C++ object already deleted » into whatever test ran next)."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, QThread
from PySide6.QtWidgets import QLabel

from ui.worker import TaskRunner, run_task


class Receiver(QObject):
    def __init__(self, label: QLabel) -> None:
        super().__init__(label)  # deleted with the label, as BackgroundSync with its window
        self.label = label
        self.got: list[Any] = []

    def progress(self, done: int, total: int) -> None:
        self.done((done, total))

    def done(self, value: Any) -> None:
        self.got.append((value, QThread.currentThread() is self.thread()))
        self.label.setText(str(value))


def test_a_result_reaches_its_receiver_on_the_gui_thread(qtbot: Any) -> None:
    label = QLabel()
    receiver = Receiver(label)
    run_task(lambda: threading.current_thread().name, receiver.done, lambda e: None)
    qtbot.waitUntil(lambda: bool(receiver.got), timeout=10000)
    (name, on_gui), = receiver.got
    assert on_gui and name != threading.current_thread().name  # ran elsewhere, came back
    assert label.text() == name


def test_a_result_for_a_deleted_receiver_is_dropped(qtbot: Any) -> None:
    label = QLabel()
    receiver = Receiver(label)
    release = threading.Event()
    errors: list[BaseException] = []

    def work(report: Any, _cancel: Any) -> str:
        release.wait(10)
        report(1, 2)
        return "late"

    TaskRunner().run(work, receiver.done, errors.append, on_progress=receiver.progress)
    label.deleteLater()  # the window closes while the task runs
    qtbot.waitUntil(lambda: not _valid(receiver), timeout=5000)
    release.set()
    witness: list[str] = []
    run_task(lambda: "after", witness.append, errors.append)  # queued behind the late one
    qtbot.waitUntil(lambda: bool(witness), timeout=10000)
    qtbot.wait(100)
    assert receiver.got == [] and errors == []  # neither the progress nor the result


def _valid(obj: QObject) -> bool:
    from shiboken6 import Shiboken
    return bool(Shiboken.isValid(obj))
