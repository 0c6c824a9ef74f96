"""D3 points 1 and 3 at signing time, through the real CLI and the certomancer PKI:
- a certificate valid when it was added but expired when the PV is signed is refused
  (the officer's own, issued by the test PKI's intermediate for a few seconds);
- ``pv sign --narrative-file`` with no stored narrative: the file's text is the PV's
  narrative, the findings written with ``evidence describe --text`` / ``--none`` printed,
  and the signed act names its certificate (subject, issuer, serial, validity)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from tests.fixtures.cli import Probant, offline_settings
from tests.integration.test_pv import P12_ENV, _add_p12, _pdftotext

OFFICER = "Maître Jeanne DUPONT"
LIFETIME_S = 25


def _short_lived_p12(pki, folder: Path) -> tuple[Path, datetime]:  # type: ignore[no-untyped-def]
    """The officer's certificate from the test intermediate, ending in LIFETIME_S seconds."""
    issuer = x509.load_pem_x509_certificate(pki.cert("interm").read_bytes())
    issuer_key = serialization.load_pem_private_key(pki.key_pem("interm").read_bytes(), None)
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC).replace(microsecond=0)
    not_after = now + timedelta(seconds=LIFETIME_S)
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
                                     x509.NameAttribute(NameOID.COMMON_NAME,
                                                        "Maitre Jeanne DUPONT")]))
            .issuer_name(issuer.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(hours=1)).not_valid_after(not_after)
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False,
                                         False), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                issuer.public_key()), critical=False)  # type: ignore[arg-type]
            .sign(issuer_key, hashes.SHA256()))  # type: ignore[arg-type]
    p12 = folder / "short-lived.pfx"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"officer", key, cert, [issuer], serialization.BestAvailableEncryption(
            P12_ENV["PROBANT_SIGNER_PIN"].encode())))
    return p12, not_after


def _init(probant: Probant) -> None:
    offline_settings(probant.home)
    assert probant("init", "--name", OFFICER, demo=True).code == 0


def _constat(probant: Probant, pki, tmp_path: Path, display: str) -> tuple[str, list[dict]]:  # type: ignore[no-untyped-def]
    dossier = probant("dossier", "new", "Affaire Martin", "--requester", "SAS Martin").json["id"]
    constat = probant("constat", "new", "--dossier", dossier, "--mission", "Constater la page",
                      "--place", "En notre étude", env={"DISPLAY": display}).json["id"]
    assert probant("tsa", "add", pki.tsa_url, "--trust", str(pki.ca_bundle_pem)).code == 0
    shot = probant("capture", "region", "0,0,320,240", "--constat", constat,
                   env={"DISPLAY": display})
    assert shot.code == 0, shot.stderr
    src = tmp_path / "piece.txt"
    src.write_text("courriel remis par le client")
    assert probant("annex", "add", "--constat", constat, str(src)).code == 0
    assert probant("constat", "close", constat).code == 0
    assert probant("timestamp", "flush").code == 0
    items = probant("evidence", "list", "--constat", constat).json
    return constat, [i for i in items if i["kind"] in ("screenshot", "imported")]


def _reserve_all(probant: Probant, constat: str) -> None:
    for rule in probant("pv", "check", "--constat", constat).json["rules"]:
        if rule["reservable"] and not rule["ok"]:
            run = probant("constat", "reserve", constat, "--point", rule["code"], "--text",
                          "Point non établi sur le poste hors ligne du test.")
            assert run.code == 0, run.stderr


def test_a_certificate_expired_between_adding_and_signing_is_refused(
        pki_live, probant: Probant, xvfb, tmp_path: Path) -> None:
    _init(probant)
    p12, not_after = _short_lived_p12(pki_live, tmp_path)
    added = probant("signer", "add", "--pkcs12", str(p12), "--trust", str(pki_live.ca_bundle_pem),
                    env=P12_ENV)
    assert added.code == 0, added.stderr  # valid when added
    constat, items = _constat(probant, pki_live, tmp_path, xvfb.display)
    for item in items:
        assert probant("evidence", "describe", item["id"], "--text", "Vu.").code == 0
    assert probant("constat", "narrative", constat, "--text", "Dont acte.").code == 0
    _reserve_all(probant, constat)
    time.sleep(max(0.0, (not_after - datetime.now(UTC)).total_seconds()) + 1.5)
    check = probant("pv", "check", "--constat", constat)
    failed = {r["code"]: r for r in check.json["rules"] if not r["ok"]}
    assert check.code == 1 and set(failed) == {"signer_validity"}, failed
    assert "a expiré le" in failed["signer_validity"]["message"]
    refused = probant("pv", "sign", "--constat", constat, env=P12_ENV)
    assert refused.code == 1, refused.stderr
    assert refused.json["error"]["code"] in ("pv_rules_failed", "signer_expired"), refused.json
    assert "signer_validity" in refused.json["error"].get("detail", "signer_validity")
    assert not [e for e in probant("evidence", "list", "--constat", constat).json
                if e["kind"] == "pv"]


def test_pv_sign_takes_the_narrative_from_a_file(pki_live, probant: Probant, xvfb,
                                                 tmp_path: Path) -> None:
    _init(probant)
    constat, items = _constat(probant, pki_live, tmp_path, xvfb.display)
    _add_p12(probant, pki_live)
    shot = next(i for i in items if i["kind"] == "screenshot")
    piece = next(i for i in items if i["kind"] == "imported")
    assert probant("evidence", "describe", shot["id"], "--text",
                   "La page affiche le prix de 12 euros.").code == 0
    assert probant("evidence", "describe", piece["id"], "--none").code == 0
    _reserve_all(probant, constat)
    # no narrative stored: the rule blocks signing
    blocked = probant("pv", "sign", "--constat", constat, env=P12_ENV)
    assert blocked.code == 1 and "narrative: " in blocked.json["error"]["detail"], blocked.json
    narrative = tmp_path / "narration.txt"
    narrative.write_text("Nous nous sommes connecté au site depuis le poste de l'étude.\n\n"
                         "Dont acte, lu dans un fichier.", encoding="utf-8")
    signed = probant("pv", "sign", "--constat", constat, "--narrative-file", str(narrative),
                     env=P12_ENV)
    assert signed.code == 0, signed.stderr
    out = tmp_path / "pv.pdf"
    assert probant("pv", "export", "--constat", constat, "--out", str(out)).code == 0
    text = " ".join(_pdftotext(out).split())
    assert "Dont acte, lu dans un fichier." in text
    assert "Nous nous sommes connecté au site depuis le poste de l'étude." in text
    assert "Constatation : La page affiche le prix de 12 euros." in text
    assert "Sans observation." in text
    # D3 point 1: the signed act names the certificate used, as openssl reads it
    cert = x509.load_pem_x509_certificate(pki_live.signer_cert_pem.read_bytes())
    when = "%Y-%m-%d %H:%M:%S UTC"
    assert (f"numéro de série {cert.serial_number:X}, valable du "
            f"{cert.not_valid_before_utc:{when}} au {cert.not_valid_after_utc:{when}} : "
            "certificat non qualifié") in text, text
    assert "Maitre Jeanne DUPONT" in text and "Probant Test Intermediate CA" in text
