"""Runs one CLI command: errors become messages and the contract's exit codes.

Nothing ends in a traceback: an exception outside the hierarchy is logged with its
traceback under a reference (``app.messages.describe``) and shown as that reference.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable

from app.cli import vault_commands as vc
from app.cli.bundle_commands import cmd_export
from app.cli.capture_commands import cmd_capture, cmd_env_report
from app.cli.context import CliContext, CommandResult, GlobalOptions, dump_json
from app.cli.pv_commands import cmd_pv, cmd_signer, cmd_validate
from app.cli.sync_commands import cmd_remote, cmd_restore, cmd_sync
from app.cli.time_commands import cmd_timestamp, cmd_tsa
from app.cli.user_commands import cmd_token, cmd_user
from app.cli.web_commands import cmd_web
from app.messages import UnexpectedError, as_probant_error, error_message, report_unexpected
from app.paths import check_home
from evidence.errors import BadInput, ProbantError
from evidence.vault import VaultHeader, vault_exists, vault_folder

log = logging.getLogger("probant")

Handler = Callable[[CliContext, argparse.Namespace], CommandResult]

HANDLERS: dict[str, Handler] = {
    "init": vc.cmd_init,
    "dossier": vc.cmd_dossier,
    "constat": vc.cmd_constat,
    "annex": vc.cmd_annex,
    "evidence": vc.cmd_evidence,
    "verify": vc.cmd_verify,
    "journal": vc.cmd_journal,
    "capture": cmd_capture,
    "env-report": cmd_env_report,
    "user": cmd_user,
    "token": cmd_token,
    "tsa": cmd_tsa,
    "timestamp": cmd_timestamp,
    "signer": cmd_signer,
    "pv": cmd_pv,
    "validate": cmd_validate,
    "export": cmd_export,
    "web": cmd_web,
    "remote": cmd_remote,
    "sync": cmd_sync,
    "restore": cmd_restore,
}


def register(name: str, handler: Handler) -> None:
    HANDLERS[name] = handler


class DemoOnRealVault(BadInput):
    """``--demo`` given for a vault made with a real key: refused, never mixed."""

    code = "demo_on_real_vault"


def _check_demo_flag(opts: GlobalOptions, command: str) -> None:
    if command == "init" or not opts.demo or not vault_exists(opts.home):
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
        return HANDLERS[args.command](ctx, args)
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
    log.info("command failed: %s (exit code %d): %s", exc.code, exc.exit_code, exc.detail)
    message = error_message(exc, opts.lang)
    if opts.json:
        error = {"code": exc.code, "message": message, "detail": exc.detail}
        if isinstance(exc, UnexpectedError):
            error["reference"] = exc.params["reference"]
        _out(dump_json({"error": error}))
    print(f"probant: {message}", file=sys.stderr)
    return exc.exit_code
