"""The whole pipeline with a fake clock: loopback feeds -> parse -> classify -> store -> outbox."""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

import bot.pipeline
from bot.app import build_app
from bot.config import Settings
from bot.fetch import Fetcher
from bot.parse import parse_feed
from bot.parse_worker import WORKER_NICENESS, parse_packed
from bot.pipeline import Pipeline
from bot.workers import parser_pool, release_due
from fakes.builders import subscribe
from fakes.feed_site import FeedEntry, FeedSite, make_entries
from fakes.waits import WAIT
from handlers.console import ConsoleTransport
from storage.store import Store
from storage.threads import (
    BULK,
    INTERACTIVE_BUDGET,
    INTERACTIVE_WINDOW,
    URGENT,
    AsyncStore,
    PriorityWriter,
)

CHAT = 77


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


@pytest_asyncio.fixture
async def world(tmp_path: Path, feed_site: FeedSite) -> AsyncIterator[tuple[Pipeline, Clock]]:
    store = await AsyncStore.open(str(tmp_path / "p.db"))
    fetcher = Fetcher(allow_private=True, timeout=3.0)
    clock = Clock()
    pipeline = Pipeline(store, fetcher, None, default_interval=60, clock=clock)
    yield pipeline, clock
    await pipeline.drain()
    await fetcher.close()
    await store.close()


async def add(pipeline: Pipeline, clock: Clock, url: str, name: str = "Feed") -> int:
    source = await pipeline.store.write(Store.add_source, url, name, clock())
    return source.id


async def follow(pipeline: Pipeline, clock: Clock, query: str, chat: int = CHAT) -> None:
    await subscribe(pipeline.store, chat, query, clock())


async def queued(pipeline: Pipeline) -> list[str]:
    alerts = await pipeline.store.read(Store.due_alerts, datetime(2999, 1, 1, tzinfo=UTC), 100)
    rows = pipeline.store._reader.db.execute(  # every pending row, not just one per chat
        "SELECT i.title FROM outbox o JOIN items i ON i.id = o.item_id ORDER BY o.id"
    ).fetchall()
    assert len(alerts) <= len(rows)
    return [r[0] for r in rows]


def breach(guid: str, place: str, when: datetime) -> FeedEntry:
    return FeedEntry(
        guid=guid,
        title=f"Shelling hits {place} hours after truce takes effect",
        summary=f"Officials accused the other side of violating the cease-fire "
        f"by shelling {place}; two civilians were killed.",
        link=f"https://news.example/{guid}",
        published=when,
    )


async def test_first_poll_is_quiet_then_new_items_alert(world, feed_site: FeedSite) -> None:
    pipeline, clock = world
    feed_site.add_feed("/wire", "rss", items=[breach("a", "Ganja", clock())])
    await add(pipeline, clock, feed_site.url("/wire"))
    await follow(pipeline, clock, "violations")
    [report] = await pipeline.poll_once()
    assert report.ok and report.new_items == 1 and report.alerts == 0
    feed_site.add_item("/wire", breach("b", "Barda", clock() + timedelta(minutes=1)))
    clock.advance(seconds=30)
    assert await pipeline.poll_once() == []  # not due yet: the interval is 60 s
    clock.advance(seconds=40)
    [report] = await pipeline.poll_once()
    assert report.new_items == 1 and report.alerts == 1
    assert await queued(pipeline) == ["Shelling hits Barda hours after truce takes effect"]
    item = (await pipeline.store.read(Store.latest, 1))[0]
    assert "ceasefire_violation" in item.classification.labels
    assert item.classification.killed == 2


async def test_steady_state_is_304_and_validators_are_echoed(world, feed_site: FeedSite) -> None:
    pipeline, clock = world
    feed_site.add_feed("/wire", "atom", items=make_entries(5))
    await add(pipeline, clock, feed_site.url("/wire"))
    await pipeline.poll_once()
    clock.advance(minutes=5)
    [report] = await pipeline.poll_once()
    assert report.ok and report.new_items == 0
    first, second = feed_site.requests("/wire")
    assert second.status == 304 and second.if_none_match == first.response_headers["ETag"]


