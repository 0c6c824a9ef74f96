"""What a PV says, as plain data: the renderer turns it into PDF, nothing else."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Officer:
    name: str
    office: str
    address: str


@dataclass(frozen=True)
class EnvironmentSummary:
    phase: str  # "start" | "end"
    taken_local: str
    annex: str
    lines: tuple[str, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class PvEntry:
    """One constatation: one capture or one handed-in file."""

    annex: str
    kind: str
    origin: str  # captured | imported | generated
    captured_local: str
    tsa_time: str | None  # RFC 3161 genTime (UTC); None while pending
    tsa_pending_reason: str | None
    description: str
    sha256: str
    size: int
    filename: str
    image: bytes | None = None  # PNG/JPEG shown as thumbnail and full-size in the annexes
    attachment: bytes | None = None  # embedded as a PDF file attachment (videos, sources)
    referenced_only: bool = False  # too large: referenced by hash in the bundle


@dataclass(frozen=True)
class PvDocument:
    pv_id: str
    constat_id: str
    officer: Officer
    dossier_title: str
    requester: str
    mission: str
    started_local: str
    ended_local: str | None
    environment: tuple[EnvironmentSummary, ...]
    entries: tuple[PvEntry, ...]
    narrative: str
    demo: bool
    software: str
    pending_note: str | None = None
    attestation: bool = False  # "attestation de dépôt": only handed-in files


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    page_count: int
    signature_page: int  # 0-based
    signature_box: tuple[int, int, int, int]  # PDF points: x1, y1, x2, y2
