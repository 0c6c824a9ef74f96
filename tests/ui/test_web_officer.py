"""What a constat on the web also meets, in the recording browser window: downloads, a login
form, a proxy on the workstation, a cookie banner. Real QtWebEngine (offscreen) in its child
process, a local HTTPS site trusted through its own CA, the desktop's WebFlow storing.

The site here is the fixture's (same CA and certificate, its own port) with more pages: a
linked PDF, a login form posting a password, a consent banner.
"""

from __future__ import annotations

import io
import json
import ssl
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from app.desktop.web_flow import WebFlow
from tests.fixtures.web_server import WebSite, _handler
from tests.ui.test_web_browser import _blob, _items, _session, browser_env  # noqa: F401

PDF = b"%PDF-1.4\n% conditions generales de vente\n" + bytes(range(256)) * 64 + b"\n%%EOF\n"
PASSWORD = "Sup3r-Secr3t-Pw"
LINKS = b"""<!doctype html><html><head><meta charset="utf-8"><title>Documents</title></head>
<body><a id="cgv" href="/docs/cgv.pdf">Conditions generales</a></body></html>"""
LOGIN = b"""<!doctype html><html><head><meta charset="utf-8"><title>Connexion</title></head>
<body><form id="f" method="post" action="/session">
<input id="user" name="identifiant" type="text">
<input id="pw" name="mot_de_passe" type="password">
<button id="go" type="submit">Se connecter</button></form></body></html>"""
BANNER = b"""<!doctype html><html><head><meta charset="utf-8"><title>Accueil</title></head>
<body><div id="onetrust-banner-sdk" style="position:fixed;bottom:0">Nous utilisons des cookies
<button>Accepter</button></div><p>Bienvenue</p></body></html>"""
EXTRA: dict[str, tuple[str, bytes]] = {
    "/liens": ("text/html; charset=utf-8", LINKS),
    "/docs/cgv.pdf": ("application/pdf", PDF),
    "/connexion": ("text/html; charset=utf-8", LOGIN),
    "/accueil": ("text/html; charset=utf-8", BANNER),
}


@pytest.fixture
def site(web_site: WebSite, tmp_path: Path) -> Iterator[WebSite]:
    """The fixture site's certificate (trusted in the browser's NSS database) on a server
    with the pages above; POST bodies are logged as received."""
    folder = tmp_path / "web-site"
    more = WebSite("", web_site.home, web_site.ca_pem, web_site.leaf_der)
    base: Any = _handler(more)

    class Handler(base):  # type: ignore[misc, valid-type]
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            path = self.path.split("?")[0]
            if path in EXTRA:
                mime, body = EXTRA[path]
                self._send(200, [("Content-Type", mime)], body)
            else:
                super().do_GET()

        def do_POST(self) -> None:  # noqa: N802
            size = int(self.headers.get("Content-Length", "0"))
            more.posted.append(self.rfile.read(size))  # type: ignore[attr-defined]
            self._send(200, [("Content-Type", "text/html; charset=utf-8")],
                       b"<!doctype html><title>Compte</title><p>Bienvenue, client</p>")

    more.posted = []  # type: ignore[attr-defined]
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    more.base = f"https://localhost:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield more
    finally:
        server.shutdown()
        server.server_close()


def _browse(unlocked: Any, qtbot: Any, tmp_path: Path, script: Path,
            steps: list[dict[str, Any]]) -> tuple[Any, str, WebFlow, list[str]]:
    session, constat = _session(unlocked, tmp_path)
    script.write_text(json.dumps(steps), encoding="utf-8")
    said: list[str] = []
    flow = WebFlow(session, lambda: constat, said.append)
    flow.open_browser()
    qtbot.waitUntil(lambda: not flow.running, timeout=180000)
    return session, constat, flow, said


