"""RFC 3161 client: one request, every response checked before anything is kept.

The request is SHA-256 with a random nonce and certReq (so the TSA embeds its
certificate). The answer is accepted only when the status is granted, the nonce
and imprint are ours, the policy is the configured one, the CMS signature is
intact, and the TSA certificate chains to a configured anchor with the
timeStamping extended key usage and is neither expired nor revoked (OCSP/CRL
fetched where the certificate says, soft-fail when unreachable). The ASN.1 is
asn1crypto's and the CMS/path validation is pyHanko's; this module only
decides what each outcome means.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import requests
from asn1crypto import cms, pem, tsp, x509

from evidence.clock import TimeReading
from signing.tsa import errors as e
from signing.tsa.gate import NetworkGate

if TYPE_CHECKING:
    # pyHanko is imported where a token is validated: every CLI command imports this module,
    # and pyHanko's import alone costs a third of a second.
    from pyhanko_certvalidator import ValidationContext

TSR_CONTENT_TYPE = "application/timestamp-reply"
_MAX_RESPONSE = 1 << 20  # a token is a few kB; refuse to buffer anything huge


@dataclass(frozen=True)
class TsaEndpoint:
    """A configured timestamping authority and what we trust it with."""

    id: str
    name: str
    url: str
    trust_pem: bytes  # anchors (self-signed) and intermediates, PEM
    tsa_cert_pem: bytes | None = None  # pinned TSA certificate, for TSAs that omit it
    policy: str | None = None  # required TSA policy OID, when configured
    timeout_s: float = 10.0


@dataclass(frozen=True)
class TokenInfo:
    """What a validated token says."""

    imprint: bytes
    gen_time: datetime
    serial: int
    policy: str
    tsa_subject: str
    tsa_cert_sha256: str
    revocation_checked: bool


@dataclass(frozen=True)
class ObtainedToken:
    endpoint_id: str
    endpoint_name: str
    response_der: bytes  # the TimeStampResp as received: the standard .tsr file
    info: TokenInfo
    requested: TimeReading
    received: TimeReading
    round_trip_ms: int

    @property
    def skew_ms(self) -> int:
        """TSA time minus the workstation clock at the middle of the round trip."""
        sent = _parse_utc(self.requested.utc).timestamp()
        back = _parse_utc(self.received.utc).timestamp()
        return round((self.info.gen_time.timestamp() - (sent + back) / 2) * 1000)


def _parse_utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def build_request(imprint: bytes, nonce: int) -> bytes:
    req = tsp.TimeStampReq({
        "version": 1,
        "message_imprint": tsp.MessageImprint({
            "hash_algorithm": {"algorithm": "sha256"}, "hashed_message": imprint}),
        "nonce": nonce,
        "cert_req": True,
    })
    return bytes(req.dump())


def request_token(endpoint: TsaEndpoint, imprint: bytes,
                  gate: NetworkGate | None = None) -> ObtainedToken:
    """Ask ``endpoint`` to timestamp the SHA-256 ``imprint``; raise a precise TimestampError.

    ``gate`` is told when only computation is left, so a caller may hold a lock across
    the remaining checks (see signing/tsa/gate.py)."""
    if len(imprint) != 32:
        raise ValueError("the imprint must be a SHA-256 digest")
    nonce = int.from_bytes(os.urandom(8), "big") >> 1
    requested, start = TimeReading.now(), time.monotonic()
    body = _post(endpoint, build_request(imprint, nonce))
    received, elapsed = TimeReading.now(), time.monotonic() - start
    if gate is not None and _verdict_expected(endpoint):
        gate.offline()  # early: the checks will very likely need no network
    info = check_response(body, imprint, endpoint, nonce=nonce, gate=gate)
    _last_signer[endpoint.url] = info.tsa_cert_sha256
    return ObtainedToken(endpoint.id, endpoint.name, body, info, requested, received,
                         round(elapsed * 1000))


def _post(endpoint: TsaEndpoint, request: bytes) -> bytes:
    headers = {"Content-Type": "application/timestamp-query", "Accept": TSR_CONTENT_TYPE}
    try:
        with requests.post(endpoint.url, data=request, headers=headers,
                           timeout=endpoint.timeout_s, stream=True) as answer:
            if answer.status_code != 200:
                raise e.TsaHttpError(f"{endpoint.name}: HTTP {answer.status_code}",
                                     tsa=endpoint.name, status=answer.status_code)
            body = answer.raw.read(_MAX_RESPONSE + 1, decode_content=True)
    except requests.Timeout as exc:
        raise e.TsaTimeout(f"{endpoint.name}: no answer within {endpoint.timeout_s} s",
                           tsa=endpoint.name, seconds=endpoint.timeout_s) from exc
    except (requests.ConnectionError, OSError) as exc:
        raise e.TsaUnreachable(f"{endpoint.name}: {type(exc).__name__}",
                               tsa=endpoint.name) from exc
    if len(body) > _MAX_RESPONSE:
        raise e.TsaGarbage(f"{endpoint.name}: response larger than 1 MiB", tsa=endpoint.name)
    return bytes(body)


_MALFORMED = (ValueError, TypeError, KeyError, IndexError)  # asn1crypto's parse errors


class _TimeStampResp(tsp.TimeStampResp):
    """RFC 3161 2.4.2: the token is OPTIONAL (a refusal has none); asn1crypto's class makes
    it required, so a TSA's « rejection » would read as garbage instead of its reason."""

    _fields = [("status", tsp.PKIStatusInfo),
               ("time_stamp_token", cms.ContentInfo, {"optional": True})]


