"""``remote test`` says what a store lacks, in French, on real stores (issue 21, point 1):
a bucket without versioning nor Object Lock, one with Object Lock but no default
retention (and the remote's own retention then), a complete one, and a store that does
not answer (exit 4 from the CLI, no traceback). SeaweedFS's S3 gateway; the CLI for the
store away."""

from __future__ import annotations

import uuid
from pathlib import Path

from evidence.sync.s3 import S3Remote
from tests.fixtures.cli import Probant, offline_settings
from tests.fixtures.ports import refused_url
from tests.fixtures.seaweedfs import CREDENTIALS, S3Server

NO_VERSIONS = "le versionnage du compartiment n'est pas activé"
NO_LOCK = "le verrouillage d'objets (Object Lock) n'est pas activé"
NO_RETENTION = "aucune durée de rétention par défaut"


def _lacks(remote: S3Remote) -> str:
    caps = remote.test()
    assert caps.reachable and caps.writable, caps
    return " | ".join(caps.missing)


def test_what_a_bucket_lacks_is_said(seaweedfs: S3Server, no_keyring: dict[str, str]) -> None:
    plain = S3Remote("plain", seaweedfs.endpoint, seaweedfs.bucket(lock=False), "us-east-1")
    said = _lacks(plain)
    assert NO_VERSIONS in said and NO_LOCK in said
    caps = plain.test()
    assert (caps.versioning, caps.object_lock) == (False, False)

    bare = f"probant-bare-{uuid.uuid4().hex[:8]}"  # Object Lock, no default retention
    seaweedfs.client().create_bucket(Bucket=bare, ObjectLockEnabledForBucket=True)
    without = _lacks(S3Remote("bare", seaweedfs.endpoint, bare, "us-east-1"))
    assert NO_RETENTION in without and NO_LOCK not in without and NO_VERSIONS not in without
    own = S3Remote("own", seaweedfs.endpoint, bare, "us-east-1", retention_days=30)
    assert _lacks(own) == ""  # the remote's own retention is set on each object

    full = S3Remote("full", seaweedfs.endpoint, seaweedfs.bucket(lock=True), "us-east-1")
    caps = full.test()
    assert caps.missing == () and caps.object_lock and caps.versioning
    assert (caps.lock_mode, caps.retention_days) == ("COMPLIANCE", 1)


def test_a_store_that_does_not_answer_is_said_with_exit_4(tmp_path: Path) -> None:
    home = tmp_path / "home"
    offline_settings(home)
    probant = Probant(home, env=dict(CREDENTIALS))
    assert probant.setup("init", demo=True).code == 0
    assert probant.setup("remote", "add", "s3", "away", "--endpoint", refused_url(),
                         "--bucket", "etude", "--region", "us-east-1").code == 0
    run = probant("remote", "test", "away", json_out=False,
                  env={"PROBANT_SYNC_RETRY": "2,0.01,0.02,1"})
    assert run.code == 4, run.stdout + run.stderr
    assert "away : joignable non" in run.stdout and "manque : serveur injoignable" in run.stdout
    assert "Traceback" not in run.stderr
