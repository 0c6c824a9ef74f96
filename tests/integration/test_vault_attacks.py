"""Attacks on real vaults by insiders: blob files swapped or damaged, SQL run with the
vault's key (sqlcipher3, as anyone holding the key can), old key slot files put back.
Each must fail verification or unlock, naming what it found."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import struct
from pathlib import Path

import pytest
import sqlcipher3
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from evidence import blobstore, dossiers, items
from evidence.blobstore import DAMAGED_DIR, HEADER, LEGACY, MAGIC_V1
from evidence.errors import IntegrityError, WrongRecoveryCode
from evidence.keyslots import RecoveryCodeOpener, new_recovery_code
from evidence.schema import MIGRATIONS
from evidence.vault import Vault, open_vault, vault_folder
from evidence.verify import verify_vault
from signing.handlers import FixedAnswers
from tests.fixtures.cli import Probant
from tests.fixtures.keyring_service import KeyringService
from tests.fixtures.vault import VaultHome, make_vault_home


def _capture(vault: Vault, constat: str, data: bytes) -> items.EvidenceItem:
    return items.add_evidence(vault, items.EvidenceRequest(constat, "screenshot", "captured",
                                                           "image/png"), data)


def _constat(vault: Vault) -> str:
    dossier = dossiers.create_dossier(vault, "Affaire", "Requérant")
    return dossiers.create_constat(vault, dossier.id, "Mission").id


def insider_sql(home: Path, key: bytes, *statements: str) -> None:
    conn = sqlcipher3.connect(str(home / "vault" / "vault.db"))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


# -- point 5: blob binding -------------------------------------------------------------


def test_two_blob_files_swapped_are_caught_naming_both(vault_home: VaultHome) -> None:
    """Each file alone is a perfectly valid encrypted blob: before the seal, only the hash
    compared by verify could tell; now the seal binds a file to its id, and the report
    names both pieces."""
    with vault_home.open() as vault:
        constat = _constat(vault)
        a = _capture(vault, constat, b"piece A " * 1000)
        b = _capture(vault, constat, b"piece B " * 1000)
        path_a, path_b = vault.blobs.path_of(a.blob_id), vault.blobs.path_of(b.blob_id)
        swap = path_a.with_name("swap")
        os.rename(path_a, swap)
        os.rename(path_b, path_a)
        os.rename(swap, path_b)
        with pytest.raises(IntegrityError) as raised:
            vault.blobs.read_all(a.blob_id)  # read_all checks too, not only verify
        assert raised.value.params["problem"] == "swapped"
        report = verify_vault(vault)
    assert not report.ok
    found = {d.subject: d for d in report.damages if d.area == "evidence"}
    assert set(found) == {a.id, b.id}
    assert found[a.id].problem == "swapped"
    assert b.id in found[a.id].detail and a.blob_id in found[a.id].detail
    assert a.id in found[b.id].detail and "annexe 1" in found[b.id].detail


def test_the_seal_binds_the_id_even_when_the_name_would_match(vault_home: VaultHome) -> None:
    """A file re-encrypted by someone holding the blob key but without the seal of its id
    (an old-format copy, or a seal cut off) does not pass as a sealed blob."""
    with vault_home.open() as vault:
        item = _capture(vault, _constat(vault), b"sealed content")
        path = vault.blobs.path_of(item.blob_id)
        raw = path.read_bytes()
        path.write_bytes(raw[:-blobstore.SEAL_BYTES] + os.urandom(blobstore.SEAL_BYTES))
        report = verify_vault(vault)
    assert [(d.subject, d.problem) for d in report.damages] == [(item.id, "seal")]


def test_a_damaged_blob_is_not_reused_by_a_new_import_of_the_same_file(
        vault_home: VaultHome, tmp_path: Path) -> None:
    src = tmp_path / "contrat.pdf"
    src.write_bytes(os.urandom(300_000))
    with vault_home.open() as vault:
        constat = _constat(vault)
        [first] = items.import_files(vault, constat, [src])
        path = vault.blobs.path_of(first.blob_id)
        raw = bytearray(path.read_bytes())
        raw[5000] ^= 0x01
        path.write_bytes(bytes(raw))
        assert not vault.blobs.check(first.blob_id, first.sha256).ok
        [second] = items.import_files(vault, constat, [src])
        assert second.blob_id == first.blob_id  # same content, same name
        out = tmp_path / "out.pdf"
        items.export_evidence(vault, second.id, out)
        assert out.read_bytes() == src.read_bytes()  # the new import is intact
        aside = list((vault_home.home / "vault" / DAMAGED_DIR).iterdir())
        assert len(aside) == 1 and aside[0].name.startswith(first.blob_id)
        assert bytes(raw) == aside[0].read_bytes()  # the damaged copy kept as found
        journal = vault.db.query("SELECT details FROM journal WHERE action = 'evidence_added'"
                                 " AND subject = ?", (second.id,))
        assert '"deduplicated":false' in journal[0]["details"]
        report = verify_vault(vault)
    assert report.ok, report.to_json()


def _legacy_blob(store: blobstore.BlobStore, data: bytes) -> str:
    """A format-1 blob as Probant wrote them before the seal (same chunk layout)."""
    sha = hashlib.sha256(data).hexdigest()
    blob_id = store.blob_id_for(sha)
    salt = os.urandom(32)
    header = HEADER.pack(MAGIC_V1, blobstore.DEFAULT_CHUNK, salt)
    nonce = os.urandom(12)
    body = AESGCM(store._key(salt)).encrypt(nonce, data, header + struct.pack(">QB", 0, 1))
    path = store.path_of(blob_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + nonce + body)
    return blob_id


def test_legacy_blobs_still_read_and_are_reported_as_such(vault_home: VaultHome,
                                                          tmp_path: Path) -> None:
    data = b"written before the seal existed"
    with vault_home.open() as vault:
        blob_id = _legacy_blob(vault.blobs, data)
        assert vault.blobs.read_all(blob_id) == data
        check = vault.blobs.check(blob_id, hashlib.sha256(data).hexdigest())
        assert check.ok and check.binding == LEGACY
        # A legacy file under another legacy blob's name is still caught (by its hash).
        other = _legacy_blob(vault.blobs, b"another legacy blob")
        shutil.copyfile(vault.blobs.path_of(blob_id), vault.blobs.path_of(other))
        with pytest.raises(IntegrityError):
            vault.blobs.read_all(other)


# -- point 2: roles proven by signatures, not by the users table -----------------------


def _office(probant: Probant, tmp_path: Path) -> tuple[dict[str, str], dict[str, str], str, str]:
    """An officer, a collaborateur with their own key, a dossier and an open constat."""
    officer = {"PROBANT_AUTHENTICATOR": f"soft:{tmp_path / 'officer.json'}",
               "PROBANT_PIN": "1111"}
    staff = {"PROBANT_AUTHENTICATOR": f"soft:{tmp_path / 'staff.json'}", "PROBANT_PIN": "2222"}
    assert probant("init", "--name", "Maître Jeanne DUPONT", env=officer).code == 0
    clerk = probant("user", "add", "Paul Martin", "--role", "collaborateur", env=officer).json
    enrolled = probant("token", "enroll", "--user", clerk["id"], "--label", "Clé de Paul",
                       env={**officer, "PROBANT_NEW_AUTHENTICATOR":
                            staff["PROBANT_AUTHENTICATOR"], "PROBANT_NEW_PIN": "2222"})
    assert enrolled.code == 0, enrolled.stderr
    dossier = probant("dossier", "new", "Affaire", env=officer).json["id"]
    constat = probant("constat", "new", "--dossier", dossier, env=officer).json["id"]
    return officer, staff, clerk["id"], constat


def _open_as(home: Path, who: dict[str, str]) -> Vault:
    from app.identity import Fido2Opener

    return open_vault(home, [Fido2Opener(who["PROBANT_AUTHENTICATOR"],
                                         FixedAnswers(who["PROBANT_PIN"]))])


def test_a_collaborateur_who_makes_himself_commissaire_in_sql_fails_verification(
        probant: Probant, tmp_path: Path) -> None:
    officer, staff, clerk, constat = _office(probant, tmp_path)
    with _open_as(probant.home, staff) as vault:  # the insider: his own key, hence the DB key
        key = vault.keys.database
    # The trigger refuses the plain UPDATE: a role changes only after its journal entry.
    with pytest.raises(sqlcipher3.IntegrityError, match="journaled role change"):
        insider_sql(probant.home, key, f"UPDATE users SET role = 'commissaire' WHERE id = '{clerk}'")
    insider_sql(probant.home, key, "DROP TRIGGER users_role_journaled",
                f"UPDATE users SET role = 'commissaire' WHERE id = '{clerk}'")
    with _open_as(probant.home, staff) as vault:
        assert vault.session.user.role == "commissaire"  # the table is what he changed
        taken = [_capture(vault, constat, f"écran {n}".encode()) for n in range(2)]
    result = probant("verify", env=officer, json_out=False)
    assert result.code == 1, result.stdout
    assert "DOMMAGES DÉTECTÉS" in result.stdout
    assert "Paul Martin" in result.stdout and "n'était pas commissaire de justice" in result.stdout
    assert all(item.id in result.stdout for item in taken)
    assert "dans la table des utilisateurs (« commissaire »)" in result.stdout
    report = probant("verify", env=officer).json
    problems = {(d["subject"], d["problem"]) for d in report["damages"]}
    assert problems == {(clerk, "captured_without_role"), (clerk, "role_tampered")}


def test_a_forged_role_entry_without_a_commissaire_signature_proves_nothing(
        probant: Probant, tmp_path: Path) -> None:
    """The collaborateur holds the master key: he can append a well-chained journal entry
    saying he was promoted, but not sign it with a commissaire's slot key."""
    officer, staff, clerk, constat = _office(probant, tmp_path)
    with _open_as(probant.home, staff) as vault:
        with vault.db.transaction() as conn:
            vault.record(conn, "user_role_changed", subject=clerk,
                         details={"role": "commissaire", "cert": {"by": vault.session.slot_id,
                                                                  "body": {}, "sig": "00"}})
            conn.execute(f"UPDATE users SET role = 'commissaire' WHERE id = '{clerk}'")
    with _open_as(probant.home, staff) as vault:
        _capture(vault, constat, b"capture d'un collaborateur")
    report = probant("verify", env=officer)
    assert report.code == 1
    problems = {(d["subject"], d["problem"]) for d in report.json["damages"]}
    assert problems == {(clerk, "role_unproven"), (clerk, "captured_without_role"),
                        (clerk, "role_tampered")}