def parse_response(body: bytes, tsa: str = "?") -> tsp.TimeStampResp:
    """The response parsed strictly now, not lazily later, except the inside of the
    embedded certificates: converting those was half of the checks' time on a flush's
    critical path, and the chain check reads them anyway (a malformed one is then
    reported as garbage too: ``check_token``)."""
    try:
        resp = _TimeStampResp.load(body, strict=True)
        resp["status"].native  # noqa: B018 - each .native parses its whole subtree
        if resp["status"]["status"].native not in ("granted", "granted_with_mods"):
            return resp  # a refusal carries no token (RFC 3161 2.4.2): its status says why
        token = resp["time_stamp_token"]
        if isinstance(token, cms.ContentInfo) and token["content_type"].native == "signed_data":
            signed = token["content"]
            for part in ("version", "digest_algorithms", "encap_content_info", "signer_infos",
                         "crls"):
                signed[part].native  # noqa: B018
            for choice in signed["certificates"] or []:
                choice.chosen  # noqa: B018 - the choice itself, not its fields
        else:
            token.native  # noqa: B018
    except _MALFORMED as exc:
        raise e.TsaGarbage(f"{tsa}: not an RFC 3161 response ({exc})", tsa=tsa) from exc
    return resp


def check_response(body: bytes, imprint: bytes, endpoint: TsaEndpoint, *,
                   nonce: int | None, moment: datetime | None = None,
                   allow_fetching: bool = True, gate: NetworkGate | None = None) -> TokenInfo:
    """Every check on a TimeStampResp; ``moment`` None means now (a fresh token)."""
    resp = parse_response(body, endpoint.name)
    status = resp["status"]["status"].native
    if status not in ("granted", "granted_with_mods"):
        text = "; ".join(resp["status"]["status_string"].native or [])
        failure = resp["status"]["fail_info"].native
        if failure:
            text = f"{text} ({', '.join(sorted(failure))})".strip()
        raise e.TsaRejected(f"{endpoint.name}: status {status} {text}".strip(),
                            tsa=endpoint.name, status=str(status))
    token = resp["time_stamp_token"]
    if token["content_type"].native != "signed_data":
        raise e.TsaGarbage(f"{endpoint.name}: token is not CMS SignedData", tsa=endpoint.name)
    return check_token(token, imprint, endpoint, nonce=nonce, moment=moment,
                       allow_fetching=allow_fetching, gate=gate)


