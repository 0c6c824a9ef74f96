"""What goes into a constat's evidence bundle, gathered from the vault (docs/bundle-format.md).

Everything but the evidence files themselves is small and built here in memory;
the evidence files are streamed from the blob store by ``export``. Journal
entries of other matters inside the exported range are shown without their
details (their hashes still chain): professional secrecy.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from evidence import timestamps as ts
from evidence.dossiers import get_constat, get_dossier
from evidence.items import list_evidence
from evidence.journal import row_to_entry
from evidence.manifests import row_to_manifest
from evidence.model import Constat, EvidenceItem
from evidence.vault import Vault

FOLDER_OF_KIND = {"pv": "pv", "environment": "environment"}
#: The set-up a constat depends on (which TSA stamped, which certificate signed, which key
#: signed the manifests, and with what role; the étude the PV names): shown in full when it
#: falls within the extract, not redacted as another matter's entries are. Their details
#: name no client.
SETUP_ACTIONS = frozenset({"tsa_added", "tsa_removed", "signer_added", "signer_removed",
                           "workstation_key_created", "slot_added", "slot_removed",
                           "slot_upgraded", "signing_keys_introduced", "user_role_changed",
                           "user_office_changed"})


@dataclass(frozen=True)
class BundleItem:
    item: EvidenceItem
    path: str  # inside the bundle
    manifest_path: str
    manifest_raw: bytes  # the exact signed canonical bytes
    manifest_hash: str
    signature: bytes
    key_id: str
    seq: int

    def to_json(self) -> dict[str, Any]:
        i = self.item
        return {"evidence_id": i.id, "annex": i.annex_label, "kind": i.kind, "origin": i.origin,
                "file": self.path, "sha256": i.sha256, "size": i.size, "mime": i.mime,
                "captured_utc": i.captured_at, "simulated": i.simulated, "seq": self.seq,
                "manifest": self.manifest_path, "manifest_sha256": self.manifest_hash,
                "signature": self.manifest_path[:-5] + ".sig", "key_id": self.key_id}


@dataclass(frozen=True)
class WebFile:
    """A WACZ of the constat and what openssl needs to check its signature by hand."""

    annex: str
    wacz: str  # the archive itself, in evidence/
    manifest: str  # its signed manifest, which names the one-time public key
    public_key: str  # web/<annex>.pub.pem, that key as PEM
    signature: str  # web/<annex>.sig.der, the P1363 signature re-encoded as DER for openssl
    token: str | None  # web/<annex>.tsr, the RFC 3161 answer over datapackage.json's SHA-256


@dataclass(frozen=True)
class BundleContent:
    constat: Constat
    summary: dict[str, Any]  # the constat as bundle.json states it
    items: tuple[BundleItem, ...]
    small_files: dict[str, bytes]  # path -> bytes: manifests, keys, tokens, journal, trust
    keys: dict[str, str]  # workstation key id -> path
    trust: tuple[str, ...]
    token_files: tuple[tuple[str, str, str], ...]  # (path, root hex, gen time)
    pv_path: str | None
    journal_range: tuple[int, int]
    web: tuple[WebFile, ...] = ()


def safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._") or "file"


def collect(vault: Vault, constat_id: str) -> BundleContent:
    constat = get_constat(vault, constat_id)
    items = list_evidence(vault, constat_id)
    files: dict[str, bytes] = {}
    bundle_items = _items(vault, items, files)
    keys = _keys(vault, {b.key_id for b in bundle_items}, files)
    tokens, journal_seqs = _timestamps(vault, constat_id, items, files)
    trust = _trust(vault, files)
    first, last = _journal(vault, constat, max(journal_seqs, default=0), files)
    pvs = [b for b in bundle_items if b.item.kind == "pv"]
    dossier = get_dossier(vault, constat.dossier_id)
    from evidence.vault import db_head

    head = db_head(vault.db)
    # The vault's journal head at export, in the signed and stamped summary: the bundle a
    # court keeps is an anchor too (a later copy of the vault must hold this entry).
    summary = {**constat.to_json(), "dossier": {"id": dossier.id, "title": dossier.title,
                                                "requester": dossier.requester},
               "journal_head": {"seq": head.seq, "hash": head.hash}}
    return BundleContent(
        constat, summary, tuple(bundle_items), files, keys, trust,
        tuple((f"timestamps/{t.id}.tsr", t.root, t.gen_time) for t in tokens),
        max(pvs, key=lambda b: b.item.part_no).path if pvs else None, (first, last),
        tuple(w for w in (_web(b, files) for b in bundle_items
                          if b.item.kind == "web_archive") if w is not None))


def _web(b: BundleItem, files: dict[str, bytes]) -> WebFile | None:
    """The WACZ's signature as openssl reads it: the key from its manifest as PEM, the
    signature (IEEE P1363 r‖s, as WebCrypto makes it) as DER, the token as a file.
    None for a WACZ whose manifest names no signature (the verifier says it fails)."""
    meta = b.item.metadata
    sig = meta.get("signature", {})
    if not sig.get("publicKey") or not sig.get("signature"):
        return None
    base = f"web/{b.item.annex_label}"
    key = serialization.load_der_public_key(base64.b64decode(sig.get("publicKey", "")))
    files[base + ".pub.pem"] = key.public_bytes(serialization.Encoding.PEM,
                                                serialization.PublicFormat.SubjectPublicKeyInfo)
    raw = base64.b64decode(sig.get("signature", ""))
    files[base + ".sig.der"] = encode_dss_signature(int.from_bytes(raw[:32], "big"),
                                                    int.from_bytes(raw[32:], "big"))
    stamp = meta.get("timestamp", {})
    token = None
    if stamp.get("status") == "stamped":
        token = base + ".tsr"
        files[token] = base64.b64decode(stamp["token_der_base64"])
    return WebFile(b.item.annex_label, b.path, b.manifest_path, base + ".pub.pem",
                   base + ".sig.der", token)


def _items(vault: Vault, items: list[EvidenceItem], files: dict[str, bytes]) -> list[BundleItem]:
    manifests = {r["evidence_id"]: row_to_manifest(r) for r in vault.db.query(
        "SELECT * FROM manifests WHERE constat_id = ?", (items[0].constat_id,))} if items else {}
    out = []
    for item in sorted(items, key=lambda i: manifests[i.id].seq):
        m = manifests[item.id]
        folder = FOLDER_OF_KIND.get(item.kind, "evidence")
        name = safe_name(item.filename or item.kind)
        label = item.annex_label
        manifest_path = f"manifests/{label}.json"
        raw = vault.db.query_one("SELECT body FROM manifests WHERE evidence_id = ?",
                                 (item.id,))["body"].encode()
        files[manifest_path] = raw
        files[f"manifests/{label}.sig"] = m.signature
        out.append(BundleItem(item, f"{folder}/{label}_{name}", manifest_path, raw, m.hash,
                              m.signature, m.key_id, m.seq))
    return out


def _keys(vault: Vault, key_ids: set[str], files: dict[str, bytes]) -> dict[str, str]:
    keys = {}
    for row in vault.db.query("SELECT id, public_key FROM workstation_keys"):
        if row["id"] in key_ids:
            pem = Ed25519PublicKey.from_public_bytes(bytes(row["public_key"])).public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
            keys[row["id"]] = f"keys/{row['id']}.pem"
            files[keys[row["id"]]] = pem
    return keys


def _timestamps(vault: Vault, constat_id: str, items: list[EvidenceItem],
                files: dict[str, bytes]) -> tuple[list[ts.StoredToken], list[int]]:
    annex = {i.id: i.annex_label for i in items}
    tokens = ts.list_tokens(vault, constat_id=constat_id)
    leaves, journal_seqs = [], []
    for token in tokens:
        files[f"timestamps/{token.id}.tsr"] = token.response
        for leaf in ts.list_leaves(vault, token_id=token.id):
            if leaf.subject_kind == "journal":
                journal_seqs.append(int(leaf.subject_id))
            elif leaf.subject_id not in annex:
                continue  # another constat's capture: only its hash is in the proofs
            leaves.append({"subject_kind": leaf.subject_kind, "subject_id": leaf.subject_id,
                           "annex": annex.get(leaf.subject_id), "digest": leaf.digest,
                           "token": token.id, "proof": leaf.proof})
    index = {"tokens": [{"id": t.id, "file": f"timestamps/{t.id}.tsr", "root": t.root,
                         "gen_time": t.gen_time, "tsa": t.tsa_name, "serial": t.serial,
                         "policy": t.policy, "tsa_subject": t.tsa_subject} for t in tokens],
             "leaves": leaves,
             "leaf_hash": "SHA-256(0x00 || digest); node = SHA-256(0x01 || left || right)"}
    files["timestamps/timestamps.json"] = _json(index)
    return tokens, journal_seqs


def _trust(vault: Vault, files: dict[str, bytes]) -> tuple[str, ...]:
    """Every anchor the officer configured, TSAs' and signers': one file per purpose
    (openssl's -CAfile) and one certificate per file (NSS's certutil, for pdfsig)."""
    tsa_pem = "".join(a.trust_pem for a in ts.list_authorities(vault, include_removed=True))
    signer_pem = "".join(r["trust_pem"] for r in vault.db.query("SELECT trust_pem FROM signers"))
    out = []
    for name, pem in (("tsa", tsa_pem), ("signers", signer_pem)):
        if not pem:
            continue
        unique = {c.public_bytes(serialization.Encoding.DER): c
                  for c in x509.load_pem_x509_certificates(pem.encode())}
        files[f"trust/{name}.pem"] = b"".join(
            c.public_bytes(serialization.Encoding.PEM) for c in unique.values())
        out.append(f"trust/{name}.pem")
        for der, cert in unique.items():
            one = f"trust/certs/{hashlib.sha256(der).hexdigest()[:16]}.pem"
            files[one] = cert.public_bytes(serialization.Encoding.PEM)
    return tuple(out)


def _journal(vault: Vault, constat: Constat, stamped_head: int,
             files: dict[str, bytes]) -> tuple[int, int]:
    """From the constat's first entry to its last (or the last stamped head, if later)."""
    related = (constat.id, constat.dossier_id)
    row = vault.db.query_one(
        "SELECT MIN(seq), MAX(seq) FROM journal WHERE constat_id = ? OR subject IN (?, ?)",
        (constat.id, *related))
    first, last = int(row[0]), max(int(row[1]), stamped_head)
    lines = []
    for r in vault.db.query("SELECT * FROM journal WHERE seq BETWEEN ? AND ? ORDER BY seq",
                            (first, last)):
        entry = row_to_entry(r)
        mine = (entry.constat_id == constat.id or entry.subject in related or entry.v < 2
                or entry.action in SETUP_ACTIONS)
        lines.append(json.dumps(entry.to_json() if mine else entry.redacted_json(),
                                sort_keys=True, ensure_ascii=False))
    files["journal/journal.jsonl"] = ("\n".join(lines) + "\n").encode()
    return first, last


def _json(value: Any) -> bytes:
    return json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False).encode() + b"\n"
