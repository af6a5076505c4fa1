"""Decide `ceasefire_violation`.

Two ways in:
1. A breach word attached to a truce word, either order ("accused Y of
   violating the cease-fire", "truce collapses") or through a relative clause
   ("the agreement, which the rebels have broken"), or a truce whose phrase
   of place or parties runs up to its verb ("the ceasefire in the port city
   and its outskirts collapsed"; a breach noun with "of" reaches past dates
   and brokers: "a breach of the 2024 U.S.-brokered truce", and a verb its
   truce past a comma between two adjectives: "erode a fragile, U.S.-brokered
   ceasefire"; a truce that opens its sentence reaches its verb past a phrase
   on how it was made, by whom or to what end: "a cease-fire pact reached
   between President Kiir and rebel leader Machar has not stopped fighting"),
   or a breach noun
   anywhere in an item that names a truce ("agree Easter truce; both sides
   report violations"), unless negated by a determiner ("no ceasefire
   violation"), hypothetical ("in danger of collapse") or only warned of
   ("any violation of the truce", "warned against violating it").  Denials count:
   "denied breaching" is still about a breach.  An agreement that a
   relative clause says was broken is the item's truce, if it names one
   ("withdraws from truce ... the agreement, which the rebels have broken").
2. A hostile act (or a conflict casualty) that is neither negated, halted,
   future nor past background ("after two weeks of fighting"), in an item
   that puts a truce in force: "despite the truce", "hours after the truce",
   "since the truce took effect", "first attack since the truce", "during the
   truce", "the truce largely held", "the truce took effect", a truce a party
   says it keeps ("we are observing the truce") or is urged to keep ("urges
   both sides to respect the truce", the act it follows included); or that
   says a peace deal was breached.  "Under the truce" counts for hostile acts only,
   since people are wounded "under a truce deal" when they are evacuated.
3. An act in an item whose truce is said to be endangered ("airstrikes
   threaten the truce", "truce at risk", "undermine efforts to extend the
   truce", but not "threatens efforts to reach a truce", none yet made), the
   act told "after" included, as its cause ("truce in jeopardy after a strike
   kills five"); a truce extended or renewed is in force too ("ceasefire
   extended but fighting continues", "confirms extending the truce", but not
   "talks on extending the truce"); so is a truce a party ends or declares
   over ("ELN ends ceasefire, bombs pipeline", "attacked a town, declaring
   the truce dead"), but not by acts "days after they ended a truce", and a
   truce only declared ended ("the rebels end their truce", "and warned
   the government of new attacks": acts warned of are threats) is no breach.
A breach of an agreement counts as a breach of the truce when the item names
one ("blaming each other for violating the terms of the agreement").
A truce that has expired, lapsed, ended or is over ("minutes after the truce
expired"), one only announced ("hours after a truce was announced"), one
not yet in effect ("the truce does not take effect until Sunday") and one
a question asks about ("will the truce hold?") puts nothing in force; talks
between a breach word and a truce are what failed ("ceasefire talks fail").
Undermining the truce itself is an accusation of breaking it, act or none.
A truce cut short ("came to an abrupt end", "ended early", "a short-lived
truce", but not one that "ended early Sunday", on time) or one
that "has not stopped the fighting" is broken as much as one that collapses.
Announcing or agreeing a truce gives none of these, so it stays diplomacy.
A war's toll told as background ("the eight-day conflict killed 162", "a war
that has killed tens of thousands", "fighting that killed 40 before the
truce") is the harm the truce was meant to end, no act in it; a truce only
proposed or planned that falls apart was never made; and a truce named by a
field other than war ("budget 'ceasefire'") in an item nothing else places in
a war is that field's truce.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from bot.classify import phrases, roles
from bot.classify.casualty import Harm
from bot.classify.context import DECLARED_FAILED, DECLARED_OVER, EFFORTS_TO, negated
from bot.classify.decision import Decision
from bot.classify.evidence import hit_span, text_span
from bot.classify.lexicon import LEXICON
from bot.classify.scan import FieldScan, Hit, after, before, question, roles_present
from bot.models import Evidence

LABEL = "ceasefire_violation"

_TRUCE = frozenset({roles.TRUCE})
_TRUCE_OR_DEAL = frozenset({roles.TRUCE, roles.AGREEMENT})
_HOSTILE = frozenset({roles.HOSTILE, roles.HOSTILE_WEAK})
_NEGATION = frozenset({roles.NEGATION})
_RELATIVE = frozenset({roles.RELATIVE})
_IF = frozenset({roles.HYPOTHETICAL})
_MODAL = frozenset({roles.MODAL})
_STOPPED_BEFORE = frozenset({roles.NEGATION, roles.HALT, roles.MODAL})
_STOPPED_AFTER = frozenset({roles.HALT, roles.MODAL})
_EARLIER = frozenset({roles.PAST_SPAN, roles.LONG_PAST, roles.TEMPORAL})
_SPANS = frozenset({roles.PAST_SPAN, roles.LONG_PAST})
_NOT_IN_FORCE = frozenset({roles.BLOCK, roles.TRUCE_VERB, roles.DIP})
_STARTED = frozenset({roles.ONSET, roles.TRUCE_VERB})
_ENDED = frozenset({roles.EXPIRY, roles.HALT})
_DECLARING = frozenset({roles.TRUCE_VERB})
#: "broke down without reaching a truce": the truce or deal was never made
_NOT_REACHED = re.compile(
    r"\s(?:without|before|short\s+of)\s+(?:[\w-]+ing)\s+(?:a|an|any|the)?\s*"
    r"(?:[\w-]+\s+)?$"
)
_HOLDING = frozenset({roles.HOLDING})
_ANNOUNCED = frozenset({"announced", "agreed", "signed", "reached", "declared", "brokered"})
#: a time of day or date after "ended early": "ended early Saturday", "early on Monday"
_EARLY_TIME = re.compile(
    r"\s+(?:on\s+|this\s+|next\s+|last\s+|in\s+the\s+)?(?:morning|afternoon|evening|night"
    r"|hours|dawn|today|tomorrow|(?:mon|tues|wednes|thurs|fri|satur|sun)day|jan|feb|mar|apr"
    r"|may|jun|jul|aug|sep|oct|nov|dec|[0-9])"
)
#: violators in general, not a breach reported: "bring those violating the truce to justice"
_ANY_VIOLATOR = re.compile(
    r"(?<![\w'-])(?:those|anyone|anybody|whoever|any\s+(?:side|party))(?:\s+(?:who|that))?\s+$"
)
#: a breach only imagined or warned of: "any violation of the truce", "warned
#: against breaching the ceasefire", "future ceasefire violations"
_ANY_BREACH = re.compile(r"(?<![\w'-])(?:any|against|future)\s+$")
#: words that open a truce's phrase of place or parties: "the ceasefire in ..."
_PLACE_WORDS = ("in ", "between ", "along ", "across ", "on ", "around ", "at ", "over ")
#: a truce that is the object of a preposition, so not the subject of the verb
#: after it: "talks on the ceasefire in Yemen fail"
_PREPOSITION_BEFORE = re.compile(
    r"(?<![\w'-])(?:on|of|for|about|to|with|into|from|by)\s+(?:[\w'.-]+\s+){0,3}$"
)
#: efforts that keep a truce in force, after a verb that harms them
_KEEPING_EFFORTS = re.compile(
    r"\s+(?:the\s+|all\s+)?"
    + EFFORTS_TO
    + r"(?:extend|sustain|consolidate|preserve|maintain|uphold|salvage|strengthen)(?:ing)?\s"
)
#: what efforts do to a truce not yet made
_SEEK_VERBS = r"reach|secure|broker|agree|negotiate|achieve|forge|clinch|restore"
#: efforts that seek a truce not yet made: "threatens efforts to reach a truce"
_SEEKING_EFFORTS = re.compile(
    r"\s+(?:the\s+|all\s+)?" + EFFORTS_TO + r"(?:" + _SEEK_VERBS + r")(?:ing)?\s"
)
#: a truce only sought, right before it: "efforts to broker a ceasefire (fail)"
_SOUGHT_BY_EFFORTS = re.compile(
    EFFORTS_TO
    + r"(?:"
    + _SEEK_VERBS
    + r"|mediate)(?:ing)?"
    + r"\s+(?:(?:a|an|the)\s+)?(?:[\w-]+\s+)?$"
)
EFFORTS_TO_TRUCE = 10  # "undermine efforts to extend and renew the humanitarian truce"
#: two adjectives of a truce set apart by a comma, the second a compound:
#: " a fragile, U.S.-brokered ", " a four-month-old, Qatari-mediated "
_ADJECTIVE_COMMA = re.compile(
    r"\s+(?:(?:a|an|the|its|their|this)\s+)?(?:[\w.'-]+\s+)?[\w.'-]+,"
    r"\s+(?:[\w.'-]+\s+)?[\w.']+-[\w.'-]+\s+"
)
#: a truce made, between "despite" and the truce: "despite declaring a ceasefire"
_MADE = frozenset(
    {"declaring", "announcing", "agreeing", "signing", "declared", "announced", "agreed", "signed"}
)
_EXTENDED = frozenset({"extended", "extends", "renewed", "renews", "extending", "renewing"})
#: a gerund after a preposition names an aim: "talks on extending the truce"
_GERUND_OBJECT = re.compile(r"(?<![\w'-])(?:on|of|for|about|towards?|at|to|into|by)\s+$")
#: words after "ended" that make the truce its subject: "a ceasefire ended the war"
_ENDED_OBJECT = ("a ", "an ", "the", "its", "their", "this ", "fighting", "hostilities", "war")
_DIP = frozenset({roles.DIP})
#: diplomacy cues that name people, not talks: "the president", "the minister"
_PEOPLE = frozenset({"leader", "office"})
_AFTERWARDS = frozenset({roles.TEMPORAL, roles.TEMPORAL_UNIT})
_ENDANGER = frozenset({roles.ENDANGER})
_HISTORY = frozenset({roles.LONG_PAST})
_NOT = frozenset({roles.NOT})
_NOT_OR_NEGATION = frozenset({roles.NOT, roles.NEGATION})
#: "before a truce took hold", "until the ceasefire takes effect": not yet in force
_NOT_YET = re.compile(r"\b(?:before|until|till|ahead of|pending)(?: (?:a|an|the|its|their|any))? $")
#: "the truce does not take effect until Sunday", "has not yet come into force":
#: a truce not yet in force
_ONSET_DENIED = re.compile(r"(?:(?<![\w'-])(?:not|never)|n't)\s+(?:yet\s+)?$")
#: "the war ended in an armistice": the war ended, not the truce
_ENDED_IN = re.compile(r"(?:in|with|by) (?:(?:a|an|the|its|their) )?")
_ENDINGS = frozenset({roles.HALT, roles.BREACH, roles.ENDANGER})
_IN_FORCE_MARKERS = frozenset(
    {
        roles.DESPITE,
        roles.TEMPORAL_UNIT,
        roles.TEMPORAL,
        roles.DURING,
        roles.HOLDING,
        roles.ONSET,
        roles.UNDER,
    }
)
#: words before a truce that make it one gone by, or one of many: "previous
#: truces", "many successive ceasefires"; the quantifiers only with a plural
_PAST_TRUCES = re.compile(
    r"(?<![\w'-])(previous|earlier|prior|former|past|successive|many|several|multiple"
    r"|numerous|countless|repeated|series\s+of)\s+(?:[\w-]+\s+)?$"
)
_GONE_BY = frozenset({"previous", "prior", "former"})
#: what a phrase describing a truce holds: how it was made, by whom, to what end
_DESCRIBING = frozenset({roles.TRUCE_VERB, roles.DIP, roles.HALT})
#: a truce that opens its sentence, after at most an article and two adjectives
_SENTENCE_OPENING = re.compile(
    r"(?:^|[.;:!?]\s+|\s[-—–]\s+)(?:(?:a|an|the|this|that|its|their)\s+)?(?:[\w'-]+\s+){0,2}$"
)
#: a truce yet to come: "an upcoming one-week ceasefire", "the planned truce"
_FUTURE_TRUCE = re.compile(
    r"(?<![\w'-])(?:upcoming|forthcoming|planned|proposed|impending|expected|future"
    r"|possible|potential|prospective)\s+(?:[\w-]+\s+){0,2}$"
)
#: acts a party warns of are threats, not acts: "warned the government of new
#: attacks on all fronts" (right after "warned of", the lexicon's modal does it)
_WARNED_OF = re.compile(
    r"(?<![\w'-])warn(?:s|ed|ing)?\s+(?:[\w'-]+\s+){1,4}of\s+(?:(?:new|more|further|fresh)\s+)?$"
)
WARNED_OF_CHARS = 60
#: a plea to keep the truce that follows: "urges both sides to respect the",
#: "called on the army and the rebels to honour a fragile" (the truce is in
#: force; "agreed to respect a truce from Monday" is no plea)
_PLEA_TO_KEEP = re.compile(
    r"(?<![\w'-])(?:urg(?:e|es|ed|ing)|(?:call|calls|called|calling)\s+(?:on|upon)"
    r"|appeal(?:s|ed|ing)?\s+to|press(?:es|ed|ing)?|exhort\w*|implor\w*)"
    r"\s+(?:[\w'.-]+,?\s+){0,8}?to\s+(?:respect|honou?r|uphold|observe|abide\s+by"
    r"|adhere\s+to|comply\s+with|stick\s+to|keep\s+to)"
    r"\s+(?:(?:the|a|an|its|their|this)\s+)?(?:[\w'.-]+\s+){0,2}$"
)
PLEA_CHARS = 120
#: a war, not one attack, as the killer: "the eight-day conflict killed", "a war
#: that has killed", "fighting has killed" (fighting only with "has": "fighting
#: killed five on Sunday" may be a breach)
_WAR_KILLER = re.compile(
    r"(?<![\w'-])(?:(?:war|wars|conflict|insurgency|uprising|crisis)\s+(?:(?:that|which)\s+)?"
    r"(?:(?:has|have|had)\s+)?|(?:fighting|violence|clashes|bombardment)\s+(?:(?:that|which)\s+)?"
    r"(?:has|have|had)\s+)(?:now\s+|so\s+far\s+|already\s+)?$"
)
WAR_KILLER_CHARS = 40
#: a toll no single breach of a truce has: a war's, told as background
WAR_TOLL_LEAST = 1000
_MULTITUDES = ("thousands", "millions")
BEFORE_TRUCE_WORDS = 8  # "fighting that killed 40 people before the truce"
_YEAR = re.compile(r"(?<![0-9])(?:1[89]|20)[0-9]{2}(?![0-9])")

# window sizes, in words
BREACH_BEFORE_TRUCE = 4  # "violating the humanitarian truce"
BREACH_AFTER_TRUCE = 6  # "truce between the army and the rebels collapses"
HALT_BEFORE_TRUCE = 2  # "ends ceasefire", "ending the five-month humanitarian truce"
AFTERWARDS_BEFORE_END = 2  # "days after they ended a truce"
DECLARING_BEFORE_TRUCE = 3  # "declaring a 27-month-old truce dead"
RELATIVE_BEFORE_BREACH = 8  # "which the government says the rebels have broken"
IF_BEFORE_BREACH = 3  # "in danger of collapse"
HISTORY_BEFORE_BREACH = 2  # "a history of failed truces", "years of broken ceasefires"
MODAL_BEFORE_BREACH = 1  # "could soon collapse", "threatens to end the truce"
TRUCE_AFTER_DESPITE = 4
TRUCE_AFTER_TEMPORAL = 10  # "days after both armies promised to honour the truce"
ONSET_AFTER_TEMPORAL = 14
TRUCE_AFTER_DURING = 3
TRUCE_BEFORE_HOLDING = 3
TRUCE_BEFORE_ONSET = 4
STOP_BEFORE_ACT = 3
STOP_AFTER_ACT = 6  # "fighting in the capital for years calmed", with no cue between
ENDED_AFTER_TRUCE = 3  # "the truce expired", "truce ending in October"
ENDED_BEFORE_TRUCE = 3  # "after the end of the truce"
ANNOUNCED_AFTER_TRUCE = 3  # "hours after a truce agreement was announced"
ENDANGER_NEAR_TRUCE = 4
UNDERMINED_TRUCE_WORDS = 3  # "undermining the fragile Gaza truce"
BREACH_OF_TRUCE = 7  # "a flagrant breach of the November 2024 U.S.-brokered ceasefire"
SUBJECT_BEFORE_VERB = 12  # "the ceasefire in the port city and its outskirts collapsed"
HALT_BEFORE_ACT = 3  # "halting the border clashes"
SUBJECT_PHRASE = 20  # "a cease-fire pact reached between ... and rebel leader Riek Machar has"

SCORE_BREACH = 0.95
SCORE_STANDALONE_BREACH = 0.8
SCORE_ACT_IN_TRUCE = 0.85
SCORE_URGED_KEPT = 0.84  # "urges both sides to respect the truce", with an act
SCORE_ACT_AFTER_DEAL_BREACH = 0.75
SCORE_DEAL_FAILING = 0.74  # "peace deal failing": a setting, never a breach on its own
SCORE_ENDED = 0.73  # "ends its truce": a breach with an act in the item
SCORE_ENDANGERED = 0.72
SCORE_ACT_AFTER_ONSET = 0.7
SCORE_HOSTILE_UNDER_TRUCE = 0.65
SCORE_TRUCE_ONLY = 0.3


_SETTING_BREACHES = frozenset(
    {SCORE_ACT_AFTER_DEAL_BREACH, SCORE_DEAL_FAILING, SCORE_ENDED, SCORE_ENDANGERED}
)
#: settings that name the act they follow as their cause
_CAUSAL_SETTINGS = frozenset({SCORE_ENDANGERED, SCORE_URGED_KEPT})


@dataclass(slots=True)  # not frozen: built per item (see decision.py)
class _Finding:
    strength: float
    evidence: Evidence


def decide_violation(
    scans: Sequence[FieldScan], harms: Sequence[Harm], off_topic: bool
) -> Decision:
    """Whether the item reports, alleges or denies a truce breach, and why."""
    # every way in needs a truce or an agreement named somewhere
    if off_topic or not _TRUCE_OR_DEAL & roles_present(scans) or _domain_truce_item(scans):
        return Decision(0.0)
    breaches = [f for scan in scans for f in _breaches(scan)]
    if explicit := _with_strength(breaches, SCORE_BREACH):
        return Decision(SCORE_BREACH, explicit[:2])
    standalone = _with_strength(breaches, SCORE_STANDALONE_BREACH)
    if roles.TRUCE in roles_present(scans):
        # the agreement of an item that names a truce is that truce
        standalone += _with_strength(breaches, SCORE_ACT_AFTER_DEAL_BREACH)
        if standalone:
            return Decision(SCORE_STANDALONE_BREACH, standalone[:2])
    settings = _without_history(scans, [f for scan in scans for f in _truce_in_force(scan)])
    settings += [f for f in breaches if f.strength in _SETTING_BREACHES]
    return _act_in_setting(scans, harms, settings)


def _domain_truce_item(scans: Sequence[FieldScan]) -> bool:
    """'Senate budget "ceasefire" collapses': a truce named by a field other than
    war (a budget, wages, tariffs), in an item that nothing else places in a war,
    is that field's truce, as a labour or trade truce is."""
    domain = [
        truce
        for scan in scans
        for truce in scan.by_role.get(roles.TRUCE, ())
        if _domain_truce(scan, truce)
    ]
    if not domain:
        return False
    return not any(
        LEXICON.categories[h.category].strong and h not in domain
        for scan in scans
        for h in scan.hits
    )