def test_a_role_changed_through_the_service_is_proven(probant: Probant, tmp_path: Path) -> None:
    from evidence import users

    officer, staff, clerk, constat = _office(probant, tmp_path)
    with _open_as(probant.home, officer) as vault:
        assert users.change_role(vault, clerk, "commissaire").role == "commissaire"
    with _open_as(probant.home, staff) as vault:
        _capture(vault, constat, b"capture du nouveau commissaire")
    with _open_as(probant.home, officer) as vault:
        users.change_role(vault, clerk, "collaborateur")
    report = probant("verify", env=officer)
    assert report.code == 0, report.stdout
    with _open_as(probant.home, staff) as vault:  # demoted: his capture is refused now
        vault_key = vault.keys.database
    insider_sql(probant.home, vault_key, "DROP TRIGGER users_role_journaled",
                f"UPDATE users SET role = 'commissaire' WHERE id = '{clerk}'")
    with _open_as(probant.home, staff) as vault:
        _capture(vault, constat, b"after the demotion")
    assert probant("verify", env=officer).code == 1


def test_closed_constats_and_users_are_immutable_by_trigger(vault_home: VaultHome) -> None:
    with vault_home.open() as vault:
        constat = _constat(vault)
        dossiers.close_constat(vault, constat)
        key = vault.keys.database
    for sql in (f"UPDATE constats SET status = 'open' WHERE id = '{constat}'",
                f"DELETE FROM constats WHERE id = '{constat}'", "DELETE FROM users",
                "UPDATE workstation_keys SET user_id = 'x'",
                "INSERT INTO workstation_keys VALUES ('k', x'01', x'02', 'a', 'b', 'u', 'slot')"):
        with pytest.raises(sqlcipher3.IntegrityError):
            insider_sql(vault_home.home, key, sql)
    with vault_home.open() as vault, pytest.raises(Exception, match="closed"):
        _capture(vault, constat, b"after closing")


