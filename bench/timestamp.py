"""Flush of N pending captures against one raw rfc3161ng request, on the same local TSA.

Usage: .venv/bin/python -m bench.timestamp [--items 1000] [--runs 7]

"flush" = read the vault's queue, build the Merkle tree (items + journal head),
one RFC 3161 request with full validation (status, nonce, imprint, CMS
signature, TSA chain with timeStamping EKU and revocation: fetched over OCSP/CRL
by the warm-up flush, then kept 5 minutes like the answers it rests on, as in a
constat where flushes follow each other), then store the token and its leaves in
one transaction.
Reference: ``rfc3161ng.RemoteTimestamper(...)(digest=..., nonce=...)`` (request +
rfc3161ng's signature check against the TSA certificate), same TSA, same run.
The TSA is certomancer on loopback (tests/fixtures/pki.py), in its own process by
default, as a real TSA is: in this process its Python signing work would take the
interpreter lock from the flush's own work during the wait (``--tsa in-process``
shows that case). Goal: one TSA round trip per flush and <= 1.2x the raw request.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import requests  # noqa: E402
import rfc3161ng  # noqa: E402

from evidence import dossiers  # noqa: E402
from evidence import timestamps as ts  # noqa: E402
from evidence.items import EvidenceRequest, add_evidence  # noqa: E402
from signing.tsa.flush import FlushConfig, flush  # noqa: E402
from tests.fixtures.pki import make_pki  # noqa: E402
from tests.fixtures.vault import make_vault_home  # noqa: E402


def _raw(url: str, tsa_pem: bytes) -> float:
    stamper = rfc3161ng.RemoteTimestamper(url, certificate=tsa_pem, hashname="sha256",
                                          include_tsa_certificate=True)
    digest = hashlib.sha256(os.urandom(32)).digest()
    start = time.perf_counter()
    stamper(digest=digest, nonce=int.from_bytes(os.urandom(8), "big") >> 1, return_tsr=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--tsa", choices=("subprocess", "in-process"), default="subprocess")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pki = make_pki(Path(tmp) / "pki")
        server = _serve(pki, args.tsa)
        try:
            print(f"TSA: certomancer, {args.tsa}")
            _run(pki, Path(tmp), args.items, args.runs)
        finally:
            if server is None:
                pki.stop_server()
            else:
                server.terminate()
                server.wait(10)


def _serve(pki, mode: str) -> subprocess.Popen[bytes] | None:  # type: ignore[no-untyped-def]
    """The PKI's services: the fixture's thread, or ``certomancer animate`` as a process
    (same configuration and keys, so the same certificates)."""
    if mode == "in-process":
        pki.start_server()
        return None
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "certomancer"), "--config", str(pki.config_path),
         "--key-root", str(pki.dir / "keys"), "animate", "--port", str(pki.port),
         "--no-web-ui"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(pki.interm_crl_url, timeout=1).status_code == 200:
                return server
        except requests.RequestException:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("certomancer animate did not start")


def _run(pki, tmp: Path, items: int, runs: int) -> None:  # type: ignore[no-untyped-def]
    home = make_vault_home(tmp / "home")
    tsa_pem = pki.tsa_cert_pem.read_bytes()
    raw_times, flush_times, requests = [], [], []
    with home.open() as vault:
        ts.add_authority(vault, pki.tsa_url, pki.ca_bundle_pem.read_text(), name="local")
        dossier = dossiers.create_dossier(vault, "Bench", "Bench")
        constat = dossiers.create_constat(vault, dossier.id, "bench").id
        add_evidence(vault, EvidenceRequest(constat_id=constat, kind="imported",
                                            origin="imported"), b"warm-up")
        flush(vault)  # warm-up: connections, imports, the TSA chain's OCSP answer
        _raw(pki.tsa_url, tsa_pem)
        for _ in range(runs):
            for _i in range(items):
                add_evidence(vault, EvidenceRequest(constat_id=constat, kind="imported",
                                                    origin="imported"), os.urandom(64))
            before = len(ts.list_tokens(vault))
            start = time.perf_counter()
            result = flush(vault, FlushConfig())
            flush_times.append(time.perf_counter() - start)
            assert result.covered == items and not ts.pending(vault)
            requests.append(len(ts.list_tokens(vault)) - before + len(result.failures))
            raw_times.append(_raw(pki.tsa_url, tsa_pem))
    raw, fl = statistics.median(raw_times), statistics.median(flush_times)
    print(f"\nflush of {items} pending captures vs one raw rfc3161ng request "
          f"(median of {runs}, certomancer TSA on loopback)\n")
    print(f"| {'measure':<34} | {'value':>10} |")
    print(f"|{'-' * 36}|{'-' * 12}|")
    print(f"| {'raw rfc3161ng request':<34} | {raw * 1000:>8.1f} ms |")
    print(f"| {'Probant flush (' + str(items) + ' items)':<34} | {fl * 1000:>8.1f} ms |")
    print(f"| {'ratio (goal <= 1.2x)':<34} | {fl / raw:>9.2f}x |")
    print(f"| {'TSA requests per flush (goal 1)':<34} | {max(requests):>10} |")
    print(f"| {'per item':<34} | {fl / items * 1e6:>8.1f} us |")


if __name__ == "__main__":
    main()
