"""Master-key rotation: removing a key slot gives the vault a new master key.

Without it a removed token, with an old copy of ``keyslots.json``, still unwraps the
master key, and with any later copy of the vault (a backup, a sync remote) reads what was
recorded after its removal. So a removal (a token, a deactivated user's slots) starts a
new **key epoch**: a fresh master key, sealed to each remaining slot's X25519 public key
(no token needs to be present), the database re-encrypted under it (``PRAGMA rekey``),
new blobs, anchors and the slot file's MAC under its sub-keys. The ending epoch's master
key is kept inside the database (table ``key_epochs``), now encrypted under the new one:
earlier blobs still read, earlier anchors still verify up to the epoch's last entry.

Crash safety. Each step is atomic (a file rename, a SQLite transaction — the rekey is
one), and between any two of them the vault opens with a remaining slot:

1. ``keyslots.json`` rewritten with every slot as it was plus, for each remaining slot,
   the new master key sealed to it and a marker ``rotation: {from, to}`` (MAC: old
   epoch). Killed here: the database is still under the old key, which every slot still
   reaches; the unlock drops the unused sealed keys. Nothing was removed.
2. One transaction under the old key: the removal journaled, the old master key kept in
   ``key_epochs``, ``meta.key_rotation`` = the new epoch. Killed here: the unlock (of a
   remaining slot, which opens its sealed key) finishes from step 3.
3. ``PRAGMA rekey`` (all pages rewritten in one transaction), then a checkpoint.
   Killed here: the slot's sealed key opens the database; the unlock finishes from 4.
4. ``keyslots.json`` without the removed slots, MACed under the new epoch.
5. One transaction under the new key: ``until_seq`` of the ended epoch, ``meta.key_epoch``,
   the rotation journaled (``key_rotated``). Then the anchors are rewritten under the
   new journal key.

The new master key is never written to the database before the database is under it
(a copy of the database taken mid-rotation tells the removed slot nothing new).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from evidence import epochs as epochs_mod
from evidence.clock import utc_now_iso
from evidence.crypto import KEY_BYTES, VaultKeys, key_check
from evidence.errors import BadInput
from evidence.keyslots import OpenedSlot, SlotRecord, seal_epoch

if TYPE_CHECKING:
    from evidence.vault import Vault

log = logging.getLogger(__name__)  # epochs and slot ids only, never a key

# Called with each step's name once it is durable (tests kill the process there).
STEP_HOOK: Callable[[str], None] | None = None


def _step(name: str) -> None:
    if STEP_HOOK is not None:
        STEP_HOOK(name)


class RotationNeedsUnlock(BadInput):
    """A remaining slot has no public key yet (sealed before schema 12): the new master
    key cannot be given to it without its factor. It gets one at its next unlock."""

    code = "rotation_needs_unlock"


def require_receivers(remaining: Sequence[SlotRecord], users: dict[str, str]) -> None:
    """Refuse before anything is written: a slot that could not receive the new key
    would be locked out of the vault by the rotation."""
    for slot in remaining:
        if not slot.can_receive:
            raise RotationNeedsUnlock(
                f"key slot « {slot.label} » ({slot.id}, {users.get(slot.user_id, slot.user_id)})"
                " must unlock the vault once before a key can be removed: the vault's new "
                "key cannot be given to it until then", slot=slot.id, label=slot.label,
                user=users.get(slot.user_id, slot.user_id))


def _user_names(vault: Vault) -> dict[str, str]:
    return {str(r[0]): str(r[1]) for r in vault.db.query("SELECT id, name FROM users")}


def rotate(vault: Vault, removed: Sequence[str],
           journal_removal: Callable[[Any, int], None]) -> int:
    """Remove the slots ``removed`` and start a new key epoch; ``journal_removal(conn,
    generation)`` writes the removal's own rows and journal entries (step 2). Returns the
    new epoch."""
    from evidence.anchors import VaultRolledBack
    from evidence.vault import set_slots_generation

    if vault.db.quarantine is not None:
        raise VaultRolledBack(f"writing refused: {vault.db.quarantine.english()}",
                              problem=vault.db.quarantine.state)
    slots = vault.slots.load()
    gone = set(removed)
    require_receivers([s for s in slots if s.id not in gone], _user_names(vault))
    old = vault.keys
    new = VaultKeys.from_master(os.urandom(KEY_BYTES), vault.id, old.epoch + 1)
    marker = {"from": old.epoch, "to": new.epoch, "removing": sorted(gone)}
    staged = [s if s.id in gone else seal_epoch(vault.id, s, new.master, new.epoch)
              for s in slots]
    generation = vault.slots.save(staged, rotation=marker)
    _step("staged")
    with vault.db.transaction() as conn:
        _keep_epoch(conn, old)
        conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                     (epochs_mod.ROTATION, str(new.epoch)))
        set_slots_generation(conn, generation)
        journal_removal(conn, generation)
    _step("journaled")
    _finish(vault, new, sorted(gone), resumed=False)
    return new.epoch


def _keep_epoch(conn: Any, keys: VaultKeys) -> None:
    conn.execute("INSERT OR IGNORE INTO key_epochs (epoch, master, key_check, created_at)"
                 " VALUES (?, ?, ?, ?)",
                 (keys.epoch, keys.master, key_check(keys.master), utc_now_iso()))


def _rekey(vault: Vault, keys: VaultKeys) -> None:
    """Every page re-encrypted under the new key in one SQLite transaction (a kill leaves
    the old database or the new one), then folded into the main file and the WAL emptied
    (no page under the old key left there)."""
    vault.db.conn.execute(f"PRAGMA rekey = \"x'{keys.database.hex()}'\"")
    vault.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _finish(vault: Vault, new: VaultKeys, removing: list[str], *, resumed: bool) -> None:
    from evidence.vault import _revoked_slots, db_head, set_slots_generation

    if vault.keys.epoch != new.epoch:
        vault.anchors.publisher.flush()  # the old epoch's last head written under its key
        _step("rekeying")
        _rekey(vault, new)
        _step("rekeyed")
    vault.install_keys(new, epochs_mod.load(vault.db, new.epoch))
    revoked = _revoked_slots(vault.db)
    kept = [s for s in vault.slots.load() if s.id not in revoked]
    generation = vault.slots.save(kept)  # MACed under the new epoch, no marker
    _step("slots_saved")
    ended = new.epoch - 1
    with vault.db.transaction() as conn:
        head = db_head(vault.db)
        conn.execute("UPDATE key_epochs SET until_seq = ? WHERE epoch = ? AND until_seq IS NULL",
                     (head.seq, ended))
        _keep_epoch(conn, new)
        conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                     (epochs_mod.KEY_EPOCH, str(new.epoch)))
        conn.execute("DELETE FROM meta WHERE key = ?", (epochs_mod.ROTATION,))
        set_slots_generation(conn, generation)
        vault.record(conn, "key_rotated", details={
            "from_epoch": ended, "epoch": new.epoch, "key_check": key_check(new.master),
            "removed": removing, "slots": [s.id for s in kept],
            "keyslots_generation": generation, **({"resumed": True} if resumed else {})})
    vault.install_keys(new, epochs_mod.load(vault.db, new.epoch))
    _step("recorded")
    vault.anchors.publisher.flush()  # the anchors now under the new journal key
    log.info("vault %s: key epoch %d -> %d (%d slot(s) kept)", vault.id, ended, new.epoch,
             len(kept))


def resume(vault: Vault, opened: OpenedSlot) -> dict[str, Any]:
    """A rotation a kill cut short, finished at the next writable unlock before anything
    else is written. Returns what the unlock entry says of it ({} when there was none)."""
    state = vault.epochs
    info = vault.slots.info()
    marker = info.rotation or {}
    removing = [str(s) for s in marker.get("removing", [])]
    if state.pending is None:
        if not marker and not any(s.sealed and int(s.sealed.get("epoch", 0)) > state.current
                                  for s in vault.slots.load()):
            return {}
        # Killed after step 1: the removal never happened; the sealed keys open nothing.
        slots = [replace(s, sealed={}) if s.sealed and int(s.sealed.get("epoch", 0))
                 > state.current else s for s in vault.slots.load()]
        from evidence.vault import set_slots_generation

        generation = vault.slots.save(slots)
        with vault.db.transaction() as conn:
            set_slots_generation(conn, generation)
        log.warning("vault %s: a key rotation to epoch %s was abandoned before its removal "
                    "was recorded", vault.id, marker.get("to"))
        return {"key_rotation_abandoned": marker.get("to"), "keyslots_generation": generation}
    if state.pending == state.current:  # killed after the rekey (3): finish from 4
        _finish(vault, vault.keys, removing, resumed=True)
        return {"key_rotation_resumed": state.current}
    # Killed before the rekey (after 2): the new key, sealed to this slot at step 1.
    if opened.newer is not None and opened.newer[0] == state.pending:
        new = VaultKeys.from_master(opened.newer[1], vault.id, state.pending)
    else:  # the slot file lost its sealed keys (replaced): seal a fresh key to each again
        new = VaultKeys.from_master(os.urandom(KEY_BYTES), vault.id, state.pending)
        from evidence.vault import _revoked_slots

        revoked = _revoked_slots(vault.db)
        slots = vault.slots.load()
        require_receivers([s for s in slots if s.id not in revoked], _user_names(vault))
        vault.slots.save([s if s.id in revoked else seal_epoch(vault.id, s, new.master,
                                                                new.epoch) for s in slots],
                         rotation={"from": state.current, "to": new.epoch,
                                   "removing": removing})
    _finish(vault, new, removing, resumed=True)
    return {"key_rotation_resumed": new.epoch}
