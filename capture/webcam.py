"""Camera capture through OpenCV: JPEG photos with EXIF (piexif), and segmented video.

A device index opens a real camera; a video file path stands in for a camera
(tests, demos) and everything made from it is marked ``simulated``. The photo's
EXIF is written by piexif before hashing, so the vault's hash and the signed
manifest cover it. ImageUniqueID holds the first 32 hex digits of the SHA-256
of the pixels as OpenCV decodes the final JPEG (the field is 32 characters);
the full hash is in the manifest's metadata.
"""

from __future__ import annotations

import hashlib
import io
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from capture.demo_mark import DEMO_ASCII, mark_jpeg
from capture.screen import CaptureError
from capture.video import RecordingSummary, VideoSegment, encode_segments
from evidence.clock import TimeReading
from evidence.errors import BadInput
from evidence.progress import NEVER_CANCELLED, CancelToken
from evidence.software import SOFTWARE


@dataclass(frozen=True)
class Camera:
    source: int | str
    name: str
    simulated: bool

    @classmethod
    def parse(cls, device: str | None) -> Camera:
        if device is None or device.isdigit():
            index = int(device or 0)
            return cls(index, f"camera {index}", False)
        if not Path(device).is_file():
            raise BadInput(f"no camera {device!r}: give an index or a video file", value=device)
        return cls(device, f"simulated camera ({Path(device).name})", True)


@dataclass(frozen=True)
class Photo:
    data: bytes
    width: int
    height: int
    taken: TimeReading
    pixels_sha256: str
    exif: dict[str, Any] = field(default_factory=dict)


def _open(camera: Camera) -> Any:
    import cv2

    cap = cv2.VideoCapture(camera.source)
    if not cap.isOpened():
        raise CaptureError(f"{camera.name} cannot be opened")
    return cap


def _rational(value: float) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]]:
    deg = int(abs(value))
    minutes_full = (abs(value) - deg) * 60
    minutes = int(minutes_full)
    seconds = Fraction((minutes_full - minutes) * 60).limit_denominator(10000)
    return ((deg, 1), (minutes, 1), (seconds.numerator, seconds.denominator))


def take_photo(camera: Camera, location: tuple[float, float] | None = None, *,
               demo: bool = False) -> Photo:
    """One JPEG with its EXIF; ``demo`` (a demonstration vault) marks it as without
    evidential value in EXIF's ImageDescription and a JPEG comment (capture/demo_mark)."""
    import cv2
    import numpy as np
    import piexif

    cap = _open(camera)
    try:
        ok, frame = cap.read()
    finally:
        cap.release()
    if not ok:
        raise CaptureError(f"{camera.name} gave no image")
    taken = TimeReading.now()
    ok, jpeg = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 95])
    if not ok:
        raise CaptureError("JPEG encoding failed")
    pixels = cv2.imdecode(np.frombuffer(jpeg.tobytes(), np.uint8), cv2.IMREAD_COLOR)
    if pixels is None:
        raise CaptureError("the JPEG just written does not decode")
    pixels_sha = hashlib.sha256(pixels.tobytes()).hexdigest()
    local = taken.local  # 2026-11-24T22:27:32.123456+01:00
    exif: dict[str, Any] = {
        "0th": {piexif.ImageIFD.Make: camera.name.encode(),
                piexif.ImageIFD.Model: camera.name.encode(),
                piexif.ImageIFD.Software: SOFTWARE.encode(),
                **({piexif.ImageIFD.ImageDescription: DEMO_ASCII.encode()} if demo else {})},
        "Exif": {piexif.ExifIFD.DateTimeOriginal: local[:19].replace("-", ":").replace(
                     "T", " ").encode(),
                 piexif.ExifIFD.OffsetTimeOriginal: local[-6:].encode(),
                 piexif.ExifIFD.SubSecTimeOriginal: local[20:26].encode(),
                 piexif.ExifIFD.ImageUniqueID: pixels_sha[:32].encode()},
        "GPS": {},
    }
    if location is not None:
        lat, lon = location
        exif["GPS"] = {piexif.GPSIFD.GPSLatitudeRef: b"N" if lat >= 0 else b"S",
                       piexif.GPSIFD.GPSLatitude: _rational(lat),
                       piexif.GPSIFD.GPSLongitudeRef: b"E" if lon >= 0 else b"W",
                       piexif.GPSIFD.GPSLongitude: _rational(lon)}
    out = io.BytesIO()
    piexif.insert(piexif.dump(exif), jpeg.tobytes(), out)
    data = mark_jpeg(out.getvalue()) if demo else out.getvalue()
    readable = {"make": camera.name, "software": SOFTWARE,
                **({"image_description": DEMO_ASCII} if demo else {}),
                "date_time_original": local[:19], "offset_time_original": local[-6:],
                "image_unique_id": pixels_sha[:32],
                "gps": None if location is None else [str(location[0]), str(location[1])]}
    return Photo(data, int(pixels.shape[1]), int(pixels.shape[0]), taken, pixels_sha, readable)


def record_camera(camera: Camera, on_segment: Callable[[VideoSegment], None], *,
                  duration_s: float | None, fps: int = 25,
                  cancel: CancelToken = NEVER_CANCELLED, comment: str = "") -> RecordingSummary:
    """Camera frames encoded exactly like the screen recorder (same segmenter; ``comment``
    in each segment's metadata)."""
    import cv2

    cap = _open(camera)
    width = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)) // 2 * 2
    height = int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT)) // 2 * 2
    frames: queue.Queue[Any] = queue.Queue(maxsize=fps * 4)
    stop = threading.Event()
    errors: list[BaseException] = []

    def produce() -> None:
        try:
            start, slot = time.monotonic(), 0
            while not stop.is_set() and (duration_s is None or slot < duration_s * fps):
                ok, frame = cap.read()
                if not ok:
                    break  # end of the simulated camera's file, or the camera went away
                if camera.simulated:  # a real camera paces itself; a file must be paced
                    delay = start + slot / fps - time.monotonic()
                    if delay > 0:
                        time.sleep(delay)
                frames.put((slot, cv2.cvtColor(frame, cv2.COLOR_BGR2BGRA), TimeReading.now(),
                            False))
                slot += 1
        except BaseException as exc:
            errors.append(exc)
        finally:
            cap.release()
            frames.put(None)

    producer = threading.Thread(target=produce, daemon=True)
    return encode_segments(producer, frames, stop, errors, width, height, fps, 2, on_segment,
                           cancel, comment=comment)


class CameraPreview:
    """Frames for the officer's live preview (nothing recorded, nothing stored). A real
    camera is opened once; a video file (simulated camera) loops, paced by the caller."""

    def __init__(self, camera: Camera) -> None:
        self.camera = camera
        self._cap = _open(camera)

    def read(self) -> Any:
        """The next frame as an RGB array, or None when the camera gives none."""
        import cv2

        ok, frame = self._cap.read()
        if not ok and self.camera.simulated:
            self._cap.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, frame = self._cap.read()
        return cv2.cvtColor(frame, cv2.COLOR_BGR2RGB) if ok else None

    def close(self) -> None:
        self._cap.release()
