"""The evidence bundle (export and check without a vault), the vault's own check, and
the journal. Before an export the pending items (often the PV) are covered first."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.services.context import AppContext
from app.services.timestamps import cover_pending
from evidence import dossiers
from evidence import journal as journal_mod
from evidence.errors import FileMissing
from evidence.inputs import input_file
from evidence.journal import JournalEntry
from evidence.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, no_progress
from evidence.vault import Vault


@dataclass(frozen=True)
class BundleRequest:
    constat_id: str
    out: Path
    require_pv: bool = True  # a bundle normally carries the signed act
    timestamp: bool = True  # the summary gets its RFC 3161 token (pending items first)


@dataclass(frozen=True)
class JournalCheck:
    entries: int
    damages: tuple[Any, ...]  # evidence.verify.Damage

    @property
    def ok(self) -> bool:
        return not self.damages

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "entries": self.entries,
                "damages": [d.to_json() for d in self.damages]}


def export_bundle(ctx: AppContext, vault: Vault, request: BundleRequest,
                  progress: ProgressCallback = no_progress,
                  cancel: CancelToken = NEVER_CANCELLED) -> Any:
    """The open evidence bundle of one constat (``evidence.bundle.export.ExportResult``)."""
    from evidence.bundle.export import ExportRequest
    from evidence.bundle.export import export_bundle as export
    from signing.tsa.stamp import digest_stamper

    stamper = None
    if request.timestamp:
        cover_pending(ctx, vault, (request.constat_id,))  # offline: stays pending, said
        stamper = digest_stamper(vault, ctx.tsa_timeout_s)
    return export(vault, ExportRequest(request.constat_id, request.out,
                                       require_pv=request.require_pv),
                  stamper=stamper, progress=progress, cancel=cancel)


def read_trust_files(paths: tuple[Path, ...]) -> tuple[bytes, ...]:
    return tuple(input_file(p).read_bytes() for p in paths)


def verify_bundle(path: Path, extra_trust: tuple[bytes, ...] = ()) -> Any:
    """A bundle checked with no vault and no token (``probant_verify.Report``)."""
    from signing.bundle_check import verify_bundle as verify

    if not path.exists():  # a bundle may also be a folder: the archive unpacked
        raise FileMissing(f"no such file: {path}", path=str(path))
    return verify(path, extra_trust)


def render_bundle_report(report: Any, lang: str = "fr") -> str:
    from evidence.bundle.probant_verify import render

    return str(render(report, lang))


def verify_vault(vault: Vault, progress: ProgressCallback = no_progress,
                 cancel: CancelToken = NEVER_CANCELLED) -> Any:
    """Every blob re-read, every manifest and the journal chain checked, timestamps too."""
    from evidence.verify import verify_vault as verify
    from signing.tsa.coverage import check_timestamps

    return verify(vault, progress=progress, cancel=cancel, extra_checks=(check_timestamps,))


def check_journal(vault: Vault) -> JournalCheck:
    from evidence.verify import check_journal as check

    count, damages = check(vault)
    return JournalCheck(count, tuple(damages))


def journal_entries(vault: Vault, constat_id: str | None = None) -> tuple[JournalEntry, ...]:
    if constat_id:
        dossiers.get_constat(vault, constat_id)
        rows = vault.db.query("SELECT * FROM journal WHERE constat_id = ? ORDER BY seq",
                              (constat_id,))
    else:
        rows = vault.db.query("SELECT * FROM journal ORDER BY seq")
    return tuple(journal_mod.row_to_entry(r) for r in rows)
