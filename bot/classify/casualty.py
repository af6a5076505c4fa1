"""Decide `casualty_report`: people killed, wounded or missing in conflict.

A harm word counts unless negated ("no one was hurt") or figurative ("the
veto kills the bill", "hurt the economy"; idioms such as "dead heat" never
reach here because the lexicon swallows them).  Weak harm words ("missing",
"beaten") also need an armed actor or hostile act in the item.  Harm is not
conflict harm when a disaster or accident is named and no hostile act is,
either in the whole item or in the harm word's own sentence ("Cholera kills
70 in camps" stays a disaster even if a later sentence mentions fighting).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from bot.classify import patterns, roles
from bot.classify.context import negated
from bot.classify.evidence import hit_span
from bot.classify.lexicon import LEXICON
from bot.classify.scan import FieldScan, Hit, roles_present
from bot.models import Evidence

LABEL = "casualty_report"
HARM_ROLES = frozenset({roles.KILLED, roles.WOUNDED, roles.HARM})

#: evidence spans kept per label, so an alert stays short
MAX_EVIDENCE = 4
SCORE_STRONG = 0.9
SCORE_WEAK = 0.65
SCORE_DISASTER = 0.2


@dataclass(frozen=True, slots=True)
class Harm:
    """A mention of people harmed that survived negation and idiom checks."""

    scan: FieldScan
    hit: Hit

    @property
    def weak(self) -> bool:
        return LEXICON.categories[self.hit.category].weak


@dataclass(frozen=True, slots=True)
class CasualtyDecision:
    """The label's score, its evidence, and the harm mentions behind it."""

    score: float
    evidence: tuple[Evidence, ...]
    harms: tuple[Harm, ...]


def decide_casualty(scans: Sequence[FieldScan], armed: bool, off_topic: bool) -> CasualtyDecision:
    """Whether the item reports conflict casualties, and why."""
    harms = tuple(h for scan in scans for h in literal_harms(scan) if armed or not h.weak)
    if not harms:
        return CasualtyDecision(0.0, (), ())
    conflict = _conflict_harms(scans, harms, off_topic)
    if not conflict:
        return CasualtyDecision(SCORE_DISASTER, (), ())
    score = SCORE_WEAK if all(h.weak for h in conflict) else SCORE_STRONG
    evidence = tuple(
        hit_span(h.scan, LABEL, h.hit, None, f"casualty.{h.hit.category}")
        for h in conflict[:MAX_EVIDENCE]
    )
    return CasualtyDecision(score, evidence, conflict)


def _conflict_harms(
    scans: Sequence[FieldScan], harms: tuple[Harm, ...], off_topic: bool
) -> tuple[Harm, ...]:
    """The harms that armed conflict, not a disaster or a game, caused."""
    if off_topic or _disaster_item(scans):
        return ()
    return tuple(h for h in harms if not _disaster_sentence(h))


def literal_harms(scan: FieldScan) -> Iterator[Harm]:
    """Harm words in `scan` that are neither negated nor figurative."""
    for hit in scan.having(HARM_ROLES):
        if not negated(scan, hit) and not _figurative(scan, hit):
            yield Harm(scan, hit)


def _figurative(scan: FieldScan, hit: Hit) -> bool:
    if hit.category == "kill_verb":
        return patterns.FIGURATIVE_KILL.match(scan.field.low, hit.end) is not None
    if hit.category == "hurt":
        return patterns.FIGURATIVE_HURT.match(scan.field.low, hit.end) is not None
    return False


def _disaster_item(scans: Sequence[FieldScan]) -> bool:
    present = roles_present(scans)
    return roles.DISASTER in present and roles.HOSTILE not in present


def _disaster_sentence(harm: Harm) -> bool:
    by_role, sentence = harm.scan.by_role, harm.hit.sentence
    disaster = any(h.sentence == sentence for h in by_role.get(roles.DISASTER, ()))
    return disaster and not any(h.sentence == sentence for h in by_role.get(roles.HOSTILE, ()))
