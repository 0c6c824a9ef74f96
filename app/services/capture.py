"""Captures committed to the vault: screenshots, screen video, webcam, environment report.

What the command line and the desktop take is committed through ``capture/commit``
with the same metadata; each capture's RFC 3161 token is then asked for through
the one rule of ``timestamps.stamp_after_capture`` (offline, it simply waits).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.services.context import AppContext
from app.services.timestamps import StampOutcome, stamp_after_capture
from evidence.canonical import canonical_json
from evidence.dossiers import require_open
from evidence.errors import BadInput
from evidence.items import EvidenceRequest, add_evidence
from evidence.model import EvidenceItem
from evidence.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, no_progress
from evidence.vault import Vault

if TYPE_CHECKING:  # mss, PyAV and OpenCV load when a capture is taken, not at start-up
    from capture.commit import VideoCommitter
    from capture.screen import ScreenshotRequest
    from capture.video import RecordingRequest, RecordingSummary, VideoSegment

SegmentListener = Callable[["VideoSegment", EvidenceItem], None]


@dataclass(frozen=True)
class EnvironmentRecord:
    item: EvidenceItem
    report: Any  # capture.environment.report.EnvironmentReport

    @property
    def warnings(self) -> tuple[Any, ...]:
        """The checks the officer must acknowledge (proxy, clock, offline, antivirus…)."""
        return tuple(c for c in self.report.checks if c.status in ("warning", "offline"))


@dataclass(frozen=True)
class Screenshot:
    item: EvidenceItem
    width: int
    height: int
    stamp: StampOutcome


@dataclass(frozen=True)
class Recording:
    """A screen or camera recording: its playlist (part 0) and how it went."""

    item: EvidenceItem
    annex_no: int
    summary: RecordingSummary
    stamp: StampOutcome


@dataclass(frozen=True)
class Photo:
    item: EvidenceItem
    stamp: StampOutcome


def record_environment(ctx: AppContext, vault: Vault, constat_id: str, phase: str,
                       domains: tuple[str, ...] = (),
                       progress: ProgressCallback = no_progress) -> EnvironmentRecord:
    """The NF Z67-147 report, taken now and stored as signed evidence of the constat.

    After the start, the report reads back the constat's browsing from the vault: every host
    its recording browser visited is resolved (with the named ``domains``), and the browser
    point states the sessions' engine, Chromium version, user agent, window and checked
    state. The start report, taken before any browsing, says these come at each session.
    """
    from capture.environment.base import EnvironmentConfig
    from capture.environment.report import build_report

    browser = None
    if phase != "start":  # web.py brings the WACZ and CDP modules: not needed at the start
        from app.services.web import browser_facts, visited_hosts

        domains = tuple(dict.fromkeys((*domains, *visited_hosts(vault, constat_id))))
        browser = browser_facts(vault, constat_id)
    settings = ctx.settings
    config = EnvironmentConfig(ntp_servers=settings.ntp_servers,
                               public_ip_services=settings.public_ip_services,
                               proxy_check_url=settings.proxy_check_url,
                               domains_to_resolve=domains,
                               timeout_s=float(settings.network_timeout_s))
    report = build_report(phase, config, progress=progress, browser=browser)
    item = add_evidence(vault, EvidenceRequest(
        constat_id=constat_id, kind="environment", origin="generated",
        mime="application/json", filename=f"environnement-{phase}.json",
        captured=report.taken,
        metadata={"phase": phase,
                  # Worded: the PV prints each under « Attention : » (the keys are below).
                  "warnings": report.warning_lines_fr(),
                  "warning_keys": [c.key for c in report.checks if c.status == "warning"],
                  "offline": [c.key for c in report.checks if c.status == "offline"],
                  "summary_fr": report.summary_lines_fr(),
                  "summary_en": report.summary_lines_en()}),
        canonical_json(report.to_canonical()))
    return EnvironmentRecord(item, report)


def environment_on_demand(ctx: AppContext, vault: Vault, constat_id: str, *,
                          phase: str = "manual", domains: tuple[str, ...] = (),
                          progress: ProgressCallback = no_progress) -> EnvironmentRecord:
    """A report the officer asks for during the constat (« relevé intermédiaire »)."""
    vault.require_role("commissaire", action="env_report")
    require_open(vault, constat_id)
    return record_environment(ctx, vault, constat_id, phase, domains, progress)


def screenshot(ctx: AppContext, vault: Vault, constat_id: str,
               request: ScreenshotRequest) -> Screenshot:
    """Refused before anything is grabbed, then grabbed, committed and stamped."""
    from capture.commit import capture_screenshot

    done = capture_screenshot(vault, constat_id, request)
    return Screenshot(done.item, done.width, done.height,
                      stamp_after_capture(ctx, vault, (constat_id,)))


def _demo_comment(vault: Vault) -> str:
    """A demonstration vault's recordings say so in each segment (capture/demo_mark)."""
    from capture.demo_mark import DEMO_TEXT

    return DEMO_TEXT if vault.demo else ""


