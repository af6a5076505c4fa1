"""Which subscriptions an item matches (pure).

A subscription is: any of its categories (if it has some) AND any of its
include terms (if it has some), and none of its exclude terms. Terms match as
whole words, case- and accent-insensitively; what the user typed is taken
literally (regular-expression characters included). Words in Cyrillic also
match their case endings ("Гянджа" finds "в Гяндже", "Степанакерт" finds
"Степанакерта"), and words in Arabic script their attached conjunctions,
prepositions and article ("غزة" finds "وغزة", "بغزة" and "لغزة"); Latin words
match only as typed ("Lachin corridor" does not find "Lachin corridors").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Generic, Protocol, TypeVar

from bot.models import CATEGORY_NAMES, CATEGORY_WORDS, LABELS, Label, Query
from bot.text import fold, words

#: Feeds stamp items a little before they appear; a subscription made in that gap still fires.
PUBLISH_GRACE = timedelta(minutes=10)
MAX_TERMS = 20
MAX_TERM_CHARS = 100

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def N_(msgid: str) -> str:
    return msgid


class QueryError(ValueError):
    """A subscription query a user typed cannot be used; the message says why (in English;
    `template` and `values` let a reply say it in the reader's language)."""

    def __init__(self, template: str, **values: object) -> None:
        super().__init__(template.format(**values))
        self.template, self.values = template, values


def parse_query(text: str) -> Query:
    """Read `violations Ganja "Lachin corridor" -football` into a Query."""
    categories: list[Label] = []
    include: list[str] = []
    exclude: list[str] = []
    for minus, phrase, word in _TOKEN.findall(text.translate(_QUOTES)):
        quoted = not word
        negated = bool(minus) or (word.startswith("-") and len(word) > 1)
        term = phrase if quoted else word[1:] if negated else word
        if not quoted and not negated and term.casefold() in CATEGORY_NAMES:
            _add(categories, CATEGORY_NAMES[term.casefold()])
        elif (term := _check_term(term)) is not None:
            _add(exclude if negated else include, term)
    if len(include) + len(exclude) > MAX_TERMS:
        raise QueryError(N_("at most {n} keywords in one subscription"), n=MAX_TERMS)
    ordered = tuple(label for label in LABELS if label in categories)
    return Query(ordered, tuple(include), tuple(exclude))


def _check_term(term: str) -> str | None:
    folded = fold(term)
    if not folded:
        return None
    if len(folded) > MAX_TERM_CHARS:
        raise QueryError(N_("a keyword can be at most {n} characters"), n=MAX_TERM_CHARS)
    if not words(folded):
        raise QueryError(N_("{term} has no letter or digit to match"), term=repr(term))
    return folded


def _add(bucket: list[str] | list[Label], value: str) -> None:
    if value not in bucket:
        bucket.append(value)  # type: ignore[arg-type]


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
#: letters a Russian or Ukrainian case ending may drop from a word as typed
_CYRILLIC_ENDINGS = "аяоеиыуюіїєь"
#: how many letters a case ending may add ("Гяндж|ой", "Степанакерт|ом")
_MAX_ENDING = 3
#: the shortest stem that still takes endings; shorter words match as typed
_MIN_STEM = 4
#: Arabic clitics before a word: و or ف, then ب, ل or ك, then the article
_ARABIC_CLITICS = "(?:[وف]?(?:[بلك]?ال|لل|[بلك])?)"


def term_pattern(term: str) -> re.Pattern[str]:
    """Whole-word pattern for an already folded term: literal, except that
    Cyrillic words take case endings and Arabic words attached clitics."""
    body = r"\s+".join(_word_pattern(part) for part in term.split(" "))
    return re.compile(rf"(?<!\w){body}(?!\w)")


def _word_pattern(word: str) -> str:
    if _CYRILLIC.search(word):
        stem = cyrillic_stem(word)
        if len(word) >= _MIN_STEM:
            return re.escape(stem) + rf"[^\W\d_]{{0,{_MAX_ENDING}}}"
    if _ARABIC.search(word):
        return _ARABIC_CLITICS + re.escape(arabic_stem(word))
    return re.escape(word)


def cyrillic_stem(word: str) -> str:
    """`word` without the vowels (at most two) a case ending replaces."""
    stem = word
    for _ in range(2):
        if len(stem) > _MIN_STEM and stem[-1] in _CYRILLIC_ENDINGS:
            stem = stem[:-1]
    return stem


def arabic_stem(word: str) -> str:
    """`word` without a leading article, which the clitic pattern puts back."""
    return word[2:] if word.startswith("ال") and len(word) > 3 else word


def index_keys(word: str) -> set[str]:
    """Keys under which a folded word of an item or a term is looked up: its
    Cyrillic stem's first letters, or its Arabic forms with clitics peeled."""
    if _CYRILLIC.search(word):
        return {cyrillic_stem(word)[: _MIN_STEM + 1]}
    if _ARABIC.search(word):
        return {arabic_stem(form) for form in _peeled(word)}
    return {word}


def _peeled(word: str) -> set[str]:
    forms, stack = {word}, [word]
    while stack:
        form = stack.pop()
        for clitic in ("و", "ف", "ب", "ل", "ك", "لل", "ال"):
            if form.startswith(clitic) and len(form) - len(clitic) >= 2:
                rest = form[len(clitic) :]
                if rest not in forms:
                    forms.add(rest)
                    stack.append(rest)
    return forms


class Followable(Protocol):
    """What can be followed and matched: a subscription, or a query many chats share."""

    @property
    def id(self) -> int: ...
    @property
    def categories(self) -> tuple[Label, ...]: ...
    @property
    def include(self) -> tuple[str, ...]: ...
    @property
    def exclude(self) -> tuple[str, ...]: ...


F = TypeVar("F", bound=Followable)


@dataclass(frozen=True, slots=True)
class Match(Generic[F]):
    followed: F
    reason: str


class Matcher(Generic[F]):
    """Everything followed, indexed so that an item meets only its candidates: by the first
    word of each include term, and by category for what follows categories alone."""

    def __init__(self, followed: Iterable[F]) -> None:
        self._by_word: dict[str, list[F]] = defaultdict(list)
        self._by_label: dict[str, list[F]] = defaultdict(list)
        self._everything: list[F] = []
        self._patterns: dict[str, re.Pattern[str]] = {}
        for entry in followed:
            self._index(entry)

    def _index(self, entry: F) -> None:
        for term in (*entry.include, *entry.exclude):
            self._patterns.setdefault(term, term_pattern(term))
        for first in {_term_key(term) for term in entry.include}:
            self._by_word[first].append(entry)
        if not entry.include:
            for label in entry.categories:
                self._by_label[label].append(entry)
            if not entry.categories:
                self._everything.append(entry)

    def matches(self, text: str, labels: Sequence[str]) -> list[Match[F]]:
        """Everything followed that the item (its title and summary, and labels) satisfies."""
        folded = fold(text)
        present = {key for word in set(words(folded)) for key in index_keys(word)}
        candidates = {e.id: e for e in self._everything}
        for label in labels:
            candidates.update((e.id, e) for e in self._by_label.get(label, ()))
        for word in present & self._by_word.keys():
            candidates.update((e.id, e) for e in self._by_word[word])
        found = (self._match(e, folded, labels) for _, e in sorted(candidates.items()))
        return [m for m in found if m is not None]

    def _match(self, entry: F, folded: str, labels: Sequence[str]) -> Match[F] | None:
        cats = [c for c in entry.categories if c in labels]
        if entry.categories and not cats:
            return None
        hits = [t for t in entry.include if self._patterns[t].search(folded)]
        if entry.include and not hits:
            return None
        if any(self._patterns[t].search(folded) for t in entry.exclude):
            return None
        return Match(entry, describe_reason(cats, hits))


def _term_key(term: str) -> str:
    """The one key a term is indexed under: its first word's shortest form."""
    return min(index_keys(words(term)[0]), key=len)


def describe_reason(categories: Sequence[str], terms: Sequence[str]) -> str:
    parts = [CATEGORY_WORDS[c] for c in categories] + [f"“{t}”" for t in terms]
    return ", ".join(parts) if parts else "everything"
