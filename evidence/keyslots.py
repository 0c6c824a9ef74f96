"""Key slots: each one wraps the vault's master key under one unlocking factor.

``keyslots.json`` sits beside the database (it must be read before the
database can be opened). It holds no secret: each slot has public parameters
(salt, KDF settings, FIDO2 credential id and public key...), the master key
wrapped with AES-256-GCM, and a small mutable ``state`` (e.g. the FIDO2
signature counter) that is not part of the authenticated data.

The factor of a slot yields a 32-byte secret; the wrapping key is
HKDF(secret, salt=slot salt, info=kind/id). Since schema 11 a slot wraps two
keys: the master key and the seed of the slot's own Ed25519 signing key (its
public half is in the slot's parameters, hence in the authenticated data). Only
the slot's factor reaches that seed, not the master key: manifests signed with it
prove which enrolled key, of which user, made them (verify checks the user's role
at that time from the journal). Slots sealed before carry the master key only
(``legacy``) and get their signing key at their next unlock (``upgrade_slot``).

Key epochs (rotation.py): since schema 12 a slot also wraps the private half of its own
X25519 key pair (public half ``kx`` in its parameters). Removing a slot gives the vault
a new master key, sealed to every remaining slot's public key (``sealed``: ephemeral
X25519, HKDF, AES-GCM; no factor needed), which the slot opens with its factor at its
next unlock. The master key a slot wraps is labelled with its epoch (``epoch``).

The file itself is authenticated: a generation number, incremented at every
save, and an HMAC under a key derived from the master key. The database records
the generation it last saw; a file older than that (an old copy put back to
bring a removed key back) or with a MAC that fails is detected at unlock. Kinds: ``recovery`` (the code
printed once at init, stretched with Argon2id) and ``fido2`` (hmac-secret/PRF
of a token; filled by signing/fido). Openers are injected by the app, so the
vault knows no token library.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from evidence.atomic import write_atomic
from evidence.canonical import canonical_json
from evidence.clock import utc_now_iso
from evidence.crypto import (
    KEY_BYTES,
    exchange_public,
    hkdf,
    mac,
    new_exchange_key,
    open_sealed,
    seal_to,
    unwrap_key,
    wrap_key,
)
from evidence.errors import AuthenticationFailed, BadInput, IntegrityError, WrongRecoveryCode

FORMAT = 1
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud safely
RECOVERY_CHARS = 32  # 32 symbols x 5 bits = 160 bits
ARGON2 = {"iterations": 3, "lanes": 4, "memory_kib": 65536}


class SlotRevoked(AuthenticationFailed):
    """A slot the database removed (or never added): an old keyslots.json put back, or a
    slot written into it from outside. Not unlocked (exit 3); the attempt is recorded."""

    code = "slot_revoked"


class VaultKeyStale(AuthenticationFailed):
    """The slot opened, but no master key it gives opens the database: keyslots.json is
    older than a key rotation (an old copy put back), or the database is damaged."""

    code = "vault_key_stale"


def b64e(data: bytes) -> str:
    return base64.b64encode(data).decode()


def b64d(text: str) -> bytes:
    return base64.b64decode(text.encode())


@dataclass(frozen=True)
class SlotRecord:
    id: str
    kind: str
    label: str
    user_id: str
    created_at: str
    params: Mapping[str, Any]
    wrapped: str
    state: Mapping[str, Any] = field(default_factory=dict)
    # A later epoch's master key sealed to the slot's exchange key: {"epoch", "box"}.
    sealed: Mapping[str, Any] = field(default_factory=dict)

    @property
    def can_receive(self) -> bool:
        """Whether a new master key can be given to this slot without its factor."""
        return "kx" in self.params

    def public(self) -> dict[str, Any]:
        """What the slot shows in listings: no wrapped key."""
        return {"id": self.id, "kind": self.kind, "label": self.label, "user_id": self.user_id,
                "created_at": self.created_at,
                **{k: v for k, v in self.params.items() if k in ("aaguid", "simulated")}}


@dataclass(frozen=True, repr=False)
class SlotSecret:
    """The 32-byte secret a factor produced for one slot, plus what to remember."""

    slot_id: str
    secret: bytes
    state_update: Mapping[str, Any] | None = None
    simulated: bool = False
    details: Mapping[str, Any] = field(default_factory=dict)  # journaled (no secrets)


@dataclass(frozen=True, repr=False)
class NewSlot:
    """A factor just enrolled: the secret it yields and its public parameters."""

    kind: str
    label: str
    user_id: str
    params: Mapping[str, Any]
    secret: bytes
    state: Mapping[str, Any] = field(default_factory=dict)


class SlotOpener(Protocol):
    """Produces the secret of one of the given slots (recovery code, FIDO2 token...)."""

    @property
    def kind(self) -> str:
        """The slot kind this factor opens ("recovery", "fido2")."""

    def open(self, slots: Sequence[SlotRecord]) -> SlotSecret:
        """Raise AuthenticationFailed (or a subclass) when no slot can be opened."""


def _aad(vault_id: str, slot_id: str, kind: str, label: str, user_id: str,
         created_at: str, params: Mapping[str, Any]) -> bytes:
    return canonical_json({"vault": vault_id, "id": slot_id, "kind": kind, "label": label,
                           "user": user_id, "created_at": created_at, "params": dict(params)})


def _wrapping_key(secret: bytes, params: Mapping[str, Any], kind: str, slot_id: str) -> bytes:
    return hkdf(secret, salt=b64d(params["salt"]), info=f"probant/v1/slot/{kind}/{slot_id}".encode())


def new_signing_seed() -> bytes:
    return os.urandom(KEY_BYTES)


def signing_key(seed: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_hex(seed: bytes) -> str:
    return signing_key(seed).public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def seal_slot(vault_id: str, master: bytes, new: NewSlot, *,
              seed: bytes | None = None, epoch: int = 0) -> SlotRecord:
    """A new slot wrapping the master key (of key epoch ``epoch``), the seed of the slot's
    signing key (a fresh one unless given: the caller who needs to certify it passes its
    own) and the private half of its exchange key (a later epoch's master key is sealed
    to its public half)."""
    slot_id = "ks_" + secrets.token_hex(6)
    seed = seed if seed is not None else new_signing_seed()
    exchange = new_exchange_key()
    params = dict(new.params)
    params.setdefault("salt", b64e(os.urandom(32)))
    params["signing_key"] = public_hex(seed)
    params["kx"] = exchange_public(exchange)
    params["epoch"] = epoch
    created = utc_now_iso()
    aad = _aad(vault_id, slot_id, new.kind, new.label, new.user_id, created, params)
    wrapped = wrap_key(_wrapping_key(new.secret, params, new.kind, slot_id),
                       master + seed + exchange, aad)
    return SlotRecord(slot_id, new.kind, new.label, new.user_id, created, params,
                      b64e(wrapped), dict(new.state))


@dataclass(frozen=True, repr=False)
class OpenedSlot:
    master: bytes  # the master key the factor wraps, of key epoch ``epoch``
    seed: bytes | None  # the slot's signing key seed; None: sealed before schema 11
    epoch: int = 0
    exchange: bytes | None = None  # private exchange key; None: sealed before schema 12
    newer: tuple[int, bytes] | None = None  # a later epoch's master key sealed to it

    def masters(self) -> list[tuple[int, bytes]]:
        """The master keys this slot reaches, newest epoch first."""
        found = [self.newer] if self.newer is not None and self.newer[0] > self.epoch else []
        return [*found, (self.epoch, self.master)]


def _sealed_aad(vault_id: str, record: SlotRecord, epoch: int) -> bytes:
    return canonical_json({"vault": vault_id, "slot": record.id, "epoch": epoch,
                           "kx": str(record.params.get("kx", ""))})


def _sealed_info(vault_id: str, record: SlotRecord) -> bytes:
    return f"{vault_id}/{record.id}".encode()


def seal_epoch(vault_id: str, record: SlotRecord, master: bytes, epoch: int) -> SlotRecord:
    """``record`` with the master key of ``epoch`` sealed to its exchange key: the slot
    opens it at its next unlock, its token need not be here now."""
    box = seal_to(str(record.params["kx"]), master, aad=_sealed_aad(vault_id, record, epoch),
                  info=_sealed_info(vault_id, record))
    return replace(record, sealed={"epoch": epoch, "box": b64e(box)})


def open_slot(vault_id: str, record: SlotRecord, secret: bytes) -> OpenedSlot | None:
    aad = _aad(vault_id, record.id, record.kind, record.label, record.user_id,
               record.created_at, record.params)
    key = _wrapping_key(secret, record.params, record.kind, record.id)
    payload = unwrap_key(key, b64d(record.wrapped), aad)
    if payload is None:
        return None
    epoch = int(record.params.get("epoch", 0))
    if len(payload) == 3 * KEY_BYTES:
        seed, exchange = payload[KEY_BYTES:2 * KEY_BYTES], payload[2 * KEY_BYTES:]
        if (public_hex(seed) != record.params.get("signing_key")
                or exchange_public(exchange) != record.params.get("kx")):
            return None  # cannot happen unless the slot was forged inconsistently
        return OpenedSlot(payload[:KEY_BYTES], seed, epoch, exchange,
                          _open_newer(vault_id, record, exchange))
    if len(payload) == 2 * KEY_BYTES:
        seed = payload[KEY_BYTES:]
        if public_hex(seed) != record.params.get("signing_key"):
            return None  # cannot happen unless the slot was forged inconsistently
        return OpenedSlot(payload[:KEY_BYTES], seed, epoch)
    return OpenedSlot(payload, None, epoch)


def _open_newer(vault_id: str, record: SlotRecord, exchange: bytes) -> tuple[int, bytes] | None:
    """The later epoch's master key sealed to this slot, if any (None when the box does
    not open: the file's MAC and the database then say more)."""
    if not record.sealed:
        return None
    try:
        epoch, box = int(record.sealed["epoch"]), b64d(str(record.sealed["box"]))
    except (KeyError, TypeError, ValueError):
        return None
    master = open_sealed(exchange, box, aad=_sealed_aad(vault_id, record, epoch),
                         info=_sealed_info(vault_id, record))
    return None if master is None or len(master) != KEY_BYTES else (epoch, master)


