"""Entry point: ``probant`` (GUI when no command is given, CLI otherwise)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from app.cli.context import GlobalOptions
from app.cli.parser import build_parser
from app.logs import safe_setup_logging
from app.paths import resolve_home
from app.settings import Settings
from app.version import VERSION

log = logging.getLogger("probant")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    home = resolve_home(args.home)
    settings = _settings_or_defaults(home)
    safe_setup_logging(settings, home=home)
    log.info("probant %s (home %s)", VERSION, home)
    opts = GlobalOptions(home=home, demo=args.demo, json=args.json,
                         lang=args.lang or settings.language)
    if args.command is None:
        return _desktop(opts)
    from app.cli.runner import run_command

    return run_command(opts, args)


def _desktop(opts: GlobalOptions) -> int:
    from app.gui import run_gui  # Qt only when the desktop app is asked for
    from app.messages import describe

    log.info("desktop application started")
    try:
        return run_gui(opts)
    except Exception as exc:  # the window is gone: the message is all the person gets
        print(f"probant: {describe(exc, opts.lang)}", file=sys.stderr)
        return 1


def _settings_or_defaults(home: Path) -> Settings:
    """The settings, or the defaults when the file is unreadable: the command that needs
    them reports it; the log and the language must not depend on it."""
    from app.settings import load_settings
    from evidence.errors import ProbantError

    try:
        return load_settings(home)
    except (ProbantError, OSError):
        return Settings()


if __name__ == "__main__":
    sys.exit(main())
