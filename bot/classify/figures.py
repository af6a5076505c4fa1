"""Casualty figures: add up the figure phrases of an item's harm words.

Each killed/wounded word yields at most one phrase (phrases.py finds it).
A phrase sums its groups.  Phrases about one kind combine as the largest
total (title and summary usually restate one toll) plus each distinct toll
of a side: a side's own dead ("50 of its servicemen died", "India lost
20"), bodies returned ("the bodies of 19 servicemen") or an earlier event
("strikes Gaza after two soldiers killed"); a side's toll equal to the total
restates it, and side tolls that add up to the total are its breakdown
("Thirteen peacekeepers killed ... nine of its soldiers died, Malawi lost
three and Uruguay one"), and the body of one of a group already counted
restates it.  What a clause opened by "after" tells ("a day after rebels
killed scores") is another time's toll, the figure only when no other is
given.  Victims set beside the wounded ("115 victims and 560 wounded") are
the dead.  Extra victims, the attackers ("three attackers were killed", "killed
two before being shot dead", "two insurgents were killed in the shootout"),
victims added with "also" and those of a clause joined by ", and" ("four
were killed and two injured, and a woman was hurt"), are always added, and so
are the dead of two sides counted apart ("two soldiers martyred, five terrorists killed" are seven).
A toll told "a day after" the event, and a war's or overall toll beside the
event's (also one whose sentence opens on its span: "Since the start of the
year, 87 rebels have been killed"), are another time's, even beside a toll
of the event ("the death toll from the strike rose to 40").  Any vague group ("dozens")
makes the kind unknown (a phrase with no number inside a counted one is part of
it: "40 bodies of Azerbaijani soldiers killed"), unless the title counts the toll and only the
summary tells it vaguely ("Ten soldiers killed" over "several soldiers
have been killed").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bot.classify import patterns, phrases, roles
from bot.classify.casualty import Harm
from bot.classify.evidence import text_span
from bot.classify.phrases import Found
from bot.models import Evidence

Kind = Literal["killed", "wounded"]
#: how a phrase adds up: the item's toll, one side's toll, extra victims, a
#: cumulative toll ("since October"), an earlier event's toll (a cause) or the
#: other side's dead in a "while" clause, added to its own sentence's toll
Tally = Literal["total", "side", "extra", "background", "earlier", "contrast"]
_KINDS: dict[str, Kind] = {
    roles.KILLED: "killed",
    roles.BODIES: "killed",
    roles.WOUNDED: "wounded",
}

#: the least toll that a headline's vague word rounds
_VAGUE_LEAST = {
    "dozens": 24,
    "scores": 40,
    "hundreds": 200,
    "thousands": 2000,
    # "one killed, many injured" over "22 others were injured"
    "many": 3,
    "several": 3,
    "numerous": 3,
    "multiple": 2,
}
_WOUNDS = ("injuries", "wounds", "injury", "wound")
_PLURAL_HARM_NOUNS = frozenset({"deaths", "killings", "casualties", "fatalities", "injuries"})
_TOTALS = frozenset({"total", "background", "earlier"})
#: tolls of another time: cumulative ("since October") or an earlier event's
_PAST = frozenset({"background", "earlier"})
_ARTICLES = (" a ", " an ", "the ")

#: harm words read per item: a real report has a handful, so this only
#: bounds the work on pathological text
MAX_HARMS = 64
#: "after the deaths of", "in reaction to the killing of": an earlier event's dead
_CAUSE_DEATHS = re.compile(
    r"(?<![\w'-])(?:after|following|wake\s+of|reaction\s+to|response\s+to|retaliation\s+for"
    r"|revenge\s+for|outrage\s+over|protests?\s+(?:over|against))"
    r"\s+(?:the\s+)?(?:deaths?|killings?|killing|massacre|murders?)\s+of\s+$"
)
#: "held responsible for a bombing that killed 16": what someone is blamed for
_BLAMED_FOR = re.compile(
    r"(?<![\w'-])(?:responsible\s+for|blamed\s+for|accused\s+of|suspected\s+of|suspect\s+in"
    r"|convicted\s+(?:of|over)|charged\s+(?:with|over)|masterminded|mastermind\s+of)"
    r"[^.;!?]{0,50}?\s(?:that|which)\s+$"
)
#: "responding to an attack on soldiers that seriously wounded one": the
#: attack a reprisal answers, and its toll
_ANSWERED = re.compile(
    r"(?<![\w'-])(?:responding\s+to|in\s+response\s+to|retaliation\s+for|revenge\s+for"
    r"|reprisal\s+for|retaliating\s+for)"
    r"[^.;!?]{0,50}?\s(?:that|which)\s+(?:[\w-]+ly\s+)?$"
)
#: "a day after rebels killed scores of troops", "days after Moscow accused Kyiv
#: of killing dozens": the subject of a verb whose clause follows "after"
_AFTER_SUBJECT = re.compile(r"(?<![\w'-])(?:after|following)\s+(?:[\w'-]+\s+){1,7}$")
#: "115 victims and 560 wounded": victims set beside the wounded are the dead
_BESIDE_WOUNDED = re.compile(r"\s+and\s+(?:[\w,]+\s+){1,3}?(?:wounded|injured)(?![\w'-])")
#: a war, not an attack, as the killer: "the war has killed", "the insurgency has
#: so far claimed"; its toll is cumulative
_WAR_SUBJECT = re.compile(
    r"(?<![\w'-])(?:war|wars|conflict|fighting|insurgency|uprising|violence|civil\s+war|crisis)"
    r"\s+(?:has|have|had)\s+(?:now\s+|so\s+far\s+|already\s+)?$"
)
#: "while another attack left dozens dead", "in a separate raid, 30 were
#: killed": the toll of an event other than the one reported
_OTHER_EVENT = re.compile(
    r"(?<![\w'-])(?:separate|another)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:attacks?|strikes?|raids?|ambush|bombings?|blasts?|explosions?|incidents?|assaults?"
    r"|clash(?:es)?|shootings?|airstrikes?)(?![\w'-])[^.;!?]*$"
)
#: "while another strike on Aita killed four": a second event joined to the
#: sentence's first, whose toll adds to it
_WHILE_ANOTHER = re.compile(
    r"(?<![\w'-])(?:while|whereas)\s+another\s+(?:[\w-]+\s+){0,2}?"
    r"(?:attacks?|strikes?|raids?|bombings?|blasts?|explosions?|airstrikes?|shelling)(?![\w'-])"
    r"[^.;!?,]*$"
)
#: "killed two before being shot dead", "before he was killed": the attacker's
#: own death, told after his victims'
_OWN_DEATH = re.compile(
    r"(?<![\w'-])(?:before|until|and\s+then)\s+(?:being|he\s+was|she\s+was)"
    r"\s+(?:himself\s+|herself\s+|also\s+|later\s+|eventually\s+)?$"
)
#: "a day after", "two weeks after", "the first in ten days, after": another time
_SPAN_AFTER = re.compile(
    r"(?<![\w'-])(?:a|an|one|the|two|three|several|few|[0-9]+)\s+"
    r"(?:day|days|night|nights|week|weeks|month|months|hour|hours),?\s+after\s+$"
)
#: words before a toll that make it the war's: "the war death toll", "the overall toll"
_WAR_TOLL = re.compile(
    r"(?<![\w'-])(?:war|war's|conflict|conflict's|overall|cumulative|total)\s+(?:[\w'-]+\s+)?$"
)
#: qualifiers that round a figure: "more than 800" may restate "802"
_ROUNDED = re.compile(
    r"(?<![\w'-])(?:more\s+than|over|nearly|almost|about|around|roughly|approximately"
    r"|close\s+to|upwards\s+of|in\s+excess\s+of)\s+[0-9a-z]"
)
#: "killed 15 terrorists while two soldiers were martyred": the other side's
#: dead, in a clause of their own, add to the toll
_CONTRAST = re.compile(r"(?<![\w'-])(?:while|whereas)\s+$")
#: an armed group's own dead, and the forces that make a group mixed
_FIGHTERS = frozenset({"insurgents", "militants", "rebels", "fighters", "gunmen", "insurgent"})
_FORCES = frozenset({"soldiers", "police", "policemen", "troops", "officers", "civilians"})
#: the dead of two sides, told apart: "two soldiers martyred, five terrorists
#: killed" are seven dead
_ARMED_GROUPS = frozenset(
    {
        *_FIGHTERS,
        "militant",
        "terrorists",
        "terrorist",
        "rebel",
        "fighter",
        "jihadists",
        "extremists",
        "bandits",
        "separatists",
        "attackers",
        "assailants",
    }
)
_THEIR_FOES = frozenset(
    {
        "soldiers",
        "soldier",
        "troops",
        "police",
        "policemen",
        "policeman",
        "officers",
        "personnel",
        "servicemen",
        "civilians",
        "villagers",
        "guards",
        "commandos",
    }
)
#: "in the shootout", "in the ensuing gunbattle", "in the battle": the fight the
#: attack began
_IN_THE_FIGHT = re.compile(
    r"\s+(?:in|during)\s+the\s+(?:ensuing\s+|subsequent\s+)?"
    r"(?:shootout|shoot-out|gunfight|gunbattle|gun\s+battle|firefight|exchange\s+of\s+fire"
    r"|battle|clash|clashes|fighting)(?![\w'-])"
)
#: "dozens killed in three days of attacks", "over the past two weeks": a toll
#: of several days, cumulative beside the toll of one event that the item tells
_SPAN_OF_DAYS = re.compile(
    r"[^.;!?]{0,40}?(?<![\w'-])(?:in|over|during|within)\s+(?:the\s+(?:past|last)\s+)?"
    r"(?:(?:two|three|four|five|six|seven|eight|nine|ten|several|a\s+few|[2-9]|[1-9][0-9])"
    r"\s+(?:days|weeks|months)|(?:a|one)\s+(?:week|month))(?![\w'-])"
)
#: "157 people have died over nearly four months", "in the past year": a toll
#: of months or years, cumulative beside the toll of the event reported
_SPAN_OF_MONTHS = re.compile(
    r"[^.;!?]{0,40}?(?<![\w'-])(?:in|over|during|within)\s+(?:the\s+(?:past|last)\s+)?"
    r"(?:(?:nearly|almost|about|around|more\s+than)\s+)?"
    r"(?:(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|many|[2-9]"
    r"|[1-9][0-9])\s+(?:months|years)|(?<=past\s|last\s)(?:month|year))(?![\w'-])"
)
#: a sentence that opens on the span it counts over: "Since the beginning of
#: 2010, ... 123 militants have been killed", "So far, 40 soldiers have died"
_SPAN_OPENING = re.compile(
    r"\W*(?:since|so\s+far|to\s+date|in\s+total|overall|altogether)(?![\w'-])"
)
#: "..., and" right before a group: it opens a clause of its own
_JOINED = re.compile(r",\s*and\s+$")
JOINED_CHARS = 8
#: how far before a phrase its cause or blame may stand, in characters
CAUSE_CHARS = 90
#: how far before a phrase "bodies of" or "after" may stand
MARKER_CHARS = 20
#: how far back "after" may open the clause of an earlier event's verb: its subject
#: may be a long noun phrase ("a day after an 18-hour barrage across the region killed")
AFTER_SUBJECT_CHARS = 60


@dataclass(slots=True)  # not frozen: built per item (see decision.py)
class Phrase:
    """A figure phrase: its total (None when vague) and how it adds up."""

    kind: Kind
    value: int | None
    tally: Tally
    evidence: Evidence
    toll: bool = False
    #: the field and sentence the phrase stands in
    sentence: tuple[str, int] = ("", -1)
    #: whose dead the group names: "fighters" (militants, rebels), "others"
    #: (soldiers, police, civilians) or "" (people, unnamed)
    party: str = ""
    #: the victims open a clause of their own joined by "and" to the sentence's
    #: first: "four were killed and two injured, and a woman was hurt"
    joined: bool = False


@dataclass(slots=True)  # not frozen: built per item (see decision.py)
class Figures:
    """The item's killed and wounded figures and the phrases behind them."""

    killed: int | None = None
    wounded: int | None = None
    evidence: tuple[Evidence, ...] = ()


