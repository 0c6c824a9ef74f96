"""The recording browser (issue 16, Benchmark): load cost of recording, WARC write, long-session RSS.

Usage: .venv/bin/python -m bench.web [--runs 5] [--minutes 3] [--skip-long | --skip-load]
(``--minutes 30`` for the issue's full figure.)

A local HTTPS site on 127.0.0.1 (its own CA, trusted in a temporary NSS database as the
tests do; served by this process, so its work weighs on both sides alike):

1. Load time of a heavy page, 200 sub-resources (120 images, 40 scripts, 40 style sheets,
   100 KiB each: 20 MB), each side in a new process, interleaved A B A B after one
   unmeasured pair:
   A. the recording browser, ``ui.web.session.run_session`` — what ``probant web capture``
      runs (DevTools channel, recorder, the page's captures, then the WARC and WACZ):
      from ``page.load`` until the page's load event AND every body archived
      (``_visit`` with no idle wait; the CLI adds ``--wait``'s idle window after it);
   B. the same QtWebEngine, the same clean profile and page class, no DevTools port, no
      recorder: from ``page.load`` to the load event, after the same 1 s settle.
   Goal: A / B <= 1.3x (medians). A's load event alone is printed too, and the captures,
   and how many bodies came from each source (``fetch``: read while Chromium held the
   response, capture/web/bodies.py; the images are noise, which Chromium keeps no copy of).
2. WARC write throughput: ``write_warc`` and the whole ``package_session`` (WARC, CDXJ,
   WACZ, one-time key signature) of A's recording, in MB of archived bodies per CPU second
   (the thread's CPU time: the machine's other work does not move it), against the floor
   of the same bytes gzipped per record at warcio's level (9) measured in the same process.
   Goal: WARC write >= 0.5x that floor.
3. RSS of a long scripted session: ``probant web open`` (the officer's window in its child
   process, driven by ``PROBANT_BROWSER_SCRIPT``: load, click a link, wait for the network,
   a viewport capture now and then, stored by the parent) on a small shop site for
   ``--minutes``; the RSS of the browser's process tree (the Python process with Chromium's
   browser side, and its renderers, GPU and utility processes) sampled every 2 s. After a
   warm-up (30 s, at most a fifth of the run), goal: mean RSS of the last quarter <= 1.10x
   the first quarter's; the least-squares trend is printed too, and the bytes the recorder
   holds by design (the session's WARC stays in memory until « Terminer ») beside it.
Exit status 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RATIO_GOAL, WARC_FLOOR_GOAL, RSS_GOAL = 1.3, 0.5, 1.10

from bench.web_site import Site  # noqa: E402 - after the path is set


# -- children -------------------------------------------------------------------------
def _say(**fields: Any) -> None:
    print("BENCH " + json.dumps(fields), flush=True)


def child_record(url: str) -> None:
    """A: ``run_session`` as ``probant web capture`` runs it, its page visit timed."""
    import uuid
    from collections import Counter

    import ui.web.session as session
    from capture.web.package import package_session
    from capture.web.wacz import Page
    from capture.web.warc import write_warc

    marks: dict[str, float] = {}
    visit, captures = session._visit, session._captures

    def timed_visit(app: Any, page: Any, recorder: Any, url: str, job: Any) -> Any:
        page.loadFinished.connect(lambda _ok: marks.setdefault("loaded", time.perf_counter()))
        marks["start"] = time.perf_counter()
        out = visit(app, page, recorder, url, job)
        marks["archived"] = time.perf_counter()
        return out

    def timed_captures(*args: Any) -> Any:
        t = time.perf_counter()
        out = captures(*args)
        marks["captures_s"] = time.perf_counter() - t
        return out

    session._visit, session._captures = timed_visit, timed_captures  # type: ignore[assignment]
    result = session.run_session(session.CaptureJob((url,), wait_s=120, idle_ms=0))
    rec = result.recording
    bodies = [e.body for e in rec.exchanges]
    sid = str(uuid.uuid4())
    # CPU time of this thread, not wall time: the writes and their floor are compared with
    # each other, and other work on a shared machine must not weigh on one and not the other.
    t = time.thread_time()
    write_warc(rec, {"software": "bench"}, b"{}", sid)
    warc_s = time.thread_time() - t
    pages = [Page(v.final_url, v.time, v.title) for v in result.visits]
    t = time.thread_time()
    package = package_session(rec, pages, result.facts, constat_id="bench", session_id=sid)
    package_s = time.thread_time() - t
    t = time.thread_time()
    for body in bodies:  # the floor: the same bytes, one gzip member each, warcio's level
        gz = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS + 16)
        gz.compress(body)
        gz.flush()
    gzip_s = time.thread_time() - t
    _say(load_s=marks["loaded"] - marks["start"], archived_s=marks["archived"] - marks["start"],
         captures_s=marks.get("captures_s", 0.0), warc_s=warc_s, package_s=package_s,
         gzip_s=gzip_s, bytes=sum(len(b) for b in bodies), exchanges=len(bodies),
         wacz_bytes=len(package.package.data),
         sources=dict(Counter(e.body_source for e in rec.exchanges)))


def child_bare(url: str) -> None:
    """B: the same QtWebEngine, profile and page class; nothing recorded, no DevTools port."""
    from PySide6 import QtWebEngineWidgets  # noqa: F401 - before QApplication
    from PySide6.QtCore import QUrl
    from PySide6.QtWebEngineWidgets import QWebEngineView
    from PySide6.QtWidgets import QApplication

    from ui.web.profile import RecordedPage, lock_view, make_profile
    from ui.web.session import dispose, until

    app = QApplication(["probant-web"])
    profile = make_profile(app)
    page = RecordedPage(profile, app)
    view = QWebEngineView()
    view.setPage(page)
    lock_view(view)
    view.show()
    until(app, lambda: False, 1.0)  # as A, whose channel opens before the first load
    finished: list[bool] = []
    page.loadFinished.connect(finished.append)
    start = time.perf_counter()
    page.load(QUrl(url))
    until(app, lambda: bool(finished), 120)
    load_s = time.perf_counter() - start
    dispose(app, view, page, profile)
    _say(load_s=load_s, ok=bool(finished and finished[0]))


def _spawn(site: Site, kind: str, url: str) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-m", "bench.web", "--child", kind, url], cwd=ROOT,
                          env=site.env(), capture_output=True, text=True, timeout=600)
    lines = [ln[6:] for ln in proc.stdout.splitlines() if ln.startswith("BENCH ")]
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"{kind} child failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return dict(json.loads(lines[-1]))


# -- the long session ----------------------------------------------------------------
def _tree_rss(pid: int) -> int:
    """RSS of ``pid`` and all its descendants (Chromium's zygote forks the renderers)."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def _stop(pid: int | None) -> None:
    import psutil

    try:
        if pid is not None:
            psutil.Process(pid).terminate()
    except psutil.NoSuchProcess:
        pass


def _browser_pid(parent: int) -> int | None:
    import psutil

    try:
        for p in psutil.Process(parent).children(recursive=True):
            if "ui.web.browser_main" in " ".join(p.cmdline()):
                return int(p.pid)
    except psutil.NoSuchProcess:
        return None
    return None


def long_session(site: Site, minutes: float, folder: Path) -> dict[str, Any]:
    from tests.fixtures.cli import offline_settings

    home = folder / "probant-home"
    offline_settings(home)
    base_cmd = [sys.executable, "-m", "app.main", "--home", str(home), "--demo", "--json"]
    env = {**site.env(), "PROBANT_LOG_DIR": str(folder / "logs"),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}

    def probant(*args: str) -> Any:
        proc = subprocess.run([*base_cmd, *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=300, stdin=subprocess.DEVNULL)
        if proc.returncode != 0:
            raise SystemExit(f"probant {' '.join(args)}: {proc.stderr[-2000:]}")
        return json.loads(proc.stdout)

    probant("init")
    dossier = probant("dossier", "new", "Bench", "--requester", "SAS")["id"]
    constat = probant("constat", "new", "--dossier", dossier, "--mission", "Boutique")["id"]
    # About 4 s a round: load, click through the next page, wait for the network, a pause.
    rounds = max(4, int(minutes * 60 / 4.0))
    steps: list[dict[str, Any]] = []
    for n in range(rounds):
        steps += [{"load": f"{site.base}/s/{n % 6}?round={n}"}, {"wait_idle": 10},
                  {"click": "#next"}, {"wait_idle": 10}, {"sleep": 2.5}]
        if n % 10 == 0:
            steps.append({"capture": "viewport"})
    steps.append({"finish": True})
    script = folder / "steps.json"
    script.write_text(json.dumps(steps), encoding="utf-8")
    sent0 = site.sent
    proc = subprocess.Popen([*base_cmd, "web", "open", "--constat", constat,
                             f"{site.base}/s/0"], cwd=ROOT,
                            env={**env, "PROBANT_BROWSER_SCRIPT": str(script)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    samples: list[tuple[float, int, int]] = []  # (seconds, tree RSS, bytes served so far)
    start = time.monotonic()
    child = None
    failure, served_at, served = "", start, 0
    deadline = start + minutes * 90 + 180  # a stalled script would otherwise run for hours
    while proc.poll() is None:
        now = time.monotonic()
        child = child or _browser_pid(proc.pid)
        if child is not None and (rss := _tree_rss(child)):
            samples.append((now - start, rss, site.sent - sent0))
        if site.sent != served:
            served, served_at = site.sent, now
        elif now - served_at > 60:  # every round loads pages: nothing asked for a minute
            failure = f"nothing loaded after {served_at - start:.0f} s, stopped"
        if now > deadline:
            failure = failure or f"still running after {(now - start) / 60:.0f} min, stopped"
        if failure:
            proc.terminate()  # the window's child sees its parent go and abandons
            proc.wait(60)
            _stop(child)
            break
        time.sleep(2.0)
    out, err = proc.communicate()
    if not failure and (proc.returncode != 0 or len(samples) < 8):
        failure = f"web open failed ({proc.returncode}): {err[-1500:]}"
    items = json.loads(out)["items"] if not failure else []
    if len(samples) < 8:
        raise SystemExit(f"long session: {failure} ({len(samples)} samples)")
    # Chromium's start and first pages fill its caches: the first 30 s (at most a fifth of
    # the run) are a warm-up, not a trend.
    warm = samples[0][0] + min(30.0, (samples[-1][0] - samples[0][0]) / 5)
    kept = [s for s in samples if s[0] >= warm]
    span = kept[-1][0] - kept[0][0]
    first = [s for s in kept if s[0] <= kept[0][0] + span / 4]
    last = [s for s in kept if s[0] >= kept[-1][0] - span / 4]
    mean = lambda xs: sum(x[1] for x in xs) / len(xs)  # noqa: E731
    tx = statistics.fmean(s[0] for s in kept)
    ty = statistics.fmean(s[1] for s in kept)
    slope = (sum((s[0] - tx) * (s[1] - ty) for s in kept)
             / max(1e-9, sum((s[0] - tx) ** 2 for s in kept)))  # bytes per second
    pace = lambda xs: (xs[-1][2] - xs[0][2]) / 1e3 / max(1e-9, (xs[-1][0] - xs[0][0]) / 60)  # noqa: E731
    return {"minutes": (time.monotonic() - start) / 60, "rounds": rounds,
            "pace": (pace(first), pace(last)),
            "warm_s": warm - samples[0][0],
            "first_mb": mean(first) / 1e6, "last_mb": mean(last) / 1e6,
            "slope_mb_min": slope * 60 / 1e6,
            "peak_mb": max(s[1] for s in samples) / 1e6,
            "held_mb": (last[-1][2] - first[0][2]) / 1e6, "served_mb": samples[-1][2] / 1e6,
            "items": len(items), "samples": len(samples), "failure": failure}


# -- the table ------------------------------------------------------------------------
def _row(name: str, value: str, goal: str, met: bool | None) -> str:
    state = "" if met is None else ("met" if met else "NOT MET")
    return f"| {name:<48} | {value:>24} | {goal:<18} | {state:<7} |"


def _load_rows(site: Site, runs: int) -> tuple[list[str], bool]:
    url = f"{site.base}/h/page"
    print(f"heavy page: 200 sub-resources, {site.heavy_bytes / 1e6:.1f} MB; "
          f"{runs} runs each side, A B A B after one unmeasured pair", flush=True)
    _spawn(site, "record", url)
    _spawn(site, "bare", url)
    rec_runs, bare_runs = [], []
    for _ in range(runs):
        rec_runs.append(_spawn(site, "record", url))
        bare_runs.append(_spawn(site, "bare", url))
        print(f"  A {rec_runs[-1]['archived_s']:.2f} s (load event {rec_runs[-1]['load_s']:.2f} s)"
              f"   B {bare_runs[-1]['load_s']:.2f} s", flush=True)
    med = lambda runs, k: statistics.median(r[k] for r in runs)  # noqa: E731
    a, a_load, b = med(rec_runs, "archived_s"), med(rec_runs, "load_s"), med(bare_runs, "load_s")
    load_ok = a / b <= RATIO_GOAL
    mb = rec_runs[0]["bytes"] / 1e6
    warc, floor = mb / med(rec_runs, "warc_s"), mb / med(rec_runs, "gzip_s")
    warc_ok = warc >= WARC_FLOOR_GOAL * floor
    rows = [
        _row("heavy page, recording: load + all archived", f"{a:.2f} s", "", None),
        _row("  of which until the load event", f"{a_load:.2f} s", "", None),
        _row("heavy page, same QtWebEngine, no recording", f"{b:.2f} s", "", None),
        _row("ratio recording / not recording", f"{a / b:.2f}x", f"<= {RATIO_GOAL}x", load_ok),
        _row("  (load event only, recording / not)", f"{a_load / b:.2f}x", "", None),
        _row("  captures after the load (viewport, DOM, MHTML)",
             f"{med(rec_runs, 'captures_s'):.2f} s", "", None),
        _row(f"WARC write ({mb:.1f} MB, {rec_runs[0]['exchanges']} records)", f"{warc:.1f} MB/CPU s",
             f">= {WARC_FLOOR_GOAL}x floor", warc_ok),
        _row("  whole package (WARC, CDXJ, WACZ, signature)",
             f"{mb / med(rec_runs, 'package_s'):.1f} MB/CPU s", "", None),
        _row("  floor: gzip -9 of the same bodies", f"{floor:.1f} MB/CPU s", "", None),
        _row("  body sources (first run)", " ".join(
            f"{k} {v}" for k, v in sorted(rec_runs[0]["sources"].items())), "", None)]
    return rows, not (load_ok and warc_ok)


def _long_rows(site: Site, minutes: float, folder: Path) -> tuple[list[str], bool]:
    print(f"long scripted session, {minutes:g} min...", flush=True)
    res = long_session(site, minutes, folder)
    growth = res["last_mb"] / res["first_mb"]
    rows = [
        _row(f"long session ({res['minutes']:.1f} min, {res['rounds']} rounds): RSS",
             f"{res['first_mb']:.0f} -> {res['last_mb']:.0f} MB", "", None),
        _row(f"  last quarter / first (after {res['warm_s']:.0f} s warm-up)", f"{growth:.3f}x",
             f"<= {RSS_GOAL:.2f}x", growth <= RSS_GOAL),
        _row("  trend (least squares after the warm-up)", f"{res['slope_mb_min']:+.1f} MB/min",
             "", None),
        _row("  kB loaded per minute, first / last quarter",
             f"{res['pace'][0]:.0f} / {res['pace'][1]:.0f}", "", None),
        _row("  archived meanwhile (held until Terminer)", f"{res['held_mb']:.1f} MB", "",
             None),
        _row("  peak RSS; items stored", f"{res['peak_mb']:.0f} MB; {res['items']}", "", None)]
    if res["failure"]:
        rows.append(_row("  session ended", res["failure"][:24], "whole session", False))
        print(f"long session: {res['failure']}", flush=True)
    return rows, growth > RSS_GOAL or bool(res["failure"])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--skip-long", action="store_true")
    parser.add_argument("--skip-load", action="store_true")
    args = parser.parse_args()
    rows: list[str] = []
    missed = False
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} "
          "cores (other work slows the recording side more)", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = Site(Path(tmp))
        try:
            if not args.skip_load:
                more, miss = _load_rows(site, args.runs)
                rows, missed = rows + more, missed or miss
            if not args.skip_long:
                more, miss = _long_rows(site, args.minutes, Path(tmp))
                rows, missed = rows + more, missed or miss
        finally:
            site.close()
    print()
    print(f"| {'measure':<48} | {'value':>24} | {'goal':<18} | {'state':<7} |")
    print("|" + "-" * 50 + "|" + "-" * 26 + "|" + "-" * 20 + "|" + "-" * 9 + "|")
    print("\n".join(rows))
    return 1 if missed else 0


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[1] == "--child":
        {"record": child_record, "bare": child_bare}[sys.argv[2]](sys.argv[3])
        sys.exit(0)
    sys.exit(main())
