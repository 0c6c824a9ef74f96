"""``probant web capture`` of an address that is a file (a PDF the browser downloads rather
than shows): stored as a ``web_download`` item with its URL, name and SHA-256, archived in the
signed WACZ as a resource record, never written to the workstation's disk; the other
addresses of the list are captured as pages. Real CLI, QtWebEngine offscreen, HTTPS fixture."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.fixtures.cli import demo_site_constat
from tests.fixtures.web_server import ROUTES, WebSite

PDF = b"%PDF-1.4\n% catalogue\n" + bytes(range(256)) * 32 + b"\n%%EOF\n"


def test_web_capture_of_a_pdf_stores_the_download(web_site: WebSite, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(ROUTES, "/catalogue.pdf", ("application/pdf", PDF))
    probant, constat = demo_site_constat(tmp_path)
    pdf_url = web_site.base + "/catalogue.pdf"
    run = probant("web", "capture", "--constat", constat, pdf_url, web_site.base + "/page",
                  demo=True, env=web_site.env())
    assert run.code == 0, run.stderr[-3000:]
    kinds = [i["kind"] for i in run.json["items"]]
    assert kinds.count("web_download") == 1 and "web_viewport" in kinds  # the page too
    items = probant("evidence", "list", "--constat", constat, demo=True).json
    download = next(i for i in items if i["kind"] == "web_download")
    assert download["metadata"]["url"] == pdf_url
    assert download["metadata"]["download_filename"] == "catalogue.pdf"
    assert download["sha256"] == hashlib.sha256(PDF).hexdigest() == download["metadata"]["sha256"]
    out = tmp_path / "got.pdf"
    assert probant("evidence", "export", download["id"], "--out", str(out), demo=True).code == 0
    assert out.read_bytes() == PDF
    wacz = tmp_path / "s.wacz"
    assert probant("evidence", "export", run.json["id"], "--out", str(wacz), demo=True).code == 0
    with zipfile.ZipFile(wacz) as zf:
        warc = zf.read("archive/data.warc.gz")
    found = [(r.rec_headers.get_header("WARC-Record-ID"), r.content_stream().read())
             for r in ArchiveIterator(io.BytesIO(warc))
             if r.rec_type == "resource" and r.rec_headers.get_header("WARC-Target-URI") == pdf_url]
    assert found == [(download["metadata"]["warc_record_id"], PDF)]
    assert not [p for p in web_site.home.rglob("*") if p.is_file() and p.read_bytes() == PDF]
