"""Camera capture from a generated video file standing in for a camera (marked simulated)."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import av
import cv2
import numpy as np
import piexif
from PIL import Image

from tests.fixtures.cli import Probant


def _constat(probant: Probant) -> str:
    assert probant.setup("init", demo=True).code == 0
    return str(probant.setup("constat", "new", "--dossier",
                             probant.setup("dossier", "new", "Cam").json["id"]).json["id"])


def test_photo_has_exif_matching_the_manifest(probant: Probant, camera_file: Path,
                                              tmp_path: Path) -> None:
    constat = _constat(probant)
    run = probant("capture", "webcam", "photo", "--constat", constat, "--device",
                  str(camera_file), "--location", "48.8566,2.3522")
    assert run.code == 0, run.stderr
    item = run.json
    assert item["simulated"] and item["metadata"]["simulated_camera"]
    out = tmp_path / "photo.jpg"
    assert probant("evidence", "export", item["id"], "--out", str(out)).code == 0
    exif = piexif.load(str(out))
    unique = exif["Exif"][piexif.ExifIFD.ImageUniqueID].decode()
    pixels = cv2.imdecode(np.frombuffer(out.read_bytes(), np.uint8), cv2.IMREAD_COLOR)
    assert unique == hashlib.sha256(pixels.tobytes()).hexdigest()[:32]
    assert unique == item["metadata"]["exif"]["image_unique_id"]
    assert exif["Exif"][piexif.ExifIFD.DateTimeOriginal].decode().startswith(
        item["captured_local"][:10].replace("-", ":"))
    assert exif["GPS"][piexif.GPSIFD.GPSLatitudeRef] == b"N"
    with Image.open(out) as image:
        assert image.size == (320, 240) and image.getexif()  # Pillow reads it too
    shown = probant("evidence", "show", item["id"]).json
    assert shown["manifest"]["body"]["metadata"]["exif"]["image_unique_id"] == unique
    assert shown["manifest"]["body"]["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()


def test_camera_video_is_segmented_and_decodes(probant: Probant, camera_file: Path,
                                               tmp_path: Path) -> None:
    constat = _constat(probant)
    run = probant("capture", "webcam", "video", "--constat", constat, "--device",
                  str(camera_file), "--duration", "3")
    assert run.code == 0, run.stderr
    assert run.json["playlist"]["frames"] == 75
    total = 0
    for item in probant("evidence", "list", "--constat", constat).json:
        if item["kind"] != "video_segment":
            continue
        assert item["simulated"]
        out = tmp_path / f"{item['id']}.mp4"
        probant("evidence", "export", item["id"], "--out", str(out))
        with av.open(io.BytesIO(out.read_bytes())) as container:
            total += sum(1 for _ in container.decode(video=0))
    assert total == 75
    bad = probant("capture", "webcam", "photo", "--constat", constat, "--device", "nope.mp4")
    assert bad.code == 2
