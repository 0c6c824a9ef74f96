"""FIDO2 key slots: enroll a token, and unlock with PIN + touch, through python-fido2's client.

The secret is the PRF output (hmac-secret under the hood) for a per-slot salt,
always with user verification required (hmac-secret differs with and without
UV). Every assertion is checked here against the public key stored at
enrollment: signature, RP id hash, UP and UV flags, and a strictly increasing
signature counter (a replayed or cloned-token assertion is refused); the signed
clientData is checked too: its type, origin and the challenge this unlock made.

At enrolment the token's AAGUID and its attestation (format, and the SHA-256 of
the attestation certificate when it sends one) are kept in the slot's public
parameters. "Simulated" is decided by the AAGUID (Probant's software
authenticator's own), not by how the token was named on the command line. An
AAGUID is the token's claim; with attestation ``none`` nothing proves it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fido2 import cbor
from fido2.client import ClientError, DefaultClientDataCollector, Fido2Client, UserInteraction
from fido2.cose import CoseKey
from fido2.ctap import CtapError
from fido2.ctap2.pin import ClientPin
from fido2.webauthn import (
    AttestationConveyancePreference,
    AttestationObject,
    AuthenticatorAttachment,
    AuthenticatorData,
    AuthenticatorSelectionCriteria,
    CollectedClientData,
    PublicKeyCredentialCreationOptions,
    PublicKeyCredentialDescriptor,
    PublicKeyCredentialHint,
    PublicKeyCredentialParameters,
    PublicKeyCredentialRequestOptions,
    PublicKeyCredentialRpEntity,
    PublicKeyCredentialType,
    PublicKeyCredentialUserEntity,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from evidence.keyslots import b64d, b64e
from signing.fido.devices import AuthenticatorHandle
from signing.fido.errors import (
    FidoBadAssertion,
    FidoCancelled,
    FidoError,
    FidoNotEnrolled,
    FidoPinAuthBlocked,
    FidoPinBlocked,
    FidoWrongPin,
)
from signing.fido.soft_authenticator import AAGUID as SOFT_AAGUID
from signing.handlers import InteractionHandler, PinRequest


@dataclass(frozen=True)
class Fido2Public:
    """What a slot stores about its token: nothing secret."""

    credential_id: bytes
    public_key: bytes  # COSE key, CBOR
    aaguid: str
    prf_salt: bytes
    sign_count: int = 0
    attestation: str = ""  # the attestation statement's format: none, packed, fido-u2f...
    attestation_cert_sha256: str = ""  # of its first certificate, when it has one

    def to_json(self) -> dict[str, Any]:
        return {"credential_id": b64e(self.credential_id), "public_key": b64e(self.public_key),
                "aaguid": self.aaguid, "prf_salt": b64e(self.prf_salt),
                "attestation": self.attestation,
                "attestation_cert_sha256": self.attestation_cert_sha256}

    @classmethod
    def from_json(cls, data: Mapping[str, Any], sign_count: int = 0) -> Fido2Public:
        return cls(b64d(data["credential_id"]), b64d(data["public_key"]), str(data["aaguid"]),
                   b64d(data["prf_salt"]), sign_count, str(data.get("attestation", "")),
                   str(data.get("attestation_cert_sha256", "")))


def is_simulated_aaguid(aaguid: str) -> bool:
    """Probant's software authenticator, told by its AAGUID (a string in either form)."""
    return aaguid.replace("-", "").lower() == SOFT_AAGUID.hex()


def check_client_data(raw: bytes, kind: str, challenge: bytes, rp_id: str) -> None:
    """The clientData the token signed (through its hash) is the one of this ceremony."""
    try:
        data = CollectedClientData(raw)
        ok = (data.type == kind and data.challenge == challenge
              and data.origin == "https://" + rp_id)
    except (ValueError, KeyError, TypeError):
        ok = False
    if not ok:
        raise FidoBadAssertion("clientData is not the one of this ceremony (type, challenge "
                               "or origin)")


def _attestation(obj: AttestationObject) -> tuple[str, str]:
    chain = obj.att_stmt.get("x5c") or []
    first = hashlib.sha256(bytes(chain[0])).hexdigest() if chain else ""
    return str(obj.fmt), first


@dataclass(frozen=True, repr=False)
class Fido2Assertion:
    credential_id: bytes
    secret: bytes
    sign_count: int


