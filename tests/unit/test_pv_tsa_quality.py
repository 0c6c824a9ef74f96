"""D3 point 2, the TSA side: « Horodatage qualifié » only for a TSA whose own certificate
carries the qcStatement QcCompliance; any other TSA is named (subject, policy OID) without
the word. Real RFC 3161 answers made by pyHanko's time stamper with two TSA certificates
that differ only by that extension, read back by the PV's own code and rendered."""

from __future__ import annotations

import dataclasses
import hashlib
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import algos, keys, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509 as cx509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

from signing.pv.claims import QC_COMPLIANCE, _QcStatement, _QcStatements, tsa_facts
from signing.pv.render import render_pv
from tests.unit.test_pv_render import _document

POLICY = "1.3.6.1.4.1.4146.1.2"  # the TSA's own policy, printed as it is


def _tsa(name: str, qualified: bool) -> tuple[asn1_x509.Certificate, keys.PrivateKeyInfo]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = cx509.Name([cx509.NameAttribute(NameOID.COMMON_NAME, name),
                          cx509.NameAttribute(NameOID.COUNTRY_NAME, "FR")])
    now = datetime.now(UTC)
    builder = (cx509.CertificateBuilder().subject_name(subject).issuer_name(subject)
               .public_key(key.public_key()).serial_number(cx509.random_serial_number())
               .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=1))
               .add_extension(cx509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]),
                              critical=True))
    if qualified:
        der = _QcStatements([_QcStatement({"statement_id": QC_COMPLIANCE})]).dump()
        builder = builder.add_extension(cx509.UnrecognizedExtension(
            cx509.ObjectIdentifier("1.3.6.1.5.5.7.1.3"), der), critical=False)
    cert = builder.sign(key, hashes.SHA256())
    return (asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
            keys.PrivateKeyInfo.load(key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption())))


def _answer(cert: asn1_x509.Certificate, key: keys.PrivateKeyInfo) -> bytes:
    request = tsp.TimeStampReq({
        "version": 1, "cert_req": True,
        "message_imprint": tsp.MessageImprint({
            "hash_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
            "hashed_message": hashlib.sha256(b"annexe 2").digest()})})
    return DummyTimeStamper(cert, key).request_tsa_response(request).dump()


def test_horodatage_qualifie_only_for_a_tsa_whose_certificate_says_so(tmp_path: Path) -> None:
    plain = _answer(*_tsa("Horodateur Ordinaire", qualified=False))
    qualified = _answer(*_tsa("Horodateur Qualifie", qualified=True))
    facts = tsa_facts([("CN=Horodateur Ordinaire", POLICY, plain),
                       ("CN=Horodateur Ordinaire", POLICY, plain),
                       ("CN=Horodateur Qualifie", POLICY, qualified)])
    assert [(f.subject, f.qualified, f.tokens) for f in facts] == [
        ("CN=Horodateur Ordinaire", False, 2), ("CN=Horodateur Qualifie", True, 1)]

    def text(tsas: tuple) -> str:  # type: ignore[type-arg]
        pdf = tmp_path / "pv.pdf"
        pdf.write_bytes(render_pv(dataclasses.replace(_document(), tsas=tsas)).data)
        return " ".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                                       capture_output=True, text=True).stdout.split())

    ordinary = text(facts[:1])
    assert (f"Horodatage RFC 3161 délivré par CN=Horodateur Ordinaire, politique {POLICY} "
            "(2 jeton(s))") in ordinary
    assert "qualifié" not in ordinary.replace("non qualifié", "")
    both = text(facts)
    assert f"Horodatage qualifié délivré par CN=Horodateur Qualifie, politique {POLICY}" in both
    assert "Horodatage qualifié délivré par CN=Horodateur Ordinaire" not in both
