"""Anchors of the journal head kept outside the vault database.

After every commit that writes the journal, the head (last seq, its entry hash) is
MACed with the vault's journal key and written to every anchor store:

- the head file ``vault/head.json`` beside the database (temp file, fsync, rename);
- the OS keyring through ``keyring`` (service "Probant", user = vault id): Secret
  Service, Windows Credential Manager, macOS Keychain;
- remote stores, registered by :func:`register_store_factory` (sync, later).

Each store is written off the commit path by its own thread, after the commit, latest
head wins; waits are bounded (a hung keyring never holds up a capture, nor the head
file) and each store's outcome is kept (``AnchorPublisher.outcomes``).

At unlock and in ``verify`` the database head is compared with every anchor that
can be read: an anchor ahead of the database (``rollback``), or one whose seq the
database holds with another hash (``fork``), means the database, or the whole home,
is older than what was committed; a MAC that does not verify is ``tampered``.

No key is written: the MAC proves the record came from someone holding the vault
key; the seq and hash it carries reveal nothing of the vault's content.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from evidence.atomic import fsync_dir, process_alive, raise_storage_error
from evidence.canonical import canonical_json
from evidence.clock import utc_now_iso
from evidence.crypto import mac
from evidence.errors import IntegrityError

log = logging.getLogger(__name__)  # seqs, anchor names and outcomes only: never a key

RECORD_FORMAT = 1
HEAD_FILE = "head.json"
KEYRING_SERVICE = "Probant"
KEYRING_TIMEOUT_S = 3.0  # a read at unlock, or a write's wait at close, never longer

HEAD_FILE_ANCHOR = "head_file"
KEYRING_ANCHOR = "keyring"
# Not an anchor of the journal head: keyslots.json checked at unlock against its MAC and
# the generation the database recorded (seqs below are generations for it).
KEYSLOTS_ANCHOR = "keyslots"

# States of one anchor compared with the database head
OK, BEHIND, ABSENT, UNAVAILABLE = "ok", "behind", "absent", "unavailable"
ROLLBACK, FORK, TAMPERED, MISSING = "rollback", "fork", "tampered", "missing"
ALARMS = (ROLLBACK, FORK, TAMPERED, MISSING)


class VaultRolledBack(IntegrityError):
    """The database (or the home) is older than an anchor, or an anchor was tampered
    with: the vault is open read-only and every write is refused."""

    code = "vault_rolled_back"
    exit_code = 1


@dataclass(frozen=True)
class Head:
    seq: int  # 0: empty journal
    hash: str


@dataclass(frozen=True)
class AnchorRecord:
    seq: int
    hash: str
    mac: str
    written_at: str

    def to_json(self) -> dict[str, Any]:
        return {"v": RECORD_FORMAT, "seq": self.seq, "hash": self.hash, "mac": self.mac,
                "written_at": self.written_at}

    def to_text(self) -> str:
        return json.dumps(self.to_json(), sort_keys=True)

    @classmethod
    def from_text(cls, text: str) -> AnchorRecord:
        """Raises ValueError on anything that is not a record."""
        try:
            raw = json.loads(text)
            record = cls(int(raw["seq"]), str(raw["hash"]), str(raw["mac"]),
                         str(raw.get("written_at", "")))
        except (TypeError, KeyError, AttributeError) as exc:
            raise ValueError(f"not an anchor record: {exc}") from exc
        if record.seq < 0:
            raise ValueError("negative seq")
        return record


def head_mac(key: bytes, vault_id: str, head: Head) -> str:
    """HMAC-SHA256 under the journal key over the vault id, seq and hash."""
    return mac(key, b"probant-anchor/v1:" + canonical_json(
        {"vault": vault_id, "seq": head.seq, "hash": head.hash}))


def make_record(key: bytes, vault_id: str, head: Head) -> AnchorRecord:
    return AnchorRecord(head.seq, head.hash, head_mac(key, vault_id, head), utc_now_iso())


def record_verifies(key: bytes, vault_id: str, record: AnchorRecord) -> bool:
    import hmac

    expected = head_mac(key, vault_id, Head(record.seq, record.hash))
    return hmac.compare_digest(expected, record.mac)


# -- stores -----------------------------------------------------------------------


class AnchorUnavailable(Exception):
    """The store cannot be read or written here (no keyring backend, locked, timeout)."""


class AnchorStore(Protocol):
    name: str
    background: bool  # True: read on a thread at unlock (may be slow or absent)
    published: bool  # False: written by someone else (a remote's head, by each sync)

    def read(self) -> str | None:
        """The stored text, None if never written; AnchorUnavailable if it cannot tell."""

    def write(self, text: str) -> None:
        """Store ``text``; AnchorUnavailable or OSError when it cannot."""


class HeadFile:
    """``vault/head.json``: temp file (0600), fsync, rename; crash leaves old or new."""

    name = HEAD_FILE_ANCHOR
    background = False
    published = True

    def __init__(self, folder: Path) -> None:
        self.path = folder / HEAD_FILE

    def read(self) -> str | None:
        try:
            return self.path.read_text("utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise AnchorUnavailable(f"head file unreadable: {exc}") from exc

    def write(self, text: str) -> None:
        tmp = self.path.with_name(f".{HEAD_FILE}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.write(fd, text.encode())
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, self.path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise_storage_error(exc, HEAD_FILE)


def remove_stale_tmp(folder: Path) -> int:
    """Temp files of head-file writes cut short by a kill (``.head.json.<pid>.<tid>.tmp``
    of a process that is gone); a live process's write in flight is left alone."""
    removed = 0
    for tmp in folder.glob(f".{HEAD_FILE}.*.tmp"):
        try:
            pid = int(tmp.name.split(".")[3])
        except (IndexError, ValueError):
            continue
        if not process_alive(pid):
            tmp.unlink(missing_ok=True)
            removed += 1
    return removed


    return True


