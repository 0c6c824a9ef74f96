"""Screenshots on a real X server: exact pixels, geometry, committed to the vault."""

from __future__ import annotations

import hashlib
from pathlib import Path

import cv2
import mss
import numpy as np
import pytest

from capture.screen import NoSuchWindow, Region, ScreenshotRequest, take_screenshot
from evidence.errors import BadInput
from tests.fixtures.cli import Probant
from tests.fixtures.xvfb import XDisplay


def _pattern(h: int = 240, w: int = 320) -> np.ndarray:
    rng = np.random.default_rng(7)
    pixels = rng.integers(0, 256, size=(h, w, 3), dtype=np.uint8)  # every colour bit matters
    pixels[:10, :, :] = (255, 0, 0)
    return pixels


def _decode_rgb(data: bytes) -> np.ndarray:
    bgr = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    return bgr[:, :, ::-1]


def test_region_capture_is_pixel_exact(on_xvfb: XDisplay, tmp_path: Path) -> None:
    pattern = _pattern()
    proc, _ = on_xvfb.show_pattern(pattern, 100, 150, tmp_path)
    try:
        shot = take_screenshot(ScreenshotRequest("region", region=Region(100, 150, 320, 240),
                                                 with_cursor=False))
    finally:
        proc.terminate()
        proc.wait()
    assert (shot.width, shot.height, shot.mime) == (320, 240, "image/png")
    assert np.array_equal(_decode_rgb(shot.data), pattern)
    assert shot.metadata["geometry"] == {"left": 100, "top": 150, "width": 320, "height": 240}


def test_window_capture_by_id_and_monitor_geometry(on_xvfb: XDisplay, tmp_path: Path) -> None:
    pattern = _pattern(120, 200)
    proc, window_id = on_xvfb.show_pattern(pattern, 400, 300, tmp_path)
    try:
        shot = take_screenshot(ScreenshotRequest("window", window_id=window_id, with_cursor=False))
        assert np.array_equal(_decode_rgb(shot.data), pattern)
        assert shot.metadata["geometry"] == {"left": 400, "top": 300, "width": 200, "height": 120}
        assert shot.metadata["window_title"] == "Motif Probant — é"  # read from the X server
        assert shot.metadata["window_geometry_method"].startswith("X11 ")
        whole = take_screenshot(ScreenshotRequest("monitor", monitor=1))
        assert (whole.width, whole.height) == (1920, 1080)
        with mss.MSS() as probe:  # the layout recorded is the one a fresh connection reads
            assert whole.metadata["monitors"] == [dict(m) for m in probe.monitors]
        assert np.array_equal(_decode_rgb(whole.data)[300:420, 400:600], pattern)
    finally:
        proc.terminate()
        proc.wait()
    with pytest.raises(BadInput):
        take_screenshot(ScreenshotRequest("monitor", monitor=5))
    with pytest.raises(NoSuchWindow):  # closed meanwhile: said, not a capture of nothing
        take_screenshot(ScreenshotRequest("window", window_id=window_id))
    with pytest.raises(BadInput, match="window id must be a number"):
        take_screenshot(ScreenshotRequest("window", window_id="fenêtre"))


def test_cli_capture_commits_a_screenshot_to_the_vault(xvfb: XDisplay, probant: Probant,
                                                       tmp_path: Path) -> None:
    probant.env["DISPLAY"] = xvfb.display
    assert probant.setup("init", demo=True).code == 0
    dossier = probant.setup("dossier", "new", "Site litigieux").json["id"]
    constat = probant("constat", "new", "--dossier", dossier).json["id"]
    run = probant("capture", "region", "0,0,640,480", "--constat", constat)
    assert run.code == 0, run.stderr
    item = run.json
    # annex 1 is the environment report recorded automatically when the constat opened
    assert (item["kind"], item["origin"], item["annex"]) == ("screenshot", "captured", "2")
    assert item["metadata"]["width"] == 640 and item["metadata"]["encoding"] == "png-1"
    out = tmp_path / "shot.png"
    assert probant("evidence", "export", item["id"], "--out", str(out)).code == 0
    assert hashlib.sha256(out.read_bytes()).hexdigest() == item["sha256"]
    assert _decode_rgb(out.read_bytes()).shape == (480, 640, 3)
    bad = probant("capture", "region", "0,0,-5,10", "--constat", constat)
    assert bad.code == 2
    no_monitor = probant("capture", "monitor", "7", "--constat", constat)
    assert no_monitor.code == 2 and no_monitor.json["error"]["code"] == "capture_no_monitor"
    from app.messages import error_message
    from capture.screen import NoSuchMonitor

    assert error_message(NoSuchMonitor("x", monitor=7, count=1), "fr") == (
        "Il n'y a pas d'écran n° 7 : ce poste en a 1.")
    probant("constat", "close", constat)
    closed = probant("capture", "screen", "--constat", constat)
    assert closed.code == 2 and closed.json["error"]["code"] == "constat_closed"
    other = probant("constat", "new", "--dossier", dossier).json["id"]
    no_display = probant("capture", "screen", "--constat", other, env={"DISPLAY": ""})
    assert no_display.code == 2 and no_display.json["error"]["code"] == "capture_no_display"
    assert [e["kind"] for e in probant("evidence", "list", "--constat", other).json] == [
        "environment"]


