"""Cookie-consent banners as the officer's browser sees them (capture/web/consent.py): looked
for when a page has loaded, once more 1.5 s later (late scripts draw them), and at each
capture; each platform's banner recorded once per address and told to the parent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer

from capture.web.channel import Frame
from evidence.clock import utc_now_iso
from ui.web.session import APPLICATION_WORLD


class BannerWatch:
    def __init__(self, page: Any, send: Callable[[Frame], bool],
                 told: Callable[[str, str], None], ended: Callable[[], bool]) -> None:
        self.page, self.send, self.told = page, send, told  # told(platform, url): the window
        self.ended = ended  # « Terminer » pressed: still recorded, no longer sent
        self.banners: list[dict[str, str]] = []

    def page_loaded(self) -> None:
        for delay in (0, 1500):
            QTimer.singleShot(delay, self._look)

    def _look(self) -> None:
        if self.ended():
            return
        from capture.web.consent import detection_script, parse_detection

        url = self.page.url().toString()
        self.page.runJavaScript(detection_script(), APPLICATION_WORLD,
                                lambda result: self.seen(url, parse_detection(result)))

    def seen(self, url: str, found: list[dict[str, str]]) -> None:
        for banner in found:
            if any((b["url"], b["platform"]) == (url, banner["platform"]) for b in self.banners):
                continue
            entry = {**banner, "url": url, "time": utc_now_iso()}
            self.banners.append(entry)
            if not self.ended():
                self.send(Frame("consent", entry))
                self.told(banner["platform"], url)