def check_token(token: cms.ContentInfo, imprint: bytes, endpoint: TsaEndpoint, *,
                nonce: int | None, moment: datetime | None = None,
                allow_fetching: bool = True, gate: NetworkGate | None = None) -> TokenInfo:
    signed = token["content"]
    if len(signed["signer_infos"]) != 1:
        raise e.TsaGarbage(f"{endpoint.name}: a token has exactly one signer, not "
                           f"{len(signed['signer_infos'])}", tsa=endpoint.name)
    tst_info = signed["encap_content_info"]["content"].parsed
    if not isinstance(tst_info, tsp.TSTInfo):
        raise e.TsaGarbage(f"{endpoint.name}: token holds no TSTInfo", tsa=endpoint.name)
    name = endpoint.name
    got_imprint = tst_info["message_imprint"]
    if (got_imprint["hash_algorithm"]["algorithm"].native != "sha256"
            or got_imprint["hashed_message"].native != imprint):
        raise e.TsaWrongImprint(f"{name}: the token covers other data", tsa=name)
    if nonce is not None and tst_info["nonce"].native != nonce:
        raise e.TsaWrongNonce(f"{name}: the nonce is not ours (replayed or foreign answer)",
                              tsa=name)
    policy = tst_info["policy"].dotted
    if endpoint.policy and policy != endpoint.policy:
        raise e.TsaWrongPolicy(f"{name}: policy {policy}, expected {endpoint.policy}",
                               tsa=name, policy=policy)
    try:  # the certificates' fields are parsed from here on
        signed, tsa_cert = _with_signer_certificate(signed, endpoint)
        tsa_cert.native  # noqa: B018 - the signer's whole certificate, strictly
    except _MALFORMED as exc:
        raise e.TsaGarbage(f"{name}: malformed certificate in the token ({exc})",
                           tsa=name) from exc
    gen_time: datetime = tst_info["gen_time"].native
    if not tsa_cert.not_valid_before <= gen_time <= tsa_cert.not_valid_after:
        raise e.TsaCertExpired(
            f"{name}: TSA certificate not valid at {gen_time:%Y-%m-%d %H:%M:%S} UTC "
            f"(valid {tsa_cert.not_valid_before:%Y-%m-%d} to {tsa_cert.not_valid_after:%Y-%m-%d})",
            tsa=name)
    _refuse_weak_digest(signed["signer_infos"][0], name)
    revocation_checked = _validate_signature_and_chain(
        signed, imprint, endpoint, moment, allow_fetching, tsa_cert, gate or NetworkGate())
    return TokenInfo(imprint=imprint, gen_time=gen_time, serial=int(tst_info["serial_number"].native),
                     policy=policy, tsa_subject=tsa_cert.subject.human_friendly,
                     tsa_cert_sha256=tsa_cert.sha256.hex(), revocation_checked=revocation_checked)


def _signer_matches(cert: x509.Certificate, sid: cms.SignerIdentifier) -> bool:
    if sid.name == "issuer_and_serial_number":
        return bool(cert.issuer == sid.chosen["issuer"]
                    and cert.serial_number == sid.chosen["serial_number"].native)
    return bool(cert.key_identifier == sid.chosen.native)


def _with_signer_certificate(signed: cms.SignedData,
                             endpoint: TsaEndpoint) -> tuple[cms.SignedData, x509.Certificate]:
    """The TSA certificate from the token (certReq), or the pinned one when it is absent."""
    sid = signed["signer_infos"][0]["sid"]
    embedded = [c.chosen for c in (signed["certificates"] or []) if c.name == "certificate"]
    for cert in embedded:
        if _signer_matches(cert, sid):
            return signed, cert
    pinned = [c for c in load_certificates(endpoint.tsa_cert_pem or b"") if _signer_matches(c, sid)]
    if not pinned:
        raise e.TsaNoCertificate(
            f"{endpoint.name}: the token does not carry the TSA certificate and none is pinned",
            tsa=endpoint.name)
    # The certificates field is outside the signed attributes: completing it keeps the
    # signature intact and lets the validator find the signer.
    completed = cms.SignedData.load(signed.untag().dump())
    completed["certificates"] = cms.CertificateSet(
        [cms.CertificateChoices(name="certificate", value=c) for c in embedded + pinned])
    return completed, pinned[0]


def load_certificates(data: bytes) -> list[x509.Certificate]:
    """Certificates from PEM (one or many) or a single DER certificate."""
    if not data.strip():
        return []
    if pem.detect(data):
        return [x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True)]
    return [x509.Certificate.load(data)]


