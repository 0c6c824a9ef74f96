"""Validation report of a signed PDF (pyHanko's validator, offline where possible).

The level is established from what the file proves, not from what it claims:
B-B an intact, trusted signature; B-T plus a valid signature timestamp (or, as
PAdES allows, a document timestamp over the signature); B-LT plus revocation
data in the DSS that validates the chain with revocation checks *required* and
nothing fetched; B-LTA plus a valid document timestamp covering the whole file.
Anything changed after the last signature or timestamp shows up as coverage
other than "entire file".

Revocation is judged at the time the timestamps prove (point-in-time): the DSS
keeps OCSP answers valid for minutes or days, and a PV read a year later must
still show that the certificate was good when it signed, not that the answer
has since expired. The report also carries pyHanko's ETSI EN 319 102-1 verdict
(``ades_lta_validation``, offline, revocation required) as a second opinion.
"""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import NoDSSFoundError
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleTrustManager

from evidence.errors import BadInput
from signing.tsa.client import load_certificates, split_anchors


@dataclass(frozen=True)
class SignatureReport:
    field: str
    signer: str
    certificate_sha256: str
    signing_time: str | None
    timestamp_time: str | None
    intact: bool
    valid: bool
    trusted: bool
    coverage: str
    modifications: str
    revocation: str  # "good (DSS)", "revoked", "unknown"
    level: str
    ades: str = "not run"  # ETSI EN 319 102-1 indication, e.g. "PASSED", "INDETERMINATE/NO_POE"

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class ValidationReport:
    signatures: tuple[SignatureReport, ...]
    document_timestamps: tuple[str, ...]
    problems: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return bool(self.signatures) and not self.problems

    @property
    def level(self) -> str | None:
        return self.signatures[0].level if self.signatures else None

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "level": self.level,
                "signatures": [s.to_json() for s in self.signatures],
                "document_timestamps": list(self.document_timestamps),
                "problems": list(self.problems)}


@dataclass(frozen=True)
class _Trust:
    roots: list[Any]
    others: list[Any]
    at: datetime | None  # validation time; None: now

    def basic(self) -> ValidationContext:
        return ValidationContext(trust_roots=self.roots, other_certs=self.others,
                                 allow_fetching=False, revocation_mode="soft-fail",
                                 moment=self.at)

    def strict(self, reader: PdfFileReader, proven: datetime | None) -> ValidationContext:
        """Revocation required, only from the DSS, judged at the time ``proven`` by a
        timestamp. Answers fetched just after signing (the B-LT step, or a later upgrade
        of an offline signature) speak for that time: retroactive use is what LTV is."""
        kwargs: dict[str, Any] = {
            "trust_roots": self.roots, "other_certs": self.others, "allow_fetching": False,
            "revocation_mode": "hard-fail", "moment": proven or self.at,
            "retroactive_revinfo": proven is not None}
        try:
            return DocumentSecurityStore.read_dss(reader).as_validation_context(kwargs)
        except (KeyError, ValueError, TypeError, NoDSSFoundError):
            # no DSS: revocation cannot be shown offline; empty sets make the check fail
            return ValidationContext(**{**kwargs, "ocsps": [], "crls": []})


