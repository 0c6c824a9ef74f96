"""Push a vault to a remote and verify what it holds (restore: restore.py).

Remote layout, under ``<vault id>/`` (names reveal nothing of the content)::

    blobs/<sha256 of the encrypted blob file>     the blob file as it is on disk
    db/<sha256 of the snapshot>                   the SQLCipher file (backup API copy)
    keyslots/<sha256>                             keyslots.json (wrapped keys only)
    failures/<sha256>                             unlock-failures.jsonl (no secret)
    heads/<seq:012d>-<utc>-<random>.json          one per sync: what a restore needs

A head record holds the public header (vault.json), the snapshot's and the key slots'
names, the blob id -> object name map (blob ids are already keyed HMACs) and the
journal-head anchor record of the snapshot (MACed; no key). Every object is written
once; a corrupt one is sent again as a new version where the remote keeps versions.

Outbox: the ``sync_objects`` table says what each remote confirmed; what is pending is
the blob store minus those rows (evidence first, oldest first), then a new snapshot and
head. Each confirmation is committed as soon as the remote answered: a killed sync
resumes without re-sending finished objects.

A blob's object name is the SHA-256 of its file recorded when the blob store wrote it
(``blob_files``; hashed here once for a blob written before schema 13): no read of the
whole file before its first byte is sent. From schema 14 the SHA-256 of each part of the
file is recorded too: a multipart upload sends each part with its recorded checksum and
the server checks the bytes against it (no hashing here); the head record carries them
(``parts``), so a restore checks each part on its own download thread. A file without
them is hashed on the way and must match its name. Either way a file changed since it
was written is refused (``SourceChanged``), the others are sent, and the push then fails
as an integrity error naming the refused blobs.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, cast

from evidence import anchors
from evidence.blob_format import FileParts, HashedFile
from evidence.clock import utc_now_iso
from evidence.errors import ProbantError
from evidence.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, no_progress
from evidence.sync import replica
from evidence.sync.errors import BlobFilesChanged, SourceChanged
from evidence.sync.flow import Flow
from evidence.sync.remote import Body, Remote, sha256_file
from evidence.sync.snapshot import snapshot_database
from evidence.vault import Vault

log = logging.getLogger(__name__)  # blob ids and reasons only
HEAD_FORMAT = 1
_HEAD_NAME = re.compile(r"^(?P<vault>[^/]+)/heads/(?P<seq>\d{12})-[^/]+\.json$")


@dataclass(frozen=True)
class SyncResult:
    remote: str
    blobs_sent: int
    blobs_repaired: int
    bytes_sent: int
    already_there: int
    head: str
    journal_seq: int
    parts_sent: int = 0  # multipart: parts sent by this run
    parts_resumed: int = 0  # parts an interrupted run had stored, kept, not sent again
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class VerifyResult:
    remote: str
    deep: bool
    checked: int
    missing: tuple[str, ...]  # object names
    corrupt: tuple[str, ...]
    unknown: int  # objects on the remote this vault never sent (another vault, a probe)
    remote_seq: int  # the newest head's journal seq on the remote (0: none)
    local_seq: int
    rollback: bool  # the remote's head is ahead of this vault

    @property
    def ok(self) -> bool:
        return not (self.missing or self.corrupt or self.rollback)

    def to_json(self) -> dict[str, Any]:
        return {**self.__dict__, "missing": list(self.missing), "corrupt": list(self.corrupt),
                "ok": self.ok}


@dataclass
class _Counts:
    sent: int = 0
    repaired: int = 0
    bytes: int = 0
    there: int = 0
    done: list[str] = field(default_factory=list)


# -- push ---------------------------------------------------------------------------


def _rows(vault: Vault, remote: str) -> dict[str, tuple[str, str, str]]:
    """name -> (kind, local id, state)."""
    return {str(r["name"]): (str(r["kind"]), str(r["local_id"]), str(r["state"]))
            for r in vault.db.query("SELECT name, kind, local_id, state FROM sync_objects"
                                    " WHERE remote = ?", (remote,))}


def _record(vault: Vault, remote: str, name: str, kind: str, local_id: str, size: int,
            sha256: str) -> None:
    with vault.db.transaction() as conn:
        conn.execute("INSERT OR REPLACE INTO sync_objects (remote, name, kind, local_id, size,"
                     " sha256, state, sent_at) VALUES (?, ?, ?, ?, ?, ?, 'sent', ?)",
                     (remote, name, kind, local_id, size, sha256, utc_now_iso()))


def blob_files(vault: Vault) -> dict[str, tuple[str, int]]:
    """blob id -> (SHA-256, size) of its encrypted file, as recorded when it was written."""
    return {str(r[0]): (str(r[1]), int(r[2]))
            for r in vault.db.query("SELECT blob_id, sha256, size FROM blob_files")}


def blob_parts(vault: Vault) -> dict[str, FileParts]:
    """blob id -> the SHA-256 of its file's parts as written (schema 14; older blobs have
    none)."""
    found: dict[str, FileParts] = {}
    for r in vault.db.query("SELECT blob_id, sha256, part_size, part_sha256 FROM blob_files"
                            " WHERE part_size > 0"):
        parts = FileParts.unpack(int(r[2]), bytes(r[3]), str(r[1]))
        if parts is not None:
            found[str(r[0])] = parts
    return found


def _hash_blob_file(vault: Vault, blob_id: str, path: Path,
                    parts: dict[str, FileParts]) -> tuple[str, int]:
    """A blob written before its file's hash was recorded (schema 13): hashed once now,
    whole and by parts, and recorded, so the next push to any remote need not read it
    first (its parts go into ``parts`` for this push)."""
    hashed = HashedFile(cast(BinaryIO, _Discard()))
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            hashed.write(block)
    found = parts[blob_id] = hashed.parts()
    if not vault.read_only:
        with vault.db.transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO blob_files (blob_id, sha256, size, recorded_at,"
                         " part_size, part_sha256) VALUES (?, ?, ?, ?, ?, ?)",
                         (blob_id, found.whole, hashed.size, utc_now_iso(), found.size,
                          found.packed()))
    return found.whole, hashed.size


class _Discard(io.RawIOBase):
    def write(self, data: Any) -> int:
        return len(data)


def pending_blobs(vault: Vault, remote: str) -> list[str]:
    """Blob ids this remote has not confirmed (or that verify found damaged): evidence
    first, oldest first, then every other blob of the store (PVs, bundles...)."""
    sent = {local for (kind, local, state) in _rows(vault, remote).values()
            if kind == "blob" and state == "sent"}
    order: list[str] = []
    seen: set[str] = set()
    for row in vault.db.query("SELECT blob_id FROM evidence ORDER BY captured_at, rowid"):
        blob_id = str(row[0])
        if blob_id not in seen and vault.blobs.path_of(blob_id).exists():
            seen.add(blob_id)
            order.append(blob_id)
    for blob_id in vault.blobs.all_blob_ids():
        if blob_id not in seen:
            seen.add(blob_id)
            order.append(blob_id)
    return [b for b in order if b not in sent]


def push(vault: Vault, remote: Remote, *, max_rate: int = 0,
         progress: ProgressCallback = no_progress,
         cancel: CancelToken = NEVER_CANCELLED) -> SyncResult:
    """Everything pending to ``remote``; journaled (``remote_synced`` / ``remote_sync_failed``).
    ``max_rate``: bytes per second (0: unlimited); ``progress(bytes done, bytes total)``."""
    counts = _Counts()
    flow = Flow(max_rate=max_rate, progress=progress, cancel=cancel)
    try:
        result = _push(vault, remote, counts, flow)
    except ProbantError as exc:
        if not vault.read_only:
            refused = exc.params.get("refused")
            vault.log("remote_sync_failed", subject=remote.name, details={
                "error": exc.code, "blobs_sent": counts.sent, "bytes_sent": counts.bytes,
                "pending": len(pending_blobs(vault, remote.name)),
                **({"refused": refused} if refused else {})})
        raise
    return result


def _push(vault: Vault, remote: Remote, counts: _Counts, flow: Flow) -> SyncResult:
    started = time.monotonic()
    if not vault.read_only and replica.read_state(vault.folder) is None:
        from evidence.sync.promotion import check_origin_line

        check_origin_line(vault, remote)  # one origin per vault (a promoted copy)
    prefix = f"{vault.id}/"
    rows = _rows(vault, remote.name)
    damaged = {local for (kind, local, state) in rows.values()
               if kind == "blob" and state == "corrupt"}
    todo = pending_blobs(vault, remote.name)
    recorded = blob_files(vault)
    parts = blob_parts(vault)
    flow.add_total(sum(vault.blobs.path_of(b).stat().st_size for b in todo))
    flow.add_items(len(todo))
    refused: list[str] = []
    for blob_id in todo:
        flow.cancel.raise_if_cancelled()
        path = vault.blobs.path_of(blob_id)
        sha, size = recorded.get(blob_id) or _hash_blob_file(vault, blob_id, path, parts)
        name = f"{prefix}blobs/{sha}"
        try:
            if path.stat().st_size != size:
                raise SourceChanged(f"{blob_id}: {path.stat().st_size} bytes, {size} when "
                                    "written", problem="source_changed")
            if blob_id in damaged and name in rows and rows[name][2] == "corrupt":
                remote.put_new_version(name, path, sha, size, flow, parts.get(blob_id))
                counts.repaired += 1
            elif remote.put_if_absent(name, path, sha, size, flow, parts.get(blob_id)):
                counts.sent += 1
            else:
                counts.there += 1
        except SourceChanged as exc:
            # Never under its good name; the other objects still go (evidence first).
            log.error("blob %s not sent: its file changed since it was written (%s)",
                      blob_id, exc.detail)
            refused.append(blob_id)
            flow.item_done()
            continue
        counts.bytes += size
        _record(vault, remote.name, name, "blob", blob_id, size, sha)
        flow.item_done()
    sent = (int(getattr(remote, "parts_sent", 0)), int(getattr(remote, "parts_resumed", 0)))
    vault.log("remote_synced", subject=remote.name, details={
        "blobs_sent": counts.sent, "blobs_repaired": counts.repaired,
        "bytes_sent": counts.bytes, "already_there": counts.there,
        "parts_sent": sent[0], "parts_resumed": sent[1],
        **({"refused": refused} if refused else {})})
    head_name, seq = _send_metadata(vault, remote, prefix, flow)
    if refused:
        raise BlobFilesChanged(
            f"{len(refused)} blob file(s) no longer match the SHA-256 recorded when they were "
            f"written and were not sent to {remote.name} (everything else was): "
            f"{', '.join(refused)}; run 'probant verify'", refused=refused,
            blobs=", ".join(refused), remote=remote.name)
    return SyncResult(remote.name, counts.sent, counts.repaired, counts.bytes, counts.there,
                      head_name, seq, sent[0], sent[1],
                      round(time.monotonic() - started, 2))


def _send_metadata(vault: Vault, remote: Remote, prefix: str,
                   flow: Flow) -> tuple[str, int]:
    tmp = vault.blobs.tmp / f"{os.getpid()}-{os.urandom(8).hex()}.part"
    vault.blobs.tmp.mkdir(parents=True, exist_ok=True)
    try:
        head = snapshot_database(vault, tmp)
        db_sha, db_size = sha256_file(tmp)
        db_name = f"{prefix}db/{db_sha}"
        flow.add_total(db_size)
        _offer(vault, remote, db_name, "db", tmp, db_sha, db_size, flow)
    finally:
        tmp.unlink(missing_ok=True)
    slots = (vault.folder / "keyslots.json").read_bytes()
    slots_sha = hashlib.sha256(slots).hexdigest()
    slots_name = f"{prefix}keyslots/{slots_sha}"
    _offer(vault, remote, slots_name, "keyslots", slots, slots_sha, len(slots))
    failures = _send_failures(vault, remote, prefix)
    blobs = {str(r["local_id"]): str(r["name"]).rsplit("/", 1)[1] for r in vault.db.query(
        "SELECT local_id, name FROM sync_objects WHERE remote = ? AND kind = 'blob'"
        " ORDER BY sent_at, name", (remote.name,))}
    recorded = blob_parts(vault)
    # The part digests of each blob of more than one part, as written: a restore checks
    # each part against its own (base64 of the 32-byte digests end to end).
    parts = {sha: [recorded[b].size, base64.b64encode(recorded[b].packed()).decode()]
             for b, sha in sorted(blobs.items())
             if b in recorded and len(recorded[b].digests) > 1 and recorded[b].whole == sha}
    record = anchors.make_record(vault.keys.journal_mac, vault.id, head)
    body = json.dumps({
        "v": HEAD_FORMAT, "vault_id": vault.id, "written_at": utc_now_iso(),
        "vault_json": json.loads((vault.folder / "vault.json").read_text("utf-8")),
        "db": {"name": db_name, "size": db_size, "sha256": db_sha},
        "keyslots": {"name": slots_name, "size": len(slots), "sha256": slots_sha},
        "anchor": record.to_json(), "blobs": blobs, **({"parts": parts} if parts else {}),
        **({"failures": failures} if failures else {}),
    }, sort_keys=True, indent=0).encode()
    stamp = utc_now_iso().replace(":", "").replace("-", "").replace(".", "")
    head_name = (f"{replica.heads_prefix(vault)}{head.seq:012d}-{stamp}-"
                 f"{os.urandom(4).hex()}.json")
    sha = hashlib.sha256(body).hexdigest()
    remote.put_if_absent(head_name, body, sha, len(body))
    _record(vault, remote.name, head_name, "head", "", len(body), sha)
    return head_name, head.seq


def _offer(vault: Vault, remote: Remote, name: str, kind: str, body: Body, sha: str,
           size: int, flow: Flow | None = None) -> None:
    """A metadata object named by its hash, sent unless there, and confirmed. The same
    bytes come back under the same name (key slots unchanged since the last sync, the
    same failures file): one that verify found corrupt is sent again as a new version."""
    state = vault.db.query_one("SELECT state FROM sync_objects WHERE remote = ? AND name = ?",
                               (remote.name, name))
    if state is not None and state[0] == "corrupt":
        remote.put_new_version(name, body, sha, size, flow)
    else:
        remote.put_if_absent(name, body, sha, size, flow)
    _record(vault, remote.name, name, kind, "", size, sha)


FAILURES_FILE = "unlock-failures.jsonl"


def _send_failures(vault: Vault, remote: Remote, prefix: str) -> dict[str, Any] | None:
    """The failed-unlock file: the database keeps the count and hash of the lines it
    imported, so a copy without them reads as erased. It is plain on disk by design (written
    while the vault is locked): times, factor kinds and reasons, no secret, no evidence."""
    path = vault.folder / FAILURES_FILE
    if not path.exists():
        return None
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    name = f"{prefix}failures/{sha}"
    # Confirmed like the other objects (kind ``failures``, schema 13): ``remote verify``
    # checks it, and repairs it when found corrupt.
    _offer(vault, remote, name, "failures", data, sha, len(data))
    return {"name": name, "size": len(data), "sha256": sha}


# -- verify -------------------------------------------------------------------------


class _Hasher:
    """Counts what ``get`` streams (the remote hashes it); rewound when a read is retried."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        return len(data)

    def tell(self) -> int:
        return self.size

    def seek(self, offset: int) -> int:
        self.size = offset
        return offset

    def truncate(self) -> int:
        return self.size