@dataclass(frozen=True, repr=False)
class Fido2Enrollment:
    public: Fido2Public
    secret: bytes
    simulated: bool


class _Interaction(UserInteraction):
    def __init__(self, handler: InteractionHandler, label: str, purpose: str,
                 retries: int | None) -> None:
        self._handler = handler
        self._label = label
        self._purpose = purpose
        self._retries = retries
        self.pin_refused = False

    def prompt_up(self) -> None:
        self._handler.prompt_touch(self._label)

    def request_pin(self, permissions: ClientPin.PERMISSION, rp_id: str | None) -> str | None:
        pin = self._handler.ask_pin(PinRequest(self._purpose, self._label, self._retries))
        self.pin_refused = not pin
        return pin


def _client(handle: AuthenticatorHandle, rp_id: str, ui: _Interaction) -> Any:
    collector = DefaultClientDataCollector("https://" + rp_id)
    if handle.device is None:
        # Windows' WebAuthn API: it asks for the PIN and the touch in its own window (the
        # retries left cannot be counted here); PRF maps to hmac-secret as with USB HID.
        from fido2.client.windows import WindowsClient

        ui.prompt_up()
        return WindowsClient(collector)
    return Fido2Client(handle.device, collector, ui)


def _translate(exc: ClientError, device_label: str, retries: int | None,
               ui: _Interaction) -> FidoError:
    if ui.pin_refused:
        return FidoCancelled("no PIN given")
    cause = exc.cause
    code = cause.code if isinstance(cause, CtapError) else None
    if code == CtapError.ERR.PIN_INVALID:
        left = max(0, (retries or 1) - 1)
        return FidoWrongPin(f"wrong PIN for {device_label}", retries_left=left)
    if code == CtapError.ERR.PIN_BLOCKED:
        return FidoPinBlocked(f"PIN blocked on {device_label}")
    if code == CtapError.ERR.PIN_AUTH_BLOCKED:
        return FidoPinAuthBlocked(f"too many wrong PINs: unplug {device_label}")
    if (code == CtapError.ERR.NO_CREDENTIALS
            or exc.code in (ClientError.ERR.DEVICE_INELIGIBLE,
                            ClientError.ERR.CONFIGURATION_UNSUPPORTED)):
        return FidoNotEnrolled(f"{device_label} is not enrolled in this vault")
    return FidoError(f"{device_label}: {exc}")


def _pin_retries(handle: AuthenticatorHandle) -> int | None:
    from fido2.ctap2.base import Ctap2

    if handle.device is None:
        return None
    try:
        return ClientPin(Ctap2(handle.device)).get_pin_retries()[0]
    except (CtapError, ValueError):
        return None


def _ensure_pin(handle: AuthenticatorHandle, handler: InteractionHandler) -> None:
    from fido2.ctap2.base import Ctap2

    if handle.device is None:
        return  # Windows makes the officer set a PIN in its own dialog when needed
    ctap = Ctap2(handle.device)
    if ctap.info.options.get("clientPin"):
        return
    pin = handler.ask_new_pin(PinRequest("fido2_enroll", handle.label))
    if not pin:
        raise FidoCancelled("a PIN must be set on the token")
    ClientPin(ctap).set_pin(pin)


def enroll(handle: AuthenticatorHandle, handler: InteractionHandler, rp_id: str,
           user_id: bytes, user_name: str, display_name: str) -> Fido2Enrollment:
    """Make a credential on the token, then one assertion to obtain its PRF secret."""
    _ensure_pin(handle, handler)
    retries = _pin_retries(handle)
    ui = _Interaction(handler, handle.label, "fido2_enroll", retries)
    client = _client(handle, rp_id, ui)
    options = PublicKeyCredentialCreationOptions(
        rp=PublicKeyCredentialRpEntity(name="Probant", id=rp_id),
        user=PublicKeyCredentialUserEntity(name=user_name, id=user_id, display_name=display_name),
        challenge=os.urandom(32),
        pub_key_cred_params=[PublicKeyCredentialParameters(
            type=PublicKeyCredentialType.PUBLIC_KEY, alg=-7)],
        # The officer's hardware key, not Windows Hello or a phone (Windows' API offers
        # all three when the choice is left open).
        authenticator_selection=AuthenticatorSelectionCriteria(
            authenticator_attachment=AuthenticatorAttachment.CROSS_PLATFORM,
            resident_key=ResidentKeyRequirement.DISCOURAGED,
            user_verification=UserVerificationRequirement.REQUIRED),
        hints=[PublicKeyCredentialHint.SECURITY_KEY],
        attestation=AttestationConveyancePreference.DIRECT,  # kept: what the token says it is
        extensions={"prf": {}},
    )
    try:
        created = client.make_credential(options)
    except ClientError as exc:
        raise _translate(exc, handle.label, retries, ui) from exc
    check_client_data(bytes(created.response.client_data), "webauthn.create",
                      options.challenge, rp_id)
    attested = created.response.attestation_object
    cred_data = attested.auth_data.credential_data
    assert cred_data is not None
    fmt, cert_sha = _attestation(attested)
    public = Fido2Public(bytes(cred_data.credential_id), cbor.encode(dict(cred_data.public_key)),
                         str(cred_data.aaguid), os.urandom(32), attested.auth_data.counter,
                         fmt, cert_sha)
    first = unlock_any(handle, handler, rp_id, [public])
    return Fido2Enrollment(Fido2Public(public.credential_id, public.public_key, public.aaguid,
                                       public.prf_salt, first.sign_count, fmt, cert_sha),
                           first.secret, is_simulated_aaguid(public.aaguid))


