"""Signed capture manifests: one canonical JSON record per evidence item, chained per constat.

The manifest states what was captured (hash, size, type, times, geometry and
the rest of the capture metadata, software version, user, demo/simulated
marks) and commits to the previous manifest of the same constat, so a removed,
inserted or reordered capture breaks the chain. It is signed with the Ed25519 key
of the key slot that unlocked the vault (schema 11): its seed is wrapped by that
slot's factor alone, so the master key does not reach it, and its public key is
registered in the journal with a certificate signed by a commissaire's key (or by
the same user's key for their own new token). ``verify`` rebuilds from the journal
who held which key and which role when, and refuses a capture signed by someone who
was not a commissaire then. Vaults from before kept one "workstation" key inside the
database; it still verifies what it signed and signs nothing new. Public keys go
into every export so anyone can check the signatures.
"""

from __future__ import annotations

import hashlib
import json
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from evidence.canonical import canonical_json
from evidence.clock import utc_now_iso
from evidence.errors import IntegrityError
from evidence.model import EvidenceItem

FORMAT = 1


def manifest_genesis(constat_id: str) -> str:
    return hashlib.sha256(f"probant-manifest-genesis:{constat_id}".encode()).hexdigest()


@dataclass(frozen=True)
class Manifest:
    evidence_id: str
    constat_id: str
    seq: int
    body: Mapping[str, Any]
    hash: str
    key_id: str
    signature: bytes

    def to_json(self) -> dict[str, Any]:
        return {"body": dict(self.body), "hash": self.hash, "key_id": self.key_id,
                "signature": self.signature.hex()}


def workstation_key(conn: Any, vault_user: str, record: Any) -> tuple[str, Ed25519PrivateKey]:
    """The session's signing key: that of the slot that unlocked the vault (its id is the
    key's). ``record`` is the vault's bound ``record`` method, through which the session
    is reached (the callers' signature predates per-slot keys)."""
    vault = getattr(record, "__self__", None)
    signer = getattr(vault, "signer", None)
    if signer is None:
        raise IntegrityError("no signing key for this session", problem="signing_key")
    key_id, key = signer()
    return str(key_id), key


def register_signing_key(conn: Any, key_id: str, public_hex: str, user_id: str) -> None:
    """The public key of a slot, listed where exports and checks look keys up (the
    journal entry of the slot, with its certificate, is what verify trusts)."""
    conn.execute("INSERT OR IGNORE INTO workstation_keys (id, public_key, private_key,"
                 " created_at, hostname, user_id, kind) VALUES (?,?,X'',?,?,?, 'slot')",
                 (key_id, bytes.fromhex(public_hex), utc_now_iso(), socket.gethostname(),
                  user_id))


# -- certificates: a commissaire's key vouching for a key or a role -------------------

CERT_FORMAT = 1


def certify(vault_id: str, statement: Mapping[str, Any], by: str,
            key: Ed25519PrivateKey) -> dict[str, Any]:
    """``statement`` (what: signing_key | role, and its fields) signed by key ``by``."""
    body = {"v": CERT_FORMAT, "vault": vault_id, **statement}
    return {"body": body, "by": by,
            "sig": key.sign(b"probant-cert/v1:" + canonical_json(body)).hex()}


def cert_verifies(cert: Any, public: bytes, vault_id: str,
                  expected: Mapping[str, Any]) -> bool:
    """The certificate says ``expected`` about this vault and its signature verifies."""
    try:
        body = dict(cert["body"])
        if body.get("vault") != vault_id or any(body.get(k) != v for k, v in expected.items()):
            return False
        Ed25519PublicKey.from_public_bytes(public).verify(
            bytes.fromhex(cert["sig"]), b"probant-cert/v1:" + canonical_json(body))
    except (InvalidSignature, KeyError, TypeError, ValueError):
        return False
    return True


def manifest_body(item: EvidenceItem, *, vault_id: str, user_name: str, software: str,
                  demo: bool, prev: str) -> dict[str, Any]:
    return {
        "v": FORMAT, "vault": vault_id, "constat": item.constat_id, "evidence": item.id,
        "annex": item.annex_label, "kind": item.kind, "origin": item.origin,
        "sha256": item.sha256, "size": item.size, "mime": item.mime, "filename": item.filename,
        "captured": {"utc": item.captured_at, "local": item.captured_local,
                     "monotonic_ns": item.monotonic_ns},
        "metadata": dict(item.metadata), "software": software,
        "user": {"id": item.created_by, "name": user_name},
        "simulated": item.simulated, "demo": demo, "prev": prev,
    }


def append_manifest(conn: Any, item: EvidenceItem, *, vault_id: str, user_name: str,
                    software: str, demo: bool, record: Any) -> Manifest:
    """Sign and store the manifest of ``item`` inside the caller's transaction."""
    key_id, key = workstation_key(conn, item.created_by, record)
    last = conn.execute("SELECT seq, hash FROM manifests WHERE constat_id = ? ORDER BY seq DESC"
                        " LIMIT 1", (item.constat_id,)).fetchone()
    seq = 1 if last is None else int(last[0]) + 1
    prev = manifest_genesis(item.constat_id) if last is None else str(last[1])
    body = manifest_body(item, vault_id=vault_id, user_name=user_name, software=software,
                         demo=demo, prev=prev)
    raw = canonical_json(body)
    digest = hashlib.sha256(raw).hexdigest()
    signature = key.sign(raw)
    conn.execute("INSERT INTO manifests VALUES (?,?,?,?,?,?,?)",
                 (item.id, item.constat_id, seq, raw.decode(), digest, key_id, signature))
    return Manifest(item.id, item.constat_id, seq, body, digest, key_id, signature)


def row_to_manifest(row: Any) -> Manifest:
    return Manifest(row["evidence_id"], row["constat_id"], int(row["seq"]),
                    json.loads(row["body"]), row["hash"], row["key_id"], bytes(row["signature"]))


@dataclass(frozen=True)
class ManifestProblem:
    evidence_id: str
    problem: str  # signature, hash, content (does not match the item), chain, missing


def check_constat_manifests(manifests: list[Manifest], items: list[EvidenceItem],
                            public_keys: Mapping[str, bytes]) -> list[ManifestProblem]:
    """Signatures, hashes, the chain, and agreement with the stored items, for one constat."""
    problems: list[ManifestProblem] = []
    by_item = {m.evidence_id: m for m in manifests}
    items_by_id = {i.id: i for i in items}
    for item in items:
        if item.id not in by_item:
            problems.append(ManifestProblem(item.id, "missing"))
    prev = manifest_genesis(manifests[0].constat_id) if manifests else ""
    for expected_seq, m in enumerate(sorted(manifests, key=lambda m: m.seq), start=1):
        raw = canonical_json(dict(m.body))
        if hashlib.sha256(raw).hexdigest() != m.hash:
            problems.append(ManifestProblem(m.evidence_id, "hash"))
        try:
            Ed25519PublicKey.from_public_bytes(public_keys[m.key_id]).verify(m.signature, raw)
        except (InvalidSignature, KeyError, ValueError):
            problems.append(ManifestProblem(m.evidence_id, "signature"))
        if m.seq != expected_seq or m.body.get("prev") != prev:
            problems.append(ManifestProblem(m.evidence_id, "chain"))
        prev = m.hash
        stored = items_by_id.get(m.evidence_id)
        if stored is None or (stored.sha256, stored.size) != (m.body.get("sha256"),
                                                               m.body.get("size")):
            problems.append(ManifestProblem(m.evidence_id, "content"))
    return problems
