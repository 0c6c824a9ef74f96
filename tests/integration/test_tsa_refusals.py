"""TSA answers Probant must refuse, through the real CLI and real tokens (issue T point 5):
a TSA whose certificate the CRL and OCSP responder say is revoked, a token signed with
SHA-1, and a refusal (status « rejection », no token). Each flush exits 4, keeps the
items queued, and names the reason for each item; nothing is stored as a token."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.fixtures.cli import Probant, offline_settings
from tests.fixtures.tsa_proxy import TsaProxy


def _home_with_a_piece(tmp_path: Path) -> Probant:
    home = tmp_path / "probant-home"
    offline_settings(home)
    probant = Probant(home)
    assert probant("init", "--name", "Maître Jeanne DUPONT", demo=True).code == 0
    dossier = probant("dossier", "new", "Affaire Martin", "--requester", "SAS Martin").json["id"]
    constat = probant("constat", "new", "--dossier", dossier, "--mission", "Constater",
                      "--place", "Poste de l'étude, Paris").json["id"]
    piece = tmp_path / "piece.txt"
    piece.write_text("courriel remis par le client")
    assert probant("annex", "add", "--constat", constat, str(piece)).code == 0
    return probant


@pytest.mark.parametrize("case", ["revoked", "sha1", "rejection"])
def test_a_refused_answer_keeps_the_items_queued_and_says_why(
        case: str, pki_live, tsa_proxy: Callable[[str], TsaProxy],  # type: ignore[no-untyped-def]
        tmp_path: Path) -> None:
    probant = _home_with_a_piece(tmp_path)
    if case == "rejection":
        proxy = tsa_proxy(pki_live.tsa_url)
        proxy.mode = "rejection"
        url, expected = proxy.url, "tsa_rejected"
    elif case == "revoked":
        url, expected = pki_live.service_url("tsa", "tsa-revoked"), "tsa_revoked"
    else:
        url, expected = pki_live.service_url("tsa", "tsa-sha1"), "tsa_bad_signature"
    added = probant("tsa", "add", url, "--trust", str(pki_live.ca_bundle_pem), "--name", case)
    assert added.code == 0, added.stderr

    flushed = probant("timestamp", "flush")

    assert flushed.code == 4, (flushed.stdout, flushed.stderr)
    error = flushed.json["error"]
    assert error["code"] == "tsa_unavailable" and case in error["detail"], error
    status = probant("timestamp", "status").json
    assert status["covered"] == 0 and status["pending"] >= 1, status
    assert all(expected in item["pending_reason"] for item in status["items"]), status
    if case == "sha1":
        assert "weak digest" in error["detail"], error
    if case == "rejection":
        assert "status rejection unsupported hash algorithm (bad_alg)" in error["detail"], error
    if case == "revoked":
        assert "revoked" in error["detail"], error
