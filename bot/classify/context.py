"""Item-wide context shared by the label rules."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.classify import roles
from bot.classify.scan import FieldScan, Hit, before

NEGATORS = frozenset({roles.NEGATION, roles.NOT})

#: how far back a negation reaches: "no one was hurt", "no reports of casualties"
NEGATION_WORDS = 3
#: efforts towards something, up to what they aim at: "efforts to", "bids aimed at"
#: (a regex fragment: what harms a truce may only harm the efforts around it)
EFFORTS_TO = r"(?:efforts?|attempts?|bids?|moves?|plans?)\s+(?:aimed\s+at\s+|to\s+)"

#: where a truce's predicate ends: a stop, or a word that starts a new phrase
_PREDICATE_END = r"(?=\s*(?:[,.;:!?—–-]|$)|\s+(?:and|as|after|on|in|amid|with)(?![\w'-]))"
#: a verdict on a truce broken: "a failure", "a sham"
_FAILED_VERDICT = r"a\s+(?:failure|sham|farce|dead\s+letter)"
#: a truce one declares a failure: "declares the 'ceasefire' a failure" (a verdict
#: on its breach, neither made nor ended by the speaker)
DECLARED_FAILED = re.compile(r"'?\s+" + _FAILED_VERDICT + _PREDICATE_END)
#: a truce's predicate when one declares it ended: "declaring the truce dead",
#: "declared the ceasefire over on Monday" (but "a truce over Christmas"), or failed
DECLARED_OVER = re.compile(
    r"'?\s+(?:over|dead|void|null\s+and\s+void|finished|" + _FAILED_VERDICT + ")" + _PREDICATE_END
)


def in_armed_conflict(scans: Sequence[FieldScan]) -> bool:
    """Whether any word places the item in an armed conflict."""
    return any(scan.armed for scan in scans)


def in_war(scans: Sequence[FieldScan]) -> bool:
    """Whether a word that crime and accidents never share (a war's places,
    named parties, weapons of war, a truce) places the item in an armed conflict."""
    return any(scan.strong for scan in scans)


def off_topic(scans: Sequence[FieldScan], war: bool) -> bool:
    """Sport, labour, courts, climate... with no war in sight (soldiers and
    protesters are no war by themselves: armies have budgets, unions rally)."""
    return not war and any(roles.NON_CONFLICT in scan.by_role for scan in scans)


def negated(
    scan: FieldScan,
    hit: Hit,
    max_words: int = NEGATION_WORDS,
    negators: frozenset[str] = NEGATORS,
) -> bool:
    """Whether a negation shortly before the hit cancels it."""
    return before(scan, hit, negators, max_words) is not None


_COMMENT = frozenset({roles.OPINION, roles.PROTEST})
#: how far a protest may follow the summoning that voices it, in words
STATE_PROTEST_WORDS = 8


def comment_sentences(scan: FieldScan) -> frozenset[int]:
    """Sentences voiced by analysts or crowds, or framed as perception."""
    hits = scan.having(_COMMENT)
    if not hits:
        return frozenset()
    return frozenset(
        hit.sentence
        for hit in hits
        if not _state_protest(scan, hit) and not _protest_as_setting(scan, hit)
    )


def _protest_as_setting(scan: FieldScan, hit: Hit) -> bool:
    """'killed 60 Palestinians during protests', 'amid protests': the protest
    is when something happened, not a crowd's voice in the sentence."""
    if hit.role != roles.PROTEST or hit.order == 0:
        return False
    prior = scan.hits[hit.order - 1]
    return prior.role == roles.DURING and hit.first_word - prior.last_word <= 1


def _state_protest(scan: FieldScan, hit: Hit) -> bool:
    """'summoned the ambassador to protest the strikes', 'recalls its envoy in
    protest': a state's protest through its envoys is diplomacy, not a crowd's,
    when the field names a war (else it is a bilateral row, about guards or words)."""
    if hit.role != roles.PROTEST or not scan.strong:
        return False
    reach = hit.first_word - STATE_PROTEST_WORDS
    return any(
        dip.category == "embassy_action" and dip.clause == hit.clause and dip.first_word >= reach
        for dip in scan.by_role.get(roles.DIP, ())
        if dip.order < hit.order
    )
