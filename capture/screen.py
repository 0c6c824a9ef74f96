"""Screenshots with mss: desktop, one monitor, a region, a window; lossless, in memory only.

The raw BGRA buffer goes straight to numpy and OpenCV (mss's ``.rgb`` conversion
costs ten times the grab), and each thread keeps its mss instance (see ``_grab``).
Encoding is PNG (zlib level 1) through OpenCV: on the page-like 1080p screen of
bench/capture_screenshot.py it is faster than WebP lossless (which wins only on
flat screens), and it decodes to the exact same pixels. The encoded bytes are
handed to the vault, which hashes and encrypts them in memory: no clear image
ever touches the disk.
"""

from __future__ import annotations

import os
import platform
import re
import sys
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from evidence.clock import TimeReading
from evidence.errors import BadInput, ProbantError

MIME = "image/png"


class CaptureError(ProbantError):
    code = "capture_failed"


class NoDisplay(CaptureError):
    code = "capture_no_display"
    exit_code = 2


class NoSuchMonitor(BadInput):
    code = "capture_no_monitor"


class NoSuchWindow(BadInput):
    code = "capture_no_such_window"


class WindowCaptureUnsupported(BadInput):
    code = "capture_window_unsupported"


class NoActiveWindow(BadInput):
    code = "capture_no_active_window"


class RegionOffScreen(BadInput):
    """A region not wholly on the screens: its hidden part would be black or the grab
    would fail, and the picture would not show what the officer saw."""

    code = "capture_region_off_screen"


@dataclass(frozen=True)
class Region:
    left: int
    top: int
    width: int
    height: int

    @classmethod
    def parse(cls, text: str) -> Region:
        parts = text.replace(" ", "").split(",")
        if len(parts) != 4 or not all(re.fullmatch(r"-?\d+", p) for p in parts):
            raise BadInput(f"region must be X,Y,W,H in pixels, not {text!r}", value=text)
        x, y, w, h = (int(p) for p in parts)
        if w <= 0 or h <= 0:
            raise BadInput("region width and height must be positive", value=text)
        return cls(x, y, w, h)

    def as_mss(self) -> dict[str, int]:
        return {"left": self.left, "top": self.top, "width": self.width, "height": self.height}


@dataclass(frozen=True)
class ScreenshotRequest:
    target: str  # "screen" (all monitors), "monitor", "region", "window"
    monitor: int = 1
    region: Region | None = None
    window_id: str = ""
    with_cursor: bool = True


@dataclass(frozen=True)
class ScreenCapture:
    data: bytes
    mime: str
    width: int
    height: int
    started: TimeReading
    ended: TimeReading
    metadata: Mapping[str, Any] = field(default_factory=dict)


def _window_region(window_id: str) -> tuple[Region, str, str]:
    """Where the window is on the screen, its title and how both were read, asked of the
    system by its id (X11 window id, Windows HWND, macOS window number)."""
    from capture.window_geometry import WindowNotFound, find_window

    try:
        number = int(window_id, 0)
    except ValueError as exc:
        raise BadInput(f"window id must be a number such as 0x3a00007, not {window_id!r}"
                       ) from exc
    try:
        place = find_window(number)
    except WindowNotFound as exc:
        raise NoSuchWindow(f"no such window: {window_id}", window=window_id) from exc
    except NotImplementedError as exc:
        raise WindowCaptureUnsupported(
            f"window capture by id is not available on {platform.system()}; "
            "capture its region instead") from exc
    if place.width <= 0 or place.height <= 0:
        raise NoSuchWindow(f"window {window_id} has no visible area", window=window_id)
    return Region(place.left, place.top, place.width, place.height), place.title, place.method


def active_window_title() -> tuple[str, str]:
    """(title, how it was read). "unknown" when the platform does not tell."""
    if sys.platform.startswith("linux"):
        from capture import x11

        try:
            return x11.active_window_title()
        except Exception as exc:  # a title we cannot read never stops a capture: say why
            return "unknown", f"X11: not read ({type(exc).__name__})"
    return "unknown", f"not read on {platform.system()}"


