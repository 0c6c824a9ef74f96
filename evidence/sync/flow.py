"""How bytes flow to a remote: bandwidth limit, progress, cancel, and retries with back-off.

One :class:`Flow` per push, shared by every request of it: a token bucket for the rate
limit (``--max-rate``; 0 is unlimited), the byte counter behind the core's progress
callback (bytes, total; the CLI derives the rate and ETA), and the cancel token, checked
between blocks. :class:`Reader` is the file-like body handed to boto3 (or read by the folder
remote): every block read goes through the flow, so throttling, progress and cancel act
inside a request, not only between objects.

Retries (:func:`retrying`): exponential back-off with full jitter (sleep uniformly between 0
and min(cap, base·2^n)), bounded both by a number of attempts and by a time budget, for
transient failures only (5xx, throttling, connection reset or refused, timeouts). When the
budget is spent the caller gets a :class:`RemoteUnreachable` naming what was tried, how
often, for how long, and the last error (exit 4; the queue is kept).
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TypeVar

from evidence.errors import Cancelled
from evidence.progress import (
    NEVER_CANCELLED,
    CancelToken,
    ProgressCallback,
    items_of,
    no_progress,
)
from evidence.sync.errors import RemoteUnreachable

T = TypeVar("T")
BLOCK = 256 << 10  # bytes per read: fine enough for the rate limit and the progress


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 6  # in all, the first one included
    base_s: float = 0.25
    cap_s: float = 8.0
    budget_s: float = 90.0  # total time spent retrying one request, sleeps included

    @classmethod
    def from_env(cls) -> RetryPolicy:
        """``PROBANT_SYNC_RETRY=attempts,base_s,cap_s,budget_s`` (tests, slow links)."""
        text = os.environ.get("PROBANT_SYNC_RETRY", "")
        if not text:
            return cls()
        a, b, c, d = (text.split(",") + ["", "", "", ""])[:4]
        base = cls()
        return cls(int(a or base.attempts), float(b or base.base_s), float(c or base.cap_s),
                   float(d or base.budget_s))


def backoff_delay(policy: RetryPolicy, failures: int, rng: Callable[[], float]) -> float:
    """Full jitter: uniform in [0, min(cap, base·2^(failures-1))]."""
    return float(rng() * min(policy.cap_s, policy.base_s * (2.0 ** max(0, failures - 1))))


def retrying(what: str, remote: str, fn: Callable[[], T], *,
             transient: Callable[[BaseException], str | None], policy: RetryPolicy,
             cancel: CancelToken = NEVER_CANCELLED, on_retry: Callable[[], None] | None = None,
             sleep: Callable[[float], None] = time.sleep,
             rng: Callable[[], float] = random.random) -> T:
    """``fn()`` until it succeeds, fails for good, or the retry budget is spent.

    ``transient(exc)`` says why an error is worth another try (a short label) or None.
    ``on_retry`` undoes what the failed attempt counted (progress of a half-sent part).
    """
    start = time.monotonic()
    failures = 0
    while True:
        cancel.raise_if_cancelled()
        try:
            return fn()
        except Cancelled:
            raise
        except Exception as exc:
            why = transient(exc)
            if why is None:
                raise
            failures += 1
            if on_retry is not None:
                on_retry()
            delay = backoff_delay(policy, failures, rng)
            spent = time.monotonic() - start
            if failures >= policy.attempts or spent + delay > policy.budget_s:
                raise RemoteUnreachable(
                    f"{remote}: {what}: gave up after {failures} attempt(s) in {spent:.1f} s "
                    f"(retry budget {policy.attempts} attempts / {policy.budget_s:g} s); "
                    f"last error: {why}", remote=remote, attempts=failures,
                    seconds=round(spent, 1), last_error=why) from exc
            _wait(delay, cancel, sleep)


def _wait(delay: float, cancel: CancelToken, sleep: Callable[[float], None]) -> None:
    end = time.monotonic() + delay
    while (left := end - time.monotonic()) > 0:
        cancel.raise_if_cancelled()
        sleep(min(left, 0.1))


class Flow:
    """Shared by every request of one push: rate limit, progress, cancel. Thread-safe."""

    def __init__(self, *, max_rate: int = 0, total: int = 0,
                 progress: ProgressCallback = no_progress,
                 cancel: CancelToken = NEVER_CANCELLED) -> None:
        self.max_rate = max_rate  # bytes per second; 0: unlimited
        self.total = total
        self.done = 0
        self.progress = progress
        self.cancel = cancel
        self.halted = False  # one part failed for good: the others in flight stop
        self.items = items_of(progress)  # objects done / to do, where the caller counts them
        self.items_done = self.items_total = 0
        self._lock = threading.Lock()
        self._start = time.monotonic()
        self._allowed_at = self._start  # token bucket as a virtual clock

    def add_total(self, size: int) -> None:
        with self._lock:
            self.total += size

    def add_items(self, count: int) -> None:
        with self._lock:
            self.items_total += count
            done, total = self.items_done, self.items_total
        self.items(done, total)

    def item_done(self) -> None:
        """One more object through (sent, found there, fetched, or refused and said)."""
        with self._lock:
            self.items_done += 1
            done, total = self.items_done, self.items_total
        self.items(done, total)

    def consume(self, size: int) -> None:
        """``size`` bytes go out now: wait for the rate limit, then count them."""
        self.cancel.raise_if_cancelled()
        if self.halted:
            raise Cancelled("stopped: another part of this object failed")
        if self.max_rate > 0:
            with self._lock:
                now = time.monotonic()
                # a burst of at most half a second after an idle period
                self._allowed_at = max(self._allowed_at, now - 0.5) + size / self.max_rate
                wait = self._allowed_at - now
            while wait > 0:
                self.cancel.raise_if_cancelled()
                time.sleep(min(wait, 0.1))
                wait -= 0.1
        self.advance(size)

    def advance(self, size: int) -> None:
        """Bytes accounted for without being sent (a part the remote holds already)."""
        with self._lock:
            self.done += size
            done, total = self.done, self.total
        self.progress(done, total)

    def rewind(self, size: int) -> None:
        """A failed attempt's bytes: they will be sent again."""
        with self._lock:
            self.done = max(0, self.done - size)


