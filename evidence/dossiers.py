"""Dossiers (client matters) and constats (the captures of one operation)."""

from __future__ import annotations

from datetime import datetime

from evidence.clock import TimeReading
from evidence.errors import BadInput, ConstatClosed, NotFound
from evidence.model import Constat, Dossier, constat_from_row, dossier_from_row, new_id
from evidence.vault import Vault

STAFF = ("commissaire", "collaborateur")


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


def create_dossier(vault: Vault, title: str, requester: str = "",
                   deadline: str | None = None) -> Dossier:
    vault.require_role(*STAFF, action="create_dossier")
    title = title.strip()
    if not title:
        raise BadInput("a dossier needs a title", field="title")
    deadline_iso = _parse_deadline(deadline)
    now = TimeReading.now()
    dossier = Dossier(new_id("dos"), title, requester.strip(), deadline_iso, now.utc,
                      vault.session.user.id)
    with vault.db.transaction() as conn:
        conn.execute("INSERT INTO dossiers VALUES (?,?,?,?,?,?)",
                     (dossier.id, dossier.title, dossier.requester, dossier.deadline,
                      dossier.created_at, dossier.created_by))
        vault.record(conn, "dossier_created", subject=dossier.id, when=now,
                     details={"title": title, "requester": dossier.requester,
                              "deadline": deadline_iso})
    return dossier


def get_dossier(vault: Vault, dossier_id: str) -> Dossier:
    row = vault.db.query_one("SELECT * FROM dossiers WHERE id = ?", (dossier_id,))
    if row is None:
        raise NotFound(f"unknown dossier {dossier_id}", kind="dossier", id=dossier_id)
    return dossier_from_row(row)


def list_dossiers(vault: Vault) -> list[Dossier]:
    return [dossier_from_row(r) for r in vault.db.query("SELECT * FROM dossiers ORDER BY created_at")]


def create_constat(vault: Vault, dossier_id: str, mission: str = "") -> Constat:
    """A constat is opened by the officer who will capture in it."""
    vault.require_role("commissaire", action="create_constat")
    get_dossier(vault, dossier_id)
    now = TimeReading.now()
    user = vault.session.user.id
    constat = Constat(new_id("cst"), dossier_id, mission.strip(), user, now.utc, now.local,
                      None, None, "open", user)
    with vault.db.transaction() as conn:
        conn.execute(
            "INSERT INTO constats (id, dossier_id, mission, officer_id, started_at, started_local,"
            " status, created_by) VALUES (?,?,?,?,?,?,?,?)",
            (constat.id, dossier_id, constat.mission, user, now.utc, now.local, "open", user))
        vault.record(conn, "constat_created", subject=constat.id, constat_id=constat.id,
                     when=now, details={"dossier": dossier_id, "mission": constat.mission})
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
