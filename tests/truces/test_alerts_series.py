"""Truce alerts from two snapshots, daily series, plain-text description, data checks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.truces import (
    daily_series,
    describe,
    duration_text,
    find_truces,
    item_point,
    truce_alerts,
    truce_series,
)
from bot.truces.data import TruceDataError, load_gazetteer, load_vocabulary, read_toml
from tests.truces.builders import stored
from tests.truces.test_tracker import START, at, karabakh_truce, violation

COLLAPSE = stored(
    "Karabakh ceasefire collapses as fighting resumes",
    id=9,
    published=at(60),
    labels=("ceasefire_violation",),
)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ([], [karabakh_truce()], [("announced", 1)]),
        ([karabakh_truce()], [karabakh_truce(), violation(2, 2)], [("first_violation", 2)]),
        (
            [karabakh_truce(), violation(2, 2)],
            [karabakh_truce(), violation(2, 2), violation(3, 3)],
            [],
        ),
        (
            [karabakh_truce(), violation(2, 2)],
            [karabakh_truce(), violation(2, 2), COLLAPSE],
            [("collapsed", 9)],
        ),
        (
            [],
            [karabakh_truce(), violation(2, 2), COLLAPSE],
            [("announced", 1), ("first_violation", 2), ("collapsed", 9)],
        ),
    ],
)
def test_alerts(before: list, after: list, expected: list) -> None:
    now = at(72)
    alerts = truce_alerts(find_truces(before, now), find_truces(after, now))
    assert [(a.kind, a.item_id) for a in alerts] == expected


def test_a_truce_that_runs_out_alerts_with_no_item() -> None:
    item = stored(
        "Israel and Hamas agree four-day truce starting Friday at 7am local time",
        published=datetime(2023, 11, 22, 7, tzinfo=UTC),
        labels=("diplomatic_move",),
    )
    before = find_truces([item], datetime(2023, 11, 27, tzinfo=UTC))
    after = find_truces([item], datetime(2023, 11, 29, tzinfo=UTC))
    assert [(a.kind, a.item_id) for a in truce_alerts(before, after)] == [("ended", None)]


def test_daily_series_counts_stories_once_on_their_first_day() -> None:
    items = [
        stored(
            "a",
            id=1,
            story=1,
            published=at(1),
            labels=("ceasefire_violation", "casualty_report"),
            killed=2,
        ),
        stored(
            "b",
            id=2,
            story=1,
            published=at(30),
            labels=("ceasefire_violation", "casualty_report"),
            killed=5,
        ),
        stored("c", id=3, story=3, published=at(30), labels=("diplomatic_move",)),
    ]
    series = daily_series(map(item_point, items), "UTC", last=date(2020, 10, 12))
    assert [(d.day.day, d.violations, d.diplomacy, d.casualties, d.killed) for d in series] == [
        (10, 1, 0, 1, 5),
        (11, 0, 1, 0, 0),
        (12, 0, 0, 0, 0),
    ]


@pytest.mark.parametrize(("zone", "days"), [("UTC", [9, 10]), ("Asia/Baku", [10])])
def test_daily_series_in_a_zone(zone: str, days: list[int]) -> None:
    items = [
        stored("a", id=1, published=START - timedelta(hours=10), labels=("diplomatic_move",)),
        stored("b", id=2, published=START, labels=("diplomatic_move",)),
    ]
    assert [d.day.day for d in daily_series(map(item_point, items), zone)] == days


def test_truce_series_counts_no_violation_before_the_start() -> None:
    items = [karabakh_truce(), violation(2, -3), violation(3, 2)]
    truce = find_truces(items, at(30))[0]
    series = truce_series(truce, at(30), "UTC")
    assert [(d.day.day, d.violations) for d in series] == [(10, 1), (11, 0)]


@pytest.mark.parametrize(
    ("span", "text"),
    [
        (timedelta(minutes=5), "5 minutes"),
        (timedelta(hours=2, minutes=15), "2 hours 15 minutes"),
        (timedelta(days=3, hours=4, minutes=1), "3 days 4 hours"),
        (timedelta(seconds=20), "less than a minute"),
    ],
)
def test_duration_text(span: timedelta, text: str) -> None:
    assert duration_text(span) == text


def test_describe_says_reported_and_names_the_unit() -> None:
    items = [
        karabakh_truce(),
        violation(
            2, 2.25, "Armenia says Azerbaijan attacked at 12:05 local time, despite the truce"
        ),
    ]
    lines = describe(find_truces(items, at(30))[0])
    assert "first violation alleged 5 minutes after it took effect" in lines[3]
    assert "distinct stories" in lines[3]
    assert "as reported, not verified" in lines[4]
    assert "10 Oct 2020 12:00 (Asia/Baku)" in lines[1]


def test_to_json_contract() -> None:
    truce = find_truces([karabakh_truce(), violation(2, 2)], at(30))[0]
    data = truce.to_json()
    assert list(data)[:10] == [
        "title",
        "announced_at",
        "starts_at",
        "ends_at",
        "status",
        "violations",
        "first_violation_at",
        "killed",
        "wounded",
        "places",
    ]
    assert (data["starts_at"], data["ends_at"], data["status"]) == (
        "2020-10-10T08:00:00Z",
        None,
        "violated",
    )
    assert data["first_violation_at"] == "2020-10-10T10:00:00Z"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["zones"].update({"gmt": "Mars/Olympus"}), "unknown time zone"),
        (lambda d: d["kinds"].pop("extended"), "kinds"),
        (lambda d: d.update({"nouns": []}), "nouns"),
        (lambda d: d["numbers"].update({"dozen": "12"}), "numbers.dozen"),
    ],
)
def test_vocabulary_is_checked(change, message: str) -> None:
    data = read_toml("truces.toml")
    change(data)
    with pytest.raises(TruceDataError, match=message):
        load_vocabulary(data)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["conflict"][0].update({"zone": "Asia/Nowhere"}), "unknown time zone"),
        (lambda d: d["conflict"].append(dict(d["conflict"][0])), "duplicate"),
        (lambda d: d["conflict"][0].update({"places": ["Ganja|"]}), "empty spelling"),
        (lambda d: d["conflict"][0].update({"key": ""}), "key and name"),
    ],
)
def test_gazetteer_is_checked(change, message: str) -> None:
    data = read_toml("gazetteer.toml")
    change(data)
    with pytest.raises(TruceDataError, match=message):
        load_gazetteer(data)
