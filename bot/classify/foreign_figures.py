"""Casualty figures of an item in another language (figures.py's rules in brief): the
number nearest a killed or wounded word in its clause, unless it counts the next victim
word or is no count of people (a year, an age "44-", a measure, a name "Су-34", a vague
"une dizaine"); plus the groups joined to it ("trois soldats et deux civils"), plus the
toll before it in its sentence when "also" adds victims ("ещё один"); a singular victim
word counts one ("є загиблий"), and a list of them one each ("мужчина и женщина"); a toll
noun takes the number its verb puts far away ("число погибших выросло до 14"), "N others"
counts the next victim word ("et 130 autres blessés"); the largest per kind, plus the
attackers' own toll ("57 jihadistes"); a cumulative toll of the war, or an earlier one
("ранее", "plus tôt"), only when the item gives no other (a total of the event,
"всего", "au total", is no such toll). Killed and wounded joined in one toll ("مقتل
وإصابة 20") give neither figure; a breakdown ("dont huit enfants", "в том числе") is
no toll, and the toll before it counts the verb after it; "N morts dans les rangs des
jihadistes" is the attackers' own toll, but groups of both summed are no side's; one
person wounded who then died ("спасти его не удалось", "a succombé") is killed, not
wounded."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from itertools import pairwise, zip_longest
from typing import NamedTuple

from bot.classify.foreign_fields import FieldHits
from bot.classify.stems import Hit, StemLexicon
from bot.classify.tokens import Token, variants
from bot.models import Evidence

#: words between a number and the killed or wounded word it counts
FIGURE_REACH = 5
#: numbers that are years, not tolls, when nothing says they count people
YEARS = range(1900, 2101)
#: number words from this value up multiply the number before them ("4,1 тыс.")
THOUSAND = 1000


#: the category of armed men whose own toll is added to their victims' ("57 jihadistes")
ATTACKERS = "attacker"


class Candidate(NamedTuple):
    """One figure read: whether it looks back (cumulative or earlier), whether
    it counts attackers, its value and its span."""

    back: bool
    attackers: bool
    number: int
    evidence: Evidence


def figures(fields: Sequence[FieldHits]) -> tuple[int | None, int | None, list[Evidence]]:
    """Killed and wounded figures, and the spans that gave them."""
    found: dict[str, list[Candidate]] = {"killed": [], "wounded": []}
    for field in fields:
        looking_back = _looking_back(field)
        attackers = {h.first for h in field.having_category(ATTACKERS)}
        harms = field.victims("killed", "wounded")
        combined = _combined(field, harms)
        #: per kind and sentence, the toll that an "also" figure adds to
        before: dict[tuple[str, int], int] = {}
        #: per kind, the candidates read, with the word each was counted on
        read: dict[str, list[Read]] = {"killed": [], "wounded": []}
        for hit in harms:
            others = frozenset(i for h in harms if h != hit for i in range(h.first, h.last + 1))
            value = (
                _own_count(field, hit) if hit in combined else _nearest_number(field, hit, others)
            )
            if value is None:
                continue
            number, index = value
            evidence = _figure_evidence(field, hit, field.tokens[index], hit.role)
            groups = 0
            if index != hit.first or field.tokens[index].number is not None:
                groups = _joined(field, index, hit, others)
            number += groups
            key = (hit.role, field.sentence(hit))
            added = key in before and _added(field, index, hit)
            number += before[key] if added else 0
            before[key] = number
            # a total of groups joined ("deux soldats et 64 jihadistes") is no side's own
            side = not added and not groups and _attackers_toll(field, index, hit, attackers)
            candidate = Candidate(looking_back(hit), side, number, evidence)
            read[hit.role].append(Read(hit, index, candidate))
        for kind, candidates in _apart(field, read).items():
            found[kind].extend(candidates)
    killed, k_evidence = _best(found["killed"])
    wounded, w_evidence = _best(found["wounded"])
    return killed, wounded, [e for e in (k_evidence, w_evidence) if e is not None]


def _combined(field: FieldHits, harms: Sequence[Hit]) -> frozenset[Hit]:
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
        conjoined = gap == 1 and _conjoined(tokens[other.first], field.lexicon.language)
        joined = conjoined or (gap == 2 and tokens[one.last + 1].norm in joins)
        if joined and _counted_together(field, one, other):
            found.update((one, other))
    return frozenset(found)


#: words around a joined pair of victim words read for the number they share
PAIR_REACH = 3


def _counted_together(field: FieldHits, one: Hit, other: Hit) -> bool:
    clause = field.tokens[one.first].clause

    def counted(at: int) -> bool:
        if not 0 <= at < len(field.tokens) or field.tokens[at].clause != clause:
            return False
        token = field.tokens[at]
        return token.number is not None or _number_word(field.lexicon, token) is not None

    if counted(one.first - 1):
        return True
    before = range(one.first - FIGURE_REACH, one.first)
    after = range(other.last + 1, other.last + 1 + PAIR_REACH)
    return not any(map(counted, before)) and any(map(counted, after))


def _own_count(field: FieldHits, hit: Hit) -> tuple[int, int] | None:
    """The count a victim word is by itself: a dual ("قتيلان") or a singular
    ("شهيد ومصاب", "є загиблий")."""
    lexicon, tokens = field.lexicon, field.tokens
    for index in range(hit.first, hit.last + 1):
        value = _number_word(lexicon, tokens[index])
        if value is not None:
            return value, index
        if _listed_in(lexicon, tokens[index].norm, lexicon.single):
            return 1, index
    return None


#: the category of words after which a sentence tells an earlier toll ("Ранее", "plus tôt")
EARLIER = "earlier"


def _looking_back(field: FieldHits) -> Callable[[Hit], bool]:
    """Whether a victim word gives a cumulative toll (in a clause that names one,
    "с начала войны", or after it in its sentence) or an earlier one (after
    "ранее", "plus tôt", "قبل أيام" in its sentence), which count only when the
    item gives no other."""
    tokens = field.tokens
    markers = [(m, m.category == EARLIER) for m in field.having("cumulative") if not _own(field, m)]

    def covers(marker: Hit, earlier: bool, hit: Hit) -> bool:
        if field.sentence(marker) != field.sentence(hit):
            return False
        if earlier:
            return marker.last < hit.first
        return tokens[marker.first].clause <= tokens[hit.first].clause

    return lambda hit: any(covers(m, earlier, hit) for m, earlier in markers)


#: words after a cumulative or earlier marker read for the span it names
SPAN_REACH = 3


def _own(field: FieldHits, marker: Hit) -> bool:
    """ "С начала суток", "منذ بدء القصف", "في وقت سابق من اليوم": the marker
    names the span of the event itself, not a war's or an earlier one."""
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


