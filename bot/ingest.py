"""What one poll writes, decided before anything is written (pure).

    parsed items + what the store knows + subscriptions + now  ->  IngestPlan

The planner does not touch storage: the pipeline reads the facts it needs (`Known`,
each new item's story `Candidates`, the `Audience`), asks for a plan, and has the
store apply it in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot import dedup
from bot.match import Matcher
from bot.models import (
    Candidates,
    FanoutRow,
    FeedPoll,
    IngestPlan,
    Known,
    NewItem,
    ParsedItem,
    StoredQuery,
    StoryCandidate,
)


@dataclass(frozen=True, slots=True)
class Audience:
    """What is followed now: the distinct queries of active chats' subscriptions. Who
    follows each, and whether they may get an item (muted, subscribed after it), is worked
    out per chat when a story is fanned out (`alert_window`)."""

    matcher: Matcher[StoredQuery]

    @classmethod
    def of(cls, queries: Sequence[StoredQuery]) -> Audience:
        return cls(Matcher(queries))


def fresh_items(items: Sequence[ParsedItem], known: Known) -> list[ParsedItem]:
    """The feed's items that are new to it (by key and by text), oldest first."""
    ordered = sorted(items, key=lambda i: i.published_at)
    return dedup.unseen(ordered, set(known.keys), set(known.hashes))


def story_of(item: ParsedItem, candidates: Candidates) -> int | None:
    """The story another feed already told that `item` belongs to, if any."""
    if candidates.same_title is not None:
        return candidates.same_title
    mine = dedup.unpack(item.fingerprint.shingles)
    for other in candidates.similar:
        if dedup.same_story(item.fingerprint.title_key, mine, other.title_key, _hashes(other)):
            return other.story_id
    return None


def _hashes(other: StoryCandidate) -> frozenset[int]:
    if other.shingles is not None:
        return dedup.unpack(other.shingles)
    return dedup.shingle_hashes(other.folded or "")


def plan_ingest(
    poll: FeedPoll,
    known: Known,
    fresh: Sequence[ParsedItem],
    candidates: Sequence[Candidates],
    audience: Audience,
) -> IngestPlan:
    """New items with their ids and stories, and the queries each story is news for. A
    feed's first poll fills the timeline without pushing anything: its items are not news
    to anyone."""
    ids = range(known.next_id, known.next_id + len(fresh))
    stories = [story_of(item, found) for item, found in zip(fresh, candidates, strict=True)]
    items = tuple(
        NewItem(ident, ident if story is None else story, item)
        for ident, story, item in zip(ids, stories, fresh, strict=True)
    )
    fanouts = () if known.first_poll else tuple(f for n in items for f in fanouts_for(n, audience))
    return IngestPlan(poll.source_id, items, fanouts, poll.success, known.first_poll)


def fanouts_for(new: NewItem, audience: Audience) -> list[FanoutRow]:
    """One row per query the item satisfies, with why."""
    item = new.item
    text = f"{item.title}\n{item.summary}"
    return [
        FanoutRow(new.story_id, new.id, match.followed.id, match.reason, item.published_at)
        for match in audience.matcher.matches(text, item.classification.labels)
    ]
