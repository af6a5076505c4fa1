"""Decide `casualty_report`: people killed, wounded or missing in conflict.

A harm word counts unless negated ("no one was hurt") or figurative ("the
veto kills the bill", "hurt the economy", a scare-quoted "'wounded'"; idioms
such as "dead heat" never reach here because the lexicon swallows them).
Counted words ("lost", "lives") count only with a number of people tied to
them ("India lost 20", "claimed 101 lives").  Weak harm words ("missing",
"beaten") also need an armed actor or hostile act in the item.  Harm is not
conflict harm when a disaster or accident is named and no hostile act is,
either in the whole item or in the harm word's own sentence ("Cholera kills
70 in camps" stays a disaster even if a later sentence mentions fighting);
only acts of war overrule it, since crime and accidents also "strike" and
"attack".  Nor is it conflict harm when the item speaks of ordinary crime
("manhunt", "gang", "suspects") or of kidnapping ("gunmen abducted the
students") and nothing places it in a war; a knife or car-ramming attack is
such a crime only when no country at war is named ("a stabbing attack at an
Israeli mall" is political violence).
Threats and hypotheticals are no harm: "threatened to kill", "could have
killed them", "facing execution"; so is harm that an inquiry or a report is
about and gives no number for ("a probe into the killings").
Bodies ("the bodies of 19 servicemen") are passed on to the figures when the
item says that people were killed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from bot.classify import patterns, phrases, roles
from bot.classify.context import negated
from bot.classify.evidence import hit_span
from bot.classify.lexicon import LEXICON
from bot.classify.scan import FieldScan, Hit, before
from bot.models import Evidence

LABEL = "casualty_report"
HARM_ROLES = frozenset({roles.KILLED, roles.WOUNDED, roles.HARM})

#: evidence spans kept per label, so an alert stays short
MAX_EVIDENCE = 4
SCORE_STRONG = 0.9
SCORE_WEAK = 0.65
SCORE_DISASTER = 0.2
_QUOTES = frozenset("'\"")
#: words that make a "mine blast" a pit's: "a methane blast", "the coal mine"
_PIT_WORDS = frozenset({"methane", "coal mine", "coal mines", "iron mine", "miners"})
#: a deadly act named as what a truce ends or ended: "aimed to end months of
#: deadly clashes" (its toll, "clashes that killed 33", is still stated)
_ENDED_BEFORE = re.compile(
    r"(?:end|ends|ended|ending|halt|halts|halted|halting)\s+(?:the\s+)?(?:[\w'-]+\s+){0,3}$"
)
_UNREAL = frozenset({roles.MODAL, roles.HYPOTHETICAL, roles.ENDANGER})
_DEALS = frozenset({roles.TRUCE, roles.AGREEMENT})
DEAL_BEFORE_DEAD = 1  # "the truce is dead"
#: harms that may name a stretch of the war: "deadly clashes", "bloodshed", "bloody"
_ACTS_OF_A_SPAN = frozenset({"deadly_act", "harm_weak"})
_SPAN = frozenset({roles.PAST_SPAN})
#: "months of bloodshed", "years of bloody fighting"
SPAN_BEFORE_HARM = 2
_POSSIBLE = frozenset({"may", "might"})
#: a deadly act named as the cause of what the item reports: "strikes Yemen
#: following a deadly drone attack", "a commander it blamed for a deadly attack"
_CAUSE_BEFORE = re.compile(
    r"(?:after|following|blamed for|in response to|response to|retaliation for|revenge for)"
    r"\s+(?:the\s+|a\s+|an\s+|last\s+\w+'s\s+)?(?:[\w'-]+\s+){0,4}$"
)
#: "dies at 95", "dead at 97": a death of old age
_AGED = re.compile(r"\s+(?:at|aged)\s+[0-9]{2,3}(?![0-9])")
_DATED_AFTER = re.compile(r"(?:\s+[\w'-]+){0,2}?\s+in\s+(?:1[89]|20)[0-9]{2}(?![0-9])")
#: an event of a past century named by its year, and a clause on what happened
#: in it: "inspired by the 1972 Olympics, during which militants killed 11"; or
#: an event dated by its year alone: "suspended in 2019 after an attack on a
#: police academy, in which 23 people were killed"
_DATED_EVENT_BEFORE = re.compile(
    r"(?<![\w'-])(?:1[89][0-9]{2}(?:\s+[\w'-]+){1,3}|in\s+20[0-9]{2}(?![0-9])[^.;!?]{0,70}?)"
    r",?\s+(?:during|in)\s+which[^.;!?]*$"
)
#: harm named only as what an inquiry or a report is about: "a probe into the
#: killings", "report on the journalist's killing", "inquiry into the death toll"
_INQUIRY_BEFORE = re.compile(
    r"(?<![\w'-])(?:(?:probe|probes|inquiry|inquiries|investigation|investigations)\s+(?:into|on|of)"
    # "reports of deaths" tells of deaths; a report "on" them is about them
    r"|(?:report|reports|findings|hearing|hearings)\s+on)\s+(?:[\w'-]+\s+){0,4}$"
)
#: "a death toll probe", "the killings inquiry"
_INQUIRY_AFTER = re.compile(r"\s+(?:probe|inquiry|investigation)(?![\w'-])")
#: how far before a harm word `_INQUIRY_BEFORE` is looked for, in characters
INQUIRY_CHARS = 60
#: how far before a harm word `_DATED_EVENT_BEFORE` is looked for, in characters
DATED_EVENT_CHARS = 120
#: how far before a harm word a threat reaches: "threatened to behead him"
THREAT_WORDS = 3
#: how far after a disaster word its own verb stands: "the quake that struck"
DISASTER_VERB_WORDS = 3
_DISASTER = frozenset({roles.DISASTER})
#: ordinary crime, and kidnapping by gangs ("gunmen abducted the students"),
#: which outweigh soldiers and gunmen when no war is named
_CRIME_ROLES = frozenset({roles.CRIME, roles.KIDNAP})
#: knife and car attacks, and the countries at war where they are political
_ASSAULT = "assault"
_COUNTRIES = "conflict_countries"


@dataclass(slots=True)  # not frozen: built per item (see decision.py)
class Harm:
    """A mention of people harmed that survived negation and idiom checks."""

    scan: FieldScan
    hit: Hit

    @property
    def weak(self) -> bool:
        return LEXICON.categories[self.hit.category].weak


@dataclass(slots=True)  # not frozen: built per item (see decision.py)
class CasualtyDecision:
    """The label's score, its evidence, the harm mentions behind it, and the
    bodies of the killed that the figures count as well."""

    score: float
    evidence: tuple[Evidence, ...]
    harms: tuple[Harm, ...]
    bodies: tuple[Harm, ...] = ()


def decide_casualty(
    scans: Sequence[FieldScan], armed: bool, war: bool, off_topic: bool
) -> CasualtyDecision:
    """Whether the item reports conflict casualties, and why: harm in an item
    that names no armed conflict at all (a shooting, a crash, a death at 74)
    is none, nor is harm where a crime is named and no war is."""
    if not (armed or war):
        # no harm word counts then (see _in_context): skip reading them
        return CasualtyDecision(0.0, (), ())
    harms = tuple(h for scan in scans for h in literal_harms(scan) if _in_context(h, armed, war))
    if not harms:
        return CasualtyDecision(0.0, (), ())
    crime = not war and _crime(scans)
    conflict = _conflict_harms(scans, harms, armed, off_topic or crime)
    if not conflict:
        return CasualtyDecision(SCORE_DISASTER, (), ())
    score = SCORE_WEAK if all(h.weak for h in conflict) else SCORE_STRONG
    evidence = tuple(
        hit_span(h.scan, LABEL, h.hit, None, f"casualty.{h.hit.category}")
        for h in conflict[:MAX_EVIDENCE]
    )
    return CasualtyDecision(score, evidence, conflict, _bodies(scans, conflict))


def _crime(scans: Sequence[FieldScan]) -> bool:
    """Whether the item speaks of crime: a knife or car attack is crime only
    in a country at peace ("a stabbing attack at an Israeli mall" is not)."""
    crimes = [h for scan in scans for role in _CRIME_ROLES for h in scan.by_role.get(role, ())]
    if not all(h.category == _ASSAULT for h in crimes):
        return True
    return bool(crimes) and not any(_country_at_war(scan.field.low) for scan in scans)


@cache
def _country_pattern() -> re.Pattern[str]:
    """The countries at war of the gazetteer, compiled on first need (few items
    name an assault)."""
    terms = [t for t, name in LEXICON.term_category.items() if name == _COUNTRIES]
    return re.compile(r"(?<![\w'-])(?:" + "|".join(map(re.escape, terms)) + r")(?![\w'-])")


def _country_at_war(low: str) -> bool:
    return _country_pattern().search(low) is not None


def _in_context(harm: Harm, armed: bool, war: bool) -> bool:
    """Harm counts in a war; in an item with only soldiers, gunmen or
    protesters in it, a weak word ("lost", "victims", "missing") counts only
    with its number of people ("India lost 20", "21 victims")."""
    if war or not armed:
        return war
    return not harm.weak or _has_count(harm.scan, harm.hit)


def _bodies(scans: Sequence[FieldScan], conflict: Sequence[Harm]) -> tuple[Harm, ...]:
    """Mentions of bodies, once the item says that people were killed."""
    if not any(h.hit.role == roles.KILLED for h in conflict):
        return ()
    return tuple(
        Harm(scan, hit)
        for scan in scans
        for hit in scan.by_role.get(roles.BODIES, ())
        if not negated(scan, hit)
    )


def _conflict_harms(
    scans: Sequence[FieldScan], harms: tuple[Harm, ...], armed: bool, off_topic: bool
) -> tuple[Harm, ...]:
    """The harms that armed conflict, not a disaster, a crime or a game, caused."""
    if off_topic or _disaster_item(scans, armed):
        return ()
    return tuple(h for h in harms if not _disaster_sentence(h, armed))


def literal_harms(scan: FieldScan) -> Iterator[Harm]:
    """Harm words in `scan` that are neither negated, threatened nor figurative."""
    for hit in scan.having(HARM_ROLES):
        if negated(scan, hit) or _threatened(scan, hit) or _long_ago(scan, hit):
            continue
        if hit.role == roles.KILLED and _AGED.match(scan.field.low, hit.end):
            continue
        if hit.category in _ACTS_OF_A_SPAN and _span_or_cause(scan, hit):
            continue
        if _inquired(scan, hit):
            continue
        if not _figurative(scan, hit) and _counts(scan, hit):
            yield Harm(scan, hit)


def _inquired(scan: FieldScan, hit: Hit) -> bool:
    """'launch an inquiry into the death toll', 'a probe into killings years
    ago': harm that an inquiry or a report is about, with no number of its own,
    is the inquiry's subject, not news of casualties ('a probe into the killing
    of 30 villagers' still states them)."""
    low = scan.field.low
    if _INQUIRY_AFTER.match(low, hit.end) is None:
        begin = max(0, hit.start - INQUIRY_CHARS)
        if _INQUIRY_BEFORE.search(low, begin, hit.start) is None:
            return False
    return not _has_count(scan, hit)


