"""/metrics: what the database says about feeds, items, chats and the outbox, as Prometheus
metrics beside the client library's process, platform and garbage-collector metrics.

Every `_total` here is kept by the database itself (triggers on the rows it counts, see
`storage.gauges`), not by this process: it carries on across restarts, and retention or a
removed feed never lowers it. The values are read on the reader thread and kept
`METRICS_TTL` seconds, so scrapes cost the database one small read per interval and the
event loop never waits on the disk.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from prometheus_client import (
    CollectorRegistry,
    GCCollector,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from storage.gauges import Gauges, read_gauges
from storage.threads import AsyncStore

METRICS_TTL = 5.0

#: (metric, counter in the database, what it counts)
TOTALS = (
    ("trucewatch_items_total", "items", "Items stored since the database was created."),
    ("trucewatch_alerts_sent_total", "alerts_sent", "Alerts their chat platform confirmed."),
    (
        "trucewatch_alerts_failed_total",
        "alerts_failed",
        "Alerts given up on: refused for good, or still failing after every retry.",
    ),
    (
        "trucewatch_alerts_dropped_total",
        "alerts_dropped",
        "Alerts dropped unsent because their chat blocked the bot, went away or moved.",
    ),
    ("trucewatch_feed_polls_total", "feed_polls", "Feed polls finished, answered or failed."),
    (
        "trucewatch_feed_poll_errors_total",
        "feed_poll_errors",
        "Feed polls that failed: network, HTTP status, or a body that is no feed.",
    ),
    (
        "trucewatch_notices_sent_total",
        "notices_sent",
        "Truce notices and digests their chat platform confirmed.",
    ),
    (
        "trucewatch_notices_failed_total",
        "notices_failed",
        "Truce notices and digests given up on.",
    ),
    (
        "trucewatch_notices_dropped_total",
        "notices_dropped",
        "Truce notices and digests dropped unsent because their chat went away or moved.",
    ),
    ("trucewatch_retention_pruned_items_total", "pruned_items", "Items deleted by retention."),
    (
        "trucewatch_retention_pruned_alerts_total",
        "pruned_alerts",
        "Finished alerts (outbox rows) deleted by retention.",
    ),
)


@dataclass(frozen=True, slots=True)
class Reading:
    gauges: Gauges
    seconds: float  # how long the database read took


def families(reading: Reading, now: float) -> list[Metric]:
    """The metrics of one reading, ages as of `now` (epoch seconds)."""
    g = reading.gauges
    return [
        *(_total(name, text, g.counters.get(key, 0)) for name, key, text in TOTALS),
        *_gauges(g),
        *_ages(g, now),
        _gauge(
            "trucewatch_metrics_read_seconds",
            "How long reading these values took.",
            reading.seconds,
        ),
    ]


def _gauges(g: Gauges) -> Iterable[Metric]:
    yield _gauge("trucewatch_sources", "Feeds configured.", sum(g.sources.values()))
    yield _labelled(
        "trucewatch_sources_by_status",
        "Feeds by health: new, ok, failing, broken.",
        "status",
        g.sources,
    )
    yield _labelled("trucewatch_chats", "Active chats by transport.", "transport", g.chats)
    yield _gauge("trucewatch_subscriptions", "Subscriptions of all chats.", g.subscriptions)
    yield _gauge("trucewatch_items_stored", "Items in the database now.", g.items_stored)
    yield _gauge("trucewatch_outbox_pending", "Alerts waiting to be delivered.", g.outbox_pending)
    yield _gauge("trucewatch_chats_waiting", "Chats with alerts waiting.", g.chats_waiting)
    yield _gauge(
        "trucewatch_notices_pending",
        "Truce notices and digests waiting to be delivered.",
        g.notices_pending,
    )
    yield _gauge(
        "trucewatch_fanouts_pending",
        "Stories not yet turned into their followers' alerts (the fan-out backlog).",
        g.fanouts_pending,
    )
    yield _gauge("trucewatch_database_bytes", "Database file and WAL size.", g.database_bytes)


def _ages(g: Gauges, now: float) -> Iterable[Metric]:
    lag = 0.0 if g.oldest_waiting_at is None else max(0.0, now - g.oldest_waiting_at)
    yield _gauge(
        "trucewatch_delivery_lag_seconds",
        "Age of the oldest alert (or story still to fan out) waiting to be sent, chats "
        "paused by their platform aside (0 when none waits).",
        lag,
    )
    if g.last_success_at is not None:
        yield _gauge(
            "trucewatch_last_successful_poll_age_seconds",
            "Seconds since any feed last answered (absent until one has).",
            max(0.0, now - g.last_success_at),
        )
    if g.retention_run_at is not None:
        yield _gauge(
            "trucewatch_retention_last_run_timestamp_seconds",
            "When retention last finished (Unix time).",
            g.retention_run_at,
        )


def _total(name: str, text: str, value: float) -> Metric:
    return CounterMetricFamily(name, text, value=value)


def _gauge(name: str, text: str, value: float) -> Metric:
    return GaugeMetricFamily(name, text, value=value)


def _labelled(name: str, text: str, label: str, values: dict[str, int]) -> Metric:
    family = GaugeMetricFamily(name, text, labels=[label])
    for key, value in sorted(values.items()):
        family.add_metric([key], value)
    return family


class GaugeCache:
    """The latest reading, refreshed when older than `ttl`; scrapes that arrive together
    share one read."""

    def __init__(
        self, store: AsyncStore, clock: Callable[[], datetime], ttl: float = METRICS_TTL
    ) -> None:
        self.store, self.clock, self.ttl = store, clock, ttl
        self.latest: Reading | None = None
        self._read_at = float("-inf")
        self._lock = asyncio.Lock()

    async def fresh(self) -> Reading:
        async with self._lock:
            if self.latest is None or time.monotonic() - self._read_at >= self.ttl:
                started = time.perf_counter()
                gauges = await self.store.read(read_gauges, self.clock())
                self.latest = Reading(gauges, time.perf_counter() - started)
                self._read_at = time.monotonic()
            return self.latest


class StoreCollector(Collector):
    """Hands the registry the families of the cache's latest reading."""

    def __init__(self, cache: GaugeCache, clock: Callable[[], datetime]) -> None:
        self.cache, self.clock = cache, clock

    def collect(self) -> Iterable[Metric]:
        reading = self.cache.latest
        return [] if reading is None else families(reading, self.clock().timestamp())


class Metrics:
    """A registry of our own (several apps may live in one test process) with the
    process metrics and the store's; `render()` is what /metrics answers."""

    def __init__(self, store: AsyncStore, clock: Callable[[], datetime]) -> None:
        self.cache = GaugeCache(store, clock)
        self.registry = CollectorRegistry(auto_describe=False)
        for extra in (ProcessCollector, PlatformCollector, GCCollector):
            extra(registry=self.registry)
        self.registry.register(StoreCollector(self.cache, clock))

    async def render(self) -> bytes:
        await self.cache.fresh()
        return generate_latest(self.registry)
