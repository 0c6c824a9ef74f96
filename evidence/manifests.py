"""Signed capture manifests: one canonical JSON record per evidence item, chained per constat.

The manifest states what was captured (hash, size, type, times, geometry and
the rest of the capture metadata, software version, user, demo/simulated
marks) and commits to the previous manifest of the same constat, so a removed,
inserted or reordered capture breaks the chain. It is signed with the
workstation's Ed25519 key, generated once and kept inside the vault; its
public key goes into every export so anyone can check the signatures.
"""

from __future__ import annotations

import hashlib
import json
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from evidence.canonical import canonical_json
from evidence.clock import utc_now_iso
from evidence.model import EvidenceItem, new_id

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
    """The vault's signing key; made (and journaled through ``record``) on first use."""
    row = conn.execute("SELECT id, private_key FROM workstation_keys ORDER BY created_at"
                       " LIMIT 1").fetchone()
    if row is not None:
        return str(row[0]), Ed25519PrivateKey.from_private_bytes(bytes(row[1]))
    key = Ed25519PrivateKey.generate()
    key_id = new_id("wsk")
    public = key.public_key().public_bytes(serialization.Encoding.Raw,
                                           serialization.PublicFormat.Raw)
    private = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    conn.execute("INSERT INTO workstation_keys VALUES (?,?,?,?,?)",
                 (key_id, public, private, utc_now_iso(), socket.gethostname()))
    record(conn, "workstation_key_created", subject=key_id, details={"public_key": public.hex()})
    return key_id, key


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
