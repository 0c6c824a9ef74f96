"""What is covered by trusted time, what is pending and why, and re-verification.

Re-verification checks each stored token as at its own genTime (the TSA
certificate had to be valid when it signed; it may have expired since) with
the trust anchors configured when it was obtained, offline; then each leaf's
inclusion proof against the token's imprint, and each leaf's digest against
the manifest it claims to cover.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from evidence import merkle
from evidence import timestamps as ts
from evidence.atomic import write_atomic
from evidence.errors import OutputExists
from evidence.items import list_evidence
from evidence.model import EvidenceItem
from evidence.vault import Vault
from evidence.verify import Damage
from signing.tsa.client import TokenInfo, check_response
from signing.tsa.errors import TimestampError
from signing.tsa.flush import endpoint_of, leaf_of


def _utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


@dataclass(frozen=True)
class ItemCoverage:
    evidence_id: str
    annex: str
    kind: str
    captured_at: str
    status: str  # "covered" | "pending"
    tokens: tuple[str, ...]
    tsa_times: tuple[str, ...]
    gap_s: float | None  # first TSA time minus local capture time
    pending_reason: str | None
    attempts: int

    def to_json(self) -> dict[str, Any]:
        return {"evidence_id": self.evidence_id, "annex": self.annex, "kind": self.kind,
                "captured_at": self.captured_at, "status": self.status,
                "tokens": list(self.tokens), "tsa_times": list(self.tsa_times),
                "gap_s": self.gap_s, "pending_reason": self.pending_reason,
                "attempts": self.attempts}


def coverage(vault: Vault, constat_id: str | None = None) -> list[ItemCoverage]:
    items = list_evidence(vault, constat_id)
    tokens = {t.id: t for t in ts.list_tokens(vault, constat_id=constat_id)}
    by_subject: dict[str, list[ts.StoredToken]] = {}
    for leaf in ts.list_leaves(vault, constat_id=constat_id):
        if leaf.subject_kind == "evidence" and leaf.token_id in tokens:
            by_subject.setdefault(leaf.subject_id, []).append(tokens[leaf.token_id])
    waiting = {p.subject_id: p for p in ts.pending(vault, constat_id=constat_id)}
    out = []
    for item in items:
        covering = sorted(by_subject.get(item.id, []), key=lambda t: t.gen_time)
        wait = waiting.get(item.id)
        gap = ((_utc(covering[0].gen_time) - _utc(item.captured_at)).total_seconds()
               if covering else None)
        out.append(ItemCoverage(
            item.id, item.annex_label, item.kind, item.captured_at,
            "covered" if covering else "pending", tuple(t.id for t in covering),
            tuple(t.gen_time for t in covering), None if gap is None else round(gap, 3),
            None if covering or wait is None else (wait.last_error or "not yet flushed"),
            wait.attempts if wait else 0))
    return out


def check_stored_token(vault: Vault, token: ts.StoredToken) -> TokenInfo:
    """Offline re-check of a stored token, as at its genTime."""
    auth = ts.get_authority(vault, token.tsa_id)
    return check_response(token.response, bytes.fromhex(token.root), endpoint_of(auth, 10.0),
                          nonce=None, moment=_utc(token.gen_time), allow_fetching=False)


def check_timestamps(vault: Vault, items: list[EvidenceItem]) -> list[Damage]:
    """For ``verify``: every token, every inclusion proof, every leaf's subject."""
    manifests = {r["evidence_id"]: r["hash"]
                 for r in vault.db.query("SELECT evidence_id, hash FROM manifests")}
    journal_hashes = {str(r["seq"]): r["hash"]
                      for r in vault.db.query("SELECT seq, hash FROM journal")}
    annex = {i.id: i.annex_label for i in items}
    damages: list[Damage] = []
    for token in ts.list_tokens(vault):
        try:
            check_stored_token(vault, token)
        except TimestampError as exc:
            damages.append(Damage("timestamp", token.id, exc.code, detail=exc.detail))
            continue
        leaves = ts.list_leaves(vault, token_id=token.id)
        damages += _token_leaves(token, leaves)
        for leaf in leaves:
            proof = merkle.InclusionProof.from_json(leaf.proof)
            expected = (manifests if leaf.subject_kind == "evidence" else journal_hashes).get(
                leaf.subject_id)
            problem = None
            if expected != leaf.digest:
                problem = "subject"  # the manifest or journal entry is not what was stamped
            elif not merkle.verify_inclusion(leaf_of(leaf.digest), proof,
                                             bytes.fromhex(token.root)):
                problem = "inclusion"
            if problem:
                damages.append(Damage("timestamp", leaf.subject_id, problem,
                                      annex=annex.get(leaf.subject_id),
                                      constat_id=leaf.constat_id, detail=token.id))
    return damages + _neither_covered_nor_queued(vault, items)


