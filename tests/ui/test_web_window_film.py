"""« Filmer la fenêtre » in the recording browser: the desktop records the browser window's
area of a real X screen (Xvfb) with the screen recorder, each segment committed as it closes.
The child browser runs on that screen (xcb), the parent is the desktop's WebFlow."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from app.desktop.web_flow import WebFlow
from tests.fixtures.web_server import WebSite
from tests.fixtures.xvfb import XDisplay
from tests.ui.looks import look_at_png
from tests.ui.test_web_browser import _blob, _items, _session, browser_env  # noqa: F401


def test_the_browser_window_is_filmed_from_the_window(  # type: ignore[no-untyped-def]
        qtbot, unlocked, web_site: WebSite, browser_env: Path,  # noqa: F811
        on_xvfb: XDisplay, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import av
    import numpy as np

    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")  # the child's window on the X screen
    session, constat = _session(unlocked, tmp_path)
    browser_env.write_text(json.dumps([
        {"load": web_site.base + "/page"}, {"wait_idle": 10}, {"record": True},
        {"sleep": 4}, {"record": False}, {"sleep": 1}, {"finish": True}]), encoding="utf-8")
    said: list[str] = []
    flow = WebFlow(session, lambda: constat, said.append)
    flow.open_browser()
    qtbot.waitUntil(lambda: not flow.running and not flow.filming, timeout=180000)
    assert flow.last is not None and len(flow.films) == 1, said
    assert any(s.startswith("Film de la fenêtre du navigateur enregistré : annexe") for s in said)
    film = flow.films[0]
    items = _items(session, constat)
    log = json.loads(_blob(session, next(i for i in items if i.kind == "web_log"), tmp_path))
    asked = log["session"]["window_recordings"]
    assert [a["on"] for a in asked] == [True, False]
    x, y, width, height = asked[0]["region"]
    assert (film.summary.width, film.summary.height) == (width, height)
    assert width >= 640 and height >= 400 and film.summary.segments >= 1
    segments = [i for i in items if i.kind == "video_segment"]
    assert len(segments) == film.summary.segments
    assert any(i.kind == "video" for i in items)
    # The video shows the page (white and blue), not the X server's black root window.
    with av.open(io.BytesIO(_blob(session, segments[-1], tmp_path))) as container:
        frame: Any = next(container.decode(video=0))
    pixels = np.asarray(frame.to_ndarray(format="rgb24"))
    assert pixels.shape[:2] == (height, width)
    assert pixels.mean() > 60, pixels.mean()
    # The window as filmed, looked at: the address bar, the page, the navigation log.
    png = io.BytesIO()
    frame.to_image().save(png, "PNG")
    look_at_png(png.getvalue(), "browser-window-filmed")
    # a demonstration vault: the band on top is the main window's DEMO red (through H.264)
    band = np.median(pixels[14:26, 20:600].reshape(-1, 3), axis=0)
    assert all(abs(int(c) - w) <= 40 for c, w in zip(band, (0xb0, 0x00, 0x20), strict=True)), band
