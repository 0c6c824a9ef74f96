"""Versioned schema of the vault database. Append new migrations; never edit old ones.

Evidence and the journal are immutable: triggers abort every UPDATE or DELETE,
so no code path (ours or a bug) can change what was captured.
"""

from __future__ import annotations

MIGRATION_1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('commissaire', 'collaborateur')),
    office TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE dossiers (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    requester TEXT NOT NULL DEFAULT '',
    deadline TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id)
);

CREATE TABLE constats (
    id TEXT PRIMARY KEY,
    dossier_id TEXT NOT NULL REFERENCES dossiers(id),
    mission TEXT NOT NULL DEFAULT '',
    officer_id TEXT NOT NULL REFERENCES users(id),
    started_at TEXT NOT NULL,
    started_local TEXT NOT NULL,
    ended_at TEXT,
    ended_local TEXT,
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    created_by TEXT NOT NULL REFERENCES users(id)
);
CREATE INDEX constats_dossier ON constats(dossier_id);

CREATE TABLE evidence (
    id TEXT PRIMARY KEY,
    constat_id TEXT NOT NULL REFERENCES constats(id),
    annex_no INTEGER NOT NULL,
    part_no INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('captured', 'imported', 'generated')),
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    blob_id TEXT NOT NULL,
    mime TEXT NOT NULL DEFAULT 'application/octet-stream',
    filename TEXT NOT NULL DEFAULT '',
    captured_at TEXT NOT NULL,
    captured_local TEXT NOT NULL,
    monotonic_ns INTEGER NOT NULL,
    metadata TEXT NOT NULL DEFAULT '{}',
    simulated INTEGER NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL REFERENCES users(id),
    UNIQUE (constat_id, annex_no, part_no)
);
CREATE INDEX evidence_constat ON evidence(constat_id, annex_no, part_no);

CREATE TRIGGER evidence_no_update BEFORE UPDATE ON evidence
BEGIN SELECT RAISE(ABORT, 'evidence is immutable'); END;
CREATE TRIGGER evidence_no_delete BEFORE DELETE ON evidence
BEGIN SELECT RAISE(ABORT, 'evidence is immutable'); END;

CREATE TABLE journal (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    at_local TEXT NOT NULL,
    user_id TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    constat_id TEXT,
    details TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
CREATE INDEX journal_constat ON journal(constat_id, seq);

CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
"""

# Signed capture manifests (capture issue): the workstation's Ed25519 key, kept in the
# vault, signs one canonical manifest per evidence item, chained per constat.
MIGRATION_2 = """
CREATE TABLE workstation_keys (
    id TEXT PRIMARY KEY,
    public_key BLOB NOT NULL,
    private_key BLOB NOT NULL,
    created_at TEXT NOT NULL,
    hostname TEXT NOT NULL DEFAULT ''
);

CREATE TABLE manifests (
    evidence_id TEXT PRIMARY KEY REFERENCES evidence(id),
    constat_id TEXT NOT NULL REFERENCES constats(id),
    seq INTEGER NOT NULL,
    body TEXT NOT NULL,
    hash TEXT NOT NULL,
    key_id TEXT NOT NULL REFERENCES workstation_keys(id),
    signature BLOB NOT NULL,
    UNIQUE (constat_id, seq)
);

CREATE TRIGGER manifests_no_update BEFORE UPDATE ON manifests
BEGIN SELECT RAISE(ABORT, 'manifests are immutable'); END;
CREATE TRIGGER manifests_no_delete BEFORE DELETE ON manifests
BEGIN SELECT RAISE(ABORT, 'manifests are immutable'); END;
CREATE TRIGGER workstation_keys_no_update BEFORE UPDATE ON workstation_keys
BEGIN SELECT RAISE(ABORT, 'workstation keys are immutable'); END;
"""

# Trusted time (RFC 3161): the TSAs, the queue of what waits for a token (it survives
# restarts and crashes), and the tokens with each covered subject's inclusion proof.
# Tokens and leaves are immutable; the queue and the TSA list are working state.
MIGRATION_3 = """
CREATE TABLE tsa_authorities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    trust_pem TEXT NOT NULL,
    tsa_cert_pem TEXT,
    policy TEXT,
    position INTEGER NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL REFERENCES users(id)
);