class KeyringAnchor:
    """The OS keyring, through ``keyring``: service "Probant", user = vault id."""

    name = KEYRING_ANCHOR
    background = True
    published = True

    def __init__(self, vault_id: str) -> None:
        self.vault_id = vault_id

    @staticmethod
    def _backend() -> Any:
        if (sys.platform.startswith("linux") and not os.environ.get("DBUS_SESSION_BUS_ADDRESS")
                and not os.environ.get("PYTHON_KEYRING_BACKEND")):
            # Every Linux backend keyring ships talks D-Bus: without a session bus there is
            # none, said without importing keyring (0.1-0.2 s of CPU on each command).
            raise AnchorUnavailable("no keyring backend on this system (no D-Bus session bus)")
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring):
            raise AnchorUnavailable("no keyring backend on this system")
        return backend

    def read(self) -> str | None:
        backend = self._backend()
        from keyring.errors import KeyringError

        try:
            value = backend.get_password(KEYRING_SERVICE, self.vault_id)
        except KeyringError as exc:
            raise AnchorUnavailable(f"keyring: {type(exc).__name__}: {exc}") from exc
        except Exception as exc:  # a D-Bus or platform error the backend did not wrap
            raise AnchorUnavailable(f"keyring: {type(exc).__name__}: {exc}") from exc
        return None if value is None else str(value)

    def write(self, text: str) -> None:
        backend = self._backend()
        from keyring.errors import KeyringError

        try:
            backend.set_password(KEYRING_SERVICE, self.vault_id, text)
        except KeyringError as exc:
            raise AnchorUnavailable(f"keyring: {type(exc).__name__}: {exc}") from exc
        except Exception as exc:
            raise AnchorUnavailable(f"keyring: {type(exc).__name__}: {exc}") from exc


# (vault id, vault folder) -> a store, or None when it has none for this vault
StoreFactory = Callable[[str, Path], "AnchorStore | None"]
_FACTORIES: list[StoreFactory] = []


def register_store_factory(factory: StoreFactory) -> None:
    """The hook for remote stores (sync): each open vault may get one store from it."""
    if factory not in _FACTORIES:
        _FACTORIES.append(factory)


def default_stores(vault_id: str, folder: Path) -> list[AnchorStore]:
    stores: list[AnchorStore] = [HeadFile(folder), KeyringAnchor(vault_id)]
    made = (make(vault_id, folder) for make in _FACTORIES)
    return stores + [store for store in made if store is not None]


# -- comparison --------------------------------------------------------------------


