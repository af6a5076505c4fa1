"""The ingest planner: what one poll writes, decided without a database."""

from __future__ import annotations

import itertools
from datetime import timedelta

from bot import dedup
from bot.ingest import Audience, alerts_for, fresh_items, plan_ingest, story_of
from bot.match import PUBLISH_GRACE, eligible
from bot.models import (
    Candidates,
    FeedPoll,
    Known,
    NewItem,
    PollSuccess,
    StoryCandidate,
    Subscription,
)
from fakes.builders import T0, item

V, D = "ceasefire_violation", "diplomatic_move"
OK = PollSuccess(None, None, T0 + timedelta(minutes=5))


def known(first_poll: bool = False, keys=(), hashes=(), next_id: int = 100) -> Known:
    return Known(first_poll, frozenset(keys), frozenset(hashes), next_id)


_IDS = itertools.count(1)


def follows(chat: int, *categories: str, include=(), since=T0 - timedelta(days=1)):
    return Subscription(next(_IDS), chat, categories, tuple(include), (), since)


def audience(*subs: Subscription, muted: dict | None = None) -> Audience:
    return Audience.of(subs, muted or {})


def plan(items, *, first_poll=False, subs=(), muted=None, candidates=None):
    facts = known(first_poll)
    fresh = fresh_items(items, facts)
    found = candidates or [Candidates(None)] * len(fresh)
    poll = FeedPoll(7, items, OK, T0 + timedelta(hours=1))
    return plan_ingest(poll, facts, fresh, found, audience(*subs, muted=muted))


def test_new_items_get_ids_in_order_and_are_their_own_stories() -> None:
    later = item("Later report", published=T0 + timedelta(minutes=5))
    earlier = item("Earlier report", published=T0)
    result = plan([later, earlier])
    assert [(n.id, n.story_id, n.item.title) for n in result.items] == [
        (100, 100, "Earlier report"),
        (101, 101, "Later report"),
    ]
    assert result.source_id == 7 and result.success == OK


def test_known_keys_and_known_text_are_not_new() -> None:
    a, b, c = item("One", key="g:1"), item("Two", key="g:2"), item("Three", key="g:3")
    facts = known(keys={"g:1"}, hashes={b.fingerprint.content_hash})
    assert [i.title for i in fresh_items([a, b, c], facts)] == ["Three"]


def test_the_first_poll_fills_the_timeline_without_alerting() -> None:
    breach = item("Truce broken", labels=(V,))
    quiet = plan([breach], first_poll=True, subs=[follows(1, V)])
    assert len(quiet.items) == 1 and quiet.alerts == () and quiet.first_poll
    loud = plan([breach], subs=[follows(1, V)])
    assert [(a.chat_id, a.reason) for a in loud.alerts] == [(1, "violations")]


def test_an_item_joins_the_story_another_feed_told() -> None:
    breach = item("Shelling resumes along the line of contact", labels=(V,))
    by_title = Candidates(same_title=42)
    assert story_of(breach, by_title) == 42
    twin = StoryCandidate(55, None, breach.fingerprint.shingles)
    other = item("Ministers meet in Moscow for talks on prisoners")
    stranger = StoryCandidate(66, None, other.fingerprint.shingles)
    assert story_of(breach, Candidates(None, (stranger, twin))) == 55
    assert story_of(breach, Candidates(None, (stranger,))) is None
    legacy = StoryCandidate(77, None, None, breach.fingerprint.folded)
    assert story_of(breach, Candidates(None, (legacy,))) == 77
    result = plan([breach], subs=[follows(1, V)], candidates=[by_title])
    assert result.items[0].story_id == 42 and result.alerts[0].story_id == 42


def test_muted_chats_and_later_subscriptions_get_no_alert() -> None:
    breach = NewItem(100, 100, item("Truce broken near Ganja", labels=(V,), published=T0))
    now = T0 + timedelta(hours=1)
    subs = [
        follows(1, V),
        follows(2, V),
        follows(3, V, since=T0 + timedelta(hours=2)),  # joined after the item was published
    ]
    muted = {2: now + timedelta(hours=8)}
    assert [r.chat_id for r in alerts_for(breach, audience(*subs, muted=muted), now)] == [1]
    expired = {2: now - timedelta(minutes=1)}
    assert [r.chat_id for r in alerts_for(breach, audience(*subs, muted=expired), now)] == [1, 2]


