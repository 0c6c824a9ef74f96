"""Desktop sessions made by a UI test are closed (their vault thread ended) after it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from app.cli.context import GlobalOptions
from app.desktop.session import DesktopSession
from app.desktop.shell import Shell
from signing.handlers import InteractionHandler
from tests.ui import desktop


@pytest.fixture
def unlocked(qtbot: Any) -> Iterator[Callable[[GlobalOptions, InteractionHandler],
                                              DesktopSession]]:
    made: list[DesktopSession] = []

    def make(opts: GlobalOptions, interaction: InteractionHandler) -> DesktopSession:
        made.append(desktop.unlocked_session(qtbot, opts, interaction))
        return made[-1]

    yield make
    for session in made:
        session.close()


@pytest.fixture
def shell(qtbot: Any) -> Iterator[Callable[..., Shell]]:
    made: list[Shell] = []

    def make(opts: GlobalOptions, interaction: Any = None) -> Shell:
        made.append(desktop.started_shell(opts, interaction))
        qtbot.addWidget(made[-1].window)
        return made[-1]

    yield make
    for s in made:
        s.session.close()