def _token_leaves(token: ts.StoredToken, leaves: list[ts.Leaf]) -> list[Damage]:
    """The token's leaf rows as a whole: as many as it covers, in order, rebuilding its
    root. A row removed, added or reordered is named here, on the token, so each
    item's own "inclusion" finding is not the only trace of it."""
    indices = [leaf.leaf_index for leaf in leaves]
    problem = None
    if len(leaves) != token.leaf_count or indices != list(range(token.leaf_count)):
        problem = f"{len(leaves)} leaf rows for a token over {token.leaf_count}"
    elif merkle.tree_head([leaf_of(leaf.digest) for leaf in leaves]) != bytes.fromhex(
            token.root):
        problem = "the leaves do not rebuild the token's root"
    return [Damage("timestamp", token.id, "leaves", detail=problem)] if problem else []


def _neither_covered_nor_queued(vault: Vault, items: list[EvidenceItem]) -> list[Damage]:
    """An item with a manifest is either covered by a token or waiting in the queue;
    one that is neither lost its leaf row (or its queue row) after the fact. A leaf in a
    batch that got no token covers nothing."""
    covered = {r[0] for r in vault.db.query(
        "SELECT l.subject_id FROM timestamp_leaves l JOIN timestamp_tokens t"
        " ON t.batch_id = l.batch_id WHERE l.subject_kind = 'evidence'")}
    queued = {r[0] for r in vault.db.query(
        "SELECT subject_id FROM timestamp_queue WHERE subject_kind = 'evidence'")}
    stamped = {r[0] for r in vault.db.query("SELECT evidence_id FROM manifests")}
    return [Damage("timestamp", i.id, "untracked", annex=i.annex_label, constat_id=i.constat_id)
            for i in items if i.id in stamped and i.id not in covered and i.id not in queued]


def export_timestamps(vault: Vault, constat_id: str, out_dir: Path) -> dict[str, Any]:
    """Each token as a standard ``.tsr`` plus each item's proof, for checking without Probant.

    ``openssl ts -verify -digest <root> -sha256 -in <token>.tsr -CAfile <anchors>`` checks a
    token; a proof links an item's manifest hash to that root (see docs/timestamps.md).
    """
    if out_dir.exists() and any(out_dir.iterdir()):
        raise OutputExists(f"{out_dir} is not empty", path=str(out_dir))
    out_dir.mkdir(parents=True, exist_ok=True)
    tokens = ts.list_tokens(vault, constat_id=constat_id)
    annex = {i.id: i.annex_label for i in list_evidence(vault, constat_id)}
    index: dict[str, Any] = {"constat_id": constat_id, "tokens": [], "items": []}
    for token in tokens:
        write_atomic(out_dir / f"{token.id}.tsr", token.response)
        index["tokens"].append({**token.to_json(), "file": f"{token.id}.tsr"})
    for leaf in ts.list_leaves(vault, constat_id=constat_id):
        index["items"].append({
            "subject_kind": leaf.subject_kind, "subject_id": leaf.subject_id,
            "annex": annex.get(leaf.subject_id), "manifest_sha256": leaf.digest,
            "leaf": leaf_of(leaf.digest).hex(), "token": leaf.token_id, "proof": leaf.proof})
    write_atomic(out_dir / "timestamps.json",
                 json.dumps(index, indent=1, ensure_ascii=False).encode())
    vault.log("timestamps_exported", constat_id=constat_id,
              details={"tokens": len(tokens), "to": out_dir.name})
    return index