def validate_pdf(data: bytes, trust_pem: bytes, *, at: datetime | None = None) -> ValidationReport:
    """``at``: validate as of that time (default now), e.g. to show a PV still holds later."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # pyHanko raises many kinds on a broken file
        raise BadInput(f"not a readable PDF: {exc}") from exc
    if not embedded:
        return ValidationReport((), (), ("no signature in this PDF",))
    trust = _Trust(*split_anchors(load_certificates(trust_pem)), at)
    basic = trust.basic()
    doc_ts: list[datetime] = []
    problems: list[str] = []
    for sig in embedded:
        if sig.sig_object_type == "/DocTimeStamp":
            try:
                status = validate_pdf_timestamp(sig, validation_context=basic)
            except Exception as exc:  # a damaged file may break the parser anywhere: invalid
                problems.append(f"document timestamp: {exc}")
                continue
            if not (status.intact and status.valid and status.trusted):
                problems.append("document timestamp invalid or untrusted")
            elif status.modification_level is not None and status.modification_level.name \
                    not in ("NONE", "LTA_UPDATES"):
                problems.append(f"modified after the document timestamp "
                                f"({status.modification_level.name})")
            doc_ts.append(status.timestamp)
    reports = []
    for sig in embedded:
        if sig.sig_object_type == "/DocTimeStamp":
            continue
        report = _signature_report(sig, reader, trust, doc_ts)
        reports.append(report)
        if not (report.intact and report.valid):
            problems.append(f"{report.field}: signature altered (the document was modified)")
        elif not report.trusted:
            problems.append(f"{report.field}: signer not trusted")
        if report.coverage not in ("ENTIRE_FILE", "ENTIRE_REVISION"):
            problems.append(f"{report.field}: the signature does not cover the document")
        if report.modifications not in ("NONE", "LTA_UPDATES"):
            problems.append(f"{report.field}: modified after signing ({report.modifications})")
    return ValidationReport(tuple(reports), tuple(t.isoformat() for t in doc_ts), tuple(problems))


def _signature_report(sig: Any, reader: PdfFileReader, trust: _Trust,
                      doc_ts: list[datetime]) -> SignatureReport:
    basic = trust.basic()
    try:
        status = validate_pdf_signature(sig, signer_validation_context=basic,
                                        ts_validation_context=basic)
    except Exception as exc:  # a damaged file may break the parser anywhere: invalid
        return SignatureReport(sig.field_name, "?", "", None, None, False, False, False,
                               "NONE", "?", "unknown", f"invalid ({exc})")
    ts_ok = status.timestamp_validity is not None and bool(status.timestamp_validity.valid
                                                           and status.timestamp_validity.intact)
    # The earliest time a timestamp proves the signature existed: its own signature
    # timestamp, else (PAdES) the first document timestamp over it.
    proven = (status.timestamp_validity.timestamp if ts_ok and status.timestamp_validity
              else min(doc_ts, default=None))
    try:
        strict_status = validate_pdf_signature(sig, signer_validation_context=trust.strict(
            reader, proven), ts_validation_context=basic)
        revocation_ok = bool(strict_status.trusted)
    except Exception:  # noqa: BLE001 - no offline proof of revocation status
        revocation_ok = False
    revoked = bool(status.revoked)
    # PAdES: a document timestamp over the signature stands in for a signature timestamp
    time_proofs = int(ts_ok) + len(doc_ts)
    if not (status.intact and status.valid and status.trusted):
        level = "invalid"
    elif time_proofs >= 2 and revocation_ok:
        level = "B-LTA"
    elif time_proofs >= 1 and revocation_ok:
        level = "B-LT"
    elif time_proofs >= 1:
        level = "B-T"
    else:
        level = "B-B"
    cert = status.signing_cert
    return SignatureReport(
        field=sig.field_name, signer=cert.subject.human_friendly,
        certificate_sha256=cert.sha256.hex(),
        signing_time=status.signer_reported_dt.isoformat() if status.signer_reported_dt else None,
        timestamp_time=(status.timestamp_validity.timestamp.isoformat()
                        if ts_ok and status.timestamp_validity else None),
        intact=bool(status.intact), valid=bool(status.valid), trusted=bool(status.trusted),
        coverage=status.coverage.name if status.coverage else "NONE",
        modifications=status.modification_level.name if status.modification_level else "?",
        revocation="revoked" if revoked else ("good (DSS)" if revocation_ok else "unknown"),
        level=level, ades=ades_indication(sig, trust))


def ades_indication(sig: Any, trust: _Trust) -> str:
    """pyHanko's ETSI EN 319 102-1 LTA validation, offline, revocation data required.

    Right after signing: B-LTA gives PASSED, B-LT INDETERMINATE/NO_POE, B-T and B-B
    INDETERMINATE/CERTIFICATE_CHAIN_GENERAL_FAILURE. Its limits in pyHanko 0.38, which
    is why the level above is established separately: it needs a signature timestamp
    (an offline signature made B-T by a document timestamp gets SIG_CONSTRAINTS_FAILURE),
    and once the DSS's OCSP answers are past their nextUpdate it no longer passes.
    """
    from pyhanko.sign.validation import ades
    from pyhanko.sign.validation.policy_decl import (
        CertificateFetchingRule,
        LocalKnowledge,
        PdfSignatureValidationSpec,
        RevinfoOnlineFetchingRule,
        RevocationInfoGatheringSpec,
        SignatureValidationSpec,
    )
    from pyhanko_certvalidator.context import CertValidationPolicySpec
    from pyhanko_certvalidator.ltv.types import ValidationTimingInfo
    from pyhanko_certvalidator.policy_decl import (
        CertRevTrustPolicy,
        RevocationCheckingPolicy,
        RevocationCheckingRule,
    )

    required = RevocationCheckingRule.CRL_OR_OCSP_REQUIRED
    policy = CertValidationPolicySpec(
        trust_manager=SimpleTrustManager.build(trust.roots),
        revinfo_policy=CertRevTrustPolicy(RevocationCheckingPolicy(required, required)))
    spec = PdfSignatureValidationSpec(SignatureValidationSpec(
        policy, local_knowledge=LocalKnowledge(known_certs=trust.others),
        revinfo_gathering_policy=RevocationInfoGatheringSpec(
            online_fetching_rule=RevinfoOnlineFetchingRule.LOCAL_ONLY,
            certificate_fetching_rule=CertificateFetchingRule.NEVER_FETCH)))
    timing = (ValidationTimingInfo(trust.at, trust.at, point_in_time_validation=False)
              if trust.at else None)
    try:
        result = asyncio.run(ades.ades_lta_validation(sig, spec, timing_info=timing))
    except Exception as exc:  # noqa: BLE001 - reported as such, the level stands apart
        return f"error ({type(exc).__name__})"
    indication = result.ades_subindic
    if indication.status.name == "PASSED":
        return "PASSED"
    return f"{indication.status.name}/{getattr(indication, 'name', indication)}"
