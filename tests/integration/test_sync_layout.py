"""What a remote holds and in which order it gets it (issue 21, points 1 to 4), in process:
a real vault, SeaweedFS's S3 gateway (through the fault proxy where the order of requests
matters) or a folder remote.

- names and bodies reveal nothing: no object key nor any version of any object holds a
  name, a mission, a filename or bytes of the evidence; the database snapshot is
  SQLCipher (no SQLite header), the key slots hold the master key wrapped only;
- evidence first, oldest first, then the other blobs: the outbox's order is the order of
  the PUTs the store receives;
- ``remote verify`` names an object gone from the remote and the next sync sends it again;
- several remotes, each with its own queue: one that is down keeps everything pending
  while the other is up to date.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from app.services import sync as sync_service
from evidence import dossiers, items
from evidence.clock import TimeReading
from evidence.keyslots import RecoveryCodeOpener, new_recovery_code, recovery_slot
from evidence.model import OfficerIdentity
from evidence.sync import engine
from evidence.sync.config import RemoteConfig
from evidence.sync.remote import FolderRemote
from evidence.sync.s3 import S3Remote
from evidence.vault import Vault, create_vault, open_vault
from tests.fixtures.fault_proxy import FaultProxy
from tests.fixtures.ports import refused_url
from tests.fixtures.seaweedfs import S3Server
from tests.fixtures.vault import VaultHome

MARKERS = {
    "officer": "MARQUEUR-OFFICIER-3K",
    "office": "MARQUEUR-ETUDE-8P",
    "dossier": "MARQUEUR-DOSSIER-7Q",
    "requester": "MARQUEUR-REQUERANT-5W",
    "mission": "MARQUEUR-MISSION-9Z",
    "filename": "MARQUEUR-FICHIER-2B",
    "content": "MARQUEUR-CONTENU-4M",
}


def _marked_vault(home: Path) -> Vault:
    """A vault whose officer, dossier, constat and one evidence file carry the markers."""
    code = new_recovery_code()
    create_vault(home, OfficerIdentity(f"Maître {MARKERS['officer']}", MARKERS["office"],
                                       "1 rue du Palais, 75001 Paris"),
                 [lambda uid: recovery_slot(code, uid)], demo=False).close()
    vault = open_vault(home, [RecoveryCodeOpener(code)])
    dossier = dossiers.create_dossier(vault, f"Affaire {MARKERS['dossier']}",
                                      MARKERS["requester"])
    constat = dossiers.create_constat(vault, dossier.id, MARKERS["mission"]).id
    body = (f"Constat: {MARKERS['content']}\n" * 200).encode()
    items.add_evidence(vault, items.EvidenceRequest(
        constat, "imported", "imported", "text/plain",
        filename=f"{MARKERS['filename']}.txt"), body)
    return vault


def _all_versions(client: Any, bucket: str) -> dict[tuple[str, str], bytes]:
    out: dict[tuple[str, str], bytes] = {}
    for page in client.get_paginator("list_object_versions").paginate(Bucket=bucket):
        for v in page.get("Versions", []):
            out[(v["Key"], v["VersionId"])] = client.get_object(
                Bucket=bucket, Key=v["Key"], VersionId=v["VersionId"])["Body"].read()
    return out


def _key_forms(key: bytes) -> list[bytes]:
    """A key as it could be written down: raw, hex, base64 (padded or not, url-safe)."""
    forms = [key, key.hex().encode(), key.hex().upper().encode()]
    for b64 in (base64.b64encode(key), base64.urlsafe_b64encode(key)):
        forms += [b64, b64.rstrip(b"=")]
    return forms


def test_names_and_bodies_reveal_nothing_and_keys_go_wrapped_only(
        no_keyring: dict[str, str], seaweedfs: S3Server, tmp_path: Path) -> None:
    bucket = seaweedfs.bucket(lock=True)
    with _marked_vault(tmp_path / "home") as vault:
        engine.push(vault, S3Remote("s3", seaweedfs.endpoint, bucket, "us-east-1"))
        keys = vault.keys
        secrets = {"master": keys.master, "database": keys.database,
                   "blob_root": keys.blob_root, "blob_id": keys.blob_id,
                   "journal_mac": keys.journal_mac, "slots_mac": keys.slots_mac}
        vault_id = vault.id
    stored = _all_versions(seaweedfs.client(), bucket)
    kinds = {key.split("/")[1] for key, _v in stored}
    assert kinds >= {"blobs", "db", "keyslots", "heads"}, kinds
    for (key, version), body in stored.items():
        # under the vault's id, but for the probes of what the store checks (store_checks)
        assert key.startswith((f"{vault_id}/", ".probe/")), key
        for what, marker in MARKERS.items():
            assert marker not in key, (what, key)
            assert marker.encode() not in body, (what, key, version)
        for what, secret in secrets.items():  # no key in any object, in any usual spelling
            assert not any(form in body for form in _key_forms(secret)), (what, key)
    snapshots = [body for (key, _v), body in stored.items() if "/db/" in key]
    assert snapshots and all(not b.startswith(b"SQLite format 3\x00") for b in snapshots)
    slots = [body for (key, _v), body in stored.items() if "/keyslots/" in key]
    assert slots and all(json.loads(b) for b in slots)  # the slot file, as JSON


def _put_order(proxy: FaultProxy) -> list[str]:
    """The object names of the blob PUTs the store accepted, in the order it got them."""
    names: list[str] = []
    for e in proxy.log:
        if e.method == "PUT" and "/blobs/" in e.target and e.status == 200:
            name = e.target.split("?")[0].rsplit("/", 1)[1]
            if name not in names:
                names.append(name)
    return names


def test_evidence_goes_first_oldest_first_then_the_other_blobs(
        no_keyring: dict[str, str], vault_home: VaultHome, seaweedfs: S3Server,
        fault_proxy: FaultProxy) -> None:
    """Added: evidence A, then a blob that no evidence row names, then evidence B whose
    capture time is older than A's (a capture imported late). Sent: B, A, the other."""
    bucket = seaweedfs.bucket(lock=True)
    with vault_home.open() as vault:
        constat = dossiers.create_constat(
            vault, dossiers.create_dossier(vault, "D", "R").id, "M").id
        older = TimeReading.now()
        a = items.add_evidence(vault, items.EvidenceRequest(
            constat, "screenshot", "captured"), b"A" * 70_000).blob_id
        other = vault.blobs.put(b"not evidence" * 5_000).blob_id
        b = items.add_evidence(vault, items.EvidenceRequest(
            constat, "screenshot", "captured", captured=older), b"B" * 70_000).blob_id
        assert engine.pending_blobs(vault, "s3") == [b, a, other]
        result = engine.push(vault, S3Remote("s3", fault_proxy.endpoint, bucket, "us-east-1"))
        assert result.blobs_sent == 3
        by_name = {sha: blob_id for blob_id, (sha, _size) in engine.blob_files(vault).items()}
        assert [by_name[n] for n in _put_order(fault_proxy)] == [b, a, other]
        assert engine.pending_blobs(vault, "s3") == []


