"""A constat with a 2 GiB video: export and verify stream it, peak memory stays flat.

"Flat" is measured against the same commands on a 1 MiB constat in the same run, not as an
absolute figure (which depends on the machine: allocator arenas per core, libraries); the
absolute goal (<= 150 MiB) is reported by bench/bundle.py."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

from tests.fixtures.cli import Probant

GROWTH_LIMIT = 64 << 20  # what 2 GiB more may add to the peak: a few chunks in flight
SIZE = 2 << 30


def _video(path: Path, size: int = SIZE) -> None:
    chunk = os.urandom(1 << 20)
    with open(path, "wb") as handle:
        for i in range(size >> 20):
            handle.write(chunk[:-8] + i.to_bytes(8, "big"))  # every MiB differs


def test_two_gib_video_export_and_verify_in_flat_memory(probant: Probant,
                                                       tmp_path: Path) -> None:
    assert probant.setup("init", demo=True).code == 0
    dossier = probant.setup("dossier", "new", "Vidéo longue", "--requester", "R").json["id"]
    # The baseline: the same commands on a constat with a 1 MiB video.
    small = probant.setup("constat", "new", "--dossier", dossier).json["id"]
    _video(tmp_path / "court.mp4", 1 << 20)
    assert probant.setup("annex", "add", "--constat", small,
                         str(tmp_path / "court.mp4")).code == 0
    base_export, base_verify = _export_and_verify(probant, small, tmp_path / "small.zip",
                                                  tmp_path / "empty-small")
    constat = probant.setup("constat", "new", "--dossier", dossier).json["id"]
    video = tmp_path / "enregistrement.mp4"
    _video(video)
    added = probant("annex", "add", "--constat", constat, str(video), timeout=900)
    assert added.code == 0, added.stderr
    video.unlink()  # room on disk: the vault holds it now
    bundle = tmp_path / "large.zip"
    export_rss, verify_rss = _export_and_verify(probant, constat, bundle, tmp_path / "empty")
    with zipfile.ZipFile(bundle) as z:
        [entry] = [i for i in z.infolist() if i.filename.endswith("enregistrement.mp4")]
    assert entry.file_size == SIZE and entry.compress_type == zipfile.ZIP_STORED
    print(f"2 GiB bundle: export peak RSS {export_rss >> 20} MiB (1 MiB: {base_export >> 20}),"
          f" verify {verify_rss >> 20} MiB (1 MiB: {base_verify >> 20})")
    assert export_rss - base_export <= GROWTH_LIMIT, f"export peak RSS {export_rss >> 20} MiB"
    assert verify_rss - base_verify <= GROWTH_LIMIT, f"verify peak RSS {verify_rss >> 20} MiB"
    with open(bundle, "r+b") as handle:  # one flipped byte deep inside the video
        handle.seek(entry.header_offset + (SIZE // 2))
        byte = handle.read(1)
        handle.seek(-1, os.SEEK_CUR)
        handle.write(bytes([byte[0] ^ 1]))
    damaged, _ = Probant(tmp_path / "empty").measured("verify", str(bundle))
    assert damaged.code == 1
    assert any(e["file"].endswith("enregistrement.mp4") and e["check"] == "files"
               for e in json.loads(damaged.stdout)["errors"])


def _export_and_verify(probant: Probant, constat: str, bundle: Path,
                       empty: Path) -> tuple[int, int]:
    """Peak RSS of `export` of the constat, then of `verify` of its bundle."""
    exported, export_rss = probant.measured("export", "--constat", constat, "--out",
                                            str(bundle), "--without-pv", "--no-timestamp")
    assert exported.code == 0, exported.stderr
    verified, verify_rss = Probant(empty).measured("verify", str(bundle))
    # intact; no token nor signed PV attaches it to an authority: « INTÈGRE, NON RATTACHÉ »
    assert verified.code == 5, verified.stdout
    return export_rss, verify_rss
