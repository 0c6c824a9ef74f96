"""The officer's reservations (« réserves ») on the NF Z67-147 points of a constat.

A point of the technical prerequisites that failed, or that no probe could determine,
blocks the PV's signature unless the officer writes a reservation for it: the PV then
prints it in its « Réserves » section. Like findings (``evidence.findings``), each writing
is a new immutable version (schema 9), the newest per point is the current one, the
journal entry carries the text, and nothing changes once the constat's PV is signed.

Which points take a reservation is the PV rules' word (``signing.pv``), given by the
caller (``points``): evidence/ does not import signing/.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass
from typing import Any

from evidence.clock import TimeReading
from evidence.dossiers import get_constat
from evidence.errors import BadInput
from evidence.findings import _next_version_where, _refuse_when_signed
from evidence.vault import Vault


class ReservationPointUnknown(BadInput):
    """The point named is not one a reservation can be written for."""

    code = "reservation_point_unknown"


@dataclass(frozen=True)
class Reservation:
    constat_id: str
    point: str  # the rule's code (public_ip, clock, proxy, ...)
    version: int
    text: str  # empty: the reservation is withdrawn
    written_at: str
    written_local: str
    written_by: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def reserve(vault: Vault, constat_id: str, point: str, text: str, *,
            points: Collection[str], signed_pv_kind: str) -> Reservation:
    """A new version of the reservation on ``point`` (empty text withdraws it; the same
    text again writes nothing). Commissaire only; refused once the PV is signed."""
    vault.require_role("commissaire", action="write_reservation")
    get_constat(vault, constat_id)
    if point not in points:
        raise ReservationPointUnknown(
            f"no reservation can be written for {point!r}; points: {', '.join(sorted(points))}",
            point=point, points=", ".join(sorted(points)))
    text = text.strip()
    current = reservations_of(vault, constat_id).get(point)
    if current is not None and current.text == text:
        return current
    if current is None and not text:
        raise BadInput("write the reservation's text", field="text")
    now = TimeReading.now()
    with vault.db.transaction() as conn:
        _refuse_when_signed(conn, constat_id, signed_pv_kind)
        version = _next_version_where(conn, "reservations", "constat_id = ? AND point = ?",
                                      (constat_id, point))
        conn.execute("INSERT INTO reservations (constat_id, point, version, text, written_at,"
                     " written_local, written_by) VALUES (?,?,?,?,?,?,?)",
                     (constat_id, point, version, text, now.utc, now.local,
                      vault.session.user.id))
        vault.record(conn, "reservation_written", subject=constat_id, constat_id=constat_id,
                     when=now, details={"point": point, "version": version, "text": text})
    return Reservation(constat_id, point, version, text, now.utc, now.local,
                       vault.session.user.id)


def reservations_of(vault: Vault, constat_id: str) -> dict[str, Reservation]:
    """The current reservation of each point of the constat (withdrawn ones left out)."""
    rows = vault.db.query("SELECT * FROM reservations WHERE constat_id = ?"
                          " ORDER BY point, version", (constat_id,))
    current = {r["point"]: Reservation(r["constat_id"], r["point"], int(r["version"]),
                                       r["text"], r["written_at"], r["written_local"],
                                       r["written_by"]) for r in rows}
    return {p: r for p, r in current.items() if r.text}
