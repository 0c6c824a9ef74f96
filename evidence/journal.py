"""Append-only, hash-chained journal of every action, stored in the vault database.

Each entry commits to the previous entry's hash; the first one to a genesis
value bound to the vault id. Changing, removing, inserting or reordering any
entry breaks the chain at that point, which ``verify_chain`` reports by seq.
Entries are appended inside the same transaction as the action they record, so
an action and its journal entry are committed together or not at all.

Format 2 hashes the SHA-256 of an entry's details rather than the details, so
an extract can show another matter's entry without its details (professional
secrecy) and still let anyone recompute every hash and link (``redacted_json``).
Entries written in format 1 keep it: the format is stored with each entry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from evidence.canonical import canonical_json, canonical_sha256
from evidence.clock import TimeReading

FORMAT = 2


def genesis_hash(vault_id: str) -> str:
    return hashlib.sha256(f"probant-journal-genesis:{vault_id}".encode()).hexdigest()


@dataclass(frozen=True)
class JournalEntry:
    seq: int
    at: str
    at_local: str
    user_id: str
    action: str
    subject: str
    constat_id: str | None
    details: Mapping[str, Any]
    prev_hash: str
    hash: str
    v: int = FORMAT

    def body(self) -> dict[str, Any]:
        """What the hash is computed over."""
        return entry_body(
            self.seq, self.at, self.at_local, self.user_id, self.action,
            self.subject, self.constat_id, self.details, self.prev_hash, v=self.v,
        )

    def to_json(self) -> dict[str, Any]:
        return {**self.body(), "details": dict(self.details), "hash": self.hash}

    def redacted_json(self) -> dict[str, Any]:
        """Without the details (another matter's entry in a bundle); still checkable."""
        if self.v < 2:
            raise ValueError("a format-1 journal entry cannot be shown without its details")
        return {**self.body(), "hash": self.hash, "redacted": True}


def details_sha256(details: Mapping[str, Any]) -> str:
    return canonical_sha256(dict(details))


def entry_body(
    seq: int, at: str, at_local: str, user_id: str, action: str, subject: str,
    constat_id: str | None, details: Mapping[str, Any], prev_hash: str, *, v: int = FORMAT,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "v": v, "seq": seq, "at": at, "at_local": at_local, "user": user_id,
        "action": action, "subject": subject, "constat": constat_id, "prev": prev_hash,
    }
    if v == 1:
        body["details"] = dict(details)
    else:
        body["details_sha256"] = details_sha256(details)
    return body


def entry_hash(body: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(dict(body))).hexdigest()


def append(
    conn: Any,
    vault_id: str,
    user_id: str,
    action: str,
    *,
    subject: str = "",
    constat_id: str | None = None,
    details: Mapping[str, Any] | None = None,
    when: TimeReading | None = None,
) -> JournalEntry:
    """Append one entry; must run inside the caller's write transaction."""
    when = when or TimeReading.now()
    last = conn.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
    seq = 1 if last is None else int(last[0]) + 1
    prev = genesis_hash(vault_id) if last is None else str(last[1])
    details = dict(details or {})
    body = entry_body(seq, when.utc, when.local, user_id, action, subject, constat_id, details, prev)
    digest = entry_hash(body)
    conn.execute(
        "INSERT INTO journal (seq, at, at_local, user_id, action, subject, constat_id, details,"
        " prev_hash, hash, v) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (seq, when.utc, when.local, user_id, action, subject, constat_id,
         canonical_json(details).decode(), prev, digest, FORMAT),
    )
    return JournalEntry(seq, when.utc, when.local, user_id, action, subject, constat_id,
                        details, prev, digest)


def row_to_entry(row: Any) -> JournalEntry:
    return JournalEntry(
        seq=int(row["seq"]), at=row["at"], at_local=row["at_local"], user_id=row["user_id"],
        action=row["action"], subject=row["subject"], constat_id=row["constat_id"],
        details=json.loads(row["details"]), prev_hash=row["prev_hash"], hash=row["hash"],
        v=int(row["v"]),
    )


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    problem: str  # "hash" (entry altered), "link" (prev does not match), "gap"


def verify_chain(entries: Iterable[JournalEntry], vault_id: str) -> list[ChainProblem]:
    """Recompute every hash and link; report each entry that does not fit."""
    problems: list[ChainProblem] = []
    prev = genesis_hash(vault_id)
    expected_seq = 1
    for entry in entries:
        if entry.seq != expected_seq:
            problems.append(ChainProblem(entry.seq, "gap"))
        if entry.prev_hash != prev:
            problems.append(ChainProblem(entry.seq, "link"))
        if entry_hash(entry.body()) != entry.hash:
            problems.append(ChainProblem(entry.seq, "hash"))
        prev = entry.hash
        expected_seq = entry.seq + 1
    return problems


def verify_extract(entries: list[JournalEntry]) -> list[ChainProblem]:
    """Check an extract (e.g. one constat's entries in a bundle): each hash recomputes.

    An extract is not contiguous, so links are checked only between consecutive seqs.
    """
    problems: list[ChainProblem] = []
    for i, entry in enumerate(entries):
        if entry_hash(entry.body()) != entry.hash:
            problems.append(ChainProblem(entry.seq, "hash"))
        if i and entries[i - 1].seq + 1 == entry.seq and entries[i - 1].hash != entry.prev_hash:
            problems.append(ChainProblem(entry.seq, "link"))
    return problems
