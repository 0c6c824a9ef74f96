"""A capture session: the vault held open on one dedicated thread while a constat is taken.

The officer's key (PIN and touch) is asked once, at the start of the session, not
at every hotkey. The SQLCipher connection belongs to the thread that opened it,
so the vault is opened, used and closed on one single-worker executor; callers
(the desktop's worker threads) submit to it and wait. Qt-free: the desktop and
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
from typing import Any, TypeVar

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
class StampOutcome:
    constat_ids: tuple[str, ...]
    covered: int  # items covered by the token(s) just obtained
    pending_reason: str  # "" when covered; else why the items wait (error code)


@dataclass(frozen=True)
class StampConfig:
    flush_config: Any  # signing.tsa.flush.FlushConfig (pyHanko is loaded only when flushing)
    enabled: bool = True  # settings.timestamp_after_capture
    delay_s: float = 1.5  # quiet time after the last capture before the flush


class CaptureSession:
    def __init__(self, open_vault: Callable[[], Vault], stamp: StampConfig | None = None,
                 on_stamped: Callable[[StampOutcome], None] | None = None) -> None:
        self._open_vault = open_vault
        self._stamp = stamp
        self._on_stamped = on_stamped
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="probant-capture")
        self._stamp_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="probant-stamp")
        self._vault: Vault | None = None
        self._stamp_vault: Vault | None = None  # the stamp thread's own connection
        self._lock = threading.Lock()  # guards the stamp timer and the wanted set
        self._timer: threading.Timer | None = None
        self._stamp_wanted: set[str] = set()
        self.closed = False
        self._finished = threading.Event()  # both connections closed, each on its thread

    # -- the session thread ------------------------------------------------------
    def _run(self, fn: Callable[[], T]) -> T:
        """Runs on the session thread and waits (call it from a worker, never the GUI thread)."""
        if self.closed:
            raise BadInput("the capture session is closed")
        return self._pool.submit(fn).result()

    def _opened(self) -> Vault:
        if self._vault is None:
            self._vault = self._open_vault()
        return self._vault

    # -- API (blocking) ------------------------------------------------------------
    def start(self) -> SessionInfo:
        """Opens the vault (the key is asked now) and checks the officer may capture."""
        def work() -> SessionInfo:
            vault = self._opened()
            vault.require_role("commissaire", action="capture")  # refused: journaled, said
            constats = tuple((c.id, f"{c.started_local[:16].replace('T', ' ')} — "
                                    f"{c.mission or c.id}")
                             for c in list_constats(vault) if c.status == "open")
            return SessionInfo(vault.session.user.name, vault.demo, vault.session.simulated,
                               constats)
        return self._run(work)

    def check(self, constat_id: str) -> None:
        """Before the panel hides itself for a grab: refusals come back at once."""
        self._run(lambda: check_may_capture(self._opened(), constat_id))

    def capture(self, order: CaptureOrder) -> CaptureRow:
        def work() -> CaptureRow:
            request = resolve(order)
            done = capture_screenshot(self._opened(), order.constat_id, request)
            return capture_row(done.item, False)
        row = self._run(work)
        self._want_stamp(order.constat_id)
        return row

    def recent(self, constat_id: str, limit: int = 10) -> tuple[CaptureRow, ...]:
        """The constat's last screenshots, newest first, with their trusted-time state."""
        def work() -> tuple[CaptureRow, ...]:
            vault = self._opened()
            shots = [i for i in list_evidence(vault, constat_id)
                     if i.kind == "screenshot" and i.origin == "captured"][-limit:]
            waiting = {p.subject_id for p in ts.pending(vault, constat_id=constat_id)}
            return tuple(capture_row(i, i.id not in waiting) for i in reversed(shots))
        return self._run(work)

    def close(self) -> None:
        """Non-blocking (safe on the GUI thread): pending stamps are tried, then the vault
        is closed on its own thread."""
        if self.closed:
            return
        self.closed = True
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        # The last captures' stamp first (its thread), then each connection on its thread.
        self._stamp_pool.submit(self._close_stamp_work)
        self._stamp_pool.shutdown(wait=False)

    def _close_stamp_work(self) -> None:
        try:
            self._stamp_now()
        finally:
            if self._stamp_vault is not None:
                self._stamp_vault.close()
                self._stamp_vault = None
            self._pool.submit(self._close_work)  # after the stamp: the main connection
            self._pool.shutdown(wait=False)

    def _close_work(self) -> None:
        if self._vault is not None:
            self._vault.close()
            self._vault = None
        self._finished.set()

    def wait_closed(self, timeout_s: float | None = None) -> bool:
        """After close(): True once the vault is closed (for tests and the bench)."""
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
        if not wanted or self._vault is None or self._stamp is None:
            return
        if self._stamp_vault is None:
            self._stamp_vault = self._vault.sibling()
        outcome = stamp_pending(self._stamp_vault, self._stamp.flush_config, tuple(wanted))
        if self._on_stamped is not None:
            self._on_stamped(outcome)


def stamp_pending(vault: Vault, flush_config: Any, constat_ids: tuple[str, ...]) -> StampOutcome:
    """The CLI's timestamp_after_capture, for several constats: offline is normal."""
    if not ts.list_authorities(vault):
        return StampOutcome(constat_ids, 0, "no_tsa_configured")
    from signing.tsa.errors import TimestampError
    from signing.tsa.flush import try_flush

    covered, reason = 0, ""
    for constat_id in constat_ids:
        result = try_flush(vault, flush_config, constat_id=constat_id)
        if isinstance(result, TimestampError):
            reason = result.code
        else:
            covered += result.covered
    return StampOutcome(constat_ids, covered, reason)
