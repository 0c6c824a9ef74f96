"""Where a window is, by its id, asked of the system that draws it.

One function per system behind ``find_window``; the shot then grabs that area of the
screen (mss), so what is recorded is what the officer saw there.

- X11: the window's inside in root coordinates, over the X protocol (``capture.x11``),
  run by the tests on Xvfb.
- Windows: the visible frame (DWM's extended frame bounds, which leave out the invisible
  resize borders ``GetWindowRect`` adds since Windows 10), in physical pixels, as mss
  grabs; the id is the window handle (HWND).
- macOS: Quartz's window list (``CGWindowListCopyWindowInfo``), bounds in points, the
  unit mss takes on macOS; the id is the window number. The title is empty unless the
  Screen Recording permission was granted, as macOS wants.

The Windows and macOS functions use only documented system calls through ctypes, with
every argument and result type declared; they have not been run in this project's CI
(no such machine), which the documentation says.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass


class WindowNotFound(LookupError):
    """No window with this id (never existed, or closed)."""


@dataclass(frozen=True)
class WindowPlace:
    left: int
    top: int
    width: int
    height: int
    title: str
    method: str  # how it was read, recorded with the shot


def find_window(window_id: int) -> WindowPlace:
    if sys.platform.startswith("linux"):
        from capture import x11

        try:
            left, top, width, height, title = x11.window_geometry(window_id)
        except x11.WindowGone as exc:
            raise WindowNotFound(hex(window_id)) from exc
        return WindowPlace(left, top, width, height, title, "X11 GetGeometry + TranslateCoords")
    if sys.platform == "win32":
        return _win32_window(window_id)
    if sys.platform == "darwin":
        return _quartz_window(window_id)
    raise NotImplementedError(sys.platform)


def _win32_window(handle: int) -> WindowPlace:
    import ctypes
    from ctypes import wintypes

    user32 = ctypes.WinDLL("user32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
    dwmapi = ctypes.WinDLL("dwmapi")  # type: ignore[attr-defined,unused-ignore]
    user32.IsWindow.argtypes = [wintypes.HWND]
    user32.IsWindow.restype = wintypes.BOOL
    user32.GetWindowRect.argtypes = [wintypes.HWND, ctypes.POINTER(wintypes.RECT)]
    user32.GetWindowRect.restype = wintypes.BOOL
    user32.GetWindowTextLengthW.argtypes = [wintypes.HWND]
    user32.GetWindowTextLengthW.restype = ctypes.c_int
    user32.GetWindowTextW.argtypes = [wintypes.HWND, wintypes.LPWSTR, ctypes.c_int]
    user32.GetWindowTextW.restype = ctypes.c_int
    dwmapi.DwmGetWindowAttribute.argtypes = [wintypes.HWND, wintypes.DWORD, wintypes.LPVOID,
                                             wintypes.DWORD]
    dwmapi.DwmGetWindowAttribute.restype = ctypes.c_long  # HRESULT
    hwnd = wintypes.HWND(handle)
    if not user32.IsWindow(hwnd):
        raise WindowNotFound(hex(handle))
    rect = wintypes.RECT()
    extended_frame_bounds = 9  # DWMWA_EXTENDED_FRAME_BOUNDS
    method = "Win32 DwmGetWindowAttribute(EXTENDED_FRAME_BOUNDS)"
    if dwmapi.DwmGetWindowAttribute(hwnd, extended_frame_bounds, ctypes.byref(rect),
                                    ctypes.sizeof(rect)) != 0:
        method = "Win32 GetWindowRect"  # composition off (Windows 7 basic theme)
        if not user32.GetWindowRect(hwnd, ctypes.byref(rect)):
            raise WindowNotFound(hex(handle))
    length = user32.GetWindowTextLengthW(hwnd)
    text = ctypes.create_unicode_buffer(length + 1)
    user32.GetWindowTextW(hwnd, text, length + 1)
    return WindowPlace(rect.left, rect.top, rect.right - rect.left, rect.bottom - rect.top,
                       text.value, method)


def _quartz_window(number: int) -> WindowPlace:
    import ctypes

    class CGRect(ctypes.Structure):
        _fields_ = [("x", ctypes.c_double), ("y", ctypes.c_double),
                    ("width", ctypes.c_double), ("height", ctypes.c_double)]

    frameworks = "/System/Library/Frameworks/"
    cg = ctypes.CDLL(frameworks + "CoreGraphics.framework/CoreGraphics")
    cf = ctypes.CDLL(frameworks + "CoreFoundation.framework/CoreFoundation")
    cg.CGWindowListCopyWindowInfo.argtypes = [ctypes.c_uint32, ctypes.c_uint32]
    cg.CGWindowListCopyWindowInfo.restype = ctypes.c_void_p
    cg.CGRectMakeWithDictionaryRepresentation.argtypes = [ctypes.c_void_p,
                                                          ctypes.POINTER(CGRect)]
    cg.CGRectMakeWithDictionaryRepresentation.restype = ctypes.c_bool
    cf.CFArrayGetCount.argtypes = [ctypes.c_void_p]
    cf.CFArrayGetCount.restype = ctypes.c_long
    cf.CFArrayGetValueAtIndex.argtypes = [ctypes.c_void_p, ctypes.c_long]
    cf.CFArrayGetValueAtIndex.restype = ctypes.c_void_p
    cf.CFStringCreateWithCString.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint32]
    cf.CFStringCreateWithCString.restype = ctypes.c_void_p
    cf.CFDictionaryGetValue.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    cf.CFDictionaryGetValue.restype = ctypes.c_void_p
    cf.CFStringGetCString.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_long,
                                      ctypes.c_uint32]
    cf.CFStringGetCString.restype = ctypes.c_bool
    cf.CFRelease.argtypes = [ctypes.c_void_p]
    cf.CFRelease.restype = None
    utf8 = 0x08000100  # kCFStringEncodingUTF8
    including_window = 1 << 3  # kCGWindowListOptionIncludingWindow: this window only

    windows = cg.CGWindowListCopyWindowInfo(including_window, number)
    if not windows:
        raise WindowNotFound(str(number))
    keys: list[int] = []
    try:
        if cf.CFArrayGetCount(windows) < 1:
            raise WindowNotFound(str(number))
        info = cf.CFArrayGetValueAtIndex(windows, 0)

        def value(name: bytes) -> int | None:
            keys.append(cf.CFStringCreateWithCString(None, name, utf8))
            return cf.CFDictionaryGetValue(info, keys[-1])  # type: ignore[no-any-return]

        bounds, rect = value(b"kCGWindowBounds"), CGRect()
        if not bounds or not cg.CGRectMakeWithDictionaryRepresentation(bounds,
                                                                        ctypes.byref(rect)):
            raise WindowNotFound(str(number))
        title, name = "", value(b"kCGWindowName")
        if name:
            text = ctypes.create_string_buffer(4096)
            if cf.CFStringGetCString(name, text, len(text), utf8):
                title = text.value.decode("utf-8", "replace")
    finally:
        for key in keys:
            if key:
                cf.CFRelease(key)
        cf.CFRelease(windows)
    return WindowPlace(round(rect.x), round(rect.y), round(rect.width), round(rect.height),
                       title, "Quartz CGWindowListCopyWindowInfo")