@dataclass(frozen=True)
class AnchorFinding:
    anchor: str  # head_file, keyring, or a remote store's name
    state: str  # ok, behind, absent, unavailable, rollback, fork, tampered
    db_seq: int
    anchor_seq: int | None = None
    reason: str = ""

    @property
    def alarm(self) -> bool:
        return self.state in ALARMS

    @property
    def missing(self) -> int:
        """Journal entries the database lacks (rollback), else 0."""
        if self.anchor == KEYSLOTS_ANCHOR:
            return 0
        if self.state == ROLLBACK and self.anchor_seq is not None:
            return self.anchor_seq - self.db_seq
        return 0

    def to_json(self) -> dict[str, Any]:
        return {"anchor": self.anchor, "state": self.state, "db_seq": self.db_seq,
                "anchor_seq": self.anchor_seq, "missing": self.missing,
                "reason": self.reason}

    def english(self) -> str:
        if self.anchor == KEYSLOTS_ANCHOR:
            if self.state == ROLLBACK:
                return (f"the key slot file (vault/keyslots.json) is older than the vault "
                        f"recorded: generation {self.anchor_seq}, the vault wrote generation "
                        f"{self.db_seq} (an old copy put back, perhaps to bring a removed key "
                        "back)")
            return f"the key slot file (vault/keyslots.json) was tampered with: {self.reason}"
        what = _EN_NAMES.get(self.anchor, f"remote anchor {self.anchor}")
        if self.state == ROLLBACK:
            return (f"the vault is older than its {what}: {self.missing} journal entries "
                    f"missing (vault at entry {self.db_seq}, anchor at {self.anchor_seq})")
        if self.state == FORK:
            return (f"the vault diverged from its {what}: journal entry {self.anchor_seq} is "
                    f"not the one anchored")
        if self.state == TAMPERED:
            return f"the {what} was tampered with: {self.reason}"
        if self.state == MISSING:
            return f"the {what} is missing ({self.reason})"
        return f"{what}: {self.state} {self.reason}".strip()

    def french(self) -> str:
        if self.anchor == KEYSLOTS_ANCHOR:
            if self.state == ROLLBACK:
                return ("Le fichier des clés (vault/keyslots.json) est plus ancien que ce que "
                        f"le coffre a enregistré : génération {self.anchor_seq}, le coffre en "
                        f"a écrit la génération {self.db_seq} — une copie ancienne remise en "
                        "place, peut-être pour faire revenir une clé retirée")
            return ("Le fichier des clés (vault/keyslots.json) a été falsifié : son "
                    f"authentifiant (MAC) ne se vérifie pas ({self.reason})")
        remote = self.anchor.removeprefix("remote:")
        fr, of = _FR_NAMES.get(self.anchor, (f"l'ancre du stockage distant « {remote} »",
                                            f"son ancre du stockage distant « {remote} »"))
        n = self.missing
        if self.state == ROLLBACK:
            return (f"Le coffre est plus ancien que {of} : {n} entrée{'s' if n > 1 else ''} "
                    f"de journal manque{'nt' if n > 1 else ''} (coffre à l'entrée "
                    f"{self.db_seq}, ancre à l'entrée {self.anchor_seq})")
        if self.state == FORK:
            return (f"Le coffre a divergé de {of} : l'entrée {self.anchor_seq} du journal "
                    "n'est pas celle qui a été ancrée")
        if self.state == TAMPERED:
            return (f"{fr[0].upper()}{fr[1:]} a été falsifiée : son authentifiant (MAC) ne "
                    f"se vérifie pas ({self.reason})")
        if self.state == MISSING:
            return (f"{fr[0].upper()}{fr[1:]} a disparu alors que le coffre l'a déjà "
                    "écrite : supprimée, peut-être pour cacher un retour en arrière")
        if self.state == UNAVAILABLE:
            return (f"{fr[0].upper()}{fr[1:]} est indisponible ({self.reason}) : le retour "
                    "en arrière n'a pas pu être contrôlé par elle")
        if self.state == ABSENT:
            return f"{fr[0].upper()}{fr[1:]} n'a encore jamais été écrite"
        if self.state == BEHIND and self.anchor.startswith("remote:"):
            return (f"{fr[0].upper()}{fr[1:]} est en retard sur le coffre (entrée "
                    f"{self.anchor_seq}, coffre à l'entrée {self.db_seq}) : la prochaine "
                    "synchronisation l'enverra")
        if self.state == BEHIND:
            return (f"{fr[0].upper()}{fr[1:]} est en retard sur le coffre (entrée "
                    f"{self.anchor_seq}, coffre à l'entrée {self.db_seq}) : une écriture "
                    "interrompue, sans perte")
        return f"{fr[0].upper()}{fr[1:]} concorde avec le coffre (entrée {self.db_seq})"


_EN_NAMES = {HEAD_FILE_ANCHOR: "head file (vault/head.json)", KEYRING_ANCHOR: "keyring anchor"}
_FR_NAMES = {HEAD_FILE_ANCHOR: ("le fichier de tête (vault/head.json)",
                                "son fichier de tête (vault/head.json)"),
             KEYRING_ANCHOR: ("l'ancre du trousseau", "son ancre du trousseau")}

