"""classify() never raises and bounds its work, whatever the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.classify import classify
from bot.models import LABELS


def _assert_well_formed(title: str, summary: str) -> None:
    result = classify(title, summary)
    assert set(result.labels) <= set(LABELS)
    assert len(set(result.labels)) == len(result.labels)
    for figure in (result.killed, result.wounded):
        assert figure is None or (isinstance(figure, int) and figure >= 0)
    assert all(0.0 <= score <= 1.0 for score in result.scores.values())


@settings(max_examples=300)
@given(st.text(), st.text())
def test_any_unicode_text_is_classified(title: str, summary: str) -> None:
    _assert_well_formed(title, summary)


_NEWSY = st.lists(
    st.sampled_from(
        [
            "killed",
            "wounded",
            "truce",
            "despite",
            "no",
            "12",
            "twenty-one",
            "dozens",
            "and",
            ",",
            ".",
            "talks",
            "at least",
            "its",
            "violated",
            "shelling",
            "ceasefire",
            "a",
            "the",
            "soldiers",
            "İ",
            "’",
            "\u00a0",
            "-",
            "of",
            "were",
            "death toll rose to",
            "'",
        ]
    ),
    max_size=60,
).map(" ".join)


@settings(max_examples=300)
@given(_NEWSY, _NEWSY)
def test_dense_keyword_soup_is_classified(title: str, summary: str) -> None:
    _assert_well_formed(title, summary)


def test_empty_and_blank_fields() -> None:
    for title, summary in [("", ""), ("   ", "\n\t"), ("", "Ceasefire violated")]:
        _assert_well_formed(title, summary)
    assert classify("", "").labels == ()


def test_megabyte_fields_are_cut_before_matching() -> None:
    filler = "quiet day " * 100_000
    result = classify(filler + "ten soldiers killed", filler + "ten soldiers killed")
    assert result.labels == ()


def test_characters_that_lowercase_to_two_keep_offsets() -> None:
    title = "İİ shelling kills 3 despite truce"
    result = classify(title, "")
    assert "ceasefire_violation" in result.labels
    for evidence in result.evidence:
        assert title[evidence.start : evidence.end] == evidence.text


def test_lone_surrogates_and_control_characters() -> None:
    _assert_well_formed("\ud800 killed \x00 5", "\u202e truce \udfff violated")
