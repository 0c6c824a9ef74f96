"""Evidence items: commit content to the vault, list, show, export original bytes.

Content is encrypted into the blob store first (fsynced, published), then the
row and its journal entry are committed in one transaction. A crash between
the two leaves an unreferenced encrypted blob, never a row without content.
There is no update or delete path: the schema's triggers refuse both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from evidence.atomic import create_file
from evidence.canonical import canonical_json
from evidence.clock import TimeReading
from evidence.dossiers import STAFF, get_constat, require_open
from evidence.errors import BadInput, NotFound
from evidence.inputs import input_file
from evidence.manifests import Manifest, append_manifest, row_to_manifest
from evidence.model import ORIGINS, EvidenceItem, evidence_from_row, new_id
from evidence.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, no_progress
from evidence.software import SOFTWARE
from evidence.timestamps import enqueue
from evidence.vault import Vault

_ROLE_FOR_ORIGIN = {"captured": ("commissaire",), "imported": STAFF, "generated": STAFF}


@dataclass(frozen=True)
class EvidenceRequest:
    constat_id: str
    kind: str  # screenshot, video, video_segment, photo, environment, imported, pv...
    origin: str  # captured | imported | generated
    mime: str = "application/octet-stream"
    filename: str = ""
    metadata: Mapping[str, Any] = field(default_factory=dict)
    captured: TimeReading | None = None
    annex_no: int | None = None  # None: the next annex number of the constat
    part_no: int = 0  # parts of one annex (segments of one recording)
    simulated: bool = False


def add_evidence(
    vault: Vault,
    request: EvidenceRequest,
    source: BinaryIO | bytes | bytearray | memoryview,
    *,
    size_hint: int = 0,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken = NEVER_CANCELLED,
) -> EvidenceItem:
    if request.origin not in ORIGINS:
        raise BadInput(f"unknown origin {request.origin}")
    vault.require_role(*_ROLE_FOR_ORIGIN[request.origin], action=f"add_{request.origin}")
    if request.origin == "generated":
        get_constat(vault, request.constat_id)
    else:
        require_open(vault, request.constat_id)
    canonical_json(dict(request.metadata))  # refuses floats and odd keys before any write
    when = request.captured or TimeReading.now()
    stored = vault.blobs.put(source, size_hint=size_hint, progress=progress, cancel=cancel)
    with vault.db.transaction() as conn:
        annex = request.annex_no
        if annex is None:
            row = conn.execute("SELECT COALESCE(MAX(annex_no), 0) FROM evidence WHERE constat_id = ?",
                               (request.constat_id,)).fetchone()
            annex = int(row[0]) + 1
        item = EvidenceItem(
            id=new_id("ev"), constat_id=request.constat_id, annex_no=annex,
            part_no=request.part_no, kind=request.kind, origin=request.origin,
            sha256=stored.sha256, size=stored.size, blob_id=stored.blob_id, mime=request.mime,
            filename=request.filename, captured_at=when.utc, captured_local=when.local,
            monotonic_ns=when.monotonic_ns, metadata=dict(request.metadata),
            simulated=request.simulated or vault.session.simulated,
            created_by=vault.session.user.id,
        )
        conn.execute(
            "INSERT INTO evidence (id, constat_id, annex_no, part_no, kind, origin, sha256, size,"
            " blob_id, mime, filename, captured_at, captured_local, monotonic_ns, metadata,"
            " simulated, created_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (item.id, item.constat_id, item.annex_no, item.part_no, item.kind, item.origin,
             item.sha256, item.size, item.blob_id, item.mime, item.filename, item.captured_at,
             item.captured_local, item.monotonic_ns, canonical_json(dict(item.metadata)).decode(),
             int(item.simulated), item.created_by))
        manifest = append_manifest(conn, item, vault_id=vault.id,
                                   user_name=vault.session.user.name, software=SOFTWARE,
                                   demo=vault.demo, record=vault.record)
        # Queued for its RFC 3161 token in the same transaction: no capture can miss one.
        enqueue(conn, "evidence", item.id, item.constat_id, manifest.hash)
        vault.record(conn, "evidence_added", subject=item.id, constat_id=item.constat_id,
                     details={"annex": item.annex_label, "kind": item.kind, "origin": item.origin,
                              "sha256": item.sha256, "size": item.size,
                              "filename": item.filename, "deduplicated": stored.deduplicated,
                              "manifest": manifest.hash})
    return item


def import_files(
    vault: Vault,
    constat_id: str,
    paths: Sequence[Path],
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken = NEVER_CANCELLED,
) -> list[EvidenceItem]:
    """Files handed in by a client: stored, hashed, marked "imported, not captured"."""
    require_open(vault, constat_id)
    for path in paths:  # check them all before writing anything
        input_file(path)
    total = sum(p.stat().st_size for p in paths)
    done = 0
    items = []
    for path in paths:
        cancel.raise_if_cancelled()
        stat = path.stat()
        request = EvidenceRequest(
            constat_id=constat_id, kind="imported", origin="imported",
            mime=_guess_mime(path), filename=path.name,
            metadata={"source_name": path.name, "source_size": stat.st_size,
                      "source_mtime_ns": stat.st_mtime_ns,
                      "note": "imported, not captured by the officer"})
        base = done

        def report(n: int, _total: int, base: int = base) -> None:
            progress(base + n, total)

        with open(path, "rb") as handle:
            items.append(add_evidence(vault, request, handle, size_hint=stat.st_size,
                                      progress=report, cancel=cancel))
        done += stat.st_size
    return items


def _guess_mime(path: Path) -> str:
    import mimetypes

    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def get_evidence(vault: Vault, evidence_id: str) -> EvidenceItem:
    row = vault.db.query_one("SELECT * FROM evidence WHERE id = ?", (evidence_id,))
    if row is None:
        raise NotFound(f"unknown evidence item {evidence_id}", kind="evidence", id=evidence_id)
    return evidence_from_row(row)


def list_evidence(vault: Vault, constat_id: str | None = None) -> list[EvidenceItem]:
    if constat_id is None:
        rows = vault.db.query("SELECT * FROM evidence ORDER BY constat_id, annex_no, part_no")
    else:
        get_constat(vault, constat_id)
        rows = vault.db.query("SELECT * FROM evidence WHERE constat_id = ?"
                              " ORDER BY annex_no, part_no", (constat_id,))
    return [evidence_from_row(r) for r in rows]


def export_evidence(
    vault: Vault,
    evidence_id: str,
    out: Path,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken = NEVER_CANCELLED,
) -> EvidenceItem:
    """Write the original bytes to ``out``; the hash is checked before the file appears."""
    item = get_evidence(vault, evidence_id)
    create_file(out, lambda handle: vault.blobs.copy_to(
        item.blob_id, handle.write, expected_sha256=item.sha256, cancel=cancel,
        progress=progress, total=item.size))
    vault.log("evidence_exported", subject=item.id, constat_id=item.constat_id,
              details={"annex": item.annex_label, "sha256": item.sha256, "to": out.name})
    return item


def get_manifest(vault: Vault, evidence_id: str) -> Manifest | None:
    row = vault.db.query_one("SELECT * FROM manifests WHERE evidence_id = ?", (evidence_id,))
    return None if row is None else row_to_manifest(row)