HashAt = Callable[[int], str | None]  # the database's entry hash at a seq, None if absent
# The journal keys of the vault's ended key epochs, each with the last journal seq written
# under it (evidence/epochs.py): a record MACed under one of them is genuine only up to it.
OlderKeys = Sequence[tuple[bytes, int]]


def verifies(key: bytes, vault_id: str, record: AnchorRecord, older: OlderKeys = ()) -> bool:
    """Under the current journal key, or under an ended epoch's for a head of that epoch
    (an anchor written before a key rotation and not rewritten since: not a rollback)."""
    return record_verifies(key, vault_id, record) or any(
        record.seq <= until and record_verifies(old, vault_id, record) for old, until in older)


def compare(key: bytes, vault_id: str, anchor: str, text: str | None, head: Head,
            hash_at: HashAt, older: OlderKeys = ()) -> AnchorFinding:
    """One anchor's stored text against the database head."""
    if text is None:
        return AnchorFinding(anchor, ABSENT, head.seq)
    try:
        record = AnchorRecord.from_text(text)
    except ValueError as exc:
        return AnchorFinding(anchor, TAMPERED, head.seq, reason=f"unreadable record: {exc}")
    if not verifies(key, vault_id, record, older):
        return AnchorFinding(anchor, TAMPERED, head.seq, record.seq, "MAC does not verify")
    if record.seq > head.seq:
        return AnchorFinding(anchor, ROLLBACK, head.seq, record.seq)
    if record.seq == head.seq:
        same = record.hash == head.hash
        return AnchorFinding(anchor, OK if same else FORK, head.seq, record.seq)
    if record.seq == 0 or hash_at(record.seq) == record.hash:
        return AnchorFinding(anchor, BEHIND, head.seq, record.seq)
    return AnchorFinding(anchor, FORK, head.seq, record.seq)


class PendingRead:
    """A store read started early (on a thread), awaited with a bound."""

    def __init__(self, store: AnchorStore) -> None:
        self.store = store
        self._text: str | None = None
        self._error: str | None = None
        self._done = threading.Event()
        if store.background:
            threading.Thread(target=self._run, name=f"anchor-read-{store.name}",
                             daemon=True).start()
        else:
            self._run()

    def _run(self) -> None:
        try:
            self._text = self.store.read()
        except AnchorUnavailable as exc:
            self._error = str(exc)
        except Exception as exc:  # never let an anchor store break an unlock
            self._error = f"{type(exc).__name__}: {exc}"
        finally:
            self._done.set()

    def result(self, timeout: float) -> tuple[str | None, str | None]:
        """(text, None) or (None, why it is unavailable)."""
        if not self._done.wait(timeout):
            return None, f"no answer within {timeout:g} s"
        return self._text, self._error


def start_reads(stores: Sequence[AnchorStore]) -> list[PendingRead]:
    return [PendingRead(s) for s in stores]


def check(reads: Sequence[PendingRead], key: bytes, vault_id: str,
          read_head: Callable[[], Head], hash_at: HashAt, *, required: Sequence[str] = (),
          timeout: float = KEYRING_TIMEOUT_S, older: OlderKeys = ()) -> list[AnchorFinding]:
    """Each anchor against the database head, read only once every anchor has answered
    (another process's commit between the two then only makes an anchor look behind,
    never ahead). An anchor in ``required`` that was never written is ``missing``."""
    answers = [(pending.store.name, *pending.result(timeout)) for pending in reads]
    head = read_head()
    findings = []
    for name, text, error in answers:
        if error is not None:
            findings.append(AnchorFinding(name, UNAVAILABLE, head.seq, reason=error))
        elif text is None and name in required:
            findings.append(AnchorFinding(name, MISSING, head.seq,
                                          reason="removed: the vault has written it before"))
        else:
            findings.append(compare(key, vault_id, name, text, head, hash_at, older))
    for f in findings:
        if f.alarm:
            log.warning("anchor %s: %s (db seq %d, anchor seq %s)", f.anchor, f.state,
                        f.db_seq, f.anchor_seq)
    return findings


# -- publishing after each commit -----------------------------------------------


@dataclass(frozen=True)
class WriteOutcome:
    anchor: str
    state: str  # "written", "unavailable", "failed"
    seq: int
    reason: str = ""
    at: str = ""