# -- point 3: the slot file and removed keys --------------------------------------------


def test_a_restored_old_keyslots_file_does_not_bring_a_removed_key_back(
        probant: Probant, tmp_path: Path) -> None:
    officer, staff, clerk, _ = _office(probant, tmp_path)
    slots = vault_folder(probant.home) / "keyslots.json"
    old = slots.read_bytes()
    tokens = probant("token", "list", env=officer).json
    assert probant("token", "remove", tokens[2]["id"], env=officer).code == 0
    current = slots.read_bytes()
    slots.write_bytes(old)  # the copy from before the removal, MAC and all
    # The removal renewed the vault's key (test_key_rotation.py): the key the old file
    # gives opens nothing now, for the removed key as for the others.
    for who in (staff, officer):
        refused = probant("dossier", "list", env=who)
        assert refused.code == 3, refused.stdout
        assert refused.json["error"]["code"] == "vault_key_stale"
        # Said in Probant's words only: none of SQLCipher's own log lines (issue 18, 6).
        assert "sqlcipher" not in refused.stderr.lower(), refused.stderr
    slots.write_bytes(current)
    refused = probant("dossier", "list", env=staff)
    assert refused.code == 3, refused.stdout
    # Within one key epoch an older file is still a rollback: the file from before a
    # token was enrolled, put back.
    old = slots.read_bytes()
    assert probant("token", "enroll", "--label", "Clé 3", env={
        **officer, "PROBANT_NEW_AUTHENTICATOR": f"soft:{tmp_path / 'third.json'}",
        "PROBANT_NEW_PIN": "3333"}).code == 0
    slots.write_bytes(old)
    # The officer's own unlock sees the file is older than what the vault wrote.
    report = probant("verify", env=officer)
    assert report.code == 1
    found = {a["anchor"]: a for a in report.json["anchors"]}
    assert found["keyslots"]["state"] == "rollback"
    assert any("keyslots.json" in d["detail"] and "plus ancien" in d["detail"]
               for d in report.json["damages"])
    assert probant("dossier", "new", "X", env=officer).code == 1  # read-only until accepted
    # The officer knows why (a backup put back) and accepts, naming the journal entry: the
    # file is written again, above the database's generation, without the removed key.
    seq = found["head_file"]["db_seq"]
    accepted = probant("dossier", "list", env={**officer, "PROBANT_ACCEPT_ANCHOR_LOSS": str(seq)})
    assert accepted.code == 0, accepted.stderr
    kept = json.loads(slots.read_text())["slots"]
    assert tokens[2]["id"] not in [s["id"] for s in kept] and len(kept) == 2
    assert json.loads(slots.read_text())["generation"] > json.loads(old)["generation"]
    assert probant("dossier", "new", "Y", env=officer).code == 0
    assert probant("dossier", "list", env=staff).code == 3