def test_one_row_per_chat_with_every_reason() -> None:
    breach = NewItem(100, 100, item("Truce broken near Ganja", labels=(V, D)))
    subs = [follows(1, V), follows(1, include=("ganja",)), follows(2, D)]
    rows = alerts_for(breach, audience(*subs), T0)
    assert [(r.chat_id, r.reason) for r in rows] == [(1, "violations; “ganja”"), (2, "diplomacy")]


def test_a_mute_ends_at_its_time_and_a_subscription_starts_with_a_little_grace() -> None:
    now = T0 + timedelta(hours=1)
    breach = NewItem(100, 100, item("Truce broken", labels=(V,), published=T0))
    assert [
        r.chat_id for r in alerts_for(breach, audience(follows(1, V), muted={1: now}), now)
    ] == [1]
    muted = {1: now + timedelta(microseconds=1)}
    assert alerts_for(breach, audience(follows(1, V), muted=muted), now) == []
    # an item stamped up to ten minutes before the subscription still reaches it
    just = follows(2, V, since=T0 + PUBLISH_GRACE)
    late = follows(3, V, since=T0 + PUBLISH_GRACE + timedelta(microseconds=1))
    assert [r.chat_id for r in alerts_for(breach, audience(just, late), now)] == [2]
    assert eligible(just, T0) and not eligible(late, T0)


def test_keywords_are_found_in_the_headline_and_in_the_summary_as_separate_words() -> None:
    report = NewItem(100, 100, item("Shelling near Ganja", "Barda quiet overnight"))
    subs = [
        follows(1, include=("ganja",)),
        follows(2, include=("barda",)),
        follows(3, include=("ganjabarda",)),
        follows(4, include=("ganja barda",)),  # a phrase may run on from headline to summary
    ]
    rows = alerts_for(report, audience(*subs), T0)
    assert [(r.chat_id, r.reason) for r in rows] == [
        (1, "“ganja”"),
        (2, "“barda”"),
        (4, "“ganja barda”"),
    ]
    assert {(r.story_id, r.item_id) for r in rows} == {(100, 100)}


def test_a_chat_gets_each_reason_once() -> None:
    breach = NewItem(7, 5, item("Truce broken near Ganja", labels=(V,)))
    subs = [follows(1, V), follows(1, V, include=("ganja",)), follows(1, V)]
    assert [
        (r.story_id, r.item_id, r.chat_id, r.reason)
        for r in alerts_for(breach, audience(*subs), T0)
    ] == [(5, 7, 1, "violations; violations, “ganja”")]


def test_a_plan_carries_the_poll_and_whether_it_was_the_first() -> None:
    breach = item("Truce broken", labels=(V,))
    for first in (True, False):
        result = plan([breach], first_poll=first, subs=[follows(1, V)])
        assert result.first_poll is first and result.success == OK and result.source_id == 7
        assert len(result.alerts) == (0 if first else 1)
    assert plan([]).items == () and plan([]).alerts == ()


def test_an_item_joins_a_story_whose_title_reads_the_same_whatever_its_text() -> None:
    breach = item("Shelling resumes along the line of contact", "Officials in Baku said so.")
    retold = item("Shelling resumes along the line of contact", "Yerevan blamed Baku instead.")
    same_title = StoryCandidate(88, retold.fingerprint.title_key, retold.fingerprint.shingles)
    assert story_of(breach, Candidates(None, (same_title,))) == 88
    # (their texts alone would not make them one story)
    texts = [dedup.unpack(i.fingerprint.shingles) for i in (breach, retold)]
    assert not dedup.same_story(None, texts[0], None, texts[1])


def test_a_story_stored_without_its_text_is_like_no_other() -> None:
    textless = StoryCandidate(90, None, None, None)
    assert story_of(item("Shelling resumed"), Candidates(None, (textless,))) is None
    assert story_of(item(""), Candidates(None, (textless,))) is None
