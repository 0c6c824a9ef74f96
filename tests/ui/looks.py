"""Screenshots the tests look at: saved for a person under test-output/<worker>/ui/, and
checked by the test from the very bytes written (issue 20, point 7).

``look_at(widget, name, shows=...)`` grabs the widget, writes the PNG and checks that
- the picture is drawn: many colours, no single colour over 95 % of it (a blank, black
  or one-tone window fails; a sparse screen such as the login may allow more);
- each widget named in ``shows`` is on the picture where the layout put it, and drawn:
  its rectangle holds several colours (text, a frame, a field), not the bare background;
- each ``(widget, (r, g, b))`` in ``tinted`` has that colour as its most common one
  within a tolerance (a red DEMO band, an amber warning).
It returns the picture (Pillow, RGB) for further checks.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, QPoint
from PySide6.QtWidgets import QWidget

from tests.fixtures.output import worker_output_dir

OUT = worker_output_dir("ui")
Rgb = tuple[int, int, int]


def look_at(widget: QWidget, name: str, *, shows: Sequence[QWidget] = (),
            tinted: Sequence[tuple[QWidget, Rgb]] = (), folder: Path | None = None,
            min_colours: int = 16, max_share: float = 0.95) -> Image.Image:
    shot = look_at_png(_grab_png(widget), name, folder=folder, min_colours=min_colours,
                       max_share=max_share)
    for child in shows:
        region = _region(shot, widget, child, name)
        drawn = region.getcolors(maxcolors=1 << 20) or []
        assert len(drawn) >= 3, (name, _label(child), "not drawn", len(drawn))
    for child, rgb in tinted:
        found = _most_common(_region(shot, widget, child, name))
        assert _close(found, rgb), (name, _label(child), "colour", found, "wanted", rgb)
    return shot


def look_at_png(png: bytes, name: str, *, folder: Path | None = None, min_colours: int = 16,
                max_share: float = 0.95) -> Image.Image:
    """A picture that is no widget of this process (a frame of a film, another process's
    window): saved, then checked from the bytes written, as ``look_at`` does."""
    path = (folder or OUT) / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png)
    shot = Image.open(io.BytesIO(png)).convert("RGB")
    colours = shot.getcolors(maxcolors=1 << 22) or []
    assert len(colours) >= min_colours, (name, "few colours", len(colours))
    share = max(count for count, _ in colours) / (shot.width * shot.height)
    assert share < max_share, (name, "one colour fills the picture", round(share, 3))
    return shot


def _grab_png(widget: QWidget) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert widget.grab().save(buffer, "PNG")
    return bytes(buffer.data().data())


def _region(shot: Image.Image, top: QWidget, child: QWidget, name: str) -> Image.Image:
    assert child.isVisible(), (name, _label(child), "hidden")
    origin = child.mapTo(top, QPoint(0, 0)) if child is not top else QPoint(0, 0)
    box = (origin.x(), origin.y(), origin.x() + child.width(), origin.y() + child.height())
    assert box[0] >= 0 and box[1] >= 0 and box[2] <= shot.width and box[3] <= shot.height, (
        name, _label(child), "outside the picture", box, shot.size)
    assert box[2] > box[0] and box[3] > box[1], (name, _label(child), "empty", box)
    return shot.crop(box)


def _most_common(region: Image.Image) -> Rgb:
    colours: list[tuple[int, Rgb]] = region.getcolors(maxcolors=1 << 20) or []  # type: ignore[assignment]
    return max(colours)[1]


def _close(found: Rgb, wanted: Rgb, tolerance: int = 40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(found, wanted, strict=True))


def _label(widget: QWidget) -> str:
    return widget.accessibleName() or widget.objectName() or type(widget).__name__
