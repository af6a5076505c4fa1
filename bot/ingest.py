"""What one poll writes, decided before anything is written (pure).

    parsed items + what the store knows + subscriptions + now  ->  IngestPlan

The planner does not touch storage: the pipeline reads the facts it needs (`Known`,
each new item's story `Candidates`, the `Audience`), asks for a plan, and has the
store apply it in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot import dedup
from bot.match import Matcher, eligible
from bot.models import (
    Candidates,
    FeedPoll,
    IngestPlan,
    Known,
    NewItem,
    OutboxRow,
    ParsedItem,
    StoryCandidate,
    Subscription,
)


@dataclass(frozen=True, slots=True)
class Audience:
    """Who may get alerts now: active chats' subscriptions, and chats' mutes."""

    matcher: Matcher
    muted_until: dict[int, datetime] = field(default_factory=dict)

    @classmethod
    def of(cls, subscriptions: Sequence[Subscription], mutes: dict[int, datetime]) -> Audience:
        return cls(Matcher(subscriptions), mutes)

    def muted(self, chat_id: int, now: datetime) -> bool:
        until = self.muted_until.get(chat_id)
        return until is not None and until > now


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
    """New items with their ids and stories, and who is alerted. A feed's first poll
    fills the timeline without pushing anything: its items are not news to anyone."""
    ids = range(known.next_id, known.next_id + len(fresh))
    stories = [story_of(item, found) for item, found in zip(fresh, candidates, strict=True)]
    items = tuple(
        NewItem(ident, ident if story is None else story, item)
        for ident, story, item in zip(ids, stories, fresh, strict=True)
    )
    alerts = () if known.first_poll else _alerts(items, audience, poll.fetched_at)
    return IngestPlan(poll.source_id, items, alerts, poll.success, known.first_poll)


def _alerts(items: Sequence[NewItem], audience: Audience, now: datetime) -> tuple[OutboxRow, ...]:
    return tuple(row for new in items for row in alerts_for(new, audience, now))


def alerts_for(new: NewItem, audience: Audience, now: datetime) -> list[OutboxRow]:
    """One row per chat that follows the item, with every reason it matched; none for a
    muted chat or for an item dated before the subscription existed."""
    item = new.item
    reasons: dict[int, list[str]] = {}
    text = f"{item.title}\n{item.summary}"
    for match in audience.matcher.matches(text, item.classification.labels):
        sub = match.subscription
        if eligible(sub, item.published_at) and not audience.muted(sub.chat_id, now):
            reasons.setdefault(sub.chat_id, []).append(match.reason)
    return [
        OutboxRow(new.story_id, new.id, chat, "; ".join(dict.fromkeys(why)))
        for chat, why in reasons.items()
    ]
