"""One SQLite connection, opened with the pragmas every connection needs, and the
transaction that turns database trouble into a StorageError a user can act on.

Timestamps are stored as UTC epoch seconds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from storage.schema import migrations

CACHE_KIB = 8 * 1024
CHECKPOINT_PAGES = 10_000
BUSY_TIMEOUT_MS = 10_000


class StorageError(Exception):
    """The database refused a write or read; the message says what to do."""


class DuplicateError(StorageError):
    """The thing being added exists already."""


class LimitError(StorageError):
    """A per-chat limit would be exceeded."""


def ts(moment: datetime) -> float:
    return moment.timestamp()


def dt(value: float | None) -> datetime | None:
    return None if value is None else at(value)


def at(value: float) -> datetime:
    return datetime.fromtimestamp(value, tz=UTC)


def connect(path: Path | str) -> Database:
    """Open the database, with the pragmas every connection needs, and migrate it."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    db = Database(conn)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    if str(path) != ":memory:":
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        # Reads are served from the operating system's cache as well; each connection's
        # own cache is memory the bot holds (a big ingest's pages: see AsyncStore.open).
        db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        db.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES}")
        # A commit never cuts the log's file: storage.checkpoint shrinks it in small steps.
        db.execute("PRAGMA journal_size_limit = -1")
    migrations.apply(db)
    return db


class Connection:
    """What every part of the store shares: the connection and how to use it safely."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.db: Database = connect(path)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """A transaction (a savepoint when nested) whose failures come out as a
        StorageError; an IntegrityError stays itself, for the caller to name."""
        try:
            with self.db.atomic():
                yield self.db
        except sqlite3.IntegrityError:
            raise
        except sqlite3.DatabaseError as exc:
            raise StorageError(describe_sqlite_error(exc, self.path)) from exc

    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        try:
            return list(self.db.query(sql, params))
        except sqlite3.DatabaseError as exc:
            raise StorageError(describe_sqlite_error(exc, self.path)) from exc

    def check(self) -> str:
        """`PRAGMA integrity_check`: 'ok' for a healthy file."""
        return str(self.rows("PRAGMA integrity_check")[0]["integrity_check"])


def placeholders(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


#: Rows per multi-row INSERT: a few fixed sizes, so that the connection's statement cache
#: holds a few statements per table rather than one for every count of rows.
ROWS_PER_STATEMENT = (256, 64, 16, 4, 1)


def insert_rows(conn: sqlite3.Connection, head: str, rows: Sequence[Sequence[object]]) -> None:
    """`head` ("INSERT INTO t (a, b)") with `rows` as multi-row VALUES, in a few statements.
    The sqlite3 module lets go of the GIL for each step of a statement; row by row, the
    writer thread had to win it back after every row from an event loop running Python, at
    up to the switch interval each time."""
    if not rows:
        return
    one = f"({placeholders(rows[0])})"
    most = conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // len(rows[0])
    start = 0
    while start < len(rows):
        size = statement_rows(len(rows) - start, most)
        chunk = rows[start : start + size]
        values = ", ".join([one] * size)
        conn.execute(f"{head} VALUES {values}", [value for row in chunk for value in row])
        start += size


def statement_rows(left: int, most: int) -> int:
    """How many of `left` rows the next statement takes: the largest fixed size that fits
    both them and SQLite's limit on parameters (`most` rows)."""
    return next(n for n in ROWS_PER_STATEMENT if n <= min(left, max(1, most)))


def describe_sqlite_error(exc: sqlite3.DatabaseError, path: str) -> str:
    message = str(exc)
    if "readonly" in message or "read-only" in message:
        return f"the database {path} is read-only: check the file's permissions ({message})"
    if "disk is full" in message or "disk I/O" in message:
        return f"cannot write to {path}: the disk is full or failing ({message})"
    if "locked" in message or "busy" in message:
        return f"the database {path} is busy: another process holds a lock ({message})"
    if "malformed" in message or "not a database" in message:
        return f"the database {path} is damaged: {message}"
    return f"database error on {path}: {message}"