def split_anchors(certs: list[x509.Certificate]) -> tuple[list[x509.Certificate],
                                                          list[x509.Certificate]]:
    """(trust anchors, path-building helpers) of a configured bundle.

    asn1crypto's ``self_signed`` is a string ("yes", "maybe", "no"), so a truth test
    would make every intermediate an anchor, and its own revocation would never be
    checked. A bundle holding no self-signed certificate is trusted as given (an
    issuing CA the officer chose to anchor on).
    """
    roots = [c for c in certs if c.self_signed != "no"]
    if not roots:
        return list(certs), []
    return roots, [c for c in certs if c.self_signed == "no"]


_CONTEXT_TTL_S = 300.0
# Per trust bundle and per thread: a context's fetchers hold asyncio objects bound to the
# event loop that made them, and each thread validates in its own loop.
_fresh_contexts: dict[tuple[bytes, int], tuple[float, ValidationContext]] = {}


def validation_context(trust_pem: bytes, *, moment: datetime | None,
                       allow_fetching: bool) -> ValidationContext:
    """Trust roots are the self-signed certificates; the others help build paths.

    For fresh tokens (``moment`` None, fetching allowed) the context is kept a few
    minutes so the TSA chain's OCSP/CRL answers, already checked, are not fetched
    again for every flush; its clock is then at most that old.
    """
    key = (hashlib.sha256(trust_pem).digest(), threading.get_ident())
    if moment is None and allow_fetching:
        cached = _fresh_contexts.get(key)
        if cached and time.monotonic() - cached[0] < _CONTEXT_TTL_S:
            return cached[1]
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend

    certs = load_certificates(trust_pem)
    roots, others = split_anchors(certs)
    # requests-based fetchers: synchronous code, no aiohttp session left open
    context = ValidationContext(trust_roots=roots, other_certs=others, moment=moment,
                                best_signature_time=moment, allow_fetching=allow_fetching,
                                revocation_mode="soft-fail",
                                fetcher_backend=RequestsFetcherBackend())
    if moment is None and allow_fetching:
        _fresh_contexts[key] = (time.monotonic(), context)
    return context


# TSA certificates whose chain (trust anchor, timeStamping usage, revocation) was found
# good for fresh tokens, per trust bundle: (when, revocation checked). Within the same
# few minutes as the cached validation context, a new token from the same certificate
# needs only its own signature checked; the chain verdict is what the context's cached
# OCSP/CRL answers would give again.
_trusted_signers: dict[tuple[bytes, bytes], tuple[float, bool]] = {}
_last_signer: dict[str, str] = {}  # TSA URL -> SHA-256 of the certificate it signed with


def _verdict_expected(endpoint: TsaEndpoint) -> bool:
    """Whether this TSA's last certificate still has a fresh chain verdict (a guess: the
    gate is told if the answer turns out to need the network after all)."""
    last = _last_signer.get(endpoint.url)
    if last is None:
        return False
    known = _trusted_signers.get((hashlib.sha256(endpoint.trust_pem).digest(),
                                  bytes.fromhex(last)))
    return known is not None and time.monotonic() - known[0] < _CONTEXT_TTL_S
_STRONG_DIGESTS = ("sha256", "sha384", "sha512")


def forget_validation_context(trust_pem: bytes) -> None:
    """Drop what is kept for fresh tokens under this trust bundle: after a network failure
    the context also keeps the failed OCSP/CRL fetches, and a signature or upgrade made
    with it once back online would embed no revocation data."""
    digest = hashlib.sha256(trust_pem).digest()
    for key in [k for k in _fresh_contexts if k[0] == digest]:
        _fresh_contexts.pop(key, None)
    for signer in [k for k in _trusted_signers if k[0] == digest]:
        _trusted_signers.pop(signer, None)


