"""Windows remember where the officer left them, and the main window draws at a HiDPI
scale (2×): what Qt paints is twice the pixels, nothing cut or blurred away."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QRect, QSettings

from app.cli.context import GlobalOptions
from tests.fixtures.cli import ROOT, Probant, offline_settings
from tests.ui.looks import look_at
from ui.main_window import MainWindow


def test_the_main_window_comes_back_where_it_was_left(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    first.setGeometry(QRect(40, 30, 700, 480))  # within the offscreen screen
    left = (first.x(), first.y(), first.width(), first.height())
    first.close()  # closeEvent keeps the geometry (Qt's per-user settings, no secret)
    assert any(tmp_path.rglob("*.conf")), "nothing was saved"
    second = MainWindow()
    qtbot.addWidget(second)
    assert (second.width(), second.height()) != left[2:]  # its own size before the restore
    second.restore_geometry()
    assert (second.width(), second.height()) == left[2:]
    # the place too, give or take the window frame's width that restoreGeometry accounts for
    assert abs(second.x() - left[0]) <= 4 and abs(second.y() - left[1]) <= 4


CHILD = """
import json, sys
from PySide6.QtWidgets import QApplication
from ui.main_window import MainWindow, VaultState
app = QApplication(sys.argv[:1])
window = MainWindow()
window.show_state(VaultState("/tmp/x", True, True, True, officer="Maître Démo"))
window.show()
app.processEvents()
image = window.grab().toImage()
print(json.dumps({"dpr": window.devicePixelRatioF(), "logical": [window.width(),
       window.height()], "pixels": [image.width(), image.height()],
       "banner": window.banner.isVisible()}))
"""


def test_the_main_window_draws_at_twice_the_pixels_on_a_hidpi_screen() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}
    out = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    shown = json.loads(out.stdout.strip().splitlines()[-1])
    assert shown["dpr"] == 2.0 and shown["banner"]
    assert shown["pixels"] == [2 * shown["logical"][0], 2 * shown["logical"][1]], shown


def test_the_working_window_fits_a_1366_by_768_laptop_screen(qtbot, shell,  # type: ignore[no-untyped-def]
                                                              tmp_path: Path) -> None:
    """A constat open, every panel shown: the window's smallest size fits the commonest
    laptop screen (1366×768, less a task bar), so nothing is cut off on the right. The
    capture bar in one row made it 1613 px wide."""
    home = tmp_path / "home"
    offline_settings(home)
    probant = Probant(home)
    assert probant("init", demo=True).code == 0
    dossier = probant("dossier", "new", "Affaire Martin", "--requester", "SAS Martin").json["id"]
    constat = probant("constat", "new", "--dossier", dossier, "--mission", "Page d'accueil",
                      "--place", "Étude, Paris").json["id"]
    app = shell(GlobalOptions(home=home, demo=True, json=False, lang="fr"))
    window, nav = app.window, app.window.navigator
    window.show()
    qtbot.waitUntil(lambda: app.session.is_unlocked and nav.current_constat() == constat,
                    timeout=30000)
    qtbot.waitUntil(lambda: nav.evidence.rowCount() == 1, timeout=20000)
    smallest = window.minimumSizeHint()
    assert smallest.width() <= 1280 and smallest.height() <= 720, smallest
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: window.width() == 1280, timeout=5000)
    bar = nav.capture_bar
    look_at(window, "main-window-1280x720",
            shows=(bar.browser, bar.record, bar.video, nav.evidence, window.lock_button))
    for widget in (bar.video, window.lock_button, bar.device):  # the right-most controls
        right = widget.mapTo(window, widget.rect().topRight()).x()
        assert right < window.width(), (widget.objectName(), right)
