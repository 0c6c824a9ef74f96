"""Validation report of a signed PDF (pyHanko's validator, offline where possible).

The level is established from what the file proves, not from what it claims:
B-B an intact signature whose signer's chain is trusted; B-T plus a trusted time
for it, from a signature timestamp or (as PAdES allows) a document timestamp over
the signature; B-LT plus revocation data in the DSS that validate the chain with
revocation checks *required* and nothing fetched; B-LTA plus a trusted document
timestamp over those data. Anything changed after the last signature or timestamp
shows up as coverage other than "entire file".

Times come only from *trusted* timestamps, and the signer's chain and its revocation
are judged at the time they prove (point-in-time, see ``validate_ltv``): the DSS
keeps OCSP answers valid for minutes or days, the signer's certificate for about
three years, and a PV read much later must still show that the certificate was
valid and not revoked when it signed. A certificate revoked at that time is
reported as such, and the PV is not valid. The report also carries pyHanko's ETSI
EN 319 102-1 verdict (``ades_lta_validation``, offline, revocation required) as a
second opinion.
"""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator.registry import SimpleTrustManager

from evidence.errors import BadInput
from signing.pv.validate_ltv import (
    DocTimestamp,
    SignatureTime,
    Trust,
    covered_dss,
    document_timestamps,
    signature_time,
)
from signing.tsa.client import load_certificates, split_anchors


@dataclass(frozen=True)
class SignatureReport:
    field: str
    signer: str
    certificate_sha256: str
    signing_time: str | None
    timestamp_time: str | None  # the signature timestamp's time, only if trusted
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


def validate_pdf(data: bytes, trust_pem: bytes, *, at: datetime | None = None,
                 ades: bool = True) -> ValidationReport:
    """``at``: validate as of that time (default now), e.g. to show a PV still holds later.
    ``ades``: also run pyHanko's ETSI validation (a second opinion, reported apart;
    skipped where only the level is wanted, e.g. right after signing)."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # pyHanko raises many kinds on a broken file
        raise BadInput(f"not a readable PDF: {exc}") from exc
    if not embedded:
        return ValidationReport((), (), ("no signature in this PDF",))
    trust = Trust(*split_anchors(load_certificates(trust_pem)), at)
    doc_ts = document_timestamps(embedded, trust)
    problems = [t.problem for t in doc_ts if t.problem]
    reports = []
    for sig in embedded:
        if sig.sig_object_type == "/DocTimeStamp":
            continue
        report, own = _signature_report(sig, reader, trust, doc_ts, ades)
        reports.append(report)
        problems += own
        if not (report.intact and report.valid):
            problems.append(f"{report.field}: signature altered (the document was modified)")
        elif not report.trusted:
            problems.append(f"{report.field}: signer not trusted")
        if report.coverage not in ("ENTIRE_FILE", "ENTIRE_REVISION"):
            problems.append(f"{report.field}: the signature does not cover the document")
        if report.modifications not in ("NONE", "LTA_UPDATES"):
            problems.append(f"{report.field}: modified after signing ({report.modifications})")
    return ValidationReport(tuple(reports), tuple(t.time.isoformat() for t in doc_ts if t.time),
                            tuple(problems))


def _signature_report(sig: Any, reader: PdfFileReader, trust: Trust, doc_ts: list[DocTimestamp],
                      ades: bool) -> tuple[SignatureReport, list[str]]:
    try:
        when = signature_time(sig, trust, doc_ts)
        # the signer's chain as of the time the timestamps prove it signed (else now)
        status = validate_pdf_signature(
            sig, signer_validation_context=trust.basic(when.proven),
            ts_validation_context=trust.basic(when.moment))
    except Exception as exc:  # a damaged file may break the parser anywhere: invalid
        return SignatureReport(sig.field_name, "?", "", None, None, False, False, False,
                               "NONE", "?", "unknown", f"invalid ({exc})"), []
    problems = []
    if when.token is not None and not when.trusted:
        # its time is not taken (a rogue TSA could date a signature before a revocation)
        problems.append(f"{sig.field_name}: signature timestamp invalid or untrusted "
                        f"(it claims {when.token.timestamp.isoformat()})")
    revinfo, revoked = _revocation(sig, reader, trust, when)
    if revoked and when.proven:
        problems.append(f"{sig.field_name}: the signer's certificate was revoked when it "
                        f"signed (already at {when.proven.isoformat()}, the proven time)")
    elif revoked:
        problems.append(f"{sig.field_name}: the signer's certificate is revoked, and no "
                        f"trusted timestamp shows it signed before")
    # B-T: one trusted time proof (signature timestamp, or a document timestamp over the
    # signature); B-LTA: a second one, over the revocation data (checked in _revocation).
    time_proofs = int(when.trusted) + len(when.later)
    if not (status.intact and status.valid and status.trusted):
        level = "invalid"
    elif time_proofs >= 2 and revinfo == "covered":
        level = "B-LTA"
    elif time_proofs >= 1 and revinfo:
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
        timestamp_time=(when.token.timestamp.isoformat()
                        if when.trusted and when.token else None),
        intact=bool(status.intact), valid=bool(status.valid), trusted=bool(status.trusted),
        coverage=status.coverage.name if status.coverage else "NONE",
        modifications=status.modification_level.name if status.modification_level else "?",
        revocation="revoked" if revoked else ("good (DSS)" if revinfo else "unknown"),
        level=level, ades=ades_indication(sig, trust) if ades else "not run"), problems


def _revocation(sig: Any, reader: PdfFileReader, trust: Trust,
                when: SignatureTime) -> tuple[Literal["covered", "dss", ""], bool]:
    """("covered" | "dss" | "", revoked): the signer's chain with revocation required, from
    the DSS only, at the proven time. "covered": the DSS as a trusted document timestamp
    after the signature saw it suffices (B-LTA); "dss": only the file's current DSS
    does (B-LT, the data are not timestamped)."""
    ts_context = trust.basic(when.moment)

    def check(source: Any) -> tuple[bool, bool]:
        try:  # the diff analysis is kept on ``sig`` from the full validation
            strict = validate_pdf_signature(sig, signer_validation_context=trust.strict(
                source, when.proven), ts_validation_context=ts_context, skip_diff=True)
        except Exception:  # noqa: BLE001 - no offline proof of revocation status
            return False, False
        return bool(strict.trusted), bool(strict.revoked)

    good, revoked = check(reader)
    if not good:
        return "", revoked
    source = covered_dss(reader, when.later)
    if source is reader:
        return "covered", False
    if source is not None and check(source)[0]:
        return "covered", False
    return "dss", False


def ades_indication(sig: Any, trust: Trust) -> str:
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
