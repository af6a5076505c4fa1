"""Feeds' results written in batches: one transaction for many feeds.

A commit writes every database page its transaction touched, and new items touch pages
all over the indexes keyed by text (same-story bands, titles, labels): a commit for each
feed rewrote the same index pages hundreds of times over a big ingest. So while other
polls' bodies are being parsed (they will be queued in a moment), the polls already done
wait for them, up to `BATCH_ITEMS` items or `BATCH_WAIT` seconds, and are written
together; with none being parsed they are written at once. A batch never waits for a
download: one slow feed does not hold the others' news back. A chat command's write that
comes while a batch is written ends its transaction after the feed under way (see
`bot.pipeline.ingest_polls`): a whole batch took half a second of the writer, at worst
1.5 s, on two busy CPUs.

    put(poll) -> wait for the batch -> the batch's write -> each poll's own report
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from bot.models import StoreReport

#: A batch is written once it holds this many items; producers wait while the next batch
#: is full, which bounds the parsed items held in memory.
BATCH_ITEMS = 2000
#: ... or once its oldest poll has waited this long for the others (seconds).
BATCH_WAIT = 2.0
#: A batch is at least this share of the items stored, up to `BATCH_ITEMS_MAX` items.
STORED_PER_BATCH_ITEM = 25
BATCH_ITEMS_MAX = 20_000
#: The most items a feed is expected to bring in one poll (feeds carry 10 to 50 entries).
ITEMS_PER_FEED = 50
E = TypeVar("E")
Write = Callable[[Sequence[E]], Awaitable[Sequence[StoreReport | Exception]]]


def batch_limits(stored: int, due_feeds: int = 0) -> tuple[int, float]:
    """How many items a batch holds and how long it waits for them, for a store holding
    `stored` items with `due_feeds` feeds yet to bring theirs. New items land all over the
    indexes keyed by text, so as those grow a commit of a given size writes more of their
    pages, until it writes nearly all of them: batches sized for the store as it will be
    once the due feeds are in keep the pages written per item about level."""
    coming = stored + due_feeds * ITEMS_PER_FEED
    items = min(BATCH_ITEMS_MAX, max(BATCH_ITEMS, coming // STORED_PER_BATCH_ITEM))
    return items, BATCH_WAIT * items / BATCH_ITEMS


def write_now(items: int, coming: int, waited: float, max_items: int, max_wait: float) -> bool:
    """Whether the polls queued (`items` items) are written now rather than wait for the
    `coming` ones being parsed, the oldest having waited `waited` seconds."""
    return items >= max_items or coming <= 0 or waited >= max_wait


@dataclass(frozen=True, slots=True)
class _Queued(Generic[E]):
    entry: E
    size: int
    since: float  # the event loop's time when it was queued
    report: asyncio.Future[StoreReport]


class StoreQueue(Generic[E]):
    """Entries (a feed's poll) written by `write` in batches. `coming` says how many more
    are on their way (polls being parsed); `size` is an entry's number of items."""

    def __init__(
        self,
        write: Write[E],
        size: Callable[[E], int],
        coming: Callable[[], int] = lambda: 0,
        *,
        max_items: int = BATCH_ITEMS,
        max_wait: float = BATCH_WAIT,
    ) -> None:
        self._write, self._size, self._coming = write, size, coming
        self.max_items, self.max_wait = max_items, max_wait
        self._pending: list[_Queued[E]] = []
        self._changed = asyncio.Event()
        self._room = asyncio.Event()
        self._writer: asyncio.Task[None] | None = None

    def fit(self, stored: int, due_feeds: int) -> None:
        """Batches sized for the store and the feeds due (see `batch_limits`)."""
        self.max_items, self.max_wait = batch_limits(stored, due_feeds)

    async def put(self, entry: E) -> StoreReport:
        """Queue `entry`; its report once its batch is written."""
        loop = asyncio.get_running_loop()
        queued = _Queued(entry, self._size(entry), loop.time(), loop.create_future())
        self._pending.append(queued)
        self.poke()
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._drain(), name="store-batches")
        return await queued.report

    async def room(self) -> None:
        """Until the next batch has room: a producer that waits here (in its fetch slot)
        keeps the items waiting for the writer bounded."""
        while sum(q.size for q in self._pending) >= self.max_items:
            self._room.clear()
            await self._room.wait()

    def poke(self) -> None:
        """Something changed (a poll was queued, or a parse ended): look again."""
        self._changed.set()

    async def _drain(self) -> None:
        while self._pending:
            await self._gathered()
            batch = self._next_batch()
            try:
                reports = await self._write([q.entry for q in batch])
            except Exception as exc:  # the whole batch failed (the disk, usually): tell each
                reports = [exc] * len(batch)
            for queued, report in zip(batch, reports, strict=True):
                _settle(queued.report, report)

    async def _gathered(self) -> None:
        """Until the polls queued are to be written."""
        loop = asyncio.get_running_loop()
        while True:
            self._changed.clear()
            waited = loop.time() - self._pending[0].since
            if self._ready(waited):
                return
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.max_wait - waited):
                    await self._changed.wait()

    def _ready(self, waited: float) -> bool:
        items = sum(q.size for q in self._pending)
        return write_now(items, self._coming(), waited, self.max_items, self.max_wait)

    def _next_batch(self) -> list[_Queued[E]]:
        """Entries up to about `max_items` items (one entry however big)."""
        size, count = 0, 0
        for queued in self._pending:
            if count and size + queued.size > self.max_items:
                break
            size, count = size + queued.size, count + 1
        batch = self._pending[:count]
        del self._pending[:count]
        self._room.set()
        return batch


def _settle(future: asyncio.Future[StoreReport], outcome: StoreReport | Exception) -> None:
    if future.done():  # its poll was cancelled (shutdown) while the batch was written
        return
    if isinstance(outcome, Exception):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)
