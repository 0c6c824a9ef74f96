"""Key slots: each one wraps the vault's master key under one unlocking factor.

``keyslots.json`` sits beside the database (it must be read before the
database can be opened). It holds no secret: each slot has public parameters
(salt, KDF settings, FIDO2 credential id and public key...), the master key
wrapped with AES-256-GCM, and a small mutable ``state`` (e.g. the FIDO2
signature counter) that is not part of the authenticated data.

The factor of a slot yields a 32-byte secret; the wrapping key is
HKDF(secret, salt=slot salt, info=kind/id). Kinds: ``recovery`` (the code
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

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from evidence.atomic import write_atomic
from evidence.canonical import canonical_json
from evidence.clock import utc_now_iso
from evidence.crypto import hkdf, unwrap_key, wrap_key
from evidence.errors import AuthenticationFailed, BadInput, IntegrityError, WrongRecoveryCode

FORMAT = 1
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud safely
RECOVERY_CHARS = 32  # 32 symbols x 5 bits = 160 bits
ARGON2 = {"iterations": 3, "lanes": 4, "memory_kib": 65536}


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


def seal_slot(vault_id: str, master: bytes, new: NewSlot) -> SlotRecord:
    slot_id = "ks_" + secrets.token_hex(6)
    params = dict(new.params)
    params.setdefault("salt", b64e(os.urandom(32)))
    created = utc_now_iso()
    aad = _aad(vault_id, slot_id, new.kind, new.label, new.user_id, created, params)
    wrapped = wrap_key(_wrapping_key(new.secret, params, new.kind, slot_id), master, aad)
    return SlotRecord(slot_id, new.kind, new.label, new.user_id, created, params,
                      b64e(wrapped), dict(new.state))


def unseal_slot(vault_id: str, record: SlotRecord, secret: bytes) -> bytes | None:
    aad = _aad(vault_id, record.id, record.kind, record.label, record.user_id,
               record.created_at, record.params)
    key = _wrapping_key(secret, record.params, record.kind, record.id)
    return unwrap_key(key, b64d(record.wrapped), aad)


# -- the slot file -----------------------------------------------------------

class SlotFile:
    def __init__(self, path: Path, vault_id: str) -> None:
        self.path = path
        self.vault_id = vault_id

    def load(self) -> list[SlotRecord]:
        try:
            doc = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError as exc:
            raise IntegrityError("key slot file missing", problem="keyslots_missing") from exc
        except (OSError, ValueError) as exc:
            raise IntegrityError(f"key slot file unreadable: {exc}", problem="keyslots") from exc
        if doc.get("format") != FORMAT or doc.get("vault_id") != self.vault_id:
            raise IntegrityError("key slot file belongs to another vault", problem="keyslots")
        return [SlotRecord(**{**raw, "params": raw["params"], "state": raw.get("state", {})})
                for raw in doc["slots"]]

    def save(self, slots: Sequence[SlotRecord]) -> None:
        doc = {"format": FORMAT, "vault_id": self.vault_id,
               "slots": [{"id": s.id, "kind": s.kind, "label": s.label, "user_id": s.user_id,
                          "created_at": s.created_at, "params": dict(s.params),
                          "wrapped": s.wrapped, "state": dict(s.state)} for s in slots]}
        write_atomic(self.path, json.dumps(doc, indent=1, sort_keys=True).encode())

    def update_state(self, slot_id: str, state: Mapping[str, Any]) -> None:
        self.save([replace(s, state=dict(state)) if s.id == slot_id else s for s in self.load()])


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
