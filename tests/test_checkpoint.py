"""The write-ahead log: checkpointed off the writer, and shrunk a step at a time by the
checkpointer, never by a commit of the store's."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.checkpoint import Checkpointer, shrink_target
from storage.db import connect

MB = 1024 * 1024


def test_shrink_target_steps_down_to_the_size_at_rest() -> None:
    assert shrink_target(10 * MB, rest=4 * MB, step=MB) == 9 * MB
    assert shrink_target(4 * MB + 10, rest=4 * MB, step=MB) == 4 * MB
    assert shrink_target(4 * MB, rest=4 * MB, step=MB) is None
    assert shrink_target(0, rest=4 * MB, step=MB) is None


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """The store's own connection settings, with automatic checkpoints off as the bot has
    them, and a table of a few megabytes of log."""
    db = connect(tmp_path / "bot.db")
    conn = db.conn
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE blobs (id INTEGER PRIMARY KEY, body BLOB)")
    conn.commit()
    write_log(conn, 6 * MB)
    yield conn
    conn.close()


def write_log(conn: sqlite3.Connection, size: int) -> None:
    body = os.urandom(3000)
    with conn:
        conn.executemany(
            "INSERT OR REPLACE INTO blobs VALUES (?, ?)", [(n, body) for n in range(size // 4096)]
        )


def wal_size(path: Path) -> int:
    return os.path.getsize(f"{path}-wal")


def test_a_commit_after_a_checkpoint_does_not_cut_the_log(
    writer: sqlite3.Connection, tmp_path: Path
) -> None:
    # Cutting a log of gigabytes takes the writer most of a second; the checkpointer does it.
    path = tmp_path / "bot.db"
    assert writer.execute("PRAGMA journal_size_limit").fetchone()[0] == -1
    before = wal_size(path)
    other = sqlite3.connect(path)
    assert other.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[0] == 0
    write_log(writer, 8192)
    assert wal_size(path) == before
    other.close()


def test_the_checkpointer_shrinks_an_oversized_log_a_step_at_a_time(
    writer: sqlite3.Connection, tmp_path: Path
) -> None:
    path = tmp_path / "bot.db"
    start = wal_size(path)
    assert start > 5 * MB
    checkpointer = Checkpointer(str(path), every=3600, rest=MB, step=2 * MB)
    try:
        assert checkpointer.checkpoint() is True  # still above its size at rest
        assert wal_size(path) == start - 2 * MB
        while checkpointer.checkpoint():
            pass
        assert wal_size(path) == MB
        assert checkpointer.checkpoint() is False
    finally:
        checkpointer.close()
    rows = sqlite3.connect(path).execute("SELECT count(*) FROM blobs").fetchone()[0]
    assert rows == (6 * MB) // 4096


def test_a_checkpointer_that_finds_the_writer_busy_cuts_nothing_and_tries_again(
    writer: sqlite3.Connection, tmp_path: Path
) -> None:
    path = tmp_path / "bot.db"
    start = wal_size(path)
    checkpointer = Checkpointer(str(path), every=3600, rest=MB, step=2 * MB)
    try:
        writer.execute("BEGIN IMMEDIATE")  # the writer holds the lock mid-transaction
        assert checkpointer.checkpoint() is True
        assert wal_size(path) == start
        writer.execute("ROLLBACK")
        assert checkpointer.checkpoint() is True
        assert wal_size(path) == start - 2 * MB
    finally:
        checkpointer.close()