def _apart(field: FieldHits, read: dict[str, list[Read]]) -> dict[str, list[Candidate]]:
    """The candidates of each kind, less a wounded person who died: counted on
    the word a killed one is ("женщина с ранениями умерла"), or one wounded
    before a word saying they died, in its sentence ("мужчина получил ранения,
    спасти его не удалось"), which then counts them killed."""
    tokens = field.tokens
    dead = {r.at for r in read["killed"] if _is_one(field.lexicon, tokens[r.at].norm)}
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


def _after_also(field: FieldHits, hit: Hit) -> bool:
    """ "Ещё один скончался", "ещё скончался": an "also" word just before the hit."""
    before = field.tokens[max(0, hit.first - 2) : hit.first]
    return any(t.norm in field.lexicon.also for t in before)


def _later_in_sentence(field: FieldHits, later: Hit, hit: Hit) -> bool:
    return later.first > hit.last and field.sentence(later) == field.sentence(hit)


def _attackers_toll(field: FieldHits, index: int, hit: Hit, attackers: set[int]) -> bool:
    """A number of armed men ("57 jihadistes", "64 combattants jihadistes"), or
    victims named on their side ("200 morts dans les rangs des jihadistes")."""
    tokens = field.tokens
    named = index + 1 in attackers
    if index + 2 in attackers and tokens[index + 2].clause == tokens[index].clause:
        named = named or index + 1 not in range(hit.first, hit.last + 1)
    return named or _their_side(field, hit, attackers)