def _domain_truce(scan: FieldScan, truce: Hit) -> bool:
    """A truce right after a word of another field: "budget 'ceasefire'"."""
    if truce.order == 0:
        return False
    prior = scan.hits[truce.order - 1]
    if prior.role != roles.NON_CONFLICT:
        return False
    return not scan.field.low[prior.end : truce.start].strip(" '\"‘’“”")


def _without_history(scans: Sequence[FieldScan], settings: list[_Finding]) -> list[_Finding]:
    """'attacks resumed as the pause came to an end ... the pause had begun on
    the 24th': the start of a truce that the item says is over is its history."""
    onsets = [f for f in settings if f.evidence.rule == "violation.onset"]
    if not onsets or not any(
        _ended_truce(scan, truce) for scan in scans for truce in scan.by_role.get(roles.TRUCE, ())
    ):
        return settings
    return [f for f in settings if f not in onsets]


def _with_strength(findings: Sequence[_Finding], strength: float) -> tuple[Evidence, ...]:
    return tuple(f.evidence for f in findings if f.strength == strength)


def _act_in_setting(
    scans: Sequence[FieldScan], harms: Sequence[Harm], settings: Sequence[_Finding]
) -> Decision:
    """A hostile act or casualty in an item that puts a truce in force."""
    if not settings:
        return Decision(0.0)
    # what a truce is endangered "after" is the cause: "truce in jeopardy after
    # a strike kills five"
    # (as is what a party is urged to keep a truce "after": "urges the rebels to
    # honour the truce after an ambush")
    causal = any(f.strength in _CAUSAL_SETTINGS for f in settings)
    earlier = _SPANS if causal else _EARLIER
    tolls = _toll_clauses(harms)
    hostile = list(islice((e for scan in scans for e in _hostile_acts(scan, earlier, tolls)), 2))
    acts = hostile + _harm_acts(harms[:2], earlier, tolls)
    usable = [f for f in settings if hostile or f.strength != SCORE_HOSTILE_UNDER_TRUCE]
    if not acts or not usable:
        return Decision(SCORE_TRUCE_ONLY)
    best = max(usable, key=lambda f: f.strength)
    return Decision(best.strength, (best.evidence, *acts[:2]))


