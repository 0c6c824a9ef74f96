"""Export a constat as an open evidence bundle: one streamed ZIP (docs/bundle-format.md).

Evidence files go from the encrypted blob store into the archive chunk by chunk
(stored, zip64 where needed), their SHA-256 re-checked on the way, so memory
stays flat whatever their size. The archive is written under a temporary name,
fsynced, then published; a failure or a cancel leaves nothing behind. The
summary ``bundle.json`` lists every file with its hash; it is signed with the
workstation key and timestamped (``stamper``) when a TSA answers.
"""

from __future__ import annotations

import hashlib
import json
import logging
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from evidence.atomic import create_file
from evidence.bundle.contents import BundleContent, collect
from evidence.bundle.instructions import verify_md
from evidence.clock import TimeReading
from evidence.errors import BadInput
from evidence.manifests import workstation_key
from evidence.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, no_progress
from evidence.software import SOFTWARE
from evidence.vault import Vault

VERIFIER = Path(__file__).with_name("probant_verify.py")
log = logging.getLogger(__name__)


class NoSignedPv(BadInput):
    code = "no_signed_pv"


@dataclass(frozen=True)
class SealStamp:
    """The RFC 3161 answer on bundle.json's SHA-256, or why there is none."""

    response: bytes | None
    tsa: str = ""
    gen_time: str = ""
    error: str = ""  # technical detail, for the journal and the CLI
    code: str = ""  # "" (stamped), "not_requested", "no_tsa", "tsa_failed"


Stamper = Callable[[bytes], SealStamp]


@dataclass(frozen=True)
class ExportRequest:
    constat_id: str
    out: Path
    require_pv: bool = True  # a bundle normally carries the signed act


@dataclass(frozen=True)
class ExportResult:
    path: Path
    files: int
    bytes: int  # evidence bytes streamed
    summary_sha256: str  # SHA-256 of bundle.json, which names every file's hash
    timestamped: bool
    stamp: SealStamp
    pv: str | None

    def to_json(self) -> dict[str, Any]:
        return {"out": str(self.path), "files": self.files, "bytes": self.bytes,
                "summary_sha256": self.summary_sha256, "timestamped": self.timestamped,
                "tsa": self.stamp.tsa, "tsa_time": self.stamp.gen_time,
                "timestamp_error": self.stamp.error or None, "pv": self.pv}


def export_bundle(vault: Vault, request: ExportRequest, *, stamper: Stamper | None = None,
                  progress: ProgressCallback = no_progress,
                  cancel: CancelToken = NEVER_CANCELLED) -> ExportResult:
    vault.require_role("commissaire", "collaborateur", action="bundle_export")
    out = request.out
    content = collect(vault, request.constat_id)
    if request.require_pv and content.pv_path is None:
        raise NoSignedPv(f"constat {request.constat_id} has no signed PV: sign it first "
                         "(`probant pv sign`) or export with --without-pv",
                         constat=request.constat_id)
    written = create_file(out, lambda handle: _write(vault, content, handle, out.name, stamper,
                                                     progress, cancel))
    result = ExportResult(out, *written)
    vault.log("bundle_exported", constat_id=request.constat_id, subject=request.constat_id,
              details={"to": out.name, "files": result.files, "bytes": result.bytes,
                       "summary_sha256": result.summary_sha256,
                       "timestamped": result.timestamped, "tsa": result.stamp.tsa,
                       "tsa_time": result.stamp.gen_time, "pv": result.pv})
    log.info("bundle %s written for constat %s: %d files, %d evidence bytes, timestamped=%s",
             out.name, request.constat_id, result.files, result.bytes, result.timestamped)
    return result