#: words after a victim word that may stand before a side word ("morts dans les rangs")
SIDE_REACH = 3


def _their_side(field: FieldHits, hit: Hit, attackers: set[int]) -> bool:
    """ "200 morts dans les rangs des jihadistes", "في صفوف المسلحين": the victims
    are the armed men named after a side word, whose toll is added to the others'."""
    tokens, sides = field.tokens, field.lexicon.sides
    for at in range(hit.last + 1, min(len(tokens), hit.last + 1 + SIDE_REACH)):
        if tokens[at].clause != tokens[hit.first].clause:
            return False
        if _listed_in(field.lexicon, tokens[at].norm, sides):
            return bool({at + 1, at + 2} & attackers)
    return False


def _best(candidates: list[Candidate]) -> tuple[int | None, Evidence | None]:
    """The largest figure of the event, plus the attackers' own toll ("tuer 57
    jihadistes… perdu huit soldats"); a cumulative or earlier one only when
    there is no other."""
    event = [c for c in candidates if not c.back] or candidates
    if not event:
        return None, None
    victims = [c for c in event if not c.attackers] or event
    best = max(victims, key=lambda c: c.number)
    theirs = [c.number for c in event if c.attackers and victims is not event]
    return best.number + max(theirs, default=0), best.evidence


def _added(field: FieldHits, index: int, hit: Hit) -> bool:
    """An "also" word right before the number or the victim word ("ещё один",
    "ще двоє", "فيما قتل 5")."""
    also, tokens = field.lexicon.also, field.tokens
    return any(i >= 0 and tokens[i].norm in also for i in (index - 1, hit.first - 1))


def _joined(field: FieldHits, index: int, hit: Hit, others: frozenset[int]) -> int:
    """Victims of other groups joined to the counted one in its clause ("trois
    soldats et deux civils tués", "34 ребенка в Газе и двое детей в Израиле"):
    a number right after a joining word, up to another number or victim word;
    after a number, one person joined counts one ("двое мужчин и молодая женщина")."""
    tokens, joins = field.tokens, field.lexicon.joins
    stop = others | frozenset(range(hit.first, hit.last + 1))
    numeric = (
        tokens[index].number is not None or _number_word(field.lexicon, tokens[index]) is not None
    )
    total = 0
    for step in (1, -1):
        at, seen = index, 0
        while seen < 8:
            at += step
            seen += 1
            if at in stop or not 0 <= at < len(tokens) or tokens[at].clause != tokens[index].clause:
                break
            if tokens[at].norm not in joins:
                if _value(field, at) is not None or tokens[at].number is not None:
                    break
                continue
            number = at + 1 if step == 1 else _number_before(field, at, stop)
            value = None if number is None else _group(field, number, stop)
            if value is None and step == 1 and numeric:
                number = _person_after(field, at, stop)
                value = None if number is None else 1
            if number is None or value is None:
                break
            total += value
            at, seen = number, 0
    return total


def _person_after(field: FieldHits, join: int, stop: frozenset[int]) -> int | None:
    """A word for one person right after a joining word, or after one word
    describing them ("и молодая женщина"), not the subject of a victim word of
    its own ("и женщина ранена")."""
    tokens = field.tokens
    for at in (join + 1, join + 2):
        if at in stop or at >= len(tokens) or tokens[at].clause != tokens[join].clause:
            return None
        if tokens[at].number is not None or _number_word(field.lexicon, tokens[at]) is not None:
            return None
        if _is_one(field.lexicon, tokens[at].norm):
            return None if at + 1 in stop else at
    return None


