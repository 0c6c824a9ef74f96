"""Screen recording at 1080p30 under Xvfb: dropped frames, CPU, size, against
``ffmpeg -f x11grab -c:v libx264 -preset ultrafast`` on the same animated screen, same run.

Usage: .venv/bin/python -m bench.capture_video [--seconds 30]   (the issue's goal: --seconds 300)
ffmpeg is needed only for the comparison (apt-get install ffmpeg); without it the line says so.

Ours is the officer's command, ``probant capture record``, on a demo vault: each 2 s segment
is encrypted and committed (manifest signed, journaled) while recording, as in real use, and
the frames are then decoded from the segments decrypted out of the vault.
Both recorders run the same way: as a child process, one after the other, each in front of
a freshly started animation (a full-screen window repainted every 33 ms), for the same
duration. CPU is the child's own user + system time (``wait4`` rusage, process start
included for both), so it covers the recorder and nothing else; Xvfb's CPU over the same
interval is shown beside it (the server copies every grabbed frame, for both). After
recording, frames are decoded from each output at the start, the middle and the end: the
animation must differ between those moments and move within each (0.1 s apart), or the
comparison would be measuring a static screen; the animation's own frame rate is reported
too. The machine is shared, so each row also gives the load average during the recording
and how often a bystander thread of the bench woke more than a frame late (a stall of the
whole machine, which makes any recorder miss frames).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FPS = 30

# The animation once died silently after ~10-20 s (PySide6 6.12.0 on CPython 3.11 dropped a
# reference to None per void call, hence "none_dealloc"; PySide6 is now held below 6.12 and
# tests/unit/test_qt_binding.py guards it). So the process reports how many frames it
# painted when terminated, and the bench checks it is still alive after each recording.
ANIMATION = r"""
import os, signal, sys
from PySide6.QtCore import QTimer, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication, QWidget
class W(QWidget):
    def __init__(self):
        super().__init__(); self.t = 0
        self.setWindowFlags(Qt.WindowType.FramelessWindowHint); self.setGeometry(0, 0, 1920, 1080)
        timer = QTimer(self); timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.timeout.connect(self.tick); timer.start(33)
    def tick(self):
        self.t += 1; self.update()
        if self.t == 10:
            print("READY", flush=True)
    def paintEvent(self, _):
        p = QPainter(self); p.fillRect(self.rect(), QColor(240, 240, 240))
        for i in range(12):
            x = (self.t * (6 + i)) % 1800
            p.fillRect(x, 60 + i * 80, 120, 60, QColor((i * 40) % 255, 90, 200))
        p.drawText(20, 30, f"Probant bench frame {self.t}")
        p.end()
def stop(*_):
    print("PAINTED", w.t, flush=True); os._exit(0)
signal.signal(signal.SIGTERM, stop)
app = QApplication([]); w = W(); w.show(); app.exec()
"""

# Our recorder is the officer's command, ``probant capture record``, in its own process like
# ffmpeg: every segment encrypted and committed to the vault, journaled, manifest signed. The
# few lines before it only let --x264 try other encoder options in that same process.
RECORDER = r"""
import sys
sys.path.insert(0, sys.argv[1])
import capture.video
if sys.argv[2]:
    capture.video.X264_OPTIONS = dict(kv.split("=", 1) for kv in sys.argv[2].split(","))