def _breaches(scan: FieldScan) -> Iterator[_Finding]:
    yield from _declared_ended(scan)
    for hit in scan.having(_ENDINGS):
        if _hypothetical(scan, hit) or before(scan, hit, _HISTORY, HISTORY_BEFORE_BREACH):
            continue  # "could collapse"; "a history of failed ceasefires" is the past
        if question(scan, hit):
            continue  # "Is the truce about to collapse?": analysis, not a report
        if hit.role == roles.HALT:
            yield from _ended(scan, hit)
        elif hit.role == roles.ENDANGER:
            yield from _endangered(scan, hit)
        else:
            yield from _breach_at(scan, hit)


def _endangered(scan: FieldScan, verb: Hit) -> Iterator[_Finding]:
    """'airstrikes threaten the truce', 'the truce is at risk' (but talks about
    a truce are no truce: 'jeopardise ceasefire negotiations')."""
    truce = (
        after(scan, verb, _TRUCE, ENDANGER_NEAR_TRUCE)
        or before(scan, verb, _TRUCE, ENDANGER_NEAR_TRUCE)
        or _subject_truce(scan, verb, _TRUCE)
        or _past_adjective_comma(scan, verb, _TRUCE)
        or _kept_by_efforts(scan, verb)
    )
    if truce is None or _under_negotiation(scan, truce):
        return
    if _undermines(scan, verb, truce):
        # "Israel is undermining the truce": an accusation, like sabotaging it
        evidence = hit_span(scan, LABEL, verb, truce, "violation.undermined")
        yield _Finding(SCORE_STANDALONE_BREACH, evidence)
    elif not _SEEKING_EFFORTS.match(scan.field.low, verb.end):
        evidence = hit_span(scan, LABEL, verb, truce, "violation.endangered")
        yield _Finding(SCORE_ENDANGERED, evidence)


