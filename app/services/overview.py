"""What the desktop shows of an unlocked vault, read in one go on the vault's thread."""

from __future__ import annotations

from dataclasses import dataclass

from app.services.matters import constat_label
from app.services.users import TokenRow, token_rows
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
    rolled_back: str = ""  # an anchor says the vault is older: why (French), read-only
    dossier_list: tuple[Dossier, ...] = ()
    constat_list: tuple[Constat, ...] = ()
    office: str = ""  # the officer's étude, which heads the PV (the rule « etude »)


def overview(vault: Vault) -> VaultOverview:
    def count(table: str) -> int:
        return int(vault.db.query_one(f"SELECT count(*) FROM {table}")[0])

    constats = tuple(list_constats(vault))
    dossiers = tuple(list_dossiers(vault))
    choices = tuple((c.id, f"{constat_label(c)} ({c.status})") for c in constats)
    session = vault.session
    return VaultOverview(str(vault.folder.parent), vault.demo, session.simulated,
                         session.user.name, session.user.role, len(dossiers), len(constats),
                         count("evidence"), count("timestamp_queue"), choices, token_rows(vault),
                         session.user.address,
                         _rolled_back(vault),
                         dossiers, constats, session.user.office)


def _rolled_back(vault: Vault) -> str:
    alarm = vault.anchors.quarantine
    return "" if alarm is None else alarm.french()


@dataclass(frozen=True)
class EvidenceRow:
    """One item as the constat's evidence list shows it."""

    item: EvidenceItem
    timestamped: bool


FIRST_PAGE = 200  # what a screen shows, and then some: the rest follows at once


def evidence_rows(vault: Vault, constat_id: str, limit: int | None = None
                  ) -> tuple[EvidenceRow, ...]:
    """The constat's items in annex order, each with its trusted-time state; ``limit``:
    the first ones only, so that a constat of 10 000 items shows its first rows at once."""
    if limit is None:
        found = list_evidence(vault, constat_id)
    else:
        from evidence.model import evidence_from_row

        found = [evidence_from_row(r) for r in vault.db.query(
            "SELECT * FROM evidence WHERE constat_id = ? ORDER BY annex_no, part_no LIMIT ?",
            (constat_id, limit))]
    # Only the ids of what waits for its token (not the queue's whole rows): 10 000
    # pending items would otherwise cost more than the page itself.
    waiting = {r[0] for r in vault.db.query(
        "SELECT subject_id FROM timestamp_queue WHERE constat_id = ?", (constat_id,))}
    return tuple(EvidenceRow(i, i.id not in waiting) for i in found)
