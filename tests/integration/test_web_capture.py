"""The recording browser end to end: real QtWebEngine (offscreen), a real HTTPS site, a real vault.

Each session runs in a child process, as ``probant web capture`` does: the
DevTools port is set before QtWebEngine starts, and the browser's HOME is the
test site's, whose NSS database trusts the site's CA.
"""

from __future__ import annotations

import io
import json
import ssl
import subprocess
import sys
import threading
import zipfile
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from warcio.archiveiterator import ArchiveIterator

from app.services.web import browser_facts, parse_urls, visited_dns, visited_hosts
from capture.web.errors import WebBadUrl
from capture.web.wacz import verify_wacz
from evidence import dossiers
from evidence.items import export_evidence, get_evidence, list_evidence
from tests.fixtures.vault import VaultHome, make_vault_home
from tests.fixtures.web_server import PAGE_HEIGHT, SCRIPT_TEXT, WebSite, _certificates, _handler

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import json, sys
from pathlib import Path
from app.services.web import WebCaptureRequest, capture_web
from evidence.errors import ProbantError
from evidence.keyslots import RecoveryCodeOpener
from evidence.vault import open_vault
home, code, constat, *urls = sys.argv[1:]
with open_vault(Path(home), [RecoveryCodeOpener(code)]) as vault:
    try:
        r = capture_web(vault, WebCaptureRequest(constat, tuple(urls), full_page=True,
                        source=True, pdf=True, wait_s=20), stamp_timeout_s=2)
    except ProbantError as exc:
        print(json.dumps({"error": exc.code, "exit": exc.exit_code,
                          "params": {k: str(v) for k, v in exc.params.items()}}))
        sys.exit(exc.exit_code)
    print(json.dumps({"id": r.archive.id, "items": [{"id": i.id, "kind": i.kind} for i in r.items],
                      "facts": r.facts}))
