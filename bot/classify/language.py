"""Whether an item is in English, the language of the shipped lexicons.

An item in another language is never labelled by English words that happen
to match ("signature de l'accord"); the word lists live in language.toml.
"""

from __future__ import annotations

import re

from bot.classify.lexicon import LexiconError, read_toml

#: how much of a field is read to tell its language
SAMPLE_CHARS = 200
#: another language's short words needed before an item is taken for it
MIN_FOREIGN_WORDS = 2
#: letters outside the Latin alphabets (Cyrillic, Arabic, Hebrew, CJK...)
_NON_LATIN = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff]")


def _word_lists() -> tuple[frozenset[str], frozenset[str]]:
    data = read_toml("language.toml")
    english, other = frozenset(data["english"]["words"]), frozenset(data["other"]["words"])
    if english & other:
        raise LexiconError(f"language.toml: in both lists: {sorted(english & other)}")
    return english, other


def _words_regex(words: frozenset[str]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(words))) + r")(?!\w)")


ENGLISH, OTHER = _word_lists()
_ENGLISH_WORDS, _OTHER_WORDS = _words_regex(ENGLISH), _words_regex(OTHER)


def english(text: str) -> bool:
    """False when `text` is mostly in another script or at least two of its
    short words, and more of them than English ones, are another language's;
    text too short to tell counts as English."""
    sample = text[:SAMPLE_CHARS].lower()
    if not sample.isascii() and len(_NON_LATIN.findall(sample)) * 4 > len(sample):
        return False
    theirs = len(_OTHER_WORDS.findall(sample))
    return theirs < MIN_FOREIGN_WORDS or len(_ENGLISH_WORDS.findall(sample)) >= theirs
