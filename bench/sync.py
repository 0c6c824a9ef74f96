"""Sync throughput to a loopback S3 store against a plain boto3 upload, in the same run.

Usage: .venv/bin/python -m bench.sync [--size-mib 200] [--items 50] [--rounds 2]

Starts SeaweedFS's S3 gateway on loopback (tests/fixtures/seaweedfs.py), makes a demo vault
holding one large file and some small ones, then, alternately and each into a fresh Object
Lock bucket:

- reference: boto3's ``upload_file`` (its default TransferConfig: 8 MiB parts, 10 threads)
  of the very blob files Probant sends;
- Probant: ``engine.push`` of the vault (SHA-256 of every object, per-part checksums,
  conditional writes, HEAD after each write, composite checksum check, the database
  snapshot, key slots and head record).

Prints a table of MiB/s and the ratio (goal: Probant ≥ 0.7× the reference), then the
resume check: a push cut after half the parts of the large blob (the cancel token), resumed
by a second push, counting the parts sent again (goal: ≤ 1); then ``restore`` of that vault
into a fresh home against boto3's ``download_file`` of every object of the bucket (goal
≥ 0.8×; Probant reads each object once, hashing it, and fsyncs each file).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _vault(home: Path, size_mib: int, items: int) -> tuple[object, list[Path]]:
    from app import identity
    from evidence import dossiers
    from evidence import items as evidence_items
    from evidence.model import OfficerIdentity
    from evidence.vault import create_vault, open_vault
    from signing.handlers import FixedAnswers

    pin = FixedAnswers(identity.DEMO_PIN)
    create_vault(home, OfficerIdentity("Bench"),
                 identity.first_factors(home, True, pin, "B", "demo"), demo=True).close()
    vault = open_vault(home, identity.unlock_openers(home, True, pin))
    constat = dossiers.create_constat(vault, dossiers.create_dossier(vault, "Bench", "R").id,
                                      "M").id
    src = home.parent / "src"
    src.mkdir()
    files = [src / "large.bin"]
    with open(files[0], "wb") as out:
        for _ in range(size_mib):
            out.write(os.urandom(1 << 20))
    for i in range(items):
        small = src / f"small-{i}.bin"
        small.write_bytes(os.urandom(20_000 + i))
        files.append(small)
    evidence_items.import_files(vault, constat, files)
    blobs = [vault.blobs.path_of(b) for b in vault.blobs.all_blob_ids()]  # type: ignore[attr-defined]
    return vault, blobs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mib", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    from tests.fixtures.seaweedfs import CREDENTIALS, start_seaweedfs

    os.environ.update(CREDENTIALS)
    work = Path(tempfile.mkdtemp(prefix="probant-bench-sync-"))
    server = start_seaweedfs(work / "weed")
    try:
        from evidence.progress import CancelToken
        from evidence.sync import engine
        from evidence.sync import multipart as s3
        from evidence.sync.s3 import S3Remote

        vault, blobs = _vault(work / "home", args.size_mib, args.items)
        total = sum(p.stat().st_size for p in blobs)
        client = server.client()
        rows = []
        for rnd in range(args.rounds):
            def reference() -> float:
                bucket = server.bucket(lock=True)
                t = time.perf_counter()
                for path in blobs:
                    client.upload_file(str(path), bucket, f"ref/{path.name}")
                return time.perf_counter() - t

            def probant(rnd: int = rnd) -> float:
                remote = S3Remote(f"bench{rnd}", server.endpoint, server.bucket(lock=True),
                                  "us-east-1")
                t = time.perf_counter()
                result = engine.push(vault, remote)  # type: ignore[arg-type]
                assert result.bytes_sent == total, (result.bytes_sent, total)
                return time.perf_counter() - t

            if rnd % 2:  # alternate who goes first: the store warms up, the machine varies
                ours, ref = probant(), reference()
            else:
                ref, ours = reference(), probant()
            rows.append((rnd, total / ref / (1 << 20), total / ours / (1 << 20)))

        print(f"\nsync of {len(blobs)} blobs, {total / (1 << 20):.0f} MiB, to SeaweedFS on "
              f"loopback (parts of {s3.PART_SIZE >> 20} MiB)\n")
        print("| round | boto3 upload_file MiB/s | probant push MiB/s | ratio | goal |")
        print("|---|---|---|---|---|")
        for rnd, ref_rate, our_rate in rows:
            print(f"| {rnd + 1} | {ref_rate:.0f} | {our_rate:.0f} | "
                  f"{our_rate / ref_rate:.2f} | ≥ 0.7 |")
        median = statistics.median(o / r for _n, r, o in rows)
        print(f"\nmedian ratio {median:.2f} over {len(rows)} rounds")

        # Resume after a cut at half of the large blob's parts.
        bucket = server.bucket(lock=True)
        remote = S3Remote("bench-resume", server.endpoint, bucket, "us-east-1")
        cancel = CancelToken()
        large = max(blobs, key=lambda p: p.stat().st_size).stat().st_size
        half = large // 2

        def cut(done: int, _total: int) -> None:
            if done >= half:
                cancel.cancel()

        try:
            engine.push(vault, remote, progress=cut, cancel=cancel)  # type: ignore[arg-type]
        except Exception as exc:  # Cancelled: the cut
            print(f"\ncut at {half >> 20} MiB: {type(exc).__name__}")
        stored = remote.parts_sent
        again = S3Remote("bench-resume", server.endpoint, bucket, "us-east-1")
        result = engine.push(vault, again)  # type: ignore[arg-type]
        parts = -(-large // s3.PART_SIZE)
        print(f"large blob: {parts} parts; stored before the cut {stored}, kept "
              f"{result.parts_resumed}, sent by the resume {result.parts_sent}; parts sent "
              f"twice: {stored + result.parts_sent - parts} (goal ≤ 1)")

        # Restore of that vault against boto3's download_file of the same objects.
        from evidence.sync.restore import restore

        keys = [o["Key"] for page in client.get_paginator("list_objects_v2").paginate(
            Bucket=bucket) for o in page.get("Contents", [])]
        size = sum(o["Size"] for page in client.get_paginator("list_objects_v2").paginate(
            Bucket=bucket) for o in page.get("Contents", []))
        out = []
        for rnd in range(args.rounds):
            scratch = work / f"download-{rnd}"
            scratch.mkdir()
            t = time.perf_counter()
            for i, key in enumerate(keys):
                client.download_file(bucket, key, str(scratch / str(i)))
            ref = time.perf_counter() - t
            t = time.perf_counter()
            restore(work / f"restored-{rnd}", S3Remote("bench-resume", server.endpoint,
                                                       bucket, "us-east-1"))
            ours = time.perf_counter() - t
            out.append((size / ref / (1 << 20), size / ours / (1 << 20)))
            shutil.rmtree(scratch)
        print("\n| restore round | boto3 download_file MiB/s | probant restore MiB/s | ratio "
              "| goal |")
        print("|---|---|---|---|---|")
        for rnd, (ref_rate, our_rate) in enumerate(out):
            print(f"| {rnd + 1} | {ref_rate:.0f} | {our_rate:.0f} | "
                  f"{our_rate / ref_rate:.2f} | ≥ 0.8 |")
        vault.close()  # type: ignore[attr-defined]
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
