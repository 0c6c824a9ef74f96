"""Which factors unlock or enroll, from the environment and the mode (wiring only).

- ``PROBANT_RECOVERY_CODE``: the recovery code printed at ``init``.
- demo vault: the demonstration slot kept in the home (protects nothing, marked DEMO).
- FIDO2 tokens (``PROBANT_AUTHENTICATOR=soft:PATH`` or USB): wired here once the
  login issue's ``signing.fido`` package exists; until then a non-demo vault opens
  with its recovery code only, and ``init`` says so.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from evidence.demo_slot import DemoOpener, demo_slot
from evidence.keyslots import RecoveryCodeOpener, SlotOpener
from evidence.vault import SlotFactory

RP_ID = "probant.local"
DEMO_PIN = "123456"


def fido2_available() -> bool:
    return importlib.util.find_spec("signing.fido") is not None


def first_factors(home: Path, demo: bool) -> list[SlotFactory]:
    """The officer's first factor besides the recovery code."""
    if demo:
        return [lambda uid: demo_slot(home, uid)]
    return []


def unlock_openers(home: Path, demo: bool) -> list[SlotOpener]:
    """Factors to try, most explicit first: a recovery code given by the person wins."""
    openers: list[SlotOpener] = []
    code = os.environ.get("PROBANT_RECOVERY_CODE")
    if code:
        openers.append(RecoveryCodeOpener(code))
    if demo:
        openers.append(DemoOpener(home))
    return openers
