"""A picture or recording captured in a demonstration vault says so in the file itself (D3 point 10), so
that an exported copy cannot pass for evidence; a real vault's pictures carry no such mark.
Real CLI, a real X server (Xvfb), the simulated camera (a video file through OpenCV)."""

from __future__ import annotations

from pathlib import Path

import av
import piexif
from PIL import Image

from capture.demo_mark import DEMO_ASCII, DEMO_TEXT, png_disclaimer
from tests.fixtures.cli import Probant, offline_settings
from tests.fixtures.xvfb import XDisplay


def _constat(probant: Probant, demo: bool, env: dict[str, str]) -> str:
    init = probant.setup("init", "--name", "Maître Jeanne DUPONT", demo=demo, env=env)
    assert init.code == 0, init.stderr
    dossier = probant.setup("dossier", "new", "Affaire Martin", "--requester", "SAS Martin",
                            env=env).json["id"]
    return str(probant("constat", "new", "--dossier", dossier, "--place", "Étude",
                       env=env).json["id"])


def _export(probant: Probant, item: str, out: Path, env: dict[str, str]) -> bytes:
    assert probant("evidence", "export", item, "--out", str(out), env=env).code == 0
    return out.read_bytes()


def test_demo_pictures_say_demo_and_real_ones_do_not(xvfb: XDisplay, camera_file: Path,
                                                     tmp_path: Path) -> None:
    marked: dict[bool, tuple[bytes, bytes]] = {}
    comments: dict[bool, str | None] = {}
    for demo in (True, False):
        home = tmp_path / f"home-{demo}"
        offline_settings(home)
        probant = Probant(home)
        env = {} if demo else {"PROBANT_AUTHENTICATOR": f"soft:{tmp_path / 'key.json'}",
                               "PROBANT_PIN": "4862"}
        constat = _constat(probant, demo, env)
        shot = probant("capture", "region", "0,0,64,48", "--constat", constat, demo=demo,
                       env={**env, "DISPLAY": xvfb.display})
        assert shot.code == 0, shot.stderr
        photo = probant("capture", "webcam", "photo", "--constat", constat, "--device",
                        str(camera_file), demo=demo, env=env)
        assert photo.code == 0, photo.stderr
        video = probant("capture", "webcam", "video", "--constat", constat, "--device",
                        str(camera_file), "--duration", "1", demo=demo, env=env)
        assert video.code == 0, video.stderr
        segment = next(i for i in probant("evidence", "list", "--constat", constat, demo=demo,
                                          env=env).json if i["kind"] == "video_segment")
        clip = tmp_path / f"segment-{demo}.mp4"
        _export(probant, segment["id"], clip, env)
        with av.open(str(clip)) as container:
            comments[demo] = container.metadata.get("comment")
        marked[demo] = (_export(probant, shot.json["id"], tmp_path / f"shot-{demo}.png", env),
                        _export(probant, photo.json["id"], tmp_path / f"photo-{demo}.jpg", env))
        assert probant("verify", demo=demo, env=env).code == 0

    png, jpeg = marked[True]
    assert png_disclaimer(png) == DEMO_TEXT
    with Image.open(tmp_path / "shot-True.png") as image:  # any viewer reads it
        assert image.text.get("Disclaimer") == DEMO_TEXT and image.size == (64, 48)
    assert DEMO_TEXT.encode("utf-8") in jpeg[:600]  # the COM segment, right after SOI
    exif = piexif.load(jpeg)
    assert exif["0th"][piexif.ImageIFD.ImageDescription].decode() == DEMO_ASCII
    with Image.open(tmp_path / "photo-True.jpg") as image:
        image.load()  # still a valid JPEG

    assert comments == {True: DEMO_TEXT, False: None}  # each video segment's MP4 comment

    real_png, real_jpeg = marked[False]
    assert png_disclaimer(real_png) is None
    assert DEMO_TEXT.encode("utf-8") not in real_jpeg
    assert piexif.ImageIFD.ImageDescription not in piexif.load(real_jpeg)["0th"]
