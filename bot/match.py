"""Which subscriptions an item matches (pure).

A subscription is: any of its categories (if it has some) AND any of its
include terms (if it has some), and none of its exclude terms. Terms match as
whole words, case- and accent-insensitively; what the user typed is taken
literally (regular-expression characters included).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.models import CATEGORY_NAMES, CATEGORY_WORDS, LABELS, Label, Query, Subscription
from bot.text import fold, words

#: Feeds stamp items a little before they appear; a subscription made in that gap still fires.
PUBLISH_GRACE = timedelta(minutes=10)
MAX_TERMS = 20
MAX_TERM_CHARS = 100

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


class QueryError(ValueError):
    """A subscription query a user typed cannot be used; the message says why."""


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
        raise QueryError(f"at most {MAX_TERMS} keywords in one subscription")
    ordered = tuple(label for label in LABELS if label in categories)
    return Query(ordered, tuple(include), tuple(exclude))


def _check_term(term: str) -> str | None:
    folded = fold(term)
    if not folded:
        return None
    if len(folded) > MAX_TERM_CHARS:
        raise QueryError(f"a keyword can be at most {MAX_TERM_CHARS} characters")
    if not words(folded):
        raise QueryError(f"{term!r} has no letter or digit to match")
    return folded


def _add(bucket: list[str] | list[Label], value: str) -> None:
    if value not in bucket:
        bucket.append(value)  # type: ignore[arg-type]


def term_pattern(term: str) -> re.Pattern[str]:
    """Whole-word, literal pattern for an already folded term."""
    body = r"\s+".join(re.escape(part) for part in term.split(" "))
    return re.compile(rf"(?<!\w){body}(?!\w)")


@dataclass(frozen=True, slots=True)
class Match:
    subscription: Subscription
    reason: str


class Matcher:
    """All subscriptions, indexed by the first word of each include term."""

    def __init__(self, subscriptions: Iterable[Subscription]) -> None:
        self._by_word: dict[str, list[Subscription]] = defaultdict(list)
        self._no_terms: list[Subscription] = []
        self._patterns: dict[str, re.Pattern[str]] = {}
        for sub in subscriptions:
            self._index(sub)

    def _index(self, sub: Subscription) -> None:
        for term in (*sub.include, *sub.exclude):
            self._patterns.setdefault(term, term_pattern(term))
        if not sub.include:
            self._no_terms.append(sub)
        for first in {words(term)[0] for term in sub.include}:
            self._by_word[first].append(sub)

    def matches(self, text: str, labels: Sequence[str]) -> list[Match]:
        """Every subscription the item (its title and summary, and labels) satisfies."""
        folded = fold(text)
        present = set(words(folded))
        candidates = {s.id: s for s in self._no_terms}
        for word in present & self._by_word.keys():
            candidates.update((s.id, s) for s in self._by_word[word])
        found = (self._match(sub, folded, labels) for _, sub in sorted(candidates.items()))
        return [m for m in found if m is not None]

    def _match(self, sub: Subscription, folded: str, labels: Sequence[str]) -> Match | None:
        cats = [c for c in sub.categories if c in labels]
        if sub.categories and not cats:
            return None
        hits = [t for t in sub.include if self._patterns[t].search(folded)]
        if sub.include and not hits:
            return None
        if any(self._patterns[t].search(folded) for t in sub.exclude):
            return None
        return Match(sub, describe_reason(cats, hits))


def describe_reason(categories: Sequence[str], terms: Sequence[str]) -> str:
    parts = [CATEGORY_WORDS[c] for c in categories] + [f"“{t}”" for t in terms]
    return ", ".join(parts) if parts else "everything"


def eligible(sub: Subscription, published_at: datetime) -> bool:
    """A subscription is not pushed items dated before it existed (with a little grace)."""
    return published_at >= sub.created_at - PUBLISH_GRACE
