"""The vault's side of trusted time: TSAs, the pending queue, tokens and inclusion proofs.

A subject (an evidence item's signed manifest, or a journal head) enters the
queue in the same transaction that creates it, so a crash cannot leave a
capture that nobody will timestamp. A request's leaves are committed, in
order, under a batch, while the request travels; the validated token is then
stored on its batch and the queue rows it covers are removed, in one
transaction, so an item leaves the queue only when a token covers it. Getting
tokens (network, validation) is ``signing.tsa``'s job.

Inclusion proofs: tokens stored before Probant 0.6 keep each leaf's audit path
in ``proof``; later ones store it empty, because the token's ordered leaves
determine every path (RFC 6962) and the paths were two thirds of the bytes
written per flush. Paths are recomputed on reading; a stored leaf changed or
missing then yields paths that no longer reach the signed root, which
``verify`` reports as it did before.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from evidence import merkle
from evidence.clock import utc_now_iso
from evidence.errors import BadInput, NotFound
from evidence.model import new_id
from evidence.vault import Vault

BACKOFF_BASE_S = 30
BACKOFF_MAX_S = 3600


@dataclass(frozen=True)
class Authority:
    id: str
    name: str
    url: str
    trust_pem: str
    tsa_cert_pem: str | None
    policy: str | None
    position: int
    active: bool
    added_at: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "url": self.url, "policy": self.policy,
                "position": self.position, "active": self.active, "added_at": self.added_at,
                "pinned_certificate": self.tsa_cert_pem is not None}


class Pending(NamedTuple):
    """A subject waiting for its token. A typed named tuple rather than a frozen dataclass:
    a flush reads thousands at once, and this builds them 2x faster."""

    subject_kind: str  # "evidence" | "journal"
    subject_id: str
    constat_id: str | None
    digest: str  # hex SHA-256 that the Merkle leaf commits to
    queued_at: str
    attempts: int
    last_error: str | None
    next_attempt_at: str | None


@dataclass(frozen=True)
class Leaf:
    token_id: str  # the token that covers it (a leaf under two tokens is listed twice)
    subject_kind: str
    subject_id: str
    constat_id: str | None
    digest: str
    leaf_index: int
    tree_size: int
    path: bytes  # sibling hashes, 32 bytes each, leaf to root
    batch_id: str = ""

    @property
    def proof(self) -> dict[str, Any]:
        """The inclusion proof in the exported JSON form (index, size, path as hex)."""
        return {"index": self.leaf_index, "size": self.tree_size,
                "path": [self.path[i:i + 32].hex() for i in range(0, len(self.path), 32)]}


@dataclass(frozen=True)
class NewToken:
    """A validated token, ready to be stored with the subjects it covers."""

    tsa_id: str
    tsa_name: str
    root: str
    gen_time: str
    serial: str
    policy: str
    tsa_subject: str
    response: bytes
    requested_at: str
    received_at: str
    skew_ms: int
    round_trip_ms: int
    revocation_checked: bool


@dataclass(frozen=True)
class StoredToken(NewToken):
    """A token as kept in the vault: what was validated, plus its id and leaf count."""

    id: str = ""
    leaf_count: int = 0
    batch_id: str = ""  # the request's leaves; two TSAs' tokens on one request share it

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "tsa": self.tsa_name, "root": self.root,
                "leaf_count": self.leaf_count, "gen_time": self.gen_time,
                "serial": self.serial, "policy": self.policy, "tsa_subject": self.tsa_subject,
                "skew_ms": self.skew_ms, "round_trip_ms": self.round_trip_ms,
                "revocation_checked": self.revocation_checked, "batch": self.batch_id}


# -- authorities ---------------------------------------------------------------------------

def _authority(row: Any) -> Authority:
    return Authority(row["id"], row["name"], row["url"], row["trust_pem"], row["tsa_cert_pem"],
                     row["policy"], int(row["position"]), bool(row["active"]), row["added_at"])


def add_authority(vault: Vault, url: str, trust_pem: str, *, name: str = "",
                  tsa_cert_pem: str | None = None, policy: str | None = None) -> Authority:
    vault.require_role("commissaire", action="tsa_add")  # trusted time is the officer's choice
    if not url.startswith(("http://", "https://")):
        raise BadInput(f"a TSA URL starts with http:// or https://: {url}", url=url)
    name = name or url.split("//", 1)[1].split("/", 1)[0]
    if any(a.name == name for a in list_authorities(vault)):
        raise BadInput(f"a TSA named {name} already exists", name=name)
    with vault.db.transaction() as conn:
        row = conn.execute("SELECT COALESCE(MAX(position), 0) FROM tsa_authorities").fetchone()
        auth = Authority(new_id("tsa"), name, url, trust_pem, tsa_cert_pem, policy,
                         int(row[0]) + 1, True, utc_now_iso())
        conn.execute("INSERT INTO tsa_authorities (id, name, url, trust_pem, tsa_cert_pem, policy,"
                     " position, active, added_at, added_by) VALUES (?,?,?,?,?,?,?,1,?,?)",
                     (auth.id, name, url, trust_pem, tsa_cert_pem, policy, auth.position,
                      auth.added_at, vault.session.user.id))
        vault.record(conn, "tsa_added", subject=auth.id,
                     details={"name": name, "url": url, "policy": policy,
                              "position": auth.position})
    return auth


def list_authorities(vault: Vault, *, include_removed: bool = False) -> list[Authority]:
    rows = vault.db.query("SELECT * FROM tsa_authorities ORDER BY position")
    return [a for a in map(_authority, rows) if a.active or include_removed]


def get_authority(vault: Vault, ref: str) -> Authority:
    for auth in list_authorities(vault, include_removed=True):
        if ref in (auth.id, auth.name):
            return auth
    raise NotFound(f"unknown TSA {ref}", kind="tsa", id=ref)


def remove_authority(vault: Vault, ref: str) -> Authority:
    """Deactivates (never deletes): stored tokens keep the trust they were checked with."""
    vault.require_role("commissaire", action="tsa_remove")
    auth = get_authority(vault, ref)
    if not auth.active:
        raise NotFound(f"TSA {ref} is already removed", kind="tsa", id=ref)
    with vault.db.transaction() as conn:
        conn.execute("UPDATE tsa_authorities SET active = 0 WHERE id = ?", (auth.id,))
        vault.record(conn, "tsa_removed", subject=auth.id, details={"name": auth.name})
    return auth


# -- queue ---------------------------------------------------------------------------------

def enqueue(conn: Any, subject_kind: str, subject_id: str, constat_id: str | None,
            digest: str) -> None:
    """Inside the transaction that creates the subject."""
    conn.execute("INSERT OR IGNORE INTO timestamp_queue (subject_kind, subject_id, constat_id,"
                 " digest, queued_at) VALUES (?,?,?,?,?)",
                 (subject_kind, subject_id, constat_id, digest, utc_now_iso()))


_PENDING_COLUMNS = ("subject_kind, subject_id, constat_id, digest, queued_at, attempts,"
                    " last_error, next_attempt_at")  # Pending's fields, in order


def _pending(row: Any) -> Pending:
    return Pending._make(row)


@dataclass(frozen=True)
class PendingFilter:
    """Which queued subjects a read returns; ``due_before`` is fixed once, so that two
    reads of one flush select the same rows."""

    constat_id: str | None = None
    subject_id: str | None = None
    due_before: str | None = None  # only those whose back-off ended by then (UTC ISO)

    def where(self) -> tuple[str, tuple[str, ...]]:
        sql, args = " WHERE 1=1", list[str]()
        if self.constat_id is not None:
            sql, args = sql + " AND constat_id = ?", [*args, self.constat_id]
        if self.subject_id is not None:
            sql, args = sql + " AND subject_id = ?", [*args, self.subject_id]
        if self.due_before is not None:
            sql, args = sql + " AND (next_attempt_at IS NULL OR next_attempt_at <= ?)", [
                *args, self.due_before]
        return sql + " ORDER BY rowid", tuple(args)


def pending(vault: Vault, *, constat_id: str | None = None, subject_id: str | None = None,
            due_only: bool = False) -> list[Pending]:
    return pending_subjects(vault, PendingFilter(constat_id, subject_id,
                                                 utc_now_iso() if due_only else None))


def pending_subjects(vault: Vault, selection: PendingFilter) -> list[Pending]:
    where, args = selection.where()
    return [_pending(r) for r in vault.db.query(
        f"SELECT {_PENDING_COLUMNS} FROM timestamp_queue{where}", args)]


def pending_digests(vault: Vault, selection: PendingFilter) -> list[str]:
    """Only the digests, in queue order: all a flush needs before its request goes out
    (a fifth of the full read); the full rows are read while it travels, in the same
    read snapshot (``Database.read_snapshot``) so that they are the same rows."""
    where, args = selection.where()
    return [r[0] for r in vault.db.query(f"SELECT digest FROM timestamp_queue{where}", args)]


def backoff_seconds(attempts: int) -> int:
    return int(min(BACKOFF_MAX_S, BACKOFF_BASE_S * 2 ** max(0, attempts - 1)))


def mark_failed(vault: Vault, subjects: list[Pending], reasons: list[str],
                batch_id: str | None = None) -> None:
    """Every TSA failed: the subjects stay queued, with the reason and the next try; the
    request's batch, if it was written, is discarded."""
    now = datetime.now(UTC)
    reason = "; ".join(reasons)[:2000]
    with vault.db.transaction() as conn:
        if batch_id is not None:
            discard_batch(conn, batch_id)
        for p in subjects:
            later = now + timedelta(seconds=backoff_seconds(p.attempts + 1))
            conn.execute("UPDATE timestamp_queue SET attempts = attempts + 1, last_attempt_at = ?,"
                         " next_attempt_at = ?, last_error = ? WHERE subject_kind = ?"
                         " AND subject_id = ?",
                         (utc_now_iso(), later.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), reason,
                          p.subject_kind, p.subject_id))
        for constat_id in sorted({p.constat_id or "" for p in subjects}):
            vault.record(conn, "timestamp_failed", constat_id=constat_id or None,
                         details={"pending": sum(1 for p in subjects
                                                 if (p.constat_id or "") == constat_id),
                                  "reasons": reasons})


