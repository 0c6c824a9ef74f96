"""CLI: ``web capture --constat ID URL... [--full-page] [--source] [--pdf] [--wait S]``
and ``web open --constat ID [URL]``.

``capture``: the browser runs in this command's own process, offscreen (the
DevTools port lives only as long as it does). ``@FILE`` arguments read one
address per line. ``open``: the officer's browser window, in a child process
as from the desktop; this command is the parent that stores what it sends.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

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
    cap.add_argument("--accept-proxy", action="store_true",
                     help="un proxy est configuré sur ce poste : sa présence est reconnue "
                          "(enregistré ; le navigateur ne l'utilise pas)")
    cap.add_argument("--wait", type=float, default=10.0,
                     help="secondes au plus par adresse (chargement et réseau au repos)")
    op = actions.add_parser("open", help="ouvrir la fenêtre du navigateur de constatation")
    op.add_argument("--constat", required=True)
    op.add_argument("url", nargs="?", default="", metavar="URL", help="page de départ")


def cmd_web(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    from app.services.web import WebCaptureRequest, capture_web, check_proxy, parse_urls

    if args.action == "open":
        return _open(ctx, args)
    if args.action != "capture":
        raise BadInput(f"unknown web action {args.action!r}")
    if not 0 < args.wait <= 600:
        raise BadInput("--wait must be between 0 and 600 seconds")
    urls = parse_urls(args.urls)  # a bad address is refused before the vault is even opened
    check_proxy(args.accept_proxy)  # so is an unacknowledged proxy
    result = capture_web(ctx.vault(), WebCaptureRequest(
        args.constat, urls, full_page=args.full_page, source=args.source, pdf=args.pdf,
        wait_s=args.wait, accept_proxy=args.accept_proxy), stamp_timeout_s=ctx.app.tsa_timeout_s)
    data = {"id": result.archive.id,
            "items": [{"id": i.id, "kind": i.kind} for i in result.items]}
    lines = [f"annexe {i.annex_label}  {i.id}  {i.kind:<13} {i.sha256}" for i in result.items]
    return CommandResult(data, "\n".join(lines))


def _open(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    from app.services.web import BrowserEvent, browse, parse_urls

    if args.url:
        parse_urls([args.url])

    def tell(event: BrowserEvent) -> None:
        if ctx.opts.json:
            return
        words = {"started": "navigateur ouvert", "captured": "capture enregistrée",
                 "navigation": "page", "certificate": "certificat",
                 "storing": "enregistrement de l'archive"}
        line = " ".join(str(x) for x in (words.get(event.kind, event.kind), event.url,
                                         event.status or "", event.detail) if x)
        print(line, file=sys.stderr, flush=True)

    result = browse(ctx.vault(), args.constat, args.url, on_event=tell,
                    stamp_timeout_s=ctx.app.tsa_timeout_s, lang=ctx.lang)
    items = [result.stored.archive, result.stored.log, *result.captures]
    data: dict[str, Any] = {"id": result.stored.archive.id,
                            "items": [{"id": i.id, "kind": i.kind} for i in items]}
    lines = [f"annexe {i.annex_label}  {i.id}  {i.kind:<13} {i.sha256}" for i in items]
    return CommandResult(data, "\n".join(lines))
