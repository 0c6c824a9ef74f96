"""Probant's version (from the package metadata, see evidence/software.py)."""

from __future__ import annotations

from evidence.software import VERSION

__all__ = ["VERSION"]
