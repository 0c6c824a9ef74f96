"""Validation report of a signed PDF (pyHanko's validator, offline where possible).

The level is established from what the file proves, not from what it claims:
B-B an intact, trusted signature; B-T plus a valid signature timestamp; B-LT
plus revocation data in the DSS that validates the chain with revocation checks
*required* and nothing fetched; B-LTA plus a valid document timestamp covering
the whole file. Anything changed after the last signature or timestamp shows
up as coverage other than "entire file".
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import NoDSSFoundError
from pyhanko_certvalidator import ValidationContext

from evidence.errors import BadInput
from signing.tsa.client import load_certificates


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


def _contexts(reader: PdfFileReader, trust_pem: bytes) -> tuple[ValidationContext,
                                                                 ValidationContext]:
    certs = load_certificates(trust_pem)
    roots = [c for c in certs if c.self_signed]
    others = [c for c in certs if not c.self_signed]
    basic = ValidationContext(trust_roots=roots, other_certs=others, allow_fetching=False,
                              revocation_mode="soft-fail")
    kwargs: dict[str, Any] = {"trust_roots": roots, "other_certs": others, "allow_fetching": False,
              "revocation_mode": "hard-fail"}
    try:
        strict = DocumentSecurityStore.read_dss(reader).as_validation_context(kwargs)
    except (KeyError, ValueError, TypeError, NoDSSFoundError):
        # no DSS: revocation cannot be shown offline; an empty set makes the strict check fail
        strict = ValidationContext(**{**kwargs, "ocsps": [], "crls": []})
    return basic, strict


def validate_pdf(data: bytes, trust_pem: bytes) -> ValidationReport:
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # pyHanko raises many kinds on a broken file
        raise BadInput(f"not a readable PDF: {exc}") from exc
    if not embedded:
        return ValidationReport((), (), ("no signature in this PDF",))
    basic, strict = _contexts(reader, trust_pem)
    doc_ts, problems = [], []
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
            doc_ts.append(status.timestamp.isoformat())
    reports = []
    for sig in embedded:
        if sig.sig_object_type == "/DocTimeStamp":
            continue
        report = _signature_report(sig, basic, strict, doc_ts)
        reports.append(report)
        if not (report.intact and report.valid):
            problems.append(f"{report.field}: signature altered (the document was modified)")
        elif not report.trusted:
            problems.append(f"{report.field}: signer not trusted")
        if report.coverage not in ("ENTIRE_FILE", "ENTIRE_REVISION"):
            problems.append(f"{report.field}: the signature does not cover the document")
        if report.modifications not in ("NONE", "LTA_UPDATES"):
            problems.append(f"{report.field}: modified after signing ({report.modifications})")
    return ValidationReport(tuple(reports), tuple(doc_ts), tuple(problems))


def _signature_report(sig: Any, basic: ValidationContext, strict: ValidationContext,
                      doc_ts: list[str]) -> SignatureReport:
    try:
        status = validate_pdf_signature(sig, signer_validation_context=basic,
                                        ts_validation_context=basic)
    except Exception as exc:  # a damaged file may break the parser anywhere: invalid
        return SignatureReport(sig.field_name, "?", "", None, None, False, False, False,
                               "NONE", "?", "unknown", f"invalid ({exc})")
    try:
        strict_status = validate_pdf_signature(sig, signer_validation_context=strict,
                                               ts_validation_context=basic)
        revocation_ok = bool(strict_status.trusted)
    except Exception:  # noqa: BLE001 - no offline proof of revocation status
        revocation_ok = False
    revoked = bool(status.revoked)
    ts_ok = status.timestamp_validity is not None and bool(status.timestamp_validity.valid
                                                           and status.timestamp_validity.intact)
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
        level=level)