def _write(vault: Vault, content: BundleContent, handle: Any, name: str,
           stamper: Stamper | None, progress: ProgressCallback,
           cancel: CancelToken) -> tuple[int, int, str, bool, SealStamp, str | None]:
    now = TimeReading.now()
    total = sum(b.item.size for b in content.items)
    listed: list[dict[str, Any]] = []
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        done = 0
        for b in content.items:
            cancel.raise_if_cancelled()
            info = _info(b.path, b.item.captured_at)
            info.file_size = b.item.size  # lets zipfile choose zip64 before writing
            with archive.open(info, "w", force_zip64=b.item.size > 0x7FFFFFFF) as entry:
                vault.blobs.copy_to(b.item.blob_id, entry.write, expected_sha256=b.item.sha256,
                                    cancel=cancel, total=total,
                                    progress=_offset(progress, done, total))
            done += b.item.size
            listed.append({"path": b.path, "sha256": b.item.sha256, "size": b.item.size})
        with vault.db.transaction() as conn:
            key_id, key = workstation_key(conn, vault.session.user.id, vault.record)
        seal_key = content.keys.get(key_id) or f"keys/{key_id}.pem"
        extra = {**content.small_files,
                 seal_key: key.public_key().public_bytes(
                     serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo),
                 "tools/probant_verify.py": VERIFIER.read_bytes()}
        anchors = _anchors(extra)
        user = f"{vault.session.user.name} ({vault.session.user.role})"
        extra["VERIFY.md"] = verify_md(content, name, now.local, user, anchors, seal_key)
        for path in sorted(extra):
            archive.writestr(_info(path, now.utc), extra[path])
            listed.append({"path": path, "sha256": hashlib.sha256(extra[path]).hexdigest(),
                           "size": len(extra[path])})
        summary = _summary(vault, content, listed, now, key_id, {**content.keys, key_id: seal_key})
        raw = json.dumps(summary, indent=1, sort_keys=True, ensure_ascii=False).encode() + b"\n"
        seals = {"bundle.json": raw, "bundle.json.sig": key.sign(raw)}
        stamp = stamper(hashlib.sha256(raw).digest()) if stamper else SealStamp(
            None, error="timestamp not requested", code="not_requested")
        if stamp.response is not None:
            seals["bundle.json.tsr"] = stamp.response
        sums = [(f["sha256"], f["path"]) for f in listed]
        sums += [(hashlib.sha256(v).hexdigest(), k) for k, v in seals.items()]
        seals["SHA256SUMS"] = "".join(f"{h}  {p}\n" for h, p in sorted(sums, key=lambda s: s[1])
                                      ).encode()
        # SHA256SUMS sealed on its own, so that `sha256sum -c` plus two openssl commands
        # prove every file (a list regenerated after a swap fails both).
        seals["SHA256SUMS.sig"] = key.sign(seals["SHA256SUMS"])
        if stamp.response is not None and stamper is not None:  # offline: asked once, not twice
            sums_stamp = stamper(hashlib.sha256(seals["SHA256SUMS"]).digest())
            if sums_stamp.response is not None:
                seals["SHA256SUMS.tsr"] = sums_stamp.response
            else:
                stamp = sums_stamp  # the seal is not whole: said as the export's outcome
        for path, data in seals.items():
            archive.writestr(_info(path, now.utc), data)
    progress(total, total)
    return (len(listed), total, hashlib.sha256(raw).hexdigest(),
            "SHA256SUMS.tsr" in seals, stamp, content.pv_path)


def _offset(progress: ProgressCallback, base: int, total: int) -> ProgressCallback:
    return lambda n, _total: progress(base + n, total)


def _summary(vault: Vault, content: BundleContent, listed: list[dict[str, Any]],
             now: TimeReading, key_id: str, keys: dict[str, str]) -> dict[str, Any]:
    user = vault.session.user
    return {
        "format": "probant-bundle", "v": 1, "software": SOFTWARE, "vault": vault.id,
        "demo": vault.demo, "created": {"utc": now.utc, "local": now.local},
        "exported_by": {"id": user.id, "name": user.name, "role": user.role},
        "constat": content.summary, "pv": content.pv_path,
        "items": [b.to_json() for b in content.items], "keys": keys, "signed_with": key_id,
        "timestamps": "timestamps/timestamps.json", "journal": "journal/journal.jsonl",
        "journal_range": list(content.journal_range), "trust": list(content.trust),
        "verifier": "tools/probant_verify.py", "files": listed,
    }


def _anchors(files: dict[str, bytes]) -> list[tuple[str, str, str]]:
    out = []
    for path in sorted(p for p in files if p.startswith("trust/certs/")):
        cert = x509.load_pem_x509_certificate(files[path])
        out.append((path, cert.subject.rfc4514_string(),
                    cert.fingerprint(hashes.SHA256()).hex(":").upper()))
    return out


def _info(path: str, utc: str) -> zipfile.ZipInfo:
    when = datetime.strptime(utc[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
    info = zipfile.ZipInfo(path, date_time=when.timetuple()[:6])  # UTC, as the summary says
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    return info
