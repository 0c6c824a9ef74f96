"""UI language: French sources, English from resources/translations/probant_en.qm."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

TRANSLATIONS = Path(__file__).resolve().parent.parent / "resources" / "translations"
_installed: list[QTranslator] = []


def install_translator(app: QApplication, lang: str) -> bool:
    if lang == "fr":
        return True
    translator = QTranslator(app)
    if translator.load(str(TRANSLATIONS / f"probant_{lang}.qm")):
        app.installTranslator(translator)
        _installed.append(translator)
        return True
    return False
