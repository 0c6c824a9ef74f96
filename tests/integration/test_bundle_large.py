"""A constat with a 2 GiB video: export and verify stream it, peak memory stays flat."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

from tests.fixtures.cli import Probant

LIMIT = 150 * 1024 * 1024
SIZE = 2 << 30


def _video(path: Path) -> None:
    chunk = os.urandom(1 << 20)
    with open(path, "wb") as handle:
        for i in range(SIZE >> 20):
            handle.write(chunk[:-8] + i.to_bytes(8, "big"))  # every MiB differs


def test_two_gib_video_export_and_verify_in_flat_memory(probant: Probant,
                                                       tmp_path: Path) -> None:
    assert probant("init", demo=True).code == 0
    dossier = probant("dossier", "new", "Vidéo longue", "--requester", "R").json["id"]
    constat = probant("constat", "new", "--dossier", dossier).json["id"]
    video = tmp_path / "enregistrement.mp4"
    _video(video)
    added = probant("annex", "add", "--constat", constat, str(video), timeout=900)
    assert added.code == 0, added.stderr
    video.unlink()  # room on disk: the vault holds it now
    bundle = tmp_path / "large.zip"
    exported, export_rss = probant.measured("export", "--constat", constat, "--out",
                                            str(bundle), "--without-pv", "--no-timestamp")
    assert exported.code == 0, exported.stderr
    with zipfile.ZipFile(bundle) as z:
        [entry] = [i for i in z.infolist() if i.filename.endswith("enregistrement.mp4")]
    assert entry.file_size == SIZE and entry.compress_type == zipfile.ZIP_STORED
    verified, verify_rss = Probant(tmp_path / "empty").measured("verify", str(bundle))
    assert verified.code == 0, verified.stdout
    print(f"2 GiB bundle: export peak RSS {export_rss >> 20} MiB, verify {verify_rss >> 20} MiB")
    assert export_rss <= LIMIT, f"export peak RSS {export_rss >> 20} MiB"
    assert verify_rss <= LIMIT, f"verify peak RSS {verify_rss >> 20} MiB"
    with open(bundle, "r+b") as handle:  # one flipped byte deep inside the video
        handle.seek(entry.header_offset + (SIZE // 2))
        byte = handle.read(1)
        handle.seek(-1, os.SEEK_CUR)
        handle.write(bytes([byte[0] ^ 1]))
    damaged, _ = Probant(tmp_path / "empty").measured("verify", str(bundle))
    assert damaged.code == 1
    assert any(e["file"].endswith("enregistrement.mp4") and e["check"] == "files"
               for e in json.loads(damaged.stdout)["errors"])
