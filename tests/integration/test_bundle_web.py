"""A constat's web archives in its bundle (F2 point 7): a real recording-browser session
(QtWebEngine offscreen, the local HTTPS site, certomancer's TSA), exported; the WACZ
and its signature (WACZ signing spec) travel in the bundle, and VERIFY.md's steps,
run as written, check and replay-proof them (`wacz validate`, openssl); then the
archive is tampered with."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path

from evidence.bundle.export import ExportRequest, export_bundle
from evidence.bundle.probant_verify import verify
from evidence.timestamps import add_authority
from signing.tsa.stamp import digest_stamper
from tests.fixtures.vault import make_vault_home
from tests.fixtures.web_server import WebSite
from tests.integration.test_bundle import _blocks, _run_verify_md
from tests.integration.test_web_capture import _constat, _run


def _tamper_wacz(bundle: Path, out: Path) -> str:
    """datapackage.json of the WACZ edited (its title), the WACZ re-zipped in place."""
    with zipfile.ZipFile(bundle) as z:
        files = {n: z.read(n) for n in z.namelist()}
    name = next(n for n in files if n.endswith(".wacz"))
    with zipfile.ZipFile(io.BytesIO(files[name])) as inner:
        parts = {n: inner.read(n) for n in inner.namelist()}
    parts["datapackage.json"] = parts["datapackage.json"].replace(b'"title": "',
                                                                  b'"title": "Retouche ')
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(rebuilt, "w") as inner:
        for n, data in parts.items():
            inner.writestr(n, data)
    files[name] = rebuilt.getvalue()
    with zipfile.ZipFile(out, "w") as z:
        for n, data in files.items():
            z.writestr(n, data)
    return name


def test_the_bundle_carries_each_wacz_and_verify_md_checks_it(  # type: ignore[no-untyped-def]
        web_site: WebSite, pki, tmp_path: Path) -> None:
    vh = make_vault_home(tmp_path / "home")
    constat = _constat(vh)
    with vh.open() as vault:
        add_authority(vault, pki.tsa_url, pki.ca_bundle_pem.read_text())
    code, out = _run(web_site, vh, constat, web_site.base + "/start")
    assert code == 0, out
    bundle = tmp_path / "web.zip"
    with vh.open() as vault:
        result = export_bundle(vault, ExportRequest(constat, bundle, require_pv=False),
                               stamper=digest_stamper(vault, 10))
    assert result.timestamped

    with zipfile.ZipFile(bundle) as z:
        names = set(z.namelist())
        index = json.loads(z.read("bundle.json"))
        text = z.read("VERIFY.md").decode()
    archive = next(i for i in index["items"] if i["kind"] == "web_archive")
    assert archive["evidence_id"] == out["id"] and archive["file"].endswith(".wacz")
    annex = archive["annex"]
    assert {archive["file"], f"web/{annex}.pub.pem", f"web/{annex}.sig.der",
            f"web/{annex}.tsr"} <= names
    assert "ReplayWeb.page" in text and "wacz validate -f " + archive["file"] in text

    run, verifier = _run_verify_md(bundle, tmp_path / "steps", trust=pki.ca_bundle_pem)
    output = run.stdout + run.stderr
    assert verifier == 0, output
    assert f"{archive['file']} datapackage.json: OK" in output
    assert f"web/{annex}.pub.pem: OK" in output and "Verified OK" in output
    assert "Validation succeeded" in output  # wacz validate
    report = verify(bundle, [pki.ca_bundle_pem.read_bytes()])
    assert report.ok and report.attached, report.errors
    assert any(n.startswith(archive["file"] + ": WACZ signed, timestamped") for n in report.notes)

    # The archive edited after the fact: its signed digest no longer matches.
    bad = tmp_path / "bad" / bundle.name
    bad.parent.mkdir()
    wacz = _tamper_wacz(bundle, bad)
    folder = tmp_path / "bad-unzipped"
    with zipfile.ZipFile(bad) as z:
        z.extractall(folder)
    web_block = next(b for b in _blocks(text, "# Verifying this evidence")
                     if "wacz validate" in b)
    step = subprocess.run(["bash", "-e", "-c", web_block], cwd=folder, capture_output=True,
                          text=True)
    assert step.returncode != 0 and "FAILED: datapackage.json differs" in step.stdout, step.stdout
    found = verify(bad)
    assert any(e.file == wacz and e.check == "web" for e in found.errors), found.errors
