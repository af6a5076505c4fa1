"""Scanning: clause and sentence numbering, word distances, folding."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.classify.scan import FieldScan, after, before, scan_field
from bot.classify.text import (
    ASCII_FOLDS,
    MAX_SUMMARY_CHARS,
    MAX_TITLE_CHARS,
    lower_keeping_offsets,
    prepare,
)


def _scan(text: str) -> FieldScan:
    return scan_field(prepare("summary", text))


def test_abbreviations_and_decimals_do_not_end_sentences() -> None:
    scan = _scan("The U.S. envoy met 1.5 times. Talks resumed.")
    sentences = {scan.text(h): h.sentence for h in scan.hits}
    assert sentences["envoy"] == sentences["met"]
    assert sentences["talks"] == sentences["envoy"] + 1


def test_short_months_and_titles_do_not_end_sentences() -> None:
    scan = _scan(
        "The truce began on Nov. 24 as talks went on. Gen. Ali met envoys. Shelling resumed."
    )
    sentences = {scan.text(h): h.sentence for h in scan.hits}
    assert sentences["truce"] == sentences["talks"]
    assert sentences["met"] == sentences["truce"] + 1
    assert sentences["shelling"] == sentences["met"] + 1


def test_commas_and_conjunctions_end_clauses_but_hyphens_do_not() -> None:
    scan = _scan("cross-border shelling, but no casualties")
    shelling, casualties = scan.hits[0], scan.hits[-1]
    assert scan.text(shelling) == "shelling"
    assert casualties.clause > shelling.clause


def test_before_and_after_respect_the_word_window() -> None:
    scan = _scan("no reports of casualties")
    negation, harm = scan.hits[0], scan.hits[-1]
    assert before(scan, harm, {"negation"}, 3) == negation
    assert before(scan, harm, {"negation"}, 1) is None
    assert after(scan, negation, {"harm"}, 2) == harm


def test_phrases_match_across_quotes() -> None:
    scan = _scan("despite the 'de-escalation' deal")
    assert [h.role for h in scan.hits] == ["despite", "truce"]


def test_fields_are_cut_to_their_budget() -> None:
    assert len(prepare("title", "x" * 10_000).raw) == MAX_TITLE_CHARS
    assert len(prepare("summary", "x" * 10_000).raw) == MAX_SUMMARY_CHARS


@given(st.text())
def test_folding_keeps_every_offset(text: str) -> None:
    assert len(lower_keeping_offsets(text)) == len(text)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_folding_is_the_plain_definition(text: str) -> None:
    # the ASCII fast path tests the fold table's ASCII characters one by one
    assert ASCII_FOLDS == "\t\n\x0b\x0c\r`"
    plain = text.translate(str.maketrans(ASCII_FOLDS, "     '")).lower()
    assert lower_keeping_offsets(text) == plain


def test_folding_unifies_quotes_dashes_and_spaces() -> None:
    assert (
        lower_keeping_offsets("Azerbaijan’s cease‑fire\u00a0“deal”")
        == 'azerbaijan\'s cease-fire "deal"'
    )
