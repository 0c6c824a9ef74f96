"""Part digests recorded at write (schema 14): the blob store records the SHA-256 of each
part of ``PART_SIZE`` of a blob file as it writes it; a push sends each part of a multipart
upload with its recorded checksum (nothing hashed on this machine: SeaweedFS checks the
bytes, a part that no longer matches the file as written is refused and its upload
aborted); the head record carries the digests and a restore checks each part on its own
download thread. Blobs written before schema 14 (no part digests) keep the whole-file
path. A real vault, real blob files, SeaweedFS's S3 gateway.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
from pathlib import Path

import pytest

from evidence import dossiers, items
from evidence.errors import IntegrityError
from evidence.keyslots import RecoveryCodeOpener
from evidence.sync import engine, multipart
from evidence.sync.remote import FolderRemote
from evidence.sync.restore import restore
from evidence.sync.s3 import S3Remote
from evidence.vault import Vault, open_vault, vault_folder
from evidence.verify import verify_vault
from tests.fixtures.seaweedfs import S3Server
from tests.fixtures.vault import VaultHome

LARGE = 5 * multipart.PART_SIZE // 2  # 3 parts once encrypted, the last one short


def _fill(vault: Vault) -> tuple[str, str]:
    """A large item and a small one: their blob ids."""
    constat = dossiers.create_constat(vault, dossiers.create_dossier(vault, "D", "R").id,
                                      "M").id
    ids = [items.add_evidence(vault, items.EvidenceRequest(
        constat, "screenshot", "captured", "application/octet-stream"), data).blob_id
        for data in (os.urandom(LARGE), os.urandom(50_000))]
    return ids[0], ids[1]


def _forget_parts(vault: Vault) -> None:
    """As a blob written before schema 14: its whole hash recorded, no part digests."""
    with vault.db.transaction() as conn:
        conn.execute("UPDATE blob_files SET part_size = 0, part_sha256 = x''")


def _head(seaweedfs: S3Server, bucket: str, vault_id: str) -> tuple[str, dict]:  # type: ignore[type-arg]
    client = seaweedfs.client()
    name = sorted(o["Key"] for o in client.list_objects_v2(
        Bucket=bucket, Prefix=f"{vault_id}/heads/")["Contents"])[-1]
    return name, json.loads(client.get_object(Bucket=bucket, Key=name)["Body"].read())


def test_part_digests_are_recorded_as_written(vault_home: VaultHome) -> None:
    with vault_home.open() as vault:
        large, small = _fill(vault)
        parts = engine.blob_parts(vault)
        for blob_id in (large, small):
            data = vault.blobs.path_of(blob_id).read_bytes()
            step = multipart.PART_SIZE
            assert parts[blob_id].size == step
            assert parts[blob_id].digests == tuple(
                hashlib.sha256(data[i:i + step]).digest() for i in range(0, len(data), step))
            assert parts[blob_id].whole == hashlib.sha256(data).hexdigest() == \
                engine.blob_files(vault)[blob_id][0]
        assert len(parts[large].digests) == 3 and len(parts[small].digests) == 1


@pytest.mark.parametrize("recorded", [True, False], ids=["parts", "before-14"])
def test_push_and_restore_by_parts_or_whole(
        recorded: bool, no_keyring: dict[str, str], vault_home: VaultHome,
        seaweedfs: S3Server, tmp_path: Path) -> None:
    bucket = seaweedfs.bucket(lock=True)
    with vault_home.open() as vault:
        large, _small = _fill(vault)
        if not recorded:
            _forget_parts(vault)
        sha = engine.blob_files(vault)[large][0]
        remote = S3Remote("s3", seaweedfs.endpoint, bucket, "us-east-1")
        assert engine.push(vault, remote).parts_sent == 3
        # asked once whether the server refuses a part that differs from its checksum
        # (SeaweedFS does): only then are the recorded digests sent on trust
        assert remote._server_checks_parts() is True
        assert seaweedfs.client().list_multipart_uploads(Bucket=bucket).get("Uploads",
                                                                            []) == []
        vault_id = vault.id
        digests = engine.blob_parts(vault).get(large)
    head_name, head = _head(seaweedfs, bucket, vault_id)
    if recorded:  # the digests of the file as written, in the head record
        assert digests is not None
        assert head["parts"] == {sha: [multipart.PART_SIZE, base64.b64encode(
            b"".join(digests.digests)).decode()]}
    else:
        assert "parts" not in head
    restore(tmp_path / "copy", S3Remote("s3", seaweedfs.endpoint, bucket, "us-east-1"))
    with open_vault(tmp_path / "copy", [RecoveryCodeOpener(vault_home.recovery_code)]) as copy:
        assert verify_vault(copy).ok

    if not recorded:
        return
    # A head whose first part digest differs from the object (forged on the remote under
    # a later name): the restore checks each part against the head and refuses.
    head["parts"][sha][1] = base64.b64encode(bytes(32) + base64.b64decode(
        head["parts"][sha][1])[32:]).decode()
    seaweedfs.client().put_object(Bucket=bucket, Key=head_name.replace(".json", "z.json"),
                                  Body=json.dumps(head).encode())
    with pytest.raises(IntegrityError, match="corrupt"):
        restore(tmp_path / "forged", S3Remote("s3", seaweedfs.endpoint, bucket, "us-east-1"))
    assert not vault_folder(tmp_path / "forged").exists()


def test_a_changed_part_is_refused_by_the_server_and_its_upload_aborted(
        no_keyring: dict[str, str], vault_home: VaultHome, seaweedfs: S3Server,
        caplog: pytest.LogCaptureFixture) -> None:
    """No hashing here: SeaweedFS checks each part against its recorded checksum
    (BadDigest), the part is then found changed (SourceChanged), the blob refused and the
    unfinished upload aborted (ListMultipartUploads is empty). Before schema 14 the same
    file is hashed whole here and refused for not hashing to its name."""
    bucket = seaweedfs.bucket(lock=True)
    client = seaweedfs.client()
    with vault_home.open() as vault:
        large, _small = _fill(vault)
        path = vault.blobs.path_of(large)
        original = path.read_bytes()
        with open(path, "r+b") as handle:
            handle.seek(multipart.PART_SIZE + 999)  # the second part
            handle.write(bytes([original[multipart.PART_SIZE + 999] ^ 1]))
        for recorded, said in ((True, "part 2 differs from the file as written"),
                               (False, "does not hash to its name")):
            if not recorded:
                _forget_parts(vault)
            caplog.clear()
            with caplog.at_level(logging.ERROR), pytest.raises(IntegrityError) as refused:
                engine.push(vault, S3Remote("s3", seaweedfs.endpoint, bucket, "us-east-1"))
            assert refused.value.params["refused"] == [large]
            assert said in caplog.text
            assert client.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []
            assert not any("/blobs/" in o["Key"] for o in client.list_objects_v2(
                Bucket=bucket).get("Contents", []) if o["Size"] > multipart.PART_SIZE)


def test_a_blob_without_a_record_is_hashed_once_by_parts_at_its_first_push(
        vault_home: VaultHome, tmp_path: Path) -> None:
    """Written before schema 13 (no row at all): its first push hashes it, whole and by
    parts in the same read, and records both as the blob store would have."""
    with vault_home.open() as vault:
        _fill(vault)
        before = engine.blob_parts(vault)
        with vault.db.transaction() as conn:
            conn.execute("DELETE FROM blob_files")
        (tmp_path / "nas").mkdir()
        engine.push(vault, FolderRemote("nas", tmp_path / "nas"))
        assert engine.blob_parts(vault) == before


def test_a_pull_checks_each_part_against_the_head(
        no_keyring: dict[str, str], vault_home: VaultHome, seaweedfs: S3Server,
        tmp_path: Path) -> None:
    """``sync --pull`` fetches a large blob as the restore does: each range against its
    digest from the head record. A later head whose first digest of the new large blob
    differs from the object (forged under a later name) is refused, though the object
    still hashes whole to its name; the genuine head then pulls it."""
    from evidence.sync import replica

    bucket = seaweedfs.bucket(lock=True)
    with vault_home.open() as vault:
        _fill(vault)
        engine.push(vault, S3Remote("s3", seaweedfs.endpoint, bucket, "us-east-1"))
        restore(tmp_path / "copy", S3Remote("s3", seaweedfs.endpoint, bucket, "us-east-1"))
        later, _small = _fill(vault)  # the origin's next constat: a new large blob
        engine.push(vault, S3Remote("s3", seaweedfs.endpoint, bucket, "us-east-1"))
        sha = engine.blob_files(vault)[later][0]
        vault_id = vault.id
    head_name, head = _head(seaweedfs, bucket, vault_id)
    genuine = head["parts"][sha][1]
    head["parts"][sha][1] = base64.b64encode(bytes(32) + base64.b64decode(genuine)[32:]
                                             ).decode()
    forged = head_name.replace(".json", "z.json")
    client = seaweedfs.client()
    client.put_object(Bucket=bucket, Key=forged, Body=json.dumps(head).encode())
    with open_vault(tmp_path / "copy", [RecoveryCodeOpener(vault_home.recovery_code)]) as copy:
        with pytest.raises(IntegrityError, match="corrupt"):
            replica.pull(copy, S3Remote("s3", seaweedfs.endpoint, bucket, "us-east-1"))
        assert not copy.blobs.path_of(later).exists()
        # the genuine digests under a still later name (the forged one cannot be deleted
        # under Object Lock): the same pull goes through
        head["parts"][sha][1] = genuine
        client.put_object(Bucket=bucket, Key=head_name.replace(".json", "zz.json"),
                          Body=json.dumps(head).encode())
        pulled = replica.pull(copy, S3Remote("s3", seaweedfs.endpoint, bucket, "us-east-1"))
        # the new small blob may have come with the refused pull (blobs go in id order,
        # each checked, kept): the large one comes now
        assert pulled.blobs in (1, 2) and copy.blobs.path_of(later).exists()
        assert copy.blobs.path_of(_small).exists()
        assert verify_vault(copy).ok


class _Seen:
    """A progress callback with the objects count (evidence.progress.items_of)."""

    def __init__(self) -> None:
        self.bytes: list[tuple[int, int]] = []
        self.objects: list[tuple[int, int]] = []

    def __call__(self, done: int, total: int) -> None:
        self.bytes.append((done, total))

    def items(self, done: int, total: int) -> None:
        self.objects.append((done, total))


def test_progress_counts_objects_as_well_as_bytes(
        no_keyring: dict[str, str], vault_home: VaultHome, seaweedfs: S3Server,
        tmp_path: Path) -> None:
    """Push, deep verify and restore say how many objects of how many, beside the bytes
    (issue 21, point 3: bytes, items, ETA), in order and to the end."""
    bucket = seaweedfs.bucket(lock=True)
    with vault_home.open() as vault:
        _fill(vault)
        remote = S3Remote("s3", seaweedfs.endpoint, bucket, "us-east-1")
        pending = len(engine.pending_blobs(vault, "s3"))
        pushed = _Seen()
        engine.push(vault, remote, progress=pushed)
        assert pushed.objects == [(n, pending) for n in range(pending + 1)]
        assert pushed.bytes[-1][0] == pushed.bytes[-1][1] > 0
        checked = _Seen()
        result = engine.verify(vault, remote, deep=True, progress=checked)
        assert result.ok and checked.objects == [(n, result.checked)
                                                  for n in range(result.checked + 1)]
    restored = _Seen()
    restore(tmp_path / "copy", S3Remote("s3", seaweedfs.endpoint, bucket, "us-east-1"),
            progress=restored)
    assert restored.objects[0] == (0, pending) and restored.objects[-1] == (pending, pending)
    assert sorted(d for d, _t in restored.objects) == list(range(pending + 1))
