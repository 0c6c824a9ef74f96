"""Plain progress callbacks and cancel tokens for long core operations.

The core never knows about Qt: ``ui/`` turns these callbacks into signals.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from evidence.errors import Cancelled

#: ``progress(done, total)``; ``total`` is 0 when unknown.
ProgressCallback = Callable[[int, int], None]


def no_progress(done: int, total: int) -> None:
    """Default progress callback: ignores every report."""


def items_of(progress: ProgressCallback) -> ProgressCallback:
    """A transfer's second count, objects (``items(done, total)``), for a progress
    callback that has one (the CLI's progress line, the window's sync panel): a
    ``progress`` with an ``items`` method gets both counts through the one parameter the
    core's functions take; a plain function, bytes only."""
    return getattr(progress, "items", no_progress)


class CancelToken:
    """Thread-safe flag checked by long operations between units of work."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled("operation cancelled")


NEVER_CANCELLED = CancelToken()
