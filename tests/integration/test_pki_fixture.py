"""The test PKI fixture (tests/fixtures/pki.py) checked with real, independent tools:
rfc3161ng for RFC 3161 requests, the openssl CLI for token/OCSP/CRL verification, and
cryptography for the certificates and PKCS#12 files. Other tests rely on these properties."""

from __future__ import annotations

import hashlib
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
import rfc3161ng
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID

from tests.fixtures.pki import TestPki


def _openssl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["openssl", *args], capture_output=True, text=True, timeout=60)


def _timestamp(url: str, tsa_cert: Path, data: bytes, out: Path) -> datetime:
    """Ask `url` for a token over `data` with rfc3161ng (which checks the signature against
    `tsa_cert` and the nonce); write the DER TimeStampResp to `out`; return the genTime."""
    stamper = rfc3161ng.RemoteTimestamper(url, certificate=tsa_cert.read_bytes(),
                                          hashname="sha256", include_tsa_certificate=True)
    tsr = stamper(data=data, nonce=424242, return_tsr=True)
    out.write_bytes(rfc3161ng.encode_timestamp_response(tsr))
    return rfc3161ng.get_timestamp(tsr.time_stamp_token, naive=False)


def _ts_verify(tsr: Path, data: bytes, ca_file: Path) -> subprocess.CompletedProcess[str]:
    return _openssl("ts", "-verify", "-digest", hashlib.sha256(data).hexdigest(), "-sha256",
                    "-in", str(tsr), "-CAfile", str(ca_file))


def test_good_tsa_token_verifies_with_openssl_and_carries_the_real_time(
        pki: TestPki, tmp_path: Path) -> None:
    data = b"constat 2026-0001"
    before = datetime.now(UTC)
    gen_time = _timestamp(pki.tsa_url, pki.tsa_cert_pem, data, tmp_path / "x.tsr")
    assert before - timedelta(seconds=5) <= gen_time <= datetime.now(UTC) + timedelta(seconds=5)

    ok = _ts_verify(tmp_path / "x.tsr", data, pki.ca_bundle_pem)
    assert "Verification: OK" in ok.stdout, ok.stdout + ok.stderr
    wrong = _ts_verify(tmp_path / "x.tsr", b"autre chose", pki.ca_bundle_pem)
    assert "Verification: OK" not in wrong.stdout

    tsa = x509.load_pem_x509_certificate(pki.tsa_cert_pem.read_bytes())
    eku = tsa.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert eku.critical and list(eku.value) == [ExtendedKeyUsageOID.TIME_STAMPING]
    assert pki.ca_bundle_pem.read_bytes() == (pki.root_pem.read_bytes()
                                              + pki.interm_pem.read_bytes())


@pytest.mark.parametrize(("url", "cert", "reason"), [
    ("tsa_expired_url", "tsa_expired_cert_pem", "certificate has expired"),
    ("tsa_other_root_url", "tsa_other_root_cert_pem", "unable to get local issuer"),
])
def test_bad_tsas_answer_but_fail_openssl_verification_against_the_test_root(
        pki: TestPki, tmp_path: Path, url: str, cert: str, reason: str) -> None:
    data = b"piece jointe"
    _timestamp(getattr(pki, url), getattr(pki, cert), data, tmp_path / "x.tsr")  # HTTP 200
    run = _ts_verify(tmp_path / "x.tsr", data, pki.ca_bundle_pem)
    assert "Verification: OK" not in run.stdout
    assert reason in run.stdout + run.stderr, run.stdout + run.stderr


def test_other_root_token_is_sound_under_its_own_root(pki: TestPki, tmp_path: Path) -> None:
    _timestamp(pki.tsa_other_root_url, pki.tsa_other_root_cert_pem, b"x", tmp_path / "o.tsr")
    run = _ts_verify(tmp_path / "o.tsr", b"x", pki.other_root_pem)
    assert "Verification: OK" in run.stdout, run.stdout + run.stderr


