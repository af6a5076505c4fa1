"""Storage benchmark: database size per 100,000 items, retention's prune speed, and what
a /metrics scrape costs on that database.

The items are what the loopback feed site serves (`fakes.feed_documents.make_entries`:
varied conflict news with places, figures and quotes), rendered as RSS, parsed and
classified by the bot's own `bot.parse.parse_feed` (in worker processes) and stored by the
bot's own ingest path (`bot.pipeline.store_items`: items, their search rows, label and
band index rows, same-story links across feeds) on a real SQLite file. The feeds'
publication times are spread over a year, a feed's 50 items over a day or two, so stories
join across neighbouring feeds as they do in real news.

Then, in order:

1. the file is checkpointed and measured: bytes per item, and per table and index
   (SQLite's dbstat);
2. N chats, each following "violations", and outbox rows (alerts, written as the fan-out
   writes them, sent a minute later) are added and measured: bytes per outbox row;
3. /metrics: `bot.metrics.Metrics.render()` with the cache off, as a scrape would run it,
   R times on the event loop; the database read (on the reader thread) and the whole
   render are timed; then again with the newest P alerts pending, as in a big fan-out;
4. retention prunes everything (the clock is set a year and a day after the newest item),
   through `bot.pruner.Pruner` on an `AsyncStore`, as the daily job runs it; meanwhile a
   "chat command" (an URGENT write, as /subscribe makes) is issued every 20 ms and its
   wait is recorded: that is what retention costs the people using the bot.

Usage: .venv/bin/python benchmarks/storage_retention.py [--items 100000] [--chats 10000]
       [--alerts 200000] [--scrapes 20] [--pending 100000] [--item-batch N]
       [--keep DIR] [--json]

--keep DIR builds the database in DIR and keeps a copy there: later runs with the same
--keep reuse it (to compare batch sizes without building again).
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import json
import logging
import os
import platform
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `fakes` is not installed
    sys.path.insert(0, str(ROOT))

from report import print_table, printer  # noqa: E402

import bot.pruner as pruner_module  # noqa: E402
from bot.metrics import Metrics  # noqa: E402
from bot.models import ChatRef, ParsedItem, PollSuccess  # noqa: E402
from bot.parse import parse_feed  # noqa: E402
from bot.pipeline import store_items  # noqa: E402
from bot.pruner import Pruner, PruneReport  # noqa: E402
from bot.retention import RetentionPolicy  # noqa: E402
from fakes.feed_documents import make_entries, render_feed  # noqa: E402
from storage.gauges import read_gauges  # noqa: E402
from storage.retention import prune_alerts, prune_stories  # noqa: E402
from storage.store import Store  # noqa: E402
from storage.threads import AsyncStore  # noqa: E402

T = TypeVar("T")
PER_FEED = 50
YEAR = timedelta(days=365)
NEWEST = datetime(2024, 6, 1, 12, tzinfo=UTC)  # make_entries' newest item


@dataclass
class Result:
    items: int
    feeds: int
    build_seconds: float
    items_bytes: int
    bytes_per_item: float
    bytes_per_100k_items: float
    chats: int
    alerts: int
    bytes_per_alert: float
    total_bytes: int
    gauges_read_ms_median: float
    scrape_ms_median: float
    scrape_ms_max: float
    pending_in_burst: int
    burst_scrape_ms_median: float
    burst_scrape_ms_max: float
    prune_seconds: float
    pruned_items: int
    pruned_alerts: int
    prune_batches: int
    items_per_second: float
    batch_ms_median: float
    batch_ms_p99: float
    batch_ms_max: float
    command_wait_ms_median: float
    command_wait_ms_p99: float
    command_wait_ms_max: float
    commands_during_prune: int
    free_pages_after_prune: int


# --- building ---------------------------------------------------------------------------


def feed_items(feed: int, feeds: int) -> list[ParsedItem]:
    """One feed's items, parsed and classified by the bot; shifted to its place in the
    year (feed 0 newest)."""
    shift = YEAR * feed / feeds
    entries = make_entries(PER_FEED, seed=feed)
    body = render_feed("rss", f"Wire {feed}", entries)
    fetched = NEWEST - shift + timedelta(minutes=5)
    parsed = parse_feed(
        body, url=f"https://wire{feed}.example/rss", content_type=None, fetched_at=fetched
    )
    return [_shifted(item, shift) for item in parsed.items]


def _shifted(item: ParsedItem, shift: timedelta) -> ParsedItem:
    from dataclasses import replace

    return replace(item, published_at=item.published_at - shift)


def build_items(store: Store, feeds: int, say) -> float:
    started = time.perf_counter()
    ids = [
        store.add_source(f"https://wire{f}.example/rss", f"Wire {f}", NEWEST).id
        for f in range(feeds)
    ]
    with concurrent.futures.ProcessPoolExecutor(2) as pool:
        jobs = [pool.submit(feed_items, f, feeds) for f in reversed(range(feeds))]
        for done, (job, f) in enumerate(zip(jobs, reversed(range(feeds)), strict=True), 1):
            items = job.result()
            at = max(i.published_at for i in items) + timedelta(minutes=5)
            store_items(store, ids[f], items, PollSuccess(None, None, at + YEAR), at)
            if done % 200 == 0:
                say(f"  {done * PER_FEED:,} items stored")
    return time.perf_counter() - started


def add_alerts(store: Store, chats: int, alerts: int) -> None:
    """Chats with a subscription each; `alerts` outbox rows spread over the items, sent a
    minute after they were queued."""
    from bot.match import parse_query

    for n in range(chats):
        store.ensure_chat(ChatRef("telegram", 10_000 + n), "private", None, NEWEST - 2 * YEAR)
        store.add_subscription(
            ChatRef("telegram", 10_000 + n),
            parse_query("violations"),
            NEWEST - 2 * YEAR,
            max_per_chat=50,
        )
    chat_ids = [r["id"] for r in store.rows("SELECT id FROM chats ORDER BY id")]
    items = store.rows("SELECT id, story_id, fetched_at FROM items ORDER BY fetched_at, id")
    per_item = max(1, alerts // len(items))
    rows = [
        (it["story_id"], it["id"], chat_ids[(it["id"] * 7 + k) % len(chat_ids)], it["fetched_at"])
        for it in items
        for k in range(per_item)
    ]
    _enqueue(store, rows[:alerts])


def _enqueue(store: Store, rows: Sequence[tuple[int, int, int, float]]) -> None:
    """(story, item, chat, queued at) rows as the fan-out writes them, already sent (a
    minute after they were queued)."""
    with store.transaction() as db:
        db.conn.executemany(
            "INSERT INTO outbox (story_id, item_id, chat_id, reason, next_attempt_at, "
            "created_at, status, sent_at, attempts) "
            "VALUES (?, ?, ?, 'violations', ?, ?, 'sent', ?, 1)",
            [(story, item, chat, at, at, at + 60) for story, item, chat, at in rows],
        )


# --- measuring --------------------------------------------------------------------------


def checkpoint_size(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path.stat().st_size + _size(Path(f"{path}-wal"))


def _size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def table_sizes(path: Path) -> list[tuple[str, int]]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        rows = db.execute(
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
        ).fetchall()
    return [(str(name), int(size)) for name, size in rows]


async def measure_scrapes(path: Path, scrapes: int) -> tuple[list[float], list[float]]:
    store = await AsyncStore.open(str(path))
    metrics = Metrics(store, lambda: NEWEST)
    metrics.cache.ttl = 0
    reads, renders = [], []
    try:
        for _ in range(scrapes):
            started = time.perf_counter()
            await store.read(read_gauges, NEWEST)
            reads.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            body = await metrics.render()
            renders.append((time.perf_counter() - started) * 1000)
        assert b"trucewatch_items_total" in body
    finally:
        await store.close()
    return reads, renders


async def measure_prune(
    path: Path, item_batch: int
) -> tuple[PruneReport, list[float], list[float]]:
    store = await AsyncStore.open(str(path))
    now = NEWEST + YEAR + timedelta(days=1)
    pruner = Pruner(store, RetentionPolicy(365, item_batch=item_batch), lambda: now)
    waits: list[float] = []
    batches = _time_batches()
    try:
        pruning = asyncio.create_task(pruner.run())
        while not pruning.done():
            started = time.perf_counter()
            await store.write(Store.set_meta, "benchmark", str(started))
            waits.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(0.02)
        return await pruning, waits, batches
    finally:
        await store.close()


def _time_batches() -> list[float]:
    """How long each prune transaction holds the writer thread, in ms."""
    times: list[float] = []

    def timed(step: Callable[..., T]) -> Callable[..., T]:
        def run(*args: object) -> T:
            started = time.perf_counter()
            try:
                return step(*args)
            finally:
                times.append((time.perf_counter() - started) * 1000)

        return run

    pruner_module.prune_alerts = timed(prune_alerts)
    pruner_module.prune_stories = timed(prune_stories)
    return times


def burst(path: Path, pending: int) -> None:
    """The newest `pending` alerts waiting to be sent, as during a big fan-out (0: all sent)."""
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE outbox SET status = 'sent' WHERE status = 'pending'")
        db.execute("DELETE FROM pending_chats")
        db.execute(
            "UPDATE outbox SET status = 'pending' WHERE id > (SELECT max(id) FROM outbox) - ?",
            [pending],
        )
        db.execute(
            "INSERT INTO pending_chats (chat_id, due_at) SELECT chat_id, min(next_attempt_at) "
            "FROM outbox WHERE status = 'pending' GROUP BY chat_id"
        )


def free_pages(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return int(db.execute("PRAGMA freelist_count").fetchone()[0])


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


# --- running ----------------------------------------------------------------------------


@dataclass
class Built:
    items: int
    feeds: int
    build_seconds: float
    items_bytes: int
    chats: int
    alerts: int
    total_bytes: int


def build(path: Path, args: argparse.Namespace, say) -> Built:
    """The database, built anew; or, with --keep, the one built before in that folder."""
    saved, facts = path.with_name("built.db"), path.with_name("built.json")
    if args.keep and saved.exists() and facts.exists():
        shutil.copyfile(saved, path)
        say(f"reusing {saved}")
        return Built(**json.loads(facts.read_text()))
    built = _build(path, args, say)
    if args.keep:
        shutil.copyfile(path, saved)
        facts.write_text(json.dumps(asdict(built)))
    return built


def _build(path: Path, args: argparse.Namespace, say) -> Built:
    feeds = max(1, args.items // PER_FEED)
    path.unlink(missing_ok=True)
    store = Store(str(path))
    say(f"building {feeds * PER_FEED:,} items from {feeds:,} feeds in {path}")
    seconds = build_items(store, feeds, say)
    items = int(store.rows("SELECT count(*) AS n FROM items")[0]["n"])
    items_bytes = checkpoint_size(path)
    say(f"{items:,} items in {seconds:.1f} s: {items_bytes:,} bytes")
    _print_sizes(table_sizes(path), say)
    add_alerts(store, args.chats, args.alerts)
    alerts = int(store.rows("SELECT count(*) AS n FROM outbox")[0]["n"])
    store.close()
    total = checkpoint_size(path)
    say(f"{args.chats:,} chats and {alerts:,} sent alerts added: {total:,} bytes")
    return Built(items, feeds, round(seconds, 1), items_bytes, args.chats, alerts, total)


def run(args: argparse.Namespace, say) -> Result:
    directory = Path(args.keep or tempfile.mkdtemp(prefix="trucewatch-storage-"))
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "bench.db"
    b = build(path, args, say)
    reads, renders = asyncio.run(measure_scrapes(path, args.scrapes))
    burst(path, args.pending)
    _, burst_renders = asyncio.run(measure_scrapes(path, args.scrapes))
    burst(path, 0)
    report, waits, batches = asyncio.run(measure_prune(path, args.item_batch))
    return Result(
        items=b.items,
        feeds=b.feeds,
        build_seconds=b.build_seconds,
        items_bytes=b.items_bytes,
        bytes_per_item=round(b.items_bytes / b.items, 1),
        bytes_per_100k_items=round(b.items_bytes / b.items * 100_000),
        chats=b.chats,
        alerts=b.alerts,
        bytes_per_alert=round((b.total_bytes - b.items_bytes) / max(1, b.alerts), 1),
        total_bytes=b.total_bytes,
        gauges_read_ms_median=round(statistics.median(reads), 2),
        scrape_ms_median=round(statistics.median(renders), 2),
        scrape_ms_max=round(max(renders), 2),
        pending_in_burst=args.pending,
        burst_scrape_ms_median=round(statistics.median(burst_renders), 2),
        burst_scrape_ms_max=round(max(burst_renders), 2),
        prune_seconds=round(report.seconds, 2),
        pruned_items=report.items,
        pruned_alerts=report.alerts,
        prune_batches=report.batches,
        items_per_second=round(report.items / report.seconds),
        batch_ms_median=round(statistics.median(batches), 2),
        batch_ms_p99=round(percentile(batches, 0.99), 2),
        batch_ms_max=round(max(batches), 2),
        command_wait_ms_median=round(statistics.median(waits), 2),
        command_wait_ms_p99=round(percentile(waits, 0.99), 2),
        command_wait_ms_max=round(max(waits), 2),
        commands_during_prune=len(waits),
        free_pages_after_prune=free_pages(path),
    )


def _print_sizes(sizes: list[tuple[str, int]], say) -> None:
    total = sum(size for _, size in sizes)
    say("where the bytes are:")
    for name, size in sizes[:12]:
        say(f"  {name:<28} {size:>13,}  {size / total:6.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--chats", type=int, default=10_000)
    parser.add_argument("--alerts", type=int, default=200_000)
    parser.add_argument("--scrapes", type=int, default=20)
    parser.add_argument("--pending", type=int, default=100_000, help="alerts pending in a burst")
    parser.add_argument("--item-batch", type=int, default=RetentionPolicy(365).item_batch)
    parser.add_argument("--keep", help="build the database in this directory and keep it")
    parser.add_argument("--json", action="store_true", help="print one JSON line only")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    say = printer(args.json)
    result = run(args, say)
    if args.json:
        print(
            json.dumps(
                asdict(result) | {"python": platform.python_version(), "cpus": os.cpu_count()}
            )
        )
        return
    print_table(
        ["figure", "value"],
        [[k, f"{v:,}" if isinstance(v, int) else str(v)] for k, v in asdict(result).items()],
    )


if __name__ == "__main__":
    main()
