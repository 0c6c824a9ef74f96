"""SQLCipher database of the vault: raw-key open, WAL, versioned migrations."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3

from evidence.errors import IntegrityError, StorageError, StorageFull
from evidence.schema import MIGRATIONS

log = logging.getLogger(__name__)

Row = sqlcipher3.Row


def _translate(exc: Exception, what: str) -> Exception:
    text = str(exc).lower()
    if "full" in text or "disk i/o" in text and "space" in text:
        return StorageFull(f"{what}: {exc}", what=what)
    if "not a database" in text or "malformed" in text or "hmac" in text:
        return IntegrityError(f"{what}: {exc}", problem="database")
    return StorageError(f"{what}: {exc}", what=what)


class Database:
    """One connection to the encrypted metadata database."""

    def __init__(self, path: Path, key: bytes, *, create: bool = False) -> None:
        if not create and not path.exists():
            raise IntegrityError("database file missing", problem="database_missing")
        self.path = path
        try:
            self.conn: Any = sqlcipher3.connect(str(path), timeout=15, isolation_level=None)
            # SQLCipher writes its own lines to stderr on a wrong key or a damaged page
            # (« ERROR CORE sqlcipher_page_cipher… »): the error raised below says it in
            # Probant's words, for the user and the log.
            self.conn.execute("PRAGMA cipher_log_level = NONE")
            # A raw 256-bit key: no passphrase KDF (0.3 ms instead of 100 ms per open).
            self.conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            # Memory security (wiping every freed allocation) is off, as SQLCipher's own
            # default since 4.5: it made every write 7x slower (bench/timestamp.py), while the
            # key material is wiped regardless and the same plaintext lives in Python objects.
            self.conn.execute("PRAGMA cipher_memory_security = OFF")
            self.conn.execute("PRAGMA temp_store = MEMORY")  # no plaintext temp files
            self.conn.row_factory = Row
            self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = FULL")
            self.conn.execute("PRAGMA foreign_keys = ON")
        except (sqlcipher3.DatabaseError, sqlite3.DatabaseError) as exc:
            raise _translate(exc, "database") from exc

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """BEGIN IMMEDIATE ... COMMIT; rolled back on any error."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlcipher3.DatabaseError as exc:
            raise _translate(exc, "database") from exc
        try:
            yield self.conn
        except sqlcipher3.DatabaseError as exc:
            self._rollback()
            if "full" in str(exc).lower():  # the disk filled up mid-transaction
                raise _translate(exc, "database") from exc
            raise
        except BaseException:
            self._rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlcipher3.DatabaseError as exc:
            self._rollback()
            raise _translate(exc, "database commit") from exc

    def _rollback(self) -> None:
        """SQLite may have rolled back by itself (a full disk at COMMIT): then there is
        nothing to undo, and a ROLLBACK's own error must not hide the first one."""
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlcipher3.DatabaseError as exc:
                log.warning("rollback after an error failed too: %s", exc)

    @contextmanager
    def read_snapshot(self) -> Iterator[None]:
        """Several reads that see the same state of the vault (a deferred transaction
        that only reads: in WAL mode it blocks no writer)."""
        try:
            self.conn.execute("BEGIN")
        except sqlcipher3.DatabaseError as exc:
            raise _translate(exc, "database") from exc
        try:
            yield
        finally:
            self.conn.execute("COMMIT")

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        try:
            return list(self.conn.execute(sql, params).fetchall())
        except sqlcipher3.DatabaseError as exc:
            raise _translate(exc, "database") from exc

    def query_one(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def schema_version(self) -> int:
        row = self.query_one("PRAGMA user_version")
        return int(row[0])

    def migrate(self) -> int:
        """Apply pending migrations in order, each in its own transaction."""
        version = self.schema_version()
        for target, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.transaction() as conn:
                for statement in _split(script):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {target}")
        return self.schema_version()

    def integrity_problems(self) -> list[str]:
        """SQLCipher page HMAC check plus SQLite's structural check."""
        problems: list[str] = []
        try:
            for row in self.conn.execute("PRAGMA cipher_integrity_check"):
                problems.append(f"cipher: {row[0]}")
            for row in self.conn.execute("PRAGMA integrity_check"):
                if row[0] != "ok":
                    problems.append(f"sqlite: {row[0]}")
        except sqlcipher3.DatabaseError as exc:
            problems.append(f"unreadable: {exc}")
        return problems


def _split(script: str) -> list[str]:
    """Split a migration into statements; triggers keep their inner semicolons."""
    statements: list[str] = []
    current: list[str] = []
    for line in script.strip().splitlines():
        current.append(line)
        joined = "\n".join(current).strip()
        if joined.endswith(";") and sqlcipher3.complete_statement(joined):
            statements.append(joined)
            current = []
    if "".join(current).strip():
        statements.append("\n".join(current))
    return statements
