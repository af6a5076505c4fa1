"""Every hostile or broken behaviour of the loopback feed site, through the real pipeline
(guarded fetcher, parser worker processes, SQLite store, matcher, outbox), beside good feeds.

For each behaviour: nothing crashes; the good feeds are polled again on time while the bad
one hangs or fails; the bad one shows one clear line in /sources and backs off; whatever
gets stored is bounded and safe to put in a chat. Memory is sampled over the whole module,
parser worker processes included.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import random
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio

from bot.config import Settings
from bot.fetch import Fetcher
from bot.models import Source
from bot.pipeline import Pipeline, PollReport
from bot.schedule import MAX_RETRY_AFTER
from fakes.builders import alert_html, caller, html, subscribe
from fakes.feed_site import BEHAVIOURS, FeedEntry, FeedSite, make_entries
from fakes.waits import WAIT
from handlers.commands import Commands
from storage.store import Store
from storage.threads import AsyncStore
from tests.reliability.conftest import record
from tests.reliability.helpers import (
    Clock,
    PeakRss,
    alert_for,
    assert_stored_item_is_safe,
    guarded_fetcher,
    visible,
)

INTERVAL = 60.0
FETCH_TIMEOUT = 1.5
CHAT, ADMIN = 77, 1
GOOD_PATHS = ("/wire/one", "/wire/two")
MEMORY_LIMIT = 1 << 30
TOO_BIG = "larger than the 10 MB limit"
#: Behaviours that must fail, and a fragment of the one-line error /sources must show.
FAILS: dict[str, str] = {
    "/status/404": "HTTP 404",
    "/status/410": "HTTP 410 Gone",
    "/status/500": "HTTP 500",
    "/status/503-retry-after": "HTTP 503",
    "/status/503-retry-after-garbage": "HTTP 503",
    "/status/429-retry-after-seconds": "HTTP 429",
    "/status/429-retry-after-huge": "HTTP 429",
    "/status/429-retry-after-date": "HTTP 429",
    "/flaky/5xx-burst": "HTTP 500",
    "/slow/headers": "timed out",
    "/slow/body": "timed out",
    "silent": "timed out",
    "/endless": TOO_BIG,
    "/oversize": TOO_BIG,
    "/oversize-chunked": TOO_BIG,
    "/gzip-bomb": TOO_BIG,
    "/content/100k-items": TOO_BIG,
    "/encoding/bad-gzip": "connection broken",
    "/encoding/gzip-undeclared": "not a feed",
    "/bad-length/too-long": "connection broken",
    "/reset-mid-body": "connection broken",
    "/headers/oversize": "invalid HTTP response",
    "garbage": "invalid HTTP response",
    "/redirect/no-location": "redirect without a usable Location",
    "/redirect/loop": "redirect loop",
    "/redirect/chain/15": "too many redirects",
    "/redirect/to-file-scheme": "invalid address or redirect",
    "/redirect/to-decimal-ip": "invalid address or redirect",
    "/redirect/to-private-10": "refused to connect: 10.0.0.1 is a private address",
    "/redirect/to-ipv6-loopback": "refused to connect: ::1 is a loopback address",
    "/redirect/to-metadata": "refused to connect: 169.254.169.254",
    "/redirect/to-loopback": "refused to connect: 127.0.0.1 is a loopback address",
    "/content/html": "not a feed: the server sent an HTML page",
    "/content/broken-json": "not a feed: invalid JSON",
    "/content/png": "not a feed",
    "/content/empty-body": "empty response",
    # Cut short by its own Content-Length: a truncated document, not an empty feed.
    "/bad-length/too-short": "feed is broken and yields no entries",
}
#: Behaviours a feed reader must cope with: odd, but readable.
WORKS = frozenset(
    {
        "/status/304-unconditional",
        "/redirect/301",
        "/redirect/302",
        "/redirect/307",
        "/redirect/308",
        "/content/broken-xml",
        "/content/empty-feed",
        "/content/bom-wrong-charset",
        "/content/invalid-utf8",
        "/content/charset-header-only",
        "/content/windows-1251",
        "/content/utf16",
        "/content/billion-laughs",
        "/content/xxe",
        "/content/xxe-remote-dtd",
        "/content/huge-title",
        "/content/duplicate-guids",
        "/content/changing-guids",
        "/content/extreme-dates",
        "/content/missing-fields",
        "/content/dangerous-links",
        "/content/html-injection",
        "/content/telegram-markup",
        "/content/atom-xml-base",
        "/content/text-plain",
    }
)
#: Still fetching (until the time-out) when the good feeds are due again.
HANGS = frozenset({"/slow/headers", "/slow/body", "silent"})


def test_every_behaviour_is_classified() -> None:
    """A behaviour added to the feed site must be added here too (it is then tested)."""
    hostile = {p for p in BEHAVIOURS if not p.startswith("/good/")} | {"garbage", "silent"}
    assert set(FAILS) | WORKS == hostile
    assert not set(FAILS) & WORKS
    record("hostile behaviours tried", len(hostile))


# --- fixtures -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def memory() -> Iterator[PeakRss]:
    """Peak RSS of this process and its parser workers over the whole module."""
    with PeakRss() as sampler:
        yield sampler
    record("peak RSS, hostile feeds (MB, incl. parser workers)", round(sampler.peak_mb, 1))
    assert sampler.peak < MEMORY_LIMIT, f"peak RSS {sampler.peak_mb:.0f} MB"


@pytest.fixture(scope="module")
def parser_pool() -> Iterator[ProcessPoolExecutor]:
    """Real parser worker processes (spawned, as in production), shared by the module."""
    pool = ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn"))
    yield pool
    pool.shutdown(wait=True, cancel_futures=True)


@dataclass
class World:
    site: FeedSite
    store: AsyncStore
    clock: Clock
    commands: Commands
    pipeline: Pipeline = field(init=False)
    reports: dict[int, list[PollReport]] = field(default_factory=dict)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    tasks: dict[int, asyncio.Task[object]] = field(default_factory=dict)

    def on_report(self, report: PollReport, source: Source) -> None:
        self.reports.setdefault(source.id, []).append(report)
        task = asyncio.current_task()
        if task is not None:
            self.tasks[source.id] = task
        self.arrived.set()

    async def reports_for(
        self, source_id: int, count: int, timeout: float = WAIT
    ) -> list[PollReport]:
        """Until `source_id` has `count` poll reports (woken by each report, no polling)."""
        async with asyncio.timeout(timeout):
            while len(self.reports.get(source_id, [])) < count:
                self.arrived.clear()
                await self.arrived.wait()
            # The report comes just before the poll's task ends; until it has ended the
            # pipeline rightly counts the feed as still being polled.
            await asyncio.wait([self.tasks[source_id]])
        return self.reports[source_id]

    async def add(self, url: str, name: str) -> Source:
        return await self.store.write(Store.add_source, url, name, self.clock())

    async def source(self, source_id: int) -> Source:
        found = await self.store.read(Store.find_source, source_id)
        assert found is not None
        return found

    async def sources_text(self) -> str:
        reply = await self.commands.handle(caller(ADMIN, ADMIN), "sources", "")
        return visible(html(reply))


async def make_world(
    site: FeedSite, tmp_path: Path, parser: Executor, fetcher: Fetcher | None = None
) -> World:
    store = await AsyncStore.open(str(tmp_path / "hostile.db"))
    clock = Clock()
    world = World(site, store, clock, Commands(store, Settings(admins=frozenset({ADMIN})), clock))
    world.pipeline = Pipeline(
        store,
        fetcher or guarded_fetcher(site, timeout=FETCH_TIMEOUT),
        parser,
        default_interval=INTERVAL,
        clock=clock,
        on_report=world.on_report,
        rng=random.Random(7),
    )
    return world


@pytest_asyncio.fixture
async def world(
    feed_site: FeedSite, tmp_path: Path, parser_pool: ProcessPoolExecutor, memory: PeakRss
) -> AsyncIterator[World]:
    made = await make_world(feed_site, tmp_path, parser_pool)
    yield made
    await made.pipeline.drain()
    await made.pipeline.fetcher.close()
    await made.store.close()


#: Two unrelated violation reports, so neither joins the other's story.
_STORIES = (
    (
        "Shelling hits Barda hours after the truce took effect",
        "Officials accused the other side of violating the cease-fire by shelling Barda; "
        "two civilians were killed.",
    ),
    (
        "Drone strike on Goma market breaks humanitarian ceasefire",
        "Monitors said the attack on the market violated the pause agreed in Doha; rescue "
        "workers reported five dead.",
    ),
)


def breach(n: int, when: datetime) -> FeedEntry:
    title, summary = _STORIES[n]
    return FeedEntry(
        guid=f"breach-{n}",
        link=f"https://news.example/breach-{n}",
        published=when,
        title=title,
        summary=summary,
    )


def url_of(site: FeedSite, behaviour: str) -> str:
    if behaviour == "garbage":
        return site.garbage_url
    if behaviour == "silent":
        return site.silent_url
    return site.url(behaviour)


async def add_good_feeds(world: World) -> list[Source]:
    """Two well-behaved feeds on another host name, so they have their own connections."""
    sources = []
    for n, path in enumerate(GOOD_PATHS):
        world.site.add_feed(path, "rss", items=make_entries(3, seed=n))
        sources.append(await world.add(world.site.url(path, host="localhost"), f"Good {n}"))
    return sources


async def follow(world: World, query: str) -> None:
    await subscribe(world.store, CHAT, query, world.clock())


def one_clear_line(error: str | None) -> str:
    assert error, "a failed poll must say why"
    assert "\n" not in error and len(error) <= 500, error
    assert "internal error" not in error and "Traceback" not in error, error
    return error


# --- the per-behaviour test ---------------------------------------------------------------


@pytest.mark.parametrize("behaviour", sorted([*FAILS, *WORKS]))
async def test_hostile_feed_beside_good_ones(world: World, behaviour: str) -> None:
    good = await add_good_feeds(world)
    bad = await world.add(url_of(world.site, behaviour), behaviour)
    await follow(world, "violations")

    # Round 1: everything starts; the good feeds finish whatever the bad one does.
    assert await world.pipeline.poll_due() == 3
    for source in good:
        [first] = await world.reports_for(source.id, 1)
        assert first.ok and first.new_items == 3 and first.alerts == 0  # first poll is quiet
    if behaviour not in HANGS:
        await world.reports_for(bad.id, 1)  # it ends on its own; then round 2 is exact

    # Round 2, 1.2 intervals later: news on the good feeds; they are due and polled now.
    world.clock.advance(INTERVAL * 1.2)
    for n, path in enumerate(GOOD_PATHS):
        world.site.add_item(path, breach(n, world.clock()))
    started = await world.pipeline.poll_due()
    for source in good:
        second = (await world.reports_for(source.id, 2))[1]
        assert second.ok and second.new_items == 1 and second.alerts == 1, second
    if behaviour in HANGS:
        assert bad.id not in world.reports, "the hanging feed should still be fetching"
    # The bad feed is polled again only if it succeeded (then it is simply due again).
    assert started == (3 if behaviour in WORKS else 2)
    await world.pipeline.drain()

    [report, *_] = world.reports[bad.id]
    state = await world.source(bad.id)
    listing = await world.sources_text()
    line = next(x for x in listing.splitlines() if x.startswith(f"#{bad.id} "))
    if behaviour in WORKS:
        assert report.ok, report.error
        assert state.status == "ok" and "✅ ok" in line
    else:
        assert not report.ok
        error = one_clear_line(report.error)
        assert FAILS[behaviour] in error
        assert state.status == "failing" and state.failures == 1 and state.last_error == error
        assert "failing" in line and error[:120] in line, line
        await assert_backs_off(world, behaviour, bad.id, state)

    for item in await world.store.read(Store.latest, 10_000):
        assert_stored_item_is_safe(item)


async def assert_backs_off(world: World, behaviour: str, source_id: int, state: Source) -> None:
    """The next try is more than one interval away (capped for absurd Retry-Afters), and a
    later failure waits longer still."""
    assert state.next_poll_at is not None and state.last_error_at is not None
    gap = state.next_poll_at - state.last_error_at
    assert gap > timedelta(seconds=INTERVAL), gap
    assert gap <= MAX_RETRY_AFTER + timedelta(seconds=INTERVAL), gap
    if behaviour in HANGS:
        return  # the retry would only hang for another time-out
    world.clock.now = state.next_poll_at - timedelta(seconds=1)
    assert source_id not in await due_ids(world)
    world.clock.now = state.next_poll_at
    await world.pipeline.poll_due()
    await world.pipeline.drain()
    again = await world.source(source_id)
    assert again.failures == 2 and again.next_poll_at is not None
    assert again.next_poll_at - state.next_poll_at >= gap


async def due_ids(world: World) -> set[int]:
    return {s.id for s in await world.store.read(Store.due_sources, world.clock(), 1000)}


# --- focused cases ------------------------------------------------------------------------


async def test_changing_guids_do_not_alert_every_poll(world: World) -> None:
    source = await world.add(world.site.url("/content/changing-guids"), "Re-keyed")
    await follow(world, "story")  # every item says "Same story N"
    for poll in range(4):
        await world.pipeline.poll_due()
        await world.pipeline.drain()
        world.clock.advance(INTERVAL * 1.2)
        assert world.reports[source.id][-1].ok, poll
    assert len(world.site.requests("/content/changing-guids")) == 4
    assert (await world.source(source.id)).items_count == 3
    stats = await world.store.read(Store.stats)
    assert stats["items"] == 3 and stats["queued"] == 0, stats


async def test_a_5xx_burst_recovers_after_backing_off(world: World) -> None:
    source = await world.add(world.site.url("/flaky/5xx-burst"), "Flaky")
    gaps = []
    for _ in range(4):
        await world.pipeline.poll_due()
        await world.pipeline.drain()
        state = await world.source(source.id)
        if state.status == "ok":
            break
        assert state.next_poll_at is not None and state.last_error_at is not None
        gaps.append(state.next_poll_at - state.last_error_at)
        world.clock.now = state.next_poll_at
    assert [r.ok for r in world.reports[source.id]] == [False, False, False, True]
    assert gaps == sorted(gaps) and gaps[0] > timedelta(seconds=INTERVAL)
    assert state.failures == 0 and state.items_count == 5
    assert "✅ ok" in await world.sources_text()


async def test_100k_items_stop_at_the_parser_when_the_size_cap_allows_them(
    feed_site: FeedSite, tmp_path: Path, parser_pool: ProcessPoolExecutor, memory: PeakRss
) -> None:
    fetcher = guarded_fetcher(feed_site, timeout=20.0, max_bytes=32 * 1024 * 1024)
    world = await make_world(feed_site, tmp_path, parser_pool, fetcher)
    try:
        source = await world.add(feed_site.url("/content/100k-items"), "Archive")
        [report] = await world.pipeline.poll_once()
    finally:
        await fetcher.close()
        await world.store.close()
    assert not report.ok
    assert "more than 5000 entries" in one_clear_line(report.error)
    assert source.id == report.source_id


async def test_all_behaviours_at_once_stay_within_memory(
    feed_site: FeedSite, tmp_path: Path, parser_pool: ProcessPoolExecutor, memory: PeakRss
) -> None:
    """The worst case for memory: every hostile body in flight together (no per-host
    queueing), parsed by the worker processes."""
    fetcher = guarded_fetcher(feed_site, timeout=FETCH_TIMEOUT, per_host=200)
    world = await make_world(feed_site, tmp_path, parser_pool, fetcher)
    try:
        for behaviour in [*FAILS, *WORKS]:
            await world.add(url_of(feed_site, behaviour), behaviour)
        with PeakRss() as burst:
            reports = await world.pipeline.poll_once()
        stored = await world.store.read(Store.latest, 10_000)
    finally:
        await fetcher.close()
        await world.store.close()
    by_name = {r.source_id: r for r in reports}
    assert len(by_name) == len(FAILS) + len(WORKS)
    assert sum(r.ok for r in reports) == len(WORKS), [
        r.error for r in reports if not r.ok and "internal" in (r.error or "")
    ]
    for item in stored:
        assert_stored_item_is_safe(item)
    record(
        "peak RSS, all hostile feeds at once (MB, incl. parser workers)", round(burst.peak_mb, 1)
    )
    assert burst.peak < MEMORY_LIMIT


# --- bugs ---------------------------------------------------------------------------------


async def test_script_in_a_title_never_reaches_a_chat(world: World) -> None:
    await world.add(world.site.url("/content/html-injection"), "Injected")
    [report] = await world.pipeline.poll_once()
    assert report.ok
    for item in await world.store.read(Store.latest, 100):
        shown = visible(alert_html(alert_for(item)))
        for needle in ("<script", "onerror", "<iframe", "onload", "<style"):
            assert needle not in shown.lower(), (needle, shown)


async def test_hanging_feeds_do_not_fail_a_healthy_feed_on_the_same_host(
    feed_site: FeedSite, tmp_path: Path, parser_pool: ProcessPoolExecutor, memory: PeakRss
) -> None:
    # Production settings: per_host_connections=2 (Settings default), one host.
    fetcher = guarded_fetcher(
        feed_site, timeout=FETCH_TIMEOUT, per_host=Settings().per_host_connections
    )
    world = await make_world(feed_site, tmp_path, parser_pool, fetcher)
    try:
        await world.add(feed_site.url("/slow/headers"), "Hangs 1")
        await world.add(feed_site.url("/slow/body"), "Hangs 2")
        healthy = await world.add(feed_site.url("/good/rss"), "Healthy")
        await world.pipeline.poll_once()
        report = world.reports[healthy.id][0]
    finally:
        await fetcher.close()
        await world.store.close()
    assert report.ok, report.error
