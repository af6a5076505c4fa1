"""Table-driven checks of every labelling rule, on hand-written items."""

from __future__ import annotations

import pytest

from bot.classify import classify
from bot.models import LABELS
from tests.classify.cases import (
    ALL_CASES,
    CASUALTY_CASES,
    DIPLOMACY_CASES,
    GENERAL_FEED_CASES,
    HEADLINE_CASES,
    MIXED_CASES,
    NEGATION_CASES,
    NON_CONFLICT_CASES,
    PHRASING_CASES,
    REAL_FEED_CASES,
    VIOLATION_CASES,
    WIRE_CASES,
    Case,
)


def _params(cases: list[Case]) -> list[object]:
    return [
        pytest.param(title, summary, labels, id=case_id)
        for case_id, title, summary, labels in cases
    ]


@pytest.mark.parametrize(("title", "summary", "labels"), _params(VIOLATION_CASES))
def test_violation_rules(title: str, summary: str, labels: frozenset[str]) -> None:
    assert frozenset(classify(title, summary).labels) == labels


@pytest.mark.parametrize(("title", "summary", "labels"), _params(NEGATION_CASES))
def test_negation_rules(title: str, summary: str, labels: frozenset[str]) -> None:
    assert frozenset(classify(title, summary).labels) == labels


@pytest.mark.parametrize(("title", "summary", "labels"), _params(DIPLOMACY_CASES))
def test_diplomacy_rules(title: str, summary: str, labels: frozenset[str]) -> None:
    assert frozenset(classify(title, summary).labels) == labels


@pytest.mark.parametrize(("title", "summary", "labels"), _params(CASUALTY_CASES))
def test_casualty_rules(title: str, summary: str, labels: frozenset[str]) -> None:
    assert frozenset(classify(title, summary).labels) == labels


@pytest.mark.parametrize(
    ("title", "summary", "labels"),
    _params(MIXED_CASES + HEADLINE_CASES + WIRE_CASES + PHRASING_CASES),
)
def test_headlines(title: str, summary: str, labels: frozenset[str]) -> None:
    assert frozenset(classify(title, summary).labels) == labels


@pytest.mark.parametrize(("title", "summary", "labels"), _params(REAL_FEED_CASES))
def test_real_feed_wording(title: str, summary: str, labels: frozenset[str]) -> None:
    assert frozenset(classify(title, summary).labels) == labels


@pytest.mark.parametrize(("title", "summary", "labels"), _params(NON_CONFLICT_CASES))
def test_non_conflict_senses(title: str, summary: str, labels: frozenset[str]) -> None:
    assert frozenset(classify(title, summary).labels) == labels


@pytest.mark.parametrize(("title", "summary", "labels"), _params(ALL_CASES))
def test_labels_come_in_canonical_order_with_scores_that_agree(
    title: str, summary: str, labels: frozenset[str]
) -> None:
    result = classify(title, summary)
    assert list(result.labels) == [label for label in LABELS if label in result.labels]
    assert set(result.scores) == set(LABELS)
    for label in LABELS:
        assert 0.0 <= result.scores[label] <= 1.0
        assert (result.scores[label] >= 0.5) == (label in result.labels)


def test_a_hedge_lowers_nothing_when_an_attack_is_reported() -> None:
    hedged = classify("Truce largely holding, though mortar fire hits Beni suburb", "")
    plain = classify("Mortar fire hits Beni suburb despite truce", "")
    assert "ceasefire_violation" in hedged.labels
    assert "ceasefire_violation" in plain.labels


def test_figurative_kill_needs_the_object_right_after_the_verb() -> None:
    assert classify("Clashes kill dozens despite peace deal", "").labels == (
        "ceasefire_violation",
        "casualty_report",
    )
    assert classify("Governor's veto kills the plastic bag ban", "").labels == ()


def test_disaster_in_one_sentence_does_not_hide_a_later_attack() -> None:
    result = classify(
        "Floods hamper aid in Sudan",
        "Separately, an RSF drone strike on a market in El Obeid killed 9 people.",
    )
    assert "casualty_report" in result.labels
    assert result.killed == 9


def test_disaster_sentence_stays_a_disaster_when_fighting_is_only_background() -> None:
    result = classify("Cholera kills 40 in displacement camps", "Thousands fled the fighting.")
    assert result.labels == ()
    assert result.killed is None


@pytest.mark.parametrize(("title", "summary", "labels"), _params(GENERAL_FEED_CASES))
def test_general_feed(title: str, summary: str, labels: frozenset[str]) -> None:
    """Crime, accidents, deaths of old age and talks of no war are no conflict news."""
    assert frozenset(classify(title, summary).labels) == labels


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        ("A Sudan ceasefire mediated by Jeddah envoys has collapsed, the army says", ""),
        ("Officials say the Idlib ceasefire negotiated in Sochi has failed", ""),
    ],
)
def test_a_failed_truce_s_making_is_its_past_not_a_move(title: str, summary: str) -> None:
    """Whatever the violation rules make of it, the mediators of a truce told
    as collapsed or failed are its past, not a diplomatic move."""
    assert "diplomatic_move" not in classify(title, summary).labels
