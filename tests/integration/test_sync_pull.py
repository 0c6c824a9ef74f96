"""Two workstations of one étude, one remote (a folder here; S3 is the same protocol):
the officer's workstation pushes, a collaborateur's restored copy pulls the officer's
later constat and verifies; the copy's own heads never reach the origin's; a copy that
made evidence of its own is never overwritten by a pull. Real ``probant`` processes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.integration.test_sync import MARKER, Home, officer  # noqa: F401  (fixture)


def _same_remote(kind: str, tmp_path: Path,
                 request: pytest.FixtureRequest) -> tuple[list[str], Callable[[str], list[str]]]:
    """``remote add`` arguments for one remote every home shares, and its listing."""
    if kind == "folder":
        nas = tmp_path / "nas"
        nas.mkdir()
        return (["folder", "nas", str(nas)],
                lambda prefix: [p.relative_to(nas).as_posix() for p in nas.rglob("*")
                                if p.is_file() and p.relative_to(nas).as_posix()
                                .startswith(prefix)])
    seaweedfs = request.getfixturevalue("seaweedfs")
    bucket = seaweedfs.bucket(lock=True)
    client = seaweedfs.client()
    return (["s3", "nas", "--endpoint", seaweedfs.endpoint, "--bucket", bucket, "--region",
             "us-east-1"],
            lambda prefix: [o["Key"] for o in client.list_objects_v2(
                Bucket=bucket, Prefix=prefix).get("Contents", [])])


def _constat(h: Home, tmp_path: Path, name: str, data: bytes) -> tuple[str, str]:
    dossier = h("dossier", "new", f"Affaire {name}").json["id"]
    constat = h("constat", "new", "--dossier", dossier, "--mission", name).json["id"]
    path = tmp_path / f"{name}.bin"
    path.write_bytes(data)
    added = h("annex", "add", "--constat", constat, str(path))
    assert added.code == 0, added.stderr
    item = added.json[0] if isinstance(added.json, list) else added.json
    return constat, item["id"]


@pytest.mark.parametrize("kind", ["folder", "s3"])
def test_a_second_workstation_pulls_the_officers_later_constat(
        officer: tuple[Home, str], tmp_path: Path,  # noqa: F811
        no_keyring: dict[str, str], kind: str, request: pytest.FixtureRequest) -> None:
    a, _code = officer
    clerk = a("user", "add", "Paul Martin", "--role", "collaborateur").json
    paul = {"PROBANT_AUTHENTICATOR": f"soft:{tmp_path / 'paul.json'}", "PROBANT_PIN": "2222"}
    enrolled = a("token", "enroll", "--user", clerk["id"], "--label", "Clé de Paul",
                 env={"PROBANT_NEW_AUTHENTICATOR": paul["PROBANT_AUTHENTICATOR"],
                      "PROBANT_NEW_PIN": "2222"})
    assert enrolled.code == 0, enrolled.stderr
    wrong = {"PROBANT_PIN": "0000"}  # failed unlocks: the database counts and hashes them
    assert a("dossier", "list", env=wrong).code == 3
    first, _item = _constat(a, tmp_path, "lundi", b"lundi " + MARKER)
    remote, listing = _same_remote(kind, tmp_path, request)
    assert a("remote", "add", *remote).code == 0
    assert a("sync").code == 0

    # The collaborateur's workstation: restored, opened with Paul's own key.
    b = Home(tmp_path / "home-b", {**no_keyring, **paul})
    assert b("remote", "add", *remote).code == 0
    restored = b("restore", "--remote", "nas")
    assert restored.code == 0, restored.stderr
    assert restored.json["workstation"].startswith("wks_")
    assert b("verify").code == 0
    assert b("sync", "--pull").json["pulled"] is False  # up to date
    exported = tmp_path / "b-export.bin"
    assert b("evidence", "export", _item, "--out", str(exported)).code == 0  # allowed there
    assert exported.read_bytes() == b"lundi " + MARKER  # opened with Paul's own key

    # The officer works on: a later constat, pushed.
    assert a("dossier", "list", env=wrong).code == 3
    assert b("dossier", "list", env=wrong).code == 3  # the copy's own failed unlock
    later = os.urandom(300_000) + MARKER
    second, item = _constat(a, tmp_path, "mardi", later)
    assert a("sync").code == 0

    pulled = b("sync", "--pull", "--max-rate", "50M")  # the blobs fetched at most so fast
    assert pulled.code == 0, pulled.stdout + pulled.stderr
    p = pulled.json
    assert p["pulled"] and p["to_seq"] > p["from_seq"] and p["blobs"] >= 1
    assert "evidence_exported" in p["set_aside"] and p["kept_as"].startswith("replaced/")
    assert (b.home / "vault" / p["kept_as"]).exists()  # the copy's own journal, kept whole
    constats = {c["id"] for c in b("constat", "list").json}
    assert {first, second} <= constats
    out = tmp_path / "b-later.bin"
    assert b("evidence", "export", item, "--out", str(out)).code == 0
    assert out.read_bytes() == later
    verify = b("verify")
    assert verify.code == 0, verify.stdout  # the origin's failed-unlock lines came along
    assert (b.home / "vault" / p["kept_as"].replace(".db", ".failures.jsonl")).exists()
    journal = b("journal")
    assert journal.code == 0 and [e for e in journal.json if e["action"] == "remote_pulled"]
    assert b("journal", "--verify").json["ok"]

    # The copy pushes too: under its own workstation's heads, never the origin's.
    assert b("sync").code == 0
    vault_id = restored.json["vault_id"]
    own = listing(f"{vault_id}/workstations/{restored.json['workstation']}/heads/")
    assert own and all(name.endswith(".json") for name in own)
    assert len(listing(f"{vault_id}/heads/")) == 2  # the origin's two syncs, no more
    assert a("remote", "verify", "nas").json["ok"]  # no rollback alarm on the origin
    assert b("remote", "verify", "nas").json["ok"]
    c = Home(tmp_path / "home-c", {**no_keyring, **paul})  # a third copy gets the origin's
    assert c("remote", "add", *remote).code == 0
    assert c("restore", "--remote", "nas").json["journal_seq"] == p["to_seq"]

    # The origin does not pull.
    origin = a("sync", "--pull")
    assert origin.code == 2, origin.stdout


def test_a_copy_with_evidence_of_its_own_refuses_the_pull_and_keeps_it(
        officer: tuple[Home, str], tmp_path: Path,  # noqa: F811
        no_keyring: dict[str, str]) -> None:
    a, code = officer
    _constat(a, tmp_path, "lundi", b"lundi")
    nas = tmp_path / "nas"
    nas.mkdir()
    assert a("remote", "add", "folder", "nas", str(nas)).code == 0
    assert a("sync").code == 0
    b = Home(tmp_path / "home-b", {**no_keyring, "PROBANT_RECOVERY_CODE": code})
    assert b("remote", "add", "folder", "nas", str(nas)).code == 0
    assert b("restore", "--remote", "nas").code == 0
    local, local_item = _constat(b, tmp_path, "copie", b"fait sur la copie")
    _constat(a, tmp_path, "mardi", b"mardi")
    assert a("sync").code == 0
    refused = b("sync", "--pull")
    assert refused.code == 1, refused.stdout + refused.stderr
    assert refused.json["error"]["code"] in ("error", "pull_refused")
    assert "evidence_added" in refused.json["error"]["message"]
    assert not (b.home / "vault" / "replaced").exists()  # nothing swapped
    assert not [e for e in b("journal").json if e["action"] == "remote_pulled"]
    assert local in {c["id"] for c in b("constat", "list").json}
    out = tmp_path / "kept.bin"
    assert b("evidence", "export", local_item, "--out", str(out)).code == 0
    assert out.read_bytes() == b"fait sur la copie"


def test_a_collaborateur_exports_the_signed_pv_and_the_bundle_on_a_copy(
        pki, tmp_path: Path, no_keyring: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """Issue 21, point 5: on a restored copy, a collaborateur exports the PV the officer
    signed on the origin (the same bytes) and the constat's bundle, which verifies from an
    empty home; both exports are journaled on the copy under the collaborateur, and the
    copy makes no evidence of its own for them (the export writes no item)."""
    from tests.fixtures.cli import Probant, offline_settings
    from tests.integration.test_pv import complete
    from tests.integration.test_sync import OFFICER

    signer = {"PROBANT_SIGNER_PIN": "probant-test"}
    home = tmp_path / "home"
    offline_settings(home)
    origin = Probant(home, env={**no_keyring,
                                "PROBANT_AUTHENTICATOR": f"soft:{tmp_path / 'token.json'}",
                                "PROBANT_PIN": "4862"})
    assert origin("init", "--name", OFFICER, "--office", "Étude Dupont",
                  "--address", "12 rue de la Paix, 75002 Paris").code == 0
    clerk = origin("user", "add", "Paul Martin", "--role", "collaborateur").json
    paul = {"PROBANT_AUTHENTICATOR": f"soft:{tmp_path / 'paul.json'}", "PROBANT_PIN": "2222"}
    assert origin("token", "enroll", "--user", clerk["id"], "--label", "Clé de Paul",
                  env={"PROBANT_NEW_AUTHENTICATOR": paul["PROBANT_AUTHENTICATOR"],
                       "PROBANT_NEW_PIN": "2222"}).code == 0
    dossier = origin("dossier", "new", "Affaire Martin", "--requester",
                     "SAS Martin, 3 rue Haute, Lyon").json["id"]
    constat = origin("constat", "new", "--dossier", dossier, "--mission", "Pièces remises",
                     "--place", "Étude Dupont, 12 rue de la Paix, 75002 Paris").json["id"]
    piece = tmp_path / "courriel.txt"
    piece.write_text("courriel remis par le client")
    assert origin("annex", "add", "--constat", constat, str(piece)).code == 0
    assert origin("tsa", "add", pki.tsa_url, "--trust", str(pki.ca_bundle_pem)).code == 0
    assert origin("constat", "close", constat).code == 0
    assert origin("timestamp", "flush").code == 0
    assert origin("signer", "add", "--pkcs12", str(pki.p12("signer")), "--trust",
                  str(pki.ca_bundle_pem), env=signer).code == 0
    complete(origin, constat)
    signed = origin("pv", "sign", "--constat", constat, "--offline", env=signer)
    assert signed.code == 0, signed.stderr
    at_origin = tmp_path / "pv-origin.pdf"
    assert origin("pv", "export", "--constat", constat, "--out", str(at_origin)).code == 0
    nas = tmp_path / "nas"
    nas.mkdir()
    assert origin("remote", "add", "folder", "nas", str(nas)).code == 0
    assert origin("sync").code == 0

    copy = Home(tmp_path / "home-b", {**no_keyring, **paul})
    assert copy("remote", "add", "folder", "nas", str(nas)).code == 0
    restored = copy("restore", "--remote", "nas")
    assert restored.code == 0, restored.stderr
    restored_seq = restored.json["journal_seq"]
    items = len(copy("evidence", "list", "--constat", constat).json)
    at_copy = tmp_path / "pv-copy.pdf"
    exported = copy("pv", "export", "--constat", constat, "--out", str(at_copy))
    assert exported.code == 0, exported.stderr
    assert at_copy.read_bytes() == at_origin.read_bytes()  # the officer's signed PV
    bundle = tmp_path / "bundle-copy.zip"
    made = copy("export", "--constat", constat, "--out", str(bundle))
    assert made.code == 0, made.stderr
    assert made.json["pv"] and made.json["timestamped"]
    empty = tmp_path / "empty"
    checked = Probant(empty)("verify", str(bundle), "--trust", str(pki.ca_bundle_pem))
    assert checked.code == 0 and checked.json["status"] == "intact", checked.stdout
    assert len(copy("evidence", "list", "--constat", constat).json) == items
    journal = copy("journal").json
    for action in ("pv_exported", "bundle_exported"):  # the copy's own, after the origin's
        entry = [e for e in journal if e["action"] == action][-1]
        assert entry["user"] == clerk["id"] and entry["seq"] > restored_seq, entry