def _folder(tmp_path: Path) -> tuple[Path, FolderRemote]:
    nas = tmp_path / "nas"
    nas.mkdir()
    return nas, FolderRemote("nas", nas)


def _screenshots(vault: Vault, count: int) -> list[str]:
    """``count`` evidence items of 40 kB in a new constat: their blob ids."""
    constat = dossiers.create_constat(
        vault, dossiers.create_dossier(vault, "D", "R").id, "M").id
    return [items.add_evidence(vault, items.EvidenceRequest(constat, "screenshot", "captured"),
                               bytes([n]) * 40_000).blob_id for n in range(count)]


def test_verify_names_a_missing_object_and_the_next_sync_sends_it_again(
        vault_home: VaultHome, tmp_path: Path) -> None:
    nas, remote = _folder(tmp_path)
    with vault_home.open() as vault:
        _screenshots(vault, 3)
        first = engine.push(vault, remote)
        assert first.blobs_sent == 3
        assert engine.verify(vault, remote).ok
        gone = sorted(p for p in nas.rglob("*") if p.is_file() and p.parent.name == "blobs")[1]
        name = gone.relative_to(nas).as_posix()
        gone.unlink()  # lost behind Probant's back (a NAS cleaned by hand)

        found = engine.verify(vault, remote)
        assert found.missing == (name,) and found.corrupt == () and not found.ok
        entry = vault.db.query_one("SELECT details FROM journal WHERE action ="
                                   " 'remote_verified' ORDER BY seq DESC LIMIT 1")
        assert entry is not None and json.loads(entry[0])["missing"] == [name]

        again = engine.push(vault, remote)
        assert (again.blobs_sent, again.already_there) == (1, 0)
        assert gone.exists()
        assert engine.verify(vault, remote, deep=True).ok