@pytest.mark.parametrize(("cert", "status"), [
    ("signer_cert_pem", "good"),
    ("signer_revoked_cert_pem", "revoked"),
])
def test_ocsp_answers_good_or_revoked(pki: TestPki, cert: str, status: str) -> None:
    path: Path = getattr(pki, cert)
    run = _openssl("ocsp", "-issuer", str(pki.interm_pem), "-cert", str(path),
                   "-url", pki.ocsp_url, "-CAfile", str(pki.ca_bundle_pem), "-resp_text")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Response verify OK" in run.stderr, run.stderr
    assert f"{path}: {status}" in run.stdout, run.stdout
    assert "OCSP Signing" in run.stdout or "OCSPSigning" in run.stdout  # responder EKU


def test_signer_certificates_point_at_the_served_services(pki: TestPki) -> None:
    cert = x509.load_pem_x509_certificate(pki.signer_cert_pem.read_bytes())
    aia = cert.extensions.get_extension_for_class(x509.AuthorityInformationAccess).value
    assert [d.access_location.value for d in aia
            if d.access_method == AuthorityInformationAccessOID.OCSP] == [pki.ocsp_url]
    cdp = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    assert [n.value for p in cdp for n in p.full_name or ()] == [pki.interm_crl_url]
    ku = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert ku.digital_signature and ku.content_commitment
    eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert ExtendedKeyUsageOID.EMAIL_PROTECTION in eku
    now = datetime.now(UTC)
    assert cert.not_valid_before_utc < now < cert.not_valid_after_utc
    expired = x509.load_pem_x509_certificate(pki.signer_expired_cert_pem.read_bytes())
    assert expired.not_valid_after_utc < now


def test_crls_are_served_signed_and_list_the_revoked_signer(pki: TestPki,
                                                             tmp_path: Path) -> None:
    revoked = x509.load_pem_x509_certificate(pki.signer_revoked_cert_pem.read_bytes())
    for url, issuer in ((pki.interm_crl_url, pki.interm_pem), (pki.root_crl_url, pki.root_pem)):
        answer = requests.get(url, timeout=10)
        assert answer.status_code == 200
        crl_file = tmp_path / "latest.crl"
        crl_file.write_bytes(answer.content)
        run = _openssl("crl", "-inform", "DER", "-in", str(crl_file), "-noout",
                       "-CAfile", str(pki.ca_bundle_pem))
        assert "verify OK" in run.stdout + run.stderr, run.stdout + run.stderr
        crl = x509.load_der_x509_crl(answer.content)
        assert crl.issuer == x509.load_pem_x509_certificate(issuer.read_bytes()).subject
        listed = crl.get_revoked_certificate_by_serial_number(revoked.serial_number)
        assert (listed is not None) == (url == pki.interm_crl_url)


@pytest.mark.parametrize("name", ["signer_p12", "signer_revoked_p12", "signer_expired_p12"])
def test_pkcs12_holds_key_certificate_and_chain(pki: TestPki, name: str) -> None:
    key, cert, chain = pkcs12.load_key_and_certificates(getattr(pki, name).read_bytes(),
                                                         pki.p12_password)
    assert key is not None and cert is not None
    assert cert.public_key() == key.public_key()
    subjects = {c.subject for c in chain}
    for ca in (pki.root_pem, pki.interm_pem):
        assert x509.load_pem_x509_certificate(ca.read_bytes()).subject in subjects
    plain = serialization.load_pem_private_key(pki.signer_key_pem.read_bytes(), None)
    signer = x509.load_pem_x509_certificate(pki.signer_cert_pem.read_bytes())
    assert plain.public_key() == signer.public_key()


def test_server_stops_and_starts_again_on_the_same_port(pki_live: TestPki,
                                                          tmp_path: Path) -> None:
    pki = pki_live
    pki.stop_server()
    assert not pki.server_running
    with pytest.raises(requests.ConnectionError):
        requests.post(pki.tsa_url, data=b"", timeout=5)
    with pytest.raises(rfc3161ng.TimestampingError):
        _timestamp(pki.tsa_url, pki.tsa_cert_pem, b"hors ligne", tmp_path / "none.tsr")

    pki.start_server()
    assert pki.server_running and pki.base_url.endswith(f":{pki.port}")
    _timestamp(pki.tsa_url, pki.tsa_cert_pem, b"en ligne", tmp_path / "back.tsr")
    run = _ts_verify(tmp_path / "back.tsr", b"en ligne", pki.ca_bundle_pem)
    assert "Verification: OK" in run.stdout, run.stdout + run.stderr

