"""F2 point 7, the PV's part: a real ``probant web capture`` session (QtWebEngine offscreen,
the local HTTPS site with its own CA in a private NSS database), then the PV signed with
the certomancer PKI. The PV names each visited address (typed, redirected) with its status,
the server's IP and the certificate the browser verified (subject, issuer, SHA-256, equal
to the site's own), each browser capture with its address and title, and the signed
WACZ as an annex with its SHA-256 and its timestamp."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from tests.fixtures.cli import Probant, offline_settings
from tests.fixtures.output import worker_output_dir
from tests.fixtures.web_server import WebSite
from tests.integration.test_pv import P12_ENV, _add_p12, complete

OFFICER = "Maître Jeanne DUPONT"


def test_pv_states_the_visited_addresses_servers_certificates_and_the_wacz(
        pki_live, web_site: WebSite, tmp_path: Path) -> None:
    home = tmp_path / "probant-home"
    offline_settings(home)
    probant = Probant(home)
    assert probant.setup("init", "--name", OFFICER, demo=True).code == 0
    dossier = probant.setup("dossier", "new", "Affaire Martin", "--requester", "SAS Martin").json["id"]
    constat = probant.setup("constat", "new", "--dossier", dossier, "--mission",
                            "Constater la boutique en ligne", "--place", "En notre étude").json["id"]
    assert probant.setup("tsa", "add", pki_live.tsa_url, "--trust", str(pki_live.ca_bundle_pem)
                         ).code == 0
    start = web_site.base + "/start"
    run = probant("web", "capture", "--constat", constat, start, "--full-page", "--wait", "20",
                  env=web_site.env())
    assert run.code == 0, run.stderr[-3000:]
    assert probant.setup("constat", "close", constat).code == 0
    assert probant.setup("timestamp", "flush").code == 0
    _add_p12(probant, pki_live)
    complete(probant, constat)
    signed = probant("pv", "sign", "--constat", constat, env=P12_ENV)
    assert signed.code == 0, signed.stderr
    pdf = tmp_path / "pv.pdf"
    assert probant("pv", "export", "--constat", constat, "--out", str(pdf)).code == 0
    out = worker_output_dir("pv")
    for old in out.glob("web-pv-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "4", str(pdf),
                    str(out / "web-pv")], check=True)
    shutil.copy(pdf, out / "web-pv.pdf")
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                                   capture_output=True, text=True).stdout.split())
    flat = re.sub(r"\s+", "", text)
    items = {i["id"]: i for i in probant("evidence", "list", "--constat", constat).json}
    archive = items[run.json["id"]]
    log = next(i for i in items.values() if i["kind"] == "web_log")

    assert "Navigation sur internet" in text
    size = f"{archive['size']:,}".replace(",", " ")
    assert (f"Session de navigation : archive WACZ en annexe {archive['annex']} ({size} "
            f"octets), journal de navigation en annexe {log['annex']}.") in text
    assert archive["sha256"] in flat  # the WACZ, hashed, is an annex
    assert "archive web (WACZ signée)" in text  # in the list of annexes too
    assert "Archive WACZ signée de la session de navigation" in text and "web_archive" not in text
    assert re.search(r"Signature de l'archive horodatée par Probant Test TSA : l'archive "
                     r"existait au plus tard le \S+ \S+ heure légale française", text), text
    # the typed address, its redirect, their status and the server's address
    assert re.search(rf"heure légale française \(UTC\+0\d:00\), soit (?:\d{{4}}-\d\d-\d\d )?\S+ UTC — adresse saisie "
                     rf": {re.escape(start)} — réponse 302 — serveur 127\.0\.0\.1\.", text), text
    assert re.search(rf"— redirection : {re.escape(web_site.base)}/page — réponse 200 — serveur "
                     r"127\.0\.0\.1\.", text), text
    # the certificate as the browser verified it: the site's own
    assert text.count("Certificat présenté : CN=localhost, émis par CN=Probant Test Web CA ; "
                      "empreinte SHA-256 :") == 2, text  # the typed address and its redirect
    assert web_site.leaf_sha256 in flat
    # each browser capture with its address and title
    captures = [i for i in items.values() if i["kind"] in ("web_viewport", "web_fullpage")]
    assert {c["kind"] for c in captures} == {"web_viewport", "web_fullpage"}
    for c in captures:
        assert (f"Annexe {c['annex']} — "
                f"{'capture de la fenêtre du navigateur' if c['kind'] == 'web_viewport' else 'capture de la page entière'}"
                ) in text
    assert text.count(f"Page : {web_site.base}/page — titre : « Boutique de test ».") >= len(
        [i for i in items.values() if i["kind"].startswith("web_")
         and i["kind"] not in ("web_archive", "web_log")])
    assert re.search(r"Captures faites dans cette session : annexes [\d, ]+\.", text)

