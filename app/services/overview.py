"""What the desktop shows of an unlocked vault, read in one go on the vault's thread."""

from __future__ import annotations

from dataclasses import dataclass

from app.services.matters import constat_label
from app.services.users import TokenRow, token_rows
from evidence import timestamps as ts
from evidence.dossiers import list_constats
from evidence.vault import Vault


@dataclass(frozen=True)
class VaultOverview:
    home: str
    demo: bool
    simulated_authenticator: bool
    officer: str
    role: str
    dossiers: int
    constats: int
    evidence: int
    pending_timestamps: int
    constat_choices: tuple[tuple[str, str], ...]  # (id, label with status)
    tokens: tuple[TokenRow, ...]


def overview(vault: Vault) -> VaultOverview:
    def count(table: str) -> int:
        return int(vault.db.query_one(f"SELECT count(*) FROM {table}")[0])

    choices = tuple((c.id, f"{constat_label(c)} ({c.status})") for c in list_constats(vault))
    session = vault.session
    return VaultOverview(str(vault.folder.parent), vault.demo, session.simulated,
                         session.user.name, session.user.role, count("dossiers"),
                         count("constats"), count("evidence"), len(ts.pending(vault)),
                         choices, token_rows(vault))
