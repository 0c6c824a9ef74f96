"""Several workstations of one étude: the origin pushes, restored copies (replicas) pull.

A vault restored from a remote is a **replica** (``vault/replica.json``: which remote, the
workstation's random id, the origin's journal head it was last brought to). Conflicts are
impossible by construction, not resolved:

- every object on a remote is immutable and named by the SHA-256 of its bytes: two
  workstations writing the same name write the same bytes;
- head records are per workstation: the origin writes ``<vault>/heads/``, a replica only
  ``<vault>/workstations/<its id>/heads/`` (its own journal segment: its database snapshot,
  i.e. the origin's journal up to the last pull followed by the replica's own entries).
  Restore and pull read only the origin's heads;
- ``sync --pull`` replaces the replica's database by the origin's newer snapshot only when
  that snapshot's journal extends the one the replica was brought to (same hash at the
  base seq; MACed anchor checked), and only when the replica's own entries since are
  consultations and exports (unlock, verify, exports, syncs). Its own database is kept
  whole beside (``vault/replaced/``, encrypted under the same key), and the pull is
  journaled (``remote_pulled``) with the entries set aside. Evidence or any other change
  made on a replica refuses the pull: nothing is ever hidden by it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3

from evidence import anchors
from evidence.anchors import AnchorPublisher, AnchorRecord
from evidence.atomic import fsync_dir, write_atomic
from evidence.clock import utc_now_iso
from evidence.errors import BadInput, IntegrityError
from evidence.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, no_progress
from evidence.sync.errors import PullRefused, RemoteEmpty
from evidence.sync.flow import Flow
from evidence.sync.remote import Remote

FILE = "replica.json"
REPLACED = "replaced"

# What a replica may have journaled and still be brought forward by a pull: entries that
# record a consultation or an export and change no other table (kept in vault/replaced/).
STATELESS = frozenset({
    "unlock", "unlock_failed", "session_locked", "presence_confirmed", "permission_refused",
    "vault_verified", "evidence_exported", "timestamps_exported", "pv_exported",
    "bundle_exported", "pdf_validated", "remote_synced", "remote_sync_failed",
    "remote_verified", "remote_pulled", "remote_added"})


@dataclass(frozen=True)
class ReplicaState:
    remote: str
    workstation: str
    base_seq: int  # the origin's journal head this copy was restored or pulled to
    base_hash: str
    next_seq: int = 0  # a pull in progress (crash recovery): the head being installed
    next_hash: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"v": 1, **self.__dict__}


def new_workstation_id() -> str:
    return "wks_" + os.urandom(8).hex()


def read_state(folder: Path) -> ReplicaState | None:
    path = folder / FILE
    if not path.exists():
        return None
    raw = json.loads(path.read_text("utf-8"))
    raw.pop("v", None)
    return ReplicaState(**raw)


def write_state(folder: Path, state: ReplicaState) -> None:
    write_atomic(folder / FILE, json.dumps(state.to_json(), indent=1).encode())


def heads_prefix(vault: Any) -> str:
    """Where this vault's head records go: the origin's, or this replica's own."""
    state = read_state(vault.folder)
    if state is None:
        return f"{vault.id}/heads/"
    return f"{vault.id}/workstations/{state.workstation}/heads/"


@dataclass(frozen=True)
class PullResult:
    remote: str
    pulled: bool  # False: the copy was up to date
    from_seq: int
    to_seq: int
    blobs: int  # blobs fetched
    bytes: int
    set_aside: tuple[str, ...]  # this replica's own entries since the last pull (actions)
    kept_as: str  # its former database, under vault/replaced/

    def to_json(self) -> dict[str, Any]:
        return {**self.__dict__, "set_aside": list(self.set_aside)}


