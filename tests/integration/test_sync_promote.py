"""The origin workstation lost: a restored copy is promoted to origin and carries the vault
on (docs/sync.md). Real ``probant`` processes, folder remotes.

The former origin keeps a first remote of its own (a USB disk), so its unlock reads that
one as its remote anchor and raises no alarm: its sync to the shared remote must then be
refused by the origin-line check itself, not by the anchors.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.integration.test_sync import MARKER, Home, officer  # noqa: F401  (fixture)
from tests.integration.test_sync_pull import _constat


def _heads(nas: Path, vault_id: str) -> list[str]:
    return sorted(p.name for p in (nas / vault_id / "heads").glob("*.json"))


def _newest_head_seq(nas: Path, vault_id: str) -> int:
    newest = _heads(nas, vault_id)[-1]
    return int(json.loads((nas / vault_id / "heads" / newest).read_text())["anchor"]["seq"])


def test_a_restored_copy_promoted_to_origin_carries_the_vault_on(
        officer: tuple[Home, str], tmp_path: Path,  # noqa: F811
        no_keyring: dict[str, str]) -> None:
    a, code = officer
    clerk = a("user", "add", "Paul Martin", "--role", "collaborateur").json
    paul = {"PROBANT_AUTHENTICATOR": f"soft:{tmp_path / 'paul.json'}", "PROBANT_PIN": "2222"}
    assert a("token", "enroll", "--user", clerk["id"], "--label", "Clé de Paul",
             env={"PROBANT_NEW_AUTHENTICATOR": paul["PROBANT_AUTHENTICATOR"],
                  "PROBANT_NEW_PIN": "2222"}).code == 0
    _constat(a, tmp_path, "lundi", b"lundi " + MARKER)
    usb, nas = tmp_path / "usb", tmp_path / "nas"
    usb.mkdir()
    nas.mkdir()
    assert a("remote", "add", "folder", "usb", str(usb)).code == 0
    assert a("remote", "add", "folder", "nas", str(nas)).code == 0
    assert a("sync").code == 0

    # The officer's new workstation, restored from the étude's store with the recovery code.
    b = Home(tmp_path / "home-b", {**no_keyring, "PROBANT_RECOVERY_CODE": code})
    assert b("remote", "add", "folder", "nas", str(nas)).code == 0
    restored = b("restore", "--remote", "nas")
    assert restored.code == 0, restored.stderr
    vault_id, workstation = restored.json["vault_id"], restored.json["workstation"]
    copy_state = b.home / "vault" / "replica.json"

    unconfirmed = b("remote", "promote", "nas")
    assert unconfirmed.code == 2, unconfirmed.stdout + unconfirmed.stderr
    assert "--confirm" in unconfirmed.json["error"]["message"] and copy_state.exists()

    # A collaborateur's copy is never promoted (the role is checked in the core).
    clerks = Home(tmp_path / "home-paul", {**no_keyring, **paul})
    assert clerks("remote", "add", "folder", "nas", str(nas)).code == 0
    assert clerks("restore", "--remote", "nas").code == 0
    refused_role = clerks("remote", "promote", "--confirm")
    assert refused_role.code == 3, refused_role.stdout + refused_role.stderr
    assert (clerks.home / "vault" / "replica.json").exists()

    # The origin wrote after the copy was restored: promoting now would leave that out.
    _second, tuesday = _constat(a, tmp_path, "mardi", b"mardi " + MARKER)
    assert a("sync").code == 0
    behind = b("remote", "promote", "nas", "--confirm")
    assert behind.code == 1, behind.stdout + behind.stderr
    assert behind.json["error"]["code"] == "promotion_refused"
    assert "sync --pull" in behind.json["error"]["message"] and copy_state.exists()
    pulled = b("sync", "--pull")
    assert pulled.code == 0 and pulled.json["pulled"], pulled.stdout + pulled.stderr

    origin_heads = _heads(nas, vault_id)
    promoted = b("remote", "promote", "--confirm")
    assert promoted.code == 0, promoted.stdout + promoted.stderr
    p = promoted.json
    assert p["base_seq"] == pulled.json["to_seq"] and p["workstation"] == workstation
    assert p["former_head"] == f"{vault_id}/heads/{origin_heads[-1]}"
    assert p["pushed"] is not None and p["push_error"] is None
    assert not copy_state.exists()
    assert (b.home / "vault" / f"promoted-{workstation}.json").exists()
    entries = [e for e in b("journal").json if e["action"] == "origin_promoted"]
    assert len(entries) == 1 and entries[0]["details"]["former_head"] == p["former_head"]
    assert b("journal", "--verify").json["ok"]
    # Its heads are now the origin's, extending the former origin's journal.
    assert len(_heads(nas, vault_id)) == len(origin_heads) + 1
    assert _newest_head_seq(nas, vault_id) > p["base_seq"]
    # Killed after its journal entry, before the copy's state was set aside: run again,
    # the promotion is finished, not journaled twice.
    shutil.copy(b.home / "vault" / f"promoted-{workstation}.json", copy_state)
    finished = b("remote", "promote", "--confirm")
    assert finished.code == 0 and finished.json["finished"], finished.stdout + finished.stderr
    assert not copy_state.exists()
    assert len([e for e in b("journal").json if e["action"] == "origin_promoted"]) == 1
    again = b("remote", "promote", "--confirm")
    assert again.code == 2, again.stdout  # already the origin
    assert b("sync", "--pull").code == 2  # an origin does not pull

    # The vault goes on from the new workstation.
    _third, wednesday = _constat(b, tmp_path, "mercredi", b"mercredi " + MARKER)
    assert b("sync").code == 0
    head_seq = _newest_head_seq(nas, vault_id)

    # The former origin, back: its first remote raises no alarm, the shared one refuses it.
    _constat(a, tmp_path, "jeudi", b"jeudi")
    superseded = a("sync")
    assert superseded.code == 1, superseded.stdout + superseded.stderr
    assert superseded.json["error"]["code"] == "origin_superseded"
    assert _newest_head_seq(nas, vault_id) == head_seq  # nothing written as origin
    failed = [e for e in a("journal").json if e["action"] == "remote_sync_failed"]
    assert failed and failed[-1]["details"]["error"] == "origin_superseded"

    # A restore on a third workstation gets the promoted copy's work.
    c = Home(tmp_path / "home-c", {**no_keyring, "PROBANT_RECOVERY_CODE": code})
    assert c("remote", "add", "folder", "nas", str(nas)).code == 0
    third = c("restore", "--remote", "nas")
    assert third.code == 0 and third.json["journal_seq"] == head_seq, third.stdout
    assert c("verify").code == 0
    for item, data in ((tuesday, b"mardi " + MARKER), (wednesday, b"mercredi " + MARKER)):
        out = tmp_path / f"c-{item}.bin"
        assert c("evidence", "export", item, "--out", str(out)).code == 0
        assert out.read_bytes() == data
