"""Sync throughput to a loopback S3 store against a plain boto3 upload, in the same run.

Usage: .venv/bin/python -m bench.sync [--size-mib 1024] [--items 50] [--rounds 3] [--quick]

Starts SeaweedFS's S3 gateway on loopback (tests/fixtures/seaweedfs.py), makes a demo vault
holding one large file and some small ones, then, alternately and each into a fresh Object
Lock bucket:

- reference: boto3's ``upload_file`` (its default TransferConfig: 8 MiB parts, 10 threads)
  of the very blob files Probant sends;
- Probant: ``engine.push`` of the vault (each part sent with the SHA-256 the blob store
  recorded when it wrote the file, schema 14, checked by the server, nothing hashed here;
  small objects hashed; conditional writes, one request each on a store that checks
  checksums and honours If-None-Match (asked once), composite checksum
  check, the database snapshot, key slots and head record).

Prints a table of MiB/s and the ratio (goal: Probant ≥ 0.9× the reference), then the
resume check: a push cut after half the parts of the large blob (the cancel token), resumed
by a second push, counting the parts sent again (goal: ≤ 1); then ``restore`` of that vault
into a fresh home (each part of the large blob checked against its digest from the head
record on the thread that downloads it, every other object against its name; one fsync
pass before the vault appears) against boto3's ``download_file`` of every object of the
bucket, which checks nothing and leaves its files in the page cache (goal ≥ 0.8×; order
alternated per round too). Medians over the rounds; exit status 1 when a goal is missed.
1 GiB by default (the issue's figure); ``--quick``: 200 MiB, 2 rounds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _round(rnd: int, size: int, ours: Callable[[], float], reference: Callable[[], float]
           ) -> tuple[str, float, float]:
    """One timed round, who goes first alternating (the store warms up, the machine
    varies): its label and both throughputs in MiB/s (reference, ours)."""
    if rnd % 2:
        ours_s, ref_s = ours(), reference()
    else:
        ref_s, ours_s = reference(), ours()
    return (f"{rnd + 1} ({'probant' if rnd % 2 else 'boto3'})",
            size / ref_s / (1 << 20), size / ours_s / (1 << 20))

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
    blobs = [vault.blobs.path_of(b) for b in vault.blobs.all_blob_ids()]
    return vault, blobs


def _disk_check(where: Path, size_mib: int, rounds: int) -> None:
    """The run keeps the source file, the blob, two pushed copies per round, the resumed
    copy and one restored vault and one download at a time: refuse to start without room."""
    need = (size_mib << 20) * (2 * rounds + 6)
    free = shutil.disk_usage(where).free
    print(f"free space in {where}: {free / (1 << 30):.1f} GiB, needed about "
          f"{need / (1 << 30):.1f} GiB")
    if free < need:
        raise SystemExit("not enough free space for this size (see --size-mib, --quick)")


def _table(title: str, ref_label: str, ours_label: str, goal: float,
           rows: list[tuple[str, float, float]]) -> bool:
    print(f"\n{title}\n")
    print(f"| round (first) | {ref_label} MiB/s | {ours_label} MiB/s | ratio | goal |")
    print("|---|---|---|---|---|")
    for label, ref_rate, our_rate in rows:
        print(f"| {label} | {ref_rate:.0f} | {our_rate:.0f} | {our_rate / ref_rate:.2f} | "
              f"≥ {goal} |")
    median = statistics.median(o / r for _n, r, o in rows)
    print(f"\nmedian ratio {median:.2f} over {len(rows)} rounds (goal ≥ {goal}: "
          f"{'met' if median >= goal else 'missed'}); median rates: "
          f"{ref_label} {statistics.median(r for _n, r, _o in rows):.0f}, "
          f"{ours_label} {statistics.median(o for _n, _r, o in rows):.0f} MiB/s")
    return median >= goal


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mib", type=int, default=1024,
                        help="size of the large file (issue 21's figure: 1 GiB)")
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true",
                        help="200 MiB, 2 rounds: a quick look, not the issue's figure")
    args = parser.parse_args()
    if args.quick:
        args.size_mib, args.rounds = 200, 2

    from tests.fixtures.seaweedfs import CREDENTIALS, start_seaweedfs

    os.environ.update(CREDENTIALS)
    work = Path(tempfile.mkdtemp(prefix="probant-bench-sync-"))
    _disk_check(work, args.size_mib, args.rounds)
    server = start_seaweedfs(work / "weed")
    try:
        from evidence.progress import CancelToken
        from evidence.sync import engine
        from evidence.sync import multipart as s3
        from evidence.sync.s3 import S3Remote

        vault, blobs = _vault(work / "home", args.size_mib, args.items)
        shutil.rmtree(work / "src", ignore_errors=True)  # imported: room freed
        total = sum(p.stat().st_size for p in blobs)
        client = server.client()
        print(f"\nsync of {len(blobs)} blobs, {total / (1 << 20):.0f} MiB, to SeaweedFS on "
              f"loopback (parts of {s3.PART_SIZE >> 20} MiB, {s3.PARALLEL_PARTS} in flight)")
        rows = []
        for rnd in range(args.rounds):
            def reference() -> float:
                bucket = server.bucket(lock=True)
                os.sync()  # untimed: the other side's writes are not charged to this one
                t = time.perf_counter()
                for path in blobs:
                    client.upload_file(str(path), bucket, f"ref/{path.name}")
                return time.perf_counter() - t

            def probant(rnd: int = rnd) -> float:
                remote = S3Remote(f"bench{rnd}", server.endpoint, server.bucket(lock=True),
                                  "us-east-1")
                os.sync()
                t = time.perf_counter()
                result = engine.push(vault, remote)  # type: ignore[arg-type]
                assert result.bytes_sent == total, (result.bytes_sent, total)
                return time.perf_counter() - t

            rows.append(_round(rnd, total, probant, reference))
            print(f"  push round {rnd + 1}: boto3 {rows[-1][1]:.0f}, probant "
                  f"{rows[-1][2]:.0f} MiB/s", flush=True)
        met = [_table("push", "boto3 upload_file", "probant push", 0.9, rows)]

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
        twice = stored + result.parts_sent - parts
        print(f"large blob: {parts} parts; stored before the cut {stored}, kept "
              f"{result.parts_resumed}, sent by the resume {result.parts_sent}; parts sent "
              f"twice: {twice} (goal ≤ 1)")
        met.append(twice <= 1)

        # Restore of that vault against boto3's download_file of the same objects.
        from evidence.sync.restore import restore

        listing = [o for page in client.get_paginator("list_objects_v2").paginate(
            Bucket=bucket) for o in page.get("Contents", [])]
        keys = [o["Key"] for o in listing]
        size = sum(o["Size"] for o in listing)
        out = []
        for rnd in range(args.rounds):
            scratch = work / f"download-{rnd}"
            scratch.mkdir()
            target = work / f"restored-{rnd}"

            # Each side's files are deleted as soon as it is timed (untimed): on this VM,
            # memory the guest has not touched lately costs a fault to the host at its first
            # use, so whoever ran second, writing 1 GiB into fresh page cache while the
            # first one's files still held theirs, paid twice the CPU (measured, either
            # order: 3 s of CPU first, 6-7 s second).
            def download(scratch: Path = scratch) -> float:
                os.sync()  # boto3 leaves its file dirty: not flushed on our time
                t = time.perf_counter()
                for i, key in enumerate(keys):
                    client.download_file(bucket, key, str(scratch / str(i)))
                spent = time.perf_counter() - t
                shutil.rmtree(scratch)
                scratch.mkdir()
                return spent

            def ours_restore(target: Path = target) -> float:
                os.sync()
                t = time.perf_counter()
                restore(target, S3Remote("bench-resume", server.endpoint, bucket,
                                         "us-east-1"))
                spent = time.perf_counter() - t
                shutil.rmtree(target)
                return spent

            out.append(_round(rnd, size, ours_restore, download))
            print(f"  restore round {rnd + 1}: boto3 {out[-1][1]:.0f}, probant "
                  f"{out[-1][2]:.0f} MiB/s", flush=True)
            shutil.rmtree(scratch)
        met.append(_table(f"restore of {len(keys)} objects, {size / (1 << 20):.0f} MiB",
                          "boto3 download_file", "probant restore", 0.8, out))
        vault.close()  # type: ignore[attr-defined]
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    if not all(met):
        raise SystemExit(1)  # a goal missed: the run says so by its status too


if __name__ == "__main__":
    main()
