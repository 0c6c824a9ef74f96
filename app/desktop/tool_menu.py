"""The tool screens behind the menus (settings, journal, checks, About), opened on the
session; each module is imported when its entry is first used."""

from __future__ import annotations

import importlib
from typing import Any

# menu key -> (module, builder); the builder takes (session, parent) and returns a dialog
TOOLS: dict[str, tuple[str, str]] = {
    "settings": ("app.desktop.settings_screen", "settings_dialog"),
    "journal": ("app.desktop.tools_screens", "journal_view"),
    "verify_vault": ("app.desktop.tools_screens", "verify_vault_dialog"),
    "verify_bundle": ("app.desktop.tools_screens", "verify_bundle_dialog"),
    "about": ("app.desktop.tools_screens", "about_dialog"),
}


def open_tool(shell: Any, key: str) -> Any:
    """Opens the tool's dialog over the main window; returns it (tests drive it)."""
    if key not in TOOLS:
        return None
    module, builder = TOOLS[key]
    dialog = getattr(importlib.import_module(module), builder)(shell.session, shell.window)
    shell.tool = dialog
    dialog.open()
    return dialog