def record_screen(ctx: AppContext, vault: Vault, constat_id: str, request: RecordingRequest,
                  cancel: CancelToken = NEVER_CANCELLED,
                  on_segment: SegmentListener | None = None) -> Recording:
    """Each closed segment is committed at once; a stop (cancel) keeps everything."""
    from capture.commit import VideoCommitter, check_may_capture
    from capture.screen import NoDisplay
    from capture.video import record_screen as record

    check_may_capture(vault, constat_id)
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
        raise NoDisplay("no X display (DISPLAY is unset)")
    committer = VideoCommitter(vault, constat_id, simulated=False, on_segment=on_segment)
    summary = record(request, committer, cancel=cancel, comment=_demo_comment(vault))
    return _finish(ctx, vault, committer, summary)


def record_camera(ctx: AppContext, vault: Vault, constat_id: str, device: str | None,
                  duration_s: float | None, cancel: CancelToken = NEVER_CANCELLED,
                  on_segment: SegmentListener | None = None) -> Recording:
    """A camera video (a video file as device simulates a camera, and says so)."""
    from capture.commit import VideoCommitter, check_may_capture
    from capture.webcam import Camera
    from capture.webcam import record_camera as record

    check_may_capture(vault, constat_id)
    camera = Camera.parse(device)
    committer = VideoCommitter(vault, constat_id, simulated=camera.simulated,
                               on_segment=on_segment)
    summary = record(camera, committer, duration_s=duration_s, cancel=cancel,
                     comment=_demo_comment(vault))
    return _finish(ctx, vault, committer, summary)


def _finish(ctx: AppContext, vault: Vault, committer: VideoCommitter,
            summary: RecordingSummary) -> Recording:
    item = committer.finish(summary)
    return Recording(item, int(committer.annex_no or 0), summary,
                     stamp_after_capture(ctx, vault, (committer.constat_id,)))


def parse_location(text: str | None) -> tuple[float, float] | None:
    if not text:
        return None
    try:
        lat, lon = (float(v) for v in text.split(","))
    except ValueError as exc:
        raise BadInput(f"location must be LAT,LON, not {text!r}") from exc
    return lat, lon


def webcam_photo(ctx: AppContext, vault: Vault, constat_id: str, device: str | None,
                 location: tuple[float, float] | None = None) -> Photo:
    from capture.commit import check_may_capture
    from capture.webcam import Camera, take_photo

    check_may_capture(vault, constat_id)
    camera = Camera.parse(device)
    photo = take_photo(camera, location, demo=vault.demo)
    item = add_evidence(vault, EvidenceRequest(
        constat_id=constat_id, kind="photo", origin="captured", mime="image/jpeg",
        filename="photo.jpg", simulated=camera.simulated, captured=photo.taken,
        metadata={"camera": camera.name, "simulated_camera": camera.simulated,
                  "width": photo.width, "height": photo.height,
                  "pixels_sha256": photo.pixels_sha256, "exif": photo.exif}), photo.data)
    return Photo(item, stamp_after_capture(ctx, vault, (constat_id,)))