def _span_or_cause(scan: FieldScan, hit: Hit) -> bool:
    """Deadly acts or bloodshed that name a stretch of the war rather than its
    news: what a truce ended ("ended the bloody fighting"), a span gone by
    ("after four months of bloodshed"), or a cause ("following a deadly attack").
    Deadly acts over a span still tell of deaths: "after days of deadly clashes"."""
    if hit.category != "deadly_act" and before(scan, hit, _SPAN, SPAN_BEFORE_HARM) is not None:
        return True
    if _ENDED_BEFORE.search(scan.field.low, max(0, hit.start - 40), hit.start):
        return not _truce_breached(scan, hit)
    return _named_as_cause(scan, hit) and not _truce_breached(scan, hit)


def _truce_breached(scan: FieldScan, hit: Hit) -> bool:
    """A deadly act that a truce was to end or that a strike answered, in a
    sentence telling of the truce breached ("accused each other of breaching a
    truce meant to end deadly clashes", "strikes a day after a deadly bombing
    shattered the truce"): the act is news, not history."""
    if hit.category != "deadly_act":
        return False
    return any(b.sentence == hit.sentence for b in scan.by_role.get(roles.BREACH, ()))


def _named_as_cause(scan: FieldScan, hit: Hit) -> bool:
    """A deadly act that a strike answered ("Israel strikes Yemen following a
    deadly drone attack"): its toll is not this item's news, the reprisal is
    (unless the act broke a truce: see `_truce_breached`)."""
    if hit.category != "deadly_act":
        return False
    if _CAUSE_BEFORE.search(scan.field.low, max(0, hit.start - 60), hit.start) is None:
        return False
    acts = scan.by_role.get(roles.HOSTILE, ())
    return any(a.sentence == hit.sentence and a.start < hit.start for a in acts)


