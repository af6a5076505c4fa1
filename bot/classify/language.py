"""Whether an item is in English, the language of the shipped lexicons.

An item in another language is never labelled by English words that happen
to match ("signature de l'accord"); the word lists live in language.toml.
"""

from __future__ import annotations

import re

from bot.classify.lexicon import LexiconError, read_toml

#: how much of a field is read to tell its language
SAMPLE_CHARS = 400
#: another language's short words needed before an item is taken for it
MIN_FOREIGN_WORDS = 2
_WORD = re.compile(r"[^\W\d_]+")


def _word_lists() -> tuple[frozenset[str], frozenset[str]]:
    data = read_toml("language.toml")
    english, other = frozenset(data["english"]["words"]), frozenset(data["other"]["words"])
    if english & other:
        raise LexiconError(f"language.toml: in both lists: {sorted(english & other)}")
    return english, other


ENGLISH, OTHER = _word_lists()


def english(text: str) -> bool:
    """False when `text` is mostly in another script or at least two of its
    short words, and more of them than English ones, are another language's;
    text too short to tell counts as English."""
    words = _WORD.findall(text[:SAMPLE_CHARS].lower())
    latin = sum(w.isascii() for w in words)
    if words and latin * 2 < len(words):
        return False
    theirs = sum(w in OTHER for w in words)
    return theirs < MIN_FOREIGN_WORDS or sum(w in ENGLISH for w in words) >= theirs
