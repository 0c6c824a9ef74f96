"""PV and attestation PDFs, checked with poppler's own tools (pdftotext, pdfinfo, pdfdetach,
pdftoppm): what a court clerk's viewer would show, not what reportlab thinks it wrote."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import random
import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from signing.pv.attestation import render_attestation
from signing.pv.model import (
    AttestationDocument,
    CertificateFacts,
    ClockOffset,
    EnvironmentSummary,
    Officer,
    PvDocument,
    PvEntry,
    PvReservation,
    ReceivedFile,
    RenderedPdf,
)
from signing.pv.render import render, render_pv
from signing.pv.times import legal
from tests.fixtures.output import worker_output_dir

OFFICER = Officer("Maître Jeanne DUPONT", "SELARL Dupont & Associés",
                  "12 rue de la Paix, 75002 Paris")
WATERMARK = "DÉMONSTRATION — sans valeur probante"
SIGNER = CertificateFacts("Common Name: Maitre Jeanne DUPONT", "Common Name: Test CA", "1F2E",
                          "2020-01-01 00:00:00 UTC", "2050-01-01 00:00:00 UTC", False, False,
                          "Maitre Jeanne DUPONT")


BUILT_AT = "2026-11-25T13:21:07.500000Z"
CLOCKS = (ClockOffset(35, "ntp", "pool.ntp.org", "relevé de début, annexe 1"),
          ClockOffset(None),
          ClockOffset(-480, "tsa", "Probant Test TSA", legal("2026-11-25T13:02:13Z"), 12))


def _png(seed: int, size: tuple[int, int] = (1280, 800)) -> bytes:
    """A screenshot-like PNG with alpha (the renderer must flatten it)."""
    img = Image.new("RGBA", size, (240, 240, 240, 255))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, size[0], 60), fill=(30 + 60 * seed, 60, 140, 255))
    for i in range(12):
        draw.rectangle((40, 100 + 50 * i, 40 + 90 * (i + seed), 130 + 50 * i),
                       fill=(20 * i, 120, 200 - 10 * i, 255))
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _document(demo: bool = True) -> PvDocument:
    rng = random.Random(7)
    video = bytes(rng.getrandbits(8) for _ in range(4096))
    shots = [_png(i) for i in range(3)]
    entries = [
        PvEntry(annex=str(i + 2), kind="screenshot", origin="captured",
                captured_local=legal(f"2026-11-25T13:0{i}:12Z"), filename=f"capture-{i + 2}.png",
                tsa_time=None if i == 1 else legal(f"2026-11-25T13:0{i}:13.250Z"),
                tsa_name="" if i == 1 else "Probant Test TSA", clock=CLOCKS[i],
                tsa_pending_reason="autorité d'horodatage injoignable" if i == 1 else None,
                description=f"Page <produit> n° {i} & « avis » des clients.\n\nSuite.",
                sha256=_sha(s), size=len(s), image=s,
                finding="" if i == 2 else "Sans observation." if i == 1
                else f"Le prix affiché est de {i + 10} euros.")
        for i, s in enumerate(shots)]
    entries.append(PvEntry(
        annex="5.1", kind="video_segment", origin="captured",
        captured_local=legal("2026-11-25T13:05:00Z"), tsa_time=legal("2026-11-25T13:05:01Z"),
        tsa_pending_reason=None,
        description="Enregistrement de la navigation.", sha256=_sha(video), size=len(video),
        filename="video-5-1.mp4", attachment=video))
    entries.append(PvEntry(
        annex="5.2", kind="video_segment", origin="captured",
        captured_local=legal("2026-11-25T13:09:00Z"), tsa_time=legal("2026-11-25T13:09:01Z"),
        tsa_pending_reason=None, description="Suite (volumineux).",
        sha256=_sha(b"big"), size=900 << 20, filename="video-5-2.mp4", referenced_only=True))
    entries.append(PvEntry(
        annex="6", kind="imported", origin="imported",
        captured_local=legal("2026-11-25T13:12:00Z"), tsa_time=legal("2026-11-25T13:12:02Z"),
        tsa_pending_reason=None,
        description="Fichier remis par le requérant : facture.pdf (contexte non certifié).",
        sha256=_sha(b"facture"), size=7, filename="facture.pdf", attachment=b"facture"))
    env = (EnvironmentSummary("start", legal("2026-11-25T13:00:00Z"), "1",
                              ("Système : Debian 12 (mise à jour du 20/11/2026)",
                               "Aucun proxy configuré ; DNS : 9.9.9.9"),
                              ("Écart d'horloge de 2,1 s avec pool.ntp.org",)),
           EnvironmentSummary("end", legal("2026-11-25T13:20:00Z"), "7",
                              ("Système : Debian 12 (mise à jour du 20/11/2026)",), ()))
    return PvDocument(
        pv_id="PV-7F3A", constat_id="cst_7f3a", officer=OFFICER, dossier_title="Martin c/ X",
        requester="SAS Martin, au capital de 10 000 €, siège 3 rue Neuve, 69001 Lyon, "
                  "représentée par son président",
        mission="Constater le contenu de la page produit du site example.com.",
        started_local=legal("2026-11-25T13:00:00Z"), ended_local=legal("2026-11-25T13:20:00Z"),
        environment=env, entries=tuple(entries),
        narrative="Nous avons constaté ce qui précède.\n\nDont acte.", demo=demo,
        software="Probant 0.1.0", place="en notre étude", signer=SIGNER,
        reservations=(PvReservation("public_ip", "Adresse IP publique", "Poste hors ligne.",
                                    "Adresse IP publique : non déterminé", "2026-11-25 14:19"),),
        pending_note="L'horodatage de l'annexe 3 est en attente : autorité injoignable.",
        built_at=BUILT_AT)


def _pdftotext(pdf: Path, *args: str) -> str:
    """The text layer with every whitespace run (line wraps included) made one space."""
    return " ".join(subprocess.run(["pdftotext", "-layout", *args, str(pdf), "-"], check=True,
                                   capture_output=True, text=True).stdout.split())


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    match = re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)
    assert match
    return int(match.group(1))


def _write(rendered: RenderedPdf, path: Path) -> Path:
    path.write_bytes(rendered.data)
    return path


@pytest.fixture(scope="module")
def demo_pv(tmp_path_factory: pytest.TempPathFactory) -> tuple[PvDocument, RenderedPdf, Path]:
    doc = _document()
    rendered = render_pv(doc)
    return doc, rendered, _write(rendered, tmp_path_factory.mktemp("pv") / "pv.pdf")


def test_pv_states_every_mention_annex_and_hash(demo_pv: tuple[PvDocument, RenderedPdf, Path]
                                                ) -> None:
    doc, rendered, pdf = demo_pv
    text = _pdftotext(pdf)
    flat = re.sub(r"\s+", "", text)
    for mention in ("PROCÈS-VERBAL DE CONSTAT", "Le 25 novembre 2026", "À la requête de",
                    "SAS Martin", "Maître Jeanne DUPONT", "SELARL Dupont & Associés",
                    "12 rue de la Paix, 75002 Paris", "ordonnance n° 2016-728 du 2 juin 2016",
                    "article 648 du code de procédure civile", "Mission",
                    "Prérequis techniques", "Début des opérations", "Fin des opérations",
                    "Aucun proxy configuré", "Écart d'horloge de 2,1 s", "Constatations",
                    # D3 7: French legal time with its offset, then UTC; the TSA named and
                    # what its token proves; the clock's measured offset, or « non mesuré »
                    "Le 25 novembre 2026 à 14:00 (heure légale française, UTC+01:00), soit "
                    "13:00 UTC,",
                    "Annexe 2 — capture d'écran — 2026-11-25 14:00:12 heure légale française "
                    "(UTC+01:00), soit 13:00:12 UTC",
                    "d'après le jeton d'horodatage RFC 3161 délivré par Probant Test TSA, ce "
                    "fichier et son manifeste signé existaient au plus tard le 2026-11-25 "
                    "14:00:13 heure légale française (UTC+01:00), soit 13:00:13 UTC",
                    "Heure lue sur l'horloge du poste ; écart mesuré : +35 ms par rapport au "
                    "serveur de temps pool.ntp.org (NTP, relevé de début, annexe 1)",
                    "écart mesuré : −480 ms par rapport à l'heure du jeton de Probant Test TSA "
                    "(à ± 12 ms près",
                    "écart non mesuré", "prouve que les données qu'il couvre existaient au plus "
                    "tard à la date qu'il indique",
                    "horodatage en attente : autorité d'horodatage injoignable",
                    "Horodatages en attente", "Observations du commissaire de justice",
                    "Dont acte.", "Liste des annexes", "Signé électroniquement",
                    "référencée par son empreinte dans le lot de preuves",
                    "décret n° 2017-1416", "en notre étude", "Probant 0.1.0",
                    # D3 1-3, 5: the certificate named, never « qualifié » without a
                    # qcStatement; each finding next to its capture; the reservations
                    "Signature et horodatage", "numéro de série 1F2E",
                    "valable du 2020-01-01 00:00:00 UTC au 2050-01-01 00:00:00 UTC",
                    "certificat non qualifié", "Constatation : Le prix affiché est de 10 euros.",
                    "Sans observation.", "Constatation non rédigée.", "Réserves",
                    "Poste hors ligne.", "Relevé : Adresse IP publique : non déterminé"):
        assert mention in text, mention
    assert "certificat qualifié" not in text and "horodatage qualifié" not in text
    # 1280 px wide screenshots do not fit a page at 96 dpi: the reduction is said
    assert "Reproduction en taille réelle" not in text
    assert "réduite à 50 % de sa taille réelle" in text
    # user text is printed literally, never interpreted as markup
    assert "Page <produit> n° 0 & « avis » des clients." in text
    for entry in doc.entries:
        assert f"Annexe {entry.annex} —" in text, entry.annex
        assert entry.sha256 in flat, entry.annex
    pages = _pages(pdf)
    assert pages == rendered.page_count >= 6  # body + one page per screenshot
    assert f"comprenant {pages} pages" in text
    for page in range(1, pages + 1):
        page_text = _pdftotext(pdf, "-f", str(page), "-l", str(page))
        assert f"PV-7F3A — page {page} / {pages}" in page_text
        assert WATERMARK in page_text and "SELARL Dupont & Associés" in page_text


def test_pv_metadata_attachments_and_signature_box(demo_pv: tuple[PvDocument, RenderedPdf, Path]
                                                   ) -> None:
    doc, rendered, pdf = demo_pv
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    assert re.search(r"^Title:\s+PROCÈS-VERBAL DE CONSTAT PV-7F3A", info, re.M)
    assert re.search(r"^Author:\s+Maître Jeanne DUPONT", info, re.M)
    assert re.search(r"^Creator:\s+Probant 0.1.0", info, re.M)
    assert re.search(r"^Subject:\s+.*Martin c/ X", info, re.M)
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True,
                           text=True).stdout.splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts), fonts  # every font embedded
    listed = subprocess.run(["pdfdetach", "-list", str(pdf)], check=True, capture_output=True,
                            text=True).stdout
    assert "annexe-5.1-video-5-1.mp4" in listed and "annexe-6-facture.pdf" in listed
    assert "video-5-2" not in listed  # referenced only, never embedded
    out = pdf.parent / "extracted.mp4"
    subprocess.run(["pdfdetach", "-savefile", "annexe-5.1-video-5-1.mp4", "-o", str(out),
                    str(pdf)], check=True)
    assert _sha(out.read_bytes()) == doc.entries[3].sha256
    # signature box: on the closing page (before the full-size annexes), inside the page
    page, (x1, y1, x2, y2) = rendered.signature_page, rendered.signature_box
    assert 0 <= page < rendered.page_count - 3
    assert 0 < x1 < x2 < 595 and 0 < y1 < y2 < 842
    closing = _pdftotext(pdf, "-f", str(page + 1), "-l", str(page + 1))
    assert "Signé électroniquement" in closing
    # same document, same bytes
    assert render_pv(doc).data == rendered.data


def test_pv_pages_render_as_images(demo_pv: tuple[PvDocument, RenderedPdf, Path]) -> None:
    _doc, rendered, pdf = demo_pv
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(pdf.parent / "page")],
                   check=True)
    pngs = sorted(pdf.parent.glob("page-*.png"))
    assert len(pngs) == rendered.page_count
    with Image.open(pngs[0]) as first, Image.open(pngs[-1]) as annex:
        assert first.convert("L").getextrema()[0] < 100  # ink on the first page
        # the last page is a full-size screenshot: many colours, not a blank page
        assert len(annex.convert("RGB").getcolors(1 << 16) or []) > 20


def test_without_demo_there_is_no_watermark(tmp_path: Path) -> None:
    doc = dataclasses.replace(_document(demo=False), entries=_document().entries[:1])
    pdf = _write(render_pv(doc), tmp_path / "pv.pdf")
    text = _pdftotext(pdf)
    assert "DÉMONSTRATION" not in text and "PV-7F3A — page 1 /" in text
    assert b"ProbantDemoWatermark" not in pdf.read_bytes()


def test_attestation_de_depot(tmp_path: Path) -> None:
    files = tuple(ReceivedFile(annex=str(i + 1), filename=f"photo-{i}.jpg", size=len(data),
                               sha256=_sha(data), received_local="2026-11-26 09:30:00",
                               description="Photographie prise par le client.",
                               attachment=data if i == 0 else None, referenced_only=i == 1)
                  for i, data in enumerate((b"jpeg-0", b"jpeg-1")))
    doc = AttestationDocument(
        attestation_id="ATT-01", constat_id="cst_01", officer=OFFICER,
        dossier_title="Martin c/ X", requester="SAS Martin",
        handed_by="M. Paul MARTIN, président de la SAS Martin",
        received_local="2026-11-26 09:30:00", files=files, narrative="", demo=True,
        software="Probant 0.1.0")
    rendered = render_attestation(doc)
    pdf = _write(rendered, tmp_path / "attestation.pdf")
    text = _pdftotext(pdf)
    flat = re.sub(r"\s+", "", text)
    for mention in ("ATTESTATION DE DÉPÔT", "Le 26 novembre 2026",
                    "M. Paul MARTIN, président de la SAS Martin", "NE SONT PAS certifiées",
                    "ordonnance n° 2016-728", "Fichiers remis", "Signé électroniquement",
                    "photo-0.jpg", "photo-1.jpg", WATERMARK):
        assert mention in text, mention
    assert "PROCÈS-VERBAL" not in text  # handed-in files are never presented as a constat
    for f in files:
        assert f.sha256 in flat
    assert _pages(pdf) == rendered.page_count
    assert f"ATT-01 — page 1 / {rendered.page_count}" in text
    assert "annexe-1-photo-0.jpg" in subprocess.run(
        ["pdfdetach", "-list", str(pdf)], check=True, capture_output=True, text=True).stdout


def test_render_prints_an_attestation_for_handed_in_files_only(tmp_path: Path) -> None:
    pv = _document()
    doc = dataclasses.replace(pv, attestation=True, entries=pv.entries[-1:])
    text = _pdftotext(_write(render(doc), tmp_path / "att.pdf"))
    assert "ATTESTATION DE DÉPÔT" in text and "facture.pdf" in text


def test_environment_only_constat_stays_a_pv_and_says_what_is_missing(tmp_path: Path) -> None:
    env = PvEntry(annex="1", kind="environment", origin="generated",
                  captured_local="2026-11-25 14:00:00", tsa_time=None,
                  tsa_pending_reason="poste hors ligne", description="Relevé automatique.",
                  sha256=_sha(b"env"), size=3, filename="environnement.json")
    doc = dataclasses.replace(
        _document(demo=False), attestation=True, entries=(env,), environment=(),
        officer=Officer("Maître Démo", "", ""), pending_note="Annexe 1 : poste hors ligne.")
    rendered = render(doc)  # build.py flags it as an attestation: no handed-in file, so a PV
    text = _pdftotext(_write(rendered, tmp_path / "pv.pdf"))
    for mention in ("PROCÈS-VERBAL DE CONSTAT", "horodatage en attente : poste hors ligne",
                    "Horodatages en attente", "[étude non renseignée]",
                    "[adresse non renseignée]", "Aucun relevé de l'environnement"):
        assert mention in text, mention
    assert "ATTESTATION" not in text
    word = "page" if rendered.page_count == 1 else "pages"
    assert f"comprenant {rendered.page_count} {word} annexes comprises" in text


def test_headings_say_what_each_report_and_reproduction_is(tmp_path: Path) -> None:
    """D3 point 6: a report taken mid-constat is « Relevé intermédiaire » (not « Fin des
    opérations »); « taille réelle » only for a screenshot drawn at 96 dpi; a photograph is
    never said to be in real size; the qualified wording only with the qcStatements."""
    doc = _document()
    small = _png(1, (400, 300))
    photo = _png(2, (400, 300))
    entries = (PvEntry(annex="2", kind="screenshot", origin="captured",
                       captured_local="2026-11-25 14:01:00", tsa_time="2026-11-25 13:01:01",
                       tsa_pending_reason=None, description="Région.", sha256=_sha(small),
                       size=len(small), filename="r.png", image=small, finding="Vu."),
               PvEntry(annex="3", kind="photo", origin="captured",
                       captured_local="2026-11-25 14:02:00", tsa_time="2026-11-25 13:02:01",
                       tsa_pending_reason=None, description="Photo.", sha256=_sha(photo),
                       size=len(photo), filename="p.png", image=photo, finding="Vu."))
    env = (EnvironmentSummary("start", legal("2026-11-25T13:00:00Z"), "1", ("Écrans : 1920x1080",), ()),
           EnvironmentSummary("manual", legal("2026-11-25T13:05:00Z"), "4", ("Écrans : 1920x1080",), ()),
           EnvironmentSummary("end", legal("2026-11-25T13:20:00Z"), "5", ("Écrans : 1920x1080",), ()))
    qualified = dataclasses.replace(SIGNER, qualified=True, qscd=True)
    pdf = _write(render_pv(dataclasses.replace(doc, entries=entries, environment=env,
                                               signer=qualified, reservations=())),
                 tmp_path / "pv.pdf")
    text = _pdftotext(pdf)
    assert ("Relevé intermédiaire — relevé du 2026-11-25 14:05:00 heure légale française "
            "(UTC+01:00), soit 13:05:00 UTC (annexe 4)") in text
    assert text.index("Début des opérations") < text.index("Relevé intermédiaire") < text.index(
        "Fin des opérations")
    assert text.count("Fin des opérations") == 1
    assert "Reproduction en taille réelle (un pixel de l'écran pour 1/96 de pouce) en annexe 2" in text
    assert "Reproduction intégrale en annexe 3" in text and "réelle en annexe 3" not in text
    assert "certificat qualifié, clé conservée sur un dispositif qualifié" in text
    assert "certificat non qualifié" not in text and "Réserves" not in text
    draft = _write(render_pv(dataclasses.replace(doc, signer=None)), tmp_path / "draft.pdf")
    assert "non encore désigné" in _pdftotext(draft)
    assert "qualifié" not in _pdftotext(draft).replace("non qualifié", "")


def test_qualified_only_with_the_qc_statements() -> None:
    """D3 point 2: « qualifié » comes from the certificate's qcStatements, nothing else."""
    from datetime import UTC, datetime, timedelta

    from asn1crypto import x509 as asn1_x509
    from cryptography import x509 as cx509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    from signing.pv.claims import (
        QC_COMPLIANCE,
        QC_SSCD,
        _QcStatement,
        _QcStatements,
        certificate_facts,
    )

    def cert(statements: tuple[str, ...]) -> asn1_x509.Certificate:
        key = ec.generate_private_key(ec.SECP256R1())
        name = cx509.Name([cx509.NameAttribute(NameOID.COMMON_NAME, "Maître Jeanne DUPONT"),
                           cx509.NameAttribute(NameOID.COUNTRY_NAME, "FR")])
        now = datetime.now(UTC)
        builder = (cx509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(key.public_key()).serial_number(0x1F2E)
                   .not_valid_before(now).not_valid_after(now + timedelta(days=1)))
        if statements:
            der = _QcStatements([_QcStatement({"statement_id": s}) for s in statements]).dump()
            builder = builder.add_extension(cx509.UnrecognizedExtension(
                cx509.ObjectIdentifier("1.3.6.1.5.5.7.1.3"), der), critical=False)
        pem = builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)
        return asn1_x509.Certificate.load(pem)

    plain, compliant, sscd = (certificate_facts(cert(s)) for s in (
        (), (QC_COMPLIANCE,), (QC_COMPLIANCE, QC_SSCD)))
    assert (plain.qualified, plain.qscd) == (False, False)
    assert (compliant.qualified, compliant.qscd) == (True, False)
    assert (sscd.qualified, sscd.qscd) == (True, True)
    assert set(plain.subject.split(", ")) == {"CN=Maître Jeanne DUPONT", "C=FR"}
    assert plain.serial == "1F2E"


