"""Where Probant keeps its home: ``--home``, ``PROBANT_HOME`` or the platform's data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def resolve_home(cli_home: str | None) -> Path:
    if cli_home:
        return Path(cli_home).expanduser().absolute()
    env = os.environ.get("PROBANT_HOME")
    if env:
        return Path(env).expanduser().absolute()
    return platformdirs.user_data_path("Probant", "Probant", roaming=True)