def unseal_slot(vault_id: str, record: SlotRecord, secret: bytes) -> bytes | None:
    opened = open_slot(vault_id, record, secret)
    return None if opened is None else opened.master


def upgrade_slot(vault_id: str, record: SlotRecord, secret: bytes, master: bytes,
                 seed: bytes | None = None, epoch: int = 0) -> tuple[SlotRecord, bytes]:
    """A slot sealed before (no signing key: ``seed`` None; or no exchange key), opened
    now with its factor, re-sealed with what it lacked (a new signing key when it had
    none, a new exchange key) around the current master key: same id, user, label and
    date. Returns the record and the signing seed."""
    seed = seed if seed is not None else new_signing_seed()
    exchange = new_exchange_key()
    params = {**record.params, "signing_key": public_hex(seed),
              "kx": exchange_public(exchange), "epoch": epoch}
    aad = _aad(vault_id, record.id, record.kind, record.label, record.user_id,
               record.created_at, params)
    wrapped = wrap_key(_wrapping_key(secret, params, record.kind, record.id),
                       master + seed + exchange, aad)
    return replace(record, params=params, wrapped=b64e(wrapped), sealed={}), seed


# -- the slot file -----------------------------------------------------------

@dataclass(frozen=True)
class SlotFileCheck:
    """The slot file as found, against the MAC key and the generation the database saw."""

    generation: int  # 0: a file written before generations existed
    state: str  # ok, legacy (no MAC yet), tampered (MAC fails or stripped), rollback

    @property
    def alarm(self) -> bool:
        return self.state in ("tampered", "rollback")