CREATE TABLE timestamp_queue (
    subject_kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    constat_id TEXT,
    digest TEXT NOT NULL,
    queued_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_attempt_at TEXT,
    next_attempt_at TEXT,
    last_error TEXT,
    PRIMARY KEY (subject_kind, subject_id)
);

CREATE TABLE timestamp_tokens (
    id TEXT PRIMARY KEY,
    tsa_id TEXT NOT NULL REFERENCES tsa_authorities(id),
    tsa_name TEXT NOT NULL,
    root TEXT NOT NULL,
    leaf_count INTEGER NOT NULL,
    gen_time TEXT NOT NULL,
    serial TEXT NOT NULL,
    policy TEXT NOT NULL,
    tsa_subject TEXT NOT NULL,
    response BLOB NOT NULL,
    requested_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    skew_ms INTEGER NOT NULL,
    round_trip_ms INTEGER NOT NULL,
    revocation_checked INTEGER NOT NULL
);

CREATE TABLE timestamp_leaves (
    token_id TEXT NOT NULL REFERENCES timestamp_tokens(id),
    subject_kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    constat_id TEXT,
    digest TEXT NOT NULL,
    leaf_index INTEGER NOT NULL,
    proof BLOB NOT NULL, -- the RFC 6962 audit path: sibling hashes, 32 bytes each
    PRIMARY KEY (token_id, leaf_index)
);
CREATE INDEX timestamp_leaves_subject ON timestamp_leaves(subject_kind, subject_id);
CREATE INDEX timestamp_leaves_constat ON timestamp_leaves(constat_id);

CREATE TRIGGER timestamp_tokens_no_update BEFORE UPDATE ON timestamp_tokens
BEGIN SELECT RAISE(ABORT, 'timestamp tokens are immutable'); END;
CREATE TRIGGER timestamp_tokens_no_delete BEFORE DELETE ON timestamp_tokens
BEGIN SELECT RAISE(ABORT, 'timestamp tokens are immutable'); END;
CREATE TRIGGER timestamp_leaves_no_update BEFORE UPDATE ON timestamp_leaves
BEGIN SELECT RAISE(ABORT, 'timestamp proofs are immutable'); END;
CREATE TRIGGER timestamp_leaves_no_delete BEFORE DELETE ON timestamp_leaves
BEGIN SELECT RAISE(ABORT, 'timestamp proofs are immutable'); END;

-- Items captured before this migration wait for their first token like new ones.
INSERT INTO timestamp_queue (subject_kind, subject_id, constat_id, digest, queued_at)
    SELECT 'evidence', evidence_id, constat_id, hash, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    FROM manifests;
