"""Which casualty figures of an item in another language count: killed and wounded
words joined in one toll count neither ("مقتل وإصابة 20"); a cumulative or earlier
toll ("с начала войны", "ранее") only when the item gives no other, unless the span
it names is the event's own ("с начала суток"); a wounded person who died counts
killed only; the attackers' own toll ("57 jihadistes", "morts dans les rangs des
jihadistes") is added to their victims'."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import pairwise
from typing import NamedTuple

from bot.classify.foreign_fields import FieldHits
from bot.classify.foreign_numbers import FIGURE_REACH, is_one, listed_in, number_word, ordinal
from bot.classify.stems import Hit
from bot.classify.tokens import Token
from bot.models import Evidence

#: the category of armed men whose own toll is added to their victims' ("57 jihadistes")
ATTACKERS = "attacker"


class Candidate(NamedTuple):
    """One figure read: whether it looks back (cumulative or earlier), whether
    it counts attackers, its value and its span."""

    back: bool
    attackers: bool
    number: int
    evidence: Evidence
    #: a round number ("une vingtaine"), which a precise one near it restates
    rounded: bool = False
    #: a side's toll told in a sentence of its own ("Côté militaire, …"), not attackers'
    side: bool = False


def joined_tolls(field: FieldHits, harms: Sequence[Hit]) -> frozenset[Hit]:
    """Killed and wounded words joined into one toll, counted right before them or
    just after them ("20 tués et blessés", "مقتل وإصابة 20", "убитыми и ранеными 40"):
    the number counts both, so neither gets it; not a verb with a count of its own
    before it ("لقي خمسة جنود مصرعهم وأصيب خمسة آخرون")."""
    tokens, joins = field.tokens, field.lexicon.joins
    found: set[Hit] = set()
    for one, other in pairwise(harms):
        if one.role == other.role or tokens[one.first].clause != tokens[other.first].clause:
            continue
        gap = other.first - one.last
        conjoined = gap == 1 and and_joined(tokens[other.first], field.lexicon.language)
        joined = conjoined or (gap == 2 and tokens[one.last + 1].norm in joins)
        # "شهيدان وأصيب 6": a word that counts itself is no share of the number after
        if joined and own_count(field, one) is None and _counted_together(field, one, other):
            found.update((one, other))
    return frozenset(found)


#: words around a joined pair of victim words read for the number they share
PAIR_REACH = 3


def _counted_together(field: FieldHits, one: Hit, other: Hit) -> bool:
    """One number for the pair: right before it, or just after it with none
    before it ("636 قتيلا وإصابة 4040 آخرين" gives each its own)."""
    clause = field.tokens[one.first].clause

    def counted(at: int) -> bool:
        if not 0 <= at < len(field.tokens) or field.tokens[at].clause != clause:
            return False
        token = field.tokens[at]
        return token.number is not None or number_word(field.lexicon, token) is not None

    after = any(map(counted, range(other.last + 1, other.last + 1 + PAIR_REACH)))
    if counted(one.first - 1):
        return not after
    return after and not any(map(counted, range(one.first - FIGURE_REACH, one.first)))


def own_count(field: FieldHits, hit: Hit) -> tuple[int, int] | None:
    """The count a victim word is by itself: a dual ("قتيلان") or a singular
    ("شهيد ومصاب", "є загиблий")."""
    lexicon, tokens = field.lexicon, field.tokens
    for index in range(hit.first, hit.last + 1):
        value = number_word(lexicon, tokens[index])
        if value is not None:
            return value, index
        if listed_in(lexicon, tokens[index].norm, lexicon.single):
            return 1, index
    return None


#: the category of words after which a sentence tells an earlier toll ("Ранее", "plus tôt")
EARLIER = "earlier"


def looks_back(field: FieldHits) -> Callable[[Hit], bool]:
    """Whether a victim word gives a cumulative toll (in a clause that names one,
    "с начала войны", or after it in its sentence) or an earlier one (after
    "ранее", "plus tôt", "قبل أيام" in its sentence), which count only when the
    item gives no other."""
    tokens = field.tokens
    markers = [
        (m, m.category == EARLIER) for m in field.having("cumulative") if not _event_span(field, m)
    ]

    def covers(marker: Hit, earlier: bool, hit: Hit) -> bool:
        if field.sentence(marker) != field.sentence(hit):
            return False
        if earlier:
            return marker.last < hit.first
        return tokens[marker.first].clause <= tokens[hit.first].clause

    return lambda hit: any(covers(m, earlier, hit) for m, earlier in markers)


#: the category of markers of a toll the event raises ("ما يرفع حصيلة القتلى إلى")
RAISED = "raised_toll"
#: words after a cumulative or earlier marker read for the span it names
SPAN_REACH = 3


def _event_span(field: FieldHits, marker: Hit) -> bool:
    """ "С начала суток", "منذ بدء القصف", "في وقت سابق من اليوم": the marker
    names the span of the event itself, not a war's or an earlier one; a toll
    raised ("يرفع حصيلة قتلى الغارات") names its toll after it, no span."""
    if marker.category == RAISED:
        return False
    own = field.lexicon.same_day if marker.category == EARLIER else field.lexicon.own_span
    following = field.tokens[marker.last + 1 : marker.last + 1 + SPAN_REACH]
    return any(t.norm.startswith(stem) for t in following for stem in own)


class Read(NamedTuple):
    """A candidate, the victim word it was read for and the word it was counted on (`at`)."""

    hit: Hit
    at: int
    candidate: Candidate


#: the category of killed words that say a wounded person died ("скончался", "succombé")
SUCCUMBED = "succumbed"


def apart(field: FieldHits, read: dict[str, list[Read]]) -> dict[str, list[Candidate]]:
    """The candidates of each kind, less a wounded person who died: counted on
    the word a killed one is ("женщина с ранениями умерла"), or one wounded
    before a word saying they died, in its sentence ("мужчина получил ранения,
    спасти его не удалось"), which then counts them killed."""
    tokens = field.tokens
    # a person, or the rank of one ("умер третий пострадавший"), counted dead
    dead = {
        r.at
        for r in read["killed"]
        if is_one(field.lexicon, tokens[r.at].norm)
        or (tokens[r.at].number is None and ordinal(field.lexicon, tokens[r.at].norm))
    } | set(_one_counted_dead(field, read["killed"]))
    counted = {r.hit for r in read["killed"]}
    # "ещё один скончался": someone else died
    later = [h for h in field.having_category(SUCCUMBED) if not _after_also(field, h)]
    killed = [r.candidate for r in read["killed"]]
    wounded = []
    for r in read["wounded"]:
        one = r.candidate.number == 1
        died = next((h for h in later if one and _later_in_sentence(field, h, r.hit)), None)
        if died is None and r.at not in dead:
            wounded.append(r.candidate)
        elif died is not None and died not in counted:
            evidence = field.evidence("killed", died, "a wounded person who died")
            killed.append(r.candidate._replace(number=1, evidence=evidence))
    return {"killed": killed, "wounded": wounded}


def _one_counted_dead(field: FieldHits, killed: list[Read]) -> Iterator[int]:
    """ "Померла ще одна людина, яка зазнала поранень": one person counted dead, the
    number and the person word both, which a relative clause of wounds may name."""
    tokens = field.tokens
    for r in killed:
        after = r.at + 1
        counted = number_word(field.lexicon, tokens[r.at]) == 1  # "одна", not "житель"
        if counted and after < len(tokens) and is_one(field.lexicon, tokens[after].norm):
            yield from (r.at, after)


def _after_also(field: FieldHits, hit: Hit) -> bool:
    """ "Ещё один скончался", "ещё скончался": an "also" word just before the hit."""
    before = field.tokens[max(0, hit.first - 2) : hit.first]
    return any(t.norm in field.lexicon.also for t in before)


def _later_in_sentence(field: FieldHits, later: Hit, hit: Hit) -> bool:
    return later.first > hit.last and field.sentence(later) == field.sentence(hit)


def attackers_toll(
    field: FieldHits, index: int, hit: Hit, attackers: set[int], others: frozenset[int]
) -> bool:
    """A number of armed men ("57 jihadistes", "64 combattants jihadistes"), one
    of them counted by the victim word itself ("أسقط المنفذ قتيلا"), or victims
    named on their side ("200 morts dans les rangs des jihadistes", "du côté des
    assaillants, un mort")."""
    tokens = field.tokens
    named = index + 1 in attackers
    if index + 2 in attackers and tokens[index + 2].clause == tokens[index].clause:
        named = named or index + 1 not in range(hit.first, hit.last + 1)
    own = hit.first <= index <= hit.last and hit.first - 1 in attackers
    return named or own or _their_side(field, hit, attackers, others)


#: words after a victim word that may stand before a side word ("morts dans les rangs")
SIDE_REACH = 3
#: words before a victim word that a side named first may stand ("Du côté des
#: assaillants, on n'a enregistré qu'un mort")
SIDE_BEFORE = 8


def _their_side(field: FieldHits, hit: Hit, attackers: set[int], others: frozenset[int]) -> bool:
    """ "200 morts dans les rangs des jihadistes", "في صفوف المسلحين", "Du côté des
    assaillants, un mort": the victims are the armed men named after a side word,
    or before it with no other victim word between or just before the side word,
    whose toll is added to the others'."""
    tokens, sides = field.tokens, field.lexicon.sides
    for at in range(hit.last + 1, min(len(tokens), hit.last + 1 + SIDE_REACH)):
        if tokens[at].clause != tokens[hit.first].clause:
            break
        if listed_in(field.lexicon, tokens[at].norm, sides):
            return bool({at + 1, at + 2} & attackers)
    sentence = tokens[hit.first].sentence
    for at in range(hit.first - 1, max(-1, hit.first - 1 - SIDE_BEFORE), -1):
        if tokens[at].sentence != sentence or at in others:
            break
        if listed_in(field.lexicon, tokens[at].norm, sides) and {at + 1, at + 2} & attackers:
            # "30 morts dans les rangs des jihadistes, deux soldats tués": that word's side
            return not any(i in others for i in range(at - SIDE_REACH, at))
    return False


def best(candidates: list[Candidate]) -> tuple[int | None, Evidence | None]:
    """The largest figure of the event, plus the attackers' own toll ("tuer 57
    jihadistes… perdu huit soldats"); a cumulative or earlier one only when
    there is no other."""
    event = [c for c in candidates if not c.back] or candidates
    if not event:
        return None, None
    return _largest(event)


def _largest(event: list[Candidate]) -> tuple[int, Evidence]:
    victims = [c for c in event if not c.attackers] or event
    kept = [c for c in victims if not _restated(c, victims)]
    largest = max(kept, key=lambda c: c.number)
    theirs = [c.number for c in event if c.attackers and victims is not event]
    # a side's toll equal to the largest restates it ("12 morts… Côté militaire, 12 morts")
    theirs = [n for n in theirs if n != largest.number] if _sides_only(event) else theirs
    return largest.number + max(theirs, default=0), largest.evidence


def _sides_only(event: list[Candidate]) -> bool:
    return all(c.side for c in event if c.attackers)


#: the share of a round number that a precise figure restating it reaches
RESTATES = 0.75


def _restated(candidate: Candidate, victims: list[Candidate]) -> bool:
    """ "Une vingtaine de morts… au moins 19 personnes tuées": a round number
    that a precise figure near it (three quarters of it or more) restates
    exactly; "une trentaine de personnes, dont quinze militaires" keeps 30."""
    if not candidate.rounded:
        return False
    low = candidate.number * RESTATES
    return any(not c.rounded and low <= c.number for c in victims)


def and_joined(token: Token, language: str) -> bool:
    """An Arabic word joined by "and" ("وإصابة"): the number before it is the
    previous victim word's."""
    return language == "ar" and token.norm[:1] in ("و", "ف")
