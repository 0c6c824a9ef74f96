"""Runs one CLI command: errors become messages and the contract's exit codes.

Nothing ends in a traceback: an exception outside the hierarchy is logged with its
traceback under a reference (``app.messages.describe``) and shown as that reference.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from app.cli.context import PROGRESS_LINE, CliContext, CommandResult, GlobalOptions, dump_json
from app.paths import check_home
from evidence.errors import BadInput

if TYPE_CHECKING:
    from evidence.errors import ProbantError

log = logging.getLogger("probant")

Handler = Callable[[CliContext, argparse.Namespace], CommandResult]

# Where each command's handler is: its module is imported when that command runs, so a
# command pays only for its own code (``dossier list`` never loads capture or sync).
COMMANDS: dict[str, str] = {
    "init": "app.cli.vault_commands:cmd_init",
    "dossier": "app.cli.vault_commands:cmd_dossier",
    "constat": "app.cli.vault_commands:cmd_constat",
    "annex": "app.cli.vault_commands:cmd_annex",
    "evidence": "app.cli.vault_commands:cmd_evidence",
    "verify": "app.cli.vault_commands:cmd_verify",
    "journal": "app.cli.vault_commands:cmd_journal",
    "capture": "app.cli.capture_commands:cmd_capture",
    "env-report": "app.cli.capture_commands:cmd_env_report",
    "user": "app.cli.user_commands:cmd_user",
    "token": "app.cli.user_commands:cmd_token",
    "tsa": "app.cli.time_commands:cmd_tsa",
    "timestamp": "app.cli.time_commands:cmd_timestamp",
    "signer": "app.cli.pv_commands:cmd_signer",
    "pv": "app.cli.pv_commands:cmd_pv",
    "validate": "app.cli.pv_commands:cmd_validate",
    "export": "app.cli.bundle_commands:cmd_export",
    "web": "app.cli.web_commands:cmd_web",
    "remote": "app.cli.sync_commands:cmd_remote",
    "sync": "app.cli.sync_commands:cmd_sync",
    "restore": "app.cli.sync_commands:cmd_restore",
}

# Handlers given directly (``register``), ahead of ``COMMANDS``.
HANDLERS: dict[str, Handler] = {}


def register(name: str, handler: Handler) -> None:
    HANDLERS[name] = handler


def handler_for(name: str) -> Handler:
    """The command's handler, its module imported now."""
    if name in HANDLERS:
        return HANDLERS[name]
    module, function = COMMANDS[name].split(":")
    return cast(Handler, getattr(importlib.import_module(module), function))


class DemoOnRealVault(BadInput):
    """``--demo`` given for a vault made with a real key: refused, never mixed."""

    code = "demo_on_real_vault"


def _check_demo_flag(opts: GlobalOptions, command: str) -> None:
    if command == "init" or not opts.demo:
        return
    from evidence.vault import VaultHeader, vault_exists, vault_folder

    if not vault_exists(opts.home):
        return
    if not VaultHeader.read(vault_folder(opts.home)).demo:
        raise DemoOnRealVault("--demo was given but this vault is not a demonstration vault")


def run_command(opts: GlobalOptions, args: argparse.Namespace) -> int:
    name = command_name(args)
    log.info("command %s started", name)
    started = time.monotonic()
    code = _run(opts, args)
    log.info("command %s ended: exit code %d in %.3f s", name, code, time.monotonic() - started)
    return code


def command_name(args: argparse.Namespace) -> str:
    """"dossier new": the command and its action, never an argument (a path, a PIN...)."""
    action = getattr(args, "action", None)
    return f"{args.command} {action}" if isinstance(action, str) else str(args.command)


def _run(opts: GlobalOptions, args: argparse.Namespace) -> int:
    try:
        result = _handle(opts, args)
    except BaseException as exc:  # every exception becomes a message
        if isinstance(exc, SystemExit):
            raise
        from app.messages import as_probant_error, report_unexpected

        return _fail(opts, as_probant_error(exc) or report_unexpected(exc))
    text = dump_json(result.data) if opts.json else result.human
    if text and not _out(text):
        return 1  # the reader left before the whole result (``probant ... | head``)
    return result.exit_code


def _handle(opts: GlobalOptions, args: argparse.Namespace) -> CommandResult:
    ctx = CliContext(opts)
    try:
        check_home(opts.home)
        _check_demo_flag(opts, args.command)
        return handler_for(args.command)(ctx, args)
    finally:
        ctx.close()


def _out(text: str) -> bool:
    """Prints to stdout; False when its reader has gone (a closed pipe is no traceback)."""
    try:
        print(text, flush=True)
        return True
    except BrokenPipeError:
        # Python flushes stdout again at exit: point it at nothing so that fails quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        log.info("stdout closed by its reader before the output was written")
        return False


def _fail(opts: GlobalOptions, exc: ProbantError) -> int:
    from app.messages import UnexpectedError, error_message  # worded only when one failed

    log.info("command failed: %s (exit code %d): %s", exc.code, exc.exit_code, exc.detail)
    message = error_message(exc, opts.lang)
    if opts.json:
        error = {"code": exc.code, "message": message, "detail": exc.detail}
        if isinstance(exc, UnexpectedError):
            error["reference"] = exc.params["reference"]
        _out(dump_json({"error": error}))
    if PROGRESS_LINE.open:
        print(file=sys.stderr)
        PROGRESS_LINE.open = False
    print(f"probant: {message}", file=sys.stderr)
    return exc.exit_code
