"""Versioned schema: a database at an older version is brought forward step by step."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from evidence.db import Database, _split
from evidence.errors import IntegrityError
from evidence.schema import MIGRATIONS


def test_old_database_is_migrated_to_the_latest_version(tmp_path: Path) -> None:
    key = os.urandom(32)
    db = Database(tmp_path / "v.db", key, create=True)
    with db.transaction() as conn:  # as a version-1 Probant left it
        for statement in _split(MIGRATIONS[0]):
            conn.execute(statement)
        conn.execute("PRAGMA user_version = 1")
    assert db.schema_version() == 1
    assert db.migrate() == len(MIGRATIONS)
    tables = {r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"evidence", "journal", "manifests", "workstation_keys"} <= tables
    assert db.migrate() == len(MIGRATIONS)  # idempotent
    db.close()


def test_wrong_key_does_not_open(tmp_path: Path) -> None:
    db = Database(tmp_path / "v.db", os.urandom(32), create=True)
    db.migrate()
    db.close()
    with pytest.raises(IntegrityError):
        Database(tmp_path / "v.db", os.urandom(32))
