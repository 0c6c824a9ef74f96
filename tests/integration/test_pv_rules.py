"""D3 points 1 to 6 through the real CLI and the certomancer PKI: each rule blocks
(`pv check` and `pv sign` exit 1 and name it) and passes; what the PV then prints
(pdftotext), and a full constat's PV rendered to PNG for a look."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from tests.fixtures.cli import Probant
from tests.fixtures.output import worker_output_dir
from tests.fixtures.ports import junk_ntp_server
from tests.integration.test_pv import P12_ENV, _add_p12, _pdftotext, complete

OFFICER = "Maître Jeanne DUPONT"
PLACE = "Poste de travail de l'étude, 12 rue de la Paix, 75002 Paris"


def _open(probant: Probant, pki, *, place: str | None = PLACE,
          env: dict[str, str] | None = None) -> str:
    assert probant.setup("init", "--name", OFFICER, demo=True).code == 0
    dossier = probant.setup("dossier", "new", "Affaire Martin", "--requester",
                            "SAS Martin").json["id"]
    args = ["constat", "new", "--dossier", dossier, "--mission", "Constater la page d'accueil"]
    # With an environment (the screen the start report sees), the command itself runs.
    run = probant if env else probant.setup
    constat = run(*args, *(["--place", place] if place else []), env=env)
    assert constat.code == 0, constat.stderr
    assert probant.setup("tsa", "add", pki.tsa_url, "--trust", str(pki.ca_bundle_pem)).code == 0
    return str(constat.json["id"])


def _import(probant: Probant, constat: str, tmp_path: Path) -> list[dict]:
    src = tmp_path / "piece-remise.txt"
    src.write_text("courriel remis par le client")
    assert probant.setup("annex", "add", "--constat", constat, str(src)).code == 0
    return [e for e in probant.setup("evidence", "list", "--constat", constat).json
            if e["origin"] == "imported"]


def _rules(probant: Probant, constat: str) -> dict[str, dict]:
    run = probant("pv", "check", "--constat", constat, "--confirm-pending")
    for rule in run.json["rules"]:  # the fields, and the existing ones kept
        assert {"code", "ok", "blocking", "reservable", "message", "rule", "subjects"} <= set(rule)
    return {r["code"]: r for r in run.json["rules"]}


def _close(probant: Probant, constat: str) -> None:
    assert probant.setup("constat", "close", constat).code == 0
    assert probant.setup("timestamp", "flush").code == 0


def _refused(probant: Probant, constat: str, rule: str) -> None:
    check = probant("pv", "check", "--constat", constat, "--confirm-pending")
    assert check.code == 1 and rule in check.stdout + check.stderr or not check.json["ok"]
    refused = probant("pv", "sign", "--constat", constat, "--confirm-pending", env=P12_ENV)
    assert refused.code == 1, refused.stderr
    assert refused.json["error"]["code"] == "pv_rules_failed"
    assert f"{rule}: " in refused.json["error"]["detail"], refused.json


def _signed(probant: Probant, constat: str) -> None:
    check = probant("pv", "check", "--constat", constat, "--confirm-pending")
    assert check.code == 0, [r for r in check.json["rules"] if not r["ok"]]
    signed = probant("pv", "sign", "--constat", constat, "--confirm-pending", env=P12_ENV)
    assert signed.code == 0, signed.stderr


# -- 1. the signer is the officer -------------------------------------------------------
def test_a_certificate_of_another_person_is_refused(pki_live, probant: Probant,
                                                   tmp_path: Path) -> None:
    constat = _open(probant, pki_live)
    _import(probant, constat, tmp_path)
    _close(probant, constat)
    complete(probant, constat)
    _add_p12(probant, pki_live, "signer-other")  # Maître Louis MARTIN
    rules = _rules(probant, constat)
    assert not rules["signer_identity"]["ok"] and "Louis MARTIN" in rules[
        "signer_identity"]["message"]
    _refused(probant, constat, "signer_identity")
    assert not [e for e in probant("evidence", "list", "--constat", constat).json
                if e["kind"] == "pv"]
    # the officer's own certificate: "Maitre Jeanne DUPONT" is « Maître Jeanne DUPONT »
    _add_p12(probant, pki_live, "signer")
    assert _rules(probant, constat)["signer_identity"]["ok"]
    _signed(probant, constat)


def test_a_certificate_whose_key_cannot_sign_is_refused(pki_live, probant: Probant) -> None:
    assert probant("init", "--name", OFFICER, demo=True).code == 0
    added = probant("signer", "add", "--pkcs12", str(pki_live.p12("signer-nosign")), "--trust",
                    str(pki_live.ca_bundle_pem), env=P12_ENV)
    assert added.code == 1 and added.json["error"]["code"] == "signer_key_usage", added.stderr
    assert "non-répudiation" in added.stderr or "non-repudiation" in added.stderr
    assert probant("signer", "list").json == []


def test_the_clock_point_by_the_tsa_only_when_every_capture_has_a_token() -> None:
    """D3 points 5 and 7: no NTP answer, the tokens' measured offsets establish the clock;
    a capture still without token, an offset beyond the limit, or an NTP anomaly do not."""
    from signing.pv.z67 import Report, TsaSkew, evaluate

    offline = [Report("start", "1", {"clock": {"status": "offline", "value": {}}})]
    late_ntp = [Report("start", "1", {"clock": {"status": "warning", "value": {}}})]
    fine = [TsaSkew("2", "Probant Test TSA", -44, 73), TsaSkew("3", "Probant Test TSA", 120, 40)]

    def clock(reports: list[Report], skews: list[TsaSkew], unstamped: tuple[str, ...] = ()
              ) -> tuple[bool, str]:
        out = next(o for o in evaluate(reports, [], skews, unstamped) if o.code == "clock")
        return out.ok, out.message_fr

    ok, message = clock(offline, fine)
    assert ok and "au plus +120 ms (à ± 20 ms près, annexe 3)" in message, message
    assert not clock(offline, fine, ("4",))[0]  # annex 4 still pending
    assert not clock(offline, [])[0]
    ok, message = clock(offline, [TsaSkew("2", "T", 4000, 100)])
    assert not ok and "au-delà du seuil" in message and "anomalie" in message
    assert not clock(late_ntp, fine)[0]  # an NTP anomaly is never overridden


def test_names_are_compared_without_case_accents_title_or_order() -> None:
    from signing.pv.claims import names_match

    for name in ("Maitre Jeanne DUPONT", "DUPONT Jeanne", "Me Jeanne Dupont",
                 "maître jeanne dupont", "Jeanne DUPONT"):
        assert names_match(OFFICER, name), name
    for name in ("Maître Louis MARTIN", "Jeanne DUPOND", "Jeanne", ""):
        assert not names_match(OFFICER, name), name


def _shot(probant: Probant, constat: str, xvfb) -> None:
    """A screen capture: with only handed-in files the act is an attestation de dépôt."""
    shot = probant("capture", "region", "0,0,320,240", "--constat", constat,
                   env={"DISPLAY": xvfb.display})
    assert shot.code == 0, shot.stderr


# -- 3 and 4. findings, narrative, place ---------------------------------------------
def test_findings_narrative_and_place_block_until_written(pki_live, probant: Probant, xvfb,
                                                         tmp_path: Path) -> None:
    constat = _open(probant, pki_live, place=None)
    [piece] = _import(probant, constat, tmp_path)
    _shot(probant, constat, xvfb)  # a capture of the officer's: a PV, not an attestation
    _close(probant, constat)
    _add_p12(probant, pki_live)
    rules = _rules(probant, constat)
    assert not rules["place"]["ok"] and not rules["narrative"]["ok"]
    assert not rules["findings"]["ok"] and rules["findings"]["subjects"] == [
        piece["annex"], str(int(piece["annex"]) + 1)]
    for rule in ("place", "findings", "narrative"):
        assert not rules[rule]["reservable"] and rules[rule]["blocking"]
        _refused(probant, constat, rule)
    complete(probant, constat)  # findings and narrative, reservations: the place still
    _refused(probant, constat, "place")


def test_findings_narrative_and_place_are_printed(pki_live, probant: Probant, xvfb,
                                                 tmp_path: Path) -> None:
    constat = _open(probant, pki_live)
    [piece] = _import(probant, constat, tmp_path)
    _shot(probant, constat, xvfb)
    _close(probant, constat)
    _add_p12(probant, pki_live)
    assert probant("evidence", "describe", piece["id"], "--none").code == 0
    complete(probant, constat)  # a finding on the piece replaces « sans observation »
    assert probant("evidence", "describe", piece["id"], "--none").code == 0
    rules = _rules(probant, constat)
    assert all(rules[r]["ok"] for r in ("place", "findings", "narrative"))
    draft = tmp_path / "draft.pdf"
    assert probant("pv", "build", "--constat", constat, "--out", str(draft),
                   "--confirm-pending").code == 0
    text = " ".join(_pdftotext(draft).split())
    assert f"Lieu des opérations : {PLACE}." in text
    assert "Constatation : Sans observation." in text
    assert "Nous avons procédé aux constatations ci-dessus. Dont acte." in text
    _signed(probant, constat)


# -- 5. NF Z67-147 points and reservations --------------------------------------------
def test_points_not_established_block_until_reserved(pki_live, probant: Probant, xvfb,
                                                     tmp_path: Path) -> None:
    constat = _open(probant, pki_live)
    _import(probant, constat, tmp_path)
    _shot(probant, constat, xvfb)
    _close(probant, constat)
    _add_p12(probant, pki_live)
    rules = _rules(probant, constat)
    z67 = ("hardware", "antivirus", "public_ip", "clock", "proxy", "dns", "browser",
           "browser_state")
    assert all(rules[c]["reservable"] and rules[c]["blocking"] for c in z67)
    # offline test machine: nothing answers, and nothing unanswered passes
    for code in ("public_ip", "proxy", "dns", "browser_state"):
        assert not rules[code]["ok"], rules[code]
        assert "non déterminé" in rules[code]["message"], rules[code]
    # no NTP server, but each capture's token measured the clock against the TSA (D3 7)
    clock = rules["clock"]
    assert clock["ok"] and clock["holds"] and not clock["reservation"], clock
    assert "écart mesuré par rapport à l'heure de l'autorité d'horodatage Probant Test TSA" \
        in clock["message"], clock
    _refused(probant, constat, "public_ip")
    unknown = probant("constat", "reserve", constat, "--point", "mission", "--text", "x")
    assert unknown.code != 0 and unknown.json["error"]["code"] == "reservation_point_unknown"
    reserved = probant("constat", "reserve", constat, "--point", "public_ip", "--text",
                       "Le poste était hors ligne : adresse publique non relevée.")
    assert reserved.code == 0 and reserved.json["version"] == 1
    after = _rules(probant, constat)["public_ip"]
    assert after["ok"] and not after["holds"] and after["reservation"].startswith("Le poste")
    journal = probant("journal", "--constat", constat).json
    assert any(e["action"] == "reservation_written" for e in journal)
    complete(probant, constat)  # the other points
    draft = tmp_path / "draft.pdf"
    assert probant("pv", "build", "--constat", constat, "--out", str(draft),
                   "--confirm-pending").code == 0
    text = " ".join(_pdftotext(draft).split())
    assert "Réserves" in text and "Adresse IP publique" in text
    assert "Le poste était hors ligne : adresse publique non relevée." in text
    _signed(probant, constat)
    sealed = probant("constat", "reserve", constat, "--point", "clock", "--text", "après")
    assert sealed.code != 0 and sealed.json["error"]["code"] == "findings_sealed"


def test_points_established_pass_without_reservation(pki_live, probant: Probant, xvfb,
                                                     http_endpoint, tmp_path: Path) -> None:
    from app.settings import Settings, save_settings

    # the public IP seen alike by two services, no proxy header: established
    ip_a, ip_b = http_endpoint("203.0.113.7"), http_endpoint("203.0.113.7")
    clean = http_endpoint("<html></html>")
    save_settings(probant.home, Settings(ntp_servers=(junk_ntp_server(),),
                                         public_ip_services=(ip_a.url, ip_b.url),
                                         proxy_check_url=clean.url, network_timeout_s=1))
    display = {"DISPLAY": xvfb.display}
    constat = _open(probant, pki_live, env=display)  # the start report sees the screen
    shot = probant("capture", "region", "0,0,320,240", "--constat", constat, env=display)
    assert shot.code == 0, shot.stderr
    assert probant("env-report", "--constat", constat, "--domain", "localhost").code == 0
    _close(probant, constat)
    _add_p12(probant, pki_live)
    rules = _rules(probant, constat)
    for code in ("public_ip", "dns", "screens"):
        assert rules[code]["ok"] and rules[code]["holds"], rules[code]
        assert not rules[code]["reservation"]
    # no NTP answers here: the clock is established by the capture's token, not by NTP
    assert rules["clock"]["ok"] and "aucun serveur de temps joignable" in rules["clock"][
        "message"], rules["clock"]


# -- 6. headings and the screens the start report saw ---------------------------------
def test_no_screen_at_start_then_a_screen_capture_is_flagged(pki_live, probant: Probant, xvfb,
                                                             tmp_path: Path) -> None:
    constat = _open(probant, pki_live, env={"DISPLAY": ""})  # the start report: no screen
    shot = probant("capture", "region", "0,0,320,240", "--constat", constat,
                   env={"DISPLAY": xvfb.display})
    assert shot.code == 0, shot.stderr
    assert probant("env-report", "--constat", constat).code == 0  # mid-constat
    _close(probant, constat)
    _add_p12(probant, pki_live)
    rules = _rules(probant, constat)
    assert not rules["screens"]["ok"] and rules["screens"]["reservable"]
    assert "Écrans : aucun" in rules["screens"]["message"]
    assert rules["screens"]["subjects"] == [shot.json["annex"]]
    _refused(probant, constat, "screens")
    complete(probant, constat)
    assert _rules(probant, constat)["screens"]["ok"]
    draft = tmp_path / "draft.pdf"
    assert probant("pv", "build", "--constat", constat, "--out", str(draft),
                   "--confirm-pending").code == 0
    text = " ".join(_pdftotext(draft).split())
    assert "Relevé intermédiaire — relevé du" in text
    assert text.count("Fin des opérations — relevé du") == 1
    # a 320 x 240 region fits the page at 96 dpi: real size, said so
    assert "Reproduction en taille réelle" in text


# -- 1, 2: the certificate and the TSA named, no false « qualifié »; the whole PV seen --
def test_full_constat_pv_names_its_certificate_and_tsa_and_is_looked_at(
        pki_live, probant: Probant, xvfb, tmp_path: Path) -> None:
    display = {"DISPLAY": xvfb.display}
    constat = _open(probant, pki_live, env=display)
    for region in ("0,0,320,240", "0,0,1024,700"):
        shot = probant("capture", "region", region, "--constat", constat, env=display)
        assert shot.code == 0, shot.stderr
    video = probant("capture", "record", "--constat", constat, "--duration", "2", "--fps", "5",
                    "--region", "0,0,320,240", env=display)
    assert video.code == 0, video.stderr
    _import(probant, constat, tmp_path)
    assert probant("env-report", "--constat", constat, "--domain", "localhost").code == 0
    _close(probant, constat)
    _add_p12(probant, pki_live)
    complete(probant, constat)  # no finding on the segments: the recording's covers them
    rules = _rules(probant, constat)
    assert rules["findings"]["ok"], rules["findings"]
    draft = tmp_path / "pv.pdf"
    assert probant("pv", "build", "--constat", constat, "--out", str(draft),
                   "--confirm-pending").code == 0
    text = " ".join(_pdftotext(draft).split())
    serial = subprocess.run(["openssl", "x509", "-noout", "-serial", "-in",
                             str(pki_live.signer_cert_pem)], capture_output=True, text=True,
                            check=True).stdout.strip().split("=")[1].lstrip("0")
    assert f"numéro de série {serial}" in text, serial
    for mention in ("Signature et horodatage", "Maitre Jeanne DUPONT",
                    "Probant Test Intermediate CA", "certificat non qualifié",
                    "Horodatage RFC 3161 délivré par", "Probant Test TSA", "politique",
                    "Réserves", "Relevé intermédiaire", "Voir la constatation de l'annexe"):
        assert mention in text, mention
    assert "qualifié" not in text.replace("non qualifié", ""), "no false legal claim"
    # S point 1: the act names the vault's journal head, so the court's copy anchors it.
    head = re.search(r"comptait (\d+) entrées ; l'empreinte SHA-256 de la dernière est "
                     r"([0-9a-f]{64})", text)
    assert head is not None, text
    entry = next(e for e in probant("journal").json if e["seq"] == int(head[1]))
    assert entry["hash"] == head[2]
    listing = subprocess.run(["pdfdetach", "-list", str(draft)], capture_output=True,
                             text=True, check=True).stdout
    number = next(line.split(":")[0].strip() for line in listing.splitlines()
                  if "probant-annexes.json" in line)
    index = draft.with_suffix(".annexes.json")
    subprocess.run(["pdfdetach", "-save", number, "-o", str(index), str(draft)], check=True)
    assert json.loads(index.read_text())["journal_head"] == {"seq": entry["seq"],
                                                             "hash": entry["hash"]}
    out = worker_output_dir("pv")
    for old in out.glob("full-pv-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(draft), str(out / "full-pv")],
                   check=True)
    pages = sorted(out.glob("full-pv-*.png"))
    assert len(pages) == int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(draft)], capture_output=True, text=True).stdout).group(1))
    shutil.copy(draft, out / "full-pv.pdf")
    _signed(probant, constat)


# -- an attestation de dépôt: handed-in files only -------------------------------------
def test_an_attestation_requires_no_finding_nor_narrative_and_prints_what_is_written(
        pki_live, probant: Probant, tmp_path: Path) -> None:
    """The officer certifies receipt, date and content of files they did not make; the act
    says these are not their constatations. So no « constatation » per file, no narrative
    and no NF Z67-147 point (they concern a capturing workstation) are required; what the
    officer does write is printed, so the rules and the document agree."""
    constat = _open(probant, pki_live)
    [piece] = _import(probant, constat, tmp_path)
    _close(probant, constat)
    _add_p12(probant, pki_live)
    rules = _rules(probant, constat)
    assert not {"public_ip", "clock", "dns", "browser_state", "screens"} & set(rules), sorted(
        rules)
    for code in ("findings", "narrative"):  # listed, and said not to apply
        assert rules[code]["ok"] and rules[code]["message"].startswith("Sans objet"), rules
    assert all(r["ok"] for r in rules.values()), [r for r in rules.values() if not r["ok"]]
    draft = tmp_path / "draft.pdf"
    assert probant("pv", "build", "--constat", constat, "--out", str(draft),
                   "--confirm-pending").code == 0
    text = " ".join(_pdftotext(draft).split())
    assert "ATTESTATION DE DÉPÔT" in text and "NE SONT PAS certifiées" in text
    assert "Constatation non rédigée" not in text and "Observation du" not in text
    assert probant("evidence", "describe", piece["id"], "--text",
                   "Courriel de trois lignes adressé à la société X.").code == 0
    assert probant("constat", "narrative", constat, "--text", "Fichier reçu en main propre."
                   ).code == 0
    assert probant("pv", "build", "--constat", constat, "--out", str(tmp_path / "d2.pdf"),
                   "--confirm-pending").code == 0
    text = " ".join(_pdftotext(tmp_path / "d2.pdf").split())
    assert ("Observation du commissaire de justice : Courriel de trois lignes adressé à la "
            "société X.") in text
    assert "Fichier reçu en main propre." in text
    _signed(probant, constat)
