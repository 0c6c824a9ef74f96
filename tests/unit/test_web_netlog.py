"""Chromium's NetLog read as it is written (capture/web/netlog.py), on a real one.

``netlog-site.json.gz`` is the NetLog QtWebEngine 6.11 (Chromium 140) wrote while it
loaded the test site of tests/fixtures/web_server.py (``/start`` redirecting to
``/page``, with its images, frame and fetch()), unfinished as Chromium leaves it while it
runs: its closing lines come only at exit.
"""

from __future__ import annotations

import gzip
import hashlib
import random
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from capture.web.netlog import NetLogReader, header_lines
from capture.web.tls_names import cipher_name, group_name, tls_details

SAMPLE = Path(__file__).parents[1] / "fixtures" / "netlog-site.json.gz"


def _facts(reader: NetLogReader) -> list[tuple[object, ...]]:
    return [(h.url, h.method, h.request_type, h.started_ms, h.ended_ms, h.net_error, h.sent,
             h.received, h.connection.remote if h.connection else "",
             h.connection.chain if h.connection else ()) for h in reader.hops()]


def test_each_hop_has_its_headers_its_socket_and_the_chain_received(tmp_path: Path) -> None:
    path = tmp_path / "netlog.json"
    path.write_bytes(gzip.decompress(SAMPLE.read_bytes()))
    reader = NetLogReader(path)
    hops = reader.hops()
    assert [h.url.split("/", 3)[3] for h in hops] == [
        "start", "page", "img/a.png", "img/b.png", "frame", "data.json"]
    start, page = hops[0], hops[1]
    # The redirect: two hops of one request, the first ending as the second starts.
    assert start.received[0] == "HTTP/1.1 302 Found" and start.ended_ms == page.started_ms
    assert page.request_type == "main frame" and hops[4].request_type == "subframe"
    sent = dict(header_lines(page.sent))
    assert sent["Host"] == page.url.split("/")[2] and "User-Agent" in sent
    for hop in hops:
        assert hop.connection is not None and hop.connection.ip == "127.0.0.1"
        assert hop.connection.port == int(page.url.split(":")[2].split("/")[0])
        assert hop.ended_ms >= hop.started_ms > 1_700_000_000_000  # Unix ms, not ticks
    tls = tls_details(page.connection)  # type: ignore[arg-type]
    assert tls is not None and (tls.protocol, tls.cipher, tls.key_exchange) == (
        "TLS 1.3", "TLS_AES_256_GCM_SHA384", "X25519")
    conn = page.connection
    assert conn is not None and conn.cert_status == 0  # Chromium's verifier: no error
    # The chain is the path Chromium's verifier built, up to the CA it trusts.
    root = x509.load_pem_x509_certificate(conn.chain[-1].encode())
    assert root.subject.rfc4514_string() == "CN=Probant Test Web CA" == tls.issuer
    assert len(tls.chain_der) == len(conn.verified_pem) == 2
    leaf = x509.load_pem_x509_certificate(conn.chain[0].encode())
    assert tls.leaf_sha256 == hashlib.sha256(leaf.public_bytes(Encoding.DER)).hexdigest()
    assert "CN=localhost" in tls.subject and tls.valid_to > tls.valid_from
    assert reader.error_name(-105) == "net::ERR_NAME_NOT_RESOLVED"
    assert reader.error_name(-202) == "net::ERR_CERT_AUTHORITY_INVALID"


def test_read_in_pieces_as_written_gives_the_same_hops(tmp_path: Path) -> None:
    data = gzip.decompress(SAMPLE.read_bytes())
    whole = tmp_path / "whole.json"
    whole.write_bytes(data)
    expected = _facts(NetLogReader(whole))
    growing = tmp_path / "growing.json"
    growing.write_bytes(b"")
    reader = NetLogReader(growing)
    cuts = sorted(random.Random(7).sample(range(1, len(data)), 40))
    done = 0
    with growing.open("ab") as out:
        for cut in cuts + [len(data)]:  # lines cut anywhere, the constants' line too
            out.write(data[done:cut])
            out.flush()
            done = cut
            reader.poll()
    assert _facts(reader) == expected
    # A line still being written is not read: the hops stay as they were.
    with growing.open("ab") as out:
        out.write(b'{"params":{"url":"https://x.test/"},"phase":1,"source":{"id":999,')
    assert _facts(reader) == expected


def test_names_not_in_the_table_keep_their_number() -> None:
    assert cipher_name(0x1301) == "TLS_AES_128_GCM_SHA256"
    assert cipher_name(0xFFEE) == "0xFFEE"
    assert group_name(0) == "" and group_name(0x1234) == "0x1234"


def test_a_missing_file_is_no_hop_yet(tmp_path: Path) -> None:
    reader = NetLogReader(tmp_path / "not-yet.json")
    assert reader.hops() == [] and reader.error_name(-105) == "net::-105"
