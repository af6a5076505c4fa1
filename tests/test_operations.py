"""Operations: /metrics and /healthz served by the real app on loopback, the retention job
on the app's scheduler, and the settings that turn them on."""

from __future__ import annotations

import asyncio
import contextlib
import io
import socket
import threading
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from prometheus_client.parser import text_string_to_metric_families

from bot.app import App, build_app
from bot.config import ConfigError, Settings, load_settings
from bot.health import scheduler_problem, storage_problem, task_problem, verdict
from bot.metrics import Reading, families
from bot.models import FanoutRow, PollSuccess
from bot.pipeline import PollReport, store_items
from bot.run import follow_everything_on_console
from fakes.builders import item, subscribe, tg
from fakes.feed_site import FeedEntry, FeedSite
from handlers.console import CONSOLE_CHAT as CONSOLE
from handlers.console import ConsoleTransport
from storage.gauges import read_gauges
from storage.store import Store
from storage.threads import AsyncStore

V = "ceasefire_violation"


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


def console_app(tmp_path: Path, clock: Callable[[], datetime], **changes: Any) -> Any:
    defaults = {
        "db_path": tmp_path / "ops.db",
        "metrics_port": 0,  # any free port
        "parse_workers": 0,
        "allow_private_urls": True,
        "poll_seconds": 60,
    }
    settings = Settings(**(defaults | changes))
    console = ConsoleTransport(io.StringIO())
    return build_app(settings, clock=clock, make_transports=lambda *_: [console])


@pytest_asyncio.fixture
async def started(tmp_path: Path) -> AsyncIterator[App]:
    app = await console_app(tmp_path, Clock())
    app.start()
    try:
        yield app
    finally:
        await app.stop()


async def get(app: App, path: str) -> tuple[int, str]:
    assert app.ops.server is not None
    port = await app.ops.server.port()
    url = f"http://127.0.0.1:{port}{path}"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.text()


async def scrape(app: App) -> dict[str, float]:
    """Every sample, named with its labels: 'trucewatch_chats{transport=console}'."""
    status, text = await get(app, "/metrics")
    assert status == 200
    samples = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(s.labels.items()))
            samples[f"{s.name}{{{labels}}}" if labels else s.name] = s.value
    return samples


def breach(guid: str, place: str, when: datetime) -> FeedEntry:
    return FeedEntry(
        guid=guid,
        title=f"Shelling hits {place} hours after truce takes effect",
        summary=f"Officials accused the other side of violating the cease-fire near {place}.",
        link=f"https://news.example/{guid}",
        published=when,
    )


async def test_metrics_after_items_are_stored_and_alerts_sent(
    tmp_path: Path, feed_site: FeedSite
) -> None:
    clock = Clock()
    app = await console_app(tmp_path, clock)
    feed_site.add_feed("/wire", "rss", items=[breach("a", "Ganja", clock())])
    await app.store.write(Store.add_source, feed_site.url("/wire"), "Wire", clock())
    await app.store.write(Store.add_source, feed_site.url("/gone"), "Gone", clock())  # 404
    await follow_everything_on_console(app, clock() - timedelta(hours=1))
    reports = await app.pipeline.poll_once()  # the first poll fills the timeline quietly
    feed_site.add_item("/wire", breach("b", "Barda", clock()))
    feed_site.add_item("/wire", breach("c", "Terter", clock()))
    clock.advance(minutes=5)  # past the interval and its jitter
    reports += await app.pipeline.poll_once()  # two new items, two alerts
    app.start()  # nothing is due at this clock: the scheduler's first tick polls nothing
    try:
        await sent(app, 2)
        metrics = await scrape(app)
    finally:
        await app.stop()

    assert_contract(metrics, reports)


async def sent(app: App, alerts: int) -> None:
    """Until `alerts` alerts went out, in however many messages."""
    outcomes = 1
    while app.deliverer.sent < alerts:
        await app.deliverer.wait_outcomes(outcomes)
        outcomes += 1


def assert_contract(m: dict[str, float], reports: list[PollReport]) -> None:
    assert m["trucewatch_items_total"] == 3 and m["trucewatch_items_stored"] == 3
    assert m["trucewatch_alerts_sent_total"] == 2 and m["trucewatch_outbox_pending"] == 0
    assert m["trucewatch_fanouts_pending"] == m["trucewatch_chats_waiting"] == 0
    assert m["trucewatch_alerts_failed_total"] == m["trucewatch_alerts_dropped_total"] == 0
    assert m["trucewatch_sources"] == 2
    assert m["trucewatch_sources_by_status{status=ok}"] == 1
    assert m["trucewatch_sources_by_status{status=failing}"] == 1
    assert m["trucewatch_sources_by_status{status=broken}"] == 0
    assert m["trucewatch_feed_polls_total"] == len(reports)
    assert m["trucewatch_feed_poll_errors_total"] == sum(not r.ok for r in reports) >= 1
    assert m["trucewatch_chats{transport=console}"] == 1 and m["trucewatch_subscriptions"] == 1
    assert m["trucewatch_last_successful_poll_age_seconds"] == 0  # the clock stood still
    assert m["trucewatch_delivery_lag_seconds"] == 0 and m["trucewatch_database_bytes"] > 0
    assert "trucewatch_retention_last_run_timestamp_seconds" not in m  # never ran yet
    assert "process_cpu_seconds_total" in m and "process_resident_memory_bytes" in m
    assert any(name.startswith("python_info") for name in m)


