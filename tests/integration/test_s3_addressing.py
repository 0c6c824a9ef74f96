"""Path or virtual-host addressing (issue 21, point 1), as the remote's boto3 client builds
its requests. The request is botocore's own, built and signed, caught just before it would be
sent: the loopback store cannot be reached by virtual host here (no wildcard DNS for
``*.localhost`` on this machine), so the address form is checked where botocore makes it;
the requests themselves are sent path-style to SeaweedFS by the integration tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence.sync.s3 import S3Remote


class _Built(Exception):
    """Raised by the hook once botocore has built (and signed) the request: nothing sent."""


def _url(remote: S3Remote) -> str:
    """The URL of a HeadObject as the remote's client builds it, caught just before it
    would be sent (botocore's ``before-send`` event), so no store is needed."""
    seen: list[str] = []

    def built(request: object, **_kwargs: object) -> None:
        seen.append(str(request.url))  # type: ignore[attr-defined]
        raise _Built

    remote.client.meta.events.register("before-send.s3.HeadObject", built)
    try:
        remote.client.head_object(Bucket=remote.bucket, Key="vlt/blobs/ab")
    except _Built:
        pass
    return seen[0]


def test_path_style_by_default_and_virtual_host_when_asked(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "id")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    path = S3Remote("a", "https://s3.gra.io.cloud.ovh.net", "etude", "gra")
    assert _url(path).startswith("https://s3.gra.io.cloud.ovh.net/etude/vlt/blobs/ab")
    host = S3Remote("b", "https://s3.gra.io.cloud.ovh.net", "etude", "gra", path_style=False)
    assert _url(host).startswith("https://etude.s3.gra.io.cloud.ovh.net/vlt/blobs/ab")


def test_the_cli_switch_reaches_the_client(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """``remote add s3 … --virtual-host`` as the command runs it (in this process), then
    the remote as a sync opens it from the home's definitions."""
    from evidence.sync import config
    from tests.fixtures.cli import Probant, offline_settings

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "id")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    home = tmp_path / "home"
    offline_settings(home)
    probant = Probant(home)
    assert probant.setup("init", demo=True).code == 0
    for name, extra in (("ovh", ["--virtual-host"]), ("nas", [])):
        added = probant.setup("remote", "add", "s3", name, "--endpoint",
                              "https://s3.gra.io.cloud.ovh.net", "--bucket", "etude",
                              "--region", "gra", *extra)
        assert added.code == 0, added.stderr
    ovh, nas = config.open_remote(config.get(home, "ovh")), config.open_remote(
        config.get(home, "nas"))
    assert isinstance(ovh, S3Remote) and isinstance(nas, S3Remote)
    assert _url(ovh).startswith("https://etude.s3.gra.io.cloud.ovh.net/vlt/")
    assert _url(nas).startswith("https://s3.gra.io.cloud.ovh.net/etude/vlt/")