def _file_mac(key: bytes, doc: Mapping[str, Any]) -> str:
    return mac(key, b"probant-keyslots/v1:" + canonical_json(
        {k: v for k, v in doc.items() if k != "mac"}))


@dataclass(frozen=True)
class SlotFileInfo:
    generation: int
    epoch: int  # the key epoch whose slot key MACs the file
    rotation: Mapping[str, Any] | None  # a rotation in progress when it was written


class SlotFile:
    def __init__(self, path: Path, vault_id: str, mac_key: bytes | None = None,
                 epoch: int = 0) -> None:
        self.path = path
        self.vault_id = vault_id
        self.mac_key = mac_key  # known once unlocked: every save is then authenticated
        self.epoch = epoch  # the key epoch of mac_key (written in the file)

    def _doc(self) -> dict[str, Any]:
        try:
            doc: dict[str, Any] = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError as exc:
            raise IntegrityError("key slot file missing", problem="keyslots_missing") from exc
        except (OSError, ValueError) as exc:
            raise IntegrityError(f"key slot file unreadable: {exc}", problem="keyslots") from exc
        if doc.get("format") != FORMAT or doc.get("vault_id") != self.vault_id:
            raise IntegrityError("key slot file belongs to another vault", problem="keyslots")
        return doc

    def load(self) -> list[SlotRecord]:
        return [SlotRecord(**{**raw, "params": raw["params"], "state": raw.get("state", {}),
                              "sealed": raw.get("sealed", {})})
                for raw in self._doc()["slots"]]

    def info(self) -> SlotFileInfo:
        doc = self._doc()
        rotation = doc.get("rotation")
        return SlotFileInfo(int(doc.get("generation", 0)), int(doc.get("epoch", 0)),
                            rotation if isinstance(rotation, dict) else None)

    def check(self, key: bytes, db_generation: int | None) -> SlotFileCheck:
        """``db_generation``: the generation the database last recorded (None: never)."""
        import hmac

        doc = self._doc()
        generation = int(doc.get("generation", 0))
        if "mac" not in doc:
            # Written before the MAC existed; once the database has seen a MAC'd file, a
            # file without one is a MAC stripped off.
            return SlotFileCheck(generation, "tampered" if db_generation else "legacy")
        if not hmac.compare_digest(str(doc["mac"]), _file_mac(key, doc)):
            return SlotFileCheck(generation, "tampered")
        if db_generation is not None and generation < db_generation:
            return SlotFileCheck(generation, "rollback")
        return SlotFileCheck(generation, "ok")

    def save(self, slots: Sequence[SlotRecord], *, after: int = 0,
             rotation: Mapping[str, Any] | None = None) -> int:
        """Write the slots under the next generation (above ``after`` too: the database's,
        when an older file is being replaced), MACed; returns that generation (the caller
        records it in the database, in the journal entry of the change). ``rotation``:
        the marker of a key rotation under way (rotation.py)."""
        if self.mac_key is None:
            raise IntegrityError("key slot file written while locked", problem="keyslots")
        try:
            current = int(self._doc().get("generation", 0))
        except IntegrityError:
            current = 0  # a new vault's first file
        generation = max(current, after) + 1
        doc: dict[str, Any] = {
            "format": FORMAT, "vault_id": self.vault_id, "generation": generation,
            "slots": [{"id": s.id, "kind": s.kind, "label": s.label, "user_id": s.user_id,
                       "created_at": s.created_at, "params": dict(s.params),
                       "wrapped": s.wrapped, "state": dict(s.state),
                       **({"sealed": dict(s.sealed)} if s.sealed else {})} for s in slots]}
        if self.epoch:
            doc["epoch"] = self.epoch
        if rotation is not None:
            doc["rotation"] = dict(rotation)
        doc["mac"] = _file_mac(self.mac_key, doc)
        write_atomic(self.path, json.dumps(doc, indent=1, sort_keys=True).encode())
        os.chmod(self.path, 0o600)  # wrapped keys only, still the owner's alone
        return generation

    def update_state(self, slot_id: str, state: Mapping[str, Any]) -> int:
        return self.save([replace(s, state=dict(state)) if s.id == slot_id else s
                          for s in self.load()])