def extract_figures(harms: Sequence[Harm]) -> Figures:
    """Figures for the item whose valid harm mentions are `harms`."""
    harms = harms[:MAX_HARMS]
    roles_found = {h.hit.role for h in harms}
    # "14 victims" are the dead when the item reports deaths and no injuries
    dead = roles.KILLED in roles_found and roles.WOUNDED not in roles_found
    died = _died_of_wounds(harms)
    found = [
        p
        for harm in harms
        if (p := _phrase(harm, dead)) is not None
        and not (died and p.kind == "wounded" and (id(harm.scan), harm.hit.sentence) in died)
    ]
    found = _without_nested(found)
    _add_joined(found)
    killed = [p for p in found if p.kind == "killed"]
    wounded = [p for p in found if p.kind == "wounded"]
    # an earlier event's toll counts only when it is the only figure the item
    # gives: "strikes killed 21, answering an attack that wounded one"
    own = any(p.tally not in _PAST for p in found)
    return Figures(_total(killed, own), _total(wounded, own), tuple(p.evidence for p in found))


def _without_nested(found: list[Phrase]) -> list[Phrase]:
    """'returns 40 bodies of Azerbaijani soldiers killed': a phrase with no number
    inside a counted phrase of its kind is that phrase's own words (here "bodies
    of Azerbaijani soldiers"), not a second, vague toll."""
    if all(p.value is not None for p in found):
        return found  # most items: nothing vague to drop
    return [p for p in found if p.value is not None or not any(_inside(p, q) for q in found)]


