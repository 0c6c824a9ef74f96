"""Entry point: ``probant`` (GUI when no command is given, CLI otherwise)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from app.cli.context import GlobalOptions
from app.logs import safe_setup_logging
from app.paths import resolve_home
from app.settings import Settings
from app.version import VERSION

log = logging.getLogger("probant")


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if len(words) == 2 and words[0] == "--child":  # a frozen build starting its own child
        from app.frozen import run_child

        return run_child(words[1])
    args = _desktop_only(argv)
    if args is None:  # a command, --help or --version: the whole command line is built
        from app.cli.parser import build_parser

        args = build_parser().parse_args(argv)
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


def _desktop_only(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """Only global options (``probant``, ``probant --demo``): the desktop starts without
    building the command line, whose commands import the PV and capture code (0.5 s)."""
    words = list(sys.argv[1:] if argv is None else argv)
    quick = argparse.ArgumentParser(add_help=False)
    quick.add_argument("--home")
    quick.add_argument("--demo", action="store_true")
    quick.add_argument("--json", action="store_true")
    quick.add_argument("--lang", choices=("fr", "en"))
    try:
        args, rest = quick.parse_known_args(words)
    except SystemExit:  # a malformed global option: the full parser says why
        return None
    if rest:
        return None
    args.command = None
    return args


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