def test_an_edited_keyslots_file_is_detected(vault_home: VaultHome) -> None:
    path = vault_folder(vault_home.home) / "keyslots.json"
    doc = json.loads(path.read_text())
    doc["slots"][0]["state"] = {"sign_count": 0}  # outside the slot's AAD, inside the MAC
    path.write_text(json.dumps(doc))
    with vault_home.open() as vault:
        assert vault.read_only
        assert vault.anchors.quarantine is not None
        assert vault.anchors.quarantine.anchor == "keyslots"
        assert vault.anchors.quarantine.state == "tampered"


# -- point 6: failed unlock attempts cannot be hidden ------------------------------------


def _fail(home: Path) -> None:
    with pytest.raises(WrongRecoveryCode):
        open_vault(home, [RecoveryCodeOpener(new_recovery_code())])


def test_deleting_the_failed_attempts_file_is_detected(vault_home: VaultHome,
                                                       no_keyring: dict[str, str]) -> None:
    _fail(vault_home.home)
    _fail(vault_home.home)
    with vault_home.open() as vault:
        assert len(vault.db.query("SELECT 1 FROM journal WHERE action = 'unlock_failed'")) == 2
        assert verify_vault(vault).ok
    _fail(vault_home.home)  # made while locked, then the file is deleted to hide it
    (vault_folder(vault_home.home) / "unlock-failures.jsonl").unlink()
    with vault_home.open() as vault:
        report = verify_vault(vault)
    [damage] = [d for d in report.damages if d.problem == "unlock_failures_tampered"]
    assert "supprimé ou modifié" in damage.detail and "2 imported line(s) gone" in damage.detail


