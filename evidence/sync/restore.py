"""Rebuild a vault from a remote (``restore``), and the checked downloads it and
``sync --pull`` use. No key is needed: every object is checked against its SHA-256 name,
or, for a blob the head record lists with its part digests (schema 14), each part against
its own, on the thread that downloads it."""

from __future__ import annotations

import base64
import binascii
import io
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evidence import anchors
from evidence.anchors import AnchorRecord
from evidence.atomic import fsync_dir, write_atomic
from evidence.blob_format import FileParts
from evidence.errors import IntegrityError
from evidence.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, no_progress
from evidence.sync import replica
from evidence.sync.engine import FAILURES_FILE, HEAD_FORMAT, heads_on
from evidence.sync.errors import RemoteEmpty, RestoreTargetNotEmpty
from evidence.sync.flow import Flow
from evidence.sync.remote import Remote
from evidence.vault import vault_folder


@dataclass(frozen=True)
class RestoreResult:
    remote: str
    vault_id: str
    head: str
    journal_seq: int
    blobs: int
    bytes: int
    workstation: str  # this copy's id: its own heads go under workstations/<id>/

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def restore(home: Path, remote: Remote, *, vault_id: str | None = None, max_rate: int = 0,
            progress: ProgressCallback = no_progress,
            cancel: CancelToken = NEVER_CANCELLED) -> RestoreResult:
    """Rebuild ``HOME/vault`` from the newest head on ``remote``; no key is needed (every
    object is checked against its SHA-256 name); the vault is then unlocked as usual."""
    folder = vault_folder(home)
    if folder.exists():
        raise RestoreTargetNotEmpty(f"a vault exists already in {home}", home=str(home))
    heads = heads_on(remote, vault_id)
    vaults = sorted({h[0] for h in heads})
    if not vaults:
        raise RemoteEmpty(f"{remote.name} holds no vault" + (f" {vault_id}" if vault_id
                                                             else ""), remote=remote.name)
    if len(vaults) > 1:
        raise RemoteEmpty(f"{remote.name} holds several vaults, name one with --vault: "
                          + ", ".join(vaults), remote=remote.name)
    head_name = [h for h in heads if h[0] == vaults[0]][-1][1]
    head = json.loads(fetch(remote, head_name, None))
    if head.get("v") != HEAD_FORMAT or head.get("vault_id") != vaults[0]:
        raise IntegrityError(f"{head_name}: not a head record of this format",
                             problem="remote_head")
    AnchorRecord.from_text(json.dumps(head["anchor"]))  # raises on anything malformed
    sizes = {i.name: i.size for i in remote.list(f"{vaults[0]}/blobs/")}
    flow = Flow(max_rate=max_rate, progress=progress, cancel=cancel, total=sum(
        sizes.get(f"{vaults[0]}/blobs/{sha}", 0) for sha in head["blobs"].values())
        + int(head["db"]["size"]) + int(head["keyslots"]["size"]))
    home.mkdir(parents=True, exist_ok=True)
    staging = home / f".vault-restore-{os.getpid()}-{os.urandom(4).hex()}"
    (staging / "blobs").mkdir(parents=True)
    (staging / "tmp").mkdir()
    try:
        # No fsync per object: the staging folder is made durable as a whole, once, before
        # the rename that makes the vault appear (sync_tree): a restore killed at any instant
        # leaves no vault or a whole one, and the downloads do not wait on the disk.
        fetch_to(remote, head["db"]["name"], head["db"]["sha256"], staging / "vault.db",
                 staging / "tmp", flow, sync=False)
        fetch_to(remote, head["keyslots"]["name"], head["keyslots"]["sha256"],
                 staging / "keyslots.json", staging / "tmp", flow, sync=False)
        write_atomic(staging / "vault.json", json.dumps(head["vault_json"], indent=1).encode())
        if head.get("failures"):
            fetch_to(remote, head["failures"]["name"], head["failures"]["sha256"],
                     staging / FAILURES_FILE, staging / "tmp", sync=False)
        write_atomic(staging / anchors.HEAD_FILE, json.dumps(head["anchor"],
                                                             sort_keys=True).encode())
        workstation = replica.new_workstation_id()
        replica.write_state(staging, replica.ReplicaState(
            remote.name, workstation, int(head["anchor"]["seq"]), str(head["anchor"]["hash"])))
        blobs: dict[str, str] = head["blobs"]
        for blob_id, sha in blobs.items():
            if not re.fullmatch(r"[0-9a-f]{64}", sha) or "/" in blob_id or ".." in blob_id:
                raise IntegrityError(f"{head_name}: bad blob entry", problem="remote_head")
        done = _fetch_blobs(remote, f"{vaults[0]}/blobs/", blobs, head_parts(head, head_name),
                            sizes, staging, flow)
        sync_tree(staging)
        os.rename(staging, folder)
        fsync_dir(home)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return RestoreResult(remote.name, vaults[0], head_name, int(head["anchor"]["seq"]),
                         len(blobs), done, workstation)


