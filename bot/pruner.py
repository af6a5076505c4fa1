"""The daily retention job: finished alerts after a week, then old stories, a small batch
per transaction at BULK priority on the database's writer thread, so a chat command's
write waits for one batch at most and an ingest interleaves with the walk.

    outbox batches (by id) -> finished notices -> story batches (oldest published first)
    -> last run recorded
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.retention import (
    Cursor,
    RetentionPolicy,
    alerts_to_prune,
    next_batch_size,
    stories_to_prune,
)
from storage.db import ts
from storage.retention import prune_alerts, prune_notices, prune_stories, record_retention_run
from storage.threads import AsyncStore

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PruneReport:
    items: int
    alerts: int
    batches: int
    seconds: float
    finished: bool  # False when stopped before the end of the walk


class Pruner:
    def __init__(
        self, store: AsyncStore, policy: RetentionPolicy, clock: Callable[[], datetime]
    ) -> None:
        self.store, self.policy, self.clock = store, policy, clock
        self.stopping = False

    def stop(self) -> None:
        """End a run in progress after its current batch (the bot is shutting down)."""
        self.stopping = True

    async def run(self) -> PruneReport:
        """Prune once. A run stopped half-way leaves nothing inconsistent: each batch is
        its own transaction, and the next run starts the walk again."""
        started, now = time.perf_counter(), self.clock()
        alerts, alert_batches = await self._alerts(now)
        notice_batches = await self._notices(now)
        items, story_alerts, story_batches = await self._stories(now)
        if not self.stopping:
            await self.store.write_bulk(record_retention_run, now)
        seconds = time.perf_counter() - started
        batches = alert_batches + notice_batches + story_batches
        report = PruneReport(items, alerts + story_alerts, batches, seconds, not self.stopping)
        log.info(
            "retention: %d items and %d alerts pruned in %d batches, %.1f s",
            report.items,
            report.alerts,
            report.batches,
            report.seconds,
        )
        return report

    async def _alerts(self, now: datetime) -> tuple[int, int]:
        choose = functools.partial(alerts_to_prune, ts(self.policy.alert_cutoff(now)))
        after, deleted, batches, done = 0, 0, 0, False
        size = largest = self.policy.alert_batch
        while not (done or self.stopping):
            step = await self.store.write_bulk(prune_alerts, after, size, choose)
            after, deleted, batches = step.resume_after, deleted + step.alerts, batches + 1
            done, size = step.done, next_batch_size(size, step.seconds, largest)
        return deleted, batches

    async def _notices(self, now: datetime) -> int:
        """Finished notices go with finished alerts, a week after."""
        before, batches = self.policy.alert_cutoff(now), 0
        size = largest = self.policy.alert_batch
        while not self.stopping:
            batches += 1
            step = await self.store.write_bulk(prune_notices, before, size)
            if step.notices < size:
                break
            size = next_batch_size(size, step.seconds, largest)
        return batches

    async def _stories(self, now: datetime) -> tuple[int, int, int]:
        cutoff, size = self.policy.item_cutoff(now), self.policy.item_batch
        if cutoff is None:
            return 0, 0, 0
        after: Cursor | None = None
        items = alerts = batches = 0
        done, kept = False, set[int]()
        while not (done or self.stopping):
            choose = functools.partial(stories_to_prune, ts(cutoff), size)
            # `kept` grows in place between batches (a copy per batch would cost as much as
            # the set); the writer thread only reads it while this coroutine awaits the batch.
            step = await self.store.write_bulk(prune_stories, after, cutoff, size, choose, kept)
            after, batches, done = step.resume_after, batches + 1, step.done
            items, alerts = items + step.items, alerts + step.alerts
            kept.update(step.kept)
            size = next_batch_size(size, step.seconds, self.policy.item_batch)
        return items, alerts, batches
