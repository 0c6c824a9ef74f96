"""The recording browser's child process: its private channel, its start, its automation hook.

``python -m ui.web.browser_main`` runs ``main()``: the channel is taken over
(stdin and stdout become private descriptors), the ``start`` frame read, then
QtWebEngine started on its DevTools port and the window (ui/web/browser.py)
shown. The parent's ``finish`` frame ends the window as « Terminer » does; the
parent's going away (EOF) closes it unsent.

Test and automation hook: ``PROBANT_BROWSER_SCRIPT`` names a JSON list of steps
that drive the very buttons the officer has, nothing else: ``{"load": URL}``
(an http(s) address, waits for the load), ``{"wait_idle": SECONDS}``,
``{"capture": "viewport" | "fullpage" | "source" | "pdf"}``, ``{"sleep": SECONDS}``,
``{"finish": true}``. It cannot weaken TLS nor the recording: there is no step
to accept a certificate error (under a script, every certificate error is
refused, and the refusal recorded), nor to pause or bypass the recorder.
Further steps, each the officer's own gesture: ``{"click": SELECTOR}`` (a link or
button of the page), ``{"fill": {SELECTOR: TEXT}}`` (typed into the page's fields),
``{"acknowledge_proxy": true}`` (the proxy warning read and acknowledged, recorded
``by: script``), ``{"record": true | false}`` (« Filmer la fenêtre »),
``{"wait_downloads": SECONDS}``.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

from PySide6.QtCore import QObject, QTimer, Signal

from capture.web.channel import Frame, read_frame, write_frame
from evidence.errors import ProbantError
from ui.web.session import run_js, until

SCRIPT_VARIABLE = "PROBANT_BROWSER_SCRIPT"


class Channel:
    """The child's end of the private pipes: frames out (serialised), frames in (a thread)."""

    def __init__(self, incoming: IO[bytes], outgoing: IO[bytes]) -> None:
        self.incoming, self.outgoing = incoming, outgoing
        self._lock = threading.Lock()
        self.broken = False

    def send(self, frame: Frame) -> bool:
        with self._lock:
            if self.broken:
                return False
            try:
                write_frame(self.outgoing, frame)
            except OSError:
                self.broken = True
        return not self.broken


def take_channel() -> Channel:
    """Stdin and stdout become the channel's private descriptors (not inherited); fd 0 is
    /dev/null and fd 1 is stderr from now on, so nothing printed, by us or by Chromium's
    helpers, can reach the parent nor read what it sends."""
    fd_in, fd_out = os.dup(0), os.dup(1)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return Channel(os.fdopen(fd_in, "rb"), os.fdopen(fd_out, "wb"))


class _Listener(QObject):
    finish = Signal()
    gone = Signal()

    def listen(self, channel: Channel) -> None:
        def run() -> None:
            try:
                while (frame := read_frame(channel.incoming)) is not None:
                    if frame.type == "finish":
                        self.finish.emit()
            except ProbantError:
                pass
            self.gone.emit()
        threading.Thread(target=run, name="browser-channel", daemon=True).start()


def run_script(w: Any, steps: list[dict[str, Any]]) -> None:
    """The automation hook: ``w`` is the BrowserWindow; each step is one of its own gestures."""
    for step in steps:
        if w.done:
            return
        if "load" in step:
            _script_load(w, str(step["load"]), float(step.get("wait", 30)))
        elif "wait_idle" in step:
            until(w.app, lambda: w.recorder.in_flight() == 0
                  and time.monotonic() - w.recorder.last_activity > 0.5,
                  float(step["wait_idle"]))
        elif "capture" in step:
            w.capture(str(step["capture"]))
        elif "sleep" in step:
            until(w.app, lambda: w.done, float(step["sleep"]))
        elif "click" in step:  # a link or button of the page, as the officer clicks it
            target = json.dumps(str(step["click"]))
            run_js(w.app, w.page, f"document.querySelector({target}).click()")
        elif "fill" in step:  # typed into the page's fields, as the officer types
            for selector, value in dict(step["fill"]).items():
                field, text = json.dumps(str(selector)), json.dumps(str(value))
                run_js(w.app, w.page, f"(e => {{e.focus(); e.value = {text};}})"
                                            f"(document.querySelector({field}))")
        elif "record" in step:  # « Filmer la fenêtre », pressed or released
            w.film.setChecked(bool(step["record"]))
        elif step.get("acknowledge_proxy"):  # the officer's box and button, recorded
            w.acknowledge_proxy("script")
        elif "wait_downloads" in step:
            until(w.app, lambda: bool(w.downloads.records)
                  and w.downloads.active == 0, float(step["wait_downloads"]))
        elif step.get("finish"):
            w.finish()


def _script_load(w: Any, url: str, wait_s: float) -> None:
    before = w.loads
    if w.load(url):
        until(w.app, lambda: w.loads > before, wait_s)


def main() -> int:
    channel = take_channel()
    try:
        start = read_frame(channel.incoming)
    except ProbantError:
        return 2
    if start is None or start.type != "start":
        return 2
    from ui.web.session import start_app

    try:
        app, port = start_app()
    except ProbantError as exc:
        channel.send(Frame("error", {"code": exc.code, "detail": exc.detail}))
        return 1
    from ui.i18n import install_translator
    from ui.web.browser import BrowserWindow

    install_translator(app, str(start.fields.get("lang", "fr")))
    script_path = os.environ.get(SCRIPT_VARIABLE, "")
    window = BrowserWindow(app, port, channel, start.fields, scripted=bool(script_path))
    listener = _Listener()
    listener.finish.connect(window.finish)
    listener.gone.connect(window.abandon)
    try:
        window.start(str(start.fields.get("url", "")))
    except ProbantError as exc:
        channel.send(Frame("error", {"code": exc.code, "detail": exc.detail}))
        return 1
    listener.listen(channel)
    if script_path:
        steps = json.loads(Path(script_path).read_text(encoding="utf-8"))
        QTimer.singleShot(0, lambda: run_script(window, list(steps)))
    app.exec()
    return 0
