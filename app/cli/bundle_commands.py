"""CLI of the evidence bundle: ``export --constat ID --out FILE.zip`` and ``verify BUNDLE``."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.context import CliContext, CommandResult
from app.services import bundles


def cmd_export(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    result = bundles.export_bundle(ctx.app, ctx.vault(), bundles.BundleRequest(
        args.constat, Path(args.out), require_pv=not args.without_pv,
        timestamp=not args.no_timestamp), progress=ctx.progress("export"))
    lines = [f"{result.path}  {result.files} fichiers, {result.bytes} octets de pièces",
             f"  sommaire bundle.json SHA-256 {result.summary_sha256}",
             f"  horodaté par {result.stamp.tsa} le {result.stamp.gen_time}" if result.timestamped
             else f"  sommaire NON horodaté : {result.stamp.error}"]
    # Written whole, but its summary could not be stamped by a configured TSA: the
    # contract's « remote failed » (exit 4); export again once the network is back.
    failed = result.stamp.code == "tsa_failed"
    data, code = result.to_json(), 4 if failed else 0
    if args.verify:  # the bundle as a third party will check it; its verdict decides
        extra = bundles.read_trust_files(tuple(Path(p) for p in args.trust))
        report = bundles.verify_bundle(result.path, extra)
        data["verification"] = report.to_json()
        lines.append(bundles.render_bundle_report(report, ctx.lang))
        code = report.exit_code if report.exit_code != 0 else code
    return CommandResult(data, "\n".join(lines), code)


def cmd_verify_bundle(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    """No vault, no token: works in an empty home. Exit 0 intact and attached to anchors
    the person checking gave, 5 intact but not attached, 1 a problem found."""
    extra = bundles.read_trust_files(tuple(Path(p) for p in args.trust or []))
    report = bundles.verify_bundle(Path(args.bundle), extra)
    return CommandResult(report.to_json(), bundles.render_bundle_report(report, ctx.lang),
                         report.exit_code)