"""

# The officer's signing certificates (PV issue). A PKCS#12 file is kept here, inside the
# encrypted database, still protected by its own password; a PKCS#11 token is referenced.
MIGRATION_4 = """
CREATE TABLE signers (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('pkcs12', 'pkcs11')),
    pkcs12 BLOB,
    module TEXT,
    token_label TEXT,
    key_label TEXT,
    subject TEXT NOT NULL,
    certificate_sha256 TEXT NOT NULL,
    not_after TEXT NOT NULL,
    trust_pem TEXT NOT NULL, -- anchors the certificate chains to (root, intermediates)
    user_id TEXT NOT NULL REFERENCES users(id),
    added_at TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1
);
"""

# Journal format 2 (evidence bundle issue): an entry's hash commits to the SHA-256 of its
# details instead of the details themselves, so a bundle can show the entries of other
# matters as {header, details_sha256} (professional secrecy) and the chain still checks.
# Entries written before keep format 1.
MIGRATION_5 = """
ALTER TABLE journal ADD COLUMN v INTEGER NOT NULL DEFAULT 1;
"""

# Validation reports of signed PDFs (PV issue): kept, never changed, linked to the
# evidence item whose bytes were validated when there is one.
MIGRATION_6 = """
CREATE TABLE validation_reports (
    id TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    file_name TEXT NOT NULL,
    pdf_sha256 TEXT NOT NULL,
    evidence_id TEXT REFERENCES evidence(id),
    ok INTEGER NOT NULL,
    level TEXT,
    report TEXT NOT NULL
);
CREATE TRIGGER validation_reports_no_update BEFORE UPDATE ON validation_reports
BEGIN SELECT RAISE(ABORT, 'validation reports are immutable'); END;
CREATE TRIGGER validation_reports_no_delete BEFORE DELETE ON validation_reports
BEGIN SELECT RAISE(ABORT, 'validation reports are immutable'); END;
"""

# Timestamp batches (trusted-time issue): the leaves of a request are committed while the
# request travels, under a batch that the token, once validated, references. A batch with
# no token is a request that got no valid answer; its items stay queued, and the batch is
# discarded (or swept, after a crash): offline, every capture's flush would otherwise
# leave all the pending leaves behind again. Once a token references a batch, neither it
# nor its leaves can be deleted. Leaves move from
# their token to their batch (two TSAs answering the same batch share its leaves). Each
# token stored before this migration becomes its own batch, under its own id.
MIGRATION_7 = """
CREATE TABLE timestamp_batches (
    id TEXT PRIMARY KEY,
    root TEXT NOT NULL,
    leaf_count INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
INSERT INTO timestamp_batches (id, root, leaf_count, created_at)
    SELECT id, root, leaf_count, requested_at FROM timestamp_tokens;

CREATE TABLE timestamp_leaves_v7 (
    batch_id TEXT NOT NULL REFERENCES timestamp_batches(id),
    subject_kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    constat_id TEXT,
    digest TEXT NOT NULL,
    leaf_index INTEGER NOT NULL,
    proof BLOB NOT NULL, -- empty since Probant 0.6: paths are derived from the ordered leaves
    PRIMARY KEY (batch_id, leaf_index)
);
INSERT INTO timestamp_leaves_v7 (batch_id, subject_kind, subject_id, constat_id, digest,
                                 leaf_index, proof)
    SELECT token_id, subject_kind, subject_id, constat_id, digest, leaf_index, proof
    FROM timestamp_leaves;
DROP TABLE timestamp_leaves;
ALTER TABLE timestamp_leaves_v7 RENAME TO timestamp_leaves;
CREATE INDEX timestamp_leaves_subject ON timestamp_leaves(subject_kind, subject_id);
CREATE INDEX timestamp_leaves_constat ON timestamp_leaves(constat_id);

CREATE TABLE timestamp_tokens_v7 (
    id TEXT PRIMARY KEY,
    batch_id TEXT NOT NULL REFERENCES timestamp_batches(id),
    tsa_id TEXT NOT NULL REFERENCES tsa_authorities(id),
    tsa_name TEXT NOT NULL,
    root TEXT NOT NULL,
    leaf_count INTEGER NOT NULL,
    gen_time TEXT NOT NULL,
    serial TEXT NOT NULL,
    policy TEXT NOT NULL,
    tsa_subject TEXT NOT NULL,
    response BLOB NOT NULL,
    requested_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    skew_ms INTEGER NOT NULL,
    round_trip_ms INTEGER NOT NULL,
    revocation_checked INTEGER NOT NULL
);
INSERT INTO timestamp_tokens_v7 (id, batch_id, tsa_id, tsa_name, root, leaf_count, gen_time,
                                 serial, policy, tsa_subject, response, requested_at,
                                 received_at, skew_ms, round_trip_ms, revocation_checked)
    SELECT id, id, tsa_id, tsa_name, root, leaf_count, gen_time, serial, policy, tsa_subject,
           response, requested_at, received_at, skew_ms, round_trip_ms, revocation_checked
    FROM timestamp_tokens;
DROP TABLE timestamp_tokens;
ALTER TABLE timestamp_tokens_v7 RENAME TO timestamp_tokens;
CREATE INDEX timestamp_tokens_batch ON timestamp_tokens(batch_id);

CREATE TRIGGER timestamp_batches_no_update BEFORE UPDATE ON timestamp_batches
BEGIN SELECT RAISE(ABORT, 'timestamp batches are immutable'); END;
CREATE TRIGGER timestamp_batches_no_delete BEFORE DELETE ON timestamp_batches
WHEN EXISTS (SELECT 1 FROM timestamp_tokens WHERE batch_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'timestamp batches are immutable'); END;
CREATE TRIGGER timestamp_tokens_no_update BEFORE UPDATE ON timestamp_tokens
BEGIN SELECT RAISE(ABORT, 'timestamp tokens are immutable'); END;
CREATE TRIGGER timestamp_tokens_no_delete BEFORE DELETE ON timestamp_tokens
BEGIN SELECT RAISE(ABORT, 'timestamp tokens are immutable'); END;
CREATE TRIGGER timestamp_leaves_no_update BEFORE UPDATE ON timestamp_leaves
BEGIN SELECT RAISE(ABORT, 'timestamp proofs are immutable'); END;
CREATE TRIGGER timestamp_leaves_no_delete BEFORE DELETE ON timestamp_leaves
WHEN EXISTS (SELECT 1 FROM timestamp_tokens WHERE batch_id = OLD.batch_id)
BEGIN SELECT RAISE(ABORT, 'timestamp proofs are immutable'); END;
"""

# The constat workspace (F1 §2, D3 points 3 and 4): the étude's own file number on the
# dossier, the place of operations on the constat (empty for constats opened before:
# the PV's rules, not the database, decide what a missing place means), and what the
# officer writes about the evidence. A finding (« constatation ») per evidence item and a
# narrative per constat are versioned, never edited: a new version is a new row, the
# newest is the current one, and every version stays, as the journal says it was written.
# « Sans observation » is a finding of its own (no_observation = 1, no text).
MIGRATION_8 = """
ALTER TABLE dossiers ADD COLUMN reference TEXT NOT NULL DEFAULT '';
ALTER TABLE constats ADD COLUMN place TEXT NOT NULL DEFAULT '';

CREATE TABLE findings (
    evidence_id TEXT NOT NULL REFERENCES evidence(id),
    constat_id TEXT NOT NULL REFERENCES constats(id),
    version INTEGER NOT NULL CHECK (version >= 1),
    text TEXT NOT NULL,
    no_observation INTEGER NOT NULL DEFAULT 0 CHECK (no_observation IN (0, 1)),
    written_at TEXT NOT NULL,
    written_local TEXT NOT NULL,
    written_by TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (evidence_id, version),
    CHECK (no_observation = 0 OR text = '')
);
CREATE INDEX findings_constat ON findings(constat_id, evidence_id, version);

CREATE TABLE narratives (
    constat_id TEXT NOT NULL REFERENCES constats(id),
    version INTEGER NOT NULL CHECK (version >= 1),
    text TEXT NOT NULL,
    written_at TEXT NOT NULL,
    written_local TEXT NOT NULL,
    written_by TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (constat_id, version)
);

CREATE TRIGGER findings_no_update BEFORE UPDATE ON findings
BEGIN SELECT RAISE(ABORT, 'findings are immutable: write a new version'); END;
CREATE TRIGGER findings_no_delete BEFORE DELETE ON findings
BEGIN SELECT RAISE(ABORT, 'findings are immutable: write a new version'); END;
CREATE TRIGGER narratives_no_update BEFORE UPDATE ON narratives
BEGIN SELECT RAISE(ABORT, 'narratives are immutable: write a new version'); END;
CREATE TRIGGER narratives_no_delete BEFORE DELETE ON narratives
BEGIN SELECT RAISE(ABORT, 'narratives are immutable: write a new version'); END;
"""

# D3 point 5: a reservation (« réserve ») the officer writes on an NF Z67-147 point that
# failed or could not be determined; versioned like findings (the newest per point is the
# current one, every version stays). D3 point 1: the signing certificate itself (DER),
# kept with its signer so that the PV can name it (subject, issuer, serial, validity)
# and its quality without opening the key; NULL for signers added before.
MIGRATION_9 = """
ALTER TABLE signers ADD COLUMN certificate BLOB;

CREATE TABLE reservations (
    constat_id TEXT NOT NULL REFERENCES constats(id),
    point TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    text TEXT NOT NULL,
    written_at TEXT NOT NULL,
    written_local TEXT NOT NULL,
    written_by TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (constat_id, point, version)
);

CREATE TRIGGER reservations_no_update BEFORE UPDATE ON reservations
BEGIN SELECT RAISE(ABORT, 'reservations are immutable: write a new version'); END;
CREATE TRIGGER reservations_no_delete BEFORE DELETE ON reservations
BEGIN SELECT RAISE(ABORT, 'reservations are immutable: write a new version'); END;
"""

# Sync (issue 21): what each remote store confirmed it holds, one row per object, written
# right after the remote answered (a killed sync resumes without re-sending what is here).
# ``state``: sent; corrupt or missing when ``remote verify`` found it so (the next sync
# sends it again, as a new version where the remote keeps versions). ``local_id`` is the
# blob id for a blob. Working state, not evidence: rows change (verify, repair).
MIGRATION_10 = """
CREATE TABLE sync_objects (
    remote TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('blob', 'db', 'keyslots', 'head')),
    local_id TEXT NOT NULL DEFAULT '',
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('sent', 'corrupt', 'missing')),
    sent_at TEXT NOT NULL,
    checked_at TEXT,
    PRIMARY KEY (remote, name)
);
CREATE INDEX sync_objects_local ON sync_objects(remote, kind, local_id);
"""

# Issue 18 (S points 2-4): manifests are signed by the key of the slot that unlocked the
# vault (its seed wrapped by that slot's factor only); ``workstation_keys`` now lists those
# public keys too, with their user. The workstation key of before, readable by anyone
# holding the master key, loses its private half here: it still verifies what it signed,
# it can sign nothing new (verify refuses what it signs after this point). Triggers: a
# closed constat cannot change, be deleted or receive a capture or an import; a user is
# never deleted and their role changes only right after its journal entry (the journaled
# role change); signing keys are never changed or deleted. Someone holding the key can
# drop a trigger: verify checks the same facts from the journal and the signatures.
MIGRATION_11 = """
ALTER TABLE workstation_keys ADD COLUMN user_id TEXT NOT NULL DEFAULT '';
ALTER TABLE workstation_keys ADD COLUMN kind TEXT NOT NULL DEFAULT 'workstation'
    CHECK (kind IN ('workstation', 'slot'));
