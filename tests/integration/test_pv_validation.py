"""Long-term validation of signed PVs (signing/pv/validate.py): which times the
timestamps prove and what is judged at those times.

The PDFs are made with pyHanko's signing API against the certomancer PKI (real TSA,
OCSP and CRL over HTTP; ``X-Certomancer-Fake-Time`` dates a token in the past, as a
real TSA's would have been). The rogue TSA is pyHanko's ``DummyTimeStamper``, a real
RFC 3161 signer, with the certificate of another architecture's TSA and any date it
likes. The signer's revocation data go into the DSS as fetched from the PKI's OCSP
responder and CRLs (the revoked signer's answers say "revoked since 2024-01-01").
Last, the CLI: a PV signed while OCSP/CRL are down records the level it proves,
and its upgrade completes it.
"""

from __future__ import annotations

import asyncio
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from asn1crypto import keys, pem, x509
from certomancer.integrations.animator import Animator, AnimatorArchStore
from certomancer.registry import CertomancerConfig
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import PdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko_certvalidator.authority import AuthorityWithCert
from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend
from werkzeug.serving import WSGIRequestHandler, make_server

from app import identity
from evidence.vault import open_vault
from signing.handlers import FixedAnswers
from signing.pv import workflow
from signing.pv.validate import ValidationReport, validate_pdf
from tests.fixtures.cli import Probant
from tests.fixtures.pki import TestPki
from tests.integration.test_pv import complete

P12_ENV = {"PROBANT_SIGNER_PIN": "probant-test"}


def _cert(path: Path) -> x509.Certificate:
    return x509.Certificate.load(pem.unarmor(path.read_bytes())[2])


def _blank_pdf() -> bytes:
    writer = PdfFileWriter()
    writer.insert_page(generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Page"),
        generic.NameObject("/MediaBox"): generic.ArrayObject(
            [generic.NumberObject(n) for n in (0, 0, 595, 842)]),
        generic.NameObject("/Resources"): generic.DictionaryObject()}))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _tsa(pki: TestPki, when: str | None = None, url: str | None = None) -> TimeStamper:
    """The PKI's TSA over HTTP; ``when`` (ISO) makes it date its token then."""
    headers = {"X-Certomancer-Fake-Time": when} if when else None
    return RequestsHTTPTimeStamper(url or pki.tsa_url, headers=headers)


def _rogue_tsa(pki: TestPki, when: datetime) -> TimeStamper:
    """A TSA nobody trusts here (another root), answering with a backdated time."""
    key = keys.PrivateKeyInfo.load(pem.unarmor(pki.key_pem("other-tsa").read_bytes())[2])
    return DummyTimeStamper(_cert(pki.cert("tsa", pki.other_arch)), key, fixed_dt=when)


def _sign(pki: TestPki, data: bytes, who: str = "signer",
          timestamper: TimeStamper | None = None) -> bytes:
    signer = signers.SimpleSigner.load_pkcs12(str(pki.p12(who)), passphrase=pki.p12_password)
    assert signer is not None
    meta = signers.PdfSignatureMetadata(field_name="Sig1", md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES)
    out = io.BytesIO()
    signers.PdfSigner(meta, signer, timestamper=timestamper).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(data)), output=out)
    return out.getvalue()


def _add_dss(pki: TestPki, data: bytes, who: str = "signer") -> bytes:
    """The signer's chain with its OCSP answer and both CRLs, fetched now, in the DSS."""
    interm, root, cert = _cert(pki.interm_pem), _cert(pki.root_pem), _cert(pki.cert(who))

    async def fetch() -> tuple[list[Any], list[Any]]:
        fetchers = RequestsFetcherBackend().get_fetchers()
        ocsp = await fetchers.ocsp_fetcher.fetch(cert, AuthorityWithCert(interm))
        crls = [*await fetchers.crl_fetcher.fetch(cert), *await fetchers.crl_fetcher.fetch(interm)]
        return [ocsp], crls

    ocsps, crls = asyncio.run(fetch())
    sig = next(s for s in PdfFileReader(io.BytesIO(data)).embedded_signatures
               if s.sig_object_type == "/Sig")
    out = io.BytesIO(data)
    DocumentSecurityStore.add_dss(out, sig.pkcs7_content, certs=[interm, root, cert],
                                  ocsps=ocsps, crls=crls)
    return out.getvalue()


def _doc_ts(data: bytes, timestamper: TimeStamper) -> bytes:
    out = io.BytesIO()
    PdfTimeStamper(timestamper).timestamp_pdf(IncrementalPdfFileWriter(io.BytesIO(data)),
                                              "sha256", output=out)
    return out.getvalue()


def _validate(pki: TestPki, data: bytes, at: datetime | None = None) -> ValidationReport:
    return validate_pdf(data, pki.ca_bundle_pem.read_bytes(), at=at, ades=False)


# -- 1. only trusted timestamps prove a time ------------------------------------------------

