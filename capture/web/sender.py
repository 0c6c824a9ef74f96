"""The browser window's WARC segments, written and sent off the Qt thread.

Every ``interval`` seconds (and on ``flush``, before a capture), the records of
the exchanges settled since the last segment are written (capture/web/warc.py's
``SegmentWriter``: gzip and SHA-256, which release the GIL) and sent to the
parent as a ``segment`` frame. On the Qt thread this cost 2.7-3.4 s of a 20 MB
page's load (measured, docs/web-capture.md); here the page keeps rendering.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

from capture.web.channel import Frame
from capture.web.model import Download, Recording
from capture.web.warc import SegmentWriter


class _Recorder(Protocol):
    def recording(self, channel: tuple[tuple[str, str], ...] = (), *,
                  settled_only: bool = False) -> Recording: ...


class SegmentSender:
    def __init__(self, recorder: _Recorder, session_id: str, send: Callable[[Frame], bool],
                 interval: float = 0.4) -> None:
        self.recorder, self.send, self.interval = recorder, send, interval
        self.writer = SegmentWriter(session_id)
        self._archived: set[tuple[str, str]] = set()
        self._lock = threading.Lock()  # one writer at a time: the thread, a flush, a download
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="warc-segments", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.flush()

    def flush(self) -> None:
        """Send what settled since the last segment (at once, from the caller's thread)."""
        with self._lock:
            fresh = [e for e in self.recorder.recording(settled_only=True).exchanges
                     if (e.request_id, e.url) not in self._archived]
            if not fresh:
                return
            data, records = self.writer.segment(fresh)
            self._archived.update((e.request_id, e.url) for e in fresh)
            self.send(Frame("segment", {"records": records, "exchanges": len(fresh)}, data))

    def download(self, download: Download) -> None:
        with self._lock:
            self.send(Frame("segment", {"records": 1, "exchanges": 0},
                            self.writer.download(download)))

    def stop(self) -> None:
        """No segment after this returns (« Terminer »: the signed WACZ follows)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(30)