def _undermines(scan: FieldScan, verb: Hit, truce: Hit) -> bool:
    """'is undermining the truce', 'undermines the fragile ceasefire': the truce
    itself as the object (not 'undermine efforts to extend the truce')."""
    if not scan.text(verb).startswith("undermin") or truce.order != verb.order + 1:
        return False
    return len(scan.field.low[verb.end : truce.start].split()) <= UNDERMINED_TRUCE_WORDS


def _kept_by_efforts(scan: FieldScan, verb: Hit) -> Hit | None:
    """'an attempt to undermine efforts to extend the truce': the efforts
    keep a truce in force, so harming them endangers it (but 'efforts to
    reach a truce' seek one not yet made)."""
    if not _KEEPING_EFFORTS.match(scan.field.low, verb.end):
        return None
    for hit in scan.hits[verb.order + 1 :]:
        if hit.sentence != verb.sentence or hit.first_word > verb.last_word + EFFORTS_TO_TRUCE:
            return None
        if hit.role == roles.TRUCE:
            return hit
    return None


def _under_negotiation(scan: FieldScan, truce: Hit) -> bool:
    """'ceasefire negotiations', 'truce talks', 'ceasefire deal': a truce sought."""
    following = after(scan, truce, _DIP, 0)
    return following is not None and LEXICON.categories[following.category].cue == "talks"