def _number_before(field: FieldHits, join: int, stop: frozenset[int]) -> int | None:
    for at in range(join - 1, max(-1, join - 4), -1):
        if at in stop or field.tokens[at].clause != field.tokens[join].clause:
            return None
        if _value(field, at) is not None:
            head = _compound_head(field, at)
            # "погибли 2 человека и 3 ранены": the 2 is the other word's
            return None if stop & {head - 1, head - 2} else head
    return None


def _group(field: FieldHits, index: int, stop: frozenset[int]) -> int | None:
    """The number at `index` when it counts a group, not the next victim word."""
    if not 0 <= index < len(field.tokens) or index in stop or index + 1 in stop:
        return None
    if index + 2 in stop and field.tokens[index + 2].clause == field.tokens[index].clause:
        return None
    return _value(field, index)


def _compound_head(field: FieldHits, index: int) -> int:
    """The first word of a compound number ("dix-huit", "двадцать пять")."""
    head = index - 1
    if head >= 0 and _number_word(field.lexicon, field.tokens[head]) is not None:
        own = _number_word(field.lexicon, field.tokens[head])
        if _value(field, head) != own:
            return head
    return index


def _nearest_number(field: FieldHits, hit: Hit, others: frozenset[int]) -> tuple[int, int] | None:
    """The number nearest the hit in its clause (in Arabic, the one right before
    a victim noun, "ثمانية قتلى", then after it first, in its sentence) that does
    not count the next victim word; else the hit's own dual ("أصيبا") or singular
    ("є загиблий"), else a
    word that counts one victim ("a woman")."""
    lexicon, tokens = field.lexicon, field.tokens
    stated = _toll_number(field, hit, others) or _others_before(field, hit, others)
    if stated is not None or _vague(lexicon, tokens, hit):
        return stated
    around = _around(lexicon, tokens, hit, others)
    if lexicon.subsets:
        around = [i for i in around if not _opens_breakdown(field, i)]
        around += _before_breakdown(field, hit, others)
    if lexicon.figure_order == "after" and not _conjoined(tokens[hit.first], lexicon.language):
        around = [i for i in (hit.first - 1,) if i in around] + around
    for index in around:
        if _next_subject(field, hit, index, others):
            continue
        if not _counts_next(field, index, others) and not _not_this(field, index, hit):
            index = _compound_head(field, index)
            value = _value(field, index)
            if value is not None:
                return value, index
    own = _own_count(field, hit)
    if own is not None:
        return own
    for index in around:
        if _is_one(lexicon, tokens[index].norm):
            return _listed(field, index, others), index
    return None


#: words a list of single victims may run on after its first ("مواطن وزوجته… وسيدة")
LIST_REACH = 8


def _listed(field: FieldHits, first: int, others: frozenset[int]) -> int:
    """One victim, and one more for each person joined to it in its clause ("a
    man, his wife and their daughter"), up to a number or another victim word."""
    tokens, lexicon, count = field.tokens, field.lexicon, 1
    for at in range(first + 1, min(len(tokens), first + 1 + LIST_REACH)):
        token = tokens[at]
        if at in others or token.number is not None or token.clause != tokens[first].clause:
            break
        if tokens[at - 1].norm in lexicon.joins:
            count += _is_one(lexicon, token.norm)
        elif lexicon.language == "ar" and token.norm.startswith("و"):
            count += _is_one(lexicon, token.norm[1:])  # "وزوجته", not "فلسطيني"
    return count


def _is_one(lexicon: StemLexicon, norm: str) -> bool:
    return _listed_in(lexicon, norm, lexicon.one)


def _listed_in(lexicon: StemLexicon, norm: str, words: frozenset[str]) -> bool:
    """Whether a word, or in Arabic the word bare of its clitics, is listed."""
    if lexicon.language != "ar":
        return norm in words  # only Arabic words have variants: skip the generator
    return any(w in words for w in variants(norm, lexicon.language))


#: words an "N others" group may stand before its victim word ("19 autres, dont…, blessées")
OTHERS_REACH = 15


