"""What a push checks on the wire, and what it asks of the store (issue 21, points 2 and 3):
every PUT and UploadPart carries ``x-amz-checksum-sha256`` of its body; the checksum the
store answers (CompleteMultipartUpload's composite, HEAD's, PutObject's) is compared with
ours, and a forged one fails the push with the blob still pending; a bucket with Object
Lock but no default retention gets Probant's own retention on every object; a slow answer
to one part is waited for, not sent again.

In process, a real vault, real SeaweedFS, the fault-injecting proxy in between (its
``forge_checksum`` rule changes the checksum in the store's answer, not what is stored).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import time
import uuid
from collections import Counter
from typing import Any

import pytest
from botocore.exceptions import ClientError

from evidence.errors import RemoteServiceFailed
from evidence.sync import engine
from evidence.sync.s3 import S3Remote
from evidence.vault import Vault
from tests.fixtures.fault_proxy import FaultProxy, Request
from tests.fixtures.seaweedfs import S3Server
from tests.fixtures.vault import VaultHome
from tests.integration.test_sync_blob_files import _fill


def _failures(vault: Vault) -> list[dict[str, Any]]:
    return [json.loads(r["details"]) for r in vault.db.query(
        "SELECT details FROM journal WHERE action = 'remote_sync_failed'")]


def _sent(vault: Vault, remote: str) -> set[str]:
    """Blob ids with a 'sent' row for ``remote``."""
    return {str(r[0]) for r in vault.db.query(
        "SELECT local_id FROM sync_objects WHERE remote = ? AND kind = 'blob' AND"
        " state = 'sent'", (remote,))}


def _filled_blob(vault: Vault, largest: bool) -> tuple[str, str]:
    """The vault filled; its largest (multipart) or smallest blob, with its SHA-256."""
    blobs = _fill(vault)
    blob = (max if largest else min)(blobs, key=lambda b: len(blobs[b]))
    return blob, engine.blob_files(vault)[blob][0]


def _complete_of(sha: str) -> Any:
    return lambda r: r.method == "POST" and "uploadId=" in r.target and sha in r.target


def _head_of(sha: str) -> Any:
    return lambda r: r.method == "HEAD" and sha in r.target


@pytest.mark.parametrize("where", ["complete", "head"])
def test_a_forged_composite_checksum_fails_the_push_and_keeps_the_blob_pending(
        where: str, no_keyring: dict[str, str], vault_home: VaultHome,
        seaweedfs: S3Server, fault_proxy: FaultProxy) -> None:
    """The store's answer to CompleteMultipartUpload, or to the HEAD that follows it, says
    another composite SHA-256 than that of our parts: the large blob is not confirmed
    (no 'sent' row, still pending), the push fails and is journaled. The object itself is
    whole on the store: the next push, with honest answers, finds it there."""
    bucket = seaweedfs.bucket(lock=True)
    with vault_home.open() as vault:
        large, sha = _filled_blob(vault, largest=True)
        match = _complete_of(sha) if where == "complete" else _head_of(sha)
        fault_proxy.fault(match, "forge_checksum", uses=-1)
        remote = S3Remote("s3", fault_proxy.endpoint, bucket, "us-east-1")
        with pytest.raises(RemoteServiceFailed, match="not found whole after the multipart"
                           " upload") as failed:
            engine.push(vault, remote)
        assert failed.value.code == "remote_failed"
        forged = [e for e in fault_proxy.log if e.action == "forge_checksum"]
        assert forged and forged[-1].method == ("POST" if where == "complete" else "HEAD")
        assert large not in _sent(vault, "s3")
        assert large in engine.pending_blobs(vault, "s3")
        assert _failures(vault)[-1]["error"] == "remote_failed"

        fault_proxy.clear()
        again = engine.push(vault, S3Remote("s3", fault_proxy.endpoint, bucket, "us-east-1"))
        assert again.already_there == 1 and again.parts_sent == 0
        assert engine.pending_blobs(vault, "s3") == []


def test_a_forged_checksum_in_a_put_answer_fails_the_push(
        no_keyring: dict[str, str], vault_home: VaultHome, seaweedfs: S3Server,
        fault_proxy: FaultProxy) -> None:
    """SeaweedFS answers a PutObject with the ``x-amz-checksum-sha256`` it stored: one that
    is not ours fails the push for that small blob, which stays pending."""
    bucket = seaweedfs.bucket(lock=True)
    with vault_home.open() as vault:
        small, sha = _filled_blob(vault, largest=False)
        fault_proxy.fault(lambda r: r.method == "PUT" and sha in r.target, "forge_checksum")
        remote = S3Remote("s3", fault_proxy.endpoint, bucket, "us-east-1")
        with pytest.raises(RemoteServiceFailed, match="the server stored another checksum"):
            engine.push(vault, remote)
        [put] = [e for e in fault_proxy.log if e.action == "forge_checksum"]
        assert (put.method, put.status) == ("PUT", 200)  # stored, the answer forged
        assert small not in _sent(vault, "s3") and small in engine.pending_blobs(vault, "s3")
        assert _failures(vault)[-1]["error"] == "remote_failed"
        again = engine.push(vault, S3Remote("s3", fault_proxy.endpoint, bucket, "us-east-1"))
        assert again.already_there == 1 and engine.pending_blobs(vault, "s3") == []


def test_every_put_and_part_carries_the_sha256_of_its_body(
        no_keyring: dict[str, str], vault_home: VaultHome, seaweedfs: S3Server,
        fault_proxy: FaultProxy) -> None:
    """Every PUT of a push (small objects, parts, metadata, the store's probes) has an
    ``x-amz-checksum-sha256`` header; it is the SHA-256 of the body the proxy read, except
    on the two probes that send a wrong one on purpose (store_checks.py), which the store
    refuses (400 BadDigest)."""
    bucket = seaweedfs.bucket(lock=True)
    with vault_home.open() as vault:
        _fill(vault)
        result = engine.push(vault, S3Remote("s3", fault_proxy.endpoint, bucket, "us-east-1"))
        assert result.blobs_sent == 3 and result.parts_sent == 3
    puts = [e for e in fault_proxy.log if e.method == "PUT"]
    assert len([e for e in puts if e.part is not None]) == 3 + 1  # the large blob, a probe
    assert len([e for e in puts if "/blobs/" in e.target and e.part is None]) == 2
    wrong: list[str] = []
    for entry in puts:
        header = entry.headers.get("x-amz-checksum-sha256")
        assert header, entry.target
        assert entry.body_sha256, entry.target
        if base64.b64decode(header).hex() != entry.body_sha256:
            wrong.append(entry.target)
            assert entry.status == 400 and "/.probe/" in entry.target, entry.target
    assert len(wrong) == 2  # the part probe and the PUT probe, both refused
    uploads = [e for e in fault_proxy.log if e.method == "POST" and e.target.endswith(
        "?uploads")]
    assert uploads and all(e.headers.get("x-amz-checksum-algorithm") == "SHA256"
                           for e in uploads)


@pytest.mark.parametrize(("mode", "days"), [("GOVERNANCE", 1), ("COMPLIANCE", 2)])
def test_object_lock_retention_is_set_by_probant_without_a_bucket_default(
        mode: str, days: int, no_keyring: dict[str, str], vault_home: VaultHome,
        seaweedfs: S3Server) -> None:
    """A bucket with Object Lock and no default retention: each object Probant writes
    (blobs, the large one by parts, metadata) carries the remote's mode and a retention of
    ``retention_days``; deleting a locked version is refused (COMPLIANCE: even with the
    governance bypass). COMPLIANCE is the default mode."""
    client = seaweedfs.client()
    bucket = f"probant-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket, ObjectLockEnabledForBucket=True)
    assert "Rule" not in client.get_object_lock_configuration(Bucket=bucket)[
        "ObjectLockConfiguration"]
    extra = {"lock_mode": mode} if mode != "COMPLIANCE" else {}
    remote = S3Remote("s3", seaweedfs.endpoint, bucket, "us-east-1", retention_days=days,
                      **extra)
    with vault_home.open() as vault:
        blobs = _fill(vault)
        before = dt.datetime.now(dt.UTC)
        assert engine.push(vault, remote).blobs_sent == len(blobs)
        after = dt.datetime.now(dt.UTC)
        prefix = f"{vault.id}/"
    assert remote._lock_state() == (True, False)
    versions = client.list_object_versions(Bucket=bucket, Prefix=prefix)["Versions"]
    kinds = Counter(v["Key"].split("/")[1] for v in versions)
    assert kinds["blobs"] == len(blobs) and kinds["db"] and kinds["keyslots"] and kinds["heads"]
    for version in versions:
        head = client.head_object(Bucket=bucket, Key=version["Key"],
                                  VersionId=version["VersionId"])
        assert head.get("ObjectLockMode") == mode, version["Key"]
        until = head["ObjectLockRetainUntilDate"]
        assert (before + dt.timedelta(days=days, seconds=-2) <= until
                <= after + dt.timedelta(days=days, seconds=2)), (version["Key"], until)
    large = max(versions, key=lambda v: v["Size"])
    assert large["Size"] > 2 * 8 * 1024 * 1024  # the multipart one is locked too
    for version in (large, min(versions, key=lambda v: v["Size"])):
        attempts: list[dict[str, Any]] = [{}]
        if mode == "COMPLIANCE":
            attempts.append({"BypassGovernanceRetention": True})
        for bypass in attempts:
            with pytest.raises(ClientError) as refused:
                client.delete_object(Bucket=bucket, Key=version["Key"],
                                     VersionId=version["VersionId"], **bypass)
            assert refused.value.response["Error"]["Code"] == "AccessDenied"
        assert client.head_object(Bucket=bucket, Key=version["Key"],
                                  VersionId=version["VersionId"])["ContentLength"] == \
            version["Size"]


def test_a_slow_answer_to_one_part_is_waited_for_not_sent_again(
        no_keyring: dict[str, str], vault_home: VaultHome, seaweedfs: S3Server,
        fault_proxy: FaultProxy) -> None:
    """Part 2 held 2 s by the proxy before it reaches the store (the read timeout is at
    least 30 s, S3Remote has no shorter one): the push waits for it, each part is stored
    once, and a deep verify finds every object whole."""
    bucket = seaweedfs.bucket(lock=True)

    def part_2(r: Request) -> bool:
        return r.part == 2

    fault_proxy.fault(part_2, "slow:2")
    with vault_home.open() as vault:
        _fill(vault)
        started = time.monotonic()
        result = engine.push(vault, S3Remote("s3", fault_proxy.endpoint, bucket, "us-east-1"))
        assert time.monotonic() - started >= 2
        assert result.parts_sent == 3 and result.parts_resumed == 0
        assert [(e.part, e.status) for e in fault_proxy.log if e.action == "slow:2"] == [
            (2, 200)]
        stored = Counter(e.part for e in fault_proxy.log
                         if e.part is not None and "/blobs/" in e.target and e.status == 200)
        assert stored == {1: 1, 2: 1, 3: 1}
        assert engine.verify(vault, S3Remote("s3", seaweedfs.endpoint, bucket, "us-east-1"),
                             deep=True).ok
        assert not seaweedfs.client().list_multipart_uploads(Bucket=bucket).get("Uploads")


def test_an_answer_later_than_the_read_timeout_is_retried(
        no_keyring: dict[str, str], vault_home: VaultHome, seaweedfs: S3Server,
        fault_proxy: FaultProxy) -> None:
    """Part 2 held 3 s by the proxy, the read timeout 1 s: that attempt counts as failed
    (the proxy's late copy may still reach the store: the same part number, the same
    bytes), the part is sent again and the upload completes whole."""
    bucket = seaweedfs.bucket(lock=True)
    fault_proxy.fault(lambda r: r.part == 2, "slow:3")
    with vault_home.open() as vault:
        _fill(vault)
        from evidence.sync.flow import RetryPolicy

        remote = S3Remote("s3", fault_proxy.endpoint, bucket, "us-east-1", timeout_s=1,
                          read_timeout_s=1, policy=RetryPolicy(attempts=4, base_s=0.05,
                                                               cap_s=0.2, budget_s=30))
        result = engine.push(vault, remote)
        assert result.parts_sent == 3
        # logged as they end: the retry's pass before the held attempt's late forward
        deadline = time.monotonic() + 10
        while len([e for e in fault_proxy.log if e.part == 2]) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert sorted(e.action for e in fault_proxy.log if e.part == 2) == ["pass", "slow:3"]
        assert engine.verify(vault, S3Remote("s3", seaweedfs.endpoint, bucket, "us-east-1"),
                             deep=True).ok
        assert not seaweedfs.client().list_multipart_uploads(Bucket=bucket).get("Uploads")
