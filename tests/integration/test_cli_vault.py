"""The command line on a real vault, per shared/cli-contract.md."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.cli import ROOT, Probant


def _demo_constat(probant: Probant) -> str:
    assert probant("init", demo=True).code == 0
    dossier = probant("dossier", "new", "Affaire Martin", "--requester", "SAS Martin, Paris").json
    return str(probant("constat", "new", "--dossier", dossier["id"], "--mission",
                       "Constater la page d'accueil").json["id"])


def test_demo_workflow_end_to_end(probant: Probant, tmp_path: Path) -> None:
    constat = _demo_constat(probant)
    files = []
    for i, size in enumerate((0, 1, 70_000)):
        path = tmp_path / f"piece-{i}.bin"
        path.write_bytes(os.urandom(size))
        files.append(path)
    added = probant("annex", "add", "--constat", constat, *map(str, files)).json
    assert [a["annex"] for a in added] == ["2", "3", "4"]  # 1: environment at the start
    assert all(a["origin"] == "imported" and a["simulated"] for a in added)
    listed = probant("evidence", "list", "--constat", constat).json
    assert listed[0]["kind"] == "environment" and listed[0]["metadata"]["phase"] == "start"
    assert [e["sha256"] for e in listed[1:]] == [hashlib.sha256(f.read_bytes()).hexdigest()
                                                for f in files]
    out = tmp_path / "exported.bin"
    assert probant("evidence", "export", added[2]["id"], "--out", str(out)).code == 0
    assert out.read_bytes() == files[2].read_bytes()
    shown = probant("constat", "show", constat).json
    assert len(shown["evidence"]) == 4 and shown["status"] == "open"
    closed = probant("constat", "close", constat).json
    assert closed["status"] == "closed" and closed["environment_end"]
    phases = [e["metadata"].get("phase") for e in probant("evidence", "list", "--constat",
                                                          constat).json]
    assert phases[0] == "start" and phases[-1] == "end"
    verify = probant("verify")
    assert verify.code == 0 and verify.json["ok"] and verify.json["items_checked"] == 5
    journal = probant("journal", "--constat", constat).json
    actions = [e["action"] for e in journal]
    assert actions[:1] == ["constat_created"] and "evidence_exported" in actions
    assert actions.count("evidence_added") == 5 and "constat_closed" in actions
    assert all(e["details"].get("demo") for e in journal)
    assert probant("journal", "--verify").json["ok"]


def test_bad_input_gets_a_clear_message_and_exit_2(probant: Probant, tmp_path: Path) -> None:
    constat = _demo_constat(probant)
    missing = probant("annex", "add", "--constat", constat, str(tmp_path / "nope.pdf"))
    assert missing.code == 2 and "introuvable" in missing.stderr.lower()
    assert missing.json["error"]["code"] == "file_missing"
    listed = probant("evidence", "list", "--constat", constat).json
    assert [e["kind"] for e in listed] == ["environment"]  # nothing half-written
    unknown = probant("constat", "show", "cst_inconnu")
    assert unknown.code == 2 and unknown.json["error"]["code"] == "not_found"
    bad_date = probant("dossier", "new", "X", "--deadline", "demain")
    assert bad_date.code == 2
    assert probant("init", demo=True).json["error"]["code"] == "vault_exists"
    english = probant("--lang", "en", "constat", "show", "cst_inconnu")
    assert "Not found" in english.stderr
    usage = probant("dossier")
    assert usage.code == 2


def test_locked_vault_and_wrong_recovery_code_exit_3(probant: Probant, tmp_path: Path) -> None:
    no_token = probant("init", "--name", "Maître Jeanne DUPONT")
    assert no_token.code == 3 and no_token.json["error"]["code"] == "fido_no_device"
    assert not (probant.home / "vault").exists()  # nothing half-made
    probant.env["PROBANT_AUTHENTICATOR"] = f"soft:{tmp_path / 'token.json'}"
    init = probant("init", "--name", "Maître Jeanne DUPONT", "--office", "Étude Dupont",
                   env={"PROBANT_PIN": "4862"})
    assert init.code == 0, init.stderr
    code = init.json["recovery_code"]
    assert not init.json["demo"] and init.json["factors"] == ["fido2", "recovery"]
    locked = probant("dossier", "list")  # token present, but no PIN given
    assert locked.code == 3 and locked.json["error"]["code"] == "fido_cancelled"
    assert probant("dossier", "list", env={"PROBANT_PIN": "4862"}).code == 0
    wrong = probant("dossier", "list", env={"PROBANT_RECOVERY_CODE": "AAAA-" * 7 + "AAAA"})
    assert wrong.code == 3 and wrong.json["error"]["code"] == "wrong_recovery_code"
    ok = probant("journal", env={"PROBANT_RECOVERY_CODE": code.lower().replace("-", " ")})
    assert ok.code == 0
    failed = [e for e in ok.json if e["action"] == "unlock_failed"]
    assert [e["details"]["reason"] for e in failed] == ["fido_cancelled", "wrong_recovery_code"]
    assert failed[0]["details"]["attempted_at"] < ok.json[-1]["at"]


def test_commands_that_need_no_vault_work_in_an_empty_home(probant: Probant) -> None:
    assert probant("--version", json_out=False).code == 0
    help_text = probant("--help", json_out=False).stdout
    for command in ("init", "dossier", "constat", "annex", "evidence", "verify", "journal"):
        assert command in help_text
    missing = probant("dossier", "list")
    assert missing.code == 2 and missing.json["error"]["code"] == "vault_missing"


def test_verify_names_the_damaged_item_and_exits_1(probant: Probant, tmp_path: Path) -> None:
    constat = _demo_constat(probant)
    src = tmp_path / "capture.bin"
    src.write_bytes(os.urandom(200_000))
    item = probant("annex", "add", "--constat", constat, str(src)).json
    # Blob names are keyed: the 200 kB capture is the largest blob.
    blobs = [p for p in (probant.home / "vault" / "blobs").rglob("*") if p.is_file()]
    blob = max(blobs, key=lambda p: p.stat().st_size)
    raw = bytearray(blob.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    blob.write_bytes(bytes(raw))
    report = probant("verify")
    assert report.code == 1
    [damage] = report.json["damages"]
    assert damage["subject"] == item["id"] and damage["annex"] == "2"
    human = probant("verify", json_out=False)
    assert human.code == 1 and item["id"] in human.stdout and "annexe 2" in human.stdout
    export = probant("evidence", "export", item["id"], "--out", str(tmp_path / "x.bin"))
    assert export.code == 1 and not (tmp_path / "x.bin").exists()


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare")
def test_disk_full_through_the_cli(tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(12 << 20))
    script = f"""
set -e
mount -t tmpfs -o size=5m tmpfs "{tmp_path}/mnt"
P="{sys.executable} -m app.main --home {tmp_path}/mnt/home --demo --json"
$P init > /dev/null
D=$($P dossier new D | {sys.executable} -c 'import json,sys; print(json.load(sys.stdin)["id"])')
C=$($P constat new --dossier $D | {sys.executable} -c 'import json,sys; print(json.load(sys.stdin)["id"])')
set +e
$P annex add --constat $C {big} > {tmp_path}/out.json 2> {tmp_path}/err.txt
echo "RC=$?"
$P verify > {tmp_path}/verify.json
echo "VERIFY=$?"
ls {tmp_path}/mnt/home/vault/tmp | wc -l
"""
    (tmp_path / "mnt").mkdir()
    proc = subprocess.run(["unshare", "-Urm", "bash", "-c", script], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    if "RC=" not in proc.stdout:
        pytest.skip(f"no mount namespace here: {proc.stderr[-300:]}")
    lines = proc.stdout.split()
    assert "RC=1" in lines, proc.stdout
    assert "VERIFY=0" in lines
    assert lines[-1] == "0"  # no partial write left behind
    assert "Disque plein" in (tmp_path / "err.txt").read_text()
