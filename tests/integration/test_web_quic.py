"""No HTTP/3: every connection of a recorded session is a TCP socket whose address and TLS
handshake the NetLog states (docs/web-capture.md, « QUIC off »), even on a workstation whose
environment asks Chromium for QUIC. A real HTTP/3 server (aioquic) on the HTTPS fixture's
port, which ``/altsvc`` advertises; real QtWebEngine offscreen, in child processes.

The control shows the fixture would see QUIC: a plain QtWebEngine given the same switches
reaches the HTTP/3 server and shows its page."""

from __future__ import annotations

from tests.fixtures.web_child import run_child
from tests.fixtures.web_h3 import H3_TEXT, H3Server
from tests.fixtures.web_server import WebSite

PLAIN = r"""
import json, sys
from PySide6 import QtWebEngineWidgets
from PySide6.QtCore import QUrl
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QApplication
from ui.web.profile import RecordedPage, lock_view, make_profile
from ui.web.session import dispose, run_js, until
app = QApplication(["plain"])
profile = make_profile(app)
page = RecordedPage(profile, app)
view = QWebEngineView(); view.setPage(page); lock_view(view); view.show()
texts = []
for _ in range(2):
    done = []
    page.loadFinished.connect(done.append)
    page.load(QUrl(sys.argv[1]))
    until(app, lambda: bool(done), 20)
    page.loadFinished.disconnect(done.append)
    texts.append(run_js(app, page, "document.body.innerText"))
dispose(app, view, page, profile)
print(json.dumps({"texts": texts}))
"""

RECORDED = r"""
import json, sys
from ui.web.session import CaptureJob, run_session
r = run_session(CaptureJob((sys.argv[1], sys.argv[1]), wait_s=20, idle_ms=300))
print(json.dumps({
    "dom": [c.data.decode() for c in r.captures if c.kind == "web_dom"],
    "exchanges": [[e.url, e.protocol, e.server_ip, e.server_port, bool(e.tls)]
                  for e in r.recording.exchanges],
    "removed": r.facts["chromium_flags_removed"], "ours": r.facts["chromium_flags_ours"]}))
"""


def _asking_for_quic(site: WebSite, port: int) -> dict[str, str]:
    env = site.env()
    env["QTWEBENGINE_CHROMIUM_FLAGS"] = (
        f"--no-sandbox --enable-quic --origin-to-force-quic-on=localhost:{port}")
    return env


def test_a_plain_qtwebengine_asked_for_quic_reaches_the_http3_server(
        web_site: WebSite, h3_server: H3Server) -> None:
    got = run_child(PLAIN, _asking_for_quic(web_site, h3_server.port), web_site.base + "/altsvc")
    assert all(H3_TEXT in text for text in got["texts"]), got
    assert "h3" in h3_server.connections and "/altsvc" in h3_server.served


def test_a_recorded_session_never_speaks_quic_even_when_asked(
        web_site: WebSite, h3_server: H3Server) -> None:
    quic = ["--enable-quic", f"--origin-to-force-quic-on=localhost:{h3_server.port}"]
    got = run_child(RECORDED, _asking_for_quic(web_site, h3_server.port),
                    web_site.base + "/altsvc")
    assert h3_server.connections == [] and h3_server.served == []  # not one QUIC packet
    assert got["removed"] == quic and "--disable-quic" in got["ours"]
    assert all("servie par TCP" in dom and H3_TEXT not in dom for dom in got["dom"])
    paths = [url.removeprefix(web_site.base) for url, *_ in got["exchanges"]]
    assert paths.count("/altsvc") == 2 and "/img/a.png" in paths
    port = int(web_site.base.rsplit(":", 1)[1])
    for url, protocol, ip, server_port, tls in got["exchanges"]:
        assert (protocol, server_port, tls) == ("http/1.1", port, True), url
        assert ip in ("127.0.0.1", "[::1]", "::1"), url