# -- batches and tokens --------------------------------------------------------------------

def record_batch(vault: Vault, root: bytes, subjects: list[Pending]) -> str:
    """The leaves of one request, in order, under a new batch, committed at once: a flush
    does this while its request travels (nothing here waits for the network). Until a
    token references it, a batch is only a request that was made; its items stay queued.
    """
    batch_id = new_id("tsb")
    with vault.db.transaction() as conn:
        _sweep_unanswered(conn)
        conn.execute("INSERT INTO timestamp_batches (id, root, leaf_count, created_at)"
                     " VALUES (?,?,?,?)", (batch_id, root.hex(), len(subjects), utc_now_iso()))
        conn.executemany("INSERT INTO timestamp_leaves (batch_id, subject_kind, subject_id,"
                         " constat_id, digest, leaf_index, proof) VALUES (?,?,?,?,?,?,x'')",
                         [(batch_id, p.subject_kind, p.subject_id, p.constat_id, p.digest, i)
                          for i, p in enumerate(subjects)])
    return batch_id


# Longer than any request (time-out) plus its checks: an older batch with no token was
# left by a flush that crashed or was cancelled.
_UNANSWERED_AFTER_S = 600


def _sweep_unanswered(conn: Any) -> None:
    before = (datetime.now(UTC) - timedelta(seconds=_UNANSWERED_AFTER_S)).strftime(
        "%Y-%m-%dT%H:%M:%S.%fZ")
    for row in conn.execute("SELECT id FROM timestamp_batches b WHERE created_at < ? AND NOT"
                            " EXISTS (SELECT 1 FROM timestamp_tokens t WHERE t.batch_id = b.id)",
                            (before,)).fetchall():
        discard_batch(conn, row[0])


