"""The vault: one folder holding the encrypted database, blob store and key slots.

Layout under ``HOME/vault/``::

    vault.json            public header: format, vault id, demo flag (no secret)
    keyslots.json         the master key wrapped once per unlocking factor
    vault.db (+ -wal)     SQLCipher database (metadata, journal), raw 256-bit key
    blobs/xx/<id>         encrypted content (see blobstore.py)
    tmp/                  encrypted partial writes only
    unlock-failures.jsonl failed unlock attempts, recorded while the vault is
                          locked, moved into the journal at the next unlock
    head.json             the journal head, MACed: an anchor (see anchors.py)

A vault is created in a staging folder and renamed into place, so a crash
during ``init`` never leaves a half-made vault.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidence import anchors, journal
from evidence import epochs as epochs_mod
from evidence.anchors import AnchorFinding, AnchorPublisher, Head, VaultRolledBack
from evidence.atomic import fsync_dir, write_atomic
from evidence.blob_format import FileParts
from evidence.blobstore import BlobStore
from evidence.clock import TimeReading, utc_now_iso
from evidence.crypto import KEY_BYTES, VaultKeys
from evidence.db import Database
from evidence.errors import (
    AuthenticationFailed,
    IntegrityError,
    PermissionRefused,
    VaultExists,
    VaultLocked,
    VaultMissing,
)
from evidence.keyslots import (
    NewSlot,
    OpenedSlot,
    SlotFile,
    SlotOpener,
    SlotRecord,
    SlotRevoked,
    SlotSecret,
    VaultKeyStale,
    new_signing_seed,
    open_slot,
    seal_slot,
    signing_key,
    upgrade_slot,
)
from evidence.manifests import certify, register_signing_key
from evidence.model import OfficerIdentity, User, new_id, user_from_row
from evidence.unlock_failures import failure_counter, import_failures, record_failure

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

log = logging.getLogger(__name__)  # ids and factor kinds only, never a key or a secret

FORMAT = 1
SOFTWARE = "Probant"


@dataclass(frozen=True)
class VaultHeader:
    format: int
    vault_id: str
    created_at: str
    demo: bool

    @classmethod
    def read(cls, folder: Path) -> VaultHeader:
        path = folder / "vault.json"
        try:
            raw = json.loads(path.read_text("utf-8"))
            return cls(int(raw["format"]), str(raw["vault_id"]), str(raw["created_at"]),
                       bool(raw["demo"]))
        except FileNotFoundError as exc:
            raise VaultMissing("no vault in this home", home=str(folder.parent)) from exc
        except (OSError, ValueError, KeyError) as exc:
            raise IntegrityError(f"vault header unreadable: {exc}", problem="header") from exc


@dataclass(frozen=True)
class Session:
    """Who unlocked the vault, and with what."""

    user: User
    slot_id: str
    factor: str  # slot kind: "recovery", "fido2"
    simulated: bool  # a software authenticator: protects nothing, says so everywhere
    # The seed of the unlocking slot's signing key (unwrapped by its factor only); None
    # while a legacy slot could not be upgraded (a read-only vault).
    signing_seed: bytes | None = field(default=None, repr=False)


class AnchoredDatabase(Database):
    """The vault's connection: after each commit that wrote the journal, the new head is
    handed to the anchor publisher; while the vault is quarantined (an anchor says the
    database is older than what was committed), every write transaction is refused."""

    def __init__(self, path: Path, key: bytes, *, create: bool = False) -> None:
        super().__init__(path, key, create=create)
        self.key = key
        self.pending_head: Head | None = None
        self.on_commit: Callable[[Head], None] | None = None
        self.quarantine: AnchorFinding | None = None
        # The vault's current database key, shared by its siblings: after a key rotation
        # on another connection, this one reopens under the new key before its next use
        # (between transactions; it is used on the thread that opened it).
        self.key_source: Callable[[], bytes] | None = None

    def follow_key(self) -> None:
        if self.key_source is None:
            return
        key = self.key_source()
        if key != self.key and not self.conn.in_transaction:
            self.conn.close()
            Database.__init__(self, self.path, key)
            self.key = key

    def reconnect(self) -> None:
        """A fresh connection under the same key: once a page fails its check, SQLCipher
        keeps the error on the connection and every later read fails with it (verify
        reads on, table by table, after a damaged page)."""
        if self.conn.in_transaction:
            return
        self.conn.close()
        Database.__init__(self, self.path, self.key)

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        self.follow_key()
        return super().query(sql, params)

    @contextmanager
    def read_snapshot(self) -> Iterator[None]:
        self.follow_key()
        with super().read_snapshot():
            yield

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        if self.quarantine is not None:
            raise VaultRolledBack(f"writing refused: {self.quarantine.english()}",
                                  problem=self.quarantine.state)
        self.follow_key()
        self.pending_head = None
        try:
            with super().transaction() as conn:
                yield conn
        except BaseException:
            self.pending_head = None
            raise
        head, self.pending_head = self.pending_head, None
        if head is not None and self.on_commit is not None:
            self.on_commit(head)  # after COMMIT: an anchor is never ahead of the database


@dataclass
class VaultAnchors:
    """The anchors of one open vault, shared by its siblings."""

    publisher: AnchorPublisher
    at_open: tuple[AnchorFinding, ...] = ()  # what the unlock found, before writing
    quarantine: AnchorFinding | None = None  # the first alarm, while not accepted
    accepted: tuple[AnchorFinding, ...] = field(default_factory=tuple)
    # The vault's current keys and epochs, shared too: a rotation on one connection moves
    # the others to the new key epoch (rotation.py).
    keys: VaultKeys | None = field(default=None, repr=False)
    epochs: epochs_mod.Epochs | None = None


def db_head(db: Database) -> Head:
    row = db.query_one("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1")
    return Head(0, "") if row is None else Head(int(row[0]), str(row[1]))


def hash_at(db: Database, seq: int) -> str | None:
    row = db.query_one("SELECT hash FROM journal WHERE seq = ?", (seq,))
    return None if row is None else str(row[0])


# The generation of keyslots.json the vault last wrote (an older file is a copy put back).
SLOTS_GENERATION = "keyslots_generation"
# Set when the vault's slots carry their own signing keys (created so, or upgraded).
SLOT_KEYS = "slot_keys"


def set_slots_generation(conn: Any, generation: int) -> None:
    conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (SLOTS_GENERATION, str(generation)))


def slots_generation(db: Database) -> int | None:
    row = db.query_one("SELECT value FROM meta WHERE key = ?", (SLOTS_GENERATION,))
    return None if row is None else int(row[0])


def key_statement(record: SlotRecord) -> dict[str, Any]:
    """What a certificate of a slot's signing key states."""
    return {"what": "signing_key", "key": record.id,
            "public_key": str(record.params["signing_key"]), "user": record.user_id}


