"""A body Chromium keeps no copy of (an image that does not decode): read through the Fetch
domain while Chromium holds the response, it is archived exact; had it been missed, it would
be archived as missing — WARC-Truncated, its body source said, counted in the navigation log —
never as an empty body passed off as what the server sent. The others stay exact. Real CLI, QtWebEngine
offscreen, the HTTPS fixture."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.fixtures.cli import capture_to_wacz, demo_site_constat
from tests.fixtures.web_server import ROUTES, WebSite

# Large enough to arrive before streaming can be switched on (then only Chromium's copy is
# left, which it drops for an image that does not decode).
BROKEN = bytes(range(256)) * 400


def test_an_image_that_does_not_decode_is_archived_exact_never_faked(
        web_site: WebSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(ROUTES, "/img/b.png", ("image/png", BROKEN))
    probant, constat = demo_site_constat(tmp_path)
    wacz = tmp_path / "s.wacz"
    run = capture_to_wacz(probant, constat, wacz, web_site.env(), web_site.base + "/page")
    with zipfile.ZipFile(wacz) as zf:
        warc = zf.read("archive/data.warc.gz")
    got = {r.rec_headers.get_header("WARC-Target-URI"): (
        r.rec_headers.get_header("WARC-Probant-Body-Source"),
        r.rec_headers.get_header("WARC-Truncated"), r.content_stream().read())
        for r in ArchiveIterator(io.BytesIO(warc)) if r.rec_type == "response"}
    sent = {s.path: s.body for s in web_site.log}
    assert sent["/img/b.png"] == BROKEN  # the server did send it
    source, truncated, body = got[web_site.base + "/img/b.png"]
    # Read through Fetch while Chromium held the response (capture/web/bodies.py): exact.
    # Were it not (the Network domain's fallback), it would be said missing, never faked.
    if source == "missing":
        assert (truncated, body) == ("unspecified", b"")
    else:
        assert source in ("fetch", "stream") and (truncated, body) == (None, BROKEN)
    assert source == "fetch"  # what this machine shows since the Fetch domain reads bodies
    for path in ("/page", "/img/a.png", "/data.json"):
        source, truncated, body = got[web_site.base + path]
        assert body == sent[path] and source in ("fetch", "stream", "base64", "decoded"), path
        assert truncated is None
    log_id = next(i["id"] for i in run.json["items"] if i["kind"] == "web_log")
    out = tmp_path / "log.json"
    assert probant("evidence", "export", log_id, "--out", str(out), demo=True).code == 0
    bodies = json.loads(out.read_bytes())["bodies"]
    assert sum(bodies.values()) == len(got)
    assert bodies.get("missing", 0) == sum(1 for s, _t, _b in got.values() if s == "missing")