DROP TRIGGER workstation_keys_no_update;
UPDATE workstation_keys SET private_key = X'';
CREATE TRIGGER workstation_keys_no_update BEFORE UPDATE ON workstation_keys
BEGIN SELECT RAISE(ABORT, 'signing keys are immutable'); END;
CREATE TRIGGER workstation_keys_no_delete BEFORE DELETE ON workstation_keys
BEGIN SELECT RAISE(ABORT, 'signing keys are immutable'); END;
CREATE TRIGGER workstation_keys_public_only BEFORE INSERT ON workstation_keys
WHEN length(NEW.private_key) > 0
BEGIN SELECT RAISE(ABORT, 'no private key is kept in the database'); END;

CREATE TRIGGER constats_closed_immutable BEFORE UPDATE ON constats
WHEN OLD.status = 'closed'
BEGIN SELECT RAISE(ABORT, 'a closed constat is immutable'); END;
CREATE TRIGGER constats_no_delete BEFORE DELETE ON constats
BEGIN SELECT RAISE(ABORT, 'constats are never deleted'); END;
CREATE TRIGGER evidence_into_closed_constat BEFORE INSERT ON evidence
WHEN NEW.origin != 'generated'
     AND (SELECT status FROM constats WHERE id = NEW.constat_id) = 'closed'