def _toll_number(field: FieldHits, hit: Hit, others: frozenset[int]) -> tuple[int, int] | None:
    """A toll ("число пострадавших", "عدد الشهداء"), or a victim word that
    states its number later ("жертвами стали"), and the first number after it in
    its sentence, however far the verb puts it ("…увеличилось до 14")."""
    tokens, tolls = field.tokens, field.lexicon.tolls
    before = variants(tokens[hit.first - 1].norm, field.lexicon.language) if hit.first else ()
    later = tokens[hit.first].norm in field.lexicon.later
    if not later and not any(word in tolls for word in before):
        return None
    for index in range(hit.last + 1, len(tokens)):
        if index in others or tokens[index].sentence != tokens[hit.first].sentence:
            return None
        value = _value(field, index)
        if value is not None:
            return value, index
    return None


def _others_before(field: FieldHits, hit: Hit, others: frozenset[int]) -> tuple[int, int] | None:
    """ "Et 19 autres, dont sept enfants, ont été blessées": a number before an
    "others" word counts the first victim word after it in its sentence."""
    tokens, sentence = field.tokens, field.tokens[hit.first].sentence
    for index in range(hit.first - 2, max(-1, hit.first - OTHERS_REACH), -1):
        if index in others or tokens[index].sentence != sentence:
            return None
        if tokens[index + 1].norm in field.lexicon.others:
            value = _value(field, index)
            return None if value is None else (value, index)
    return None


def _not_this(field: FieldHits, index: int, hit: Hit) -> bool:
    """A number after this victim word that cannot count it: an article not
    before a person ("morts dans une attaque", but "a tué une femme"), or a
    number of "others" (the next victim word's: "27 tués et 130 autres blessés")."""
    tokens, lexicon = field.tokens, field.lexicon
    following = tokens[index + 1].norm if index + 1 < len(tokens) else ""
    if index < hit.first:
        return False
    if tokens[index].norm in lexicon.articles:
        return following not in lexicon.one
    return following in lexicon.others


#: words between a number and the victim word whose subject it is ("п'ять отримали поранення")
SUBJECT_REACH = 3


def _next_subject(field: FieldHits, hit: Hit, index: int, others: frozenset[int]) -> bool:
    """A number after this victim word and a joining word, that a victim word
    after it counts ("загинули та п'ять отримали поранення"): the subject of the
    next verb, not this one's."""
    tokens, joins = field.tokens, field.lexicon.joins
    if index <= hit.last or not any(t.norm in joins for t in tokens[hit.last + 1 : index]):
        return False
    reach = range(index + 1, min(len(tokens), index + 1 + SUBJECT_REACH))
    return any(i in others and tokens[i].clause == tokens[index].clause for i in reach)


def _conjoined(token: Token, language: str) -> bool:
    """An Arabic word joined by "and" ("وإصابة"): the number before it is the
    previous victim word's."""
    return language == "ar" and token.norm[:1] in ("و", "ف")


def _counts_next(field: FieldHits, index: int, others: frozenset[int]) -> bool:
    """A number right before another victim word in its clause counts that word
    ("tués et 18 blessés"), unless the word starts a clause of its own with
    "and" (Arabic "قتل 3 وأصيب 5"); the word after a compound number counts for
    each of its words ("tués et quarante-deux blessés")."""
    tokens = field.tokens
    following = index + 1
    while following < len(tokens) and following not in others:
        if _number_word(field.lexicon, tokens[following]) is None:
            break
        following += 1
    if following not in others or following >= len(tokens):
        return False
    if tokens[following].clause != tokens[index].clause:
        return False
    return not _conjoined(tokens[following], field.lexicon.language)


#: words of a breakdown phrase ("в том числе")
BREAKDOWN_WORDS = 3
#: words before a breakdown clause read for the toll it breaks down
BREAKDOWN_REACH = 8


