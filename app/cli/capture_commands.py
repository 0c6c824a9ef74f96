"""CLI: ``capture screen|monitor N|region X,Y,W,H|window ID|record|webcam --constat ID``
and ``env-report``; each calls one capture service (``app/services/capture``)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli.context import CliContext, CommandResult
from app.services import capture
from capture.commit import check_may_capture
from capture.screen import Region, ScreenshotRequest
from capture.video import RecordingRequest
from evidence.errors import BadInput


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cap = sub.add_parser("capture", help="captures d'écran (enregistrées dans le coffre)")
    targets = cap.add_subparsers(dest="target", required=True)
    rec = targets.add_parser("record", help="vidéo de l'écran, segments de 2 s enregistrés au fil de l'eau")
    rec.add_argument("--constat", required=True)
    rec.add_argument("--duration", type=float, help="secondes (défaut : jusqu'à Ctrl+C / SIGTERM)")
    rec.add_argument("--region", help="X,Y,W,H (défaut : le premier écran)")
    rec.add_argument("--fps", type=int, default=30)
    rec.add_argument("--no-cursor", action="store_true")
    cam = targets.add_parser("webcam", help="photo ou vidéo de la caméra")
    cam.add_argument("mode", choices=("photo", "video"))
    cam.add_argument("--constat", required=True)
    cam.add_argument("--device", help="numéro de caméra, ou fichier vidéo (caméra simulée)")
    cam.add_argument("--duration", type=float, help="secondes (vidéo)")
    cam.add_argument("--location", help="LAT,LON saisis par l'officier (GPS dans l'EXIF)")
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
    check_may_capture(vault, args.constat)  # refused before any argument is even parsed
    if args.target == "record":
        request = RecordingRequest(region=Region.parse(args.region) if args.region else None,
                                   fps=args.fps, duration_s=args.duration,
                                   with_cursor=not args.no_cursor)
        return _video(capture.record_screen(ctx.app, vault, args.constat, request,
                                            cancel=_stop_on_signals(), on_segment=_said))
    if args.target == "webcam":
        return _webcam(ctx, args)
    shot = capture.screenshot(ctx.app, vault, args.constat, _request(args))
    item = shot.item
    return CommandResult({**item.to_json(), "timestamp": shot.stamp.to_json()},
                         f"annexe {item.annex_label}  {item.id}  {item.sha256}"
                         f"  {shot.width}x{shot.height}")


def _said(segment: Any, item: Any) -> None:
    print(f"segment {segment.index} -> annexe {item.annex_label}", file=sys.stderr, flush=True)


def _video(recording: capture.Recording) -> CommandResult:
    import json

    summary = recording.summary
    playlist = summary.playlist()
    data = {**recording.item.to_json(), "playlist": playlist,
            "timestamp": recording.stamp.to_json()}
    return CommandResult(data, f"annexe {recording.annex_no} : {summary.segments} segments, "
                               f"{summary.frames} images, {summary.dropped} perdues\n"
                               + json.dumps(playlist["segments"][:3]))


def _webcam(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    vault = ctx.vault()
    if args.mode == "video":
        return _video(capture.record_camera(ctx.app, vault, args.constat, args.device,
                                            args.duration, cancel=_stop_on_signals(),
                                            on_segment=_said))
    photo = capture.webcam_photo(ctx.app, vault, args.constat, args.device,
                                 capture.parse_location(args.location))
    item = photo.item
    return CommandResult({**item.to_json(), "timestamp": photo.stamp.to_json()},
                         f"annexe {item.annex_label}  {item.id}  {item.sha256}")


def _stop_on_signals() -> Any:
    """Ctrl+C or SIGTERM stop a recording cleanly: the open segment is closed and kept."""
    import signal

    from evidence.progress import CancelToken

    cancel = CancelToken()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: cancel.cancel())
    return cancel


def add_env_report_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    env = sub.add_parser("env-report", help="relevé de l'environnement (NF Z67-147), signé")
    env.add_argument("--constat", required=True)
    env.add_argument("--phase", choices=("start", "end", "manual"), default="manual")
    env.add_argument("--domain", action="append", default=[],
                     help="domaine visité dont la résolution DNS est relevée (répétable)")


def cmd_env_report(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    record = capture.environment_on_demand(ctx.app, ctx.vault(), args.constat, phase=args.phase,
                                           domains=tuple(args.domain),
                                           progress=ctx.progress("relevé"))
    item, report = record.item, record.report
    return CommandResult({**item.to_json(), "report": report.to_canonical()},
                         f"annexe {item.annex_label}  {item.id}\n" + "\n".join(
                             "  " + line for line in report.summary_lines_fr()))
