"""Key derivation and key wrapping for the vault.

One random 256-bit master key per vault and per key epoch (a removal of a key
slot starts a new epoch with a new master key: see rotation.py). Everything
else derives from it with HKDF-SHA256 under distinct labels, so a leak of one
sub-key (say, the blob-id key) tells nothing about the others. Key slots wrap
the master key with AES-256-GCM under a key that only the slot's factor
(recovery code, FIDO2 token) can produce; a new epoch's master key is sealed to
each remaining slot's X25519 public key (no factor needed to give it).
"""

from __future__ import annotations

import hmac
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
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
    epoch: int = 0  # the key epoch of this master key (0: the vault's first)

    @classmethod
    def from_master(cls, master: bytes, vault_id: str, epoch: int = 0) -> VaultKeys:
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
            epoch=epoch,
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


def key_check(master: bytes) -> str:
    """A value that names a master key without revealing it (recorded in the journal)."""
    return mac(master, b"probant-key-check/v1")[:32]


# -- sealing to a public key (a new epoch's master key, given to each remaining slot) --

def new_exchange_key() -> bytes:
    return os.urandom(KEY_BYTES)


def exchange_public(private: bytes) -> str:
    return X25519PrivateKey.from_private_bytes(private).public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def _box_key(shared: bytes, ephemeral: bytes, public: bytes, info: bytes) -> bytes:
    return hkdf(shared, salt=ephemeral + public, info=b"probant/v1/seal/" + info)


def seal_to(public_hex: str, secret: bytes, *, aad: bytes, info: bytes) -> bytes:
    """``secret`` sealed to an X25519 public key: ephemeral key || nonce || ciphertext."""
    public = bytes.fromhex(public_hex)
    ephemeral = X25519PrivateKey.generate()
    eph_raw = ephemeral.public_key().public_bytes(serialization.Encoding.Raw,
                                                  serialization.PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public))
    return eph_raw + wrap_key(_box_key(shared, eph_raw, public, info), secret, aad)


def open_sealed(private: bytes, box: bytes, *, aad: bytes, info: bytes) -> bytes | None:
    if len(box) < KEY_BYTES + NONCE_BYTES + 16:
        return None
    key = X25519PrivateKey.from_private_bytes(private)
    public = key.public_key().public_bytes(serialization.Encoding.Raw,
                                           serialization.PublicFormat.Raw)
    try:
        shared = key.exchange(X25519PublicKey.from_public_bytes(box[:KEY_BYTES]))
    except ValueError:  # a low-order point: not a box anyone sealed honestly
        return None
    return unwrap_key(_box_key(shared, box[:KEY_BYTES], public, info), box[KEY_BYTES:], aad)