async def test_totals_survive_a_restart_and_retention(tmp_path: Path) -> None:
    clock = Clock()
    app = await console_app(tmp_path, clock)
    source = await app.store.write(Store.add_source, "https://w.example/", "W", clock())
    old = clock() - timedelta(days=800)
    items = [item(f"Old report {i} of shelling near Fuzuli", published=old) for i in range(4)]
    await app.store.write(store_items, source.id, items, PollSuccess(None, None, old), old)
    await app.close()

    app = await console_app(tmp_path, clock)
    app.start()
    try:
        before = await scrape(app)
        await app.ops.prune()
        app.ops.metrics.cache.ttl = 0  # read again now, not in a few seconds
        after = await scrape(app)
    finally:
        await app.stop()
    assert before["trucewatch_items_total"] == after["trucewatch_items_total"] == 4
    assert (before["trucewatch_items_stored"], after["trucewatch_items_stored"]) == (4, 0)
    assert after["trucewatch_retention_pruned_items_total"] == 4
    assert after["trucewatch_retention_last_run_timestamp_seconds"] == clock().timestamp()


async def test_scrapes_within_a_few_seconds_share_one_read(started: App) -> None:
    first = await scrape(started)
    await started.store.write(Store.add_source, "https://x.example/", "X", started.clock())
    assert (await scrape(started))["trucewatch_sources"] == first["trucewatch_sources"] == 0
    started.ops.metrics.cache.ttl = 0
    assert (await scrape(started))["trucewatch_sources"] == 1


async def test_healthz_is_ok_then_503_with_the_part_that_stopped(started: App) -> None:
    assert await get(started, "/healthz") == (200, "ok\n")

    release = threading.Event()
    stuck = asyncio.ensure_future(started.store.write(lambda s: release.wait(30)))
    started.ops.storage_timeout = 0.2
    status, text = await get(started, "/healthz")
    release.set()
    await stuck
    assert status == 503 and "storage: a database thread has not answered in 0.2 s" in text
    assert "scheduler: ok" in text and "outbox worker: ok" in text
    assert (await get(started, "/healthz"))[0] == 200  # the writer is free again

    deliver = next(t for t in started.tasks if t.get_name() == "deliver")
    deliver.cancel()
    await asyncio.gather(deliver, return_exceptions=True)
    status, text = await get(started, "/healthz")
    assert status == 503 and "outbox worker: stopped" in text

    started.ticker.stop()
    status, text = await get(started, "/healthz")
    assert status == 503 and "scheduler: stopped" in text


async def test_closed_storage_is_reported(tmp_path: Path) -> None:
    store = await AsyncStore.open(str(tmp_path / "closed.db"))
    assert await storage_problem(store) is None
    await store.close()
    assert "unavailable" in (await storage_problem(store) or "")


async def test_retention_runs_daily_on_the_apps_scheduler(started: App) -> None:
    scheduler = started.ticker.scheduler
    assert scheduler is not None
    job = scheduler.get_job("retention")
    assert job.trigger.interval == timedelta(days=1)
    # one scheduler for every job
    assert {j.id for j in scheduler.get_jobs()} == {"poll", "retention", "notices"}
    assert job.next_run_time > datetime.now(UTC) + timedelta(minutes=5)  # after start-up


