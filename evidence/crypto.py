"""Key derivation and key wrapping for the vault.

One random 256-bit master key per vault. Everything else derives from it with
HKDF-SHA256 under distinct labels, so a leak of one sub-key (say, the blob-id
key) tells nothing about the others. Key slots wrap the master key with
AES-256-GCM under a key that only the slot's factor (recovery code, FIDO2
token) can produce.
"""

from __future__ import annotations

import hmac
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
NONCE_BYTES = 12


def hkdf(secret: bytes, *, salt: bytes, info: bytes, length: int = KEY_BYTES) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(secret)


@dataclass(frozen=True, repr=False)
class VaultKeys:
    """Sub-keys of an unlocked vault. ``repr`` is hidden so keys never reach a log."""

    master: bytes
    database: bytes
    blob_root: bytes
    blob_id: bytes
    journal_mac: bytes
    slots_mac: bytes  # authenticates keyslots.json (its generation, its slots)

    @classmethod
    def from_master(cls, master: bytes, vault_id: str) -> VaultKeys:
        if len(master) != KEY_BYTES:
            raise ValueError("master key must be 32 bytes")
        salt = vault_id.encode()

        def sub(label: str) -> bytes:
            return hkdf(master, salt=salt, info=b"probant/v1/" + label.encode())

        return cls(
            master=master,
            database=sub("database"),
            blob_root=sub("blob"),
            blob_id=sub("blob-id"),
            journal_mac=sub("journal"),
            slots_mac=sub("keyslots"),
        )

    def __repr__(self) -> str:
        return "VaultKeys(<hidden>)"


def wrap_key(wrapping_key: bytes, key: bytes, aad: bytes) -> bytes:
    """AES-256-GCM wrap; output is nonce || ciphertext || tag."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(wrapping_key).encrypt(nonce, key, aad)


def unwrap_key(wrapping_key: bytes, wrapped: bytes, aad: bytes) -> bytes | None:
    """The wrapped key, or ``None`` when the wrapping key or the data is wrong."""
    if len(wrapped) < NONCE_BYTES + 16:
        return None
    try:
        return AESGCM(wrapping_key).decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], aad)
    except InvalidTag:
        return None


def mac(key: bytes, data: bytes) -> str:
    return hmac.new(key, data, "sha256").hexdigest()
