"""Transient failures between ``probant sync`` and a real S3 store: bursts of 503 SlowDown,
connections cut in the middle of a part, a store that keeps failing. Through the
fault-injecting proxy (tests/fixtures/fault_proxy.py) in front of SeaweedFS; retries are
made short by ``PROBANT_SYNC_RETRY`` (attempts, base, cap, budget).

Also the bandwidth limit and the progress line (rate, ETA) on a terminal's stderr, with
``--json`` on stdout untouched.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.fixtures.cli import ROOT
from tests.fixtures.fault_proxy import FaultProxy, Request
from tests.fixtures.seaweedfs import S3Server
from tests.integration.test_sync import Home, officer  # noqa: F401  (fixture)
from tests.integration.test_sync_resume import big_constat

FAST = {"PROBANT_SYNC_RETRY": "4,0.05,0.4,30"}


def _remote(h: Home, proxy: FaultProxy, seaweedfs: S3Server, *extra: str) -> str:
    bucket = seaweedfs.bucket(lock=True)
    added = h("remote", "add", "s3", "s3", "--endpoint", proxy.endpoint, "--bucket", bucket,
              "--region", "us-east-1", *extra)
    assert added.code == 0, added.stderr
    return bucket


def _blob_put(r: Request) -> bool:
    return r.method == "PUT" and "/blobs/" in r.target


def test_bursts_of_503_and_a_part_cut_midway_are_retried_and_the_sync_completes(
        officer: tuple[Home, str], tmp_path: Path, seaweedfs: S3Server,  # noqa: F811
        fault_proxy: FaultProxy) -> None:
    h, _code = officer
    item, data = big_constat(h, tmp_path, 20)  # 3 parts
    bucket = _remote(h, fault_proxy, seaweedfs)
    fault_proxy.fault(_blob_put, "503", uses=3)  # a burst of throttling
    fault_proxy.fault(lambda r: r.part == 2, "reset")  # part 2 cut halfway, once
    fault_proxy.fault(lambda r: r.method == "HEAD", "drop", uses=2)  # no answer at all
    synced = h("sync", env=FAST)
    assert synced.code == 0, synced.stdout + synced.stderr
    result = synced.json["remotes"][0]
    assert result["parts_sent"] == 3 and result["parts_resumed"] == 0
    actions = Counter(e.action for e in fault_proxy.log)
    assert actions["503"] == 3 and actions["reset"] == 1 and actions["drop"] == 2
    assert Counter(fault_proxy.parts()) == {1: 1, 2: 1, 3: 1}  # each part stored once
    deep = h("remote", "verify", "s3", "--deep")
    assert deep.code == 0 and deep.json["ok"], deep.stdout
    client = seaweedfs.client()
    assert not client.list_multipart_uploads(Bucket=bucket).get("Uploads")
    out = tmp_path / "export.bin"
    assert h("evidence", "export", item, "--out", str(out)).code == 0
    assert out.read_bytes() == data


def test_a_store_that_keeps_failing_spends_the_retry_budget_then_exits_4(
        officer: tuple[Home, str], tmp_path: Path, seaweedfs: S3Server,  # noqa: F811
        fault_proxy: FaultProxy) -> None:
    h, _code = officer
    big_constat(h, tmp_path, 1)
    _remote(h, fault_proxy, seaweedfs)
    fault_proxy.fault(_blob_put, "503", uses=-1)
    failed = h("sync", env=FAST)
    assert failed.code == 4, failed.stdout + failed.stderr
    error = failed.json["error"]
    assert error["code"] == "remote_unreachable"
    assert "gave up after 4 attempt(s)" in error["message"]
    assert "503 SlowDown" in error["message"] and "file" in error["message"]  # queue kept
    assert sum(1 for e in fault_proxy.log if e.action == "503") == 4  # the budget, no more
    entry = [e for e in h("journal").json if e["action"] == "remote_sync_failed"][-1]
    assert entry["details"]["pending"] >= 1 and entry["details"]["error"] == "remote_unreachable"
    fault_proxy.clear()  # the store is back: the queue goes out
    again = h("sync", env=FAST)
    assert again.code == 0 and again.json["remotes"][0]["blobs_sent"] >= 1, again.stderr


def test_bandwidth_limit_and_progress_on_a_terminal_with_clean_json(
        officer: tuple[Home, str], tmp_path: Path, seaweedfs: S3Server,  # noqa: F811
        fault_proxy: FaultProxy) -> None:
    h, _code = officer
    big_constat(h, tmp_path, 12)
    _remote(h, fault_proxy, seaweedfs, "--max-rate", "4M")  # the remote's own setting
    assert h("remote", "list").json[0]["max_rate"] == 4 << 20
    proc, seen, _elapsed = _stderr_on_a_terminal(h, "sync")
    assert proc.returncode == 0, seen.decode(errors="replace")
    result = json.loads(proc.stdout)["remotes"][0]  # stdout: one JSON document, nothing else
    sent = result["bytes_sent"]
    assert sent > 12 << 20
    # 4 MiB/s with a half-second burst: the limit held (a lower bound, not a speed goal)
    assert result["seconds"] >= (sent / (4 << 20)) - 0.6, result
    text = seen.decode("utf-8", errors="replace")
    assert "envoi : " in text and "Mio/s" in text and "reste 0 min" in text
    assert "100 %" in text
    # A command-line limit replaces the remote's: 0 lifts it.
    big_constat(h, tmp_path, 12)
    quick = h("sync", "--max-rate", "0")
    assert quick.code == 0
    second = quick.json["remotes"][0]
    assert second["seconds"] < 0.8 * second["bytes_sent"] / (4 << 20), second


def test_back_off_is_exponential_with_full_jitter_and_bounded() -> None:
    from evidence.sync.flow import RetryPolicy, backoff_delay

    policy = RetryPolicy(attempts=8, base_s=0.5, cap_s=4.0)
    assert [backoff_delay(policy, n, lambda: 1.0) for n in range(1, 6)] == [
        0.5, 1.0, 2.0, 4.0, 4.0]  # doubling up to the cap
    assert backoff_delay(policy, 3, lambda: 0.0) == 0.0  # full jitter: anywhere from 0
    import random

    rng = random.Random(7)
    draws = {round(backoff_delay(policy, 4, rng.random), 6) for _ in range(50)}
    assert len(draws) == 50 and max(draws) <= 4.0  # spread, never above the bound


def test_the_retry_loop_waits_the_back_off_between_attempts() -> None:
    """Not only the formula: the loop waits each delay before the next attempt (the real
    clock; the jitter's draw fixed at its top), stops at the attempts bound and says so."""
    from evidence.errors import RemoteServiceFailed
    from evidence.sync.flow import RetryPolicy, retrying
    from evidence.sync.s3 import transient

    calls: list[float] = []

    def refused() -> None:
        calls.append(time.monotonic())
        raise ConnectionRefusedError("store away")

    policy = RetryPolicy(attempts=4, base_s=0.05, cap_s=0.15, budget_s=60)
    with pytest.raises(RemoteServiceFailed) as failed:
        retrying("put x", "etude", refused, transient=transient, policy=policy,
                 rng=lambda: 1.0)
    gaps = [b - a for a, b in zip(calls, calls[1:], strict=False)]
    assert len(calls) == 4 and "gave up after 4 attempt(s)" in failed.value.detail
    for gap, delay in zip(gaps, (0.05, 0.1, 0.15), strict=True):  # doubling, then the cap
        assert delay <= gap < delay + 1.0, gaps


def test_downloads_cut_midway_are_retried_by_verify_and_restore(
        officer: tuple[Home, str], tmp_path: Path, seaweedfs: S3Server,  # noqa: F811
        fault_proxy: FaultProxy, no_keyring: dict[str, str]) -> None:
    h, code = officer
    item, data = big_constat(h, tmp_path, 3)
    _remote(h, fault_proxy, seaweedfs)
    assert h("sync", env=FAST).code == 0

    def blob_get(r: Request) -> bool:
        return r.method == "GET" and "/blobs/" in r.target

    fault_proxy.fault(blob_get, "cut_response", uses=2)
    deep = h("remote", "verify", "s3", "--deep", env=FAST)
    assert deep.code == 0 and deep.json["ok"], deep.stdout + deep.stderr
    assert sum(1 for e in fault_proxy.log if e.action == "cut_response") == 2

    fresh = Home(tmp_path / "second-home", dict(no_keyring))
    add = [a for a in h("remote", "list").json if a["name"] == "s3"][0]
    assert fresh("remote", "add", "s3", "s3", "--endpoint", add["endpoint"], "--bucket",
                 add["bucket"], "--region", "us-east-1").code == 0
    fault_proxy.fault(blob_get, "cut_response", uses=2)
    fault_proxy.fault(lambda r: r.method == "GET" and "/db/" in r.target, "503")
    restored = fresh("restore", "--remote", "s3", env=FAST)
    assert restored.code == 0, restored.stdout + restored.stderr
    assert Counter(e.action for e in fault_proxy.log)["cut_response"] == 4
    unlock = {"PROBANT_RECOVERY_CODE": code}
    assert fresh("verify", env=unlock).code == 0
    out = tmp_path / "restored.bin"
    assert fresh("evidence", "export", item, "--out", str(out), env=unlock).code == 0
    assert out.read_bytes() == data


def test_deep_verify_and_restore_keep_the_rate_limit_and_show_a_total(
        officer: tuple[Home, str], tmp_path: Path, no_keyring: dict[str, str]) -> None:  # noqa: F811
    h, code = officer
    item, data = big_constat(h, tmp_path, 6)
    nas = tmp_path / "nas"
    nas.mkdir()
    assert h("remote", "add", "folder", "nas", str(nas), "--max-rate", "2M").code == 0
    assert h("sync", "--max-rate", "0").code == 0
    t = time.monotonic()
    deep = h("remote", "verify", "nas", "--deep")  # the remote's own 2 MiB/s
    assert deep.code == 0 and deep.json["ok"]
    assert time.monotonic() - t >= 6 / 2 - 0.6  # a lower bound: the limit held
    fresh = Home(tmp_path / "second-home", dict(no_keyring))
    assert fresh("remote", "add", "folder", "nas", str(nas)).code == 0
    proc, seen, elapsed = _stderr_on_a_terminal(fresh, "restore", "--remote", "nas",
                                                "--max-rate", "2M")
    assert proc.returncode == 0, seen
    assert json.loads(proc.stdout)["blobs"] >= 1
    assert elapsed >= 6 / 2 - 0.6
    text = seen.decode("utf-8", errors="replace")
    assert "restauration : " in text and "100 %" in text and "reste" in text
    unlock = {"PROBANT_RECOVERY_CODE": code}
    out = tmp_path / "restored.bin"
    assert fresh("evidence", "export", item, "--out", str(out), env=unlock).code == 0
    assert out.read_bytes() == data


def _stderr_on_a_terminal(h: Home, *args: str) -> tuple[subprocess.CompletedProcess[bytes],
                                                        bytes, float]:
    """Runs ``probant ARGS`` with stderr on a pseudo-terminal (where progress is drawn) and
    stdout on a pipe (where only the JSON document may go); returns the run, what the
    terminal showed and the elapsed seconds."""
    master, slave = pty.openpty()
    try:
        started = time.monotonic()
        proc = subprocess.run(h.argv(*args), cwd=ROOT, env=h.environ(), stdout=subprocess.PIPE,
                              stderr=slave, stdin=subprocess.DEVNULL, timeout=120)
        elapsed = time.monotonic() - started
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO once the terminal's other side is closed
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(master)
    return proc, seen, elapsed
