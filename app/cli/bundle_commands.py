"""CLI of the evidence bundle: ``export --constat ID --out FILE.zip`` and ``verify BUNDLE``."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.context import CliContext, CommandResult
from evidence.errors import FileMissing


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ex = sub.add_parser("export", help="exporte le dossier de preuve ouvert (bundle ZIP)")
    ex.add_argument("--constat", required=True)
    ex.add_argument("--out", required=True, help="FICHIER.zip")
    ex.add_argument("--without-pv", action="store_true",
                    help="exporte même sans procès-verbal signé")
    ex.add_argument("--no-timestamp", action="store_true",
                    help="ne demande pas de jeton RFC 3161 pour le sommaire")


def cmd_export(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    from app.settings import load_settings
    from evidence.bundle.export import ExportRequest, export_bundle
    from signing.tsa.stamp import digest_stamper

    vault = ctx.vault()
    timeout = float(load_settings(ctx.opts.home).tsa_timeout_s)
    stamper = None if args.no_timestamp else digest_stamper(vault, timeout)
    if stamper is not None:  # what is still pending (often the PV itself) is covered first
        from app.cli.time_commands import timestamp_after_capture

        timestamp_after_capture(ctx, vault, args.constat)
    result = export_bundle(vault, ExportRequest(args.constat, Path(args.out),
                                                require_pv=not args.without_pv),
                           stamper=stamper, progress=ctx.progress("export"))
    lines = [f"{result.path}  {result.files} fichiers, {result.bytes} octets de pièces",
             f"  sommaire bundle.json SHA-256 {result.summary_sha256}",
             f"  horodaté par {result.stamp.tsa} le {result.stamp.gen_time}" if result.timestamped
             else f"  sommaire NON horodaté : {result.stamp.error}"]
    return CommandResult(result.to_json(), "\n".join(lines))


def cmd_verify_bundle(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    """No vault, no token: works in an empty home."""
    from evidence.bundle.probant_verify import render
    from signing.bundle_check import verify_bundle

    path = Path(args.bundle)
    if not path.exists():
        raise FileMissing(f"no such file: {path}", path=str(path))
    extra = []
    for pem in args.trust or []:
        if not Path(pem).is_file():
            raise FileMissing(f"no such file: {pem}", path=pem)
        extra.append(Path(pem).read_bytes())
    report = verify_bundle(path, extra)
    return CommandResult(report.to_json(), render(report), 0 if report.ok else 1)
