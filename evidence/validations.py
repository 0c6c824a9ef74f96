"""Validation reports of signed PDFs, kept in the vault as they were produced.

A report is stored with the SHA-256 of the bytes validated and, when those bytes
are an evidence item (a signed PV), a link to it; the journal records it in the
same transaction. Reports are immutable: a later validation adds a new one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from evidence.canonical import canonical_json
from evidence.clock import utc_now_iso
from evidence.model import new_id
from evidence.vault import Vault


@dataclass(frozen=True)
class StoredValidation:
    id: str
    at: str
    user_id: str
    file_name: str
    pdf_sha256: str
    evidence_id: str | None
    ok: bool
    level: str | None
    report: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def store_validation(vault: Vault, file_name: str, pdf_sha256: str,
                     report: dict[str, Any]) -> StoredValidation:
    row = vault.db.query_one("SELECT id FROM evidence WHERE sha256 = ? ORDER BY captured_at"
                             " LIMIT 1", (pdf_sha256,))
    stored = StoredValidation(new_id("val"), utc_now_iso(), vault.session.user.id, file_name,
                              pdf_sha256, row["id"] if row else None, bool(report["ok"]),
                              report.get("level"), report)
    with vault.db.transaction() as conn:
        conn.execute("INSERT INTO validation_reports VALUES (?,?,?,?,?,?,?,?,?)",
                     (stored.id, stored.at, stored.user_id, file_name, pdf_sha256,
                      stored.evidence_id, int(stored.ok), stored.level,
                      canonical_json(report).decode()))
        vault.record(conn, "pdf_validated", subject=stored.id, details={
            "file": file_name, "sha256": pdf_sha256, "evidence": stored.evidence_id,
            "ok": stored.ok, "level": stored.level})
    return stored


def list_validations(vault: Vault) -> list[StoredValidation]:
    rows = vault.db.query("SELECT * FROM validation_reports ORDER BY at")
    return [StoredValidation(r["id"], r["at"], r["user_id"], r["file_name"], r["pdf_sha256"],
                             r["evidence_id"], bool(r["ok"]), r["level"],
                             json.loads(r["report"])) for r in rows]
