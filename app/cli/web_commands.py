"""CLI: ``web capture --constat ID URL... [--full-page] [--source] [--pdf] [--wait S]``.

The browser runs in this command's own process (the DevTools port lives only
as long as it does). ``@FILE`` arguments read one address per line.
"""

from __future__ import annotations

import argparse

from app.cli.context import CliContext, CommandResult
from evidence.errors import BadInput


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    web = sub.add_parser("web", help="navigateur de constatation enregistré (WACZ signé)")
    actions = web.add_subparsers(dest="action", required=True)
    cap = actions.add_parser("capture", help="charger des adresses, tout enregistrer, capturer")
    cap.add_argument("--constat", required=True)
    cap.add_argument("urls", nargs="+", metavar="URL",
                     help="adresse http(s), ou @FICHIER (une adresse par ligne)")
    cap.add_argument("--full-page", action="store_true", help="capture de la page entière")
    cap.add_argument("--source", action="store_true", help="le HTML original reçu")
    cap.add_argument("--pdf", action="store_true", help="impression PDF de la page")
    cap.add_argument("--wait", type=float, default=10.0,
                     help="secondes au plus par adresse (chargement et réseau au repos)")


def cmd_web(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    from app.services.web import WebCaptureRequest, capture_web, parse_urls

    if args.action != "capture":
        raise BadInput(f"unknown web action {args.action!r}")
    if not 0 < args.wait <= 600:
        raise BadInput("--wait must be between 0 and 600 seconds")
    urls = parse_urls(args.urls)  # a bad address is refused before the vault is even opened
    result = capture_web(ctx.vault(), WebCaptureRequest(
        args.constat, urls, full_page=args.full_page, source=args.source, pdf=args.pdf,
        wait_s=args.wait), stamp_timeout_s=ctx.app.tsa_timeout_s)
    data = {"id": result.archive.id,
            "items": [{"id": i.id, "kind": i.kind} for i in result.items]}
    lines = [f"annexe {i.annex_label}  {i.id}  {i.kind:<13} {i.sha256}" for i in result.items]
    return CommandResult(data, "\n".join(lines))
