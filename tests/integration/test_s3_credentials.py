"""S3 credentials on a store that checks them (issue 21, point 1): a second SeaweedFS
gateway that knows one identity and refuses any other key. ``remote test`` says a refused
key in French (exit 4); with no key in the keyring nor the environment, boto3's own chain
finds the user's ``~/.aws/credentials`` and the sync goes through. Real ``probant``
processes; the keyring off (no_keyring), so the environment and the file are what count."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.cli import Probant, offline_settings
from tests.fixtures.seaweedfs import CREDENTIALS, S3Server, start_seaweedfs

# Empty values: botocore then reads no key from the environment (this worker's session
# fixture may have put the test keys in os.environ, which the commands inherit).
NO_ENV_KEYS = {"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SESSION_TOKEN": ""}


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    server = start_seaweedfs(tmp_path_factory.mktemp("guarded"), identities=True)
    try:
        yield server
    finally:
        server.stop()


def test_a_refused_key_is_said_and_the_aws_credentials_file_is_used(
        guarded: S3Server, tmp_path: Path, no_keyring: dict[str, str]) -> None:
    home = tmp_path / "home"
    offline_settings(home)
    probant = Probant(home, env=dict(no_keyring))
    assert probant.setup("init", demo=True).code == 0
    dossier = probant.setup("dossier", "new", "Affaire").json["id"]
    constat = probant.setup("constat", "new", "--dossier", dossier).json["id"]
    piece = tmp_path / "piece.txt"
    piece.write_text("pièce remise")
    assert probant.setup("annex", "add", "--constat", constat, str(piece)).code == 0
    bucket = guarded.bucket(lock=True)
    assert probant.setup("remote", "add", "s3", "etude", "--endpoint", guarded.endpoint,
                         "--bucket", bucket, "--region", "us-east-1").code == 0

    wrong = {**NO_ENV_KEYS, "AWS_ACCESS_KEY_ID": "intrus", "AWS_SECRET_ACCESS_KEY": "faux"}
    refused = probant("remote", "test", "etude", json_out=False, env=wrong)
    assert refused.code == 4, refused.stdout + refused.stderr
    assert "accès refusé au compartiment" in refused.stdout and "Traceback" not in refused.stderr
    denied = probant("sync", env=wrong)
    assert denied.code != 0 and denied.json["error"]["code"] == "remote_denied", denied.stdout
    assert not guarded.client().list_objects_v2(Bucket=bucket).get("Contents")

    user = tmp_path / "user"
    (user / ".aws").mkdir(parents=True)
    (user / ".aws" / "credentials").write_text(
        f"[default]\naws_access_key_id = {CREDENTIALS['AWS_ACCESS_KEY_ID']}\n"
        f"aws_secret_access_key = {CREDENTIALS['AWS_SECRET_ACCESS_KEY']}\n")
    from_file = {**NO_ENV_KEYS, "HOME": str(user)}
    tested = probant("remote", "test", "etude", env=from_file)
    assert tested.code == 0 and tested.json["ok"], tested.stdout + tested.stderr
    synced = probant("sync", env=from_file)
    assert synced.code == 0, synced.stdout + synced.stderr
    assert synced.json["remotes"][0]["blobs_sent"] >= 1
    assert guarded.client().list_objects_v2(Bucket=bucket).get("Contents")


def test_a_profile_that_does_not_exist_is_said_not_a_crash(
        guarded: S3Server, tmp_path: Path, no_keyring: dict[str, str]) -> None:
    """AWS_PROFILE naming no profile (boto3 refuses to build the client): the officer
    reads that access is refused and why, not « Erreur inattendue »."""
    home = tmp_path / "home"
    offline_settings(home)
    probant = Probant(home, env=dict(no_keyring))
    assert probant.setup("init", demo=True).code == 0
    assert probant.setup("remote", "add", "s3", "etude", "--endpoint", guarded.endpoint,
                         "--bucket", guarded.bucket(lock=True), "--region", "us-east-1").code == 0
    run = probant("remote", "test", "etude", json_out=False,
                  env={**NO_ENV_KEYS, "AWS_PROFILE": "absent", "HOME": str(tmp_path)})
    assert run.code not in (0, 1), run.stdout + run.stderr
    assert "refuse l'accès" in run.stderr and "ProfileNotFound" in run.stderr, run.stderr
    assert "inattendue" not in run.stderr and "Traceback" not in run.stderr
