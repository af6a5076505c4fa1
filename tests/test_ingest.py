"""The ingest planner: what one poll writes, decided without a database."""

from __future__ import annotations

import itertools
from datetime import timedelta

from bot import dedup
from bot.ingest import Audience, fanouts_for, fresh_items, plan_ingest, story_of
from bot.models import (
    Candidates,
    FeedPoll,
    Known,
    NewItem,
    PollSuccess,
    StoredQuery,
    StoryCandidate,
)
from fakes.builders import T0, item

V, D = "ceasefire_violation", "diplomatic_move"
OK = PollSuccess(None, None, T0 + timedelta(minutes=5))


def known(first_poll: bool = False, keys=(), hashes=(), next_id: int = 100) -> Known:
    return Known(first_poll, frozenset(keys), frozenset(hashes), next_id)


_IDS = itertools.count(1)


def query(*categories: str, include=(), exclude=()) -> StoredQuery:
    return StoredQuery(next(_IDS), categories, tuple(include), tuple(exclude))


def plan(items, *, first_poll=False, queries=(), candidates=None):
    facts = known(first_poll)
    fresh = fresh_items(items, facts)
    found = candidates or [Candidates(None)] * len(fresh)
    poll = FeedPoll(7, items, OK, T0 + timedelta(hours=1))
    return plan_ingest(poll, facts, fresh, found, Audience.of(queries))


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
    violations = query(V)
    quiet = plan([breach], first_poll=True, queries=[violations])
    assert len(quiet.items) == 1 and quiet.fanouts == () and quiet.first_poll
    loud = plan([breach], queries=[violations])
    assert [(f.query_id, f.reason) for f in loud.fanouts] == [(violations.id, "violations")]
    assert loud.fanouts[0].published_at == breach.published_at


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
    result = plan([breach], queries=[query(V)], candidates=[by_title])
    assert result.items[0].story_id == 42 and result.fanouts[0].story_id == 42


def test_one_fanout_per_query_the_story_satisfies() -> None:
    breach = NewItem(100, 100, item("Truce broken near Ganja, talks called", labels=(V, D)))
    violations, ganja, diplomacy = query(V), query(include=("ganja",)), query(D)
    football = query(include=("ganja",), exclude=("truce",))
    unrelated = query("casualty_report")
    found = fanouts_for(breach, Audience.of([violations, ganja, diplomacy, football, unrelated]))
    assert [(f.query_id, f.reason) for f in found] == [
        (violations.id, "violations"),
        (ganja.id, "“ganja”"),
        (diplomacy.id, "diplomacy"),
    ]
    assert {(f.story_id, f.item_id) for f in found} == {(100, 100)}


def test_keywords_are_found_in_the_headline_and_in_the_summary_as_separate_words() -> None:
    report = NewItem(100, 100, item("Shelling near Ganja", "Barda quiet overnight"))
    queries = [
        query(include=("ganja",)),
        query(include=("barda",)),
        query(include=("ganjabarda",)),
        query(include=("ganja barda",)),  # a phrase may run on from headline to summary
    ]
    found = fanouts_for(report, Audience.of(queries))
    assert [(f.query_id, f.reason) for f in found] == [
        (queries[0].id, "“ganja”"),
        (queries[1].id, "“barda”"),
        (queries[3].id, "“ganja barda”"),
    ]


def test_a_plan_carries_the_poll_and_whether_it_was_the_first() -> None:
    breach = item("Truce broken", labels=(V,))
    for first in (True, False):
        result = plan([breach], first_poll=first, queries=[query(V)])
        assert result.first_poll is first and result.success == OK and result.source_id == 7
        assert len(result.fanouts) == (0 if first else 1)
    assert plan([]).items == () and plan([]).fanouts == ()


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
