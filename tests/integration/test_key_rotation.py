"""Master-key rotation (issue 18, S point 3): removing a token renews the vault's key, so a
restored old keyslots.json cannot bring the removed token back to what is written next.

Real vaults, real SQLCipher, the software FIDO2 authenticator; the attacker is the removed
token itself, holding its factor and a copy of keyslots.json from before its removal."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from app import identity
from evidence import dossiers, items, users
from evidence.blobstore import BlobStore
from evidence.crypto import VaultKeys, wrap_key
from evidence.db import Database
from evidence.errors import AuthenticationFailed, IntegrityError
from evidence.keyslots import (
    RecoveryCodeOpener,
    SlotFile,
    VaultKeyStale,
    _aad,
    _wrapping_key,
    b64e,
    new_recovery_code,
    open_slot,
    recovery_slot,
)
from evidence.model import EvidenceItem, OfficerIdentity
from evidence.rotation import RotationNeedsUnlock
from evidence.vault import Vault, create_vault, open_vault, vault_folder
from evidence.verify import verify_vault
from signing.handlers import FixedAnswers
from tests.fixtures.cli import ROOT


@dataclass(frozen=True)
class Office:
    home: Path
    token_a: str  # the officer's main token (stays)
    token_b: str  # the officer's second token (removed)
    code: str

    def open_a(self) -> Vault:
        return open_vault(self.home, [identity.Fido2Opener(self.token_a, FixedAnswers("1111"))])

    def open_b(self) -> Vault:
        return open_vault(self.home, [identity.Fido2Opener(self.token_b, FixedAnswers("2222"))])

    def open_code(self) -> Vault:
        return open_vault(self.home, [RecoveryCodeOpener(self.code)])


def _office(tmp_path: Path) -> tuple[Office, str, str]:
    """Two tokens and a recovery code for the officer; returns the office, the second
    token's slot id and an open constat."""
    code = new_recovery_code()
    office = Office(tmp_path / "home", f"soft:{tmp_path / 'a.json'}",
                    f"soft:{tmp_path / 'b.json'}", code)
    vault = create_vault(office.home, OfficerIdentity("Maître Jeanne DUPONT"),
                         [identity.fido2_factor(office.token_a, FixedAnswers("1111"), "Clé A",
                                                "Maître Jeanne DUPONT"),
                          lambda uid: recovery_slot(code, uid)], demo=False)
    with vault:
        me = vault.session.user.id
        b = users.enroll_slot(vault, me, identity.fido2_factor(
            office.token_b, FixedAnswers("2222"), "Clé B", "Maître Jeanne DUPONT")(me))
        constat = dossiers.create_constat(
            vault, dossiers.create_dossier(vault, "Affaire", "Requérant").id, "Mission").id
    return office, b.id, constat


def _capture(vault: Vault, constat: str, data: bytes) -> EvidenceItem:
    return items.add_evidence(vault, items.EvidenceRequest(constat, "screenshot", "captured",
                                                           "image/png"), data)


def _b_master(office: Office, old_slots: Path, slot_b: str) -> tuple[str, bytes]:
    """What the removed token gets from the old keyslots.json with its own factor."""
    vault_id = json.loads(old_slots.read_text())["vault_id"]
    record = next(s for s in SlotFile(old_slots, vault_id).load() if s.id == slot_b)
    secret = identity.Fido2Opener(office.token_b, FixedAnswers("2222")).open([record])
    opened = open_slot(vault_id, record, secret.secret)
    assert opened is not None
    return vault_id, opened.master


