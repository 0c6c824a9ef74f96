"""The S3 signer that takes the payload hash from the body (evidence/sync/signing.py):
same header as botocore's own, chosen for our clients only, botocore's hash otherwise."""

from __future__ import annotations

import hashlib
import os

import pytest
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from evidence.sync import signing
from evidence.sync.flow import Reader

CREDS = Credentials("probanttest", "probanttest")


def _payload(auth: type, body: object) -> str:
    request = AWSRequest("PUT", "http://127.0.0.1:9/bucket/key", data=body)
    request.context = {}
    return str(auth(CREDS, "s3", "us-east-1").payload(request))


def test_known_hash_is_the_one_botocore_computes() -> None:
    data = os.urandom(3 << 20)
    ours = signing._signer_class()
    known = hashlib.sha256(data).hexdigest()
    assert _payload(ours, Reader(data, None, known)) == _payload(S3SigV4Auth,
                                                                Reader(data, None))
    assert _payload(ours, Reader(data, None)) == known  # unknown: hashed as botocore does


def test_the_known_hash_is_used_not_recomputed() -> None:
    # A body whose stated hash is not its own: the signer must use the stated one
    # (the server then refuses the request, as it refuses a wrong checksum).
    data = b"abc" * 1000
    stated = hashlib.sha256(b"other").hexdigest()
    assert _payload(signing._signer_class(), Reader(data, None, stated)) == stated


def test_chosen_for_s3_remote_clients_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import boto3

    from evidence.sync.s3 import S3Remote

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "probanttest")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "probanttest")
    remote = S3Remote("t", "http://127.0.0.1:9", "bucket", "us-east-1")
    plain = boto3.client("s3", endpoint_url="http://127.0.0.1:9", region_name="us-east-1",
                         aws_access_key_id="a", aws_secret_access_key="b")
    chosen = []
    for client in (remote.client, plain):
        signer = client._request_signer
        chosen.append(signer._choose_signer("PutObject", "standard", {"auth_type": "v4"}))
    assert chosen == [signing.SIGNER, "s3v4"]
