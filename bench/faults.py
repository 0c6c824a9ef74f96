"""Fault campaign: kill -9 at random instants, and a full disk, during each real operation.

Usage: .venv/bin/python -m bench.faults [--seed 1] [--trials 200] [--dir /tmp] [--only OP,...]

Operations (the real ``probant`` command, a demo vault prepared once per operation and
copied for each trial): ingest (``annex add`` of small and large files), record
(``capture record --duration 4`` under a private Xvfb), flush (``timestamp flush`` against
the certomancer TSA on loopback), sign (``pv sign`` with the test PKI's PKCS#12 signer),
export (``export --constat``, the bundle) and sync (``sync`` to a folder remote).

Two faults for each: ``kill`` (SIGKILL to the command's process group at a random instant,
uniform over the command's own duration measured in this run) and ``enospc`` (the home, the
bundle and the folder remote on a tmpfs, in a private mount namespace from ``unshare -rm``,
sized between what the vault holds and what the operation needs: it runs out of space at a
random point). After each fault (the tmpfs given room again), bench/faults_child.py opens
the vault (``probant evidence list``), runs ``probant verify``, and exports and hashes every
item listed before the fault plus every segment the recorder reported committed.

Goals: committed items lost 0 (and nothing half-made listed), vault opens and verifies in
every trial, recording seconds lost (kill instant minus the end of the last committed
segment) at most 2 s. Exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OPS = ("ingest", "record", "flush", "sign", "export", "sync")
P12_ENV = {"PROBANT_SIGNER_PIN": "probant-test"}
RECORD = ["--duration", "4", "--fps", "10", "--region", "0,0,640,480"]
LOST_GOAL_S = 2.0


@dataclass
class Row:
    op: str
    fault: str
    trials: int = 0
    killed: int = 0  # the kill came before the command ended (kill rows)
    enospc: int = 0  # the command stopped on the full disk (enospc rows)
    opens: int = 0
    verify_ok: int = 0
    verify_rc1: int = 0
    lost: int = 0
    bad_new: int = 0
    rec_lost: list[float] = field(default_factory=list)
    notes: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    detail: list[str] = field(default_factory=list)


class Bench:
    def __init__(self, work: Path, rng: random.Random) -> None:
        self.work, self.rng = work, rng
        self.mnt = work / "mnt"  # every home lives at mnt/home: the paths inside stay valid
        self.home = self.mnt / "home"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("PROBANT_")}
        self.env.update({"PROBANT_LOG_DIR": str(work / "logs"),
                         "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
        self.tpl: dict[str, Path] = {}
        self.pre: dict[str, dict[str, Any]] = {}
        self.argv: dict[str, list[str]] = {}
        self.duration: dict[str, float] = {}
        self.need: dict[str, int] = {}
        self.unlock_cost: dict[str, int] = {}  # what an unlock alone writes (journal, WAL)
        self.constat = ""
        self.rec_offset = 1.0
        self.sources: list[str] = []
        self.display = ""
        self.trial = 0

    # -- the real command --
    def cli(self, *args: str, env: dict[str, str] | None = None) -> Any:
        proc = subprocess.run(self.cmd(*args), cwd=ROOT, env={**self.env, **(env or {})},
                              capture_output=True, text=True, stdin=subprocess.DEVNULL,
                              timeout=600)
        if proc.returncode not in (0, 4):
            raise RuntimeError(f"probant {' '.join(args)}: {proc.stdout[-800:]}"
                               f"{proc.stderr[-1500:]}")
        return json.loads(proc.stdout) if proc.stdout.strip() else None

    def cmd(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "app.main", "--home", str(self.home), "--json", *args]

    def reset(self, tpl: Path | None) -> None:
        for p in (self.home, self.mnt / "nas", self.mnt / "bundle.zip"):
            if p.is_dir():
                shutil.rmtree(p)
            else:
                p.unlink(missing_ok=True)
        (self.mnt / "nas").mkdir(parents=True)
        if tpl is not None:
            subprocess.run(["cp", "-a", str(tpl), str(self.home)], check=True)

    def save(self, op: str) -> None:
        self.tpl[op] = self.work / "tpl" / op
        subprocess.run(["cp", "-a", str(self.home), str(self.tpl[op])], check=True)
        listed = self.cli("evidence", "list")
        self.pre[op] = {"items": {e["id"]: e["sha256"] for e in listed}, "labels": [],
                        "sources": self.sources}

    # -- preparation: one vault per operation --
    def prepare(self, pki: Any, display: str) -> None:
        from app.settings import Settings, save_settings

        (self.work / "tpl").mkdir()
        src = self.work / "src"
        src.mkdir()
        files = []
        for n, size in enumerate((20_000, 24 << 20, 3_000, 16 << 20, 500, 60_000)):
            files.append(src / f"piece-{n}.bin")
            files[-1].write_bytes(os.urandom(size))
        from bench.faults_child import _sha
        self.sources = [_sha(f) for f in files]
        small = []
        for n in range(30):
            small.append(src / f"note-{n}.txt")
            small[-1].write_text(f"pièce remise n° {n}\n" * (n + 1))
        self.reset(None)
        dead = "http://127.0.0.1:9/"
        save_settings(self.home, Settings(ntp_servers=("127.0.0.1",),
                                          public_ip_services=(dead, dead),
                                          proxy_check_url=dead, network_timeout_s=1))
        self.cli("--demo", "init", "--name", "Maître Jeanne DUPONT")
        self.cli("tsa", "add", pki.tsa_url, "--trust", str(pki.ca_bundle_pem))
        dossier = self.cli("dossier", "new", "Affaire Martin", "--requester", "SAS Martin")["id"]
        self.constat = self.cli(
            "constat", "new", "--dossier", dossier, "--mission", "Constater les pièces",
            "--place", "Poste de travail de l'étude, 12 rue de la Paix, 75002 Paris")["id"]
        self.cli("annex", "add", "--constat", self.constat, str(small[0]), str(small[1]))
        self.cli("timestamp", "flush")
        base = self.work / "tpl" / "base"
        subprocess.run(["cp", "-a", str(self.home), str(base)], check=True)
        c = self.constat
        self.save("ingest")
        self.argv["ingest"] = ["annex", "add", "--constat", c, *map(str, files)]
        self.save("record")
        self.argv["record"] = ["capture", "record", "--constat", c, *RECORD]
        # flush: thirty items stamped by nobody (the TSA down while they were added)
        pki.stop_server()
        for note in small[2:]:
            self.cli("annex", "add", "--constat", c, str(note))
        pki.start_server()
        self.save("flush")
        self.argv["flush"] = ["timestamp", "flush"]
        # export and sync: the vault with the large pieces
        self.reset(base)
        self.cli(*self.argv["ingest"])
        self.cli("timestamp", "flush")
        self.cli("remote", "add", "folder", "nas", str(self.mnt / "nas"))
        self.save("sync")
        self.argv["sync"] = ["sync"]
        # sign: closed, stamped, described, a signer (tests/integration/test_pv.py's way)
        self.cli("constat", "close", c)
        self.cli("timestamp", "flush")
        self.cli("signer", "add", "--pkcs12", str(pki.p12("signer")), "--trust",
                 str(pki.ca_bundle_pem), env=P12_ENV)
        from tests.fixtures.cli import Probant
        from tests.integration.test_pv import complete
        complete(Probant(self.home, env=self.env), c)
        self.save("sign")
        self.argv["sign"] = ["pv", "sign", "--constat", c]
        # export: the bundle of the signed constat
        self.cli("pv", "sign", "--constat", c, env=P12_ENV)
        self.save("export")
        self.argv["export"] = ["export", "--constat", c, "--out", str(self.mnt / "bundle.zip")]
        self.display = display
        self._calibrate()

    def op_env(self, op: str) -> dict[str, str]:
        return {**self.env, **({"DISPLAY": self.display} if op == "record" else {}),
                **(P12_ENV if op == "sign" else {})}

    def _calibrate(self) -> None:
        """Each operation once, whole: its duration (the kill window) and the bytes it adds
        (the tmpfs sizes of the disk-full trials)."""
        for op in OPS:
            self.reset(self.tpl[op])
            before = _usage(self.mnt)
            t = time.monotonic()
            launched = time.time()
            proc = subprocess.run(self.cmd(*self.argv[op]), cwd=ROOT, env=self.op_env(op),
                                  capture_output=True, text=True, stdin=subprocess.DEVNULL)
            self.duration[op] = time.monotonic() - t
            if proc.returncode not in (0, 4):
                raise RuntimeError(f"{op}: {proc.stdout[-800:]}{proc.stderr[-1500:]}")
            self.need[op] = _usage(self.mnt) - before
            if op == "record":
                segs = [e for e in self.cli("evidence", "list") if e["kind"] == "video_segment"]
                first = min(_utc(e["metadata"]["started_utc"]) for e in segs)
                self.rec_offset = first - launched
            self.reset(self.tpl[op])
            before = _usage(self.mnt)
            self.cli("evidence", "list")
            self.unlock_cost[op] = _usage(self.mnt) - before
            print(f"  {op:<7} {self.duration[op]:6.2f} s  +{self.need[op] / 1e6:7.2f} MB"
                  f" (unlock +{self.unlock_cost[op] / 1e6:.2f} MB)",
                  file=sys.stderr, flush=True)

    # -- the trials --
    def kill_trial(self, op: str, row: Row) -> None:
        self.reset(self.tpl[op])
        delay = self.rng.uniform(0.3, self.duration[op] * 1.05)
        launched = time.time()
        proc = subprocess.Popen(self.cmd(*self.argv[op]), cwd=ROOT, env=self.op_env(op),
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        labels: list[str] = []
        assert proc.stderr is not None
        reader = threading.Thread(target=_read_segments, args=(proc.stderr, labels),
                                  daemon=True)
        reader.start()
        time.sleep(delay)
        killed_at = time.time()
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            row.killed += 1
        proc.wait()
        ended = proc.returncode is not None and proc.returncode >= 0
        reader.join(timeout=5)
        # every line it wrote, it wrote before it died: reported committed before the kill
        pre = {**self.pre[op], "labels": list(labels), "bundle": str(self.mnt / "bundle.zip")}
        res = self._check(pre)
        self._score(row, res, f"trial {self.trial} kill {op} delay={delay:.3f}")
        if op == "record" and res.get("opens"):
            if ended:
                row.rec_lost.append(0.0)
            else:
                end = res.get("segments_end")
                start = _utc(end) if end else launched + self.rec_offset
                row.rec_lost.append(max(0.0, killed_at - start))
                row.detail.append(f"delay {delay:.2f} s: {len(labels)} segments reported, "
                                  f"{killed_at - start:+.2f} s lost")

    def enospc_trial(self, op: str, row: Row) -> None:
        self.reset(None)
        # the copy, the nas folder and the unlock's own writes; then a random part of what
        # the operation itself writes
        held = _usage(self.tpl[op]) + 4096 + self.unlock_cost[op]
        work = max(self.need[op] - self.unlock_cost[op], 4096)
        size = held + int(self.rng.uniform(0.0, 0.8) * work)
        pre = self.work / "pre.json"
        pre.write_text(json.dumps({**self.pre[op], "bundle": str(self.mnt / "bundle.zip")}))
        out = self.work / "check.json"
        out.unlink(missing_ok=True)
        q = shlex.quote
        op_cmd = " ".join(q(a) for a in self.cmd(*self.argv[op]))
        script = "\n".join([
            "set -u", f"cd {q(str(ROOT))}",
            f"mount -t tmpfs -o size={size} tmpfs {q(str(self.mnt))}",
            f"mkdir {q(str(self.mnt / 'nas'))}",
            f"cp -a {q(str(self.tpl[op]))} {q(str(self.home))} || exit 9",
            f"{op_cmd} > {q(str(self.work / 'op.out'))} 2> {q(str(self.work / 'op.err'))}",
            f"echo $? > {q(str(self.work / 'op.rc'))}",
            # does it open on the full disk itself?
            f"{' '.join(q(a) for a in self.cmd('evidence', 'list'))} > /dev/null 2>&1;"
            f" echo $? > {q(str(self.work / 'full.rc'))}",
            f"mount -o remount,size=4g {q(str(self.mnt))}",
            f"{q(sys.executable)} -m bench.faults_child {q(str(self.home))} {q(str(pre))} "
            f"{q(str(out))} {q(str(self.work / 'scratch'))}"])
        done = subprocess.run(["unshare", "-rm", "sh", "-c", script], env=self.op_env(op),
                              capture_output=True, text=True, timeout=900)
        if done.returncode != 0 or not out.exists():
            row.trials += 1
            row.failures.append(f"enospc {op} size={size}: script rc={done.returncode} "
                                f"{done.stderr[-300:]}")
            return
        rc = int((self.work / "op.rc").read_text())
        out_json = (self.work / "op.out").read_text()
        code = ""
        try:
            code = json.loads(out_json).get("error", {}).get("code", "") if rc else ""
        except (ValueError, AttributeError):
            code = "no-json"
        row.enospc += rc != 0
        key = f"exit {rc}" + (f" {code}" if code else "")
        row.notes[key] = row.notes.get(key, 0) + 1
        if (self.work / "full.rc").read_text().strip() != "0":
            k = "no open while full"
            row.notes[k] = row.notes.get(k, 0) + 1
        if rc not in (0, 1, 4) or code in ("no-json", "unexpected"):
            log = self.work / "logs" / "probant.log"
            text = log.read_text(errors="replace") if log.exists() else ""
            ref = re.search(r"(?:référence|reference) ([0-9A-F]{8})",
                            (self.work / "op.err").read_text())
            at = text.find(ref.group(1)) if ref else -1
            trace = re.split(r"\n\d{4}-\d\d-\d\dT", text[at:at + 8000])[0] if at >= 0 else ""
            first = trace.split("\nDuring handling")[0].strip().splitlines()[-1:] or [""]
            # the deepest frames of the project's code: where the error went unhandled
            frames = re.findall(r'File "/[^"]*/((?:app|evidence|signing|capture)/[^"]+)", '
                                r"line (\d+), in (\w+)", trace)
            tail = first[0] + "; " + " < ".join(f"{f}:{n} {fn}" for f, n, fn in frames[-3:])
            row.failures.append(f"trial {self.trial} enospc {op} size={size}: exit {rc} "
                                f"{code}: {tail}")
        self._score(row, json.loads(out.read_text()), f"trial {self.trial} enospc {op} size={size}")

    def _check(self, pre: dict[str, Any]) -> dict[str, Any]:
        p, out = self.work / "pre.json", self.work / "check.json"
        p.write_text(json.dumps(pre))
        out.unlink(missing_ok=True)
        subprocess.run([sys.executable, "-m", "bench.faults_child", str(self.home), str(p),
                        str(out), str(self.work / "scratch")], cwd=ROOT, env=self.env,
                       check=True, timeout=900)
        return dict(json.loads(out.read_text()))

    def _score(self, row: Row, res: dict[str, Any], what: str) -> None:
        row.trials += 1
        row.opens += bool(res.get("opens"))
        rc = res.get("verify_rc")
        row.verify_ok += rc == 0
        if rc == 1:
            row.verify_rc1 += 1
        for reason in res.get("verify_reasons", []):
            row.notes[reason] = row.notes.get(reason, 0) + 1
        row.lost += len(res.get("lost", []))
        row.bad_new += len(res.get("bad_new", []))
        if not res.get("opens") or rc != 0 or res.get("lost") or res.get("bad_new"):
            row.failures.append(f"{what}: {json.dumps(res)[:600]}")


def _read_segments(stream: Any, labels: list[str]) -> None:
    for line in stream:
        if line.startswith("segment ") and "-> annexe" in line:
            labels.append(line.rsplit(None, 1)[-1])


def _utc(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def _usage(path: Path) -> int:
    """Bytes of blocks used under ``path`` (what a tmpfs counts)."""
    total = 0
    for p in path.rglob("*"):
        try:
            st = p.lstat()
        except FileNotFoundError:
            continue
        total += st.st_blocks * 512 if not p.is_dir() else 4096
    return total


def _split(total: int, cells: int) -> list[int]:
    return [total // cells + (i < total % cells) for i in range(cells)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--trials", type=int, default=200, help="in total, over all the rows")
    ap.add_argument("--dir", default=None, help="work folder (default: the system temp)")
    ap.add_argument("--only", default=",".join(OPS), help="operations, comma-separated")
    args = ap.parse_args()
    ops = [o for o in args.only.split(",") if o]
    if subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode:
        sys.exit("no private mount namespace (unshare -rm): the disk-full rows need it")
    import certomancer.integrations.animator as animator

    from bench.capture_screenshot import _busy_screen
    from bench.display import start_xvfb
    from tests.fixtures.pki import make_pki

    # whole-second OCSP times, as the pki fixture does (NSS refuses fractions)
    animator._now = lambda: datetime.now(tz=UTC).replace(microsecond=0)  # type: ignore[attr-defined]
    rng = random.Random(args.seed)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="probant-faults-", dir=args.dir) as tmp:
        work = Path(tmp)
        pki = make_pki(work / "pki")
        pki.start_server()
        xvfb, display = start_xvfb(640, 480)
        # a desktop-like picture (text, a photo): segments of real size, so a full disk
        # can stop a recording midway
        screen = _busy_screen(display, 640, 480)
        rows: list[Row] = []
        try:
            bench = Bench(work, rng)
            print("preparing the vaults; each operation once, whole:", file=sys.stderr)
            bench.prepare(pki, display)
            counts = _split(args.trials, 2 * len(ops))
            plan = []
            for i, op in enumerate(ops):
                rows.append(Row(op, "kill"))
                plan += [(rows[-1], op, "kill")] * counts[2 * i]
                rows.append(Row(op, "enospc"))
                plan += [(rows[-1], op, "enospc")] * counts[2 * i + 1]
            rng.shuffle(plan)  # the machine's load falls on every row alike
            for n, (row, op, fault) in enumerate(plan):
                bench.trial = n + 1
                if fault == "kill":
                    bench.kill_trial(op, row)
                else:
                    bench.enospc_trial(op, row)
                print(f"  trial {n + 1}/{len(plan)} {fault} {op} "
                      f"({time.monotonic() - started:.0f} s)", file=sys.stderr, flush=True)
        finally:
            screen.terminate()
            screen.wait()
            xvfb.terminate()
            xvfb.wait()
            pki.stop_server()
    return _report(rows, args, time.monotonic() - started)


def _report(rows: list[Row], args: argparse.Namespace, wall: float) -> int:
    print(f"\nFault campaign, seed {args.seed}, {sum(r.trials for r in rows)} trials, "
          f"{wall / 60:.1f} min\n")
    head = (f"{'operation':<9}{'fault':<8}{'trials':>7}{'hit':>5}{'opens':>7}{'verify ok':>10}"
            f"{'rc=1':>6}{'items lost':>11}{'bad new':>8}{'rec s lost (max)':>18}")
    print(head)
    print("-" * len(head))
    missed = False
    for r in rows:
        hit = r.killed if r.fault == "kill" else r.enospc
        rec = f"{max(r.rec_lost):.2f}" if r.rec_lost else "-"
        print(f"{r.op:<9}{r.fault:<8}{r.trials:>7}{hit:>5}{r.opens:>7}{r.verify_ok:>10}"
              f"{r.verify_rc1:>6}{r.lost:>11}{r.bad_new:>8}{rec:>18}")
        missed |= (r.opens < r.trials or r.verify_ok < r.trials or r.lost > 0 or r.bad_new > 0
                   or bool(r.rec_lost and max(r.rec_lost) > LOST_GOAL_S))
    print("\nhit = the kill came before the command ended / the command stopped on the full "
          "disk;\nitems lost: committed before the fault (listed, or reported by the "
          f"recorder), missing or other bytes (goal 0);\nbad new = an item of the faulty "
          f"operation listed but not whole (goal 0); rec s lost: goal <= {LOST_GOAL_S} s.")
    print("\nverify findings and exit codes, by row:")
    for r in rows:
        if r.notes:
            print(f"  {r.op} {r.fault}: " + "; ".join(f"{k} x{v}" for k, v in
                                                       sorted(r.notes.items())))
        lost_s = sorted(r.rec_lost)
        if lost_s:
            print(f"  {r.op} {r.fault}: seconds lost median {lost_s[len(lost_s) // 2]:.2f}, "
                  f"max {lost_s[-1]:.2f} over {len(lost_s)} trials")
        for d in r.detail:
            print(f"    {d}")
    fails = [f for r in rows for f in r.failures]
    if fails:
        print("\nfailures:")
        for f in fails:
            print("  " + f)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
