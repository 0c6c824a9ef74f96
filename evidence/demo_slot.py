"""Demonstration key slot: its secret lies in the home, in clear. It protects nothing.

Used only by vaults created with ``--demo``; every record made under it is
marked simulated and DEMO. It stands where the software FIDO2 authenticator of
the login issue will stand, through the same slot interface.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from evidence.atomic import write_atomic
from evidence.errors import AuthenticationFailed
from evidence.keyslots import NewSlot, SlotRecord, SlotSecret, b64d, b64e

FILE_NAME = "demo-authenticator.json"


def demo_secret_path(home: Path) -> Path:
    return home / FILE_NAME


def demo_slot(home: Path, user_id: str) -> NewSlot:
    path = demo_secret_path(home)
    secret = os.urandom(32)
    home.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps({
        "warning": "DEMONSTRATION: this file unlocks the demo vault; it protects nothing",
        "secret": b64e(secret)}).encode(), overwrite=False)
    return NewSlot("demo", "Authentificateur de démonstration", user_id,
                   {"simulated": True}, secret)


@dataclass(frozen=True)
class DemoOpener:
    home: Path

    @property
    def kind(self) -> str:
        return "demo"

    def open(self, slots: Sequence[SlotRecord]) -> SlotSecret:
        path = demo_secret_path(self.home)
        if not slots or not path.exists():
            raise AuthenticationFailed("demonstration authenticator missing", factor="demo")
        secret = b64d(json.loads(path.read_text("utf-8"))["secret"])
        return SlotSecret(slots[0].id, secret, simulated=True)
