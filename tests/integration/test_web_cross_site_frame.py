"""A frame from another site (issue 16, points 2 and 5): its responses are recorded with their
exact bodies like the page's, and a password typed into a login form inside it is masked in
every stored byte like a top-level one (capture/web/frame_logins.py: a watcher in an isolated
world of every subframe, reporting through a CDP binding). QtWebEngine 6.11 as run here keeps
the cross-site frame in the page's renderer (the log's ``channel.targets`` says ``page``); an
out-of-process frame would be a target the recorder auto-attaches with the same domains. Real CLI, QtWebEngine offscreen, the HTTPS fixture: the page on
``localhost`` frames ``https://127.0.0.1:PORT/xframe``, whose own script fills and submits
its login form."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import zipfile
from pathlib import Path
from urllib.parse import quote, quote_plus

from warcio.archiveiterator import ArchiveIterator

from tests.fixtures.cli import capture_to_wacz, demo_site_constat
from tests.fixtures.web_server import FRAME_PASSWORD, FRAME_TEXT, WebSite


def test_a_cross_site_frame_is_recorded_exactly_and_its_password_masked(
        web_site: WebSite, tmp_path: Path) -> None:
    probant, constat = demo_site_constat(tmp_path)
    out = tmp_path / "s.wacz"
    run = capture_to_wacz(probant, constat, out, web_site.env(), web_site.base + "/crosssite",
                          "--wait", "20")
    port = web_site.base.rsplit(":", 1)[1]
    frame_base = f"https://127.0.0.1:{port}"

    # The frame did run (its script logged in): the server received the password.
    assert any(FRAME_PASSWORD.encode() in body for body in web_site.posted), web_site.posted

    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as zf:
        warc = zf.read("archive/data.warc.gz")
    responses, requests, stored = {}, {}, [warc]
    for record in ArchiveIterator(io.BytesIO(warc)):
        uri = record.rec_headers.get_header("WARC-Target-URI")
        payload = record.content_stream().read()
        stored.append(record.rec_headers.to_str().encode() + payload)
        if record.http_headers is not None:
            stored.append(record.http_headers.to_str().encode())
        if record.rec_type == "response":
            responses[uri] = (record, payload)
        elif record.rec_type == "request":
            requests[(uri, record.http_headers.protocol if record.http_headers else "")] = record

    # Every response the frame's site sent is in the WARC byte for byte, read through Fetch.
    sent = {s.path: s for s in web_site.log if s.method == "GET"}
    assert {"/crosssite", "/xframe", "/xframe.png", "/xframe.json"} <= set(sent), set(sent)
    wrong = []
    for path in ("/xframe", "/xframe.png", "/xframe.json"):
        record, payload = responses[frame_base + path]
        source = record.rec_headers.get_header("WARC-Probant-Body-Source")
        if hashlib.sha256(payload).digest() != hashlib.sha256(sent[path].body).digest() \
                or source != "fetch":
            wrong.append((path, source, len(payload), len(sent[path].body)))
    assert not wrong, wrong
    assert FRAME_TEXT.encode("iso-8859-1") in responses[frame_base + "/xframe"][1]

    log_id = next(i["id"] for i in run.json["items"] if i["kind"] == "web_log")
    log_file = tmp_path / "log.json"
    assert probant("evidence", "export", log_id, "--out", str(log_file), demo=True).code == 0
    log_bytes = log_file.read_bytes()
    log = json.loads(log_bytes)
    # Which targets were recorded is said (the page's, and any out-of-process frame's).
    assert "page" in log["channel"]["targets"].split(","), log["channel"]

    # The login inside the frame: a fact, its password masked wherever it would be stored.
    (login,) = log["session"]["logins"]
    assert login["url"] == frame_base + "/xframe" and login["frame"] is True
    assert login["action"] == frame_base + "/session" and login["method"] == "POST"
    assert login["password_fields"] == ["mot_de_passe"]
    post = next(r for (uri, _p), r in requests.items() if uri == frame_base + "/session")
    assert post.rec_headers.get_header("WARC-Probant-Masked") == "mot_de_passe"
    forms = {FRAME_PASSWORD.encode(), quote_plus(FRAME_PASSWORD).encode(),
             quote(FRAME_PASSWORD, safe="").encode()}
    for data in [*stored, log_bytes, gzip.decompress(warc)]:
        assert not any(f in data for f in forms)
