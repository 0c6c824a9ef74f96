"""A folder remote on a full and on a read-only filesystem: a clear error (exit 4,
``remote_full`` / ``remote_read_only``), nothing half-written on the remote, the queue
kept and sent once the disk is usable again.

The filesystem is a real tmpfs with a size limit, mounted in a private mount namespace
(``unshare --mount --map-root-user``: no root needed, nothing left mounted), remounted
read-only or larger between the real ``probant`` runs of one shell script.
"""

from __future__ import annotations

import hashlib
import json
import shlex
import subprocess
from pathlib import Path

import pytest

from tests.fixtures.cli import ROOT
from tests.integration.test_sync import Home, officer  # noqa: F401  (fixture)
from tests.integration.test_sync_resume import big_constat


def _namespace_ok() -> bool:
    probe = subprocess.run(["unshare", "--mount", "--map-root-user", "sh", "-c",
                            "mount -t tmpfs -o size=1m none /mnt"], capture_output=True)
    return probe.returncode == 0


def _run_script(h: Home, tmp_path: Path, nas: Path, steps: list[str]) -> list[dict[str, str]]:
    """Run ``steps`` (shell lines; ``PROBANT x y`` runs the real command, its stdout, exit
    code and a listing of the folder after it are kept) in a private mount namespace."""
    probant = " ".join(shlex.quote(a) for a in h.argv())
    lines = ["set -u", f"cd {shlex.quote(str(ROOT))}"]
    n = 0
    for step in steps:
        if step.startswith("PROBANT "):
            out = tmp_path / f"run-{n}"
            lines.append(f"{probant} {step[8:]} > {out}.json 2> {out}.err; echo $? > {out}.rc")
            lines.append(f"find {shlex.quote(str(nas))} -type f -exec sha256sum {{}} + "
                         f"> {out}.list")
            n += 1
        else:
            lines.append(step)
    if not _namespace_ok():
        pytest.skip("no private mount namespace here (unshare --mount --map-root-user)")
    done = subprocess.run(["unshare", "--mount", "--map-root-user", "sh", "-c",
                           "\n".join(lines)], env=h.environ(), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    runs = []
    for i in range(n):
        base = tmp_path / f"run-{i}"
        runs.append({"rc": base.with_suffix(".rc").read_text().strip(),
                     "out": base.with_suffix(".json").read_text(),
                     "err": base.with_suffix(".err").read_text(),
                     "list": base.with_suffix(".list").read_text()})
    return runs


def _whole(listing: str, nas: Path) -> dict[str, str]:
    """Every file on the remote: none in the temp folder, each content-addressed object
    holding exactly the bytes its name says."""
    files = {}
    for line in listing.splitlines():
        sha, path = line.split(None, 1)
        rel = Path(path).relative_to(nas).as_posix()
        assert not rel.startswith(".tmp/"), f"a partial write was left: {rel}"
        kind, _, name = rel.split("/", 1)[-1].partition("/")
        if kind in ("blobs", "db", "keyslots"):
            assert name == sha, f"{rel} does not hold its own bytes"
        files[rel] = sha
    return files


def test_full_folder_remote_exits_4_leaves_nothing_partial_then_catches_up(
        officer: tuple[Home, str], tmp_path: Path) -> None:  # noqa: F811
    h, _code = officer
    big_constat(h, tmp_path, 3)  # a 3 MiB blob on a 1 MiB filesystem
    nas = tmp_path / "nas"
    nas.mkdir()
    assert h("remote", "add", "folder", "nas", str(nas)).code == 0
    q = shlex.quote(str(nas))
    full, later = _run_script(h, tmp_path, nas, [
        f"mount -t tmpfs -o size=1m none {q}", "PROBANT sync",
        f"mount -o remount,size=64m {q}", "PROBANT sync"])
    assert full["rc"] == "4", full
    error = json.loads(full["out"])["error"]
    assert error["code"] == "remote_full"
    assert "file" in error["message"]  # the queue is kept, it says so
    _whole(full["list"], nas)
    assert later["rc"] == "0", later
    sent = json.loads(later["out"])["remotes"][0]
    assert sent["blobs_sent"] >= 1
    _whole(later["list"], nas)
    entry = [e for e in h("journal").json if e["action"] == "remote_sync_failed"][-1]
    assert entry["details"]["error"] == "remote_full" and entry["details"]["pending"] >= 1


def test_read_only_folder_remote_exits_4_changes_nothing_then_catches_up(
        officer: tuple[Home, str], tmp_path: Path) -> None:  # noqa: F811
    h, _code = officer
    big_constat(h, tmp_path, 1)
    nas = tmp_path / "nas"
    nas.mkdir()
    assert h("remote", "add", "folder", "nas", str(nas)).code == 0
    q = shlex.quote(str(nas))
    dossier = h("dossier", "new", "Affaire suivante").json["id"]
    constat = h("constat", "new", "--dossier", dossier, "--mission", "suite").json["id"]
    extra = tmp_path / "suite.txt"
    extra.write_bytes("une pièce de plus".encode())
    annex = " ".join(shlex.quote(a) for a in ("annex", "add", "--constat", constat,
                                              str(extra)))
    first, refused, again = _run_script(h, tmp_path, nas, [
        f"mount -t tmpfs -o size=64m none {q}", "PROBANT sync",
        f"{' '.join(shlex.quote(a) for a in h.argv())} {annex} >/dev/null",
        f"mount -o remount,ro {q}", "PROBANT sync",
        f"mount -o remount,rw {q}", "PROBANT sync"])
    assert first["rc"] == "0", first
    assert refused["rc"] == "4", refused
    error = json.loads(refused["out"])["error"]
    assert error["code"] == "remote_read_only", error
    assert refused["list"] == first["list"]  # not a byte changed on the remote
    assert again["rc"] == "0", again
    assert json.loads(again["out"])["remotes"][0]["blobs_sent"] == 1
    before, after = _whole(first["list"], nas), _whole(again["list"], nas)
    assert all(after[name] == sha for name, sha in before.items())  # nothing rewritten
    assert len(after) > len(before)
    assert hashlib.sha256(b"").hexdigest() not in after.values()