def test_a_rogue_tsa_cannot_date_a_signature_before_its_revocation(pki: TestPki) -> None:
    # Revoked on 2024-01-01; the rogue TSA says the signature was made in 2023.
    signed = _sign(pki, _blank_pdf(), "signer-revoked",
                   _rogue_tsa(pki, datetime(2023, 6, 1, tzinfo=UTC)))
    with_dss = _add_dss(pki, signed, "signer-revoked")
    alone = _validate(pki, with_dss)  # no trusted time at all: judged now
    assert not alone.ok and alone.level == "B-B", alone.to_json()
    assert alone.signatures[0].revocation == "revoked"
    assert any("is revoked, and no trusted timestamp shows it signed before" in p
               for p in alone.problems)
    report = _validate(pki, _doc_ts(with_dss, _tsa(pki)))
    [sig] = report.signatures
    assert not report.ok and sig.revocation == "revoked", report.to_json()
    assert sig.timestamp_time is None  # the claimed 2023 is not taken
    assert sig.level == "B-T"  # the trusted document timestamp is its only time proof
    assert any("signature timestamp invalid or untrusted" in p for p in report.problems)
    assert any("Sig1: the signer's certificate was revoked when it signed" in p
               for p in report.problems)


def test_untrusted_or_earlier_document_timestamps_do_not_raise_the_level(pki: TestPki) -> None:
    offline = _add_dss(pki, _sign(pki, _blank_pdf()))  # B-B plus revocation data
    assert _validate(pki, offline).level == "B-B"
    rogue = _validate(pki, _doc_ts(offline, _rogue_tsa(pki, datetime.now(UTC))))
    assert rogue.level == "B-B" and not rogue.ok
    assert "document timestamp invalid or untrusted" in rogue.problems
    # a trusted document timestamp from *before* the signature covers other bytes
    decoy = _doc_ts(_blank_pdf(), _tsa(pki, "2023-06-01T00:00:00+0000"))
    after_decoy = _validate(pki, _add_dss(pki, _sign(pki, decoy)))
    assert after_decoy.level == "B-B", after_decoy.to_json()


# -- 2. revoked when it signed --------------------------------------------------------------

def test_a_certificate_revoked_before_signing_is_reported_revoked(pki: TestPki) -> None:
    signed = _sign(pki, _blank_pdf(), "signer-revoked", _tsa(pki))  # signed now, after 2024
    report = _validate(pki, _doc_ts(_add_dss(pki, signed, "signer-revoked"), _tsa(pki)))
    [sig] = report.signatures
    assert sig.revocation == "revoked" and not report.ok, report.to_json()
    assert sig.level not in ("B-LT", "B-LTA")
    assert any("Sig1: the signer's certificate was revoked" in p for p in report.problems)


def test_revoked_only_after_signing_still_validates(pki: TestPki) -> None:
    # the same certificate, but the trusted TSA shows it signed in 2023, before 2024
    signed = _sign(pki, _blank_pdf(), "signer-revoked", _tsa(pki, "2023-06-01T00:00:00+0000"))
    report = _validate(pki, _doc_ts(_add_dss(pki, signed, "signer-revoked"), _tsa(pki)))
    assert report.ok and report.level == "B-LTA", report.to_json()
    assert report.signatures[0].revocation == "good (DSS)"


# -- 3. long term: expired certificates, archival chain, uncovered DSS ----------------------

def test_an_expired_signer_certificate_validates_at_the_proven_time(pki: TestPki) -> None:
    # signer-expired: valid 2020-2022; its signature timestamp says 2021
    signed = _sign(pki, _blank_pdf(), "signer-expired", _tsa(pki, "2021-06-01T00:00:00+0000"))
    report = _validate(pki, _doc_ts(_add_dss(pki, signed, "signer-expired"), _tsa(pki)))
    [sig] = report.signatures
    assert report.ok and sig.level == "B-LTA" and sig.trusted, report.to_json()
    assert sig.timestamp_time == "2021-06-01T00:00:00+00:00"
    # without a timestamp nothing shows it signed in 2021: validated now, it has expired
    untimed = _validate(pki, _add_dss(pki, _sign(pki, _blank_pdf(), "signer-expired")))
    assert not untimed.ok and untimed.level == "invalid"


def test_an_expired_tsa_is_carried_by_the_next_document_timestamp(pki: TestPki) -> None:
    # tsa-expired's certificate ended 2021-01-01. Its signature timestamp (2020-06) and
    # document timestamp (2020-09) hold because the good TSA's document timestamp shows,
    # from 2020-10, that both existed while that certificate was valid.
    old = pki.tsa_expired_url
    signed = _sign(pki, _blank_pdf(), "signer", _tsa(pki, "2020-06-01T00:00:00+0000", old))
    first = _doc_ts(_add_dss(pki, signed), _tsa(pki, "2020-09-01T00:00:00+0000", old))
    broken = _validate(pki, first)  # nothing newer vouches for the expired TSA's tokens
    assert not broken.ok and broken.signatures[0].timestamp_time is None
    assert "document timestamp invalid or untrusted" in broken.problems
    renewed = _doc_ts(first, _tsa(pki, "2020-10-01T00:00:00+0000"))
    report = _validate(pki, renewed)
    [sig] = report.signatures
    assert report.ok and sig.level == "B-LTA", report.to_json()
    assert sig.timestamp_time == "2020-06-01T00:00:00+00:00"
    assert len(report.document_timestamps) == 2


