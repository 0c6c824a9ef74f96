"""Trusted time against a real RFC 3161 TSA (certomancer on loopback): tokens, batches,
inclusion proofs, faults, the offline queue, fallback, and ``openssl ts -verify``."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest

from evidence import merkle
from evidence import timestamps as ts
from evidence.items import EvidenceRequest, add_evidence
from evidence.vault import Vault
from signing.tsa import coverage
from signing.tsa.client import TsaEndpoint, check_response, request_token
from signing.tsa.errors import TimestampUnavailable
from signing.tsa.flush import FlushConfig, flush, leaf_of
from tests.fixtures.ports import refused_url
from tests.fixtures.tsa_proxy import TsaProxy


def _endpoint(url: str, trust: Path, **kw: object) -> TsaEndpoint:
    return TsaEndpoint(id="t", name="test", url=url, trust_pem=trust.read_bytes(),
                       timeout_s=float(kw.pop("timeout_s", 5.0)), **kw)  # type: ignore[arg-type]


def _openssl_verify(tsr: Path, digest_hex: str, pki) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["openssl", "ts", "-verify", "-digest", digest_hex, "-sha256",
                           "-in", str(tsr), "-CAfile", str(pki.root_pem),
                           "-untrusted", str(pki.interm_pem)],
                          capture_output=True, text=True)


def _add_items(vault: Vault, constat: str, n: int) -> list[str]:
    ids = []
    for i in range(n):
        item = add_evidence(vault, EvidenceRequest(constat_id=constat, kind="imported",
                                                   origin="imported", filename=f"f{i}"),
                            f"contenu {i}".encode())
        ids.append(item.id)
    return ids


def _add_tsa(vault: Vault, url: str, pki, name: str = "") -> ts.Authority:
    return ts.add_authority(vault, url, pki.ca_bundle_pem.read_text(), name=name)


# -- the client alone ----------------------------------------------------------------------

def test_token_is_fully_checked_and_openssl_agrees(pki, tmp_path: Path) -> None:
    imprint = hashlib.sha256(b"capture").digest()
    token = request_token(_endpoint(pki.tsa_url, pki.ca_bundle_pem), imprint)
    assert token.info.imprint == imprint and token.info.tsa_subject
    assert token.info.revocation_checked  # the TSA certificate's OCSP/CRL answer was at hand
    assert abs(token.skew_ms) < 5000
    tsr = tmp_path / "x.tsr"
    tsr.write_bytes(token.response_der)
    ok = _openssl_verify(tsr, imprint.hex(), pki)
    assert "Verification: OK" in ok.stdout, ok.stderr
    other = _openssl_verify(tsr, hashlib.sha256(b"autre").hexdigest(), pki)
    assert "Verification: OK" not in other.stdout


@pytest.mark.parametrize(("which", "code"), [("tsa_expired_url", "tsa_cert_expired"),
                                             ("tsa_other_root_url", "tsa_untrusted")])
def test_untrusted_tsa_certificates_are_refused(pki, which: str, code: str) -> None:
    endpoint = _endpoint(getattr(pki, which), pki.ca_bundle_pem)
    with pytest.raises(Exception) as caught:
        request_token(endpoint, hashlib.sha256(b"x").digest())
    assert getattr(caught.value, "code", None) == code, caught.value


@pytest.mark.parametrize(("mode", "code"), [
    ("http500", "tsa_http_error"), ("garbage", "tsa_garbage"),
    ("replay", "tsa_wrong_nonce"), ("other_imprint", "tsa_wrong_imprint"),
    ("strip_certs", "tsa_no_certificate"), ("bad_signature", "tsa_bad_signature"),
    ("bad_certificate", "tsa_garbage"), ("slow", "tsa_timeout")])
def test_each_bad_answer_is_refused_with_its_reason(pki, tsa_proxy, mode: str,
                                                    code: str) -> None:
    proxy: TsaProxy = tsa_proxy(pki.tsa_url)
    endpoint = _endpoint(proxy.url, pki.ca_bundle_pem, timeout_s=1.0)
    digest = hashlib.sha256(b"capture").digest()
    # A good answer first, for the same data: to replay, and so that the TSA's chain
    # verdict is cached (a bad signature must still be caught by the per-token check).
    request_token(endpoint, digest)
    proxy.mode = mode
    with pytest.raises(Exception) as caught:
        request_token(endpoint, digest)
    assert getattr(caught.value, "code", None) == code, caught.value


def test_token_without_certificate_passes_with_a_pinned_tsa_certificate(pki, tsa_proxy) -> None:
    proxy: TsaProxy = tsa_proxy(pki.tsa_url)
    proxy.mode = "strip_certs"
    endpoint = _endpoint(proxy.url, pki.ca_bundle_pem, tsa_cert_pem=pki.tsa_cert_pem.read_bytes())
    token = request_token(endpoint, hashlib.sha256(b"z").digest())
    # the stored answer is what the TSA sent (no certificate); it re-checks with the pin
    info = check_response(token.response_der, token.info.imprint, endpoint, nonce=None)
    assert info.serial == token.info.serial


# -- batches through the vault -------------------------------------------------------------

@pytest.mark.parametrize("count", [1, 2, 3, 1000])
def test_one_token_covers_a_batch_and_every_proof_verifies(pki, vault: Vault, open_constat: str,
                                                          tmp_path: Path, count: int) -> None:
    _add_tsa(vault, pki.tsa_url, pki)
    flush(vault, FlushConfig(include_journal=False))  # the constat's own creation items
    ids = _add_items(vault, open_constat, count)
    result = flush(vault, FlushConfig())
    [token] = result.tokens
    assert result.covered == count and token.leaf_count == count + 1  # + the journal head
    leaves = [leaf for leaf in ts.list_leaves(vault, token_id=token.id)]
    assert {leaf.subject_id for leaf in leaves if leaf.subject_kind == "evidence"} == set(ids)
    root = bytes.fromhex(token.root)
    for leaf in leaves:
        assert merkle.verify_inclusion(leaf_of(leaf.digest),
                                       merkle.InclusionProof.from_json(leaf.proof), root)
    assert ts.pending(vault) == []
    assert coverage.check_timestamps(vault, []) == []
    out = tmp_path / "tsr"
    index = coverage.export_timestamps(vault, open_constat, out)
    for entry in index["tokens"]:
        run = _openssl_verify(out / entry["file"], entry["root"], pki)
        assert "Verification: OK" in run.stdout, run.stderr
    item = index["items"][0]  # one item alone, from the exported files only
    proof = merkle.InclusionProof.from_json(item["proof"])
    tok = next(t for t in index["tokens"] if t["id"] == item["token"])
    assert merkle.root_from_proof(bytes.fromhex(item["leaf"]), proof).hex() == tok["root"]


def test_single_item_alone_and_dual_tokens(pki, vault: Vault, open_constat: str) -> None:
    _add_tsa(vault, pki.tsa_url, pki, "primaire")
    _add_tsa(vault, pki.tsa_url, pki, "secondaire")
    first, second = _add_items(vault, open_constat, 2)
    alone = flush(vault, FlushConfig(), subject_id=first)
    assert alone.covered == 1 and alone.tokens[0].leaf_count == 1
    assert [p.subject_id for p in ts.pending(vault, subject_id=second)] == [second]
    dual = flush(vault, FlushConfig(dual=True), subject_id=second)
    assert [t.tsa_name for t in dual.tokens] == ["primaire", "secondaire"]
    cover = {c.evidence_id: c for c in coverage.coverage(vault, open_constat)}
    assert len(cover[second].tokens) == 2 and cover[first].status == "covered"
    # Both TSAs stamped the same request: one batch, its leaf stored once.
    assert dual.tokens[0].batch_id == dual.tokens[1].batch_id
    rows = vault.db.query("SELECT subject_id FROM timestamp_leaves WHERE batch_id = ?",
                          (dual.tokens[0].batch_id,))
    assert [r[0] for r in rows] == [second]
    assert coverage.check_timestamps(vault, []) == []


def test_tampered_token_or_manifest_is_found_by_verify(pki, vault: Vault,
                                                       open_constat: str) -> None:
    _add_tsa(vault, pki.tsa_url, pki)
    _add_items(vault, open_constat, 3)
    flush(vault, FlushConfig())
    assert coverage.check_timestamps(vault, []) == []
    token = ts.list_tokens(vault)[0]
    raw = bytearray(token.response)
    raw[-40] ^= 0x01  # inside the signature value
    with vault.db.transaction() as conn:
        conn.execute("DROP TRIGGER timestamp_tokens_no_update")  # an attacker with the key
        conn.execute("UPDATE timestamp_tokens SET response = ? WHERE id = ?",
                     (bytes(raw), token.id))
    damages = coverage.check_timestamps(vault, [])
    assert [d.subject for d in damages] == [token.id]


def test_a_removed_leaf_row_is_named_on_its_token_and_its_item(pki, vault: Vault,
                                                               open_constat: str) -> None:
    from evidence.items import list_evidence

    _add_tsa(vault, pki.tsa_url, pki)
    ids = _add_items(vault, open_constat, 3)
    token = flush(vault, FlushConfig()).tokens[0]
    items = list_evidence(vault, open_constat)
    assert coverage.check_timestamps(vault, items) == []
    with vault.db.transaction() as conn:  # an attacker with the key hides one capture's leaf
        conn.execute("DROP TRIGGER timestamp_leaves_no_delete")
        conn.execute("DELETE FROM timestamp_leaves WHERE subject_id = ?", (ids[1],))
    found = {(d.subject, d.problem) for d in coverage.check_timestamps(vault, items)}
    assert (token.id, "leaves") in found  # the token: one row short
    assert (ids[1], "untracked") in found  # the item: neither covered nor waiting


# -- faults, queue, offline then online ----------------------------------------------------

def test_failure_keeps_items_pending_with_reason_then_retry_succeeds(
        pki, tsa_proxy, vault: Vault, open_constat: str) -> None:
    proxy: TsaProxy = tsa_proxy(pki.tsa_url)
    proxy.mode = "http500"
    ts.add_authority(vault, proxy.url, pki.ca_bundle_pem.read_text(), name="proxy")
    ids = _add_items(vault, open_constat, 3)
    with pytest.raises(TimestampUnavailable) as caught:
        flush(vault, FlushConfig(timeout_s=2))
    assert caught.value.exit_code == 4
    assert ts.list_tokens(vault) == []  # nothing invalid stored
    waiting = {p.subject_id: p for p in ts.pending(vault)}
    assert set(ids) <= set(waiting)
    assert all("tsa_http_error" in (waiting[i].last_error or "") for i in ids)
    assert all(waiting[i].attempts == 1 and waiting[i].next_attempt_at for i in ids)
    assert ts.pending(vault, due_only=True) == []  # backing off
    proxy.mode = "forward"
    result = flush(vault, FlushConfig())
    assert set(ids) <= {c.evidence_id for c in coverage.coverage(vault) if c.status == "covered"}
    assert result.covered >= 3 and ts.pending(vault) == []
    actions = [r["action"] for r in vault.db.query("SELECT action FROM journal")]
    assert "timestamp_failed" in actions and "timestamp_obtained" in actions


def _batches(vault: Vault) -> list[tuple[str, int]]:
    return [(r[0], r[1]) for r in vault.db.query(
        "SELECT b.id, (SELECT count(*) FROM timestamp_leaves l WHERE l.batch_id = b.id)"
        " FROM timestamp_batches b ORDER BY b.created_at")]


def test_a_request_without_a_valid_answer_leaves_no_batch_behind(
        pki, tsa_proxy, vault: Vault, open_constat: str) -> None:
    """Offline, every capture's flush fails: its batch is discarded, or the leaves of
    everything pending would pile up again at each try."""
    proxy: TsaProxy = tsa_proxy(pki.tsa_url)
    proxy.mode = "http500"
    ts.add_authority(vault, proxy.url, pki.ca_bundle_pem.read_text(), name="proxy")
    for _ in range(3):
        _add_items(vault, open_constat, 2)
        with pytest.raises(TimestampUnavailable):
            flush(vault, FlushConfig(timeout_s=2))
    assert proxy.requests_seen == 3 and _batches(vault) == []
    # A flush killed between its batch and its token leaves a batch without a token;
    # the next flush sweeps it once it is older than any request could take.
    with vault.db.transaction() as conn:
        conn.execute("INSERT INTO timestamp_batches VALUES ('tsb_crashed', ?, 1,"
                     " '2026-01-01T00:00:00.000000Z')", ("00" * 32,))
        conn.execute("INSERT INTO timestamp_leaves (batch_id, subject_kind, subject_id,"
                     " constat_id, digest, leaf_index, proof) SELECT 'tsb_crashed',"
                     " subject_kind, subject_id, constat_id, digest, 0, x'' FROM"
                     " timestamp_queue LIMIT 1")
    assert coverage.check_timestamps(vault, []) == []  # a batch without a token covers nothing
    assert {c.status for c in coverage.coverage(vault, open_constat)} == {"pending"}
    proxy.mode = "forward"
    token = flush(vault, FlushConfig()).tokens[0]
    assert _batches(vault) == [(token.batch_id, 6 + 1)]  # 6 captures and the journal head
    with pytest.raises(Exception, match="immutable"), vault.db.transaction() as conn:
        conn.execute("DELETE FROM timestamp_leaves WHERE batch_id = ?", (token.batch_id,))
    with pytest.raises(Exception, match="immutable"), vault.db.transaction() as conn:
        conn.execute("DELETE FROM timestamp_batches WHERE id = ?", (token.batch_id,))


def test_fallback_when_the_primary_is_down(pki, vault: Vault, open_constat: str) -> None:
    ts.add_authority(vault, refused_url("/tsa"), pki.ca_bundle_pem.read_text(),
                     name="primaire-hs")
    _add_tsa(vault, pki.tsa_url, pki, "secours")
    _add_items(vault, open_constat, 2)
    result = flush(vault, FlushConfig(timeout_s=2))
    assert [t.tsa_name for t in result.tokens] == ["secours"]
    assert [f.code for f in result.failures] == ["tsa_unreachable"]


def test_offline_capture_restart_then_online_flush_reports_gaps(pki_live, probant,
                                                                tmp_path: Path) -> None:
    pki = pki_live
    assert probant("init", demo=True).code == 0
    dossier = probant("dossier", "new", "Affaire", "--requester", "SAS X").json["id"]
    constat = probant("constat", "new", "--dossier", dossier).json["id"]
    added = probant("tsa", "add", pki.tsa_url, "--trust", str(pki.ca_bundle_pem),
                    "--name", "certomancer")
    assert added.code == 0, added.stderr
    pki.stop_server()
    try:
        src = tmp_path / "piece.txt"
        src.write_text("remise hors ligne")
        assert probant("annex", "add", "--constat", constat, str(src)).code == 0
        offline = probant("timestamp", "flush")
        assert offline.code == 4 and offline.json["error"]["code"] == "tsa_unavailable"
        status = probant("timestamp", "status", "--constat", constat).json
        assert status["covered"] == 0 and status["pending"] == 2
        assert all("tsa_unreachable" in i["pending_reason"] for i in status["items"])
    finally:
        pki.start_server()
    # a new process (restart): the queue survived in the vault
    flushed = probant("timestamp", "flush")
    assert flushed.code == 0, flushed.stderr
    status = probant("timestamp", "status", "--constat", constat).json
    assert status["pending"] == 0 and status["covered"] == 2
    assert all(i["gap_s"] is not None and i["gap_s"] >= 0 for i in status["items"])
    assert status["journal_covered_seq"] > 0
    verify = probant("verify")
    assert verify.code == 0, verify.stdout
    out = tmp_path / "export"
    assert probant("timestamp", "export", "--constat", constat, "--out", str(out)).code == 0
    index = json.loads((out / "timestamps.json").read_text())
    for entry in index["tokens"]:
        run = _openssl_verify(out / entry["file"], entry["root"], pki)
        assert "Verification: OK" in run.stdout, run.stderr


def test_clock_skew_beyond_threshold_is_recorded(pki, vault: Vault, open_constat: str) -> None:
    _add_tsa(vault, pki.tsa_url, pki)
    _add_items(vault, open_constat, 1)
    # threshold -1 s: any measured difference is "beyond"; the warning lands in the constat
    result = flush(vault, FlushConfig(skew_warning_s=-1))
    assert result.skew_warnings == 1
    rows = vault.db.query("SELECT details FROM journal WHERE action = 'clock_skew_warning'"
                          " AND constat_id = ?", (open_constat,))
    assert len(rows) == 1 and "skew_ms" in json.loads(rows[0]["details"])


def test_a_capture_is_not_held_up_while_the_tsa_chain_is_checked_online(tmp_path: Path) -> None:
    """OCSP/CRL answering slowly: the flush must not hold the vault's write lock meanwhile,
    so a capture from another process (here: another connection) commits before it ends."""
    import threading
    import time

    from evidence import dossiers
    from tests.fixtures.pki import make_pki
    from tests.fixtures.vault import make_vault_home

    pki = make_pki(tmp_path / "pki")
    inner = pki._server.app
    in_revocation = threading.Event()  # the flush is waiting on OCSP/CRL
    captured = threading.Event()  # the other connection's capture committed
    armed = threading.Event()  # after the server's own readiness probe (a CRL)

    def slow_revocation(environ, start_response):  # type: ignore[no-untyped-def]
        path = environ.get("PATH_INFO", "")
        if armed.is_set() and ("/ocsp/" in path or "/crls/" in path):
            in_revocation.set()
            # Answer only once the capture committed: if the flush held the write lock
            # meanwhile, the capture times out on it (15 s) and the test fails.
            captured.wait(40)
        return inner(environ, start_response)

    pki._server.app = slow_revocation
    pki.start_server()
    armed.set()
    home = make_vault_home(tmp_path / "home")
    try:
        with home.open() as vault:
            constat = dossiers.create_constat(
                vault, dossiers.create_dossier(vault, "Affaire", "X").id, "objet").id
            _add_tsa(vault, pki.tsa_url, pki)
            _add_items(vault, constat, 3)
            ended: dict[str, float] = {}
            errors: list[BaseException] = []

            def capture() -> None:  # its own connection, on its own thread
                try:
                    with home.open() as other:
                        assert in_revocation.wait(60), "the flush never asked OCSP/CRL"
                        add_evidence(other, EvidenceRequest(constat, "imported", "imported",
                                                            filename="late"), b"pendant le flush")
                        ended["capture"] = time.monotonic()
                except BaseException as exc:  # reported by the main thread
                    errors.append(exc)
                finally:
                    captured.set()

            worker = threading.Thread(target=capture)
            worker.start()
            result = flush(vault, FlushConfig(timeout_s=60))
            ended["flush"] = time.monotonic()
            worker.join()
            assert not errors, errors
            assert result.covered == 3 and result.tokens[0].revocation_checked
            assert ended["capture"] < ended["flush"]  # committed while the flush waited
            assert not vault.db.conn.in_transaction
    finally:
        pki.stop_server()
