"""Anchors of the journal head outside the vault, and verify's semantic cross-checks,
attacked on real vaults: a real SQLCipher database, a real blob store, a real Secret
Service (gnome-keyring-daemon on a private D-Bus bus) or no keyring at all. The
attacker is an insider: sqlcipher3 and the vault's database key, or a file copy.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
import sqlcipher3

from evidence import anchors, dossiers, items
from evidence.anchors import AnchorPublisher, AnchorRecord, Head, VaultRolledBack
from evidence.vault import Vault, db_head
from evidence.verify import verify_vault
from tests.fixtures.cli import ROOT, Probant
from tests.fixtures.keyring_service import KeyringService
from tests.fixtures.vault import VaultHome


def _capture(vault: Vault, constat: str, data: bytes) -> items.EvidenceItem:
    return items.add_evidence(vault, items.EvidenceRequest(constat, "screenshot", "captured",
                                                           "image/png"), data)


def _head_file(home: Path) -> AnchorRecord:
    return AnchorRecord.from_text((home / "vault" / "head.json").read_text())


def _insider_sql(home: Path, key: bytes, *statements: str) -> None:
    conn = sqlcipher3.connect(str(home / "vault" / "vault.db"))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def _words(report_notes: tuple[str, ...]) -> str:
    return "\n".join(report_notes)


# -- the anchors are written ---------------------------------------------------------


def test_every_journal_commit_is_anchored_in_the_head_file_and_the_keyring(
        vault_home: VaultHome, keyring_service: KeyringService) -> None:
    with vault_home.open() as vault:
        constat = dossiers.create_constat(
            vault, dossiers.create_dossier(vault, "D", "R").id, "M").id
        _capture(vault, constat, b"one")
        head = db_head(vault.db)
        assert vault.anchors.publisher.flush(5)  # written off the commit path, just after it
        record = _head_file(vault_home.home)
        assert (record.seq, record.hash) == (head.seq, head.hash)
        assert anchors.record_verifies(vault.keys.journal_mac, vault.id, record)
        vault_id, key = vault.id, vault.keys.journal_mac
    mode = stat.S_IMODE((vault_home.home / "vault" / "head.json").stat().st_mode)
    assert mode == 0o600
    raw = json.loads((vault_home.home / "vault" / "head.json").read_text())
    assert set(raw) == {"v", "seq", "hash", "mac", "written_at"}
    stored = keyring_service.read(vault_id)  # written off the commit path, flushed at close
    assert stored is not None
    in_keyring = AnchorRecord.from_text(stored)
    assert (in_keyring.seq, in_keyring.hash) == (head.seq, head.hash)
    assert anchors.record_verifies(key, vault_id, in_keyring)
    with vault_home.open() as vault:
        report = verify_vault(vault)
        assert report.ok, report.to_json()
        assert {a.anchor: a.state for a in report.anchors} == {"head_file": "ok",
                                                               "keyring": "ok"}


def test_a_slow_keyring_never_holds_up_a_commit(vault: Vault, open_constat: str) -> None:
    class SlowStore:
        name = "slow"
        background = True

        def __init__(self) -> None:
            self.release = threading.Event()
            self.written: list[str] = []

        def read(self) -> str | None:
            return None

        def write(self, text: str) -> None:
            self.release.wait(10)
            self.written.append(text)

    slow = SlowStore()
    vault.anchors.publisher = AnchorPublisher(vault.id, vault.keys.journal_mac,
                                              [anchors.HeadFile(vault.folder), slow])
    vault.db.on_commit = vault.anchors.publisher.publish
    started = time.monotonic()
    for i in range(5):
        _capture(vault, open_constat, bytes([i]) * 100)
    assert time.monotonic() - started < 2.0  # the keyring is stuck: captures are not
    deadline = time.monotonic() + 5  # nor is the head file, on its own writer
    while _head_file(vault.folder.parent).seq != db_head(vault.db).seq:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert not vault.anchors.publisher.flush(0.2)  # bounded, and the outcome recorded
    assert vault.anchors.publisher.outcomes["slow"].state == "failed"
    slow.release.set()
    assert vault.anchors.publisher.flush(5)
    assert AnchorRecord.from_text(slow.written[-1]).seq == db_head(vault.db).seq
    assert len(slow.written) <= 3  # coalesced: the latest head, not one write per commit


# -- d1: the whole home restored from an older copy: the keyring anchor detects it ----


def test_d1_whole_home_restored_is_detected_by_the_keyring(
        probant: Probant, keyring_service: KeyringService, tmp_path: Path) -> None:
    probant.env.update(keyring_service.env)
    assert probant("init", demo=True).code == 0
    assert probant("dossier", "new", "Affaire A", "--requester", "R").code == 0
    backup = tmp_path / "backup"
    shutil.copytree(probant.home, backup)
    old_seq = _head_file(probant.home).seq
    for title in ("Affaire B", "Affaire C"):
        assert probant("dossier", "new", title, "--requester", "R").code == 0
    shutil.rmtree(probant.home)
    shutil.copytree(backup, probant.home)  # head.json restored with it: only the keyring knows
    vault_id = json.loads((probant.home / "vault" / "vault.json").read_text())["vault_id"]
    stored = keyring_service.read(vault_id)
    assert stored is not None
    missing = AnchorRecord.from_text(stored).seq - old_seq
    assert missing >= 4

    verify = probant("verify", json_out=False)
    assert verify.code == 1, verify.stdout + verify.stderr
    assert (f"Le coffre est plus ancien que son ancre du trousseau : {missing} entrées de "
            "journal manquent") in verify.stdout
    data = probant("verify").json
    assert not data["ok"]
    assert [(d["area"], d["subject"], d["problem"]) for d in data["damages"]] == [
        ("anchor", "keyring", "rollback")]
    assert {a["anchor"]: a["state"] for a in data["anchors"]}["head_file"] == "ok"

    # Read-only: nothing is written (not even the unlock), every write is refused.
    before = (probant.home / "vault" / "head.json").read_bytes()
    refused = probant("dossier", "new", "Affaire D", "--requester", "R", json_out=False)
    assert refused.code == 1
    assert "Retour en arrière détecté" in refused.stderr and "lecture seule" in refused.stderr
    assert (probant.home / "vault" / "head.json").read_bytes() == before
    assert AnchorRecord.from_text(keyring_service.read(vault_id) or "").seq == old_seq + missing

    # A commissaire who knows why accepts the loss by naming the vault's entry: journaled.
    accepted = probant("dossier", "new", "Affaire D", "--requester", "R",
                       env={"PROBANT_ACCEPT_ANCHOR_LOSS": str(old_seq)})
    assert accepted.code == 0, accepted.stderr
    after = probant("verify").json
    assert after["ok"], after
    assert "anchor_loss_accepted" in {w["code"] for w in after["warnings"]}
    actions = [e["action"] for e in probant("journal").json]
    assert "anchor_loss_accepted" in actions


# -- d2: only vault.db restored: the head file detects it -------------------------------


def test_d2_only_the_database_restored_is_detected_by_the_head_file(
        vault_home: VaultHome, no_keyring: dict[str, str], tmp_path: Path) -> None:
    db = vault_home.home / "vault" / "vault.db"
    with vault_home.open() as vault:
        constat = dossiers.create_constat(
            vault, dossiers.create_dossier(vault, "D", "R").id, "M").id
        _capture(vault, constat, b"before the copy")
    shutil.copy2(db, tmp_path / "old.db")
    old_seq = _head_file(vault_home.home).seq
    with vault_home.open() as vault:
        lost = [_capture(vault, constat, os.urandom(64)) for _ in range(2)]
    new_seq = _head_file(vault_home.home).seq
    shutil.copy2(tmp_path / "old.db", db)

    with vault_home.open() as vault:
        assert vault.read_only
        report = verify_vault(vault)
        with pytest.raises(VaultRolledBack) as refused:
            _capture(vault, constat, b"after the rollback")
    assert refused.value.exit_code == 1 and refused.value.code == "vault_rolled_back"
    assert not report.ok
    [damage] = report.damages
    assert (damage.area, damage.subject, damage.problem) == ("anchor", "head_file", "rollback")
    assert damage.detail.startswith(
        "Le coffre est plus ancien que son fichier de tête (vault/head.json) : "
        f"{new_seq - old_seq} entrées de journal manquent")
    # The two blobs of the lost annexes: named, and said to be left by the rollback.
    assert set(report.orphan_blob_ids) == {i.blob_id for i in lost}
    assert "left by the rollback" in _words(report.notes)
    # No keyring here: said, never taken as a pass.
    assert {a.anchor: a.state for a in report.anchors}["keyring"] == "unavailable"
    assert "anchor_unavailable" in {w.code for w in report.warnings}


# -- e1: the last journal rows deleted by an insider with the key ------------------------


def test_e1_last_journal_rows_deleted_with_the_key_are_detected_by_both_anchors(
        vault_home: VaultHome, keyring_service: KeyringService) -> None:
    with vault_home.open() as vault:
        constat = dossiers.create_constat(
            vault, dossiers.create_dossier(vault, "D", "R").id, "M").id
        _capture(vault, constat, b"kept")
        key = vault.keys.database
    # The chain from genesis still checks after a tail is cut: only the anchors can tell.
    _insider_sql(vault_home.home, key, "DROP TRIGGER journal_no_delete",
                 "DELETE FROM journal WHERE seq > (SELECT max(seq) - 3 FROM journal)")
    with vault_home.open() as vault:
        assert vault.read_only
        report = verify_vault(vault)
    states = {d.subject: (d.problem, d.detail) for d in report.damages if d.area == "anchor"}
    assert set(states) == {"head_file", "keyring"}
    for problem, detail in states.values():
        assert problem == "rollback" and ": 3 entrées de journal manquent" in detail
    assert not any(d.area == "journal" for d in report.damages)  # the chain alone: silent


# -- e2: a committed annex lost by deleting -wal and -shm before a checkpoint ----------

E2_CHILD = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from evidence import items
    from evidence.keyslots import RecoveryCodeOpener
    from evidence.vault import open_vault
    vault = open_vault(Path(sys.argv[1]), [RecoveryCodeOpener(sys.argv[2])])
    item = items.add_evidence(vault, items.EvidenceRequest(sys.argv[3], "screenshot",
                                                           "captured"), b"committed" * 100)
    vault.anchors.publisher.flush()  # the kill comes after the anchors were written
    print(item.id, flush=True)
    os._exit(0)  # like a kill: no close, no checkpoint; the commit lives in the WAL
""")


