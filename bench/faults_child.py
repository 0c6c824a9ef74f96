"""After a fault: does the vault open, does it verify, is every item committed before the
fault still there with the same bytes? Run by bench/faults.py, directly after a kill -9, or
inside the private mount namespace of a disk-full trial (the tmpfs exists only there).

Usage: python -m bench.faults_child HOME PRE.json OUT.json SCRATCH

PRE.json: {"items": {id: sha256}, "labels": [annex labels the CLI reported committed],
"sources": [sha256 of the files being imported], "bundle": path where a bundle is
being written}. OUT.json gets the findings. The vault is
opened and verified by the real ``probant`` command; the bytes are exported in-process, one
unlock for every item (a ``probant evidence export`` per item would cost a start each).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def cli(home: Path, *args: str) -> tuple[int, Any, str]:
    proc = subprocess.run([sys.executable, "-m", "app.main", "--home", str(home), "--json",
                           *args], cwd=ROOT, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=600)
    try:
        data = json.loads(proc.stdout)
    except ValueError:
        data = None
    return proc.returncode, data, proc.stderr[-800:]


def _sha(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _exported(home: Path, ids: list[str], scratch: Path) -> dict[str, str]:
    """SHA-256 of each item's exported bytes (or the error that stopped its export)."""
    from app.cli.context import CliContext, GlobalOptions
    from evidence import items

    out: dict[str, str] = {}
    ctx = CliContext(GlobalOptions(home=home, demo=True, json=True, lang="en"))
    try:
        vault = ctx.vault()
        for item_id in ids:
            target = scratch / f"{item_id}.out"
            try:
                items.export_evidence(vault, item_id, target)
                out[item_id] = _sha(target)
            except Exception as exc:  # a bench records the failure, it does not stop on it
                out[item_id] = f"error: {type(exc).__name__}: {exc}"
            finally:
                target.unlink(missing_ok=True)
    finally:
        ctx.close()
    return out


def check(home: Path, pre: dict[str, Any], scratch: Path) -> dict[str, Any]:
    res: dict[str, Any] = {"opens": False, "verify_rc": None, "verify_reasons": [],
                           "lost": [], "bad_new": [], "segments_end": None}
    rc, listed, err = cli(home, "evidence", "list")
    if rc != 0 or not isinstance(listed, list):
        res["open_error"] = (listed or {}).get("error") if isinstance(listed, dict) else err
        return res
    res["opens"] = True
    rc, report, err = cli(home, "verify")
    res["verify_rc"] = rc
    if isinstance(report, dict):
        res["verify_reasons"] = sorted(
            {f"damage:{d.get('kind')}:{d.get('problem')}" for d in report.get("damages", [])}
            | {f"warning:{w.get('code')}" for w in report.get("warnings", [])}
            | ({"orphan_blobs"} if report.get("orphan_blobs") else set())
            | ({f"error:{report['error'].get('code')}"} if "error" in report else set()))
    else:
        res["verify_reasons"] = [f"no-json: {err[-200:]}"]
    by_id = {e["id"]: e for e in listed}
    by_label = {e.get("annex"): e for e in listed}
    wanted = dict(pre.get("items", {}))
    for label in pre.get("labels", []):
        row = by_label.get(label)
        if row is None:
            res["lost"].append(f"segment {label}: missing")
        else:
            wanted[row["id"]] = row["sha256"]
    sources = set(pre.get("sources", []))
    # items that appeared during the faulty operation: each must be whole (an imported one
    # holds exactly one of the source files)
    new = [e for e in listed if e["id"] not in wanted]
    hashes = _exported(home, [*wanted, *(e["id"] for e in new)], scratch)
    for item_id, sha in wanted.items():
        if item_id not in by_id:
            res["lost"].append(f"{item_id}: missing")
        elif by_id[item_id]["sha256"] != sha or hashes.get(item_id) != sha:
            res["lost"].append(f"{item_id}: {hashes.get(item_id)} != {sha}")
    for e in new:
        if hashes.get(e["id"]) != e["sha256"] or (
                e["kind"] == "imported" and sources and e["sha256"] not in sources):
            res["bad_new"].append(f"{e['id']} {e['kind']}: {hashes.get(e['id'])}")
    bundle = Path(pre["bundle"]) if pre.get("bundle") else None
    if bundle is not None and bundle.exists():
        # a bundle at its final name must be whole: it verifies without any vault. Exit 5
        # (« intact, not anchored ») is whole: every file as sealed, the test PKI's root
        # being on no trusted list
        rc, report, err = cli(home, "verify", str(bundle))
        res["bundle_rc"] = rc
        if rc not in (0, 5):
            res["bad_new"].append(f"bundle at its final name, verify exit {rc}: "
                                  f"{json.dumps(report)[:300] if report else err[-300:]}")
    ends = [e["metadata"].get("ended_utc") for e in listed if e["kind"] == "video_segment"
            and e["metadata"].get("ended_utc")]
    res["segments_end"] = max(ends) if ends else None
    res["items_after"] = len(listed)
    return res


def main() -> int:
    home, pre, out, scratch = (Path(a) for a in sys.argv[1:5])
    scratch.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    try:
        result = check(home, json.loads(pre.read_text()), scratch)
    except Exception as exc:  # the opening itself failed in-process: that is a finding
        result = {"opens": False, "open_error": f"{type(exc).__name__}: {exc}",
                  "verify_rc": None, "verify_reasons": [], "lost": [], "bad_new": []}
    out.write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
