"""Captures turned into committed evidence: one place for the CLI and the desktop.

A screenshot or a video segment becomes an evidence item (hashed, encrypted,
journaled, manifest signed, queued for its RFC 3161 token) with exactly the
same metadata whoever took it: the command line or a desktop hotkey. Also what
the desktop asks for ("this screen", "the active window") turned into a
screenshot request at the moment of the grab. Qt-free, like the rest of capture/.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace

from capture.demo_mark import mark_png
from capture.screen import (
    NoActiveWindow,
    Region,
    ScreenCapture,
    ScreenshotRequest,
    WindowCaptureUnsupported,
    take_screenshot,
)
from capture.video import MIME as VIDEO_MIME
from capture.video import RecordingSummary, VideoSegment
from evidence.canonical import canonical_json
from evidence.dossiers import require_open
from evidence.errors import BadInput, CaptureNothing
from evidence.items import EvidenceRequest, add_evidence
from evidence.model import EvidenceItem
from evidence.vault import Vault

log = logging.getLogger(__name__)


def _committed(item: EvidenceItem) -> EvidenceItem:
    # Ids, kind and size only: never the content (nor the window title in its metadata).
    log.info("committed %s %s (annex %s, %d bytes)", item.kind, item.id, item.annex_label,
             item.size)
    return item


def check_may_capture(vault: Vault, constat_id: str) -> None:
    """Refused before anything is grabbed: only a commissaire, only into an open constat.

    (add_evidence checks both again at commit time: this earlier check is so that a
    refused capture never even reads the screen.)"""
    vault.require_role("commissaire", action="capture")
    require_open(vault, constat_id)


def screenshot_filename(shot: ScreenCapture) -> str:
    return f"capture-{shot.started.utc.replace(':', '').replace('.', '_')}.png"


def commit_screenshot(vault: Vault, constat_id: str, shot: ScreenCapture) -> EvidenceItem:
    """The next annex of the constat: the lossless image, its geometry and its times (in a
    demonstration vault the PNG itself says it has no evidential value: capture/demo_mark)."""
    data = mark_png(shot.data) if vault.demo and shot.mime == "image/png" else shot.data
    return _committed(add_evidence(vault, EvidenceRequest(
        constat_id=constat_id, kind="screenshot", origin="captured", mime=shot.mime,
        filename=screenshot_filename(shot),
        metadata={**shot.metadata, "width": shot.width, "height": shot.height,
                  "started_utc": shot.started.utc, "ended_utc": shot.ended.utc,
                  "ended_local": shot.ended.local},
        captured=shot.started), data))


@dataclass(frozen=True)
class CommittedScreenshot:
    item: EvidenceItem
    width: int
    height: int
    grab_ns: int  # the grab itself (monotonic), for the log and the bench


def capture_screenshot(vault: Vault, constat_id: str, request: ScreenshotRequest,
                       grab: Callable[[ScreenshotRequest], ScreenCapture] = take_screenshot,
                       ) -> CommittedScreenshot:
    """Checks, grabs, commits: what a desktop hotkey or button does in one call."""
    check_may_capture(vault, constat_id)
    shot = grab(request)
    item = commit_screenshot(vault, constat_id, shot)
    return CommittedScreenshot(item, shot.width, shot.height,
                               int(shot.metadata.get("grab_ns", 0)))


def commit_segment(vault: Vault, constat_id: str, segment: VideoSegment, *,
                   annex_no: int | None, simulated: bool) -> EvidenceItem:
    """One closed segment of a recording: part ``index + 1`` of the recording's annex."""
    return _committed(add_evidence(vault, EvidenceRequest(
        constat_id=constat_id, kind="video_segment", origin="captured", mime=VIDEO_MIME,
        simulated=simulated,
        filename=f"segment-{segment.index:05d}.mp4",
        annex_no=annex_no, part_no=segment.index + 1,
        metadata={"segment": segment.index, "prev_segment_sha256": segment.prev_sha256,
                  "frames": segment.frames, "dropped_frames": segment.dropped,
                  "fps": segment.fps, "width": segment.width, "height": segment.height,
                  "started_utc": segment.started.utc, "ended_utc": segment.ended.utc,
                  "codec": "h264"},
        captured=segment.started), segment.data))


def commit_playlist(vault: Vault, constat_id: str, summary: RecordingSummary, *,
                    annex_no: int, simulated: bool) -> EvidenceItem:
    """Part 0 of the recording's annex: what plays the segments as one video."""
    return _committed(add_evidence(vault, EvidenceRequest(
        constat_id=constat_id, kind="video", origin="captured", mime="application/json",
        filename="playlist.json", annex_no=annex_no, part_no=0, simulated=simulated,
        metadata={"frames": summary.frames, "dropped_frames": summary.dropped,
                  "segments": summary.segments, "fps": summary.fps,
                  "started_utc": summary.started.utc, "ended_utc": summary.ended.utc},
        captured=summary.started), canonical_json(summary.playlist())))


