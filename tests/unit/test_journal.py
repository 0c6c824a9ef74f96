"""Hash chain of the journal: any change, removal or reordering breaks it where it happened."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from evidence.canonical import canonical_json
from evidence.journal import (
    JournalEntry,
    details_sha256,
    entry_body,
    entry_hash,
    genesis_hash,
    verify_chain,
    verify_extract,
)

VAULT = "vlt_test"


def _chain(n: int) -> list[JournalEntry]:
    entries: list[JournalEntry] = []
    prev = genesis_hash(VAULT)
    for seq in range(1, n + 1):
        body = entry_body(seq, f"2026-01-01T00:00:0{seq}Z", "local", "usr_a", "act", f"s{seq}",
                          None, {"n": seq}, prev)
        digest = entry_hash(body)
        entries.append(JournalEntry(seq, body["at"], "local", "usr_a", "act", f"s{seq}", None,
                                    {"n": seq}, prev, digest))
        prev = digest
    return entries


def test_intact_chain_verifies() -> None:
    assert verify_chain(_chain(5), VAULT) == []


def test_altered_entry_is_named() -> None:
    entries = _chain(5)
    entries[2] = replace(entries[2], details={"n": 99})
    problems = verify_chain(entries, VAULT)
    assert [(p.seq, p.problem) for p in problems] == [(3, "hash")]


def test_removed_entry_is_detected() -> None:
    entries = _chain(5)
    del entries[1]
    problems = {(p.seq, p.problem) for p in verify_chain(entries, VAULT)}
    assert (3, "gap") in problems and (3, "link") in problems


def test_reordered_entries_are_detected() -> None:
    entries = _chain(4)
    entries[1], entries[2] = entries[2], entries[1]
    assert verify_chain(entries, VAULT)


def test_chain_of_another_vault_does_not_verify() -> None:
    assert verify_chain(_chain(2), "vlt_other")[0].problem == "link"


def test_format_1_entries_still_verify() -> None:
    prev, entries = genesis_hash(VAULT), []
    for seq in (1, 2):
        body = entry_body(seq, "2026-01-01T00:00:00Z", "local", "usr_a", "act", "s", None,
                          {"n": seq}, prev, v=1)
        entries.append(JournalEntry(seq, body["at"], "local", "usr_a", "act", "s", None,
                                    {"n": seq}, prev, entry_hash(body), v=1))
        prev = entries[-1].hash
    assert verify_chain(entries, VAULT) == []
    assert verify_chain([replace(entries[0], details={"n": 7}), entries[1]], VAULT)


def test_redacted_entry_hides_details_and_still_recomputes() -> None:
    entry = _chain(3)[1]
    shown = entry.redacted_json()
    assert "details" not in shown and shown["details_sha256"]
    claimed = shown.pop("hash")
    shown.pop("redacted")
    assert entry_hash(shown) == claimed
    shown["details_sha256"] = "0" * 64  # a forged summary no longer matches
    assert entry_hash(shown) != claimed


# Frozen entries: literal bodies and the hashes they had when their format was introduced
# (format 1 computed with evidence/journal.py at c096010, format 2 at 79c1f87, the commits
# that introduced them; today's code must still give the same bytes and hashes, or every
# journal already written would stop verifying). The canonical bytes are spelled out so that
# a change in canonical JSON (key order, separators, UTF-8, escaping) shows here.
FROZEN_GENESIS = "db44ed421f0cd8c988d25adf2ff422713cb212045aabc2730b4f01070d8d39c2"  # vlt_0001
FROZEN_V1_BYTES = (
    '{"action":"constat.create","at":"2026-03-02T09:15:00Z",'
    '"at_local":"2026-03-02T10:15:00+01:00","constat":"cst_01",'
    '"details":{"n°":1,"titre":"Constat d\'affichage — mairie"},'
    '"prev":"db44ed421f0cd8c988d25adf2ff422713cb212045aabc2730b4f01070d8d39c2",'
    '"seq":1,"subject":"cst_01","user":"usr_7f3a","v":1}').encode()
FROZEN_V1_HASH = "652ba057782157ca6a25d81cc5ad2b95e45dfe5336997430d14426474828fa28"
FROZEN_V2_DETAILS_SHA256 = "357cd11c0d46202e781ea36a2c5c5ad9c3a41d2d75205a574b4ada8a3eaae662"
FROZEN_V2_BYTES = (
    '{"action":"evidence.add","at":"2026-03-02T09:16:30Z",'
    '"at_local":"2026-03-02T10:16:30+01:00","constat":"cst_01",'
    f'"details_sha256":"{FROZEN_V2_DETAILS_SHA256}",'
    f'"prev":"{FROZEN_V1_HASH}",'
    '"seq":2,"subject":"evd_01","user":"usr_7f3a","v":2}').encode()
FROZEN_V2_HASH = "3e9bc8165b1684908b2eeb90d8fa4b61e1a13cd25ee8d8486ed0136636882791"


def _frozen_entries() -> list[JournalEntry]:
    return [
        JournalEntry(1, "2026-03-02T09:15:00Z", "2026-03-02T10:15:00+01:00", "usr_7f3a",
                     "constat.create", "cst_01", "cst_01",
                     {"titre": "Constat d'affichage — mairie", "n°": 1},
                     FROZEN_GENESIS, FROZEN_V1_HASH, v=1),
        JournalEntry(2, "2026-03-02T09:16:30Z", "2026-03-02T10:16:30+01:00", "usr_7f3a",
                     "evidence.add", "evd_01", "cst_01",
                     {"fichier": "capture_0001.png", "octets": 48213, "sha256": "ab" * 32},
                     FROZEN_V1_HASH, FROZEN_V2_HASH, v=2),
    ]


def test_frozen_entries_keep_their_bytes_and_hashes() -> None:
    assert genesis_hash("vlt_0001") == FROZEN_GENESIS
    v1, v2 = _frozen_entries()
    assert canonical_json(v1.body()) == FROZEN_V1_BYTES
    assert entry_hash(v1.body()) == FROZEN_V1_HASH == hashlib.sha256(FROZEN_V1_BYTES).hexdigest()
    assert details_sha256(v2.details) == FROZEN_V2_DETAILS_SHA256 == hashlib.sha256(
        b'{"fichier":"capture_0001.png","octets":48213,"sha256":"' + b"ab" * 32 + b'"}'
    ).hexdigest()
    assert canonical_json(v2.body()) == FROZEN_V2_BYTES
    assert entry_hash(v2.body()) == FROZEN_V2_HASH == hashlib.sha256(FROZEN_V2_BYTES).hexdigest()
    assert verify_chain([v1, v2], "vlt_0001") == []
    assert verify_extract([v1, v2]) == []
    shown = {k: v for k, v in v2.redacted_json().items() if k not in ("hash", "redacted")}
    assert entry_hash(shown) == FROZEN_V2_HASH
