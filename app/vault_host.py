"""The unlocked vault of a desktop session, held on one dedicated thread.

A SQLCipher connection belongs to the thread that opened it: the vault is
opened, used and closed on a single-worker executor, and callers (the desktop's
worker threads, the capture session) submit to it and wait. Unlocked once per
session (the key asked once), closed when the session locks. Qt-free.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from evidence.errors import VaultLocked
from evidence.vault import Vault

T = TypeVar("T")


class VaultHost:
    def __init__(self, opener: Callable[[], Vault] | None = None) -> None:
        self._opener = opener  # used on first use when given (the capture session's tests)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="probant-vault")
        self._vault: Vault | None = None
        self._guard = threading.Lock()
        self._shut = False  # after shutdown: close and shutdown do nothing (idempotent)

    @property
    def is_open(self) -> bool:
        return self._vault is not None

    def open(self, opener: Callable[[], Vault]) -> None:
        """Unlocks now, on the vault's thread (the key is asked from there); blocking."""
        def work() -> None:
            if self._vault is None:
                self._vault = opener()
        self._pool.submit(work).result()

    def run(self, fn: Callable[[Vault], T]) -> T:
        """``fn(vault)`` on the vault's thread; blocking: call it from a worker thread,
        never from the GUI thread. Refused once locked."""
        return self._pool.submit(lambda: fn(self._opened())).result()

    def _opened(self) -> Vault:
        if self._vault is None:
            if self._opener is None:
                raise VaultLocked("the vault is locked")
            self._vault = self._opener()
        return self._vault

    def current(self) -> Vault | None:
        """The open vault object, for ``Vault.sibling()`` on another thread (its own
        connection); never use its connection from another thread."""
        return self._vault

    def close(self) -> None:
        """Non-blocking: closes the vault on its thread after the work already queued."""
        def work() -> None:
            if self._vault is not None:
                self._vault.close()
                self._vault = None
        with self._guard:
            if not self._shut:
                self._pool.submit(work)

    def wait_idle(self, timeout_s: float | None = None) -> bool:
        """True once everything queued so far has run (tests, shutdown)."""
        done = threading.Event()
        self._pool.submit(done.set)
        return done.wait(timeout_s)

    def shutdown(self) -> None:
        self.close()
        with self._guard:
            self._shut = True
        self._pool.shutdown(wait=True)