def _inside(inner: Phrase, outer: Phrase) -> bool:
    """Whether `outer` counts a toll of `inner`'s kind whose words hold `inner`'s."""
    a, b = inner.evidence, outer.evidence
    if outer.value is None or outer.kind != inner.kind or a.field != b.field:
        return False
    return b.start <= a.start and a.end <= b.end


def _total(found: Sequence[Phrase], own: bool) -> int | None:
    """The event's toll; a cumulative or earlier toll only when it is the only
    one (`own`: whether the item gives any toll of its own event)."""
    event = [p for p in found if p.tally not in _PAST]
    if own and found and all(p.tally == "earlier" for p in found):
        return None
    # a toll of the event ("the death toll from the strike rose to 40") is the
    # event's figure beside a war's ("7,000 civilians killed since the invasion")
    found = event or found
    if _vague_headline(found):
        # "Dozens of soldiers found executed" over "the corpses of 50 soldiers"
        found = [p for p in found if p.evidence.field != "title"]
        event = [p for p in event if p.evidence.field != "title"]
    elif _definite_headline(found):
        # "Ten soldiers killed in a week" over "several soldiers have been killed"
        found = [p for p in found if p.value is not None]
        event = [p for p in event if p.value is not None]
    if not found or any(p.value is None for p in found):
        return None
    if not event:
        return max(p.value or 0 for p in found)
    total = _with_contrasts(found, _two_sides(found))
    totals = [p for p in found if p.tally in _TOTALS]
    sides = {p.value or 0 for p in found if p.tally == "side" and not _body_counted(p, totals)} - {
        total
    }
    if sum(sides) == total:
        sides = set()
    close = _restated(totals, total, sides)
    if close:
        # "more than 800 soldiers' bodies" rounds "the remains of 802": one toll
        total, sides = max(close), sides - close
    extras = {p.value or 0 for p in found if p.tally == "extra"}
    if _running_toll(found, total):
        extras = set()  # "the death toll rose to 569 ... four medics were also killed"
    return total + sum(sides) + sum(extras)