def test_every_printed_time_says_its_zone(demo_pv: tuple[PvDocument, RenderedPdf, Path]) -> None:
    """D3 point 7: no bare clock time; each one is followed by « heure légale française
    (UTC±hh:mm) » and its UTC, or by « UTC » itself."""
    _doc, _rendered, pdf = demo_pv
    text = _pdftotext(pdf)
    times = list(re.finditer(r"(?<![+\-\d:])\d{2}:\d{2}(?::\d{2})?", text))
    assert len(times) > 20
    for m in times:
        after = text[m.end():m.end() + 45]
        assert (after.startswith((" heure légale française (UTC+0", " UTC", " (heure légale"))
                or re.match(r"^\d{2} UTC", after)), text[m.start() - 40:m.end() + 45]
    # winter and summer: the offset is the law's for that date, not the workstation's
    assert legal("2026-07-14T10:00:00Z").startswith("2026-07-14 12:00:00 heure légale "
                                                     "française (UTC+02:00), soit 10:00:00 UTC")
    assert legal("2026-03-29T00:59:59Z").startswith("2026-03-29 01:59:59 heure légale "
                                                     "française (UTC+01:00)")
    assert "(UTC+02:00)" in legal("2026-03-29T01:00:00Z")
    assert legal("2026-12-31T23:30:00Z") == ("2027-01-01 00:30:00 heure légale française "
                                             "(UTC+01:00), soit 2026-12-31 23:30:00 UTC")


