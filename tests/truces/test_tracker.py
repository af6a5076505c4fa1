"""Truces assembled from news: association, extensions, endings, status and tallies."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from bot.models import StoredItem
from bot.truces import Truce, find_truces
from tests.truces.builders import stored

V, D, C = "ceasefire_violation", "diplomatic_move", "casualty_report"
# The Karabakh truce: agreed at 00:35 UTC on Saturday 10 October 2020, from 08:00 UTC.
AGREED = datetime(2020, 10, 10, 0, 35, tzinfo=UTC)
START = datetime(2020, 10, 10, 8, tzinfo=UTC)
# The Gaza pause: agreed Wednesday 22 November 2023, four days from Friday 07:00 (05:00 UTC).
WED = datetime(2023, 11, 22, 7, tzinfo=UTC)
GAZA_START = datetime(2023, 11, 24, 5, tzinfo=UTC)


def at(hours: float, base: datetime = START) -> datetime:
    return base + timedelta(hours=hours)


def karabakh_truce(id: int = 1) -> StoredItem:
    return stored(
        "Armenia, Azerbaijan agree truce from noon on Saturday, Lavrov says",
        id=id,
        published=AGREED,
        labels=(D,),
    )


def violation(
    id: int,
    hours: float,
    text: str = "Armenia accuses Azerbaijan of shelling Stepanakert despite truce",
    **kw: object,
) -> StoredItem:
    return stored(text, id=id, published=at(hours), labels=(V,), **kw)  # type: ignore[arg-type]


def gaza_truce(id: int = 1) -> StoredItem:
    return stored(
        "Israel and Hamas agree four-day truce starting Friday at 7am local time",
        id=id,
        published=WED,
        labels=(D,),
    )


def only(items: list[StoredItem], now: datetime) -> Truce:
    truces = find_truces(items, now)
    assert len(truces) == 1, [t.title for t in truces]
    return truces[0]


@pytest.mark.parametrize(
    ("now", "status"),
    [
        (at(-1), "announced"),
        (at(1), "holding"),
        (at(3), "violated"),
    ],
)
def test_status_over_time(now: datetime, status: str) -> None:
    items = [karabakh_truce(), violation(2, 2)]
    assert only(items, now).status == status


@pytest.mark.parametrize(
    ("item", "counted"),
    [
        (violation(2, 2), True),
        (violation(2, 2, "Ganja hit by rockets despite ceasefire, Azerbaijan says"), True),
        # fighting before the truce began breaks nothing
        (violation(2, -2), False),
        # another conflict's truce
        (
            violation(2, 2, "Ukraine says Russian-backed separatists broke ceasefire near Donetsk"),
            False,
        ),
        # a violation naming no place of the conflict
        (violation(2, 2, "Rebels accuse army of breaking ceasefire"), False),
    ],
)
def test_which_violations_count(item: StoredItem, counted: bool) -> None:
    truce = only([karabakh_truce(), item], at(48))
    assert truce.violations == int(counted)


def test_violations_are_distinct_stories_and_the_first_is_dated_by_the_text() -> None:
    items = [
        karabakh_truce(),
        violation(
            2,
            2.25,
            "Armenia says Azerbaijan attacked at 12:05 local time, despite the truce",
            story=2,
        ),
        violation(3, 2.5, "Armenian MoD: Azerbaijan attacked at 12:05 despite the truce", story=2),
        violation(4, 5, story=4),
    ]
    truce = only(items, at(48))
    assert truce.violations == 2
    assert truce.first_violation_at == START + timedelta(minutes=5)
    assert truce.first_violation_reported_at == at(2.25)
    assert truce.first_violation_item_id == 2


def test_casualties_one_figure_per_story_summed() -> None:
    items = [
        karabakh_truce(),
        stored(
            "Ganja strike kills 9 despite truce, Azerbaijan says",
            id=2,
            story=2,
            published=at(20),
            labels=(V, C),
            killed=9,
            wounded=34,
        ),
        stored(
            "Azerbaijan: Ganja strike despite truce kills 7",
            id=3,
            story=2,
            published=at(21),
            labels=(V, C),
            killed=7,
            wounded=40,
        ),
        stored(
            "Two killed in Terter despite truce",
            id=4,
            story=4,
            published=at(30),
            labels=(V, C),
            killed=2,
            wounded=3,
        ),
        # a toll running from before the truce counts only for its part since the truce
        stored(
            "Statement on civilian casualties in Artsakh",
            "31 civilians have been killed and 106 wounded since 27 September, four of them "
            "killed after the humanitarian ceasefire took effect on 10 October.",
            id=5,
            story=5,
            published=at(40),
            labels=(V, C),
            killed=31,
            wounded=106,
        ),
        # before the start: not "since it began"
        stored(
            "Shelling of Barda kills one, Azerbaijan says",
            id=6,
            published=at(-3),
            labels=(C,),
            killed=1,
        ),
    ]
    truce = only(items, at(48))
    assert (truce.killed, truce.wounded, truce.casualty_reports) == (9 + 2 + 4, 40 + 3, 3)


@pytest.mark.parametrize(
    ("extension", "ends"),
    [
        ("Israel and Hamas extend Gaza truce by two days", GAZA_START + timedelta(days=6)),
        ("Gaza truce extended for another 48 hours, Qatar says", GAZA_START + timedelta(days=6)),
        (
            "Israel and Hamas agree to extend Gaza truce until 7am on Thursday",
            GAZA_START + timedelta(days=6),
        ),
        ("Israel and Hamas extend Gaza truce", GAZA_START + timedelta(days=4)),
    ],
)
def test_an_extension_lengthens_the_same_truce(extension: str, ends: datetime) -> None:
    items = [
        gaza_truce(),
        stored(extension, id=2, published=datetime(2023, 11, 27, 15, tzinfo=UTC), labels=(D,)),
    ]
    truce = only(items, datetime(2023, 11, 28, 0, tzinfo=UTC))
    assert truce.ends_at == ends
    assert [v.kind for v in truce.versions] == ["agreed", "extended"]
    assert truce.id == 1


@pytest.mark.parametrize(
    ("now", "status", "reason"),
    [
        (GAZA_START - timedelta(hours=1), "announced", None),
        (GAZA_START + timedelta(days=1), "holding", None),
        (GAZA_START + timedelta(days=4), "ended", "expired"),
    ],
)
def test_a_fixed_truce_runs_out(now: datetime, status: str, reason: str | None) -> None:
    truce = only([gaza_truce()], now)
    assert truce.ends_at == GAZA_START + timedelta(days=4)
    assert (truce.status, truce.end_reason) == (status, reason)


@pytest.mark.parametrize(
    ("ending", "violated", "status", "reason"),
    [
        ("Gaza truce collapses as Israel resumes strikes", False, "collapsed", "collapsed"),
        ("Israel calls off Gaza truce after rocket fire", True, "collapsed", "collapsed"),
        ("Israel calls off Gaza truce", False, "ended", "called off"),
        ("Gaza truce expired, Israel says", False, "ended", "expired"),
    ],
)
def test_endings(ending: str, violated: bool, status: str, reason: str) -> None:
    ended_at = GAZA_START + timedelta(days=2)
    items = [gaza_truce(), stored(ending, id=3, published=ended_at, labels=(D,))]
    if violated:
        items.append(
            stored(
                "Hamas fires rockets at Israel despite Gaza truce",
                id=2,
                published=ended_at - timedelta(hours=5),
                labels=(V,),
            )
        )
    items.append(
        stored(
            "Israeli strikes in Gaza despite truce",
            id=4,
            published=ended_at + timedelta(hours=1),
            labels=(V,),
        )
    )
    truce = only(items, ended_at + timedelta(days=1))
    assert (truce.status, truce.end_reason, truce.ends_at, truce.end_item_id) == (
        status,
        reason,
        ended_at,
        3,
    )
    assert truce.violations == int(violated)  # nothing after the end counts


def test_a_new_truce_after_a_collapse_is_a_new_truce() -> None:
    items = [
        karabakh_truce(1),
        stored(
            "Karabakh ceasefire collapses as fighting resumes", id=2, published=at(60), labels=(V,)
        ),
        stored(
            "Armenia and Azerbaijan agree new humanitarian truce from midnight on 18 October",
            id=3,
            published=at(24 * 7),
            labels=(D,),
        ),
        violation(4, 24 * 8.5),
    ]
    first, second = find_truces(items, at(24 * 9))
    assert (first.id, first.status) == (1, "collapsed")
    assert (second.id, second.status, second.violations) == (3, "violated", 1)
    assert second.starts_at == datetime(2020, 10, 17, 20, tzinfo=UTC)


def test_a_new_start_supersedes_the_live_truce() -> None:
    items = [
        karabakh_truce(1),
        stored(
            "Armenia and Azerbaijan agree new truce from midnight on 18 October",
            id=3,
            published=at(24 * 7),
            labels=(D,),
        ),
    ]
    first, second = find_truces(items, at(24 * 9))
    assert (first.status, first.end_reason, first.ends_at) == (
        "ended",
        "superseded",
        second.starts_at,
    )


def test_restatements_join_the_truce_and_the_id_is_stable() -> None:
    items = [
        karabakh_truce(5),
        stored(
            "Humanitarian ceasefire enters into force in Karabakh at 12:00",
            id=9,
            published=at(0.5),
            labels=(D,),
        ),
        stored(
            "Armenia and Azerbaijan agree truce from 12:00 on 10 October",
            id=7,
            published=at(-7.5),
            labels=(D,),
        ),
        violation(8, 2),
    ]
    shuffled = items[:]
    random.Random(1).shuffle(shuffled)
    truce = only(shuffled, at(48))
    assert truce.id == 5 and truce.source_item_ids == (7, 5, 9)
    assert truce.starts_at == START and truce.start_known
    assert only(items[:1], at(48)).id == 5  # the same truce before the others arrived


def test_items_after_now_are_not_counted() -> None:
    items = [karabakh_truce(), violation(2, 2)]
    assert only(items, at(1)).violations == 0


def test_no_start_in_the_text_means_the_announcement_time() -> None:
    item = stored(
        "Armenia, Azerbaijan Agree To Humanitarian Cease-Fire After Marathon Talks",
        published=AGREED,
        labels=(D,),
    )
    truce = only([item], at(1))
    assert (truce.starts_at, truce.start_known) == (AGREED, False)


def test_a_lone_violation_report_makes_no_truce() -> None:
    assert find_truces([violation(1, 2)], at(48)) == []


def test_truces_of_different_conflicts_are_kept_apart() -> None:
    items = [karabakh_truce(1), gaza_truce(2), violation(3, 2)]
    truces = find_truces(items, datetime(2023, 11, 25, tzinfo=UTC))
    assert [(t.conflict, t.violations) for t in truces] == [("karabakh", 1), ("gaza", 0)]
