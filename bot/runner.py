"""`trucewatch run`: the bot on Telegram, on the console, or the offline demo."""

from __future__ import annotations

import asyncio
import logging
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from bot.app import Core, build_core, utc_now, wait_for_signal
from bot.config import Settings
from bot.demo import DEMO_EPOCH, DemoSite, load_feeds
from bot.match import parse_query
from bot.pipeline import PollReport
from handlers.commands import Commands
from handlers.console import CONSOLE_CHAT_ID, ConsoleSender, classified_line
from handlers.telegram import TelegramFrontend, TelegramSender, build_application
from handlers.telegram_limits import FloodLimiter, PerUserUpdates
from storage.store import Store

log = logging.getLogger(__name__)
EVERYTHING = parse_query("violations diplomacy casualties")


async def run(settings: Settings, *, once: bool, demo: bool, demo_seconds: float) -> int:
    if demo or (settings.console_mode and not await _has_sources(settings)):
        return await run_demo(settings, once=once, seconds=demo_seconds)
    if settings.console_mode:
        return await run_console(settings, once=once)
    return await run_telegram(settings, once=once)


async def _has_sources(settings: Settings) -> bool:
    def count() -> int:
        store = Store(str(settings.db_path))
        try:
            return len(store.list_sources())
        finally:
            store.close()

    return await asyncio.to_thread(count) > 0


async def _console_subscriber(core: Core, since: datetime) -> None:
    """Console mode delivers to one chat that follows all three categories."""
    await core.store.write(Store.ensure_chat, CONSOLE_CHAT_ID, "console", "terminal", since)
    await core.store.write(
        Store.add_subscription,
        CONSOLE_CHAT_ID,
        EVERYTHING,
        since,
        max_per_chat=core.settings.max_subscriptions,
    )


async def run_console(settings: Settings, *, once: bool) -> int:
    core = await build_core(settings, ConsoleSender())
    await _console_subscriber(core, core.clock())
    if once:
        return await _once(core)
    print(
        "TruceWatch on the console: alerts print here (set TELEGRAM_BOT_TOKEN for Telegram). "
        "Ctrl-C stops.",
        flush=True,
    )
    core.start()
    try:
        await wait_for_signal()
    finally:
        await core.stop()
    return 0


async def _once(core: Core, *, print_items: bool = True) -> int:
    """Poll every due source once, deliver what is due, print what came in."""
    started = core.clock()
    try:
        reports = await core.pipeline.poll_once()
        await core.deliverer.deliver_due()
        await _report_once(core, reports, started, print_items)
    finally:
        await core.stop()
    failed = [r for r in reports if not r.ok]
    return 1 if reports and len(failed) == len(reports) else 0


async def _report_once(
    core: Core, reports: list[PollReport], started: datetime, print_items: bool
) -> None:
    if print_items:
        for item in await core.store.read(Store.fetched_since, started):
            print(
                classified_line(
                    item.title, item.classification, item.published_at, item.source_name
                )
            )
    failed = [r for r in reports if not r.ok]
    print(
        f"polled {len(reports)} sources: {len(reports) - len(failed)} ok, {len(failed)} "
        f"failed; {sum(r.new_items for r in reports)} new items; "
        f"{core.deliverer.sent} alerts delivered",
        file=sys.stderr,
    )


async def run_demo(settings: Settings, *, once: bool, seconds: float) -> int:
    feeds = load_feeds()
    if not feeds:
        print("trucewatch: the demo feeds (examples/feeds) are missing", file=sys.stderr)
        return 2
    site = DemoSite(feeds, duration=0.0 if once else seconds)
    base = await site.start()
    db_path = Path(tempfile.mkdtemp(prefix="trucewatch-demo-")) / "demo.db"
    settings = replace(settings, db_path=db_path, poll_seconds=min(settings.poll_seconds, 2.0))
    sender = ConsoleSender()
    core = await build_core(settings, sender, allow_private=True)
    for feed in feeds:
        await core.store.write(
            Store.add_source,
            f"{base}/{feed.name}",
            _feed_name(feed.name),
            core.clock(),
            origin="demo",
        )
    await _console_subscriber(core, DEMO_EPOCH)
    try:
        if once:
            return await _once(core)
        return await _replay(core, site, sender)
    finally:
        await site.stop()