def test_a_folder_never_replaces_a_file_it_holds(vault_home: VaultHome,
                                                tmp_path: Path) -> None:
    """Write-once on a folder remote: a file already under a blob's name with other bytes
    (left by another tool, or damaged) is a conflict, an integrity alarm that stops the
    push: the file is left as it is and the blob stays pending."""
    from evidence.sync.errors import RemoteConflict

    nas, remote = _folder(tmp_path)
    with vault_home.open() as vault:
        ids = _screenshots(vault, 2)
        sha = engine.blob_files(vault)[ids[0]][0]
        squatter = nas / vault.id / "blobs" / sha
        squatter.parent.mkdir(parents=True)
        squatter.write_bytes(b"other bytes under that name")
        with pytest.raises(RemoteConflict):
            engine.push(vault, remote)
        assert squatter.read_bytes() == b"other bytes under that name"  # never replaced
        assert ids[0] in engine.pending_blobs(vault, "nas")


def test_several_remotes_each_keep_their_own_queue(
        no_keyring: dict[str, str], vault_home: VaultHome, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``sync`` with a folder remote that works and an S3 remote whose port is closed: the
    folder gets everything, the S3 remote keeps every blob pending; only its failure is
    journaled; a second sync sends nothing more to the folder."""
    monkeypatch.setenv("PROBANT_SYNC_RETRY", "2,0.01,0.05,2")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")  # signed requests, to a port that refuses
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "y")
    home = vault_home.home
    nas = tmp_path / "nas"
    nas.mkdir()
    with vault_home.open() as vault:
        constat = dossiers.create_constat(
            vault, dossiers.create_dossier(vault, "D", "R").id, "M").id
        for n in range(3):
            items.add_evidence(vault, items.EvidenceRequest(constat, "screenshot", "captured"),
                               bytes([n]) * 30_000)
        blobs = len(list(vault.blobs.all_blob_ids()))
        sync_service.add_remote(home, RemoteConfig("nas", "folder", path=str(nas)))
        sync_service.add_remote(home, RemoteConfig("s3", "s3", endpoint=refused_url(),
                                                   bucket="b", region="us-east-1"))
        journal_before = int(vault.db.query_one("SELECT max(seq) FROM journal")[0])

        report = sync_service.sync(vault, home)
        assert [r.remote for r in report.results] == ["nas"]
        assert report.results[0].blobs_sent == blobs
        assert [(n, e.code) for n, e in report.failures] == [("s3", "remote_unreachable")]
        assert sync_service.pending_count(vault, "nas") == 0
        assert sync_service.pending_count(vault, "s3") == blobs == 3
        journal = vault.db.query("SELECT action, subject, details FROM journal WHERE seq > ?"
                                 " AND action LIKE 'remote_sync%'", (journal_before,))
        assert [(r[0], r[1]) for r in journal] == [("remote_synced", "nas"),
                                                   ("remote_sync_failed", "s3")]
        assert json.loads(journal[1][2])["pending"] == blobs
        rows = {r.name: r for r in sync_service.remote_rows(vault, home)}
        assert (rows["nas"].pending, rows["nas"].last_error) == (0, "")
        assert (rows["s3"].pending, rows["s3"].last_error) == (blobs, "remote_unreachable")
        assert rows["nas"].last_synced and not rows["s3"].last_synced

        later = sync_service.sync(vault, home, ["nas"])
        assert (later.results[0].blobs_sent, later.results[0].already_there) == (0, 0)
        assert sync_service.pending_count(vault, "s3") == blobs
