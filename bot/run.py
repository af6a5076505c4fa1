"""`trucewatch run`: the bot on its chat platforms, on the console, or the offline demo."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
import tempfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from bot.app import App, build_app
from bot.config import Settings
from bot.demo import DEMO_EPOCH, DemoSite, feed_title, load_feeds
from bot.match import parse_query
from bot.pipeline import PollReport
from handlers.console import CONSOLE_CHAT, ConsoleSender, ConsoleTransport, classified_line
from handlers.replies import Caller
from storage.store import Store

log = logging.getLogger(__name__)
EVERYTHING = parse_query("violations diplomacy casualties")


async def run(settings: Settings, *, once: bool, demo: bool, demo_seconds: float) -> int:
    if demo or (settings.console_mode and not await _has_sources(settings)):
        return await run_demo(settings, once=once, seconds=demo_seconds)
    app = await build_app(settings)
    if settings.console_mode:
        await follow_everything_on_console(app, app.clock())
    if once:
        return await run_once(app, print_items=settings.console_mode)
    return await run_forever(app)


async def _has_sources(settings: Settings) -> bool:
    def count() -> int:
        store = Store(str(settings.db_path))
        try:
            return len(store.list_sources())
        finally:
            store.close()

    return await asyncio.to_thread(count) > 0


async def follow_everything_on_console(app: App, since: datetime) -> None:
    """Console mode delivers to one chat that follows all three categories, and truces."""
    await app.store.write(Store.ensure_chat, CONSOLE_CHAT, "private", "terminal", since)
    await app.store.write(
        Store.add_subscription,
        CONSOLE_CHAT,
        EVERYTHING,
        since,
        max_per_chat=app.settings.max_subscriptions,
    )
    await app.store.write(Store.follow_truces, CONSOLE_CHAT, since)


async def run_forever(app: App) -> int:
    stop = asyncio.Event()
    app.start(on_failure=lambda exc: stop.set())
    names = " and ".join(t.name for t in app.transports)
    print(f"TruceWatch running on {names}; Ctrl-C stops.", file=sys.stderr, flush=True)
    try:
        await wait_for_signal(stop)
    finally:
        await app.stop()
    if app.start_error is not None:
        log.error(
            "a chat platform refused to start the bot: %s (check its token and API URL)",
            app.start_error,
        )
        return 1
    return 0


async def run_once(app: App, *, print_items: bool = True) -> int:
    """Poll every due source once, queue due notices, deliver what is due, print what came
    in."""
    started = app.clock()
    try:
        for transport in app.transports:
            await transport.open()
        reports = await app.pipeline.poll_once()
        await app.notifier.tick()  # truce news and digests that are due
        await app.deliverer.deliver_due()
        await _report_once(app, reports, started, print_items)
    finally:
        for transport in app.transports:
            await transport.close()
        await app.close()
    failed = [r for r in reports if not r.ok]
    return 1 if reports and len(failed) == len(reports) else 0


async def _report_once(
    app: App, reports: list[PollReport], started: datetime, print_items: bool
) -> None:
    if print_items:
        for item in await app.store.read(Store.fetched_since, started):
            c = item.classification
            print(classified_line(item.title, c, item.published_at, item.source_name))
    failed = [r for r in reports if not r.ok]
    print(
        f"polled {len(reports)} sources: {len(reports) - len(failed)} ok, {len(failed)} "
        f"failed; {sum(r.new_items for r in reports)} new items; "
        f"{app.deliverer.sent} alerts delivered",
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
    settings = replace(
        settings,
        db_path=db_path,
        poll_seconds=min(settings.poll_seconds, 2.0),
        telegram_token=None,
    )
    console = ConsoleTransport(pictures=db_path.parent)
    app = await build_app(
        settings, allow_private=True, make_transports=lambda *_: [console], news_max_age=None
    )
    for feed in feeds:
        url = f"{base}/{feed.name}"
        await app.store.write(
            Store.add_source, url, feed_title(feed.name), app.clock(), origin="demo"
        )
    await follow_everything_on_console(app, DEMO_EPOCH)
    try:
        if once:
            return await run_once(app)
        return await _replay(app, site, console.sender)
    finally:
        await site.stop()


async def _replay(app: App, site: DemoSite, sender: ConsoleSender) -> int:
    print(
        f"TruceWatch demo: replaying {sum(len(f.entries) for f in site.feeds.values())} "
        f"items from {len(site.feeds)} bundled feeds over {site.duration:g} s. Items from "
        "before the truce are stored quietly; each later one that a subscriber to all three "
        "categories would get is printed as an alert. Ctrl-C stops.",
        flush=True,
    )
    app.start()
    stop = asyncio.Event()
    watcher = asyncio.create_task(_stop_when_done(app, site, stop))
    try:
        await wait_for_signal(stop)
        await show_truces(app, sender)
    finally:
        watcher.cancel()
        await app.stop()
    print(
        f"Demo finished: {sender.count} alerts and {sender.notices} truce notices. Set "
        "TELEGRAM_BOT_TOKEN to run on Telegram (see README). The demo database was "
        f"{app.settings.db_path}; `TRUCEWATCH_DB={app.settings.db_path} trucewatch truces` "
        "lists its truces.",
        flush=True,
    )
    return 0


async def show_truces(app: App, sender: ConsoleSender) -> None:
    """What `/truce` answers at the end of the demo."""
    caller = Caller(CONSOLE_CHAT, None)
    sender.show(await app.commands.handle(caller, "truce", ""), "/truce")


async def _stop_when_done(app: App, site: DemoSite, stop: asyncio.Event) -> None:
    """The replay is over once every item is out, polled, and its alerts are delivered."""
    await asyncio.sleep(max(0.0, site.started + site.duration - site.clock()))
    await asyncio.sleep(app.settings.poll_seconds * 2 + 1)  # the last items get polled
    await app.notifier.tick()  # the truce news they bring
    # The queue lives in the database, which has no change event to wait on.
    while await _undelivered(app):  # noqa: ASYNC110
        await asyncio.sleep(0.5)
    stop.set()


async def _undelivered(app: App) -> int:
    alerts = (await app.store.read(Store.stats))["queued"]
    return alerts + await app.store.read(Store.pending_notices)


async def wait_for_signal(stop: asyncio.Event | None = None) -> None:
    """Until SIGINT or SIGTERM (or `stop` is set)."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    await stop.wait()