def unlock_any(handle: AuthenticatorHandle, handler: InteractionHandler, rp_id: str,
               publics: Sequence[Fido2Public]) -> Fido2Assertion:
    """One getAssertion (PIN + touch) over every enrolled credential of the vault."""
    if not publics:
        raise FidoNotEnrolled("no FIDO2 key is enrolled in this vault")
    retries = _pin_retries(handle)
    ui = _Interaction(handler, handle.label, "fido2_unlock", retries)
    client = _client(handle, rp_id, ui)
    options = PublicKeyCredentialRequestOptions(
        challenge=os.urandom(32), rp_id=rp_id,
        allow_credentials=[PublicKeyCredentialDescriptor(
            type=PublicKeyCredentialType.PUBLIC_KEY, id=p.credential_id) for p in publics],
        user_verification=UserVerificationRequirement.REQUIRED,
        extensions={"prf": {"evalByCredential": {
            _b64url(p.credential_id): {"first": _b64url(p.prf_salt)} for p in publics}}},
    )
    try:
        result = client.get_assertion(options).get_response(0)
    except ClientError as exc:
        raise _translate(exc, handle.label, retries, ui) from exc
    cred_id = bytes(result.raw_id)
    public = next((p for p in publics if p.credential_id == cred_id), None)
    if public is None:
        raise FidoNotEnrolled("the token answered with an unknown credential")
    auth_data = result.response.authenticator_data
    check_client_data(bytes(result.response.client_data), "webauthn.get", options.challenge,
                      rp_id)
    client_data_hash = hashlib.sha256(bytes(result.response.client_data)).digest()
    verify_assertion(public, rp_id, bytes(auth_data), client_data_hash,
                     bytes(result.response.signature))
    prf = result.client_extension_results.prf
    secret = prf.results.first if prf and prf.results else None
    if not isinstance(secret, bytes | bytearray) or len(secret) != 32:
        raise FidoBadAssertion("the token returned no hmac-secret/PRF output")
    return Fido2Assertion(cred_id, bytes(secret), auth_data.counter)


def verify_assertion(public: Fido2Public, rp_id: str, auth_data: bytes,
                     client_data_hash: bytes, signature: bytes) -> int:
    """Check an assertion against the enrolled key; returns the new signature counter."""
    parsed = AuthenticatorData(auth_data)
    if parsed.rp_id_hash != hashlib.sha256(rp_id.encode()).digest():
        raise FidoBadAssertion("assertion for another relying party")
    if not (parsed.is_user_present() and parsed.is_user_verified()):
        raise FidoBadAssertion("assertion without user presence and verification")
    try:
        cose: Any = cbor.decode(public.public_key)
        CoseKey.parse(cose).verify(auth_data + client_data_hash,
                                                             signature)
    except Exception as exc:  # cryptography's InvalidSignature or a malformed key
        raise FidoBadAssertion("assertion signature does not verify") from exc
    if parsed.counter <= public.sign_count and not (parsed.counter == public.sign_count == 0):
        raise FidoBadAssertion(f"signature counter did not increase ({parsed.counter} <= "
                               f"{public.sign_count}): replay or cloned token")
    return int(parsed.counter)


def _b64url(data: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
