"""Failed unlock attempts, recorded while the vault is locked and imported at the next
unlock (S point 6).

The database is locked when an attempt fails, so the attempt goes to
``unlock-failures.jsonl`` beside it: one canonical JSON line per attempt, each naming the
hash of the line before (a line removed or edited in the middle breaks the chain), the
count also in the OS keyring. At the next unlock the lines are journaled as
``unlock_failed``; the database keeps how many were imported and the hash of what was
imported, so an erased or altered file is journaled as ``unlock_failures_tampered``,
which ``verify`` reports.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidence import anchors, journal
from evidence.canonical import canonical_json
from evidence.clock import TimeReading

if TYPE_CHECKING:
    from evidence.vault import Vault

log = logging.getLogger(__name__)

def failures_path(folder: Path) -> Path:
    return folder / "unlock-failures.jsonl"


def failure_counter(vault_id: str) -> anchors.KeyringAnchor:
    """The count of failed attempts, also kept in the OS keyring (outside the home): a
    deleted or shortened unlock-failures.jsonl cannot hide attempts made since the last
    unlock where a keyring exists."""
    return anchors.KeyringAnchor(f"{vault_id}/unlock-failures")


def _line_hash(line: bytes) -> str:
    import hashlib

    return hashlib.sha256(line).hexdigest()


def record_failure(folder: Path, vault_id: str, factor: str, reason: str) -> None:
    """Append one failed attempt (the database is locked: it cannot hold it yet). Each line
    names the hash of the one before (a line removed or edited in the middle breaks the
    chain); the count goes to the keyring too, bounded (an unlock error must not hang)."""
    log.info("unlock attempt failed: factor %s, %s", factor, reason)
    path = failures_path(folder)
    try:
        previous = path.read_bytes().splitlines()
    except FileNotFoundError:
        previous = []
    now = TimeReading.now()
    line = canonical_json({"at": now.utc, "at_local": now.local, "factor": factor,
                           "reason": reason,
                           "prev": _line_hash(previous[-1]) if previous else ""}) + b"\n"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)
    count = str(len(previous) + 1)
    writer = threading.Thread(target=_write_count, args=(vault_id, count), daemon=True)
    writer.start()
    writer.join(anchors.KEYRING_TIMEOUT_S)


def _write_count(vault_id: str, count: str) -> None:
    try:
        failure_counter(vault_id).write(count)
    except Exception as exc:  # no keyring here: the file and the database's count remain
        log.info("unlock failure count not written to the keyring: %s", exc)


FAILURES_DIGEST = "failures_digest"


def import_failures(vault: Vault, conn: Any, meta: Mapping[str, str],
                     counter: anchors.PendingRead) -> None:
    """Failed attempts since the last unlock into the journal; then checks that nothing
    already imported was removed or changed (the database keeps the count and the hash of
    what it imported) and that the keyring's count is not ahead of the file: either is
    journaled as ``unlock_failures_tampered``, which verify reports."""
    path = failures_path(vault.folder)
    lines = path.read_bytes().splitlines() if path.exists() else []
    already = int(meta.get("failures_imported", "0"))
    problems: list[str] = []
    if len(lines) < already:
        problems.append(f"erased: {already - len(lines)} imported line(s) gone")
    elif meta.get(FAILURES_DIGEST) not in (None, _prefix_hash(lines[:already])):
        problems.append("altered: the lines already imported changed")
    stored, _ = counter.result(anchors.KEYRING_TIMEOUT_S)
    if stored is not None and stored.isdigit() and int(stored) > len(lines):
        problems.append(f"erased: the keyring counted {stored} attempt(s), the file holds "
                        f"{len(lines)}")
    for n, raw in enumerate(lines[min(already, len(lines)):], start=min(already, len(lines))):
        try:
            item = json.loads(raw)
        except ValueError:
            item = {"at": "", "at_local": "", "factor": "?", "reason": "unreadable record"}
        if "prev" in item and item["prev"] != (_line_hash(lines[n - 1]) if n else ""):
            problems.append(f"altered: line {n + 1} does not follow the one before")
        journal.append(conn, vault.id, "-", "unlock_failed", details={
            "attempted_at": item.get("at"), "attempted_local": item.get("at_local"),
            "factor": item.get("factor"), "reason": item.get("reason")})
    if stored is not None and stored.isdigit() and int(stored) != len(lines):
        # Said once (below), then the keyring follows the file again.
        threading.Thread(target=_write_count, args=(vault.id, str(len(lines))),
                         daemon=True).start()
    if problems:
        log.warning("unlock-failures.jsonl tampered with: %s", "; ".join(problems))
        vault.record(conn, "unlock_failures_tampered", details={
            "problems": problems, "lines": len(lines), "imported_before": already,
            "keyring_count": stored})
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('failures_imported', ?)",
                 (str(len(lines)),))
    conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                 (FAILURES_DIGEST, _prefix_hash(lines)))


def _prefix_hash(lines: Sequence[bytes]) -> str:
    return _line_hash(b"\n".join(lines))
