"""Sync use cases: remote stores (define, test, verify), push, restore (docs/sync.md)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.services import remotes
from app.services.remotes import S3Credentials
from evidence.errors import ProbantError, RemoteServiceFailed
from evidence.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, no_progress
from evidence.sync import config, engine
from evidence.sync.config import RemoteConfig
from evidence.sync.engine import SyncResult, VerifyResult
from evidence.sync.promotion import PromotionResult
from evidence.sync.remote import Capabilities
from evidence.sync.replica import PullResult
from evidence.sync.restore import RestoreResult
from evidence.vault import Vault
from signing.legal_time import french_time

__all__ = ["RemoteConfig", "RemoteRow", "S3Credentials", "SyncReport", "SyncStatus", "remote_rows", "status",
           "add_remote", "list_remotes",
           "test_remote", "verify_remote", "sync", "pull", "restore", "pending_count",
           "PromotionReport", "promote", "restored_copy"]


@dataclass(frozen=True)
class SyncReport:
    results: tuple[SyncResult, ...]
    failures: tuple[tuple[str, ProbantError], ...]  # remote name, what failed (queue kept)

    def to_json(self) -> dict[str, Any]:
        return {"remotes": [r.to_json() for r in self.results],
                "failed": [{"remote": n, "code": e.code, "detail": e.detail}
                           for n, e in self.failures]}


@dataclass(frozen=True)
class SyncStatus:
    """What the window's status bar says of the remote stores."""

    remotes: int  # how many are defined (0: nothing to sync)
    pending: int  # blobs not yet confirmed by every remote (counted per remote)


@dataclass(frozen=True)
class RemoteRow:
    """One remote store as the window's sync panel shows it."""

    name: str
    where: str
    pending: int  # blobs this remote has not confirmed
    last_synced: str  # local time of the last complete round ("" if never)
    last_error: str  # the error code of a failed round after it ("" if none)


def remote_rows(vault: Vault, home: Path) -> tuple[RemoteRow, ...]:
    """Each remote: what waits, the last round that went through, the error since."""
    rows = []
    for remote in config.load(home):
        done = vault.db.query_one(
            "SELECT seq, at FROM journal WHERE action = 'remote_synced' AND subject = ?"
            " ORDER BY seq DESC LIMIT 1", (remote.name,))
        failed = vault.db.query_one(
            "SELECT details FROM journal WHERE action = 'remote_sync_failed' AND subject = ?"
            " AND seq > ? ORDER BY seq DESC LIMIT 1", (remote.name, done[0] if done else 0))
        error = str(json.loads(failed[0]).get("error", "")) if failed else ""
        rows.append(RemoteRow(remote.name, remote.where(), pending_count(vault, remote.name),
                              french_time(str(done[1])) if done else "", error))
    return tuple(rows)


def status(vault: Vault, home: Path) -> SyncStatus:
    chosen = config.load(home)
    return SyncStatus(len(chosen), sum(pending_count(vault, r.name) for r in chosen))


def add_remote(home: Path, remote: RemoteConfig, credentials: S3Credentials | None = None,
               vault: Vault | None = None) -> RemoteConfig:
    """See app.services.remotes.define: checked, credentials to the keyring, journaled."""
    return remotes.define(home, remote, credentials, vault)


def list_remotes(home: Path) -> list[RemoteConfig]:
    return config.load(home)


def test_remote(home: Path, name: str) -> Capabilities:
    return config.open_remote(config.get(home, name)).test()


def pending_count(vault: Vault, name: str) -> int:
    return len(engine.pending_blobs(vault, name))


def verify_remote(vault: Vault, home: Path, name: str, *, deep: bool = False,
                  max_rate: int | None = None, progress: ProgressCallback = no_progress,
                  cancel: CancelToken = NEVER_CANCELLED) -> VerifyResult:
    """``deep`` reads every object back, at ``max_rate`` (bytes/s; the remote's own limit
    when None, 0: unlimited)."""
    chosen = config.get(home, name)
    remote = config.open_remote(chosen)
    return engine.verify(vault, remote, deep=deep, progress=progress, cancel=cancel,
                         max_rate=chosen.max_rate if max_rate is None else max_rate)