def test_a_dss_added_after_the_last_document_timestamp_is_only_b_lt(pki: TestPki) -> None:
    signed = _sign(pki, _blank_pdf(), "signer", _tsa(pki))
    uncovered = _add_dss(pki, _doc_ts(signed, _tsa(pki)))
    report = _validate(pki, uncovered)
    assert report.ok and report.level == "B-LT", report.to_json()
    assert report.signatures[0].revocation == "good (DSS)"
    assert _validate(pki, _doc_ts(uncovered, _tsa(pki))).level == "B-LTA"


def test_the_etsi_part_can_be_skipped(pki: TestPki) -> None:
    data = _doc_ts(_add_dss(pki, _sign(pki, _blank_pdf(), "signer", _tsa(pki))), _tsa(pki))
    trust = pki.ca_bundle_pem.read_bytes()
    assert validate_pdf(data, trust, ades=False).signatures[0].ades == "not run"
    assert validate_pdf(data, trust).signatures[0].ades == "PASSED"


# -- 4. the level recorded at signing is the one the file proves ----------------------------

class _Quiet(WSGIRequestHandler):
    def log_request(self, *args: object, **kwargs: object) -> None:
        pass


@contextmanager
def _ocsp_and_crl_down(pki: TestPki) -> Iterator[None]:
    """The PKI on its own port again, its TSA answering but OCSP and CRLs in HTTP 503:
    the services named in the certificates fail while the time-stamping one works."""
    config = CertomancerConfig.from_file(str(pki.config_path), key_search_dir=str(pki.dir / "keys"),
                                         allow_external_config=False)
    animator = Animator(AnimatorArchStore(config.pki_archs), with_web_ui=False)

    def app(environ: dict[str, Any], start_response: Any) -> Any:
        if "/ocsp/" in environ.get("PATH_INFO", "") or "/crls/" in environ.get("PATH_INFO", ""):
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"down"]
        return animator(environ, start_response)

    pki.stop_server()
    server = make_server("127.0.0.1", pki.port, app, threaded=True, request_handler=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        pki.start_server()


def test_signing_with_revocation_services_down_records_b_t_and_upgrade_completes(
        pki_live: TestPki, probant: Probant) -> None:
    pki = pki_live
    # The officer the test PKI's signer names (the signer must be the officer).
    assert probant.setup("init", "--name", "Maître Jeanne DUPONT", demo=True).code == 0
    dossier = probant.setup("dossier", "new", "Affaire Martin", "--requester", "SAS Martin").json["id"]
    constat = probant.setup("constat", "new", "--dossier", dossier, "--mission", "M", "--place",
                            "Poste de travail de l'étude, 12 rue de la Paix, 75002 Paris").json["id"]
    assert probant.setup("tsa", "add", pki.tsa_url, "--trust", str(pki.ca_bundle_pem)).code == 0
    assert probant.setup("constat", "close", constat).code == 0
    assert probant.setup("signer", "add", "--pkcs12", str(pki.p12("signer")), "--trust",
                         str(pki.ca_bundle_pem), env=P12_ENV).code == 0
    complete(probant, constat)  # findings, narrative, reservations written before signing
    with _ocsp_and_crl_down(pki):
        signed = probant("pv", "sign", "--constat", constat, "--confirm-pending", env=P12_ENV)
    assert signed.code == 0, signed.stderr
    # soft-fail: a signature timestamp, no revocation data: the file proves B-T only
    assert signed.json["metadata"]["level"] == "B-T", signed.json["metadata"]
    assert signed.json["metadata"]["status"] == "signed_pending_upgrade"
    # Earlier versions of Probant recorded such a PV as B-LTA, the level asked for: the
    # upgrade goes by what the latest version's file proves, not by its metadata.
    home = probant.home
    with open_vault(home, identity.unlock_openers(home, True,
                                                  FixedAnswers(identity.DEMO_PIN))) as vault:
        item = workflow.latest_pv(vault, constat)
        claimed = workflow._store(vault, constat, vault.blobs.read_all(item.blob_id),
                                  {**item.metadata, "level": "B-LTA", "status": "signed"})
    upgraded = probant("pv", "upgrade", "--constat", constat)
    assert upgraded.code == 0, upgraded.stderr
    assert upgraded.json["metadata"]["upgrades"] == claimed.id  # completed, a new version
    assert upgraded.json["metadata"]["level"] == "B-LTA"
    assert upgraded.json["metadata"]["status"] == "signed"
    again = probant("pv", "upgrade", "--constat", constat)  # the file proves B-LTA: done
    assert again.code == 0 and again.json["id"] == upgraded.json["id"]