SMALL = 8 << 20  # a blob up to this size comes in one request
PARALLEL_SMALL = 4  # small blobs fetched at once, beside the large ones


def _fetch_blobs(remote: Remote, prefix: str, blobs: dict[str, str],
                 parts: dict[str, FileParts], sizes: dict[str, int], staging: Path,
                 flow: Flow) -> int:
    """Every blob into ``staging/blobs``: the large ones one after the other on this
    thread (each by ranges in parallel), each then handed to a thread that fsyncs it while
    the others download (the sync_tree before the vault appears finds it written); the
    small ones ``PARALLEL_SMALL`` at a time beside them (one request each: their round
    trips overlap). Bytes restored."""
    from concurrent.futures import ThreadPoolExecutor

    def one(blob_id: str, sha: str) -> tuple[int, Path]:
        flow.cancel.raise_if_cancelled()
        target = staging / "blobs" / blob_id[:2] / blob_id
        target.parent.mkdir(exist_ok=True)
        size = fetch_to(remote, f"{prefix}{sha}", sha, target, staging / "tmp", flow,
                        sync=False, parts=parts.get(sha))
        flow.item_done()
        return size, target

    order = sorted(blobs.items(), key=lambda e: (-sizes.get(f"{prefix}{e[1]}", 0), e[0]))
    large = [e for e in order if sizes.get(f"{prefix}{e[1]}", 0) > SMALL]
    small = [e for e in order if sizes.get(f"{prefix}{e[1]}", 0) <= SMALL]
    done = 0
    flow.add_items(len(order))
    with ThreadPoolExecutor(PARALLEL_SMALL) as pool, ThreadPoolExecutor(1) as syncer:
        futures = [pool.submit(one, blob_id, sha) for blob_id, sha in small]
        flushed = []
        try:
            for blob_id, sha in large:
                size, target = one(blob_id, sha)
                done += size
                flushed.append(syncer.submit(_fsync_file, target))
            for future in futures + flushed:
                result = future.result()
                done += result[0] if result is not None else 0
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return done


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def head_parts(head: dict[str, Any], head_name: str) -> dict[str, FileParts]:
    """Object name -> the SHA-256 of its parts as written (heads from schema 14 on; the
    others, and blobs of one part, have none: their objects are hashed whole)."""
    found: dict[str, FileParts] = {}
    raw = head.get("parts") or {}
    if not isinstance(raw, dict):
        raise IntegrityError(f"{head_name}: bad parts entry", problem="remote_head")
    for sha, entry in raw.items():
        try:
            size, packed = int(entry[0]), base64.b64decode(str(entry[1]), validate=True)
        except (TypeError, ValueError, IndexError, KeyError, binascii.Error):
            raise IntegrityError(f"{head_name}: bad parts entry", problem="remote_head"
                                 ) from None
        parts = FileParts.unpack(size, packed, str(sha))
        if parts is None or not re.fullmatch(r"[0-9a-f]{64}", str(sha)):
            raise IntegrityError(f"{head_name}: bad parts entry", problem="remote_head")
        found[str(sha)] = parts
    return found


def fetch(remote: Remote, name: str, sha256: str | None) -> bytes:
    buf = io.BytesIO()
    got = remote.get(name, buf)
    if sha256 is not None and got != sha256:
        raise IntegrityError(f"{remote.name}: {name} is corrupt", problem="remote_object")
    return buf.getvalue()


def sync_tree(root: Path) -> None:
    """Every file under ``root`` to disk, then every folder (deepest first, ``root`` last):
    one pass before ``root`` is renamed into view. The first fsync commits the journal for
    all of them, so the others cost little, unlike an fsync after each download."""
    folders: list[Path] = []
    for here, _dirs, files in os.walk(root):
        folders.append(Path(here))
        for file in files:
            fd = os.open(os.path.join(here, file), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    for path in reversed(folders):
        fsync_dir(path)


def fetch_to(remote: Remote, name: str, sha256: str, target: Path, tmp_dir: Path,
             flow: Flow | None = None, *, sync: bool = True,
             parts: FileParts | None = None) -> int:
    """The object checked against its SHA-256 into ``target`` (renamed in once whole), or
    part by part against ``parts`` (the digests of the file as written, whose whole hash
    is ``sha256``). ``sync=False``: the caller fsyncs the files and their folders later
    (sync_tree), before anything makes them visible."""
    tmp = tmp_dir / f"{os.getpid()}-{os.urandom(6).hex()}.part"
    try:
        with open(tmp, "wb") as out:
            got = remote.get(name, out, flow, parts if parts is not None
                             and parts.whole == sha256 else None)
            out.flush()
            if sync:
                os.fsync(out.fileno())
            size = out.tell()
        if got != sha256:
            raise IntegrityError(f"{remote.name}: {name} is corrupt (SHA-256 differs): "
                                 "run 'probant remote verify --deep' where the vault is",
                                 problem="remote_object")
        os.rename(tmp, target)
        return size
    finally:
        tmp.unlink(missing_ok=True)

