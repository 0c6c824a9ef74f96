"""Which factors unlock or enroll, from the environment and the mode (wiring only).

- ``PROBANT_RECOVERY_CODE``: the recovery code printed at ``init``.
- ``PROBANT_AUTHENTICATOR=soft:PATH``: a software CTAP2 authenticator (simulation).
- otherwise a USB FIDO2 token (or the Windows platform API).
- demo mode: the software authenticator kept in the home, PIN 123456.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evidence.keyslots import NewSlot, RecoveryCodeOpener, SlotOpener, SlotRecord, SlotSecret
from evidence.vault import SlotFactory
from signing.handlers import InteractionHandler

RP_ID = "probant.local"
DEMO_PIN = "123456"


def demo_authenticator_spec(home: Path) -> str:
    return "soft:" + str(home / "demo-authenticator.json")


def authenticator_spec(home: Path, demo: bool) -> str | None:
    if demo:
        return demo_authenticator_spec(home)
    return os.environ.get("PROBANT_AUTHENTICATOR") or None


@dataclass(frozen=True)
class Fido2Opener:
    """Opens a ``fido2`` slot with the connected token: PIN plus touch."""

    spec: str | None
    interaction: InteractionHandler
    kind: str = "fido2"

    def open(self, slots: Sequence[SlotRecord]) -> SlotSecret:
        from signing.fido import devices, keyslot

        handle = devices.open_authenticator(self.spec)
        publics = [(slot, _public_of(slot)) for slot in slots]
        assertion = keyslot.unlock_any(handle, self.interaction, RP_ID,
                                       [public for _, public in publics])
        slot = next(s for s, p in publics if p.credential_id == assertion.credential_id)
        return SlotSecret(
            slot.id, assertion.secret, state_update={"sign_count": assertion.sign_count},
            simulated=handle.simulated,
            details={"token": handle.label, "sign_count": assertion.sign_count,
                     "aaguid": str(slot.params.get("aaguid", ""))})


def _public_of(slot: SlotRecord) -> Any:
    from signing.fido import keyslot

    return keyslot.Fido2Public.from_json(slot.params, int(slot.state.get("sign_count", 0)))


def fido2_factor(spec: str | None, interaction: InteractionHandler, label: str,
                 user_name: str) -> SlotFactory:
    """Enroll the connected token for a user; returns the slot to seal."""

    def make(user_id: str) -> NewSlot:
        from signing.fido import devices, keyslot

        handle = devices.open_authenticator(spec)
        enrollment = keyslot.enroll(handle, interaction, RP_ID, user_id.encode(), user_name,
                                    user_name)
        params = {**enrollment.public().to_json(), "simulated": handle.simulated,
                  "token": handle.label}
        return NewSlot("fido2", label, user_id, params, enrollment.secret,
                       state={"sign_count": enrollment.sign_count})

    return make


def unlock_openers(home: Path, demo: bool, interaction: InteractionHandler) -> list[SlotOpener]:
    """Factors to try, most explicit first: a recovery code given by the person wins."""
    openers: list[SlotOpener] = []
    code = os.environ.get("PROBANT_RECOVERY_CODE")
    if code:
        openers.append(RecoveryCodeOpener(code))
    openers.append(Fido2Opener(authenticator_spec(home, demo), interaction))
    return openers
