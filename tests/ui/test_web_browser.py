"""The recording browser window from the constat workspace: real QtWebEngine (offscreen) in
its child process, the local HTTPS site, a demo vault held by a real DesktopSession.

The child is driven by its automation hook (PROBANT_BROWSER_SCRIPT: the officer's own
buttons, in order); the parent side is the desktop's WebFlow, which stores what the child
sends. Checked: the WACZ, the navigation log and each capture are in the vault as
``web capture`` stores them; the full-page capture is as tall as the document; a certificate
the browser refuses is refused and recorded; a kill -9 of the child mid-session keeps what
was stored, stores nothing half-received, and is said in French.
"""

from __future__ import annotations

import io
import json
import os
import signal
import ssl
import threading
import zipfile
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from warcio.archiveiterator import ArchiveIterator

from app import identity
from app.cli.context import GlobalOptions
from app.desktop.session import DesktopSession
from app.desktop.web_flow import WebFlow
from capture.web.wacz import verify_wacz
from evidence.items import export_evidence, list_evidence
from evidence.model import EvidenceItem
from signing.handlers import FixedAnswers
from tests.fixtures.cli import Probant, offline_settings
from tests.fixtures.web_server import PAGE_HEIGHT, SCRIPT_TEXT, WebSite, _certificates, _handler


def _constat(home: Path) -> str:
    offline_settings(home)
    probant = Probant(home)
    assert probant("init", demo=True).code == 0
    dossier = probant("dossier", "new", "Affaire", "--requester", "SAS").json["id"]
    return str(probant("constat", "new", "--dossier", dossier, "--mission", "Site").json["id"])


