"""A response cut short (its server announces 100 KiB, sends half and closes the connection):
Chromium hands the Fetch read the half it got, with no error; only its NetLog says the
request failed. The archive must say so — never a complete-looking 200 with half a body:
its record is ``WARC-Truncated: disconnect``, its body source ``cut``, Chromium's error named;
the bytes kept are exactly those the server sent; the navigation log lists it. Its sibling,
sent whole, is untouched. Real CLI, QtWebEngine offscreen, the HTTPS fixture's ``/cutpage``."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from tests.fixtures.cli import capture_to_wacz, demo_site_constat
from tests.fixtures.web_server import CUT_BODY, ROUTES, WebSite


def test_a_response_cut_mid_body_is_archived_as_cut_never_as_whole(
        web_site: WebSite, tmp_path: Path) -> None:
    probant, constat = demo_site_constat(tmp_path)
    wacz = tmp_path / "s.wacz"
    run = capture_to_wacz(probant, constat, wacz, web_site.env(), web_site.base + "/cutpage",
                          "--wait", "10")
    with zipfile.ZipFile(wacz) as zf:
        warc = zf.read("archive/data.warc.gz")
    got = {r.rec_headers.get_header("WARC-Target-URI"): (
        r.rec_headers, r.http_headers, r.content_stream().read())
        for r in ArchiveIterator(io.BytesIO(warc)) if r.rec_type == "response"}
    sent = {s.path: s.body for s in web_site.log}
    assert sent["/cut.bin"] == CUT_BODY[:len(CUT_BODY) // 2]  # what left the server

    headers, http, body = got[web_site.base + "/cut.bin"]
    assert body == sent["/cut.bin"]  # the bytes received, exactly, and no more
    # The server's announcement kept as it was; the record's own length is what it holds.
    assert http.get_header("X-Archive-Orig-Content-Length") == str(len(CUT_BODY))
    assert http.get_header("Content-Length") == str(len(body))
    assert headers.get_header("WARC-Truncated") == "disconnect"
    assert headers.get_header("WARC-Probant-Body-Source") == "cut"
    assert headers.get_header("WARC-Probant-Net-Error") == "net::ERR_CONTENT_LENGTH_MISMATCH"

    headers, _http, body = got[web_site.base + "/blob.bin"]
    assert body == ROUTES["/blob.bin"][1]
    assert headers.get_header("WARC-Truncated") is None
    assert headers.get_header("WARC-Probant-Net-Error") is None
    assert headers.get_header("WARC-Probant-Body-Source") == "fetch"

    log_id = next(i["id"] for i in run.json["items"] if i["kind"] == "web_log")
    out = tmp_path / "log.json"
    assert probant("evidence", "export", log_id, "--out", str(out), demo=True).code == 0
    log = json.loads(out.read_bytes())
    assert log["cut"] == [{"url": web_site.base + "/cut.bin", "received": len(CUT_BODY) // 2,
                           "error": "net::ERR_CONTENT_LENGTH_MISMATCH"}]
    assert log["bodies"]["cut"] == 1
    # The page itself came whole: its visit is not a failure.
    assert [n["error"] for n in log["navigations"]] == [""]
