"""Evidence bundle: export + verify of a large constat, against zip -0 + openssl in the same run.

Usage: .venv/bin/python -m bench.bundle [--size-mib 1024] [--runs 3] [--workdir /tmp]

Set-up (not timed): through the real CLI, a demo vault with one constat whose annexes are
4 files of SIZE/4 MiB of random (incompressible) bytes plus 3 small ones, then closed,
timestamped and with a signed PV (test PKI of tests/fixtures/pki.py, served in-process on
loopback). Measured, each run, as whole CLI processes:
``probant export --constat ID --out B.zip`` (decrypt from the vault, re-hash, write the
stored zip64 bundle, fsync, sign and timestamp bundle.json) and ``probant verify B.zip``
with a fresh empty --home (re-hash every entry; signatures, manifests, tokens, PV).
Reference, same run, same source files: ``zip -0 -q ref.zip FILES...`` then
``openssl dgst -sha256 FILE`` of each file.
Every file is warm in the page cache on both sides (just written; nothing is dropped);
dirty pages are synced, untimed, before each step. One warm-up run, not counted.
Peak RSS of each child: /usr/bin/time -f %M (else os.wait4). Medians over the runs.
Goal: (export + verify) <= 1.5x (zip -0 + openssl dgst); peak RSS of each <= 150 MiB.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fixtures.cli import offline_settings  # noqa: E402
from tests.fixtures.pki import TestPki, make_pki  # noqa: E402

GOAL = 1.5
RSS_GOAL_MIB = 150  # export and verify, whatever the size (tests/integration/test_bundle_large.py
# checks the growth against a 1 MiB constat instead)
SIGNER_ENV = {"PROBANT_SIGNER_PIN": "probant-test"}
TIME = shutil.which("time", path="/usr/bin:/bin")  # GNU time: %M is the child's own peak
SMALL = (("note.txt", 1 << 10), ("courriel.eml", 64 << 10), ("photo.jpg", 1 << 20))


@dataclass(frozen=True)
class Step:
    seconds: float
    rss_kib: int
    stdout: str


def _run(cmd: list[str], logs: Path, env: dict[str, str] | None = None) -> Step:
    """One child process, timed, and its peak RSS: GNU time's %M, else wait4's ru_maxrss (which
    can include the forking Python's RSS). Output goes to files, not pipes. Bytecode is cached
    in the temporary folder, as an installed app's would be, even under PYTHONDONTWRITEBYTECODE;
    earlier steps' dirty pages are written back first (sync, untimed) so none throttles this one."""
    if TIME:
        cmd = [TIME, "-f", "%M", "-o", str(logs / "rss"), *cmd]
    full_env = {k: v for k, v in os.environ.items()
                if not k.startswith("PROBANT_") and k != "PYTHONDONTWRITEBYTECODE"}
    full_env.update(env or {}, PYTHONPYCACHEPREFIX=str(logs.parent / "pycache"))
    os.sync()
    with open(logs / "out", "w+b") as out, open(logs / "err", "w+b") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdin=subprocess.DEVNULL,
                                stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if code != 0:
        sys.exit(f"{' '.join(cmd)}\nexit {code}\n{stdout[-2000:]}\n{stderr[-4000:]}")
    peak = int((logs / "rss").read_text().split()[-1]) if TIME else usage.ru_maxrss
    return Step(elapsed, peak, stdout)


def _probant(home: Path, logs: Path, *args: str, env: dict[str, str] | None = None) -> Step:
    return _run([sys.executable, "-m", "app.main", "--home", str(home), "--json", *args],
                logs, env)


def _make_sources(folder: Path, size_mib: int) -> list[Path]:
    folder.mkdir()
    files = [(f"piece-{i + 1}.bin", (size_mib << 20) // 4) for i in range(4)] + list(SMALL)
    paths = []
    for name, size in files:
        path = folder / name
        with open(path, "wb") as handle:
            left = size
            while left:
                block = os.urandom(min(left, 16 << 20))
                handle.write(block)
                left -= len(block)
        paths.append(path)
    return paths


def _build_constat(home: Path, logs: Path, pki: TestPki, sources: list[Path]) -> tuple[str, float]:
    """The constat through the CLI; returns its id and the time `annex add` took (info only)."""
    offline_settings(home)
    _probant(home, logs, "--demo", "init")
    dossier = json.loads(_probant(home, logs, "dossier", "new", "Bench bundle", "--requester",
                                  "SAS Bench, 1 rue du Banc, Paris").stdout)["id"]
    constat = json.loads(_probant(home, logs, "constat", "new", "--dossier", dossier,
                                  "--mission", "Pièces remises").stdout)["id"]
    _probant(home, logs, "tsa", "add", pki.tsa_url, "--trust", str(pki.ca_bundle_pem))
    ingest = _probant(home, logs, "annex", "add", "--constat", constat,
                      *map(str, sources)).seconds
    _probant(home, logs, "constat", "close", constat)
    _probant(home, logs, "timestamp", "flush")
    _probant(home, logs, "signer", "add", "--pkcs12", str(pki.p12("signer")), "--trust",
             str(pki.ca_bundle_pem), env=SIGNER_ENV)
    _probant(home, logs, "pv", "sign", "--constat", constat, env=SIGNER_ENV)
    _probant(home, logs, "timestamp", "flush")  # the signed PV's own token
    return constat, ingest


def _bench(tmp: Path, pki: TestPki, size_mib: int, runs: int) -> None:
    logs = tmp / "logs"
    logs.mkdir()
    sources = _make_sources(tmp / "src", size_mib)
    total = sum(p.stat().st_size for p in sources)
    home = tmp / "home"
    constat, ingest = _build_constat(home, logs, pki, sources)
    startup = statistics.median(
        _run([sys.executable, "-m", "app.main", "--version"], logs).seconds for _ in range(3))
    samples: dict[str, list[float]] = {k: [] for k in ("export", "verify", "zip", "dgst")}
    rss: dict[str, int] = dict.fromkeys(samples, 0)
    sizes: dict[str, int] = {}
    for run in range(-1, runs):  # run -1: warm-up (bytecode of the bundle modules), not counted
        bundle, ref = tmp / "bundle.zip", tmp / "ref.zip"
        steps = {"zip": [_run(["zip", "-0", "-q", str(ref), *map(str, sources)], logs)],
                 "dgst": [_run(["openssl", "dgst", "-sha256", str(p)], logs) for p in sources],
                 "export": [_probant(home, logs, "export", "--constat", constat, "--out",
                                     str(bundle))]}
        empty = tmp / f"empty-home-{run}"
        empty.mkdir()
        steps["verify"] = [_probant(empty, logs, "verify", str(bundle))]
        for key, done in steps.items() if run >= 0 else ():
            samples[key].append(sum(s.seconds for s in done))
            rss[key] = max(rss[key], *(s.rss_kib for s in done))
        sizes = {"bundle": bundle.stat().st_size, "ref": ref.stat().st_size}
        bundle.unlink()
        ref.unlink()
        shutil.rmtree(empty)
    med = {k: statistics.median(v) for k, v in samples.items()}
    ours, theirs = med["export"] + med["verify"], med["zip"] + med["dgst"]
    both = [e + v for e, v in zip(samples["export"], samples["verify"], strict=True)]
    refs = [z + d for z, d in zip(samples["zip"], samples["dgst"], strict=True)]
    ratio = ours / theirs

    def rate(seconds: float) -> str:
        return f"{total / seconds / 1e6:>7.0f} MB/s"

    print(f"\nevidence bundle of a {total / (1 << 20):.0f} MiB constat ({len(sources)} annexes: "
          f"4 x {size_mib // 4} MiB random + 3 small; signed PV), median of {runs} runs after a "
          "warm-up.\nFiles warm in the page cache on both sides (nothing dropped); dirty pages "
          "synced, untimed, before\neach step; each step a whole process. export also fsyncs "
          "the bundle and gets one token from\nthe loopback TSA; zip -0 does neither.\n")
    print(f"| {'step':<40} | {'time':>9} | {'throughput':>12} | {'peak RSS':>9} |")
    print(f"|{'-' * 42}|{'-' * 11}|{'-' * 14}|{'-' * 11}|")

    def row(name: str, seconds: float, peak: str = "") -> None:
        print(f"| {name:<40} | {seconds:>7.2f} s | {rate(seconds):>12} | {peak:>9} |")

    row("zip -0 -q ref.zip FILES", med["zip"], f"{rss['zip'] / 1024:.0f} MB")
    row(f"openssl dgst -sha256 (x{len(sources)} files)", med["dgst"],
        f"{rss['dgst'] / 1024:.0f} MB")
    row("reference: zip -0 + openssl dgst", statistics.median(refs))
    row("probant export --constat --out B.zip", med["export"], f"{rss['export'] / 1024:.0f} MB")
    row("probant verify B.zip (empty home)", med["verify"], f"{rss['verify'] / 1024:.0f} MB")
    row("probant export + verify", statistics.median(both))
    verdict = "met" if ratio <= GOAL else "NOT met"
    print(f"| {f'ratio (goal <= {GOAL}x): {verdict}':<40} | {ratio:>8.2f}x | {'':>12} | "
          f"{'':>9} |")
    peak = max(rss["export"], rss["verify"]) / 1024
    print(f"| {f'peak RSS (goal <= {RSS_GOAL_MIB} MiB): ' + ('met' if peak <= RSS_GOAL_MIB else 'NOT met'):<40} | "
          f"{'':>9} | {'':>12} | {peak:>6.0f} MB |")
    print(f"\nratio = (median export + median verify) / (median zip + median dgst); "
          f"per run: {', '.join(f'{b / r:.2f}x' for b, r in zip(both, refs, strict=True))}")
    print(f"bundle {sizes['bundle'] / (1 << 20):.1f} MiB vs ref.zip "
          f"{sizes['ref'] / (1 << 20):.1f} MiB; CLI start-up (--version) {startup:.2f} s "
          f"per process; set-up `annex add` (not measured above) {ingest:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size-mib", type=int, default=1024, help="total of the 4 big files")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", default=None, help="parent of the temporary folder (/tmp)")
    args = parser.parse_args()
    for tool in ("zip", "openssl"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is needed for the reference")
    with tempfile.TemporaryDirectory(prefix="probant-bench-bundle-", dir=args.workdir) as tmp:
        pki = make_pki(Path(tmp) / "pki")
        pki.start_server()
        try:
            _bench(Path(tmp), pki, args.size_mib, args.runs)
        finally:
            pki.stop_server()


if __name__ == "__main__":
    main()
