"""A page served by its service worker (a real one, in real QtWebEngine offscreen).

The page at ``/swpage`` registers a worker that caches ``/sw-data.json`` when it
installs and then answers the page's fetch() of it from that cache: that answer never
leaves a network loader, so neither the Fetch domain nor the NetLog sees it. In the
constat's fresh profile, every byte such a worker serves was first received during the
session, by the worker's own request: that request is held and read in the worker's
target (auto-attached), so the bytes the page shows are in the archive, byte for byte.
"""

from __future__ import annotations

from tests.fixtures.web_child import run_child
from tests.fixtures.web_server import SW_DATA, WebSite

CHILD = r"""
import json, sys
from ui.web.session import CaptureJob, run_session
r = run_session(CaptureJob((sys.argv[1],), wait_s=20, idle_ms=1500))
dom = next(c.data.decode() for c in r.captures if c.kind == "web_dom")
print(json.dumps({"dom": dom, "channel": dict(r.recording.channel),
                  "exchanges": [[e.url, e.body_source, e.body.hex(), e.server_ip,
                                 e.frame_id] for e in r.recording.exchanges]}))
"""


def test_what_a_service_worker_serves_from_its_cache_is_archived(web_site: WebSite) -> None:
    got = run_child(CHILD, web_site.env(), web_site.base + "/swpage")
    # The page shows the worker's answer: it came from the worker's cache.
    assert "sw:" + SW_DATA.decode() in got["dom"]
    sent = [s for s in web_site.log if s.path == "/sw-data.json"]
    assert len(sent) == 1  # fetched once over the network, by the worker's install
    data = [e for e in got["exchanges"] if e[0] == web_site.base + "/sw-data.json"]
    assert data, got["exchanges"]
    assert bytes.fromhex(data[0][2]) == sent[0].body == SW_DATA
    assert data[0][1] == "fetch" and data[0][3] == "127.0.0.1"
    assert "service_worker" in got["channel"]["targets"].split(",")
    scripts = [e for e in got["exchanges"] if e[0].endswith("/sw.js")]
    assert scripts and bytes.fromhex(scripts[0][2]).startswith(b"\nself.addEventListener")