def discard_batch(conn: Any, batch_id: str) -> None:
    """A request that got no token: its leaves go (its items are still queued). The
    schema's triggers refuse this for a batch that a token references."""
    conn.execute("DELETE FROM timestamp_leaves WHERE batch_id = ?", (batch_id,))
    conn.execute("DELETE FROM timestamp_batches WHERE id = ?", (batch_id,))


def dequeue_batch(conn: Any, batch_id: str) -> None:
    """Inside the token's transaction: the batch's subjects stop waiting."""
    conn.execute("DELETE FROM timestamp_queue WHERE (subject_kind, subject_id) IN"
                 " (SELECT subject_kind, subject_id FROM timestamp_leaves WHERE batch_id = ?)",
                 (batch_id,))


def insert_token(vault: Vault, conn: Any, batch_id: str, token: NewToken,
                 subjects: list[Pending]) -> StoredToken:
    """The validated token on its batch, and the journal entries, in the caller's
    transaction (the one that ends the subjects' wait)."""
    stored = StoredToken(**vars(token), id=new_id("tst"), leaf_count=len(subjects),
                         batch_id=batch_id)
    conn.execute("INSERT INTO timestamp_tokens (id, batch_id, tsa_id, tsa_name, root,"
                 " leaf_count, gen_time, serial, policy, tsa_subject, response, requested_at,"
                 " received_at, skew_ms, round_trip_ms, revocation_checked)"
                 " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                 (stored.id, batch_id, stored.tsa_id, stored.tsa_name, stored.root,
                  stored.leaf_count, stored.gen_time, stored.serial, stored.policy,
                  stored.tsa_subject, stored.response, stored.requested_at, stored.received_at,
                  stored.skew_ms, stored.round_trip_ms, int(stored.revocation_checked)))
    common = {"tsa": stored.tsa_name, "gen_time": stored.gen_time, "root": stored.root,
              "batch": batch_id}
    for constat_id in sorted({p.constat_id for p in subjects if p.constat_id}):
        vault.record(conn, "timestamp_obtained", subject=stored.id, constat_id=constat_id,
                     details={**common, "serial": stored.serial,
                              "leaves": sum(1 for p in subjects if p.constat_id == constat_id),
                              "skew_ms": stored.skew_ms})
    if not any(p.constat_id for p in subjects):
        vault.record(conn, "timestamp_obtained", subject=stored.id,
                     details={**common, "leaves": len(subjects)})
    return stored


