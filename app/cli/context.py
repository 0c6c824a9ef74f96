"""What every CLI command gets: global options, the home, the vault on demand."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app import identity
from app.cli.prompts import TerminalInteraction
from evidence.vault import Vault, VaultHeader, open_vault, vault_folder
from signing.handlers import FixedAnswers, InteractionHandler


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


@dataclass
class CliContext:
    opts: GlobalOptions
    _vault: Vault | None = field(default=None, init=False)

    @property
    def lang(self) -> str:
        return self.opts.lang

    def interaction(self, demo: bool) -> InteractionHandler:
        if demo:
            return FixedAnswers(identity.DEMO_PIN)
        return TerminalInteraction(self.opts.lang)

    def vault(self) -> Vault:
        """Unlock once per command, with the factors the environment gives."""
        if self._vault is None:
            header = VaultHeader.read(vault_folder(self.opts.home))
            demo = header.demo
            self._vault = open_vault(self.opts.home, identity.unlock_openers(
                self.opts.home, demo, self.interaction(demo)))
        return self._vault

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

        return report


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