def test_a_download_goes_to_the_vault_not_to_the_disk(  # type: ignore[no-untyped-def]
        qtbot, unlocked, site: WebSite, browser_env: Path, tmp_path: Path) -> None:  # noqa: F811
    downloads = Path.home() / "Downloads"
    before = set(downloads.iterdir()) if downloads.is_dir() else set()
    session, constat, flow, said = _browse(unlocked, qtbot, tmp_path, browser_env, [
        {"load": site.base + "/liens"}, {"wait_idle": 10}, {"click": "#cgv"},
        {"wait_downloads": 30}, {"finish": True}])
    assert flow.last is not None, said
    items = _items(session, constat)
    download = next(i for i in items if i.kind == "web_download")
    assert _blob(session, download, tmp_path) == PDF
    meta = download.metadata
    assert meta["url"] == site.base + "/docs/cgv.pdf"
    assert meta["download_filename"] == "cgv.pdf" and download.filename == "cgv.pdf"
    assert meta["sha256"] == download.sha256 == __import__("hashlib").sha256(PDF).hexdigest()
    assert meta["title"] == "Documents" and meta["web_session"]
    assert any(s.startswith("Téléchargement enregistré dans le coffre : annexe") for s in said)
    log = json.loads(_blob(session, next(i for i in items if i.kind == "web_log"), tmp_path))
    recorded = log["session"]["downloads"]
    assert [(d["url"], d["status"], d["sha256"]) for d in recorded] == [
        (meta["url"], "stored", download.sha256)]
    # In the signed WACZ too, as a resource record under its URL, the one the item names.
    archive = next(i for i in items if i.kind == "web_archive")
    wacz = _blob(session, archive, tmp_path)
    with zipfile.ZipFile(io.BytesIO(wacz)) as zf:
        warc = zf.read("archive/data.warc.gz")
        index = zf.read("indexes/index.cdxj").decode()
    resources = [(r.rec_headers.get_header("WARC-Record-ID"), r.content_stream().read())
                 for r in ArchiveIterator(io.BytesIO(warc))
                 if r.rec_type == "resource" and r.rec_headers.get_header("WARC-Target-URI")
                 == meta["url"]]
    assert resources == [(meta["warc_record_id"], PDF)]
    assert meta["url"] in index
    (tmp_path / "s.wacz").write_bytes(wacz)
    check = subprocess.run([str(Path(sys.executable).with_name("wacz")), "validate", "-f",
                            str(tmp_path / "s.wacz")], capture_output=True, text=True, timeout=120)
    assert check.returncode == 0 and "Validation succeeded" in check.stdout, check.stdout
    # Nowhere on the workstation: neither its Downloads folder nor the browser's HOME.
    after = set(downloads.iterdir()) if downloads.is_dir() else set()
    assert after == before
    assert not [p for p in site.home.rglob("*") if p.is_file() and p.read_bytes() == PDF]


def test_a_login_is_a_fact_and_its_password_never_archived(  # type: ignore[no-untyped-def]
        qtbot, unlocked, site: WebSite, browser_env: Path, tmp_path: Path) -> None:  # noqa: F811
    from urllib.parse import quote, quote_plus

    from capture.web.masking import MASK

    session, constat, flow, said = _browse(unlocked, qtbot, tmp_path, browser_env, [
        {"load": site.base + "/connexion"}, {"wait_idle": 10},
        {"fill": {"#user": "jean.dupont", "#pw": PASSWORD}}, {"click": "#go"},
        {"sleep": 1}, {"wait_idle": 10}, {"capture": "viewport"}, {"finish": True}])
    assert flow.last is not None, said
    # The browser did send it: the site received the password.
    posted = site.posted  # type: ignore[attr-defined]
    assert posted == [f"identifiant=jean.dupont&mot_de_passe={quote_plus(PASSWORD)}".encode()]
    assert any(s.startswith("Connexion enregistrée comme fait sur " + site.base + "/connexion")
               and "(mot_de_passe)" in s for s in said), said

    items = _items(session, constat)
    forms = {PASSWORD.encode(), quote_plus(PASSWORD).encode(), quote(PASSWORD, safe="").encode()}
    blobs = {item.id: _blob(session, item, tmp_path) for item in items}
    archive = next(i for i in items if i.kind == "web_archive")
    with zipfile.ZipFile(io.BytesIO(blobs[archive.id])) as zf:
        warc = zf.read("archive/data.warc.gz")
    records = list(ArchiveIterator(io.BytesIO(warc)))
    plain = [(r, r.raw_stream.read()) for r in ArchiveIterator(io.BytesIO(warc))]
    seen = list(blobs.values()) + [body for _r, body in plain]
    seen += [str(r.rec_headers).encode() + str(r.http_headers).encode() for r in records]
    seen += [json.dumps(i.metadata).encode() for i in items]
    for data in seen:  # in no stored byte: blob, WARC record (decompressed), metadata
        assert not any(f in data for f in forms)

    posts = [(r, body) for r, body in plain
             if r.rec_type == "request" and r.http_headers.protocol == "POST"]
    assert len(posts) == 1
    record, body = posts[0]
    assert body == f"identifiant=jean.dupont&mot_de_passe={quote(MASK)}".encode()
    assert record.rec_headers.get_header("WARC-Probant-Masked") == "mot_de_passe"
    assert record.http_headers.get_header("Content-Length") in (None, str(len(body)))

    log = json.loads(blobs[next(i.id for i in items if i.kind == "web_log")])
    (login,) = log["session"]["logins"]
    assert login["url"] == site.base + "/connexion"
    assert login["action"] == site.base + "/session" and login["method"] == "POST"
    assert login["fields"] == ["identifiant", "mot_de_passe"]
    assert login["password_fields"] == ["mot_de_passe"] and login["time"]


