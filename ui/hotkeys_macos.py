"""macOS global hotkeys: Carbon's ``RegisterEventHotKey``, through ctypes.

Still the call Apple documents for a hotkey that works while another application has
the focus, without the Accessibility permission an event tap needs; the key press
arrives as a Carbon event on the main thread, which Qt's Cocoa event loop dispatches.
Every foreign function has its argument and result types declared.

A hotkey is registered by *virtual key code*, a key's position. French Macs are AZERTY,
where the key that types "W" sits where QWERTY has "Z": so the code is looked up
through the current keyboard layout (``UCKeyTranslate`` over every key), and the
QWERTY (ANSI) positions are used only when the layout cannot be read.

Not run in this project's CI (no macOS machine); ``ANSI_KEY_CODES`` and ``four_cc`` are
tested everywhere.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from typing import Any

# Carbon's kVK_ANSI_* (Events.h): key positions on a US keyboard.
ANSI_KEY_CODES: dict[str, int] = {
    "a": 0x00, "s": 0x01, "d": 0x02, "f": 0x03, "h": 0x04, "g": 0x05, "z": 0x06, "x": 0x07,
    "c": 0x08, "v": 0x09, "b": 0x0B, "q": 0x0C, "w": 0x0D, "e": 0x0E, "r": 0x0F, "y": 0x10,
    "t": 0x11, "1": 0x12, "2": 0x13, "3": 0x14, "4": 0x15, "6": 0x16, "5": 0x17, "9": 0x19,
    "7": 0x1A, "8": 0x1C, "0": 0x1D, "o": 0x1F, "u": 0x20, "i": 0x22, "p": 0x23, "l": 0x25,
    "j": 0x26, "k": 0x28, "n": 0x2D, "m": 0x2E,
}
# Carbon modifier bits (Events.h): cmdKey, shiftKey, optionKey, controlKey.
MODIFIER_BITS = {"meta": 0x0100, "shift": 0x0200, "alt": 0x0800, "ctrl": 0x1000}


def four_cc(code: str) -> int:
    """'keyb' -> the 32-bit OSType Carbon compares."""
    data = code.encode("ascii")
    if len(data) != 4:
        raise ValueError(code)
    return int.from_bytes(data, "big")


class _EventTypeSpec(ctypes.Structure):
    _fields_ = [("eventClass", ctypes.c_uint32), ("eventKind", ctypes.c_uint32)]


class _EventHotKeyID(ctypes.Structure):
    _fields_ = [("signature", ctypes.c_uint32), ("id", ctypes.c_uint32)]


_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)
_SIGNATURE = four_cc("PRBT")
_EVENT_NOT_HANDLED = -9874  # eventNotHandledErr: let other handlers see the event


def _carbon() -> Any:
    carbon = ctypes.CDLL("/System/Library/Frameworks/Carbon.framework/Carbon")
    carbon.GetApplicationEventTarget.argtypes = []
    carbon.GetApplicationEventTarget.restype = ctypes.c_void_p
    carbon.InstallEventHandler.argtypes = [ctypes.c_void_p, _HANDLER, ctypes.c_ulong,
                                           ctypes.POINTER(_EventTypeSpec), ctypes.c_void_p,
                                           ctypes.POINTER(ctypes.c_void_p)]
    carbon.InstallEventHandler.restype = ctypes.c_int32
    carbon.RemoveEventHandler.argtypes = [ctypes.c_void_p]
    carbon.RemoveEventHandler.restype = ctypes.c_int32
    carbon.RegisterEventHotKey.argtypes = [ctypes.c_uint32, ctypes.c_uint32, _EventHotKeyID,
                                           ctypes.c_void_p, ctypes.c_uint32,
                                           ctypes.POINTER(ctypes.c_void_p)]
    carbon.RegisterEventHotKey.restype = ctypes.c_int32
    carbon.UnregisterEventHotKey.argtypes = [ctypes.c_void_p]
    carbon.UnregisterEventHotKey.restype = ctypes.c_int32
    carbon.GetEventParameter.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_uint32,
                                         ctypes.c_void_p, ctypes.c_ulong, ctypes.c_void_p,
                                         ctypes.c_void_p]
    carbon.GetEventParameter.restype = ctypes.c_int32
    return carbon


def layout_key_codes() -> dict[str, int]:
    """Character -> key code in the current keyboard layout (UCKeyTranslate, no modifier)."""
    frameworks = "/System/Library/Frameworks/"
    carbon = ctypes.CDLL(frameworks + "Carbon.framework/Carbon")
    cf = ctypes.CDLL(frameworks + "CoreFoundation.framework/CoreFoundation")
    carbon.TISCopyCurrentKeyboardLayoutInputSource.argtypes = []
    carbon.TISCopyCurrentKeyboardLayoutInputSource.restype = ctypes.c_void_p
    carbon.TISGetInputSourceProperty.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    carbon.TISGetInputSourceProperty.restype = ctypes.c_void_p
    carbon.LMGetKbdType.argtypes = []
    carbon.LMGetKbdType.restype = ctypes.c_uint8
    carbon.UCKeyTranslate.argtypes = [
        ctypes.c_void_p, ctypes.c_uint16, ctypes.c_uint16, ctypes.c_uint32, ctypes.c_uint32,
        ctypes.c_uint32, ctypes.POINTER(ctypes.c_uint32), ctypes.c_ulong,
        ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_uint16)]
    carbon.UCKeyTranslate.restype = ctypes.c_int32
    cf.CFDataGetBytePtr.argtypes = [ctypes.c_void_p]
    cf.CFDataGetBytePtr.restype = ctypes.c_void_p
    cf.CFRelease.argtypes = [ctypes.c_void_p]
    cf.CFRelease.restype = None
    key_layout_data = ctypes.c_void_p.in_dll(carbon, "kTISPropertyUnicodeKeyLayoutData")
    key_action_display, no_dead_keys = 3, 1  # kUCKeyActionDisplay, 1 << kUCKeyTranslateNoDeadKeysBit

    source = carbon.TISCopyCurrentKeyboardLayoutInputSource()
    if not source:
        return {}
    codes: dict[str, int] = {}
    try:
        data = carbon.TISGetInputSourceProperty(source, key_layout_data)
        layout = cf.CFDataGetBytePtr(data) if data else None
        if not layout:
            return {}
        keyboard = carbon.LMGetKbdType()
        for code in range(128):
            dead, length = ctypes.c_uint32(0), ctypes.c_ulong(0)
            chars = (ctypes.c_uint16 * 4)()
            if carbon.UCKeyTranslate(layout, code, key_action_display, 0, keyboard,
                                     no_dead_keys, ctypes.byref(dead), 4, ctypes.byref(length),
                                     chars) == 0 and length.value == 1:
                codes.setdefault(chr(chars[0]).lower(), code)
    finally:
        cf.CFRelease(source)
    return codes


class MacHotkeys:
    """The backend ``ui.hotkeys.GlobalHotkeys`` uses on macOS (same grab/release_all)."""

    def __init__(self, fire: Callable[[int], None]) -> None:
        self._carbon = _carbon()
        self._fire = fire
        self._target = self._carbon.GetApplicationEventTarget()
        self._refs: list[ctypes.c_void_p] = []
        try:
            self._codes = layout_key_codes() or dict(ANSI_KEY_CODES)
        except (OSError, AttributeError, ValueError):  # no layout data: ANSI positions
            self._codes = dict(ANSI_KEY_CODES)
        self._callback = _HANDLER(self._on_event)  # kept: Carbon holds only the pointer
        self._handler = ctypes.c_void_p()
        pressed = _EventTypeSpec(four_cc("keyb"), 5)  # kEventClassKeyboard, kEventHotKeyPressed
        status = self._carbon.InstallEventHandler(self._target, self._callback, 1,
                                                  ctypes.byref(pressed), None,
                                                  ctypes.byref(self._handler))
        if status != 0:
            raise OSError(f"InstallEventHandler: OSStatus {status}")

    def _on_event(self, _call: Any, event: Any, _data: Any) -> int:
        hotkey = _EventHotKeyID()
        status = self._carbon.GetEventParameter(
            event, four_cc("----"), four_cc("hkid"), None,  # kEventParamDirectObject
            ctypes.sizeof(hotkey), None, ctypes.byref(hotkey))
        if status != 0 or hotkey.signature != _SIGNATURE:
            return _EVENT_NOT_HANDLED
        self._fire(int(hotkey.id))
        return 0

    def grab(self, ident: int, mods: frozenset[str], key: str) -> bool:
        code = self._codes.get(key)
        if code is None:
            return False
        flags = 0
        for name in mods:
            flags |= MODIFIER_BITS[name]
        ref = ctypes.c_void_p()
        # macOS does not refuse a combination another application registered (both get
        # it); it refuses only one this application already holds.
        status = self._carbon.RegisterEventHotKey(code, flags, _EventHotKeyID(_SIGNATURE, ident),
                                                  self._target, 0, ctypes.byref(ref))
        if status != 0:
            return False
        self._refs.append(ref)
        return True

    def release_all(self) -> None:
        for ref in self._refs:
            self._carbon.UnregisterEventHotKey(ref)
        self._refs.clear()
        if self._handler:
            self._carbon.RemoveEventHandler(self._handler)
            self._handler = ctypes.c_void_p()
