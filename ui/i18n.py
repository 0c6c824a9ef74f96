"""UI language: French sources, English from resources/translations/probant_en.qm.

Qt's own strings (wizard buttons, dialogs) come from Qt's translations, loaded
for the chosen language too, so "Suivant"/"Terminer" read French by default.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QTranslator
from PySide6.QtWidgets import QApplication

TRANSLATIONS = Path(__file__).resolve().parent.parent / "resources" / "translations"
_installed: list[QTranslator] = []


def _install(app: QApplication, path: str, name: str) -> bool:
    translator = QTranslator(app)
    if translator.load(name, path):
        app.installTranslator(translator)
        _installed.append(translator)
        return True
    return False


def install_translator(app: QApplication, lang: str) -> bool:
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    _install(app, qt_dir, f"qtbase_{lang}")
    if lang == "fr":
        return True
    return _install(app, str(TRANSLATIONS), f"probant_{lang}.qm")
