"""Checkpoints of the write-ahead log on a real SQLite file: passes that start before their
interval when the log grows fast, catch up with a writer that goes on, lose nothing, and
let the log start over (its file cut back) at the writer's first pause."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.checkpoints import (
    CATCH_UP_FRAMES,
    LOG_GROWTH,
    Checkpointer,
    Pass,
    checkpoint_due,
    log_growth,
)
from storage.db import WAL_LIMIT_BYTES
from storage.store import Store

ROW = "x" * 3000  # about one page a row


def test_due_when_the_interval_is_up_or_the_log_grew_much() -> None:
    assert checkpoint_due(since_last=120.0, grown=0, every=120.0, growth=LOG_GROWTH)
    assert checkpoint_due(since_last=1.0, grown=LOG_GROWTH, every=120.0, growth=LOG_GROWTH)
    assert not checkpoint_due(
        since_last=119.0, grown=LOG_GROWTH - 1, every=120.0, growth=LOG_GROWTH
    )


def test_growth_of_a_log_file_that_was_started_over_counts_all_of_it() -> None:
    assert log_growth(size=5000, size_at_last=3000) == 2000
    assert log_growth(size=3000, size_at_last=3000) == 0
    assert log_growth(size=1000, size_at_last=7_000_000) == 1000  # cut back to its limit


def test_a_pass_knows_what_it_found_new() -> None:
    assert Pass(False, frames=9000, copied=9000, before=8000).new == 1000
    assert Pass(False, frames=9000, copied=9000).new == 9000  # a first pass
    assert Pass(False, frames=10, copied=10, before=9000).new == 0  # the log started over


def log_generation(store: Store) -> int:
    """The log header's checkpoint sequence number: SQLite adds one each time it starts
    the log over (the file format's bytes 12-15, big-endian)."""
    header = Path(f"{store.path}-wal").read_bytes()[:32]
    return int.from_bytes(header[12:16], "big")


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[Store]:
    store = Store(str(tmp_path / "wal.db"))
    store.db.execute("PRAGMA wal_autocheckpoint = 0")  # as the bot's writer runs
    store.db.execute("CREATE TABLE filler (body TEXT)")
    yield store
    store.close()


@pytest.fixture
def checkpointer(writer: Store) -> Iterator[Checkpointer]:
    checkpointer = Checkpointer(writer.path, every=3600.0)
    yield checkpointer
    checkpointer.close()


def fill(store: Store, rows: int) -> None:
    with store.transaction() as db:
        db.conn.executemany("INSERT INTO filler (body) VALUES (?)", [(ROW,)] * rows)


def test_a_checkpoint_copies_the_whole_log(writer: Store, checkpointer: Checkpointer) -> None:
    fill(writer, 3000)
    last = checkpointer.checkpoint()
    assert not last.busy and last.frames >= 3000 and last.copied == last.frames
    assert last.new <= CATCH_UP_FRAMES  # a second pass found the first had left nothing


def test_the_log_starts_over_at_the_writers_next_transaction(
    writer: Store, checkpointer: Checkpointer
) -> None:
    fill(writer, 600)
    generation = log_generation(writer)
    fill(writer, 1)
    assert log_generation(writer) == generation  # not copied yet: the log goes on
    checkpointer.checkpoint()
    fill(writer, 1)
    assert log_generation(writer) == generation + 1


def test_the_log_file_shrinks_back_to_its_limit(writer: Store, checkpointer: Checkpointer) -> None:
    fill(writer, 20_000)  # a log of about 80 MB
    log = Path(f"{writer.path}-wal")
    assert log.stat().st_size > WAL_LIMIT_BYTES
    checkpointer.checkpoint()
    fill(writer, 1)
    assert log.stat().st_size <= WAL_LIMIT_BYTES


def test_nothing_is_lost_across_checkpoints(writer: Store, checkpointer: Checkpointer) -> None:
    for _ in range(3):
        fill(writer, 500)
        checkpointer.checkpoint()
    reader = sqlite3.connect(writer.path)
    try:
        assert reader.execute("SELECT count(*) FROM filler").fetchone()[0] == 1500
        assert reader.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        reader.close()
