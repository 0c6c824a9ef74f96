"""Timestamp errors. A TSA that fails leaves the work queued (exit code 4);
each failure has its own stable code so the queue, the journal and the UI can
say precisely why an item is still pending."""

from __future__ import annotations

from evidence.errors import BadInput, ProbantError


class TimestampError(ProbantError):
    code = "tsa_error"
    exit_code = 4


class TsaUnreachable(TimestampError):
    code = "tsa_unreachable"


class TsaTimeout(TimestampError):
    code = "tsa_timeout"


class TsaHttpError(TimestampError):
    code = "tsa_http_error"


class TsaGarbage(TimestampError):
    code = "tsa_garbage"


class TsaRejected(TimestampError):
    """The TSA answered with a status other than granted."""

    code = "tsa_rejected"


class TsaWrongNonce(TimestampError):
    code = "tsa_wrong_nonce"


class TsaWrongImprint(TimestampError):
    code = "tsa_wrong_imprint"


class TsaWrongPolicy(TimestampError):
    code = "tsa_wrong_policy"


class TsaNoCertificate(TimestampError):
    code = "tsa_no_certificate"


class TsaBadSignature(TimestampError):
    code = "tsa_bad_signature"


class TsaUntrusted(TimestampError):
    code = "tsa_untrusted"


class TsaCertExpired(TsaUntrusted):
    code = "tsa_cert_expired"


class TsaRevoked(TsaUntrusted):
    code = "tsa_revoked"


class TimestampUnavailable(TimestampError):
    """Every configured TSA failed: the items stay pending (the reasons are in ``params``)."""

    code = "tsa_unavailable"


class NoTsaConfigured(BadInput):
    code = "tsa_none_configured"


class BadTrustAnchor(BadInput):
    code = "tsa_bad_trust"