class FilePart:
    """A range of a file read on demand through a handle of its own: a part in flight holds
    no memory (the bytes come from the page cache as the request sends them)."""

    def __init__(self, path: Path, offset: int, length: int) -> None:
        self.path = path
        self._handle: BinaryIO | None = None  # opened at the first read, closed by close()
        self.offset = offset
        self.length = length

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, part: slice) -> bytes:
        start, stop = int(part.start or 0), min(int(part.stop), self.length)
        if self._handle is None:
            self._handle = open(self.path, "rb")  # noqa: SIM115 - see close()
        self._handle.seek(self.offset + start)
        data = self._handle.read(stop - start)
        if len(data) != stop - start:  # the file changed under us: the upload stops
            raise OSError(f"{self.path}: shorter than when it was hashed")
        return data

    def blocks(self, size: int = 1 << 20) -> Iterator[bytes]:
        for at in range(0, self.length, size):
            yield self[at:at + size]

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()


class Reader:
    """A read-only, seekable file over ``data`` (a part in memory) or over a file's range
    (:class:`FilePart`), whose reads go through ``flow``. boto3 streams it block by block."""

    def __init__(self, data: bytes | memoryview | FilePart, flow: Flow | None,
                 payload_sha256: str | None = None) -> None:
        self._data: memoryview | FilePart = (data if isinstance(data, FilePart)
                                             else memoryview(data))
        # the SHA-256 of ``data``, known already (the part's checksum): the request
        # signature uses it instead of reading the body once more (evidence/sync/signing.py)
        self.payload_sha256 = payload_sha256
        self._pos = 0
        self._high = 0  # the furthest point read in this attempt
        self._flow = flow
        self.sent = 0  # bytes counted in the flow by this reader (undone on a retry)

    def __len__(self) -> int:
        return len(self._data)

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = len(self._data) - self._pos
        size = min(size, BLOCK, len(self._data) - self._pos)
        if size <= 0:
            return b""
        # Only bytes past the furthest point read count: botocore reads a body once to sign
        # it (SigV4 over plain HTTP), seeks back, then reads it again to send it.
        fresh = self._pos + size - self._high
        if self._flow is not None and fresh > 0:
            self._flow.consume(fresh)
            self.sent += fresh
        block = bytes(self._data[self._pos:self._pos + size])
        self._pos += size
        self._high = max(self._high, self._pos)
        return block

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._pos, 2: len(self._data)}[whence]
        self._pos = max(0, min(len(self._data), base + offset))
        return self._pos

    def tell(self) -> int:
        return self._pos

    def seekable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True

    def undo(self) -> None:
        """This attempt failed: its bytes leave the progress count and it starts over."""
        if self._flow is not None and self.sent:
            self._flow.rewind(self.sent)
        self.sent = 0
        self._pos = 0
        self._high = 0


def parse_rate(text: str) -> int:
    """``"0"`` (unlimited), ``"500k"``, ``"20M"``, ``"1.5M"``, ``"1G"``: bytes per second
    (k = 1024). Bad input raises ValueError."""
    raw = text.strip().lower().removesuffix("/s").removesuffix("b").removesuffix("i")
    units = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
    factor = units.get(raw[-1:], 1)
    number = float(raw[:-1] if raw[-1:] in units else raw)
    if number < 0:
        raise ValueError(text)
    return int(number * factor)
