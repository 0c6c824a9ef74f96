"""Entry point: ``probant`` (GUI when no command is given, CLI otherwise)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from app.cli.context import GlobalOptions
from app.cli.parser import build_parser
from app.paths import resolve_home


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    home = resolve_home(args.home)
    lang = args.lang or _settings_language(home)
    opts = GlobalOptions(home=home, demo=args.demo, json=args.json, lang=lang)
    if args.command is None:
        from app.gui import run_gui  # Qt only when the desktop app is asked for

        return run_gui(opts)
    from app.cli.runner import run_command

    return run_command(opts, args)


def _settings_language(home: object) -> str:
    from pathlib import Path

    from app.settings import load_settings
    from evidence.errors import ProbantError

    try:
        return load_settings(Path(str(home))).language
    except ProbantError:
        return "fr"


if __name__ == "__main__":
    sys.exit(main())
