"""The application icon for each platform's installer, drawn from the one SVG source.

    python installer/make_icons.py          # writes build/icons/probant.ico, .icns, .png

Qt renders resources/icons/probant.svg at each size the platforms ask for (Windows .ico:
16-256 px; macOS .icns: 16-1024 px); Pillow packs them. The spec (installer/probant.spec)
uses build/icons/ when present. Offscreen: no display needed.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "resources" / "icons" / "probant.svg"
OUT = ROOT / "build" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render(size: int) -> bytes:
    """The SVG as a PNG of ``size`` × ``size`` pixels, transparent background."""
    from PySide6.QtCore import QBuffer, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(SOURCE)).render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    largest = Image.open(io.BytesIO(render(1024)))
    largest.save(OUT / "probant.png")
    largest.save(OUT / "probant.ico", sizes=[(s, s) for s in ICO_SIZES])
    largest.save(OUT / "probant.icns", sizes=[(s, s) for s in ICNS_SIZES])
    for name in ("probant.ico", "probant.icns", "probant.png"):
        print(OUT / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
