"""A vault whose key was renewed (a token removed: evidence/rotation.py) still syncs and
restores: the remote's head from before the renewal is an anchor that still verifies (not a
rollback, not tampered), the next sync sends the database and key slots of the new key
epoch, and a restore from it opens with the remaining factors and exports what was
captured before and after. Real ``probant`` processes, a folder remote."""

from __future__ import annotations

import json
from pathlib import Path

from tests.integration.test_sync import (  # noqa: F401  (officer: a fixture)
    MARKER,
    Home,
    officer,
    restore_and_check,
)


def _annex(h: Home, tmp_path: Path, constat: str, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    added = h("annex", "add", "--constat", constat, str(path))
    assert added.code == 0, added.stderr
    result = added.json
    return str((result[0] if isinstance(result, list) else result)["id"])


def test_a_rotated_vault_syncs_and_restores(officer: tuple[Home, str], tmp_path: Path,  # noqa: F811
                                            no_keyring: dict[str, str]) -> None:
    h, code = officer
    second = f"soft:{tmp_path / 'second.json'}"
    assert h("token", "enroll", "--label", "Clé B", env={
        "PROBANT_NEW_AUTHENTICATOR": second, "PROBANT_NEW_PIN": "2222"}).code == 0
    dossier = h("dossier", "new", "Affaire").json["id"]
    constat = h("constat", "new", "--dossier", dossier, "--mission", "site").json["id"]
    items = {_annex(h, tmp_path, constat, "before.txt", b"before " + MARKER): b"before " + MARKER}
    nas = tmp_path / "nas"
    nas.mkdir()
    add = ["remote", "add", "folder", "nas", str(nas)]
    assert h(*add).code == 0
    assert h("sync").code == 0

    slot = h("token", "list").json[-1]["id"]
    assert h("token", "remove", slot).code == 0
    # The remote's newest head was MACed under the ended epoch's key: still an anchor.
    report = h("verify")
    assert report.code == 0, report.stdout
    remote = {a["anchor"]: a for a in report.json["anchors"]}["remote:nas"]
    assert remote["state"] == "behind", remote
    items[_annex(h, tmp_path, constat, "after.txt", b"after " + MARKER)] = b"after " + MARKER
    synced = h("sync")
    assert synced.code == 0, synced.stderr
    files = [p.read_bytes() for p in nas.rglob("*") if p.is_file()]
    assert not any(MARKER in data for data in files)
    assert h("remote", "verify", "nas", "--deep").json["ok"]
    after = h("verify")
    assert after.code == 0 and {a["anchor"]: a["state"] for a in after.json["anchors"]}[
        "remote:nas"] == "behind"  # the verify entry itself is after the last sync

    fresh = restore_and_check(tmp_path, add, code, items, no_keyring)
    slots = json.loads((tmp_path / "second-home" / "vault" / "keyslots.json").read_text())
    assert slots["epoch"] == 1 and slot not in [s["id"] for s in slots["slots"]]
    # The removed token, even with the restored copy, has nothing to open.
    refused = fresh("dossier", "list", env={"PROBANT_AUTHENTICATOR": second,
                                            "PROBANT_PIN": "2222"})
    assert refused.code == 3
