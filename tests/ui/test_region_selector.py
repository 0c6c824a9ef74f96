"""The zone selector on a real X server (Xvfb, Qt's xcb platform, in a child process:
this test process's Qt is offscreen): a drag gives the Region in device pixels, also at
200 % scaling; Escape cancels; a click without a drag selects nothing. The overlay, as
the X server shows it over a known picture, is kept under test-output/<worker>/ui/."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
from PySide6.QtCore import QRect

from capture.screen import Region
from tests.fixtures.output import worker_output_dir
from tests.fixtures.xvfb import XDisplay
from ui.region_selector import to_device

ROOT = Path(__file__).resolve().parents[2]
OUT = worker_output_dir("ui")


def child(shot: str) -> None:
    """Runs in the child (xcb): drives the overlay with QTest, prints what it returned."""
    import mss
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from ui.region_selector import RegionSelector

    app = QApplication([])
    selector = RegionSelector()
    got: list[object] = []
    selector.finished.connect(got.append)
    left = Qt.MouseButton.LeftButton
    none = Qt.KeyboardModifier.NoModifier

    def overlay():  # type: ignore[no-untyped-def]
        selector.start()
        widget = selector.overlays[0]
        assert QTest.qWaitForWindowExposed(widget)
        return widget

    def region(value: object) -> object:
        return None if value is None else [value.left, value.top, value.width, value.height]  # type: ignore[attr-defined]

    report: dict[str, object] = {"ratio": QApplication.primaryScreen().devicePixelRatio(),
                                 "screens": len(selector.overlays) or len(app.screens())}
    widget = overlay()  # 1. drag and release
    QTest.mousePress(widget, left, none, QPoint(50, 60))
    QTest.mouseMove(widget, QPoint(150, 110))
    QTest.mouseMove(widget, QPoint(250, 160))
    QTest.qWait(300)
    if shot:
        with mss.MSS() as grabber:  # what the X server shows: the overlay over the picture
            mss.tools.to_png(*_rgb_size(grabber.grab(grabber.monitors[1])), output=shot)
    QTest.mouseRelease(widget, left, none, QPoint(250, 160))
    report["drag"] = region(got.pop()) if got else "nothing"
    report["overlays_left"] = len(selector.overlays)
    widget = overlay()  # 2. Escape
    QTest.keyClick(widget, Qt.Key.Key_Escape)
    report["escape"] = region(got.pop()) if got else "nothing"
    widget = overlay()  # 3. a click selects nothing, then Enter confirms a drag in progress
    QTest.mouseClick(widget, left, none, QPoint(400, 400))
    report["click"] = "nothing" if not got else region(got.pop())
    QTest.mousePress(widget, left, none, QPoint(10, 20))
    QTest.mouseMove(widget, QPoint(110, 70))
    QTest.keyClick(widget, Qt.Key.Key_Return)
    report["enter"] = region(got.pop()) if got else "nothing"
    print("REPORT " + json.dumps(report), flush=True)
    app.quit()


def _rgb_size(shot):  # type: ignore[no-untyped-def]
    return shot.rgb, shot.size


def _run(xvfb: XDisplay, tmp_path: Path, scale: str, shot: str = "") -> dict[str, object]:
    env = {**xvfb.env(), "QT_SCALE_FACTOR": scale}
    proc = subprocess.run([sys.executable, "-c", "from tests.ui.test_region_selector import "
                           f"child; child({shot!r})"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("REPORT ")]
    assert lines, proc.stdout + proc.stderr
    return dict(json.loads(lines[-1][7:]))


def test_drag_gives_the_region_in_device_pixels(xvfb: XDisplay, tmp_path: Path) -> None:
    pattern = np.zeros((400, 600, 3), np.uint8)
    pattern[:, :, 1] = np.linspace(0, 255, 600, dtype=np.uint8)  # something to see beneath
    pattern[100:300, 150:450] = (200, 40, 40)
    window, _ = xvfb.show_pattern(pattern, 0, 0, tmp_path)
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        report = _run(xvfb, tmp_path, "1", str(OUT / "region-selector.png"))
    finally:
        window.terminate()
        window.wait()
    assert report["ratio"] == 1.0
    assert report["drag"] == [50, 60, 200, 100]
    assert report["overlays_left"] == 0  # hidden before anything is grabbed
    assert report["escape"] is None
    assert report["click"] == "nothing"
    assert report["enter"] == [10, 20, 100, 50]
    assert (OUT / "region-selector.png").stat().st_size > 0


def test_at_200_percent_the_region_is_in_physical_pixels(xvfb: XDisplay, tmp_path: Path) -> None:
    report = _run(xvfb, tmp_path, "2")
    assert report["ratio"] == 2.0
    assert report["drag"] == [100, 120, 400, 200]  # the same gesture, twice the pixels
    assert report["enter"] == [20, 40, 200, 100]


def test_device_mapping_of_a_second_screen_at_125_percent() -> None:
    screen = QRect(1920, 0, 2048, 1152)  # logical: its top-left stays the native one
    assert to_device(QRect(1920, 0, 2048, 1152), screen, 1.25) == Region(1920, 0, 2560, 1440)
    left = to_device(QRect(2000, 10, 3, 3), screen, 1.25)
    right = to_device(QRect(2003, 10, 3, 3), screen, 1.25)
    assert left.left + left.width == right.left  # adjacent zones stay adjacent