def test_the_kept_grabber_shows_the_screen_as_it_is_now(on_xvfb: XDisplay, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Screenshots on one thread reuse one mss instance (capture.screen._grab): each shot is
    still the current screen, exact, on the display DISPLAY names now."""
    import os
    import subprocess

    region = ScreenshotRequest("region", region=Region(100, 150, 320, 240), with_cursor=False)
    shots = []
    for pattern in (_pattern(), 255 - _pattern()):
        proc, _ = on_xvfb.show_pattern(pattern, 100, 150, tmp_path)
        try:
            shots.append((take_screenshot(region), pattern))
        finally:
            proc.terminate()
            proc.wait()
    for shot, pattern in shots:
        assert np.array_equal(_decode_rgb(shot.data), pattern)

    read_fd, write_fd = os.pipe()
    other = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "800x600x24",
                              "-nolisten", "tcp"], pass_fds=(write_fd,), stderr=subprocess.DEVNULL)
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as ready:  # the display number, once it accepts clients
            monkeypatch.setenv("DISPLAY", ":" + ready.readline().strip())
        shot = take_screenshot(ScreenshotRequest("monitor", with_cursor=False))
        assert (shot.width, shot.height) == (800, 600)
    finally:
        other.terminate()
        other.wait()
    monkeypatch.setenv("DISPLAY", on_xvfb.display)
    again = take_screenshot(ScreenshotRequest("monitor", with_cursor=False))
    assert (again.width, again.height) == (1920, 1080)


def test_the_active_window_title_and_scale_are_read_from_the_x_server(on_xvfb: XDisplay) -> None:
    """What a window manager and ``xrdb`` set on a real X server, as a shot records it."""
    from Xlib import X, Xatom
    from Xlib.display import Display

    display = Display(on_xvfb.display)
    root = display.screen().root
    window = root.create_window(10, 10, 200, 100, 0, X.CopyFromParent)
    utf8 = display.intern_atom("UTF8_STRING")
    net_name, active = (display.intern_atom(n) for n in ("_NET_WM_NAME", "_NET_ACTIVE_WINDOW"))
    title = "Jugement du tribunal judiciaire — pièce n°3"
    try:
        window.change_property(net_name, utf8, 8, title.encode())
        root.change_property(active, Xatom.WINDOW, 32, [window.id])
        root.change_property(Xatom.RESOURCE_MANAGER, Xatom.STRING, 8,
                             b"Xft.antialias:\t1\nXft.dpi:\t144\n")
        display.sync()
        shot = take_screenshot(ScreenshotRequest("monitor", monitor=1))
        assert shot.metadata["active_window_title"] == title
        assert shot.metadata["active_window_title_method"] == \
            "X11 _NET_ACTIVE_WINDOW + _NET_WM_NAME"
        assert shot.metadata["scale"] == "144/96 (Xft.dpi)"

        window.delete_property(net_name)  # an old client: ICCCM WM_NAME only
        window.change_property(Xatom.WM_NAME, Xatom.STRING, 8, b"Ancien client")
        display.sync()
        shot = take_screenshot(ScreenshotRequest("monitor", monitor=1))
        assert shot.metadata["active_window_title"] == "Ancien client"
    finally:
        root.delete_property(active)
        root.delete_property(Xatom.RESOURCE_MANAGER)
        window.destroy()
        display.sync()  # the server serves other clients before this one's unsynced requests
        display.close()
    shot = take_screenshot(ScreenshotRequest("monitor", monitor=1))
    assert shot.metadata["active_window_title"] == "unknown"
    assert "no window manager" in shot.metadata["active_window_title_method"]
    assert shot.metadata["scale"] == "1 (no scaling declared)"
