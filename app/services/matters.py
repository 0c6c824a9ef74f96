"""Dossiers and constats, the files handed in, and the evidence they hold.

A constat's environment report (NF Z67-147) is taken at its opening and at its
closing by these services, whoever asks (CLI or window): that rule exists here
only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.services.context import AppContext
from evidence import dossiers, findings, items, reservations
from evidence.findings import Finding, Narrative
from evidence.model import Constat, Dossier, EvidenceItem
from evidence.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, no_progress
from evidence.reservations import Reservation
from evidence.vault import Vault
from signing.legal_time import french_time

if TYPE_CHECKING:  # the capture service (mss, the environment probes) loads on open/close only
    from app.services.capture import EnvironmentRecord


@dataclass(frozen=True)
class NewDossier:
    title: str
    requester: str = ""
    deadline: str | None = None  # ISO 8601; a naive time is the workstation's local time
    reference: str = ""  # the étude's own file number


@dataclass(frozen=True)
class NewConstat:
    dossier_id: str
    mission: str = ""
    # The étude's workstation or a site address. Empty is recorded as empty, not refused
    # here: the PV's rules block the signature of a constat without a place.
    place: str = ""


@dataclass(frozen=True)
class OpenedConstat:
    constat: Constat
    environment: EnvironmentRecord  # the start report, taken as the constat opened


@dataclass(frozen=True)
class ClosedConstat:
    constat: Constat
    environment: EnvironmentRecord  # the end report, taken before the constat closed


@dataclass(frozen=True)
class DossierDetail:
    dossier: Dossier
    constats: tuple[Constat, ...]


@dataclass(frozen=True)
class ConstatDetail:
    constat: Constat
    evidence: tuple[EvidenceItem, ...]
    findings: Mapping[str, Finding] = field(default_factory=dict)  # current, by evidence id
    narrative: Narrative | None = None  # the newest version


@dataclass(frozen=True)
class EvidenceDetail:
    item: EvidenceItem
    manifest: dict[str, Any] | None
    finding: Finding | None = None  # the current finding
    history: tuple[Finding, ...] = ()  # every version, oldest first


def constat_label(constat: Constat) -> str:
    """How a constat is named in lists and choices: when it started, and its mission."""
    started = french_time(constat.started_at, seconds=False)
    return f"{started} — {constat.mission or constat.id}"


def create_dossier(vault: Vault, request: NewDossier) -> Dossier:
    return dossiers.create_dossier(vault, request.title, request.requester, request.deadline,
                                   request.reference)


def update_dossier(vault: Vault, dossier_id: str, *, title: str | None = None,
                   requester: str | None = None, deadline: str | None = None,
                   reference: str | None = None) -> Dossier:
    """Edits a dossier (``None``: unchanged; ``deadline=""`` removes it), journaled with
    before and after values. The requester of a dossier with a signed PV is refused
    (``requester_sealed``): the signed act names them."""
    return dossiers.update_dossier(vault, dossier_id, signed_pv_kind=_signed_pv_kind(),
                                   title=title, requester=requester, deadline=deadline,
                                   reference=reference)


def list_dossiers(vault: Vault) -> tuple[Dossier, ...]:
    return tuple(dossiers.list_dossiers(vault))


def show_dossier(vault: Vault, dossier_id: str) -> DossierDetail:
    dossier = dossiers.get_dossier(vault, dossier_id)
    return DossierDetail(dossier, tuple(dossiers.list_constats(vault, dossier.id)))


def open_constat(ctx: AppContext, vault: Vault, request: NewConstat,
                 progress: ProgressCallback = no_progress) -> OpenedConstat:
    constat = dossiers.create_constat(vault, request.dossier_id, request.mission, request.place)
    from app.services.capture import record_environment

    env = record_environment(ctx, vault, constat.id, "start", progress=progress)
    return OpenedConstat(constat, env)


def list_constats(vault: Vault, dossier_id: str | None = None) -> tuple[Constat, ...]:
    return tuple(dossiers.list_constats(vault, dossier_id))


def show_constat(vault: Vault, constat_id: str) -> ConstatDetail:
    constat = dossiers.get_constat(vault, constat_id)
    return ConstatDetail(constat, tuple(items.list_evidence(vault, constat.id)),
                         findings.current_findings(vault, constat.id),
                         findings.narrative_of(vault, constat.id))


def close_constat(ctx: AppContext, vault: Vault, constat_id: str,
                  progress: ProgressCallback = no_progress) -> ClosedConstat:
    """The end report first (refused, like the closing, to anyone but a commissaire)."""
    dossiers.require_open(vault, constat_id)
    vault.require_role("commissaire", action="close_constat")
    from app.services.capture import record_environment

    env = record_environment(ctx, vault, constat_id, "end", progress=progress)
    return ClosedConstat(dossiers.close_constat(vault, constat_id), env)


def import_files(vault: Vault, constat_id: str, paths: tuple[Path, ...],
                 progress: ProgressCallback = no_progress,
                 cancel: CancelToken = NEVER_CANCELLED) -> tuple[EvidenceItem, ...]:
    """Files handed in (an attestation, a client's file): marked imported, not captured."""
    return tuple(items.import_files(vault, constat_id, list(paths), progress=progress,
                                    cancel=cancel))


def list_evidence(vault: Vault, constat_id: str | None = None) -> tuple[EvidenceItem, ...]:
    return tuple(items.list_evidence(vault, constat_id))


def show_evidence(vault: Vault, evidence_id: str) -> EvidenceDetail:
    item = items.get_evidence(vault, evidence_id)
    manifest = items.get_manifest(vault, item.id)
    history = tuple(findings.finding_history(vault, item.id))
    return EvidenceDetail(item, manifest.to_json() if manifest else None,
                          history[-1] if history else None, history)


def export_evidence(vault: Vault, evidence_id: str, out: Path,
                    progress: ProgressCallback = no_progress) -> EvidenceItem:
    return items.export_evidence(vault, evidence_id, out, progress=progress)


@dataclass(frozen=True)
class Acknowledgement:
    """The officer read a warning of an environment report (proxy, clock, offline…)."""

    check: str  # the report's check key
    wording: str  # the sentence the officer was shown and accepted


def acknowledge_environment(vault: Vault, constat_id: str, report_item_id: str,
                            acknowledgements: tuple[Acknowledgement, ...]) -> None:
    """Journaled with the wording shown: the PV can say the officer knew, and what."""
    vault.require_role("commissaire", action="acknowledge_environment")
    dossiers.require_open(vault, constat_id)
    for ack in acknowledgements:
        vault.log("environment_warning_acknowledged", subject=report_item_id,
                  constat_id=constat_id, details={"check": ack.check, "wording": ack.wording})


# -- the officer's words: findings per item, narrative per constat -----------------
def _signed_pv_kind() -> str:
    """The evidence kind of a signed PV. Imported when needed: signing.pv.workflow brings
    the PDF and PAdES libraries (about 1 s), which listing dossiers does not need."""
    from signing.pv.workflow import PV_KIND

    return PV_KIND


def describe_evidence(vault: Vault, evidence_id: str, text: str = "", *,
                      no_observation: bool = False) -> Finding:
    """The officer's finding (« constatation ») on an item, as a new version; or
    « sans observation » (``no_observation``, no text). Commissaire only; refused once the
    constat's PV is signed (``findings_sealed``)."""
    return findings.describe(vault, evidence_id, text, no_observation=no_observation,
                             signed_pv_kind=_signed_pv_kind())


def findings_of(vault: Vault, constat_id: str) -> Mapping[str, Finding]:
    """The current finding of each described item of the constat, by evidence id."""
    return findings.current_findings(vault, constat_id)


def set_narrative(vault: Vault, constat_id: str, text: str) -> Narrative:
    """The officer's narrative of the constat, as a new version (the PV prints the newest).
    Commissaire only; refused once the constat's PV is signed (``findings_sealed``)."""
    return findings.set_narrative(vault, constat_id, text, signed_pv_kind=_signed_pv_kind())


def narrative_of(vault: Vault, constat_id: str) -> Narrative | None:
    return findings.narrative_of(vault, constat_id)


# -- the officer's reservations on the NF Z67-147 points ----------------------------
def reservable_points() -> dict[str, str]:
    """Code → French label of each point a reservation can be written for."""
    from signing.pv.z67 import RESERVABLE

    return dict(RESERVABLE)


def reserve(vault: Vault, constat_id: str, point: str, text: str) -> Reservation:
    """The officer's reservation (« réserve ») on a point of the technical prerequisites
    that failed or could not be determined, as a new version (empty text withdraws it);
    journaled, printed in the PV's « Réserves » section. Commissaire only; refused once
    the constat's PV is signed (``findings_sealed``), or for an unknown point
    (``reservation_point_unknown``)."""
    return reservations.reserve(vault, constat_id, point, text, points=reservable_points(),
                                signed_pv_kind=_signed_pv_kind())


def reservations_of(vault: Vault, constat_id: str) -> Mapping[str, Reservation]:
    """The current reservation of each point, by point code."""
    dossiers.get_constat(vault, constat_id)
    return reservations.reservations_of(vault, constat_id)
