"""Probant's version, from the installed package metadata (pyproject.toml)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    VERSION = version("probant")
except PackageNotFoundError:  # running from a source tree without install
    VERSION = "0.0.0+source"
