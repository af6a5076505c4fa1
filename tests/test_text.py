"""Text folding: the fast path agrees with the plain definition, for any text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import text
from bot.text import fold


def plain_fold(value: str) -> str:
    """The definition: variant characters, Latin letters, accents, case, whitespace."""
    value = value.translate(text._VARIANTS).translate(text._LATIN)
    decomposed = unicodedata.normalize("NFKD", value)
    value = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(value.casefold().split())


FOLDED = [chr(k) for k in text._FOLDS]


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.one_of(st.characters(), st.sampled_from(FOLDED)), max_size=60))
def test_fold_matches_its_definition(value: str) -> None:
    assert fold(value) == plain_fold(value)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("GANJA,", "ganja,"),
        ("Stepanakert’s  shelling", plain_fold("Stepanakert’s shelling")),
        ("Şuşa\u00a0\tcity", "susa city"),
        ("Straße", "strasse"),
        ("  ", ""),
    ],
)
def test_fold_examples(raw: str, folded: str) -> None:
    assert fold(raw) == folded
