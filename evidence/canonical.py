"""Canonical JSON (RFC 8785 style) used for every hashed or signed record.

Keys sorted, no insignificant white space, UTF-8. Floats are refused: every
number we sign is an integer (sizes, nanoseconds, pixels), which keeps the
form unambiguous across languages, as a third-party verifier needs.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def _check(value: Any) -> None:
    if isinstance(value, float):
        raise TypeError("floats are not allowed in canonical records; use integers")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError("canonical record keys must be strings")
            _check(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _check(item)


def canonical_json(value: Any) -> bytes:
    """Return the canonical UTF-8 encoding of ``value``."""
    _check(value)
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def canonical_sha256(value: Any) -> str:
    """Hex SHA-256 of the canonical form of ``value``."""
    return hashlib.sha256(canonical_json(value)).hexdigest()
