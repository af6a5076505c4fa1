"""Casualty figures: number words, sums, qualifiers, vague amounts, non-casualty numbers."""

from __future__ import annotations

import pytest

from bot.classify import classify
from bot.classify.numbers import parse_number
from tests.classify.cases import FIGURE_CASES


@pytest.mark.parametrize(
    ("title", "summary", "killed", "wounded"),
    [pytest.param(t, s, k, w, id=case_id) for case_id, t, s, k, w in FIGURE_CASES],
)
def test_figures(title: str, summary: str, killed: int | None, wounded: int | None) -> None:
    result = classify(title, summary)
    assert (result.killed, result.wounded) == (killed, wounded)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        ("1,400", 1400),
        ("one", 1),
        ("eleven", 11),
        ("twenty-one", 21),
        ("thirty four", 34),
        ("a hundred", 100),
        ("two hundred and fifty", 250),
        ("one thousand two hundred", 1200),
        ("three million", 3_000_000),
        ("a dozen", 12),
        ("two dozen", 24),
        ("half a dozen", 6),
        ("half", None),
        ("soldiers", None),
    ],
)
def test_parse_number(text: str, value: int | None) -> None:
    assert parse_number(text) == value


def test_absurd_figures_are_dropped() -> None:
    assert parse_number("99999999") is None


def test_figures_are_none_when_the_item_is_not_a_casualty_report() -> None:
    result = classify("Bus crash on Nairobi highway kills 14", "")
    assert "casualty_report" not in result.labels
    assert (result.killed, result.wounded) == (None, None)


def test_negated_harm_gives_no_figure() -> None:
    result = classify("Shells hit Kramatorsk overnight", "No one was killed, officials said.")
    assert (result.killed, result.wounded) == (None, None)
    assert result.labels == ()


@pytest.mark.parametrize(
    "summary",
    [
        "Resolution 2334 was cited by the council, and 4 soldiers were killed on Monday.",
        "The 5+5 military commission met as 4 soldiers were killed on Monday.",
        "At 08:00 on 12 May, 4 soldiers were killed by a 122 mm shell.",
        "Monitors counted 5,133 violations this year; 4 soldiers were killed on Monday.",
    ],
)
def test_numbers_that_are_not_casualties_are_ignored(summary: str) -> None:
    assert classify("Attack on frontline post", summary).killed == 4
