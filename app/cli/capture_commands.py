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


def cmd_env_report(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    record = capture.environment_on_demand(ctx.app, ctx.vault(), args.constat, phase=args.phase,
                                           domains=tuple(args.domain),
                                           progress=ctx.progress("relevé"))
    item, report = record.item, record.report
    return CommandResult({**item.to_json(), "report": report.to_canonical()},
                         f"annexe {item.annex_label}  {item.id}\n" + "\n".join(
                             "  " + line for line in report.summary_lines_fr()))
