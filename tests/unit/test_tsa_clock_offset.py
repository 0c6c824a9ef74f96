"""D3 point 7: the clock offset a token measures counts genTime's resolution. A TSA whose
genTime is in whole seconds (certomancer's, many public ones) truncates it, so a workstation
clock exactly on time read « écart mesuré : −1008 ms (à ± 125 ms près) » in a signed PV,
and the NF Z67-147 clock rule could call a correct clock an anomaly. Real RFC 3161 answers
from pyHanko's time stamper, with and without fractions of a second."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from signing.pv.times import clock_offset, tsa_skew
from signing.pv.z67 import Report, TsaSkew, evaluate
from signing.tsa.skew import gen_time_precision
from tests.unit.test_pv_tsa_quality import _tsa

AT = datetime(2026, 12, 5, 2, 20, 4, tzinfo=UTC)


def _answer(at: datetime) -> bytes:
    import hashlib

    from asn1crypto import algos, tsp
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    request = tsp.TimeStampReq({
        "version": 1, "cert_req": True,
        "message_imprint": tsp.MessageImprint({
            "hash_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
            "hashed_message": hashlib.sha256(b"annexe 2").digest()})})
    return DummyTimeStamper(*_tsa("TSA", qualified=False), fixed_dt=at).request_tsa_response(
        request).dump()


def _token(response: bytes, skew_ms: int, round_trip_ms: int) -> SimpleNamespace:
    return SimpleNamespace(skew_ms=skew_ms, round_trip_ms=round_trip_ms, response=response,
                           requested_at="2026-12-05T02:20:03.900Z")


def test_a_whole_second_gen_time_widens_and_centres_the_measure() -> None:
    whole, fine = _answer(AT), _answer(AT.replace(microsecond=250000))
    assert gen_time_precision(whole) == (True, 0)
    assert gen_time_precision(fine) == (False, 0)
    assert gen_time_precision(b"not an answer") == (False, 0)
    # a clock on time, the TSA's second truncated: −1008 ms read, ± 63 ms of round trip
    assert tsa_skew(_token(whole, -1008, 125)) == (-508, 563)
    assert tsa_skew(_token(fine, -8, 125)) == (-8, 63)  # milliseconds: as measured
    printed = clock_offset("2026-12-05T02:20:03Z", [], _token(whole, -1008, 125), "TSA")
    assert (printed.offset_ms, printed.reference) == (-508, "tsa")
    assert abs(printed.offset_ms) <= 563  # the true offset, zero, is within the margin


def test_a_clock_on_time_is_not_an_anomaly_because_of_a_truncated_gen_time() -> None:
    offline = [Report("start", "1", {"clock": {"status": "offline", "value": {}}})]
    offset, plus = tsa_skew(_token(_answer(AT), -1090, 40))
    [clock] = [o for o in evaluate(offline, [], [TsaSkew("2", "TSA", offset, 2 * plus)])
               if o.code == "clock"]
    assert clock.ok, clock.message_fr
    # read raw, the same token made the clock an anomaly
    [raw] = [o for o in evaluate(offline, [], [TsaSkew("2", "TSA", -1090, 40)])
             if o.code == "clock"]
    assert not raw.ok