def role_statement(user_id: str, role: str) -> dict[str, Any]:
    return {"what": "role", "user": user_id, "role": role}


# Set once the vault has written its head file (at creation, or the first unlock after
# the anchors came): from then on a head file that is gone is an alarm, not "never written".
HEAD_ANCHORED = "head_anchored"


def required_anchors(db: Database) -> tuple[str, ...]:
    row = db.query_one("SELECT value FROM meta WHERE key = ?", (HEAD_ANCHORED,))
    return (anchors.HEAD_FILE_ANCHOR,) if row is not None and row[0] == "1" else ()


def vault_folder(home: Path) -> Path:
    return home / "vault"


def vault_exists(home: Path) -> bool:
    return (vault_folder(home) / "vault.json").exists()


class Vault:
    """An unlocked vault. Obtain one with :func:`create_vault` or :func:`open_vault`."""

    def __init__(self, folder: Path, header: VaultHeader, keys: VaultKeys, db: AnchoredDatabase,
                 session: Session, vault_anchors: VaultAnchors | None = None,
                 key_epochs: epochs_mod.Epochs | None = None) -> None:
        self.folder = folder
        self.header = header
        self.db = db
        self.session = session
        self.anchors = vault_anchors or VaultAnchors(AnchorPublisher(
            header.vault_id, keys.journal_mac,
            anchors.default_stores(header.vault_id, folder)))
        db.quarantine = self.anchors.quarantine
        # blob files written and not yet recorded: blob id -> (SHA-256, size, parts)
        self._blob_files: dict[str, tuple[str, int, FileParts]] = {}
        self._use_keys(keys, key_epochs or epochs_mod.load(db, keys.epoch))
        if self.anchors.keys is None:
            self.anchors.keys, self.anchors.epochs = self._keys, self._epochs
        db.on_commit = self._publish
        db.key_source = self._database_key

    def _publish(self, head: Head) -> None:
        self.anchors.publisher.publish(head)  # the shared publisher, whatever its epoch

    def _database_key(self) -> bytes:
        shared = self.anchors.keys
        return shared.database if shared is not None else self._keys.database

    def _use_keys(self, keys: VaultKeys, key_epochs: epochs_mod.Epochs) -> None:
        self._keys = keys
        self._epochs = key_epochs
        self._blobs = BlobStore(self.folder, keys.blob_root, keys.blob_id, epoch=keys.epoch,
                                older=key_epochs.blob_keys(self.header.vault_id),
                                on_published=self._note_blob_file)
        self._slots = SlotFile(self.folder / "keyslots.json", self.header.vault_id,
                               keys.slots_mac, keys.epoch)

    def _note_blob_file(self, blob_id: str, sha256: str, size: int, parts: FileParts) -> None:
        """A blob file was published: its hash goes into ``blob_files`` with the next
        journaled write, the one that references the blob (items.add_evidence), so no
        transaction and no fsync of its own. Lost only if that write fails: the push then
        hashes the file once (evidence/sync/engine.py)."""
        self._blob_files[blob_id] = (sha256, size, parts)

    def _follow(self) -> None:
        """After a rotation on a sibling: this vault's keys, blobs and slot file too."""
        shared = self.anchors.keys
        if shared is not None and shared is not self._keys and self.anchors.epochs:
            self._use_keys(shared, self.anchors.epochs)

    @property
    def keys(self) -> VaultKeys:
        self._follow()
        return self._keys

    @property
    def epochs(self) -> epochs_mod.Epochs:
        self._follow()
        return self._epochs

    @property
    def blobs(self) -> BlobStore:
        self._follow()
        return self._blobs

    @property
    def slots(self) -> SlotFile:
        self._follow()
        return self._slots

    def install_keys(self, keys: VaultKeys, key_epochs: epochs_mod.Epochs) -> None:
        """A new key epoch (rotation.py): this vault's blobs, slot file and anchors move
        to its keys, and its siblings' with them (each reopens its connection under the
        new key before its next use)."""
        if keys.epoch != self._keys.epoch:
            self.anchors.publisher.flush()
            self.anchors.publisher = AnchorPublisher(
                self.id, keys.journal_mac, anchors.default_stores(self.id, self.folder))
        self.db.key = keys.database  # this connection was re-keyed in place
        self._use_keys(keys, key_epochs)
        self.anchors.keys, self.anchors.epochs = keys, key_epochs

    @property
    def id(self) -> str:
        return self.header.vault_id

    @property
    def demo(self) -> bool:
        return self.header.demo

    @property
    def read_only(self) -> bool:
        """Quarantined: an anchor says this database is older than what was committed."""
        return self.anchors.quarantine is not None

    def close(self, *, anchor_wait: float = anchors.KEYRING_TIMEOUT_S) -> None:
        self.db.close()
        self.anchors.publisher.flush(anchor_wait)  # bounded: a hung keyring never blocks
        log.debug("vault %s closed", self.id)

    def sibling(self) -> Vault:
        """Another connection to this unlocked vault, same session, for another thread
        (a SQLCipher connection belongs to the thread that opened it): call it on that
        thread. Not a new unlock: the key was given for this session already."""
        return Vault(self.folder, self.header, self.keys,
                     AnchoredDatabase(self.folder / "vault.db", self.keys.database),
                     self.session, self.anchors, self.epochs)

    def check_anchors(self, timeout: float = anchors.KEYRING_TIMEOUT_S) -> list[AnchorFinding]:
        """Every anchor read now and compared with this database's head (``verify``)."""
        self.anchors.publisher.flush(timeout)
        reads = anchors.start_reads(anchors.default_stores(self.id, self.folder))
        return anchors.check(reads, self.keys.journal_mac, self.id, lambda: db_head(self.db),
                             lambda seq: hash_at(self.db, seq),
                             required=required_anchors(self.db), timeout=timeout,
                             older=self.epochs.journal_keys(self.id))

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- journal -----------------------------------------------------------
    def record(self, conn: Any, action: str, *, subject: str = "", constat_id: str | None = None,
               details: Mapping[str, Any] | None = None,
               when: TimeReading | None = None) -> journal.JournalEntry:
        """Journal ``action`` inside the caller's transaction, as the session's user."""
        info = dict(details or {})
        if self.session.simulated:
            info["authenticator"] = "simulated"
        if self.demo:
            info["demo"] = True
        entry = journal.append(conn, self.id, self.session.user.id, action, subject=subject,
                               constat_id=constat_id, details=info, when=when)
        self.db.pending_head = Head(entry.seq, entry.hash)
        if self._blob_files:
            now = utc_now_iso()
            conn.executemany("INSERT OR REPLACE INTO blob_files (blob_id, sha256, size,"
                             " recorded_at, part_size, part_sha256) VALUES (?, ?, ?, ?, ?, ?)",
                             [(b, sha, size, now, parts.size, parts.packed())
                              for b, (sha, size, parts) in self._blob_files.items()])
            self._blob_files.clear()
        return entry

    def log(self, action: str, **kwargs: Any) -> journal.JournalEntry:
        """Journal an action that changes nothing else (export, verify...)."""
        with self.db.transaction() as conn:
            return self.record(conn, action, **kwargs)

    def signer(self) -> tuple[str, Ed25519PrivateKey]:
        """The session's signing key (id: the unlocking slot's id)."""
        if self.session.signing_seed is None:
            raise IntegrityError("this session has no signing key (its slot could not be "
                                 "upgraded: the vault is read-only)", problem="signing_key")
        return self.session.slot_id, signing_key(self.session.signing_seed)

    def certify(self, statement: Mapping[str, Any]) -> dict[str, Any]:
        """A certificate of ``statement`` by this session's key (checked by verify against
        the role its user held)."""
        key_id, key = self.signer()
        return certify(self.id, statement, key_id, key)

    def save_slots(self, slots: Sequence[SlotRecord]) -> int:
        """keyslots.json rewritten (next generation, MACed); the caller records the
        generation in the transaction that journals the change (``set_slots_generation``)."""
        if self.db.quarantine is not None:
            raise VaultRolledBack(f"writing refused: {self.db.quarantine.english()}",
                                  problem=self.db.quarantine.state)
        return self.slots.save(slots)

    def require_role(self, *roles: str, action: str) -> None:
        """Roles are enforced here, in the core, not only hidden in the UI."""
        if self.session.user.role not in roles:
            self.log("permission_refused", details={"action": action,
                                                    "role": self.session.user.role})
            raise PermissionRefused(f"role {self.session.user.role} may not {action}",
                                    action=action, role=self.session.user.role)

    # -- slots -------------------------------------------------------------
    def add_slot(self, new: NewSlot) -> SlotRecord:
        """A new slot with its own signing key, certified by this session's key."""
        record = seal_slot(self.id, self.keys.master, new, seed=new_signing_seed(),
                           epoch=self.keys.epoch)
        cert = self.certify(key_statement(record))
        generation = self.save_slots([*self.slots.load(), record])
        with self.db.transaction() as conn:
            register_signing_key(conn, record.id, str(record.params["signing_key"]),
                                 record.user_id)
            set_slots_generation(conn, generation)
            self.record(conn, "slot_added", subject=record.id,
                        details={"kind": record.kind, "label": record.label,
                                 "user": record.user_id,
                                 "signing_key": record.params["signing_key"], "cert": cert,
                                 "keyslots_generation": generation})
        return record


