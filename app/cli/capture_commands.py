"""CLI: ``capture screen|monitor N|region X,Y,W,H|window ID --constat ID``."""

from __future__ import annotations

import argparse

from app.cli.context import CliContext, CommandResult
from capture.screen import Region, ScreenshotRequest, take_screenshot
from evidence.dossiers import require_open
from evidence.items import EvidenceRequest, add_evidence


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cap = sub.add_parser("capture", help="captures d'écran (enregistrées dans le coffre)")
    targets = cap.add_subparsers(dest="target", required=True)
    for name, text in (("screen", "tout le bureau"), ("monitor", "un écran"),
                       ("region", "une zone X,Y,W,H"), ("window", "une fenêtre par identifiant")):
        p = targets.add_parser(name, help=text)
        if name != "screen":
            p.add_argument("value", help={"monitor": "numéro d'écran (1, 2…)",
                                          "region": "X,Y,W,H en pixels",
                                          "window": "identifiant de fenêtre (X11 : 0x…)"}[name])
        p.add_argument("--constat", required=True)
        p.add_argument("--no-cursor", action="store_true", help="sans le pointeur de souris")


def _request(args: argparse.Namespace) -> ScreenshotRequest:
    cursor = not args.no_cursor
    if args.target == "monitor":
        from evidence.errors import BadInput

        if not str(args.value).isdigit():
            raise BadInput(f"monitor must be a number, not {args.value!r}")
        return ScreenshotRequest("monitor", monitor=int(args.value), with_cursor=cursor)
    if args.target == "region":
        return ScreenshotRequest("region", region=Region.parse(args.value), with_cursor=cursor)
    if args.target == "window":
        return ScreenshotRequest("window", window_id=args.value, with_cursor=cursor)
    return ScreenshotRequest("screen", with_cursor=cursor)


def cmd_capture(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    vault = ctx.vault()
    vault.require_role("commissaire", action="capture")
    require_open(vault, args.constat)  # refuse before grabbing anything
    shot = take_screenshot(_request(args))
    item = add_evidence(vault, EvidenceRequest(
        constat_id=args.constat, kind="screenshot", origin="captured", mime=shot.mime,
        filename=f"capture-{shot.started.utc.replace(':', '').replace('.', '_')}.webp",
        metadata={**shot.metadata, "width": shot.width, "height": shot.height,
                  "started_utc": shot.started.utc, "ended_utc": shot.ended.utc,
                  "ended_local": shot.ended.local},
        captured=shot.started), shot.data)
    return CommandResult(item.to_json(), f"annexe {item.annex_label}  {item.id}  {item.sha256}"
                                         f"  {shot.width}x{shot.height}")
