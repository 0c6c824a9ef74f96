"""Defining a remote store refuses a wrong field or a keyring that does not take the secret
with its own message, and then nothing is written: no definition, no secret (the service
the window's form and ``probant remote add`` share; real keyring backends)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import keyring
import pytest

from app.messages import describe
from app.services.remotes import S3Credentials, define
from evidence.errors import ProbantError
from evidence.sync.config import RemoteConfig
from tests.fixtures.cli import Probant, offline_settings

S3 = RemoteConfig("etude", "s3", endpoint="https://s3.gra.io.cloud.ovh.net", bucket="preuves")


def _refused(home: Path, remote: RemoteConfig, credentials: S3Credentials | None = None
             ) -> ProbantError:
    with pytest.raises(ProbantError) as caught:
        define(home, remote, credentials)
    assert not (home / "remotes.json").exists()  # nothing written
    return caught.value


@pytest.mark.parametrize(("remote", "code", "exit_code", "french"), [
    (RemoteConfig("mon stockage", "folder", path="/"), "remote_name_invalid", 2,
     "Nom de stockage invalide « mon stockage »"),
    (RemoteConfig("etude", "s3", endpoint="s3.example.fr", bucket="b"),
     "remote_endpoint_invalid", 2, "« s3.example.fr » n'est pas une adresse web"),
    (RemoteConfig("etude", "s3", endpoint="ftp://s3.example.fr", bucket="b"),
     "remote_endpoint_invalid", 2, "n'est pas une adresse web"),
    (RemoteConfig("etude", "s3", endpoint="https://s3.example.fr", bucket="  "),
     "remote_bucket_missing", 2, "Indiquez le compartiment"),
    (RemoteConfig("nas", "folder", path="/nonexistent/nas"), "remote_folder_missing", 2,
     "Le dossier « /nonexistent/nas » n'existe pas"),
])
def test_a_wrong_field_is_refused_before_anything_is_written(
        tmp_path: Path, remote: RemoteConfig, code: str, exit_code: int, french: str) -> None:
    error = _refused(tmp_path, remote)
    assert (error.code, error.exit_code) == (code, exit_code)
    assert french in describe(error, "fr") and "Rien n'a été enregistré" in describe(error, "fr")


def test_half_a_key_is_refused(tmp_path: Path, keyring_service: object) -> None:
    error = _refused(tmp_path, S3, S3Credentials("AKIA-ETUDE", ""))
    assert error.code == "remote_credentials_incomplete"
    assert keyring.get_password("Probant S3", "etude") is None


def test_a_keyring_that_cannot_take_the_secret_defines_nothing(
        tmp_path: Path, no_keyring: dict[str, str]) -> None:
    error = _refused(tmp_path, S3, S3Credentials("AKIA-ETUDE", "s3cr3t-value"))
    assert (error.code, error.exit_code) == ("keyring_unavailable", 4)
    worded = describe(error, "fr")
    assert "Le trousseau du système n'a pas accepté les identifiants du stockage « etude »" \
        in worded and "s3cr3t-value" not in worded


def test_a_name_taken_keeps_the_other_store_s_secret(
        tmp_path: Path, keyring_service: object) -> None:
    define(tmp_path, S3, S3Credentials("AKIA-FIRST", "first-secret"))
    with pytest.raises(ProbantError) as caught:
        define(tmp_path, S3, S3Credentials("AKIA-SECOND", "second-secret"))
    assert caught.value.code == "remote_exists"
    assert json.loads(keyring.get_password("Probant S3", "etude") or "{}") == {
        "access_key_id": "AKIA-FIRST", "secret_access_key": "first-secret"}
    text = (tmp_path / "remotes.json").read_text("utf-8")
    assert "first-secret" not in text and "AKIA" not in text


def test_the_cli_takes_the_secret_from_the_environment_never_an_argument(
        tmp_path: Path, keyring_service: Any) -> None:
    home = tmp_path / "home"
    offline_settings(home)
    probant = Probant(home, env=dict(keyring_service.env))
    assert probant("init", "--name", "Maître Jeanne DUPONT", demo=True).code == 0
    add = ["remote", "add", "s3", "etude", "--endpoint", "https://s3.gra.io.cloud.ovh.net",
           "--bucket", "preuves", "--access-key-id", "AKIA-ETUDE"]
    # No secret and no terminal to type it on: refused, nothing defined.
    missing = probant(*add, demo=True)
    assert missing.code == 2 and missing.json["error"]["code"] == "remote_credentials_incomplete"
    assert not (home / "remotes.json").exists()
    added = probant(*add, demo=True, env={"PROBANT_S3_SECRET": "s3cr3t-value"})
    assert added.code == 0, added.stderr
    assert added.json["credentials"] == "keyring"
    assert json.loads(keyring.get_password("Probant S3", "etude") or "{}") == {
        "access_key_id": "AKIA-ETUDE", "secret_access_key": "s3cr3t-value"}
    assert "s3cr3t-value" not in (home / "remotes.json").read_text("utf-8")
    journal = probant("journal", demo=True).json
    (entry,) = [e for e in journal if e["action"] == "remote_added"]
    assert entry["subject"] == "etude" and entry["details"]["credentials"] == "keyring"
    assert "s3cr3t-value" not in json.dumps(journal) and "AKIA" not in json.dumps(journal)
