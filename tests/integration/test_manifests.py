"""Signed manifests: any altered field, a removed or reordered capture, a forged signature."""

from __future__ import annotations

import json
from pathlib import Path

import sqlcipher3

from evidence import dossiers, items
from evidence.canonical import canonical_json
from evidence.verify import verify_vault
from tests.fixtures.vault import VaultHome


def _setup(vault_home: VaultHome) -> tuple[str, list[items.EvidenceItem], bytes]:
    with vault_home.open() as vault:
        constat = dossiers.create_constat(
            vault, dossiers.create_dossier(vault, "D", "R").id, "M").id
        made = [items.add_evidence(vault, items.EvidenceRequest(
            constat, "screenshot", "captured", "image/webp",
            metadata={"geometry": {"left": 0, "top": 0, "width": 10, "height": 10}}),
            f"capture {i}".encode()) for i in range(3)]
        manifest = items.get_manifest(vault, made[0].id)
        assert manifest is not None and manifest.body["sha256"] == made[0].sha256
        assert verify_vault(vault).ok
        return constat, made, vault.keys.database


def _raw(vault_home: VaultHome, key: bytes) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(vault_home.home / "vault" / "vault.db"))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    for trigger in ("manifests_no_update", "manifests_no_delete", "evidence_no_delete"):
        conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    return conn


def _problems(vault_home: VaultHome) -> set[tuple[str, str]]:
    with vault_home.open() as vault:
        return {(d.subject, d.problem) for d in verify_vault(vault).damages}


def test_manifest_chain_links_each_capture_to_the_previous(vault_home: VaultHome) -> None:
    _, made, _ = _setup(vault_home)
    with vault_home.open() as vault:
        m = [items.get_manifest(vault, i.id) for i in made]
        assert m[1] is not None and m[0] is not None and m[1].body["prev"] == m[0].hash
        assert m[0].body["user"]["name"] == "Maître Jeanne DUPONT"
        assert m[0].body["captured"]["utc"] == made[0].captured_at


def test_altered_field_is_detected_even_with_a_recomputed_hash(vault_home: VaultHome) -> None:
    _, made, key = _setup(vault_home)
    conn = _raw(vault_home, key)
    body = json.loads(conn.execute("SELECT body FROM manifests WHERE evidence_id = ?",
                                   (made[1].id,)).fetchone()[0])
    body["captured"]["utc"] = "2020-01-01T00:00:00.000000Z"  # backdating
    raw = canonical_json(body)
    import hashlib

    conn.execute("UPDATE manifests SET body = ?, hash = ? WHERE evidence_id = ?",
                 (raw.decode(), hashlib.sha256(raw).hexdigest(), made[1].id))
    conn.commit()
    problems = _problems(vault_home)
    assert (made[1].id, "signature") in problems
    assert (made[2].id, "chain") in problems  # the next one no longer links


def test_removed_capture_breaks_the_chain(vault_home: VaultHome) -> None:
    _, made, key = _setup(vault_home)
    conn = _raw(vault_home, key)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM manifests WHERE evidence_id = ?", (made[1].id,))
    conn.execute("DELETE FROM evidence WHERE id = ?", (made[1].id,))
    conn.commit()
    assert (made[2].id, "chain") in _problems(vault_home)


def test_reordered_captures_are_detected(vault_home: VaultHome) -> None:
    _, made, key = _setup(vault_home)
    conn = _raw(vault_home, key)
    conn.execute("UPDATE manifests SET seq = 99 WHERE evidence_id = ?", (made[0].id,))
    conn.execute("UPDATE manifests SET seq = 1 WHERE evidence_id = ?", (made[2].id,))
    conn.execute("UPDATE manifests SET seq = 3 WHERE evidence_id = ?", (made[0].id,))
    conn.commit()
    assert any(problem == "chain" for _, problem in _problems(vault_home))


def test_content_swap_is_detected(vault_home: VaultHome, tmp_path: Path) -> None:
    _, made, key = _setup(vault_home)
    conn = _raw(vault_home, key)
    conn.execute("DROP TRIGGER evidence_no_update")
    conn.execute("UPDATE evidence SET sha256 = ?, size = ?, blob_id = ? WHERE id = ?",
                 (made[2].sha256, made[2].size, made[2].blob_id, made[0].id))
    conn.commit()
    assert (made[0].id, "content") in _problems(vault_home)
