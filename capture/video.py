"""Screen video: H.264 through PyAV, cut into self-contained segments of at most 2 s.

A grabber thread takes frames with mss at a constant rate driven by the
monotonic clock and turns them into YUV 4:2:0; an encoder thread feeds them to
libx264 (one keyframe per segment), whose own threads run at a lower priority than
the grabber, into an in-memory MP4; each closed segment goes back to the calling thread, which hands it
to ``on_segment`` at once, so the caller commits it to the vault and a crash loses
at most the segment being written. Segments are chained by hash. When
grabbing falls behind, the missed frame slots are filled with the previous
frame (the timeline stays true) and counted as dropped: never hidden. A picture
the X server delivered more than a frame after its slot's time is counted too.
"""

from __future__ import annotations

import gc
import hashlib
import importlib
import io
import os
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from capture.screen import Region
from evidence.clock import TimeReading
from evidence.errors import BadInput
from evidence.progress import NEVER_CANCELLED, CancelToken

CODEC = "libx264"
CONTAINER = "mp4"
MIME = "video/mp4"
# One encoder per segment, so each segment opens on a keyframe and plays alone.
X264_OPTIONS = {"preset": "ultrafast", "tune": "zerolatency"}


@dataclass(frozen=True)
class RecordingRequest:
    region: Region | None = None  # None: the first monitor
    fps: int = 30
    segment_seconds: int = 2
    duration_s: float | None = None  # None: until stopped
    with_cursor: bool = True

    def __post_init__(self) -> None:
        if not 1 <= self.fps <= 60:
            raise BadInput("fps must be between 1 and 60")
        if not 1 <= self.segment_seconds <= 2:
            raise BadInput("segments last 1 or 2 seconds")


@dataclass(frozen=True)
class VideoSegment:
    index: int
    data: bytes
    sha256: str
    prev_sha256: str
    frames: int
    dropped: int  # frame slots without a picture taken on time (previous one repeated, or late)
    started: TimeReading
    ended: TimeReading
    width: int
    height: int
    fps: int


@dataclass(frozen=True)
class RecordingSummary:
    segments: int
    frames: int
    dropped: int
    fps: int
    width: int
    height: int
    started: TimeReading
    ended: TimeReading
    segment_hashes: tuple[str, ...]
    codec: str = CODEC

    def playlist(self) -> dict[str, Any]:
        """What plays the segments as one video: ordered hashes and durations."""
        return {"format": "probant-video-playlist/1", "codec": self.codec,
                "container": CONTAINER, "fps": self.fps, "width": self.width,
                "height": self.height, "frames": self.frames, "dropped_frames": self.dropped,
                "started_utc": self.started.utc, "ended_utc": self.ended.utc,
                "segments": list(self.segment_hashes)}


# slot index, picture (BGRA H x W x 4, or I420 from _bgra_to_i420), time, not on time
# (the previous picture repeated, or a picture grabbed more than a frame late): counted
_Frame = tuple[int, Any, TimeReading, bool]


def _grab_loop(request: RecordingRequest, area: dict[str, int], out: queue.Queue[_Frame | None],
               stop: threading.Event, errors: list[BaseException]) -> None:
    import mss
    import numpy as np

    try:
        with mss.MSS(with_cursor=request.with_cursor) as grabber:
            start = time.monotonic()
            slot, last = 0, None
            while not stop.is_set():
                if request.duration_s is not None and slot >= request.duration_s * request.fps:
                    break
                due = start + slot / request.fps
                delay = due - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                late = time.monotonic() - due > 1 / request.fps
                if late and last is not None:
                    out.put((slot, last, TimeReading.now(), True))  # missed slot: counted
                else:
                    shot = grabber.grab(area)  # a fresh buffer per grab: viewed, not copied
                    when = TimeReading.now()
                    # A picture the server handed over more than a frame after its slot's
                    # time stands in that slot, and is counted as well: it shows the screen
                    # later than the timeline says.
                    late = time.monotonic() - due > 1 / request.fps
                    # Converted here, so conversion and encoding run side by side on two
                    # cores, and a queued frame weighs 3 MB at 1080p rather than 8.
                    last = _bgra_to_i420(np.frombuffer(shot.raw, np.uint8).reshape(
                        shot.height, shot.width, 4))
                    out.put((slot, last, when, late))
                slot += 1
    except BaseException as exc:  # reported to the encoding thread
        errors.append(exc)
    finally:
        out.put(None)