@pytest.fixture
def browser_env(web_site: WebSite, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The child's environment: the site's HOME (its NSS database trusts the test CA),
    offscreen, Chromium's sandbox off (tests only); returns where the script goes."""
    env = web_site.env()
    for name in ("HOME", "QT_QPA_PLATFORM", "QTWEBENGINE_CHROMIUM_FLAGS", "XDG_CONFIG_HOME",
                 "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, env[name])
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    script = tmp_path / "steps.json"
    monkeypatch.setenv("PROBANT_BROWSER_SCRIPT", str(script))
    return script


def _session(unlocked: Any, tmp_path: Path) -> tuple[DesktopSession, str]:
    home = tmp_path / "home"
    constat = _constat(home)
    return unlocked(GlobalOptions(home=home, demo=True, json=False, lang="fr"),
                    FixedAnswers(identity.DEMO_PIN)), constat


def _items(session: DesktopSession, constat: str) -> list[EvidenceItem]:
    """The constat's items but its start environment report."""
    return [i for i in session.blocking(lambda _ctx, vault: list_evidence(vault, constat))
            if i.kind != "environment"]


def _blob(session: DesktopSession, item: EvidenceItem, tmp_path: Path) -> bytes:
    out = tmp_path / f"{item.id}.bin"
    session.blocking(lambda _ctx, vault: export_evidence(vault, item.id, out))
    return out.read_bytes()


def test_browse_capture_and_finish_from_the_workspace(  # type: ignore[no-untyped-def]
        qtbot, unlocked, web_site: WebSite, browser_env: Path, tmp_path: Path) -> None:
    session, constat = _session(unlocked, tmp_path)
    browser_env.write_text(json.dumps([
        {"load": web_site.base + "/start"}, {"wait_idle": 10},
        {"capture": "fullpage"}, {"capture": "viewport"}, {"capture": "source"},
        {"capture": "pdf"}, {"finish": True}]), encoding="utf-8")
    said: list[str] = []
    flow = WebFlow(session, lambda: constat, said.append)
    flow.open_browser()
    assert flow.running
    qtbot.waitUntil(lambda: not flow.running, timeout=180000)
    assert flow.last is not None, said
    assert any(s.startswith("Navigation enregistrée : archive WACZ") for s in said), said
    assert any("Page visitée : " + web_site.base + "/page (200)" in s for s in said), said

    items = _items(session, constat)
    by_kind = {i.kind: i for i in items}
    assert {"web_archive", "web_log", "web_fullpage", "web_viewport", "web_source", "web_dom",
            "web_pdf"} <= set(by_kind), [i.kind for i in items]
    assert len(items) == 7  # nothing twice
    archive, log_item = by_kind["web_archive"], by_kind["web_log"]
    assert archive.id == flow.last.stored.archive.id
    session_id = archive.metadata["web_session"]
    captures = [i for i in items if i.kind not in ("web_archive", "web_log")]
    assert sorted(archive.metadata["captures"]) == sorted(i.id for i in captures)
    assert all(i.metadata["web_session"] == session_id for i in captures)

    # The WACZ: signed, and holding the response each capture names.
    wacz = _blob(session, archive, tmp_path)
    assert verify_wacz(wacz)["publicKey"] == archive.metadata["signature"]["publicKey"]
    with zipfile.ZipFile(io.BytesIO(wacz)) as zf:
        warc = zf.read("archive/data.warc.gz")
    responses = {r.rec_headers.get_header("WARC-Record-ID"): r.rec_headers.get_header(
        "WARC-Target-URI") for r in ArchiveIterator(io.BytesIO(warc)) if r.rec_type == "response"}
    for item in captures:
        assert responses[item.metadata["warc_record_id"]] == web_site.base + "/page", item.kind

    # The navigation log: typed address, redirect, status, server IP, certificate.
    log = json.loads(_blob(session, log_item, tmp_path))
    navs = log["navigations"]
    assert [(n["cause"], n["status"]) for n in navs[:2]] == [("typed", 302), ("redirect", 200)]
    assert all(n["certificate_sha256"] == web_site.leaf_sha256 for n in navs[:2])
    assert navs[1]["server_ip"] == "127.0.0.1"
    assert log["session"]["mode"] == "window" and log["session"]["cookies_at_start"] == 0
    assert log["session"]["devtools_foreign_peers"] == []
    assert log["session"]["chromium_flags"] == ["--no-sandbox"]
    assert log["session"]["chromium_flags_ours"] == [
        "--log-net-log", "--net-log-capture-mode=Default", "--disable-quic"]

    # The full page: one image as tall as the document's scroll height.
    full = by_kind["web_fullpage"]
    image = Image.open(io.BytesIO(_blob(session, full, tmp_path)))
    assert image.height == full.metadata["scroll_height"] > PAGE_HEIGHT
    assert full.metadata["url"] == web_site.base + "/page"
    assert full.metadata["title"] == "Boutique de test"
    page_sent = next(s.body for s in web_site.log if s.path == "/page")
    assert _blob(session, by_kind["web_source"], tmp_path) == page_sent
    assert SCRIPT_TEXT in _blob(session, by_kind["web_dom"], tmp_path).decode()
    assert _blob(session, by_kind["web_pdf"], tmp_path).startswith(b"%PDF")


def test_a_certificate_error_is_refused_and_the_refusal_recorded(  # type: ignore[no-untyped-def]
        qtbot, unlocked, web_site: WebSite, browser_env: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "untrusted"
    folder.mkdir()
    ca, cert, key, _ = _certificates(folder)  # a CA no NSS database knows
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    other = WebSite("", web_site.home, ca, b"")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(other))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    bad = f"https://localhost:{server.server_address[1]}/page"
    # A switch that would weaken TLS, in the workstation's environment: dropped, and recorded.
    monkeypatch.setenv("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --ignore-certificate-errors")
    try:
        session, constat = _session(unlocked, tmp_path)
        browser_env.write_text(json.dumps([{"load": bad}, {"wait_idle": 5}, {"finish": True}]),
                               encoding="utf-8")
        said: list[str] = []
        flow = WebFlow(session, lambda: constat, said.append)
        flow.open_browser()
        qtbot.waitUntil(lambda: not flow.running, timeout=180000)
    finally:
        server.shutdown()
        server.server_close()
    assert flow.last is not None, said
    assert any("Certificat non valable refusé pour " + bad in s for s in said), said
    assert other.log == []  # nothing was requested over the refused connection
    log_item = next(i for i in _items(session, constat) if i.kind == "web_log")
    log = json.loads(_blob(session, log_item, tmp_path))
    decision = log["session"]["certificate_errors"][0]
    assert (decision["url"], decision["decision"], decision["by"]) == (bad, "refused", "script")
    assert any("ERR_CERT" in f["error"] and f["certificate_error"] for f in log["failures"])
    assert log["session"]["chromium_flags"] == ["--no-sandbox"]
    assert log["session"]["chromium_flags_removed"] == ["--ignore-certificate-errors"]


def test_a_killed_browser_keeps_its_archive_so_far_marked_partial(  # type: ignore[no-untyped-def]
        qtbot, unlocked, web_site: WebSite, browser_env: Path, tmp_path: Path) -> None:
    """kill -9 mid-session: the captures stored stay, and the WARC records the window had
    sent (every response received before the last capture) are stored as one item marked
    partial, with its record count; the vault still verifies."""
    session, constat = _session(unlocked, tmp_path)
    browser_env.write_text(json.dumps([
        {"load": web_site.base + "/start"}, {"wait_idle": 10}, {"capture": "viewport"},
        {"sleep": 300}]), encoding="utf-8")
    said: list[str] = []
    flow = WebFlow(session, lambda: constat, said.append)
    flow.open_browser()
    qtbot.waitUntil(lambda: flow.captures == 1, timeout=180000)
    os.kill(flow.child_pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: not flow.running, timeout=60000)
    assert flow.interrupted and flow.last is None
    assert "s'est arrêté avant « Terminer » (code de sortie -9)" in said[-1], said
    assert "captures déjà reçues restent enregistrées" in said[-1]
    assert "marquée incomplète" in said[-1], said[-1]
    items = _items(session, constat)
    assert [i.kind for i in items] == ["web_viewport", "web_archive_partial"]
    image = Image.open(io.BytesIO(_blob(session, items[0], tmp_path)))
    assert image.size[0] > 100
    partial = items[1]
    assert f"annexe {partial.annex_label}" in said[-1]
    meta = partial.metadata
    assert meta["partial"] is True and meta["exit_code"] == -9
    assert meta["captures"] == [items[0].id] and meta["facts"]["cookies_at_start"] == 0
    assert [n["status"] for n in meta["navigations"][:2]] == [302, 200]
    # Sent live, each with its server and certificate (the NetLog's, written out when quiet).
    assert [(n["server_ip"], n["certificate_sha256"]) for n in meta["navigations"][:2]] == [
        ("127.0.0.1", web_site.leaf_sha256)] * 2
    assert [(d["host"], d["error"]) for d in meta["dns"]] == [("localhost", "")]

    # The partial WARC: every response the server sent before the capture, byte for byte;
    # the response the capture names is among them.
    warc = _blob(session, partial, tmp_path)
    records = [(r, r.content_stream().read()) for r in ArchiveIterator(io.BytesIO(warc))]
    assert records[0][0].rec_type == "warcinfo"
    assert b"probant-partial: true" in records[0][1]
    assert len(records) - 1 == meta["records"]
    responses = {r.rec_headers.get_header("WARC-Target-URI"): (r, body)
                 for r, body in records if r.rec_type == "response"}
    assert len(responses) == meta["exchanges"]
    for sent in web_site.log:
        record, body = responses[web_site.base + sent.path]
        assert body == sent.body and record.http_headers.get_statuscode() == str(sent.status)
        assert record.rec_headers.get_header("WARC-IP-Address") == "127.0.0.1", sent.path
    assert items[0].metadata["warc_record_id"] in {
        r.rec_headers.get_header("WARC-Record-ID") for r, _ in responses.values()}
    assert any(r.rec_type == "metadata" for r, _ in records)  # the TLS chain
    from evidence.verify import verify_vault

    report = session.blocking(lambda _ctx, vault: verify_vault(vault))
    assert report.ok, report
    journaled = session.blocking(lambda _ctx, vault: vault.db.query(
        "SELECT details FROM journal WHERE action = 'evidence_added' AND subject = ?",
        (partial.id,)))
    assert len(journaled) == 1 and json.loads(journaled[0]["details"])["kind"] == (
        "web_archive_partial")
    check = Probant(tmp_path / "home")("verify", demo=True)  # the officer's own command
    assert check.code == 0, check.stdout + check.stderr
    from app.services.web import browser_facts, visited_hosts

    facts = session.blocking(lambda _ctx, vault: browser_facts(vault, constat))
    assert facts is not None and facts["complete"] is False and facts["checked"]
    assert session.blocking(lambda _ctx, vault: visited_hosts(vault, constat)) == ["localhost"]


def test_the_workspace_button_opens_the_recording_browser(  # type: ignore[no-untyped-def]
        qtbot, shell, web_site: WebSite, browser_env: Path, tmp_path: Path) -> None:
    """The « Navigateur de constatation » button of the constat workspace starts the same
    recording browser; what it records lands in the constat's evidence list."""
    home = tmp_path / "home"
    constat = _constat(home)
    browser_env.write_text(json.dumps([
        {"load": web_site.base + "/start"}, {"wait_idle": 10}, {"capture": "viewport"},
        {"finish": True}]), encoding="utf-8")
    app = shell(GlobalOptions(home=home, demo=True, json=False, lang="fr"))
    nav = app.window.navigator
    qtbot.waitUntil(lambda: nav.current_constat() == constat, timeout=30000)
    button = nav.capture_bar.browser
    assert button.isEnabled() and button.accessibleName()
    button.click()
    qtbot.waitUntil(lambda: app.web is not None and app.web.running, timeout=10000)
    qtbot.waitUntil(lambda: not app.web.running, timeout=180000)
    assert app.window.message.text().startswith("Navigation enregistrée"), (
        app.window.message.text())
    qtbot.waitUntil(lambda: {"Archive web (WACZ)", "Journal de navigation",
                             "Page web (écran)"} <= {nav.evidence.item(r, 1).text()
                                                    for r in range(nav.evidence.rowCount())},
                    timeout=30000)