def take_screenshot(request: ScreenshotRequest) -> ScreenCapture:
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
        raise NoDisplay("no X display (DISPLAY is unset)")
    shot, area, monitors, (window_title, window_method), started, ended = _grab_now(request)
    # The title and the scale are asked of the X server while the image is encoded (the
    # encoder leaves the GIL for its whole run), so nothing competes with the grab itself.
    with ThreadPoolExecutor(max_workers=2) as pool:
        title_job, scale_job = pool.submit(active_window_title), pool.submit(_scale_factor)
        data = _encode(shot)
        (title, title_method), scale = title_job.result(), scale_job.result()
    width, height = shot.width, shot.height
    metadata = {
        "target": request.target, "geometry": dict(area), "monitors": monitors,
        "monitor": request.monitor if request.target == "monitor" else None,
        "window_id": request.window_id or None, "window_title": window_title or None,
        "window_geometry_method": window_method or None,
        "active_window_title": title, "active_window_title_method": title_method,
        "cursor_drawn": request.with_cursor, "encoding": "png-1",
        "grab_ns": ended.monotonic_ns - started.monotonic_ns,
        "scale": scale, "platform": platform.platform(),
    }
    return ScreenCapture(data, MIME, width, height, started, ended, metadata)


def _grab_now(request: ScreenshotRequest) -> tuple[Any, ...]:
    """The screen as it is now: (mss shot, area, monitors, window title, start, end)."""
    window: tuple[str, str] = ("", "")  # a window's title, how its place was read
    try:
        monitors = _current_layout(request.with_cursor)
        area, window = _area(request, monitors)
        started = TimeReading.now()
        shot = _grab(area, request.with_cursor)
        ended = TimeReading.now()
    except ProbantError:
        raise
    except Exception as exc:  # mss raises its own error types per platform
        raise CaptureError(f"screen grab failed: {exc}") from exc
    return shot, area, monitors, window, started, ended


def _encode(shot: Any) -> bytes:
    import cv2
    import numpy as np

    # The grab's own buffer, viewed, not copied (mss's ``.bgra`` would copy 8 MB at 1080p).
    pixels = np.frombuffer(shot.raw, dtype=np.uint8).reshape(shot.height, shot.width, 4)
    ok, encoded = cv2.imencode(".png", pixels[:, :, :3], [cv2.IMWRITE_PNG_COMPRESSION, 1])
    if not ok:
        raise CaptureError("lossless PNG encoding failed")
    return bytes(encoded.tobytes())


_grabbers = threading.local()


def _current_layout(with_cursor: bool) -> list[dict[str, Any]]:
    """The screen layout as it is now, never a cached one: asked again over the kept
    connection (mss keeps what it read in ``_monitors``; cleared, the next read asks the
    X server's RandR, 0.4 ms), rather than over a new connection (2.4 ms with its setup)."""
    import mss

    grabber = _kept_grabber(with_cursor)
    if hasattr(grabber, "_monitors"):  # mss 10 (locked): the cache it keeps
        grabber._monitors = None
        try:
            return [dict(m) for m in grabber.monitors]
        except Exception:  # noqa: BLE001 - the kept connection broke: made afresh below
            _forget(*_kept(with_cursor))
    with mss.MSS() as probe:
        return [dict(m) for m in probe.monitors]


def _kept(with_cursor: bool) -> tuple[dict[tuple[str, bool], Any], tuple[str, bool]]:
    """This thread's kept mss instances, and the key for the display and cursor choice."""
    kept: dict[tuple[str, bool], Any] = _grabbers.__dict__.setdefault("by_key", {})
    return kept, (os.environ.get("DISPLAY", ""), with_cursor)