def _running_toll(found: Sequence[Phrase], total: int) -> bool:
    """Whether the total is a death toll's figure ("the toll rose to 40"), which
    counts everyone the item tells of, those "also killed" among them."""
    return any(p.toll and p.value == total and p.tally in _TOTALS for p in found)


def _two_sides(found: Sequence[Phrase]) -> int:
    """The largest toll, or the fighters' and their foes' tolls added when
    the item counts each apart ("two soldiers were martyred and five
    militants were killed" is seven; "12 killed" beside them still stands)."""
    totals = [p for p in found if p.tally in _TOTALS]
    largest = max((p.value or 0 for p in totals), default=0)
    fighters = max((p.value or 0 for p in totals if p.party == "fighters"), default=0)
    others = max((p.value or 0 for p in totals if p.party == "others"), default=0)
    return max(largest, fighters + others)


def _with_contrasts(found: Sequence[Phrase], total: int) -> int:
    """'killed 15 terrorists while two soldiers were martyred' is one toll of
    17; a larger toll told elsewhere ("33 killed over the past week") still
    includes it."""
    for contrast in (p for p in found if p.tally == "contrast"):
        own = (
            p.value or 0 for p in found if p.tally in _TOTALS and p.sentence == contrast.sentence
        )
        total = max(total, max(own, default=0) + (contrast.value or 0))
    return total


