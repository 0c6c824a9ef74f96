"""Downloads of the recording browser: into the vault as evidence, never onto the workstation's disk.

A download (a linked PDF, the terms of sale) does not reach the page's network
record: Chromium hands the response over to its download manager, and CDP sees
the navigation aborted (``net::ERR_ABORTED``) without a body. QtWebEngine
offers no in-memory download, only a file in a directory we choose; so the
directory is a private one (0700) on a **memory file system** (tmpfs:
``$XDG_RUNTIME_DIR`` or ``/dev/shm``), the file is read as soon as Chromium has
finished it, deleted at once, and its bytes go to the parent, which stores them
as an evidence item (kind ``web_download``: URL, file name, SHA-256, page).
Without a memory file system the download is refused and the refusal recorded.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWebEngineCore import QWebEngineDownloadRequest, QWebEngineProfile

from capture.web.model import Capture
from capture.web.private_dir import private_dir
from evidence.clock import utc_now_iso


class DownloadKeeper(QObject):
    """Takes every download of ``profile``; ``send`` gets each finished one as a Capture."""

    def __init__(self, profile: QWebEngineProfile, send: Callable[[Capture], None],
                 page_title: Callable[[], str]) -> None:
        super().__init__(profile)
        self.send, self.page_title = send, page_title
        self.directory = private_dir("web", memory_only=True)  # never the disk
        self.records: list[dict[str, Any]] = []  # for the navigation log's facts
        self.active = 0
        self._n = 0
        profile.downloadRequested.connect(self._requested)

    def _requested(self, request: QWebEngineDownloadRequest) -> None:
        url, name = request.url().toString(), request.suggestedFileName() or "telechargement"
        entry: dict[str, Any] = {"url": url, "filename": name, "mime": request.mimeType(),
                                 "requested_at": utc_now_iso()}
        self.records.append(entry)
        if self.directory is None:
            entry["status"] = "refused: no memory file system for it"
            request.cancel()
            return
        self._n += 1
        request.setDownloadDirectory(str(self.directory))
        request.setDownloadFileName(f"{self._n}.bin")  # the officer's name is recorded apart
        self.active += 1
        request.isFinishedChanged.connect(lambda: self._finished(request, entry))
        request.accept()

    def _finished(self, request: QWebEngineDownloadRequest, entry: dict[str, Any]) -> None:
        if not request.isFinished() or "status" in entry:
            return
        self.active -= 1
        path = Path(request.downloadDirectory()) / request.downloadFileName()
        data = b""
        if request.state() == QWebEngineDownloadRequest.DownloadState.DownloadCompleted:
            try:
                data = path.read_bytes()
            except OSError as exc:
                entry["status"] = f"unreadable: {exc}"
        path.unlink(missing_ok=True)
        if "status" not in entry:
            if request.state() != QWebEngineDownloadRequest.DownloadState.DownloadCompleted:
                entry["status"] = f"failed: {request.interruptReasonString()}"
                return
            entry.update(status="stored", size=len(data),
                         sha256=hashlib.sha256(data).hexdigest(), finished_at=utc_now_iso())
            self.send(Capture("web_download", entry["mime"] or "application/octet-stream",
                              str(entry["filename"]), data, str(entry["url"]),
                              self.page_title(), str(entry["finished_at"]),
                              (("download_filename", str(entry["filename"])),
                               ("sha256", str(entry["sha256"])),
                               ("requested_at", str(entry["requested_at"])))))

    def close(self) -> None:
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
