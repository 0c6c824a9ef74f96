"""What every CLI command gets: global options, the home, the vault on demand.

Light to import (``app.main`` and the parser need ``GlobalOptions``): the settings, the
services' context and the vault are imported when a command first asks for them.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.services.context import AppContext
    from app.settings import Settings
    from evidence.vault import Vault
    from signing.handlers import InteractionHandler


@dataclass(frozen=True)
class GlobalOptions:
    home: Path
    demo: bool
    json: bool
    lang: str


@dataclass(frozen=True)
class CommandResult:
    """What a command returns: JSON data, a human rendering, an exit code."""

    data: Any
    human: str = ""
    exit_code: int = 0


class _ProgressLine:
    """Whether a progress line is drawn on stderr without its end of line yet: an error
    printed then starts on a line of its own, not after « export   3 % »."""

    open = False


PROGRESS_LINE = _ProgressLine()


@dataclass
class CliContext:
    """One command's context: the settings read once, the vault unlocked once."""

    opts: GlobalOptions
    _vault: Vault | None = field(default=None, init=False)
    _app: AppContext | None = field(default=None, init=False)

    @property
    def lang(self) -> str:
        return self.opts.lang

    @property
    def settings(self) -> Settings:
        return self.app.settings

    @property
    def app(self) -> AppContext:
        """What the application services receive (PINs from the environment or typed)."""
        if self._app is None:
            from app.services.context import AppContext
            from app.settings import load_settings

            self._app = AppContext(self.opts.home, load_settings(self.opts.home),
                                   _key_interaction(self.opts), _signer_interaction(self.opts),
                                   demo=self.opts.demo, lang=self.opts.lang)
        return self._app

    def vault(self) -> Vault:
        """Unlock once per command, with the factors the environment gives."""
        if self._vault is None:
            from app.services import access

            self._vault = access.unlock(self.app)
        return self._vault

    def adopt(self, vault: Vault) -> Vault:
        """A vault the command created (``init``): closed with the command."""
        self._vault = vault
        return vault

    def close(self) -> None:
        if self._vault is not None:
            self._vault.close()
            self._vault = None

    def progress(self, label: str) -> Any:
        """A progress callback that draws on stderr (never on stdout)."""
        last = [-1]

        def report(done: int, total: int) -> None:
            if self.opts.json or not sys.stderr.isatty() or not total:
                return
            pct = done * 100 // total
            if pct != last[0]:
                last[0] = pct
                print(f"\r{label} {pct:3d} %", end="" if pct < 100 else "\n",
                      file=sys.stderr, flush=True)
                PROGRESS_LINE.open = pct < 100

        return report


def _key_interaction(opts: GlobalOptions) -> InteractionHandler:
    """The FIDO2 key's PIN: ``PROBANT_PIN`` or typed; the demo key's is fixed."""
    from app import identity
    from app.cli.prompts import TerminalInteraction
    from signing.handlers import FixedAnswers

    if opts.demo:
        return FixedAnswers(identity.DEMO_PIN)
    return TerminalInteraction(opts.lang)


def _signer_interaction(opts: GlobalOptions) -> InteractionHandler:
    """The signing certificate's PIN or password: ``PROBANT_SIGNER_PIN`` or typed."""
    from app.cli.prompts import TerminalInteraction
    from signing.handlers import FixedAnswers

    pin = os.environ.get("PROBANT_SIGNER_PIN")
    if pin is not None:
        return FixedAnswers(pin)
    return TerminalInteraction(opts.lang, "PROBANT_SIGNER_PIN")


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