def _hypothetical(scan: FieldScan, hit: Hit) -> bool:
    """'in danger of collapse', 'could collapse', 'to punish anyone who violates
    the truce' (but not 'will respond to a breach')."""
    return bool(
        before(scan, hit, _IF, IF_BEFORE_BREACH)
        or before(scan, hit, _MODAL, MODAL_BEFORE_BREACH)
        or _ANY_VIOLATOR.search(scan.field.low, max(0, hit.start - 25), hit.start)
    )


def _ended(scan: FieldScan, halt: Hit) -> Iterator[_Finding]:
    """'ends its ceasefire': a truce ended with an act ('ends ceasefire, bombs
    a pipeline', 'clashes erupted, ending the truce') is a truce broken; one
    only declared over ('the rebels end their truce') is a party's decision,
    and acts 'days after they ended the truce' came once it was gone.  Nothing
    may stand between them: 'an end to fighting and a truce' ends the fighting."""
    truce = after(scan, halt, _TRUCE, HALT_BEFORE_TRUCE)
    if truce is None or truce.order != halt.order + 1:
        return
    between = scan.field.low[halt.end : truce.start].strip() + " "
    # "the war ended in an armistice", "after the end of the truce": no breach
    if _ENDED_IN.fullmatch(between) or between.startswith("of "):
        return
    if before(scan, halt, _AFTERWARDS, AFTERWARDS_BEFORE_END) is None:
        yield _Finding(SCORE_ENDED, hit_span(scan, LABEL, halt, truce, "violation.ended"))


def _declared_ended(scan: FieldScan) -> Iterator[_Finding]:
    """'attacked a town, declaring the truce dead': a truce a party declares
    over is one it ends (a breach when the item reports an act, as 'ends');
    one declared a failure is reported broken."""
    for truce in scan.by_role.get(roles.TRUCE, ()):
        if not DECLARED_OVER.match(scan.field.low, truce.end):
            continue  # most truces are not declared over: skip the walk back
        verb = before(scan, truce, _DECLARING, DECLARING_BEFORE_TRUCE)
        if verb is not None and scan.text(verb).startswith("declar"):
            evidence = hit_span(scan, LABEL, verb, truce, "violation.declared_over")
            # "declares the truce a failure" says it failed, as "the truce fails" does
            failed = DECLARED_FAILED.match(scan.field.low, truce.end) is not None
            yield _Finding(SCORE_BREACH if failed else SCORE_ENDED, evidence)


def _breach_at(scan: FieldScan, breach: Hit) -> Iterator[_Finding]:
    if scan.text(breach).endswith("early") and _EARLY_TIME.match(scan.field.low, breach.end):
        return  # "the truce ended early Saturday": when it ran out, not cut short
    target = _breached(scan, breach)
    antecedent = _antecedent(scan, breach) if target is None else None
    first = breach if target is None else min(breach, target, key=_start)
    if negated(scan, first, 2, _NEGATION) or _fails_to(scan, breach):
        return
    if _ANY_BREACH.search(scan.field.low, max(0, first.start - 12), first.start):
        return  # "will respond to any violation", "warns against violating the truce"
    if target is not None and _past_truces(scan, target):
        return  # "successive truces that have been violated": history, not news
    if target is not None and _future_truce(scan, target):
        return  # "a proposed truce fell apart": the proposal failed, none was made
    if target is not None:
        strength = SCORE_BREACH if target.role == roles.TRUCE else SCORE_ACT_AFTER_DEAL_BREACH
        if target.role != roles.TRUCE and scan.text(breach).startswith("fail"):
            strength = SCORE_DEAL_FAILING  # "peace deal failing as gangs recruit children"
        yield _Finding(strength, hit_span(scan, LABEL, breach, target, "violation.breach"))
    elif antecedent is not None:
        # "the agreement, which ... broken" refers back to the item's truce
        strength = SCORE_BREACH if antecedent.role == roles.TRUCE else SCORE_STANDALONE_BREACH
        yield _Finding(strength, hit_span(scan, LABEL, antecedent, breach, "violation.breach"))
    elif LEXICON.categories[breach.category].standalone:
        evidence = hit_span(scan, LABEL, breach, None, "violation.breach_reported")
        yield _Finding(SCORE_STANDALONE_BREACH, evidence)


def _past_truces(scan: FieldScan, truce: Hit) -> bool:
    """'previous truces', 'many successive ceasefires', 'earlier truce': truces
    gone by, whose breach is the war's history rather than the item's news."""
    head = scan.field.low[max(0, truce.start - 30) : truce.start]
    plural = scan.text(truce).endswith("s")
    found = _PAST_TRUCES.search(head)
    return found is not None and (plural or found.group(1) in _GONE_BY)