def test_e2_committed_annex_lost_with_the_wal_is_detected(
        vault_home: VaultHome, no_keyring: dict[str, str]) -> None:
    with vault_home.open() as vault:
        constat = dossiers.create_constat(
            vault, dossiers.create_dossier(vault, "D", "R").id, "M").id
    env = {**os.environ, **no_keyring}
    out = subprocess.run([sys.executable, "-c", E2_CHILD, str(vault_home.home),
                          vault_home.recovery_code, constat], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120, check=True)
    committed = out.stdout.strip()
    folder = vault_home.home / "vault"
    wal = folder / "vault.db-wal"
    assert wal.exists() and wal.stat().st_size > 0
    anchored = _head_file(vault_home.home).seq
    wal.unlink()
    (folder / "vault.db-shm").unlink(missing_ok=True)
    with vault_home.open() as vault:
        assert vault.read_only
        assert committed not in {i.id for i in items.list_evidence(vault)}  # really lost
        report = verify_vault(vault)
        head = db_head(vault.db).seq
    [damage] = [d for d in report.damages if d.area == "anchor"]
    assert (damage.subject, damage.problem) == ("head_file", "rollback")
    assert f": {anchored - head} entrée" in damage.detail
    assert report.orphan_blobs == 1  # the lost annex's blob, named
    assert not report.ok


