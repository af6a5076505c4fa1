"""The bot under test in `poll_feeds`: built as `trucewatch run` builds it
(`bot.app.build_app`: the Fetcher, the parser workers as configured, the AsyncStore on a
real SQLite file), in a process of its own so that the memory, CPU and bytes written that
the parent reads from /proc are the bot's alone, and driven phase by phase over a pipe:

    parent -> child: ("first", feeds, items) | ("due",) | ("steady", feeds) | ("idle", seconds)
                     | "stop"
    child -> parent: "ready", then one dict of figures per phase, then "stopped"
    parent -> child: "exit" (after reading the child's last figures from /proc)

This module is imported by the bot process only. Parser workers (spawned) import their
parent's main module again: the bot process presents the one `trucewatch run` has, the
console script (which imports only `bot.__main__`), so that each worker holds what the
product's workers hold rather than this benchmark's harness.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
import time
import types
from collections import Counter
from collections.abc import Awaitable, Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from child_process import LagTicker

THREAD_GROUPS = (("MainThread", "event loop"), ("trucewatch-db-write", "db writer"))


def bot_main(conn: Connection, db_path: str, workers: int) -> None:
    present_product_main()
    asyncio.run(_serve(conn, db_path, workers))


def present_product_main() -> None:
    """Make the console script `trucewatch` this process's main module, as it is under
    `trucewatch run`: what spawned parser workers import again (left as it is if the
    script is not installed beside this interpreter)."""
    script = Path(sys.executable).with_name("trucewatch")
    if script.is_file():
        main = types.ModuleType("__main__")
        main.__file__ = str(script)
        sys.modules["__main__"] = main


async def _serve(conn: Connection, db_path: str, workers: int) -> None:
    from bot.app import build_app
    from bot.config import Settings

    settings = Settings(db_path=Path(db_path), parse_workers=workers, allow_private_urls=True)
    # allow_private: the feeds are on 127.0.0.1 (otherwise exactly what `trucewatch run` builds)
    core = await build_app(
        settings, allow_private=True, make_transports=lambda *_: [NullTransport()]
    )
    loop = asyncio.get_running_loop()
    conn.send("ready")
    try:
        while (command := await loop.run_in_executor(None, conn.recv)) != "stop":
            name, *args = command
            conn.send(await PHASES[name](core, *args))
    finally:
        await core.stop()
    conn.send("stopped")
    conn.recv()


# --- the phases --------------------------------------------------------------------------------


async def first_poll(core: Any, feeds: int, items: int) -> dict[str, Any]:
    """Every feed polled once on a fresh database: every item stored."""
    figures = await timed_polls(core, feeds)
    store = core.store
    figures["errors"] = await store.read(source_errors)
    figures["items"] = await store.read(item_count)
    figures["short"] = await store.read(short_sources, items)
    return figures


async def all_due(core: Any) -> dict[str, Any]:
    """Every source due again (the benchmark's own write, measured apart)."""
    await core.store.write(make_all_due)
    return {}


async def steady_poll(core: Any, feeds: int) -> dict[str, Any]:
    """Every source due: every feed answers 304."""
    figures = await timed_polls(core, feeds)
    figures["items"] = await core.store.read(item_count)
    return figures


async def nothing_due(core: Any, seconds: float) -> dict[str, Any]:
    """The bot as `trucewatch run` starts it (scheduler, delivery), with nothing due."""
    started = core.pipeline.poll_due
    polls: list[int] = []

    async def counting(*args: Any, **kwargs: Any) -> int:
        polls.append(await started(*args, **kwargs))
        return polls[-1]

    core.pipeline.poll_due = counting
    core.start()
    await asyncio.sleep(seconds)
    return {"ticks": len(polls), "polls": sum(polls)}


PHASES: dict[str, Callable[..., Awaitable[dict[str, Any]]]] = {
    "first": first_poll,
    "due": all_due,
    "steady": steady_poll,
    "idle": nothing_due,
}


async def timed_polls(core: Any, feeds: int) -> dict[str, Any]:
    before = thread_cpu()
    with LagTicker() as ticker:
        started = time.perf_counter()
        reports = await poll_everything(core.pipeline, feeds)
        seconds = time.perf_counter() - started
    cpu = thread_cpu()
    cpu.subtract(before)
    failed = [r for r in reports if not r.ok]
    return {
        "seconds": seconds,
        "lag_worst_ms": ticker.worst_ms(),
        "lag_p99_ms": ticker.p99_ms(),
        "cpu": dict(cpu),
        "polled": len(reports),
        "failed": len(failed),
        "failed_example": repr(failed[:1]),
        "new_items": sum(r.new_items for r in reports),
    }


async def poll_everything(pipeline: Any, expected: int) -> list[Any]:
    """poll_once until nothing is due (poll_due takes at most 1,000 sources a call)."""
    reports: list[Any] = []
    while len(reports) < expected:
        batch = await pipeline.poll_once()
        if not batch:
            break
        reports.extend(batch)
    return reports


def thread_cpu() -> Counter[str]:
    """CPU seconds of this process's threads so far, grouped: loop, db writer, other."""
    names = {t.native_id: t.name for t in threading.enumerate()}
    ticks = os.sysconf("SC_CLK_TCK")
    groups: Counter[str] = Counter()
    for stat in Path("/proc/self/task").glob("*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the thread ended meanwhile
            continue
        name = names.get(int(stat.parent.name), "")
        group = next((g for prefix, g in THREAD_GROUPS if name.startswith(prefix)), "other")
        groups[group] += (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
    return groups


# --- database helpers (run on the store's threads) ---------------------------------------------


def make_all_due(store: Any) -> None:
    with store.db.conn:
        store.db.execute("UPDATE sources SET next_poll_at = 0")


def source_errors(store: Any) -> list[str]:
    rows = store.db.execute(
        "SELECT url, last_error FROM sources WHERE last_error IS NOT NULL OR failures > 0 "
        "OR status != 'ok'"
    ).fetchall()
    return [f"{url}: {error}" for url, error in rows]


def item_count(store: Any) -> int:
    return int(store.db.execute("SELECT count(*) FROM items").fetchone()[0])


def short_sources(store: Any, items: int) -> dict[str, int]:
    """Feed path -> items missing, for every source that stored fewer than `items`."""
    rows = store.db.execute(
        "SELECT s.url, count(i.id) FROM sources s LEFT JOIN items i ON i.source_id = s.id "
        "GROUP BY s.id HAVING count(i.id) != ?",
        [items],
    ).fetchall()
    return {urlsplit(url).path: items - n for url, n in rows}


# --- a platform with no chats ------------------------------------------------------------------


class NullSender:
    """No subscriptions exist, so nothing is ever sent."""

    def wait_for(self, address: int) -> float:
        return 0.0

    async def send(self, alert: Any) -> int | None:
        return None


class NullTransport:
    """A platform with no chats: the pipeline alone is measured."""

    name = "console"

    def __init__(self) -> None:
        self.sender = NullSender()

    async def start(self) -> None:
        """Nothing to connect."""

    async def stop(self) -> None:
        """Nothing to close."""

    async def open(self) -> None:
        """Nothing to open."""

    async def close(self) -> None:
        """Nothing to close."""
