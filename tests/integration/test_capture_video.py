"""Screen recording under a real X server: segments committed as they close, clean stop, kill -9."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import av
import pytest

from tests.fixtures.cli import ROOT, Probant
from tests.fixtures.xvfb import XDisplay


@pytest.fixture
def animated(xvfb: XDisplay):  # a clock that redraws every second
    proc = subprocess.Popen(["xclock", "-update", "1", "-geometry", "200x200+10+10"],
                            env=xvfb.env(), stderr=subprocess.DEVNULL)
    # Ready once its window is mapped (xdotool waits for it with --sync).
    subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--class", "XClock"],
                   env=xvfb.env(), check=True, capture_output=True, timeout=60)
    yield xvfb
    proc.terminate()
    proc.wait()


def _constat(probant: Probant, display: str) -> str:
    probant.env["DISPLAY"] = display
    assert probant.setup("init", demo=True).code == 0
    dossier = probant.setup("dossier", "new", "Vidéo").json["id"]
    return str(probant.setup("constat", "new", "--dossier", dossier).json["id"])


def _segments(probant: Probant, constat: str, tmp_path: Path) -> list[tuple[dict, int]]:
    items = [e for e in probant("evidence", "list", "--constat", constat).json
             if e["kind"] == "video_segment"]
    decoded = []
    for item in items:
        out = tmp_path / f"{item['id']}.mp4"
        assert probant("evidence", "export", item["id"], "--out", str(out)).code == 0
        with av.open(io.BytesIO(out.read_bytes())) as container:
            decoded.append((item, sum(1 for _ in container.decode(video=0))))
    return decoded


def test_recording_is_segmented_chained_and_complete(animated: XDisplay, probant: Probant,
                                                     tmp_path: Path) -> None:
    constat = _constat(probant, animated.display)
    run = probant("capture", "record", "--constat", constat, "--duration", "5", "--fps", "10",
                  "--region", "0,0,320,240")
    assert run.code == 0, run.stderr
    playlist = run.json["playlist"]
    assert run.json["annex"] == "2" and playlist["fps"] == 10  # annex 1: environment report
    segments = _segments(probant, constat, tmp_path)
    assert [s["annex"] for s, _ in segments] == [f"2.{i}" for i in range(1, len(segments) + 1)]
    assert all(frames <= 20 for _, frames in segments)  # <= 2 s each at 10 fps
    total = sum(frames for _, frames in segments)
    # 5 s at 10 fps is 50 frame slots, each filled (a late one by the previous picture,
    # counted as dropped): the timeline does not depend on the machine's speed.
    assert total == 50 == playlist["frames"]
    assert [s["sha256"] for s, _ in segments] == playlist["segments"]
    for (prev, _), (cur, _) in zip(segments, segments[1:], strict=False):
        assert cur["metadata"]["prev_segment_sha256"] == prev["sha256"]
    assert "dropped_frames" in playlist
    assert probant("verify").json["ok"]


def _start_recording(probant: Probant, constat: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROBANT_")}
    env.update(probant.env)
    return subprocess.Popen(
        [sys.executable, "-m", "app.main", "--home", str(probant.home), "--json", "capture",
         "record", "--constat", constat, "--fps", "10", "--region", "0,0,320,240"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_segments(proc: subprocess.Popen[str], count: int) -> None:
    """Until the recording said it committed `count` segments ("segment N -> annexe ...")."""
    assert proc.stderr is not None
    said = []
    while len([line for line in said if line.startswith("segment ")]) < count:
        line = proc.stderr.readline()
        assert line, f"the recording ended first: {''.join(said)}"
        said.append(line)


def test_sigterm_stops_cleanly_and_keeps_everything(animated: XDisplay, probant: Probant,
                                                    tmp_path: Path) -> None:
    constat = _constat(probant, animated.display)
    proc = _start_recording(probant, constat)
    _wait_for_segments(proc, 2)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    playlist = json.loads(out)["playlist"]
    segments = _segments(probant, constat, tmp_path)
    assert len(segments) == len(playlist["segments"]) >= 2
    assert sum(f for _, f in segments) == playlist["frames"]


def test_kill_9_loses_at_most_the_open_segment(animated: XDisplay, probant: Probant,
                                               tmp_path: Path) -> None:
    constat = _constat(probant, animated.display)
    proc = _start_recording(probant, constat)
    _wait_for_segments(proc, 1)
    proc.kill()
    proc.communicate(timeout=30)
    report = probant("verify")
    assert report.code == 0 and report.json["ok"]
    segments = _segments(probant, constat, tmp_path)
    assert len(segments) >= 1  # the closed segments are all there and all play
    assert all(frames == 20 for _, frames in segments)


def test_colour_conversion_matches_swscale_and_keeps_thin_colour() -> None:
    import numpy as np

    from capture.video import _bgra_to_i420

    h, w = 242, 322  # not multiples of 4: the chroma planes still land where PyAV reads them
    y, x = np.mgrid[0:h, 0:w]
    bgra = np.stack([x * 255 // w, y * 255 // h, (x + y) % 256, np.full_like(x, 255)],
                    axis=-1).astype(np.uint8)
    bgra[:, 101] = (0, 0, 255, 255)  # a one-pixel red line on an odd column
    ours = _bgra_to_i420(bgra).astype(int)
    swscale = av.VideoFrame.from_ndarray(bgra, format="bgra").reformat(
        format="yuv420p").to_ndarray().astype(int)
    assert ours.shape == swscale.shape == (h * 3 // 2, w)
    assert np.abs(ours[:h] - swscale[:h]).max() <= 1  # luma: the same picture
    v = ours[h + h // 4:].reshape(-1)[: (h // 2) * (w // 2)].reshape(h // 2, w // 2)
    assert v[10:-10, 50].mean() - v[10:-10, 40].mean() > 30  # the red survives subsampling
    smooth = slice(h + 4, h * 3 // 2 - 4)
    assert np.abs(ours[smooth] - swscale[smooth]).mean() < 2


def test_failed_commit_stops_the_recording_and_keeps_what_was_handed_over(
        animated: XDisplay, monkeypatch: pytest.MonkeyPatch) -> None:
    """The vault refusing a segment (disk full...) ends the recording with that error; the
    segments handed over before it are whole and chained; no thread is left running."""
    import threading

    from capture.video import RecordingRequest, VideoSegment, record_screen

    monkeypatch.setenv("DISPLAY", animated.display)
    kept: list[VideoSegment] = []

    def commit(segment: VideoSegment) -> None:
        if len(kept) == 2:
            raise OSError(28, "No space left on device")
        kept.append(segment)

    with pytest.raises(OSError, match="No space left"):
        record_screen(RecordingRequest(fps=10, segment_seconds=1, duration_s=30), commit)
    assert [s.index for s in kept] == [0, 1] and kept[1].prev_sha256 == kept[0].sha256
    assert all(s.frames == 10 for s in kept)
    for segment in kept:
        with av.open(io.BytesIO(segment.data)) as container:
            assert sum(1 for _ in container.decode(video=0)) == 10
    for thread in [t for t in threading.enumerate() if t.name == "probant-encoder"]:
        thread.join(30)  # it ends on its own: nothing left running after the error
        assert not thread.is_alive()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only: per-thread nice is Linux's")
def test_libx264_threads_run_below_the_grabbers_priority(animated: XDisplay,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Linux: the threads libx264 starts (not Python's) are niced; the Python threads,
    the grabber and the one feeding the encoder, keep the caller's priority, so none of
    them holds the GIL while kept off the CPU."""
    import threading

    from capture.video import RecordingRequest, record_screen

    monkeypatch.setenv("DISPLAY", animated.display)
    caller = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    native: dict[int, int] = {}  # thread id -> nice, for the threads Python did not start
    python: dict[int, int] = {}
    done = threading.Event()

    def nice(tid: int) -> int:
        fields = Path(f"/proc/self/task/{tid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[16])  # the 19th field of stat: nice

    def sample() -> None:  # libx264's threads live as long as their segment's encoder
        while not done.is_set():
            ours = {t.native_id for t in threading.enumerate()  # the short-lived opener aside
                    if t.native_id and t.name != "probant-encoder-open"}
            for tid in map(int, os.listdir("/proc/self/task")):
                try:
                    (python if tid in ours else native)[tid] = nice(tid)
                except OSError:  # ended meanwhile
                    pass
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        record_screen(RecordingRequest(fps=10, segment_seconds=1, duration_s=2.5),
                      lambda _segment: None)
    finally:
        done.set()
        sampler.join()
    assert caller + 5 in native.values()  # libx264's encoding threads
    assert set(python.values()) == {caller}  # the grabber, the encoder's feeder, the caller
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == caller


def test_recording_freezes_the_collector_and_restores_the_process(
        animated: XDisplay, monkeypatch: pytest.MonkeyPatch) -> None:
    """While recording, what was alive before is out of the garbage collector's walks (a
    full collection of the probant process took 45 ms, more than a frame at 30 fps) and
    OpenCV runs single-threaded; afterwards both are as they were."""
    import gc

    import cv2

    from capture.video import RecordingRequest, record_screen

    monkeypatch.setenv("DISPLAY", animated.display)
    threads_before = cv2.getNumThreads()
    assert gc.get_freeze_count() == 0
    during: list[tuple[int, int]] = []

    def commit(_segment: object) -> None:
        during.append((gc.get_freeze_count(), cv2.getNumThreads()))

    record_screen(RecordingRequest(fps=10, segment_seconds=1, duration_s=2), commit)
    assert during and all(frozen > 10_000 and threads == 1 for frozen, threads in during)
    assert gc.get_freeze_count() == 0 and cv2.getNumThreads() == threads_before


def test_a_stalled_x_server_costs_frames_that_are_counted_not_hidden(
        animated: XDisplay, monkeypatch: pytest.MonkeyPatch) -> None:
    """The X server stopped for 0.6 s in the middle of a 3 s recording at 10 fps: the
    timeline keeps its 30 frames, and the slots the server could not fill are counted as
    dropped, in the segments and in the summary. (How many frames a recording drops when
    nothing stalls is measured by bench/capture_video.py, goal 0: not a test's business.)"""
    import threading

    from capture import video
    from capture.screen import Region
    from capture.video import RecordingRequest, VideoSegment, record_screen

    monkeypatch.setenv("DISPLAY", animated.display)
    segments: list[VideoSegment] = []
    tenth_frame = threading.Event()  # the grabber is at work: slot 10 of 30 converted
    converted = [0]
    convert = video._bgra_to_i420

    def counting(picture):  # type: ignore[no-untyped-def]
        converted[0] += 1
        if converted[0] == 10:
            tenth_frame.set()
        return convert(picture)

    monkeypatch.setattr(video, "_bgra_to_i420", counting)

    def stall() -> None:
        if not tenth_frame.wait(60):
            return
        os.kill(animated.pid, signal.SIGSTOP)
        try:
            time.sleep(0.6)
        finally:
            os.kill(animated.pid, signal.SIGCONT)

    staller = threading.Thread(target=stall)
    staller.start()
    try:
        summary = record_screen(RecordingRequest(region=Region(0, 0, 320, 240), fps=10,
                                                 duration_s=3), segments.append)
    finally:
        staller.join()
    assert summary.frames == 30 == sum(s.frames for s in segments)
    # The 0.6 s stall spans 6 slots; each one the server could not serve in time is counted
    # (a slow machine may drop more: only the lower bound is the product's promise).
    assert tenth_frame.is_set() and summary.dropped >= 4
    assert summary.dropped == sum(s.dropped for s in segments)
    assert summary.playlist()["dropped_frames"] == summary.dropped


def test_the_mouse_pointer_is_drawn_in_the_video(xvfb: XDisplay,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The pointer (the X server's cursor image, XFixes) is in the recorded frames where
    the pointer is, and only there; ``with_cursor=False`` leaves it out."""
    import numpy as np
    from Xlib.display import Display

    from capture.screen import Region
    from capture.video import RecordingRequest, VideoSegment, record_screen

    monkeypatch.setenv("DISPLAY", xvfb.display)
    display = Display(xvfb.display)  # kept open while recording
    display.screen().root.warp_pointer(560, 520)
    display.sync()

    def first_frame(with_cursor: bool) -> np.ndarray:
        segments: list[VideoSegment] = []
        record_screen(RecordingRequest(region=Region(400, 400, 320, 240), fps=10, duration_s=1,
                                       with_cursor=with_cursor), segments.append)
        with av.open(io.BytesIO(segments[0].data)) as container:
            frame = next(container.decode(video=0))
        return np.asarray(frame.to_ndarray(format="gray"), dtype=int)

    try:
        shown, hidden = first_frame(True), first_frame(False)
    finally:
        display.close()
    changed = np.abs(shown - hidden) > 40
    ys, xs = np.nonzero(changed)
    assert changed.sum() > 20  # the pointer's own pixels
    # The pointer is at (160, 120) in the region; its image spans a few dozen pixels.
    assert 160 - 32 <= xs.min() and xs.max() <= 160 + 32
    assert 120 - 32 <= ys.min() and ys.max() <= 120 + 32