BEGIN SELECT RAISE(ABORT, 'the constat is closed'); END;

-- Unlock asks the journal whether its slot was added or removed (by subject, by action):
-- an index, not a scan of every entry at every unlock.
CREATE INDEX journal_action_subject ON journal(action, subject);

CREATE TRIGGER users_no_delete BEFORE DELETE ON users
BEGIN SELECT RAISE(ABORT, 'users are never deleted'); END;
CREATE TRIGGER users_role_journaled BEFORE UPDATE OF role ON users
WHEN NEW.role IS NOT OLD.role AND NOT EXISTS (
    SELECT 1 FROM journal WHERE seq = (SELECT MAX(seq) FROM journal)
    AND action = 'user_role_changed' AND subject = NEW.id
    AND json_extract(details, '$.role') = NEW.role)
BEGIN SELECT RAISE(ABORT, 'a role changes only through its journaled role change'); END;
"""

# Issue 18 (S point 3): key epochs. Removing a key slot gives the vault a new master key
# (rotation.py); the master keys of the epochs before are kept here, inside the database
# encrypted under the newest one, so blobs written then still read and anchors written
# then still verify (up to ``until_seq``, the last journal entry of that epoch). Never
# deleted, never changed, except ``until_seq`` filled once when the epoch ends.
MIGRATION_12 = """
CREATE TABLE key_epochs (
    epoch INTEGER PRIMARY KEY CHECK (epoch >= 0),
    master BLOB NOT NULL CHECK (length(master) = 32),
    key_check TEXT NOT NULL,
    until_seq INTEGER,
    created_at TEXT NOT NULL
);
CREATE TRIGGER key_epochs_no_delete BEFORE DELETE ON key_epochs
BEGIN SELECT RAISE(ABORT, 'key epochs are never deleted'); END;
CREATE TRIGGER key_epochs_no_update BEFORE UPDATE ON key_epochs
WHEN NEW.epoch IS NOT OLD.epoch OR NEW.master IS NOT OLD.master
     OR NEW.key_check IS NOT OLD.key_check OR OLD.until_seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'key epochs are immutable'); END;
