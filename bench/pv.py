"""PV of N captures: build + PAdES B-LTA signature, against reportlab + pyHanko alone, same run.

Usage: .venv/bin/python -m bench.pv [--captures 200] [--runs 3]

Set-up (not timed): the test PKI of tests/fixtures/pki.py served on loopback (TSA, OCSP,
CRL), a vault (tests/fixtures/vault.py) with one constat holding N synthetic 1280x720
PNG screenshots (text, boxes and a noise patch each: not trivially compressible), the
PKCS#12 signer added with ``workflow.add_signer``.
Measured, each run: Probant = ``workflow.build_pv`` (collect from the vault: decrypt
every blob; layout with page-count passes; annex index attached)
then ``signer_spec`` + ``open_signer`` + ``sign.sign_pdf`` at B-LTA online (signer
certificate checked with OCSP, signature timestamp, DSS, document timestamp). Not
``sign_pv``: its rules (environment reports, closed constat...) are left out.
Probant's cached validation context (signing.tsa.client) is cleared before each run, as
in a fresh ``probant pv sign`` process.
Reference, same run, same PNG bytes, same signer and TSA: a plain reportlab
SimpleDocTemplate (base-14 fonts, title page + table of the N annexes with SHA-256, each
capture as a thumbnail with a caption, then each full-size on its own page), then minimal
pyHanko: SimpleSigner.load_pkcs12, PdfSignatureMetadata(PADES, embed_validation_info,
use_pades_lta, a fresh ValidationContext), HTTPTimeStamper, invisible signature field.
Both sides write binary (not ASCII85) image streams. One warm-up run, not counted;
medians over the runs. Goal: Probant total <= 1.3x reference.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image, ImageDraw  # noqa: E402
from pyhanko.keys import load_cert_from_pemder  # noqa: E402
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: E402
from pyhanko.pdf_utils.reader import PdfFileReader  # noqa: E402
from pyhanko.sign import fields, signers  # noqa: E402
from pyhanko.sign.timestamps import HTTPTimeStamper  # noqa: E402
from pyhanko_certvalidator import ValidationContext  # noqa: E402
from reportlab import platypus  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import getSampleStyleSheet  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from evidence import dossiers  # noqa: E402
from evidence.items import EvidenceRequest, add_evidence  # noqa: E402
from signing.handlers import FixedAnswers  # noqa: E402
from signing.pv import sign, workflow  # noqa: E402
from signing.tsa import client as tsa_client  # noqa: E402
from tests.fixtures.pki import TestPki, make_pki  # noqa: E402
from tests.fixtures.vault import make_vault_home  # noqa: E402

GOAL = 1.3
PIN = "probant-test"
Sample = tuple[float, float, int, int]  # build s, sign s, PDF bytes, pages


def _screenshot(i: int) -> bytes:
    """A screenshot-like PNG: bars, text lines, boxes and a noisy 'photo' area."""
    rnd = random.Random(i)
    img = Image.new("RGB", (1280, 720), (rnd.randrange(230, 256),) * 3)
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, 1280, 40), fill=(rnd.randrange(256), rnd.randrange(256), 120))
    for row in range(60, 700, 18):
        words = " ".join(rnd.choice(("constat", "page", "accueil", "prix", "conditions",
                                     "client", f"{rnd.randrange(10**6)}")) for _ in range(12))
        draw.text((20 + rnd.randrange(40), row), words, fill=(rnd.randrange(120),) * 3)
    for _ in range(8):
        x, y = rnd.randrange(1100), rnd.randrange(600)
        ink = (rnd.randrange(256), rnd.randrange(256), rnd.randrange(256))
        draw.rectangle((x, y, x + rnd.randrange(40, 180), y + rnd.randrange(20, 110)),
                       outline=ink, width=2)
    noise = Image.frombytes("RGB", (240, 160), rnd.randbytes(240 * 160 * 3))
    img.paste(noise, (rnd.randrange(1000), rnd.randrange(540)))
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _pages(pdf: bytes) -> int:
    """Page count, after checking the B-LTA shape: signature + document timestamp, DSS."""
    reader = PdfFileReader(io.BytesIO(pdf))
    assert len(reader.embedded_signatures) == 2 and "/DSS" in reader.root, "not B-LTA"
    return int(reader.root["/Pages"]["/Count"])


def _reference_pdf(pngs: list[bytes]) -> bytes:
    from reportlab import rl_config

    rl_config.useA85 = 0  # binary image streams, as Probant writes them: same encoding both sides
    styles = getSampleStyleSheet()
    out = io.BytesIO()
    rows = [["Annexe", "Fichier", "SHA-256"]] + [
        [str(n), f"capture-{n:03d}.png", hashlib.sha256(p).hexdigest()]
        for n, p in enumerate(pngs, 1)]
    table = Table(rows, repeatRows=1)
    table.setStyle(TableStyle([("FONTSIZE", (0, 0), (-1, -1), 7),
                               ("GRID", (0, 0), (-1, -1), 0.3, "#999999")]))
    story: list[object] = [Paragraph("Procès-verbal de constat", styles["Title"]), table]
    for n, png in enumerate(pngs, 1):
        story += [Spacer(1, 4 * mm),
                  platypus.Image(io.BytesIO(png), 75 * mm, 75 * mm * 720 / 1280),
                  Paragraph(f"Annexe {n} : capture d'écran (pleine taille en annexe)",
                            styles["Normal"])]
    for n, png in enumerate(pngs, 1):
        width = A4[0] - 40 * mm
        story += [PageBreak(), Paragraph(f"Annexe {n}", styles["Heading2"]),
                  platypus.Image(io.BytesIO(png), width, width * 720 / 1280)]
    SimpleDocTemplate(out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm).build(story)
    return out.getvalue()


def _reference_sign(pdf: bytes, pki: TestPki) -> bytes:
    signer = signers.SimpleSigner.load_pkcs12(str(pki.signer_p12), passphrase=pki.p12_password)
    assert signer is not None
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(pki.root_pem))],
                                other_certs=[load_cert_from_pemder(str(pki.interm_pem))],
                                allow_fetching=True)
    meta = signers.PdfSignatureMetadata(
        field_name="Signature", subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
        embed_validation_info=True, use_pades_lta=True, validation_context=context)
    out = io.BytesIO()
    signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=signer,
                     timestamper=HTTPTimeStamper(pki.tsa_url), output=out,
                     bytes_reserved=32768)
    return out.getvalue()


def _timed(build: Callable[[], bytes], signing: Callable[[bytes], bytes]) -> Sample:
    start = time.perf_counter()
    draft = build()
    built = time.perf_counter()
    signed = signing(draft)
    done = time.perf_counter()
    return built - start, done - built, len(signed), _pages(signed)


def _bench(tmp: Path, pki: TestPki, captures: int, runs: int) -> None:
    pngs = [_screenshot(i) for i in range(captures)]
    trust = pki.ca_bundle_pem.read_text()
    with make_vault_home(tmp / "home").open() as vault:
        dossier = dossiers.create_dossier(vault, "Bench PV", "SAS Bench, 1 rue du Banc, Paris")
        constat = dossiers.create_constat(vault, dossier.id, "Constater le site").id
        for n, png in enumerate(pngs, 1):
            add_evidence(vault, EvidenceRequest(
                constat_id=constat, kind="screenshot", origin="captured", mime="image/png",
                filename=f"capture-{n:03d}.png"), png)
        spec = sign.SignerSpec("pkcs12", "bench", pki.signer_p12.read_bytes())
        workflow.add_signer(vault, spec, FixedAnswers(PIN), trust)
        where: dict[str, tuple[int, tuple[int, int, int, int]]] = {}

        def probant_build() -> bytes:
            rendered = workflow.build_pv(vault, constat)
            where["spot"] = rendered.signature_page, rendered.signature_box
            return rendered.data

        def probant_sign(data: bytes) -> bytes:
            page, box = where["spot"]
            with sign.open_signer(workflow.signer_spec(vault), FixedAnswers(PIN)) as signer:
                return sign.sign_pdf(data, signer, sign.SignOptions(
                    page, box, workflow.signing_trust(vault), pki.tsa_url)).data

        ours: list[Sample] = []
        ref: list[Sample] = []
        for run in range(-1, runs):  # run -1: warm-up (imports, fonts, connections)
            tsa_client._fresh_contexts.clear()
            a = _timed(probant_build, probant_sign)
            b = _timed(lambda: _reference_pdf(pngs), lambda pdf: _reference_sign(pdf, pki))
            if run >= 0:
                ours.append(a)
                ref.append(b)
    _report(ours, ref, captures, runs, sum(map(len, pngs)))


def _report(ours: list[Sample], ref: list[Sample], captures: int, runs: int, png_total: int
            ) -> None:
    def med(samples: list[Sample], k: int) -> float:
        return statistics.median(s[k] for s in samples)

    o_tot = statistics.median(s[0] + s[1] for s in ours)
    r_tot = statistics.median(s[0] + s[1] for s in ref)
    ratio = o_tot / r_tot
    print(f"\nPV of {captures} PNG captures 1280x720 ({png_total / 1e6:.1f} MB of PNG), build + "
          f"PAdES B-LTA online (loopback TSA + OCSP), median of {runs} runs after a warm-up.\n"
          "Probant: workflow.build_pv + sign.sign_pdf (not sign_pv: no rules checked). "
          "Reference: reportlab\nSimpleDocTemplate + minimal pyHanko, same PNGs, signer and "
          "TSA.\n")
    print(f"| {'measure':<30} | {'Probant':>11} | {'reference':>11} | {'ratio':>7} |")
    print(f"|{'-' * 32}|{'-' * 13}|{'-' * 13}|{'-' * 9}|")

    def row(name: str, a: float, b: float) -> None:
        print(f"| {name:<30} | {a:>9.2f} s | {b:>9.2f} s | {a / b:>6.2f}x |")

    row("build (PDF bytes)", med(ours, 0), med(ref, 0))
    row("sign B-LTA", med(ours, 1), med(ref, 1))
    row("total (build + sign)", o_tot, r_tot)
    verdict = "met" if ratio <= GOAL else "NOT met"
    print(f"| {f'goal total <= {GOAL}x':<30} | {'':>11} | {'':>11} | {verdict:>7} |")
    print(f"| {'signed PDF size':<30} | {ours[-1][2] / 1e6:>8.1f} MB | "
          f"{ref[-1][2] / 1e6:>8.1f} MB | {ours[-1][2] / ref[-1][2]:>6.2f}x |")
    print(f"| {'pages':<30} | {ours[-1][3]:>11} | {ref[-1][3]:>11} | {'':>7} |")
    print("\nper run total: " + ", ".join(
        f"{(a[0] + a[1]) / (b[0] + b[1]):.2f}x" for a, b in zip(ours, ref, strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--captures", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="probant-bench-pv-") as tmp:
        pki = make_pki(Path(tmp) / "pki")
        pki.start_server()
        try:
            _bench(Path(tmp), pki, args.captures, args.runs)
        finally:
            pki.stop_server()


if __name__ == "__main__":
    main()
