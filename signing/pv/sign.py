"""PAdES signature of the PV with pyHanko: PKCS#11 (smart card, YubiKey PIV, SoftHSM2)
or PKCS#12, PIN through the core's handler interface.

Online: B-T at signing (RFC 3161 signature timestamp), with the validation data
(certificates, OCSP/CRL) in the DSS and a document timestamp: B-LTA. Offline: B-B,
queued; :func:`upgrade_to_lta` adds the DSS and the document timestamp later.
The signer's certificate is checked before anything is signed: an expired or
revoked certificate is refused with the reason.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from asn1crypto import x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator import errors as cv_errors

from evidence.errors import AuthenticationFailed, BadInput, ProbantError
from signing.handlers import InteractionHandler, PinRequest
from signing.pv.times import legal
from signing.tsa.client import validation_context as tsa_validation_context

FIELD_NAME = "Signature_Commissaire"


class SigningError(ProbantError):
    code = "signing_error"


class SignerWrongPin(AuthenticationFailed):
    code = "signer_wrong_pin"


class SignerPinLocked(SignerWrongPin):
    """Too many wrong PINs: the card or token refuses even the right one (CKR_PIN_LOCKED)."""

    code = "signer_pin_locked"


class SigningServiceFailed(SigningError):
    """The TSA (or OCSP/CRL) did not answer: nothing was signed or stored; signing
    offline (B-B) then completing later is the way on (CLI exit 4: a remote failed)."""

    code = "signing_remote_failed"
    exit_code = 4


class SignerUnavailable(SigningError):
    code = "signer_unavailable"
    exit_code = 2


class SignerRevoked(SigningError):
    code = "signer_revoked"


class SignerExpired(SigningError):
    code = "signer_expired"


class SignerUntrusted(SigningError):
    code = "signer_untrusted"


class SignerKeyUsage(SigningError):
    """The certificate's key usage does not allow signing (no non-repudiation)."""

    code = "signer_key_usage"


@dataclass(frozen=True)
class SignerSpec:
    kind: str  # "pkcs12" | "pkcs11"
    label: str
    pkcs12: bytes | None = None  # the PKCS#12 file itself (kept encrypted in the vault)
    module: str | None = None  # PKCS#11 library
    token_label: str | None = None
    key_label: str | None = None


@dataclass(frozen=True)
class SignOptions:
    page: int
    box: tuple[int, int, int, int]
    trust_pem: bytes  # anchors for the signer's chain and the TSA's
    tsa_url: str | None  # None: offline, B-B
    timeout_s: float = 10.0


@dataclass(frozen=True)
class SignedPdf:
    data: bytes
    level: str  # "B-B" | "B-LTA"
    signer_subject: str
    signed_at: str


def _ask(handler: InteractionHandler, label: str, failed: bool = False) -> str:
    pin = handler.ask_pin(PinRequest("signer_pin", label, previous_attempt_failed=failed))
    if pin is None:
        raise SignerWrongPin("signer PIN not given (PROBANT_SIGNER_PIN or prompt)")
    return pin


@contextmanager
def open_signer(spec: SignerSpec, handler: InteractionHandler) -> Iterator[signers.Signer]:
    if spec.kind == "pkcs12":
        yield _pkcs12_signer(spec, _ask(handler, spec.label))
        return
    from pkcs11 import exceptions as p11_errors
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11 as p11

    if not spec.module or not Path(spec.module).exists():
        raise SignerUnavailable(f"PKCS#11 module not found: {spec.module}")
    pin = _ask(handler, spec.label)
    try:
        session = p11.open_pkcs11_session(spec.module, token_criteria=TokenCriteria(
            label=spec.token_label), user_pin=pin)
    except p11_errors.PinIncorrect as exc:
        raise SignerWrongPin("wrong PIN for the signing token") from exc
    except p11_errors.PinLocked as exc:
        raise SignerPinLocked(f"token {spec.token_label!r}") from exc
    except (p11_errors.PKCS11Error, RuntimeError, OSError) as exc:
        raise SignerUnavailable(f"signing token {spec.token_label!r} unavailable: "
                                f"{type(exc).__name__} {exc}") from exc
    try:
        yield p11.PKCS11Signer(session, key_label=spec.key_label, cert_label=spec.key_label)
    finally:
        session.close()


def _pkcs12_signer(spec: SignerSpec, password: str) -> signers.SimpleSigner:
    from cryptography.hazmat.primitives.serialization import pkcs12

    data = spec.pkcs12 or b""
    try:
        pkcs12.load_key_and_certificates(data, password.encode())
    except ValueError as exc:
        raise SignerWrongPin("wrong PKCS#12 password, or not a PKCS#12 file") from exc
    import tempfile

    # pyHanko reads a file; the password-protected PKCS#12 is not a plaintext secret.
    with tempfile.NamedTemporaryFile(suffix=".p12") as tmp:
        tmp.write(data)
        tmp.flush()
        signer = signers.SimpleSigner.load_pkcs12(tmp.name, passphrase=password.encode())
    if signer is None:
        raise SignerUnavailable("the PKCS#12 file holds no usable key")
    return signer


def validation_context(trust_pem: bytes, *, online: bool) -> ValidationContext:
    """The same anchors and fetchers as the TSA client (one place builds them)."""
    return tsa_validation_context(trust_pem, moment=None, allow_fetching=online)


