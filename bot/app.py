"""Composition: the store, fetcher, pipeline, outbox worker, scheduler and a transport."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.config import Settings
from bot.delivery import Deliverer, Sender
from bot.fetch import Fetcher
from bot.pipeline import Pipeline
from storage.runner import AsyncStore
from storage.store import StorageError

log = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


def parser_pool(workers: int) -> Callable[[], Executor] | None:
    """Parsing runs in worker processes (it is CPU-bound); 0 workers means a thread."""
    if workers <= 0:
        return None
    context = multiprocessing.get_context("spawn")
    return lambda: ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=start_worker,
        initargs=(os.getpid(),),
    )


#: Parser processes run this much below the bot: when both want the CPU, the event loop
#: (chat commands) and the database writer go first, and parsing takes what is left.
WORKER_NICENESS = 10


def start_worker(parent: int) -> None:
    with contextlib.suppress(AttributeError, OSError):  # no os.nice on Windows
        os.nice(WORKER_NICENESS)
    exit_with_parent(parent)


def exit_with_parent(parent: int) -> None:
    """In a worker: end when the bot is gone, even if it was killed with no chance to say so."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


@dataclass
class Core:
    """Everything but the transport's front end, wired together."""

    settings: Settings
    store: AsyncStore
    fetcher: Fetcher
    pipeline: Pipeline
    deliverer: Deliverer
    clock: Callable[[], datetime]
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    scheduler: AsyncIOScheduler | None = None

    async def tick(self) -> None:
        """One scheduler tick: start polls for every due feed."""
        try:
            await self.pipeline.poll_due()
        except StorageError as exc:
            log.error("polling paused this tick: %s", exc)

    def start(self) -> None:
        self.scheduler = AsyncIOScheduler(timezone=UTC)
        self.scheduler.add_job(
            self.tick,
            "interval",
            seconds=self.settings.tick_seconds,
            coalesce=True,
            max_instances=1,
            next_run_time=self.clock(),
            id="poll",
            misfire_grace_time=None,
        )
        self.scheduler.start()
        self.tasks.append(asyncio.create_task(self.deliverer.run(), name="deliver"))

    def poll_soon(self) -> None:
        """A source was added: run a tick now rather than at the next interval."""
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.modify_job("poll", next_run_time=self.clock())

    async def stop(self) -> None:
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        for task in self.tasks:
            task.cancel()
        for task in self.tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.pipeline.drain(), timeout=10)
        self.pipeline.close()
        await self.fetcher.close()
        await self.store.close()


async def build_core(
    settings: Settings,
    sender: Sender,
    *,
    clock: Callable[[], datetime] = utc_now,
    allow_private: bool | None = None,
) -> Core:
    from datetime import timedelta

    # The database writer thread runs Python code while feeds are ingested; a shorter switch
    # interval (default 5 ms) hands the interpreter back to the event loop sooner, so chat
    # commands stay snappy during an ingest.
    sys.setswitchinterval(0.001)
    store = await AsyncStore.open(
        str(settings.db_path), broken_after=timedelta(days=settings.broken_after_days)
    )
    fetcher = Fetcher(
        allow_private=settings.allow_private_urls if allow_private is None else allow_private,
        max_bytes=settings.max_feed_bytes,
        timeout=settings.fetch_timeout,
        per_host=settings.per_host_connections,
    )
    deliverer = Deliverer(store, sender, clock, concurrency=settings.send_concurrency)
    pipeline = Pipeline(
        store,
        fetcher,
        parser_pool(settings.parse_workers),
        default_interval=settings.poll_seconds,
        clock=clock,
        concurrency=settings.fetch_concurrency,
        on_alerts=deliverer.wake,
    )
    pipeline.start_workers(settings.parse_workers)
    return Core(settings, store, fetcher, pipeline, deliverer, clock)


async def wait_for_signal(stop: asyncio.Event | None = None) -> None:
    """Until SIGINT or SIGTERM (or `stop` is set)."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    await stop.wait()
