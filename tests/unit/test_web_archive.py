"""The Qt-free WARC 1.1 writer and WACZ 1.1.1 packager, checked with warcio and py-wacz."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from warcio.archiveiterator import ArchiveIterator

from capture.web.model import Exchange, Navigation, Recording, TlsDetails
from capture.web.navlog import navigation_log
from capture.web.wacz import Page, build_wacz, surt, verify_wacz
from capture.web.warc import sha256_label, write_warc


def _cert_der() -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "example.test")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1).not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=1)).sign(key, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.DER)


def _recording() -> Recording:
    tls = TlsDetails("TLS 1.3", "AES_256_GCM", "X25519", "example.test", "example.test",
                     1, 2, (_cert_der(),))
    t = "2025-01-02T03:04:05.123456Z"
    page = Exchange("1", "https://example.test/page", "GET", (("Accept", "text/html"),), 200, "OK",
                    (("Content-Type", "text/html; charset=iso-8859-1"),
                     ("Content-Encoding", "gzip"), ("Content-Length", "12")),
                    "http/1.1", "192.0.2.1", 443, t, "Document", "F1",
                    "<p>caf\xe9</p>".encode("latin-1"), "stream", tls=tls)
    redirect = Exchange("0", "https://example.test/", "GET", (), 302, "Found",
                        (("Location", "/page"),), "http/1.1", "192.0.2.1", 443, t, "Document",
                        "F1", b"", "none", tls=tls, redirect_to="https://example.test/page")
    image = Exchange("2", "https://example.test/a.png?b=2&a=1", "GET", (), 200, "OK",
                     (("Content-Type", "image/png"),), "h2", "192.0.2.1", 443, t, "Image", "F1",
                     bytes(range(256)) * 4, "stream", tls=tls)
    navs = (Navigation("https://example.test/", "typed", t, 302, "192.0.2.1", tls.leaf_sha256),
            Navigation("https://example.test/page", "redirect", t, 200, "192.0.2.1",
                       tls.leaf_sha256))
    return Recording((redirect, page, image), navs)


def _read(data: bytes) -> list[tuple[object, bytes]]:
    """Records with their content (an iterator's record is only readable before the next)."""
    return [(r, r.content_stream().read()) for r in ArchiveIterator(io.BytesIO(data))]


def test_warc_holds_each_body_byte_for_byte_with_digests_and_the_chain() -> None:
    rec = _recording()
    warc = write_warc(rec, {"software": "Probant test"}, navigation_log(rec, {"ua": "x"}))
    read = _read(warc.data)
    records: list[Any] = [r for r, _ in read]
    content = {id(r): c for r, c in read}
    assert records[0].rec_type == "warcinfo"
    assert records[0].rec_headers.get_header("WARC-Type") == "warcinfo"
    responses = {r.rec_headers.get_header("WARC-Target-URI"): r for r in records
                 if r.rec_type == "response"}
    for ex in rec.exchanges:
        r = responses[ex.url]
        body = content[id(r)]
        assert body == ex.body
        assert r.rec_headers.get_header("WARC-Payload-Digest") == sha256_label(ex.body)
        assert r.rec_headers.get_header("WARC-IP-Address") == "192.0.2.1"
        assert r.http_headers.get_statuscode() == str(ex.status)
        assert warc.response_ids[ex.request_id] == r.rec_headers.get_header("WARC-Record-ID")
    page = responses["https://example.test/page"]
    # The body is archived decoded: the wire's encoding is kept under its archive name.
    assert page.http_headers.get_header("Content-Encoding") is None
    assert page.http_headers.get_header("X-Archive-Orig-Content-Encoding") == "gzip"
    assert page.http_headers.get_header("Content-Length") == str(len(rec.exchanges[1].body))
    requests = [r for r in records if r.rec_type == "request"]
    assert len(requests) == 3
    assert all(r.rec_headers.get_header("WARC-Concurrent-To") for r in requests)
    chains = [r for r in records if r.rec_type == "metadata"]
    assert len(chains) == 1  # one chain, seen on three responses
    chain = json.loads(content[id(chains[0])])
    der = rec.exchanges[0].tls.chain_der[0]  # type: ignore[union-attr]
    assert chain["chain_sha256"] == [hashlib.sha256(der).hexdigest()]
    log = [r for r in records if r.rec_type == "resource"]
    assert json.loads(content[id(log[0])])["navigations"][1]["cause"] == "redirect"
    assert records[0].rec_headers.protocol == "WARC/1.1"
    # The index points at each response record's gzip member.
    for entry in warc.entries:
        member = warc.data[entry.offset:entry.offset + entry.length]
        (record,) = list(ArchiveIterator(io.BytesIO(member)))
        assert record.rec_headers.get_header("WARC-Record-ID") == entry.record_id


def test_wacz_validates_with_py_wacz_and_its_signature_verifies(tmp_path: Path) -> None:
    rec = _recording()
    warc = write_warc(rec, {"software": "Probant test"}, navigation_log(rec, {}))
    created = "2025-01-02T03:04:06Z"
    pkg = build_wacz(warc, [Page("https://example.test/page", "2025-01-02T03:04:05Z", "Café")],
                     title="Constat", created=created, software="Probant test")
    path = tmp_path / "session.wacz"
    path.write_bytes(pkg.data)
    wacz = Path(sys.executable).with_name("wacz")
    proc = subprocess.run([str(wacz), "validate", "-f", str(path)], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Validation succeeded" in proc.stdout
    signed = verify_wacz(pkg.data)
    assert signed["hash"] == f"sha256:{pkg.datapackage_sha256}"
    with zipfile.ZipFile(io.BytesIO(pkg.data)) as zf:
        assert zf.getinfo("archive/data.warc.gz").compress_type == zipfile.ZIP_STORED
        index = zf.read("indexes/index.cdxj").decode().splitlines()
        assert index == sorted(index) and len(index) == 3
        assert index[0].startswith("test,example)/ 20250102030405 ")
        pages = zf.read("pages/pages.jsonl").decode().splitlines()
        assert json.loads(pages[0])["format"] == "json-pages-1.0"


@pytest.mark.parametrize("what", ["datapackage", "archive", "signature"])
def test_a_changed_package_does_not_verify(what: str) -> None:
    rec = _recording()
    pkg = build_wacz(write_warc(rec, {}, b"{}"), [], title="t", created="2025-01-01T00:00:00Z",
                     software="s")
    src = zipfile.ZipFile(io.BytesIO(pkg.data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if what == "datapackage" and info.filename == "datapackage.json":
                data = data.replace(b'"title": "t"', b'"title": "u"')
            if what == "archive" and info.filename.startswith("archive/"):
                data = data[:-1] + bytes([data[-1] ^ 1])
            if what == "signature" and info.filename == "datapackage-digest.json":
                doc = json.loads(data)
                doc["signedData"]["signature"] = doc["signedData"]["signature"][::-1]
                data = json.dumps(doc).encode()
            dst.writestr(info, data)
    with pytest.raises(ValueError):
        verify_wacz(out.getvalue())


def test_surt_keys() -> None:
    assert surt("https://www.Example.test:8443/a?b=2&a=1") == "test,example:8443)/a?a=1&b=2"
    assert surt("http://example.test") == "test,example)/"
    assert surt("urn:probant:x") == "urn:probant:x"


def test_password_fields_are_masked_by_name_and_by_value() -> None:
    from dataclasses import replace
    from urllib.parse import quote

    from capture.web.masking import MASK, mask_exchange, mask_url

    names, values = frozenset({"mot_de_passe"}), frozenset({"p@ss wörd!"})
    ex = replace(_recording().exchanges[0], method="POST",
                 request_body=b"user=jean&mot_de_passe=p%40ss+w%C3%B6rd%21&x=a+b",
                 request_headers=(("Referer", "https://a.test/?mot_de_passe=zz"),
                                  ("Content-Length", "44")))
    masked = mask_exchange(ex, names, values)
    masked_form = f"user=jean&mot_de_passe={quote(MASK)}&x=a+b".encode()
    assert masked.request_body == masked_form
    assert masked.request_headers == (
        ("Referer", f"https://a.test/?mot_de_passe={quote(MASK)}"),
        ("Content-Length", str(len(masked_form))))
    assert masked.masked == ("mot_de_passe",) and masked.request_id == ex.request_id
    # A JSON login (no form): by value, JSON-escaped or not.
    body = json.dumps({"login": "jean", "secret": "p@ss wörd!"}).encode()
    masked = mask_exchange(replace(ex, request_body=body, request_headers=()), names, values)
    assert b"p@ss" not in masked.request_body and "(valeur)" in masked.masked
    assert json.loads(masked.request_body)["secret"] == MASK
    # Nothing to mask: the very same exchange; short values only by name.
    assert mask_exchange(ex, frozenset(), frozenset()) is ex
    assert mask_url("https://a.test/?q=abc", frozenset(), frozenset({"abc"}))[0] == (
        "https://a.test/?q=abc")
    # The WARC's request record carries the masked body and names the field.
    rec = replace(_recording(), exchanges=(mask_exchange(ex, names, values),))
    warc = write_warc(rec, {"software": "t"}, b"{}", "0c5c4f8e-6d4b-4c8e-9b4a-3a5f8a1b2c3d").data
    requests = [(r.rec_headers.get_header("WARC-Probant-Masked"), r.raw_stream.read())
                for r in ArchiveIterator(io.BytesIO(warc)) if r.rec_type == "request"]
    assert requests == [("mot_de_passe", masked_form)]


def test_a_partial_archive_is_a_valid_warc_of_the_segments_heard() -> None:
    from capture.web.channel import Frame
    from capture.web.partial import PartialArchive
    from capture.web.warc import SegmentWriter

    session = "0c5c4f8e-6d4b-4c8e-9b4a-3a5f8a1b2c3d"
    rec = _recording()
    writer = SegmentWriter(session)
    partial = PartialArchive("c1", session)
    assert partial.package(-9, []) is None  # nothing received: nothing to store
    partial.hear(Frame("hello", {"facts": {"cookies_at_start": 0, "ratio": 0.5}}))
    for ex in rec.exchanges:  # one segment per exchange, as the window sends them
        data, count = writer.segment([ex])
        partial.hear(Frame("segment", {"records": count, "exchanges": 1}, data))
    partial.hear(Frame("navigation", {"lines": [{"url": "https://example.test/", "status": 200}]}))
    partial.hear(Frame("consent", {"platform": "Didomi", "url": "https://example.test/"}))
    packed = partial.package(-9, ["ev_1"])
    assert packed is not None
    data, meta = packed
    records = [(r.rec_type, r.rec_headers.get_header("WARC-Record-ID"))
               for r in ArchiveIterator(io.BytesIO(data))]
    assert records[0][0] == "warcinfo" and len(records) - 1 == meta["records"]
    assert [t for t, _ in records].count("response") == len(rec.exchanges) == meta["exchanges"]
    # Record ids are those the final WACZ gives the same responses.
    final = write_warc(rec, {"software": "t"}, b"{}", session)
    assert {i for t, i in records if t == "response"} == set(final.response_ids.values())
    assert meta["facts"] == {"cookies_at_start": 0, "consent_banners": [
        {"platform": "Didomi", "url": "https://example.test/"}], "window_recordings": []}
    assert meta["navigations"][0]["status"] == 200 and meta["captures"] == ["ev_1"]


def test_resolvers_proxies_and_banners_are_read_honestly(tmp_path: Path) -> None:
    from capture.web.consent import parse_detection, summary
    from capture.web.dns import lookup, system_resolvers
    from capture.web.errors import proxies_need_acknowledgement, proxy_variables

    conf = tmp_path / "resolv.conf"
    conf.write_text("# generated\nnameserver 192.0.2.53\nnameserver 2001:db8::53 # v6\n"
                    "search corp.example\noptions edns0\n", encoding="utf-8")
    ns = tmp_path / "nsswitch.conf"
    ns.write_text("passwd: files\nhosts:  files mdns4_minimal [NOTFOUND=return] dns\n",
                  encoding="utf-8")
    found = system_resolvers(conf, ns)
    assert found["nameservers"] == ["192.0.2.53", "2001:db8::53"]
    assert found["search"] == ["corp.example"]
    assert found["nsswitch_hosts"] == "files mdns4_minimal [NOTFOUND=return] dns"
    assert lookup("192.0.2.7").a == ("192.0.2.7",) and lookup("[2001:db8::1]").aaaa == (
        "2001:db8::1",)
    assert lookup("does-not-exist.invalid").error

    env = {"HTTPS_PROXY": "http://agent:hunter2@proxy.corp:3128", "no_proxy": "localhost",
           "PATH": "/bin"}
    assert proxy_variables(env) == {"HTTPS_PROXY": "http://•••• (masqué)@proxy.corp:3128",
                                    "no_proxy": "localhost"}
    assert proxies_need_acknowledgement(proxy_variables(env))
    assert not proxies_need_acknowledgement({"no_proxy": "localhost"})

    seen = parse_detection(json.dumps([
        {"platform": "OneTrust", "selector": "#onetrust-banner-sdk", "text": "Cookies"},
        {"platform": "OneTrust", "selector": "#onetrust-pc-sdk", "text": ""},
        {"platform": "Didomi", "selector": "#didomi-popup", "text": "Vos choix"}]))
    assert summary(seen) == "OneTrust, Didomi" and seen[0]["selector"] == "#onetrust-banner-sdk"
    assert parse_detection("not json") == [] and parse_detection(None) == []
