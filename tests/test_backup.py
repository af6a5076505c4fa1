"""`trucewatch backup`: a consistent copy while writers are busy, and its refusals."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.models import PollSuccess
from bot.pipeline import store_items
from fakes.builders import item
from storage.backup import BackupError, backup
from storage.store import Store
from tests.command_line import cli_env, run_cli

NOW = datetime(2024, 6, 1, tzinfo=UTC)
PER_BATCH = 20


def batch(store: Store, source: int, n: int) -> None:
    """One committed transaction: PER_BATCH items and the batch number in `meta`."""
    items = [
        item(f"Batch {n} report {i}: shelling near Terter", f"Item {i} of {n}.", labels=("x",))
        for i in range(PER_BATCH)
    ]
    at = NOW + timedelta(seconds=n)
    with store.transaction() as db:
        store_items(store, source, items, PollSuccess(None, None, at), at)
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('batches', ?)", [str(n)])


@pytest.fixture
def database(tmp_path: Path) -> Iterator[tuple[Path, Store, int]]:
    path = tmp_path / "live.db"
    store = Store(str(path))
    source = store.add_source("https://w.example/", "W", NOW).id
    for n in range(1, 51):  # a few MB, so a copy takes a while
        batch(store, source, n)
    yield path, store, source
    store.close()


def rows(path: Path, query: str) -> list[tuple[object, ...]]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return db.execute(query).fetchall()


def assert_consistent(copy: Path) -> int:
    """The copy is one committed state: every batch whole, every index row with it."""
    assert rows(copy, "PRAGMA integrity_check") == [("ok",)]
    assert rows(copy, "PRAGMA journal_mode") == [("delete",)]  # one file, no WAL needed
    batches = int(str(rows(copy, "SELECT value FROM meta WHERE key = 'batches'")[0][0]))
    items = rows(copy, "SELECT count(*) FROM items")[0][0]
    assert items == batches * PER_BATCH
    assert rows(copy, "SELECT sum(items_count) FROM sources")[0][0] == items
    assert rows(copy, "SELECT value FROM counters WHERE name = 'items'")[0][0] == items
    assert rows(copy, "SELECT count(*) FROM item_labels")[0][0] == items
    with contextlib.closing(sqlite3.connect(copy)) as db:
        db.execute("INSERT INTO items_fts(items_fts) VALUES ('integrity-check')")
    return batches


def test_backup_beside_an_open_write_transaction_copies_the_committed_state(
    database: tuple[Path, Store, int], tmp_path: Path
) -> None:
    path, _, source = database
    writer = Store(str(path))
    try:
        writer.db.execute("BEGIN IMMEDIATE")
        for n in (51, 52):  # written, not committed while the copy is made
            batch(writer, source, n)
        result = backup(path, tmp_path / "copy.db")
        writer.db.execute("COMMIT")
    finally:
        writer.close()
    assert result.integrity == "ok" and result.counts["items"] == 50 * PER_BATCH
    assert result.size == (tmp_path / "copy.db").stat().st_size > 500_000
    assert assert_consistent(tmp_path / "copy.db") == 50
    assert rows(path, "SELECT count(*) FROM items")[0][0] == 52 * PER_BATCH


def test_backup_while_a_writer_commits_continuously(
    database: tuple[Path, Store, int], tmp_path: Path
) -> None:
    path, _, source = database
    stop, busy = threading.Event(), threading.Event()

    def write() -> None:
        writer = Store(str(path))
        for n in range(51, 10_000):
            batch(writer, source, n)
            busy.set()
            if stop.is_set():
                break
        writer.close()

    thread = threading.Thread(target=write)
    thread.start()
    try:
        assert busy.wait(30)
        result = backup(path, tmp_path / "copy.db")
    finally:
        stop.set()
        thread.join()
    copied = assert_consistent(tmp_path / "copy.db")
    assert result.counts["items"] == copied * PER_BATCH and copied > 50
    assert rows(path, "SELECT count(*) FROM items")[0][0] >= copied * PER_BATCH


def test_refusals_name_the_problem(database: tuple[Path, Store, int], tmp_path: Path) -> None:
    path, _, _ = database
    (tmp_path / "taken.db").write_text("an older backup")
    cases = {
        (tmp_path / "none.db", tmp_path / "c.db"): "there is no database at",
        (path, tmp_path / "taken.db"): "already exists: pass --force",
        (path, tmp_path / "missing" / "c.db"): "does not exist",
        (path, tmp_path): "is a directory",
        (path, path): "is the database or one of its files",
        (path, Path(f"{path}-wal")): "is the database or one of its files",
    }
    for (source, target), message in cases.items():
        with pytest.raises(BackupError, match=message):
            backup(source, target)
    assert (tmp_path / "taken.db").read_text() == "an older backup"
    assert not list(tmp_path.glob(".*partial*"))
    backup(path, tmp_path / "taken.db", force=True)
    assert assert_consistent(tmp_path / "taken.db") == 50


def test_command_line(database: tuple[Path, Store, int], tmp_path: Path) -> None:
    path, _, _ = database
    env = cli_env(TRUCEWATCH_DB=str(path))
    done = run_cli("backup", "copy.db", cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    assert "integrity check: ok" in done.stdout and "1,000 items" in done.stdout
    size = (tmp_path / "copy.db").stat().st_size
    assert f"{size:,} bytes" in done.stdout
    again = run_cli("backup", "copy.db", cwd=tmp_path, env=env)
    assert again.returncode == 1 and "copy.db already exists: pass --force" in again.stderr
    forced = run_cli("backup", "copy.db", "--force", cwd=tmp_path, env=env)
    assert forced.returncode == 0 and "integrity check: ok" in forced.stdout
    missing = run_cli("backup", "x.db", cwd=tmp_path, env=cli_env(TRUCEWATCH_DB="nope.db"))
    assert missing.returncode == 1 and "there is no database at nope.db" in missing.stderr
