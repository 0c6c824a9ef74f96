"""Name and version of this software, as recorded in manifests and reports."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    VERSION = version("probant")
except PackageNotFoundError:  # running from a source tree without install
    VERSION = "0.0.0+source"

SOFTWARE = f"Probant {VERSION}"
