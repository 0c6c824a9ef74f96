"""Whole-vault verification: every blob's chunks and hash, the database, the journal chain."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from evidence import journal
from evidence.errors import IntegrityError, StorageError
from evidence.items import list_evidence
from evidence.manifests import check_constat_manifests, row_to_manifest
from evidence.model import EvidenceItem
from evidence.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, no_progress
from evidence.vault import Vault


@dataclass(frozen=True)
class Damage:
    area: str  # "evidence", "database", "journal", "keyslots"
    subject: str  # evidence id, journal seq, database page...
    problem: str  # stable reason: chunk_tag, sha256, missing, truncated, hash, link...
    annex: str | None = None
    constat_id: str | None = None
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"area": self.area, "subject": self.subject, "problem": self.problem,
                "annex": self.annex, "constat_id": self.constat_id, "detail": self.detail}


@dataclass(frozen=True)
class VerifyReport:
    items_checked: int
    bytes_checked: int
    journal_entries: int
    damages: tuple[Damage, ...]
    orphan_blobs: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.damages

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "items_checked": self.items_checked,
                "bytes_checked": self.bytes_checked, "journal_entries": self.journal_entries,
                "orphan_blobs": self.orphan_blobs, "notes": list(self.notes),
                "damages": [d.to_json() for d in self.damages]}


def check_journal(vault: Vault) -> tuple[int, list[Damage]]:
    try:
        rows = vault.db.query("SELECT * FROM journal ORDER BY seq")
    except (IntegrityError, StorageError) as exc:
        return 0, [Damage("journal", "-", "unreadable", detail=str(exc))]
    entries = [journal.row_to_entry(r) for r in rows]
    problems = journal.verify_chain(entries, vault.id)
    return len(entries), [Damage("journal", f"seq {p.seq}", p.problem) for p in problems]


def check_manifests(vault: Vault, items: list[EvidenceItem]) -> list[Damage]:
    """Every item's signed manifest, and the manifest chain of each constat."""
    try:
        keys = {r["id"]: bytes(r["public_key"])
                for r in vault.db.query("SELECT id, public_key FROM workstation_keys")}
        manifests = [row_to_manifest(r) for r in vault.db.query("SELECT * FROM manifests")]
    except (IntegrityError, StorageError) as exc:
        return [Damage("manifests", "-", "unreadable", detail=str(exc))]
    annex = {i.id: i.annex_label for i in items}
    damages: list[Damage] = []
    for constat_id in sorted({i.constat_id for i in items} | {m.constat_id for m in manifests}):
        problems = check_constat_manifests(
            [m for m in manifests if m.constat_id == constat_id],
            [i for i in items if i.constat_id == constat_id], keys)
        damages += [Damage("manifest", p.evidence_id, p.problem, annex=annex.get(p.evidence_id),
                           constat_id=constat_id) for p in problems]
    return damages


ExtraCheck = Callable[[Vault, list[EvidenceItem]], list[Damage]]


def verify_vault(vault: Vault, *, progress: ProgressCallback = no_progress,
                 cancel: CancelToken = NEVER_CANCELLED,
                 extra_checks: Sequence[ExtraCheck] = ()) -> VerifyReport:
    """``extra_checks`` come from other domains (timestamps, signatures) without a cycle."""
    damages: list[Damage] = []
    damages += [Damage("database", "pages", "integrity", detail=p)
                for p in vault.db.integrity_problems()]
    try:
        items = list_evidence(vault)
    except (IntegrityError, StorageError) as exc:
        items = []
        damages.append(Damage("database", "evidence table", "unreadable", detail=str(exc)))
    total = sum(i.size for i in items)
    done = 0
    referenced = set()
    for item in items:
        cancel.raise_if_cancelled()
        referenced.add(item.blob_id)
        check = vault.blobs.check(item.blob_id, item.sha256, cancel=cancel)
        if not check.ok:
            damages.append(Damage("evidence", item.id, check.problem, annex=item.annex_label,
                                  constat_id=item.constat_id))
        elif check.size != item.size:
            damages.append(Damage("evidence", item.id, "size", annex=item.annex_label,
                                  constat_id=item.constat_id))
        done += item.size
        progress(done, total)
    damages += check_manifests(vault, items)
    for check_more in extra_checks:
        damages += check_more(vault, items)
    entries, journal_damage = check_journal(vault)
    damages += journal_damage
    orphans = sum(1 for b in vault.blobs.all_blob_ids() if b not in referenced)
    notes = (f"{orphans} encrypted blob(s) not referenced (an interrupted write)",) if orphans else ()
    report = VerifyReport(len(items), done, entries, tuple(damages), orphans, notes)
    try:
        vault.log("vault_verified", details={"ok": report.ok, "items": report.items_checked,
                                             "damages": len(report.damages)})
    except (IntegrityError, StorageError):
        pass  # a damaged database may refuse the write; the report still stands
    return report
