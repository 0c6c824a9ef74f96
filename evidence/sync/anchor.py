"""The remote stores as anchors of the journal head (S point 1 (c), E).

Each sync leaves a head record on the remote (``<vault>/heads/…``) holding the MACed
anchor record of the snapshot it sent. At unlock and in ``verify`` the newest of them is
one more anchor: a home restored from an old copy, or a database put back, is then older
than what the étude's remote store holds — a rollback, said as for the head file and the
keyring. Read on a thread with a bound (a remote that does not answer is « unavailable »,
never a pass); never written here (the sync writes the head records).

Only the origin workstation reads it: a replica's own journal was replaced by each pull,
so its earlier head records name entries it no longer has.
"""

from __future__ import annotations

import json
from pathlib import Path

from evidence import anchors
from evidence.sync import config, engine, replica, restore

PREFIX = "remote:"


class RemoteHeadAnchor:
    """The newest head record one remote store holds for a vault."""

    background = True
    published = False  # each sync writes the head records

    def __init__(self, vault_id: str, remote: config.RemoteConfig) -> None:
        self.vault_id = vault_id
        self.remote = remote
        self.name = f"{PREFIX}{remote.name}"

    def read(self) -> str | None:
        try:
            store = config.open_remote(self.remote)
            heads = engine.heads_on(store, self.vault_id)
            if not heads:
                return None
            record = json.loads(restore.fetch(store, heads[-1][1], None))["anchor"]
        except Exception as exc:  # unreachable, denied, a malformed record: not a pass
            raise anchors.AnchorUnavailable(f"{self.remote.name}: {exc}") from exc
        return json.dumps(record, sort_keys=True)

    def write(self, text: str) -> None:  # never called: ``published`` is False
        raise anchors.AnchorUnavailable("a remote's head is written by the sync")


def remote_anchor(vault_id: str, folder: Path) -> RemoteHeadAnchor | None:
    """The anchor store factory (``anchors.register_store_factory``): the first remote of
    the vault's home, for the origin workstation; None when there is none."""
    if replica.read_state(folder) is not None:
        return None
    try:
        remotes = config.load(folder.parent)
    except Exception:  # an unreadable remotes.json: the sync command says why
        return None
    return RemoteHeadAnchor(vault_id, remotes[0]) if remotes else None
