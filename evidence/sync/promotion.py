"""A restored copy becomes the vault's origin: the first workstation is lost or retired.

A replica writes its head records under its own workstation's folder, so a later restore
never sees its work, and it may not make evidence that a pull would hide. When the origin
workstation is gone (stolen, broken, replaced), the officer promotes a restored copy:

- only the officer (role ``commissaire``), only with ``--confirm``, only a copy brought to
  the origin's newest head on that remote (a copy behind it would drop the origin's later
  work: ``sync --pull`` first; a copy whose journal is not the origin's is a fork);
- ``origin_promoted`` is journaled first (remote, workstation, the origin's head it takes
  over), then ``replica.json`` is set aside as ``promoted-<workstation>.json`` (kept: it
  says where the copy came from). A crash between the two is finished by running the
  promotion again;
- from then on the copy writes the origin's head records, which extend the former origin's
  journal: a restore gets the promoted copy's work, the remote anchors its head.

Two workstations writing as origin is refused on both sides: before any origin head is
written (:func:`check_origin_line`), the remote's newest origin head must be one this
vault's journal holds. The former origin, back online, is refused (its journal does not
hold the promoted copy's entries), and so is a promoted copy whose former origin wrote
after the promotion.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

from evidence import anchors
from evidence.anchors import AnchorRecord
from evidence.atomic import fsync_dir
from evidence.errors import BadInput, IntegrityError
from evidence.sync import engine, replica, restore
from evidence.sync.errors import OriginSuperseded, PromotionRefused, RemoteEmpty
from evidence.sync.remote import Remote

PROMOTED = "promoted-{workstation}.json"


@dataclass(frozen=True)
class PromotionResult:
    remote: str
    workstation: str
    base_seq: int  # the former origin's newest head, taken over
    former_head: str  # its head record on the remote
    finished: bool  # True: a promotion cut short was completed, not started again

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def promote(vault: Any, remote: Remote) -> PromotionResult:
    """Make this restored copy the vault's origin (see the module doc)."""
    state = replica.read_state(vault.folder)
    if state is None:
        raise BadInput("this vault is already the origin (it was not restored from a "
                       "remote): nothing to promote", problem="origin")
    vault.require_role("commissaire", action="promote")
    if vault.read_only:
        raise IntegrityError("the vault is read-only (an anchor alarm): no promotion",
                             problem="read_only")
    if remote.name != state.remote:
        raise BadInput(f"this copy was restored from {state.remote}, not {remote.name}: "
                       "promote it on that remote", problem="other_remote")
    state = replica.recover(vault, state)
    done = _journaled(vault, state.workstation)
    if done is not None:
        _set_aside(vault, state.workstation)
        return PromotionResult(remote.name, state.workstation, int(done["base_seq"]),
                               str(done["former_head"]), True)
    head_name, record = _origin_head(vault, remote)
    if (record.seq, record.hash) != (state.base_seq, state.base_hash):
        if record.seq > state.base_seq:
            raise PromotionRefused(
                f"the origin wrote after this copy was last brought up to date (journal "
                f"{record.seq} on {remote.name}, {state.base_seq} here): bring it up to date "
                "(sync --pull) first, or the origin's later work would be left out",
                remote=remote.name, origin_seq=record.seq, copy_seq=state.base_seq)
        raise IntegrityError(f"{remote.name}: the origin's newest head ({record.seq}) is "
                             f"older than this copy's ({state.base_seq}): rollback of the "
                             "remote?", problem="rollback")
    if replica.hash_at(vault, state.base_seq) != state.base_hash:
        raise IntegrityError(f"this copy's journal at {state.base_seq} is not the origin's",
                             problem="fork")
    vault.log("origin_promoted", subject=remote.name, details={
        "workstation": state.workstation, "base_seq": state.base_seq,
        "base_hash": state.base_hash, "former_head": head_name})
    _set_aside(vault, state.workstation)
    return PromotionResult(remote.name, state.workstation, state.base_seq, head_name, False)


def check_origin_line(vault: Any, remote: Remote) -> None:
    """Before an origin head record is written: the remote's newest one must be in this
    vault's journal (its own earlier sync, or the head a promoted copy took over).
    Otherwise another workstation writes as this vault's origin; nothing is written."""
    heads = engine.heads_on(remote, vault.id)
    if not heads:
        return
    record = json.loads(restore.fetch(remote, heads[-1][1], None))["anchor"]
    seq, digest = int(record["seq"]), str(record["hash"])
    if replica.hash_at(vault, seq) != digest:
        raise OriginSuperseded(
            f"{remote.name}: its newest origin head ({heads[-1][1]}, journal {seq}) is not in "
            "this vault's journal: another workstation writes as this vault's origin (a "
            "restored copy promoted?); no head record was written",
            remote=remote.name, head=heads[-1][1], seq=seq)


def _origin_head(vault: Any, remote: Remote) -> tuple[str, AnchorRecord]:
    heads = engine.heads_on(remote, vault.id)
    if not heads:
        raise RemoteEmpty(f"{remote.name} holds no head of vault {vault.id}",
                          remote=remote.name)
    name = heads[-1][1]
    record = AnchorRecord.from_text(json.dumps(
        json.loads(restore.fetch(remote, name, None))["anchor"]))
    if not anchors.record_verifies(vault.keys.journal_mac, vault.id, record):
        raise IntegrityError(f"{name}: its journal anchor does not verify under this "
                             "vault's key", problem="remote_head")
    return name, record


def _journaled(vault: Any, workstation: str) -> dict[str, Any] | None:
    """The ``origin_promoted`` entry of this workstation, if a promotion got that far."""
    for (details,) in vault.db.query(
            "SELECT details FROM journal WHERE action = 'origin_promoted' ORDER BY seq DESC"):
        found: dict[str, Any] = json.loads(details)
        if found.get("workstation") == workstation:
            return found
    return None


def _set_aside(vault: Any, workstation: str) -> None:
    os.replace(vault.folder / replica.FILE,
               vault.folder / PROMOTED.format(workstation=workstation))
    fsync_dir(vault.folder)
