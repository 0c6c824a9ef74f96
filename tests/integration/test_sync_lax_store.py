"""A store that checks no checksum and ignores ``If-None-Match`` (SeaweedFS behind the fault
proxy's ``lax`` rule, which takes those headers off every request): the push finds out
once (store_checks.py) and trusts it with nothing. Each small object is looked up before
its PUT and after it, each large blob's parts are hashed here and the upload completed
only if the file still hashes to its name; a second push sends nothing again; a blob file
damaged since it was written is refused as on a store that checks.

In process, a real vault, real SeaweedFS, real bytes changed in the real blob file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence.errors import IntegrityError
from evidence.sync import engine, multipart
from evidence.sync.s3 import S3Remote
from tests.fixtures.fault_proxy import FaultProxy
from tests.fixtures.seaweedfs import S3Server
from tests.fixtures.vault import VaultHome
from tests.integration.test_sync_blob_files import _fill, _flip


def test_a_store_that_checks_nothing_is_looked_up_and_hashed_for(
        no_keyring: dict[str, str], vault_home: VaultHome, seaweedfs: S3Server,
        fault_proxy: FaultProxy, tmp_path: Path) -> None:
    fault_proxy.fault(lambda r: True, "lax", uses=-1)
    client = seaweedfs.client()
    with vault_home.open() as vault:
        blobs = _fill(vault)
        recorded = engine.blob_files(vault)
        large = max(blobs, key=lambda b: len(blobs[b]))
        bucket = seaweedfs.bucket(lock=True)
        lax = S3Remote("lax", fault_proxy.endpoint, bucket, "us-east-1")
        result = engine.push(vault, lax)
        assert result.blobs_sent == len(blobs) and result.parts_sent == 3
        assert (lax._server_checks_puts(), lax._server_checks_parts()) == (False, False)
        small = {f"/{bucket}/{vault.id}/blobs/{recorded[b][0]}" for b in blobs if b != large}
        for target in small:  # looked up, sent, looked up again
            assert [e.method for e in fault_proxy.log if e.target == target] == [
                "HEAD", "PUT", "HEAD"], target
        direct = S3Remote("lax", seaweedfs.endpoint, bucket, "us-east-1")
        assert engine.verify(vault, direct, deep=True).ok

        again = engine.push(vault, S3Remote("lax", fault_proxy.endpoint, bucket, "us-east-1"))
        assert (again.blobs_sent, again.already_there) == (0, 0)  # confirmed: not even asked
        versions = client.list_object_versions(Bucket=bucket, Prefix=f"{vault.id}/blobs/")
        keys = [v["Key"] for v in versions.get("Versions", [])]
        assert sorted(keys) == sorted(set(keys)) and len(keys) == len(blobs)  # none replaced

        # The large blob's file damaged since it was written, pushed to a new bucket of
        # the same lax store: its parts are hashed here, the whole is not its name, the
        # upload is aborted and nothing is stored under that name.
        _flip(vault.blobs.path_of(large), multipart.PART_SIZE + 12345)
        fresh = seaweedfs.bucket(lock=True)
        with pytest.raises(IntegrityError) as refused:
            engine.push(vault, S3Remote("lax2", fault_proxy.endpoint, fresh, "us-east-1"))
        assert refused.value.params["refused"] == [large]
        stored = {o["Key"] for o in client.list_objects_v2(
            Bucket=fresh, Prefix=f"{vault.id}/blobs/").get("Contents", [])}
        assert stored == {f"{vault.id}/blobs/{recorded[b][0]}" for b in blobs if b != large}
        assert client.list_multipart_uploads(Bucket=fresh).get("Uploads", []) == []


def test_a_store_that_checks_gets_one_request_per_small_object(
        no_keyring: dict[str, str], vault_home: VaultHome, seaweedfs: S3Server,
        fault_proxy: FaultProxy) -> None:
    """The same push through the proxy with no rule: SeaweedFS refuses a wrong checksum and
    honours If-None-Match, so a small object is one conditional PUT, and one that is there
    already is refused (412) and then looked at, never replaced."""
    with vault_home.open() as vault:
        blobs = _fill(vault)
        recorded = engine.blob_files(vault)
        large = max(blobs, key=lambda b: len(blobs[b]))
        bucket = seaweedfs.bucket(lock=True)
        remote = S3Remote("s3", fault_proxy.endpoint, bucket, "us-east-1")
        assert engine.push(vault, remote).blobs_sent == len(blobs)
        assert (remote._server_checks_puts(), remote._server_checks_parts()) == (True, True)
        small = [recorded[b][0] for b in blobs if b != large]
        for sha in small:
            target = f"/{bucket}/{vault.id}/blobs/{sha}"
            assert [e.method for e in fault_proxy.log if e.target == target] == ["PUT"]
        # Sent again under the same name (a remote that lost its confirmations): refused by
        # the store, looked at, counted as there.
        fault_proxy.log.clear()
        blob = next(b for b in blobs if b != large)
        sha, size = recorded[blob]
        name = f"{vault.id}/blobs/{sha}"
        other = S3Remote("other", fault_proxy.endpoint, bucket, "us-east-1")
        assert other.put_if_absent(name, vault.blobs.path_of(blob), sha, size) is False
        assert [(e.method, e.status) for e in fault_proxy.log
                if e.target.endswith(sha)] == [("PUT", 412), ("HEAD", 200)]
        versions = seaweedfs.client().list_object_versions(Bucket=bucket, Prefix=name)
        assert len(versions.get("Versions", [])) == 1
