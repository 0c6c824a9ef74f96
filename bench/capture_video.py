"""Screen recording at 1080p30 under Xvfb: dropped frames, CPU, size, against
``ffmpeg -f x11grab -c:v libx264 -preset ultrafast`` on the same animated screen, same run.

Usage: .venv/bin/python -m bench.capture_video [--seconds 30]   (the issue's goal: --seconds 300)
ffmpeg is needed only for the comparison (apt-get install ffmpeg); without it the line says so.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ANIMATION = r"""
from PySide6.QtCore import QTimer, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication, QWidget
class W(QWidget):
    def __init__(self):
        super().__init__(); self.t = 0
        self.setWindowFlags(Qt.WindowType.FramelessWindowHint); self.setGeometry(0, 0, 1920, 1080)
        timer = QTimer(self); timer.timeout.connect(self.tick); timer.start(33)
    def tick(self):
        self.t += 1; self.update()
    def paintEvent(self, _):
        p = QPainter(self); p.fillRect(self.rect(), QColor(240, 240, 240))
        for i in range(12):
            x = (self.t * (6 + i)) % 1800
            p.fillRect(x, 60 + i * 80, 120, 60, QColor((i * 40) % 255, 90, 200))
        p.drawText(20, 30, f"Probant bench frame {self.t}")
app = QApplication([]); w = W(); w.show(); app.exec()
"""


def _cpu_self() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=30)
    args = parser.parse_args()
    from bench.capture_screenshot import _xvfb
    from capture.video import RecordingRequest, VideoSegment, record_screen

    xvfb, display = _xvfb(1920, 1080)
    os.environ["DISPLAY"] = display

    def animate() -> subprocess.Popen[bytes]:
        # A fresh animation for each recorder, so both film the same thing.
        proc = subprocess.Popen([sys.executable, "-c", ANIMATION],
                                env={**os.environ, "QT_QPA_PLATFORM": "xcb"},
                                stderr=subprocess.DEVNULL)
        time.sleep(1.5)
        return proc

    anim = animate()
    rows = []
    try:
        sizes: list[int] = []

        def keep(segment: VideoSegment) -> None:
            sizes.append(len(segment.data))

        cpu, wall = _cpu_self(), time.perf_counter()
        summary = record_screen(RecordingRequest(fps=30, duration_s=args.seconds), keep)
        cpu, wall = _cpu_self() - cpu, time.perf_counter() - wall
        rows.append(("probant (PyAV x264 ultrafast, 2 s segments)", summary.frames,
                     summary.dropped, cpu / wall * 100, sum(sizes)))
        if shutil.which("ffmpeg"):
            anim.terminate()
            anim.wait()
            anim = animate()
            out = Path(tempfile.mkdtemp()) / "ffmpeg.mp4"
            cpu, wall = _cpu_children(), time.perf_counter()
            subprocess.run(["ffmpeg", "-loglevel", "error", "-f", "x11grab", "-framerate", "30",
                            "-video_size", "1920x1080", "-i", display, "-t", str(args.seconds),
                            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                            str(out)], check=True)
            cpu, wall = _cpu_children() - cpu, time.perf_counter() - wall
            rows.append(("ffmpeg -f x11grab -preset ultrafast", args.seconds * 30, 0,
                         cpu / wall * 100, out.stat().st_size))
        else:
            rows.append(("ffmpeg: not installed (apt-get install ffmpeg)", 0, 0, 0.0, 0))
    finally:
        anim.terminate()
        xvfb.terminate()
    print(f"screen recording 1920x1080 @30 fps, {args.seconds} s, animated screen")
    print(f"{'recorder':<46}{'frames':>7}{'dropped':>9}{'CPU % of 1 core':>17}{'size MB':>9}")
    for name, frames, dropped, cpu_pct, size in rows:
        print(f"{name:<46}{frames:>7}{dropped:>9}{cpu_pct:>17.0f}{size / 1e6:>9.2f}")
    if len(rows) == 2 and rows[1][4]:
        print(f"ratios: CPU {rows[0][3] / rows[1][3]:.2f}x (goal <= 1.2), size "
              f"{rows[0][4] / rows[1][4]:.2f}x (goal <= 1.5), dropped {rows[0][2]} (goal 0)")


if __name__ == "__main__":
    main()
