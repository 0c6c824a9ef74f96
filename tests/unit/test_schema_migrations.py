"""Versioned schema: a database left by an older Probant is brought forward step by step.

The databases under tests/data/ were written once by the code of the commit that
introduced each schema version (tests/data/build_schema_dbs.py says how) and are frozen:
they are what a user's vault really looks like, not what today's MIGRATIONS would build.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from evidence.db import Database, _split
from evidence.errors import IntegrityError
from evidence.journal import row_to_entry, verify_chain
from evidence.schema import MIGRATIONS

DATA = Path(__file__).resolve().parents[1] / "data"
KEY = bytes.fromhex("5072" * 16)  # the frozen files' key (tests/data/build_schema_dbs.py)
VAULT_ID = "vlt_frozen"
OLD_VERSIONS = range(1, 14)


def _open_frozen(version: int, tmp_path: Path) -> Database:
    copy = tmp_path / f"schema_v{version}.db"
    shutil.copyfile(DATA / f"schema_v{version}.db", copy)
    return Database(copy, KEY)


def test_every_older_version_has_a_frozen_database() -> None:
    # Each version before the latest has its file, written by the commit that introduced it.
    assert len(MIGRATIONS) == 14, "a new migration needs tests/data/schema_v14.db (see its builder)"
    frozen = sorted(p.name for p in DATA.glob("schema_v*.db"))
    assert frozen == sorted(f"schema_v{v}.db" for v in OLD_VERSIONS)


def test_schema_11_retires_the_readable_key_and_guards_roles_and_closed_constats(
        tmp_path: Path) -> None:
    """A version-10 database with a workstation key (private half readable), a closed
    constat and a collaborateur, brought to 11."""
    db = Database(tmp_path / "v10.db", KEY, create=True)
    with db.transaction() as conn:
        for target, script in enumerate(MIGRATIONS[:10], start=1):
            for statement in _split(script):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {target}")
        conn.execute("INSERT INTO users (id, name, role, created_at) VALUES"
                     " ('usr_1', 'Maître', 'commissaire', 'a'), ('usr_2', 'Paul', 'collaborateur', 'a')")
        conn.execute("INSERT INTO dossiers (id, title, created_at, created_by)"
                     " VALUES ('dos_1', 'D', 'a', 'usr_1')")
        conn.execute("INSERT INTO constats (id, dossier_id, officer_id, started_at, started_local,"
                     " status, created_by) VALUES ('cst_1', 'dos_1', 'usr_1', 'a', 'a', 'closed',"
                     " 'usr_1')")
        conn.execute("INSERT INTO workstation_keys VALUES ('wsk_1', x'01', x'0203', 'a', 'poste')")
    assert db.schema_version() == 10
    assert db.migrate() == len(MIGRATIONS)
    row = db.query_one("SELECT private_key, kind, user_id FROM workstation_keys")
    assert (bytes(row[0]), row[1], row[2]) == (b"", "workstation", "")
    for statement in ("UPDATE constats SET status = 'open'", "DELETE FROM constats",
                      "UPDATE users SET role = 'commissaire' WHERE id = 'usr_2'",
                      "DELETE FROM users", "DELETE FROM workstation_keys",
                      "INSERT INTO evidence (id, constat_id, annex_no, kind, origin, sha256, size,"
                      " blob_id, captured_at, captured_local, monotonic_ns, created_by) VALUES"
                      " ('e', 'cst_1', 1, 'x', 'captured', 's', 1, 'b', 'a', 'a', 0, 'usr_1')"):
        with pytest.raises(Exception, match="immutable|never|journaled|closed"), \
                db.transaction() as conn:
            conn.execute(statement)
    with db.transaction() as conn:  # the journaled path: the entry, then the row
        conn.execute("INSERT INTO journal (seq, at, at_local, user_id, action, subject, details,"
                     " prev_hash, hash) VALUES (1, 'a', 'a', 'usr_1', 'user_role_changed',"
                     " 'usr_2', '{\"role\":\"commissaire\"}', 'p', 'h')")
        conn.execute("UPDATE users SET role = 'commissaire' WHERE id = 'usr_2'")
    assert db.query_one("SELECT role FROM users WHERE id = 'usr_2'")[0] == "commissaire"
    db.close()


@pytest.mark.parametrize("version", OLD_VERSIONS)
def test_a_frozen_database_is_migrated_to_the_latest_version(version: int,
                                                             tmp_path: Path) -> None:
    db = _open_frozen(version, tmp_path)
    assert db.schema_version() == version
    assert db.migrate() == len(MIGRATIONS)
    assert db.schema_version() == len(MIGRATIONS)
    assert db.migrate() == len(MIGRATIONS)  # idempotent
    assert db.integrity_problems() == []
    assert db.query("PRAGMA foreign_key_check") == []

    # What was there is still there, and the journal written then still verifies.
    assert db.query_one("SELECT value FROM meta WHERE key = 'vault_id'")[0] == VAULT_ID
    assert [tuple(r) for r in db.query("SELECT id, sha256 FROM evidence")] == [("evd_1", "ab" * 32)]
    entries = [row_to_entry(r) for r in db.query("SELECT * FROM journal ORDER BY seq")]
    assert [(e.seq, e.action, e.v) for e in entries] == [(1, "evidence.add",
                                                          1 if version < 5 else 2)]
    assert verify_chain(entries, VAULT_ID) == []

    # Each migration's data step: items signed before trusted time wait for a token
    # (3); tokens from before batches each become a batch of their own, leaves following (7).
    queued = [tuple(r) for r in db.query("SELECT subject_id, digest FROM timestamp_queue")]
    assert queued == ([("evd_1", "cd" * 32)] if version == 2 else [])
    tokens = [tuple(r) for r in db.query("SELECT id, batch_id FROM timestamp_tokens ORDER BY id")]
    batches = [tuple(r) for r in db.query("SELECT batch_id, count(*) FROM timestamp_leaves"
                                          " GROUP BY batch_id ORDER BY batch_id")]
    if version >= 3:
        assert tokens == [("tst_1", "tst_1"), ("tst_2", "tst_2")]
        assert [tuple(r) for r in db.query("SELECT id, leaf_count FROM timestamp_batches"
                                           " ORDER BY id")] == [("tst_1", 3), ("tst_2", 1)]
        assert batches == [("tst_1", 3), ("tst_2", 1)]
    else:
        assert tokens == [] and batches == []
    # 8: the dossier's reference and the constat's place exist, empty for older rows.
    assert tuple(db.query_one("SELECT reference FROM dossiers")) == ("",)
    assert tuple(db.query_one("SELECT place FROM constats")) == (
        ("en l'étude",) if version >= 8 else ("",))
    # 9: the signer's certificate column exists, NULL for signers added before; the
    # reservations table is there, empty.
    if version >= 4:
        assert tuple(db.query_one("SELECT certificate FROM signers")) == (None,)
    assert [tuple(r)[:4] for r in db.query("SELECT * FROM reservations")] == (
        [("cst_1", "public_ip", 1, "hors ligne")] if version >= 9 else [])
    # 10: the sync state table is there; a file made at 10 keeps what a remote confirmed.
    assert [tuple(r)[:4] for r in db.query("SELECT * FROM sync_objects")] == (
        [("s3", "blobs/blb_1", "blob", "blb_1")] if version >= 10 else [])
    # 12: the key epochs table is there, empty (epoch 0 until a key slot is removed).
    assert db.query("SELECT * FROM key_epochs") == []
    # 13: blob files' hashes, empty (recorded at the first push); sync_objects rebuilt for
    # its new kind keeps its rows (above), its index and its checks.
    # 14: part digests, none for a file written before (part_size 0: hashed whole).
    assert [tuple(r) for r in db.query("SELECT blob_id, size, part_size, part_sha256 FROM"
                                       " blob_files")] == (
        [("blb_1", 5, 0, b"")] if version >= 13 else [])
    assert "sync_objects_local" in {r[0] for r in db.query(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sync_objects'")}

    # Immutable tables stay immutable after the tables were rebuilt.
    for statement in ("DELETE FROM evidence", "UPDATE journal SET action = 'x'",
                      "DELETE FROM timestamp_leaves", "DELETE FROM timestamp_tokens",
                      "UPDATE timestamp_leaves SET digest = 'x'",
                      "UPDATE timestamp_tokens SET serial = '8'"):
        if version < 3 and "timestamp" in statement:
            continue  # nothing there to refuse
        with pytest.raises(Exception, match="immutable|append-only"), db.transaction() as conn:
            conn.execute(statement)
    if version >= 3:
        with pytest.raises(Exception, match="immutable"), db.transaction() as conn:
            conn.execute("DELETE FROM timestamp_batches")
    # Findings and narratives (8) and reservations (9) are written as versions, never
    # changed (the frozen v8 file already holds version 1 of a finding and a narrative).
    with db.transaction() as conn:
        conn.execute("INSERT INTO findings VALUES ('evd_1', 'cst_1', 2, 'vu', 0, 'a', 'b',"
                     " 'usr_1')")
        conn.execute("INSERT INTO narratives VALUES ('cst_1', 2, 'récit', 'a', 'b', 'usr_1')")
        conn.execute("INSERT INTO reservations VALUES ('cst_1', 'public_ip',"
                     f" {2 if version >= 9 else 1}, 'hors ligne', 'a', 'b', 'usr_1')")
    if version >= 8:
        assert [tuple(r) for r in db.query("SELECT version, text FROM findings")] == [
            (1, "vu"), (2, "vu")]
    for statement in ("DELETE FROM findings", "UPDATE findings SET text = 'x'",
                      "DELETE FROM narratives", "UPDATE narratives SET text = 'x'",
                      "DELETE FROM reservations", "UPDATE reservations SET text = 'x'"):
        with pytest.raises(Exception, match="immutable"), db.transaction() as conn:
            conn.execute(statement)
    db.close()


def test_wrong_key_does_not_open(tmp_path: Path) -> None:
    db = Database(tmp_path / "v.db", os.urandom(32), create=True)
    db.migrate()
    db.close()
    with pytest.raises(IntegrityError):
        Database(tmp_path / "v.db", os.urandom(32))
    shutil.copyfile(DATA / "schema_v6.db", tmp_path / "frozen.db")
    with pytest.raises(IntegrityError):
        Database(tmp_path / "frozen.db", os.urandom(32))


def test_schema_12_key_epochs_are_kept_and_never_changed(tmp_path: Path) -> None:
    """The master keys of ended key epochs (rotation.py): never deleted or changed, except
    the epoch's last journal entry, filled once."""
    db = _open_frozen(11, tmp_path)
    assert db.migrate() == len(MIGRATIONS)
    with db.transaction() as conn:
        conn.execute("INSERT INTO key_epochs VALUES (0, ?, 'c0', NULL, 'a')", (os.urandom(32),))
        conn.execute("UPDATE key_epochs SET until_seq = 7 WHERE epoch = 0")
    for statement in ("UPDATE key_epochs SET until_seq = 9", "DELETE FROM key_epochs",
                      "UPDATE key_epochs SET master = x'" + "00" * 32 + "'"):
        with pytest.raises(Exception, match="immutable|never"), db.transaction() as conn:
            conn.execute(statement)
    with pytest.raises(Exception, match="CHECK"), db.transaction() as conn:
        conn.execute("INSERT INTO key_epochs VALUES (1, x'01', 'c1', NULL, 'a')")
    db.close()


