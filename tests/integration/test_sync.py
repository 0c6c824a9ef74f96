"""Sync (issue 21) end to end, through the real ``probant`` command: a folder remote and
SeaweedFS's S3 gateway on loopback (tests/fixtures/seaweedfs.py).

``Home`` runs the real entry point (``python -m app.main``) in a home of its own; the
other sync tests (test_sync_*.py) reuse it and the ``officer`` fixture.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.cli import ROOT, Run, offline_settings
from tests.fixtures.ports import refused_url
from tests.fixtures.seaweedfs import S3Server

OFFICER = "Maître Jeanne DUPONT"
MARKER = b"PROBANT-PLAINTEXT-MARKER-7f3a9c"



class Home:
    def __init__(self, home: Path, env: dict[str, str]) -> None:
        self.home = home
        self.env = env

    def environ(self, env: dict[str, str] | None = None) -> dict[str, str]:
        full = {k: v for k, v in os.environ.items() if not k.startswith("PROBANT_")}
        full.update(self.env)
        full.update(env or {})
        full.setdefault("PROBANT_LOG_DIR", str(self.home.parent / "probant-logs"))
        return full

    def argv(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "app.main", "--home", str(self.home), "--json", *args]

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> Run:
        proc = subprocess.run(self.argv(*args), cwd=ROOT, env=self.environ(env),
                              capture_output=True, text=True, timeout=300,
                              stdin=subprocess.DEVNULL)
        return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def officer(tmp_path: Path, no_keyring: dict[str, str]) -> Iterator[tuple[Home, str]]:
    """A real (non-demo) vault on a software authenticator; no OS keyring (the restored
    copy lives on the same machine: a shared keyring entry would name it older)."""
    home = tmp_path / "home"
    offline_settings(home)
    env = {**no_keyring, "PROBANT_AUTHENTICATOR": f"soft:{tmp_path / 'token.json'}",
           "PROBANT_PIN": "4862"}
    h = Home(home, env)
    init = h("init", "--name", OFFICER)
    assert init.code == 0, init.stderr
    yield h, init.json["recovery_code"]


def _evidence(h: Home, tmp_path: Path) -> dict[str, bytes]:
    dossier = h("dossier", "new", "Affaire Martin").json["id"]
    constat = h("constat", "new", "--dossier", dossier, "--mission", "site").json["id"]
    files = {"note.txt": b"Constat: " + MARKER + b"\n" * 10,
             "page.html": b"<html>" + MARKER + b"</html>",
             "big.bin": os.urandom(3 << 20) + MARKER}
    paths = []
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(str(path))
    added = h("annex", "add", "--constat", constat, *paths)
    assert added.code == 0, added.stderr
    return {item["id"]: files[Path(p).name] for item, p in zip(added.json, paths, strict=True)}


def restore_and_check(tmp_path: Path, add_remote: list[str], code: str,
                      items: dict[str, bytes], no_keyring: dict[str, str]) -> Home:
    """A second home restored from the remote, opened with the recovery code: verify
    passes and every item exports its very bytes. Returns that home."""
    fresh = Home(tmp_path / "second-home", dict(no_keyring))
    assert fresh(*add_remote).code == 0
    restored = fresh("restore", "--remote", add_remote[3])
    assert restored.code == 0, restored.stderr
    unlock = {"PROBANT_RECOVERY_CODE": code}
    verify = fresh("verify", env=unlock)
    assert verify.code == 0, verify.stdout + verify.stderr
    for item_id, data in items.items():
        out = tmp_path / f"export-{item_id}"
        assert fresh("evidence", "export", item_id, "--out", str(out), env=unlock).code == 0
        assert out.read_bytes() == data
    return fresh


def test_folder_remote_sync_then_restore_with_the_recovery_code(
        officer: tuple[Home, str], tmp_path: Path, no_keyring: dict[str, str]) -> None:
    h, code = officer
    items = _evidence(h, tmp_path)
    nas = tmp_path / "nas"
    nas.mkdir()
    add = ["remote", "add", "folder", "nas", str(nas)]
    assert h(*add).code == 0
    assert h("remote", "list").json[0]["name"] == "nas"
    assert h("remote", "test", "nas").json["writable"]
    first = h("sync")
    assert first.code == 0, first.stderr
    sent = first.json["remotes"][0]
    assert sent["blobs_sent"] >= 3
    files = {p: p.read_bytes() for p in nas.rglob("*") if p.is_file()}
    assert files and not any(MARKER in data for data in files.values())
    second = h("sync", "--remote", "nas").json["remotes"][0]
    assert (second["blobs_sent"], second["blobs_repaired"]) == (0, 0)
    for path, data in files.items():  # nothing overwritten
        assert path.read_bytes() == data
    verified = h("remote", "verify", "nas", "--deep")
    assert verified.code == 0 and verified.json["ok"], verified.stdout
    restore_and_check(tmp_path, add, code, items, no_keyring)


def _all_versions(client: Any, bucket: str) -> dict[tuple[str, str], bytes]:
    out: dict[tuple[str, str], bytes] = {}
    for page in client.get_paginator("list_object_versions").paginate(Bucket=bucket):
        for v in page.get("Versions", []):
            body = client.get_object(Bucket=bucket, Key=v["Key"],
                                     VersionId=v["VersionId"])["Body"].read()
            out[(v["Key"], v["VersionId"])] = body
    return out


def test_s3_sync_encrypted_write_once_verified_repaired_and_restored(
        officer: tuple[Home, str], tmp_path: Path, seaweedfs: S3Server,
        no_keyring: dict[str, str]) -> None:
    h, code = officer
    items = _evidence(h, tmp_path)
    bucket = seaweedfs.bucket(lock=True)
    add = ["remote", "add", "s3", "ovh", "--endpoint", seaweedfs.endpoint, "--bucket", bucket,
           "--region", "us-east-1"]
    assert h(*add).code == 0
    tested = h("remote", "test", "ovh")
    assert tested.code == 0, tested.stdout + tested.stderr
    assert tested.json["versioning"] and tested.json["object_lock"]
    first = h("sync", "--remote", "ovh")
    assert first.code == 0, first.stderr
    client = seaweedfs.client()
    before = _all_versions(client, bucket)
    assert len(before) >= 6 and not any(MARKER in body for body in before.values())
    second = h("sync", "--remote", "ovh").json["remotes"][0]
    assert (second["blobs_sent"], second["blobs_repaired"]) == (0, 0)
    after = _all_versions(client, bucket)
    for key, body in before.items():  # every version still there, the same bytes
        assert after[key] == body
    assert {k for (k, _v) in after} - {k for (k, _v) in before} <= {
        k for (k, _v) in after if "/blobs/" not in k}  # only new metadata (the key slots
    # change too: the authenticator's counter is kept in its slot)
    blob_key = next(k for (k, _v) in before if "/blobs/" in k)
    version = next(v for (k, v) in before if k == blob_key)
    from botocore.exceptions import ClientError

    with pytest.raises(ClientError):  # COMPLIANCE: the locked version cannot be deleted
        client.delete_object(Bucket=bucket, Key=blob_key, VersionId=version)

    # Silent corruption behind Probant's back: a new version of garbage.
    client.put_object(Bucket=bucket, Key=blob_key, Body=os.urandom(4096))
    deep = h("remote", "verify", "ovh", "--deep")
    assert deep.code == 1 and deep.json["corrupt"] == [blob_key], deep.stdout
    repaired = h("sync", "--remote", "ovh")
    assert repaired.code == 0 and repaired.json["remotes"][0]["blobs_repaired"] == 1
    again = h("remote", "verify", "ovh", "--deep")
    assert again.code == 0 and again.json["ok"], again.stdout
    assert client.get_object(Bucket=bucket, Key=blob_key, VersionId=version)["Body"].read() \
        == before[(blob_key, version)]  # the first version was never touched
    journal = [e["action"] for e in h("journal").json]
    assert {"remote_synced", "remote_verified"} <= set(journal)
    restore_and_check(tmp_path, add, code, items, no_keyring)


def test_s3_endpoint_down_exits_4_and_keeps_the_queue(officer: tuple[Home, str],
                                                      tmp_path: Path) -> None:
    h, _code = officer
    _evidence(h, tmp_path)
    assert h("remote", "add", "s3", "down", "--endpoint", refused_url(), "--bucket",
             "b").code == 0
    failed = h("sync", env={"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "y"})
    assert failed.code == 4, failed.stdout + failed.stderr
    assert failed.json["error"]["code"] == "remote_unreachable"
    assert "file" in failed.json["error"]["message"]
    entry = [e for e in h("journal").json if e["action"] == "remote_sync_failed"][-1]
    assert entry["details"]["pending"] >= 3 and entry["details"]["blobs_sent"] == 0
    assert json.dumps(entry)  # journaled as data