def pull(vault: Any, remote: Remote, *, max_rate: int = 0,
         progress: ProgressCallback = no_progress,
         cancel: CancelToken = NEVER_CANCELLED) -> PullResult:
    """Bring this replica to the origin's newest head on ``remote`` (see the module doc).
    ``max_rate``: bytes per second for the blobs fetched (0: unlimited)."""
    from evidence.sync import engine, restore

    folder: Path = vault.folder
    state = read_state(folder)
    if state is None:
        raise BadInput("this vault is the origin (it was not restored from a remote): it "
                       "pushes, it does not pull", problem="origin")
    if vault.read_only:
        raise IntegrityError("the vault is read-only (an anchor alarm): no pull",
                             problem="read_only")
    state = recover(vault, state)
    heads = engine.heads_on(remote, vault.id)
    if not heads:
        raise RemoteEmpty(f"{remote.name} holds no head of vault {vault.id}",
                          remote=remote.name)
    head_name = heads[-1][1]
    head = json.loads(restore.fetch(remote, head_name, None))
    record = AnchorRecord.from_text(json.dumps(head["anchor"]))
    if not anchors.record_verifies(vault.keys.journal_mac, vault.id, record):
        raise IntegrityError(f"{head_name}: its journal anchor does not verify under this "
                             "vault's key", problem="remote_head")
    if (record.seq, record.hash) == (state.base_seq, state.base_hash):
        return PullResult(remote.name, False, state.base_seq, state.base_seq, 0, 0, (), "")
    if record.seq < state.base_seq:
        raise IntegrityError(f"{remote.name}: the origin's newest head ({record.seq}) is older "
                             f"than this copy's ({state.base_seq}): rollback of the remote?",
                             problem="rollback")
    tail = [(int(r[0]), str(r[1])) for r in vault.db.query(
        "SELECT seq, action FROM journal WHERE seq > ? ORDER BY seq", (state.base_seq,))]
    own = sorted({a for (_s, a) in tail if a not in STATELESS})
    if own:
        raise PullRefused(
            f"this copy holds work of its own since it was last brought up to date "
            f"({', '.join(own)}): a pull would hide it, nothing was changed",
            problem="local_work")
    if (anchor_hash := hash_at(vault, state.base_seq)) != state.base_hash:
        raise IntegrityError(f"this copy's journal at {state.base_seq} is not the one it was "
                             f"pulled to ({anchor_hash})", problem="fork")
    tmp = folder / "tmp"
    tmp.mkdir(exist_ok=True)
    new_db = tmp / f"pull-{os.getpid()}-{os.urandom(4).hex()}.db"
    try:
        restore.fetch_to(remote, head["db"]["name"], head["db"]["sha256"], new_db, tmp)
        _check_snapshot(vault, new_db, state, record)
        blobs, size = _fetch_blobs(vault, remote, head, head_name,
                                   Flow(max_rate=max_rate, progress=progress, cancel=cancel))
        slots = restore.fetch(remote, head["keyslots"]["name"], head["keyslots"]["sha256"])
        failures = (restore.fetch(remote, head["failures"]["name"], head["failures"]["sha256"])
                    if head.get("failures") else b"")
        write_state(folder, ReplicaState(state.remote, state.workstation, state.base_seq,
                                         state.base_hash, record.seq, record.hash))
        kept = _swap(vault, new_db, slots, failures, record, state)
    finally:
        new_db.unlink(missing_ok=True)
    write_state(folder, ReplicaState(state.remote, state.workstation, record.seq,
                                     record.hash))
    set_aside = tuple(a for (_s, a) in tail)
    vault.log("remote_pulled", subject=remote.name, details={
        "from_seq": state.base_seq, "to_seq": record.seq, "head": head_name,
        "blobs": blobs, "bytes": size, "set_aside": list(set_aside), "kept_as": kept,
        "workstation": state.workstation})
    return PullResult(remote.name, True, state.base_seq, record.seq, blobs, size, set_aside,
                      kept)


def hash_at(vault: Any, seq: int) -> str | None:
    row = vault.db.query_one("SELECT hash FROM journal WHERE seq = ?", (seq,))
    return None if row is None else str(row[0])


def recover(vault: Any, state: ReplicaState) -> ReplicaState:
    """A pull killed after installing the new database but before saying so."""
    if state.next_seq and hash_at(vault, state.next_seq) == state.next_hash:
        state = ReplicaState(state.remote, state.workstation, state.next_seq,
                             state.next_hash)
        write_state(vault.folder, state)
    return state


