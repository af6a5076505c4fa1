"""The orchestrator. It calls the pieces in order and decides nothing:

    due sources | fetch | parse+classify (worker) | store items, stories, alerts | wake delivery

Each due source is polled in its own task, so one slow feed never delays the
others; a source already being polled is not started twice.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import random
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot import dedup
from bot.batches import StoreQueue
from bot.fetch import Fetched, Fetcher, FetchError
from bot.ingest import Audience, fresh_items, plan_ingest
from bot.match import PUBLISH_GRACE
from bot.memory import release_freed
from bot.models import (
    Candidates,
    FeedPoll,
    PackedFeed,
    PackedItems,
    ParsedItem,
    ParseError,
    PollSuccess,
    Source,
    StoreReport,
)
from bot.parse_worker import parse_packed
from bot.schedule import PollOutcome, failure_health, next_poll_at
from bot.workers import IDLE_AFTER, Parsers
from storage.store import StorageError, Store, is_disk_trouble
from storage.threads import AsyncStore

log = logging.getLogger(__name__)
#: Subscriptions whose alerts are queued while a poll is stored; beyond that the fan-out
#: goes on in the background, so storing a poll costs the same at any subscriber count.
EXPAND_AT_ONCE = 500


@dataclass(frozen=True, slots=True)
class PollReport:
    source_id: int
    ok: bool
    new_items: int = 0
    alerts: int = 0
    error: str | None = None


class Pipeline:
    def __init__(
        self,
        store: AsyncStore,
        fetcher: Fetcher,
        parser: Callable[[], Executor] | Executor | None,
        *,
        default_interval: float,
        clock: Callable[[], datetime],
        broken_after: timedelta = timedelta(days=3),
        concurrency: int = 50,
        on_alerts: Callable[[], None] = lambda: None,
        on_report: Callable[[PollReport, Source], None] = lambda report, source: None,
        rng: random.Random | None = None,
        workers_idle_after: timedelta = IDLE_AFTER,
    ) -> None:
        self.store, self.fetcher, self.clock = store, fetcher, clock
        self.default_interval, self.broken_after = default_interval, broken_after
        self.parsers = Parsers(parser, clock, workers_idle_after)
        self._slots = asyncio.Semaphore(concurrency)
        self._inflight: dict[int, asyncio.Task[PollReport]] = {}
        self._held: dict[int, datetime] = {}
        self._audiences = AudienceCache()
        # A batch waits for the polls being parsed (a moment), never for a download.
        self._writes: StoreQueue[Stored] = StoreQueue(
            self._write_batch, _size, lambda: self.parsers.parsing
        )
        self._on_alerts, self._on_report = on_alerts, on_report
        self._rng = rng or random.Random()

    async def poll_due(self, limit: int = 1000, skip: Collection[int] = ()) -> int:
        """Start a poll for every due source not already being polled; return how many.
        Parser workers idle for long enough are let go first."""
        await self.parsers.release_idle()
        now = self.clock()
        self._held = {sid: until for sid, until in self._held.items() if until > now}
        held = set(self._held)
        busy = set(self._inflight) | held | set(skip)
        due = await self.store.read(Store.due_sources, now, limit, busy)
        if due:
            stored, due_feeds = await self.store.read(Store.ingest_outlook, now)
            self._writes.fit(stored, due_feeds)
        for source in due:
            task = asyncio.create_task(self._guarded(source), name=f"poll-{source.id}")
            self._inflight[source.id] = task
            task.add_done_callback(functools.partial(self._forget, source.id))
        return len(due)

    def _forget(self, source_id: int, _task: asyncio.Task[PollReport]) -> None:
        self._inflight.pop(source_id, None)

    async def drain(self) -> list[PollReport]:
        """Wait for every poll in progress (for `run --once` and for shutdown)."""
        return list(await asyncio.gather(*list(self._inflight.values())))

    async def poll_once(self) -> list[PollReport]:
        """Poll every due source once, however many there are."""
        reports: list[PollReport] = []
        while await self.poll_due(skip={r.source_id for r in reports}):
            reports += await self.drain()
        return reports

    async def _guarded(self, source: Source) -> PollReport:
        report = await self._polled(source)
        self._on_report(report, source)
        return report

    async def _polled(self, source: Source) -> PollReport:
        try:
            return await self.poll_source(source)
        except StorageError as exc:
            # Its next poll time could not be written either: hold it here for an interval
            # so a full or read-only disk does not turn into fetching every feed every tick.
            log.error("storage failed while polling %s: %s", source.url, exc)
            self._held[source.id] = self.clock() + timedelta(seconds=self._interval(source))
            return PollReport(source.id, False, error=str(exc))
        except Exception as exc:  # never let one feed's task die silently
            log.exception("storing items of %s failed", source.url)
            return PollReport(source.id, False, error=f"internal error: {exc}")

    async def poll_source(self, source: Source) -> PollReport:
        """Fetch and parse in one of the slots; store outside it, so that the slots go on
        fetching and parsing while a batch waits to be written."""
        try:
            async with self._slots:
                # The poll starts with its slot: in a big cycle a feed waits minutes for one,
                # and its items' fetch time and its next poll count from the fetch.
                now = self.clock()
                entry = await self._fetch_and_parse(source, now)
                await self._writes.room()
            report = await self._writes.put(entry)
        except (FetchError, ParseError) as exc:
            return await self._failed(source, str(exc), getattr(exc, "retry_after", None), now)
        except StorageError:
            raise
        except Exception as exc:  # a bug on one feed's content must not stop the others
            log.exception("unexpected error polling %s", source.url)
            return await self._failed(source, f"internal error: {type(exc).__name__}", None, now)
        return self._stored(source, report)

    async def _fetch_and_parse(self, source: Source, now: datetime) -> Stored:
        fetched = await self.fetcher.fetch(
            source.url, source.etag, source.last_modified, allow_files=source.origin != "chat"
        )
        digest = None if fetched.not_modified else dedup.body_hash(fetched.body)
        success = self._success(source, fetched, now, digest)
        if fetched.not_modified or digest == source.body_hash:
            return Unchanged(source.id, success, now)
        parsed = await self._parse(fetched, now)
        named = replace(success, feed_title=parsed.title or None)
        return PackedPoll(source.id, parsed.items, named, now)

    def _stored(self, source: Source, report: StoreReport) -> PollReport:
        if report.alerts or report.deferred:
            self._on_alerts()
        return PollReport(source.id, True, report.new_items, report.alerts)

    async def _parse(self, fetched: Fetched, now: datetime) -> PackedFeed:
        job = functools.partial(
            parse_packed,
            fetched.body,
            url=fetched.final_url,
            content_type=fetched.content_type,
            fetched_at=now,
        )
        try:
            return await self.parsers.run(job)
        finally:
            self._writes.poke()  # one parse fewer for a batch to wait for

    async def _write_batch(self, batch: Sequence[Stored]) -> list[StoreReport | Exception]:
        """The batch in one transaction, or in several when a chat command's write comes
        meanwhile: the transaction under way ends within its current feed (a feed not yet
        written is rolled back and stored again after), the command's write goes next, and
        the rest of the batch after it. While chats are active, transactions stay short."""
        reports: list[StoreReport | Exception] = []
        waiting = self.store.writes_waiting
        while len(reports) < len(batch):
            rest = batch[len(reports) :]
            try:
                stored = await self.store.write_bulk(
                    ingest_polls, rest, self._audiences, self.store.turn_over, waiting
                )
            except Exception as exc:  # the disk, usually: the polls not yet stored fail
                stored = [exc] * len(rest)
            # A turn that gave way before its first feed was stored: the next one stores
            # at least that feed, however many commands come, so the ingest moves on.
            waiting = self.store.writes_waiting if stored else never
            reports += stored
        # The batch's pages and rows are freed now; without this the bot would hold the
        # biggest batch's worth of memory from then on. A millisecond at most.
        release_freed()
        return reports

    def close(self) -> None:
        self.parsers.close()

    def _success(
        self, source: Source, fetched: Fetched, now: datetime, body_hash: str | None
    ) -> PollSuccess:
        outcome = PollOutcome(ok=True, max_age=fetched.max_age)
        due = next_poll_at(now, self._interval(source), 0, outcome, self._rng.random())
        return PollSuccess(fetched.etag, fetched.last_modified, due, fetched.moved_to, body_hash)

    async def _failed(
        self, source: Source, error: str, retry_after: float | None, now: datetime
    ) -> PollReport:
        outcome = PollOutcome(ok=False, retry_after=retry_after)
        due = next_poll_at(
            now, self._interval(source), source.failures + 1, outcome, self._rng.random()
        )
        log.warning("feed %s failed: %s (next try %s)", source.url, error, due.isoformat())
        health = failure_health(source, error, due, now, self.broken_after)
        await self.store.write_bulk(Store.record_failure, source.id, health, now)
        return PollReport(source.id, False, error=error)

    def _interval(self, source: Source) -> float:
        return source.interval or self.default_interval


# --- on the writer thread: read the facts, plan, apply --------------------------------------


@dataclass(frozen=True, slots=True)
class Unchanged:
    """A feed that answered 304, or sent the bytes it sent last time: only its health and
    next poll time are written."""

    source_id: int
    success: PollSuccess
    fetched_at: datetime


@dataclass(frozen=True, slots=True)
class PackedPoll:
    """A feed's poll waiting for the writer, its items still packed."""

    source_id: int
    items: PackedItems
    success: PollSuccess
    fetched_at: datetime

    def unpacked(self) -> FeedPoll:
        return FeedPoll(self.source_id, self.items.unpack(), self.success, self.fetched_at)