def test_pdf_dates_are_the_build_time_in_info_and_xmp(
        demo_pv: tuple[PvDocument, RenderedPdf, Path]) -> None:
    """D3 point 8: not reportlab's invariant 2000-01-01, and an XMP packet that agrees."""
    _doc, _rendered, pdf = demo_pv
    info = subprocess.run(["pdfinfo", "-isodates", str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    assert re.search(r"^CreationDate:\s+2026-11-25T13:21:07(Z|\+00)", info, re.M), info
    assert re.search(r"^ModDate:\s+2026-11-25T13:21:07(Z|\+00)", info, re.M), info
    assert "2000" not in info
    xmp = subprocess.run(["pdfinfo", "-meta", str(pdf)], check=True, capture_output=True,
                         text=True).stdout
    assert 'xmp:CreateDate="2026-11-25T13:21:07+00:00"' in xmp, xmp
    assert 'xmp:ModifyDate="2026-11-25T13:21:07+00:00"' in xmp, xmp
    assert "PROCÈS-VERBAL DE CONSTAT PV-7F3A" in xmp


def _red(png: Path) -> int:
    with Image.open(png) as img:
        return sum(1 for r, g, b in img.convert("RGB").get_flattened_data() if r > 150 and g < 70 and b < 70)


def test_demo_watermark_is_drawn_over_the_pictures(tmp_path: Path) -> None:
    """D3 point 10: a demo capture is never shown bare, in the constatations nor on its
    annex page; a real vault's pictures carry nothing."""
    out = worker_output_dir("pv")
    counts = {}
    for demo in (True, False):
        doc = dataclasses.replace(_document(demo=demo), entries=_document().entries[:1])
        pdf = _write(render_pv(doc), tmp_path / f"pv-{demo}.pdf")
        prefix = tmp_path / f"page-{demo}"
        subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(prefix)], check=True)
        pngs = sorted(tmp_path.glob(f"page-{demo}-*.png"))
        counts[demo] = [_red(p) for p in pngs]
        if demo:
            for p in (pngs[0], pngs[-1]):
                (out / f"demo-watermark-{p.name}").write_bytes(p.read_bytes())
    # the thumbnail's page and the full-size annex page (the last) both show it
    assert counts[True][-1] > 500 and max(counts[True][:-1]) > 100, counts
    assert sum(counts[False]) == 0, counts


def test_attestation_prints_what_the_officer_wrote(tmp_path: Path) -> None:
    """D3: an attestation requires no finding nor narrative; what was written is printed."""
    pv = _document()
    imported = dataclasses.replace(pv.entries[-1], finding="Le fichier est une facture.")
    doc = dataclasses.replace(pv, attestation=True, entries=(imported,))
    text = _pdftotext(_write(render(doc), tmp_path / "att.pdf"))
    for mention in ("ATTESTATION DE DÉPÔT", "Observation du commissaire de justice : Le fichier "
                    "est une facture.", "Nous avons constaté ce qui précède.", "Réserves",
                    "Poste hors ligne.", "délivré par"):
        assert mention in text, mention