def test_schema_13_records_blob_files_and_syncs_the_failures_file(tmp_path: Path) -> None:
    """A frozen version-12 database (a confirmed blob) brought to 13: its confirmation
    kept, the kind ``failures`` accepted and unknown kinds still refused, blob file hashes
    well formed."""
    db = _open_frozen(12, tmp_path)
    assert db.migrate() == len(MIGRATIONS)
    with db.transaction() as conn:
        conn.execute("INSERT INTO sync_objects VALUES ('s3', 'failures/ff', 'failures', '', 9,"
                     " ?, 'sent', 'a', NULL)", ("ff" * 32,))
        conn.execute("INSERT INTO blob_files (blob_id, sha256, size, recorded_at)"
                     " VALUES ('blb_1', ?, 5, 'a')", ("ab" * 32,))
    assert [tuple(r)[:3] for r in db.query("SELECT * FROM sync_objects ORDER BY name")] == [
        ("s3", "blobs/blb_1", "blob"), ("s3", "failures/ff", "failures")]
    for statement in ("INSERT INTO sync_objects VALUES ('s3', 'x', 'other', '', 1, 's',"
                      " 'sent', 'a', NULL)",
                      "INSERT INTO sync_objects VALUES ('s3', 'y', 'db', '', 1, 's', 'lost',"
                      " 'a', NULL)",
                      "INSERT INTO blob_files (blob_id, sha256, size, recorded_at) VALUES ('blb_2',"
                      " 'short', 5, 'a')"):
        with pytest.raises(Exception, match="CHECK"), db.transaction() as conn:
            conn.execute(statement)
    db.close()


def test_schema_14_adds_part_digests_to_the_recorded_blob_files(tmp_path: Path) -> None:
    """The frozen version-13 database (a blob file's hash recorded) brought to 14: the row
    kept, without part digests (its push and restore hash it whole); digests of 32 bytes
    each accepted, a torn one refused."""
    db = _open_frozen(13, tmp_path)
    assert db.migrate() == 14
    assert [tuple(r) for r in db.query("SELECT * FROM blob_files")] == [
        ("blb_1", "cd" * 32, 5, "2026-01-05T08:30:00.000000Z", 0, b"")]
    with db.transaction() as conn:
        conn.execute("INSERT INTO blob_files VALUES ('blb_2', ?, 9, 'a', 8, ?)",
                     ("ef" * 32, bytes(64)))
    for statement in ("INSERT INTO blob_files VALUES ('blb_3', '" + "ab" * 32 + "', 9, 'a',"
                      " 8, x'0102')",
                      "INSERT INTO blob_files VALUES ('blb_4', '" + "ab" * 32 + "', 9, 'a',"
                      " -1, x'')"):
        with pytest.raises(Exception, match="CHECK"), db.transaction() as conn:
            conn.execute(statement)
    db.close()