def _restated(totals: Sequence[Phrase], total: int, sides: set[int]) -> set[int]:
    """The side tolls that a rounded total ("more than 800", "nearly 90")
    restates: within a tenth of it."""
    if not any(p.value == total and _ROUNDED.search(p.evidence.text.lower()) for p in totals):
        return set()
    return {side for side in sides if abs(side - total) * 10 <= total}


def _body_counted(side: Phrase, totals: Sequence[Phrase]) -> bool:
    """'five militants and two soldiers were killed ... the body of a militant
    was sighted': the body of one of a larger group already counted."""
    if side.evidence.rule != "figure.bodies":
        return False
    noun, value = side.evidence.text.lower().split()[-1], side.value or 0
    return any(noun in t.evidence.text.lower() and (t.value or 0) > value for t in totals)


def _died_of_wounds(harms: Sequence[Harm]) -> set[tuple[int, int]]:
    """Sentences where the wounded died: 'one of two hostages injured in the
    raid died of his injuries' counts one dead, not one wounded as well."""
    return {
        (id(h.scan), h.hit.sentence)
        for h in harms
        if h.hit.role == roles.KILLED and h.scan.text(h.hit).endswith(_WOUNDS)
    }


def _vague_headline(found: Sequence[Phrase]) -> bool:
    """A title that rounds a toll to "dozens" or "scores" while the summary
    gives it definitely: the summary's figure is the toll."""
    title = [p for p in found if p.evidence.field == "title"]
    summary = [p for p in found if p.evidence.field != "title"]
    if not title or not summary or any(p.value is not None for p in title):
        return False
    if any(p.value is None for p in summary):
        return False
    # the summary's figure must be one the vague word can round: "dozens" is 24 or
    # more; the word may stand after the verb too: "kill dozens in village attack"
    words = [word for p in title for word in p.evidence.text.lower().split()]
    if not any(patterns.VAGUE.fullmatch(word) for word in words):
        return True  # "kills Pakistani soldiers": people the title does not count
    least = max((_VAGUE_LEAST.get(word, 0) for word in words), default=0)
    return least > 0 and max(p.value or 0 for p in summary) >= least


def _definite_headline(found: Sequence[Phrase]) -> bool:
    """A title that counts the toll while the summary tells it vaguely: the
    summary's "several" or "dozens" retells the title's figure."""
    title = [p for p in found if p.evidence.field == "title"]
    if not title or any(p.value is None for p in title):
        return False
    vague = [p for p in found if p.value is None and p.evidence.field != "title"]
    # victims added with "also" are more than the title counted
    return bool(vague) and all(p.tally != "extra" for p in vague)


def _phrase(harm: Harm, victims_dead: bool) -> Phrase | None:
    kind = _KINDS.get(harm.hit.role)
    if kind is None and _dead_victims(harm, victims_dead):
        kind = "killed"
    found = phrases.find(harm.scan, harm.hit) if kind and not _adjective(harm) else None
    if kind == "killed" and found is None:
        return _own_death(harm)
    if kind is None or found is None:
        return None
    if found.value == 1 and harm.scan.text(harm.hit) in _PLURAL_HARM_NOUNS and found.rule != "name":
        # "mass civilian deaths", "more jail deaths": a person word as an adjective
        return None
    match = found.match
    start, end = min(match.start(), harm.hit.start), max(match.end(), harm.hit.end)
    evidence = text_span(harm.scan, kind, start, end, f"figure.{found.rule}")
    where = (harm.scan.field.name, harm.hit.sentence)
    tally, party = _tally(harm, found), _party(found.match.group("groups"))
    joined = found.rule == "before_verb" and _joined(harm.scan.field.low, start)
    return Phrase(kind, found.value, tally, evidence, found.rule == "toll", where, party, joined)


def _joined(low: str, start: int) -> bool:
    """Whether ", and" stands right before the phrase at `start`."""
    return _JOINED.search(low, max(0, start - JOINED_CHARS), start) is not None


def _add_joined(found: Sequence[Phrase]) -> None:
    """'four soldiers were killed and two injured, and a woman was hurt': victims
    of the same kind in a clause joined to an earlier one of the sentence are
    more victims, not the toll retold."""
    for phrase in found:
        if phrase.joined and phrase.tally == "total" and _earlier_in_sentence(phrase, found):
            phrase.tally = "extra"


