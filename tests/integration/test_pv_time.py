"""D3 points 7, 8 and 10 on a real signed PV (CLI, certomancer TSA, PKCS#12 signer, Xvfb):
every time printed with its zone, the capture clock's offset measured against the TSA
(the test machine reaches no NTP server) or an NTP server, each token's TSA named with
what it proves; the PDF's /Info and XMP dates are the build and signing times; a demo
vault's manifests and pictures say DEMO. One signed constat for the module (a PV
signature costs ~20 s)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from signing.pv.times import legal
from tests.fixtures.cli import Probant, offline_settings
from tests.fixtures.output import worker_output_dir
from tests.integration.test_pv import P12_ENV, _add_p12, complete

OFFICER = "Maître Jeanne DUPONT"


@dataclass(frozen=True)
class Signed:
    probant: Probant
    constat: str
    pdf: Path
    text: str  # pdftotext, whitespace runs made one space
    items: list[dict[str, Any]]
    before_build: datetime
    after_sign: datetime


def _text(pdf: Path) -> str:
    return " ".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                                   capture_output=True, text=True).stdout.split())


@pytest.fixture(scope="module")
def signed(pki, xvfb, tmp_path_factory: pytest.TempPathFactory) -> Signed:
    pki.start_server()
    tmp = tmp_path_factory.mktemp("pv-time")
    home = tmp / "probant-home"
    offline_settings(home)
    probant = Probant(home)
    display = {"DISPLAY": xvfb.display}
    assert probant.setup("init", "--name", OFFICER, demo=True).code == 0
    dossier = probant.setup("dossier", "new", "Affaire Martin", "--requester",
                            "SAS Martin").json["id"]
    constat = probant("constat", "new", "--dossier", dossier, "--mission", "Constater la page",
                      "--place", "En notre étude", env=display).json["id"]
    assert probant.setup("tsa", "add", pki.tsa_url, "--trust", str(pki.ca_bundle_pem)).code == 0
    shot = probant("capture", "region", "0,0,640,400", "--constat", constat, env=display)
    assert shot.code == 0, shot.stderr
    src = tmp / "piece.txt"
    src.write_text("courriel remis par le client")
    assert probant.setup("annex", "add", "--constat", constat, str(src)).code == 0
    assert probant.setup("constat", "close", constat).code == 0
    assert probant.setup("timestamp", "flush").code == 0
    _add_p12(probant, pki)
    complete(probant, constat)
    before = datetime.now(UTC).replace(microsecond=0)
    run = probant("pv", "sign", "--constat", constat, env=P12_ENV)
    assert run.code == 0, run.stderr
    pdf = tmp / "pv.pdf"
    assert probant("pv", "export", "--constat", constat, "--out", str(pdf)).code == 0
    after = datetime.now(UTC)
    items = probant("evidence", "list", "--constat", constat).json
    out = worker_output_dir("pv")
    for old in out.glob("time-pv-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "3", str(pdf),
                    str(out / "time-pv")], check=True)
    shutil.copy(pdf, out / "time-pv.pdf")
    return Signed(probant, constat, pdf, _text(pdf), items, before, after)


def test_every_time_says_its_zone_and_the_clock_offset_is_measured(signed: Signed) -> None:
    text = signed.text
    # The environment reports' own sentences are capture/environment's wording (checked
    # there: tests/unit/test_env_*; the last update's time carries its offset since
    # 2026-12-05); everything the PV says itself is checked here.
    for item in signed.items:
        if item["kind"] == "environment":
            meta = signed.probant("evidence", "show", item["id"]).json["metadata"]
            for line in meta.get("summary_fr", ()):
                text = text.replace(" ".join(line.split()), "")
    # the act's date too says its zone and UTC
    assert re.match(r"^.{0,200}Le \d+(?:er)? \S+ \d{4} à \d\d:\d\d \(heure légale française, "
                    r"UTC\+0\d:00\), soit (?:\d{4}-\d\d-\d\d )?\d\d:\d\d UTC,", text), text[:400]
    # no clock time without its zone, the signature's visible stamp included
    assert re.search(r"Signé électroniquement par .{0,80} le \S+ \S+ heure légale française "
                     r"\(UTC\+0\d:00\) soit (?:\d{4}-\d\d-\d\d )?\S+ UTC", text), text[-3000:]
    for m in re.finditer(r"(?<![+\-\d:])\d{2}:\d{2}(?::\d{2})?", text):
        after = text[m.end():m.end() + 45]
        assert (after.startswith((" heure légale française (UTC+0", " UTC", " (heure légale"))
                or re.match(r"^\d{2} UTC", after)), text[m.start() - 60:m.end() + 45]
    shot = next(i for i in signed.items if i["kind"] == "screenshot")
    assert f"Annexe {shot['annex']} — capture d'écran — {legal(shot['captured_at'])}" in text
    # the start report reached no NTP server: the offset is the one the first token measured
    m = re.search(r"Heure lue sur l'horloge du poste ; écart mesuré : ([+−]\d+) ms par rapport "
                  r"à l'heure du jeton de Probant Test TSA \(à ± (\d+) ms près, mesuré lors de "
                  r"la demande du jeton, le (\S+ \S+) heure légale française", text)
    assert m, text[:3000]
    # same machine, same clock: the printed margin (half the round trip, and half of the
    # whole second certomancer's genTime is truncated to) holds the true offset, zero
    assert abs(int(m[1].replace("−", "-"))) <= int(m[2]) + 1, m.group(0)
    assert "d'après le jeton d'horodatage RFC 3161 délivré par Probant Test TSA, ce fichier et " \
           "son manifeste signé existaient au plus tard le" in text
    assert "prouve que les données qu'il couvre existaient au plus tard" in text
    # a handed-in file's time is its receipt, not a capture on the workstation clock
    assert text.count("Heure lue sur l'horloge du poste") == 1


def test_pdf_dates_are_the_build_and_signing_times(signed: Signed) -> None:
    info = subprocess.run(["pdfinfo", "-isodates", str(signed.pdf)], check=True,
                          capture_output=True, text=True).stdout

    def date(key: str) -> datetime:
        m = re.search(rf"^{key}:\s+(\S+)", info, re.M)
        assert m, info
        return datetime.fromisoformat(m[1].replace("Z", "+00:00"))

    created, modified = date("CreationDate"), date("ModDate")
    slack = timedelta(seconds=2)  # PDF dates have whole seconds
    assert signed.before_build - slack <= created <= modified <= signed.after_sign + slack, info
    xmp = subprocess.run(["pdfinfo", "-meta", str(signed.pdf)], check=True,
                         capture_output=True, text=True).stdout
    xmp_created = re.search(r'xmp:CreateDate="([^"]+)"', xmp)
    xmp_modified = re.search(r'xmp:ModifyDate="([^"]+)"', xmp)
    assert xmp_created and xmp_modified, xmp
    assert datetime.fromisoformat(xmp_created[1]) == created
    assert datetime.fromisoformat(xmp_modified[1]) == modified


def test_a_demo_vault_says_demo_in_each_manifest_and_over_each_picture(signed: Signed) -> None:
    for item in signed.items:
        shown = signed.probant("evidence", "show", item["id"])
        assert shown.code == 0, shown.stderr
        manifest = shown.json["manifest"]
        body = json.loads(manifest) if isinstance(manifest, str) else manifest
        assert body.get("demo") is True or body.get("body", {}).get("demo") is True, body
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(signed.pdf)], capture_output=True, text=True).stdout).group(1))
    assert signed.text.count("DÉMONSTRATION — sans valeur probante") >= pages
    annex = signed.pdf.parent / "annex"
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", str(pages), "-l", str(pages),
                    str(signed.pdf), str(annex)], check=True)
    from PIL import Image

    [png] = signed.pdf.parent.glob("annex*.png")
    with Image.open(png) as img:
        red = sum(1 for r, g, b in img.convert("RGB").get_flattened_data() if r > 150 and g < 70 and b < 70)
    assert red > 200, red  # the red outline over the full-size capture


def test_ntp_offset_of_a_report_is_the_one_printed(ntp_server) -> None:
    """The NTP path with the real probe (ntplib against a loopback server 250 ms ahead): the
    reading nearest in time to the capture is the one the PV prints."""
    from capture.environment.base import EnvironmentConfig
    from capture.environment.network import clock_offset
    from signing.pv.times import clock_offset as printed
    from signing.pv.times import ntp_readings

    ahead = ntp_server(0.25)
    check = clock_offset(EnvironmentConfig(ntp_servers=("127.0.0.1",), ntp_port=ahead.port,
                                           timeout_s=2))
    checks = {"clock": {"value": check.value, "status": check.status}}
    readings = ntp_readings([("2026-11-25T13:00:00Z", checks),
                             ("2026-11-25T15:00:00Z", {"clock": {"value": {
                                 "127.0.0.1": "injoignable"}}})],
                            ["relevé de début, annexe 1", "relevé de fin, annexe 9"])
    [reading] = readings
    assert 200 <= reading.offset_ms <= 300, reading
    offset = printed("2026-11-25T14:59:00Z", readings, None, "")
    assert (offset.reference, offset.source, offset.where) == ("ntp", "127.0.0.1",
                                                               "relevé de début, annexe 1")
    assert printed("2026-11-25T14:59:00Z", [], None, "").offset_ms is None
