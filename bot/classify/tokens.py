"""Words of an item in Russian, Ukrainian, French or Arabic, normalised for lexicons.

Each token keeps its offsets in the caller's text, so evidence quotes the item
in its own language. Normalising lower-cases and folds the letter variants one
language writes interchangeably: ё as е, ґ as г and the apostrophe inside
Ukrainian words ("п'ять"); French accents and elision ("l'armée" is "armee");
Arabic short vowels and tatweel dropped, alef, hamza, ta marbuta and alef
maqsura forms made one. Arabic clitics (و ف ب ل ك and the article ال) are
peeled off in `variants`, so a lexicon stem matches "وبالغارات" too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import NamedTuple

#: a word is a run of letters and Arabic marks; matched a run of each at a time
#: ("[^\W\d_]+" is one fast repeat), not a class alternation per character.
#: A match takes the spaces before its token along (from the first of them
#: only, so a run of spaces is read once): the regex then starts no attempt
#: of its own at each space; the tokens are its groups.
_TOKEN = re.compile(
    r"(?<!\s)\s*+(?:"
    r"(?P<w>(?:[^\W\d_]+|[\u064b-\u065f\u0640\u0670]+)+(?:['’ʼ](?:[^\W\d_]+|[\u064b-\u065f]+)+)*)"
    r"|(?P<n>\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+(?:[.,]\d+)?)"
    # "مقتل وإصابة ( 10 ) مدنيين": a bracketed number stays in the clause of its words
    r"|[(][ \u00a0]*(?P<b>\d+)[ \u00a0]*[)]"
    r"|(?P<p>[.!?؟;:,،()]))"
)
#: the groups of a word and of a mark (groups 2 and 3 hold digits)
_WORD, _MARK = 1, 4
_SENTENCE_MARKS = frozenset(".!?؟;")
_ELIDED = frozenset({"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu"})
_ARABIC_FOLDS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "ـ": None}
)
_ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670]")
_CYRILLIC_FOLDS = str.maketrans({"ё": "е", "ґ": "г", "'": None, "’": None, "ʼ": None})


class Token(NamedTuple):
    """One word or number: its normalised form, its span, and where it stands."""

    norm: str
    start: int
    end: int
    position: int
    clause: int
    sentence: int
    number: float | None


def tokenize(text: str, language: str) -> list[Token]:
    """The words and numbers of `text`, numbered by clause and sentence."""
    tokens: list[Token] = []
    append = tokens.append  # the hot loop of every item in another language
    # most words were normalised before: a lookup, and no call, for them
    known = _NORMALISED.setdefault(language, {}).get
    clause = sentence = position = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastindex or 0  # every match has its token's group
        if kind == _WORD:  # most tokens: tested first
            value = match[_WORD]
            start, end = match.span(_WORD)
            norm = known(value) or normalise(value, language)
            # tuple.__new__ skips the Python-level __new__ a NamedTuple call runs
            append(_new_token(Token, (norm, start, end, position, clause, sentence, None)))
        elif kind == _MARK:
            sentence += match[_MARK] in _SENTENCE_MARKS and _ends_sentence(text, match.end())
            clause += 1
            continue
        else:  # digits, alone or in brackets
            value = match[kind]
            start, end = match.span(kind)
            number = _number(value)
            append(_new_token(Token, (value, start, end, position, clause, sentence, number)))
        position += 1
    return tokens


_new_token = tuple.__new__


def _ends_sentence(text: str, after: int) -> bool:
    return after >= len(text) or text[after].isspace()


def _number(text: str) -> float | None:
    digits = re.sub(r"[ \u00a0\u202f]", "", text).replace(",", ".")
    try:
        return float(digits)
    except ValueError:
        return None


#: per language, each word's normalised form (keyed by the word alone, so that
#: the tokenizer's lookup builds no key)
_NORMALISED: dict[str, dict[str, str]] = {}
#: words remembered (in all languages) before the memory is reset
NORMALISED_MEMORY = 100_000


def normalise(word: str, language: str) -> str:
    """The lexicon form of one word (see the module docstring); remembered."""
    memory = _NORMALISED.setdefault(language, {})
    known = memory.get(word)
    if known is None:
        if sum(map(len, _NORMALISED.values())) >= NORMALISED_MEMORY:
            for words in _NORMALISED.values():
                words.clear()  # in place: a tokenizer may hold a memory's lookup
        known = memory[word] = _normalise(word, language)
    return known


def _normalise(word: str, language: str) -> str:
    low = word.lower()
    if language in ("ru", "uk"):
        return low.translate(_CYRILLIC_FOLDS)
    if language == "ar":
        return _ARABIC_MARKS.sub("", low).translate(_ARABIC_FOLDS)
    if language == "fr":
        return _french(low)
    return low


def _french(low: str) -> str:
    for mark in "'’ʼ":
        head, sep, tail = low.partition(mark)
        if sep and head in _ELIDED:
            low = tail
    decomposed = unicodedata.normalize("NFD", low)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def variants(norm: str, language: str) -> tuple[str, ...]:
    """`norm`, then (in Arabic) the same word with its clitics peeled off one by
    one; remembered, since the rules ask for the forms of a word many times."""
    if language != "ar":
        return (norm,)
    known = _ARABIC_FORMS.get(norm)
    if known is None:
        if len(_ARABIC_FORMS) >= FORMS_MEMORY:
            _ARABIC_FORMS.clear()
        known = _ARABIC_FORMS[norm] = tuple(_peeled(norm))
    return known


_ARABIC_FORMS: dict[str, tuple[str, ...]] = {}
#: Arabic words whose forms are remembered before the memory is reset
FORMS_MEMORY = 50_000


def _peeled(word: str) -> Iterator[str]:
    yield word
    if word[:1] in ("و", "ف") and len(word) > 3:
        word = word[1:]
        yield word
    if word.startswith("لل") and len(word) > 4:
        word = word[2:]
        yield word
    elif word[:1] in ("ب", "ل", "ك") and len(word) > 3:
        word = word[1:]
        yield word
    if word.startswith("ال") and len(word) > 4:
        yield word[2:]
