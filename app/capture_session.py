"""A capture session: hotkeys and buttons on the desktop session's unlocked vault.

The officer's key (PIN and touch) is asked once, when the desktop session
unlocks, not at every hotkey. The vault lives on its host's thread
(``app.vault_host``); captures are submitted there. Qt-free: the desktop and
the bench drive it the same way.

After a capture the RFC 3161 flush is not run at once but after a short quiet
moment: a burst of hotkeys is covered by one token (the flush is a Merkle batch).
It runs on a second thread with its own connection to the same unlocked vault, so
a capture never waits behind the TSA (the flush holds the vault's write lock only
for the milliseconds of its final writes). Offline, the captures simply stay
queued, as on the command line.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from app.services.context import AppContext
from app.services.matters import constat_label
from app.services.timestamps import StampOutcome, cover_pending
from app.vault_host import VaultHost
from capture.commit import (
    CaptureOrder,
    CaptureRow,
    capture_row,
    capture_screenshot,
    check_may_capture,
    resolve,
)
from evidence import timestamps as ts
from evidence.dossiers import list_constats
from evidence.errors import BadInput
from evidence.items import list_evidence
from evidence.vault import Vault

T = TypeVar("T")


@dataclass(frozen=True)
class SessionInfo:
    officer: str
    demo: bool
    simulated: bool  # software authenticator: no hardware protection
    constats: tuple[tuple[str, str], ...]  # the open constats: (id, label)


@dataclass(frozen=True)
class StampConfig:
    """When captures are stamped: ``ctx.settings.timestamp_after_capture`` says whether,
    this says after how quiet a moment (a burst of hotkeys is one Merkle batch)."""

    ctx: AppContext
    delay_s: float = 1.5  # quiet time after the last capture before the flush

    @property
    def enabled(self) -> bool:
        return self.ctx.settings.timestamp_after_capture


class CaptureSession:
    def __init__(self, host: VaultHost, stamp: StampConfig | None = None,
                 on_stamped: Callable[[StampOutcome], None] | None = None) -> None:
        self._host = host  # owned by the desktop session: this session never closes it
        self._stamp = stamp
        self.on_stamped = on_stamped  # who hears of each automatic flush (the panel)
        self._stamp_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="probant-stamp")
        self._stamp_vault: Vault | None = None  # the stamp thread's own connection
        self._lock = threading.Lock()  # guards the stamp timer and the wanted set
        self._timer: threading.Timer | None = None
        self._stamp_wanted: set[str] = set()
        self.closed = False
        self._finished = threading.Event()  # the stamp connection closed, on its thread

    # -- the vault's thread --------------------------------------------------------
    def _run(self, fn: Callable[[Vault], T]) -> T:
        """Runs on the vault's thread and waits (call it from a worker, never the GUI thread)."""
        if self.closed:
            raise BadInput("the capture session is closed")
        return self._host.run(fn)

    # -- API (blocking) ------------------------------------------------------------
    def start(self) -> SessionInfo:
        """Opens the vault (the key is asked now) and checks the officer may capture."""
        def work(vault: Vault) -> SessionInfo:
            vault.require_role("commissaire", action="capture")  # refused: journaled, said
            constats = tuple((c.id, constat_label(c))
                             for c in list_constats(vault) if c.status == "open")
            return SessionInfo(vault.session.user.name, vault.demo, vault.session.simulated,
                               constats)
        return self._run(work)

    def check(self, constat_id: str) -> None:
        """Before the panel hides itself for a grab: refusals come back at once."""
        self._run(lambda vault: check_may_capture(vault, constat_id))

    def capture(self, order: CaptureOrder) -> CaptureRow:
        def work(vault: Vault) -> CaptureRow:
            request = resolve(order)
            done = capture_screenshot(vault, order.constat_id, request)
            return capture_row(done.item, False)
        row = self._run(work)
        self._want_stamp(order.constat_id)
        return row

    def recent(self, constat_id: str, limit: int = 10) -> tuple[CaptureRow, ...]:
        """The constat's last screenshots, newest first, with their trusted-time state."""
        def work(vault: Vault) -> tuple[CaptureRow, ...]:
            shots = [i for i in list_evidence(vault, constat_id)
                     if i.kind == "screenshot" and i.origin == "captured"][-limit:]
            waiting = {p.subject_id for p in ts.pending(vault, constat_id=constat_id)}
            return tuple(capture_row(i, i.id not in waiting) for i in reversed(shots))
        return self._run(work)

    def close(self) -> None:
        """Non-blocking (safe on the GUI thread): pending stamps are tried, then the stamp
        connection is closed on its thread (the vault itself stays with its host)."""
        if self.closed:
            return
        self.closed = True
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        # The last captures' stamp first, then its connection, both on the stamp thread.
        self._stamp_pool.submit(self._close_stamp_work)
        self._stamp_pool.shutdown(wait=False)

    def _close_stamp_work(self) -> None:
        try:
            self._stamp_now()
        finally:
            if self._stamp_vault is not None:
                self._stamp_vault.close()
                self._stamp_vault = None
            self._finished.set()

    def wait_closed(self, timeout_s: float | None = None) -> bool:
        """After close(): True once the last stamp ran and its connection is closed."""
        return self._finished.wait(timeout_s)

    # -- trusted time ------------------------------------------------------------
    def _want_stamp(self, constat_id: str) -> None:
        if self._stamp is None or not self._stamp.enabled:
            return
        with self._lock:
            self._stamp_wanted.add(constat_id)
            if self._timer is not None:
                self._timer.cancel()  # a burst: wait for its end
            self._timer = threading.Timer(self._stamp.delay_s, self._stamp_due)
            self._timer.daemon = True
            self._timer.start()

    def _stamp_due(self) -> None:
        with self._lock:
            self._timer = None
        try:
            self._stamp_pool.submit(self._stamp_now)
        except RuntimeError:  # closed meanwhile: close() tries the stamp itself
            pass

    def _stamp_now(self) -> None:
        """On the stamp thread, with its own connection (opened there, on first use)."""
        with self._lock:
            wanted, self._stamp_wanted = sorted(self._stamp_wanted), set()
        main = self._host.current()
        if not wanted or main is None or self._stamp is None:
            return
        if self._stamp_vault is None:
            self._stamp_vault = main.sibling()
        outcome = cover_pending(self._stamp.ctx, self._stamp_vault, tuple(wanted))
        if self.on_stamped is not None:
            self.on_stamped(outcome)

