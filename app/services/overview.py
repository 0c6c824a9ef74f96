"""What the desktop shows of an unlocked vault, read in one go on the vault's thread."""

from __future__ import annotations

from dataclasses import dataclass

from app.services.matters import constat_label
from app.services.users import TokenRow, token_rows
from evidence import timestamps as ts
from evidence.dossiers import list_constats, list_dossiers
from evidence.items import list_evidence
from evidence.model import Constat, Dossier, EvidenceItem
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
    address: str = ""  # the officer's étude: the default place of operations
    dossier_list: tuple[Dossier, ...] = ()
    constat_list: tuple[Constat, ...] = ()


def overview(vault: Vault) -> VaultOverview:
    def count(table: str) -> int:
        return int(vault.db.query_one(f"SELECT count(*) FROM {table}")[0])

    constats = tuple(list_constats(vault))
    dossiers = tuple(list_dossiers(vault))
    choices = tuple((c.id, f"{constat_label(c)} ({c.status})") for c in constats)
    session = vault.session
    return VaultOverview(str(vault.folder.parent), vault.demo, session.simulated,
                         session.user.name, session.user.role, len(dossiers), len(constats),
                         count("evidence"), len(ts.pending(vault)), choices, token_rows(vault),
                         session.user.address, dossiers, constats)


@dataclass(frozen=True)
class EvidenceRow:
    """One item as the constat's evidence list shows it."""

    item: EvidenceItem
    timestamped: bool


def evidence_rows(vault: Vault, constat_id: str) -> tuple[EvidenceRow, ...]:
    """The constat's items in annex order, each with its trusted-time state."""
    waiting = {p.subject_id for p in ts.pending(vault, constat_id=constat_id)}
    return tuple(EvidenceRow(i, i.id not in waiting) for i in list_evidence(vault, constat_id))