async def test_a_poll_that_waits_for_a_fetch_slot_counts_from_its_fetch(
    tmp_path: Path, feed_site: FeedSite
) -> None:
    """With one slot the second feed is fetched only after the first: its success and its
    next poll count from then, not from when both fell due."""
    store = await AsyncStore.open(str(tmp_path / "slots.db"))
    fetcher = Fetcher(allow_private=True, timeout=3.0)
    clock = Clock()
    pipeline = Pipeline(store, fetcher, None, default_interval=60, clock=clock, concurrency=1)
    fetch = fetcher.fetch

    async def slow_fetch(*args: Any, **kwargs: Any) -> Any:
        fetched = await fetch(*args, **kwargs)
        clock.advance(minutes=5)  # a fetch that takes five minutes of the fake clock
        return fetched

    fetcher.fetch = slow_fetch  # type: ignore[method-assign]
    try:
        due = clock()
        for name in ("a", "b"):
            feed_site.add_feed(f"/{name}", "rss", items=make_entries(2))
            await add(pipeline, clock, feed_site.url(f"/{name}"), name)
        reports = await pipeline.poll_once()
        assert [r.ok for r in reports] == [True, True]
        sources = await store.read(Store.list_sources)
        started = sorted(s.last_success_at for s in sources if s.last_success_at is not None)
        assert started == [due, due + timedelta(minutes=5)]
    finally:
        await pipeline.drain()
        await fetcher.close()
        await store.close()


