"""How tests/data/schema_v<N>.db were made (once; they are committed and never rebuilt).

Each file is a vault database as Probant left it at schema version N, written by the
code of the commit that introduced version N: that commit's evidence/ package (db.py,
schema.py, journal.py, ...) is extracted with `git archive` and run in a child process,
so today's MIGRATIONS play no part in the file. The rows (a user, a dossier, a constat, an
evidence item and its journal entry, and from each version on what it added: a manifest,
a TSA with a token and its leaves, a signer, a validation report) are fixed below.

    .venv/bin/python tests/data/build_schema_dbs.py     # rewrites tests/data/schema_v*.db
    .venv/bin/python tests/data/build_schema_dbs.py 7   # only schema_v7.db

Rebuilding gives equivalent files, not identical bytes (SQLCipher salts each file).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

# The commit that introduced each schema version (git log -- evidence/schema.py).
COMMITS = {1: "c096010", 2: "32183e0", 3: "d2a7d19", 4: "a53174a", 5: "79c1f87", 6: "7a7dcc5",
           7: "d9d539d", 8: "7399e17", 9: "ee50fc3", 10: "a7ca8e9", 11: "47e717d",
           12: "fe77594", 13: "59c5228"}
KEY_HEX = "5072" * 16  # the test key of these files (32 bytes), also in test_schema_migrations
VAULT_ID = "vlt_frozen"

CHILD = r'''
import sys
from pathlib import Path
from evidence import journal
from evidence.clock import TimeReading
from evidence.db import Database

out, version = Path(sys.argv[1]), int(sys.argv[2])
db = Database(out, bytes.fromhex(sys.argv[3]), create=True)
assert db.migrate() == version, "this commit is not at the expected schema version"
at, local = "2026-01-05T08:30:00.000000Z", "2026-01-05T09:30:00.000000+01:00"
with db.transaction() as c:
    c.execute("INSERT INTO meta VALUES ('vault_id', ?)", (sys.argv[4],))
    c.execute("INSERT INTO users VALUES ('usr_1', 'Maître Dupont', 'commissaire', 'Étude',"
              " '1 rue de la Paix', ?, 1)", (at,))
    # Columns named: later versions append columns (8: reference, place) with defaults.
    c.execute("INSERT INTO dossiers (id, title, requester, deadline, created_at, created_by)"
              " VALUES ('dos_1', 'Affichage', 'SCI Martin', NULL, ?, 'usr_1')", (at,))
    c.execute("INSERT INTO constats (id, dossier_id, mission, officer_id, started_at,"
              " started_local, ended_at, ended_local, status, created_by) VALUES ('cst_1',"
              " 'dos_1', 'Constat d''affichage', 'usr_1', ?, ?, NULL, NULL, 'open', 'usr_1')",
              (at, local))
    c.execute("INSERT INTO evidence VALUES ('evd_1', 'cst_1', 1, 0, 'screenshot', 'captured',"
              " ?, 5, 'blb_1', 'image/png', 'capture.png', ?, ?, 123, '{}', 0, 'usr_1')",
              ("ab" * 32, at, local))
    journal.append(c, sys.argv[4], "usr_1", "evidence.add", subject="evd_1", constat_id="cst_1",
                   details={"annexe": 1, "fichier": "capture.png"},
                   when=TimeReading(at, local, 123))
    if version >= 11:  # no private half kept any more (a trigger refuses one)
        c.execute("INSERT INTO workstation_keys (id, public_key, private_key, created_at,"
                  " hostname) VALUES ('wsk_1', x'01', x'', ?, 'poste')", (at,))
    elif version >= 2:
        c.execute("INSERT INTO workstation_keys VALUES ('wsk_1', x'01', x'02', ?, 'poste')",
                  (at,))
        c.execute("INSERT INTO manifests VALUES ('evd_1', 'cst_1', 1, '{}', ?, 'wsk_1', x'03')",
                  ("cd" * 32,))
    if version >= 3:
        c.execute("INSERT INTO tsa_authorities (id, name, url, trust_pem, position, added_at,"
                  " added_by) VALUES ('tsa_1', 'TSA', 'http://tsa.test', 'pem', 1, ?, 'usr_1')",
                  (at,))
        for token, count in (("tst_1", 3), ("tst_2", 1)):
            if version >= 7:  # a token references its batch (here: one batch per token)
                c.execute("INSERT INTO timestamp_batches VALUES (?, ?, ?, ?)",
                          (token, "ee" * 32, count, at))
                c.execute("INSERT INTO timestamp_tokens VALUES (?, ?, 'tsa_1', 'TSA', ?, ?, ?,"
                          " '7', '1.2.3', 'CN=TSA', x'3000', ?, ?, 0, 40, 1)",
                          (token, token, "ee" * 32, count, at, at, at))
            else:
                c.execute("INSERT INTO timestamp_tokens VALUES (?, 'tsa_1', 'TSA', ?, ?, ?, '7',"
                          " '1.2.3', 'CN=TSA', x'3000', ?, ?, 0, 40, 1)",
                          (token, "ee" * 32, count, at, at, at))
            for i in range(count):
                c.execute("INSERT INTO timestamp_leaves VALUES (?, 'evidence', ?, 'cst_1', ?,"
                          " ?, x'')", (token, f"evd_{token}_{i}", "dd" * 32, i))
    if version >= 4:
        # Columns named: 9 appends the certificate column.
        c.execute("INSERT INTO signers (id, label, kind, pkcs12, module, token_label,"
                  " key_label, subject, certificate_sha256, not_after, trust_pem, user_id,"
                  " added_at, active) VALUES ('sgn_1', 'Clé', 'pkcs12', x'30', NULL, NULL,"
                  " NULL, 'CN=Dupont', ?, '2030-01-01T00:00:00Z', 'pem', 'usr_1', ?, 1)",
                  ("ff" * 32, at))
    if version >= 6:
        c.execute("INSERT INTO validation_reports VALUES ('val_1', ?, 'usr_1', 'pv.pdf', ?,"
                  " NULL, 1, 'B-LTA', '{}')", (at, "aa" * 32))
    if version >= 8:
        c.execute("UPDATE constats SET place = 'en l''étude' WHERE id = 'cst_1'")
        c.execute("INSERT INTO findings VALUES ('evd_1', 'cst_1', 1, 'vu', 0, ?, ?, 'usr_1')",
                  (at, local))
        c.execute("INSERT INTO narratives VALUES ('cst_1', 1, 'récit', ?, ?, 'usr_1')",
                  (at, local))
    if version >= 9:
        c.execute("INSERT INTO reservations VALUES ('cst_1', 'public_ip', 1, 'hors ligne', ?,"
                  " ?, 'usr_1')", (at, local))
    if version >= 10:
        c.execute("INSERT INTO sync_objects VALUES ('s3', 'blobs/blb_1', 'blob', 'blb_1', 5,"
                  " ?, 'sent', ?, NULL)", ("ab" * 32, at))
    if version >= 13:  # the blob file's hash, recorded when it was written
        c.execute("INSERT INTO blob_files VALUES ('blb_1', ?, 5, ?)", ("cd" * 32, at))
db.close()
'''


def build(version: int, commit: str, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "evidence"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        out.unlink(missing_ok=True)
        subprocess.run([sys.executable, "-c", CHILD, str(out), str(version), KEY_HEX, VAULT_ID],
                       cwd=tmp, env={"PYTHONPATH": tmp, "PATH": "/usr/bin:/bin"}, check=True)


if __name__ == "__main__":
    # A version number as argument builds only that file (the others stay frozen).
    chosen = {int(a) for a in sys.argv[1:]} or set(COMMITS)
    for version, commit in COMMITS.items():
        if version not in chosen:
            continue
        build(version, commit, HERE / f"schema_v{version}.db")
        print(f"schema_v{version}.db from {commit}")
