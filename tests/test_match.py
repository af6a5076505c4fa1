"""Subscription queries and matching: the table of what a user types and what it catches."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.match import Matcher, QueryError, eligible, parse_query
from bot.models import Subscription

T0 = datetime(2020, 10, 10, 8, tzinfo=UTC)
V, D, C = "ceasefire_violation", "diplomatic_move", "casualty_report"


def sub(query: str, sid: int = 1, chat: int = 100, created: datetime = T0) -> Subscription:
    q = parse_query(query)
    return Subscription(sid, chat, q.categories, q.include, q.exclude, created)


@pytest.mark.parametrize(
    ("query", "text", "labels", "expected"),
    [
        # whole words, any case, any accent
        ("Ganja", "Rockets hit GANJA, officials say", (), True),
        ("Ganja", "Rockets hit Ganjaabad overnight", (), False),
        ("Ganja", "Shelling near the Ganja-Baku road", (), True),
        ("Tərtər", "Shelling in the Terter district", (), True),
        ("terter", "Shelling in the TƏRTƏR district", (), True),
        ("Kyiv", "Kyiv’s envoy said", (), True),
        ("Stepanakert", "Explosions rocked stepanakert", (), True),
        # phrases match as a whole, words in order
        ('"Lachin corridor"', "Convoys use the Lachin  corridor again", (), True),
        ('"Lachin corridor"', "The corridor near Lachin reopened", (), False),
        # regular-expression characters are literal
        ("Ganja.*", "Rockets hit Ganja overnight", (), False),
        ("Ganja.*", "Search term Ganja.* appeared", (), True),
        ("(Barda)", "Strike on Barda", (), False),
        ("a+b", "a+b was written here", (), True),
        ("a+b", "aab was written here", (), False),
        # categories: any of them
        ("violations", "anything", (V,), True),
        ("violations", "anything", (D,), False),
        ("violations casualties", "anything", (C,), True),
        ("ceasefire_violation", "anything", (V,), True),
        ("diplomacy", "anything", (D, C), True),
        # categories AND keywords
        ("casualties Stepanakert", "Two killed in Stepanakert", (C,), True),
        ("casualties Stepanakert", "Two killed in Ganja", (C,), False),
        ("casualties Stepanakert", "Talks about Stepanakert", (D,), False),
        # any of several keywords
        ("Ganja Barda", "Strike on Barda", (), True),
        # exclusions
        ("violations -football", "Truce broken near stadium", (V,), True),
        ("violations -football", "Football truce broken", (V,), False),
        ('Ganja -"car crash"', "Car crash in Ganja", (), False),
        ('Ganja -"car crash"', "Car hit in Ganja crash", (), True),
        ("-weather", "Shelling resumed", (), True),
        # a quoted category name is a keyword, not a category
        ('"violations"', "Ministry lists violations", (), True),
        ('"violations"', "Shelling resumed", (V,), False),
    ],
)
def test_matching_table(query: str, text: str, labels: tuple[str, ...], expected: bool) -> None:
    matcher = Matcher([sub(query)])
    assert bool(matcher.matches(text, labels)) is expected


def test_reason_names_categories_and_keywords() -> None:
    [match] = Matcher([sub("casualties Ganja")]).matches("Nine killed in Ganja", (C,))
    assert "casualties" in match.reason and "ganja" in match.reason


def test_several_subscriptions_each_matched_once() -> None:
    subs = [sub("violations", 1), sub("Ganja", 2), sub("Barda", 3, chat=200)]
    found = Matcher(subs).matches("Truce broken in Ganja", (V,))
    assert [m.followed.id for m in found] == [1, 2]


@pytest.mark.parametrize(
    ("text", "categories", "include", "exclude"),
    [
        ("violations", (V,), (), ()),
        ("Diplomacy CASUALTIES", (D, C), (), ()),
        ('casualties "Lachin corridor" -football', (C,), ("lachin corridor",), ("football",)),
        ("“curly phrase”", (), ("curly phrase",), ()),
        ('"unclosed phrase', (), ("unclosed phrase",), ()),
        ("Ganja ganja GANJA", (), ("ganja",), ()),
        ('-"two words"', (), (), ("two words",)),
    ],
)
def test_parse_query(text: str, categories: tuple, include: tuple, exclude: tuple) -> None:
    q = parse_query(text)
    assert (q.categories, q.include, q.exclude) == (categories, include, exclude)
    assert parse_query(q.canonical()) == q


@pytest.mark.parametrize("text", ["+++", "x" * 101, " ".join(f"w{i}" for i in range(21))])
def test_parse_query_refuses(text: str) -> None:
    with pytest.raises(QueryError):
        parse_query(text)


def test_items_older_than_the_subscription_are_not_eligible() -> None:
    s = sub("violations", created=T0)
    assert eligible(s, T0 + timedelta(minutes=1))
    assert eligible(s, T0 - timedelta(minutes=5))  # published just before, appeared after
    assert not eligible(s, T0 - timedelta(hours=2))