def test_a_removed_token_with_an_old_slot_file_reads_nothing_written_after(
        tmp_path: Path, no_keyring: dict[str, str]) -> None:
    office, slot_b, constat = _office(tmp_path)
    with office.open_a() as vault:
        before = _capture(vault, constat, b"captured while B was enrolled")
    old_slots = tmp_path / "keyslots-before-removal.json"
    shutil.copyfile(vault_folder(office.home) / "keyslots.json", old_slots)
    with office.open_a() as vault:
        users.remove_slot(vault, slot_b)
        assert vault.keys.epoch == 1
        after = _capture(vault, constat, b"captured after B was removed")
        [rotated] = vault.db.query("SELECT details FROM journal WHERE action = 'key_rotated'")
        assert json.loads(rotated[0])["removed"] == [slot_b]

    vault_id, master = _b_master(office, old_slots, slot_b)
    old = VaultKeys.from_master(master, vault_id)
    folder = vault_folder(office.home)
    # B still reads what it could read before (it may have copied it then) ...
    assert BlobStore(folder, old.blob_root, old.blob_id).read_all(before.blob_id) \
        == b"captured while B was enrolled"
    # ... but its key opens neither the database now ...
    with pytest.raises(IntegrityError) as refused:
        Database(folder / "vault.db", old.database)
    assert refused.value.params["problem"] == "database"
    # ... nor the blob written after its removal: the real decryption, with B's keys in
    # the place of the new epoch's, fails on the first chunk's tag.
    as_b = BlobStore(folder, old.blob_root, old.blob_id, epoch=0,
                     older={1: (old.blob_root, old.blob_id)})
    check = as_b.check(after.blob_id, after.sha256)
    assert not check.ok and check.problem == "chunk_tag"
    raw = (folder / "blobs" / after.blob_id[:2] / after.blob_id).read_bytes()
    assert b"captured after B was removed" not in raw

    # B cannot unlock: with the current file its slot is gone; with the old file put back,
    # its key does not open the database (and the attempt is recorded).
    with pytest.raises(AuthenticationFailed) as gone:
        office.open_b()
    assert not isinstance(gone.value, VaultKeyStale)
    current = (folder / "keyslots.json").read_bytes()
    shutil.copyfile(old_slots, folder / "keyslots.json")
    with pytest.raises(VaultKeyStale):
        office.open_b()
    with pytest.raises(VaultKeyStale):  # the old file cannot open it for A either
        office.open_a()
    (folder / "keyslots.json").write_bytes(current)

    # The remaining token and the recovery code open and export everything, old and new.
    for opener in (office.open_a, office.open_code):
        with opener() as vault:
            assert vault.keys.epoch == 1
            for item, data in ((before, b"captured while B was enrolled"),
                               (after, b"captured after B was removed")):
                out = tmp_path / f"{item.id}-{vault.session.factor}.png"
                items.export_evidence(vault, item.id, out)
                assert out.read_bytes() == data
            report = verify_vault(vault)
            assert report.ok, report.to_json()
            assert {f.anchor: f.state for f in vault.anchors.at_open}["head_file"] == "ok"
    failures = (folder / "unlock-failures.jsonl").read_text().splitlines()
    assert sum("vault_key_stale" in line for line in failures) == 2


def test_the_cli_verify_and_journal_after_a_removal(probant: object, tmp_path: Path,
                                                    no_keyring: dict[str, str]) -> None:
    from tests.fixtures.cli import Probant

    assert isinstance(probant, Probant)
    officer = {"PROBANT_AUTHENTICATOR": f"soft:{tmp_path / 'officer.json'}",
               "PROBANT_PIN": "1111"}
    second = {"PROBANT_AUTHENTICATOR": f"soft:{tmp_path / 'second.json'}",
              "PROBANT_PIN": "2222"}
    assert probant("init", "--name", "Maître Jeanne DUPONT", env=officer).code == 0
    assert probant("token", "enroll", "--label", "Clé de secours", env={
        **officer, "PROBANT_NEW_AUTHENTICATOR": second["PROBANT_AUTHENTICATOR"],
        "PROBANT_NEW_PIN": "2222"}).code == 0
    slot = probant("token", "list", env=officer).json[-1]["id"]
    assert probant("token", "remove", slot, env=officer).code == 0
    report = probant("verify", env=officer)
    assert report.code == 0, report.stdout
    journal = probant("journal", env=officer, json_out=False)
    assert "key_rotated" in journal.stdout
    assert probant("dossier", "list", env=second).code == 3


