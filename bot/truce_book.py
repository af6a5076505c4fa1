"""The truces in the stored news, kept current without rereading every item.

    items that may mention a truce ─▶ find_truces ─▶ the truces' lives (spans)
    + labelled items within those lives ─▶ find_truces ─▶ truces with their tallies

Only an item with a truce word can announce, extend or end a truce, and only a labelled
item published within a truce's life can count towards it; so the tracker gets those two
sets, which give exactly the truces all items would. `TruceBook` keeps them in memory
and reads only items added since it last looked (all of them again after a delete), and
computes in a worker thread, only when items came in or a truce's start or end passed.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from bot.models import StoredItem
from bot.truces import Truce, find_truces, may_mention_truce
from storage.store import Store
from storage.threads import AsyncStore
from storage.truce_facts import ItemsMark, Span


def spans_of(truces: Iterable[Truce]) -> list[Span]:
    """Each truce's life as the tracker ties news to it: announcement to end (or open)."""
    return [(t.announced_at, t.ends_at) for t in truces]


def covers(outer: Span, inner: Span) -> bool:
    if outer[0] > inner[0]:
        return False
    return outer[1] is None or (inner[1] is not None and inner[1] <= outer[1])


def uncovered(wanted: Iterable[Span], covered: Sequence[Span]) -> list[Span]:
    """The wanted spans no covered span contains."""
    return [w for w in wanted if not any(covers(c, w) for c in covered)]


def within(item: StoredItem, spans: Sequence[Span]) -> bool:
    t = item.published_at
    return any(lo <= t and (hi is None or t <= hi) for lo, hi in spans)


def next_change(truces: Iterable[Truce], now: datetime) -> datetime | None:
    """The next start or scheduled end after `now`: when statuses change with no news."""
    moments = [m for t in truces for m in (t.starts_at, t.ends_at) if m is not None and m > now]
    return min(moments, default=None)


def mentions(items: Iterable[StoredItem]) -> list[StoredItem]:
    return [i for i in items if may_mention_truce(i.title, i.summary)]


def stored_truces(store: Store, now: datetime) -> list[Truce]:
    """The truces in a database at `now`, read in the two steps above (for the command
    line; the bot keeps a `TruceBook`)."""
    told = {i.id: i for i in mentions(store.truce_rows(0).items)}
    spans = spans_of(find_truces(told.values(), now))
    tied = {i.id: i for lo, hi in spans for i in store.labelled_between(lo, hi)}
    return find_truces((tied | told).values(), now)


class TruceBook:
    """The truces as of the last look, refreshed on demand."""

    def __init__(self, store: AsyncStore, clock: Callable[[], datetime]) -> None:
        self.store, self.clock = store, clock
        self._lock = asyncio.Lock()
        self.computations = 0
        self._reset()

    def _reset(self) -> None:
        self._told: dict[int, StoredItem] = {}  # items that may mention a truce
        self._tied: dict[int, StoredItem] = {}  # labelled items within the covered spans
        self._covered: list[Span] = []
        self._mark: ItemsMark | None = None
        self._truces: list[Truce] | None = None
        self._valid_until: datetime | None = None

    async def current(self) -> list[Truce]:
        """The truces now; computed again only if items changed or a start or end passed."""
        async with self._lock:
            now = self.clock()
            changed = await self._catch_up()
            if changed or self._truces is None or self._expired(now):
                await self._compute(now)
            assert self._truces is not None
            return self._truces

    def _expired(self, now: datetime) -> bool:
        return self._valid_until is not None and now >= self._valid_until

    async def _catch_up(self) -> bool:
        """Read the items added since the last look; everything again after a delete.
        Returns whether any item that matters came in."""
        mark = await self.store.read(Store.items_mark)
        if mark == self._mark:
            return False
        if self._mark is not None and mark.deleted != self._mark.deleted:
            self._reset()
        after = 0 if self._mark is None else self._mark.max_id
        rows = await self.store.read(Store.truce_rows, after, list(self._covered))
        self._mark = rows.mark
        return self._fold_in(rows.items) or self._truces is None

    def _fold_in(self, items: Iterable[StoredItem]) -> bool:
        kept = False
        for item in items:
            if may_mention_truce(item.title, item.summary):
                self._told[item.id] = item
            elif item.classification.labels and within(item, self._covered):
                self._tied[item.id] = item
            else:
                continue
            kept = True
        return kept

    async def _compute(self, now: datetime) -> None:
        told = list(self._told.values())
        first = await self._find(told, now)
        missing = uncovered(spans_of(first), self._covered)
        for lo, hi in missing:
            for item in await self.store.read(Store.labelled_between, lo, hi):
                self._tied[item.id] = item
        self._covered += missing
        self._truces = await self._find(list((self._tied | self._told).values()), now)
        self._valid_until = next_change(self._truces, now)
        self.computations += 1

    async def _find(self, items: list[StoredItem], now: datetime) -> list[Truce]:
        """find_truces in a worker thread: the event loop stays free."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, functools.partial(find_truces, items, now))