Stored = FeedPoll | PackedPoll | Unchanged


def _size(entry: Stored) -> int:
    """An entry's weight in a batch: its items, or one row for an unchanged feed."""
    if isinstance(entry, Unchanged):
        return 1
    return entry.items.count if isinstance(entry, PackedPoll) else len(entry.items)


class AudienceCache:
    """The audience, rebuilt only when a chat's subscriptions, mute or state changed (in
    any process): matching thousands of subscriptions must not mean reading them per poll."""

    def __init__(self) -> None:
        self._version: str | None = None
        self._audience: Audience | None = None

    def current(self, store: Store) -> Audience:
        version = store.subscriptions_version()
        if self._audience is None or version != self._version:
            self._audience = Audience.of(store.followed_queries())
            self._version = version
        return self._audience


class GiveWay(Exception):
    """Another write waits: the feed being read for is rolled back, to be stored later."""


def never() -> bool:
    return False


def ingest_polls(
    store: Store,
    polls: Sequence[Stored],
    audiences: AudienceCache,
    give_way: Callable[[], bool] = never,
    waiting: Callable[[], bool] = never,
) -> list[StoreReport | Exception]:
    """Several feeds' results in one transaction (a commit costs more than a feed's rows):
    the first of `polls`, then the others until `give_way()` says the turn is over, or
    `waiting()` says another write waits while a feed is still being read for; the
    reports say how many were stored, the rest are the caller's to store in a transaction
    of its own. Each feed has its own savepoint, so a feed that fails leaves the others
    stored."""
    reports: list[StoreReport | Exception] = []
    with store.transaction():
        for poll in polls:
            if reports and give_way():
                break
            try:
                reports.append(_ingest_in_savepoint(store, poll, audiences, waiting))
            except GiveWay:
                break
    return reports


