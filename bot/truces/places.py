"""Which conflict a text is about: the gazetteer's places and parties it names (pure).

Each conflict scores its distinct names found in the text, a place twice a party and a
many-word name by its words, so "South Sudan" beats "Sudan" and "Gaza" beats "Israel".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.truces.data import CONFLICTS, MEDIATORS, Conflict, Name

#: How a matched name counts towards its conflict, by role. A spelling that also names a
#: mediator ("Moscow" for Russia in Ukraine) counts half: it is as likely the venue.
WEIGHTS = {"place": 4, "party": 2}


@dataclass(frozen=True, slots=True)
class Ref:
    """What a spelling refers to: a conflict's place or party, or a mediator."""

    role: str  # "place", "party" or "mediator"
    conflict: str  # the conflict's key; "" for a mediator
    name: Name


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """The conflicts a text names best, and the names that tied it to them."""

    conflicts: tuple[str, ...]
    names: tuple[str, ...]
    parties: tuple[str, ...]
    mediators: tuple[str, ...]
    zone: str


NO_MATCH = PlaceMatch((), (), (), (), "UTC")


def build_index(
    conflicts: Sequence[Conflict], mediators: Sequence[Name]
) -> dict[str, list[tuple[tuple[str, ...], Ref]]]:
    """First word -> (spelling, what it refers to), longest spellings first."""
    index: dict[str, list[tuple[tuple[str, ...], Ref]]] = defaultdict(list)
    refs = [Ref("mediator", "", n) for n in mediators]
    for conflict in conflicts:
        refs += [Ref("place", conflict.key, n) for n in conflict.places]
        refs += [Ref("party", conflict.key, n) for n in conflict.parties]
    for ref in refs:
        for spelling in ref.name.spellings:
            index[spelling[0]].append((spelling, ref))
    for entries in index.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return dict(index)


INDEX = build_index(CONFLICTS, MEDIATORS)
FIRST_WORDS = frozenset(INDEX)
#: Per conflict, the first words of its spellings: text with none of them names it not.
CONFLICT_WORDS: Mapping[str, frozenset[str]] = {
    c.key: frozenset(s[0] for n in c.places + c.parties for s in n.spellings) for c in CONFLICTS
}
MEDIATOR_SPELLINGS = frozenset(s for name in MEDIATORS for s in name.spellings)
BY_KEY: Mapping[str, Conflict] = {c.key: c for c in CONFLICTS}


def scan_names(tokens: Sequence[str]) -> list[tuple[tuple[str, ...], Ref]]:
    """Every gazetteer spelling in the token list, in text order. Only the tokens that
    start some spelling are visited (a set intersection finds them), since most news
    names none or a few."""
    starts = FIRST_WORDS.intersection(tokens)
    if not starts:
        return []
    found = []
    for i, token in enumerate(tokens):
        if token in starts:
            found += [
                (spelling, ref)
                for spelling, ref in INDEX[token]
                if len(spelling) == 1 or tuple(tokens[i : i + len(spelling)]) == spelling
            ]
    return found


def best_conflicts(found: Sequence[tuple[tuple[str, ...], Ref]]) -> tuple[str, ...]:
    """The conflicts with the highest score (all of them on a tie)."""
    scores: dict[str, int] = defaultdict(int)
    seen: set[tuple[str, str]] = set()
    for spelling, ref in found:
        if ref.role != "mediator" and (ref.conflict, ref.name.shown) not in seen:
            seen.add((ref.conflict, ref.name.shown))
            weight = WEIGHTS[ref.role] * len(spelling)
            scores[ref.conflict] += weight // 2 if spelling in MEDIATOR_SPELLINGS else weight
    top = max(scores.values(), default=0)
    return tuple(key for key, score in scores.items() if score == top and top)


def conflicts_named(tokens: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The conflicts `tokens` are about and the names that tie them: the cheap part of
    `match_places`, for tying news to truces."""
    found = scan_names(tokens)
    conflicts = best_conflicts(found)
    return conflicts, tuple(r.name.shown for _, r in found if r.conflict in conflicts)


def match_places(tokens: Sequence[str]) -> PlaceMatch:
    """The conflicts `tokens` (folded words) are about, with the names that say so."""
    found = scan_names(tokens)
    conflicts = best_conflicts(found)
    if not conflicts:
        return NO_MATCH
    tied = [(s, r) for s, r in found if r.conflict in conflicts]
    return PlaceMatch(
        conflicts=conflicts,
        names=unique(r.name.shown for _, r in tied),
        parties=unique(r.name.shown for _, r in tied if r.role == "party"),
        mediators=unique(r.name.shown for _, r in found if r.role == "mediator"),
        zone=zone_of(conflicts[0], [s for s, _ in tied]),
    )


def zone_of(conflict: str, spellings: Sequence[tuple[str, ...]]) -> str:
    """The first named place's own zone, else the conflict's."""
    own = BY_KEY[conflict].place_zones
    for spelling in spellings:
        zone = own.get(" ".join(spelling))
        if zone:
            return zone
    return BY_KEY[conflict].zone


def unique(names: Iterable[str]) -> tuple[str, ...]:
    """Names in first-seen order, each once."""
    return tuple(dict.fromkeys(names))
