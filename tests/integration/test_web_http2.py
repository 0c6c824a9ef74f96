"""An HTTP/2 site recorded (real QtWebEngine offscreen, Hypercorn serving ``h2`` only).

Each response's connection facts come from Chromium's NetLog through its HTTP/2
session, not an HTTP/1.1 socket (capture/web/netlog.py): every exchange says ``h2``,
the address and port connected to and the chain up to the test CA, and every response
is joined to its NetLog hop; the bodies are the bytes the server sent.
"""

from __future__ import annotations

from tests.fixtures.web_child import run_child
from tests.fixtures.web_h2 import H2_JSON, H2Site
from tests.fixtures.web_server import WebSite

CHILD = r"""
import json, sys
from ui.web.session import CaptureJob, run_session
r = run_session(CaptureJob((sys.argv[1],), wait_s=20, idle_ms=300))
dom = next(c.data.decode() for c in r.captures if c.kind == "web_dom")
print(json.dumps({"dom": dom, "channel": dict(r.recording.channel),
                  "navigations": [n.to_json() for n in r.recording.navigations],
                  "exchanges": [{"url": e.url, "protocol": e.protocol, "ip": e.server_ip,
                                 "port": e.server_port, "body": e.body.hex(),
                                 "source": e.body_source, "request": dict(e.request_headers),
                                 "leaf": e.tls.leaf_sha256 if e.tls else "",
                                 "chain": len(e.tls.chain_der) if e.tls else 0,
                                 "tls": e.tls.protocol if e.tls else ""}
                                for e in r.recording.exchanges]}))
"""


def test_an_http2_site_has_its_connection_facts_and_exact_bodies(
        web_site: WebSite, h2_site: H2Site) -> None:
    got = run_child(CHILD, web_site.env(), h2_site.base + "/h2page")
    assert "h2:" + H2_JSON.decode() in got["dom"]
    assert set(h2_site.versions) == {"2"}  # the server saw HTTP/2 only
    exchanges = {e["url"]: e for e in got["exchanges"]}
    assert set(exchanges) == {h2_site.base + p for p in h2_site.sent}
    for path, body in h2_site.sent.items():
        ex = exchanges[h2_site.base + path]
        assert bytes.fromhex(ex["body"]) == body and ex["source"] == "fetch", path
        assert (ex["protocol"], ex["ip"], ex["port"]) == ("h2", "127.0.0.1", h2_site.port), path
        assert ex["leaf"] == web_site.leaf_sha256 and ex["chain"] == 2, path
        assert ex["tls"].startswith("TLS 1."), path
        assert "user-agent" in {k.lower() for k in ex["request"]}, path  # the wire's headers
    joined, total = got["channel"]["netlog_joined"].split("/")
    assert joined == total == str(len(h2_site.sent))
    first = got["navigations"][0]
    assert (first["status"], first["server_ip"], first["certificate_sha256"]) == (
        200, "127.0.0.1", web_site.leaf_sha256)
