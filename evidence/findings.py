"""What the officer writes about the evidence: a finding (« constatation ») per item and
the narrative (« narration ») of the constat, both printed by the PV.

The evidence itself is never touched (its rows are immutable). Each writing is a new
version, immutable too (schema 8 triggers); the newest version is the current one, and
the journal entry of each version carries its text, so the chain proves what was written
when. « Sans observation » is an explicit finding, not an empty one.

Once a constat holds a signed PV, its findings and narrative are what the act says: they
are refused from then on. Which evidence kind is a signed PV is the caller's word
(``signed_pv_kind``, :data:`signing.pv.workflow.PV_KIND`): evidence/ does not import
signing/. The check runs inside the writing transaction, so a signature cannot slip in
between.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from evidence import items
from evidence.clock import TimeReading
from evidence.dossiers import get_constat
from evidence.errors import BadInput
from evidence.vault import Vault


class FindingsSealed(BadInput):
    """The constat's PV is signed: its findings and narrative can no longer change."""

    code = "findings_sealed"


@dataclass(frozen=True)
class Finding:
    evidence_id: str
    constat_id: str
    version: int  # 1, 2, ...: the newest is the current finding
    text: str  # empty when no_observation
    no_observation: bool  # « sans observation », written as such by the officer
    written_at: str
    written_local: str
    written_by: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Narrative:
    constat_id: str
    version: int
    text: str
    written_at: str
    written_local: str
    written_by: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def describe(vault: Vault, evidence_id: str, text: str, *, signed_pv_kind: str,
             no_observation: bool = False) -> Finding:
    """A new version of the item's finding (the same words again write nothing)."""
    vault.require_role("commissaire", action="describe_evidence")
    item = items.get_evidence(vault, evidence_id)
    if item.kind == signed_pv_kind:
        raise BadInput("a PV is the act itself, not a piece to describe", id=evidence_id)
    text = _finding_text(text, no_observation)
    current = _finding_rows(vault, "evidence_id = ?", (evidence_id,))
    if current and (current[-1].text, current[-1].no_observation) == (text, no_observation):
        return current[-1]
    now = TimeReading.now()
    with vault.db.transaction() as conn:
        _refuse_when_signed(conn, item.constat_id, signed_pv_kind)
        version = _next_version(conn, "findings", "evidence_id", evidence_id)
        conn.execute("INSERT INTO findings (evidence_id, constat_id, version, text,"
                     " no_observation, written_at, written_local, written_by)"
                     " VALUES (?,?,?,?,?,?,?,?)",
                     (evidence_id, item.constat_id, version, text, int(no_observation),
                      now.utc, now.local, vault.session.user.id))
        vault.record(conn, "evidence_described", subject=evidence_id,
                     constat_id=item.constat_id, when=now,
                     details={"annex": item.annex_label, "version": version, "text": text,
                              "no_observation": no_observation})
    return Finding(evidence_id, item.constat_id, version, text, no_observation, now.utc,
                   now.local, vault.session.user.id)


def _finding_text(text: str, no_observation: bool) -> str:
    text = text.strip()
    if no_observation and text:
        raise BadInput("« sans observation » takes no text", field="text")
    if not no_observation and not text:
        raise BadInput("write the finding, or mark the item « sans observation »",
                       field="text")
    return text


def current_findings(vault: Vault, constat_id: str) -> dict[str, Finding]:
    """The current finding of each described item of the constat, by evidence id."""
    get_constat(vault, constat_id)
    rows = _finding_rows(vault, "constat_id = ?", (constat_id,))
    return {f.evidence_id: f for f in rows}  # ordered by version: the newest wins


def finding_history(vault: Vault, evidence_id: str) -> list[Finding]:
    """Every version of the item's finding, oldest first."""
    items.get_evidence(vault, evidence_id)
    return _finding_rows(vault, "evidence_id = ?", (evidence_id,))


def _finding_rows(vault: Vault, where: str, params: tuple[Any, ...]) -> list[Finding]:
    rows = vault.db.query(f"SELECT * FROM findings WHERE {where} ORDER BY evidence_id, version",
                          params)
    return [Finding(r["evidence_id"], r["constat_id"], int(r["version"]), r["text"],
                    bool(r["no_observation"]), r["written_at"], r["written_local"],
                    r["written_by"]) for r in rows]


def set_narrative(vault: Vault, constat_id: str, text: str, *,
                  signed_pv_kind: str) -> Narrative:
    """A new version of the constat's narrative (empty clears it; the same text writes
    nothing)."""
    vault.require_role("commissaire", action="write_narrative")
    get_constat(vault, constat_id)
    text = text.strip()
    current = narrative_of(vault, constat_id)
    if current is not None and current.text == text:
        return current
    now = TimeReading.now()
    with vault.db.transaction() as conn:
        _refuse_when_signed(conn, constat_id, signed_pv_kind)
        version = _next_version(conn, "narratives", "constat_id", constat_id)
        conn.execute("INSERT INTO narratives (constat_id, version, text, written_at,"
                     " written_local, written_by) VALUES (?,?,?,?,?,?)",
                     (constat_id, version, text, now.utc, now.local, vault.session.user.id))
        vault.record(conn, "narrative_written", subject=constat_id, constat_id=constat_id,
                     when=now, details={"version": version, "text": text})
    return Narrative(constat_id, version, text, now.utc, now.local, vault.session.user.id)


def narrative_of(vault: Vault, constat_id: str) -> Narrative | None:
    """The newest narrative of the constat, or None when none was written."""
    row = vault.db.query_one("SELECT * FROM narratives WHERE constat_id = ?"
                             " ORDER BY version DESC LIMIT 1", (constat_id,))
    if row is None:
        return None
    return Narrative(row["constat_id"], int(row["version"]), row["text"], row["written_at"],
                     row["written_local"], row["written_by"])


def _refuse_when_signed(conn: Any, constat_id: str, signed_pv_kind: str) -> None:
    signed = conn.execute("SELECT 1 FROM evidence WHERE constat_id = ? AND kind = ? LIMIT 1",
                          (constat_id, signed_pv_kind)).fetchone()
    if signed is not None:
        raise FindingsSealed(f"constat {constat_id} has a signed PV", constat=constat_id)


def _next_version(conn: Any, table: str, key: str, value: str) -> int:
    return _next_version_where(conn, table, f"{key} = ?", (value,))


def _next_version_where(conn: Any, table: str, where: str, params: tuple[Any, ...]) -> int:
    # table and where are constants of evidence/, never user input
    row = conn.execute(f"SELECT COALESCE(MAX(version), 0) FROM {table} WHERE {where}",
                       params).fetchone()
    return int(row[0]) + 1