def _validate_signature_and_chain(signed: cms.SignedData, imprint: bytes, endpoint: TsaEndpoint,
                                  moment: datetime | None, allow_fetching: bool,
                                  tsa_cert: x509.Certificate, gate: NetworkGate) -> bool:
    fresh = moment is None and allow_fetching
    key = (hashlib.sha256(endpoint.trust_pem).digest(), tsa_cert.sha256)
    known = _trusted_signers.get(key) if fresh else None
    if known is not None and time.monotonic() - known[0] < _CONTEXT_TTL_S:
        gate.offline()
        _check_signature_only(signed, tsa_cert, endpoint.name)
        return known[1]
    if allow_fetching:
        gate.need_network()  # the caller holds no lock from here until gate.offline()
    from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate
    from pyhanko.sign.validation.generic_cms import validate_tst_signed_data

    context = validation_context(endpoint.trust_pem, moment=moment,
                                 allow_fetching=allow_fetching)
    try:
        status = asyncio.run(validate_tst_signed_data(signed, context, lambda _algo: imprint))
    except Exception as exc:  # pyHanko raises its own hierarchy for malformed CMS
        raise e.TsaBadSignature(f"{endpoint.name}: {exc}", tsa=endpoint.name) from exc
    finally:
        gate.offline()
    name = endpoint.name
    if not (status["intact"] and status["valid"]):
        raise e.TsaBadSignature(f"{name}: the token's signature does not verify", tsa=name)
    problem = status["trust_problem_indic"]
    if problem in (AdESIndeterminate.REVOKED_NO_POE, AdESFailure.REVOKED,
                   AdESIndeterminate.REVOKED_CA_NO_POE):
        raise e.TsaRevoked(f"{name}: the TSA certificate is revoked", tsa=name)
    if problem is not None:
        raise e.TsaUntrusted(
            f"{name}: the TSA certificate does not chain to the configured trust anchor with "
            f"the timeStamping usage ({problem.name})", tsa=name, reason=problem.name)
    revocation_checked = _revocation_known(context, tsa_cert)
    if fresh and revocation_checked:
        _trusted_signers[key] = (time.monotonic(), revocation_checked)
    elif fresh:  # OCSP/CRL unreachable (soft-fail): ask again next time
        forget_validation_context(endpoint.trust_pem)
    return revocation_checked


def _revocation_known(context: ValidationContext, cert: x509.Certificate) -> bool:
    """Whether an OCSP answer about ``cert`` or a CRL from its issuer was at hand (fetched
    or given). pyHanko reports revocation details only for a revoked certificate, and in
    soft-fail mode a good certificate looks the same with or without them."""
    for response in context.ocsps:
        try:
            answers = response["response_bytes"]["response"].parsed["tbs_response_data"][
                "responses"]
        except (KeyError, TypeError, ValueError):
            continue
        if any(a["cert_id"]["serial_number"].native == cert.serial_number for a in answers):
            return True
    return any(c["tbs_cert_list"]["issuer"] == cert.issuer for c in context.crls)


def _refuse_weak_digest(signer_info: cms.SignerInfo, name: str) -> str:
    """The token's digest and signature hash must be strong (SHA-2): checked before the
    chain, whose validation would otherwise report a SHA-1 token as an untrusted TSA."""
    algorithm = str(signer_info["digest_algorithm"]["algorithm"].native)
    try:  # e.g. sha1_rsa
        signature_hash = signer_info["signature_algorithm"].hash_algo
    except ValueError:  # plain rsaEncryption: the hash is the digest algorithm's
        signature_hash = algorithm
    if algorithm not in _STRONG_DIGESTS or signature_hash not in _STRONG_DIGESTS:
        raise e.TsaBadSignature(f"{name}: token signed with a weak digest "
                                f"({algorithm}/{signature_hash})", tsa=name)
    return algorithm


def _check_signature_only(signed: cms.SignedData, tsa_cert: x509.Certificate, name: str) -> None:
    """The token's own CMS signature and message digest (pyHanko's integrity check)."""
    signer_info = signed["signer_infos"][0]
    algorithm = _refuse_weak_digest(signer_info, name)
    from pyhanko.sign.validation.generic_cms import validate_sig_integrity

    content = bytes(signed["encap_content_info"]["content"])
    try:
        intact, valid = validate_sig_integrity(signer_info, tsa_cert, "tst_info",
                                               hashlib.new(algorithm, content).digest())
    except Exception as exc:  # malformed signed attributes
        raise e.TsaBadSignature(f"{name}: {exc}", tsa=name) from exc
    if not (intact and valid):
        raise e.TsaBadSignature(f"{name}: the token's signature does not verify", tsa=name)


def token_of(response_der: bytes) -> cms.ContentInfo:
    return parse_response(response_der)["time_stamp_token"]


def tst_info_of(response_der: bytes) -> tsp.TSTInfo:
    info = token_of(response_der)["content"]["encap_content_info"]["content"].parsed
    assert isinstance(info, tsp.TSTInfo)
    return info
