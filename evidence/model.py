"""Records of the vault: users, dossiers, constats, evidence items (frozen dataclasses)."""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

ROLES = ("commissaire", "collaborateur")
ORIGINS = ("captured", "imported", "generated")
_ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"


def new_id(prefix: str) -> str:
    return prefix + "_" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(10))


@dataclass(frozen=True)
class OfficerIdentity:
    """Who the officer is, as the PV states it (art. 648 CPC)."""

    name: str
    office: str = ""
    address: str = ""


@dataclass(frozen=True)
class User:
    id: str
    name: str
    role: str
    office: str
    address: str
    created_at: str
    active: bool

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Dossier:
    id: str
    title: str
    requester: str
    deadline: str | None
    created_at: str
    created_by: str
    reference: str = ""  # the étude's own file number (schema 8; empty before)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Constat:
    id: str
    dossier_id: str
    mission: str
    officer_id: str
    started_at: str
    started_local: str
    ended_at: str | None
    ended_local: str | None
    status: str
    created_by: str
    # Where the operations take place: the étude's workstation or a site address (schema 8;
    # empty before, and when not given: the PV's rules say what a missing place means).
    place: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class EvidenceItem:
    id: str
    constat_id: str
    annex_no: int
    part_no: int
    kind: str
    origin: str
    sha256: str
    size: int
    blob_id: str
    mime: str
    filename: str
    captured_at: str
    captured_local: str
    monotonic_ns: int
    metadata: Mapping[str, Any] = field(default_factory=dict)
    simulated: bool = False
    created_by: str = ""

    @property
    def annex_label(self) -> str:
        return f"{self.annex_no}" if self.part_no == 0 else f"{self.annex_no}.{self.part_no}"

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["metadata"] = dict(self.metadata)
        out.pop("blob_id")  # storage detail, not part of the evidence
        out["annex"] = self.annex_label
        return out


def user_from_row(row: Any) -> User:
    return User(row["id"], row["name"], row["role"], row["office"], row["address"],
                row["created_at"], bool(row["active"]))


def dossier_from_row(row: Any) -> Dossier:
    return Dossier(row["id"], row["title"], row["requester"], row["deadline"],
                   row["created_at"], row["created_by"], row["reference"])


def constat_from_row(row: Any) -> Constat:
    return Constat(row["id"], row["dossier_id"], row["mission"], row["officer_id"],
                   row["started_at"], row["started_local"], row["ended_at"], row["ended_local"],
                   row["status"], row["created_by"], row["place"])


def evidence_from_row(row: Any) -> EvidenceItem:
    return EvidenceItem(
        id=row["id"], constat_id=row["constat_id"], annex_no=int(row["annex_no"]),
        part_no=int(row["part_no"]), kind=row["kind"], origin=row["origin"],
        sha256=row["sha256"], size=int(row["size"]), blob_id=row["blob_id"], mime=row["mime"],
        filename=row["filename"], captured_at=row["captured_at"],
        captured_local=row["captured_local"], monotonic_ns=int(row["monotonic_ns"]),
        metadata=json.loads(row["metadata"]), simulated=bool(row["simulated"]),
        created_by=row["created_by"],
    )
