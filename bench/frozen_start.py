"""The installed build against the source tree (issue I, Benchmark).

Usage: .venv/bin/python -m bench.frozen_start [--bundle build/dist/probant] [--runs 7]
(after ``bash installer/build-linux.sh --no-deb``); ``--size-only``: the size and what it
is made of, without timing.

Cold start to the unlock window: ``probant --home H`` on a vault made with the software
authenticator, started as the installed program (the PyInstaller bundle) and from source
(``.venv/bin/python -m app.main``, byte code cached as an installed app has it), interleaved
A B A B on a private Xvfb, one unmeasured pair first (OS file cache warm for both). The time
runs from the spawn until the X server maps a window named « Probant » (a MapNotify seen by
this process on the root window: no polling). Goal: frozen median <= 1.2x source median.
The bundle's unpacked size is printed against its goal (<= 400 MB), with what it is made
of (QtWebEngine, OpenCV, PyAV/FFmpeg, numpy...).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.display import start_xvfb

ROOT = Path(__file__).resolve().parents[1]
PYCACHE = ROOT / "bench" / ".cache" / "pycache"
RATIO_GOAL, SIZE_GOAL_MB = 1.2, 400.0


def make_home(folder: Path) -> Path:
    home = folder / "home"
    run = subprocess.run([sys.executable, "-m", "app.main", "--home", str(home), "--demo",
                          "init", "--name", "Maître Jeanne DUPONT"], cwd=ROOT,
                         capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"demo vault: {run.stderr}")
    return home


def _title(display, window) -> str:  # type: ignore[no-untyped-def]
    from Xlib import X

    try:
        name = window.get_full_property(display.intern_atom("_NET_WM_NAME"), X.AnyPropertyType)
        if name is not None:
            value = name.value
            return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
        return str(window.get_wm_name() or "")
    except Exception:  # the window went away meanwhile
        return ""


def _connect(xdisplay, name: str):  # type: ignore[no-untyped-def]
    """A connection to the X server; Xvfb may reset one made just as it starts."""
    for attempt in range(5):
        try:
            return xdisplay.Display(name)
        except Exception:  # Xlib's ConnectionClosedError and friends
            if attempt == 4:
                raise
            time.sleep(0.2)
    raise AssertionError("unreachable")


def time_to_window(command: list[str], env: dict[str, str], display_name: str) -> float:
    """Seconds from the spawn until a window titled « Probant… » is mapped."""
    from Xlib import X
    from Xlib import display as xdisplay

    display = _connect(xdisplay, display_name)
    root = display.screen().root
    root.change_attributes(event_mask=X.SubstructureNotifyMask)
    display.sync()
    started = time.monotonic()
    proc = subprocess.Popen(command, env=env, cwd=tempfile.gettempdir(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = started + 60
        while time.monotonic() < deadline:
            if display.pending_events() == 0:
                if proc.poll() is not None:
                    raise SystemExit(f"{command[0]} exited with {proc.returncode}")
                time.sleep(0.002)
                continue
            event = display.next_event()
            if event.type == X.MapNotify and "Probant" in _title(display, event.window):
                return time.monotonic() - started
        raise SystemExit(f"no Probant window within 60 s from {command}")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        display.close()


def folder_size_mb(folder: Path) -> float:
    files = (f for f in folder.rglob("*") if f.is_file() and not f.is_symlink())
    return sum(f.lstat().st_size for f in files) / 2**20


# What the bundle is made of, for the size goal: paths under _internal/, first match wins.
PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("QtWebEngine (Chromium library, its resources and helper)",
     ("PySide6/Qt/lib/libQt6WebEngine", "PySide6/Qt/resources/", "PySide6/Qt/libexec/",
      "PySide6/Qt/translations/qtwebengine")),
    ("Qt's ICU (Unicode data Qt Core needs)", ("PySide6/Qt/lib/libicu",)),
    ("Qt: other libraries, plugins, Python bindings", ("PySide6/", "shiboken6/")),
    ("OpenCV (module, OpenBLAS, image codecs)", ("cv2/", "opencv_python_headless.libs/")),
    ("PyAV and FFmpeg (codecs: x264, x265, AV1...)", ("av/", "av.libs/")),
    ("numpy (with its own OpenBLAS)", ("numpy/", "numpy.libs/")),
    ("SQLCipher", ("sqlcipher3/",)),
    ("Python (libpython, extension modules of the standard library)",
     ("libpython", "python3.", "base_library.zip")),
)
OTHER_LIBRARIES = "libraries of the build system (X11, NSS, GLib... top folder)"
OTHER = "other Python packages and modules (cryptography, lxml, pyHanko, Pillow...)"


def size_breakdown(bundle: Path) -> dict[str, float]:
    """MB per part of PARTS (links not counted: each file once)."""
    internal = bundle / "_internal"
    parts: dict[str, float] = {}
    for file in internal.rglob("*"):
        if file.is_symlink() or not file.is_file():
            continue
        path = file.relative_to(internal).as_posix()
        part = next((name for name, prefixes in PARTS if path.startswith(prefixes)), None)
        if part is None:
            part = OTHER_LIBRARIES if "/" not in path and ".so" in path else OTHER
        parts[part] = parts.get(part, 0.0) + file.lstat().st_size / 2**20
    return dict(sorted(parts.items(), key=lambda item: -item[1]))


def print_size(bundle: Path) -> float:
    size = folder_size_mb(bundle)
    print(f"bundle size, unpacked: {size:.0f} MB (goal <= {SIZE_GOAL_MB:.0f} MB)")
    for part, mb in size_breakdown(bundle).items():
        print(f"  {mb:6.1f} MB  {part}")
    return size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bundle", default=str(ROOT / "build" / "dist" / "probant"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--size-only", action="store_true",
                        help="the bundle's size and what it is made of, no start timed")
    args = parser.parse_args()
    bundle = Path(args.bundle).resolve()  # the program is started from a temporary folder
    program = bundle / "probant"
    if not program.is_file():
        raise SystemExit(f"no build at {bundle}: run `bash installer/build-linux.sh --no-deb`")
    if args.size_only:
        return 0 if print_size(bundle) <= SIZE_GOAL_MB else 1
    xvfb, display = start_xvfb()
    with tempfile.TemporaryDirectory() as tmp:
        home = make_home(Path(tmp))
        base = {k: v for k, v in os.environ.items()
                if not k.startswith(("PROBANT_", "PYTHONDONTWRITEBYTECODE"))}
        base.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", HOME=tmp,
                    PROBANT_LOG_DIR=str(Path(tmp) / "logs"),
                    PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
        frozen = ([str(program), "--home", str(home)], base)
        source = ([sys.executable, "-m", "app.main", "--home", str(home)],
                  {**base, "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": str(PYCACHE)})
        times: dict[str, list[float]] = {"frozen": [], "source": []}
        try:
            for run in range(args.runs + 1):
                for name, (command, env) in (("frozen", frozen), ("source", source)):
                    seconds = time_to_window(command, env, display)
                    if run:  # the first pair warms the file cache
                        times[name].append(seconds)
        finally:
            xvfb.terminate()
    frozen_s, source_s = (statistics.median(times[k]) for k in ("frozen", "source"))
    ratio = frozen_s / source_s
    size = folder_size_mb(bundle)
    rows = [
        ("cold start to the unlock window, frozen (median)", f"{frozen_s:.2f} s", ""),
        ("same from source (median)", f"{source_s:.2f} s", "reference"),
        ("frozen / source", f"{ratio:.2f}x", f"<= {RATIO_GOAL}x " +
         ("OK" if ratio <= RATIO_GOAL else "MISSED")),
        ("bundle size, unpacked", f"{size:.0f} MB", f"<= {SIZE_GOAL_MB:.0f} MB " +
         ("OK" if size <= SIZE_GOAL_MB else "MISSED")),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>9}  goal")
    for label, value, goal in rows:
        print(f"{label:<{width}}  {value:>9}  {goal}")
    print_size(bundle)
    print(f"runs: frozen {[round(t, 2) for t in times['frozen']]}, "
          f"source {[round(t, 2) for t in times['source']]}")
    shutil.rmtree(PYCACHE / "tmp", ignore_errors=True)
    return 0 if ratio <= RATIO_GOAL and size <= SIZE_GOAL_MB else 1


if __name__ == "__main__":
    sys.exit(main())
