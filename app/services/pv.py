"""The procès-verbal: signing certificates, rules, draft, signature, upgrade, export,
validation. Every PV action of the CLI and the desktop is one of these functions.

The desktop runs the rules after a flush of what is pending (so that the draft
reviewed is the PV then signed); the CLI lets the officer flush when they choose.
A PV export checks the stored file's SHA-256 before writing it, whoever asks.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.services import matters
from app.services.context import AppContext
from app.services.timestamps import cover_pending
from evidence.atomic import create_file
from evidence.errors import IntegrityError, NotFound
from evidence.model import EvidenceItem
from evidence.timestamps import list_authorities
from evidence.vault import Vault
from signing.pv import build, workflow
from signing.pv.build import RuleResult
from signing.pv.sign import SignerSpec
from signing.pv.validate import ValidationReport


@dataclass(frozen=True)
class PvCheck:
    constat_id: str
    rules: tuple[RuleResult, ...]  # evaluated without the officer's confirmation
    signers: tuple[tuple[str, str], ...]  # (id, label) of the user's signing certificates
    latest_level: str | None = None  # level the newest signed version proves, if any

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.rules if r.blocking)

    @property
    def reservable(self) -> tuple[RuleResult, ...]:
        """The points a reservation can answer (held, reserved, or waiting for one)."""
        return tuple(r for r in self.rules if r.reservable)


@dataclass(frozen=True)
class PvRequest:
    constat_id: str
    narrative: str = ""  # empty: the narrative stored with the constat (matters.set_narrative)
    confirm_pending: bool = False  # the PV will say which timestamps are still pending


@dataclass(frozen=True)
class PvDraft:
    data: bytes
    pages: int
    sha256: str


@dataclass(frozen=True)
class PvSigned:
    item_id: str
    annex: str
    level: str  # as the validation proves it, not as the signing step recorded it
    sha256: str
    report: ValidationReport
    stored_report: str | None  # id of the report kept in the vault
    tsa_configured: bool
    offline_reason: str | None = None  # why the TSA could not be used
    data: bytes = b""  # the signed PDF, shown in place of the draft
    status: str = ""  # signed | signed_offline_pending_upgrade | signed_pending_upgrade
    item: EvidenceItem | None = None


@dataclass(frozen=True)
class Validation:
    report: ValidationReport
    validated_at: str
    stored: str | None = None  # id of the report kept in the vault
    evidence_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = {**self.report.to_json(), "validated_at": self.validated_at}
        if self.stored is not None:
            data.update(stored=self.stored, evidence_id=self.evidence_id)
        return data


# -- signing certificates ----------------------------------------------------------
def add_signer(ctx: AppContext, vault: Vault, spec: SignerSpec, trust_pem: str
               ) -> workflow.Signer:
    return workflow.add_signer(vault, spec, ctx.signer_interaction, trust_pem)


def list_signers(vault: Vault) -> tuple[workflow.Signer, ...]:
    return tuple(workflow.list_signers(vault))


# -- rules, draft, signature -------------------------------------------------------
def check(vault: Vault, constat_id: str, *, confirm_pending: bool = False,
          narrative: str = "", signer_id: str | None = None) -> PvCheck:
    """Every rule; ``narrative``: one given for this PV (else the stored one counts);
    ``signer_id``: the certificate to sign with (else the newest). A failing NF Z67-147
    point (``reservable``) passes once the officer writes a reservation (``matters.reserve``)."""
    rules = build.check_rules(vault, constat_id, confirm_pending=confirm_pending,
                              narrative=narrative, signer_id=signer_id)
    signers = tuple((s.id, f"{s.label} — {s.subject}") for s in workflow.list_signers(vault))
    return PvCheck(constat_id, tuple(rules), signers, latest_level(vault, constat_id))


def check_after_flush(ctx: AppContext, vault: Vault, constat_id: str) -> PvCheck:
    """The desktop's review: what is pending gets its trusted time first (offline, it
    stays pending and the rule says so)."""
    if list_authorities(vault):
        cover_pending(ctx, vault, (constat_id,))
    return check(vault, constat_id)


def draft(ctx: AppContext, vault: Vault, request: PvRequest) -> PvDraft:
    """The unsigned PV for review; journaled (``pv_built``) here only."""
    request = with_stored_narrative(vault, request)
    pdf = workflow.build_pv(vault, request.constat_id, narrative=request.narrative,
                            confirm_pending=request.confirm_pending,
                            attachment_limit=ctx.settings.attachment_threshold_mb << 20)
    vault.log("pv_built", constat_id=request.constat_id, details={"pages": pdf.page_count})
    return PvDraft(pdf.data, pdf.page_count, hashlib.sha256(pdf.data).hexdigest())


def with_stored_narrative(vault: Vault, request: PvRequest) -> PvRequest:
    """A request without a narrative takes the one stored with the constat (written with
    ``probant constat narrative`` or in the window); one given for this PV wins and is not
    stored."""
    if request.narrative.strip():
        return request
    stored = matters.narrative_of(vault, request.constat_id)
    return request if stored is None else replace(request, narrative=stored.text)


def _tsa_url(vault: Vault) -> str | None:
    authorities = list_authorities(vault)
    return authorities[0].url if authorities else None


def sign(ctx: AppContext, vault: Vault, request: PvRequest, *, signer_id: str | None = None,
         offline: bool = False, offline_fallback: bool = False) -> EvidenceItem:
    """Rules again (the core refuses what they refuse), then PAdES: B-LTA with a TSA,
    B-B offline (``offline``, or ``offline_fallback`` when no TSA answers)."""
    request = with_stored_narrative(vault, request)
    return workflow.sign_pv(vault, request.constat_id, ctx.signer_interaction,
                            trust_pem=workflow.signing_trust(vault, signer_id),
                            tsa_url=None if offline else _tsa_url(vault),
                            narrative=request.narrative,
                            confirm_pending=request.confirm_pending, signer_id=signer_id,
                            timeout_s=ctx.tsa_timeout_s, offline_fallback=offline_fallback)


def sign_and_validate(ctx: AppContext, vault: Vault, request: PvRequest,
                      signer_id: str | None) -> PvSigned:
    """The desktop's signature: offline falls back to B-B, then the file is validated."""
    item = sign(ctx, vault, request, signer_id=signer_id, offline_fallback=True)
    return _validated(vault, item, workflow.signing_trust(vault, signer_id),
                      _tsa_url(vault) is not None)