def test_deactivating_a_user_renews_the_key(tmp_path: Path, no_keyring: dict[str, str]) -> None:
    office, _slot_b, constat = _office(tmp_path)
    staff = f"soft:{tmp_path / 'staff.json'}"
    with office.open_a() as vault:
        clerk = users.add_user(vault, "Paul Martin", "collaborateur")
        users.enroll_slot(vault, clerk.id, identity.fido2_factor(
            staff, FixedAnswers("3333"), "Clé de Paul", clerk.name)(clerk.id))
    with open_vault(office.home, [identity.Fido2Opener(staff, FixedAnswers("3333"))]) as v:
        clerk_key = v.keys.database
    with office.open_a() as vault:
        users.deactivate_user(vault, clerk.id)
        assert vault.keys.epoch == 1
        _capture(vault, constat, b"after Paul left")
    with pytest.raises(IntegrityError):
        Database(vault_folder(office.home) / "vault.db", clerk_key)
    with office.open_code() as vault:
        assert verify_vault(vault).ok


def _make_pre_rotation(vault: Vault, slot_id: str, secret: bytes) -> None:
    """The slot as the release before schema 12 sealed it: master key and signing seed,
    no exchange key (so no key can be given to it without its factor)."""
    slots = vault.slots.load()
    record = next(s for s in slots if s.id == slot_id)
    opened = open_slot(vault.id, record, secret)
    assert opened is not None and opened.seed is not None
    params = {k: v for k, v in record.params.items() if k not in ("kx", "epoch")}
    aad = _aad(vault.id, record.id, record.kind, record.label, record.user_id,
               record.created_at, params)
    wrapped = wrap_key(_wrapping_key(secret, params, record.kind, record.id),
                       opened.master + opened.seed, aad)
    vault.slots.save([replace(record, params=params, wrapped=b64e(wrapped))
                      if s.id == slot_id else s for s in slots])


def test_a_slot_sealed_before_must_unlock_once_before_a_removal(
        tmp_path: Path, no_keyring: dict[str, str]) -> None:
    office, slot_b, _constat = _office(tmp_path)
    with office.open_code() as vault:
        recovery = next(s for s in vault.slots.load() if s.kind == "recovery")
        from evidence.keyslots import _stretch

        _make_pre_rotation(vault, recovery.id, _stretch(office.code, recovery.params))
    with office.open_a() as vault:
        with pytest.raises(RotationNeedsUnlock) as refused:
            users.remove_slot(vault, slot_b)
        assert refused.value.params["slot"] == recovery.id
        assert vault.keys.epoch == 0 and slot_b in [s.id for s in vault.slots.load()]
    from app.messages import error_message

    assert "doit d'abord ouvrir le coffre une fois" in error_message(refused.value, "fr")
    assert "must unlock the vault once first" in error_message(refused.value, "en")
    with office.open_code() as vault:  # its next unlock gives it an exchange key
        assert next(s for s in vault.slots.load() if s.id == recovery.id).can_receive
    with office.open_a() as vault:
        users.remove_slot(vault, slot_b)
        assert vault.keys.epoch == 1
    with office.open_code() as vault:
        assert vault.keys.epoch == 1 and verify_vault(vault).ok


# -- kill -9 at each step of the rotation -------------------------------------------------

CHILD = r'''
import os, signal, sys
from app import identity
from evidence import rotation, users
from evidence.vault import open_vault
from signing.handlers import FixedAnswers

home, token, slot, step = sys.argv[1:5]

def hook(name):
    if name == step:
        os.kill(os.getpid(), signal.SIGKILL)
    if name == "rekeying":  # the parent kills at a random instant of the rekey
        print("rekeying", flush=True)

rotation.STEP_HOOK = hook
vault = open_vault(__import__("pathlib").Path(home),
                   [identity.Fido2Opener(token, FixedAnswers("1111"))])
users.remove_slot(vault, slot)
print("finished")
'''

STEPS = ("staged", "journaled", "rekeyed", "slots_saved", "recorded")


