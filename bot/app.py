"""The composition root: the store, fetcher, pipeline, outbox worker, scheduler and the
configured transports (Telegram, Discord, or the console), built and run as one.

    scheduler tick -> pipeline (fetch, parse, classify, store, match) -> outbox
    scheduler tick -> notifier (truce news, digests) -> notices
    outbox and notices -> deliverer -> each chat's transport
    transports' chat commands -> Commands -> storage
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import sys
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Protocol

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.config import Settings
from bot.courier import Courier
from bot.delivery import Sender
from bot.fetch import Fetcher
from bot.monitor import Operations
from bot.notifier import Notifier
from bot.pipeline import Pipeline
from bot.truce_book import TruceBook
from bot.truce_news import NEWS_FRESH
from bot.workers import parser_pool
from handlers.commands import Commands
from storage.store import StorageError
from storage.threads import AsyncStore

log = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


class Transport(Protocol):
    """A chat platform: its alert Sender, and its front end's life."""

    @property
    def name(self) -> str:
        """The transport's name, also the first part of its chats' addresses."""

    @property
    def sender(self) -> Sender:
        """What the outbox worker sends this platform's alerts through."""

    async def start(self) -> None:
        """Connect and serve chat commands; raises if the platform refuses us for good."""

    async def stop(self) -> None: ...

    async def open(self) -> None:
        """Enough to send alerts, without serving commands (`run --once`)."""

    async def close(self) -> None: ...


MakeTransports = Callable[[Settings, AsyncStore, Commands], Sequence[Transport]]


def configured_transports(
    settings: Settings, store: AsyncStore, commands: Commands
) -> list[Transport]:
    """Each platform whose token is set; the console when none is."""
    transports: list[Transport] = []
    if settings.telegram_token:
        from handlers.telegram.transport import TelegramTransport

        transports.append(TelegramTransport(settings, store, commands))
    if settings.discord_token:
        from handlers.discord.transport import DiscordTransport

        transports.append(DiscordTransport(settings, store, commands))
    if not transports:
        from handlers.console import ConsoleTransport

        transports.append(ConsoleTransport())
    return transports


Job = Callable[[], Awaitable[object]]


def quiet_when_stopped(job: Job) -> Job:
    """A scheduled job whose task the scheduler cancels as the bot stops ends quietly: each
    poll and notice is its own unit of work, so nothing is lost, and a traceback in the
    log would only alarm whoever reads it."""

    @functools.wraps(job)
    async def run() -> object:
        try:
            return await job()
        except asyncio.CancelledError:
            log.debug("%s cancelled: the bot is stopping", getattr(job, "__name__", "job"))
            return None

    return run


class Ticker:
    """One APScheduler interval job that starts polls for every due feed.

    The scheduler runs on the wall clock whatever clock the app is given: an interval job
    first due at an injected time long past would make APScheduler step through every
    missed interval since (minutes of CPU for a clock set to 2020)."""

    def __init__(self, seconds: float, clock: Callable[[], datetime] = utc_now) -> None:
        self.seconds, self.clock = seconds, clock
        self.scheduler: AsyncIOScheduler | None = None

    def start(self, tick: Job) -> None:
        self.scheduler = AsyncIOScheduler(timezone=UTC)
        self.scheduler.add_job(
            quiet_when_stopped(tick),
            "interval",
            seconds=self.seconds,
            coalesce=True,
            max_instances=1,
            next_run_time=self.clock(),
            id="poll",
            misfire_grace_time=None,
        )
        self.scheduler.start()

    def every(self, job_id: str, seconds: float, job: Job) -> None:
        """Another job on the same scheduler (started with it)."""
        assert self.scheduler is not None, "start the ticker first"
        self.scheduler.add_job(
            quiet_when_stopped(job),
            "interval",
            seconds=seconds,
            coalesce=True,
            max_instances=1,
            id=job_id,
            misfire_grace_time=None,
        )

    def poll_soon(self) -> None:
        """A source was added: tick now rather than at the next interval."""
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.modify_job("poll", next_run_time=self.clock())

    def add_daily(self, job_id: str, job: Job, first: datetime) -> None:
        """Another job on the same scheduler, once a day from `first` (wall-clock time)."""
        assert self.scheduler is not None, "start the ticker first"
        self.scheduler.add_job(
            quiet_when_stopped(job),
            "interval",
            days=1,
            coalesce=True,
            max_instances=1,
            next_run_time=first,
            id=job_id,
            misfire_grace_time=None,
        )

    def stop(self) -> None:
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)


