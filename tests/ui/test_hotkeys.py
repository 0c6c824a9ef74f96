"""Global hotkeys on a real X server, end to end: the desktop (main window, « Capturer… »,
the panel, a demo vault) runs in a child process on Xvfb with Qt's xcb platform; another
application (a window showing a known picture) has the focus; XTest key presses
(xdotool) capture the whole screen, a zone dragged with the real pointer, and the active
window. The evidence is read back from the vault: pixel-exact, journaled, and Probant's
own windows are not in it. Locking the main window releases the keys."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import cv2
import mss
import mss.tools
import numpy as np
import pytest

from app import identity
from app.cli.context import GlobalOptions
from evidence import dossiers
from evidence.items import export_evidence, list_evidence
from evidence.vault import open_vault
from signing.handlers import FixedAnswers
from tests.fixtures.output import worker_output_dir
from tests.fixtures.xvfb import XDisplay
from ui.hotkeys import DEFAULT_HOTKEYS, parse_keys

ROOT = Path(__file__).resolve().parents[2]
OUT = worker_output_dir("ui")
PANEL_AT, MAIN_AT = (700, 100), (20, 420)  # the main window clear of the parked pointer


def child(home: str) -> None:
    """The desktop as an officer runs it; commands on stdin, reports on stdout."""
    from dataclasses import asdict

    from PySide6.QtCore import QSocketNotifier, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from tests.ui.desktop import started_shell
    from ui.capture_panel import CapturePanel

    app = QApplication([])
    window = started_shell(GlobalOptions(home=Path(home), demo=True, json=False, lang="fr")).window
    window.move(*MAIN_AT)
    window.show()

    def say(tag: str, data: object) -> None:
        print(tag + " " + json.dumps(data), flush=True)

    def panel() -> CapturePanel:
        return next(w for w in app.topLevelWidgets() if isinstance(w, CapturePanel))

    def open_panel() -> None:
        if window.state is None or not window.state.unlocked:
            QTimer.singleShot(100, open_panel)
            return
        window.capture_button.click()  # the real wiring: app/desktop/shell.py
        p = panel()
        p.move(*PANEL_AT)
        p.captured.connect(lambda row: say("CAPTURED", asdict(row)))
        p.failed.connect(lambda message: say("FAILED", message))
        original = p.selector.start

        def start_selector() -> None:  # the pointer drags once the overlay is on screen
            original()
            assert all(QTest.qWaitForWindowExposed(o) for o in p.selector.overlays)
            say("OVERLAY", True)

        p.selector.start = start_selector  # type: ignore[method-assign]
        wait_ready()

    def wait_ready() -> None:
        p = panel()
        if not p.ready:
            QTimer.singleShot(100, wait_ready)
            return
        hotkeys = p.hotkeys.registered if p.hotkeys is not None else ()
        QTimer.singleShot(300, lambda: say("READY", {
            "hotkeys": [h.keys for h in hotkeys], "text": p.shortcuts.text(),
            "panel": [p.x(), p.y(), p.width(), p.height()], "panel_visible": p.isVisible(),
            "main": [window.x(), window.y(), window.width(), window.height()]}))

    def command() -> None:
        line = sys.stdin.readline().strip()
        if line == "lock":
            p = panel() if any(isinstance(w, CapturePanel) for w in app.topLevelWidgets()) \
                else None
            window.lock("idle")
            say("LOCKED", {"panel_left": p is None or p.ended})
        elif line == "visible":
            p = panel()
            say("VISIBLE", {"panel": p.isVisible(), "main": window.isVisible()})
        elif line in ("quit", ""):
            app.quit()

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(command)
    QTimer.singleShot(0, open_panel)
    app.exec()


class Desktop:
    def __init__(self, xvfb: XDisplay, home: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", f"from tests.ui.test_hotkeys import child; child({str(home)!r})"],
            cwd=ROOT, env={**xvfb.env(), "PROBANT_RECOVERY_CODE": ""}, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def expect(self, tag: str, timeout: float = 30) -> object:
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"no {tag} from the desktop") from None
            head, _, data = line.partition(" ")
            if head == tag:
                return json.loads(data)
            assert head not in ("FAILED", "CAPTURED", "READY", "LOCKED"), line

    def send(self, command: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()

    def stop(self) -> str:
        if self.proc.poll() is None:
            self.send("quit")
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        assert self.proc.stderr is not None
        return self.proc.stderr.read()


def _xdo(xvfb: XDisplay, *args: str) -> None:
    subprocess.run(["xdotool", *args], env=xvfb.env(), check=True, timeout=30)


def _pattern() -> np.ndarray:
    rng = np.random.default_rng(5)
    return rng.integers(0, 256, size=(200, 300, 3), dtype=np.uint8)


def _png(data_path: Path) -> np.ndarray:
    return cv2.imread(str(data_path), cv2.IMREAD_COLOR)[:, :, ::-1]


def test_parse_keys() -> None:
    assert parse_keys("Ctrl+Alt+S") == (frozenset({"ctrl", "alt"}), "s")
    assert [h.keys for h in DEFAULT_HOTKEYS] == ["Ctrl+Alt+S", "Ctrl+Alt+R", "Ctrl+Alt+W"]
    for bad in ("S", "Ctrl+Hyper+S", "Ctrl+F12"):
        with pytest.raises(ValueError):
            parse_keys(bad)


def test_hotkeys_capture_while_another_application_has_the_focus(
        on_xvfb: XDisplay, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    xvfb = on_xvfb
    if shutil.which("xdotool") is None:
        pytest.fail("xdotool is missing (bash installer/setup.sh --dev installs it)")

    monkeypatch.delenv("PROBANT_RECOVERY_CODE", raising=False)
    home = tmp_path / "home"
    from app.services import access
    from app.services.context import AppContext
    from app.settings import Settings

    demo = FixedAnswers(identity.DEMO_PIN)
    access.open_or_create_demo(AppContext(home, Settings(), demo, demo, demo=True)).close()
    openers = identity.unlock_openers(home, True, FixedAnswers(identity.DEMO_PIN))
    with open_vault(home, openers) as vault:
        constat = dossiers.create_constat(vault, dossiers.create_dossier(vault, "Affaire").id,
                                          "Constater la page").id
    pattern = _pattern()
    other, other_id = xvfb.show_pattern(pattern, 100, 150, tmp_path)  # "the browser"
    desktop = Desktop(xvfb, home)
    try:
        ready = desktop.expect("READY", timeout=60)
        assert isinstance(ready, dict)
        assert ready["hotkeys"] == ["Ctrl+Alt+S", "Ctrl+Alt+R", "Ctrl+Alt+W"], ready
        assert "Ctrl+Alt+S plein écran" in ready["text"] and ready["panel_visible"]
        OUT.mkdir(parents=True, exist_ok=True)
        with mss.MSS() as grabber:  # the desktop as the officer sees it before the hotkeys
            shot = grabber.grab(grabber.monitors[1])
            mss.tools.to_png(shot.rgb, shot.size, output=str(OUT / "capture-hotkeys-desktop.png"))
        _xdo(xvfb, "windowfocus", "--sync", other_id)
        _xdo(xvfb, "mousemove", "1900", "1070")  # the drawn pointer stays off the picture
        # 1. the whole screen, with NumLock on (grabbed in every lock state)
        _xdo(xvfb, "key", "Num_Lock")
        _xdo(xvfb, "key", "ctrl+alt+s")
        _xdo(xvfb, "key", "Num_Lock")
        full = desktop.expect("CAPTURED")
        desktop.send("visible")  # both windows came back after the grab
        assert desktop.expect("VISIBLE") == {"panel": True, "main": True}
        # 2. a zone: the overlay comes up, the real pointer drags over the picture
        _xdo(xvfb, "key", "ctrl+alt+r")
        desktop.expect("OVERLAY")
        _xdo(xvfb, "mousemove", "100", "150", "mousedown", "1", "mousemove", "250", "250",
             "mousemove", "400", "350", "mouseup", "1", "mousemove", "1900", "1070")
        zone = desktop.expect("CAPTURED")
        # 3. the active window: the other application's
        _xdo(xvfb, "windowfocus", "--sync", other_id)
        _xdo(xvfb, "key", "ctrl+alt+w")
        active = desktop.expect("CAPTURED")
        # Locking the main window ends the session and gives the keys back.
        desktop.send("lock")
        assert desktop.expect("LOCKED") == {"panel_left": True}
        assert _can_grab(xvfb, "Ctrl+Alt+S")
    finally:
        errors = desktop.stop()
        other.terminate()
        other.wait()
    assert desktop.proc.returncode == 0, errors
    assert isinstance(full, dict) and isinstance(zone, dict) and isinstance(active, dict)
    assert (full["annex"], full["width"], full["height"]) == ("1", 1920, 1080)
    assert (zone["annex"], zone["width"], zone["height"], zone["target"]) == (
        "2", 300, 200, "region")
    assert (active["annex"], active["target"], active["width"]) == ("3", "window", 300)
    with open_vault(home, openers) as vault:
        items = {i.id: i for i in list_evidence(vault, constat)}
        for name, row in (("full", full), ("zone", zone), ("active", active)):
            export_evidence(vault, row["item_id"], tmp_path / f"{name}.png")
            assert items[row["item_id"]].sha256 == row["sha256"]
        journal = vault.db.query("SELECT action, subject FROM journal ORDER BY seq")
    added = [r["subject"] for r in journal if r["action"] == "evidence_added"]
    assert added[-3:] == [full["item_id"], zone["item_id"], active["item_id"]]
    screen = _png(tmp_path / "full.png")
    assert np.array_equal(screen[150:350, 100:400], pattern)
    px, py, pw, ph = ready["panel"]
    mx, my, mw, mh = ready["main"]
    assert not screen[py:py + ph, px:px + pw].any(), "the panel is in the evidence"
    assert not screen[my:my + mh, mx:mx + mw].any(), "the main window is in the evidence"
    assert np.array_equal(_png(tmp_path / "zone.png"), pattern)
    assert np.array_equal(_png(tmp_path / "active.png"), pattern)


def _can_grab(xvfb: XDisplay, keys: str) -> bool:
    """Whether another client can grab the combination now (nobody holds it)."""
    from Xlib import XK, X, error
    from Xlib.display import Display

    mods, key = parse_keys(keys)
    display = Display(xvfb.display)
    try:
        root = display.screen().root
        code = display.keysym_to_keycode(XK.string_to_keysym(key))
        catch = error.CatchError(error.BadAccess)
        root.grab_key(code, X.ControlMask | X.Mod1Mask, True, X.GrabModeAsync,
                      X.GrabModeAsync, onerror=catch)
        display.sync()
        ok = catch.get_error() is None
        root.ungrab_key(code, X.ControlMask | X.Mod1Mask)
        display.sync()
        return ok
    finally:
        display.close()


def hotkeys_child() -> None:
    from PySide6.QtWidgets import QApplication

    from ui.hotkeys import GlobalHotkeys

    QApplication([])
    hotkeys = GlobalHotkeys()
    problems = hotkeys.register()
    print("PROBLEMS " + json.dumps({"problems": problems,
                                    "registered": [h.keys for h in hotkeys.registered]}),
          flush=True)
    hotkeys.unregister()


def test_a_combination_held_by_another_program_is_said_in_french(xvfb: XDisplay) -> None:
    from Xlib import XK, X
    from Xlib.display import Display

    holder = Display(xvfb.display)  # "another program" holding Ctrl+Alt+R
    root = holder.screen().root
    code = holder.keysym_to_keycode(XK.string_to_keysym("r"))
    root.grab_key(code, X.ControlMask | X.Mod1Mask, True, X.GrabModeAsync, X.GrabModeAsync)
    holder.sync()
    try:
        proc = subprocess.run([sys.executable, "-c",
                               "from tests.ui.test_hotkeys import hotkeys_child; hotkeys_child()"],
                              cwd=ROOT, env=xvfb.env(), capture_output=True, text=True, timeout=60)
    finally:
        holder.close()
    line = next(ln for ln in proc.stdout.splitlines() if ln.startswith("PROBLEMS "))
    report = json.loads(line[9:])
    assert report["registered"] == ["Ctrl+Alt+S", "Ctrl+Alt+W"]
    assert report["problems"] == ["Le raccourci Ctrl+Alt+R est déjà utilisé par une autre "
                                  "application : utilisez le bouton du panneau."]


def test_wayland_without_x11_is_said_in_french() -> None:
    proc = subprocess.run([sys.executable, "-c",
                           "from tests.ui.test_hotkeys import hotkeys_child; hotkeys_child()"],
                          cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                                         "XDG_SESSION_TYPE": "wayland"},
                          capture_output=True, text=True, timeout=60)
    line = next(ln for ln in proc.stdout.splitlines() if ln.startswith("PROBLEMS "))
    (message,) = json.loads(line[9:])["problems"]
    assert message.startswith("Session Wayland : les raccourcis clavier globaux ne sont pas "
                              "disponibles.")
