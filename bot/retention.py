"""Retention decisions: which old stories and finished alerts may go (pure).

The database is walked in small batches (`storage.retention`); each batch's facts come
here, and what comes back is deleted in the same transaction. A story goes whole or not
at all (its items, their search, label and band rows, its fan-outs and alerts), so the
timeline never shows a story without its first item; and never while an alert for it is
still to be sent, or still to be made from a fan-out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

#: Finished alerts (sent, failed, dropped) are kept this long, for /stats and support.
ALERT_DAYS = 7.0
#: Rows looked at per transaction, at most: on a small database an item batch with its
#: search, label and band rows takes about 10 ms; on a big one batches shrink (below).
ITEM_BATCH = 100
ALERT_BATCH = 500
#: How long one batch should hold the writer: on a big database a hundred items with
#: their search rows can take a quarter of a second, and a busy disk slows any batch, so
#: batches (items, alerts, notices) shrink to fit this.
BATCH_SECONDS = 0.05
SMALLEST_BATCH = 5
#: A story this big that is kept (new, or with alerts pending) is remembered for the rest of
#: the run: its members are spread over the whole walk, and reading its facts again at each
#: one (thousands of rows for a story a thousand feeds told) would make every batch slow.
REMEMBER_ITEMS = 10

Cursor = tuple[float, int]  # (published_at, item id) of the last item looked at


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """How long things are kept; `item_days` 0 keeps items for ever."""

    item_days: float
    alert_days: float = ALERT_DAYS
    item_batch: int = ITEM_BATCH
    alert_batch: int = ALERT_BATCH

    def item_cutoff(self, now: datetime) -> datetime | None:
        return None if self.item_days <= 0 else now - timedelta(days=self.item_days)

    def alert_cutoff(self, now: datetime) -> datetime:
        return now - timedelta(days=self.alert_days)


def next_batch_size(size: int, took: float, largest: int) -> int:
    """The next batch's size, scaled to take BATCH_SECONDS by what this one took:
    never above `largest` (the policy's), at most doubling, never below SMALLEST_BATCH."""
    if took <= 0:
        return min(largest, 2 * size)
    scaled = int(size * BATCH_SECONDS / took)
    return max(min(SMALLEST_BATCH, largest), min(largest, 2 * size, scaled))


@dataclass(frozen=True, slots=True)
class Candidate:
    """An item old enough to be looked at, in walk order, and the story it belongs to."""

    published_at: float
    item_id: int
    story_id: int


@dataclass(frozen=True, slots=True)
class StoryFacts:
    story_id: int
    items: int  # how many items the story has now
    newest: float  # the latest published or fetched time of any of them (epoch seconds)
    pending: int  # its alerts not yet delivered, and its fan-outs not yet expanded


@dataclass(frozen=True, slots=True)
class StoryChoice:
    stories: tuple[int, ...]  # to delete, whole
    resume_after: Cursor | None  # where the next batch starts; None: walk from the start
    done: bool  # nothing older than the cut-off is left to look at
    kept: tuple[int, ...] = ()  # big stories looked at and kept: no need to look again


def stories_to_prune(
    cutoff: float,
    budget: int,
    candidates: Sequence[Candidate],
    facts: dict[int, StoryFacts],
    after: Cursor | None,
    full: bool,
) -> StoryChoice:
    """Walk the candidates in order; take each story that is wholly older than `cutoff`
    and has nothing pending, until `budget` items are taken (at least one story, however
    big). `full` says the batch was as long as asked, so more may follow it."""
    chosen: list[int] = []
    taken, seen, last = 0, set[int](), after
    for candidate in candidates:
        story = facts.get(candidate.story_id)
        if candidate.story_id not in seen and story is not None and _expired(story, cutoff):
            if chosen and taken + story.items > budget:
                return StoryChoice(tuple(chosen), last, False, _big_kept(facts, seen, cutoff))
            chosen.append(story.story_id)
            taken += story.items
        seen.add(candidate.story_id)
        last = (candidate.published_at, candidate.item_id)
    return StoryChoice(tuple(chosen), last, not full, _big_kept(facts, seen, cutoff))


def _big_kept(facts: dict[int, StoryFacts], seen: set[int], cutoff: float) -> tuple[int, ...]:
    return tuple(
        s
        for s in seen
        if s in facts and facts[s].items >= REMEMBER_ITEMS and not _expired(facts[s], cutoff)
    )


def _expired(story: StoryFacts, cutoff: float) -> bool:
    return story.newest < cutoff and story.pending == 0


@dataclass(frozen=True, slots=True)
class AlertFacts:
    id: int
    pending: bool
    created_at: float
    touched_at: float  # when it was last sent, tried or queued


@dataclass(frozen=True, slots=True)
class AlertChoice:
    ids: tuple[int, ...]
    resume_after: int  # the last outbox id looked at
    done: bool


def alerts_to_prune(
    cutoff: float, alerts: Sequence[AlertFacts], after: int, full: bool
) -> AlertChoice:
    """Finished alerts last touched before `cutoff`, in id order. Ids grow with time, so
    the walk ends at the first alert queued after the cut-off (or at the table's end)."""
    ids: list[int] = []
    for alert in alerts:
        if alert.created_at >= cutoff:
            return AlertChoice(tuple(ids), after, done=True)
        if not alert.pending and alert.touched_at < cutoff:
            ids.append(alert.id)
        after = alert.id
    return AlertChoice(tuple(ids), after, done=not full)
