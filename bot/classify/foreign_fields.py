"""One field of an item in another language, read with its language's stem lexicon:
its tokens and the terms found in them (what `foreign` decides on and `foreign_figures`
reads figures from)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from bot.classify.stems import Hit, StemLexicon, load_stem_lexicon
from bot.classify.text import FieldName
from bot.classify.tokens import Token, tokenize
from bot.models import Evidence, quick_init

#: a killed word that may name machines ("уничтожили 53 беспилотника") or a threat
#: ("будут уничтожены"): it counts with a number or armed people within REACH words
#: in its clause, and no weapon, materiel, vehicle or building
DESTROYED, MACHINES, REACH = "destroyed", frozenset({"weapon", "materiel", "vehicle"}), 3
#: a killed word that may name anything lost ("a perdu le contrôle"): it counts
#: when armed people follow it within REACH words in its clause ("perdu 38 soldats")
LOST = "lost"


@cache
def lexicon(language: str) -> StemLexicon:
    """One language's lexicon, read on its first item so that a bot reading only
    English starts as fast as before."""
    return load_stem_lexicon(language)


@quick_init  # built per field: filling the slots directly is twice as fast
@dataclass(frozen=True, slots=True)
class FieldHits:
    """One field: its name, text, tokens and the terms found in them."""

    name: FieldName
    text: str
    tokens: Sequence[Token]
    hits: Sequence[Hit]
    lexicon: StemLexicon
    #: where an act or weapon of war begins: a number before it counts them, not
    #: people ("tués dans cinq attaques", "запущены 10 ракет")
    acts_at: frozenset[int] = frozenset()
    #: the hits of each role, in order: the rules ask for one role at a time
    by_role: Mapping[str, tuple[Hit, ...]] = field(default_factory=dict)

    def roles(self) -> frozenset[str]:
        # read_field groups every hit by its role: the groups' keys are the roles
        return frozenset(self.by_role) if self.by_role else frozenset(h.role for h in self.hits)

    # the rules ask ~30 times per item, mostly for what the field lacks: the
    # groups are handed out as they are (the callers only read them)
    def having(self, *roles: str) -> Sequence[Hit]:
        if len(roles) == 1:
            return self.by_role.get(roles[0], ())
        if self.by_role and self.by_role.keys().isdisjoint(roles):
            return ()
        return [hit for hit in self.hits if hit.role in roles]

    def having_category(self, *categories: str) -> list[Hit]:
        return [hit for hit in self.hits if hit.category in categories]

    def victims(self, *roles: str) -> list[Hit]:
        """The hits of these roles, less "destroyed" words said of machines or of
        no one counted ("будут уничтожены")."""
        return [h for h in self.having(*roles) if self._of_people(h)]

    def _of_people(self, hit: Hit) -> bool:
        if hit.category == LOST:
            return any(self._follows(h, hit) for h in self.having("actor"))
        return hit.category != DESTROYED or self._on_people(hit)

    def _follows(self, actor: Hit, hit: Hit) -> bool:
        return 0 < actor.first - hit.last <= REACH and self._near(actor.first, hit)

    def _on_people(self, hit: Hit) -> bool:
        """A number or armed people near the word, and no weapon or materiel."""
        near = [h for h in self.hits if self._near(h.first, hit) or self._near(h.last, hit)]
        if any(h.category in MACHINES for h in near):
            return False
        span = range(hit.first - REACH, hit.last + REACH + 1)
        counted = (self.tokens[i] for i in span if self._near(i, hit))
        numbers = self.lexicon.numbers
        people = any(h.role == "actor" for h in near)
        return people or any(t.number is not None or t.norm in numbers for t in counted)

    def _near(self, index: int, hit: Hit) -> bool:
        if not 0 <= index < len(self.tokens):
            return False
        in_reach = max(index - hit.last, hit.first - index) <= REACH
        return in_reach and self.tokens[index].clause == self.tokens[hit.first].clause

    def evidence(self, label: str, hit: Hit, rule: str) -> Evidence:
        start, end = self.tokens[hit.first].start, self.tokens[hit.last].end
        return Evidence(label, self.name, start, end, self.text[start:end], rule)

    def sentence(self, hit: Hit) -> int:
        return self.tokens[hit.first].sentence


def _join_asides(tokens: list[Token], asides: frozenset[str]) -> list[Token]:
    """ "A massacré, mardi, au moins 50 civils": a clause of time words only,
    set off by commas, does not part the verb from its count, so it and the
    clause after it join the clause before it (in the same sentence)."""
    found = [i for i, t in enumerate(tokens) if t.norm in asides]
    if not found:
        return tokens
    joined = list(tokens)
    for at in found:
        first, end = _clause_span(tokens, at)
        if first == 0 or end >= len(tokens) or joined[first].clause != tokens[first].clause:
            continue  # at an edge, or an aside already joined
        same = tokens[first - 1].sentence == tokens[first].sentence == tokens[end].sentence
        if same and all(t.norm in asides or t.number is not None for t in tokens[first:end]):
            into = joined[first - 1].clause
            for i in range(first, _clause_span(tokens, end)[1]):
                joined[i] = joined[i]._replace(clause=into)
    return joined


def _clause_span(tokens: list[Token], at: int) -> tuple[int, int]:
    """The first token of the clause at `at` and the one after its last."""
    first, end, clause = at, at, tokens[at].clause
    while first > 0 and tokens[first - 1].clause == clause:
        first -= 1
    while end < len(tokens) and tokens[end].clause == clause:
        end += 1
    return first, end


#: hostile words that name people, whose number counts them ("2 снайпера")
GUNMEN = "gunman"
#: a strike that hit ("قصف أصاب شاحنة"), or wounded the people it counts ("وأصابت 119 آخرين")
STRUCK = "struck"


def _struck_people(lexicon: StemLexicon, tokens: Sequence[Token], hits: list[Hit]) -> list[Hit]:
    """ "أودت بحياة 41 شخصًا، وأصابت 119 آخرين": a "struck" verb whose object is a
    count (a number not followed by a weapon, which would be its subject) wounded
    those people."""
    if not any(h.category == STRUCK for h in hits):
        return hits
    weapons = {h.first for h in hits if h.role == "hostile"}
    return [_wounding(lexicon, tokens, h, weapons) if h.category == STRUCK else h for h in hits]


def _wounding(lexicon: StemLexicon, tokens: Sequence[Token], hit: Hit, weapons: set[int]) -> Hit:
    at = hit.last + 1
    if at >= len(tokens) or tokens[at].clause != tokens[hit.first].clause or at + 1 in weapons:
        return hit
    counted = tokens[at].number is not None or tokens[at].norm in lexicon.numbers
    return Hit("wounded", "wounded", hit.first, hit.last) if counted else hit


def read_field(lexicon: StemLexicon, name: FieldName, text: str) -> FieldHits:
    tokens = tokenize(text, lexicon.language)
    if lexicon.asides:
        tokens = _join_asides(tokens, lexicon.asides)
    hits = _struck_people(lexicon, tokens, lexicon.find(tokens))
    acts = frozenset(h.first for h in hits if h.role == "hostile" and h.category != GUNMEN)
    by_role: dict[str, list[Hit]] = {}
    for hit in hits:
        by_role.setdefault(hit.role, []).append(hit)
    roles = {role: tuple(found) for role, found in by_role.items()}
    return FieldHits(name, text, tokens, hits, lexicon, acts, roles)
