"""How the PV states a time (D3 point 7): French legal time with its offset, and UTC.

The vault records instants in UTC (``captured_at``, a token's genTime); the act is read
in France, so each time is printed in French legal time (zone Europe/Paris, from the
IANA database through ``zoneinfo``: the summer-time rules are the law's, not the
workstation's settings) with its offset to UTC, followed by the same instant in UTC.
A capture time is read on the workstation's clock: the PV gives its measured offset to
a reference (an NTP server of an environment report, else the TSA's genTime at the
first token covering the item), or says that it was not measured.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from signing.legal_time import paris, parse_instant
from signing.pv.model import ClockOffset
from signing.tsa.skew import clock_offset_ms


def offset_label(moment: datetime) -> str:
    """"UTC+01:00" for a Paris winter time, "UTC+02:00" in summer."""
    delta = moment.utcoffset()
    minutes = int(delta.total_seconds() // 60) if delta is not None else 0
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def legal(text: str) -> str:
    """"2026-11-25 15:03:12 heure légale française (UTC+01:00), soit 14:03:12 UTC"; the UTC
    date is repeated when it is not the French one. Not an instant: printed as is."""
    moment = parse_instant(text)
    if moment is None:
        return text
    local, utc = moment.astimezone(paris()), moment.astimezone(UTC)
    utc_text = f"{utc:%H:%M:%S}" if utc.date() == local.date() else f"{utc:%Y-%m-%d %H:%M:%S}"
    return (f"{local:%Y-%m-%d %H:%M:%S} heure légale française ({offset_label(local)}), "
            f"soit {utc_text} UTC")


def signed_ms(value: int) -> str:
    return f"{value:+d}".replace("-", "−")


@dataclass(frozen=True)
class NtpReading:
    """An environment report's measured offset to an NTP server."""

    at: datetime
    server: str
    offset_ms: int
    where: str  # « relevé de début, annexe 1 »


def ntp_readings(reports: Sequence[tuple[str, Mapping[str, Any]]], where: Sequence[str]
                 ) -> list[NtpReading]:
    """(captured_at, checks) of each report → the offsets its ``clock`` check measured (the
    first server that answered; one that did not is no reading)."""
    out = []
    for (at_text, checks), label in zip(reports, where, strict=True):
        at = parse_instant(at_text)
        value = (checks.get("clock") or {}).get("value")
        if at is None or not isinstance(value, Mapping):
            continue
        for server, answer in value.items():
            if isinstance(answer, Mapping) and isinstance(answer.get("offset_ms"), int):
                out.append(NtpReading(at, str(server), int(answer["offset_ms"]), label))
                break
    return out


def clock_offset(captured_at: str, readings: Sequence[NtpReading], token: Any,
                 tsa_name: str) -> ClockOffset:
    """The offset printed for a capture: the NTP reading nearest in time, else the skew the
    first covering token measured (TSA genTime minus the workstation clock at the middle of
    the request's round trip, ± half the round trip and genTime's resolution: tsa_skew),
    else not measured."""
    at = parse_instant(captured_at)
    if readings and at is not None:
        near = min(readings, key=lambda r: abs((r.at - at).total_seconds()))
        return ClockOffset(near.offset_ms, "ntp", near.server, near.where)
    if token is not None:
        offset, plus = tsa_skew(token)
        return ClockOffset(offset, "tsa", tsa_name, legal(str(token.requested_at)), plus)
    return ClockOffset(None)


def tsa_skew(token: Any) -> tuple[int, int]:
    """A stored token's measure of the workstation clock (signing/tsa/skew.py)."""
    return clock_offset_ms(int(token.skew_ms), int(token.round_trip_ms), bytes(token.response))
