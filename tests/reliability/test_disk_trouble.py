"""Disk trouble: a read-only database file and a full disk give a clear error and a clean
stop or pause, never corruption: `integrity_check` passes afterwards, earlier data is
intact, and what could not be stored is stored once there is room again."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio

from bot.deliverer import Deliverer
from bot.delivery import Batch
from bot.models import Alert, PollSuccess
from bot.pipeline import Pipeline, store_items
from fakes.builders import item, subscribe
from fakes.feed_site import FeedEntry, FeedSite, make_entries
from storage.store import StorageError, Store
from storage.threads import AsyncStore
from tests.command_line import ROOT, cli_env, run_cli
from tests.reliability.helpers import (
    Clock,
    assert_no_traceback,
    guarded_fetcher,
)
from tests.test_cli import read_only

CHAT = 77


def bulky(n: int, count: int) -> list[FeedEntry]:
    """Items with long, distinct text: enough pages to overflow a nearly full disk."""
    return [
        FeedEntry(
            guid=f"bulk-{n}-{k}",
            link=f"https://news.example/bulk/{n}/{k}",
            title=f"Report {n}-{k}: shelling near the line of contact",
            summary=" ".join(f"w{n}x{k}y{j}" for j in range(120)),
            published=datetime.now(UTC) - timedelta(seconds=k),
        )
        for k in range(count)
    ]


# --- read-only database -----------------------------------------------------------------


def test_read_only_database_stops_cleanly_and_stays_intact(
    tmp_path: Path, feed_site_thread: FeedSite
) -> None:
    db = tmp_path / "ro.db"
    env = cli_env(
        TRUCEWATCH_DB=str(db),
        TRUCEWATCH_ALLOW_PRIVATE_URLS="1",
        TRUCEWATCH_POLL_SECONDS="1",
        TRUCEWATCH_PARSE_WORKERS="0",
    )
    feed_site_thread.add_feed("/ro", "rss", items=make_entries(4))
    assert (
        run_cli("sources", "add", feed_site_thread.url("/ro"), cwd=tmp_path, env=env).returncode
        == 0
    )
    assert run_cli("run", "--once", cwd=tmp_path, env=env).returncode == 0
    before = run_cli("sources", "list", cwd=tmp_path, env=env).stdout
    assert " 4 items" in before
    feed_site_thread.add_item("/ro", make_entries(1, seed=9)[0])  # news it cannot store

    with read_only(db):
        once = run_cli("run", "--once", cwd=tmp_path, env=env, timeout=60)
        forever = run_cli("run", cwd=tmp_path, env=env, timeout=60)  # must not hang either
        listing = run_cli("sources", "list", cwd=tmp_path, env=env)
    for done in (once, forever):
        assert done.returncode != 0
        assert "read-only" in done.stderr and "check the file's permissions" in done.stderr
        assert_no_traceback(done.stdout, done.stderr)
    assert listing.returncode == 0 and listing.stdout == before  # reading still works

    check = run_cli("check", cwd=tmp_path, env=env)
    assert check.returncode == 0 and check.stdout.strip().endswith(": ok")
    assert run_cli("run", "--once", cwd=tmp_path, env=env).returncode == 0
    assert " 5 items" in run_cli("sources", "list", cwd=tmp_path, env=env).stdout


@pytest.fixture
def feed_site_thread() -> Iterator[FeedSite]:
    site = FeedSite().start_in_thread()
    yield site
    site.stop_thread()


# --- a full disk, simulated with PRAGMA max_page_count -----------------------------------


@pytest_asyncio.fixture
async def full_world(
    tmp_path: Path, feed_site: FeedSite
) -> AsyncIterator[tuple[Pipeline, Clock, AsyncStore]]:
    store = await AsyncStore.open(str(tmp_path / "full.db"))
    clock = Clock()
    fetcher = guarded_fetcher(feed_site, timeout=5.0)
    pipeline = Pipeline(store, fetcher, None, default_interval=60, clock=clock)
    yield pipeline, clock, store
    await pipeline.drain()
    await fetcher.close()
    await store.close()


async def set_disk_full(store: AsyncStore, full: bool) -> None:
    """Cap the database at its current size, or lift the cap (on the connection every write
    goes through): SQLite then fails writes exactly as on a full disk (SQLITE_FULL)."""

    def cap(writer: Store) -> None:
        current = writer.db.execute("PRAGMA page_count").fetchone()[0]
        writer.db.execute(f"PRAGMA max_page_count = {current if full else 1 << 30}")

    await store.write(cap)


async def item_count(store: AsyncStore) -> int:
    return (await store.read(Store.stats))["items"]


async def test_full_disk_pauses_ingest_and_loses_nothing(full_world, feed_site: FeedSite) -> None:
    pipeline, clock, store = full_world
    feed_site.add_feed("/wire", "rss", items=bulky(0, 3))
    source = await store.write(Store.add_source, feed_site.url("/wire"), "Wire", clock())
    await subscribe(store, CHAT, "shelling", clock())
    [first] = await pipeline.poll_once()
    assert first.ok and await item_count(store) == 3

    feed_site.set_items("/wire", bulky(1, 60) + bulky(0, 3))
    await set_disk_full(store, True)  # not one more page
    clock.advance(120)
    [report] = await pipeline.poll_once()
    assert not report.ok
    assert report.error and "disk is full" in report.error and "\n" not in report.error
    assert await item_count(store) == 3  # earlier data intact, nothing half-written
    assert await store.read(Store.check) == "ok"
    listing = await store.read(Store.find_source, source.id)
    assert listing is not None and listing.items_count == 3

    await set_disk_full(store, False)  # room again: the next poll stores it all
    clock.advance(120)
    [again] = await pipeline.poll_once()
    assert again.ok and again.new_items == 60 and again.alerts == 60
    assert await item_count(store) == 63
    assert await store.read(Store.check) == "ok"


async def test_full_disk_does_not_hammer_feeds(full_world, feed_site: FeedSite) -> None:
    pipeline, clock, store = full_world
    feed_site.add_feed("/wire", "rss", items=bulky(0, 3))
    await store.write(Store.add_source, feed_site.url("/wire"), "Wire", clock())
    await pipeline.poll_once()
    feed_site.set_items("/wire", bulky(1, 60))
    await set_disk_full(store, True)
    clock.advance(120)
    [report] = await pipeline.poll_once()
    assert not report.ok
    clock.advance(5)  # the next scheduler tick (Settings.tick_seconds)
    assert await pipeline.poll_due() == 0, "fetched again 5 s later, interval 60 s"


class Recorder:
    """A Sender that accepts everything and remembers what it was given."""

    def __init__(self) -> None:
        self.sent: list[Alert] = []

    def wait_for(self, address: int) -> float:
        return 0.0

    async def send(self, batch: Batch) -> int | None:
        self.sent.extend(batch.alerts)
        return len(self.sent)


async def test_unwritable_database_pauses_delivery_and_resends_at_most_once(tmp_path: Path) -> None:
    """The database refuses writes (read-only underneath the running bot) just after an
    alert went out: the outbox worker stops with StorageError (Deliverer.run pauses on it),
    the alert stays owed, and is sent again once, when writes work again."""
    store = await AsyncStore.open(str(tmp_path / "outbox.db"))
    now = datetime.now(UTC)
    try:
        later = now + timedelta(days=1)
        source = await store.write(Store.add_source, "https://wire.example/", "Wire", later)
        await store.write(
            Store.record_not_modified,
            source.id,
            PollSuccess(None, None, later),
            now - timedelta(hours=1),
        )
        await subscribe(store, CHAT, "shelling", now - timedelta(hours=1))
        await store.write(
            store_items,
            source.id,
            [item("Shelling resumes near the line", "x", published=now)],
            PollSuccess(None, None, later),
            now,
        )
        sender = Recorder()
        deliverer = Deliverer(store, {"telegram": sender}, lambda: now)

        await store.write(lambda w: w.db.execute("PRAGMA query_only = 1"))
        with pytest.raises(StorageError, match="read-only"):
            await deliverer.deliver_due()  # Deliverer.run pauses on this, it does not die
        assert len(sender.sent) == 1
        assert (await store.read(Store.stats))["queued"] == 1  # still owed, not lost
        await store.write(lambda w: w.db.execute("PRAGMA query_only = 0"))
        await deliverer.deliver_due()
        stats = await store.read(Store.stats)
        assert stats["sent"] == 1 and stats["queued"] == 0
        assert len(sender.sent) == 2  # the one in flight at the failure, once more
        assert await store.read(Store.check) == "ok"
    finally:
        await store.close()


# --- a really full disk: a tiny tmpfs in a private mount namespace ------------------------

_DRIVER = textwrap.dedent("""
    import json, os, shutil, sqlite3, subprocess, sys
    mount, seed, out = sys.argv[1], sys.argv[2], sys.argv[3]
    db = os.path.join(mount, "bot.db")
    shutil.copy(seed, db)
    env = dict(os.environ, TRUCEWATCH_DB=db)
    def cli(*args):
        done = subprocess.run([sys.executable, "-m", "bot", *args], env=env, cwd=mount,
                              capture_output=True, text=True, timeout=120)
        return {"rc": done.returncode, "out": done.stdout, "err": done.stderr}
    def items():
        con = sqlite3.connect(db)
        try:
            return con.execute("SELECT count(*) FROM items").fetchone()[0]
        finally:
            con.close()
    # Fill the file system, leaving a sliver (SQLite's shared-memory index still fits).
    filler = os.path.join(mount, "filler")
    with open(filler, "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\\0" * 4096)
                f.flush()
        except OSError:
            pass
    stat = os.statvfs(mount)
    os.truncate(filler, os.path.getsize(filler) - 96 * 1024)
    result = {"free_before": stat.f_bavail * stat.f_frsize, "items_before": items()}
    result["full"] = cli("run", "--once")
    os.remove(filler)
    result["check"] = cli("check")
    result["items_after_full"] = items()
    result["again"] = cli("run", "--once")
    result["items_after_room"] = items()
    result["check_again"] = cli("check")
    json.dump(result, open(out, "w"))