async def test_commands_that_keep_coming_let_every_turn_store_a_feed(
    world, feed_site: FeedSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chat's write that comes before anything of the batch is written goes first; the
    turn after it stores its first feed whatever comes, so the ingest is never starved."""
    pipeline, clock = world
    for name in ("a", "b", "c"):
        feed_site.add_feed(f"/{name}", "rss", items=make_entries(3))
        await add(pipeline, clock, feed_site.url(f"/{name}"), name)
    store, ran = pipeline.store, []
    batch = [
        await pipeline._fetch_and_parse(source, clock())
        for source in await store.read(Store.list_sources)
    ]
    ingest_one = bot.pipeline._ingest_one
    writer = store._write_pool
    assert isinstance(writer, PriorityWriter)

    def logged(*args: Any) -> Any:
        ran.append("feed")
        if ran.count("feed") <= 2:  # a command comes while the first feed is read for, twice
            writer.submit_at(URGENT, lambda: ran.append("command"))
        return ingest_one(*args)

    monkeypatch.setattr(bot.pipeline, "_ingest_one", logged)
    reports = await pipeline._write_batch(batch)
    assert ran == ["feed", "command", "feed", "command", "feed", "feed"]
    assert [getattr(r, "new_items", None) for r in reports] == [3, 3, 3]
    assert await store.read(lambda s: s.db.execute("SELECT count(*) FROM items").fetchone()[0]) == 9


async def test_a_command_write_rolls_back_the_feed_being_read_for_and_goes_next(
    world, feed_site: FeedSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chat's write that comes while a feed is still read for does not wait for that
    feed's writes and its rows: the feed is rolled back, the transaction commits the feeds
    before it, the chat's write runs, then the feed is stored whole, once."""
    pipeline, clock = world
    for name in ("a", "b", "c"):
        feed_site.add_feed(f"/{name}", "rss", items=make_entries(3))
        await add(pipeline, clock, feed_site.url(f"/{name}"), name)
    store, ran = pipeline.store, []
    batch = [
        await pipeline._fetch_and_parse(source, clock())
        for source in await store.read(Store.list_sources)
    ]
    ingest_one = bot.pipeline._ingest_one
    writer = store._write_pool
    assert isinstance(writer, PriorityWriter)

    def logged(*args: Any) -> Any:
        ran.append("feed")
        if len(ran) == 2:  # the command arrives before the second feed's plan is written
            writer.submit_at(URGENT, lambda: ran.append("command"))
        return ingest_one(*args)

    monkeypatch.setattr(bot.pipeline, "_ingest_one", logged)
    reports = await pipeline._write_batch(batch)
    assert ran == ["feed", "feed", "command", "feed", "feed"]
    assert [getattr(r, "new_items", None) for r in reports] == [3, 3, 3]
    assert await store.read(lambda s: s.db.execute("SELECT count(*) FROM items").fetchone()[0]) == 9


def test_a_writer_keeps_bulk_turns_short_only_while_chats_are_active() -> None:
    """With no command for a while, a bulk job keeps the writer as long as it needs (big
    transactions write fewer bytes); within INTERACTIVE_WINDOW of a command's write, its
    turn is over after INTERACTIVE_BUDGET seconds."""
    now = [1000.0]
    writer = PriorityWriter("test-writer", clock=lambda: now[0])
    try:
        turns: list[bool] = []

        def bulk_job() -> None:
            now[0] += INTERACTIVE_BUDGET * 2  # the job has run past its budget
            turns.append(writer.turn_over())

        writer.submit_at(BULK, bulk_job).result(WAIT)
        writer.submit_at(URGENT, lambda: None).result(WAIT)  # start-up, delivery: no chat
        writer.submit_at(BULK, bulk_job).result(WAIT)
        writer.chat_seen()  # a chat command
        writer.submit_at(BULK, bulk_job).result(WAIT)
        now[0] += INTERACTIVE_WINDOW  # no command since
        writer.submit_at(BULK, bulk_job).result(WAIT)
        assert turns == [False, False, True, False]
    finally:
        writer.shutdown()


async def test_a_batch_with_no_write_waiting_is_one_transaction(world, feed_site: FeedSite) -> None:
    pipeline, clock = world
    for name in ("a", "b"):
        feed_site.add_feed(f"/{name}", "rss", items=make_entries(2))
        await add(pipeline, clock, feed_site.url(f"/{name}"), name)
    store, jobs = pipeline.store, []
    write_bulk = store.write_bulk

    async def logged_bulk(fn: Any, *args: Any) -> Any:
        jobs.append(fn.__name__)
        return await write_bulk(fn, *args)

    batch = [
        await pipeline._fetch_and_parse(source, clock())
        for source in await store.read(Store.list_sources)
    ]
    store.write_bulk = logged_bulk  # type: ignore[method-assign]
    assert len(await pipeline._write_batch(batch)) == 2
    assert jobs == ["ingest_polls"]


async def test_same_body_from_a_server_without_validators_is_not_parsed_again(
    world, feed_site: FeedSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A static file server answers 200 with the same bytes every time: nothing is new."""
    pipeline, clock = world
    folder = tmp_path / "static"
    folder.mkdir()
    feed_site.add_feed("/wire", "rss", items=[breach("a", "Ganja", clock())])
    (folder / "wire.xml").write_bytes(feed_site.feed_body("/wire"))
    feed_site.serve_directory("/static", folder)
    parsed: list[str] = []

    def counting_parse(body: bytes, **kw: object) -> object:
        parsed.append(str(kw["url"]))
        return parse_feed(body, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr("bot.parse.parse_feed", counting_parse)
    source_id = await add(pipeline, clock, feed_site.url("/static/wire.xml"))
    await pipeline.poll_once()
    clock.advance(minutes=5)
    [report] = await pipeline.poll_once()
    assert report.ok and report.new_items == 0 and len(parsed) == 1
    assert [r.status for r in feed_site.requests("/static/wire.xml")] == [200, 200]
    source = await pipeline.store.read(Store.find_source, source_id)
    assert source is not None and source.last_success_at == clock()
    feed_site.add_item("/wire", breach("b", "Barda", clock()))
    (folder / "wire.xml").write_bytes(feed_site.feed_body("/wire"))
    clock.advance(minutes=5)
    [report] = await pipeline.poll_once()
    assert report.new_items == 1 and len(parsed) == 2


def parser_processes(before: set[multiprocessing.process.BaseProcess]) -> int:
    """Worker processes started since `before` and still alive."""
    return len(set(multiprocessing.active_children()) - before)


@pytest_asyncio.fixture
async def pooled(
    tmp_path: Path,
) -> AsyncIterator[tuple[Pipeline, Clock, set[multiprocessing.process.BaseProcess]]]:
    """A pipeline parsing in up to two worker processes, idle ones let go after a minute."""
    before = set(multiprocessing.active_children())
    store = await AsyncStore.open(str(tmp_path / "w.db"))
    fetcher = Fetcher(allow_private=True, timeout=3.0)
    clock = Clock()
    pipeline = Pipeline(
        store,
        fetcher,
        parser_pool(2),
        default_interval=600,  # no feed falls due while the workers idle
        clock=clock,
        workers_idle_after=timedelta(minutes=1),
    )
    yield pipeline, clock, before
    await pipeline.drain()
    pipeline.close()
    await fetcher.close()
    await store.close()


async def test_parser_workers_start_with_the_first_body_and_go_when_idle(
    pooled, feed_site: FeedSite
) -> None:
    pipeline, clock, before = pooled
    assert await pipeline.poll_once() == []  # nothing to poll, nothing to parse
    assert parser_processes(before) == 0
    feed_site.add_feed("/wire", "rss", items=[breach("a", "Ganja", clock())])
    await add(pipeline, clock, feed_site.url("/wire"))
    [report] = await pipeline.poll_once()
    assert report.ok and report.new_items == 1
    assert parser_processes(before) == 1  # one body: one worker of the two allowed
    clock.advance(seconds=59)
    await pipeline.poll_due()
    assert parser_processes(before) == 1
    clock.advance(seconds=1)
    await pipeline.poll_due()  # a minute without parsing: gone, and joined
    assert parser_processes(before) == 0 and not pipeline.parsers.running
    clock.advance(minutes=12)
    [report] = await pipeline.poll_once()  # due again: 304, nothing to parse
    assert report.ok and parser_processes(before) == 0


async def test_parser_workers_come_back_for_the_next_body(pooled, feed_site: FeedSite) -> None:
    pipeline, clock, before = pooled
    feed_site.add_feed("/wire", "rss", items=[breach("a", "Ganja", clock())])
    await add(pipeline, clock, feed_site.url("/wire"))
    await pipeline.poll_once()
    clock.advance(minutes=12)
    assert await pipeline.parsers.release_idle()
    feed_site.add_item("/wire", breach("b", "Barda", clock()))
    [report] = await pipeline.poll_once()
    assert report.new_items == 1 and parser_processes(before) == 1


@pytest.mark.parametrize(
    ("last_used", "parsing", "idle_for", "expected"),
    [
        (None, 0, 3600, False),  # never used: nothing running to let go
        (0, 0, 59, False),
        (0, 0, 60, True),
        (0, 1, 3600, False),  # a parse is running
    ],
)
def test_when_idle_workers_are_released(
    last_used: int | None, parsing: int, idle_for: int, expected: bool
) -> None:
    start = datetime(2020, 10, 10, tzinfo=UTC)
    used = None if last_used is None else start
    now = start + timedelta(seconds=idle_for)
    assert release_due(used, parsing, now, timedelta(seconds=60)) is expected


async def test_a_bot_with_nothing_due_starts_no_parser_worker(tmp_path: Path) -> None:
    before = set(multiprocessing.active_children())
    settings = Settings(db_path=tmp_path / "idle.db", parse_workers=2)
    console = ConsoleTransport(io.StringIO())
    app = await build_app(settings, make_transports=lambda *_: [console])
    try:
        await app.tick()  # what the scheduler runs: nothing is due
        assert parser_processes(before) == 0
    finally:
        await app.close()


def loaded_by(module: str, names: set[str]) -> list[str]:
    """Which of `names` a fresh interpreter has loaded after importing `module`."""
    code = f"import json, sys, {module}; print(json.dumps(sorted({names!r} & set(sys.modules))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return list(json.loads(out.stdout))


def test_parser_workers_do_not_carry_storage() -> None:
    """A worker imports the program's main module again; the command line's must not pull
    in the database layer (sqlite-utils brings numpy: ~18 MB a worker)."""
    assert loaded_by("bot.__main__", {"sqlite_utils", "aiohttp", "numpy"}) == []


def test_the_bot_itself_does_not_load_the_parser_or_numpy() -> None:
    """Parsing happens in the workers: the bot's process needs neither feedparser nor the
    lexicons (~6 MB), nor the numpy that sqlite-utils would bring (~11 MB)."""
    assert loaded_by("bot.app", {"feedparser", "bot.classify", "numpy"}) == []


FETCHED = datetime(2020, 10, 10, tzinfo=UTC)


def test_parser_workers_load_no_tls_and_still_parse() -> None:
    """A worker never opens a connection: OpenSSL (ssl, hashlib's _hashlib), which
    feedparser's HTTP module would load, stays out (~4.5 MB a worker)."""
    make_pool = parser_pool(1)
    assert make_pool is not None
    body = b"<rss><channel><title>T</title><item><title>Ganja shelled</title></item></channel>"
    with make_pool() as pool:
        query = "sorted({'ssl', '_ssl', '_hashlib'} & set(__import__('sys').modules))"
        loaded = pool.submit(eval, query).result(timeout=30)
        feed = pool.submit(
            parse_packed, body + b"</rss>", url="http://x/", content_type=None, fetched_at=FETCHED
        )
        packed = feed.result(timeout=30)
    assert loaded == []
    assert packed.title == "T"
    assert [item.title for item in packed.items.unpack()] == ["Ganja shelled"]


def test_parser_workers_run_below_the_bot() -> None:
    """When parsing and the bot both want the CPU, chat commands and the writer go first."""
    make_pool = parser_pool(1)
    assert make_pool is not None
    with make_pool() as pool:
        worker = pool.submit(os.nice, 0).result(timeout=30)
    assert worker == min(os.nice(0) + WORKER_NICENESS, 19)


async def test_same_story_on_two_feeds_alerts_once(world, feed_site: FeedSite) -> None:
    pipeline, clock = world
    feed_site.add_feed("/reuters", "rss", items=[])
    feed_site.add_feed("/rferl", "atom", items=[])
    await add(pipeline, clock, feed_site.url("/reuters"), "Reuters")
    await add(pipeline, clock, feed_site.url("/rferl"), "RFE/RL")
    await pipeline.poll_once()
    await follow(pipeline, clock, "casualties")
    story = breach("x", "Ganja", clock())
    feed_site.add_item("/reuters", story)
    feed_site.add_item(
        "/rferl",
        FeedEntry(
            guid="rferl-1",
            title=story.title.upper() + " - RFE/RL",
            summary=story.summary,
            link="https://rferl.example/1",
            published=clock() + timedelta(minutes=40),
        ),
    )
    clock.advance(minutes=2)
    reports = await pipeline.poll_once()
    assert sum(r.new_items for r in reports) == 2 and sum(r.alerts for r in reports) == 1
    assert len(await queued(pipeline)) == 1


async def test_broken_feed_shows_its_error_and_backs_off(world, feed_site: FeedSite) -> None:
    pipeline, clock = world
    await add(pipeline, clock, feed_site.url("/content/html"), "Not a feed")
    await add(pipeline, clock, feed_site.url("/status/500"), "Down")
    await add(pipeline, clock, feed_site.url("/status/429-retry-after-seconds"), "Busy")
    reports = await pipeline.poll_once()
    assert not any(r.ok for r in reports)
    sources = {s.name: s for s in await pipeline.store.read(Store.list_sources)}
    assert sources["Not a feed"].last_error == "not a feed: the server sent an HTML page"
    assert sources["Down"].last_error.startswith("HTTP 500")
    assert all(s.status == "failing" and s.failures == 1 for s in sources.values())
    assert sources["Down"].next_poll_at - clock() >= timedelta(seconds=100)  # 2 intervals -10%
    assert sources["Busy"].next_poll_at - clock() >= timedelta(seconds=30)
    clock.advance(seconds=90)
    assert await pipeline.poll_once() == []  # backing off: not due yet


async def test_ssrf_refusal_is_recorded_on_the_source(tmp_path: Path, feed_site: FeedSite) -> None:
    store = await AsyncStore.open(str(tmp_path / "s.db"))
    fetcher = Fetcher(allow_private=False, timeout=3.0)
    clock = Clock()
    pipeline = Pipeline(store, fetcher, None, default_interval=60, clock=clock)
    try:
        await add(pipeline, clock, feed_site.url("/good/rss"), "Loopback")
        await add(pipeline, clock, "http://169.254.169.254/latest/meta-data/", "Metadata")
        await add(pipeline, clock, "http://10.0.0.1/feed", "Private")
        reports = await pipeline.poll_once()
    finally:
        await fetcher.close()
        await store.close()
    assert [r.ok for r in reports] == [False, False, False]
    assert all("refused to connect" in (r.error or "") for r in reports)
    assert feed_site.requests("/good/rss") == []


async def test_permanent_redirect_updates_the_stored_url(world, feed_site: FeedSite) -> None:
    pipeline, clock = world
    source_id = await add(pipeline, clock, feed_site.url("/redirect/301"))
    [report] = await pipeline.poll_once()
    assert report.ok
    source = await pipeline.store.read(Store.find_source, source_id)
    assert source.url == feed_site.url("/good/rss")


@pytest.mark.parametrize(
    "path",
    [
        "/content/broken-xml",
        "/content/empty-body",
        "/content/png",
        "/content/billion-laughs",
        "/content/xxe",
    ],
)
async def test_bad_bodies_fail_cleanly(world, feed_site: FeedSite, path: str) -> None:
    pipeline, clock = world
    await add(pipeline, clock, feed_site.url(path))
    [report] = await pipeline.poll_once()
    if report.ok:  # a lenient parse is fine, as long as nothing private leaks in
        items = await pipeline.store.read(Store.latest, 100)
        assert not any("root:" in i.summary for i in items)
    else:
        assert report.error


async def test_a_new_source_is_polled_at_the_next_tick(world, feed_site: FeedSite) -> None:
    pipeline, clock = world
    feed_site.add_feed("/wire", "rss", items=make_entries(2))
    await add(pipeline, clock, feed_site.url("/wire"))
    assert await pipeline.poll_due() == 1  # due immediately, not after an interval
    await pipeline.drain()


async def test_news_published_while_down_is_alerted_after_restart(
    tmp_path: Path, feed_site: FeedSite
) -> None:
    feed_site.add_feed("/wire", "rss", items=[breach("early", "Barda", datetime.now(UTC))])
    clock = Clock()

    async def process(first: bool) -> list[str]:
        store = await AsyncStore.open(str(tmp_path / "r.db"))
        fetcher = Fetcher(allow_private=True, timeout=3.0)
        pipeline = Pipeline(store, fetcher, None, default_interval=60, clock=clock)
        try:
            if first:
                await add(pipeline, clock, feed_site.url("/wire"))
                await follow(pipeline, clock, "Ganja")
            await pipeline.poll_once()
            return await queued(pipeline)
        finally:
            await fetcher.close()
            await store.close()

    assert await process(first=True) == []
    clock.advance(minutes=30)  # the bot is down; the world is not
    feed_site.add_item("/wire", breach("while-down", "Ganja", clock() - timedelta(minutes=20)))
    assert await process(first=False) == ["Shelling hits Ganja hours after truce takes effect"]
