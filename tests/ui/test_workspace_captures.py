"""The constat workspace's capture bar on the real core: a screen recording started and
stopped from the window (timer running, red frame shown, every segment committed and the
playlist made), a camera photo and a camera video from a video file standing in for the
camera (marked simulated), the live preview showing the file's frames; a lock during a
recording stops it and keeps what was recorded."""

from __future__ import annotations

from pathlib import Path

from app.cli.context import GlobalOptions
from tests.fixtures.cli import Probant, offline_settings
from tests.fixtures.output import worker_output_dir
from tests.fixtures.xvfb import XDisplay

OUT = worker_output_dir("ui")




def _demo_constat(home: Path) -> str:
    offline_settings(home)
    probant = Probant(home)
    assert probant("init", demo=True).code == 0
    dossier = probant("dossier", "new", "Affaire", "--requester", "SAS").json["id"]
    return str(probant("constat", "new", "--dossier", dossier, "--mission", "Page"
                       ).json["id"])


def test_record_the_screen_and_the_camera_from_the_workspace(  # type: ignore[no-untyped-def]
        qtbot, shell, on_xvfb: XDisplay, camera_file: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    constat = _demo_constat(home)
    app = shell(GlobalOptions(home=home, demo=True, json=False, lang="fr"))
    window, bar = app.window, app.window.navigator.capture_bar
    window.show()
    qtbot.waitUntil(lambda: window.navigator.current_constat() == constat, timeout=30000)
    assert bar.record.isEnabled()

    bar.record.click()
    assert bar.recording and bar.frame is not None and bar.frame.isVisible()
    qtbot.waitUntil(lambda: "00:02" <= bar.elapsed(), timeout=10000)  # real seconds pass
    assert "Arrêter l'enregistrement" in bar.record.text()
    window.grab().save(str(OUT / "workspace-recording.png"))
    bar.record.click()  # stop: the open segment is closed and committed
    qtbot.waitUntil(lambda: "Vidéo de l'écran enregistrée" in window.message.text(),
                    timeout=30000)
    assert not bar.recording and bar.frame is None
    recording = app.capture.last
    assert recording.summary.segments >= 1 and recording.summary.frames >= 30

    bar.use_video_file(str(camera_file))
    bar.preview.setChecked(True)
    qtbot.waitUntil(lambda: bar.view.isVisible() and bar.view.pixmap() is not None
                    and not bar.view.pixmap().isNull(), timeout=10000)
    image = bar.view.pixmap().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 4)
               for y in range(0, image.height(), 4)}
    assert len(colours) >= 2  # the file's frames, not a blank label
    bar.photo.click()
    qtbot.waitUntil(lambda: "Photo enregistrée" in window.message.text(), timeout=30000)
    assert not bar.view.isVisible()  # the preview let the camera go for the photo
    assert app.capture.last.item.simulated

    bar.video.click()
    assert bar.camera_recording
    qtbot.waitUntil(lambda: "Vidéo de la caméra enregistrée" in window.message.text(),
                    timeout=30000)  # the file ends after 3 s: the recording ends with it
    assert app.capture.last.summary.frames >= 50 and not bar.camera_recording

    items = Probant(home)("evidence", "list", "--constat", constat, demo=True).json
    kinds = [i["kind"] for i in items]
    assert kinds.count("video") == 2 and kinds.count("photo") == 1
    assert kinds.count("video_segment") >= 2
    nav = window.navigator
    qtbot.waitUntil(lambda: nav.evidence.rowCount() == len(items), timeout=20000)
    screen_video = next(i for i in items if i["kind"] == "video")
    nav.select_evidence(screen_video["id"])  # the inspector: the recording's frames
    inspector = nav.inspector
    qtbot.waitUntil(lambda: inspector.inspection is not None
                    and inspector.inspection.item.id == screen_video["id"], timeout=30000)
    assert len(inspector.frames) >= 2 and inspector.slider.isVisible()
    assert '"sha256"' in inspector.manifest.toPlainText()
    photo = next(i for i in items if i["kind"] == "photo")
    nav.select_evidence(photo["id"])
    qtbot.waitUntil(lambda: inspector.inspection.item.id == photo["id"], timeout=30000)
    shown = inspector.picture.pixmap()
    assert shown is not None and not shown.isNull()
    assert photo["sha256"] in inspector.title.text()
    model = nav.evidence.evidence_model  # the photo's row got its thumbnail once painted
    qtbot.waitUntil(lambda: photo["id"] in model.thumbnails, timeout=30000)
    assert max(model.thumbnails[photo["id"]].width(),
               model.thumbnails[photo["id"]].height()) == 48
    window.grab().save(str(OUT / "workspace-inspector.png"))


def test_a_lock_during_a_recording_keeps_what_was_recorded(  # type: ignore[no-untyped-def]
        qtbot, shell, on_xvfb: XDisplay, tmp_path: Path) -> None:
    home = tmp_path / "home"
    constat = _demo_constat(home)
    app = shell(GlobalOptions(home=home, demo=True, json=False, lang="fr"))
    window, bar = app.window, app.window.navigator.capture_bar
    qtbot.waitUntil(lambda: window.navigator.current_constat() == constat, timeout=30000)
    bar.record.click()
    qtbot.waitUntil(lambda: "00:03" <= bar.elapsed(), timeout=10000)
    window.lock("idle")
    qtbot.waitUntil(lambda: "Vidéo de l'écran enregistrée" in window.message.text(),
                    timeout=30000)
    assert not bar.recording and bar.frame is None
    segments = [i for i in Probant(home)("evidence", "list", "--constat", constat,
                                         demo=True).json if i["kind"] == "video_segment"]
    assert len(segments) >= 1
    assert app.capture.last.summary.segments == len(segments)
