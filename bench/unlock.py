"""Unlock time with the software authenticator, against a bare python-fido2 getAssertion.

Usage: .venv/bin/python -m bench.unlock [--runs 50]

"vault unlock" = from the PIN being available to the vault open (assertion with
PRF, assertion checks, slot unwrap, SQLCipher open, journal entry). The bare
reference is python-fido2's Fido2Client.get_assertion with PIN and PRF on the
same authenticator, in the same run. Goal: <= 1.2x + 20 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fido2.client import DefaultClientDataCollector, Fido2Client, UserInteraction  # noqa: E402
from fido2.webauthn import (  # noqa: E402
    PublicKeyCredentialDescriptor,
    PublicKeyCredentialRequestOptions,
    PublicKeyCredentialType,
    UserVerificationRequirement,
)

from app import identity  # noqa: E402
from evidence.keyslots import new_recovery_code, recovery_slot  # noqa: E402
from evidence.model import OfficerIdentity  # noqa: E402
from evidence.vault import create_vault, open_vault  # noqa: E402
from signing.fido import devices, keyslot  # noqa: E402
from signing.handlers import FixedAnswers  # noqa: E402

PIN = "4862"


class _Pin(UserInteraction):
    def request_pin(self, permissions, rp_id):  # type: ignore[no-untyped-def]
        return PIN


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home, spec = Path(tmp) / "home", f"soft:{tmp}/token.json"
        code = new_recovery_code()
        create_vault(home, OfficerIdentity("Bench"),
                     [identity.fido2_factor(spec, FixedAnswers(PIN), "k", "b"),
                      lambda uid: recovery_slot(code, uid)], demo=False).close()
        with open_vault(home, [identity.Fido2Opener(spec, FixedAnswers(PIN))]) as vault:
            slot = next(s for s in vault.slots.load() if s.kind == "fido2")
        public = keyslot.Fido2Public.from_json(slot.params)
        vault_times, bare_times = [], []
        for _ in range(args.runs):
            t = time.perf_counter()
            open_vault(home, [identity.Fido2Opener(spec, FixedAnswers(PIN))]).close()
            vault_times.append(time.perf_counter() - t)
            client = Fido2Client(devices.open_authenticator(spec).device,
                                 DefaultClientDataCollector("https://" + identity.RP_ID), _Pin())
            t = time.perf_counter()
            client.get_assertion(PublicKeyCredentialRequestOptions(
                challenge=os.urandom(32), rp_id=identity.RP_ID,
                allow_credentials=[PublicKeyCredentialDescriptor(
                    type=PublicKeyCredentialType.PUBLIC_KEY, id=public.credential_id)],
                user_verification=UserVerificationRequirement.REQUIRED,
                extensions={"prf": {"eval": {"first": public.prf_salt}}})).get_response(0)
            bare_times.append(time.perf_counter() - t)

    def row(name: str, xs: list[float]) -> str:
        xs = sorted(xs)
        return (f"{name:<34} p50 {statistics.median(xs) * 1000:7.1f} ms   "
                f"p95 {xs[int(len(xs) * 0.95) - 1] * 1000:7.1f} ms")

    print(f"unlock benchmark, software authenticator, {args.runs} runs")
    print(row("bare python-fido2 getAssertion+PRF", bare_times))
    print(row("vault unlock (PIN -> vault open)", vault_times))
    bare, full = statistics.median(bare_times), statistics.median(vault_times)
    print(f"ratio: {full / bare:.2f}x; goal: <= 1.2x + 20 ms = {(1.2 * bare + 0.020) * 1000:.1f} ms"
          f" -> {'met' if full <= 1.2 * bare + 0.020 else 'NOT met'}")


if __name__ == "__main__":
    main()