# -- a forged or edited anchor ------------------------------------------------------------


def test_an_anchor_whose_mac_does_not_verify_is_reported_as_tampered(
        vault_home: VaultHome, no_keyring: dict[str, str]) -> None:
    with vault_home.open() as vault:
        dossiers.create_dossier(vault, "D", "R")
    path = vault_home.home / "vault" / "head.json"
    raw = json.loads(path.read_text())
    raw["seq"] -= 5  # to hide a rollback, without the key
    path.write_text(json.dumps(raw))
    with vault_home.open() as vault:
        assert vault.read_only
        report = verify_vault(vault)
    [damage] = report.damages
    assert (damage.area, damage.subject, damage.problem) == ("anchor", "head_file", "tampered")
    assert "falsifiée" in damage.detail and "MAC" in damage.detail


def test_no_keyring_backend_is_said_in_the_report(vault: Vault, no_keyring: dict[str, str],
                                                  open_constat: str) -> None:
    _capture(vault, open_constat, b"x")
    report = verify_vault(vault)
    assert report.ok
    keyring = next(a for a in report.anchors if a.anchor == "keyring")
    assert keyring.state == "unavailable" and "no keyring backend" in keyring.reason
    assert "L'ancre du trousseau est indisponible" in _words(report.notes)
    assert vault.anchors.publisher.flush(1)
    assert vault.anchors.publisher.outcomes["keyring"].state == "unavailable"


# -- f4 and the other semantic cross-checks ----------------------------------------------


