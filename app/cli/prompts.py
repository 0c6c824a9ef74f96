"""Terminal implementation of the core's InteractionHandler (PINs, touch notices, choices)."""

from __future__ import annotations

import getpass
import os
import sys
from dataclasses import dataclass

from signing.handlers import ChoiceRequest, PinRequest

_TEXT = {
    "pin": ("PIN de {device} : ", "PIN for {device}: "),
    "retries": ("(essais restants : {n}) ", "(tries left: {n}) "),
    "new_pin": ("Nouveau PIN pour {device} : ", "New PIN for {device}: "),
    "again": ("Confirmez le PIN : ", "Confirm the PIN: "),
    "mismatch": ("Les deux PIN diffèrent.", "The two PINs differ."),
    "touch": ("Touchez votre clé ({device})…", "Touch your key ({device})…"),
}


@dataclass(frozen=True)
class TerminalInteraction:
    """PIN from an environment variable when set, else typed without echo."""

    lang: str = "fr"
    pin_env: str = "PROBANT_PIN"

    def _t(self, key: str, **params: object) -> str:
        fr, en = _TEXT[key]
        return (fr if self.lang == "fr" else en).format(**params)

    def _interactive(self) -> bool:
        return sys.stdin is not None and sys.stdin.isatty()

    def ask_pin(self, request: PinRequest) -> str | None:
        env = os.environ.get("PROBANT_SIGNER_PIN" if request.purpose == "signer_pin"
                             else self.pin_env)
        if env and not request.previous_attempt_failed:
            return env
        if not self._interactive():
            return None
        prompt = self._t("pin", device=request.device_label)
        if request.retries_left is not None:
            prompt = self._t("retries", n=request.retries_left) + prompt
        return getpass.getpass(prompt)

    def ask_new_pin(self, request: PinRequest) -> str | None:
        env = os.environ.get(self.pin_env)
        if env:
            return env
        if not self._interactive():
            return None
        for _ in range(3):
            first = getpass.getpass(self._t("new_pin", device=request.device_label))
            if first == getpass.getpass(self._t("again")):
                return first
            print(self._t("mismatch"), file=sys.stderr)
        return None

    def prompt_touch(self, device_label: str) -> None:
        print(self._t("touch", device=device_label), file=sys.stderr, flush=True)

    def choose(self, request: ChoiceRequest) -> int | None:
        if not self._interactive():
            return None
        for index, option in enumerate(request.options, 1):
            print(f"  {index}. {option}", file=sys.stderr)
        answer = input("> ").strip()
        return int(answer) - 1 if answer.isdigit() and 0 < int(answer) <= len(request.options) else None
