"""How the core asks the person for a PIN, a new PIN, a touch or a choice.

Defined here, Qt-free; implemented by a dialog in ``ui/`` and by a terminal
prompt or environment variables in the CLI (``app/cli/prompts.py``).
Returning ``None`` means the person cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class PinRequest:
    purpose: str  # stable code: "fido2_unlock", "fido2_enroll", "signer_pin"...
    device_label: str
    retries_left: int | None = None
    previous_attempt_failed: bool = False


@dataclass(frozen=True)
class ChoiceRequest:
    purpose: str
    options: tuple[str, ...]


class InteractionHandler(Protocol):
    def ask_pin(self, request: PinRequest) -> str | None:
        """The PIN of an existing token or certificate."""

    def ask_new_pin(self, request: PinRequest) -> str | None:
        """A PIN to set on a token that has none (asked twice by the implementation)."""

    def prompt_touch(self, device_label: str) -> None:
        """Tell the person to touch the token now (non-blocking notice)."""

    def choose(self, request: ChoiceRequest) -> int | None:
        """Index of the option picked."""


@dataclass(frozen=True)
class FixedAnswers:
    """Non-interactive handler: fixed PIN, used by tests, demo mode and env variables."""

    pin: str | None
    choice: int | None = 0

    def ask_pin(self, request: PinRequest) -> str | None:
        return self.pin

    def ask_new_pin(self, request: PinRequest) -> str | None:
        return self.pin

    def prompt_touch(self, device_label: str) -> None:
        return None

    def choose(self, request: ChoiceRequest) -> int | None:
        return self.choice


class RememberNewPin:
    """Asks a new PIN once (twice, to confirm: the wrapped handler's business), then
    answers the same operation's later PIN requests with it: enrolling a token whose
    PIN was just set needs that PIN again, and the person should not type it again."""

    def __init__(self, asker: InteractionHandler) -> None:
        self._asker = asker
        self._pin: str | None = None

    def ask_new_pin(self, request: PinRequest) -> str | None:
        self._pin = self._asker.ask_new_pin(request)
        return self._pin

    def ask_pin(self, request: PinRequest) -> str | None:
        if self._pin is not None and not request.previous_attempt_failed:
            return self._pin
        self._pin = self._asker.ask_pin(request)
        return self._pin

    def prompt_touch(self, device_label: str) -> None:
        self._asker.prompt_touch(device_label)

    def choose(self, request: ChoiceRequest) -> int | None:
        return self._asker.choose(request)
