"""Where Probant keeps its home: ``--home``, ``PROBANT_HOME`` or the platform's data folder."""

from __future__ import annotations

import os
from pathlib import Path

from evidence.errors import BadInput


def resolve_home(cli_home: str | None) -> Path:
    if cli_home:
        return Path(cli_home).expanduser().absolute()
    env = os.environ.get("PROBANT_HOME")
    if env:
        return Path(env).expanduser().absolute()
    import platformdirs  # only without --home or PROBANT_HOME: every command starts here

    return platformdirs.user_data_path("Probant", "Probant", roaming=True)


class HomeNotFolder(BadInput):
    """``--home`` (or PROBANT_HOME) names a file, or a path through a file."""

    code = "home_not_folder"


def check_home(home: Path) -> Path:
    """``home`` when it is a folder or can become one; else a precise refusal (exit 2)
    rather than « integrity compromised » from reading a vault inside a file."""
    for place in (home, *home.parents):
        if place.exists():
            if not place.is_dir():
                raise HomeNotFolder(f"home is not a folder: {place} is a file",
                                    home=str(home), file=str(place))
            return home
    return home