def _require_tsa(vault: Vault) -> str:
    url = _tsa_url(vault)
    if url is None:
        from signing.tsa.errors import NoTsaConfigured

        raise NoTsaConfigured("no TSA configured: add one with `probant tsa add URL --trust`")
    return url


def upgrade(ctx: AppContext, vault: Vault, constat_id: str) -> EvidenceItem:
    """A PV signed offline (B-B) completed up to B-LTA."""
    return workflow.upgrade_pv(vault, constat_id, trust_pem=workflow.signing_trust(vault),
                               tsa_url=_require_tsa(vault), timeout_s=ctx.tsa_timeout_s)


def upgrade_and_validate(ctx: AppContext, vault: Vault, constat_id: str) -> PvSigned:
    item = upgrade(ctx, vault, constat_id)
    return _validated(vault, item, workflow.signing_trust(vault), True)


def archive(ctx: AppContext, vault: Vault, constat_id: str) -> EvidenceItem:
    """An archival timestamp: a new version extending a B-LTA PV's proof."""
    return workflow.archive_pv(vault, constat_id, trust_pem=workflow.signing_trust(vault),
                               tsa_url=_require_tsa(vault), timeout_s=ctx.tsa_timeout_s)


def export(vault: Vault, constat_id: str, out: Path) -> EvidenceItem:
    """The newest signed version, checked against its recorded SHA-256, to a new file."""
    item = workflow.latest_pv(vault, constat_id)
    data = vault.blobs.read_all(item.blob_id)
    if hashlib.sha256(data).hexdigest() != item.sha256:
        raise IntegrityError(f"signed PV {item.id}: SHA-256 differs from the record")
    create_file(out, lambda handle: handle.write(data))  # never over a file, never half
    vault.log("pv_exported", subject=item.id, constat_id=constat_id,
              details={"sha256": item.sha256, "to": out.name})
    return item


def latest_level(vault: Vault, constat_id: str) -> str | None:
    """What the newest PV version proves (older Probant versions recorded B-LTA for any
    online signature, so its metadata is not trusted for this)."""
    try:
        latest = workflow.latest_pv(vault, constat_id)
    except NotFound:
        return None
    if not workflow.list_signers(vault):  # no anchors of this user's to judge it: as recorded
        return str(latest.metadata.get("level"))
    return workflow.proven_level(vault.blobs.read_all(latest.blob_id),
                                 workflow.signing_trust(vault))


# -- validation -------------------------------------------------------------------
def validate(vault: Vault | None, data: bytes, file_name: str, *, trust_pem: bytes | None = None,
             at: datetime | None = None) -> Validation:
    """Validation report of a signed PDF. Against the vault's anchors (no ``trust_pem``)
    and at the present time, the report is kept in the vault."""
    from signing.pv.validate import validate_pdf

    trust = trust_pem if trust_pem is not None else workflow.signing_trust(_need(vault))
    report = validate_pdf(data, trust, at=at)
    validated_at = (at or datetime.now(UTC)).isoformat()
    if trust_pem is not None or at is not None:
        return Validation(report, validated_at)
    from evidence.validations import store_validation

    kept = store_validation(_need(vault), file_name, hashlib.sha256(data).hexdigest(),
                            {**report.to_json(), "validated_at": validated_at})
    return Validation(report, validated_at, kept.id, kept.evidence_id)


def _need(vault: Vault | None) -> Vault:
    if vault is None:
        raise ValueError("validation against the vault's anchors needs the vault")
    return vault


def _validated(vault: Vault, item: EvidenceItem, trust: bytes, tsa_configured: bool) -> PvSigned:
    data = vault.blobs.read_all(item.blob_id)
    kept = validate(vault, data, item.filename or item.id)
    reason = item.metadata.get("offline_reason")
    return PvSigned(item.id, item.annex_label, kept.report.level or "invalid", item.sha256,
                    kept.report, kept.stored, tsa_configured,
                    None if reason is None else str(reason), data,
                    str(item.metadata.get("status", "")), item)


def validation_history(vault: Vault) -> tuple[Any, ...]:
    from evidence.validations import list_validations

    return tuple(list_validations(vault))
