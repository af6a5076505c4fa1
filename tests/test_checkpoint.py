"""The write-ahead log: checkpointed and synced off the writer, and cut a step at a time
by the writer's commits that start it over, never in one go."""

from __future__ import annotations

import functools
import itertools
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage import threads
from storage.checkpoint import (
    Checkpointer,
    shrink_soon,
    shrink_target,
)
from storage.db import connect
from storage.threads import AsyncStore

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
    # Cutting gigabytes of log in one commit held the writer most of a second: only the
    # writer's LogLimit, a step at a time, cuts it.
    path = tmp_path / "bot.db"
    assert writer.execute("PRAGMA journal_size_limit").fetchone()[0] == -1
    before = wal_size(path)
    other = sqlite3.connect(path)
    assert other.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[0] == 0
    write_log(writer, 8192)
    assert wal_size(path) == before
    other.close()


def test_the_writers_commits_after_checkpoints_cut_the_log_a_step_at_a_time(
    writer: sqlite3.Connection, tmp_path: Path
) -> None:
    path = tmp_path / "bot.db"
    sizes = [wal_size(path)]
    checkpointer = Checkpointer(str(path), every=3600, rest=MB, step=2 * MB)
    limit = checkpointer.log_limit
    try:
        while checkpointer.checkpoint():  # oversized, and the writer quiet: again soon
            limit.follow(writer)
            write_log(writer, 4096)  # the writer's next commit starts the log over
            sizes.append(wal_size(path))
        assert checkpointer.checkpoint() is False
    finally:
        checkpointer.close()
    assert sizes[0] > 5 * MB
    cuts = [a - b for a, b in itertools.pairwise(sizes)]
    assert cuts[:-1] == [2 * MB] * (len(cuts) - 1)  # a step each time, the last one smaller
    assert 0 < cuts[-1] <= 2 * MB
    assert sizes[-1] == MB
    rows = sqlite3.connect(path).execute("SELECT count(*) FROM blobs").fetchone()[0]
    assert rows == (6 * MB) // 4096


def test_checkpoints_keep_their_pace_while_the_writer_is_busy() -> None:
    assert shrink_soon(10 * MB, added_frames=10, rest=MB) is True
    assert shrink_soon(10 * MB, added_frames=100_000, rest=MB) is False
    assert shrink_soon(MB, added_frames=10, rest=MB) is False


async def test_the_store_cuts_a_big_log_by_one_step_per_checkpoint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = functools.partial(Checkpointer, rest=MB, step=2 * MB)
    monkeypatch.setattr(threads, "Checkpointer", small)
    path = str(tmp_path / "bot.db")
    store = await AsyncStore.open(path)
    try:
        await store.write(lambda s: s.db.conn.execute("CREATE TABLE blobs (id INTEGER, b BLOB)"))
        await store.write(lambda s: write_log(s.db.conn, 6 * MB))
        before = wal_size(Path(path))
        sqlite3.connect(path).execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        await store.write(lambda s: write_log(s.db.conn, 4096))
        assert wal_size(Path(path)) == before - 2 * MB
    finally:
        await store.close()


def test_syncing_the_log_is_harmless_with_or_without_one(
    writer: sqlite3.Connection, tmp_path: Path
) -> None:
    path = tmp_path / "bot.db"
    checkpointer = Checkpointer(str(path), every=3600, rest=MB)
    try:
        checkpointer.sync_log()
        before = wal_size(path)
        os.rename(f"{path}-wal", f"{path}-moved")  # as if the last connection had removed it
        checkpointer.sync_log()
        os.rename(f"{path}-moved", f"{path}-wal")
        assert wal_size(path) == before
    finally:
        checkpointer.close()
