"""Dossiers (client matters) and constats (the captures of one operation)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from evidence.clock import TimeReading
from evidence.errors import BadInput, ConstatClosed, NotFound
from evidence.model import Constat, Dossier, constat_from_row, dossier_from_row, new_id
from evidence.vault import Vault

STAFF = ("commissaire", "collaborateur")


class RequesterSealed(BadInput):
    """The requester's identity is printed in a signed PV (art. 648 CPC): changing it in
    the dossier would make the vault say something else than the act it holds."""

    code = "requester_sealed"


def _parse_deadline(deadline: str | None) -> str | None:
    if deadline is None or deadline == "":
        return None
    try:
        parsed = datetime.fromisoformat(deadline)
    except ValueError as exc:
        raise BadInput(f"deadline is not an ISO date-time: {deadline!r}", value=deadline) from exc
    if parsed.tzinfo is None:
        parsed = parsed.astimezone()  # a naive time means the workstation's local time
    return parsed.isoformat()


def _title(title: str) -> str:
    if not title.strip():
        raise BadInput("a dossier needs a title", field="title")
    return title.strip()


def create_dossier(vault: Vault, title: str, requester: str = "",
                   deadline: str | None = None, reference: str = "") -> Dossier:
    vault.require_role(*STAFF, action="create_dossier")
    title = _title(title)
    deadline_iso = _parse_deadline(deadline)
    now = TimeReading.now()
    dossier = Dossier(new_id("dos"), title, requester.strip(), deadline_iso, now.utc,
                      vault.session.user.id, reference.strip())
    with vault.db.transaction() as conn:
        conn.execute("INSERT INTO dossiers (id, title, requester, deadline, created_at,"
                     " created_by, reference) VALUES (?,?,?,?,?,?,?)",
                     (dossier.id, dossier.title, dossier.requester, dossier.deadline,
                      dossier.created_at, dossier.created_by, dossier.reference))
        vault.record(conn, "dossier_created", subject=dossier.id, when=now,
                     details={"title": title, "requester": dossier.requester,
                              "deadline": deadline_iso, "reference": dossier.reference})
    return dossier


def update_dossier(vault: Vault, dossier_id: str, *, signed_pv_kind: str,
                   title: str | None = None, requester: str | None = None,
                   deadline: str | None = None, reference: str | None = None) -> Dossier:
    """Dossiers are not evidence: they may be edited, each change journaled with its
    before and after values. ``None`` leaves a field as it is; an empty ``deadline``
    removes it. The requester cannot change once a constat of the dossier holds a signed
    PV (evidence of ``signed_pv_kind``, given by the caller: evidence/ does not import
    signing/); the title, reference and deadline are the étude's own bookkeeping."""
    vault.require_role(*STAFF, action="update_dossier")
    current = get_dossier(vault, dossier_id)
    wanted = replace(
        current,
        title=current.title if title is None else _title(title),
        requester=current.requester if requester is None else requester.strip(),
        deadline=current.deadline if deadline is None else _parse_deadline(deadline),
        reference=current.reference if reference is None else reference.strip())
    changes = _changes(current, wanted)
    if not changes:
        return current
    with vault.db.transaction() as conn:
        if "requester" in changes and _has_signed_pv(conn, dossier_id, signed_pv_kind):
            raise RequesterSealed(f"dossier {dossier_id} has a signed PV naming its requester",
                                  id=dossier_id)
        conn.execute("UPDATE dossiers SET title = ?, requester = ?, deadline = ?, reference = ?"
                     " WHERE id = ?", (wanted.title, wanted.requester, wanted.deadline,
                                       wanted.reference, dossier_id))
        vault.record(conn, "dossier_updated", subject=dossier_id, details={"changes": changes})
    return wanted


def _changes(before: Dossier, after: Dossier) -> dict[str, dict[str, Any]]:
    fields = ("title", "requester", "deadline", "reference")
    return {name: {"before": getattr(before, name), "after": getattr(after, name)}
            for name in fields if getattr(before, name) != getattr(after, name)}


def _has_signed_pv(conn: Any, dossier_id: str, signed_pv_kind: str) -> bool:
    row = conn.execute("SELECT 1 FROM evidence e JOIN constats c ON c.id = e.constat_id"
                       " WHERE c.dossier_id = ? AND e.kind = ? LIMIT 1",
                       (dossier_id, signed_pv_kind)).fetchone()
    return row is not None


def get_dossier(vault: Vault, dossier_id: str) -> Dossier:
    row = vault.db.query_one("SELECT * FROM dossiers WHERE id = ?", (dossier_id,))
    if row is None:
        raise NotFound(f"unknown dossier {dossier_id}", kind="dossier", id=dossier_id)
    return dossier_from_row(row)


def list_dossiers(vault: Vault) -> list[Dossier]:
    return [dossier_from_row(r) for r in vault.db.query("SELECT * FROM dossiers ORDER BY created_at")]


def create_constat(vault: Vault, dossier_id: str, mission: str = "",
                   place: str = "") -> Constat:
    """A constat is opened by the officer who will capture in it, at ``place`` (the étude's
    workstation or a site address). An empty place is recorded as such, not refused: the
    PV's rules block the signature of a constat without one."""
    vault.require_role("commissaire", action="create_constat")
    get_dossier(vault, dossier_id)
    now = TimeReading.now()
    user = vault.session.user.id
    constat = Constat(new_id("cst"), dossier_id, mission.strip(), user, now.utc, now.local,
                      None, None, "open", user, place.strip())
    with vault.db.transaction() as conn:
        conn.execute(
            "INSERT INTO constats (id, dossier_id, mission, officer_id, started_at, started_local,"
            " status, created_by, place) VALUES (?,?,?,?,?,?,?,?,?)",
            (constat.id, dossier_id, constat.mission, user, now.utc, now.local, "open", user,
             constat.place))
        vault.record(conn, "constat_created", subject=constat.id, constat_id=constat.id,
                     when=now, details={"dossier": dossier_id, "mission": constat.mission,
                                        "place": constat.place})
    return constat


def get_constat(vault: Vault, constat_id: str) -> Constat:
    row = vault.db.query_one("SELECT * FROM constats WHERE id = ?", (constat_id,))
    if row is None:
        raise NotFound(f"unknown constat {constat_id}", kind="constat", id=constat_id)
    return constat_from_row(row)


def list_constats(vault: Vault, dossier_id: str | None = None) -> list[Constat]:
    if dossier_id is None:
        rows = vault.db.query("SELECT * FROM constats ORDER BY started_at")
    else:
        get_dossier(vault, dossier_id)
        rows = vault.db.query("SELECT * FROM constats WHERE dossier_id = ? ORDER BY started_at",
                              (dossier_id,))
    return [constat_from_row(r) for r in rows]


def require_open(vault: Vault, constat_id: str) -> Constat:
    constat = get_constat(vault, constat_id)
    if constat.status != "open":
        raise ConstatClosed(f"constat {constat_id} is closed", id=constat_id)
    return constat


def close_constat(vault: Vault, constat_id: str) -> Constat:
    """Closing records the end time; a closed constat takes no more evidence."""
    vault.require_role("commissaire", action="close_constat")
    require_open(vault, constat_id)
    now = TimeReading.now()
    with vault.db.transaction() as conn:
        conn.execute("UPDATE constats SET status = 'closed', ended_at = ?, ended_local = ?"
                     " WHERE id = ? AND status = 'open'", (now.utc, now.local, constat_id))
        vault.record(conn, "constat_closed", subject=constat_id, constat_id=constat_id, when=now)
    return get_constat(vault, constat_id)
