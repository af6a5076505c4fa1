"""Keeping truces current over a 100,000-item database: what the bot pays per look.

    python benchmarks/truce_book.py [--items N] [--runs R] [--set mixed|worst]

The items are `truce_tracker.py`'s "mixed" set (the demo fortnight every 30 days, the
rest conflict and other news without a truce word; `--set worst`: the demo fortnight
every 7 days, every item about a truce), stored in a fresh database. Prints
the median wall time of R runs of: the command line's two-step read (`trucewatch
truces`), the bot's first look (TruceBook, cold), a look with nothing new, looks after a
batch of 400 new items arrives (none relevant; three violation reports of the live
truce); for comparison, find_truces over every item (already in memory); and the memory
a fresh process holds before its first look and at its peak during it (MB, from /proc).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.truce_tracker import filler, sets  # noqa: E402
from bot import dedup  # noqa: E402
from bot.classify import classify  # noqa: E402
from bot.models import NewItem, ParsedItem, StoredItem  # noqa: E402
from bot.truce_book import TruceBook, stored_truces  # noqa: E402
from bot.truces import find_truces  # noqa: E402
from storage.store import Store  # noqa: E402
from storage.threads import AsyncStore  # noqa: E402

NOW = datetime(2040, 1, 1, tzinfo=UTC)
VIOLATION = "Azerbaijan says Armenia shelled Ganja overnight despite the truce"
BATCH = 400


def parsed(items: list[StoredItem]) -> list[NewItem]:
    prints: dict[tuple[str, str], dedup.Fingerprint] = {}
    out = []
    for n, i in enumerate(items, 1):
        key = (i.title, i.summary)
        if key not in prints:
            prints[key] = dedup.fingerprint(i.title, i.summary)
        item = ParsedItem(str(n), i.title, i.summary, None, i.published_at, prints[key],
                          i.classification)  # fmt: skip
        out.append(NewItem(n, n, item))
    return out


def fill(path: str, items: list[StoredItem]) -> None:
    store = Store(path)
    source = store.add_source("https://bench.example/rss", "bench", NOW)
    rows = parsed(items)
    for start in range(0, len(rows), 5000):
        with store.transaction():
            store.insert_items(source.id, rows[start : start + 5000], NOW)
    store.close()


def add_batch(path: str, relevant: int) -> None:
    """Another feed's poll: BATCH new items after every stored one, `relevant` of them
    violation reports of the live truce."""
    store = Store(path)
    source = store.add_source(f"https://more.example/{relevant}", "more", NOW)
    first = int(store.db.execute("SELECT max(id) FROM items").fetchone()[0]) + 1
    start = datetime(2039, 12, 1, tzinfo=UTC)
    more = filler(BATCH - relevant, start, timedelta(days=20)) + [
        StoredItem(0, 1, "more", VIOLATION, "", None, start, start, 0, classify(VIOLATION, ""))
        for _ in range(relevant)
    ]
    rows = [NewItem(first + n, first + n, r.item) for n, r in enumerate(parsed(more))]
    with store.transaction():
        store.insert_items(source.id, rows, NOW)
    store.close()


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:7.0f} ms"


async def timed(job: Callable[[], Awaitable[object]]) -> float:
    began = time.perf_counter()
    await job()
    return time.perf_counter() - began


async def one_run(path: str) -> dict[str, float]:
    store = await AsyncStore.open(path)
    try:
        book = TruceBook(store, lambda: NOW)
        every = await store.read(Store.fetched_since, datetime(1970, 1, 1, tzinfo=UTC), 10**7)
        times = {
            "command line (stored_truces)": await timed(lambda: store.read(stored_truces, NOW)),
            "bot, first look": await timed(book.current),
            "bot, nothing new": await timed(book.current),
        }
        await asyncio.to_thread(add_batch, path, 0)
        times[f"bot, {BATCH} new items, none relevant"] = await timed(book.current)
        await asyncio.to_thread(add_batch, path, 3)
        times[f"bot, {BATCH} new items, 3 violations"] = await timed(book.current)
        began = time.perf_counter()
        find_truces(every, NOW)
        times["find_truces over every item (no book)"] = time.perf_counter() - began
        return times
    finally:
        await store.close()


def memory_mb(field: str) -> float:
    with open("/proc/self/status") as status:
        line = next(x for x in status if x.startswith(field))
    return int(line.split()[1]) / 1024


async def look_once(path: str) -> None:
    """In a fresh process: the bot's first look; prints MB held before it and at peak."""
    store = await AsyncStore.open(path)
    before = memory_mb("VmRSS")
    await TruceBook(store, lambda: NOW).current()
    print(f"{before:.1f} {memory_mb('VmHWM'):.1f}")
    await store.close()


def first_look_memory(path: str) -> tuple[float, float]:
    code = "import asyncio, sys; from benchmarks.truce_book import look_once as l; "
    code += "asyncio.run(l(sys.argv[1]))"
    run = subprocess.run(
        [sys.executable, "-c", code, path], cwd=REPO, capture_output=True, text=True, check=True
    )
    before, peak = map(float, run.stdout.split())
    return before, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--set", choices=("mixed", "worst"), default="mixed")
    args = parser.parse_args()
    runs: list[dict[str, float]] = []
    memory: list[tuple[float, float]] = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as folder:
            path = str(Path(folder) / "bench.db")
            fill(path, sets(args.items)[args.set])
            runs.append(asyncio.run(one_run(path)))
            memory.append(first_look_memory(path))
    for name in runs[0]:
        print(f"{name:40} {median_ms([r[name] for r in runs])}")
    before, peak = (statistics.median(m[i] for m in memory) for i in (0, 1))
    print(f"{'fresh process, first look: memory':40} {before:.0f} MB before, {peak:.0f} MB at peak")


if __name__ == "__main__":
    main()
