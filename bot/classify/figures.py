"""Casualty figures: tie numbers to killed/wounded words and add them up.

Each killed/wounded word yields at most one phrase: the victims after it
("killing 12"), a toll ("the death toll rose to 12") or the victims before it
("three soldiers and two civilians were killed", "cameraman killed").  A
phrase sums its groups.  Phrases about one kind combine as the largest
ordinary phrase (title and summary usually restate one toll) plus each
distinct separate toll: a side's own dead ("50 of its servicemen died"), the
attackers ("three attackers were killed") or victims added with "also".
Any vague group ("dozens") makes the kind unknown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.classify import patterns, roles
from bot.classify.casualty import Harm
from bot.classify.evidence import text_span
from bot.classify.numbers import parse_number
from bot.models import Evidence

Kind = Literal["killed", "wounded"]
_KINDS: dict[str, Kind] = {roles.KILLED: "killed", roles.WOUNDED: "wounded"}

#: how far before a killed/wounded word its victims may start
LOOKBACK_CHARS = 120
#: harm words read per item: a real report has a handful, so this only
#: bounds the work on pathological text
MAX_HARMS = 64


@dataclass(frozen=True, slots=True)
class Phrase:
    """A figure phrase: its total (None when vague) and whether it adds up."""

    kind: Kind
    value: int | None
    separate: bool
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Figures:
    """The item's killed and wounded figures and the phrases behind them."""

    killed: int | None = None
    wounded: int | None = None
    evidence: tuple[Evidence, ...] = ()


class _NoPeople:
    """Marker: the phrase counted things (years, graves), not people."""


_NO_PEOPLE = _NoPeople()
_Value = int | None | _NoPeople


def extract_figures(harms: Sequence[Harm]) -> Figures:
    """Figures for the item whose valid harm mentions are `harms`."""
    phrases = [p for harm in harms[:MAX_HARMS] if (p := _phrase(harm)) is not None]
    killed = [p for p in phrases if p.kind == "killed"]
    wounded = [p for p in phrases if p.kind == "wounded"]
    return Figures(_total(killed), _total(wounded), tuple(p.evidence for p in phrases))


def _total(phrases: Sequence[Phrase]) -> int | None:
    if not phrases or any(p.value is None for p in phrases):
        return None
    ordinary = max((p.value or 0 for p in phrases if not p.separate), default=0)
    separate = sorted({p.value or 0 for p in phrases if p.separate})
    return ordinary + sum(separate)


def _phrase(harm: Harm) -> Phrase | None:
    kind = _KINDS.get(harm.hit.role)
    if kind is None:
        return None
    match, rule = _match(harm)
    if match is None:
        return None
    groups = match.group("groups")
    value = _phrase_value(groups)
    if isinstance(value, _NoPeople):
        return None
    start, end = min(match.start(), harm.hit.start), max(match.end(), harm.hit.end)
    evidence = text_span(harm.scan, kind, start, end, f"figure.{rule}")
    return Phrase(kind, value, _separate(harm, match, groups), evidence)


def _match(harm: Harm) -> tuple[re.Match[str] | None, str]:
    """The figure phrase around one harm word, and which pattern found it."""
    low, hit = harm.scan.field.low, harm.hit
    word = low[hit.start : hit.end]
    if word in patterns.TOLL_WORDS:
        return patterns.TOLL.match(low, hit.end), "toll"
    if word in patterns.ACTIVE_VERBS and (after := patterns.AFTER_VERB.match(low, hit.end)):
        return after, "after_verb"
    if word in patterns.ACTIVE_ONLY:
        return None, ""
    lookback = max(0, hit.start - LOOKBACK_CHARS)
    return patterns.BEFORE_VERB.search(low, lookback, hit.start), "before_verb"


def _phrase_value(groups: str) -> _Value:
    values = [v for v in map(_group_value, _groups(groups)) if v is not _NO_PEOPLE]
    if not values:
        return _NO_PEOPLE
    if any(v is None for v in values):
        return None
    return sum(v for v in values if isinstance(v, int))


def _groups(groups: str) -> Iterable[re.Match[str]]:
    return patterns.GROUP_ITEM.finditer(patterns.SUBSET_CLAUSE.sub(",", groups))


def _group_value(group: re.Match[str]) -> _Value:
    count, rest = group.group("count"), group.group("rest").split()
    if any(word in patterns.NOT_PEOPLE for word in rest):
        return _NO_PEOPLE
    if count in patterns.PEOPLE or count == "another":
        return 1
    if count in ("a", "an", "the"):
        return 1 if any(word in patterns.PEOPLE for word in rest) else _NO_PEOPLE
    if patterns.VAGUE.fullmatch(count):
        return None
    return parse_number(count)


def _separate(harm: Harm, match: re.Match[str], groups: str) -> bool:
    """Whether the phrase is a toll of its own rather than a restatement."""
    padded = f" {' '.join(groups.split())} "
    if any(f" {marker} " in padded for marker in patterns.OWN_SIDE):
        return True
    if set(groups.split()) & patterns.ATTACKERS:
        return True
    between = harm.scan.field.low[match.end("groups") : harm.hit.start]
    return "also" in between.split()
