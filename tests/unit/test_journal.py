"""Hash chain of the journal: any change, removal or reordering breaks it where it happened."""

from __future__ import annotations

from dataclasses import replace

from evidence.journal import JournalEntry, entry_body, entry_hash, genesis_hash, verify_chain

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