def _fails_to(scan: FieldScan, breach: Hit) -> bool:
    """'the deal fails to bring peace': a failure, not a breach."""
    text = scan.text(breach)
    return text.startswith("fail") and scan.field.low.startswith(" to ", breach.end)


def _breached(scan: FieldScan, breach: Hit) -> Hit | None:
    """The truce (or failing that the agreement) a breach word is about; not
    when talks stand between them ("ceasefire talks fail")."""
    for wanted in (_TRUCE, _TRUCE_OR_DEAL):
        target = (
            after(scan, breach, wanted, BREACH_BEFORE_TRUCE)
            or _breach_of(scan, breach, wanted)
            or _past_adjective_comma(scan, breach, wanted)
        )
        if target is not None and _NOT_REACHED.search(scan.field.low, breach.end, target.start):
            target = None  # "talks broke down without reaching an agreement": none made
        target = target or before(scan, breach, wanted, BREACH_AFTER_TRUCE)
        target = target or _subject_truce(scan, breach, wanted)
        if target is not None:
            sought = _sought_by_efforts(scan, target)
            return None if sought or _talks_between(scan, breach, target) else target
    return None


def _sought_by_efforts(scan: FieldScan, truce: Hit) -> bool:
    """'efforts to broker a ceasefire fail': what fails is the efforts, the
    truce was never made."""
    head = scan.field.low[max(0, truce.start - 60) : truce.start]
    return _SOUGHT_BY_EFFORTS.search(head) is not None


def _breach_of(scan: FieldScan, breach: Hit, wanted: frozenset[str]) -> Hit | None:
    """'a breach of the November 2024 U.S.-brokered ceasefire': a breach noun
    reaches its truce past dates and names, with no other cue between."""
    following = scan.field.low[breach.end : breach.end + 6].lstrip("\"' ")
    if not following.startswith("of "):
        return None  # a quoted "flagrant breach" of the truce too
    target = after(scan, breach, wanted, BREACH_OF_TRUCE)
    return target if target is not None and target.order == breach.order + 1 else None


def _past_adjective_comma(scan: FieldScan, verb: Hit, wanted: frozenset[str]) -> Hit | None:
    """'to erode a four-month-old, U.S.-brokered ceasefire': the truce right after
    the verb, past the comma between two of its adjectives (which ends a clause)."""
    if verb.order + 1 >= len(scan.hits):
        return None
    truce = scan.hits[verb.order + 1]
    if truce.role not in wanted or truce.clause != verb.clause + 1:
        return None
    between = scan.field.low[verb.end : truce.start]
    return truce if _ADJECTIVE_COMMA.fullmatch(between) else None


def _subject_truce(scan: FieldScan, verb: Hit, wanted: frozenset[str]) -> Hit | None:
    """'the ceasefire in the Yemeni port and its outskirts collapsed', 'a truce
    agreement between the two armies was shaken': a truce whose phrase of place
    or parties runs up to its verb, with no other cue between."""
    if verb.order == 0:
        return None
    opening = _opening_subject(scan, verb, wanted)
    if opening is not None:
        return opening
    last = scan.hits[verb.order - 1]
    if last.clause != verb.clause or verb.first_word - last.last_word > SUBJECT_BEFORE_VERB:
        return None
    if not scan.field.low.startswith(_PLACE_WORDS, last.end + 1):
        return None
    truce = _truce_of_deal(scan, last) if last.role == roles.AGREEMENT else last
    if truce.role not in wanted:
        return None
    head = scan.field.low[max(0, truce.start - 40) : truce.start]
    return None if _PREPOSITION_BEFORE.search(head) else truce


def _opening_subject(scan: FieldScan, verb: Hit, wanted: frozenset[str]) -> Hit | None:
    """'A cease-fire pact reached between the president and the rebel leader has
    not stopped the fighting', 'A truce agreement aimed at halting the clashes
    was shaken': the truce that opens the sentence is the subject of its verb
    past a phrase that says how it was made, by whom, or to what end."""
    for prior in reversed(scan.hits[: verb.order]):
        if prior.clause != verb.clause or verb.first_word - prior.last_word > SUBJECT_PHRASE:
            return None
        if prior.role in _TRUCE_OR_DEAL:
            truce = _truce_of_deal(scan, prior) if prior.role == roles.AGREEMENT else prior
            head = scan.field.low[max(0, truce.start - 40) : truce.start]
            opens = _SENTENCE_OPENING.search(head) is not None
            return truce if opens and truce.role in wanted else None
        if prior.role == roles.UNDER and prior.order == verb.order - 1:
            continue  # "was today under severe strain": part of the verb
        if prior.role not in _DESCRIBING and not _halted_act(scan, prior):
            return None
    return None


def _halted_act(scan: FieldScan, act: Hit) -> bool:
    """'aimed at halting the border clashes': the act a truce is meant to stop."""
    if act.role not in _HOSTILE or act.order == 0:
        return False
    halt = scan.hits[act.order - 1]
    return halt.role == roles.HALT and act.first_word - halt.last_word <= HALT_BEFORE_ACT


def _truce_of_deal(scan: FieldScan, deal: Hit) -> Hit:
    """'ceasefire agreement': the truce word right before a deal word names it."""
    if deal.order == 0:
        return deal
    truce = scan.hits[deal.order - 1]
    return truce if truce.role == roles.TRUCE and truce.last_word + 1 == deal.first_word else deal


def _talks_between(scan: FieldScan, breach: Hit, target: Hit) -> bool:
    """'ceasefire talks fail': talks between the truce and the breach word (but
    not 'the truce brokered by Riyadh was violated', a participle on the truce)."""
    first, last = sorted((breach.order, target.order))
    return any(
        h.role in _DIP
        and not (h.category == "mediation" and scan.text(h).endswith("ed"))
        and h.category not in _PEOPLE  # "the pact between President Kiir and ..."
        for h in scan.hits[first + 1 : last]
    )


def _between(scan: FieldScan, one: Hit, other: Hit, wanted: frozenset[str]) -> bool:
    first, last = sorted((one.order, other.order))
    return any(h.role in wanted for h in scan.hits[first + 1 : last])


