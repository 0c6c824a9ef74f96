"""How far the workstation clock is from a TSA's, as one token measured it.

The raw skew is genTime minus the workstation clock at the middle of the request, ± half
the round trip. A genTime in whole seconds (certomancer, many TSAs: RFC 3161 leaves
fractions optional) is truncated: the TSA's time was within the second after it, so a clock
exactly on time reads up to −1000 ms. The offset is then taken at the middle of that
second and the second's half added to the margin, as is the accuracy the TSA states in
TSTInfo. Used wherever the offset is printed or judged: the PV, the flush's warning, the
settings' test of a TSA."""

from __future__ import annotations


def clock_offset_ms(skew_ms: int, round_trip_ms: int, response: bytes) -> tuple[int, int]:
    """(offset, margin) in ms from a token's raw skew, round trip and TimeStampResp."""
    skew, plus = skew_ms, (round_trip_ms + 1) // 2
    whole_second, accuracy_ms = gen_time_precision(response)
    if whole_second:
        skew, plus = skew + 500, plus + 500
    return skew, plus + accuracy_ms


def gen_time_precision(response: bytes) -> tuple[bool, int]:
    """(genTime has no fraction of a second, the TSTInfo accuracy in ms) of an RFC 3161
    answer; (False, 0) for one that cannot be read (then nothing is added)."""
    from asn1crypto import tsp

    try:
        token = tsp.TimeStampResp.load(response)["time_stamp_token"]
        info = token["content"]["encap_content_info"]["content"].parsed
        raw = bytes(info["gen_time"].contents).decode("ascii")
        accuracy = info["accuracy"].native or {}
    except (ValueError, TypeError, KeyError, AttributeError, UnicodeDecodeError):
        return False, 0
    ms = (int(accuracy.get("seconds") or 0) * 1000 + int(accuracy.get("millis") or 0)
          + -(-int(accuracy.get("micros") or 0) // 1000))
    return "." not in raw and "," not in raw, ms