_CHROMA_TO_LIMITED: Any = None


def _bgra_to_i420(bgra: Any) -> Any:
    """BGRA -> planar YUV 4:2:0 (I420), BT.601 limited range, the conversion swscale makes.

    Done with OpenCV rather than left to PyAV's swscale, which costs about 1.5x as much on a
    1080p frame and needs the BGRA frame copied into an AVFrame first. Luma is OpenCV's
    I420 luma (swscale's within one level). OpenCV's I420 chroma, though, is only the
    top-left pixel of each 2x2 block, which loses the colour of thin coloured strokes and
    text, so chroma is made from the 2x2 averages instead, as swscale does: the averages'
    full-range Cb/Cr (JPEG) scaled to 16..240.
    """
    import cv2
    import numpy as np

    global _CHROMA_TO_LIMITED
    if _CHROMA_TO_LIMITED is None:
        levels = 128 + (np.arange(256) - 128) * 224 / 255
        _CHROMA_TO_LIMITED = np.clip(np.round(levels), 0, 255).astype(np.uint8)
    height, width = bgra.shape[:2]
    yuv = cv2.cvtColor(bgra, cv2.COLOR_BGRA2YUV_I420)
    averages = cv2.resize(bgra, (width // 2, height // 2), interpolation=cv2.INTER_AREA)
    ycrcb = cv2.cvtColor(averages, cv2.COLOR_BGR2YCrCb)  # the alpha byte is ignored
    chroma = yuv[height:]  # U plane then V plane, each (height/2) x (width/2), contiguous
    planes = chroma.reshape(2, height // 2, width // 2)
    cv2.extractChannel(ycrcb, 2, dst=planes[0])  # Cb
    cv2.extractChannel(ycrcb, 1, dst=planes[1])  # Cr
    cv2.LUT(chroma, _CHROMA_TO_LIMITED, dst=chroma)
    return yuv


class _SegmentWriter:
    def __init__(self, width: int, height: int, fps: int, comment: str = "") -> None:
        import av

        self.buffer = io.BytesIO()
        self.container = av.open(self.buffer, mode="w", format=CONTAINER)
        if comment:  # the MP4's own comment tag (©cmt): e.g. the DEMO mark (capture/demo_mark)
            self.container.metadata["comment"] = comment
        self.stream: Any = cast(Any, self.container.add_stream(CODEC, rate=fps))
        self.stream.width, self.stream.height = width, height
        self.stream.pix_fmt = "yuv420p"
        self.stream.options = dict(X264_OPTIONS)
        # What the pixels are: sRGB screen colours (BT.709 primaries, sRGB transfer) turned
        # into limited-range BT.601 YUV, so a player does not guess BT.709 for HD sizes.
        context = self.stream.codec_context
        context.color_primaries, context.color_trc = 1, 13  # BT.709, IEC 61966-2-1 (sRGB)
        context.colorspace, context.color_range = 6, 1  # SMPTE 170M (BT.601), limited
        _open_below_normal_priority(context)
        self.frames = 0
        self.dropped = 0
        self._last_picture: Any = None
        self._last_yuv: Any = None

    def add(self, picture: Any, late: bool) -> None:
        import av

        if picture is not self._last_picture:  # a duplicated slot reuses the conversion
            self._last_picture = picture
            self._last_yuv = picture if picture.ndim == 2 else _bgra_to_i420(
                picture[: self.stream.height, : self.stream.width])
        frame = av.VideoFrame.from_numpy_buffer(self._last_yuv, format="yuv420p")  # no copy
        frame.pts = self.frames
        for packet in self.stream.encode(frame):
            self.container.mux(packet)
        self.frames += 1
        self.dropped += int(late)

    def close(self) -> bytes:
        for packet in self.stream.encode():
            self.container.mux(packet)
        self.container.close()
        return self.buffer.getvalue()


def _area(request: RecordingRequest) -> dict[str, int]:
    import mss

    if request.region is not None:
        area = request.region.as_mss()
    else:
        with mss.MSS() as grabber:
            area = {k: int(grabber.monitors[1][k]) for k in ("left", "top", "width", "height")}
    area["width"] -= area["width"] % 2  # yuv420p needs even sizes
    area["height"] -= area["height"] % 2
    return area


def record_screen(request: RecordingRequest, on_segment: Callable[[VideoSegment], None], *,
                  cancel: CancelToken = NEVER_CANCELLED, comment: str = "") -> RecordingSummary:
    """Record until ``duration_s`` or ``cancel``; each closed segment goes to ``on_segment``
    (``comment``: written into each segment's MP4 metadata, e.g. the DEMO mark)."""
    area = _area(request)
    frames: queue.Queue[_Frame | None] = queue.Queue(maxsize=request.fps * 4)
    stop = threading.Event()
    errors: list[BaseException] = []
    grabber = threading.Thread(target=_grab_loop, args=(request, area, frames, stop, errors),
                               daemon=True)
    return encode_segments(grabber, frames, stop, errors, area["width"], area["height"],
                           request.fps, request.segment_seconds, on_segment, cancel,
                           comment=comment)


_RECORDING = {"users": 0, "opencv_threads": 0}
_RECORDING_LOCK = threading.Lock()


@contextmanager
def _process_set_for_recording() -> Iterator[None]:
    """While any recording runs: OpenCV's thread pool off and the objects already alive
    frozen out of the garbage collector; both restored after the last recording ends.

    - Between the many short calls of a recording, OpenCV's idle workers spin
      (sched_yield), about 0.5 ms of CPU a 1080p frame for nothing: the grabber and the
      encoder already keep two cores busy between them.
    - A full collection walks every object of the process while holding the GIL: 45 ms
      in the ``probant`` process (measured), longer than a frame interval at 30 fps, so
      the grabber missed its slot. Frozen (``gc.freeze``), the modules' objects are no
      longer walked; collections see only what the recording allocates.
    """
    import cv2

    with _RECORDING_LOCK:
        if _RECORDING["users"] == 0:
            _RECORDING["opencv_threads"] = cv2.getNumThreads()
            cv2.setNumThreads(1)
            # An application may have frozen its start-up objects already (the desktop
            # does): the recording's end gives that state back, not an unfrozen process.
            _RECORDING["was_frozen"] = int(gc.get_freeze_count() > 0)
            gc.collect()  # what is garbage now is not frozen for the whole recording
            gc.freeze()
        _RECORDING["users"] += 1
    try:
        yield
    finally:
        with _RECORDING_LOCK:
            _RECORDING["users"] -= 1
            if _RECORDING["users"] == 0:
                cv2.setNumThreads(_RECORDING["opencv_threads"])
                gc.unfreeze()
                if _RECORDING.get("was_frozen"):
                    gc.freeze()


def encode_segments(producer: threading.Thread, frames: queue.Queue[_Frame | None],
                    stop: threading.Event, errors: list[BaseException], width: int, height: int,
                    fps: int, segment_seconds: int, on_segment: Callable[[VideoSegment], None],
                    cancel: CancelToken, *, comment: str = "") -> RecordingSummary:
    """Encode frames from ``producer`` (screen or camera) into chained segments.

    The encoder runs on its own thread (libx264's threads below the grabber's priority,
    see ``_open_below_normal_priority``); each closed segment
    comes back to this (the caller's) thread, which hands it to ``on_segment`` (the vault
    commit) while the next one is encoded.
    """
    started = TimeReading.now()
    closed: queue.Queue[VideoSegment | None] = queue.Queue()  # a few MB at most: not bounded
    encoder = threading.Thread(
        target=_encode_loop, name="probant-encoder", daemon=True,
        args=(frames, _Segmenter(width, height, fps, fps * segment_seconds, closed, comment),
              stop, errors, cancel))
    importlib.import_module("av")  # loaded before the producer runs, so it cannot make it late
    hashes: list[str] = []
    totals = [0, 0]
    with _process_set_for_recording():
        producer.start()
        encoder.start()
        try:
            while (segment := closed.get()) is not None:
                totals[0] += segment.frames
                totals[1] += segment.dropped
                hashes.append(segment.sha256)
                on_segment(segment)
        finally:
            stop.set()  # also when a commit failed: what was committed stays
            encoder.join()
            producer.join()
    if errors:
        raise errors[0]
    return RecordingSummary(len(hashes), totals[0], totals[1], fps, width, height, started,
                            TimeReading.now(), tuple(hashes))


class _Segmenter:
    """Frames in, closed and chained segments out (on the encoder thread)."""

    def __init__(self, width: int, height: int, fps: int, per_segment: int,
                 out: queue.Queue[VideoSegment | None], comment: str = "") -> None:
        self.width, self.height, self.fps, self.per_segment = width, height, fps, per_segment
        self.comment = comment
        self.out = out
        self.index = 0
        self.prev = hashlib.sha256(b"probant-video-genesis").hexdigest()
        self.writer: _SegmentWriter | None = None
        self.start = TimeReading.now()

    def add(self, picture: Any, when: TimeReading, late: bool) -> None:
        if self.writer is None:
            self.writer = _SegmentWriter(self.width, self.height, self.fps, self.comment)
            self.start = when
        self.writer.add(picture, late)
        if self.writer.frames >= self.per_segment:
            self.close(when)

    def close(self, end: TimeReading) -> None:
        writer, self.writer = self.writer, None
        if writer is None or not writer.frames:
            return
        data = writer.close()
        digest = hashlib.sha256(data).hexdigest()
        self.out.put(VideoSegment(self.index, data, digest, self.prev, writer.frames,
                                  writer.dropped, self.start, end, self.width, self.height,
                                  self.fps))
        self.index, self.prev = self.index + 1, digest


def _encode_loop(frames: queue.Queue[_Frame | None], segmenter: _Segmenter,
                 stop: threading.Event, errors: list[BaseException],
                 cancel: CancelToken) -> None:
    if sys.platform == "win32":  # Windows threads do not inherit a priority: see below
        _below_normal_priority()
    try:
        while (item := frames.get()) is not None:
            if cancel.cancelled:
                stop.set()  # the producer ends; the frames already taken are still encoded
            _, picture, when, late = item
            segmenter.add(picture, when, late)
        segmenter.close(TimeReading.now())
    except BaseException as exc:  # reported on the caller's thread
        errors.append(exc)
        stop.set()
        while frames.get() is not None:  # let the producer finish
            pass
    finally:
        segmenter.out.put(None)


def _open_below_normal_priority(context: Any) -> None:
    """Opens the encoder from a short-lived thread below normal priority.

    On Linux a new thread takes its creator's priority, so the threads libx264 starts
    when it opens (where the encoding work is done) yield to the grabber: a late encode
    only lengthens the frame queue, a late grab costs a frame. The Python thread that
    feeds them keeps the grabber's priority: it holds the GIL between PyAV's calls, and
    a low-priority holder kept off the CPU would make the grabber wait for the GIL
    (a priority inversion). On Windows, where threads do not inherit a priority, the
    feeding thread is lowered instead.
    """
    if not sys.platform.startswith("linux"):
        context.open()
        return
    failed: list[BaseException] = []

    def open_lowered() -> None:
        _below_normal_priority()
        try:
            context.open()
        except BaseException as exc:  # raised again on the encoding thread
            failed.append(exc)

    opener = threading.Thread(target=open_lowered, name="probant-encoder-open", daemon=True)
    opener.start()
    opener.join()
    if failed:
        raise failed[0]


def _below_normal_priority() -> None:
    """Lowers the calling thread's priority (which needs no privilege)."""
    try:
        if sys.platform.startswith("linux"):
            tid = threading.get_native_id()
            os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + 5)
        elif sys.platform == "win32":
            import ctypes

            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
            kernel32.SetThreadPriority(kernel32.GetCurrentThread(), -1)  # BELOW_NORMAL
    except OSError:
        pass  # a scheduler that refuses: the recording goes on at normal priority
