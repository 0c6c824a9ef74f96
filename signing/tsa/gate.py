"""Who may use the network, and when: between a flush and the thread checking a TSA answer.

A flush stores a token (and ends its items' wait) inside a transaction, and that holds
the vault's write lock: it must never be held while waiting for something that travels
over the network (a capture in another process would wait behind a slow OCSP responder). The thread checking the
answer says when only computation is left (``offline``), possibly early, as soon as
the answer's bytes are in and the TSA chain's verdict is already known; if it then
turns out to need the network after all (another TSA certificate, a verdict that
expired meanwhile), it asks for it (``need_network``) and waits until the flush has
rolled back and holds nothing. Nothing is shared but this object.
"""

from __future__ import annotations

import threading
import time

from evidence.progress import CancelToken


class NetworkGate:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._offline = False  # only computation left (until need_network says otherwise)
        self._network_wanted = False
        self._lock_free = True  # the flush holds no transaction
        self._done = False  # the answer is checked (or failed)

    # -- the checking thread ------------------------------------------------------------
    def offline(self) -> None:
        with self._cond:
            self._offline = True
            self._cond.notify_all()
        # Hand the interpreter lock over now: the flush's writes then run in SQLite (which
        # lets go of it) while this thread goes on checking, instead of waiting up to a
        # whole switch interval (5 ms) behind these checks.
        time.sleep(0)

    def need_network(self, timeout_s: float = 30.0) -> None:
        """Before any fetch: returns once the flush holds no lock (at once if it holds none)."""
        with self._cond:
            self._offline = False
            if self._lock_free:
                return
            self._network_wanted = True
            self._cond.notify_all()
            self._cond.wait_for(lambda: self._lock_free, timeout_s)

    def done(self) -> None:
        with self._cond:
            self._done = True
            self._cond.notify_all()

    # -- the flush ----------------------------------------------------------------------
    def wait_offline(self, cancel: CancelToken) -> None:
        """Until only computation is left, or the answer is done (failed, often)."""
        with self._cond:
            while not (self._offline or self._done):
                self._cond.wait(0.05)
                cancel.raise_if_cancelled()
            self._lock_free = False  # the caller takes its transaction now

    def wait_done(self, timeout_s: float) -> bool:
        """Inside the transaction: True once the answer is done; False when the checking
        thread needs the network (roll back, call ``release``, then ``wait_offline``)."""
        with self._cond:
            self._cond.wait_for(lambda: self._done or self._network_wanted, timeout_s)
            if self._done:
                return True
            if self._network_wanted:
                return False
            raise TimeoutError("the answer's checks did not finish")

    def release(self) -> None:
        """The flush holds no transaction any more."""
        with self._cond:
            self._lock_free = True
            self._network_wanted = False
            self._cond.notify_all()
