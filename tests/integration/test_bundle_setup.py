"""D3 point 14: the bundle's journal extract shows the set-up that concerns the constat —
which TSA and which signing certificate were added, removed or changed while it was open,
and a role changed meanwhile — in full, while another matter's entries in the same span
are redacted. Real CLI, certomancer's TSAs (two PKIs), PKCS#12 signers."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from tests.fixtures.cli import Probant, offline_settings
from tests.integration.test_pv import P12_ENV

OFFICER = "Maître Jeanne DUPONT"


def test_the_set_up_changed_during_the_constat_is_shown_in_full(pki_live, probant: Probant,
                                                                tmp_path: Path) -> None:
    pki = pki_live
    offline_settings(probant.home)
    assert probant("init", "--name", OFFICER, demo=True).code == 0
    dossier = probant("dossier", "new", "Affaire Martin", "--requester", "SAS Martin").json["id"]
    constat = probant("constat", "new", "--dossier", dossier, "--place", "Étude").json["id"]
    # during the constat: a first TSA (another PKI) added then removed, the right one added
    first = probant("tsa", "add", pki.tsa_other_root_url, "--trust",
                    str(pki.cert("root", "other")))
    assert first.code == 0, first.stderr
    assert probant("tsa", "remove", first.json["id"]).code == 0
    assert probant("tsa", "add", pki.tsa_url, "--trust", str(pki.ca_bundle_pem)).code == 0
    # another client's matter, in the same span: redacted
    assert probant("dossier", "new", "Affaire Durand-Secret", "--requester",
                   "M. Durand-Secret").code == 0
    # the signing certificate changed: another person's, then the officer's
    for name in ("signer-other", "signer"):
        added = probant("signer", "add", "--pkcs12", str(pki.p12(name)), "--trust",
                        str(pki.ca_bundle_pem), env=P12_ENV)
        assert added.code == 0, added.stderr
    clerk = probant("user", "add", "Paul Martin", "--role", "collaborateur")
    assert clerk.code == 0, clerk.stderr
    role = probant("user", "role", clerk.json["id"], "--role", "commissaire")
    assert role.code == 0, role.stderr
    src = tmp_path / "piece.txt"
    src.write_text("courriel remis par le client")
    assert probant("annex", "add", "--constat", constat, str(src)).code == 0
    assert probant("constat", "close", constat).code == 0
    out = tmp_path / "bundle.zip"
    export = probant("export", "--constat", constat, "--out", str(out), "--without-pv")
    assert export.code in (0, 5), export.stderr
    with zipfile.ZipFile(out) as z:
        journal = [json.loads(line) for line in z.read("journal/journal.jsonl").splitlines()]
        assert not any(b"Durand-Secret" in z.read(n) for n in z.namelist())
    shown = [e for e in journal if not e.get("redacted")]
    actions = [e["action"] for e in shown]
    for action, count in (("tsa_added", 2), ("tsa_removed", 1), ("signer_added", 2),
                          ("user_role_changed", 1)):
        assert actions.count(action) == count, (action, actions)
    tsas = [e["details"]["url"] for e in shown if e["action"] == "tsa_added"]
    assert tsas == [pki.tsa_other_root_url, pki.tsa_url]
    removed = next(e for e in shown if e["action"] == "tsa_removed")
    assert removed["subject"] == first.json["id"], removed
    subjects = [e["details"]["subject"] for e in shown if e["action"] == "signer_added"]
    assert "MARTIN" in subjects[0] and "DUPONT" in subjects[1], subjects
    # the other matter's entry, in the same span, is there but says nothing
    hidden = [e for e in journal if e.get("redacted")]
    assert hidden and all("details" not in e or not e["details"] for e in hidden), hidden