""")


def _can_unshare() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, check=False)
    return probe.returncode == 0


@pytest.mark.skipif(not _can_unshare(), reason="no private mount namespaces (unshare -m) here")
def test_really_full_disk_gives_a_clear_error_then_recovers(
    tmp_path: Path, feed_site_thread: FeedSite
) -> None:
    site = feed_site_thread
    site.add_feed("/small", "rss", items=make_entries(3))
    site.add_feed("/big", "rss", items=bulky(2, 150))
    seed = tmp_path / "seed.db"
    env = cli_env(
        TRUCEWATCH_DB=str(seed), TRUCEWATCH_ALLOW_PRIVATE_URLS="1", TRUCEWATCH_PARSE_WORKERS="0"
    )
    assert run_cli("sources", "add", site.url("/small"), cwd=tmp_path, env=env).returncode == 0
    assert run_cli("run", "--once", cwd=tmp_path, env=env).returncode == 0
    assert run_cli("sources", "add", site.url("/big"), cwd=tmp_path, env=env).returncode == 0

    mount, out = tmp_path / "tiny", tmp_path / "result.json"
    mount.mkdir()
    driver = tmp_path / "driver.py"
    driver.write_text(_DRIVER)
    script = (
        f'mount -t tmpfs -o size=2m tmpfs "{mount}" && '
        f'exec "{sys.executable}" "{driver}" "{mount}" "{seed}" "{out}"'
    )
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", script],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(out.read_text())

    full = result["full"]
    assert_no_traceback(full["out"], full["err"])
    assert full["rc"] != 0, full  # every poll failed: it says so and stops
    assert "disk is full" in full["err"], full["err"][-2000:]
    assert result["items_after_full"] == result["items_before"] == 3  # nothing lost
    for check in (result["check"], result["check_again"]):
        assert check["rc"] == 0 and check["out"].strip().endswith(": ok"), check
    again = result["again"]
    assert again["rc"] == 0, again["err"][-2000:]
    assert result["items_after_room"] == 153  # the big feed, stored once there was room
