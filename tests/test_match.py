"""Subscription queries and matching: the table of what a user types and what it catches."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.match import Matcher, QueryError, parse_query, term_pattern
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
        # ...and as whole words at both ends: the last word of a phrase is no prefix
        ('"Lachin corridor"', "Trucks queue in the Lachin corridors", (), False),
        ('"Lachin corridor"', "The Lachin corridor's checkpoint", (), True),
        ('"Lachin corridor"', "Convoys in the Lachin corridor.", (), True),
        ('"Lachin corridor"', "Convoys in the new-Lachin corridor", (), True),
        ('"Lachin corridor"', "Convoys in the NewLachin corridor", (), False),
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
        # an excluded word is a whole word too: it neither hides nor catches longer words
        ("Ganja -football", "Ganja footballers win the cup", (), True),
        ("Ganja -football", "Ganja football club wins", (), False),
        ("Ganja -ball", "Ganja football club wins", (), True),
        ('Ganja -"car crash"', "Car crashes in Ganja", (), True),
        ('Ganja -"car crash"', "Ganja: a car crash.", (), False),
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


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("+++", "'+++' has no letter or digit to match"),
        ("violations -", "'-' has no letter or digit to match"),
        ("x" * 101, "a keyword can be at most 100 characters"),
        (" ".join(f"w{i}" for i in range(21)), "at most 20 keywords in one subscription"),
        (" ".join([f"w{i}" for i in range(11)] + [f"-x{i}" for i in range(10)]), "at most 20"),
    ],
)
def test_parse_query_refuses(text: str, problem: str) -> None:
    with pytest.raises(QueryError) as refused:
        parse_query(text)
    assert str(refused.value).startswith(problem)


def test_parse_query_limits_are_inclusive() -> None:
    assert parse_query("x" * 100).include == ("x" * 100,)
    twenty = parse_query(" ".join([f"w{i}" for i in range(10)] + [f"-x{i}" for i in range(10)]))
    assert len(twenty.include) == 10 and len(twenty.exclude) == 10
    assert parse_query("Ganja -x").exclude == ("x",)  # the shortest exclusion


@pytest.mark.parametrize(
    ("term", "text", "found"),
    [
        ("lachin corridor", "the lachin corridor", True),
        ("lachin corridor", "the lachin corridors", False),
        ("lachin corridor", "the xlachin corridor", False),
        ("lachin corridor", "lachin\tcorridor", True),
        ("lachin corridor", "lachin-corridor", False),
        ("football", "footballers", False),
        ("football", "afootball", False),
        ("football", "football", True),
        ("football", "(football)", True),
        ("a.b", "axb", False),
    ],
)
def test_term_pattern_is_whole_word_at_both_ends(term: str, text: str, found: bool) -> None:
    # Exclusions and the later words of a phrase reach this pattern without the first-word
    # index in front of it, so both of its word boundaries must hold on their own.
    assert (term_pattern(term).search(text) is not None) is found


def test_reason_lists_categories_then_keywords_in_the_subscriptions_order() -> None:
    [match] = Matcher([sub('violations casualties Ganja "Lachin corridor"')]).matches(
        "Ganja and the Lachin corridor shelled", (C, V)
    )
    assert match.reason == "violations, casualties, “ganja”, “lachin corridor”"
    [anything] = Matcher([sub("-weather")]).matches("Shelling resumed", ())
    assert anything.reason == "everything"
    [only_hit] = Matcher([sub("Ganja Barda")]).matches("Strike on Barda", ())
    assert only_hit.reason == "“barda”"


def test_a_subscription_is_found_through_any_of_its_words() -> None:
    subs = [sub("Ganja Barda", 1), sub('"Lachin corridor" Shusha', 2), sub("violations", 3)]
    matcher = Matcher(subs)
    assert [m.followed.id for m in matcher.matches("Strike on Barda", ())] == [1]
    assert [m.followed.id for m in matcher.matches("Shusha shelled", (V,))] == [2, 3]
    assert [m.followed.id for m in matcher.matches("Lachin corridor closed", ())] == [2]
    assert matcher.matches("Corridor closed", ()) == []