def sync(vault: Vault, home: Path, names: Sequence[str] = (), *, max_rate: int | None = None,
         progress: ProgressCallback = no_progress,
         cancel: CancelToken = NEVER_CANCELLED) -> SyncReport:
    """Each remote named (all when none) in turn; one that fails keeps its queue and does
    not stop the others. The caller raises the first failure once all were tried.
    ``max_rate`` (bytes/s) overrides each remote's own limit; 0 lifts it."""
    chosen = [config.get(home, n) for n in names] if names else config.load(home)
    if not chosen:
        config.get(home, None)  # raises RemoteUnknown: none defined
    results: list[SyncResult] = []
    failures: list[tuple[str, ProbantError]] = []
    for remote_config in chosen:
        try:
            remote = config.open_remote(remote_config)
            rate = remote_config.max_rate if max_rate is None else max_rate
            results.append(engine.push(vault, remote, max_rate=rate, progress=progress,
                                       cancel=cancel))
        except RemoteServiceFailed as exc:
            failures.append((remote_config.name, exc))
    return SyncReport(tuple(results), tuple(failures))


def restore(home: Path, name: str, *, vault_id: str | None = None,
            max_rate: int | None = None, progress: ProgressCallback = no_progress,
            cancel: CancelToken = NEVER_CANCELLED) -> RestoreResult:
    chosen = config.get(home, name)
    remote = config.open_remote(chosen)
    from evidence.sync import restore as restoring

    return restoring.restore(home, remote, vault_id=vault_id, progress=progress, cancel=cancel,
                          max_rate=chosen.max_rate if max_rate is None else max_rate)


def pull(vault: Vault, home: Path, name: str | None = None, *, max_rate: int | None = None,
         progress: ProgressCallback = no_progress,
         cancel: CancelToken = NEVER_CANCELLED) -> PullResult:
    """Bring a restored copy to the origin's newest head (the remote it was restored from
    unless one is named), at ``max_rate`` bytes/s (the remote's own limit when None)."""
    from evidence.sync import replica

    if name is None:
        state = replica.read_state(vault.folder)
        name = state.remote if state is not None else None
    chosen = config.get(home, name)
    return replica.pull(vault, config.open_remote(chosen), progress=progress, cancel=cancel,
                        max_rate=chosen.max_rate if max_rate is None else max_rate)


@dataclass(frozen=True)
class PromotionReport:
    promotion: PromotionResult
    pushed: SyncResult | None  # the first sync as origin; None when it failed
    push_error: ProbantError | None  # why (the promotion stands; the queue is kept)

    def to_json(self) -> dict[str, Any]:
        return {**self.promotion.to_json(),
                "pushed": self.pushed.to_json() if self.pushed else None,
                "push_error": {"code": self.push_error.code, "detail": self.push_error.detail}
                if self.push_error else None}


def promote(vault: Vault, home: Path, name: str | None = None, *,
            progress: ProgressCallback = no_progress,
            cancel: CancelToken = NEVER_CANCELLED) -> PromotionReport:
    """This restored copy becomes the vault's origin (evidence/sync/promotion.py), then
    syncs to that remote at once, so that the remote names it as the origin: the former
    origin's next sync is refused from then on. A sync that fails leaves the promotion
    standing and its queue for the next round."""
    from evidence.sync import promotion, replica

    if name is None:
        state = replica.read_state(vault.folder)
        name = state.remote if state is not None else None
    remote = config.open_remote(config.get(home, name))
    promoted = promotion.promote(vault, remote)
    try:
        return PromotionReport(promoted, engine.push(vault, remote, progress=progress,
                                                     cancel=cancel), None)
    except RemoteServiceFailed as exc:
        return PromotionReport(promoted, None, exc)


def restored_copy(vault: Vault) -> Any:
    """This vault's copy state (evidence.sync.replica.ReplicaState: the remote it was
    restored from, its workstation, the origin's head it was brought to), None for the
    origin: the sync panel offers the pull and the promotion only to a copy."""
    from evidence.sync import replica

    return replica.read_state(vault.folder)