def _long_ago(scan: FieldScan, hit: Hit) -> bool:
    """'killed fifteen years ago', 'deadly fighting in 2021', 'the 1972 Olympics,
    during which militants killed 11': history revisited."""
    # a span told after the harm, in a clause of its own, is another matter:
    # "a strike killed a shepherd, shaking a truce meant to end a year of fighting"
    if any(
        h.sentence == hit.sentence and (h.start < hit.start or h.clause == hit.clause)
        for h in scan.by_role.get(roles.LONG_PAST, ())
    ):
        return True
    if _DATED_AFTER.match(scan.field.low, hit.end) is not None:
        return True
    begin = max(0, hit.start - DATED_EVENT_CHARS)
    return _DATED_EVENT_BEFORE.search(scan.field.low, begin, hit.start) is not None


def _threatened(scan: FieldScan, hit: Hit) -> bool:
    """'threatened to kill', 'could have killed them', 'facing execution' (but
    'may have been killed' still reports deaths)."""
    unreal = before(scan, hit, _UNREAL, THREAT_WORDS)
    if unreal is None or scan.text(unreal) in _POSSIBLE:
        return False
    # a danger to something else: "truce in jeopardy after a strike kills five"
    return unreal.role != roles.ENDANGER or unreal.order + 1 == hit.order


