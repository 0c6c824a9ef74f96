"""A push names each blob by the SHA-256 of its encrypted file recorded when the blob store
wrote it (``blob_files``, schema 13), without reading the file first, and still hashes
what it sends against that name: a blob file damaged on disk since it was written is
refused (never stored under its good name), the rest is sent. The failed-unlock file is
confirmed like any other object (kind ``failures``): verified, repaired, restored.

In process, on a real vault, against SeaweedFS's S3 gateway and a folder remote; the
damage is real bytes changed in the real blob files.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from app.messages import describe
from evidence import dossiers, items
from evidence.errors import IntegrityError
from evidence.keyslots import RecoveryCodeOpener, WrongRecoveryCode, new_recovery_code
from evidence.sync import engine, multipart
from evidence.sync.remote import FolderRemote, sha256_file
from evidence.sync.restore import restore
from evidence.sync.s3 import S3Remote
from evidence.vault import Vault, open_vault, vault_folder
from evidence.verify import verify_vault
from tests.fixtures.seaweedfs import S3Server
from tests.fixtures.vault import VaultHome

LARGE = 5 * multipart.PART_SIZE // 2  # multipart: 3 parts, the last one short


def _fill(vault: Vault) -> dict[str, bytes]:
    """Three items (a screenshot-sized one, a small file, a multipart one): blob id -> data."""
    constat = dossiers.create_constat(vault, dossiers.create_dossier(vault, "D", "R").id,
                                      "M").id
    out: dict[str, bytes] = {}
    for data in (os.urandom(70_000), b"note " * 40, os.urandom(LARGE - 4096)):
        item = items.add_evidence(vault, items.EvidenceRequest(
            constat, "screenshot", "captured", "application/octet-stream"), data)
        out[item.blob_id] = data
    return out


def _s3(seaweedfs: S3Server, name: str = "s3") -> tuple[S3Remote, str]:
    bucket = seaweedfs.bucket(lock=True)
    return S3Remote(name, seaweedfs.endpoint, bucket, "us-east-1"), bucket


def _flip(path: Path, at: int) -> bytes:
    """One byte of the real file changed in place (as silent disk corruption would);
    returns the original bytes."""
    original = path.read_bytes()
    with open(path, "r+b") as handle:
        handle.seek(at)
        handle.write(bytes([original[at] ^ 0x5A]))
    return original


def test_blob_files_are_recorded_when_written_and_name_the_objects(
        no_keyring: dict[str, str], vault_home: VaultHome, seaweedfs: S3Server) -> None:
    with vault_home.open() as vault:
        blobs = _fill(vault)
        recorded = engine.blob_files(vault)
        assert set(recorded) == set(blobs)
        for blob_id, (sha, size) in recorded.items():  # the very bytes on disk
            assert (sha, size) == sha256_file(vault.blobs.path_of(blob_id))
        remote, bucket = _s3(seaweedfs)
        result = engine.push(vault, remote)
        assert result.blobs_sent == 3 and remote.parts_sent == 3  # the large one in parts
        client = seaweedfs.client()
        for sha, size in recorded.values():
            assert client.head_object(Bucket=bucket, Key=f"{vault.id}/blobs/{sha}")[
                "ContentLength"] == size
        assert engine.verify(vault, remote, deep=True).ok

        # A vault from before schema 13: no recorded hash; the first push hashes the file
        # once and records it (the next one reads nothing first).
        with vault.db.transaction() as conn:
            conn.execute("DELETE FROM blob_files")
        nas = vault_home.home.parent / "nas"
        nas.mkdir()
        engine.push(vault, FolderRemote("nas", nas))
        assert engine.blob_files(vault) == recorded
        assert {p.name for p in (nas / vault.id / "blobs").iterdir()} == {
            sha for sha, _size in recorded.values()}


@pytest.mark.parametrize("where", ["s3", "folder"])
def test_a_blob_file_damaged_since_written_is_refused_and_the_rest_is_sent(
        where: str, no_keyring: dict[str, str], vault_home: VaultHome, seaweedfs: S3Server,
        tmp_path: Path) -> None:
    with vault_home.open() as vault:
        blobs = _fill(vault)
        recorded = engine.blob_files(vault)
        large, small, intact = sorted(blobs, key=lambda b: -len(blobs[b]))
        originals = {
            # the middle of the large blob's second part: parts 1 and 3 are intact
            large: _flip(vault.blobs.path_of(large), multipart.PART_SIZE + 12345),
            small: _flip(vault.blobs.path_of(small), 100),
        }
        if where == "s3":
            remote, bucket = _s3(seaweedfs)
            listing = lambda: {o["Key"] for o in seaweedfs.client().list_objects_v2(  # noqa: E731
                Bucket=bucket, Prefix=f"{vault.id}/blobs/").get("Contents", [])}
        else:
            (tmp_path / "nas").mkdir()
            remote = FolderRemote("nas", tmp_path / "nas")  # type: ignore[assignment]
            listing = lambda: {f"{vault.id}/blobs/{p.name}" for p in  # noqa: E731
                               (tmp_path / "nas" / vault.id / "blobs").iterdir()}
        with pytest.raises(IntegrityError) as refused:
            engine.push(vault, remote)
        assert (refused.value.code, refused.value.exit_code) == ("blob_file_changed", 1)
        worded = describe(refused.value, "fr")
        assert worded.startswith("Des fichiers du coffre ne correspondent plus") and large in worded
        assert sorted(refused.value.params["refused"]) == sorted([large, small])
        # Nothing under the damaged blobs' names; the intact one and the metadata went.
        assert listing() == {f"{vault.id}/blobs/{recorded[intact][0]}"}
        assert engine.heads_on(remote, vault.id)
        [failed] = [json.loads(r["details"]) for r in vault.db.query(
            "SELECT details FROM journal WHERE action = 'remote_sync_failed'")]
        assert sorted(failed["refused"]) == sorted([large, small])
        assert failed["error"] == "blob_file_changed"
        if where == "s3":  # the refused blob's unfinished upload: aborted, not left behind
            assert seaweedfs.client().list_multipart_uploads(Bucket=bucket).get(
                "Uploads", []) == []

        # The files put back as written: the next push sends them under the same names.
        for blob_id, data in originals.items():
            vault.blobs.path_of(blob_id).write_bytes(data)
        if where == "s3":
            remote = S3Remote("s3", seaweedfs.endpoint, bucket, "us-east-1")  # counts anew
        again = engine.push(vault, remote)
        assert again.blobs_sent == 2
        if where == "s3":  # the refused blob's unfinished upload was aborted: sent anew
            assert (again.parts_resumed, again.parts_sent) == (0, 3)
        assert listing() == {f"{vault.id}/blobs/{sha}" for sha, _size in recorded.values()}
        assert engine.verify(vault, remote, deep=True).ok


def test_a_shortened_blob_file_is_refused_before_anything_is_sent(
        no_keyring: dict[str, str], vault_home: VaultHome, tmp_path: Path) -> None:
    with vault_home.open() as vault:
        blobs = _fill(vault)
        large = max(blobs, key=lambda b: len(blobs[b]))
        path = vault.blobs.path_of(large)
        with open(path, "r+b") as handle:
            handle.truncate(path.stat().st_size - 1)
        (tmp_path / "nas").mkdir()
        remote = FolderRemote("nas", tmp_path / "nas")
        with pytest.raises(IntegrityError) as refused:
            engine.push(vault, remote)
        assert refused.value.params["refused"] == [large]
        assert not (tmp_path / "nas" / vault.id / "blobs" / engine.blob_files(vault)[large][0]
                    ).exists()


def test_the_failures_file_is_confirmed_verified_repaired_and_restored(
        no_keyring: dict[str, str], vault_home: VaultHome, seaweedfs: S3Server,
        tmp_path: Path) -> None:
    for _ in range(2):  # two failed unlocks: the file the database counts and hashes
        with pytest.raises(WrongRecoveryCode):
            open_vault(vault_home.home, [RecoveryCodeOpener(new_recovery_code())])
    with vault_home.open() as vault:
        failures = (vault.folder / engine.FAILURES_FILE).read_bytes()
        sha = hashlib.sha256(failures).hexdigest()
        _fill(vault)
        remote, bucket = _s3(seaweedfs)
        engine.push(vault, remote)
        name = f"{vault.id}/failures/{sha}"
        assert [tuple(r) for r in vault.db.query(
            "SELECT name, kind, size, sha256, state FROM sync_objects WHERE kind = 'failures'")
        ] == [(name, "failures", len(failures), sha, "sent")]
        client = seaweedfs.client()
        assert client.get_object(Bucket=bucket, Key=name)["Body"].read() == failures

        # Garbage of the same size written over it behind Probant's back: only --deep sees
        # it; the next sync sends it again as a new version (the file has not changed,
        # hence the same name), and a restore gets the right bytes.
        client.put_object(Bucket=bucket, Key=name, Body=os.urandom(len(failures)))
        assert engine.verify(vault, remote).ok
        deep = engine.verify(vault, remote, deep=True)
        assert deep.corrupt == (name,)
        engine.push(vault, remote)
        assert engine.verify(vault, remote, deep=True).ok
    assert client.get_object(Bucket=bucket, Key=name)["Body"].read() == failures
    second = tmp_path / "second-home"
    restore(second, S3Remote("s3", seaweedfs.endpoint, bucket, "us-east-1"))
    assert (vault_folder(second) / engine.FAILURES_FILE).read_bytes() == failures
    with open_vault(second, [RecoveryCodeOpener(vault_home.recovery_code)]) as copy:
        report = verify_vault(copy)
        assert report.ok, report.to_json()
        assert len(copy.db.query("SELECT 1 FROM journal WHERE action = 'unlock_failed'")) == 2


def test_a_corrupt_failures_object_stops_a_restore(
        no_keyring: dict[str, str], vault_home: VaultHome, seaweedfs: S3Server,
        tmp_path: Path) -> None:
    """Checked on the way in: a restore refuses a failures object that does not hash to
    its name (nothing is restored)."""
    with pytest.raises(WrongRecoveryCode):
        open_vault(vault_home.home, [RecoveryCodeOpener(new_recovery_code())])
    with vault_home.open() as vault:
        remote, bucket = _s3(seaweedfs)
        engine.push(vault, remote)
        [name] = [r[0] for r in vault.db.query(
            "SELECT name FROM sync_objects WHERE kind = 'failures'")]
    client = seaweedfs.client()
    client.put_object(Bucket=bucket, Key=name, Body=b"{}\n")
    with pytest.raises(IntegrityError, match="corrupt"):
        restore(tmp_path / "second-home", S3Remote("s3", seaweedfs.endpoint, bucket,
                                                    "us-east-1"))
    assert not vault_folder(tmp_path / "second-home").exists()