async def _replay(core: Core, site: DemoSite, sender: ConsoleSender) -> int:
    print(
        f"TruceWatch demo: replaying {sum(len(f.entries) for f in site.feeds.values())} "
        f"items from {len(site.feeds)} bundled feeds over {site.duration:g} s. Items from "
        "before the truce are stored quietly; each later one that a subscriber to all three "
        "categories would get is printed as an alert. Ctrl-C stops.",
        flush=True,
    )
    core.start()
    stop = asyncio.Event()
    watcher = asyncio.create_task(_stop_when_done(core, site, stop))
    try:
        await wait_for_signal(stop)
    finally:
        watcher.cancel()
        await core.stop()
    print(
        f"Demo finished: {sender.count} alerts. Set TELEGRAM_BOT_TOKEN to run on Telegram "
        f"(see README). The demo database was {core.settings.db_path}.",
        flush=True,
    )
    return 0


async def _stop_when_done(core: Core, site: DemoSite, stop: asyncio.Event) -> None:
    """The replay is over once every item is out, polled, and its alerts are delivered."""
    await asyncio.sleep(max(0.0, site.started + site.duration - site.clock()))
    await asyncio.sleep(core.settings.poll_seconds * 2 + 1)  # the last items get polled
    # The queue lives in the database, which has no change event to wait on.
    while (await core.store.read(Store.stats))["queued"]:  # noqa: ASYNC110
        await asyncio.sleep(0.5)
    stop.set()


def _feed_name(file_name: str) -> str:
    names = {
        "rferl-karabakh.xml": "RFE/RL Nagorno-Karabakh",
        "reuters-world.xml": "Reuters World",
        "osce-news.atom": "OSCE News",
        "mfa-armenia.xml": "MFA Armenia",
        "mod-azerbaijan.xml": "MoD Azerbaijan",
    }
    return names.get(file_name, file_name.rsplit(".", 1)[0])


class TelegramBot:
    """The whole bot on Telegram: feeds, outbox and chat, started and stopped as one."""

    def __init__(self, settings: Settings, *, clock: Callable[[], datetime] = utc_now) -> None:
        self.settings, self.clock = settings, clock
        self.core: Core | None = None
        self.frontend: TelegramFrontend | None = None
        self._starting: asyncio.Task[None] | None = None
        self.start_error: BaseException | None = None

    async def build(self) -> Core:
        limiter = FloodLimiter(
            self.settings.rate_overall,
            self.settings.rate_private,
            self.settings.rate_group_per_minute,
        )
        updates = PerUserUpdates()
        app = build_application(self.settings, limiter, updates)
        self.core = await build_core(self.settings, TelegramSender(app, limiter), clock=self.clock)
        commands = Commands(
            self.core.store, self.settings, self.clock, on_source_added=self.core.poll_soon
        )
        self.frontend = TelegramFrontend(app, commands, self.core.store, self.settings, self.clock)
        updates.on_drop = self.frontend.flood_notice
        return self.core

    async def start(self, on_failure: Callable[[BaseException], None] = lambda exc: None) -> None:
        """Start everything; connecting to Telegram goes on in the background, and if Telegram
        refuses us for good (a rejected token), `on_failure` is told."""
        core = self.core or await self.build()
        core.start()
        assert self.frontend is not None
        self._starting = asyncio.create_task(self.frontend.start())
        self._starting.add_done_callback(lambda task: self._started(task, on_failure))

    def _started(
        self, task: asyncio.Task[None], on_failure: Callable[[BaseException], None]
    ) -> None:
        if not task.cancelled() and task.exception() is not None:
            self.start_error = task.exception()
            on_failure(self.start_error)  # type: ignore[arg-type]

    async def wait_started(self) -> None:
        if self._starting is not None:
            await self._starting

    async def stop(self) -> None:
        if self._starting is not None:
            self._starting.cancel()
        if self.frontend is not None:
            await self.frontend.stop()
        if self.core is not None:
            await self.core.stop()


async def run_telegram(settings: Settings, *, once: bool) -> int:
    bot = TelegramBot(settings)
    core = await bot.build()
    assert bot.frontend is not None
    if once:
        await bot.frontend.app.initialize()
        try:
            return await _once(core, print_items=False)
        finally:
            await bot.frontend.app.shutdown()
    stop = asyncio.Event()
    await bot.start(on_failure=lambda exc: stop.set())
    log.info("TruceWatch running on Telegram; Ctrl-C stops")
    try:
        await wait_for_signal(stop)
    finally:
        await bot.stop()
    if bot.start_error is not None:
        log.error(
            "Telegram refused to start the bot: %s (check TELEGRAM_BOT_TOKEN and TELEGRAM_API_URL)",
            bot.start_error,
        )
        return 1
    return 0


__all__ = ["run", "utc_now"]
