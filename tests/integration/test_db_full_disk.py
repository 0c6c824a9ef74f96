"""A full disk in the middle of a vault write is « storage_full », never an unexpected
error (found by bench/faults.py: SQLite rolls back by itself when COMMIT fails on a full
disk, and the ROLLBACK that followed raised « no transaction is active », hiding the
first error). A real tmpfs with a size limit in a private mount namespace (no root)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.cli import ROOT

CHILD = r"""
import sys
from pathlib import Path
from evidence.db import Database
from evidence.errors import StorageFull

folder = Path(sys.argv[1])
db = Database(folder / "vault.db", b"k" * 32, create=True)
db.migrate()
db.conn.execute("CREATE TABLE filler (data BLOB)")
written = 0
try:
    while True:
        with db.transaction() as conn:
            conn.execute("INSERT INTO filler VALUES (randomblob(65536))")
        written += 1
except StorageFull as exc:
    print("STORAGE_FULL", written, exc.code, flush=True)
except Exception as exc:
    print("OTHER", type(exc).__module__, type(exc).__name__, exc, flush=True)
    sys.exit(1)
# Everything committed before the disk filled is there, and the database still reads.
rows = db.query_one("SELECT COUNT(*) FROM filler")[0]
print("ROWS", rows, flush=True)
"""


def test_a_full_disk_mid_write_is_storage_full_and_keeps_what_was_committed(
        tmp_path: Path) -> None:
    probe = subprocess.run(["unshare", "--mount", "--map-root-user", "sh", "-c",
                            "mount -t tmpfs -o size=1m none /mnt"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("no private mount namespace here (unshare --mount --map-root-user)")
    disk = tmp_path / "disk"
    disk.mkdir()
    script = (f"mount -t tmpfs -o size=2m none {disk} && "
              f"{sys.executable} -c '{CHILD}' {disk}")
    done = subprocess.run(["unshare", "--mount", "--map-root-user", "sh", "-c", script],
                          cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    full = next(line.split() for line in lines if line.startswith("STORAGE_FULL"))
    assert full[2] == "storage_full" and int(full[1]) > 0, lines
    rows = next(int(line.split()[1]) for line in lines if line.startswith("ROWS"))
    assert rows == int(full[1]), "every committed row is there, no half-written one"
