"""The gate between a flush (holding the vault's write lock) and the thread checking a TSA
answer: the checking thread never uses the network while the flush holds its lock."""

from __future__ import annotations

import threading

import pytest

from evidence.progress import NEVER_CANCELLED
from signing.tsa.gate import NetworkGate


def test_an_early_offline_then_a_need_for_the_network_makes_the_flush_let_go() -> None:
    gate = NetworkGate()
    events: list[str] = []
    locked = threading.Event()

    def checker() -> None:
        gate.offline()  # the guess: a known verdict
        assert locked.wait(5)  # the flush takes its lock meanwhile
        gate.need_network()  # another certificate after all: wait for the lock to go
        events.append("fetching")
        gate.offline()
        gate.done()

    thread = threading.Thread(target=checker)
    thread.start()
    gate.wait_offline(NEVER_CANCELLED)
    events.append("locked")
    locked.set()
    assert gate.wait_done(5) is False  # told to let go, before any fetch
    events.append("rolled back")
    gate.release()
    gate.wait_offline(NEVER_CANCELLED)
    assert gate.wait_done(5) is True
    gate.release()
    thread.join(5)
    assert events == ["locked", "rolled back", "fetching"]


def test_no_lock_held_means_the_network_is_free_at_once() -> None:
    gate = NetworkGate()

    def no_waiting(*args: object, **kwargs: object) -> bool:
        raise AssertionError("need_network waited though no lock was held")

    gate._cond.wait_for = no_waiting  # type: ignore[method-assign]
    gate._cond.wait = no_waiting  # type: ignore[method-assign]
    gate.need_network(timeout_s=5)
    # Once the flush holds its lock, the same call does wait (which the patch makes fail).
    gate.offline()
    gate.wait_offline(NEVER_CANCELLED)
    with pytest.raises(AssertionError, match="waited"):
        gate.need_network(timeout_s=5)


def test_checks_that_never_finish_are_bounded() -> None:
    gate = NetworkGate()
    gate.offline()
    gate.wait_offline(NEVER_CANCELLED)
    try:
        gate.wait_done(0.1)
    except TimeoutError:
        pass
    else:
        raise AssertionError("expected a time-out")
    gate.release()