"""


# Sync (issue 21): the SHA-256 and size of each blob's encrypted file, recorded when the
# blob store writes it (it streams those bytes anyway): a push names the object from here
# instead of reading the whole file first, and still hashes what it sends against it (a
# file that no longer matches is refused, never sent under its good name). Blobs written
# before this version get their row at their first push. Working state, not evidence: a
# damaged blob replaced by an intact copy gets the new file's row. ``sync_objects`` gains
# the kind ``failures`` (the failed-unlock file, confirmed and verified like the others).
MIGRATION_13 = """
CREATE TABLE blob_files (
    blob_id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    size INTEGER NOT NULL CHECK (size >= 0),
    recorded_at TEXT NOT NULL
);

CREATE TABLE sync_objects_v13 (
    remote TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('blob', 'db', 'keyslots', 'head', 'failures')),
    local_id TEXT NOT NULL DEFAULT '',
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('sent', 'corrupt', 'missing')),
    sent_at TEXT NOT NULL,
    checked_at TEXT,
    PRIMARY KEY (remote, name)
);
INSERT INTO sync_objects_v13 SELECT remote, name, kind, local_id, size, sha256, state,
    sent_at, checked_at FROM sync_objects;
DROP TABLE sync_objects;
ALTER TABLE sync_objects_v13 RENAME TO sync_objects;
CREATE INDEX sync_objects_local ON sync_objects(remote, kind, local_id);
"""

# Sync (issue 21): the SHA-256 of each part of ``part_size`` bytes of the blob file
# (``part_sha256``: the 32-byte digests end to end, the last part shorter), computed as the
# file is written, next to its whole hash: a push sends each part of a multipart upload
# with its recorded checksum (the server checks the bytes against it) instead of hashing
# the file again, and a restore checks each part as it arrives, in parallel. Blobs written
# before this version have none (``part_size`` 0): the push and the restore hash them
# whole, as before.
MIGRATION_14 = """
ALTER TABLE blob_files ADD COLUMN part_size INTEGER NOT NULL DEFAULT 0
    CHECK (part_size >= 0);
ALTER TABLE blob_files ADD COLUMN part_sha256 BLOB NOT NULL DEFAULT x''
    CHECK (length(part_sha256) % 32 = 0);
"""

MIGRATIONS: tuple[str, ...] = (MIGRATION_1, MIGRATION_2, MIGRATION_3, MIGRATION_4,
                               MIGRATION_5, MIGRATION_6, MIGRATION_7, MIGRATION_8, MIGRATION_9,
                               MIGRATION_10, MIGRATION_11, MIGRATION_12, MIGRATION_13,
                               MIGRATION_14)