def _kept_grabber(with_cursor: bool) -> Any:
    """This thread's kept mss instance for the display and cursor choice, made if needed."""
    import mss

    kept, key = _kept(with_cursor)
    if key not in kept:
        kept[key] = mss.MSS(with_cursor=with_cursor)
    return kept[key]


def _grab(area: dict[str, int], with_cursor: bool) -> Any:
    """Grab with this thread's kept mss instance (per display and cursor choice).

    A fresh instance's first grab sets up its shared-memory segment (XShm) for that size:
    15 ms at 1080p, five times the grab itself. The instance is kept for the next
    screenshot on this thread (the desktop's capture thread), holding that segment (8 MB
    at 1080p). mss instances are not shared between threads. If the kept one fails (the
    display went away and came back), a fresh one tries once more.
    """
    kept, key = _kept(with_cursor)
    if key in kept:
        try:
            return kept[key].grab(area)
        except Exception:  # noqa: BLE001 - any mss failure: start again from scratch
            _forget(kept, key)
    try:
        return _kept_grabber(with_cursor).grab(area)
    except Exception:
        _forget(kept, key)
        raise


def _forget(kept: dict[tuple[str, bool], Any], key: tuple[str, bool]) -> None:
    grabber = kept.pop(key, None)
    if grabber is None:  # never made (the connection itself failed)
        return
    try:
        grabber.close()
    except Exception:  # noqa: BLE001 - a broken connection may fail to close as well
        pass


def _area(request: ScreenshotRequest,
          monitors: list[dict[str, Any]]) -> tuple[dict[str, int], tuple[str, str]]:
    """The area to grab, and for a window its title and how its place was read."""
    no_window = ("", "")
    if request.target == "screen":
        return {k: int(monitors[0][k]) for k in ("left", "top", "width", "height")}, no_window
    if request.target == "monitor":
        if not 1 <= request.monitor < len(monitors):
            raise NoSuchMonitor(f"no monitor {request.monitor}: this workstation has "
                                f"{len(monitors) - 1}", monitor=request.monitor,
                                count=len(monitors) - 1)
        m = monitors[request.monitor]
        return {k: int(m[k]) for k in ("left", "top", "width", "height")}, no_window
    if request.target == "region" and request.region is not None:
        return _on_screen(request.region, monitors[0]).as_mss(), no_window
    if request.target == "window":
        region, title, method = _window_region(request.window_id)
        return region.as_mss(), (title, method)
    raise BadInput(f"unknown capture target {request.target}")


def _on_screen(region: Region, desktop: dict[str, Any]) -> Region:
    """``region`` when it lies wholly within the desktop (all screens together)."""
    left, top = int(desktop["left"]), int(desktop["top"])
    right, bottom = left + int(desktop["width"]), top + int(desktop["height"])
    if (region.left < left or region.top < top or region.left + region.width > right
            or region.top + region.height > bottom):
        screen = f"{right - left}×{bottom - top}+{left}+{top}"  # X geometry: no language
        raise RegionOffScreen(
            f"region {region.left},{region.top},{region.width},{region.height} is not "
            f"wholly on the screens ({right - left}x{bottom - top} at {left},{top})",
            region=f"{region.left},{region.top},{region.width},{region.height}",
            screen=screen)
    return region


def _scale_factor() -> str:
    """HiDPI scale as the session declares it (Xft.dpi / 96, or the Qt/GDK variables)."""
    for var in ("QT_SCALE_FACTOR", "GDK_SCALE"):
        if os.environ.get(var):
            return f"{os.environ[var]} ({var})"
    if sys.platform.startswith("linux"):
        from capture import x11

        try:
            dpi = x11.xft_dpi()
        except Exception as exc:
            return f"unknown (X11 resources not read: {type(exc).__name__})"
        if dpi is not None:
            return f"{dpi}/96 (Xft.dpi)"
    return "1 (no scaling declared)"
