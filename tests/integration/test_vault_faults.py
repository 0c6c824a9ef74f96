"""Faults on a real vault: SIGKILL at random moments, a full disk."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evidence import dossiers, items
from evidence.verify import verify_vault
from tests.fixtures.vault import VaultHome, make_vault_home

ROOT = Path(__file__).resolve().parents[2]


def _child(home: Path, code: str, constat: str, source: Path, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.integration.vault_child", str(home), code, constat,
         str(source), str(count)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_sigkill_at_random_moments_never_damages_the_vault(vault_home: VaultHome,
                                                           tmp_path: Path) -> None:
    source = tmp_path / "large.bin"
    source.write_bytes(os.urandom(24 << 20))
    with vault_home.open() as vault:
        constat = dossiers.create_constat(
            vault, dossiers.create_dossier(vault, "Crash", "R").id, "M").id
    rng = random.Random(1234)
    committed: dict[str, str] = {}
    waited_for = 0
    for _ in range(20):
        proc = _child(vault_home.home, vault_home.recovery_code, constat, source, 50)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "OPEN"
        # Let 0, 1 or 2 items commit (the child says so), then kill at a random moment of
        # the next one: mid-write, mid-commit, between items.
        wait = rng.choice((0, 0, 1, 2))
        lines = [proc.stdout.readline() for _ in range(wait)]
        assert all(line.startswith("COMMITTED") for line in lines), lines
        waited_for += wait
        time.sleep(rng.uniform(0.0, 0.3))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        for line in [*lines, *out.splitlines()]:
            if line.startswith("COMMITTED"):
                _, item_id, sha = line.split()
                committed[item_id] = sha
        with vault_home.open() as vault:  # opens after every kill
            report = verify_vault(vault)
            assert report.ok, report.to_json()
            for item_id, sha in committed.items():
                assert items.get_evidence(vault, item_id).sha256 == sha
    assert waited_for >= 5 and len(committed) >= waited_for  # kills after commits, too


def _unshare_available() -> bool:
    return shutil.which("unshare") is not None and subprocess.run(
        ["unshare", "-Urm", "true"], capture_output=True).returncode == 0


DISK_FULL_SCRIPT = r"""
set -e
mount -t tmpfs -o size=6m tmpfs "$FULL"
cd "$ROOT"
"$PY" - <<'PY'
import os, sys
from pathlib import Path
sys.path.insert(0, os.environ["ROOT"])
from tests.fixtures.vault import make_vault_home
from evidence import dossiers, items
from evidence.errors import StorageFull
from evidence.verify import verify_vault
vh = make_vault_home(Path(os.environ["FULL"]) / "home")
with vh.open() as v:
    c = dossiers.create_constat(v, dossiers.create_dossier(v, "D", "R").id, "M").id
    small = items.add_evidence(v, items.EvidenceRequest(c, "screenshot", "captured"), b"kept" * 100)
    try:
        items.import_files(v, c, [Path(os.environ["BIG"])])
        print("NO-ERROR")
    except StorageFull as exc:
        print("STORAGE_FULL", exc.exit_code)
with vh.open() as v:
    r = verify_vault(v)
    print("VERIFY", r.ok, len(items.list_evidence(v)), items.get_evidence(v, small.id).sha256)
    print("TMP", len(list((Path(os.environ["FULL"]) / "home" / "vault" / "tmp").iterdir())))
PY
"""


@pytest.mark.skipif(not _unshare_available(), reason="needs user namespaces (unshare -Urm)")
def test_disk_full_gives_a_clear_error_and_the_vault_still_verifies(tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(16 << 20))  # larger than the 6 MiB filesystem
    full = tmp_path / "full"
    full.mkdir()
    env = {**os.environ, "FULL": str(full), "BIG": str(big), "ROOT": str(ROOT),
           "PY": sys.executable}
    proc = subprocess.run(["unshare", "-Urm", "bash", "-c", DISK_FULL_SCRIPT], env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert "STORAGE_FULL 1" in lines
    verify = next(line for line in lines if line.startswith("VERIFY")).split()
    assert verify[1] == "True" and verify[2] == "1"
    assert verify[3] == __import__("hashlib").sha256(b"kept" * 100).hexdigest()
    assert "TMP 0" in lines  # the partial encrypted write was removed


def test_make_vault_home_refuses_an_existing_vault(tmp_path: Path) -> None:
    make_vault_home(tmp_path / "h")
    from evidence.errors import VaultExists

    with pytest.raises(VaultExists):
        make_vault_home(tmp_path / "h")