def test_a_proxy_on_the_workstation_is_acknowledged_before_browsing(  # type: ignore[no-untyped-def]
        qtbot, unlocked, site: WebSite, browser_env: Path, tmp_path: Path,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A dead proxy with credentials: pages that load prove the browser goes direct.
    monkeypatch.setenv("HTTPS_PROXY", "http://agent:hunter2@127.0.0.1:9")
    session, constat, flow, said = _browse(unlocked, qtbot, tmp_path, browser_env, [
        {"load": site.base + "/accueil"},  # refused: the warning is not acknowledged yet
        {"acknowledge_proxy": True}, {"load": site.base + "/accueil"}, {"wait_idle": 10},
        {"finish": True}])
    assert flow.last is not None, said
    assert any(s.startswith("Présence d'un proxy sur ce poste reconnue (HTTPS_PROXY=") for s in said)
    items = _items(session, constat)
    log = json.loads(_blob(session, next(i for i in items if i.kind == "web_log"), tmp_path))
    facts = log["session"]
    assert facts["proxies_in_environment"]["HTTPS_PROXY"] == "http://•••• (masqué)@127.0.0.1:9"
    assert facts["proxy_acknowledged"] is True and facts["proxy_acknowledged_by"] == "script"
    assert facts["proxy_acknowledged_at"] <= log["navigations"][0]["time"]
    assert [(n["cause"], n["status"]) for n in log["navigations"]] == [("typed", 200)]
    assert "hunter2" not in json.dumps(log) and "hunter2" not in " ".join(said)
    from app.services.web import browser_facts

    known = session.blocking(lambda _ctx, vault: browser_facts(vault, constat))
    assert known["proxy"]["acknowledged"] and "HTTPS_PROXY" in known["proxy"]["found"]


def test_a_consent_banner_is_recorded_as_seen_and_mhtml_from_the_window(  # type: ignore[no-untyped-def]
        qtbot, unlocked, site: WebSite, browser_env: Path, tmp_path: Path) -> None:  # noqa: F811
    session, constat, flow, said = _browse(unlocked, qtbot, tmp_path, browser_env, [
        {"load": site.base + "/liens"}, {"wait_idle": 10}, {"capture": "viewport"},
        {"load": site.base + "/accueil"}, {"wait_idle": 10}, {"capture": "viewport"},
        {"capture": "mhtml"}, {"finish": True}])
    assert flow.last is not None, said
    assert "Bandeau de consentement détecté : OneTrust (" + site.base + "/accueil)." in said
    items = _items(session, constat)
    shots = [i for i in items if i.kind == "web_viewport"]
    assert [s.metadata["url"] for s in shots] == [site.base + "/liens", site.base + "/accueil"]
    assert "consent_banners" not in shots[0].metadata  # no banner on that page
    assert shots[1].metadata["consent_banners"] == "OneTrust"
    mhtml = next(i for i in items if i.kind == "web_mhtml")
    assert mhtml.metadata["consent_banners"] == "OneTrust"
    body = _blob(session, mhtml, tmp_path)
    assert b"multipart/related" in body[:2000] and b"Bienvenue" in body
    log = json.loads(_blob(session, next(i for i in items if i.kind == "web_log"), tmp_path))
    (banner,) = log["session"]["consent_banners"]
    assert (banner["platform"], banner["selector"], banner["url"]) == (
        "OneTrust", "#onetrust-banner-sdk", site.base + "/accueil")
    assert banner["text"].startswith("Nous utilisons des cookies")


def test_the_side_panel_flags_a_server_outside_the_system_dns(qtbot) -> None:  # type: ignore[no-untyped-def]
    from capture.web.dns import HostLookup
    from ui.web.navigation_log import NavigationLog

    widget = NavigationLog()
    qtbot.addWidget(widget)
    found = HostLookup("shop.test", "2026-01-01T00:00:00.000000Z", ("192.0.2.1",), ("2001:db8::1",),
                       {}, 3)
    cell = NavigationLog.dns_cell
    assert cell(widget, found, "192.0.2.1") == "192.0.2.1, 2001:db8::1"
    assert cell(widget, found, "[2001:db8::1]") == "192.0.2.1, 2001:db8::1"
    assert cell(widget, found, "198.51.100.9") == (
        "⚠ 192.0.2.1, 2001:db8::1 (le serveur joint n'en fait pas partie)")
    failed = HostLookup("x.invalid", "t", (), (), {}, 1, "gaierror: unknown")
    assert cell(widget, failed, "") == "échec : gaierror: unknown"
    assert cell(widget, None, "") == "…"