# -- creation ----------------------------------------------------------------

SlotFactory = Callable[[str], NewSlot]  # user id -> enrolled factor


def create_vault(home: Path, officer: OfficerIdentity, factors: Sequence[SlotFactory], *,
                 demo: bool) -> Vault:
    """Create a vault with its first user (the officer) and its first key slots."""
    folder = vault_folder(home)
    if folder.exists():
        raise VaultExists("a vault already exists in this home", home=str(home))
    home.mkdir(parents=True, exist_ok=True)
    staging = home / f".vault-init-{os.getpid()}-{os.urandom(4).hex()}"
    staging.mkdir(mode=0o700)  # every folder 0700, every file 0600: the owner's alone
    try:
        header = VaultHeader(FORMAT, new_id("vlt"), utc_now_iso(), demo)
        keys = VaultKeys.from_master(os.urandom(KEY_BYTES), header.vault_id)
        officer_id = new_id("usr")
        slot_file = SlotFile(staging / "keyslots.json", header.vault_id, keys.slots_mac)
        seeds = [new_signing_seed() for _ in factors]
        records = [seal_slot(header.vault_id, keys.master, make(officer_id), seed=seed)
                   for make, seed in zip(factors, seeds, strict=True)]
        generation = slot_file.save(records)
        # Created 0600 before SQLCipher opens it: SQLite gives -wal and -shm the same mode.
        os.close(os.open(staging / "vault.db", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        db = Database(staging / "vault.db", keys.database, create=True)
        try:
            _initialise_db(db, header, officer, officer_id, records, seeds[0], generation)
        finally:
            db.close()
        (staging / "blobs").mkdir(mode=0o700)
        (staging / "tmp").mkdir(mode=0o700)
        write_atomic(staging / "vault.json", json.dumps({
            "format": header.format, "vault_id": header.vault_id,
            "created_at": header.created_at, "demo": header.demo, "software": SOFTWARE,
        }, indent=1).encode())
        os.chmod(staging / "vault.json", 0o600)
        fsync_dir(staging)
        os.rename(staging, folder)
        fsync_dir(home)
        log.info("vault %s created (demo=%s, factors: %s)", header.vault_id, demo,
                 ", ".join(r.kind for r in records))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    first = records[0]
    db = AnchoredDatabase(folder / "vault.db", keys.database)
    user = _load_user(db, officer_id)
    vault = Vault(folder, header, keys, db,
                  Session(user, first.id, first.kind, bool(first.params.get("simulated")),
                          seeds[0]))
    vault.anchors.publisher.publish(db_head(db))  # anchored from the first entry on
    vault.anchors.publisher.flush()  # bounded; a creation can wait for its first anchors
    anchors.sync_folder(folder)
    return vault


def _initialise_db(db: Database, header: VaultHeader, officer: OfficerIdentity, officer_id: str,
                   records: Sequence[SlotRecord], founder_seed: bytes, generation: int) -> None:
    """The founding entries: the officer, a commissaire by construction, and their slots'
    signing keys, certified by the first slot's key (the root verify starts from)."""
    db.migrate()
    now = TimeReading.now()
    vid, founder = header.vault_id, records[0].id

    def cert(statement: Mapping[str, Any]) -> dict[str, Any]:
        return certify(vid, statement, founder, signing_key(founder_seed))

    with db.transaction() as conn:
        conn.execute("INSERT INTO meta VALUES ('vault_id', ?)", (vid,))
        conn.execute("INSERT INTO meta VALUES ('demo', ?)", ("1" if header.demo else "0",))
        conn.execute("INSERT INTO meta VALUES ('failures_imported', '0')")
        conn.execute("INSERT INTO meta VALUES (?, '1')", (HEAD_ANCHORED,))
        conn.execute("INSERT INTO meta VALUES (?, '1')", (SLOT_KEYS,))
        set_slots_generation(conn, generation)
        conn.execute(
            "INSERT INTO users (id, name, role, office, address, created_at) VALUES (?,?,?,?,?,?)",
            (officer_id, officer.name, "commissaire", officer.office, officer.address, now.utc),
        )
        base = {"demo": True} if header.demo else {}
        journal.append(conn, vid, officer_id, "vault_created", when=now,
                       details={**base, "format": FORMAT, "schema": db.schema_version(),
                                "slot_keys": True})
        journal.append(conn, vid, officer_id, "user_added", subject=officer_id,
                       details={**base, "name": officer.name, "role": "commissaire",
                                "cert": cert(role_statement(officer_id, "commissaire"))})
        for record in records:
            register_signing_key(conn, record.id, str(record.params["signing_key"]), officer_id)
            journal.append(conn, vid, officer_id, "slot_added", subject=record.id,
                           details={**base, "kind": record.kind, "label": record.label,
                                    "simulated": bool(record.params.get("simulated")),
                                    "user": officer_id,
                                    "signing_key": record.params["signing_key"],
                                    "cert": cert(key_statement(record)),
                                    "keyslots_generation": generation})


def _load_user(db: Database, user_id: str) -> User:
    row = db.query_one("SELECT * FROM users WHERE id = ?", (user_id,))
    if row is None:
        raise IntegrityError("the slot's user is missing", problem="user")
    return user_from_row(row)


# -- unlocking ---------------------------------------------------------------

def open_vault(home: Path, openers: Sequence[SlotOpener], *,
               accept_anchor_loss: int | None = None) -> Vault:
    """Unlock with the first factor that opens a slot; failures are recorded.

    The anchors are read while the factor is asked. When one of them says the database
    is older than what was committed (or was tampered with), the vault opens read-only
    (quarantined): nothing is written, not even the unlock, so the evidence of the
    rollback stays as found. ``accept_anchor_loss`` (the database's journal seq the
    refusal names) is a commissaire's deliberate acceptance: journaled, then writable.
    """
    folder = vault_folder(home)
    header = VaultHeader.read(folder)
    reads = anchors.start_reads(anchors.default_stores(header.vault_id, folder))
    failures_read = anchors.PendingRead(failure_counter(header.vault_id))
    slot_file = SlotFile(folder / "keyslots.json", header.vault_id)
    slots = slot_file.load()
    if not openers:
        raise VaultLocked("vault is locked: no unlocking factor given")
    last_error: AuthenticationFailed | None = None
    for opener in openers:
        candidates = [s for s in slots if s.kind == opener.kind]
        try:
            secret = opener.open(candidates)
        except AuthenticationFailed as exc:
            record_failure(folder, header.vault_id, opener.kind, exc.code)
            last_error = exc
            continue
        record = next((s for s in candidates if s.id == secret.slot_id), None)
        opened = open_slot(header.vault_id, record, secret.secret) if record else None
        if opened is None or record is None:
            error = _wrong_factor(opener.kind)
            record_failure(folder, header.vault_id, opener.kind, error.code)
            last_error = error
            continue
        try:
            return _finish_unlock(folder, header, opened, record, secret, reads,
                                  accept_anchor_loss, failures_read)
        except (SlotRevoked, VaultKeyStale) as exc:
            record_failure(folder, header.vault_id, opener.kind, exc.code)
            raise
    assert last_error is not None
    raise last_error


def _wrong_factor(kind: str) -> AuthenticationFailed:
    from evidence.errors import WrongRecoveryCode

    if kind == "recovery":
        return WrongRecoveryCode("wrong recovery code")
    return AuthenticationFailed(f"{kind}: this factor does not open the vault", factor=kind)


def _check_slot_journaled(db: Database, record: SlotRecord) -> None:
    """The database, not the slot file, says which slots are valid: a slot it never added
    (written into keyslots.json by someone holding the master key) or one it removed (an
    old keyslots.json put back) does not unlock."""
    actions = {str(r[0]) for r in db.query(
        "SELECT action FROM journal WHERE subject = ? AND action IN ('slot_added',"
        " 'slot_removed')", (record.id,))}
    deactivated = db.query_one("SELECT seq FROM journal WHERE action = 'user_deactivated'"
                               " AND details LIKE ?", (f'%"{record.id}"%',))
    if "slot_removed" in actions or deactivated is not None:
        raise SlotRevoked(f"key slot {record.id} was removed from this vault: it no longer "
                          "opens it", slot=record.id, factor=record.kind)
    if "slot_added" not in actions and db.query_one(
            "SELECT 1 FROM journal WHERE action = 'slot_added' LIMIT 1") is not None:
        raise SlotRevoked(f"key slot {record.id} was never added to this vault (written into "
                          "its key slot file from outside)", slot=record.id, factor=record.kind)


def _revoked_slots(db: Database) -> set[str]:
    removed = {str(r[0]) for r in db.query(
        "SELECT subject FROM journal WHERE action = 'slot_removed'")}
    for row in db.query("SELECT details FROM journal WHERE action = 'user_deactivated'"):
        removed.update(str(s) for s in json.loads(row[0]).get("slots_removed", []))
    return removed


def _slot_finding(slot_file: SlotFile, keys: VaultKeys, key_epochs: epochs_mod.Epochs,
                  db: Database) -> AnchorFinding | None:
    """keyslots.json against its MAC and the generation the database last wrote. The MAC
    is under the database's key epoch, or under the one before while a rotation is being
    finished (killed between the re-keying and the file's rewrite: rotation.py)."""
    stored = slots_generation(db)
    info = slot_file.info()
    key = keys.slots_mac
    if info.epoch != keys.epoch:
        ended = key_epochs.keys(slot_file.vault_id).get(info.epoch)
        to = int((info.rotation or {}).get("to", -1))
        if ended is None or info.epoch > keys.epoch or to != keys.epoch:
            return AnchorFinding(anchors.KEYSLOTS_ANCHOR, anchors.ROLLBACK, stored or 0,
                                 info.generation, f"key epoch {info.epoch}, the vault's is "
                                 f"{keys.epoch}")
        key = ended.slots_mac
    found = slot_file.check(key, stored)
    if not found.alarm:
        return None
    state = anchors.ROLLBACK if found.state == "rollback" else anchors.TAMPERED
    return AnchorFinding(anchors.KEYSLOTS_ANCHOR, state, stored or 0, found.generation,
                         "MAC does not verify" if state == anchors.TAMPERED else "")


def _open_database(folder: Path, header: VaultHeader, opened: OpenedSlot,
                   record: SlotRecord) -> tuple[VaultKeys, AnchoredDatabase]:
    """The database opened with the newest master key the slot reaches (a key sealed to
    it by a rotation, else the one its factor wraps)."""
    failure: IntegrityError | None = None
    for epoch, master in opened.masters():
        keys = VaultKeys.from_master(master, header.vault_id, epoch)
        try:
            return keys, AnchoredDatabase(folder / "vault.db", keys.database)
        except IntegrityError as exc:
            if exc.params.get("problem") != "database":
                raise
            failure = exc
    raise VaultKeyStale(f"key slot {record.id} opens, but its key does not open the database:"
                        " keyslots.json is older than a renewal of the vault's key (an old "
                        "copy put back), or the database is damaged", slot=record.id,
                        factor=record.kind) from failure


def _finish_unlock(folder: Path, header: VaultHeader, opened: OpenedSlot, record: SlotRecord,
                   secret: SlotSecret, reads: Sequence[anchors.PendingRead],
                   accept_loss: int | None, failures_read: anchors.PendingRead) -> Vault:
    keys, db = _open_database(folder, header, opened, record)
    simulated, details = secret.simulated, secret.details
    try:
        db.migrate()
        meta = {row["key"]: row["value"] for row in db.query("SELECT key, value FROM meta")}
        if meta.get("vault_id") != header.vault_id or (meta.get("demo") == "1") != header.demo:
            raise IntegrityError("vault header does not match the database", problem="header")
        user = _load_user(db, record.user_id)
        if not user.active:
            raise AuthenticationFailed("this user is deactivated", factor=record.kind)
        _check_slot_journaled(db, record)
        key_epochs = epochs_mod.load(db, keys.epoch)
        slot_file = SlotFile(folder / "keyslots.json", header.vault_id, keys.slots_mac,
                             keys.epoch)
        slot_alarm = _slot_finding(slot_file, keys, key_epochs, db)
        required = required_anchors(db)
        findings = tuple(anchors.check(reads, keys.journal_mac, header.vault_id,
                                       lambda: db_head(db), lambda seq: hash_at(db, seq),
                                       required=required,
                                       older=key_epochs.journal_keys(header.vault_id)))
        findings += (slot_alarm,) if slot_alarm else ()
        head = db_head(db)
        alarms = tuple(f for f in findings if f.alarm)
        accepted = bool(alarms) and accept_loss == head.seq and user.role == "commissaire"
        quarantine = alarms[0] if alarms and not accepted else None
        state = VaultAnchors(
            AnchorPublisher(header.vault_id, keys.journal_mac,
                            anchors.default_stores(header.vault_id, folder)),
            at_open=findings, quarantine=quarantine, accepted=alarms if accepted else ())
        session = Session(user, record.id, record.kind, simulated, opened.seed)
        vault = Vault(folder, header, keys, db, session, state, key_epochs)
        if vault.read_only:  # nothing written: the rollback's evidence stays as found
            log.warning("vault %s opened read-only: %s", header.vault_id, alarms[0].english())
            return vault
        from evidence import rotation

        # A rotation a kill cut short is finished first (the slot file is rewritten).
        rotated = rotation.resume(vault, opened)
        seed, generation, upgraded = opened.seed, None, None
        slots = vault.slots.load()
        current = next((s for s in slots if s.id == record.id), record)
        exchange_added = False
        if seed is None or not current.can_receive:
            # A slot sealed before gets now, from its own factor, what it lacked: its
            # signing key (schema 11), its exchange key (schema 12: rotations reach it).
            upgraded, seed = upgrade_slot(header.vault_id, current, secret.secret,
                                          vault.keys.master, seed, vault.keys.epoch)
            exchange_added = opened.seed is not None
            slots = [upgraded if s.id == record.id else s for s in slots]
            vault.session = replace(session, signing_seed=seed)
            if exchange_added:
                upgraded = None  # same signing key: nothing for slot_upgraded to certify
        if secret.state_update is not None:
            slots = [replace(s, state=dict(secret.state_update)) if s.id == record.id
                     else s for s in slots]
        if slot_alarm is not None:  # an old file accepted: without the slots removed since
            slots = [s for s in slots if s.id not in _revoked_slots(db)]
        if (upgraded is not None or exchange_added or secret.state_update is not None
                or slot_alarm is not None):
            generation = vault.slots.save(slots, after=slots_generation(db) or 0)
        removed = vault.blobs.clean_tmp()
        anchors.remove_stale_tmp(folder)
        with db.transaction() as conn:
            import_failures(vault, conn, meta, failures_read)
            if not required:
                conn.execute("INSERT OR REPLACE INTO meta VALUES (?, '1')", (HEAD_ANCHORED,))
            if accepted:
                vault.record(conn, "anchor_loss_accepted", details={
                    "db_seq": head.seq, "findings": [f.to_json() for f in alarms]})
            if meta.get(SLOT_KEYS) != "1":
                conn.execute("INSERT OR REPLACE INTO meta VALUES (?, '1')", (SLOT_KEYS,))
                vault.record(conn, "signing_keys_introduced", details={
                    "note": "from here on, manifests are signed by each slot's own key"})
            if upgraded is not None:
                register_signing_key(conn, record.id, str(upgraded.params["signing_key"]),
                                     record.user_id)
                vault.record(conn, "slot_upgraded", subject=record.id, details={
                    "user": record.user_id, "signing_key": upgraded.params["signing_key"],
                    "cert": vault.certify(key_statement(upgraded))})
            if generation is not None:
                set_slots_generation(conn, generation)
            vault.record(conn, "unlock", subject=record.id,
                         details={"factor": record.kind, **details, **rotated,
                                  **({"exchange_key": True} if exchange_added else {}),
                                  **({"stale_partial_writes_removed": removed} if removed else {}),
                                  **({"keyslots_generation": generation} if generation else {}),
                                  "anchors": {f.anchor: f.state for f in findings}})
        log.info("vault %s opened with factor %s (simulated=%s)", header.vault_id, record.kind,
                 simulated)
        return vault
    except BaseException:
        db.close()
        raise
