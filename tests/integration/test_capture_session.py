"""The desktop's capture session on the real core (no Qt): the vault opened once, real
screenshots of an Xvfb screen, and a TSA that answers slowly. The automatic flush runs
on its own thread and connection: a capture taken while it waits is not held up."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from app.capture_session import CaptureSession, StampConfig
from app.services.context import AppContext
from app.services.timestamps import StampOutcome
from app.settings import Settings
from app.vault_host import VaultHost
from capture.commit import CaptureOrder
from capture.screen import Region
from evidence import dossiers
from evidence import timestamps as ts
from signing.handlers import FixedAnswers
from tests.fixtures.tsa_proxy import TsaProxy
from tests.fixtures.vault import make_vault_home
from tests.fixtures.xvfb import XDisplay


def test_a_capture_during_a_slow_flush_is_not_held_up(on_xvfb: XDisplay, pki, tsa_proxy,
                                                      tmp_path: Path) -> None:
    home = make_vault_home(tmp_path / "home")
    proxy: TsaProxy = tsa_proxy(pki.tsa_url)
    with home.open() as vault:
        constat = dossiers.create_constat(
            vault, dossiers.create_dossier(vault, "Affaire", "X").id, "page litigieuse").id
        ts.add_authority(vault, proxy.url, pki.ca_bundle_pem.read_text())
    proxy.mode, proxy.delay_s = "slow", 2.0  # each TSA answer takes 2 s
    stamped: list[tuple[float, StampOutcome]] = []
    first_stamp_started = threading.Event()
    ctx = AppContext(home.home, Settings(tsa_timeout_s=10), FixedAnswers(None), FixedAnswers(None))
    host = VaultHost(home.open)
    session = CaptureSession(host, StampConfig(ctx, delay_s=0.05),
                             on_stamped=lambda o: stamped.append((time.monotonic(), o)))
    seen = proxy.answer

    def answer(request: bytes):  # type: ignore[no-untyped-def]
        first_stamp_started.set()
        return seen(request)

    proxy.answer = answer  # type: ignore[method-assign]
    try:
        session.start()
        order = CaptureOrder(constat, "region", Region(0, 0, 64, 48))
        session.capture(order)
        assert first_stamp_started.wait(10)  # the flush now waits on the TSA
        session.capture(order)
        second_done = time.monotonic()
        assert not stamped  # the second capture did not wait for the first flush
    finally:
        session.close()
        assert session.wait_closed(30)
        host.shutdown()
    assert stamped and stamped[0][0] > second_done
    assert sum(o.covered for _, o in stamped) >= 1
    with home.open() as vault:
        shots = [p for p in ts.pending(vault, constat_id=constat)]
        assert not shots  # the session's last stamp, at close, covered the second capture