class VideoCommitter:
    """Commits each segment as it closes (a crash keeps all closed segments), then the
    playlist. The first segment takes the next annex number; the others join it.

    Mutable on purpose: it follows one recording (the annex number it was given)."""

    def __init__(self, vault: Vault, constat_id: str, *, simulated: bool,
                 on_segment: Callable[[VideoSegment, EvidenceItem], None] | None = None) -> None:
        self.vault, self.constat_id, self.simulated = vault, constat_id, simulated
        self.annex_no: int | None = None
        self._on_segment = on_segment

    def __call__(self, segment: VideoSegment) -> None:
        item = commit_segment(self.vault, self.constat_id, segment, annex_no=self.annex_no,
                              simulated=self.simulated)
        self.annex_no = item.annex_no
        if self._on_segment is not None:
            self._on_segment(segment, item)

    def finish(self, summary: RecordingSummary) -> EvidenceItem:
        if self.annex_no is None:
            raise CaptureNothing("the recording was stopped before its first segment")
        return commit_playlist(self.vault, self.constat_id, summary, annex_no=self.annex_no,
                               simulated=self.simulated)


@dataclass(frozen=True)
class CaptureOrder:
    """What the officer asked for; resolved into a ScreenshotRequest on the session thread."""

    constat_id: str
    target: str  # "screen" (all screens), "monitor" (the one at ``point``), "region", "window"
    region: Region | None = None
    point: tuple[int, int] | None = None  # device pixels, for "monitor"
    with_cursor: bool = True


@dataclass(frozen=True)
class CaptureRow:
    """One capture as the panel lists it."""

    item_id: str
    constat_id: str
    annex: str
    captured_local: str
    sha256: str
    width: int
    height: int
    target: str
    timestamped: bool


def capture_row(item: EvidenceItem, timestamped: bool) -> CaptureRow:
    meta = item.metadata
    return CaptureRow(item.id, item.constat_id, item.annex_label, item.captured_local,
                      item.sha256, int(meta.get("width", 0)), int(meta.get("height", 0)),
                      str(meta.get("target", "")), timestamped)


# -- what to grab: resolved when grabbing (the active window is the one at that moment) --
def resolve(order: CaptureOrder) -> ScreenshotRequest:
    base = ScreenshotRequest("screen", with_cursor=order.with_cursor)
    if order.target == "screen":
        return base
    if order.target == "monitor":
        return replace(base, target="monitor", monitor=monitor_at(order.point))
    if order.target == "region":
        if order.region is None:
            raise BadInput("a region capture needs its region")
        return replace(base, target="region", region=order.region)
    if order.target == "window":
        return replace(base, target="window", window_id=active_window_id())
    raise BadInput(f"unknown capture target {order.target}")


def monitor_at(point: tuple[int, int] | None) -> int:
    """The grabber's number of the monitor holding ``point`` (device pixels); 1 if none."""
    import mss

    if point is None:
        return 1
    x, y = point
    with mss.MSS() as grabber:
        for number, m in enumerate(grabber.monitors[1:], start=1):
            if m["left"] <= x < m["left"] + m["width"] and m["top"] <= y < m["top"] + m["height"]:
                return number
    return 1


def active_window_id() -> str:
    """The window that has the focus (X11): the window manager's _NET_ACTIVE_WINDOW, or,
    without one, the X input focus climbed up to its top-level window."""
    if not sys.platform.startswith("linux"):
        raise WindowCaptureUnsupported(
            "capturing the active window needs X11 here; capture its zone instead")
    from Xlib import X
    from Xlib.display import Display

    from capture import x11

    display = Display(os.environ.get("DISPLAY"))
    try:
        managed = x11.active_window_id(display)
        if managed:
            return hex(managed)
        focus = display.get_input_focus().focus
        root = display.screen().root
        # An int is None (0) or PointerRoot (1): the focus follows the pointer, no window.
        if isinstance(focus, int) or focus.id in (X.NONE, root.id):
            raise NoActiveWindow("no window has the focus: click in the window to capture")
        window = focus
        while True:
            parent = window.query_tree().parent
            parent_id = parent if isinstance(parent, int) else parent.id
            if parent_id in (X.NONE, root.id):
                return hex(window.id)
            window = parent
    finally:
        display.close()
