"""Long-term validation of a signed PV: which times its timestamps prove, and what follows.

A timestamp proves a time only if its TSA is *trusted*: anyone can make an RFC 3161
token saying anything with a self-made certificate. The times are established from
the newest proof back to the oldest:

- the newest document timestamp is validated as of now (or the ``at`` asked for);
- an older timestamp whose certificate no longer validates now (expired, as a TSA's
  certificate does after some years) is validated at the time proven by the next
  newer trusted document timestamp: that one shows the older token already existed
  then, when its certificate was good (the archival chain of PAdES B-LTA);
- the signature timestamp likewise, at the time of the first trusted document
  timestamp after the signature.

The signer's chain is then validated at the earliest time so proven (its signature
timestamp, else the first trusted document timestamp after it), not now: a signing
certificate lasts about three years, a PV must be verifiable far longer, and what
matters is that the certificate was valid, and not revoked, when the PV was signed.
Only document timestamps in a revision *after* the signature's prove anything about
it: one from before (a decoy dated the year before) covers other bytes.

B-LTA also needs the revocation data to be under such a timestamp: a DSS written
after the newest trusted document timestamp (validation data added but never
timestamped) is read as of that timestamp's revision, and if what it held then does
not suffice the signature is B-LT.

Not covered here: the TSAs' own revocation. Their chains are checked without
revocation data, so a revoked TSA certificate is not noticed.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.rw_common import PdfHandler
from pyhanko.sign.validation import validate_pdf_timestamp
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import NoDSSFoundError
from pyhanko.sign.validation.generic_cms import collect_timing_info
from pyhanko.sign.validation.status import TimestampSignatureStatus
from pyhanko_certvalidator import ValidationContext


@dataclass(frozen=True)
class Trust:
    roots: list[Any]
    others: list[Any]
    at: datetime | None  # validation time; None: now

    def basic(self, moment: datetime | None = None) -> ValidationContext:
        """The chain only (no revocation data, none fetched), at ``moment`` (else ``at``)."""
        return ValidationContext(trust_roots=self.roots, other_certs=self.others,
                                 allow_fetching=False, revocation_mode="soft-fail",
                                 moment=moment or self.at)

    def strict(self, dss_source: PdfHandler, proven: datetime | None) -> ValidationContext:
        """Revocation required, only from the DSS of ``dss_source`` (the file, or one of
        its past revisions), judged at the time ``proven`` by a timestamp. Answers
        fetched just after signing (the B-LT step, or a later upgrade of an offline
        signature) speak for that time: retroactive use is what LTV is."""
        kwargs: dict[str, Any] = {
            "trust_roots": self.roots, "other_certs": self.others, "allow_fetching": False,
            "revocation_mode": "hard-fail", "moment": proven or self.at,
            "retroactive_revinfo": proven is not None}
        try:
            return DocumentSecurityStore.read_dss(dss_source).as_validation_context(kwargs)
        except (KeyError, ValueError, TypeError, NoDSSFoundError):
            # no DSS: revocation cannot be shown offline; empty sets make the check fail
            return ValidationContext(**{**kwargs, "ocsps": [], "crls": []})


@dataclass(frozen=True)
class DocTimestamp:
    revision: int  # the file revision it signs (0-based, as pyHanko counts)
    time: datetime | None  # what the token says (a proven time only if trusted)
    trusted: bool  # intact, valid, and its chain trusted now or when a newer one proves
    problem: str | None


def document_timestamps(embedded: list[Any], trust: Trust) -> list[DocTimestamp]:
    """The document timestamps in file order, each judged as the module docstring says."""
    stamps = sorted((s for s in embedded if s.sig_object_type == "/DocTimeStamp"),
                    key=lambda s: s.signed_revision)
    judged: list[DocTimestamp] = []
    proven_by_newer: datetime | None = None  # time of the nearest newer trusted one
    for sig in reversed(stamps):
        try:
            status = validate_pdf_timestamp(sig, validation_context=trust.basic())
            trusted = bool(status.intact and status.valid and status.trusted)
            if status.intact and status.valid and not trusted and proven_by_newer:
                # the diff analysis was done above and is kept on ``sig``: chain only
                trusted = bool(validate_pdf_timestamp(
                    sig, validation_context=trust.basic(proven_by_newer), skip_diff=True).trusted)
        except Exception as exc:  # a damaged file may break the parser anywhere: invalid
            judged.append(DocTimestamp(sig.signed_revision, None, False,
                                       f"document timestamp: {exc}"))
            continue
        problem = None
        if not trusted:
            problem = "document timestamp invalid or untrusted"
        elif status.modification_level is not None and status.modification_level.name \
                not in ("NONE", "LTA_UPDATES"):
            problem = f"modified after the document timestamp ({status.modification_level.name})"
        judged.append(DocTimestamp(sig.signed_revision, status.timestamp, trusted, problem))
        if trusted:
            proven_by_newer = status.timestamp
    return judged[::-1]


@dataclass(frozen=True)
class SignatureTime:
    token: TimestampSignatureStatus | None  # the signature timestamp, as last judged
    trusted: bool  # that token is intact, valid and trusted (now or per the archival chain)
    moment: datetime | None  # when its chain was validated (None: ``at``)
    proven: datetime | None  # the earliest trusted time the signature is shown to exist
    later: tuple[DocTimestamp, ...]  # trusted document timestamps after the signature


def signature_time(sig: Any, trust: Trust, doc_ts: list[DocTimestamp]) -> SignatureTime:
    later = tuple(t for t in doc_ts if t.trusted and t.revision > sig.signed_revision
                  and t.time is not None)
    token = _signature_token(sig, trust.basic())
    moment = None
    if token is not None and token.intact and token.valid and not token.trusted and later:
        # e.g. the TSA's certificate has expired since: the first document timestamp over
        # the signature shows the token existed while that certificate was valid
        moment = min(t.time for t in later if t.time is not None)
        token = _signature_token(sig, trust.basic(moment))
    trusted = token is not None and bool(token.intact and token.valid and token.trusted)
    if trusted and token is not None:
        proven: datetime | None = token.timestamp
    else:  # PAdES: a document timestamp over the signature stands in for its own
        proven = min((t.time for t in later if t.time is not None), default=None)
    return SignatureTime(token, trusted, moment, proven, later)


def _signature_token(sig: Any, context: ValidationContext) -> TimestampSignatureStatus | None:
    """The signature timestamp alone (imprint over the signature value, TSA chain), without
    the diff analysis a full validation of the signature does each time."""
    found = asyncio.run(collect_timing_info(sig.signer_info, context,
                                            raw_digest=sig.compute_digest))
    token = found.get("timestamp_validity")
    return token if isinstance(token, TimestampSignatureStatus) else None


def covered_dss(reader: PdfFileReader, later: tuple[DocTimestamp, ...]) -> PdfHandler | None:
    """The file as the newest trusted document timestamp after the signature saw it:
    B-LTA means the validation data are under a timestamp, and a DSS updated after it
    (the LTV data added but never timestamped) is not. None: no such timestamp."""
    if not later:
        return None
    newest = max(t.revision for t in later)
    if newest >= reader.xrefs.total_revisions - 1:
        return reader  # nothing after it: the DSS read now is the one it covers
    return reader.get_historical_resolver(newest)
