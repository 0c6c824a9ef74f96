"""The vault on real files and real SQLCipher: round trips, tampering, secrecy, immutability."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
import sqlcipher3

from evidence import dossiers, items
from evidence.blobstore import DEFAULT_CHUNK
from evidence.errors import (
    ConstatClosed,
    IntegrityError,
    OutputExists,
    WrongRecoveryCode,
)
from evidence.keyslots import RecoveryCodeOpener, new_recovery_code
from evidence.vault import Vault, open_vault
from evidence.verify import check_journal, verify_vault
from tests.fixtures.vault import VaultHome

MiB = 1 << 20


def _capture(vault: Vault, constat: str, data: bytes, kind: str = "screenshot") -> items.EvidenceItem:
    return items.add_evidence(vault, items.EvidenceRequest(constat, kind, "captured", "image/png"),
                              data)


@pytest.mark.parametrize("size", [0, 1, DEFAULT_CHUNK - 1, DEFAULT_CHUNK + 1, 50 * MiB])
def test_import_then_export_gives_the_same_bytes(vault: Vault, open_constat: str,
                                                 tmp_path: Path, size: int) -> None:
    src = tmp_path / f"in-{size}.bin"
    src.write_bytes(os.urandom(size))
    [item] = items.import_files(vault, open_constat, [src])
    assert item.sha256 == hashlib.sha256(src.read_bytes()).hexdigest()
    assert item.origin == "imported" and item.size == size
    out = tmp_path / "out.bin"
    items.export_evidence(vault, item.id, out)
    assert out.read_bytes() == src.read_bytes()
    with pytest.raises(OutputExists):
        items.export_evidence(vault, item.id, out)


def test_annex_numbers_follow_each_other_per_constat(vault: Vault, open_constat: str) -> None:
    numbers = [_capture(vault, open_constat, os.urandom(10)).annex_no for _ in range(3)]
    assert numbers == [1, 2, 3]
    other = dossiers.create_constat(vault, dossiers.list_dossiers(vault)[0].id, "autre")
    assert _capture(vault, other.id, b"x").annex_no == 1


def test_flipped_byte_in_a_blob_is_named_by_id_and_annex(vault: Vault, open_constat: str) -> None:
    keep = _capture(vault, open_constat, os.urandom(5000))
    hit = _capture(vault, open_constat, os.urandom(3 * DEFAULT_CHUNK))
    path = vault.blobs.path_of(hit.blob_id)
    raw = bytearray(path.read_bytes())
    raw[DEFAULT_CHUNK + 500] ^= 0x40
    path.write_bytes(bytes(raw))
    report = verify_vault(vault)
    assert not report.ok
    [damage] = report.damages
    assert (damage.area, damage.subject, damage.annex) == ("evidence", hit.id, "2")
    assert keep.id not in {d.subject for d in report.damages}


def test_flipped_byte_in_the_database_file_is_detected(vault_home: VaultHome) -> None:
    with vault_home.open() as vault:
        dossier = dossiers.create_dossier(vault, "D", "R")
        constat = dossiers.create_constat(vault, dossier.id, "M")
        for _ in range(200):  # enough rows for several pages
            _capture(vault, constat.id, os.urandom(64))
    db = vault_home.home / "vault" / "vault.db"
    assert not Path(str(db) + "-wal").exists() or Path(str(db) + "-wal").stat().st_size == 0
    raw = bytearray(db.read_bytes())
    page = 4096
    assert len(raw) > 6 * page
    raw[4 * page + 1234] ^= 0x01
    db.write_bytes(bytes(raw))
    try:
        with vault_home.open() as vault:
            report = verify_vault(vault)
    except IntegrityError:
        return  # the damaged page is needed to open: detected at unlock
    assert not report.ok
    assert any(d.area == "database" for d in report.damages)


def test_edited_journal_entry_breaks_the_chain(vault_home: VaultHome) -> None:
    with vault_home.open() as vault:
        dossiers.create_dossier(vault, "Dossier", "R")
        key = vault.keys.database
    # An attacker holding the key edits one entry directly in SQLCipher, bypassing the triggers.
    conn = sqlcipher3.connect(str(vault_home.home / "vault" / "vault.db"))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("DROP TRIGGER journal_no_update")
    conn.execute("UPDATE journal SET details = '{\"title\":\"Autre\"}' WHERE action = 'dossier_created'")
    seq = conn.execute("SELECT seq FROM journal WHERE action = 'dossier_created'").fetchone()[0]
    conn.commit()
    conn.close()
    with vault_home.open() as vault:
        count, damages = check_journal(vault)
        assert [(d.subject, d.problem) for d in damages] == [(f"seq {seq}", "hash")]
        assert not verify_vault(vault).ok


def test_evidence_and_journal_refuse_update_and_delete(vault: Vault, open_constat: str) -> None:
    item = _capture(vault, open_constat, b"capture")
    for sql in ("UPDATE evidence SET sha256 = 'x' WHERE id = ?", "DELETE FROM evidence WHERE id = ?"):
        with pytest.raises(sqlcipher3.IntegrityError, match="immutable"):
            vault.db.conn.execute(sql, (item.id,))
    with pytest.raises(sqlcipher3.IntegrityError, match="append-only"):
        vault.db.conn.execute("DELETE FROM journal")


def test_no_plaintext_under_the_home(vault_home: VaultHome, tmp_path: Path) -> None:
    marker = b"PROBANT-PLAINTEXT-MARKER-7f3a9c"
    src = tmp_path / "client-file.txt"
    src.write_bytes((b"x" * 1000 + marker) * 3000)  # several chunks, marker across chunks
    with vault_home.open() as vault:
        dossier = dossiers.create_dossier(vault, "Confidentiel " + marker.decode(), marker.decode())
        constat = dossiers.create_constat(vault, dossier.id, marker.decode())
        items.import_files(vault, constat.id, [src])
        _capture(vault, constat.id, marker * 10)
        # Scan while the vault is still open: WAL and any temporary file included.
        _assert_marker_absent(vault_home.home, marker)
    _assert_marker_absent(vault_home.home, marker)


def _assert_marker_absent(home: Path, marker: bytes) -> None:
    scanned = 0
    for path in home.rglob("*"):
        if path.is_file():
            assert marker not in path.read_bytes(), f"plaintext found in {path}"
            scanned += 1
    assert scanned >= 4


def test_wrong_recovery_code_changes_nothing_and_is_journaled(vault_home: VaultHome) -> None:
    folder = vault_home.home / "vault"

    def snapshot() -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in folder.iterdir()
                if p.is_file() and p.name != "unlock-failures.jsonl"}

    before = snapshot()
    with pytest.raises(WrongRecoveryCode) as info:
        open_vault(vault_home.home, [RecoveryCodeOpener(new_recovery_code())])
    assert info.value.exit_code == 3
    assert snapshot() == before
    with vault_home.open() as vault:
        rows = vault.db.query("SELECT details FROM journal WHERE action = 'unlock_failed'")
        assert len(rows) == 1 and "wrong_recovery_code" in rows[0][0]
        assert check_journal(vault)[1] == []
    with vault_home.open() as vault:  # imported once, not again
        assert len(vault.db.query("SELECT 1 FROM journal WHERE action = 'unlock_failed'")) == 1


def test_closed_constat_takes_no_more_evidence(vault: Vault, open_constat: str) -> None:
    _capture(vault, open_constat, b"1")
    dossiers.close_constat(vault, open_constat)
    with pytest.raises(ConstatClosed):
        _capture(vault, open_constat, b"2")


def test_keys_never_appear_in_repr(vault: Vault) -> None:
    assert vault.keys.master.hex() not in repr(vault.keys)
    for path in vault.folder.rglob("*"):
        if path.is_file():
            assert vault.keys.master not in path.read_bytes()
            assert vault.keys.database not in path.read_bytes()
