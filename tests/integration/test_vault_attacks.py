"""Attacks on real vaults by insiders: blob files swapped or damaged, SQL run with the
vault's key (sqlcipher3, as anyone holding the key can), old key slot files put back.
Each must fail verification or unlock, naming what it found."""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
from pathlib import Path

import pytest
import sqlcipher3
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from evidence import blobstore, dossiers, items
from evidence.blobstore import DAMAGED_DIR, HEADER, LEGACY, MAGIC_V1
from evidence.errors import IntegrityError
from evidence.vault import Vault
from evidence.verify import verify_vault
from tests.fixtures.vault import VaultHome


def _capture(vault: Vault, constat: str, data: bytes) -> items.EvidenceItem:
    return items.add_evidence(vault, items.EvidenceRequest(constat, "screenshot", "captured",
                                                           "image/png"), data)


def _constat(vault: Vault) -> str:
    dossier = dossiers.create_dossier(vault, "Affaire", "Requérant")
    return dossiers.create_constat(vault, dossier.id, "Mission").id


def insider_sql(home: Path, key: bytes, *statements: str) -> None:
    conn = sqlcipher3.connect(str(home / "vault" / "vault.db"))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


# -- point 5: blob binding -------------------------------------------------------------


def test_two_blob_files_swapped_are_caught_naming_both(vault_home: VaultHome) -> None:
    """Each file alone is a perfectly valid encrypted blob: before the seal, only the hash
    compared by verify could tell; now the seal binds a file to its id, and the report
    names both pieces."""
    with vault_home.open() as vault:
        constat = _constat(vault)
        a = _capture(vault, constat, b"piece A " * 1000)
        b = _capture(vault, constat, b"piece B " * 1000)
        path_a, path_b = vault.blobs.path_of(a.blob_id), vault.blobs.path_of(b.blob_id)
        swap = path_a.with_name("swap")
        os.rename(path_a, swap)
        os.rename(path_b, path_a)
        os.rename(swap, path_b)
        with pytest.raises(IntegrityError) as raised:
            vault.blobs.read_all(a.blob_id)  # read_all checks too, not only verify
        assert raised.value.params["problem"] == "swapped"
        report = verify_vault(vault)
    assert not report.ok
    found = {d.subject: d for d in report.damages if d.area == "evidence"}
    assert set(found) == {a.id, b.id}
    assert found[a.id].problem == "swapped"
    assert b.id in found[a.id].detail and a.blob_id in found[a.id].detail
    assert a.id in found[b.id].detail and "annexe 1" in found[b.id].detail


def test_the_seal_binds_the_id_even_when_the_name_would_match(vault_home: VaultHome) -> None:
    """A file re-encrypted by someone holding the blob key but without the seal of its id
    (an old-format copy, or a seal cut off) does not pass as a sealed blob."""
    with vault_home.open() as vault:
        item = _capture(vault, _constat(vault), b"sealed content")
        path = vault.blobs.path_of(item.blob_id)
        raw = path.read_bytes()
        path.write_bytes(raw[:-blobstore.SEAL_BYTES] + os.urandom(blobstore.SEAL_BYTES))
        report = verify_vault(vault)
    assert [(d.subject, d.problem) for d in report.damages] == [(item.id, "seal")]


def test_a_damaged_blob_is_not_reused_by_a_new_import_of_the_same_file(
        vault_home: VaultHome, tmp_path: Path) -> None:
    src = tmp_path / "contrat.pdf"
    src.write_bytes(os.urandom(300_000))
    with vault_home.open() as vault:
        constat = _constat(vault)
        [first] = items.import_files(vault, constat, [src])
        path = vault.blobs.path_of(first.blob_id)
        raw = bytearray(path.read_bytes())
        raw[5000] ^= 0x01
        path.write_bytes(bytes(raw))
        assert not vault.blobs.check(first.blob_id, first.sha256).ok
        [second] = items.import_files(vault, constat, [src])
        assert second.blob_id == first.blob_id  # same content, same name
        out = tmp_path / "out.pdf"
        items.export_evidence(vault, second.id, out)
        assert out.read_bytes() == src.read_bytes()  # the new import is intact
        aside = list((vault_home.home / "vault" / DAMAGED_DIR).iterdir())
        assert len(aside) == 1 and aside[0].name.startswith(first.blob_id)
        assert bytes(raw) == aside[0].read_bytes()  # the damaged copy kept as found
        journal = vault.db.query("SELECT details FROM journal WHERE action = 'evidence_added'"
                                 " AND subject = ?", (second.id,))
        assert '"deduplicated":false' in journal[0]["details"]
        report = verify_vault(vault)
    assert report.ok, report.to_json()


def _legacy_blob(store: blobstore.BlobStore, data: bytes) -> str:
    """A format-1 blob as Probant wrote them before the seal (same chunk layout)."""
    sha = hashlib.sha256(data).hexdigest()
    blob_id = store.blob_id_for(sha)
    salt = os.urandom(32)
    header = HEADER.pack(MAGIC_V1, blobstore.DEFAULT_CHUNK, salt)
    nonce = os.urandom(12)
    body = AESGCM(store._key(salt)).encrypt(nonce, data, header + struct.pack(">QB", 0, 1))
    path = store.path_of(blob_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + nonce + body)
    return blob_id


def test_legacy_blobs_still_read_and_are_reported_as_such(vault_home: VaultHome,
                                                          tmp_path: Path) -> None:
    data = b"written before the seal existed"
    with vault_home.open() as vault:
        blob_id = _legacy_blob(vault.blobs, data)
        assert vault.blobs.read_all(blob_id) == data
        check = vault.blobs.check(blob_id, hashlib.sha256(data).hexdigest())
        assert check.ok and check.binding == LEGACY
        # A legacy file under another legacy blob's name is still caught (by its hash).
        other = _legacy_blob(vault.blobs, b"another legacy blob")
        shutil.copyfile(vault.blobs.path_of(blob_id), vault.blobs.path_of(other))
        with pytest.raises(IntegrityError):
            vault.blobs.read_all(other)
