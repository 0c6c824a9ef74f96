"""CLI: ``capture screen|monitor N|region X,Y,W,H|window ID --constat ID``."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.context import CliContext, CommandResult
from capture.commit import VideoCommitter, check_may_capture, commit_screenshot
from capture.screen import Region, ScreenshotRequest, take_screenshot
from evidence.dossiers import require_open
from evidence.items import EvidenceRequest, add_evidence


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
    from app.cli.time_commands import timestamp_after_capture

    vault = ctx.vault()
    check_may_capture(vault, args.constat)  # refuse before grabbing anything
    result = _capture(ctx, args)
    # The capture is committed; its RFC 3161 token is obtained now if a TSA answers.
    stamp = timestamp_after_capture(ctx, vault, args.constat)
    if isinstance(result.data, dict):
        return CommandResult({**result.data, "timestamp": stamp}, result.human, result.exit_code)
    return result


def _capture(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    vault = ctx.vault()
    if args.target == "record":
        return _record(ctx, args)
    if args.target == "webcam":
        return _webcam(ctx, args)
    shot = take_screenshot(_request(args))
    item = commit_screenshot(vault, args.constat, shot)
    return CommandResult(item.to_json(), f"annexe {item.annex_label}  {item.id}  {item.sha256}"
                                         f"  {shot.width}x{shot.height}")


def _record(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    """Each closed segment is committed at once; SIGINT/SIGTERM stop cleanly, keeping all."""
    import os
    import sys

    from capture.screen import NoDisplay
    from capture.video import RecordingRequest, record_screen

    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
        raise NoDisplay("no X display (DISPLAY is unset)")
    request = RecordingRequest(region=Region.parse(args.region) if args.region else None,
                               fps=args.fps, duration_s=args.duration,
                               with_cursor=not args.no_cursor)
    cancel = _stop_on_signals()
    committer = _video_committer(ctx, args.constat, simulated=False)
    summary = record_screen(request, committer, cancel=cancel)
    return _finish_video(committer, summary)


def _video_committer(ctx: CliContext, constat: str, *, simulated: bool) -> VideoCommitter:
    import sys

    def said(segment: Any, item: Any) -> None:
        print(f"segment {segment.index} -> annexe {item.annex_label}", file=sys.stderr, flush=True)

    return VideoCommitter(ctx.vault(), constat, simulated=simulated, on_segment=said)


def _finish_video(committer: VideoCommitter, summary: Any) -> CommandResult:
    import json

    item = committer.finish(summary)
    playlist = summary.playlist()
    data = {**item.to_json(), "playlist": playlist}
    return CommandResult(data, f"annexe {committer.annex_no} : {summary.segments} segments, "
                               f"{summary.frames} images, {summary.dropped} perdues\n"
                               + json.dumps(playlist["segments"][:3]))


def _webcam(ctx: CliContext, args: argparse.Namespace) -> CommandResult:

    from capture.webcam import Camera, record_camera, take_photo
    from evidence.errors import BadInput

    vault = ctx.vault()
    camera = Camera.parse(args.device)
    if args.mode == "video":
        cancel = _stop_on_signals()
        committer = _video_committer(ctx, args.constat, simulated=camera.simulated)
        summary = record_camera(camera, committer, duration_s=args.duration, cancel=cancel)
        return _finish_video(committer, summary)
    location = None
    if args.location:
        try:
            lat, lon = (float(v) for v in args.location.split(","))
        except ValueError as exc:
            raise BadInput(f"location must be LAT,LON, not {args.location!r}") from exc
        location = (lat, lon)
    photo = take_photo(camera, location)
    item = add_evidence(vault, EvidenceRequest(
        constat_id=args.constat, kind="photo", origin="captured", mime="image/jpeg",
        filename="photo.jpg", simulated=camera.simulated, captured=photo.taken,
        metadata={"camera": camera.name, "simulated_camera": camera.simulated,
                  "width": photo.width, "height": photo.height,
                  "pixels_sha256": photo.pixels_sha256, "exif": photo.exif}), photo.data)
    return CommandResult(item.to_json(), f"annexe {item.annex_label}  {item.id}  {item.sha256}")


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
    vault = ctx.vault()
    vault.require_role("commissaire", action="env_report")
    require_open(vault, args.constat)
    item, report = record_environment(ctx, args.constat, args.phase, tuple(args.domain))
    return CommandResult({**item.to_json(), "report": report.to_canonical()},
                         f"annexe {item.annex_label}  {item.id}\n" + "\n".join(
                             "  " + line for line in report.summary_lines_fr()))


def record_environment(ctx: CliContext, constat_id: str, phase: str,
                       domains: tuple[str, ...] = ()) -> tuple[Any, Any]:
    """Takes the NF Z67-147 report and stores it as signed evidence of the constat."""
    from app.settings import load_settings
    from capture.environment.base import EnvironmentConfig
    from capture.environment.report import build_report
    from evidence.canonical import canonical_json

    vault = ctx.vault()
    settings = load_settings(ctx.opts.home)
    config = EnvironmentConfig(ntp_servers=settings.ntp_servers,
                               public_ip_services=settings.public_ip_services,
                               proxy_check_url=settings.proxy_check_url,
                               domains_to_resolve=domains,
                               timeout_s=float(settings.network_timeout_s))
    report = build_report(phase, config, progress=ctx.progress("relevé"))
    item = add_evidence(vault, EvidenceRequest(
        constat_id=constat_id, kind="environment", origin="generated",
        mime="application/json", filename=f"environnement-{phase}.json",
        captured=report.taken,
        metadata={"phase": phase,
                  "warnings": [c.key for c in report.checks if c.status == "warning"],
                  "offline": [c.key for c in report.checks if c.status == "offline"],
                  "summary_fr": report.summary_lines_fr()}), canonical_json(report.to_canonical()))
    return item, report