@pytest.mark.parametrize("step", STEPS)
def test_a_kill_at_each_step_of_a_rotation_leaves_a_vault_that_opens_and_verifies(
        step: str, tmp_path: Path, no_keyring: dict[str, str]) -> None:
    office, slot_b, constat = _office(tmp_path)
    with office.open_a() as vault:
        before = _capture(vault, constat, b"before the removal")
    killed = subprocess.run([sys.executable, "-c", CHILD, str(office.home), office.token_a,
                             slot_b, step], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert killed.returncode == -9, killed.stdout + killed.stderr
    removed = step != "staged"  # killed before the removal was journaled: not removed
    if removed:  # the removed token, first to try after the kill, gets nothing
        with pytest.raises(AuthenticationFailed):
            office.open_b()
    with office.open_a() as vault:
        assert vault.keys.epoch == (1 if removed else 0)
        actions = [r[0] for r in vault.db.query("SELECT action FROM journal ORDER BY seq")]
        assert ("slot_removed" in actions) == removed
        assert ("key_rotated" in actions) == removed
        after = _capture(vault, constat, b"after the kill")
        report = verify_vault(vault)
        assert report.ok, report.to_json()
        assert not vault.read_only
        assert vault.blobs.read_all(before.blob_id) == b"before the removal"
    with office.open_code() as vault:
        assert verify_vault(vault).ok
        assert vault.blobs.read_all(after.blob_id) == b"after the kill"
    if removed:  # gone from the file (the unlock that finished the rotation rewrote it)
        with pytest.raises(AuthenticationFailed):
            office.open_b()
    else:
        with office.open_b() as vault:  # still enrolled; the removal can be done again
            assert vault.keys.epoch == 0
        with office.open_a() as vault:
            users.remove_slot(vault, slot_b)
            assert vault.keys.epoch == 1 and verify_vault(vault).ok


def test_a_sibling_connection_follows_the_rotation(tmp_path: Path,
                                                   no_keyring: dict[str, str]) -> None:
    """The desktop keeps other connections to the open vault (a recording, the automatic
    timestamps): a rotation on the main one moves them to the new key before their next
    use, instead of leaving them on a database they can no longer read."""
    office, slot_b, constat = _office(tmp_path)
    with office.open_a() as vault:
        sibling = vault.sibling()
        try:
            assert sibling.db.query_one("SELECT count(*) FROM journal")[0] > 0
            users.remove_slot(vault, slot_b)
            item = _capture(sibling, constat, b"captured beside the rotation")
            assert sibling.keys.epoch == 1
            assert vault.blobs.read_all(item.blob_id) == b"captured beside the rotation"
        finally:
            sibling.close()
    with office.open_code() as vault:
        report = verify_vault(vault)
        assert report.ok, report.to_json()


@pytest.mark.parametrize("delay_ms", [0, 5, 20, 60, 150, 400, 900])
def test_a_kill_during_the_rekey_itself(delay_ms: int, tmp_path: Path,
                                        no_keyring: dict[str, str]) -> None:
    """SIGKILL from outside at several instants while SQLCipher rewrites every page (a
    database made large enough for the rekey to take a while): the old database or the new
    one, never a mix; the vault opens with the remaining slot and verifies."""
    import time

    office, slot_b, constat = _office(tmp_path)
    with office.open_a() as vault:
        before = _capture(vault, constat, b"before the removal")
        with vault.db.transaction() as conn:  # ~16 MB: the rekey takes ~0.7 s here
            conn.execute("INSERT INTO meta VALUES ('test_padding', ?)", (os.urandom(8 << 20).hex(),))
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(office.home), office.token_a,
                              slot_b, "never"], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "rekeying"
    time.sleep(delay_ms / 1000)
    child.kill()
    child.wait(60)
    with office.open_a() as vault:
        assert vault.keys.epoch == 1  # finished by this unlock, or by the child
        report = verify_vault(vault)
        assert report.ok, report.to_json()
        assert vault.blobs.read_all(before.blob_id) == b"before the removal"
    with pytest.raises(AuthenticationFailed):
        office.open_b()
