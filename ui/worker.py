"""Long work off the UI thread: one helper delivering result, progress or error on the GUI thread.

``run_task(fn, on_done, on_error)`` runs ``fn`` in the global QThreadPool; the
callbacks run on the GUI thread (queued signal). ``TaskRunner.run`` does the same
for work that reports progress and can be cancelled (``fn(progress, cancel)``);
``TaskRunner(synchronous=True)`` runs in place, for tests and scripts. Every
failure is logged with its traceback (DEBUG; the describer logs the unexpected
ones as errors with a reference) before it is delivered.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from shiboken6 import Shiboken

from evidence.progress import CancelToken, ProgressCallback

log = logging.getLogger("probant.worker")
Work = Callable[[ProgressCallback, CancelToken], Any]


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # delivered to the GUI thread, never swallowed
            log.debug("task failed", exc_info=exc)
            self._relay.failed.emit(exc)
            return
        self._relay.done.emit(result)


_alive: set[_Relay] = set()  # keeps relays alive until their task reports


def _start(fn: Callable[[_Relay], Any], on_done: Callable[[Any], None],
           on_error: Callable[[BaseException], None],
           on_progress: Callable[[int, int], None] | None = None) -> None:
    relay = _Relay()
    _alive.add(relay)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _alive.discard(relay)
        if _receiver_gone(callback):
            log.debug("task result dropped: its receiver was deleted meanwhile")
            return
        callback(value)

    relay.done.connect(lambda value: finish(on_done, value))
    relay.failed.connect(lambda exc: finish(on_error, exc))
    if on_progress is not None:
        relay.progress.connect(lambda done, total: None if _receiver_gone(on_progress)
                               else on_progress(done, total))
    QThreadPool.globalInstance().start(_Task(lambda: fn(relay), relay))


def _receiver_gone(callback: Callable[..., Any]) -> bool:
    """A method of a Qt object deleted while the task ran (a window closed, its helpers
    with it): delivering would touch dead widgets."""
    owner = getattr(callback, "__self__", None)
    return isinstance(owner, QObject) and not Shiboken.isValid(owner)


def run_task(fn: Callable[[], Any], on_done: Callable[[Any], None],
             on_error: Callable[[BaseException], None]) -> None:
    _start(lambda _relay: fn(), on_done, on_error)


def run_task_sync(fn: Callable[[], Any], on_done: Callable[[Any], None],
                  on_error: Callable[[BaseException], None]) -> None:
    try:
        result = fn()
    except BaseException as exc:
        log.debug("task failed", exc_info=exc)
        on_error(exc)
        return
    on_done(result)


class TaskRunner:
    """The desktop session's one way to run long work (progress and cancel included)."""

    def __init__(self, *, synchronous: bool = False) -> None:
        self.synchronous = synchronous

    def run(self, fn: Work, on_done: Callable[[Any], None],
            on_error: Callable[[BaseException], None],
            on_progress: Callable[[int, int], None] | None = None) -> CancelToken:
        cancel = CancelToken()
        if self.synchronous:
            report = on_progress or (lambda done, total: None)
            run_task_sync(lambda: fn(report, cancel), on_done, on_error)
            return cancel
        _start(lambda relay: fn(relay.progress.emit, cancel), on_done, on_error, on_progress)
        return cancel
