"""Exact response bodies (issue 16, point 2): read through the Fetch domain while Chromium holds
each response, every body in the WARC is the one the server sent — a Latin-1 page with
non-ASCII bytes (which Chromium's decoded copy re-encodes), a gzip-encoded text (the payload
is its identity body, the coding said), a binary body, and a heavy page of 120 sub-resources
(100 images that do not decode, of which Chromium keeps no copy, and Latin-1 style sheets).
Real CLI, QtWebEngine offscreen, the HTTPS fixture whose log holds the bytes it wrote."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from capture.web.wacz import verify_wacz
from tests.fixtures.cli import capture_to_wacz, demo_site_constat
from tests.fixtures.web_server import ENCODED, HEAVY_COUNT, LATIN1_HTML, ROUTES, WebSite


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _responses(wacz: bytes) -> dict[str, tuple[Any, bytes]]:
    with zipfile.ZipFile(io.BytesIO(wacz)) as zf:
        warc = zf.read("archive/data.warc.gz")
    out = {}
    for r in ArchiveIterator(io.BytesIO(warc)):
        if r.rec_type == "response":
            out[r.rec_headers.get_header("WARC-Target-URI")] = (r, r.content_stream().read())
    return out


def test_every_body_in_the_warc_is_the_one_the_server_sent(web_site: WebSite,
                                                            tmp_path: Path) -> None:
    probant, constat = demo_site_constat(tmp_path)
    out = tmp_path / "s.wacz"
    run = capture_to_wacz(probant, constat, out, web_site.env(), web_site.base + "/bodies",
                          web_site.base + "/heavy", "--wait", "30")
    wacz = out.read_bytes()
    verify_wacz(wacz)  # signature and digests still hold
    got = _responses(wacz)
    sent = {s.path: s for s in web_site.log if s.method == "GET"}
    asked = {"/bodies", "/latin1.html", "/gzip.txt", "/blob.bin", "/heavy"}
    asked |= {p for p in ROUTES if p.startswith("/heavy/")}
    assert asked <= set(sent), asked - set(sent)  # the pages did load everything
    assert len([p for p in sent if p.startswith("/heavy/")]) == HEAVY_COUNT

    wrong = []
    for path in sorted(asked):
        record, payload = got[web_site.base + path]
        headers = record.rec_headers
        expected = sent[path].body
        if path in ENCODED:  # the server sent it compressed: the payload is its identity body
            assert gzip.decompress(expected) == ENCODED[path][1]
            expected = ENCODED[path][1]
        if (_sha(payload) != _sha(expected)
                or headers.get_header("WARC-Probant-Body-Source") != "fetch"
                or headers.get_header("WARC-Truncated") is not None):
            wrong.append((path, headers.get_header("WARC-Probant-Body-Source"), len(payload),
                          len(expected)))
    assert not wrong, wrong

    # The Latin-1 page: the bytes as sent (0xE9 for « é »), not Chromium's text re-encoded.
    _record, latin1 = got[web_site.base + "/latin1.html"]
    assert latin1 == LATIN1_HTML and b"Caf\xe9" in latin1 and "é".encode() not in latin1
    # The gzip body: the coding removed is said, the server's header kept for the replay.
    record, body = got[web_site.base + "/gzip.txt"]
    assert record.rec_headers.get_header("WARC-Probant-Content-Decoded") == "gzip"
    http = record.http_headers
    assert http.get_header("X-Archive-Orig-Content-Encoding") == "gzip"
    assert http.get_header("Content-Encoding") is None
    assert http.get_header("Content-Length") == str(len(body))

    log_id = next(i["id"] for i in run.json["items"] if i["kind"] == "web_log")
    log_file = tmp_path / "log.json"
    assert probant("evidence", "export", log_id, "--out", str(log_file), demo=True).code == 0
    bodies = json.loads(log_file.read_bytes())["bodies"]
    assert bodies.get("fetch", 0) >= len(asked), bodies
    assert not {"missing", "decoded", "too_large"} & set(bodies), bodies