def _check_snapshot(vault: Any, path: Path, state: ReplicaState,
                    record: AnchorRecord) -> None:
    """The origin's snapshot extends what this copy had, and ends where its anchor says."""
    conn: Any = sqlcipher3.connect(str(path), isolation_level=None)
    try:
        conn.execute(f"PRAGMA key = \"x'{vault.keys.database.hex()}'\"")
        at_base = conn.execute("SELECT hash FROM journal WHERE seq = ?",
                               (state.base_seq,)).fetchone()
        last = conn.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1")\
            .fetchone()
    except sqlcipher3.DatabaseError as exc:
        raise IntegrityError(f"the origin's snapshot does not open with this vault's key: "
                             f"{exc}", problem="remote_object") from exc
    finally:
        conn.close()
    if at_base is None or str(at_base[0]) != state.base_hash:
        raise IntegrityError("the origin's journal does not extend this copy's (fork)",
                             problem="fork")
    if last is None or (int(last[0]), str(last[1])) != (record.seq, record.hash):
        raise IntegrityError("the origin's snapshot does not end at its anchor",
                             problem="remote_head")


def _fetch_blobs(vault: Any, remote: Remote, head: dict[str, Any], head_name: str,
                 flow: Flow) -> tuple[int, int]:
    """The blobs this copy lacks, each checked as the restore checks it: by its parts'
    digests from the head record (each range on its own download thread), else whole."""
    from evidence.sync import restore

    parts = restore.head_parts(head, head_name)
    count = size = 0
    missing = [(blob_id, sha) for blob_id, sha in sorted(head["blobs"].items())
               if not vault.blobs.path_of(blob_id).exists() and "/" not in blob_id
               and ".." not in blob_id]
    flow.add_items(len(missing))
    for blob_id, sha in missing:
        flow.cancel.raise_if_cancelled()
        target = vault.blobs.path_of(blob_id)
        target.parent.mkdir(exist_ok=True)
        size += restore.fetch_to(remote, f"{vault.id}/blobs/{sha}", sha, target,
                                 vault.folder / "tmp", flow, parts=parts.get(sha))
        count += 1
        flow.item_done()
    if count:
        fsync_dir(vault.blobs.blobs)
    return count, size


def _swap(vault: Any, new_db: Path, slots: bytes, failures: bytes, record: AnchorRecord,
          state: ReplicaState) -> str:
    """Install the origin's database: key slots first (newer slots beside an older
    database are harmless), the database by an atomic rename (the former one kept under a
    hard link), the head file last; then a fresh connection and anchor publisher."""
    from evidence.sync import engine
    from evidence.vault import AnchoredDatabase, VaultAnchors

    folder: Path = vault.folder
    vault.db.close()
    vault.anchors.publisher.flush()
    kept_dir = folder / REPLACED
    kept_dir.mkdir(exist_ok=True)
    stamp = utc_now_iso().replace(":", "").replace("-", "").replace(".", "")
    kept = kept_dir / f"{state.base_seq:012d}-{stamp}.db"
    os.link(folder / "vault.db", kept)
    for suffix in ("-wal", "-shm"):  # a clean close leaves none; kept if one is there
        side = folder / f"vault.db{suffix}"
        if side.exists():
            os.replace(side, kept.with_name(kept.name + suffix))
    own_failures = folder / engine.FAILURES_FILE  # this copy's, imported in its journal
    if own_failures.exists():
        os.link(own_failures, kept.with_suffix(".failures.jsonl"))
    fsync_dir(kept_dir)
    write_atomic(folder / "keyslots.json", slots)
    # The failures file goes with the database that counted and hashed its lines: one
    # replaced right after the other (a crash between the two is reported by unlock).
    if failures:
        write_atomic(own_failures, failures)
    else:
        own_failures.unlink(missing_ok=True)
    os.replace(new_db, folder / "vault.db")
    fsync_dir(folder)
    write_atomic(folder / anchors.HEAD_FILE, record.to_text().encode())
    db = AnchoredDatabase(folder / "vault.db", vault.keys.database)
    db.migrate()
    vault.db = db
    vault.anchors = VaultAnchors(AnchorPublisher(
        vault.id, vault.keys.journal_mac, anchors.default_stores(vault.id, folder)))
    db.on_commit = vault.anchors.publisher.publish
    return f"{REPLACED}/{kept.name}"
