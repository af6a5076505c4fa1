"""Decide `diplomatic_move`: talks, mediation, agreements, UN action, sanctions.

Cue categories from diplomacy.toml carry weights; each category (or group of
categories named by `cue`) counts once, with its strongest hit, and the item
is a move when the weights reach 1.0.
A truce or agreement word next to a verb ("agree a truce", "truce takes
effect", "signs the deal", "ends the grain deal"), a halt of hostile
acts ("announces a halt to hostilities", "suspends attacks") and a step
"under the deal" are events worth 1.0, unless they are background to
something else ("hours after the truce took effect", "violating the truce
agreed in Moscow", "ending the truce declared in March", "the rebels, which
declared a truce in March") or only due ("was due to withdraw under the
truce").  A truce taking effect is the setting of a violation that the item
reports ("truce takes hold as troops kill five"), not a move of its own,
and so is every cue in the sentence that tells how a violated truce came
about ("the truce, brokered by the US,", "took effect after negotiations"),
or that tells what came after it ("the breach came days after mediators
brokered the truce");
a truce that the item reports holding is a setting in the same way, and so
is its keeping ("the sides appear to be abiding by the truce"); in a
violation report the verb that made the broken truce is its past even away
from it ("declared that the two powers had agreed to a complete ceasefire"),
and a sentence describing that truce is its setting ("the truce is part of a
peace plan negotiated in Minsk"); a new truce that its own sentence reports
broken is such a truce too ("a new truce, brokered by France, was violated"),
and so are the words that follow a broken truce's name in its own phrase ("in
breach of the pact both sides made with the president to halt shelling",
"violates the truce and the terms set for lifting sanctions"), unless they
open a clause of their own ("and summoned the ambassador").
A truce that ends as fighting resumes halts nothing; one that ends "without
extension" was not extended, and in an item whose truce ran out or ended
("the truce ended on Saturday", "withdrew from the ceasefire accord", "the
ceasefire brokered in Minsk has failed") a
participle right after a truce ("a ceasefire declared by the army", "a truce
brokered by Russia") tells that truce's past, as a past verb of its making
does with its sentence ("had agreed on a 48-hour ceasefire in peace talks"); a participle describing
an act or talks ("renewed clashes", "renewed talks on the truce") renews no
truce; efforts or plans an attack harms ("undermines diplomatic efforts")
and talks that only date an attack ("the first attack since it resumed peace
negotiations") or time it ("kills 19 amid peace talks", "killed as
negotiations continue", "raids villages even as it continues ceasefire
negotiations") are no moves.
A truce said not to have been made ("the army did not declare a
ceasefire") is no event, nor is one declared a failure ("declares the truce
a failure": a verdict on its breach), nor one a party ends, leaves or
declares over ("withdrew from the ceasefire", "scraps the truce accord", "ends
the ceasefire agreement", "declared the truce over", "announced that the
ceasefire, agreed in May, is over"): ending a truce is a military or
political decision, not an action aimed at settling the war by diplomatic
means (talks, an envoy or a new truce that the item also reports still are).
Summoning, recalling or expelling counts only with an envoy or embassy in
the item: a UN official told to leave is no envoy withdrawn.
Talks said to have stalled, a release only sought, a visit to one's own
troops, sanctions avoided, a body found and an official who is only the
source of a remark are no moves either.
A meeting of two countries long at odds ("hosts Armenian and Azerbaijani
ministers") names their conflict as a war's name would.
Talks on trade, mergers, labour, nuclear programmes or EU membership, with
nothing armed in sight, are off topic (see context.off_topic).
Cues in sentences voiced by analysts or crowds ("protesters demand a hostage
deal") are comment, not action; generic cues (talks, meetings, calls) and
exchanges in a sentence about another domain ("talks to form a coalition
government", "trade talks") are that domain's; in an item about kidnappers
("negotiating with the kidnappers for their release"), or about hostages their
captors kill ("a video shows the killing of two hostages"), talks and releases are
no exchange between parties to a war, and nor is a swap that frees civilians
a state held ("frees jailed scholar in prisoner swap"); negatable cues fall to
a negation before them ("not to return to talks"), to history ("three decades
of talks") and to dates ("on the eve of the hostage release").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache
from itertools import chain
from typing import NamedTuple

from bot.classify import roles
from bot.classify.context import DECLARED_OVER, EFFORTS_TO, comment_sentences, negated
from bot.classify.decision import Decision
from bot.classify.evidence import hit_span
from bot.classify.lexicon import LEXICON
from bot.classify.nonmoves import NOT_A_MOVE
from bot.classify.scan import FieldScan, Hit, after, before, sentence_end
from bot.models import Evidence

LABEL = "diplomatic_move"

_TRUCE_OR_DEAL = frozenset({roles.TRUCE, roles.AGREEMENT})
_BACKGROUND = frozenset(
    {roles.TEMPORAL, roles.TEMPORAL_UNIT, roles.BREACH, roles.DESPITE, roles.HALT, roles.RELATIVE}
)
_HOSTILE = frozenset({roles.HOSTILE})
_ANY_HOSTILE = frozenset({roles.HOSTILE, roles.HOSTILE_WEAK})
_MODAL = frozenset({roles.MODAL})
_HISTORY = frozenset({roles.LONG_PAST, roles.EVE})
_VERB_BEFORE = frozenset({roles.TRUCE_VERB})
_VERB_BEFORE_DEAL = frozenset({roles.TRUCE_VERB, roles.HALT})
#: a party leaving or ending its truce: "withdrew from the ceasefire", "quits
#: the truce", "scraps the truce accord" (with a halt word too: "ends the
#: ceasefire agreement"): a military or political decision on the war, not an
#: action aimed at settling it by diplomatic means (leaving another deal, "pulls
#: out of the grain deal", stays a move on it)
_ENDING = frozenset(
    {"withdrew from", "withdraws from", "withdraw from", "withdrawing from", "quit", "quits"}
    | {"tore up", "tear up", "scrap", "scraps", "scrapped", "terminate", "terminates"}
    | {"terminated", "pull out of", "pulls out of", "pulled out of", "pulling out of"}
)
#: a truce declared over with words between: "declared the seven-day period of
#: the ceasefire brokered by Moscow over," ("a truce over Christmas" goes on)
_OVER_LATER = re.compile(r"(?:\s+[\w'-]+){1,8}?\s+over(?=\s*(?:[,.;:]|$))")
_VERB_AFTER = frozenset({roles.TRUCE_VERB, roles.ONSET, roles.ONSET_FUTURE})
_NOT = frozenset({roles.NOT})
_FAILED = frozenset({roles.BREACH})
_PAST_AGREEMENT = frozenset({"agreed", "declared", "announced", "signed", "reached", "ordered"})
#: the parties keeping a truce that holds: "most parties appear to be abiding by
#: the truce" tells how it holds, not a commitment made
_KEEPING = frozenset(
    {"abiding by", "abide by", "abided by", "observe", "honour", "honor", "adhere", "adhered"}
    | {"comply", "compliance", "uphold", "upholds", "keep", "keeps", "keeping", "maintain"}
)
_BLOCK = frozenset({roles.BLOCK})
_EXPIRY = frozenset({roles.EXPIRY})
_HALT = frozenset({roles.HALT})
#: what tells a truce over: "ended", "withdrew from", "collapsed"
_ENDING_ROLES = frozenset({roles.HALT, roles.TRUCE_VERB, roles.BREACH})
#: a truce's own end, told as done: "the truce ends", "the ceasefire ended"
_ENDS = frozenset({"ends", "ended"})
#: a truce's failure, told as done: "the truce collapsed", "has failed"
_COLLAPSED = frozenset(
    {"collapsed", "collapses", "failed", "fails", "fell apart", "falls apart", "broke down"}
    | {"breaks down"}
)
_EXTENDING = ("extend", "renew")
_TO_END = re.compile(r"(?<![\w'-])to\s+$")
_NEGATION = frozenset({roles.NEGATION})
#: a past or present negation right before a verb: "did not declare", "has never signed"
_NOT_MADE = re.compile(
    r"(?<![\w'-])(?:(?:did|does|do|has|have|had)\s+(?:not|never)|didn't|doesn't|don't|hasn't"
    r"|haven't|hadn't|never)\s+(?:yet\s+|formally\s+|officially\s+)?$"
)
#: words of pressing for a truce, among those that make it a hope in violation.py
_PRESSING = frozenset({"push", "bid", "pressure", "demand", "demands", "effort", "efforts"})
_HELD_TRUCE = _PAST_AGREEMENT | _KEEPING
_NO_WORDS: frozenset[str] = frozenset()
#: a truce made afresh: "a new 72-hour truce", "a fresh ceasefire"
_NEW_BEFORE = re.compile(
    r"(?<![\w'-])(?:new|fresh|another|renewed|second|third)(?:\s+[\w'-]+){0,2}\s+$"
)
#: a truce's making told after it: "the truce, brokered by the US"
_SETTING_WORDS = _PAST_AGREEMENT | {"brokered", "mediated", "facilitated", "negotiated"}
#: a truce as the subject of a description: "the truce is part of a peace plan"
_DESCRIBED = re.compile(
    r"\s+(?:is|was|has\s+been|had\s+been)\s+(?:part|one|the\s+result|the\s+fruit)\s+of\s"
)
#: sanctions escaped or only possible: "to avoid sanctions", "for possible sanctions"
_SANCTIONS_AVOIDED = re.compile(
    r"(?<![\w'-])(?:avoid|avoids|avoided|avoiding|avert|averts|averted|averting|evade|evades"
    r"|evaded|evading|escape|escapes|escaped|escaping|possible|potential)\s+(?:new\s+|further\s+)?$"
)
#: sanctions that domestic lawmakers or campaigners only demand: "senators calling
#: for sanctions", "MPs urge tougher sanctions", "rights groups urge sanctions"
#: (a legislature's or a lobby's wish is no state's decision)
_SANCTIONS_DEMANDED = re.compile(
    r"(?<![\w'-])(?:senators?|lawmakers?|legislators?|congressmen|congresswomen|mps"
    r"|parliamentarians|members\s+of\s+(?:parliament|congress)"
    r"|(?:rights\s+)?groups|activists|campaigners|ngos|charities|critics)\s+(?:[\w'-]+\s+){0,2}"
    r"(?:call|calls|calling|called|urge|urges|urging|urged|demand|demands|demanding|demanded"
    r"|push|pushes|pushing|pushed|press|presses|pressing|pressed)\s+(?:for\s+)?"
    r"(?:the\s+)?(?:[\w'-]+\s+){0,3}$"  # "urge the EU to impose sanctions"
)
#: how far before sanctions their demand by lawmakers is looked for, in characters
SANCTIONS_DEMANDED_CHARS = 80
_PREPOSITIONS = (" for ", " of ", " about ", " towards ", " toward ")
_SANCTION_BACKGROUND = frozenset({roles.TEMPORAL, roles.UNDER})
_RELATIVE = frozenset({roles.RELATIVE})
#: what ends the phrase of a new truce before a breach word: another truce,
#: or a time or concession that makes the breach another's
_OTHER_SETTING = frozenset(
    {roles.TRUCE, roles.AGREEMENT, roles.TEMPORAL, roles.TEMPORAL_UNIT, roles.DESPITE}
)
_SINCE = frozenset({roles.TEMPORAL})
#: what a sentence says of a truce when it reports it broken or at risk
_BREACH_WORDS = frozenset({roles.BREACH, roles.ENDANGER})
_SINCE_WORDS = frozenset({"since", "ever since"})
#: what a reported breach or a holding truce came after is its past
_AFTER = frozenset({roles.TEMPORAL, roles.TEMPORAL_UNIT})
_ACTS_ON_PERSON = frozenset({roles.KILLED, roles.WOUNDED, roles.HOSTILE, roles.CRIME})
_COMMENTARY_TITLES = (
    "fact-check",
    "fact check",
    "factcheck",
    "opinion:",
    "opinion |",
    "analysis:",
    "commentary:",
    "editorial:",
    "op-ed:",
    "column:",
    "view:",
)
_BE_WORDS = frozenset({"is", "are", "was", "were", "be", "been", "being", "has", "have", "had"})
#: a truce made only in thought or as a threat: "could have made a deal",
#: "threatens to no longer observe the truce"
_HYPOTHETICAL_MODALS = frozenset(
    {"could", "might", "would", "threatens to", "threatened to", "threatening to", "threaten to"}
)
_WEIGHTED = frozenset({roles.DIP, roles.BODIES})
_KIDNAP_WORDS = ("kidnap", "ransom")
#: civilians a state holds as bargaining chips: a swap that frees them is
#: between governments over detainees, not between parties to a war
_CIVILIAN_DETAINEES = frozenset(
    {"scholar", "academic", "researcher", "journalist", "journalists", "reporter", "reporters"}
    | {"tourist", "tourists", "student", "students", "businessman", "businesswoman", "blogger"}
)
#: words that make the freed people a war's prisoners after all
_WAR_PRISONERS = frozenset(
    {"soldier", "soldiers", "servicemen", "troops", "fighters", "pows", "militants", "combatants"}
)
_WORDS = re.compile(r"[a-z'-]+")
#: cue groups that bring people together: "hosts", "meets", "talks"
_MEETING_CUES = frozenset({"meeting", "talks", "summit"})
_COUNTRIES = "conflict_countries"
#: whom summoning, recalling or expelling presses a state through
_ENVOY_CUES = frozenset({"embassy_staff", "envoy"})
#: cue groups that a kidnapping or another domain makes no diplomacy of
_PLAIN_CUES = frozenset({"exchange_verb", "exchange_object", "exchange_event"})
#: cue groups that can be the object of `_TALKS_AS_OBJECT`: talks, and the efforts
#: and plans they make ("undermines diplomatic efforts", "derail the peace plan")
_OBJECT_CUES = frozenset({"talks", "exchange_event", "mediation", "ties", "written_deal"})
_CUE_ROLES = _WEIGHTED | frozenset(
    {roles.TRUCE, roles.AGREEMENT, roles.UNDER, roles.HALT, roles.TRUCE_VERB}
)

#: talks named only as what something else puts at risk or turns on, or as a
#: person's part in them: "threatening to jeopardize ceasefire negotiations",
#: "could harm ceasefire talks", "a sticking point in negotiations", "was key in
#: ongoing hostage release negotiations"
_TALKS_AS_OBJECT = re.compile(
    r"(?<![\w'-])(?:jeopardi[sz]\w*|harm|harms|harmed|harming|complicat(?:e|es|ing)|derail\w*"
    r"|undermin\w*|imperil\w*|endanger\w*|hamper\w*|sticking points?\s+in"
    r"|(?:obstacles?|hurdles?)\s+(?:in|to)|(?:was|were|is|are|been)\s+(?:key|central|instrumental)\s+(?:in|to)"
    r"|(?:key|central|pivotal)\s+(?:role|figure|player)\s+in)"
    r"(?:\s+[\w'-]+){0,6}\s+$"
)
#: efforts an attack harms, right before what they aim at: "undermine efforts
#: to extend the truce", "derail moves aimed at renewing the ceasefire"
_HARMED_EFFORTS = re.compile(
    r"(?<![\w'-])(?:undermin\w*|jeopardi[sz]\w*|derail\w*|sabotag\w*|torpedo\w*|threaten\w*)"
    r"\s+(?:the\s+|all\s+)?(?:" + EFFORTS_TO + r"(?:[\w'-]+\s+(?:and|or)\s+)?)?$"
    # "efforts to extend or renew the truce"
)
#: what opens a clause of its own after a broken truce's name: a time, a
#: speaker, or a party's further act ("and called for talks", "as envoys met")
_CLAUSE_OPENER = re.compile(
    r"(?<![\w'-])(?:but|while|as|after|before|when|amid|since|said|says|say|told|added"
    r"|call|calls|called|urge|urges|urged|ask|asks|asked|demand|demands|demanded|appeal|appeals"
    r"|appealed|warn|warns|warned|lodge|lodges|lodged|file|files|filed|summon|summons|summoned"
    r"|threaten|threatens|threatened|vow|vows|vowed|recall|recalls|recalled|expel|expels|expelled"
    r"|impose|imposes|imposed|agree|agrees|agreed|announce|announces|announced|propose|proposes"
    r"|proposed|offer|offers|offered|hold|holds|held|meet|meets|met|took|takes|sent|sends|sought"
    r"|seeks|brought|brings|went|goes"
    # a party's further act in the past: "and raised it at an emergency meeting"
    r"|and\s+(?:then\s+|also\s+|later\s+)?[a-z]+ed)(?![\w'-])"
)
#: how far after a broken truce its phrase may describe it, in words
BREACHED_PHRASE = 16
#: how far before the truce its breach word is looked for, in words
BREACH_BEFORE_TRUCE = 4
#: how far before a cue `_TALKS_AS_OBJECT` is looked for, in characters
TALKS_OBJECT_CHARS = 70
#: talks named as the time of something else: "kills 19 amid peace talks",
#: "killed despite ongoing negotiations"
_AMID_TALKS = re.compile(
    r"(?<![\w'-])(?:amid|amidst|despite|in\s+spite\s+of)\s+(?:[\w'-]+\s+){0,2}$"
)
#: talks that only go on, told after them: "as negotiations between the two continue"
_GOING_ON = re.compile(
    r"(?:\s+[\w',-]+){0,5}?\s+(?:continue|continues|go\s+on|goes\s+on|drag\s+on|drags\s+on)"
    r"(?![\w'-])"
)
_AS_TALKS = re.compile(r"(?<![\w'-])(?:as|while)\s+(?:[\w'-]+\s+){0,2}$")
#: talks that go on, told before them: "even as it continues ceasefire negotiations"
_AS_CONTINUING = re.compile(
    r"(?<![\w'-])(?:as|while)\s+(?:[\w'-]+\s+){0,2}(?:continues?|continued|continuing|pursues)"
    r"\s+(?:[\w'-]+\s+){0,2}$"
)
BACKDROP_CHARS = 30
#: what talks may be the backdrop of: an attack or its toll
_ACTS = frozenset({roles.KILLED, roles.WOUNDED, roles.HARM, roles.HOSTILE, roles.HOSTILE_WEAK})

#: a conjunction between a halt word and an act: the act opens a clause of its own
#: ("the Eid truce ends as fighting resumes"), it is not what is halted
_NEW_SUBJECT = re.compile(r"(?<![\w'-])(?:as|when|while|and|after|with|amid)(?![\w'-])")

#: the infinitive of an aim, and the word before it: "intended to end the
#: fighting", "aimed at halting the clashes"; or a relative clause: "the truce
#: that ended the fighting"
_AIM = re.compile(r"(?:(?P<verb>[\w'-]+)\s+)?(?P<link>to|that|which|at)\s+$")
#: words whose "to" states an aim, not a commitment: "rolled in 16 days ago to
#: stop rocket attacks" (but "pledged to stop", "agreements to halt fighting")
_AIMING = frozenset(
    {
        "intended",
        "aimed",
        "meant",
        "designed",
        "order",
        "trying",
        "tried",
        "try",
        "tries",
        "seeking",
        "sought",
        "seeks",
        "bid",
        "effort",
        "efforts",
        "attempt",
        "attempts",
        "ago",
        "launched",
        "deployed",
        "sent",
        "moved",
        "operation",
        "offensive",
        "fight",
        "fighting",
        "fought",
        "battle",
        "battling",
        "struggling",
        "struggle",
        "failed",
    }
)

# window sizes, in words
VERB_NEAR_TRUCE = 4
#: how far before a truce's verb "did not" is looked for, in characters
NOT_MADE_CHARS = 24
BACKGROUND_BEFORE = 6
NEGATION_BEFORE_CUE = 4
DEAL_AFTER_UNDER = 3
ACT_AFTER_HALT = 2
MODAL_BEFORE_UNDER = 4
SANCTION_BACKGROUND_BEFORE = 2
RELATIVE_BEFORE_SANCTIONS = 3
MODAL_BEFORE_EVENT = 4
SINCE_BEFORE_CUE = 4
SANCTIONED_PERSON_WORDS = 4
#: a whole clause, in words
CLAUSE_WORDS = 60
NEW_TRUCE_CHARS = 30
TRUCE_BEFORE_HOLDING = 10  # "the truce mediated by the UN last month was holding"
NOT_BEFORE_EXTENSION = 2  # "won't be extended", "will not extend"
EXPIRY_AFTER_TRUCE = 8  # "a seven-day ceasefire declared by the army expired"
#: "a brief truce between regime forces and rebel groups in three key towns ended"
END_AFTER_TRUCE = 12

#: how near a killing the word "hostage" makes it captors' act, in characters
HOSTAGE_NEAR_KILLED = 24

EVENT_WEIGHT = 1.0
#: what a generic cue counts for with only soldiers or protesters in sight
GENERIC_FACTOR = 0.5
#: what any cue counts for in an item that names nothing armed: an envoy, talks
#: and a visit together ("envoy visits Beijing for autonomy talks") stay routine
UNARMED_FACTOR = 0.3


class _Cue(NamedTuple):
    """A counted cue; its evidence is built only if it is among the shown ones."""

    name: str
    weight: float
    scan: FieldScan
    first: Hit
    last: Hit
    rule: str

    def evidence(self) -> Evidence:
        return hit_span(self.scan, LABEL, self.first, self.last, self.rule)

    def scaled(self, factor: float) -> _Cue:
        """A cue in an item that names no war (see `_weighed`)."""
        # built directly: NamedTuple._replace costs several times as much
        return _Cue(self.name, self.weight * factor, self.scan, self.first, self.last, self.rule)

    def rank(self) -> tuple[float, bool, int]:
        return -self.weight, self.scan.field.name != "title", self.first.start


def decide_diplomacy(
    scans: Sequence[FieldScan], context: tuple[bool, bool], off_topic: bool, violation: bool
) -> Decision:
    """Whether the item reports a diplomatic move, and why; `context` tells
    whether the item names anything armed, and whether it names a war (see
    `_weighed`), `violation` whether it reports a cease-fire violation."""
    if off_topic or _commentary(scans):
        return Decision(0.0)
    if all(_CUE_ROLES.isdisjoint(scan.by_role) for scan in scans):
        return Decision(0.0)  # no cue at all: nothing below would find one
    strongest: dict[str, _Cue] = {}
    held = (_kidnapping(scans), _civilians_detained(scans))
    if context == (True, False) and _both_sides_meet(scans):
        context = (True, True)  # "hosts Armenian and Azerbaijani ministers": their conflict
    framed = _setting_words(scans, violation)
    ended = any(_truce_ended(scan) for scan in scans)
    expired = ended or any(_truce_expired(scan) for scan in scans)
    # an ended truce's making is its past, as a violated truce's is
    past = framed or (_PAST_AGREEMENT if ended else _NO_WORDS)
    for cue in (c for scan in scans for c in _cues(scan, past, context, held, bool(framed))):
        if expired and _describes_truce(cue):
            continue  # "a ceasefire declared by the army expired": its past
        if cue.name not in strongest or cue.weight > strongest[cue.name].weight:
            strongest[cue.name] = cue
    if "embassy_action" in strongest and _ENVOY_CUES.isdisjoint(strongest):
        del strongest["embassy_action"]  # "demands the recall of a UN official": no envoy
    if not strongest:
        return Decision(0.0)
    total = sum(cue.weight for cue in strongest.values())
    shown = sorted(strongest.values(), key=_Cue.rank)[:3]
    return Decision(total / (total + 1.0), tuple(cue.evidence() for cue in shown))


def _setting_words(scans: Sequence[FieldScan], violation: bool) -> frozenset[str]:
    """Verbs that make a truce the setting of the report rather than its news:
    its making, when the item reports it violated ("although the rebels agreed
    to a ceasefire"), and its keeping too when it reports it holding ("most
    sides appear to be abiding by the truce"); none otherwise."""
    for scan in scans:
        if roles.HOLDING in scan.by_role and _truce_holds(scan):
            return _HELD_TRUCE
    return _PAST_AGREEMENT if violation else _NO_WORDS


def _describes_truce(cue: _Cue) -> bool:
    """'a ceasefire declared by the army', 'a truce brokered by Russia': a
    participle right after a truce word tells how that truce came about."""
    verb, scan = cue.first, cue.scan
    if verb.order == 0 or not scan.text(verb).endswith("ed"):
        return False
    truce = scan.hits[verb.order - 1]
    return truce.role in _TRUCE_OR_DEAL and verb.first_word == truce.last_word + 1


def _truce_ended(scan: FieldScan) -> bool:
    """'the truce ended early Saturday', 'the rebels withdrew from the ceasefire
    agreement': a truce over, whose making the item tells as its past."""
    if _ENDING_ROLES.isdisjoint(scan.by_role):
        return False  # most fields have none: skip the walk
    return any(
        _ends_after(scan, truce) or _collapsed(scan, truce) or _ended_before(scan, truce)
        for truce in _truces(scan)
    )


def _collapsed(scan: FieldScan, truce: Hit) -> bool:
    """'the ceasefire brokered in Minsk has failed', 'the truce collapsed': over,
    as one that ended (not 'threatens to collapse')."""
    if truce.role != roles.TRUCE or roles.BREACH not in scan.by_role:
        return False
    breach = after(scan, truce, _FAILED, END_AFTER_TRUCE)
    if breach is None or scan.text(breach) not in _COLLAPSED:
        return False
    return before(scan, breach, _RELATIVE | _MODAL, BACKGROUND_BEFORE) is None


def _truces(scan: FieldScan) -> Iterator[Hit]:
    return chain(scan.by_role.get(roles.TRUCE, ()), scan.by_role.get(roles.AGREEMENT, ()))


def _ends_after(scan: FieldScan, truce: Hit) -> bool:
    """'the truce ends', 'a brief truce in three towns ended' (not 'the truce
    that ended the fighting': a truce that halted acts)."""
    if truce.role != roles.TRUCE:
        return False
    halt = after(scan, truce, _HALT, END_AFTER_TRUCE)
    if (
        halt is None
        or scan.text(halt) not in _ENDS
        or _TO_END.search(scan.field.low, max(0, halt.start - 4), halt.start)
    ):
        return False  # "a halt to shelling", "set to end at midnight": no end yet
    if before(scan, halt, _RELATIVE | _MODAL, BACKGROUND_BEFORE) is not None:
        return False
    act = after(scan, halt, _ANY_HOSTILE, ACT_AFTER_HALT)
    return act is None or _NEW_SUBJECT.search(scan.field.low, halt.end, act.start) is not None


def _ended_before(scan: FieldScan, truce: Hit) -> bool:
    """'withdrew from a ceasefire agreement', 'declared the truce over'."""
    # a halt word ends a deal, not a truce: "guns fall silent as the ceasefire..."
    verbs = _VERB_BEFORE if truce.role == roles.TRUCE else _VERB_BEFORE_DEAL
    verb = before(scan, truce, verbs, VERB_NEAR_TRUCE)
    return verb is not None and _ended(scan, verb, truce)


def _truce_expired(scan: FieldScan) -> bool:
    """'the ceasefire declared by the army expired at midnight': a truce that
    ran out is the report's setting."""
    if roles.EXPIRY not in scan.by_role:
        return False  # most fields have none: skip the walk
    return any(
        after(scan, truce, _EXPIRY, EXPIRY_AFTER_TRUCE) is not None
        for truce in scan.by_role.get(roles.TRUCE, ())
    )


def _cues(
    scan: FieldScan,
    past: frozenset[str],
    context: tuple[bool, bool],
    held: tuple[bool, bool],
    framed: bool,
) -> Iterator[_Cue]:
    hits = scan.having(_CUE_ROLES)
    if not hits:
        return
    comment = comment_sentences(scan)
    # only a report on a violated or holding truce has a past told "after"
    # (after an ended truce, envoys and new talks are news)
    afterwards = framed and not _AFTER.isdisjoint(scan.by_role)
    if past:
        # the making told with a past verb is the setting of an ended truce only
        comment = comment | _truce_setting(scan, _NO_WORDS if framed else past)
    other_domain = frozenset(h.sentence for h in scan.by_role.get(roles.NON_CONFLICT, ()))
    for hit in hits:
        if hit.sentence in comment or (cue := _cue(scan, hit, past)) is None:
            continue
        if hit.sentence in other_domain and (_plain(hit) or _mediation(hit)):
            continue  # "mediate the political crisis", "talks to form a coalition"
        if _held_cue(hit, held):
            continue
        if hit.role == roles.DIP and (_talks_as_object(scan, hit) or _backdrop_talks(scan, hit)):
            continue
        if afterwards and before(scan, hit, _AFTER, CLAUSE_WORDS) is not None:
            continue  # "the breach came days after mediators brokered the truce"
        if past and (_frames_breach(scan, hit) or _describes_breached(scan, hit)):
            continue
        if framed and _dated_brokering(scan, hit):
            continue
        yield _weighed(cue, hit, context)


def _dated_brokering(scan: FieldScan, hit: Hit) -> bool:
    """'Beijing brokered a truce between the two in January', in a report of
    that truce's breach: the broken truce's making, dated to its past, is the
    setting of the breach (a new truce, or one brokered now, is still news)."""
    if scan.text(hit) not in _MADE_BY_MEDIATOR:
        return False
    truce = after(scan, hit, _TRUCE_OR_DEAL, VERB_NEAR_TRUCE)
    if truce is None or _fresh(scan, truce):
        return False
    end = sentence_end(scan, hit.sentence)
    return _DATED_PAST.search(scan.field.low, truce.end, end) is not None


#: the past verbs of a mediator's making a truce
_MADE_BY_MEDIATOR = frozenset({"brokered", "mediated"})
#: a time that dates an act to the past: "in January", "in 2019", "last month",
#: "three weeks ago"
_DATED_PAST = re.compile(
    r"(?<![\w'-])(?:in\s+(?:january|february|march|april|may|june|july|august|september"
    r"|october|november|december|(?:19|20)[0-9]{2})|last\s+(?:week|month|year|spring|summer"
    r"|autumn|winter)|(?:weeks|months|years)\s+ago)(?![\w'-])"
)


def _frames_breach(scan: FieldScan, hit: Hit) -> bool:
    """'violence rattling the truce as both sides look to implement the second
    phase of the peace plan', 'a violation that threatened the peace plan': a
    plan named in the sentence that reports its truce broken is the frame of
    that truce, not a plan put forward now ('as the US unveils a peace plan',
    with its verb right before it, still is)."""
    if LEXICON.categories[hit.category].cue != "written_deal":
        return False
    if not any(
        h.sentence == hit.sentence for role in _BREACH_WORDS for h in scan.by_role.get(role, ())
    ):
        return False
    return before(scan, hit, _VERB_BEFORE, VERB_NEAR_TRUCE) is None


def _describes_breached(scan: FieldScan, hit: Hit) -> bool:
    """'in violation of the agreement both sides made with the president to halt
    such attacks', 'violates the truce and terms drawn up for lifting sanctions':
    the words after a broken truce's name, in its own phrase, describe that
    truce (its makers, aims and terms), not a move made now; a clause of its
    own ('and called for talks') or a new truce is news again."""
    truce = _truce_named_before(scan, hit)
    if truce is None or before(scan, truce, _FAILED, BREACH_BEFORE_TRUCE) is None:
        return False
    if hit.role in _TRUCE_OR_DEAL and _fresh(scan, hit):
        return False
    # the cue's own word too: "violating the truce, summons the ambassador"
    return _CLAUSE_OPENER.search(scan.field.low, truce.end, hit.end) is None


def _truce_named_before(scan: FieldScan, hit: Hit) -> Hit | None:
    """The nearest truce or deal before `hit` in its sentence, across commas."""
    for prior in reversed(scan.hits[: hit.order]):
        if prior.sentence != hit.sentence or prior.last_word < hit.first_word - BREACHED_PHRASE:
            return None
        if prior.role in _TRUCE_OR_DEAL:
            return prior
    return None


def _truce_holds(scan: FieldScan) -> bool:
    """'the ceasefire was largely holding': a report on a truce in force."""
    return any(
        before(scan, hit, _TRUCE_OR_DEAL, TRUCE_BEFORE_HOLDING) is not None
        for hit in scan.by_role[roles.HOLDING]
    )


def _truce_setting(scan: FieldScan, past: frozenset[str]) -> frozenset[int]:
    """Sentences that tell how the truce or deal of a violation report came
    about, or what it says: 'a truce came into effect following negotiations',
    'the truce, brokered by the US', 'the agreement that was signed on Monday
    calls for the release of detainees'.  Their talks, mediators and terms
    are the truce's past, not a move; so is a sentence that tells its making
    with a past verb ('the sides reached an agreement on a ceasefire in peace
    talks in June'); a new truce is news of its own."""
    found: set[int] = set()
    for truce in _truces(scan):
        if truce.sentence in found or _fresh(scan, truce):
            continue
        if _DESCRIBED.match(scan.field.low, truce.end) or _made_before(scan, truce, past):
            found.add(truce.sentence)  # "the truce is part of a peace plan negotiated..."
            continue
        for nxt in scan.hits[truce.order + 1 :]:
            # across a comma too: "the truce, brokered by the US,"
            if nxt.sentence != truce.sentence or nxt.first_word > truce.last_word + 4:
                break
            if nxt.role == roles.ONSET or scan.text(nxt) in _SETTING_WORDS:
                found.add(truce.sentence)
                break
    return frozenset(found)


def _made_before(scan: FieldScan, truce: Hit, past: frozenset[str]) -> bool:
    """'had agreed on a 48-hour ceasefire', 'reached an agreement on a truce'."""
    verb = before(scan, truce, _VERB_BEFORE, VERB_NEAR_TRUCE)
    return verb is not None and scan.text(verb) in past


def _commentary(scans: Sequence[FieldScan]) -> bool:
    """'Fact-checking the prime minister's address', 'Opinion: ...': an item
    that weighs what others said or did reports no move of its own."""
    return scans[0].field.name == "title" and scans[0].field.low.startswith(_COMMENTARY_TITLES)


def _plain(hit: Hit) -> bool:
    """A generic cue or an exchange: talks, meetings, calls, releases."""
    category = LEXICON.categories[hit.category]
    return category.generic or category.cue in _PLAIN_CUES


def _mediation(hit: Hit) -> bool:
    return LEXICON.categories[hit.category].cue == "mediation"


def _talks_as_object(scan: FieldScan, hit: Hit) -> bool:
    """'threatening to jeopardize ceasefire negotiations', 'was key in hostage
    release negotiations': talks as what a harm or a person's role bears on."""
    if LEXICON.categories[hit.category].cue not in _OBJECT_CUES:
        return False
    begin = max(0, hit.start - TALKS_OBJECT_CHARS)
    return _TALKS_AS_OBJECT.search(scan.field.low, begin, hit.start) is not None


def _backdrop_talks(scan: FieldScan, talks: Hit) -> bool:
    """'Taliban kills 19 amid peace talks', 'soldiers killed as negotiations
    continue': talks that only time an attack told before them in the sentence
    are the attack's backdrop, not news of a move ('agreed to a truce amid
    talks', with a move between, keeps them)."""
    if not _talks(talks):
        return False
    low = scan.field.low
    begin = max(0, talks.start - BACKDROP_CHARS)
    if _AS_CONTINUING.search(low, max(0, talks.start - BACKDROP_CHARS * 2), talks.start):
        # "even as it continues ceasefire negotiations": the truce names the talks
        return _act_before(scan, talks, truce_of_talks=True)
    if _AMID_TALKS.search(low, begin, talks.start) is None and not (
        _AS_TALKS.search(low, begin, talks.start) and _GOING_ON.match(low, talks.end)
    ):
        return False
    return _act_before(scan, talks)


def _act_before(scan: FieldScan, hit: Hit, truce_of_talks: bool = False) -> bool:
    """Whether the nearest act or cue before `hit` in its sentence is an act
    (with `truce_of_talks`, a truce right before the talks is part of them)."""
    for prior in reversed(scan.hits[: hit.order]):
        if prior.sentence != hit.sentence:
            return False
        if prior.role in _ACTS:
            return True
        if prior.role in _CUE_ROLES and not (truce_of_talks and _names_talks(prior, hit)):
            return False
    return False


def _names_talks(prior: Hit, talks: Hit) -> bool:
    """'ceasefire negotiations': a truce right before talks names what they are on."""
    return prior.role == roles.TRUCE and prior.last_word + 1 == talks.first_word


def _harmed_effort(scan: FieldScan, verb: Hit) -> bool:
    """'an attempt to undermine efforts to extend the truce': the aim of efforts
    that an attack harms, not a step taken."""
    begin = max(0, verb.start - TALKS_OBJECT_CHARS)
    return _HARMED_EFFORTS.search(scan.field.low, begin, verb.start) is not None


def _both_sides_meet(scans: Sequence[FieldScan]) -> bool:
    """'Pompeo hosts Armenian and Azerbaijani foreign ministers', 'talks
    between Israel and Lebanon': a meeting of two countries long at odds names
    their conflict, as a war's name would."""
    if not any(
        LEXICON.categories[h.category].cue in _MEETING_CUES
        for scan in scans
        for h in scan.by_role.get(roles.DIP, ())
    ):
        return False  # most items hold no meeting: skip the pattern
    for scan in scans:
        for pair in _country_pair_pattern().finditer(scan.field.low):
            if _WORDS.findall(pair.group("a"))[0][:5] != _WORDS.findall(pair.group("b"))[0][:5]:
                return True  # "Armenia and Azerbaijan", not "Armenia and Armenians"
    return False


@cache
def _country_pair_pattern() -> re.Pattern[str]:
    """Two countries at odds joined by "and", compiled on first need (few items
    name a meeting with nothing but soldiers or such countries in sight)."""
    terms = [t for t, name in LEXICON.term_category.items() if name == _COUNTRIES]
    names = "|".join(map(re.escape, sorted(terms, key=len, reverse=True)))
    return re.compile(rf"(?<![\w'-])(?P<a>{names})\s+and\s+(?P<b>{names})(?![\w'-])")


def _held_cue(hit: Hit, held: tuple[bool, bool]) -> bool:
    """A cue about people held by no party to a war: with kidnappers, talks and
    releases ("negotiating with the kidnappers for their release", but "frees
    kidnapped soldiers as a goodwill gesture" stays); with civilians a state
    held, any exchange ("frees jailed US reporter in prisoner swap")."""
    kidnap, civilians = held
    cue = LEXICON.categories[hit.category].cue
    if civilians and cue in _PLAIN_CUES:
        return True
    return kidnap and _plain(hit) and cue != "exchange_event"


def _civilians_detained(scans: Sequence[FieldScan]) -> bool:
    """'Iran frees jailed scholar in prisoner swap', 'Moscow releases US reporter
    in exchange': detained civilians traded between states, with no truce or deal
    of a war and no soldiers among them ('swap of soldiers and journalists' stays)."""
    if not any(
        LEXICON.categories[h.category].cue in _PLAIN_CUES
        for scan in scans
        for h in scan.by_role.get(roles.DIP, ())
    ):
        return False  # most items free no one: skip reading their words
    if any(not _TRUCE_OR_DEAL.isdisjoint(scan.by_role) for scan in scans):
        return False
    words = {w for scan in scans for w in _WORDS.findall(scan.field.low)}
    if words.isdisjoint(_CIVILIAN_DETAINEES) or not words.isdisjoint(_WAR_PRISONERS):
        return False
    return not any("prisoners of war" in scan.field.low for scan in scans)


def _kidnapping(scans: Sequence[FieldScan]) -> bool:
    """'kidnappers', 'abducted', 'ransom': hostages held by kidnappers."""
    return any(
        roles.KIDNAP in scan.by_role
        or any(
            scan.text(h).startswith(_KIDNAP_WORDS) for h in scan.by_role.get(roles.NON_CONFLICT, ())
        )
        for scan in scans
    ) or _hostages_killed(scans)


def _hostages_killed(scans: Sequence[FieldScan]) -> bool:
    """'a video shows the killing of two hostages', 'hostage beheaded': hostages
    their captors kill are held by kidnappers, not traded under a war's deal
    (an item that names a truce or a deal keeps its releases)."""
    if not any("hostage" in scan.field.low for scan in scans):
        return False  # most items name none: skip the walk
    if any(not _TRUCE_OR_DEAL.isdisjoint(scan.by_role) for scan in scans):
        return False
    return any(
        _killed_near_hostage(scan, hit)
        for scan in scans
        for hit in scan.by_role.get(roles.KILLED, ())
    )


def _killed_near_hostage(scan: FieldScan, killed: Hit) -> bool:
    low = scan.field.low
    near = low[max(0, killed.start - HOSTAGE_NEAR_KILLED) : killed.end + HOSTAGE_NEAR_KILLED]
    return "hostage" in near


def _weighed(cue: _Cue, hit: Hit, context: tuple[bool, bool]) -> _Cue:
    """A cue counts in full in an item about a war; with only soldiers or
    protesters in sight, generic cues ("talks", "meets") count half; with
    nothing armed at all every cue (firms sign deals, hackers are
    sanctioned, blocs hold summits) counts for less still: words of peace
    (peace talks, a peace plan, a truce) name a war of their own."""
    armed, war = context
    category = LEXICON.categories[hit.category]
    if war or category.inherent or (armed and not category.generic):
        return cue
    return cue.scaled(GENERIC_FACTOR if armed else UNARMED_FACTOR)


def _cue(scan: FieldScan, hit: Hit, past: frozenset[str]) -> _Cue | None:
    if hit.role in _WEIGHTED:
        return _weighted_cue(scan, hit)
    if hit.role in _TRUCE_OR_DEAL:
        return _truce_event(scan, hit, past)
    if hit.role == roles.UNDER:
        return _implementation(scan, hit)
    if hit.role == roles.HALT:
        return _halt_event(scan, hit)
    if hit.role == roles.TRUCE_VERB and not _background(scan, hit):
        if _past_making(scan, hit, past) or _describes_following(scan, hit):
            return None
        if _adjective(scan, hit):
            return None
        if _harmed_effort(scan, hit) or _declares_ended(scan, hit):
            return None
        return _weighted_cue(scan, hit)
    return None


def _declares_ended(scan: FieldScan, verb: Hit) -> bool:
    """The verb alone of 'declares the truce a failure', 'withdrew from the
    ceasefire', 'declared the truce over': no truce made either."""
    truce = after(scan, verb, _TRUCE_OR_DEAL, VERB_NEAR_TRUCE)
    return truce is not None and _ended(scan, verb, truce)


def _past_making(scan: FieldScan, verb: Hit, past: frozenset[str]) -> bool:
    """'the two powers had agreed to a ceasefire', in a report of its breach: the
    verb that made the violated truce is its past, alone as much as with the truce."""
    if not past or scan.text(verb) not in past:
        return False
    # the whole clause: "declared that the two powers had agreed to a complete ceasefire"
    truce = after(scan, verb, _TRUCE_OR_DEAL, CLAUSE_WORDS)
    return truce is not None and not _fresh(scan, truce)


def _weighted_cue(scan: FieldScan, hit: Hit) -> _Cue | None:
    category = LEXICON.categories[hit.category]
    if category.negatable and _cancelled(scan, hit):
        return None
    check = NOT_A_MOVE.get(category.cue)
    if check is not None and check(scan.field.low, hit):
        return None
    if _describes_deal(scan, hit) or _sanctions_in_background(scan, hit):
        return None
    return _Cue(category.cue, category.weight, scan, hit, hit, f"diplomacy.{hit.category}")


def _describes_deal(scan: FieldScan, cue: Hit) -> bool:
    """'the recently negotiated ceasefire agreement': a participle describing a
    deal already made, not talks."""
    if not scan.text(cue).endswith("ed") or cue.order + 1 >= len(scan.hits):
        return False
    following = scan.hits[cue.order + 1]
    return following.role in _TRUCE_OR_DEAL and following.first_word == cue.last_word + 1


def _sanctions_in_background(scan: FieldScan, cue: Hit) -> bool:
    """'selling assets after US sanctions', 'a businessman who was sanctioned',
    'under sanctions', 'senators urge sanctions': sanctions as a cause, a state
    or a lawmakers' demand, not imposed now."""
    if LEXICON.categories[cue.category].cue != "sanctions":
        return False
    if _described_as_sanctioned(scan, cue):
        return True
    if _SANCTIONS_AVOIDED.search(scan.field.low, max(0, cue.start - 30), cue.start):
        return True
    begin = max(0, cue.start - SANCTIONS_DEMANDED_CHARS)
    if _SANCTIONS_DEMANDED.search(scan.field.low, begin, cue.start):
        return True  # "lawmakers call for sanctions": a demand, not a decision
    return bool(
        before(scan, cue, _SANCTION_BACKGROUND, SANCTION_BACKGROUND_BEFORE)
        or before(scan, cue, _RELATIVE, RELATIVE_BEFORE_SANCTIONS)
    )


def _described_as_sanctioned(scan: FieldScan, cue: Hit) -> bool:
    """'kills businessman sanctioned by US': a participle describing a person
    sanctioned before, not 'was sanctioned by the EU on Monday' nor the
    headline 'Oligarchs sanctioned by EU'."""
    low = scan.field.low
    if not low.startswith("sanctioned by ", cue.start):
        return False
    words = low[max(0, cue.start - 12) : cue.start].split()
    if words and words[-1] in _BE_WORDS:
        return False
    # the person is what the clause is about: "strike kills tycoon sanctioned by US"
    return before(scan, cue, _ACTS_ON_PERSON, SANCTIONED_PERSON_WORDS) is not None


def _cancelled(scan: FieldScan, cue: Hit) -> bool:
    """'not to return to talks', 'talks haven't yielded', 'decades of talks',
    'the collapse of talks'."""
    return bool(
        negated(scan, cue, NEGATION_BEFORE_CUE)
        or after(scan, cue, _NOT, 1)
        or before(scan, cue, _HISTORY, 3)
        or before(scan, cue, _FAILED, 2)
        or _dated_since(scan, cue)
    )


def _dated_since(scan: FieldScan, cue: Hit) -> bool:
    """'the first attack since it resumed peace negotiations': talks that only
    date what the item reports."""
    if "since" not in scan.field.low:
        return False  # most fields have none: skip the walk back
    since = before(scan, cue, _SINCE, SINCE_BEFORE_CUE)
    return since is not None and scan.text(since) in _SINCE_WORDS


def _truce_event(scan: FieldScan, truce: Hit, past: frozenset[str]) -> _Cue | None:
    """'agree a truce', 'truce takes effect', 'signs the deal', 'ends the accord',
    'a new ceasefire' (not 'ends the ceasefire accord', see `_ended`)."""
    verbs_before = _VERB_BEFORE if truce.role == roles.TRUCE else _VERB_BEFORE_DEAL
    verb = (
        before(scan, truce, verbs_before, VERB_NEAR_TRUCE)
        or after(scan, truce, _VERB_AFTER, VERB_NEAR_TRUCE)
        or _pressed_for(scan, truce)
    )
    if verb is None:
        # "a new ceasefire in Tripoli": made afresh, unless it is the one broken
        verb = truce if not past and truce.role == roles.TRUCE and _new(scan, truce) else None
    if verb is None:
        return None
    first = min(verb, truce, key=lambda h: h.start)
    if _background(scan, first) or _hypothetical(scan, first) or _harmed_effort(scan, first):
        return None
    if past and (verb.role == roles.ONSET or scan.text(verb) in past) and not _fresh(scan, truce):
        # the violated or holding truce's past: "although the rebels agreed to a
        # ceasefire", or how it holds: "the sides are abiding by the truce"
        return None
    if _nominal(scan, verb) or _describes_following(scan, verb) or _denied(scan, verb, truce):
        return None
    if _adjective(scan, verb):
        return None
    if _never_made(scan, verb) or _ended(scan, verb, truce) or _not_extended(scan, verb):
        return None
    return _event(scan, "truce_event", verb, truce)


def _not_extended(scan: FieldScan, verb: Hit) -> bool:
    """'Israel will not extend the truce', 'ceasefire won't be extended': a party
    letting its truce end, which is no move by itself (rejecting a proposal to
    extend it, 'rejects Egypt's proposal to extend the truce', still is)."""
    if not scan.text(verb).startswith(_EXTENDING):
        return False
    return before(scan, verb, _NOT, NOT_BEFORE_EXTENSION) is not None


def _ended(scan: FieldScan, verb: Hit, truce: Hit) -> bool:
    """'withdrew from the ceasefire', 'scraps the accord', 'declared the truce
    over', 'declares the ceasefire a failure': a truce left, ended or judged
    broken, not one made.  A party ending its truce decides on the war, it
    does not negotiate (talks, envoys or a new truce in the item still count)."""
    if verb.start > truce.start:
        return False
    low = scan.field.low
    if scan.text(verb).startswith("declar"):
        if _END_OF.match(low, verb.end, truce.start):
            return True  # "declares an end to the truce"
        return bool(DECLARED_OVER.match(low, truce.end) or _OVER_LATER.match(low, truce.end))
    if scan.text(verb).startswith(_TELLING):
        return _SAID_OVER.match(low, truce.end) is not None
    ending = verb.role == roles.HALT or scan.text(verb) in _ENDING
    return ending and _names_truce(scan, verb, truce)


def _names_truce(scan: FieldScan, verb: Hit, deal: Hit) -> bool:
    """'the truce', 'the ceasefire accord', or a deal named only by the verb's
    object, 'to end the agreement', which refers back to the item's truce (not
    'the grain deal', 'the peace declaration')."""
    if any(h.role == roles.TRUCE for h in scan.hits[verb.order + 1 : deal.order + 1]):
        return True
    if scan.text(deal) not in _BARE_DEALS:
        return False  # "suspends the peace declaration": a deal of its own name
    return _BARE_OBJECT.fullmatch(scan.field.low, verb.end, deal.start) is not None


#: verbs that report a truce's state: "announced that the truce is over"
_TELLING = ("announc", "said", "says", "stat")
#: the truce's predicate after a telling verb, past an aside naming it ("the
#: ceasefire with the rebels, agreed in May, is over"): an end told, no truce made
_SAID_OVER = re.compile(
    r"(?:(?!\s(?:after|when|until|once|before|if|and|but|while|as|because|since|unless)\s)"
    r"[^;!?]){0,60}?\s(?:is|was|had|has|have)\s+(?:now\s+)?(?:been\s+)?"
    r"(?:over|ended|void|finished|off)(?![\w'-])"
)
#: "declares an end to", "declared the end of"
_END_OF = re.compile(r"\s+(?:an\s+|the\s+)?end\s+(?:of|to)\s+(?:[\w'-]+\s+){0,3}")
_BARE_DEALS = frozenset({"agreement", "accord", "deal", "pact"})
#: a deal named only by a determiner between the verb and it: "end the accord"
_BARE_OBJECT = re.compile(r"\s+(?:(?:the|its|their)\s+)?")


def _never_made(scan: FieldScan, verb: Hit) -> bool:
    """'the army did not declare a ceasefire', 'has never signed the accord':
    a truce said not to have been made is no event (nor is 'will not extend
    the truce', see `_not_extended`)."""
    head = scan.field.low[max(0, verb.start - NOT_MADE_CHARS) : verb.start]
    return _NOT_MADE.search(head) is not None


def _denied(scan: FieldScan, verb: Hit, truce: Hit) -> bool:
    """'truce ends without extension', 'expired with no statement of its
    extension': a making said not to have followed the truce."""
    negation = before(scan, verb, _NEGATION, NEGATION_BEFORE_CUE)
    return negation is not None and negation.start > truce.start


def _describes_following(scan: FieldScan, verb: Hit) -> bool:
    """'renewed clashes put the truce in peril', 'renewed talks on sustaining the
    truce': a participle describing the act or the talks right after it, not a
    truce renewed (the talks count as talks)."""
    if verb.order + 1 >= len(scan.hits):
        return False
    following = scan.hits[verb.order + 1]
    if following.first_word != verb.last_word + 1:
        return False
    return following.role in _ANY_HOSTILE or _talks(following)


def _talks(hit: Hit) -> bool:
    return hit.role == roles.DIP and LEXICON.categories[hit.category].cue == "talks"


def _pressed_for(scan: FieldScan, truce: Hit) -> Hit | None:
    """'to push a Gaza ceasefire', 'a bid for a truce', 'pressure for a
    ceasefire': pressing for a truce is a move (a hope for one is not)."""
    if roles.BLOCK not in scan.by_role:
        return None
    push = before(scan, truce, _BLOCK, VERB_NEAR_TRUCE)
    return push if push is not None and scan.text(push) in _PRESSING else None


def _fresh(scan: FieldScan, truce: Hit) -> bool:
    """A new truce that is news of its own: not one the same sentence reports
    broken ("a new truce, brokered by the US, was violated within hours")."""
    return _new(scan, truce) and not _broken_later(scan, truce)


def _broken_later(scan: FieldScan, truce: Hit) -> bool:
    """A breach word after the truce in its sentence, with no other truce and no
    'after' or 'despite' between: 'the new ceasefire, brokered by the US, was
    violated' (but not 'a new truce, days after the previous one was violated')."""
    for hit in scan.hits[truce.order + 1 :]:
        if hit.sentence != truce.sentence or hit.role in _OTHER_SETTING:
            return False
        if hit.role == roles.BREACH:
            return True
    return False


def _new(scan: FieldScan, truce: Hit) -> bool:
    """'declared a new truce days after the last one was violated': a truce
    made afresh is news of its own, not the setting of the breach."""
    begin = max(0, truce.start - NEW_TRUCE_CHARS)
    return _NEW_BEFORE.search(scan.field.low, begin, truce.start) is not None


def _hypothetical(scan: FieldScan, first: Hit) -> bool:
    """'could have made a ceasefire deal harder to reach': a deal imagined;
    'threatens to no longer observe a truce': a threat, not a decision."""
    modal = before(scan, first, _MODAL, MODAL_BEFORE_EVENT)
    return modal is not None and scan.text(modal) in _HYPOTHETICAL_MODALS


def _nominal(scan: FieldScan, verb: Hit) -> bool:
    """'conditions for reaching a ceasefire': a gerund after a preposition (but
    'expressed hope for signing a peace deal' is a party's stated intent)."""
    before_verb = scan.field.low[max(0, verb.start - 8) : verb.start]
    if not (scan.text(verb).endswith("ing") and before_verb.endswith(_PREPOSITIONS)):
        return False
    begin = max(0, verb.start - INTENT_CHARS)
    return _STATED_INTENT.search(scan.field.low, begin, verb.start) is None


def _adjective(scan: FieldScan, verb: Hit) -> bool:
    """'the initial period of the ceasefire', 'an initial truce': the adjective,
    not the verb of 'negotiators initial the truce deal'."""
    if scan.text(verb) != "initial":
        return False
    head = scan.field.low[max(0, verb.start - 8) : verb.start]
    return _DETERMINER_END.search(head) is not None


_DETERMINER_END = re.compile(r"(?<![\w'-])(?:the|an|a|its|their|this|[\w-]+-day)\s+$")


#: a party voicing its intent: "expressed hope for signing", "ready for signing"
_STATED_INTENT = re.compile(
    r"(?<![\w'-])(?:(?:express|voic)(?:es|ed|ing|e)\s+(?:[\w-]+\s+)?"
    r"(?:hope|readiness|willingness|confidence)|ready|prepared)\s+(?:for|to)\s+$"
)
INTENT_CHARS = 48


def _implementation(scan: FieldScan, under: Hit) -> _Cue | None:
    """'a first step under the Stockholm deal', not 'due to withdraw under the
    truce' nor 'came under fire after the truce' (an act is what it is under)."""
    deal = after(scan, under, _TRUCE_OR_DEAL, DEAL_AFTER_UNDER)
    if deal is None or before(scan, under, _MODAL, MODAL_BEFORE_UNDER):
        return None
    if any(h.role in _ANY_HOSTILE for h in scan.hits[under.order + 1 : deal.order]):
        return None
    return _event(scan, "implementation", under, deal)


def _halt_event(scan: FieldScan, halt: Hit) -> _Cue | None:
    """'announces a halt to hostilities', 'suspends attacks', 'agreed to stop
    attacks' (but not an aim, 'tanks rolled in to stop rocket attacks',
    'pressing the government to halt its attacks', nor a past that a relative
    clause tells, 'the truce that ended the fighting')."""
    act = after(scan, halt, _HOSTILE, ACT_AFTER_HALT)
    if act is None or _background(scan, halt) or _cancelled(scan, halt):
        return None
    if _NEW_SUBJECT.search(scan.field.low, halt.end, act.start):
        return None  # "the truce ends as fighting resumes": the act is a new clause's subject
    aim = _AIM.search(scan.field.low, max(0, halt.start - 30), halt.start)
    if aim is not None and (aim.group("link") != "to" or aim.group("verb") in _AIMING):
        return None
    return _event(scan, "halt", halt, act)


def _background(scan: FieldScan, hit: Hit) -> bool:
    return before(scan, hit, _BACKGROUND, BACKGROUND_BEFORE) is not None


def _event(scan: FieldScan, name: str, first: Hit, last: Hit) -> _Cue:
    return _Cue(name, EVENT_WEIGHT, scan, first, last, f"diplomacy.{name}")
