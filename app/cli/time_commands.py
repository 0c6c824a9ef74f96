"""CLI: ``tsa add/list/remove`` and ``timestamp flush/status/export``."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.context import CliContext, CommandResult
from app.services import timestamps


def read_pem(path: str | None) -> str | None:
    return None if path is None else timestamps.read_certificates(Path(path))


def cmd_tsa(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    vault = ctx.vault()
    if args.action == "add":
        auth = timestamps.add_authority(vault, timestamps.NewAuthority(
            args.url, timestamps.read_certificates(Path(args.trust)), args.name,
            read_pem(args.tsa_cert), args.policy))
        return CommandResult(auth.to_json(), f"{auth.id}  {auth.name}  {auth.url}")
    if args.action == "remove":
        auth = timestamps.remove_authority(vault, args.id)
        return CommandResult(auth.to_json(), f"{auth.name} retirée / removed")
    rows = timestamps.list_authorities(vault)
    return CommandResult([a.to_json() for a in rows],
                         "\n".join(f"{a.position}. {a.name}  {a.url}" for a in rows))


def cmd_timestamp(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    vault = ctx.vault()
    if args.action == "flush":
        result = timestamps.flush(ctx.app, vault, constat_id=args.constat, item_id=args.item,
                                  dual=args.dual, progress=ctx.progress("horodatage"))
        lines = [f"{result.covered} élément(s) horodaté(s) / timestamped"]
        lines += [f"  {t.tsa_name}  {t.gen_time}  racine {t.root[:16]}…" for t in result.tokens]
        lines += [f"  échec / failed {f.tsa}: {f.detail}" for f in result.failures]
        return CommandResult(result.to_json(), "\n".join(lines))
    if args.action == "export":
        index = timestamps.export_tokens(vault, args.constat, Path(args.out))
        return CommandResult(index, f"{len(index['tokens'])} jeton(s) → {args.out}")
    status = timestamps.coverage(vault, args.constat)
    lines = [f"{status.covered} horodatée(s), {status.pending} en attente"]
    for i in status.items:
        state = (f"TSA {i.tsa_times[0]}  écart {i.gap_s:+.1f} s" if i.status == "covered"
                 else f"en attente : {i.pending_reason}")
        lines.append(f"  annexe {i.annex:<6} {i.captured_at}  {state}")
    return CommandResult(status.to_json(), "\n".join(lines))
