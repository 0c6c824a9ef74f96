"""FIDO2 login through python-fido2's real client against the software CTAP2 authenticator."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from fido2.client import DefaultClientDataCollector, Fido2Client, UserInteraction
from fido2.webauthn import (
    CollectedClientData,
    PublicKeyCredentialDescriptor,
    PublicKeyCredentialRequestOptions,
    PublicKeyCredentialType,
    UserVerificationRequirement,
)

from app import identity
from evidence.errors import WrongRecoveryCode
from evidence.keyslots import RecoveryCodeOpener, new_recovery_code, recovery_slot
from evidence.model import OfficerIdentity
from evidence.vault import create_vault, open_vault
from signing.fido import devices, keyslot
from signing.fido.errors import (
    FidoBadAssertion,
    FidoNotEnrolled,
    FidoPinAuthBlocked,
    FidoPinBlocked,
    FidoWrongPin,
)
from signing.fido.soft_authenticator import AAGUID as SOFT_AAGUID
from signing.handlers import FixedAnswers
from tests.fixtures.cli import Probant

PIN = "4862"


def _token(tmp_path: Path, name: str) -> str:
    return f"soft:{tmp_path / name}.json"


def _make_vault(tmp_path: Path) -> tuple[Path, str, str]:
    home, code, spec = tmp_path / "home", new_recovery_code(), _token(tmp_path, "main")
    vault = create_vault(home, OfficerIdentity("Maître Jeanne DUPONT"),
                         [identity.fido2_factor(spec, FixedAnswers(PIN), "Clé principale", "JD"),
                          lambda uid: recovery_slot(code, uid)], demo=False)
    vault.close()
    return home, code, spec


def _unlock(home: Path, spec: str, pin: str = PIN):
    return open_vault(home, [identity.Fido2Opener(spec, FixedAnswers(pin))])


def test_enroll_lock_unlock_and_a_spare_token(tmp_path: Path) -> None:
    home, _, spec = _make_vault(tmp_path)
    with _unlock(home, spec) as vault:
        assert vault.session.factor == "fido2" and vault.session.simulated
        spare = _token(tmp_path, "spare")
        vault.add_slot(identity.fido2_factor(spare, FixedAnswers("9999"), "Clé de secours",
                                             "JD")(vault.session.user.id))
        user = vault.session.user.id
    with open_vault(home, [identity.Fido2Opener(spare, FixedAnswers("9999"))]) as vault:
        assert vault.session.user.id == user
        unlocks = vault.db.query("SELECT details FROM journal WHERE action = 'unlock'")
        assert len(unlocks) == 2 and '"simulated":true' in unlocks[-1][0]
    with pytest.raises(FidoNotEnrolled) as info:
        _unlock(home, _token(tmp_path, "stranger"))
    assert info.value.exit_code == 3


def test_wrong_pin_retries_power_cycle_and_lock_out(tmp_path: Path) -> None:
    home, code, spec = _make_vault(tmp_path)
    seen = []
    for _ in range(2):
        with pytest.raises(FidoWrongPin) as info:
            _unlock(home, spec, "0000")
        seen.append(info.value.params["retries_left"])
    assert seen == [7, 6]
    # Each CLI call is a new "power cycle" of the software token; inside one session
    # three wrong PINs in a row block PIN entry until the token is replugged.
    handle = devices.open_authenticator(spec)
    with _unlock(home, spec) as vault:
        public = [keyslot.Fido2Public.from_json(s.params, int(s.state["sign_count"]))
                  for s in vault.slots.load() if s.kind == "fido2"]
    for expected in (FidoWrongPin, FidoWrongPin, FidoPinAuthBlocked):
        with pytest.raises(expected):
            keyslot.unlock_any(handle, FixedAnswers("0000"), identity.RP_ID, public)
    with pytest.raises(FidoPinAuthBlocked):
        keyslot.unlock_any(handle, FixedAnswers(PIN), identity.RP_ID, public)
    assert keyslot.unlock_any(devices.open_authenticator(spec), FixedAnswers(PIN),
                              identity.RP_ID, public).secret
    for _ in range(8):
        try:
            _unlock(home, spec, "0000")
        except (FidoWrongPin, FidoPinBlocked):
            pass
    with pytest.raises(FidoPinBlocked):
        _unlock(home, spec)  # even the right PIN: the token is blocked for good
    with open_vault(home, [RecoveryCodeOpener(code)]) as vault:  # the recovery code still works
        failures = vault.db.query("SELECT details FROM journal WHERE action = 'unlock_failed'")
        assert len(failures) >= 10
    with pytest.raises(WrongRecoveryCode):
        open_vault(home, [RecoveryCodeOpener(new_recovery_code())])


def test_secret_is_stable_per_slot_and_differs_between_slots(tmp_path: Path) -> None:
    spec = _token(tmp_path, "t")
    answers = FixedAnswers(PIN)
    first = keyslot.enroll(devices.open_authenticator(spec), answers, identity.RP_ID, b"u1",
                           "a", "a")
    second = keyslot.enroll(devices.open_authenticator(spec), answers, identity.RP_ID, b"u1",
                            "a", "a")
    again = keyslot.unlock_any(devices.open_authenticator(spec), answers, identity.RP_ID,
                               [first.public])
    assert again.secret == first.secret
    assert second.secret != first.secret
    assert again.sign_count > first.public.sign_count


def _raw_assertion(spec: str, public: keyslot.Fido2Public):
    class Pin(UserInteraction):
        def request_pin(self, permissions, rp_id):  # type: ignore[no-untyped-def]
            return PIN

    client = Fido2Client(devices.open_authenticator(spec).device,
                         DefaultClientDataCollector("https://" + identity.RP_ID), Pin())
    result = client.get_assertion(PublicKeyCredentialRequestOptions(
        challenge=os.urandom(32), rp_id=identity.RP_ID,
        allow_credentials=[PublicKeyCredentialDescriptor(
            type=PublicKeyCredentialType.PUBLIC_KEY, id=public.credential_id)],
        user_verification=UserVerificationRequirement.REQUIRED)).get_response(0)
    return (bytes(result.response.authenticator_data),
            hashlib.sha256(bytes(result.response.client_data)).digest(),
            bytes(result.response.signature))


def test_replayed_or_altered_assertions_are_refused(tmp_path: Path) -> None:
    spec = _token(tmp_path, "t")
    enrolled = keyslot.enroll(devices.open_authenticator(spec), FixedAnswers(PIN),
                              identity.RP_ID, b"u", "a", "a")
    auth_data, cdh, sig = _raw_assertion(spec, enrolled.public)
    counter = keyslot.verify_assertion(enrolled.public, identity.RP_ID, auth_data, cdh, sig)
    seen = keyslot.Fido2Public(enrolled.public.credential_id, enrolled.public.public_key,
                               enrolled.public.aaguid, enrolled.public.prf_salt, counter)
    with pytest.raises(FidoBadAssertion, match="counter"):
        keyslot.verify_assertion(seen, identity.RP_ID, auth_data, cdh, sig)  # replay
    bad_sig = bytearray(sig)
    bad_sig[-3] ^= 1
    with pytest.raises(FidoBadAssertion, match="signature"):
        keyslot.verify_assertion(enrolled.public, identity.RP_ID, auth_data, cdh, bytes(bad_sig))
    bad_data = bytearray(auth_data)
    bad_data[36] ^= 1  # counter byte
    with pytest.raises(FidoBadAssertion):
        keyslot.verify_assertion(enrolled.public, identity.RP_ID, bytes(bad_data), cdh, sig)
    with pytest.raises(FidoBadAssertion, match="relying party"):
        keyslot.verify_assertion(enrolled.public, "evil.example", auth_data, cdh, sig)


def test_cli_refuses_an_unenrolled_token_with_exit_3(probant: Probant, tmp_path: Path) -> None:
    probant.env.update({"PROBANT_AUTHENTICATOR": _token(tmp_path, "a"), "PROBANT_PIN": PIN})
    assert probant("init", "--name", "Maître A").code == 0
    other = probant("dossier", "list", env={"PROBANT_AUTHENTICATOR": _token(tmp_path, "b")})
    assert other.code == 3 and other.json["error"]["code"] == "fido_not_enrolled"
    wrong = probant("dossier", "list", env={"PROBANT_PIN": "0000"})
    assert wrong.code == 3 and "7" in wrong.json["error"]["message"]


def test_client_data_of_another_ceremony_is_refused(tmp_path: Path) -> None:
    """The token signs the hash of clientData: a clientData with another challenge (a
    replayed ceremony), type or origin is refused even though its signature verifies."""
    challenge = os.urandom(32)
    raw = CollectedClientData.create(type="webauthn.get", challenge=challenge,
                                     origin="https://" + identity.RP_ID)
    keyslot.check_client_data(bytes(raw), "webauthn.get", challenge, identity.RP_ID)
    for kind, sent, origin in (("webauthn.get", os.urandom(32), identity.RP_ID),
                               ("webauthn.create", challenge, identity.RP_ID),
                               ("webauthn.get", challenge, "evil.example")):
        other = CollectedClientData.create(type=kind, challenge=sent, origin="https://" + origin)
        with pytest.raises(FidoBadAssertion, match="clientData"):
            keyslot.check_client_data(bytes(other), "webauthn.get", challenge, identity.RP_ID)


def test_aaguid_and_attestation_recorded_and_simulated_decided_by_the_aaguid(
        tmp_path: Path) -> None:
    home, _, spec = _make_vault(tmp_path)
    with _unlock(home, spec) as vault:
        [slot] = [s for s in vault.slots.load() if s.kind == "fido2"]
        assert slot.params["aaguid"].replace("-", "") == SOFT_AAGUID.hex()
        assert slot.params["attestation"] == "none" and slot.params["simulated"] is True
        assert vault.session.simulated
        # A token that claims another AAGUID (the state file of the software one says so):
        # judged by its claim, whatever the spec string says.
        other = tmp_path / "claims-hardware.json"
        other.write_text(json.dumps({"aaguid": "ee882879721c491397753dfcce97072a",
                                     "pin_hash": None, "retries": 8, "counter": 0,
                                     "credentials": {}}))
        record = vault.add_slot(identity.fido2_factor(f"soft:{other}", FixedAnswers("9999"),
                                                      "Clé", "JD")(vault.session.user.id))
        assert record.params["simulated"] is False
    with open_vault(home, [identity.Fido2Opener(f"soft:{other}", FixedAnswers("9999"))]) as vault:
        assert not vault.session.simulated
        unlock = vault.db.query("SELECT details FROM journal WHERE action = 'unlock'"
                               " ORDER BY seq")[-1][0]
        assert '"simulated":false' in unlock and "ee882879" in unlock