def _earlier_in_sentence(phrase: Phrase, found: Sequence[Phrase]) -> bool:
    """Whether a counted phrase of the same kind ends before `phrase` in its sentence."""
    return any(
        p.kind == phrase.kind
        and p.sentence == phrase.sentence
        and p.value is not None
        and p.evidence.end <= phrase.evidence.start
        for p in found
    )


def _party(groups: str) -> str:
    """Whose dead a group is: armed fighters, the forces or civilians they
    fight, or either (a mixed group, "people")."""
    words = set(groups.split())
    fighters, others = bool(words & _ARMED_GROUPS), bool(words & _THEIR_FOES)
    if fighters == others:
        return ""
    return "fighters" if fighters else "others"


def _own_death(harm: Harm) -> Phrase | None:
    """'an attacker killed two people before being shot dead': the one who
    attacked, killed in turn, is one more dead beside the victims."""
    low, hit = harm.scan.field.low, harm.hit
    own = _OWN_DEATH.search(low, max(0, hit.start - MARKER_CHARS * 2), hit.start)
    if own is None:
        return None
    evidence = text_span(harm.scan, "killed", own.start(), hit.end, "figure.own_death")
    return Phrase("killed", 1, "extra", evidence, False, (harm.scan.field.name, hit.sentence))


def _dead_victims(harm: Harm, victims_dead: bool) -> bool:
    """'14 victims' in an item of deaths only, or '115 victims and 560 wounded'."""
    if harm.scan.text(harm.hit) not in patterns.VICTIMS_WORDS:
        return False
    return victims_dead or _BESIDE_WOUNDED.match(harm.scan.field.low, harm.hit.end) is not None


def _adjective(harm: Harm) -> bool:
    """'the killing of a wounded Iraqi': a wound word describing someone."""
    low, hit = harm.scan.field.low, harm.hit
    return hit.role == roles.WOUNDED and low[max(0, hit.start - 4) : hit.start].endswith(_ARTICLES)


def _tally(harm: Harm, found: Found) -> Tally:
    """Whether the phrase is the item's toll, a side's toll or extra victims."""
    low, match = harm.scan.field.low, found.match
    groups = match.group("groups")
    words = set(groups.split())
    if words & patterns.ATTACKERS or _fighters_in_the_shootout(low, words, match, harm):
        return "extra"
    if "also" in low[match.end("groups") : harm.hit.start].split():
        return "extra"
    if groups.split()[:1] == ["another"]:
        return "extra"  # "one was stabbed and another shot and wounded"
    if found.rule == "before_verb" and _contrasted(low, match.start("groups")):
        return "contrast"
    if patterns.BACKGROUND.match(low, match.end()) is not None or _span_opening(harm, match):
        return "background"
    if found.value is None and _SPAN_OF_DAYS.match(low, match.end()) is not None:
        # "scores die in three days of attacks": a vague toll of several days
        # (a counted one, "30 killed in two days", is still the item's total)
        return "background"
    if _SPAN_OF_MONTHS.match(low, match.end()) is not None:
        return "background"
    if _earlier_cause(low, match.start("groups"), harm.hit.start):
        return "earlier"
    if _other_event(harm, match):
        # "five killed in one strike, while another strike killed four": both
        # strikes are the news its sentence reports; a vague or separate one is not
        if found.value is not None and _while_another(low, match):
            return "contrast"
        return "background"
    if found.rule == "after_verb" and _after_subject(low, harm.hit.start, words):
        # another time's toll, yet the item's figure when it gives no other
        return "background"
    if found.rule in ("after_verb", "lives") and _war_as_killer(low, harm.hit.start, match):
        return "background"
    if found.rule == "toll" and _war_toll(low, harm.hit.start):
        return "background"
    if _a_day_after(low, match.start("groups")) and not words & patterns.ADDED:
        return "earlier"
    padded = f" {' '.join(groups.split())} "
    if found.rule in ("loss", "bodies") or patterns.OWN_SIDE_WORD.search(padded):
        return "side"
    return "side" if _after_marker(low, match.start("groups"), words) else "total"


def _span_opening(harm: Harm, match: re.Match[str]) -> bool:
    """'Since the beginning of 2010, ..., 123 militants have been killed': the
    group's sentence opens on the span its toll is counted over."""
    sentence = harm.scan.sentence_starts[harm.hit.sentence]
    return _SPAN_OPENING.match(harm.scan.field.low, sentence, match.start("groups")) is not None


