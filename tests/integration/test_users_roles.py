"""Users and roles, enforced in the core and visible through the CLI (exit 3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evidence import users
from evidence.errors import BadInput
from evidence.verify import verify_vault
from tests.fixtures.cli import Probant
from tests.fixtures.vault import VaultHome


def test_collaborateur_prepares_but_cannot_capture_or_close(probant: Probant,
                                                           tmp_path: Path) -> None:
    officer = {"PROBANT_AUTHENTICATOR": f"soft:{tmp_path / 'officer.json'}", "PROBANT_PIN": "1111"}
    staff = {"PROBANT_AUTHENTICATOR": f"soft:{tmp_path / 'staff.json'}", "PROBANT_PIN": "2222"}
    assert probant("init", "--name", "Maître Jeanne DUPONT", env=officer).code == 0
    clerk = probant("user", "add", "Paul Martin", "--role", "collaborateur", env=officer).json
    enrolled = probant("token", "enroll", "--user", clerk["id"], "--label", "Clé de Paul",
                       env={**officer, "PROBANT_NEW_AUTHENTICATOR": staff["PROBANT_AUTHENTICATOR"],
                            "PROBANT_NEW_PIN": "2222"})
    assert enrolled.code == 0, enrolled.stderr
    dossier = probant("dossier", "new", "Affaire préparée", env=staff)
    assert dossier.code == 0 and dossier.json["created_by"] == clerk["id"]
    refused = probant("constat", "new", "--dossier", dossier.json["id"], env=staff)
    assert refused.code == 3 and refused.json["error"]["code"] == "permission_refused"
    assert "collaborateur" in refused.stderr
    constat = probant("constat", "new", "--dossier", dossier.json["id"], env=officer).json["id"]
    capture = probant("capture", "screen", "--constat", constat, env=staff)
    assert capture.code == 3
    src = tmp_path / "pièce.pdf"
    src.write_bytes(b"%PDF-1.4 remis par le client")
    assert probant("annex", "add", "--constat", constat, str(src), env=staff).code == 0
    assert probant("constat", "close", constat, env=staff).code == 3
    assert probant("user", "add", "X", "--role", "commissaire", env=staff).code == 3
    # Nobody promotes themselves; the officer can, and the journal holds the signed change.
    assert probant("user", "role", clerk["id"], "--role", "commissaire", env=staff).code == 3
    promoted = probant("user", "role", clerk["id"], "--role", "commissaire", env=officer)
    assert promoted.code == 0 and promoted.json["role"] == "commissaire", promoted.stderr
    assert probant("capture", "screen", "--constat", constat, env=staff).code != 3
    demoted = probant("user", "role", clerk["id"], "--role", "collaborateur", env=officer)
    assert demoted.code == 0 and demoted.json["role"] == "collaborateur", demoted.stderr
    journal = probant("journal", env=officer).json
    changes = [e["details"]["role"] for e in journal if e["action"] == "user_role_changed"]
    assert changes == ["commissaire", "collaborateur"]
    assert probant("verify", env=officer).code == 0
    refusals = [e for e in journal if e["action"] == "permission_refused"]
    assert len(refusals) == 5 and all(e["user"] == clerk["id"] for e in refusals)
    tokens = probant("token", "list", env=officer).json
    assert [t["kind"] for t in tokens] == ["fido2", "recovery", "fido2"]
    removed = probant("token", "remove", tokens[2]["id"], env=officer)
    assert removed.code == 0
    assert probant("dossier", "list", env=staff).code == 3  # Paul's key no longer opens it
    assert probant("token", "remove", tokens[1]["id"], env=officer).code == 2  # recovery stays


def test_a_role_changes_only_through_the_journaled_service(vault_home: VaultHome) -> None:
    """users.change_role: by a commissaire, never one's own, never the last commissaire;
    journaled with the acting officer's signed certificate, which verify checks."""
    with vault_home.open() as vault:
        me = vault.session.user
        clerk = users.add_user(vault, "Paul Martin", "collaborateur")
        with pytest.raises(BadInput):
            users.change_role(vault, clerk.id, "collaborateur")  # already
        with pytest.raises(BadInput):
            users.change_role(vault, me.id, "collaborateur")  # oneself
        assert users.change_role(vault, clerk.id, "commissaire").role == "commissaire"
        assert users.change_role(vault, clerk.id, "collaborateur").role == "collaborateur"
        entries = vault.db.query("SELECT user_id, details FROM journal"
                                 " WHERE action = 'user_role_changed' ORDER BY seq")
        assert [json.loads(e["details"])["role"] for e in entries] == ["commissaire",
                                                                        "collaborateur"]
        cert = json.loads(entries[0]["details"])["cert"]
        assert cert["by"] == vault.session.slot_id
        assert cert["body"] == {"v": 1, "vault": vault.id, "what": "role", "user": clerk.id,
                                "role": "commissaire"}
        assert verify_vault(vault).ok
