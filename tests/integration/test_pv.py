"""The procès-verbal end to end through the CLI: rules, PDF content, PAdES B-LTA with
PKCS#12, with a SoftHSM2 token and with a token whose PIN locks (tpm2-pkcs11 on swtpm),
offline B-B then upgrade, refusals, tampering,
and poppler's pdfsig with an NSS database holding the test root."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from tests.fixtures.cli import Probant
from tests.fixtures.output import worker_output_dir

P12_ENV = {"PROBANT_SIGNER_PIN": "probant-test"}


def _constat(probant: Probant, pki, tmp_path: Path, *, requester: str = "SAS Martin",
             display: str | None = None) -> tuple[str, list[dict]]:
    # The officer the test PKI's signer names (D3 point 1: the signer is the officer).
    assert probant.setup("init", "--name", "Maître Jeanne DUPONT", demo=True).code == 0
    dossier = probant.setup("dossier", "new", "Affaire Martin", "--requester",
                            requester).json["id"]
    constat = probant.setup("constat", "new", "--dossier", dossier, "--mission",
                      "Constater le contenu de la page d'accueil", "--place",
                      "Poste de travail de l'étude, 12 rue de la Paix, 75002 Paris").json["id"]
    assert probant.setup("tsa", "add", pki.tsa_url, "--trust", str(pki.ca_bundle_pem)).code == 0
    items = []
    if display:
        shot = probant("capture", "region", "0,0,320,240", "--constat", constat,
                       env={"DISPLAY": display})
        assert shot.code == 0, shot.stderr
        items.append(shot.json)
    src = tmp_path / "piece-remise.txt"
    src.write_text("courriel remis par le client")
    items += probant.setup("annex", "add", "--constat", constat, str(src)).json
    return constat, items


FINDING = "Nous constatons le contenu de l'annexe {annex}."
NARRATIVE = "Nous avons procédé aux constatations ci-dessus. Dont acte."
RESERVATION = "Point non établi sur le poste de test, hors ligne."
NOT_DESCRIBED = ("environment", "pv", "video_segment")


def complete(probant: Probant, constat: str) -> None:
    """What the officer writes before signing (D3 3 and 5): a finding on each piece (a
    recording's on its annex, which covers its segments), the narrative, and a reservation
    on each NF Z67-147 point the offline test machine cannot establish.

    Written in this process through the services the commands call, the vault unlocked as
    a command unlocks it (Probant.unlocked): a dozen starts of the program saved per PV
    (issue 20). The commands themselves are tested where they are the subject
    (test_matters: describe, narrative; test_pv_rules: reserve, pv check). An installed
    build (tests/installer) writes them with its own commands."""
    if not probant.from_source:
        complete_by_commands(probant, constat)
        return
    from app.services import matters, pv

    with probant.unlocked() as vault:
        for item in matters.list_evidence(vault, constat):
            if item.kind not in NOT_DESCRIBED:
                annex = item.to_json()["annex"]
                matters.describe_evidence(vault, item.id, FINDING.format(annex=annex))
        matters.set_narrative(vault, constat, NARRATIVE)
        for rule in pv.check(vault, constat, confirm_pending=True).rules:
            if rule.reservable and not rule.ok:
                matters.reserve(vault, constat, rule.code, RESERVATION)


def complete_by_commands(probant: Probant, constat: str) -> None:
    """complete(), each writing by its ``probant`` command."""
    for item in probant("evidence", "list", "--constat", constat).json:
        if item["kind"] in NOT_DESCRIBED:
            continue
        run = probant("evidence", "describe", item["id"], "--text",
                      FINDING.format(annex=item["annex"]))
        assert run.code == 0, run.stderr
    assert probant("constat", "narrative", constat, "--text", NARRATIVE).code == 0
    for rule in probant("pv", "check", "--constat", constat, "--confirm-pending").json["rules"]:
        if rule["reservable"] and not rule["ok"]:
            run = probant("constat", "reserve", constat, "--point", rule["code"], "--text",
                          RESERVATION)
            assert run.code == 0, run.stderr


def _add_p12(probant: Probant, pki, name: str = "signer") -> None:
    run = probant.setup("signer", "add", "--pkcs12", str(pki.p12(name)), "--trust",
                        str(pki.ca_bundle_pem), env=P12_ENV)
    assert run.code == 0, run.stderr


def _pdftotext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def _nssdb(tmp_path: Path, pki) -> Path:
    db = tmp_path / "nss"
    db.mkdir()
    subprocess.run(["certutil", "-N", "-d", f"sql:{db}", "--empty-password"], check=True)
    for nick, pem in (("root", pki.root_pem), ("interm", pki.interm_pem)):
        subprocess.run(["certutil", "-A", "-d", f"sql:{db}", "-n", nick, "-t", "CT,C,C",
                        "-a", "-i", str(pem)], check=True)
    return db


def test_rules_block_signing_until_everything_is_in_order(pki_live, probant: Probant,
                                                         tmp_path: Path) -> None:
    pki = pki_live
    constat, _ = _constat(probant, pki, tmp_path, requester="")
    _add_p12(probant, pki)
    check = probant("pv", "check", "--constat", constat)
    failed = {r["rule"] for r in check.json["rules"] if not r["ok"]}
    assert check.code == 1 and {"requester", "closed", "environment", "timestamps"} <= failed
    refused = probant("pv", "sign", "--constat", constat, env=P12_ENV)
    assert refused.code == 1 and refused.json["error"]["code"] == "pv_rules_failed"
    assert "requérant" in refused.stderr.lower() or "requester" in refused.stderr
    assert probant.setup("constat", "close", constat).code == 0
    complete(probant, constat)
    # the pending timestamps rule passes once the officer confirms the PV will say so
    confirmed = probant("pv", "check", "--constat", constat, "--confirm-pending")
    assert {r["rule"] for r in confirmed.json["rules"] if not r["ok"]} == {"requester"}


def test_pv_content_signature_b_lta_pdfsig_and_tampering(pki_live, probant: Probant, xvfb,
                                                         tmp_path: Path) -> None:
    pki = pki_live
    constat, items = _constat(probant, pki, tmp_path, display=xvfb.display)
    video = probant("capture", "record", "--constat", constat, "--duration", "2", "--fps", "10",
                    "--region", "0,0,320,240", env={"DISPLAY": xvfb.display})
    assert video.code == 0, video.stderr
    assert probant.setup("constat", "close", constat).code == 0
    assert probant.setup("timestamp", "flush").code == 0
    _add_p12(probant, pki)
    complete(probant, constat)
    assert probant("pv", "check", "--constat", constat).code == 0
    draft = tmp_path / "draft.pdf"
    assert probant("pv", "build", "--constat", constat, "--out", str(draft)).code == 0
    text = _pdftotext(draft)
    flat = re.sub(r"\s+", "", text)
    for mention in ("PROCÈS-VERBAL DE CONSTAT", "SAS Martin", "ordonnance n° 2016-728",
                    "Prérequis techniques", "Constatations", "Liste des annexes",
                    "DÉMONSTRATION", "horodatage RFC 3161"):
        assert mention in text, mention
    listed = probant("evidence", "list", "--constat", constat).json
    for item in listed:
        assert f"Annexe {item['annex']}" in text or item["kind"] == "environment"
        assert item["sha256"] in flat
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(draft)], capture_output=True, text=True).stdout).group(1))
    assert f"page {pages} / {pages}" in text
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(draft), str(tmp_path / "page")],
                   check=True)
    rendered = sorted(tmp_path.glob("page-*.png"))
    assert len(rendered) == pages
    out = worker_output_dir("pv")  # page 1 and an annex page, kept for a look
    shutil.copy(rendered[0], out / "pv-page-1.png")
    shutil.copy(rendered[-1], out / "pv-annex-page.png")
    attached = subprocess.run(["pdfdetach", "-list", str(draft)], capture_output=True,
                              text=True, check=True).stdout
    segments = [i for i in listed if i["kind"] == "video_segment"]
    assert segments and all(f"annexe-{i['annex']}-" in attached for i in segments), attached
    with Image.open(rendered[0]) as first, Image.open(rendered[-1]) as annex:
        assert first.convert("L").getextrema()[0] < 100  # ink on the page
        assert len(annex.convert("RGB").getcolors(1 << 16) or []) > 2

    signed = probant("pv", "sign", "--constat", constat, env=P12_ENV)
    assert signed.code == 0, signed.stderr
    assert signed.json["metadata"]["level"] == "B-LTA"
    out = tmp_path / "pv.pdf"
    assert probant("pv", "export", "--constat", constat, "--out", str(out)).code == 0
    report = probant("validate", str(out), "--trust", str(pki.ca_bundle_pem))
    assert report.code == 0, report.stdout
    assert report.json["level"] == "B-LTA" and report.json["document_timestamps"]
    [sig] = report.json["signatures"]
    assert sig["intact"] and sig["trusted"] and "DUPONT" in sig["signer"]
    # pyHanko's ETSI EN 319 102-1 LTA validation, offline with revocation required, agrees
    assert sig["ades"] == "PASSED", sig
    # A month on, the DSS's OCSP answers (10 minutes here) have expired: the PV still
    # proves B-LTA, revocation being judged at the time its timestamp proves.
    later = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    month = probant("validate", str(out), "--trust", str(pki.ca_bundle_pem), "--at", later)
    assert month.code == 0 and month.json["level"] == "B-LTA", month.stdout
    assert month.json["signatures"][0]["revocation"] == "good (DSS)"
    assert month.json["validated_at"] == later
    pdfsig = subprocess.run(["pdfsig", "-nssdir", f"sql:{_nssdb(tmp_path, pki)}", "-no-ocsp",
                             str(out)], capture_output=True, text=True)
    assert "Signature is Valid" in pdfsig.stdout, pdfsig.stdout + pdfsig.stderr
    assert "Certificate is Trusted" in pdfsig.stdout, pdfsig.stdout

    tampered = bytearray(out.read_bytes())
    where = tampered.find(b"/Contents") - 300  # inside the signed revision
    tampered[where] ^= 0x01
    bad = tmp_path / "tampered.pdf"
    bad.write_bytes(bytes(tampered))
    refused = probant("validate", str(bad), "--trust", str(pki.ca_bundle_pem))
    assert refused.code == 1 and refused.json["problems"], refused.stderr[-2000:]
    stored = {e["id"]: e for e in probant("evidence", "list", "--constat", constat).json}
    assert hashlib.sha256(out.read_bytes()).hexdigest() == stored[signed.json["id"]]["sha256"]


def test_offline_signature_is_b_b_then_upgraded_to_b_lta(pki_live, probant: Probant,
                                                          tmp_path: Path) -> None:
    pki = pki_live
    constat, _ = _constat(probant, pki, tmp_path)
    assert probant.setup("constat", "close", constat).code == 0
    assert probant.setup("timestamp", "flush").code == 0
    _add_p12(probant, pki)
    complete(probant, constat)
    offline = probant("pv", "sign", "--constat", constat, "--offline", env=P12_ENV)
    assert offline.code == 0, offline.stderr
    assert offline.json["metadata"]["status"] == "signed_offline_pending_upgrade"
    first = tmp_path / "bb.pdf"
    probant("pv", "export", "--constat", constat, "--out", str(first))
    bb = probant("validate", str(first), "--trust", str(pki.ca_bundle_pem)).json
    assert bb["level"] == "B-B"
    assert bb["signatures"][0]["ades"] == "INDETERMINATE/CERTIFICATE_CHAIN_GENERAL_FAILURE"
    upgraded = probant("pv", "upgrade", "--constat", constat)
    assert upgraded.code == 0, upgraded.stderr
    final = tmp_path / "lta.pdf"
    probant("pv", "export", "--constat", constat, "--out", str(final))
    assert probant("validate", str(final), "--trust", str(pki.ca_bundle_pem)).json[
        "level"] == "B-LTA"
    versions = [e for e in probant("evidence", "list", "--constat", constat).json
                if e["kind"] == "pv"]
    assert [v["annex"] for v in versions] == ["0.1", "0.2"]  # nothing replaced
    before = probant("validate", str(final), "--trust", str(pki.ca_bundle_pem)).json
    # Archival renewal: one more document timestamp over everything, as a new version.
    archived = probant("pv", "archive", "--constat", constat)
    assert archived.code == 0, archived.stderr
    assert archived.json["annex"] == "0.3" and archived.json["metadata"]["archival_timestamps"] == 1
    renewed = tmp_path / "renewed.pdf"
    probant("pv", "export", "--constat", constat, "--out", str(renewed))
    after = probant("validate", str(renewed), "--trust", str(pki.ca_bundle_pem)).json
    assert after["ok"] and after["level"] == "B-LTA"
    assert len(after["document_timestamps"]) == len(before["document_timestamps"]) + 1
    assert renewed.read_bytes().startswith(final.read_bytes())  # an incremental update


@pytest.mark.parametrize(("name", "code"), [("signer-revoked", "signer_revoked"),
                                            ("signer-expired", "signer_expired")])
def test_revoked_or_expired_certificate_is_refused(pki_live, probant: Probant, tmp_path: Path,
                                                   name: str, code: str) -> None:
    pki = pki_live
    constat, _ = _constat(probant, pki, tmp_path)
    assert probant.setup("constat", "close", constat).code == 0
    assert probant.setup("timestamp", "flush").code == 0
    complete(probant, constat)
    added = probant("signer", "add", "--pkcs12", str(pki.p12(name)), "--trust",
                    str(pki.ca_bundle_pem), env=P12_ENV)
    if code == "signer_expired":
        assert added.code == 1 and added.json["error"]["code"] == code
        return
    assert added.code == 0, added.stderr  # offline check cannot know; signing will
    refused = probant("pv", "sign", "--constat", constat, env=P12_ENV)
    assert refused.code == 1 and refused.json["error"]["code"] == code
    assert not [e for e in probant("evidence", "list", "--constat", constat).json
                if e["kind"] == "pv"]


def test_wrong_pin_is_refused(pki_live, probant: Probant, tmp_path: Path) -> None:
    run = probant("init", demo=True)
    assert run.code == 0
    wrong = probant("signer", "add", "--pkcs12", str(pki_live.p12("signer")), "--trust",
                    str(pki_live.ca_bundle_pem), env={"PROBANT_SIGNER_PIN": "faux"})
    assert wrong.code == 3 and wrong.json["error"]["code"] == "signer_wrong_pin"


def test_pkcs11_signature_on_softhsm(pki_live, softhsm, probant: Probant,
                                     tmp_path: Path) -> None:
    pki = pki_live
    constat, _ = _constat(probant, pki, tmp_path)
    assert probant.setup("constat", "close", constat).code == 0
    assert probant.setup("timestamp", "flush").code == 0
    complete(probant, constat)
    env = {**softhsm.env, "PROBANT_SIGNER_PIN": softhsm.pin}
    added = probant("signer", "add", "--pkcs11", str(softhsm.module), "--token-label",
                    softhsm.token_label, "--key-label", softhsm.key_label, "--trust",
                    str(pki.ca_bundle_pem), env=env)
    assert added.code == 0, added.stderr
    wrong = probant("pv", "sign", "--constat", constat,
                    env={**softhsm.env, "PROBANT_SIGNER_PIN": "0000"})
    assert wrong.code == 3 and wrong.json["error"]["code"] == "signer_wrong_pin"
    signed = probant("pv", "sign", "--constat", constat, env=env)
    assert signed.code == 0, signed.stderr
    out = tmp_path / "pv.pdf"
    probant("pv", "export", "--constat", constat, "--out", str(out))
    report = probant("validate", str(out), "--trust", str(pki.ca_bundle_pem)).json
    assert report["level"] == "B-LTA" and report["ok"]


def test_locked_signer_pin_exits_3(pki, tpm_token, probant: Probant) -> None:
    """A token whose PIN got locked (a real lockout: tpm2-pkcs11 on swtpm, after the
    TPM's allowed failures) refuses even the right PIN: exit 3, saying the PIN is locked,
    not that it is wrong (issue 20, point 5)."""
    from tests.fixtures.tpm_token import MAX_AUTH_FAIL

    assert probant("init", demo=True).code == 0
    add = ("signer", "add", "--pkcs11", str(tpm_token.module), "--token-label",
           tpm_token.token_label, "--key-label", tpm_token.key_label, "--trust",
           str(pki.ca_bundle_pem))
    right = {**tpm_token.env, "PROBANT_SIGNER_PIN": tpm_token.pin}
    wrong = {**tpm_token.env, "PROBANT_SIGNER_PIN": "0000"}
    added = probant(*add, env=right)  # the token, its key and certificate work
    assert added.code == 0, added.stderr
    for _ in range(MAX_AUTH_FAIL - 1):
        assert "CKR_PIN_INCORRECT" in tpm_token.login("0000").stderr
    refused = probant(*add, env=wrong)  # the last failure the TPM allows
    assert refused.code == 3, refused.stderr
    assert refused.json["error"]["code"] == "signer_wrong_pin"
    assert "wrong PIN for the signing token" in refused.json["error"]["message"]
    locked = probant(*add, env=right)
    assert locked.code == 3, (locked.stdout, locked.stderr)
    error = locked.json["error"]
    assert error["code"] == "signer_pin_locked", error
    assert error["message"] == (
        "Le code PIN du certificat de signature est bloqué (trop d'essais erronés) : token "
        f"{tpm_token.token_label!r}. Débloquez la carte ou la clé avec son code de déblocage (PUK) ou "
        "l'outil de son fournisseur, puis recommencez."), error
    assert locked.stderr.strip().splitlines()[-1] == f"probant: {error['message']}"
    assert "Traceback" not in locked.stderr
    assert "CKR_PIN_LOCKED" in tpm_token.login(tpm_token.pin).stderr  # the token says so too


def test_pv_build_needs_no_network_and_marks_pending(probant: Probant, tmp_path: Path) -> None:
    assert probant("init", demo=True).code == 0
    dossier = probant("dossier", "new", "A", "--requester", "R").json["id"]
    constat = probant("constat", "new", "--dossier", dossier, "--mission", "M").json["id"]
    out = tmp_path / "draft.pdf"
    run = probant("pv", "build", "--constat", constat, "--out", str(out),
                  "--confirm-pending")
    assert run.code == 0, run.stderr
    text = _pdftotext(out)
    assert "horodatage en attente" in text and "Horodatages en attente" in text
    assert os.path.getsize(out) > 1000
