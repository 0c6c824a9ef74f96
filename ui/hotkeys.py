"""Global hotkeys: capture while another application (the browser) has the focus.

The key combinations are *grabbed* from the system, not merely listened to:
the focused application never receives them (Ctrl+Alt+S must not also act on
the page being established), and a combination another program already holds
is reported instead of silently shared. Hence no keyboard hook library
(pynput listens without grabbing, needs evdev on Linux and the Accessibility
permission on macOS) but each system's own hotkey call:

- X11: ``XGrabKey`` on the root window (python-xlib, on its own connection); the
  connection's socket is watched by a ``QSocketNotifier``, so the events are read,
  and ``triggered`` emitted, on the GUI thread. NumLock and CapsLock are grabbed
  in every state, otherwise the hotkey dies when NumLock is on.
- Windows: ``RegisterHotKey`` from the GUI thread; ``WM_HOTKEY`` arrives in that
  thread's queue and is picked up by a native event filter (not run here: no
  Windows machine in this project's CI).
- macOS: Carbon's ``RegisterEventHotKey``, the key looked up in the current keyboard
  layout (AZERTY), in ``ui.hotkeys_macos`` (not run here: no macOS machine in CI).
  ``Ctrl`` there is the Control key, not Command: Ctrl+Alt+S is Control+Option+S.
- Wayland has no global grab for clients (only portals): said in French, and the
  panel's buttons still work.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractNativeEventFilter,
    QCoreApplication,
    QObject,
    QSocketNotifier,
    Signal,
)
from PySide6.QtGui import QGuiApplication


@dataclass(frozen=True)
class Hotkey:
    action: str  # "screen", "region", "window": what the capture panel does
    keys: str  # "Ctrl+Alt+S": modifiers then one letter or digit


# The defaults, in one place (not a setting yet): letters that browsers and office
# programs leave free with Ctrl+Alt.
DEFAULT_HOTKEYS: tuple[Hotkey, ...] = (
    Hotkey("screen", "Ctrl+Alt+S"),
    Hotkey("region", "Ctrl+Alt+R"),
    Hotkey("window", "Ctrl+Alt+W"),
)

_MODIFIERS = ("ctrl", "alt", "shift", "meta")


def parse_keys(keys: str) -> tuple[frozenset[str], str]:
    """"Ctrl+Alt+S" -> ({"ctrl", "alt"}, "s"). Raises ValueError on anything else."""
    parts = [p.strip().lower() for p in keys.split("+")]
    *mods, key = parts
    if not mods or any(m not in _MODIFIERS for m in mods) or len(key) != 1 or not key.isalnum():
        raise ValueError(f"hotkey must be modifiers + one letter or digit, not {keys!r}")
    return frozenset(mods), key


class _Backend:
    def grab(self, ident: int, mods: frozenset[str], key: str) -> bool:
        raise NotImplementedError

    def release_all(self) -> None:
        raise NotImplementedError


class GlobalHotkeys(QObject):
    """Registers the hotkeys; ``triggered(action)`` fires on the GUI thread."""

    triggered = Signal(str)

    def __init__(self, hotkeys: Sequence[Hotkey] = DEFAULT_HOTKEYS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hotkeys = tuple(hotkeys)
        self.registered: tuple[Hotkey, ...] = ()
        self._backend: _Backend | None = None

    def register(self) -> list[str]:
        """Grabs every hotkey it can; returns French messages for those it could not."""
        self.unregister()
        backend, problem = self._make_backend()
        if backend is None:
            return [problem]
        problems, done = [], []
        for ident, hotkey in enumerate(self.hotkeys, start=1):
            mods, key = parse_keys(hotkey.keys)
            if backend.grab(ident, mods, key):
                done.append(hotkey)
            else:
                problems.append(self.tr("Le raccourci {keys} est déjà utilisé par une autre "
                                        "application : utilisez le bouton du panneau.").format(
                                            keys=hotkey.keys))
        self._backend, self.registered = backend, tuple(done)
        return problems

    def unregister(self) -> None:
        if self._backend is not None:
            self._backend.release_all()
            self._backend = None
        self.registered = ()

    def _fire(self, ident: int) -> None:
        if 1 <= ident <= len(self.hotkeys) and self.hotkeys[ident - 1] in self.registered:
            self.triggered.emit(self.hotkeys[ident - 1].action)

    def _make_backend(self) -> tuple[_Backend | None, str]:
        platform_name = QGuiApplication.platformName()
        if platform_name == "wayland" or (os.environ.get("XDG_SESSION_TYPE") == "wayland"
                                          and platform_name != "xcb"):
            return None, self.tr("Session Wayland : les raccourcis clavier globaux ne sont pas "
                                 "disponibles. Utilisez les boutons du panneau, ou ouvrez une "
                                 "session X11 (« Ubuntu sur Xorg »).")
        if sys.platform == "win32":
            return _WindowsBackend(self._fire), ""
        if sys.platform == "darwin":
            try:
                from ui.hotkeys_macos import MacHotkeys

                return MacHotkeys(self._fire), ""  # type: ignore[return-value]
            except Exception as exc:  # Carbon missing or refusing: said, never fatal
                return None, self.tr("Raccourcis clavier globaux indisponibles ({detail}). "
                                     "Utilisez les boutons du panneau.").format(detail=exc)
        if sys.platform.startswith("linux") and platform_name == "xcb":
            try:
                return _X11Backend(self._fire, self), ""
            except Exception as exc:  # no X server, no python-xlib: said, never fatal
                return None, self.tr("Raccourcis clavier globaux indisponibles ({detail}). "
                                     "Utilisez les boutons du panneau.").format(detail=exc)
        return None, self.tr("Raccourcis clavier globaux non disponibles sur ce système "
                             "({platform}). Utilisez les boutons du panneau.").format(
                                 platform=f"{sys.platform}/{platform_name}")


class _X11Backend(_Backend):
    def __init__(self, fire: Any, parent: QObject) -> None:
        from Xlib import X
        from Xlib.display import Display

        self._x = X
        # Our own connection: Qt's xcb connection is not reachable from Python, and a
        # separate one keeps our grabs and events apart from Qt's.
        self._display = Display(os.environ.get("DISPLAY"))
        self._root = self._display.screen().root
        self._fire = fire
        self._grabs: dict[tuple[int, int], int] = {}  # (keycode, modifiers) -> ident
        self._notifier = QSocketNotifier(self._display.fileno(), QSocketNotifier.Type.Read, parent)
        self._notifier.activated.connect(self._read)

    def _lock_variants(self, mask: int) -> list[int]:
        X = self._x
        num_lock = X.Mod2Mask  # NumLock on every usual keymap
        return [mask | extra for extra in (0, X.LockMask, num_lock, X.LockMask | num_lock)]

    def grab(self, ident: int, mods: frozenset[str], key: str) -> bool:
        from Xlib import XK, error

        X = self._x
        mask = 0
        for name, bit in (("ctrl", X.ControlMask), ("alt", X.Mod1Mask),
                          ("shift", X.ShiftMask), ("meta", X.Mod4Mask)):
            if name in mods:
                mask |= bit
        keycode = self._display.keysym_to_keycode(XK.string_to_keysym(key))
        if not keycode:
            return False
        catch = error.CatchError(error.BadAccess)
        variants = self._lock_variants(mask)
        for variant in variants:
            self._root.grab_key(keycode, variant, True, X.GrabModeAsync, X.GrabModeAsync,
                                onerror=catch)
        self._display.sync()  # BadAccess (already grabbed elsewhere) arrives asynchronously
        if catch.get_error():
            for variant in variants:
                self._root.ungrab_key(keycode, variant)
            self._display.sync()
            return False
        for variant in variants:
            self._grabs[(keycode, variant)] = ident
        self._read()  # events read during sync() would not wake the notifier
        return True

    def _read(self, *_: Any) -> None:
        X = self._x
        while self._display.pending_events():
            event = self._display.next_event()
            if event.type != X.KeyPress:
                continue
            # Only the modifiers we grabbed with: pointer buttons' bits are not part of it.
            state = event.state & (X.ShiftMask | X.LockMask | X.ControlMask | X.Mod1Mask
                                   | X.Mod2Mask | X.Mod4Mask)
            ident = self._grabs.get((event.detail, state))
            if ident is not None:
                self._fire(ident)

    def release_all(self) -> None:
        self._notifier.setEnabled(False)
        for keycode, variant in self._grabs:
            self._root.ungrab_key(keycode, variant)
        self._grabs.clear()
        try:
            self._display.close()  # flushes the ungrabs
        except Exception:  # noqa: S110 - the X server may already be gone at exit
            pass
        self._notifier.deleteLater()


class _WindowsFilter(QAbstractNativeEventFilter):
    WM_HOTKEY = 0x0312

    def __init__(self, fire: Any) -> None:
        super().__init__()
        self._fire = fire

    def nativeEventFilter(self, eventType: Any, message: int) -> object:  # noqa: N802 - Qt
        if bytes(eventType) in (b"windows_generic_MSG", b"windows_dispatcher_MSG"):
            from ctypes import wintypes

            msg = wintypes.MSG.from_address(int(message))
            if msg.message == self.WM_HOTKEY:
                self._fire(int(msg.wParam))
                return True, 0
        return False, 0


class _WindowsBackend(_Backend):
    _MODS = {"alt": 0x1, "ctrl": 0x2, "shift": 0x4, "meta": 0x8}
    MOD_NOREPEAT = 0x4000  # holding the keys down does not capture again and again

    def __init__(self, fire: Any) -> None:
        import ctypes

        self._user32 = ctypes.WinDLL("user32", use_last_error=True)  # type: ignore[attr-defined]
        self._ids: list[int] = []
        self._filter = _WindowsFilter(fire)
        app = QCoreApplication.instance()
        if app is not None:
            app.installNativeEventFilter(self._filter)

    def grab(self, ident: int, mods: frozenset[str], key: str) -> bool:
        flags = self.MOD_NOREPEAT
        for name in mods:
            flags |= self._MODS[name]
        # hWnd NULL: WM_HOTKEY is posted to this (the GUI) thread's message queue.
        if not self._user32.RegisterHotKey(None, ident, flags, ord(key.upper())):
            return False
        self._ids.append(ident)
        return True

    def release_all(self) -> None:
        for ident in self._ids:
            self._user32.UnregisterHotKey(None, ident)
        self._ids.clear()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeNativeEventFilter(self._filter)
