"""Bounded, offset-preserving text normalisation.

Every transformation here maps one character to one character, so an offset
in the normalised text is the same offset in the caller's string and
evidence spans can quote the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

FieldName = Literal["title", "summary"]

#: Feed titles are short; summaries are cut here so a 1 MB input costs the
#: same as a long paragraph.
MAX_TITLE_CHARS = 1_000
MAX_SUMMARY_CHARS = 4_000

_SAME_LENGTH_FOLDS = {
    **dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032\u00b4\u0060"), "'"),
    **dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"), '"'),
    **dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-"),
    **dict.fromkeys(map(ord, "\t\n\r\f\v\u00a0\u2007\u202f\u2009\u200a\u3000"), " "),
}


@dataclass(slots=True)  # not frozen: built per item (see decision.py)
class Field:
    """One field of an item: the caller's text and its lower-cased twin."""

    name: FieldName
    raw: str
    low: str


def prepare(name: FieldName, text: str) -> Field:
    """Cut `text` to the field's budget and lower-case it for matching."""
    limit = MAX_TITLE_CHARS if name == "title" else MAX_SUMMARY_CHARS
    raw = text[:limit]
    return Field(name, raw, lower_keeping_offsets(raw))


_NEEDS_FOLDING = re.compile("[" + re.escape("".join(map(chr, _SAME_LENGTH_FOLDS))) + "]")


def lower_keeping_offsets(text: str) -> str:
    """Lower-case and unify quotes, dashes and spaces, keeping the length."""
    # translate() looks up every character; most fields have nothing to fold
    folded = text.translate(_SAME_LENGTH_FOLDS) if _needs_folding(text) else text
    lowered = folded.lower()
    if len(lowered) == len(folded):
        return lowered
    # a few characters ("İ") lower-case to two; keep those as they are
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in folded)


def _needs_folding(text: str) -> bool:
    """Whether `text` holds a character that folding changes. Most fields are
    ASCII, where a substring test per ASCII fold runs at memory speed and the
    regex steps through every character."""
    if not text.isascii():
        return _NEEDS_FOLDING.search(text) is not None
    return (
        "\t" in text or "\n" in text or "\r" in text or "`" in text or "\f" in text or "\v" in text
    )


#: the ASCII characters of the fold table, which _needs_folding tests one by one
ASCII_FOLDS = "".join(sorted(chr(code) for code in _SAME_LENGTH_FOLDS if code < 128))