"""


def _constat(vh: VaultHome) -> str:
    with vh.open() as vault:
        dossier = dossiers.create_dossier(vault, "Affaire Martin", "Société X")
        return dossiers.create_constat(vault, dossier.id, "Constater le site").id


def _run(site: WebSite, vh: VaultHome, constat: str, *urls: str) -> tuple[int, Any]:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(vh.home), vh.recovery_code, constat,
                           *urls], cwd=ROOT, env=site.env(), capture_output=True, text=True,
                          timeout=240)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    assert lines, proc.stdout + proc.stderr[-3000:]
    return proc.returncode, json.loads(lines[-1])


def _blob(vh: VaultHome, item_id: str, tmp: Path) -> bytes:
    out = tmp / f"{item_id}.bin"
    with vh.open() as vault:
        export_evidence(vault, item_id, out)
    return out.read_bytes()


def _warc_records(wacz: bytes) -> list[tuple[Any, bytes]]:
    with zipfile.ZipFile(io.BytesIO(wacz)) as zf:
        warc = zf.read("archive/data.warc.gz")
    return [(r, r.content_stream().read()) for r in ArchiveIterator(io.BytesIO(warc))]


@pytest.fixture
def vh(tmp_path: Path) -> VaultHome:
    return make_vault_home(tmp_path / "home")


def test_a_session_archives_every_byte_sent_signed_and_captured(
        web_site: WebSite, vh: VaultHome, tmp_path: Path) -> None:
    constat = _constat(vh)
    code, out = _run(web_site, vh, constat, web_site.base + "/start")
    assert code == 0, out
    kinds = [i["kind"] for i in out["items"]]
    assert kinds[:2] == ["web_archive", "web_log"]
    assert {"web_viewport", "web_fullpage", "web_dom", "web_mhtml", "web_pdf",
            "web_source"} <= set(kinds)
    assert out["facts"]["cookies_at_start"] == 0 and out["facts"]["off_the_record"]
    assert out["facts"]["devtools_foreign_peers"] == []
    assert out["facts"]["consent_banners"] == []  # the fixture page shows none

    wacz = _blob(vh, out["id"], tmp_path)
    (tmp_path / "s.wacz").write_bytes(wacz)
    check = subprocess.run([str(Path(sys.executable).with_name("wacz")), "validate", "-f",
                            str(tmp_path / "s.wacz")], capture_output=True, text=True, timeout=120)
    assert check.returncode == 0 and "Validation succeeded" in check.stdout, check.stdout
    signed = verify_wacz(wacz)
    with vh.open() as vault:
        meta = get_evidence(vault, out["id"]).metadata
    assert meta["signature"]["publicKey"] == signed["publicKey"]

    # Every response the server wrote is in the WARC, byte for byte.
    records = _warc_records(wacz)
    responses = [(r, body) for r, body in records if r.rec_type == "response"]
    sent = [s for s in web_site.log]
    assert {s.path for s in sent} >= {"/start", "/page", "/frame", "/data.json", "/img/a.png",
                                      "/img/b.png"}
    for s in sent:
        url = web_site.base + s.path
        match = [(r, b) for r, b in responses if r.rec_headers.get_header("WARC-Target-URI") == url]
        assert match, f"{url} missing from the WARC"
        record, body = match[0]
        assert body == s.body, url
        assert record.http_headers.get_statuscode() == str(s.status)
        assert record.rec_headers.get_header("WARC-IP-Address") == "127.0.0.1"
    chains = [json.loads(b) for r, b in records if r.rec_type == "metadata"]
    assert chains and chains[0]["chain_sha256"][0] == web_site.leaf_sha256

    log = json.loads(_blob(vh, out["items"][1]["id"], tmp_path))
    navs = log["navigations"]
    assert [(n["cause"], n["status"]) for n in navs[:2]] == [("typed", 302), ("redirect", 200)]
    assert all(n["certificate_sha256"] == web_site.leaf_sha256 for n in navs[:2])
    assert navs[1]["server_ip"] == "127.0.0.1"

    # The system resolver's answer for the visited host, beside the IP Chromium used.
    import socket

    (dns,) = log["dns"]
    expected = {a[4][0] for a in socket.getaddrinfo("localhost", None, socket.AF_UNSPEC,
                                                     socket.SOCK_STREAM)}
    assert dns["host"] == "localhost" and set(dns["a"]) | set(dns["aaaa"]) == expected
    assert dns["chromium_ips"] == ["127.0.0.1"] and dns["agrees"] is True
    assert dns["resolver"] == "system (getaddrinfo)" and dns["error"] == ""
    assert dns["resolvers"]["source"] == "/etc/resolv.conf"
    assert dns["resolvers"]["nameservers"] == [
        ln.split()[1] for ln in Path("/etc/resolv.conf").read_text().splitlines()
        if ln.startswith("nameserver")]

    # What the environment report reads back from the vault.
    with vh.open() as vault:
        assert visited_dns(vault, constat) == log["dns"]
        assert visited_hosts(vault, constat) == ["localhost"]
        facts = browser_facts(vault, constat)
    assert facts is not None and facts["checked"] and facts["complete"]
    assert facts["engine"] == "QtWebEngine" and facts["chromium"].count(".") == 3
    assert facts["user_agent"] == out["facts"]["user_agent"] and facts["window"] == [1280, 800]
    assert facts["proxy"] == {"found": {}, "acknowledged": False, "acknowledged_at": ""}

    by_kind = {i["kind"]: i["id"] for i in out["items"]}
    with vh.open() as vault:
        full_meta = get_evidence(vault, by_kind["web_fullpage"]).metadata
        dom_meta = get_evidence(vault, by_kind["web_dom"]).metadata
    full = Image.open(io.BytesIO(_blob(vh, by_kind["web_fullpage"], tmp_path)))
    assert full.height == full_meta["scroll_height"] > PAGE_HEIGHT
    assert dom_meta["url"] == web_site.base + "/page" and dom_meta["title"] == "Boutique de test"
    assert dom_meta["warc_record_id"]
    assert SCRIPT_TEXT in _blob(vh, by_kind["web_dom"], tmp_path).decode()
    page_sent = next(s.body for s in sent if s.path == "/page")
    assert _blob(vh, by_kind["web_source"], tmp_path) == page_sent
    assert _blob(vh, by_kind["web_pdf"], tmp_path).startswith(b"%PDF")

    # A second session starts clean: the cookie the page set is not sent again.
    assert not any(k.lower() == "cookie" for k, _ in sent[0].request_headers)
    assert any(k.lower() == "cookie" for s in sent[1:] for k, _ in s.request_headers)
    before = len(web_site.log)
    code, again = _run(web_site, vh, constat, web_site.base + "/page")
    assert code == 0 and again["facts"]["cookies_at_start"] == 0
    second = web_site.log[before:]
    assert second[0].path == "/page"
    assert not any(k.lower() == "cookie" for k, _ in second[0].request_headers)


def test_an_unreachable_host_stores_nothing(web_site: WebSite, vh: VaultHome) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    constat = _constat(vh)
    code, out = _run(web_site, vh, constat, f"https://127.0.0.1:{dead}/")
    assert (code, out["error"]) == (4, "web_unreachable"), out
    with vh.open() as vault:
        assert list_evidence(vault, constat) == []
        assert visited_hosts(vault, constat) == [] and browser_facts(vault, constat) is None


def test_a_certificate_the_browser_refuses_is_not_bypassed(
        web_site: WebSite, vh: VaultHome, tmp_path: Path) -> None:
    folder = tmp_path / "untrusted"
    folder.mkdir()
    _ca, cert, key, _ = _certificates(folder)  # a CA that no NSS database knows
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    other = WebSite("", web_site.home, _ca, b"")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(other))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        constat = _constat(vh)
        code, out = _run(web_site, vh, constat,
                         f"https://localhost:{server.server_address[1]}/page")
    finally:
        server.shutdown()
        server.server_close()
    assert (code, out["error"]) == (4, "web_tls_refused"), out
    assert "ERR_CERT" in out["params"]["error"]
    assert other.log == []  # no page was ever requested over the refused connection
    with vh.open() as vault:
        assert list_evidence(vault, constat) == []


@pytest.mark.parametrize("bad", ["ftp://example.org/", "example.org", "https://", "@/nonexistent"])
def test_bad_addresses_are_refused_before_any_browser(bad: str) -> None:
    with pytest.raises(WebBadUrl) as exc:
        parse_urls([bad])
    assert exc.value.exit_code == 2


def test_addresses_from_a_file(tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text("# catalogue\nhttps://a.test/1\n\nhttp://b.test/2\n", encoding="utf-8")
    assert parse_urls([f"@{urls}", "https://c.test/"]) == (
        "https://a.test/1", "http://b.test/2", "https://c.test/")


def test_cli_refuses_a_bad_address_with_exit_2(tmp_path: Path) -> None:
    import argparse

    from app.cli.context import GlobalOptions
    from app.cli.runner import register, run_command
    from app.cli.web_commands import add_parsers, cmd_web

    parser = argparse.ArgumentParser()
    add_parsers(parser.add_subparsers(dest="command"))
    register("web", cmd_web)
    args = parser.parse_args(["web", "capture", "--constat", "c1", "ftp://example.org/"])
    opts = GlobalOptions(home=tmp_path / "nohome", demo=False, json=True, lang="fr")
    assert run_command(opts, args) == 2


def test_web_open_from_the_cli_stores_what_the_window_sends(
        web_site: WebSite, tmp_path: Path) -> None:
    """``probant web open``: the same child window, the command being the parent that stores."""
    from tests.fixtures.cli import demo_site_constat

    probant, constat = demo_site_constat(tmp_path)
    script = tmp_path / "steps.json"
    script.write_text(json.dumps([{"wait_idle": 10}, {"capture": "viewport"}, {"finish": True}]),
                      encoding="utf-8")
    run = probant("web", "open", "--constat", constat, web_site.base + "/page", demo=True,
                  env={**web_site.env(), "PROBANT_BROWSER_SCRIPT": str(script)})
    assert run.code == 0, run.stderr[-3000:]
    kinds = [i["kind"] for i in run.json["items"]]
    assert kinds == ["web_archive", "web_log", "web_viewport"]
    assert run.json["id"] == run.json["items"][0]["id"]


def test_the_channel_refuses_a_frame_cut_short() -> None:
    from capture.web.channel import (
        ChannelBroken,
        Frame,
        capture_frame,
        capture_of,
        read_frame,
        write_frame,
    )
    from capture.web.model import Capture

    cap = Capture("web_viewport", "image/png", "v.png", b"\x89PNG" + bytes(range(256)),
                  "https://a.test/", "Titre é", "2026-01-01T00:00:00.000000Z",
                  (("viewport_width", 1280), ("web_session", "s")))
    out = io.BytesIO()
    write_frame(out, capture_frame(cap))
    write_frame(out, Frame("finish"))
    whole = out.getvalue()
    stream = io.BytesIO(whole)
    first = read_frame(stream)
    assert first is not None and capture_of(first) == cap
    second = read_frame(stream)
    assert second is not None and second.type == "finish"
    assert read_frame(stream) is None  # a clean end
    for cut in (3, 20, len(whole) // 2):
        with pytest.raises(ChannelBroken):
            read_frame(io.BytesIO(whole[:cut]))
