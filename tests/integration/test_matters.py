"""What the constat workspace and the PV need, through the real CLI on a real vault: the
place of operations, the dossier's reference and edit, a finding per item, the narrative."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.fixtures.cli import Probant
from tests.integration.test_pv import complete

P12_ENV = {"PROBANT_SIGNER_PIN": "probant-test"}
PLACE = "Étude Dupont, poste n° 2, 12 rue de la Paix, 75002 Paris"


def _dossier(probant: Probant, requester: str = "SAS Martin, 3 rue Haute, Lyon") -> str:
    run = probant.setup("dossier", "new", "Affaire Martin", "--requester", requester,
                        "--reference", "2025/0142")
    assert run.code == 0, run.stderr
    return str(run.json["id"])


def _constat(probant: Probant, dossier: str, *place: str) -> str:
    run = probant("constat", "new", "--dossier", dossier, "--mission", "Constater la page",
                  *place)
    assert run.code == 0, run.stderr
    return str(run.json["id"])


def _imported(probant: Probant, constat: str, tmp_path: Path) -> dict:
    src = tmp_path / "attestation.txt"
    src.write_text("attestation de dépôt remise par le client")
    return dict(probant.setup("annex", "add", "--constat", constat, str(src)).json)


def _pdftotext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _journal(probant: Probant, action: str, **env: str) -> list[dict]:
    return [e for e in probant("journal", env=env or None).json if e["action"] == action]


def test_place_is_recorded_journaled_and_shown(probant: Probant) -> None:
    assert probant.setup("init", demo=True).code == 0
    dossier = _dossier(probant)
    assert probant("dossier", "show", dossier).json["reference"] == "2025/0142"
    constat = _constat(probant, dossier, "--place", PLACE)
    shown = probant("constat", "show", constat).json
    assert shown["place"] == PLACE and shown["narrative"] is None
    assert all(e["finding"] is None for e in shown["evidence"])
    human = probant("constat", "show", constat, json_out=False)
    assert f"lieu : {PLACE}" in human.stdout
    created = _journal(probant, "constat_created")
    assert created[0]["details"]["place"] == PLACE
    # Without --place the constat opens with an empty place: the PV's rules decide, not us.
    bare = _constat(probant, dossier)
    assert probant("constat", "show", bare).json["place"] == ""
    assert "lieu : (non indiqué)" in probant("constat", "show", bare, json_out=False).stdout


def test_dossier_edit_is_journaled_with_before_and_after(probant: Probant) -> None:
    assert probant.setup("init", demo=True).code == 0
    dossier = _dossier(probant)
    edited = probant("dossier", "edit", dossier, "--title", "Affaire Martin c/ Durand",
                     "--deadline", "2031-03-01T12:00:00+01:00", "--reference", "2025/0143")
    assert edited.code == 0, edited.stderr
    assert edited.json["title"] == "Affaire Martin c/ Durand"
    assert edited.json["requester"] == "SAS Martin, 3 rue Haute, Lyon"  # not given: unchanged
    changes = _journal(probant, "dossier_updated")[0]["details"]["changes"]
    assert changes == {
        "title": {"before": "Affaire Martin", "after": "Affaire Martin c/ Durand"},
        "deadline": {"before": None, "after": "2031-03-01T12:00:00+01:00"},
        "reference": {"before": "2025/0142", "after": "2025/0143"}}
    cleared = probant("dossier", "edit", dossier, "--deadline", "")
    assert cleared.code == 0 and cleared.json["deadline"] is None
    assert probant("dossier", "edit", dossier, "--reference", "2025/0143").code == 0
    assert len(_journal(probant, "dossier_updated")) == 2  # no change, no entry
    nothing = probant("dossier", "edit", dossier)
    assert nothing.code == 2 and nothing.json["error"]["code"] == "bad_input"
    empty_title = probant("dossier", "edit", dossier, "--title", " ")
    assert empty_title.code == 2
    assert probant("dossier", "show", dossier).json["title"] == "Affaire Martin c/ Durand"


def test_findings_are_versioned_the_newest_current_and_the_evidence_untouched(
        probant: Probant, tmp_path: Path) -> None:
    assert probant.setup("init", demo=True).code == 0
    constat = _constat(probant, _dossier(probant), "--place", PLACE)
    item = _imported(probant, constat, tmp_path)
    first = probant("evidence", "describe", item["id"], "--text", "Le courriel est daté du 3 mai.")
    assert first.code == 0, first.stderr
    assert first.json["version"] == 1 and not first.json["no_observation"]
    second = probant("evidence", "describe", item["id"], "--text",
                     "Le courriel, daté du 3 mai, porte la signature de M. Durand.")
    assert second.json["version"] == 2
    again = probant("evidence", "describe", item["id"], "--text",
                    "Le courriel, daté du 3 mai, porte la signature de M. Durand.")
    assert again.json["version"] == 2  # the same words again write nothing
    env_item = probant("evidence", "list", "--constat", constat).json[0]
    none = probant("evidence", "describe", env_item["id"], "--none")
    assert none.json["no_observation"] and none.json["text"] == ""

    shown = probant("constat", "show", constat).json
    findings = {e["id"]: e["finding"] for e in shown["evidence"]}
    assert findings[item["id"]]["text"].endswith("signature de M. Durand.")
    assert findings[item["id"]]["version"] == 2
    assert findings[env_item["id"]]["no_observation"]
    human = probant("constat", "show", constat, json_out=False).stdout
    assert "constatation : sans observation" in human
    detail = probant("evidence", "show", item["id"])
    assert detail.json["finding"]["version"] == 2
    assert detail.json["sha256"] == item["sha256"]  # the evidence row never changes
    journal = _journal(probant, "evidence_described")
    assert [(e["details"]["version"], e["details"]["no_observation"]) for e in journal] == [
        (1, False), (2, False), (1, True)]
    assert journal[0]["details"]["text"] == "Le courriel est daté du 3 mai."
    # Neither empty nor both: a finding is words, or « sans observation » said explicitly.
    assert probant("evidence", "describe", item["id"], "--text", "  ").code == 2
    assert probant("evidence", "describe", item["id"], "--text", "x", "--none").code == 2
    verify = probant("verify")
    assert verify.code == 0 and verify.json["ok"]
    assert probant("journal", "--verify").json["ok"]


def test_a_collaborateur_edits_dossiers_but_writes_no_finding_nor_narrative(
        probant: Probant, tmp_path: Path) -> None:
    officer = {"PROBANT_AUTHENTICATOR": f"soft:{tmp_path / 'officer.json'}", "PROBANT_PIN": "1111"}
    staff = {"PROBANT_AUTHENTICATOR": f"soft:{tmp_path / 'staff.json'}", "PROBANT_PIN": "2222"}
    assert probant("init", "--name", "Maître Jeanne DUPONT", env=officer).code == 0
    clerk = probant("user", "add", "Paul Martin", "--role", "collaborateur", env=officer).json
    enrolled = probant("token", "enroll", "--user", clerk["id"], "--label", "Clé de Paul",
                       env={**officer, "PROBANT_NEW_AUTHENTICATOR": staff["PROBANT_AUTHENTICATOR"],
                            "PROBANT_NEW_PIN": "2222"})
    assert enrolled.code == 0, enrolled.stderr
    dossier = probant("dossier", "new", "Affaire préparée", env=staff).json["id"]
    edited = probant("dossier", "edit", dossier, "--requester", "M. Durand", env=staff)
    assert edited.code == 0 and edited.json["requester"] == "M. Durand"
    constat = probant("constat", "new", "--dossier", dossier, "--place", PLACE,
                      env=officer).json["id"]
    item = probant("evidence", "list", "--constat", constat, env=staff).json[0]
    refused = probant("evidence", "describe", item["id"], "--text", "vu", env=staff)
    assert refused.code == 3 and refused.json["error"]["code"] == "permission_refused"
    narrative = probant("constat", "narrative", constat, "--text", "récit", env=staff)
    assert narrative.code == 3
    assert probant("evidence", "describe", item["id"], "--none", env=officer).code == 0
    refusals = _journal(probant, "permission_refused", **officer)
    assert [e["details"]["action"] for e in refusals] == ["describe_evidence",
                                                          "write_narrative"]


def test_stored_narrative_goes_into_the_pv_unless_one_is_given(probant: Probant,
                                                               tmp_path: Path) -> None:
    assert probant.setup("init", demo=True).code == 0
    constat = _constat(probant, _dossier(probant), "--place", PLACE)
    text = tmp_path / "narration.txt"
    text.write_text("Je me suis rendu sur le poste de l'étude.\n\nJ'ai consulté la page "
                    "d'accueil du site.", encoding="utf-8")
    stored = probant("constat", "narrative", constat, "--file", str(text))
    assert stored.code == 0 and stored.json["version"] == 1
    assert probant("constat", "show", constat).json["narrative"].startswith("Je me suis rendu")
    first = tmp_path / "stored.pdf"
    built = probant("pv", "build", "--constat", constat, "--out", str(first),
                    "--confirm-pending")
    assert built.code == 0, built.stderr
    assert "consulté la page d'accueil" in " ".join(_pdftotext(first).split())
    other = tmp_path / "autre.txt"
    other.write_text("Narration donnée pour ce seul PV.", encoding="utf-8")
    given = tmp_path / "given.pdf"
    assert probant("pv", "build", "--constat", constat, "--out", str(given),
                   "--confirm-pending", "--narrative-file", str(other)).code == 0
    words = " ".join(_pdftotext(given).split())
    assert "Narration donnée pour ce seul PV." in words and "Je me suis rendu" not in words
    # The one given for a PV is not stored: the constat's narrative is still version 1.
    assert probant("constat", "show", constat).json["narrative"].startswith("Je me suis rendu")
    second = probant("constat", "narrative", constat, "--text", "Nouvelle narration.")
    assert second.json["version"] == 2
    assert [e["details"]["version"] for e in _journal(probant, "narrative_written")] == [1, 2]
    missing = probant("constat", "narrative", constat, "--file", str(tmp_path / "absent.txt"))
    assert missing.code == 2 and missing.json["error"]["code"] == "file_missing"


def test_a_signed_pv_seals_findings_narrative_and_requester(pki_live, probant: Probant,
                                                           tmp_path: Path) -> None:
    pki = pki_live
    # The officer the test PKI's signer names (the signer must be the officer).
    assert probant.setup("init", "--name", "Maître Jeanne DUPONT", demo=True).code == 0
    dossier = _dossier(probant)
    constat = _constat(probant, dossier, "--place", PLACE)
    assert probant.setup("tsa", "add", pki.tsa_url, "--trust", str(pki.ca_bundle_pem)).code == 0
    item = _imported(probant, constat, tmp_path)
    complete(probant, constat)  # reservations on the points the offline machine lacks
    assert probant("evidence", "describe", item["id"], "--text", "Attestation lue.").code == 0
    assert probant("constat", "narrative", constat, "--text",
                   "Narration enregistrée avec le constat.").code == 0
    assert probant("constat", "close", constat).code == 0
    # Findings may still be written after the closing, until the signature.
    assert probant("evidence", "describe", item["id"], "--text", "Attestation relue.").code == 0
    assert probant.setup("timestamp", "flush").code == 0
    added = probant.setup("signer", "add", "--pkcs12", str(pki.p12("signer")), "--trust",
                          str(pki.ca_bundle_pem), env=P12_ENV)
    assert added.code == 0, added.stderr
    signed = probant("pv", "sign", "--constat", constat, "--offline", env=P12_ENV)
    assert signed.code == 0, signed.stderr
    pdf = tmp_path / "pv.pdf"
    assert probant("pv", "export", "--constat", constat, "--out", str(pdf)).code == 0
    # (A constat of handed-in files only is signed as an attestation de dépôt, which does
    # not print the narrative yet: D3's note; the sealing below is this test's point.)
    assert "ATTESTATION DE DÉPÔT" in " ".join(_pdftotext(pdf).split())

    for args in (("evidence", "describe", item["id"], "--text", "Autre chose."),
                 ("evidence", "describe", item["id"], "--none"),
                 ("constat", "narrative", constat, "--text", "Autre narration.")):
        refused = probant(*args)
        assert refused.code == 2 and refused.json["error"]["code"] == "findings_sealed", args
        assert "signé" in probant(*args, json_out=False).stderr
    assert probant("constat", "show", constat).json["narrative"] == (
        "Narration enregistrée avec le constat.")
    requester = probant("dossier", "edit", dossier, "--requester", "SAS Autre")
    assert requester.code == 2 and requester.json["error"]["code"] == "requester_sealed"
    assert "requérant" in probant("dossier", "edit", dossier, "--requester", "SAS Autre",
                                  json_out=False).stderr
    later = probant("dossier", "edit", dossier, "--deadline", "2031-06-30T18:00:00+02:00",
                    "--reference", "2025/0150")
    assert later.code == 0, later.stderr
    assert later.json["requester"] == "SAS Martin, 3 rue Haute, Lyon"
    pv_item = next(e for e in probant("evidence", "list", "--constat", constat).json
                   if e["kind"] == "pv")
    assert probant("evidence", "describe", pv_item["id"], "--none").code == 2