async def test_a_taken_port_leaves_the_bot_running(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        app = await console_app(tmp_path, Clock(), metrics_port=port)
        app.start()
        try:
            assert app.ops.server is not None
            with pytest.raises(OSError):
                await app.ops.server.port()
            assert not next(t for t in app.tasks if t.get_name() == "deliver").done()
        finally:
            await app.stop()


def test_metrics_are_off_unless_a_port_is_set() -> None:
    settings = load_settings({}, env_file=None)
    assert settings.metrics_port is None and settings.metrics_host == "127.0.0.1"
    assert settings.retention_days == 365


def test_operations_settings_are_read() -> None:
    settings = load_settings(
        {
            "TRUCEWATCH_METRICS_PORT": "9464",
            "TRUCEWATCH_METRICS_HOST": "0.0.0.0",
            "TRUCEWATCH_RETENTION_DAYS": "90",
        },
        env_file=None,
    )
    assert (settings.metrics_port, settings.metrics_host) == (9464, "0.0.0.0")
    assert settings.retention_days == 90
    assert load_settings({"TRUCEWATCH_RETENTION_DAYS": "0"}, env_file=None).retention_days == 0
    assert load_settings({"TRUCEWATCH_METRICS_HOST": "[::1]"}, env_file=None).metrics_host == "::1"


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("TRUCEWATCH_METRICS_PORT", "metrics", "port number from 1 to 65535"),
        ("TRUCEWATCH_METRICS_PORT", "0", "port number from 1 to 65535"),
        ("TRUCEWATCH_METRICS_PORT", "70000", "port number from 1 to 65535"),
        ("TRUCEWATCH_METRICS_HOST", "http://x/", "an address to listen on"),
        ("TRUCEWATCH_RETENTION_DAYS", "a year", "must be a number"),
        ("TRUCEWATCH_RETENTION_DAYS", "-1", "at least 0"),
        ("TRUCEWATCH_RETENTION_DAYS", "0.5", "0 (keep everything) or at least 1 day"),
    ],
)
def test_bad_operations_settings_are_refused_by_name(name: str, value: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings({name: value}, env_file=None)
    assert name in str(raised.value) and fragment in str(raised.value)


# --- the health verdict -------------------------------------------------------------------

NOW = datetime(2024, 6, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("running", "next_tick", "problem"),
    [
        (True, NOW + timedelta(seconds=5), None),
        (True, NOW - timedelta(seconds=30), None),  # a tick running late, within slack
        (True, NOW - timedelta(minutes=5), "poll tick overdue by 300 s"),
        (True, None, "no poll job"),
        (False, NOW, "stopped"),
    ],
)
def test_scheduler_problem(running: bool, next_tick: datetime | None, problem: str | None) -> None:
    assert scheduler_problem(running, next_tick, NOW) == problem


async def test_task_problem() -> None:
    async def fail() -> None:
        raise RuntimeError("boom")

    failed = asyncio.create_task(fail())
    await asyncio.gather(failed, return_exceptions=True)
    assert task_problem(failed) == "stopped: RuntimeError('boom')"
    assert task_problem(None) == "not started"
    alive = asyncio.create_task(asyncio.Event().wait())
    assert task_problem(alive) is None
    alive.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await alive


def test_verdict() -> None:
    good = verdict({"scheduler": None, "storage": None})
    assert good.healthy and good.status == 200 and good.text() == "ok\n"
    bad = verdict({"scheduler": None, "storage": "unavailable: disk I/O error"})
    assert bad.status == 503
    assert bad.text() == "scheduler: ok\nstorage: unavailable: disk I/O error\n"


def test_env_example_documents_the_operations_settings() -> None:
    text = (Path(__file__).resolve().parents[1] / ".env.example").read_text()
    for variable in ("METRICS_PORT", "METRICS_HOST", "RETENTION_DAYS"):
        assert f"\nTRUCEWATCH_{variable}=" in text


async def test_delivery_lag_leaves_out_chats_paused_by_their_platform(tmp_path: Path) -> None:
    store = await AsyncStore.open(str(tmp_path / "lag.db"))
    t0 = datetime(2024, 6, 1, tzinfo=UTC)
    t1, t2, t3 = (t0 + timedelta(hours=h) for h in (1, 2, 3))
    try:
        source = (await store.write(Store.add_source, "https://w.example/", "W", t0)).id
        await subscribe(store, 1, "violations", t0)
        for when, title in ((t0, "Quiet first poll"), (t1, "Ganja shelled"), (t2, "Barda hit")):
            if when == t2:
                await subscribe(store, 2, "violations", t1)
            news = [item(f"{title} despite the truce, officials say", published=when, labels=(V,))]
            await store.write(store_items, source, news, PollSuccess(None, None, when), when)
        gauges = await store.read(read_gauges, t3)
        assert gauges.outbox_pending == 3 and gauges.oldest_waiting_at == t1.timestamp()
        await store.write(Store.pause_chat, tg(1), t3 + timedelta(hours=1), "missing access")
        gauges = await store.read(read_gauges, t3)
        assert gauges.outbox_pending == 3 and gauges.oldest_waiting_at == t2.timestamp()
        assert gauges.chats_waiting == 2 and gauges.fanouts_pending == 0
        metrics = {m.name: m for m in families(Reading(gauges, 0.001), t3.timestamp())}
        assert metrics["trucewatch_delivery_lag_seconds"].samples[0].value == 3600
        # a story that many follow, still to be fanned out since half past midnight
        await store.write(fan_out, FanoutRow(1, 1, 1, "violations", t0), t0 + timedelta(minutes=30))
        gauges = await store.read(read_gauges, t3)
        assert gauges.fanouts_pending == 1 and gauges.oldest_waiting_at == t0.timestamp() + 1800
    finally:
        await store.close()


def fan_out(store: Store, row: FanoutRow, now: datetime) -> None:
    with store.transaction():
        store.insert_fanouts([row], now)


async def test_stopping_the_bot_ends_a_retention_run_cleanly(tmp_path: Path) -> None:
    clock = Clock()
    app = await console_app(tmp_path, clock)
    source = await app.store.write(Store.add_source, "https://w.example/", "W", clock())
    old = clock() - timedelta(days=800)
    items = [item(f"Old report {i} of shelling near Fuzuli", published=old) for i in range(300)]
    await app.store.write(store_items, source.id, items, PollSuccess(None, None, old), old)
    app.start()
    pruning = asyncio.create_task(app.ops.prune())
    await app.store.write(Store.ensure_chat, CONSOLE, "private", None, clock())
    await app.stop()  # closes the store: the run must be over by then
    assert pruning.done() and pruning.exception() is None