def _counts(scan: FieldScan, hit: Hit) -> bool:
    """A counted word ("lost") is harm only with its number of people."""
    return not LEXICON.categories[hit.category].counted or _has_count(scan, hit)


def _has_count(scan: FieldScan, hit: Hit) -> bool:
    """A number of people tied to the word; a name only stands for one when a
    plain harm word says what befell him ("the death of Suleimani" alone is
    a reference, and so is "the journalist's killing")."""
    found = phrases.find(scan, hit)
    return found is not None and found.rule not in ("name", "compound")


def _figurative(scan: FieldScan, hit: Hit) -> bool:
    if _scare_quoted(scan.field.low, hit):
        return True
    if hit.category == "kill_verb":
        return patterns.FIGURATIVE_KILL.match(scan.field.low, hit.end) is not None
    if hit.category == "hurt":
        return patterns.FIGURATIVE_HURT.match(scan.field.low, hit.end) is not None
    return scan.text(hit) == "dead" and _dead_deal(scan, hit)


def _dead_deal(scan: FieldScan, dead: Hit) -> bool:
    """'declaring the truce dead', 'the ceasefire is dead': a deal is what died."""
    deal = before(scan, dead, _DEALS, DEAL_BEFORE_DEAD)
    return deal is not None and deal.order == dead.order - 1


def _scare_quoted(low: str, hit: Hit) -> bool:
    """A lone word in quotes: "leaves minister 'wounded'"."""
    return low[hit.start - 1 : hit.start] in _QUOTES and low[hit.end : hit.end + 1] in _QUOTES


def _disaster_item(scans: Sequence[FieldScan], armed: bool) -> bool:
    disasters = [h for scan in scans for h in _disasters(scan)]
    if not disasters:
        return False
    # "mine blast" in an item on a coal mine or methane is the pit's own
    industrial = any(
        scan.text(h) in _PIT_WORDS for scan in scans for h in scan.by_role.get(roles.DISASTER, ())
    )
    return not any(
        not (industrial and scan.text(act).startswith("mine "))
        for scan in scans
        for act in _acts_of_war(scan, armed)
    )


def _disaster_sentence(harm: Harm, armed: bool) -> bool:
    sentence = harm.hit.sentence
    disaster = any(h.sentence == sentence for h in _disasters(harm.scan))
    acts = _acts_of_war(harm.scan, armed)
    return disaster and not any(h.sentence == sentence for h in acts)


def _acts_of_war(scan: FieldScan, armed: bool) -> list[Hit]:
    """Hostile acts of war; those that crime and accidents share ("struck",
    "attacks") only in an item about an armed conflict, and never as a
    disaster's own verb ("the earthquake that struck")."""
    hostile = scan.by_role.get(roles.HOSTILE, ())
    return [h for h in hostile if _of_war(scan, h, armed)]


def _of_war(scan: FieldScan, act: Hit, armed: bool) -> bool:
    if LEXICON.categories[act.category].conflict:
        return True
    return armed and before(scan, act, _DISASTER, DISASTER_VERB_WORDS) is None


def _disasters(scan: FieldScan) -> tuple[Hit, ...]:
    """Disaster words, and a "Fire" that opens the field (a noun there)."""
    disasters = scan.by_role.get(roles.DISASTER, ())
    fire = scan.by_role.get(roles.FIRE, ())
    return (fire[0], *disasters) if fire and fire[0].start == 0 else disasters