def heads_on(remote: Remote, vault_id: str | None = None,
             workstation: str | None = None) -> list[tuple[str, str, int]]:
    """(vault id, object name, seq) of every head record of the origin (or of one
    replica's workstation), oldest first."""
    found: list[tuple[str, str, int]] = []
    where = f"workstations/{workstation}/heads/" if workstation else "heads/"
    pattern = _HEAD_NAME if not workstation else re.compile(
        r"^(?P<vault>[^/]+)/" + re.escape(where) + r"(?P<seq>\d{12})-[^/]+\.json$")
    for info in remote.list(f"{vault_id}/{where}" if vault_id else ""):
        m = pattern.match(info.name)
        if m:
            found.append((m["vault"], info.name, int(m["seq"])))
    return sorted(found, key=lambda h: (h[0], h[1]))


def verify(vault: Vault, remote: Remote, *, deep: bool = False, max_rate: int = 0,
           progress: ProgressCallback = no_progress,
           cancel: CancelToken = NEVER_CANCELLED) -> VerifyResult:
    """The remote's listing against what it confirmed; ``deep``: every object read back
    and hashed (its name is its SHA-256). Damage is recorded for the next sync to repair."""
    rows = {str(r["name"]): r for r in vault.db.query(
        "SELECT * FROM sync_objects WHERE remote = ?", (remote.name,))}
    listing = {i.name: i.size for i in remote.list(f"{vault.id}/")}
    missing: list[str] = []
    corrupt: list[str] = []
    total = sum(int(r["size"]) for r in rows.values()) if deep else len(rows)
    flow = Flow(max_rate=max_rate, total=total, progress=progress, cancel=cancel)
    done = 0
    if deep:
        flow.add_items(len(rows))
    for name, row in sorted(rows.items()):
        cancel.raise_if_cancelled()
        done += 1
        if name not in listing:
            missing.append(name)
        elif listing[name] != int(row["size"]):
            corrupt.append(name)
        elif deep:
            sink = _Hasher()
            if remote.get(name, sink, flow) != str(row["sha256"]):
                corrupt.append(name)
        if deep:
            flow.item_done()
        else:
            progress(done, total)
    copy = replica.read_state(vault.folder)  # a replica: its own heads, not the origin's
    heads = heads_on(remote, vault.id, copy.workstation if copy else None)
    remote_seq = heads[-1][2] if heads else 0
    local_seq = int((vault.db.query_one("SELECT max(seq) FROM journal") or [0])[0] or 0)
    rollback = remote_seq > local_seq
    result = VerifyResult(remote.name, deep, len(rows), tuple(missing), tuple(corrupt),
                          len(set(listing) - set(rows)), remote_seq, local_seq, rollback)
    if not vault.read_only:
        with vault.db.transaction() as conn:
            now = utc_now_iso()
            conn.execute("UPDATE sync_objects SET checked_at = ? WHERE remote = ?",
                         (now, remote.name))
            for state, names in (("missing", missing), ("corrupt", corrupt)):
                for name in names:
                    conn.execute("UPDATE sync_objects SET state = ? WHERE remote = ? AND"
                                 " name = ?", (state, remote.name, name))
            vault.record(conn, "remote_verified", subject=remote.name, details={
                "deep": deep, "checked": len(rows), "missing": missing, "corrupt": corrupt,
                "remote_seq": remote_seq, "rollback": rollback})
    return result