def _antecedent(scan: FieldScan, breach: Hit) -> Hit | None:
    """'the agreement, which the rebels have broken': the truce or agreement
    just before the relative word that opens the breach's clause."""
    relative = before(scan, breach, _RELATIVE, RELATIVE_BEFORE_BREACH)
    if relative is None or relative.order == 0:
        return None
    target = scan.hits[relative.order - 1]
    next_to = relative.first_word - target.last_word <= 1
    return target if next_to and target.role in _TRUCE_OR_DEAL else None


def _truce_in_force(scan: FieldScan) -> Iterator[_Finding]:
    for hit in scan.having(_IN_FORCE_MARKERS):
        truce, strength = _in_force_at(scan, hit)
        if truce is not None and not _not_in_force(scan, truce, hit):
            yield _Finding(strength, hit_span(scan, LABEL, hit, truce, f"violation.{hit.role}"))
    for truce in scan.by_role.get(roles.TRUCE, ()):
        plea = _plea_to_keep(scan, truce)
        if plea is not None and not _not_in_force(scan, truce, truce):
            evidence = text_span(scan, LABEL, plea, truce.end, "violation.urged_kept")
            yield _Finding(SCORE_URGED_KEPT, evidence)
    for verb in scan.by_role.get(roles.TRUCE_VERB, ()):
        truce = _extended(scan, verb)
        if truce is not None:
            evidence = hit_span(scan, LABEL, verb, truce, "violation.extended")
            yield _Finding(SCORE_ACT_AFTER_ONSET, evidence)


def _plea_to_keep(scan: FieldScan, truce: Hit) -> int | None:
    """Where a plea to keep `truce` starts: 'urges both sides to respect the
    truce' (a party pressed to keep a truce has one in force)."""
    start = max(0, truce.start - PLEA_CHARS)
    found = _PLEA_TO_KEEP.search(scan.field.low, start, truce.start)
    return None if found is None else found.start()


def _extended(scan: FieldScan, verb: Hit) -> Hit | None:
    """'ceasefire extended', 'renewed the truce': still in force (but 'talks to
    extend the truce' extend nothing yet)."""
    text = scan.text(verb)
    if text not in _EXTENDED:
        return None
    if text.endswith("ing") and _GERUND_OBJECT.search(scan.field.low, 0, verb.start):
        return None  # "talks on extending the truce": not done yet
    return after(scan, verb, _TRUCE, 3) or before(scan, verb, _TRUCE, 1)


def _not_in_force(scan: FieldScan, truce: Hit, marker: Hit) -> bool:
    """A truce that has ended or expired, one said not to be there, one asked
    about, or, after 'after' or 'since', one only announced."""
    if _ended_truce(scan, truce) or question(scan, truce):
        return True
    if negated(scan, truce, 2, _NEGATION):
        return True  # "with no holiday truce in place, the two sides clashed"
    if _future_truce(scan, truce):
        return True  # "hours after they agreed to an upcoming ceasefire"
    return marker.role in _AFTERWARDS and _announced(scan, truce)


def _future_truce(scan: FieldScan, truce: Hit) -> bool:
    """'an upcoming ceasefire', 'a proposed one-day truce': one yet to be made."""
    return _FUTURE_TRUCE.search(scan.field.low, max(0, truce.start - 40), truce.start) is not None


def _ended_truce(scan: FieldScan, truce: Hit) -> bool:
    """'the truce expired', 'after the end of the truce' (but 'a ceasefire ended
    the war' is a truce in force)."""
    ended = after(scan, truce, _ENDED, ENDED_AFTER_TRUCE)
    if ended is not None and _intransitive_end(scan, ended):
        return True
    if _expired_after_holding(scan, truce):
        return True
    # "after the end of the truce" (but "shelling has not stopped despite the truce")
    ended = before(scan, truce, _ENDED, ENDED_BEFORE_TRUCE)
    return ended is not None and not _between(scan, ended, truce, _IN_FORCE_MARKERS)


def _intransitive_end(scan: FieldScan, ended: Hit) -> bool:
    """'the truce expired', 'the truce ended' (but 'a ceasefire ended the war')."""
    if ended.role != roles.HALT:
        return True
    following = scan.field.low[ended.end : ended.end + 12].lstrip()
    return not (scan.text(ended).endswith(_ENDED_OBJECT) or following.startswith(_ENDED_OBJECT))


def _expired_after_holding(scan: FieldScan, truce: Hit) -> bool:
    """'a pause that had been in place for a week came to an end': the clause
    that tells how long the truce held stands between it and its end."""
    holding = after(scan, truce, _HOLDING, TRUCE_BEFORE_HOLDING)
    if holding is None:
        return False
    ended = after(scan, holding, _ENDED, ENDED_AFTER_TRUCE)
    return ended is not None and _intransitive_end(scan, ended)


def _announced(scan: FieldScan, truce: Hit) -> bool:
    verb = after(scan, truce, frozenset({roles.TRUCE_VERB}), ANNOUNCED_AFTER_TRUCE)
    return verb is not None and scan.text(verb) in _ANNOUNCED


def _in_force_at(scan: FieldScan, hit: Hit) -> tuple[Hit | None, float]:
    """The truce that `hit` shows to be in force, if any, and how surely."""
    role = hit.role
    if role == roles.DESPITE:
        return _despite(scan, hit), SCORE_ACT_IN_TRUCE
    if role == roles.TEMPORAL_UNIT:
        return after(scan, hit, _TRUCE_OR_DEAL, TRUCE_AFTER_TEMPORAL), SCORE_ACT_IN_TRUCE
    if role == roles.TEMPORAL:
        return _since(scan, hit), SCORE_ACT_IN_TRUCE
    if role == roles.DURING:
        return _sought_or_made(scan, hit, _TRUCE, TRUCE_AFTER_DURING), SCORE_ACT_IN_TRUCE
    if role == roles.HOLDING:
        return before(scan, hit, _TRUCE, TRUCE_BEFORE_HOLDING), SCORE_ACT_IN_TRUCE
    if role == roles.ONSET:
        truce = before(scan, hit, _TRUCE, TRUCE_BEFORE_ONSET)
        not_yet = truce is not None and _NOT_YET.search(scan.field.low, 0, truce.start)
        not_yet = not_yet or _ONSET_DENIED.search(scan.field.low, max(0, hit.start - 12), hit.start)
        return (None if not_yet else truce), SCORE_ACT_AFTER_ONSET
    if role == roles.UNDER:
        return after(scan, hit, _TRUCE, TRUCE_AFTER_DURING), SCORE_HOSTILE_UNDER_TRUCE
    return None, 0.0