def _ingest_in_savepoint(
    store: Store, poll: Stored, audiences: AudienceCache, waiting: Callable[[], bool]
) -> StoreReport | Exception:
    try:
        with store.savepoint():
            return _ingest_one(store, poll, audiences, waiting)
    except GiveWay:
        raise
    except Exception as exc:  # a bad item must not cost the other feeds their news
        if is_disk_trouble(exc):
            raise  # the disk, not the feed: the whole batch fails and says why
        return exc


def _ingest_one(
    store: Store, poll: Stored, audiences: AudienceCache, waiting: Callable[[], bool] = never
) -> StoreReport:
    if isinstance(poll, Unchanged):
        store.mark_success(poll.source_id, poll.success, 0, poll.fetched_at)
        return StoreReport()
    feed = poll.unpacked() if isinstance(poll, PackedPoll) else poll
    return ingest_poll(store, feed, audiences.current(store), waiting)


def ingest_poll(
    store: Store, poll: FeedPoll, audience: Audience, waiting: Callable[[], bool] = never
) -> StoreReport:
    """Read what the plan needs, plan, apply: inside the caller's transaction. Alerts for a
    few followers are queued at once; a story many follow is fanned out in the background.
    Until the plan is applied nothing is written, so a write that waits meanwhile
    (`waiting()`) ends the feed's turn with GiveWay at no cost but the reads."""
    known = store.known_items(poll.source_id, poll.items)
    if known is None:
        return StoreReport()  # removed while it was being polled
    fresh = fresh_items(poll.items, known)
    candidates = _story_candidates(store, poll.source_id, fresh, waiting)
    plan = plan_ingest(poll, known, fresh, candidates, audience)
    store.apply_ingest(plan, poll.fetched_at)
    _, queued = store.expand_fanouts(poll.fetched_at, EXPAND_AT_ONCE, PUBLISH_GRACE)
    left = store.fanouts_left() if plan.fanouts else 0
    return StoreReport(len(plan.items), queued, plan.first_poll, left)


def _story_candidates(
    store: Store, source_id: int, fresh: Sequence[ParsedItem], waiting: Callable[[], bool]
) -> list[Candidates]:
    if waiting():
        raise GiveWay
    candidates = store.stories_near(source_id, fresh, dedup.STORY_WINDOW.total_seconds())
    if waiting():
        raise GiveWay
    return candidates


def store_items(
    store: Store,
    source_id: int,
    items: Sequence[ParsedItem],
    success: PollSuccess,
    now: datetime,
) -> StoreReport:
    """One feed's items stored as a poll would store them (for the command line and tests)."""
    [report] = ingest_polls(store, [FeedPoll(source_id, items, success, now)], AudienceCache())
    if isinstance(report, Exception):
        raise report
    return report
