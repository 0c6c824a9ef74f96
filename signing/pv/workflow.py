"""The PV in the vault: signers, build, sign (with the rules), upgrade, export.

A signed PV is stored as generated evidence of its constat under annex 0 (the
act itself, not an annex), one part per version: the B-B signed offline, then
its B-LTA upgrade. Nothing is replaced; the newest version is the one exported.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from evidence import dossiers
from evidence.clock import utc_now_iso
from evidence.errors import BadInput, NotFound
from evidence.items import EvidenceRequest, add_evidence, list_evidence
from evidence.model import EvidenceItem, new_id
from evidence.vault import Vault
from signing.handlers import InteractionHandler
from signing.pv import build, claims, render, sign
from signing.pv.model import CertificateFacts, RenderedPdf
from signing.tsa.client import forget_validation_context

PV_KIND = "pv"


class RulesFailed(BadInput):
    code = "pv_rules_failed"
    exit_code = 1


def _refusal(failed: list[build.RuleResult]) -> RulesFailed:
    # Each rule's words end a sentence; the message adds its own full stop after them.
    return RulesFailed("; ".join(f"{r.rule}: {r.message_fr.rstrip('.')}" for r in failed),
                       rules=[r.to_json() for r in failed])


@dataclass(frozen=True)
class Signer:
    id: str
    label: str
    kind: str
    subject: str
    certificate_sha256: str
    not_after: str
    module: str | None
    token_label: str | None
    key_label: str | None

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def add_signer(vault: Vault, spec: sign.SignerSpec, handler: InteractionHandler,
               trust_pem: str) -> Signer:
    """Opens the certificate once (PIN/password asked) to record who it names."""
    vault.require_role("commissaire", action="signer_add")
    with sign.open_signer(spec, handler) as signer:
        cert = signer.signing_cert
        if cert is None:
            raise sign.SignerUnavailable("no certificate found for the signing key")
        sign.check_signer_certificate(cert, list(signer.cert_registry), trust_pem.encode(),
                                      online=False)
    record = Signer(new_id("sgn"), spec.label, spec.kind, cert.subject.human_friendly,
                    cert.sha256.hex(), cert.not_valid_after.isoformat(), spec.module,
                    spec.token_label, spec.key_label)
    with vault.db.transaction() as conn:
        conn.execute("INSERT INTO signers (id, label, kind, pkcs12, module, token_label, key_label,"
                     " subject, certificate_sha256, not_after, trust_pem, user_id, added_at,"
                     " certificate) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                     (record.id, record.label, record.kind, spec.pkcs12, spec.module,
                      spec.token_label, spec.key_label, record.subject, record.certificate_sha256,
                      record.not_after, trust_pem, vault.session.user.id, utc_now_iso(),
                      cert.dump()))
        vault.record(conn, "signer_added", subject=record.id,
                     details={"kind": record.kind, "subject": record.subject,
                              "certificate_sha256": record.certificate_sha256})
    return record


def list_signers(vault: Vault) -> list[Signer]:
    rows = vault.db.query("SELECT * FROM signers WHERE active = 1 AND user_id = ?"
                          " ORDER BY added_at", (vault.session.user.id,))
    return [Signer(r["id"], r["label"], r["kind"], r["subject"], r["certificate_sha256"],
                   r["not_after"], r["module"], r["token_label"], r["key_label"]) for r in rows]


def signer_spec(vault: Vault, signer_id: str | None = None) -> sign.SignerSpec:
    rows = vault.db.query("SELECT * FROM signers WHERE active = 1 AND user_id = ?"
                          " ORDER BY added_at DESC", (vault.session.user.id,))
    row = next((r for r in rows if signer_id in (None, r["id"])), None)
    if row is None:
        raise NotFound("no signing certificate: add one with `probant signer add`",
                       kind="signer", id=signer_id or "-")
    return sign.SignerSpec(row["kind"], row["label"],
                           bytes(row["pkcs12"]) if row["pkcs12"] is not None else None,
                           row["module"], row["token_label"], row["key_label"])


def signing_trust(vault: Vault, signer_id: str | None = None) -> bytes:
    """The signer's anchors plus every TSA's: both chains go into the DSS."""
    from evidence.timestamps import list_authorities

    rows = vault.db.query("SELECT id, trust_pem FROM signers WHERE active = 1 AND user_id = ?"
                          " ORDER BY added_at DESC", (vault.session.user.id,))
    own = next((r["trust_pem"] for r in rows if signer_id in (None, r["id"])), "")
    return (own + "".join(a.trust_pem for a in list_authorities(vault))).encode()


def build_pv(vault: Vault, constat_id: str, *, narrative: str = "",
             confirm_pending: bool = False, attachment_limit: int = 50 << 20,
             signer: CertificateFacts | None = None) -> RenderedPdf:
    dossiers.get_constat(vault, constat_id)
    pv_id = f"PV-{constat_id.split('_', 1)[-1].upper()}"
    doc = build.collect(vault, constat_id, pv_id=pv_id, narrative=narrative,
                        attachment_limit=attachment_limit, confirm_pending=confirm_pending,
                        signer=signer)
    return render.render(doc)


def _refuse_certificate(vault: Vault, constat_id: str, cert: Any) -> None:
    """The certificate actually opened (a token may hold another than the one recorded):
    it must name the officer and allow signing."""
    officer = build.officer_name(vault, dossiers.get_constat(vault, constat_id))
    failed = [r for r in (build.identity_rule(officer, claims.certificate_name(cert)),
                          build.key_usage_rule(cert)) if not r.ok]
    if failed:
        raise _refusal(failed)


def sign_pv(vault: Vault, constat_id: str, handler: InteractionHandler, *, trust_pem: bytes,
            tsa_url: str | None, narrative: str = "", confirm_pending: bool = False,
            signer_id: str | None = None, timeout_s: float = 10.0,
            offline_fallback: bool = False) -> EvidenceItem:
    """The rules, then the signature; the signed PDF goes into the vault.

    ``offline_fallback`` (the desktop): when the TSA cannot be reached, sign B-B with
    the signer already open (its PIN is asked once), to be upgraded later; the
    metadata says why. The CLI keeps its explicit ``--offline``.

    The level recorded is the one the signed file proves, not the one asked for: with
    the TSA up but OCSP/CRL down, pyHanko's soft-fail signs without revocation data
    and the file proves only B-T. Anything short of B-LTA is left pending an upgrade.
    """
    vault.require_role("commissaire", action="pv_sign")
    failed = [r for r in build.check_rules(vault, constat_id, confirm_pending=confirm_pending,
                                           narrative=narrative, signer_id=signer_id)
              if not r.ok]
    if failed:
        raise _refusal(failed)
    offline_reason: dict[str, str] = {}
    with sign.open_signer(signer_spec(vault, signer_id), handler) as signer:
        cert = signer.signing_cert
        if cert is None:
            raise sign.SignerUnavailable("no certificate found for the signing key")
        _refuse_certificate(vault, constat_id, cert)
        # The PV names the certificate that signs it: rendered once the signer is open.
        rendered = build_pv(vault, constat_id, narrative=narrative,
                            confirm_pending=confirm_pending,
                            signer=claims.certificate_facts(cert))
        options = sign.SignOptions(rendered.signature_page, rendered.signature_box, trust_pem,
                                   tsa_url, timeout_s)
        try:
            signed = sign.sign_pdf(rendered.data, signer, options)
        except sign.SigningError as exc:
            # Only a network failure (TSA, OCSP/CRL) falls back; a bad PDF or key does not.
            if not (offline_fallback and tsa_url and isinstance(exc.__cause__, OSError)):
                raise
            offline_reason = {"offline_reason": str(exc.__cause__)}
            forget_validation_context(trust_pem)
            signed = sign.sign_pdf(rendered.data, signer, replace(options, tsa_url=None))
    level = proven_level(signed.data, trust_pem)
    if level == "B-LTA":
        status = "signed"
    elif tsa_url is None or offline_reason:
        status = "signed_offline_pending_upgrade"  # no TSA at all: B-B
    else:
        status = "signed_pending_upgrade"  # online, but the file falls short of B-LTA
    return _store(vault, constat_id, signed.data, {
        "level": level, "signer": signed.signer_subject, "signed_at": signed.signed_at,
        "pages": rendered.page_count, "status": status, **offline_reason})


def proven_level(data: bytes, trust_pem: bytes) -> str:
    """The level the PDF itself proves (no ETSI second opinion: only the level is used)."""
    from signing.pv.validate import validate_pdf

    return validate_pdf(data, trust_pem, ades=False).level or "invalid"


def _store(vault: Vault, constat_id: str, data: bytes, meta: dict[str, Any]) -> EvidenceItem:
    versions = [i for i in list_evidence(vault, constat_id) if i.kind == PV_KIND]
    part = max((i.part_no for i in versions), default=0) + 1
    return add_evidence(vault, EvidenceRequest(
        constat_id=constat_id, kind=PV_KIND, origin="generated", mime="application/pdf",
        filename=f"proces-verbal-{constat_id}-v{part}.pdf", metadata=meta, annex_no=0,
        part_no=part), data)


def latest_pv(vault: Vault, constat_id: str) -> EvidenceItem:
    versions = [i for i in list_evidence(vault, constat_id) if i.kind == PV_KIND]
    if not versions:
        raise NotFound(f"constat {constat_id} has no signed PV yet", kind="pv", id=constat_id)
    return max(versions, key=lambda i: i.part_no)


def upgrade_pv(vault: Vault, constat_id: str, *, trust_pem: bytes, tsa_url: str,
               timeout_s: float = 10.0) -> EvidenceItem:
    current = latest_pv(vault, constat_id)
    data = vault.blobs.read_all(current.blob_id)
    # What the latest version proves, not what its metadata says: vaults keep PVs that
    # an earlier Probant recorded as B-LTA (the level it asked for) though they are not.
    if proven_level(data, trust_pem) == "B-LTA":
        return current
    forget_validation_context(trust_pem)  # fresh OCSP/CRL answers, not ones from offline
    upgraded = sign.upgrade_to_lta(data, trust_pem, tsa_url, timeout_s)
    # The level recorded is the one the file proves, never assumed.
    level = proven_level(upgraded, trust_pem)
    if level != "B-LTA":
        raise sign.SigningError(f"the upgrade reached only {level}: the revocation services "
                                f"(OCSP/CRL) did not answer; it stays pending", level=level)
    return _store(vault, constat_id, upgraded, {**current.metadata, "level": "B-LTA",
                                                "status": "signed", "upgrades": current.id,
                                                "upgraded_at": utc_now_iso()})


def archive_pv(vault: Vault, constat_id: str, *, trust_pem: bytes, tsa_url: str,
               timeout_s: float = 10.0) -> EvidenceItem:
    """A new version of the B-LTA PV with one more document timestamp (archival renewal)."""
    vault.require_role("commissaire", "collaborateur", action="pv_archive")
    current = latest_pv(vault, constat_id)
    data = sign.add_archival_timestamp(vault.blobs.read_all(current.blob_id), trust_pem,
                                       tsa_url, timeout_s)
    renewals = int(current.metadata.get("archival_timestamps", 0)) + 1
    return _store(vault, constat_id, data, {**current.metadata, "renews": current.id,
                                            "archival_timestamps": renewals,
                                            "archived_at": utc_now_iso()})