# Least time between two writes of one store while commits keep coming: a burst of
# captures costs a few anchor writes a second, not one per commit (measured: one file
# write per commit took a fifth of the small-item commit rate). The anchor lags the
# database by at most this, plus one write; after a burst the last head is written.
MIN_INTERVAL_S = {HEAD_FILE_ANCHOR: 0.05, KEYRING_ANCHOR: 0.25}
DEFAULT_INTERVAL_S = 0.25


class _StoreWriter:
    """One store's writer thread: takes the latest record handed in (coalescing: a store
    slower than the commits writes fewer, later heads, never an older one after a newer)."""

    def __init__(self, store: AnchorStore, outcomes: dict[str, WriteOutcome]) -> None:
        self.store = store
        self.interval = MIN_INTERVAL_S.get(store.name, DEFAULT_INTERVAL_S)
        self._outcomes = outcomes
        self._cond = threading.Condition()
        self._queued: AnchorRecord | None = None
        self._busy = False
        self._thread: threading.Thread | None = None

    def offer(self, record: AnchorRecord) -> None:
        with self._cond:
            self._queued = record
            self._cond.notify_all()
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, daemon=True,
                                                name=f"anchor-writer-{self.store.name}")
                self._thread.start()

    def _loop(self) -> None:
        while True:
            with self._cond:
                while self._queued is None:
                    self._cond.wait()
                record, self._queued = self._queued, None
                self._busy = True
            try:
                self._write(record)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()
            time.sleep(self.interval)  # the next head, if any came meanwhile, after a pause

    def _write(self, record: AnchorRecord) -> None:
        name = self.store.name
        try:
            self.store.write(record.to_text())
            outcome = WriteOutcome(name, "written", record.seq, at=utc_now_iso())
        except AnchorUnavailable as exc:
            outcome = WriteOutcome(name, "unavailable", record.seq, str(exc), utc_now_iso())
        except Exception as exc:  # the commit stands; the anchor lags and says why
            outcome = WriteOutcome(name, "failed", record.seq, f"{type(exc).__name__}: {exc}",
                                   utc_now_iso())
        previous = self._outcomes.get(name)
        if outcome.state != "written" and (previous is None or previous.state != outcome.state):
            # No keyring on this machine is a normal state, said by verify: not a warning.
            level = logging.INFO if outcome.state == "unavailable" else logging.WARNING
            log.log(level, "anchor %s not written at seq %d: %s", name, record.seq,
                    outcome.reason)
        self._outcomes[name] = outcome

    def wait(self, deadline: float) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: self._queued is None and not self._busy,
                                       max(0.0, deadline - time.monotonic()))


class AnchorPublisher:
    """Hands each committed head to every store's writer thread and returns at once: the
    commit path pays an HMAC and a notify, never a file fsync or a D-Bus round trip.
    Shared by a vault's siblings.

    A failure never reaches the committer (its commit is durable already): it is logged
    and kept in :attr:`outcomes`. An anchor that lags is weaker, never wrong (it is
    written only after the commit it names)."""

    def __init__(self, vault_id: str, key: bytes, stores: Sequence[AnchorStore]) -> None:
        self._vault_id = vault_id
        self._key = key
        self._lock = threading.Lock()
        self._latest: AnchorRecord | None = None  # highest seq handed in
        self.outcomes: dict[str, WriteOutcome] = {}
        self._writers = [_StoreWriter(s, self.outcomes) for s in stores
                         if getattr(s, "published", True)]

    def publish(self, head: Head) -> None:
        with self._lock:
            if self._latest is not None and head.seq <= self._latest.seq:
                return  # another connection of this vault published a later head
            record = make_record(self._key, self._vault_id, head)
            self._latest = record
            for writer in self._writers:
                writer.offer(record)

    def flush(self, timeout: float = KEYRING_TIMEOUT_S) -> bool:
        """Wait (bounded, all stores together) until every store holds the latest head;
        a store still busy at the bound is recorded as failed for that head."""
        deadline = time.monotonic() + timeout
        done = True
        for writer in self._writers:
            if not writer.wait(deadline):
                done = False
                seq = self._latest.seq if self._latest else 0
                self.outcomes[writer.store.name] = WriteOutcome(
                    writer.store.name, "failed", seq, f"no answer within {timeout:g} s",
                    utc_now_iso())
                log.warning("anchor %s still not written after %g s", writer.store.name,
                            timeout)
        return done


def sync_folder(folder: Path) -> None:
    """After the first head file of a new vault: its name durable too."""
    fsync_dir(folder)
