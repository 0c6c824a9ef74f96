"""Long work off the UI thread: one QRunnable helper delivering result or error on the GUI thread.

``run_task(fn, on_done, on_error)`` runs ``fn`` in the global QThreadPool; the
callbacks run on the GUI thread (queued signal). ``run_task_sync`` does the
same synchronously, for tests and for scripts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # delivered to the GUI thread, never swallowed
            self._relay.failed.emit(exc)
            return
        self._relay.done.emit(result)


_alive: set[_Relay] = set()  # keeps relays alive until their task reports


def run_task(fn: Callable[[], Any], on_done: Callable[[Any], None],
             on_error: Callable[[BaseException], None]) -> None:
    relay = _Relay()
    _alive.add(relay)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _alive.discard(relay)
        callback(value)

    relay.done.connect(lambda value: finish(on_done, value))
    relay.failed.connect(lambda exc: finish(on_error, exc))
    QThreadPool.globalInstance().start(_Task(fn, relay))


def run_task_sync(fn: Callable[[], Any], on_done: Callable[[Any], None],
                  on_error: Callable[[BaseException], None]) -> None:
    try:
        result = fn()
    except BaseException as exc:
        on_error(exc)
        return
    on_done(result)