class App:
    """The whole bot: feeds, outbox and every configured chat platform."""

    def __init__(
        self,
        settings: Settings,
        store: AsyncStore,
        fetcher: Fetcher,
        pipeline: Pipeline,
        deliverer: Courier,
        ticker: Ticker,
        commands: Commands,
        transports: Sequence[Transport],
        notifier: Notifier,
    ) -> None:
        self.settings, self.store, self.fetcher = settings, store, fetcher
        self.pipeline, self.deliverer, self.ticker = pipeline, deliverer, ticker
        self.commands, self.transports = commands, list(transports)
        self.clock = commands.clock
        self.notifier = notifier
        self.tasks: list[asyncio.Task[None]] = []
        self.start_error: BaseException | None = None
        self.ops = Operations(self)

    def transport(self, name: str) -> Transport:
        return next(t for t in self.transports if t.name == name)

    async def tick(self) -> None:
        """One scheduler tick: start polls for every due feed."""
        try:
            await self.pipeline.poll_due()
        except StorageError as exc:
            log.error("polling paused this tick: %s", exc)

    async def notice_tick(self) -> None:
        """Queue truce news and due digests."""
        try:
            await self.notifier.tick()
        except StorageError as exc:
            log.error("notices paused this tick: %s", exc)

    def start(self, on_failure: Callable[[BaseException], None] = lambda exc: None) -> None:
        """Poll, deliver, and connect each platform in the background; a platform that
        refuses us for good (a rejected token) is reported to `on_failure`."""
        self.ticker.start(self.tick)
        self.ticker.every("notices", self.settings.tick_seconds, self.notice_tick)
        self.tasks.append(asyncio.create_task(self.deliverer.run(), name="deliver"))
        self.ops.start()
        for transport in self.transports:
            task = asyncio.create_task(self._connect(transport, on_failure), name=transport.name)
            self.tasks.append(task)

    async def _connect(
        self, transport: Transport, on_failure: Callable[[BaseException], None]
    ) -> None:
        try:
            await transport.start()
        except Exception as exc:
            log.error("%s refused to start: %s", transport.name, exc)
            self.start_error = exc
            on_failure(exc)

    async def wait_started(self) -> None:
        """Until every platform has connected (or failed to)."""
        connecting = [t for t in self.tasks if t.get_name() != "deliver"]
        await asyncio.gather(*connecting)
        if self.start_error is not None:
            raise self.start_error

    async def stop(self) -> None:
        await self.ops.stop()
        self.ticker.stop()
        for task in self.tasks:
            task.cancel()
        for task in self.tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.deliverer.settle()  # before the transports close under the sends
        for transport in self.transports:
            await transport.stop()
        await self.close()

    async def close(self) -> None:
        """Release what `build_app` opened (for a run that never started)."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(10):
                await self.pipeline.drain()
        self.pipeline.close()
        await self.fetcher.close()
        await self.store.close()


async def build_app(
    settings: Settings,
    *,
    clock: Callable[[], datetime] = utc_now,
    allow_private: bool | None = None,
    make_transports: MakeTransports = configured_transports,
    news_max_age: timedelta | None = NEWS_FRESH,
) -> App:
    """The bot, composed. `news_max_age`: truce news older than this when first seen is
    recorded, not told (None tells it whatever its age: the demo replays 2020)."""
    # The event loop and the database writer thread take turns with the GIL during an
    # ingest: a short switch interval (default 5 ms) keeps each turn short, so neither chat
    # replies nor a command's write wait long for the other thread's Python.
    sys.setswitchinterval(0.0005)
    store = await AsyncStore.open(str(settings.db_path))
    ticker = Ticker(settings.tick_seconds)
    book = TruceBook(store, clock)
    commands = Commands(store, settings, clock, on_source_added=ticker.poll_soon, truces=book)
    transports = make_transports(settings, store, commands)
    deliverer = Courier(
        store,
        {t.name: t.sender for t in transports},
        clock,
        concurrency=settings.send_concurrency,
        list_after=timedelta(seconds=settings.list_after_seconds),
        summary_after=timedelta(seconds=settings.summary_after_seconds),
    )
    fetcher = Fetcher(
        allow_private=settings.allow_private_urls if allow_private is None else allow_private,
        max_bytes=settings.max_feed_bytes,
        timeout=settings.fetch_timeout,
        per_host=settings.per_host_connections,
    )
    pipeline = Pipeline(
        store,
        fetcher,
        parser_pool(settings.parse_workers),
        default_interval=settings.poll_seconds,
        clock=clock,
        broken_after=timedelta(days=settings.broken_after_days),
        concurrency=settings.fetch_concurrency,
        on_alerts=deliverer.wake,
    )
    notifier = Notifier(store, book, clock, wake=deliverer.wake, max_age=news_max_age)
    await notifier.prime()
    return App(
        settings, store, fetcher, pipeline, deliverer, ticker, commands, transports, notifier
    )
