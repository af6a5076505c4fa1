"""One field of an item in another language, read with its language's stem lexicon:
its tokens and the terms found in them (what `foreign` decides on and `foreign_figures`
reads figures from)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from bot.classify.stems import Hit, StemLexicon, load_stem_lexicon
from bot.classify.text import FieldName
from bot.classify.tokens import Token, tokenize
from bot.models import Evidence


@cache
def lexicon(language: str) -> StemLexicon:
    """One language's lexicon, read on its first item so that a bot reading only
    English starts as fast as before."""
    return load_stem_lexicon(language)


@dataclass(frozen=True, slots=True)
class FieldHits:
    """One field: its name, text, tokens and the terms found in them."""

    name: FieldName
    text: str
    tokens: Sequence[Token]
    hits: Sequence[Hit]
    lexicon: StemLexicon

    def roles(self) -> frozenset[str]:
        return frozenset(hit.role for hit in self.hits)

    def having(self, *roles: str) -> list[Hit]:
        return [hit for hit in self.hits if hit.role in roles]

    def having_category(self, *categories: str) -> list[Hit]:
        return [hit for hit in self.hits if hit.category in categories]

    def evidence(self, label: str, hit: Hit, rule: str) -> Evidence:
        start, end = self.tokens[hit.first].start, self.tokens[hit.last].end
        return Evidence(label, self.name, start, end, self.text[start:end], rule)

    def sentence(self, hit: Hit) -> int:
        return self.tokens[hit.first].sentence


def read_field(lexicon: StemLexicon, name: FieldName, text: str) -> FieldHits:
    tokens = tokenize(text, lexicon.language)
    return FieldHits(name, text, tokens, lexicon.find(tokens), lexicon)