def _fighters_in_the_shootout(low: str, words: set[str], match: re.Match[str], harm: Harm) -> bool:
    """'killing four police ... two insurgents were killed in the shootout': the
    attackers, killed in the fight their attack began, beside their victims."""
    if not words & _FIGHTERS or words & _FORCES:
        return False
    return _IN_THE_FIGHT.match(low, max(match.end(), harm.hit.end)) is not None


def _contrasted(low: str, groups: int) -> bool:
    """'killed 15 terrorists while two soldiers were martyred': the group opens
    a "while" clause (a substring test first: few phrases have one)."""
    head = low[max(0, groups - 10) : groups]
    return ("while" in head or "whereas" in head) and _CONTRAST.search(head) is not None


def _earlier_cause(low: str, groups: int, harm: int) -> bool:
    """'the first reaction to the deaths of 78 Muslims', 'arresting a leader held
    responsible for a bombing that killed 16': an earlier event's toll, named
    as the cause of this one or as what someone is blamed for."""
    begin = max(0, min(groups, harm) - CAUSE_CHARS)
    return (
        _CAUSE_DEATHS.search(low, begin, groups) is not None
        or _BLAMED_FOR.search(low, begin, harm) is not None
        or _ANSWERED.search(low, begin, harm) is not None
    )


def _other_event(harm: Harm, match: re.Match[str]) -> bool:
    """'while another attack left dozens dead': a second event's toll, told
    beside the reported one.  "Another attack kills 12" opening a sentence is
    the event itself, one more of a series."""
    low, scan = harm.scan.field.low, harm.scan
    if "separate" not in low and "another" not in low:
        return False
    end = min(match.start("groups"), harm.hit.start)
    sentence = scan.sentence_starts[harm.hit.sentence]
    found = _OTHER_EVENT.search(low, max(sentence, end - CAUSE_CHARS), end)
    if found is None:
        return False
    return "separate" in found.group() or bool(low[sentence : found.start()].strip())


def _while_another(low: str, match: re.Match[str]) -> bool:
    """'..., while another strike on Aita killed four': the second event of a
    sentence that counts both (a substring test first: few phrases have one)."""
    begin = max(0, match.start() - CAUSE_CHARS)
    head = low[begin : match.start("groups")]
    return "another" in head and _WHILE_ANOTHER.search(head) is not None


def _war_as_killer(low: str, harm: int, match: re.Match[str]) -> bool:
    """'the war has killed over 10,000 civilians', 'the conflict has claimed 5,000
    lives': a war's cumulative toll, whose killer is the war itself."""
    verb = min(harm, match.start())
    return _WAR_SUBJECT.search(low, max(0, verb - MARKER_CHARS * 2), verb) is not None


def _war_toll(low: str, toll: int) -> bool:
    """'as the war death toll nears 40,000', 'the overall toll': a war's
    cumulative toll, not the event's."""
    return _WAR_TOLL.search(low, max(0, toll - MARKER_CHARS), toll) is not None


def _after_subject(low: str, verb: int, words: set[str]) -> bool:
    """'a day after rebels killed scores of troops': the verb of a clause that
    "after" opens tells an earlier event (but not 'after gunmen killed 12 more')."""
    head = low[max(0, verb - AFTER_SUBJECT_CHARS) : verb]
    if "after" not in head and "following" not in head:
        return False
    return _AFTER_SUBJECT.search(head) is not None and not words & patterns.ADDED


def _a_day_after(low: str, start: int) -> bool:
    """'five soldiers shot dead, a day after three villagers were killed': a
    toll told a span of time after its own event is another day's toll."""
    head = low[max(0, start - MARKER_CHARS) : start]
    return "after" in head and _SPAN_AFTER.search(head) is not None


def _after_marker(low: str, start: int, words: set[str]) -> bool:
    """'bodies of 19 servicemen', 'strikes Gaza after two soldiers killed'
    (but not 'after 12 more killed', which adds to the toll)."""
    begin = max(0, start - MARKER_CHARS)
    if " of" in low[begin:start] and patterns.BODIES_BEFORE.search(low, begin, start):
        return True
    earlier = patterns.EARLIER_EVENT.search(low, begin, start) is not None
    return earlier and not words & patterns.ADDED
