"""What every application service receives: where, with which settings, asking whom."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from app.settings import Settings
from signing.handlers import InteractionHandler

if TYPE_CHECKING:
    from signing.tsa.flush import FlushConfig


@dataclass(frozen=True)
class AppContext:
    """Built once per CLI command or per desktop session (settings read once, there).

    ``interaction`` answers for the officer's FIDO2 key (PIN, touch);
    ``signer_interaction`` for the signing certificate (PKCS#11 PIN, PKCS#12
    password): the CLI takes the latter from ``PROBANT_SIGNER_PIN``, the desktop
    asks both through the same dialogs.
    """

    home: Path
    settings: Settings
    interaction: InteractionHandler
    signer_interaction: InteractionHandler
    demo: bool = False
    lang: str = "fr"

    def with_settings(self, settings: Settings) -> AppContext:
        return replace(self, settings=settings)

    @property
    def tsa_timeout_s(self) -> float:
        return float(self.settings.tsa_timeout_s)

    def flush_config(self, *, dual: bool = False) -> FlushConfig:
        """The one place the RFC 3161 flush is configured from the settings."""
        from signing.tsa.flush import FlushConfig  # pyHanko is heavy: loaded when needed

        return FlushConfig(timeout_s=self.tsa_timeout_s,
                           skew_warning_s=self.settings.clock_skew_warning_s, dual=dual)
