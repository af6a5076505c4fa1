"""The truces in the stored news, kept current without rereading every item.

    items that may mention a truce ─▶ find_truces ─▶ the truces' lives (spans)
    + labelled items within those lives ─▶ find_truces ─▶ truces with their tallies

Only an item with a truce word can announce, extend or end a truce, and only a labelled
item published within a truce's life and naming a word of its conflict can count towards
it; so the tracker gets those two sets (the second found through the search index), which
give exactly the truces all items would. `TruceBook` keeps them in memory
and reads only items added since it last looked (all of them again after a delete), and
computes in a worker thread, only when items came in or a truce's start or end passed.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.models import StoredItem
from bot.truces import Truce, TruceEvent
from bot.truces.places import CONFLICT_WORDS
from bot.truces.tracker import item_events, tokens, truces_from_events
from storage.store import Store
from storage.threads import AsyncStore
from storage.truce_facts import ItemsMark, Span, TruceRows

#: Items read per look at the store: what a look holds at once, twice over while it is read
#: (the rows, then the items). During an ingest each batch is a look: 500 keep its peak
#: near 1.5 MB, where 2,000 added some 3 MB to the bot's peak at 1,000 feeds.
CHUNK = 500


@dataclass(frozen=True, slots=True)
class Life:
    """When news of a conflict can count towards one of its truces: from an announcement
    to an end (None: open)."""

    conflict: str
    since: datetime
    until: datetime | None

    @property
    def span(self) -> Span:
        return self.since, self.until

    def holds(self, moment: datetime) -> bool:
        return self.since <= moment and (self.until is None or moment <= self.until)


def lives_of(truces: Iterable[Truce]) -> list[Life]:
    """The truces' lives, overlapping ones of a conflict merged."""
    lives: list[Life] = []
    for t in sorted(truces, key=lambda t: (t.conflict, t.announced_at)):
        last = lives[-1] if lives else None
        if last is not None and last.conflict == t.conflict and last.holds(t.announced_at):
            lives[-1] = Life(t.conflict, last.since, later(last.until, t.ends_at))
        else:
            lives.append(Life(t.conflict, t.announced_at, t.ends_at))
    return lives


def later(a: datetime | None, b: datetime | None) -> datetime | None:
    """The later of two ends, None (open) being the latest."""
    return None if a is None or b is None else max(a, b)


def covers(outer: Life, inner: Life) -> bool:
    if outer.conflict != inner.conflict or outer.since > inner.since:
        return False
    return outer.until is None or (inner.until is not None and inner.until <= outer.until)


def uncovered(wanted: Iterable[Life], covered: Sequence[Life]) -> list[Life]:
    """The wanted lives no covered life contains."""
    return [w for w in wanted if not any(covers(c, w) for c in covered)]


def ties(item: StoredItem, lives: Sequence[Life]) -> bool:
    """Whether a labelled item may count towards a truce: published within a life and
    naming a word of its conflict (what the tracker itself checks first)."""
    if not item.classification.labels:
        return False
    held = [life for life in lives if life.holds(item.published_at)]
    if not held:
        return False
    words = tokens((item.title + "\n" + item.summary).lower())
    return any(not CONFLICT_WORDS[life.conflict].isdisjoint(words) for life in held)


def load(store: Store, life: Life) -> list[StoredItem]:
    """The labelled items of a life that name its conflict."""
    found = store.labelled_between(life.since, life.until, sorted(CONFLICT_WORDS[life.conflict]))
    return [i for i in found if ties(i, [life])]


def next_change(truces: Iterable[Truce], now: datetime) -> datetime | None:
    """The next start or scheduled end after `now`: when statuses change with no news."""
    moments = [m for t in truces for m in (t.starts_at, t.ends_at) if m is not None and m > now]
    return min(moments, default=None)


def what_matters(
    items: Sequence[StoredItem], covered: Sequence[Life]
) -> tuple[dict[int, TruceEvent], dict[int, StoredItem]]:
    """Of new items, the truce events read in them and the items that may count towards a
    covered truce life, each by item id."""
    events = {e.item_id: e for e in item_events(items)}
    tied = {i.id: i for i in items if ties(i, covered)}
    return events, tied


def stored_truces(store: Store, now: datetime) -> list[Truce]:
    """The truces in a database at `now`, read in the two steps above (for the command
    line; the bot keeps a `TruceBook`)."""
    events = item_events(store.truce_rows(0).items)
    lives = lives_of(truces_from_events(events, (), now))
    tied = {i.id: i for life in lives for i in load(store, life)}
    return truces_from_events(events, tied.values(), now)


def next_mark(first: ItemsMark, last: ItemsMark) -> ItemsMark:
    """The mark a chunked read leaves: the last chunk's ids, but the first chunk's count of
    deletions, so that a delete during the read makes the next look start again."""
    return ItemsMark(last.max_id, first.deleted)


class TruceBook:
    """The truces as of the last look, refreshed on demand."""

    def __init__(
        self, store: AsyncStore, clock: Callable[[], datetime], chunk: int = CHUNK
    ) -> None:
        self.store, self.clock, self.chunk = store, clock, chunk
        self._lock = asyncio.Lock()
        self.computations = 0
        self._reset()

    def _reset(self) -> None:
        self._events: dict[int, TruceEvent] = {}  # by the id of the item read
        self._tied: dict[int, StoredItem] = {}  # labelled items within the covered lives
        self._covered: list[Life] = []
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

    @property
    def held(self) -> tuple[int, int]:
        """What is kept in memory: truce events read, and items that may count."""
        return len(self._events), len(self._tied)

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
        kept = await self._read_new(0 if self._mark is None else self._mark.max_id)
        return kept or self._truces is None

    async def _read_new(self, after: int) -> bool:
        """Fold in the items after id `after`, a chunk at a time; whether any matters."""
        spans = [life.span for life in self._covered]
        kept, first = False, None
        while True:
            rows: TruceRows = await self.store.read(Store.truce_rows, after, spans, self.chunk)
            first = first or rows.mark
            kept = await self._fold_in(rows.items) or kept
            if len(rows.items) < self.chunk:
                self._mark = next_mark(first, rows.mark)
                return kept
            after = rows.items[-1].id

    async def _fold_in(self, items: Sequence[StoredItem]) -> bool:
        """Keep what matters of `items`; read in a worker thread (reading an item's truce
        event is the costly part), kept on the event loop."""
        covered = list(self._covered)
        loop = asyncio.get_running_loop()
        events, tied = await loop.run_in_executor(None, what_matters, items, covered)
        self._events.update(events)
        self._tied.update(tied)
        return bool(events or tied)

    async def _compute(self, now: datetime) -> None:
        """One pass when the truces' lives are already covered (lives depend on the
        truce-word items only, so the pass shows them); a second after loading the news
        of a life not yet covered (on the first look, or when a truce began or grew)."""
        truces = await self._find(now)
        missing = uncovered(lives_of(truces), self._covered)
        if missing:
            for life in missing:
                self._tied.update((i.id, i) for i in await self.store.read(load, life))
            self._covered += missing
            truces = await self._find(now)
        self._truces, self._valid_until = truces, next_change(truces, now)
        self.computations += 1

    async def _find(self, now: datetime) -> list[Truce]:
        """The truces of what is kept, in a worker thread: the event loop stays free."""
        events, items = list(self._events.values()), list(self._tied.values())
        work = functools.partial(truces_from_events, events, items, now)
        return await asyncio.get_running_loop().run_in_executor(None, work)
