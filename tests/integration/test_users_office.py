"""The étude's name and address after the vault's creation (``user etude``): set by a
commissaire only, journaled with before and after values, followed by the users of the
same étude, and printed by the next PV instead of « [étude non renseignée] »."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evidence import users
from evidence.errors import BadInput
from evidence.verify import verify_vault
from tests.fixtures.cli import Probant
from tests.fixtures.vault import VaultHome
from tests.integration.test_pv import _pdftotext

OFFICE = "Étude Dupont & Associés"
ADDRESS = "3 rue Neuve, 69001 Lyon"


def _flat(pdf: Path) -> str:
    return " ".join(_pdftotext(pdf).split())


def test_the_officer_sets_the_etude_the_pv_prints_it(probant: Probant, tmp_path: Path) -> None:
    officer = {"PROBANT_AUTHENTICATOR": f"soft:{tmp_path / 'officer.json'}", "PROBANT_PIN": "1111"}
    staff = {"PROBANT_AUTHENTICATOR": f"soft:{tmp_path / 'staff.json'}", "PROBANT_PIN": "2222"}
    assert probant.setup("init", "--name", "Maître Jeanne DUPONT", env=officer).code == 0
    clerk = probant.setup("user", "add", "Paul Martin", "--role", "collaborateur",
                          env=officer).json
    enrolled = probant.setup("token", "enroll", "--user", clerk["id"], "--label", "Clé de Paul",
                             env={**officer, "PROBANT_NEW_PIN": "2222",
                                  "PROBANT_NEW_AUTHENTICATOR": staff["PROBANT_AUTHENTICATOR"]})
    assert enrolled.code == 0, enrolled.stderr
    dossier = probant.setup("dossier", "new", "Affaire Martin", "--requester", "SAS Martin",
                            env=officer).json["id"]
    constat = probant.setup("constat", "new", "--dossier", dossier, "--mission", "Page",
                            "--place", "Poste de l'étude", env=officer).json["id"]
    before = tmp_path / "before.pdf"
    assert probant.setup("pv", "build", "--constat", constat, "--out", str(before),
                         env=officer).code == 0
    # Nor can it be signed so: the rule « etude » blocks, naming what is missing.
    rules = {r["code"]: r for r in probant("pv", "check", "--constat", constat,
                                            env=officer).json["rules"]}
    assert not rules["etude"]["ok"] and rules["etude"]["blocking"]
    assert rules["etude"]["subjects"] == ["office", "address"]
    assert "user etude" in rules["etude"]["message"]
    assert "[étude non renseignée]" in _flat(before)
    assert "[adresse non renseignée]" in _flat(before)

    # A collaborateur may not (exit 3, as « user role »); empty values are refused (exit 2).
    refused = probant("user", "etude", "--office", OFFICE, "--address", ADDRESS, env=staff)
    assert refused.code == 3 and refused.json["error"]["code"] == "permission_refused"
    for bad in (("--office", "   "), ("--office", OFFICE, "--address", ""), ()):
        empty = probant("user", "etude", *bad, env=officer)
        assert empty.code == 2 and empty.json["error"]["code"] == "etude_empty", bad
    assert {(u["office"], u["address"]) for u in
            probant.setup("user", "list", env=officer).json} == {("", "")}

    changed = probant("user", "etude", "--office", f"  {OFFICE} ", "--address", ADDRESS,
                      env=officer)
    assert changed.code == 0, changed.stderr
    assert changed.json["office"] == OFFICE and changed.json["address"] == ADDRESS
    assert changed.json["before"] == {"office": "", "address": ""}
    # The collaborateur, of the same étude (add_user copied it), follows.
    assert {u["name"] for u in changed.json["users"]} == {"Maître Jeanne DUPONT", "Paul Martin"}
    listed = probant.setup("user", "list", env=officer).json
    assert {(u["office"], u["address"]) for u in listed} == {(OFFICE, ADDRESS)}

    journal = probant("journal", env=officer).json
    [entry] = [e for e in journal if e["action"] == "user_office_changed"]
    assert entry["details"]["changes"] == {"office": {"before": "", "after": OFFICE},
                                           "address": {"before": "", "after": ADDRESS}}
    assert sorted(entry["details"]["users"]) == sorted(u["id"] for u in listed)
    refusals = [e for e in journal if e["action"] == "permission_refused"]
    assert [e["details"]["action"] for e in refusals] == ["change_office"]

    after = tmp_path / "after.pdf"
    built = probant("pv", "build", "--constat", constat, "--out", str(after), env=officer)
    assert built.code == 0, built.stderr
    text = _flat(after)
    assert OFFICE in text and ADDRESS in text
    assert "non renseignée" not in text
    rules = {r["code"]: r for r in probant("pv", "check", "--constat", constat,
                                            env=officer).json["rules"]}
    assert rules["etude"]["ok"] and rules["etude"]["subjects"] == []
    assert probant("journal", "--verify", env=officer).code == 0
    assert probant("verify", env=officer).code == 0


def test_the_etude_follows_only_its_users(vault_home: VaultHome) -> None:
    """The users of the officer's étude follow a move; a user of another étude and a
    deactivated one keep theirs; the session's own user sees the new étude at once (a
    user added next gets it); nothing changed, nothing journaled."""
    with vault_home.open() as vault:
        me = vault.session.user
        start = (me.office, me.address)
        clerk = users.add_user(vault, "Paul Martin", "collaborateur")
        gone = users.add_user(vault, "Anne Ancienne", "collaborateur")
        users.deactivate_user(vault, gone.id)
        other = users.add_user(vault, "Maître Luc AUTRE", "commissaire")
        with vault.db.transaction() as conn:  # an associate of another étude, for the test
            conn.execute("UPDATE users SET office = 'Étude Autre' WHERE id = ?", (other.id,))
        with pytest.raises(BadInput):
            users.set_office(vault, office="\t")
        change = users.set_office(vault, office=OFFICE)  # the address is kept
        assert [u.id for u in change.users] == [me.id, clerk.id]
        assert (change.before_office, change.before_address) == start
        assert users.get_user(vault, clerk.id).office == OFFICE
        assert users.get_user(vault, clerk.id).address == start[1]
        assert users.get_user(vault, gone.id).office == start[0]
        assert users.get_user(vault, other.id).office == "Étude Autre"
        assert vault.session.user.office == OFFICE
        assert users.add_user(vault, "Léa Nouvelle", "collaborateur").office == OFFICE
        assert users.set_office(vault, office=OFFICE).users == ()
        entries = vault.db.query("SELECT details FROM journal"
                                 " WHERE action = 'user_office_changed'")
        assert len(entries) == 1
        assert json.loads(entries[0]["details"])["changes"] == {
            "office": {"before": start[0], "after": OFFICE}}
        assert verify_vault(vault).ok



def test_a_demo_vault_heads_its_pvs_with_a_demo_etude(probant: Probant) -> None:
    """Demo mode signs demo PVs: its étude is filled in, and said to be the demo's."""
    from app.services.access import DEMO_ADDRESS, DEMO_OFFICE

    assert probant.setup("init", demo=True).code == 0
    [me] = probant.setup("user", "list", demo=True).json
    assert (me["office"], me["address"]) == (DEMO_OFFICE, DEMO_ADDRESS)
    assert "DÉMONSTRATION" in me["office"] and "DÉMONSTRATION" in me["address"]
