"""Makes Chromium write out its NetLog now (capture/web/netlog.py).

Chromium writes the NetLog in batches of 15 events (net/log/file_net_log_observer.cc),
with no timer: the last events of an idle page (a request's end, a socket's
handshake) stay queued until more come. A request that fails at once (a closed
loopback port), made by a page of its own (a second off-the-record profile: nothing
recorded, nothing shared with the constat's) brings more: once that request's start is
in the file, so is everything before it. The recorder ignores that origin's hops.
One such page per process, kept for the session (a new profile each time costs tens of
milliseconds), deleted with the session's page and profile.
"""

from __future__ import annotations

import itertools
import time
from datetime import datetime
from typing import Any

from capture.web.cdp import free_loopback_port
from capture.web.recorder import NetworkRecorder


class NetLogFlush:
    def __init__(self) -> None:
        self._origin = f"http://127.0.0.1:{free_loopback_port()}/"
        self._count = itertools.count(1)
        self._profile: Any = None
        self._page: Any = None

    def __call__(self, app: Any, recorder: NetworkRecorder) -> None:
        from ui.web.session import until

        if recorder.netlog is None:
            return
        from PySide6.QtCore import QUrl

        self.prepare()
        recorder.ignored.add(self._origin)  # the flush request and anything Chromium adds
        url = f"{self._origin}probant-netlog-flush/{next(self._count)}"
        self._page.load(QUrl(url))
        reader = recorder.netlog
        until(app, lambda: any(h.url == url for h in reader.hops()), 5)

    def prepare(self) -> None:
        """The page made now (with the session's own, not in a page load's time)."""
        from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile

        if self._page is None:
            self._profile = QWebEngineProfile()  # off the record, like the constat's
            self._page = QWebEnginePage(self._profile)

    def dispose(self, app: Any) -> None:
        """Page before profile (as the session's own: Chromium crashes at exit otherwise)."""
        from PySide6.QtCore import QCoreApplication, QEvent

        for obj in (self._page, self._profile):
            if obj is not None:
                obj.deleteLater()
                QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
                app.processEvents()
        self._page = self._profile = None


FLUSH = NetLogFlush()  # one browsing session per process, so one flush page


class QuietFlush:
    """The window's live log: a step's server not known yet while the page is quiet (its
    last NetLog events held back): the NetLog written out now, once per quiet spell."""

    def __init__(self, app: Any, recorder: NetworkRecorder) -> None:
        self.app, self.recorder = app, recorder
        self._busy, self._done_for = False, 0.0

    def __call__(self) -> None:
        quiet_since = self.recorder.last_activity
        if self._busy or quiet_since == self._done_for or self.recorder.in_flight() \
                or time.monotonic() - quiet_since < 0.5:
            return
        self._busy, self._done_for = True, quiet_since  # its wait runs Qt's loop: no re-entry
        try:
            FLUSH(self.app, self.recorder)
        finally:
            self._busy = False


def older_than(iso: str, now: str, seconds: float) -> bool:
    """``iso`` is more than ``seconds`` before ``now`` (both UTC ISO 8601)."""
    def parse(value: str) -> datetime:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    try:
        return (parse(now) - parse(iso)).total_seconds() > seconds
    except ValueError:
        return True
