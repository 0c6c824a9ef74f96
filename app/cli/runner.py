"""Runs one CLI command: errors become messages and the contract's exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from app.cli import vault_commands as vc
from app.cli.bundle_commands import cmd_export
from app.cli.capture_commands import cmd_capture, cmd_env_report
from app.cli.context import CliContext, CommandResult, GlobalOptions, dump_json
from app.cli.pv_commands import cmd_pv, cmd_signer, cmd_validate
from app.cli.time_commands import cmd_timestamp, cmd_tsa
from app.cli.user_commands import cmd_token, cmd_user
from app.messages import error_message
from evidence.errors import BadInput, ProbantError, StorageFull
from evidence.vault import VaultHeader, vault_exists, vault_folder

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
}


def register(name: str, handler: Handler) -> None:
    HANDLERS[name] = handler


def _check_demo_flag(opts: GlobalOptions, command: str) -> None:
    if command == "init" or not opts.demo or not vault_exists(opts.home):
        return
    if not VaultHeader.read(vault_folder(opts.home)).demo:
        raise BadInput("--demo was given but this vault is not a demonstration vault")


def run_command(opts: GlobalOptions, args: argparse.Namespace) -> int:
    ctx = CliContext(opts)
    try:
        _check_demo_flag(opts, args.command)
        result = HANDLERS[args.command](ctx, args)
    except ProbantError as exc:
        return _fail(opts, exc)
    except KeyboardInterrupt:
        return _fail(opts, ProbantError("interrupted"))
    except OSError as exc:  # anything the core did not wrap: still a clear message
        import errno

        wrapped = (StorageFull(str(exc), what=str(exc.filename or "?"))
                   if exc.errno == errno.ENOSPC else ProbantError(str(exc)))
        return _fail(opts, wrapped)
    finally:
        ctx.close()
    if opts.json:
        print(dump_json(result.data))
    elif result.human:
        print(result.human)
    return result.exit_code


def _fail(opts: GlobalOptions, exc: ProbantError) -> int:
    message = error_message(exc, opts.lang)
    if opts.json:
        print(dump_json({"error": {"code": exc.code, "message": message,
                                   "detail": exc.detail}}))
    print(f"probant: {message}", file=sys.stderr)
    return exc.exit_code