def check_signer_certificate(cert: x509.Certificate, chain: list[x509.Certificate],
                             trust_pem: bytes, *, online: bool) -> None:
    """Refuse an expired, revoked or untrusted certificate, or one whose key usage does
    not allow signing, before anything is signed."""
    from signing.pv.claims import key_usage_allows_signing

    if not key_usage_allows_signing(cert):
        usage = sorted(cert.key_usage_value.native) if cert.key_usage_value else []
        raise SignerKeyUsage(f"{cert.subject.human_friendly}: key usage "
                             f"{', '.join(usage) or 'none'}", subject=cert.subject.human_friendly)
    now = datetime.now(UTC)
    if cert.not_valid_after < now:
        raise SignerExpired(f"the signing certificate expired on {cert.not_valid_after:%Y-%m-%d}",
                            subject=cert.subject.human_friendly)
    context = validation_context(trust_pem, online=online)
    validator = CertificateValidator(cert, intermediate_certs=chain, validation_context=context)
    try:
        asyncio.run(validator.async_validate_usage({"non_repudiation"}))
    except cv_errors.RevokedError as exc:
        raise SignerRevoked(f"the signing certificate is revoked: {exc}",
                            subject=cert.subject.human_friendly) from exc
    except cv_errors.ExpiredError as exc:
        raise SignerExpired(str(exc), subject=cert.subject.human_friendly) from exc
    except (cv_errors.PathValidationError, cv_errors.PathBuildingError,
            cv_errors.InvalidCertificateError) as exc:
        raise SignerUntrusted(f"the signing certificate is not trusted: {exc}",
                              subject=cert.subject.human_friendly) from exc


def sign_pdf(data: bytes, signer: signers.Signer, options: SignOptions) -> SignedPdf:
    cert = signer.signing_cert
    if cert is None:
        raise SignerUnavailable("no certificate found for the signing key")
    chain = list(signer.cert_registry)
    online = options.tsa_url is not None
    check_signer_certificate(cert, chain, options.trust_pem, online=online)
    context = validation_context(options.trust_pem, online=online)
    timestamper = (RequestsHTTPTimeStamper(options.tsa_url, timeout=int(options.timeout_s))
                   if options.tsa_url else None)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256", reason="Procès-verbal de constat",
        embed_validation_info=online, use_pades_lta=online, validation_context=context)
    # The visible stamp's time in French legal time and UTC (D3 point 7), not pyHanko's
    # "%(ts)s" in the workstation's zone; the signature's own time is in its CMS attributes.
    moment = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    stamp = TextStampStyle(stamp_text="Signé électroniquement par\n%(signer)s\nle "
                           + legal(moment).replace(", soit ", "\nsoit "), border_width=1)
    pdf_signer = signers.PdfSigner(
        meta, signer=signer, timestamper=timestamper, stamp_style=stamp,
        new_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=options.page, box=options.box))
    out = io.BytesIO()
    try:
        pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data)), output=out,
                            bytes_reserved=32768 if online else 16384)
    except OSError as exc:  # the network: the TSA or a revocation service
        raise SigningServiceFailed(f"signing failed: {exc}") from exc
    except ValueError as exc:
        raise SigningError(f"signing failed: {exc}") from exc
    return SignedPdf(out.getvalue(), "B-LTA" if online else "B-B",
                     cert.subject.human_friendly, datetime.now(UTC).isoformat())


def upgrade_to_lta(data: bytes, trust_pem: bytes, tsa_url: str,
                   timeout_s: float = 10.0) -> bytes:
    """A B-B PV signed offline, brought to B-LTA once the TSA and OCSP/CRL answer.

    PAdES allows a document timestamp over the signature in place of a signature
    timestamp (B-T); then the validation data go into the DSS (B-LT); then a second
    document timestamp covers them (B-LTA).
    """
    from pyhanko.sign.validation import add_validation_info

    context = validation_context(trust_pem, online=True)
    stamper = PdfTimeStamper(RequestsHTTPTimeStamper(tsa_url, timeout=int(timeout_s)))

    def stamp(pdf: bytes) -> bytes:
        out = io.BytesIO()
        stamper.timestamp_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), "sha256",
                              validation_context=context, output=out)
        return out.getvalue()

    reader = PdfFileReader(io.BytesIO(data))
    if not reader.embedded_signatures:
        raise BadInput("this PDF has no signature to upgrade")
    try:
        with_t = stamp(data)
        signature = PdfFileReader(io.BytesIO(with_t)).embedded_signatures[0]
        with_lt = io.BytesIO()
        add_validation_info(signature, context, output=with_lt)
        return stamp(with_lt.getvalue())
    except OSError as exc:  # the network: the TSA or a revocation service
        raise SigningServiceFailed(f"upgrade to B-LTA failed: {exc}") from exc
    except ValueError as exc:
        raise SigningError(f"upgrade to B-LTA failed: {exc}") from exc


def add_archival_timestamp(data: bytes, trust_pem: bytes, tsa_url: str,
                           timeout_s: float = 10.0) -> bytes:
    """Archival re-timestamping of a B-LTA PV (PAdES B-LTA renewal).

    Before the last document timestamp's TSA certificate expires, or its algorithms
    weaken, the validation data of that timestamp go into the DSS and a new document
    timestamp covers everything: the chain of proofs is carried forward.
    """
    reader = PdfFileReader(io.BytesIO(data))
    if not any(s.sig_object_type == "/DocTimeStamp" for s in reader.embedded_signatures):
        raise BadInput("this PV is not B-LTA yet: upgrade it first (`probant pv upgrade`)")
    context = validation_context(trust_pem, online=True)
    stamper = PdfTimeStamper(RequestsHTTPTimeStamper(tsa_url, timeout=int(timeout_s)))
    out = io.BytesIO()
    try:
        stamper.update_archival_timestamp_chain(reader, context, in_place=False, output=out)
    except OSError as exc:  # the network: the TSA or a revocation service
        raise SigningServiceFailed(f"archival timestamp failed: {exc}") from exc
    except ValueError as exc:
        raise SigningError(f"archival timestamp failed: {exc}") from exc
    return out.getvalue()
