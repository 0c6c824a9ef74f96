"""An error that ends a command while its progress line is drawn starts on a line of its own
(« export   3 % » then « probant: … » below it, not glued to it)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from app.cli.context import PROGRESS_LINE, GlobalOptions
from app.cli.runner import _fail
from app.cli.sync_commands import transfer_progress
from evidence.errors import BadInput


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_an_error_after_an_open_progress_line_goes_below_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stream = _Terminal()
    draw = transfer_progress("envoi", stream=stream, clock=iter(range(100)).__next__)
    draw(10, 100)
    assert PROGRESS_LINE.open and not stream.getvalue().endswith("\n")
    opts = GlobalOptions(home=tmp_path, demo=False, json=False, lang="fr")
    assert _fail(opts, BadInput("x")) == 2
    assert capsys.readouterr().err.startswith("\nprobant: ")
    assert not PROGRESS_LINE.open
    draw(100, 100)  # a finished line ends itself: the next error needs no blank line
    assert not PROGRESS_LINE.open and stream.getvalue().endswith("\n")
    _fail(opts, BadInput("x"))
    assert capsys.readouterr().err.startswith("probant: ")


def test_the_line_counts_objects_when_the_core_does() -> None:
    from evidence.progress import items_of

    stream = _Terminal()
    draw = transfer_progress("envoi", stream=stream, clock=iter(range(100)).__next__)
    items_of(draw)(3, 51)  # what evidence.sync.flow.Flow calls
    draw(10, 100)
    assert stream.getvalue().rstrip().endswith("3/51 éléments")
    assert items_of(lambda done, total: None).__name__ == "no_progress"  # bytes only
    PROGRESS_LINE.open = False
