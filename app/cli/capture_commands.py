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
    rec = targets.add_parser("record", help="vidéo de l'écran, segments de 2 s enregistrés au fil de l'eau")
    rec.add_argument("--constat", required=True)
    rec.add_argument("--duration", type=float, help="secondes (défaut : jusqu'à Ctrl+C / SIGTERM)")
    rec.add_argument("--region", help="X,Y,W,H (défaut : le premier écran)")
    rec.add_argument("--fps", type=int, default=30)
    rec.add_argument("--no-cursor", action="store_true")
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
    if args.target == "record":
        return _record(ctx, args)
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


def _record(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    """Each closed segment is committed at once; SIGINT/SIGTERM stop cleanly, keeping all."""
    import json
    import os
    import signal
    import sys

    from capture.screen import NoDisplay
    from capture.video import MIME, RecordingRequest, VideoSegment, record_screen
    from evidence.canonical import canonical_json
    from evidence.progress import CancelToken

    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
        raise NoDisplay("no X display (DISPLAY is unset)")
    vault = ctx.vault()
    request = RecordingRequest(region=Region.parse(args.region) if args.region else None,
                               fps=args.fps, duration_s=args.duration,
                               with_cursor=not args.no_cursor)
    cancel = CancelToken()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: cancel.cancel())
    annex: list[int] = []

    def commit(segment: VideoSegment) -> None:
        item = add_evidence(vault, EvidenceRequest(
            constat_id=args.constat, kind="video_segment", origin="captured", mime=MIME,
            filename=f"segment-{segment.index:05d}.mp4",
            annex_no=annex[0] if annex else None, part_no=segment.index + 1,
            metadata={"segment": segment.index, "prev_segment_sha256": segment.prev_sha256,
                      "frames": segment.frames, "dropped_frames": segment.dropped,
                      "fps": segment.fps, "width": segment.width, "height": segment.height,
                      "started_utc": segment.started.utc, "ended_utc": segment.ended.utc,
                      "codec": "h264"},
            captured=segment.started), segment.data)
        annex[:1] = [item.annex_no]
        print(f"segment {segment.index} -> annexe {item.annex_label}", file=sys.stderr, flush=True)

    summary = record_screen(request, commit, cancel=cancel)
    if not annex:
        from evidence.errors import CaptureNothing

        raise CaptureNothing("the recording was stopped before its first segment")
    playlist = summary.playlist()
    item = add_evidence(vault, EvidenceRequest(
        constat_id=args.constat, kind="video", origin="captured", mime="application/json",
        filename="playlist.json", annex_no=annex[0], part_no=0,
        metadata={"frames": summary.frames, "dropped_frames": summary.dropped,
                  "segments": summary.segments, "fps": summary.fps,
                  "started_utc": summary.started.utc, "ended_utc": summary.ended.utc},
        captured=summary.started), canonical_json(playlist))
    data = {**item.to_json(), "playlist": playlist}
    return CommandResult(data, f"annexe {annex[0]} : {summary.segments} segments, "
                               f"{summary.frames} images, {summary.dropped} perdues\n"
                               + json.dumps(playlist["segments"][:3]))
