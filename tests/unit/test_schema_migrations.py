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


def test_tokens_from_before_batches_keep_their_leaves_under_a_batch_of_their_own(
        tmp_path: Path) -> None:
    """Migration 7: each earlier token becomes its own batch (same id); its leaves follow,
    every foreign key holds, and the tables stay append-only."""
    db = Database(tmp_path / "v.db", os.urandom(32), create=True)
    with db.transaction() as conn:
        for script in MIGRATIONS[:6]:
            for statement in _split(script):
                conn.execute(statement)
        conn.execute("PRAGMA user_version = 6")
        conn.execute("INSERT INTO users VALUES ('u1', 'Me', 'commissaire', '', '', 'now', 1)")
        conn.execute("INSERT INTO tsa_authorities (id, name, url, trust_pem, position,"
                     " added_at, added_by) VALUES ('a1', 'tsa', 'http://t', 'pem', 1, 'now',"
                     " 'u1')")
        for token, count in (("tst_old1", 3), ("tst_old2", 1)):
            conn.execute("INSERT INTO timestamp_tokens VALUES (?, 'a1', 'tsa', 'ab', ?,"
                         " '2026-01-01T00:00:00.000000Z', '7', '1.2', 'CN=TSA', x'3000',"
                         " 'req', 'rec', 0, 40, 1)", (token, count))
            for i in range(count):
                conn.execute("INSERT INTO timestamp_leaves VALUES (?, 'evidence', ?, 'c1',"
                             " 'dd', ?, x'')", (token, f"ev{token}{i}", i))
    assert db.migrate() == len(MIGRATIONS)
    assert [tuple(r) for r in db.query("SELECT id, batch_id FROM timestamp_tokens ORDER BY id")] \
        == [("tst_old1", "tst_old1"), ("tst_old2", "tst_old2")]
    assert [tuple(r) for r in db.query("SELECT id, leaf_count FROM timestamp_batches ORDER BY"
                                       " id")] == [("tst_old1", 3), ("tst_old2", 1)]
    assert [tuple(r) for r in db.query("SELECT batch_id, count(*) FROM timestamp_leaves"
                                       " GROUP BY batch_id ORDER BY batch_id")] \
        == [("tst_old1", 3), ("tst_old2", 1)]
    assert db.query("PRAGMA foreign_key_check") == []
    for statement in ("DELETE FROM timestamp_leaves", "DELETE FROM timestamp_batches",
                      "DELETE FROM timestamp_tokens", "UPDATE timestamp_leaves SET digest = 'x'",
                      "UPDATE timestamp_tokens SET serial = '8'"):
        with pytest.raises(Exception, match="immutable"), db.transaction() as conn:
            conn.execute(statement)
    db.close()