from app.main import main
sys.exit(main(sys.argv[3:]))
"""


@dataclass
class Run:
    name: str
    frames: int  # frames in the output files
    dropped: int  # as the recorder reports them
    cpu_s: float  # the recorder process's user + system time
    sys_s: float  # of which system
    wall_s: float
    xvfb_cpu_s: float
    size: int
    files: list[Path]
    anim_fps: float
    load: str  # 1-minute load average while recording, min-max
    stalls: str  # "N (longest ms)": stalls over half a frame seen by a bystander thread
    motion: str = ""


def _xvfb_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Animation:
    """A fresh animation for each recorder, so both film the same thing."""

    def __init__(self, display: str, log: Path) -> None:
        self.log = log
        self.started = time.monotonic()
        self.proc = subprocess.Popen([sys.executable, "-c", ANIMATION],
                                     env={**os.environ, "DISPLAY": display,
                                          "QT_QPA_PLATFORM": "xcb"},
                                     stdout=subprocess.PIPE, stderr=log.open("wb"), text=True)
        assert self.proc.stdout is not None
        if self.proc.stdout.readline().strip() != "READY":
            raise RuntimeError(f"animation did not start: {log.read_text()[-2000:]}")
        time.sleep(0.5)

    def stop(self) -> float:
        """Frames painted per second over its life; fails if it died on the way."""
        alive = self.proc.poll() is None
        lifetime = time.monotonic() - self.started
        self.proc.send_signal(signal.SIGTERM)
        assert self.proc.stdout is not None
        out = self.proc.stdout.read()
        self.proc.wait()
        if not alive or "PAINTED" not in out:
            raise RuntimeError(f"animation died during the recording: "
                               f"{self.log.read_text()[-2000:]}")
        return int(out.split("PAINTED", 1)[1].split()[0]) / lifetime


def _loadavg() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def _measure(cmd: list[str], xvfb_pid: int) -> tuple[float, float, float, float, str, str, str]:
    """Run ``cmd`` as a child: its CPU (user + system, from wait4) and system part, wall time,
    Xvfb's CPU, stdout, the 1-minute load average seen while it ran (min-max), and how often
    a bystander thread here, sleeping frame by frame, woke more than half a frame late, with
    the longest delay: the machine stalling, which makes any recorder miss frames."""
    loads = [_loadavg()]
    stalls = [0, 0.0]  # count, longest (s)
    done = threading.Event()

    def watch() -> None:
        due, ticks = time.monotonic(), 0
        while not done.is_set():
            due, ticks = due + 1 / FPS, ticks + 1
            time.sleep(max(0.0, due - time.monotonic()))
            now = time.monotonic()
            if now - due > 0.5 / FPS:
                stalls[0] += 1
                stalls[1] = max(stalls[1], now - due)
                due = now
            if ticks % (5 * FPS) == 0:
                loads.append(_loadavg())

    watcher = threading.Thread(target=watch, daemon=True)
    xvfb_cpu, wall = _xvfb_cpu(xvfb_pid), time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    watcher.start()
    assert proc.stdout is not None and proc.stderr is not None
    out, err = proc.stdout.read(), proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall, xvfb_cpu = time.perf_counter() - wall, _xvfb_cpu(xvfb_pid) - xvfb_cpu
    done.set()
    watcher.join()
    loads.append(_loadavg())
    if proc.returncode:
        raise RuntimeError(f"{cmd[0]} failed: {err.decode(errors='replace')[-2000:]}")
    return (usage.ru_utime + usage.ru_stime, usage.ru_stime, wall, xvfb_cpu, out.decode(),
            f"{min(loads):.1f}-{max(loads):.1f}", f"{stalls[0]:.0f} ({stalls[1] * 1000:.0f})")


def _cli(home: Path, *args: str) -> Any:
    proc = subprocess.run([sys.executable, "-m", "app.main", "--home", str(home), "--json", *args],
                          cwd=ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if proc.returncode:
        raise RuntimeError(f"probant {' '.join(args)}: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout)


def _new_constat(home: Path) -> str:
    """A demo vault with one constat (its environment report probes closed loopback ports)."""
    from app.settings import Settings, save_settings

    dead = "http://127.0.0.1:9/"
    save_settings(home, Settings(ntp_servers=("127.0.0.1",), public_ip_services=(dead, dead),
                                 proxy_check_url=dead, network_timeout_s=1))
    _cli(home, "--demo", "init")
    dossier = _cli(home, "dossier", "new", "Banc d'essai vidéo")["id"]
    return str(_cli(home, "constat", "new", "--dossier", dossier)["id"])


def _segments_from_vault(home: Path, constat: str, out: Path) -> list[Path]:
    """The committed segments, decrypted out of the vault in annex order."""
    from app.cli.context import CliContext, GlobalOptions
    from evidence import items

    ctx = CliContext(GlobalOptions(home=home, demo=True, json=True, lang="fr"))
    try:
        vault = ctx.vault()
        rows = [e for e in items.list_evidence(vault, constat) if e.kind == "video_segment"]
        files = []
        for n, row in enumerate(rows):
            files.append(out / f"{n:05d}.mp4")
            items.export_evidence(vault, row.id, files[-1])
    finally:
        ctx.close()
    return files


def _probant(display: str, xvfb_pid: int, seconds: int, work: Path, x264: str) -> Run:
    home, out = work / "probant-home", work / "probant"
    out.mkdir()
    constat = _new_constat(home)
    anim = Animation(display, work / "animation-probant.log")
    try:
        cpu, sys_s, wall, xcpu, stdout, load, stalls = _measure(
            [sys.executable, "-c", RECORDER, str(ROOT), x264, "--home", str(home), "--json",
             "capture", "record", "--constat", constat, "--duration", str(seconds),
             "--fps", str(FPS)], xvfb_pid)
    finally:
        anim_fps = anim.stop()
    playlist = json.loads(stdout)["playlist"]
    files = _segments_from_vault(home, constat, out)
    frames = sum(_frame_count(f) for f in files)
    assert frames == playlist["frames"] and len(files) == len(playlist["segments"]), playlist
    return Run("probant capture record (vault commits)", frames, playlist["dropped_frames"],
               cpu, sys_s, wall, xcpu, sum(f.stat().st_size for f in files), files, anim_fps,
               load, stalls)


def _ffmpeg(display: str, xvfb_pid: int, seconds: int, work: Path) -> Run:
    out, progress = work / "ffmpeg.mp4", work / "ffmpeg-progress.txt"
    anim = Animation(display, work / "animation-ffmpeg.log")
    try:
        cpu, sys_s, wall, xcpu, _, load, stalls = _measure(
            ["ffmpeg", "-nostdin", "-loglevel", "error", "-nostats", "-progress", str(progress),
             "-f", "x11grab", "-framerate", str(FPS), "-video_size", "1920x1080", "-i", display,
             "-t", str(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt",
             "yuv420p", "-y", str(out)], xvfb_pid)
    finally:
        anim_fps = anim.stop()
    last: dict[str, str] = {}
    for line in progress.read_text().splitlines():  # the last block is the final count
        key, _, value = line.partition("=")
        last[key] = value
    # ffmpeg keeps a constant rate by duplicating late frames (and dropping early ones):
    # both are frames the screen did not provide on time.
    dropped = int(last.get("dup_frames", 0)) + int(last.get("drop_frames", 0))
    return Run("ffmpeg -f x11grab -preset ultrafast", _frame_count(out), dropped, cpu, sys_s,
               wall, xcpu, out.stat().st_size, [out], anim_fps, load, stalls)


def _frame_count(path: Path) -> int:
    import av

    with av.open(str(path)) as container:
        return int(container.streams.video[0].frames)


def _frames_at(files: list[Path], indexes: list[int]) -> list[Any]:
    """Luma planes of the frames at these positions across consecutive files."""
    import av
    import numpy as np

    counts = [_frame_count(f) for f in files]
    planes = []
    for wanted in indexes:
        n, file = wanted, 0
        while n >= counts[file]:  # IndexError past the end
            n -= counts[file]
            file += 1
        with av.open(str(files[file])) as container:
            stream = container.streams.video[0]
            start = stream.start_time or 0
            target = start + round(n / FPS / stream.time_base)
            container.seek(target, stream=stream, backward=True)
            for frame in container.decode(stream):
                if frame.pts is not None and frame.pts >= target - 1:
                    planes.append(np.asarray(frame.to_ndarray(format="gray"), dtype=np.int16))
                    break
            else:
                raise IndexError(wanted)
    return planes


def _motion(run: Run) -> str:
    """'moving' when start, middle and end differ and the screen moves at each of them."""
    import numpy as np

    step = 3  # 0.1 s
    points = [FPS, run.frames // 2, run.frames - 1 - step]
    planes = _frames_at(run.files, [i for p in points for i in (p, p + step)])

    def differs(a: Any, b: Any) -> bool:
        return bool(np.count_nonzero(np.abs(a - b) > 24) > 1000)

    moving = [differs(planes[2 * k], planes[2 * k + 1]) for k in range(3)]
    apart = [differs(planes[0], planes[2]), differs(planes[2], planes[4]),
             differs(planes[0], planes[4])]
    ok = all(moving) and all(apart)
    return ("moving" if ok else "STATIC") + " " + "/".join("y" if m else "n" for m in moving)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--x264", default="", help="other options for our encoder, k=v,k=v "
                        "(default: capture.video.X264_OPTIONS)")
    parser.add_argument("--only-probant", action="store_true", help="skip ffmpeg")
    parser.add_argument("--keep", action="store_true", help="keep the recordings (path printed)")
    args = parser.parse_args()
    from bench.display import start_xvfb

    xvfb, display = start_xvfb(1920, 1080)
    os.environ["DISPLAY"] = display  # for both recorders
    work = Path(tempfile.mkdtemp(prefix="probant-bench-video-"))
    rows: list[Run] = []
    try:
        rows.append(_probant(display, xvfb.pid, args.seconds, work, args.x264))
        if not args.only_probant and shutil.which("ffmpeg"):
            rows.append(_ffmpeg(display, xvfb.pid, args.seconds, work))
    finally:
        xvfb.terminate()
        xvfb.wait()
    for run in rows:
        run.motion = _motion(run)
    if args.keep:
        print(f"recordings kept in {work}")
    else:
        shutil.rmtree(work)
    version = "ffmpeg not installed (apt-get install ffmpeg): no comparison"
    if shutil.which("ffmpeg"):
        version = subprocess.run(["ffmpeg", "-version"], capture_output=True,
                                 text=True).stdout.splitlines()[0].split(" Copyright")[0]
    print(f"screen recording 1920x1080 @{FPS} fps, {args.seconds} s, animated screen; "
          f"{os.cpu_count()} CPUs; {version}")
    print(f"{'recorder':<39}{'frames':>7}{'dropped':>8}{'CPU s':>8}{'CPU %':>7}{'sys s':>7}"
          f"{'Xvfb %':>8}{'size MB':>9}{'anim fps':>9}{'load':>9}{'stalls (ms)':>13}"
          "  motion start/mid/end")
    for r in rows:
        print(f"{r.name:<39}{r.frames:>7}{r.dropped:>8}{r.cpu_s:>8.1f}"
              f"{r.cpu_s / args.seconds * 100:>7.0f}{r.sys_s:>7.1f}"
              f"{r.xvfb_cpu_s / r.wall_s * 100:>8.0f}{r.size / 1e6:>9.2f}{r.anim_fps:>9.1f}"
              f"{r.load:>9}{r.stalls:>13}  {r.motion}")
    print("CPU % = recorder process CPU time (user + sys) / recorded seconds (100 = one core); "
          "Xvfb % over the recorder's wall time;\nload = 1-min load average during it; "
          "stalls = times a bystander thread woke > 1/2 frame late (the machine stalling), longest")
    if len(rows) == 2:
        ours, ref = rows
        cpu, size = ours.cpu_s / ref.cpu_s, ours.size / ref.size
        print(f"ratios: CPU {cpu:.2f}x (goal <= 1.2: {'met' if cpu <= 1.2 else 'MISSED'}), "
              f"size {size:.2f}x (goal <= 1.5: {'met' if size <= 1.5 else 'MISSED'}), "
              f"dropped {ours.dropped} (goal 0: {'met' if ours.dropped == 0 else 'MISSED'}), "
              f"frames {ours.frames} vs {ref.frames} (expected {args.seconds * FPS})")


if __name__ == "__main__":
    main()