def store_token(vault: Vault, token: NewToken, subjects: list[Pending], *,
                dequeue: bool = True) -> StoredToken:
    """A token obtained elsewhere, with the subjects it covers in leaf order (its root
    must be theirs): its batch, then the token and the end of the subjects' wait."""
    batch_id = record_batch(vault, bytes.fromhex(token.root), subjects)
    with vault.db.transaction() as conn:
        if dequeue:
            dequeue_batch(conn, batch_id)
        return insert_token(vault, conn, batch_id, token, subjects)


def _token(row: Any) -> StoredToken:
    fields = {f: row[f] for f in ("id", "tsa_id", "tsa_name", "root", "gen_time", "serial",
                                  "policy", "tsa_subject", "requested_at", "received_at",
                                  "batch_id")}
    return StoredToken(**fields, leaf_count=int(row["leaf_count"]), response=bytes(row["response"]),
                       skew_ms=int(row["skew_ms"]), round_trip_ms=int(row["round_trip_ms"]),
                       revocation_checked=bool(row["revocation_checked"]))


def _leaf(row: Any) -> Leaf:
    return Leaf(row["token_id"], row["subject_kind"], row["subject_id"], row["constat_id"],
                row["digest"], int(row["leaf_index"]), int(row["leaf_count"]), bytes(row["proof"]),
                row["batch_id"])


def list_tokens(vault: Vault, *, constat_id: str | None = None) -> list[StoredToken]:
    if constat_id is None:
        rows = vault.db.query("SELECT * FROM timestamp_tokens ORDER BY gen_time, id")
    else:
        rows = vault.db.query("SELECT * FROM timestamp_tokens WHERE batch_id IN (SELECT"
                              " batch_id FROM timestamp_leaves WHERE constat_id = ?)"
                              " ORDER BY gen_time, id", (constat_id,))
    return [_token(r) for r in rows]


def list_leaves(vault: Vault, *, constat_id: str | None = None,
                token_id: str | None = None) -> list[Leaf]:
    """The leaves under a token, each once per token covering it (a batch that got no
    token is a request without an answer: its leaves are not listed)."""
    sql, args = ("SELECT l.*, t.id AS token_id, t.leaf_count FROM timestamp_leaves l"
                 " JOIN timestamp_tokens t ON t.batch_id = l.batch_id WHERE 1=1", list[str]())
    if constat_id is not None:
        sql, args = sql + " AND l.constat_id = ?", [*args, constat_id]
    if token_id is not None:
        sql, args = sql + " AND t.id = ?", [*args, token_id]
    leaves = [_leaf(r) for r in vault.db.query(sql + " ORDER BY t.id, l.leaf_index",
                                               tuple(args))]
    return _with_paths(vault, leaves)


def _with_paths(vault: Vault, leaves: list[Leaf]) -> list[Leaf]:
    """Fill the audit paths not stored, from all of their token's leaves in order."""
    trees: dict[str, merkle.MerkleTree] = {}
    out = []
    for leaf in leaves:
        if leaf.path or leaf.tree_size == 1:
            out.append(leaf)
            continue
        if leaf.batch_id not in trees:
            rows = vault.db.query("SELECT digest FROM timestamp_leaves WHERE batch_id = ?"
                                  " ORDER BY leaf_index", (leaf.batch_id,))
            trees[leaf.batch_id] = merkle.build(
                [merkle.leaf_hash(bytes.fromhex(r["digest"])) for r in rows])
        proofs = trees[leaf.batch_id].proofs
        path = proofs[leaf.leaf_index].path if leaf.leaf_index < len(proofs) else ()
        out.append(dataclasses.replace(leaf, path=b"".join(path)))
    return out


def record_skew_warning(vault: Vault, constat_ids: list[str], token_id: str, skew_ms: int,
                        threshold_s: int) -> None:
    """The workstation clock and the TSA disagree: the constat says so (NF Z67-147)."""
    with vault.db.transaction() as conn:
        for constat_id in constat_ids:
            vault.record(conn, "clock_skew_warning", subject=token_id, constat_id=constat_id,
                         details={"skew_ms": skew_ms, "threshold_s": threshold_s})
