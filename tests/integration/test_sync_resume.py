"""Multipart upload of a large blob, killed (-9) mid-upload and resumed: the parts the
server stored are kept (ListParts), never sent again; the object appears only whole and is
verified. Real ``probant sync`` processes, SeaweedFS's S3 gateway, and the fault proxy in
front of it as an independent witness of every part sent (tests/fixtures/fault_proxy.py).
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.fixtures.cli import ROOT
from tests.fixtures.fault_proxy import FaultProxy
from tests.fixtures.seaweedfs import S3Server
from tests.integration.test_sync import Home, officer  # noqa: F401  (fixture)

PART = 8 << 20  # evidence/sync/s3.py PART_SIZE (default)


def big_constat(h: Home, tmp_path: Path, mib: int) -> tuple[str, bytes]:
    dossier = h("dossier", "new", "Affaire Martin").json["id"]
    constat = h("constat", "new", "--dossier", dossier, "--mission", "site").json["id"]
    data = os.urandom(mib << 20)
    path = tmp_path / "video.bin"
    path.write_bytes(data)
    added = h("annex", "add", "--constat", constat, str(path))
    assert added.code == 0, added.stderr
    item = added.json[0] if isinstance(added.json, list) else added.json
    return item["id"], data


def _big_key(proxy: FaultProxy) -> str:
    """The blob's key (not the one-byte part of the push's probe: does the store check
    part checksums? It answers 400 BadDigest, never counted as a part stored)."""
    return next(e.target.split("?")[0].split("/", 2)[2] for e in proxy.log
                if e.part and "/.probe/" not in e.target)


def test_kill_9_mid_multipart_resumes_from_the_stored_parts(
        officer: tuple[Home, str], tmp_path: Path, seaweedfs: S3Server,  # noqa: F811
        fault_proxy: FaultProxy) -> None:
    h, _code = officer
    item, data = big_constat(h, tmp_path, 56)  # 7 or 8 parts of 8 MiB once encrypted
    bucket = seaweedfs.bucket(lock=True)
    assert h("remote", "add", "s3", "s3", "--endpoint", fault_proxy.endpoint, "--bucket",
             bucket, "--region", "us-east-1").code == 0
    client = seaweedfs.client()

    # A first sync, slowed to 16 MiB/s so that it can be killed between parts.
    proc = subprocess.Popen(h.argv("sync", "--max-rate", "16M"), cwd=ROOT,
                            env=h.environ(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(fault_proxy.parts()) < 3 and time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    # The killed client's requests still in the proxy are forwarded, answered or cut, and
    # logged before the store is looked at: a part whose answer came after the listing
    # would otherwise be logged in the second run, as if sent again.
    assert fault_proxy.wait_idle(60)
    stored_before = sorted(set(fault_proxy.parts()))
    assert len(stored_before) >= 3
    key = _big_key(fault_proxy)
    size = len(data)
    # Nothing incomplete is ever an object: the key is not listed, only its upload.
    listed = {o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", [])}
    assert key not in listed
    uploads = client.list_multipart_uploads(Bucket=bucket).get("Uploads", [])
    assert [u["Key"] for u in uploads] == [key]
    total_parts = (client.list_parts(Bucket=bucket, Key=key,
                                     UploadId=uploads[0]["UploadId"])["Parts"])
    assert len(total_parts) >= 3

    # The second run resumes: the stored parts are kept, the others sent once.
    fault_proxy.log.clear()
    second = h("sync")
    assert second.code == 0, second.stdout + second.stderr
    result = second.json["remotes"][0]
    resumed, sent = result["parts_resumed"], result["parts_sent"]
    resent = Counter(fault_proxy.parts())
    assert all(count == 1 for count in resent.values())  # no part sent twice in this run
    head = client.head_object(Bucket=bucket, Key=key, ChecksumMode="ENABLED")
    length = int(head["ContentLength"])
    assert length > size  # the encrypted blob: the plaintext and its tags
    count = int(head["ChecksumSHA256"].rsplit("-", 1)[1])  # the composite we checked
    assert resumed + sent == count == -(-length // PART)
    # A part the server stored whole is kept, never sent again. The listing above is a
    # moment: parts already on their way through the proxy may still complete after it
    # (kept too), and a part being received may be listed before its bytes are all in
    # (SeaweedFS lists it, even at its full size): its ETag is then not the MD5 of the
    # part's bytes, so it is sent again — the resume's check, not a resend. Whole means
    # the size and the MD5 of the very bytes the finished object holds at that place.
    body = client.get_object(Bucket=bucket, Key=key)["Body"].read()

    def whole(n: int) -> tuple[int, str]:
        chunk = body[(n - 1) * PART:n * PART]
        return len(chunk), hashlib.md5(chunk).hexdigest()  # noqa: S324 - S3's ETag

    complete = {p["PartNumber"] for p in total_parts
                if (int(p["Size"]), str(p["ETag"]).strip('"')) == whole(p["PartNumber"])}
    listed_parts = [(p["PartNumber"], p["Size"]) for p in total_parts]
    assert resumed >= len(complete) >= 3, (resumed, listed_parts)
    assert not set(resent) & complete, (sorted(resent), listed_parts)
    assert not client.list_multipart_uploads(Bucket=bucket).get("Uploads")
    journal = [e for e in h("journal").json if e["action"] == "remote_synced"][-1]
    assert journal["details"]["parts_resumed"] == resumed

    deep = h("remote", "verify", "s3", "--deep")
    assert deep.code == 0 and deep.json["ok"], deep.stdout
    out = tmp_path / "export.bin"
    assert h("evidence", "export", item, "--out", str(out)).code == 0
    assert out.read_bytes() == data


def test_cancel_at_half_then_resume_in_process_with_progress(
        tmp_path: Path, seaweedfs: S3Server, monkeypatch: pytest.MonkeyPatch) -> None:
    """The core as the window calls it: progress in bytes with a known total, the cancel
    token stopping a part mid-way, the next push keeping every part stored before."""
    from bench.sync import _vault
    from evidence.errors import Cancelled
    from evidence.progress import CancelToken
    from evidence.sync import engine, multipart
    from evidence.sync.s3 import S3Remote

    vault, blobs = _vault(tmp_path / "home", 40, 3)
    try:
        bucket = seaweedfs.bucket(lock=True)
        seen: list[tuple[int, int]] = []
        cancel = CancelToken()
        large = max(p.stat().st_size for p in blobs)

        first = S3Remote("s3", seaweedfs.endpoint, bucket, "us-east-1")
        # Two parts in flight, not ten: the blob's five parts would all be on the wire at
        # once (read as they are sent, nothing hashed first) and end together.
        monkeypatch.setattr(multipart, "PARALLEL_PARTS", 2)

        def progress(done: int, total: int) -> None:
            seen.append((done, total))
            # Cut at half, once a part is stored (two parts in flight: see below).
            if done >= large // 2 and first.parts_sent >= 1:
                cancel.cancel()

        with pytest.raises(Cancelled):
            engine.push(vault, first, progress=progress, cancel=cancel)  # type: ignore[arg-type]
        assert seen and all(t == sum(p.stat().st_size for p in blobs) for _d, t in seen)
        assert [d for d, _t in seen] == sorted(d for d, _t in seen)  # never backwards
        assert first.parts_sent >= 1
        client = seaweedfs.client()
        assert not client.list_objects_v2(Bucket=bucket).get("Contents")  # nothing whole yet
        again = S3Remote("s3", seaweedfs.endpoint, bucket, "us-east-1")
        result = engine.push(vault, again)  # type: ignore[arg-type]
        assert result.parts_resumed == first.parts_sent  # every stored part kept
        assert result.parts_resumed + result.parts_sent == -(-large // PART)
        assert engine.verify(vault, again, deep=True).ok  # type: ignore[arg-type]
    finally:
        vault.close()  # type: ignore[attr-defined]


def test_a_200_mib_file_and_many_items_go_out_encrypted_and_whole(
        officer: tuple[Home, str], tmp_path: Path, seaweedfs: S3Server) -> None:  # noqa: F811
    """The issue's volume case: no object on the store holds a plaintext marker the
    evidence holds (at its start, across part boundaries, at its end), every object is
    whole, and restore-side verification passes."""
    from tests.integration.test_sync import MARKER

    h, _code = officer
    dossier = h("dossier", "new", "Affaire volumineuse").json["id"]
    constat = h("constat", "new", "--dossier", dossier, "--mission", "site").json["id"]
    big = tmp_path / "big.bin"
    with open(big, "wb") as out:
        for mib in range(200):
            block = bytearray(os.urandom(1 << 20))
            if mib % 8 in (0, 7):  # markers on both sides of each 8 MiB boundary
                block[-len(MARKER):] = MARKER
                block[:len(MARKER)] = MARKER
            out.write(block)
    small = []
    for i in range(60):
        path = tmp_path / f"note-{i}.txt"
        path.write_bytes(b"note %d " % i + MARKER)
        small.append(str(path))
    added = h("annex", "add", "--constat", constat, str(big), *small)
    assert added.code == 0, added.stderr
    bucket = seaweedfs.bucket(lock=True)
    assert h("remote", "add", "s3", "s3", "--endpoint", seaweedfs.endpoint, "--bucket",
             bucket, "--region", "us-east-1").code == 0
    synced = h("sync")
    assert synced.code == 0, synced.stderr
    result = synced.json["remotes"][0]
    assert result["blobs_sent"] >= 61 and result["parts_sent"] >= 25
    client = seaweedfs.client()
    versions = []
    for page in client.get_paginator("list_object_versions").paginate(Bucket=bucket):
        versions += page.get("Versions", [])
    assert len(versions) >= 64
    for v in versions:  # streamed, with an overlap so that no marker hides on a boundary
        body = client.get_object(Bucket=bucket, Key=v["Key"], VersionId=v["VersionId"])["Body"]
        tail = b""
        for chunk in body.iter_chunks(4 << 20):
            assert MARKER not in tail + chunk, v["Key"]
            tail = chunk[-len(MARKER):]
    assert h("remote", "verify", "s3", "--deep").json["ok"]
