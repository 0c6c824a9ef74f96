"""The parts of the macOS hotkey backend that do not need a Mac: key positions, codes."""

from __future__ import annotations

import string

from ui.hotkeys import DEFAULT_HOTKEYS, parse_keys
from ui.hotkeys_macos import ANSI_KEY_CODES, MODIFIER_BITS, four_cc


def test_every_letter_and_digit_has_its_own_ansi_position() -> None:
    assert set(ANSI_KEY_CODES) == set(string.ascii_lowercase + string.digits)
    assert len(set(ANSI_KEY_CODES.values())) == len(ANSI_KEY_CODES)
    assert all(0 <= code < 0x80 for code in ANSI_KEY_CODES.values())


def test_the_default_hotkeys_are_expressible_on_macos() -> None:
    for hotkey in DEFAULT_HOTKEYS:
        mods, key = parse_keys(hotkey.keys)
        assert key in ANSI_KEY_CODES and mods <= set(MODIFIER_BITS)
    bits = list(MODIFIER_BITS.values())
    assert all(b & (b - 1) == 0 for b in bits) and len(set(bits)) == len(bits)  # one bit each


def test_four_character_codes_are_big_endian() -> None:
    assert four_cc("keyb") == 0x6B657962
    assert four_cc("----") == 0x2D2D2D2D