# -- recovery code -----------------------------------------------------------

def new_recovery_code() -> str:
    symbols = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CHARS))
    return "-".join(symbols[i : i + 4] for i in range(0, RECOVERY_CHARS, 4))


def normalize_recovery_code(code: str) -> str:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    if len(cleaned) != RECOVERY_CHARS or any(ch not in RECOVERY_ALPHABET for ch in cleaned):
        raise WrongRecoveryCode("recovery code malformed")
    return cleaned


def _stretch(code: str, params: Mapping[str, Any]) -> bytes:
    kdf = Argon2id(salt=b64d(params["kdf_salt"]), length=32, iterations=int(params["iterations"]),
                   lanes=int(params["lanes"]), memory_cost=int(params["memory_kib"]))
    return kdf.derive(normalize_recovery_code(code).encode())


def recovery_slot(code: str, user_id: str) -> NewSlot:
    params = {"kdf": "argon2id", "kdf_salt": b64e(os.urandom(16)), **ARGON2}
    return NewSlot("recovery", "Code de récupération", user_id, params, _stretch(code, params))


@dataclass(frozen=True, repr=False)
class RecoveryCodeOpener:
    code: str

    @property
    def kind(self) -> str:
        return "recovery"

    def open(self, slots: Sequence[SlotRecord]) -> SlotSecret:
        if not slots:
            raise AuthenticationFailed("this vault has no recovery code slot", factor="recovery")
        for slot in slots:
            return SlotSecret(slot.id, _stretch(self.code, slot.params))
        raise AssertionError("unreachable")


def check_label(label: str) -> str:
    label = label.strip()
    if not label or len(label) > 80:
        raise BadInput("slot label must be 1 to 80 characters")
    return label
