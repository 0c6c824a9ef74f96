"""Which factors unlock or enroll, from the environment and the mode (wiring only).

- ``PROBANT_RECOVERY_CODE``: the recovery code printed at ``init``.
- ``PROBANT_AUTHENTICATOR=soft:PATH``: a software CTAP2 authenticator (simulation).
- otherwise the first USB FIDO2 token.
- demo mode: the software authenticator kept in the home, PIN 123456 given automatically.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from evidence.keyslots import NewSlot, RecoveryCodeOpener, SlotOpener, SlotRecord, SlotSecret
from evidence.vault import SlotFactory
from signing.handlers import FixedAnswers, InteractionHandler

# python-fido2 (about half the start-up's imports) is loaded when a key is used, so the
# unlock window opens before it is needed.

RP_ID = "probant.local"
DEMO_PIN = "123456"


def authenticator_spec(home: Path, demo: bool) -> str | None:
    if demo:
        return "soft:" + str(home / "demo-authenticator.json")
    return os.environ.get("PROBANT_AUTHENTICATOR") or None


def effective_interaction(demo: bool, interaction: InteractionHandler) -> InteractionHandler:
    return FixedAnswers(DEMO_PIN) if demo else interaction


@dataclass(frozen=True)
class Fido2Opener:
    """Opens a ``fido2`` slot with the connected token: PIN plus touch."""

    spec: str | None
    interaction: InteractionHandler

    @property
    def kind(self) -> str:
        return "fido2"

    def open(self, slots: Sequence[SlotRecord]) -> SlotSecret:
        from signing.fido import devices, keyslot

        handle = devices.open_authenticator(self.spec)
        publics = [(s, keyslot.Fido2Public.from_json(s.params, int(s.state.get("sign_count", 0))))
                   for s in slots]
        assertion = keyslot.unlock_any(handle, self.interaction, RP_ID, [p for _, p in publics])
        slot = next(s for s, p in publics if p.credential_id == assertion.credential_id)
        # Simulated is what the enrolled token's AAGUID says, not how it was named here.
        aaguid = str(slot.params.get("aaguid", ""))
        simulated = keyslot.is_simulated_aaguid(aaguid)
        return SlotSecret(slot.id, assertion.secret,
                          state_update={"sign_count": assertion.sign_count},
                          simulated=simulated,
                          details={"token": handle.label, "sign_count": assertion.sign_count,
                                   "aaguid": aaguid, "simulated": simulated})


def fido2_factor(spec: str | None, interaction: InteractionHandler, label: str,
                 user_name: str) -> SlotFactory:
    """Enrolls the connected token for a user when the vault seals its slot."""

    def make(user_id: str) -> NewSlot:
        from signing.fido import devices, keyslot

        handle = devices.open_authenticator(spec)
        enrollment = keyslot.enroll(handle, interaction, RP_ID, user_id.encode(), user_name,
                                    user_name)
        params = {**enrollment.public.to_json(), "simulated": enrollment.simulated,
                  "token": handle.label}
        return NewSlot("fido2", label, user_id, params, enrollment.secret,
                       state={"sign_count": enrollment.public.sign_count})

    return make


def first_factors(home: Path, demo: bool, interaction: InteractionHandler, user_name: str,
                  label: str) -> list[SlotFactory]:
    """The officer's first token (in demo mode: the software authenticator in the home)."""
    return [fido2_factor(authenticator_spec(home, demo), effective_interaction(demo, interaction),
                         label, user_name)]


def unlock_openers(home: Path, demo: bool, interaction: InteractionHandler) -> list[SlotOpener]:
    """Factors to try, most explicit first: a recovery code given by the person wins."""
    openers: list[SlotOpener] = []
    code = os.environ.get("PROBANT_RECOVERY_CODE")
    if code:
        openers.append(RecoveryCodeOpener(code))
    else:
        openers.append(Fido2Opener(authenticator_spec(home, demo),
                                   effective_interaction(demo, interaction)))
    return openers