def test_f4_closed_constat_reopened_in_sql_and_an_annex_added_fails_verify(
        vault_home: VaultHome, no_keyring: dict[str, str]) -> None:
    with vault_home.open() as vault:
        constat = dossiers.create_constat(
            vault, dossiers.create_dossier(vault, "D", "R").id, "M").id
        _capture(vault, constat, b"before closing")
        dossiers.close_constat(vault, constat)
        key = vault.keys.database
    # The triggers refuse the reopening (tests/integration/test_vault_attacks.py); someone
    # holding the key drops them first, and verify still sees it.
    _insider_sql(vault_home.home, key, "DROP TRIGGER constats_closed_immutable",
                 "DROP TRIGGER evidence_into_closed_constat",
                 f"UPDATE constats SET status = 'open', ended_at = NULL WHERE id = '{constat}'")
    with vault_home.open() as vault:
        late = _capture(vault, constat, b"added after closing")  # the app lets it in
        report = verify_vault(vault)
    assert not report.ok
    found = {(d.area, d.subject, d.problem): d for d in report.damages}
    added = found[("constat", constat, "added_after_close")]
    assert added.annex == late.annex_label and late.id in added.detail
    assert ("constat", constat, "reopened") in found


def test_evidence_rows_and_journal_entries_answer_for_each_other(
        vault_home: VaultHome, no_keyring: dict[str, str]) -> None:
    with vault_home.open() as vault:
        constat = dossiers.create_constat(
            vault, dossiers.create_dossier(vault, "D", "R").id, "M").id
        first = _capture(vault, constat, b"first")
        second = _capture(vault, constat, b"second")
        key = vault.keys.database
        report = verify_vault(vault)
        assert report.ok
        pending = next(w for w in report.warnings if w.code == "timestamp_pending")
        assert pending.count >= 2 and "horodatage" in pending.text  # a warning, not damage
    _insider_sql(
        vault_home.home, key,
        # a row slipped in with no journal entry...
        "INSERT INTO evidence (id, constat_id, annex_no, part_no, kind, origin, sha256, size,"
        " blob_id, mime, filename, captured_at, captured_local, monotonic_ns, metadata,"
        " simulated, created_by) SELECT 'ev_forged', constat_id, 9, 0, kind, origin, sha256,"
        f" size, blob_id, mime, filename, captured_at, captured_local, monotonic_ns, metadata,"
        f" simulated, created_by FROM evidence WHERE id = '{first.id}'",
        # ...and a journaled one whose row is gone
        "DROP TRIGGER evidence_no_delete", "DROP TRIGGER manifests_no_delete",
        f"DELETE FROM manifests WHERE evidence_id = '{second.id}'",
        f"DELETE FROM evidence WHERE id = '{second.id}'")
    with vault_home.open() as vault:
        report = verify_vault(vault)
    problems = {(d.area, d.problem): d for d in report.damages}
    assert problems[("evidence", "unjournaled")].subject == "ev_forged"
    assert second.id in problems[("journal", "evidence_missing")].detail
    assert second.blob_id in report.orphan_blob_ids


def test_head_reads_do_not_trust_a_record_from_another_vault(vault: Vault) -> None:
    record = anchors.make_record(vault.keys.journal_mac, "vlt_other", Head(3, "ab" * 32))
    assert not anchors.record_verifies(vault.keys.journal_mac, vault.id, record)


def test_a_head_file_removed_to_hide_a_rollback_is_an_alarm(
        vault_home: VaultHome, no_keyring: dict[str, str], tmp_path: Path) -> None:
    db = vault_home.home / "vault" / "vault.db"
    with vault_home.open() as vault:
        dossiers.create_dossier(vault, "D", "R")
    shutil.copy2(db, tmp_path / "old.db")
    with vault_home.open() as vault:
        dossiers.create_dossier(vault, "E", "R")
    shutil.copy2(tmp_path / "old.db", db)
    (vault_home.home / "vault" / "head.json").unlink()  # d2, with its witness removed
    with vault_home.open() as vault:
        assert vault.read_only
        report = verify_vault(vault)
    [damage] = report.damages
    assert (damage.area, damage.subject, damage.problem) == ("anchor", "head_file", "missing")
    assert "a disparu" in damage.detail


def test_a_head_write_cut_short_by_a_kill_leaves_nothing_after_the_next_unlock(
        vault_home: VaultHome, no_keyring: dict[str, str]) -> None:
    folder = vault_home.home / "vault"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stale = folder / f".head.json.{dead}.1.tmp"
    stale.write_text("{")
    live = folder / f".head.json.{os.getpid()}.1.tmp"  # a write in flight: left alone
    live.write_text("{")
    with vault_home.open() as vault:
        assert not vault.read_only
    assert not stale.exists() and live.exists()
    live.unlink()
