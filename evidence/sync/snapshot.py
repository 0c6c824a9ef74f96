"""The database as a sync sends it: a consistent copy through SQLite's backup API, in a
SQLCipher file under the same key (docs/sync.md: a snapshot, not a change log)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlcipher3

from evidence.anchors import Head
from evidence.errors import IntegrityError
from evidence.vault import Vault


def snapshot_database(vault: Vault, out: Path) -> Head:
    """A consistent copy of the SQLCipher database through SQLite's backup API, encrypted
    under the same key page by page (never a plaintext page on disk); returns its head."""
    target: Any = sqlcipher3.connect(str(out), isolation_level=None)
    try:
        target.execute(f"PRAGMA key = \"x'{vault.keys.database.hex()}'\"")
        target.execute("PRAGMA temp_store = MEMORY")
        with vault.db.read_snapshot():
            vault.db.conn.backup(target)
        row = target.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1")\
            .fetchone()
        target.execute("PRAGMA journal_mode = DELETE")
    finally:
        target.close()
    with open(out, "rb") as handle:
        if handle.read(16) == b"SQLite format 3\x00":
            raise IntegrityError("the snapshot is not encrypted", problem="snapshot_plain")
        os.fsync(handle.fileno())
    return Head(0, "") if row is None else Head(int(row[0]), str(row[1]))