def _opens_breakdown(field: FieldHits, index: int) -> bool:
    """Whether a breakdown phrase ("dont", "в том числе", "بينهم") ends right
    before `index`: a number there counts part of a toll, not the toll."""
    tokens, subsets = field.tokens, field.lexicon.subsets
    if index < 1 or tokens[index - 1].norm not in _last_words(subsets):
        return False
    for first in range(index - 1, max(-1, index - 1 - BREAKDOWN_WORDS), -1):
        if " ".join(t.norm for t in tokens[first:index]) in subsets:
            return True
    return False


@cache
def _last_words(phrases: frozenset[str]) -> frozenset[str]:
    """The last words of phrases: a cheap test before joining words to look them up."""
    return frozenset(phrase.rsplit(" ", 1)[-1] for phrase in phrases)


def _before_breakdown(field: FieldHits, hit: Hit, others: frozenset[int]) -> list[int]:
    """ "Au moins 19 personnes, dont huit enfants, ont été tuées": a victim word
    whose clause follows a breakdown clause takes its number from the clause
    before that one, nearest first."""
    tokens = field.tokens
    start = _clause_start(tokens, hit.first)
    if start == 0:
        return []
    breakdown = _clause_start(tokens, start - 1)
    opening = [t.norm for t in tokens[breakdown : min(start, breakdown + BREAKDOWN_WORDS)]]
    if not any(" ".join(opening[:n]) in field.lexicon.subsets for n in range(1, 4)):
        return []
    head = breakdown - 1
    if head < 0 or tokens[head].sentence != tokens[hit.first].sentence:
        return []
    reach = range(head, max(-1, head - BREAKDOWN_REACH), -1)
    return [i for i in _upto(reach, others) if tokens[i].clause == tokens[head].clause]


def _clause_start(tokens: Sequence[Token], index: int) -> int:
    while index > 0 and tokens[index - 1].clause == tokens[index].clause:
        index -= 1
    return index


def _upto(positions: range, others: frozenset[int]) -> list[int]:
    taken = []
    for index in positions:
        if index in others:
            break
        taken.append(index)
    return taken


def _vague(lexicon: StemLexicon, tokens: Sequence[Token], hit: Hit) -> bool:
    """ "وأصيب آخرون", "ранены несколько", "une dizaine de blessés": the victims
    are not counted (but "خمسة آخرين", five others, are)."""
    near = [hit.first - 1, hit.last + 1]
    if hit.first >= 2 and len(tokens[hit.first - 1].norm) <= 2:
        near.append(hit.first - 2)
    for i in near:
        if not 0 <= i < len(tokens):
            continue
        if any(w in lexicon.vague for w in variants(tokens[i].norm, lexicon.language)):
            counted = i > 0 and (
                tokens[i - 1].number is not None or _number_word(lexicon, tokens[i - 1]) is not None
            )
            if not counted or tokens[i].norm in lexicon.units:
                return True
    return False


def _around(
    lexicon: StemLexicon, tokens: Sequence[Token], hit: Hit, others: frozenset[int]
) -> list[int]:
    """Token positions within FIGURE_REACH of the hit, nearest first, up to
    another killed or wounded word (whose number that would be)."""
    after = _upto(range(hit.last + 1, hit.last + 1 + FIGURE_REACH), others)
    before = _upto(range(hit.first - 1, hit.first - 1 - FIGURE_REACH, -1), others)
    sentence, clause = tokens[hit.first].sentence, tokens[hit.first].clause
    if lexicon.figure_order == "after":
        later = [i for i in after if i < len(tokens) and tokens[i].sentence == sentence]
        return later + [i for i in before if i >= 0 and tokens[i].clause == clause]
    pairs = [i for pair in zip_longest(before, after) for i in pair if i is not None]
    return [i for i in pairs if 0 <= i < len(tokens) and tokens[i].clause == clause]


