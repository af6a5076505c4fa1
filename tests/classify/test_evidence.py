"""Evidence: every label and figure says which words decided it."""

from __future__ import annotations

import pytest

from bot.classify import classify
from bot.models import Classification
from tests.classify.cases import ALL_CASES, FIGURE_CASES


@pytest.mark.parametrize(
    ("title", "summary"), [pytest.param(t, s, id=i) for i, t, s, _ in ALL_CASES]
)
def test_every_label_has_evidence_quoting_the_item(title: str, summary: str) -> None:
    result = classify(title, summary)
    fields = {"title": title, "summary": summary}
    for evidence in result.evidence:
        assert fields[evidence.field][evidence.start : evidence.end] == evidence.text
        assert evidence.rule
    for label in result.labels:
        assert any(e.label == label for e in result.evidence), label


@pytest.mark.parametrize(
    ("title", "summary"), [pytest.param(t, s, id=i) for i, t, s, _, _ in FIGURE_CASES]
)
def test_every_figure_has_evidence(title: str, summary: str) -> None:
    result = classify(title, summary)
    if result.killed is not None:
        assert any(e.label == "killed" for e in result.evidence)
    if result.wounded is not None:
        assert any(e.label == "wounded" for e in result.evidence)


def test_evidence_names_the_deciding_words() -> None:
    result = classify(
        "Army accuses rebels of violating the truce in Kidal",
        "Three soldiers and two civilians were killed, officials said.",
    )
    texts = {(e.label, e.text) for e in result.evidence}
    assert ("ceasefire_violation", "violating the truce") in texts
    assert ("killed", "Three soldiers and two civilians were killed") in texts


def test_output_is_deterministic_and_round_trips_through_json() -> None:
    title, summary = "Shelling kills 4 in Idlib despite truce", "Turkey summoned Russia's envoy."
    first, second = classify(title, summary), classify(title, summary)
    assert first == second
    assert first.to_json() == second.to_json()
    assert Classification.from_json(first.to_json()).to_json() == first.to_json()


def test_figure_evidence_spans_the_victims_and_their_verb() -> None:
    # a name set between commas, and a death honoured as martyrdom, are quoted whole
    result = classify(
        "Two soldiers martyred in border shelling",
        "A soldier of the border guard, Sergeant Ilya Markov, was killed in the exchange of fire.",
    )
    texts = {(e.label, e.text) for e in result.evidence}
    assert ("killed", "Two soldiers martyred") in texts
    assert ("killed", "A soldier of the border guard, Sergeant Ilya Markov, was killed") in texts
    assert result.killed == 2
