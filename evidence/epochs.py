"""Key epochs of a vault (schema 12): which master key the database is under, and the
master keys of the epochs before it.

Epoch 0 is the vault's first master key. Each rotation (rotation.py) starts the next one.
The master keys of the epochs that ended are kept in ``key_epochs``, inside the database
now encrypted under the newest one: blobs written then still read (their header names
their epoch) and anchor records MACed then still verify — only up to ``until_seq``, the
last journal entry written under that epoch, so a removed slot that still knows an old
journal key cannot vouch for a head written after its removal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from evidence.crypto import VaultKeys

KEY_EPOCH = "key_epoch"  # meta: the epoch the database is encrypted under (absent: 0)
ROTATION = "key_rotation"  # meta: a rotation under way, the epoch it goes to


@dataclass(frozen=True, repr=False)
class Epochs:
    current: int
    masters: Mapping[int, bytes] = field(default_factory=dict)  # ended epochs
    until: Mapping[int, int] = field(default_factory=dict)  # their last journal seq
    recorded: int = 0  # meta's epoch (differs from ``current`` mid-rotation)
    pending: int | None = None  # meta's rotation under way

    def __repr__(self) -> str:
        return f"Epochs(current={self.current}, ended={sorted(self.masters)})"

    def keys(self, vault_id: str) -> dict[int, VaultKeys]:
        return {e: VaultKeys.from_master(m, vault_id, e) for e, m in self.masters.items()}

    def blob_keys(self, vault_id: str) -> dict[int, tuple[bytes, bytes]]:
        return {e: (k.blob_root, k.blob_id) for e, k in self.keys(vault_id).items()}

    def journal_keys(self, vault_id: str) -> list[tuple[bytes, int]]:
        """(journal MAC key, last seq it may vouch for) of each ended epoch."""
        return [(k.journal_mac, self.until[e]) for e, k in self.keys(vault_id).items()
                if e in self.until]


def meta_value(db: Any, key: str) -> str | None:
    row = db.query_one("SELECT value FROM meta WHERE key = ?", (key,))
    return None if row is None else str(row[0])


def load(db: Any, current: int) -> Epochs:
    """The epochs as the database records them; ``current``: the epoch of the key that
    opened it (the truth, whatever meta says while a rotation is under way)."""
    masters: dict[int, bytes] = {}
    until: dict[int, int] = {}
    if db.query_one("SELECT 1 FROM sqlite_master WHERE name = 'key_epochs'") is not None:
        for row in db.query("SELECT epoch, master, until_seq FROM key_epochs"):
            epoch = int(row[0])
            if epoch == current:
                continue
            masters[epoch] = bytes(row[1])
            if row[2] is not None:
                until[epoch] = int(row[2])
            else:  # a rotation cut short after the re-keying: nothing journaled since
                last = db.query_one("SELECT max(seq) FROM journal")
                until[epoch] = int(last[0] or 0) if last is not None else 0
    recorded = int(meta_value(db, KEY_EPOCH) or 0)
    pending = meta_value(db, ROTATION)
    return Epochs(current, masters, until, recorded, int(pending) if pending else None)