def _value(field: FieldHits, index: int) -> int | None:
    """The number at `index` (digits, or number words such as "двадцать пять"),
    when it counts people: not a year, a share ("70 %"), a measure ("48
    heures", "une trentaine") or part of a name ("M23", "Су-25", "18-й")."""
    lexicon, tokens = field.lexicon, field.tokens
    token = tokens[index]
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if following is not None and (_measures(lexicon, following) or _paired_measure(field, index)):
        return None
    more = _number_word(lexicon, following) if following is not None else None
    if token.number is not None:
        number = token.number
        if more is not None and more >= THOUSAND and not _in_name(field.text, token):
            return round(number * more)  # "4,1 тыс.", "3 آلاف"
        if number != int(number) or int(number) in YEARS or _in_name(field.text, token):
            return None
        return int(number)
    value = _number_word(lexicon, token)
    if value is None or value >= THOUSAND:
        return None  # "тысячи", thousands, unless a number comes first
    if more is None:
        return value
    after = tokens[index + 2] if index + 2 < len(tokens) else None
    if after is not None and more < THOUSAND and _measures(lexicon, after):
        return None  # "أربع وعشرين ساعة", "двадцать пять лет": a measure
    if more >= THOUSAND:
        return value * more
    if more < 10 <= value:
        return value + more
    # Arabic puts the unit first: "ثلاثة عشر" (13), "خمسة وعشرون" (25)
    units_first = lexicon.language == "ar" and value < 10 and more % 10 == 0 and more < 100
    return value + more if units_first else value


def _paired_measure(field: FieldHits, index: int) -> bool:
    """The first of two measures joined ("enfants de 8 et 9 ans")."""
    tokens = field.tokens
    if index + 3 >= len(tokens) or tokens[index + 1].norm not in field.lexicon.joins:
        return False
    second = tokens[index + 2]
    paired = second.number is not None or _number_word(field.lexicon, second) is not None
    return paired and _measures(field.lexicon, tokens[index + 3])


def _measures(lexicon: StemLexicon, following: Token) -> bool:
    """A unit after the number; in Arabic not one with the article ("مدنيان اليوم"
    is two civilians today, "48 ساعة" a measure)."""
    if following.norm in lexicon.units:
        return True
    if lexicon.language == "ar" and following.norm.startswith("ال"):
        return False
    words = variants(following.norm, lexicon.language)
    return any(word in lexicon.units for word in words)


def _in_name(text: str, token: Token) -> bool:
    """Digits glued to letters, or to them by a hyphen, or followed by a percent sign."""
    before, after = text[max(0, token.start - 2) : token.start], text[token.end : token.end + 2]
    if before[-1:].isalpha() and not _is_arabic(before[-1]):
        return True
    if before[-1:] == "-" and before[:1].isalpha():
        return True
    if after[:1].isalpha() and not _is_arabic(after[0]):
        return True
    if after[:1] == "-" and (after[1:].isalpha() or after[1:2] in ("", " ")):
        return True
    return after.lstrip(" \u00a0\u202f")[:1] == "%"


def _is_arabic(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff"


def _number_word(lexicon: StemLexicon, token: Token) -> int | None:
    """A number word; in Arabic not one with the article ("الاثنين" is Monday),
    and the dual of a word for one person ("مدنيان", "طفلتين")."""
    for word in variants(token.norm, lexicon.language):
        if word in lexicon.numbers:
            if lexicon.language == "ar" and token.norm.endswith("ال" + word):
                return None
            return lexicon.numbers[word]
    if lexicon.language == "ar" and _dual(lexicon, token.norm):
        return 2
    return None


def _dual(lexicon: StemLexicon, norm: str) -> bool:
    """ "مدنيان" (a one-person word and -ان), "مجندتين" (a feminine one and -تين or
    -تان); a masculine -ين is also a plural ("مدنيين"), so it is not read."""
    if norm.endswith(("تان", "تين")) and norm[:-3] + "ه" in lexicon.one:
        return True
    return norm.endswith("ان") and norm[:-2] in lexicon.one


def _figure_evidence(field: FieldHits, hit: Hit, number: Token, kind: str) -> Evidence:
    start = min(number.start, field.tokens[hit.first].start)
    end = max(number.end, field.tokens[hit.last].end)
    return Evidence(kind, field.name, start, end, field.text[start:end], "number near the word")