def test_an_edited_failed_attempt_breaks_the_chain(vault_home: VaultHome,
                                                   no_keyring: dict[str, str]) -> None:
    for _ in range(3):
        _fail(vault_home.home)
    path = vault_folder(vault_home.home) / "unlock-failures.jsonl"
    lines = path.read_bytes().splitlines()
    path.write_bytes(lines[0] + b"\n" + lines[2] + b"\n")  # the middle attempt removed
    with vault_home.open() as vault:
        report = verify_vault(vault)
    assert any(d.problem == "unlock_failures_tampered" and "does not follow" in d.detail
               for d in report.damages)


def test_the_keyring_counts_attempts_the_file_lost(vault_home: VaultHome,
                                                   keyring_service: KeyringService) -> None:
    """Attempts made since the last unlock and never imported: only an outside count
    can tell they existed once the file is gone."""
    _fail(vault_home.home)
    (vault_folder(vault_home.home) / "unlock-failures.jsonl").unlink()
    with vault_home.open() as vault:
        report = verify_vault(vault)
    assert any(d.problem == "unlock_failures_tampered" and "keyring counted 1" in d.detail
               for d in report.damages)


def test_vault_files_are_0600_and_folders_0700(vault_home: VaultHome, tmp_path: Path) -> None:
    """Whatever the umask: the test sets a permissive one, as a shared machine may."""
    old = os.umask(0o002)
    try:
        home = tmp_path / "loose"
        made = make_vault_home(home)
        _fail(home)
        with made.open() as vault:
            constat = _constat(vault)
            _capture(vault, constat, os.urandom(3000))
            src = tmp_path / "remis.bin"
            src.write_bytes(os.urandom(2 << 20))
            items.import_files(vault, constat, [src])
            assert vault.anchors.publisher.flush(5)
    finally:
        os.umask(old)
    seen = []
    for path in [vault_folder(home), *vault_folder(home).rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        seen.append(path.name)
        assert mode == (0o700 if path.is_dir() else 0o600), f"{path}: {oct(mode)}"
    assert {"vault.db", "keyslots.json", "vault.json", "head.json", "unlock-failures.jsonl",
            "blobs", "tmp"} <= set(seen)


def _self_signed_pem(tmp_path: Path) -> Path:
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Racine de test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    path = tmp_path / "racine.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


def test_a_collaborateur_cannot_change_tsas_trust_anchors_or_signers(
        probant: Probant, tmp_path: Path) -> None:
    officer, staff, _, _ = _office(probant, tmp_path)
    trust = _self_signed_pem(tmp_path)
    added = probant("tsa", "add", "http://127.0.0.1:9/tsa", "--trust", str(trust), "--name",
                    "TSA de l'étude", env=officer)
    assert added.code == 0, added.stderr
    p12 = tmp_path / "signer.p12"
    p12.write_bytes(b"not opened: refused before")
    for args in (("tsa", "add", "http://127.0.0.1:9/autre", "--trust", str(trust)),
                 ("tsa", "remove", added.json["id"]),
                 ("signer", "add", "--pkcs12", str(p12), "--trust", str(trust))):
        refused = probant(*args, env=staff)
        assert refused.code == 3, (args, refused.stdout, refused.stderr)
        assert refused.json["error"]["code"] == "permission_refused"
        french = probant(*args, env=staff, json_out=False)
        assert "Action refusée : le rôle « collaborateur »" in french.stderr, french.stderr
    assert [a["id"] for a in probant("tsa", "list", env=officer).json] == [added.json["id"]]
    assert probant("signer", "list", env=officer).json == []


# -- a vault made before schema 11 ---------------------------------------------------------

BEFORE_SCHEMA_11 = "5282947"  # the last commit whose vaults have one workstation key

OLD_VAULT = r'''
import sys
from pathlib import Path
from evidence import dossiers, items
from evidence.keyslots import recovery_slot
from evidence.model import OfficerIdentity
from evidence.vault import create_vault

home, code = Path(sys.argv[1]), sys.argv[2]
vault = create_vault(home, OfficerIdentity("Maître Ancien"), [lambda u: recovery_slot(code, u)],
                     demo=False)
constat = dossiers.create_constat(vault, dossiers.create_dossier(vault, "D", "R").id, "M").id
items.add_evidence(vault, items.EvidenceRequest(constat, "screenshot", "captured", "image/png"),
                   b"captured by the old release")
print(constat)
vault.close()
'''


def test_a_vault_from_before_schema_11_opens_upgrades_its_slot_and_verifies(
        tmp_path: Path, no_keyring: dict[str, str]) -> None:
    import subprocess
    import sys

    from tests.fixtures.cli import ROOT

    old = tmp_path / "old-release"
    old.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", BEFORE_SCHEMA_11, "evidence"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
    home, code = tmp_path / "home", new_recovery_code()
    made = subprocess.run([sys.executable, "-c", OLD_VAULT, str(home), code], cwd=old,
                          env={**os.environ, "PYTHONPATH": str(old)}, check=True,
                          capture_output=True, text=True)
    constat = made.stdout.split()[-1]
    legacy = json.loads((vault_folder(home) / "keyslots.json").read_text())
    assert "mac" not in legacy and "signing_key" not in legacy["slots"][0]["params"]
    with open_vault(home, [RecoveryCodeOpener(code)]) as vault:
        assert vault.db.schema_version() == len(MIGRATIONS)
        [row] = vault.db.query("SELECT private_key, kind FROM workstation_keys"
                               " WHERE kind = 'workstation'")
        assert bytes(row["private_key"]) == b""  # the readable key is gone
        new = _capture(vault, constat, b"captured after the update")
        signed = vault.db.query_one("SELECT key_id FROM manifests WHERE evidence_id = ?",
                                    (new.id,))["key_id"]
        assert signed == vault.session.slot_id
        actions = [r[0] for r in vault.db.query("SELECT action FROM journal ORDER BY seq")]
        assert "signing_keys_introduced" in actions and "slot_upgraded" in actions
        report = verify_vault(vault)
        assert report.ok, report.to_json()
    upgraded = json.loads((vault_folder(home) / "keyslots.json").read_text())
    assert "mac" in upgraded and upgraded["generation"] >= 1
    assert "signing_key" in upgraded["slots"][0]["params"]
    assert "kx" in upgraded["slots"][0]["params"]  # a key rotation can now reach it
    with open_vault(home, [RecoveryCodeOpener(code)]) as vault:  # and again, as a new vault
        assert verify_vault(vault).ok


def test_f3_a_collaborateur_swaps_a_capture_and_re_signs_its_manifest(
        probant: Probant, tmp_path: Path) -> None:
    """The full forgery of before (content swapped, manifest re-signed with the key read
    from the database) by someone who holds the master key but not the officer's token:
    the only key he can sign with is his own, and verify says whose it is."""
    import dataclasses

    from evidence.canonical import canonical_json
    from evidence.manifests import manifest_body
    from evidence.model import evidence_from_row

    officer, staff, clerk, constat = _office(probant, tmp_path)
    with _open_as(probant.home, officer) as vault:
        genuine = _capture(vault, constat, b"what the officer saw")
        _capture(vault, constat, b"the next capture")  # chained after it
    with _open_as(probant.home, staff) as vault:
        forged = vault.blobs.put(b"what the clerk would like the officer to have seen")
        row = vault.db.query_one("SELECT * FROM evidence WHERE id = ?", (genuine.id,))
        item = dataclasses.replace(evidence_from_row(row), sha256=forged.sha256,
                                   size=forged.size, blob_id=forged.blob_id)
        old = vault.db.query_one("SELECT body FROM manifests WHERE evidence_id = ?",
                                 (genuine.id,))
        body = {**manifest_body(item, vault_id=vault.id, user_name="Maître Jeanne DUPONT",
                                software=json.loads(old["body"])["software"], demo=False,
                                prev=json.loads(old["body"])["prev"])}
        raw = canonical_json(body)
        key_id, key = vault.signer()  # his own: the officer's seed is not his to unwrap
        key_db = vault.keys.database
    insider_sql(probant.home, key_db, "DROP TRIGGER evidence_no_update",
                "DROP TRIGGER manifests_no_update",
                f"UPDATE evidence SET sha256 = '{forged.sha256}', size = {forged.size},"
                f" blob_id = '{forged.blob_id}' WHERE id = '{genuine.id}'",
                f"UPDATE manifests SET body = '{raw.decode()}',"
                f" hash = '{hashlib.sha256(raw).hexdigest()}', key_id = '{key_id}',"
                f" signature = x'{key.sign(raw).hex()}' WHERE evidence_id = '{genuine.id}'")
    report = probant("verify", env=officer)
    assert report.code == 1
    problems = {(d["subject"], d["problem"]) for d in report.json["damages"]}
    assert (genuine.id, "signer_mismatch") in problems  # the clerk's key, the officer's item
    assert (clerk, "captured_without_role") in problems  # and a capture by a collaborateur


def test_a_second_commissaire_and_a_deactivated_one(probant: Probant, tmp_path: Path) -> None:
    """A commissaire added with their own key captures and verifies; once deactivated, their
    key neither opens the vault nor signs anything verify accepts."""
    from app import identity
    from evidence import users

    officer = {"PROBANT_AUTHENTICATOR": f"soft:{tmp_path / 'officer.json'}",
               "PROBANT_PIN": "1111"}
    second = {"PROBANT_AUTHENTICATOR": f"soft:{tmp_path / 'second.json'}", "PROBANT_PIN": "3333"}
    assert probant("init", "--name", "Maître Jeanne DUPONT", env=officer).code == 0
    with _open_as(probant.home, officer) as vault:
        other = users.add_user(vault, "Maître Luc BERNARD", "commissaire")
        users.enroll_slot(vault, other.id, identity.fido2_factor(
            second["PROBANT_AUTHENTICATOR"], FixedAnswers("3333"), "Clé de Luc",
            other.name)(other.id))
        constat = _constat(vault)
    with _open_as(probant.home, second) as vault:
        _capture(vault, constat, b"captured by the second officer")
        key_db = vault.keys.database
    assert probant("verify", env=officer).code == 0
    slots = vault_folder(probant.home) / "keyslots.json"
    before = slots.read_bytes()
    with _open_as(probant.home, officer) as vault:
        users.deactivate_user(vault, other.id)
    assert probant("dossier", "list", env=second).code == 3
    # His deactivation renewed the vault's key: the database key he had opens nothing now.
    with pytest.raises(sqlcipher3.DatabaseError):
        insider_sql(probant.home, key_db, f"UPDATE users SET active = 1 WHERE id = '{other.id}'")
    # An accomplice holding the current key reactivates him in SQL and his slot is put back
    # into the file: still refused (the key his slot gives is one epoch behind).
    with _open_as(probant.home, officer) as vault:
        key_now = vault.keys.database
    insider_sql(probant.home, key_now, f"UPDATE users SET active = 1 WHERE id = '{other.id}'")
    slots.write_bytes(before)
    refused = probant("dossier", "list", env=second)
    assert refused.code == 3 and refused.json["error"]["code"] == "vault_key_stale"


# -- point 4: a damaged database page ----------------------------------------------------

def test_a_damaged_page_of_one_table_gives_a_report_not_an_abort(vault_home: VaultHome) -> None:
    """One page of the manifests table spoilt on disk (its HMAC no longer verifies):
    verify still checks every piece's bytes, the journal and the anchors, and names the
    part it could not read, instead of stopping at the first unreadable query."""
    with vault_home.open() as vault:
        constat = _constat(vault)
        pieces = [_capture(vault, constat, f"piece {i} ".encode() * 500) for i in range(6)]
        key = vault.keys.database
    conn = sqlcipher3.connect(str(vault_home.home / "vault" / "vault.db"))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'manifests'").fetchone()[0]
    size = int(conn.execute("PRAGMA cipher_page_size").fetchone()[0])
    conn.close()
    with open(vault_home.home / "vault" / "vault.db", "r+b") as db:
        db.seek((page - 1) * size + size // 2)
        byte = db.read(1)
        db.seek(-1, os.SEEK_CUR)
        db.write(bytes([byte[0] ^ 0xFF]))
    with vault_home.open() as vault:
        report = verify_vault(vault)
    assert not report.ok
    unreadable = {d.area for d in report.damages if d.problem == "unreadable"}
    assert "manifests" in unreadable, report.damages  # the part it could not read, named
    # The rest was still checked, on a fresh connection: every piece's bytes re-read
    # (SQLCipher had kept the page's error on the first one: every later read failed).
    assert report.items_checked == len(pieces)
    assert report.bytes_checked == sum(p.size for p in pieces)
    assert not any(d.area == "evidence" for d in report.damages)  # the blobs are whole
