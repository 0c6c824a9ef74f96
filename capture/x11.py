"""What the X server says about the session, read over the X protocol (python-xlib).

A screenshot records the active window's title and the declared HiDPI scale. Both
used to be read by running xprop and xrdb: programs forked per shot, competing
with the PNG encode for the workstation's cores. The same properties are read
here without a child process: _NET_ACTIVE_WINDOW and _NET_WM_NAME (set by the
window manager, EWMH) and the root window's RESOURCE_MANAGER (the resources
``xrdb -query`` prints). The connection is kept, per DISPLAY: opening one costs
python-xlib a score of round trips and 8 ms of Python parsing the server's setup
(measured on Xvfb), against 0.4 ms for the reads themselves; after any error it
is dropped and the read is tried once more on a fresh one.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from typing import Any, TypeVar

_UNKNOWN_WINDOW = 0
T = TypeVar("T")

_lock = threading.Lock()  # one reader at a time on the kept connection
_kept: dict[str, Any] = {}  # DISPLAY -> python-xlib Display


def _ask(read: Callable[[Any], T]) -> T:
    """``read(display)`` on the kept connection to the current DISPLAY."""
    from Xlib.display import Display

    name = os.environ.get("DISPLAY", "")
    with _lock:
        for attempt in (1, 2):
            display = _kept.get(name)
            if display is None:
                display = _kept[name] = Display(name or None)
            try:
                return read(display)
            except Exception:
                _kept.pop(name, None)
                try:
                    display.close()
                except Exception:
                    pass  # already broken: closing it is best effort
                if attempt == 2:
                    raise
    raise AssertionError("unreachable")


def _property(display: Any, window: Any, name: str, kind: Any) -> Any:
    atom = display.intern_atom(name, only_if_exists=True)
    if not atom:
        return None
    return window.get_full_property(atom, kind)


def active_window_id(display: Any) -> int:
    """The window manager's _NET_ACTIVE_WINDOW; 0 without a window manager or a focus."""
    from Xlib import Xatom

    prop = _property(display, display.screen().root, "_NET_ACTIVE_WINDOW", Xatom.WINDOW)
    if prop is None or len(prop.value) == 0:
        return _UNKNOWN_WINDOW
    return int(prop.value[0])


def window_title(display: Any, window_id: int) -> str | None:
    """_NET_WM_NAME (UTF-8), else the ICCCM WM_NAME; None when the window has neither."""
    from Xlib import Xatom, error

    window = display.create_resource_object("window", window_id)
    try:
        utf8 = display.intern_atom("UTF8_STRING")
        prop = _property(display, window, "_NET_WM_NAME", utf8)
        if prop is not None and prop.value:
            return _text(prop.value, "utf-8")
        legacy = window.get_full_property(Xatom.WM_NAME, 0)  # any type (STRING, COMPOUND_TEXT)
    except error.XError:  # the window closed meanwhile
        return None
    if legacy is None or not legacy.value:
        return None
    return _text(legacy.value, "latin-1")


def _text(value: Any, encoding: str) -> str:
    raw = value if isinstance(value, bytes) else str(value).encode(encoding, "replace")
    return raw.decode(encoding, "replace")


def active_window_title() -> tuple[str, str]:
    """(title, how it was read); "unknown" with the reason when the session does not say."""
    def read(display: Any) -> tuple[int, str | None]:
        window_id = active_window_id(display)
        if window_id == _UNKNOWN_WINDOW:
            return window_id, None
        return window_id, window_title(display, window_id)

    window_id, title = _ask(read)
    if window_id == _UNKNOWN_WINDOW:
        return "unknown", "X11: no _NET_ACTIVE_WINDOW (no window manager?)"
    if title is None:
        return "unknown", f"X11: active window {hex(window_id)} has no name"
    return title, "X11 _NET_ACTIVE_WINDOW + _NET_WM_NAME"


def xft_dpi() -> int | None:
    """Xft.dpi from the root window's resources (what ``xrdb -query`` shows), if set."""
    from Xlib import Xatom

    prop = _ask(lambda display: _property(display, display.screen().root, "RESOURCE_MANAGER",
                                          Xatom.STRING))
    if prop is None or not prop.value:
        return None
    found = re.search(r"^Xft\.dpi:\s*(\d+)\s*$", _text(prop.value, "latin-1"), re.M)
    return int(found.group(1)) if found else None


class WindowGone(LookupError):
    """No such window on the X server (never existed, or closed)."""


def window_geometry(window_id: int) -> tuple[int, int, int, int, str]:
    """(left, top, width, height, title) of a window's inside, in root coordinates.

    What ``xwininfo -id`` calls "Absolute upper-left" and the size: the window's own
    area, without the frame a window manager draws around it.
    """
    from Xlib import error

    def read(display: Any) -> tuple[int, int, int, int, str] | None:
        window = display.create_resource_object("window", window_id)
        try:
            geometry = window.get_geometry()
            origin = window.translate_coords(display.screen().root, 0, 0)
        except (error.BadWindow, error.BadDrawable, error.BadMatch):
            return None  # an answer, not a broken connection: not retried
        # translate_coords gives the root's origin in the window's coordinates.
        return (-origin.x, -origin.y, geometry.width, geometry.height,
                window_title(display, window_id) or "")

    found = _ask(read)
    if found is None:
        raise WindowGone(hex(window_id))
    return found