def _despite(scan: FieldScan, despite: Hit) -> Hit | None:
    """'despite the truce' but not 'despite calls for a truce'."""
    return _sought_or_made(scan, despite, _TRUCE_OR_DEAL, TRUCE_AFTER_DESPITE)


def _sought_or_made(
    scan: FieldScan, marker: Hit, wanted: frozenset[str], max_words: int
) -> Hit | None:
    """The truce after 'despite' or 'amid', unless it is only sought: 'amid
    proposals for a ceasefire', 'despite calls for a truce', 'amid ceasefire
    talks' put no truce in force."""
    truce = after(scan, marker, wanted, max_words)
    if truce is None or _under_negotiation(scan, truce):
        return None
    between = scan.hits[marker.order + 1 : truce.order]
    return None if any(_not_yet_made(scan, h) for h in between) else truce


def _not_yet_made(scan: FieldScan, hit: Hit) -> bool:
    """'calls for', 'proposing': a truce sought (but 'despite declaring a truce'
    made it)."""
    if hit.role == roles.TRUCE_VERB:
        return scan.text(hit) not in _MADE
    return hit.role in _NOT_IN_FORCE


def _since(scan: FieldScan, temporal: Hit) -> Hit | None:
    """'since the truce took effect', 'first attack since the truce' (but not
    'since the 1994 cease-fire', a date, nor 'after the deal', which needs a verb)."""
    truce = after(scan, temporal, _TRUCE_OR_DEAL, TRUCE_AFTER_TEMPORAL)
    if truce is None or after(scan, temporal, _STARTED, ONSET_AFTER_TEMPORAL):
        return truce
    since = scan.text(temporal) == "since"
    dated = _YEAR.search(scan.field.low, temporal.end, truce.start) is not None
    return truce if since and not dated and truce.role == roles.TRUCE else None


def _hostile_acts(
    scan: FieldScan, earlier: frozenset[str], tolls: frozenset[tuple[str, int]]
) -> Iterator[Evidence]:
    for hit in scan.having(_HOSTILE):
        if _act_now(scan, hit, earlier, tolls):
            yield hit_span(scan, LABEL, hit, None, f"violation.{hit.category}")


def _harm_acts(
    harms: Sequence[Harm], earlier: frozenset[str], tolls: frozenset[tuple[str, int]]
) -> list[Evidence]:
    return [
        hit_span(h.scan, LABEL, h.hit, None, "violation.casualties")
        for h in harms
        if _act_now(h.scan, h.hit, earlier, tolls)
    ]


def _act_now(
    scan: FieldScan, act: Hit, earlier: frozenset[str], tolls: frozenset[tuple[str, int]]
) -> bool:
    """Whether an act or harm is told as happening now: not part of a war's toll
    ("killed in fighting" beside it is that toll), not before the truce, not
    stopped or earlier."""
    if (scan.field.name, act.clause) in tolls or _before_truce(scan, act):
        return False
    return not _stopped_or_earlier(scan, act, earlier)


def _toll_clauses(harms: Sequence[Harm]) -> frozenset[tuple[str, int]]:
    """The clauses (field, number) that tell a war's toll: the harm the truce was
    meant to end, told as background, is no act in the truce."""
    return frozenset((h.scan.field.name, h.hit.clause) for h in harms if _war_toll(h.scan, h.hit))


def _war_toll(scan: FieldScan, harm: Hit) -> bool:
    """'the eight-day conflict killed 162', 'a war that has killed', 'fighting
    has killed 300', 'tens of thousands have been killed': a war's cumulative
    toll (by its killer, the war itself, or by a size no single breach has)."""
    low = scan.field.low
    if _WAR_KILLER.search(low, max(0, harm.start - WAR_KILLER_CHARS), harm.start):
        return True
    found = phrases.find(scan, harm)
    if found is None:
        return False
    groups = found.match.group("groups")
    return (found.value or 0) >= WAR_TOLL_LEAST or any(w in groups for w in _MULTITUDES)


def _before_truce(scan: FieldScan, act: Hit) -> bool:
    """'fighting that killed 40 before the truce': an act told before the truce
    began, its own clause's truce named after it."""
    truce = after(scan, act, _TRUCE, BEFORE_TRUCE_WORDS)
    if truce is None:
        return False
    return _NOT_YET.search(scan.field.low, max(0, truce.start - 20), truce.start) is not None


def _stopped_or_earlier(scan: FieldScan, act: Hit, earlier: frozenset[str] = _EARLIER) -> bool:
    """'no shelling', 'fighting would stop', 'fighting has not escalated',
    'artillery fire has not been heard' (but 'shelling has not stopped' goes on),
    'after weeks of fighting'."""
    stop = after(scan, act, _STOPPED_AFTER, STOP_AFTER_ACT)
    negation = after(scan, act, _NOT_OR_NEGATION, 2)
    if negation is not None and after(scan, negation, _STOPPED_AFTER, 0):
        negation = None  # "shelling has not stopped"
    return bool(
        before(scan, act, _STOPPED_BEFORE, STOP_BEFORE_ACT)
        or _WARNED_OF.search(scan.field.low, max(0, act.start - WARNED_OF_CHARS), act.start)
        or (stop is not None and stop.order == act.order + 1)
        or (
            negation is not None
            and (negation.role == roles.NOT or scan.text(negation).startswith("not"))
        )
        or before(scan, act, earlier, STOP_BEFORE_ACT)
    )


def _start(hit: Hit) -> int:
    return hit.start
