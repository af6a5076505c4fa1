"""Casualty figures of an item in another language (figures.py's rules in brief): the
number nearest a killed or wounded word in its clause, unless it counts the next victim
word, the next verb ("загинули та п'ять отримали поранення") or a breakdown ("dont huit
enfants"), or is no count of people (`foreign_numbers`); plus the groups joined to it
("trois soldats et deux civils", "двое мужчин и женщина"), plus the toll before it in
its sentence when "also" adds victims ("ещё один"); a singular victim word counts one
("є загиблий"), and a list of them one each ("мужчина и женщина"); a toll noun takes
the number its verb puts far away ("число погибших выросло до 14"), "N others" counts
the next victim word ("et 130 autres blessés"), a toll "on each side" counts twice,
and "43 victimes" counts the dead in an item that tells of no one wounded. Which of the
figures read count (the largest per kind, the attackers' own toll, cumulative and
earlier tolls, joined tolls, the wounded who died) is `foreign_tolls`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from itertools import zip_longest

from bot.classify.foreign_fields import FieldHits
from bot.classify.foreign_numbers import (
    FIGURE_REACH,
    YEARS,
    compound_head,
    count_at,
    is_one,
    listed_in,
    number_word,
    ordinal,
)
from bot.classify.foreign_tolls import (
    ATTACKERS,
    Candidate,
    Read,
    and_joined,
    apart,
    attackers_toll,
    best,
    joined_tolls,
    looks_back,
    own_count,
)
from bot.classify.stems import Hit, StemLexicon
from bot.classify.tokens import Token, variants
from bot.models import Evidence


def figures(fields: Sequence[FieldHits]) -> tuple[int | None, int | None, list[Evidence]]:
    """Killed and wounded figures, and the spans that gave them."""
    found: dict[str, list[Candidate]] = {"killed": [], "wounded": []}
    dead_only = any(f.having("killed") for f in fields) and not any(
        f.having("wounded") for f in fields
    )
    read = [apart(field, _read(field, dead_only)) for field in fields]
    if len(read) == 2 and _headline_tally(*read):
        read = read[1:]  # the summary's own figures, and the war's toll it restates
    bounded = _bounded_rounds(fields)
    for candidates_of in read:
        for kind, candidates in candidates_of.items():
            found[kind].extend(c for c in candidates if not (c.rounded and c.number in bounded))
    killed, k_evidence = best(found["killed"])
    wounded, w_evidence = best(found["wounded"])
    return killed, wounded, [e for e in (k_evidence, w_evidence) if e is not None]


def _bounded_rounds(fields: Sequence[FieldHits]) -> frozenset[int]:
    """ "Au moins une dizaine de civils tués" over "un bilan d'une dizaine de
    civils tués": a round number the item bounds in one place gives no count
    where it restates it without the bound."""
    found: set[int] = set()
    for field in fields:
        tokens, lexicon = field.tokens, field.lexicon
        for at in range(2, len(tokens) if lexicon.bounds else 0):
            norm = tokens[at].norm
            if norm in lexicon.approximate and tokens[at - 2].norm in lexicon.bounds:
                found.add(lexicon.numbers[norm])
    return frozenset(found)


def _headline_tally(title: dict[str, list[Candidate]], summary: dict[str, list[Candidate]]) -> bool:
    """ "غزة.. 171 شهيدا و 1143 جريحا" over "…ما يرفع حصيلة القتلى إلى 171": a
    headline figure that the summary gives as a cumulative toll is that toll, and
    the headline a tally of the war (its wounded too), not the event's figures."""
    for kind, candidates in title.items():
        cumulative = {c.number for c in summary[kind] if c.back}
        if any(not c.back and c.number in cumulative for c in candidates):
            return True
    return False


def _read(field: FieldHits, dead_only: bool) -> dict[str, list[Read]]:
    """Per kind, the figure read for each victim word of a field, with the word
    it was counted on; "43 victimes" counts the dead in an item that reports
    deaths and no one wounded."""
    looking_back = looks_back(field)
    attackers = {h.first for h in field.having_category(ATTACKERS)}
    harms = field.victims("killed", "wounded")
    victims = [h for h in field.having("harm") if h.category == VICTIMS] if dead_only else []
    if victims:
        harms = sorted(
            [*harms, *(h._replace(role="killed") for h in victims)], key=lambda h: h.first
        )
    combined = joined_tolls(field, harms)
    missing = _positions(field.having_category(MISSING))
    #: per kind and sentence, the toll that an "also" figure adds to
    before: dict[tuple[str, int], int] = {}
    read: dict[str, list[Read]] = {"killed": [], "wounded": []}
    openings = _side_openings(field) if harms else {}
    # the victim words do not overlap: the others' words are all of theirs less the hit's
    spans = _positions(harms)
    for hit in harms:
        others = spans.difference(range(hit.first, hit.last + 1)) | missing
        value = own_count(field, hit) if hit in combined else _nearest_number(field, hit, others)
        if value is None:
            continue
        number, index = value
        if field.tokens[index].number is None and ordinal(field.lexicon, field.tokens[index].norm):
            # "умер третий пострадавший": a toll so far, as a cumulative one counts
            evidence = _figure_evidence(field, hit, field.tokens[index], hit.role)
            read[hit.role].append(Read(hit, index, Candidate(True, False, number, evidence)))
            continue
        number *= 2 if _each_side(field, max(index, hit.last)) else 1
        evidence = _figure_evidence(field, hit, field.tokens[index], hit.role)
        groups = 0
        if index != hit.first or field.tokens[index].number is not None:
            groups = _joined(field, index, hit, others)
        key = (hit.role, field.sentence(hit))
        added = key in before and _added(field, index, hit)
        number += groups + (before[key] if added else 0)
        before[key] = number
        # a total of groups joined ("deux soldats et 64 jihadistes") is no side's own
        # a sentence opened by its side ("Côté militaire, …") tells that side's own toll
        opened = openings.get(field.sentence(hit), hit.first) < hit.first
        side = opened or (
            not added and not groups and attackers_toll(field, index, hit, attackers, others)
        )
        rounded = not groups and field.tokens[index].norm in field.lexicon.approximate
        back = looking_back(hit) and not opened
        candidate = Candidate(back, side, number, evidence, rounded, opened)
        read[hit.role].append(Read(hit, index, candidate))
    return read


def _side_openings(field: FieldHits) -> dict[int, int]:
    """ "Côté victimes militaires, plus tôt, la gendarmerie publiait un bilan de 15
    hommes tués": per sentence of a summary opened by a side word, where that word
    stands; the sentence tells that side's toll, added to the others' (not an
    earlier toll of the same victims); a title's is what its summary restates."""
    tokens, lexicon = field.tokens, field.lexicon
    if field.name == "title" or not lexicon.sides:
        return {}
    openings: dict[int, int] = {}
    for at, token in enumerate(tokens):
        first = at == 0 or tokens[at - 1].sentence != token.sentence
        second = at > 0 and (at == 1 or tokens[at - 2].sentence != token.sentence)
        if (first or second) and listed_in(lexicon, token.norm, lexicon.sides):
            openings.setdefault(token.sentence, at)
    return openings


#: words between a toll and "on each side" ("soldats tombés au combat de chaque côté")
EACH_SIDE_REACH = 3


def _each_side(field: FieldHits, last: int) -> bool:
    """ "6 000 soldats tombés de chaque côté", "по 20 военных с каждой стороны": a
    toll counted once for each of two sides, said right after it in its clause."""
    tokens, phrases = field.tokens, field.lexicon.each_side
    if not phrases:
        return False
    clause = tokens[last].clause
    for start in range(last + 1, min(len(tokens), last + 1 + EACH_SIDE_REACH)):
        if tokens[start].clause != clause:
            return False
        if tokens[start].norm not in _first_words(phrases):
            continue  # a cheap test before joining words to look them up
        words = " ".join(t.norm for t in tokens[start : start + 3])
        if any(words.startswith(phrase) for phrase in phrases):
            return True
    return False


#: "victimes" (a harm word): the dead, as a toll, when the item tells of no one wounded
VICTIMS = "victims"
#: the missing, whose number is theirs: no victim word's beside them
MISSING = "missing"
#: the lightly wounded, and the hurt told by their condition ("в тяжелом состоянии")
LIGHT = "light_wounds"
CONDITION = "condition"


def _positions(hits: Iterable[Hit]) -> frozenset[int]:
    return frozenset(i for h in hits for i in range(h.first, h.last + 1))


def _added(field: FieldHits, index: int, hit: Hit) -> bool:
    """An "also" word right before the number or the victim word ("ещё один",
    "ще двоє", "فيما قتل 5")."""
    also, tokens = field.lexicon.also, field.tokens
    if any(i >= 0 and tokens[i].norm in also for i in (index - 1, hit.first - 1)):
        return True
    return _clause_adds(field, hit) or _worse_off(field, hit)


def _worse_off(field: FieldHits, hit: Hit) -> bool:
    """ "Пятеро легко ранены, один в тяжелом состоянии": the wounded split by
    their condition, a count in serious condition after the lightly wounded in
    its sentence, are more wounded (after other wounded they are some of them)."""
    if hit.category != CONDITION:
        return False
    sentence = field.sentence(hit)
    before = [h for h in field.having("wounded") if h.first < hit.first]
    nearest = max(before, key=lambda h: h.first, default=None)
    return nearest is not None and nearest.category == LIGHT and field.sentence(nearest) == sentence


#: words an "also" word opening a clause may stand before its victim word
ALSO_REACH = 5


def _clause_adds(field: FieldHits, hit: Hit) -> bool:
    """ "أوقعت 45 قتيلا، فيما تحدث الجيش عن مقتل اثنين من جنوده": an "also"
    word opening the victim word's clause, a few words before it, adds its
    victims to the toll before (not a toll restated: "فيما ارتفع عدد…")."""
    tokens = field.tokens
    start = _clause_start(tokens, hit.first)
    if start == 0 or hit.first - start > ALSO_REACH or tokens[start].norm not in field.lexicon.also:
        return False
    return not _after_toll(field, hit) and not any(
        t.norm in field.lexicon.tolls for t in tokens[start : hit.first]
    )


def _joined(field: FieldHits, index: int, hit: Hit, others: frozenset[int]) -> int:
    """Victims of other groups joined to the counted one in its clause ("trois
    soldats et deux civils tués", "34 ребенка в Газе и двое детей в Израиле"):
    a number right after a joining word, up to another number or victim word;
    after a number, one person joined counts one ("двое мужчин и молодая женщина");
    groups listed with commas before those joined count too ("15 soldats, deux
    civils et 15 assaillants")."""
    tokens, joins = field.tokens, field.lexicon.joins
    stop = others | frozenset(range(hit.first, hit.last + 1))
    numeric = (
        tokens[index].number is not None or number_word(field.lexicon, tokens[index]) is not None
    )
    total, first = 0, index
    for step in (1, -1):
        at, seen = index, 0
        while seen < 8:
            at += step
            seen += 1
            if at in stop or not 0 <= at < len(tokens) or tokens[at].clause != tokens[index].clause:
                break
            if tokens[at].norm not in joins and not _with_group(field, at, step):
                if count_at(field, at) is not None or tokens[at].number is not None:
                    break
                continue
            number = at + 1 if step == 1 else _number_before(field, at, stop)
            value = None if number is None else _group(field, number, stop)
            if value is None and numeric:
                number = _person_next(field, at, step, stop, others)
                value = None if number is None else 1
            if number is None or value is None:
                break
            total += value
            first = min(first, number)
            at, seen = number, 0
    listed = _listed_before(field, first, stop) if total and numeric else 0
    return total + listed + (_joined_past_breakdown(field, hit, first, stop) if numeric else 0)


def _joined_past_breakdown(field: FieldHits, hit: Hit, index: int, stop: frozenset[int]) -> int:
    """ "Quarante personnes, dont six soldats, et 50 assaillants sont morts": a group
    in the victim word's clause, opened by "and" right after a breakdown clause, is
    joined to the toll the breakdown breaks down, when no victim word stands in that
    toll's clause ("14 morts, dont trois enfants, et 44 blessés" counts two kinds)."""
    tokens = field.tokens
    start = _clause_start(tokens, hit.first)
    if start == 0 or tokens[start].norm not in field.lexicon.joins or not field.lexicon.subsets:
        return 0
    group = count_at(field, start + 1)
    head = _breakdown_head(field, _breakdown_before(field, start), stop)
    if group is None or head is None:
        return 0
    if index == start + 1:
        return head[1]
    return group if compound_head(field, index) == head[0] else 0


def _breakdown_head(
    field: FieldHits, breakdown: int | None, stop: frozenset[int]
) -> tuple[int, int] | None:
    """The count of the toll a breakdown clause breaks down, and where it stands,
    in a clause with no victim word of its own."""
    tokens = field.tokens
    if not breakdown:
        return None
    clause = tokens[breakdown - 1].clause
    if any(tokens[i].clause == clause for i in stop if i < len(tokens)):
        return None
    for at in range(breakdown - 1, max(-1, breakdown - 1 - BREAKDOWN_REACH), -1):
        if tokens[at].clause != clause:
            return None
        if count_at(field, at) is not None:
            head = compound_head(field, at)
            value = _group(field, head, stop)
            return None if value is None else (head, value)
    return None


def _with_group(field: FieldHits, at: int, step: int) -> bool:
    """ "Подружжя з двома дітьми", "жінка з трьома дітьми": "with" before a
    number in the instrumental joins the groups on either side as "and" does
    (not "з двох боків", from two sides)."""
    tokens, lexicon = field.tokens, field.lexicon
    if tokens[at].norm not in lexicon.companions or at + 1 >= len(tokens):
        return False
    return tokens[at + 1].norm in lexicon.instrumental


#: words a group listed before a comma may end with after its number ("15 soldats,")
LISTED_WORDS = 3


def _listed_before(field: FieldHits, first: int, stop: frozenset[int]) -> int:
    """ "Au moins 15 soldats, deux civils et 15 assaillants ont été tués": groups
    listed with commas before those joined by "and", each a clause of its own in
    the sentence, ending in its number and a word or two."""
    tokens, total = field.tokens, 0
    while first > 0 and tokens[first - 1].clause != tokens[first].clause:
        end = first - 1
        if tokens[end].sentence != tokens[first].sentence:
            break
        group = None
        for at in range(end, max(-1, end - LISTED_WORDS), -1):
            if at in stop or tokens[at].clause != tokens[end].clause:
                break
            if count_at(field, at) is not None:
                group = compound_head(field, at)
                break
        value = None if group is None else _group(field, group, stop)
        if group is None or value is None:
            break
        total, first = total + value, group
    return total


def _person_next(
    field: FieldHits, join: int, step: int, stop: frozenset[int], others: frozenset[int]
) -> int | None:
    """A word for one person right after a joining word, or after one word
    describing them ("и молодая женщина"), or right before it ("мужчина и двое
    детей"); not the subject of a victim word of its own ("и женщина ранена"),
    nor the noun of a group counted before it ("3 человека и 9 ранены")."""
    tokens = field.tokens
    for at in (join + step, join + 2 * step):
        if at < 0 or (step < 0 and at > 0 and _counted(field, at - 1)):
            return None
        if at in stop or at >= len(tokens) or tokens[at].clause != tokens[join].clause:
            return None
        if _counted(field, at):
            return None
        if is_one(field.lexicon, tokens[at].norm):
            return None if at + 1 in others else at
    return None


def _counted(field: FieldHits, at: int) -> bool:
    token = field.tokens[at]
    return token.number is not None or number_word(field.lexicon, token) is not None


def _number_before(field: FieldHits, join: int, stop: frozenset[int]) -> int | None:
    for at in range(join - 1, max(-1, join - 4), -1):
        if at in stop or field.tokens[at].clause != field.tokens[join].clause:
            return None
        if count_at(field, at) is not None:
            head = compound_head(field, at)
            # "погибли 2 человека и 3 ранены": the 2 is the other word's
            return None if stop & {head - 1, head - 2} else head
    return None


def _group(field: FieldHits, index: int, stop: frozenset[int]) -> int | None:
    """The number at `index` when it counts a group, not the next victim word."""
    if not 0 <= index < len(field.tokens) or index in stop or index + 1 in stop:
        return None
    if index + 2 in stop and field.tokens[index + 2].clause == field.tokens[index].clause:
        return None
    return count_at(field, index)


def _nearest_number(field: FieldHits, hit: Hit, others: frozenset[int]) -> tuple[int, int] | None:
    """The number nearest the hit in its clause (in Arabic, the one right before
    a victim noun, "ثمانية قتلى", then after it first, in its sentence) that does
    not count the next victim word; else the hit's own dual ("أصيبا") or singular
    ("є загиблий"), else a
    word that counts one victim ("a woman")."""
    lexicon, tokens = field.lexicon, field.tokens
    stated = _toll_number(field, hit, others) or _others_before(field, hit, others)
    # the text is searched first: few items give years of birth
    if stated is None and any(word in field.text for word in lexicon.born):
        stated = _birth_years(field, hit, others)
    if stated is None and lexicon.ordinals:
        stated = _ordinal(field, hit, others)
    if stated is not None or _vague(lexicon, tokens, hit):
        return stated
    if lexicon.figure_order == "after":
        named = _person_and_group(field, hit, others)
        if named is not None:
            return named
    around = _around(lexicon, tokens, hit, others)
    if lexicon.auxiliaries:
        around += _subject_of(field, hit, others)
    if lexicon.subsets:
        heads = _before_breakdown(field, hit, others)
        # the breakdown's own numbers, between its toll and the verb's clause, count
        # parts of it ("…, dont deux officiers, et 20 jihadistes tués" counts the 20)
        inside = range(heads[0] + 1, _clause_start(tokens, hit.first)) if heads else range(0)
        around = [i for i in around if i not in inside and not _opens_breakdown(field, i)]
        around += heads
    if lexicon.figure_order == "after" and not and_joined(tokens[hit.first], lexicon.language):
        around = [i for i in (hit.first - 1,) if i in around] + around
    else:
        around += _apposed(field, hit, others)
    joined = and_joined(tokens[hit.first], lexicon.language)
    for index in around:
        head = compound_head(field, index)
        value = count_at(field, head)
        if value is None:
            continue  # asked first: most words near the hit are no number
        if _next_subject(field, hit, index, others) or _counted_before(field, index, hit, others):
            continue
        if joined and index < hit.first:
            continue  # "قضى جنديان وأصيب آخر": the number before "and" is the earlier verb's
        if not _counts_next(field, index, others) and not _not_this(field, index, hit):
            return _range_top(field, head, others) or (value, head)
    own = own_count(field, hit)
    if own is not None:
        return own
    for index in around:
        if is_one(lexicon, tokens[index].norm) and not _quantified(field, index):
            if index > hit.first and tokens[index].norm in lexicon.plural_alike:
                continue  # "убили солдат": soldiers, not one soldier
            return _listed(field, index, others), index
    return _antecedent(field, hit, others) or _one_of_apposed(field, hit, others)


def _one_of_apposed(field: FieldHits, hit: Hit, others: frozenset[int]) -> tuple[int, int] | None:
    """ "Гибель Али Хасана, одного из командиров": an uncounted victim word, a name
    right after it ending its clause, and the next clause opening with "one of": one
    person named (not "погибли жители Горловки, одна из них ребенок")."""
    tokens, lexicon = field.tokens, field.lexicon
    at = hit.last + 1
    while at < len(tokens) and tokens[at].clause == tokens[hit.last].clause:
        at += 1
    if at + 1 >= len(tokens) or tokens[at].sentence != tokens[hit.first].sentence:
        return None
    name = range(hit.last + 1, at)
    if not name or not all(field.text[tokens[i].start].isupper() for i in name):
        return None
    if at in others or tokens[at + 1].norm not in lexicon.partitives:
        return None
    return (1, at) if number_word(lexicon, tokens[at]) == 1 else None


#: dashes that join the two ends of a range written in digits ("8-10 человек")
RANGE_DASHES = frozenset({"-", "–", "—"})


def _range_top(field: FieldHits, index: int, others: frozenset[int]) -> tuple[int, int] | None:
    """ "8 إلى 10", "от 8 до 10", "de 8 à 10", "8-10": a range's top is the
    largest figure given, so it is the toll."""
    tokens, top = field.tokens, index + 2
    if top >= len(tokens) or top in others or index + 1 in others:
        return None
    if tokens[index + 1].norm not in field.lexicon.ranges:
        between = field.text[tokens[index].end : tokens[index + 1].start].strip()
        if tokens[index].number is None or between not in RANGE_DASHES:
            return None
        top = index + 1
    value = count_at(field, top)
    return None if value is None else (value, top)


#: words between an ordinal and the victim word it ranks ("о третьем человеке, погибшем")
ORDINAL_REACH = 3


def _ordinal(field: FieldHits, hit: Hit, others: frozenset[int]) -> tuple[int, int] | None:
    """ "Умер третий пострадавший", "une troisième victime meurt", "وفاة مصاب ثالث":
    the rank of the latest victim, beside a word for a person or a victim in the
    hit's clause or right before it ("о третьем человеке, погибшем"), is the toll
    so far (not "в третий раз", "третьем этаже")."""
    tokens, lexicon = field.tokens, field.lexicon
    step = -1 if lexicon.figure_order == "after" else 1  # Arabic puts the rank after
    for at in range(max(0, hit.first - ORDINAL_REACH), hit.last + 1 + ORDINAL_REACH):
        value = ordinal(lexicon, tokens[at].norm) if at < len(tokens) else None
        if value is None or not _ranks_person(field, hit, at, step):
            continue
        return None if _of_the_day(field, at) else (value, at)
    return None


#: Russian and Ukrainian adjective endings: an adjective may stand between a
#: rank and its person ("второй армянский солдат", not "третьей роты боец")
ADJECTIVE_ENDINGS = (
    "ый", "ий", "ой", "ая", "яя", "ого", "его", "ому", "ему", "ую", "юю", "ій", "ього", "ьому",
)  # fmt: skip


def _ranks_person(field: FieldHits, hit: Hit, at: int, step: int) -> bool:
    """A word for a person or a victim right beside the rank, or after an
    adjective describing them ("третий израильский военный"), beside the hit."""
    person, tokens = at + step, field.tokens
    if not (_beside(field, hit, at) and 0 <= person < len(tokens) and _beside(field, hit, person)):
        return False
    if _person_word(field, person):
        return True
    described = person + 1  # Arabic's adjective follows the noun, as a place's does
    if step < 0 or described >= len(tokens) or not tokens[person].norm.endswith(ADJECTIVE_ENDINGS):
        return False
    return _beside(field, hit, described) and _person_word(field, described)


def _of_the_day(field: FieldHits, at: int) -> bool:
    """ "Четвертий загиблий за добу": a rank among the day's dead of many events,
    whose own toll is the one victim."""
    tokens, day = field.tokens, field.lexicon.day
    near = tokens[max(0, at - ORDINAL_REACH) : at + 2 + ORDINAL_REACH]
    return any(t.norm in day and t.sentence == tokens[at].sentence for t in near)


def _beside(field: FieldHits, hit: Hit, at: int) -> bool:
    """In the hit's clause, or in the words of its sentence right before it."""
    tokens = field.tokens
    if tokens[at].clause == tokens[hit.first].clause:
        return True
    return at < hit.first and tokens[at].sentence == tokens[hit.first].sentence


def _person_word(field: FieldHits, at: int) -> bool:
    """A noun for a person or a victim ("человеке", "пострадавший", "victime"), not
    a verb ("второй получил ранения": the other one)."""
    lexicon, norm = field.lexicon, field.tokens[at].norm
    if is_one(lexicon, norm) or listed_in(lexicon, norm, lexicon.single):
        return True
    return any(h.first == at and h.category == VICTIMS for h in field.having("harm"))


#: words a counted group may end with before the comma of a victim word set after it
APPOSED_WORDS = 3


def _apposed(field: FieldHits, hit: Hit, others: frozenset[int]) -> list[int]:
    """ "Au moins 20 militaires, blessés par les éclats": a victim word that opens
    its clause after a comma says what befell the armed men counted right before
    it, in a clause with no victim word of its own ("загинули дві людини,
    постраждало немовля" counts the dead)."""
    tokens = field.tokens
    first = hit.first
    if first == 0 or tokens[first - 1].clause == tokens[first].clause:
        return []
    if tokens[first - 1].sentence != tokens[first].sentence:
        return []
    if not any(h.last == first - 1 for h in field.having("actor")):
        return []
    clause = tokens[first - 1].clause
    if any(tokens[i].clause == clause for i in others):
        return []
    reach = range(first - 1, max(-1, first - 1 - APPOSED_WORDS), -1)
    return [i for i in reach if tokens[i].clause == clause]


#: words a person's title may run on before the group joined to them
TITLE_REACH = 12


def _person_and_group(field: FieldHits, hit: Hit, others: frozenset[int]) -> tuple[int, int] | None:
    """ "مقتل آمر الفوج الأول… وخمسة جنود": one person named right after the
    victim word, however long their title, and a number joined by "and" later in
    the clause: the person and the group."""
    tokens, lexicon = field.tokens, field.lexicon
    person = hit.last + 1
    if person >= len(tokens) or not is_one(lexicon, tokens[person].norm):
        return None
    for at in range(person + 1, min(len(tokens), person + 1 + TITLE_REACH)):
        if at in others or tokens[at].clause != tokens[person].clause:
            return None
        value = count_at(field, at) if and_joined(tokens[at], lexicon.language) else None
        if value is not None:
            return 1 + value, at
    return None


#: words a subject may stand before the auxiliary of its victim verb ("huit
#: supplétifs civils de l'armée ont été tués")
SUBJECT_FAR = 10


def _subject_of(field: FieldHits, hit: Hit, others: frozenset[int]) -> list[int]:
    """ "Trois soldats et huit supplétifs civils de l'armée ont été tués": after
    an auxiliary ("ont été"), the count stands at the head of the verb's subject,
    however long, in its clause; or in the clause before, where the auxiliary
    opens its own ("une trentaine de personnes…, ont été tuées")."""
    tokens, auxiliaries = field.tokens, field.lexicon.auxiliaries
    at = hit.first - 1
    while at >= 0 and tokens[at].norm in auxiliaries:
        at -= 1
    if at == hit.first - 1 or at < 0:
        return []
    clause = tokens[hit.first].clause
    if tokens[at].clause != clause and tokens[at].sentence == tokens[hit.first].sentence:
        clause = tokens[at].clause  # the auxiliary opens its clause: the subject is before
    reach = range(at, max(-1, at - SUBJECT_FAR), -1)
    return [i for i in _upto(reach, others) if tokens[i].clause == clause]


def _birth_years(field: FieldHits, hit: Hit, others: frozenset[int]) -> tuple[int, int] | None:
    """ "Ранения получили женщина 1958 и мужчины 1983 и 1985 годов рождения":
    victims told by their years of birth, one a year, in the victim word's
    sentence up to another victim word; each list ends in its "born" word."""
    tokens, sentence = field.tokens, field.tokens[hit.first].sentence
    years, counted, last = 0, 0, None
    for at in range(hit.last + 1, len(tokens)):
        token = tokens[at]
        if at in others or token.sentence != sentence:
            break
        if token.number is not None and int(token.number) in YEARS:
            years += 1
        elif token.norm in field.lexicon.born and years:
            counted, last = years, at
    return None if last is None else (counted, last)


def _quantified(field: FieldHits, index: int) -> bool:
    """A person word after a number or a vague quantity ("тысячи человек",
    "сотни человек") is a group's noun, not one person."""
    if index < 1:
        return False
    before = field.tokens[index - 1]
    return (
        before.number is not None
        or number_word(field.lexicon, before) is not None
        or before.norm in field.lexicon.vague
    )


def _antecedent(field: FieldHits, hit: Hit, others: frozenset[int]) -> tuple[int, int] | None:
    """A person named just before a relative clause the victim word stands in
    ("рятують сапера, який підірвався", "un soldat, qui a été tué"), or armed
    people counted there ("тіла 58 військовослужбовців, які віддали своє життя")."""
    tokens = field.tokens
    start = _clause_start(tokens, hit.first)
    if not 0 < start < hit.first or tokens[start].norm not in field.lexicon.relatives:
        return None
    before = start - 1
    if before in others or tokens[before].sentence != tokens[hit.first].sentence:
        return None
    if is_one(field.lexicon, tokens[before].norm):
        return 1, before
    return _counted_antecedent(field, before, others)


def _counted_antecedent(
    field: FieldHits, noun: int, others: frozenset[int]
) -> tuple[int, int] | None:
    """Armed people right before a relative clause, counted right before their noun."""
    if noun < 1 or noun - 1 in others:
        return None
    if not any(h.first <= noun <= h.last for h in field.having("actor")):
        return None
    value = count_at(field, noun - 1)
    return None if value is None else (value, noun - 1)


#: words a list of single victims may run on after its first ("مواطن وزوجته… وسيدة")
LIST_REACH = 8


def _listed(field: FieldHits, first: int, others: frozenset[int]) -> int:
    """One victim, and one more for each person joined to it in its clause ("a
    man, his wife and their daughter", "мужчина и его сын": a word may stand
    between), up to a number or another victim word."""
    tokens, lexicon, count = field.tokens, field.lexicon, 1
    words = _without_ages(field, range(first, min(len(tokens), first + 1 + LIST_REACH)))
    for place in range(1, len(words)):
        at, token = words[place], tokens[words[place]]
        if at in others or token.number is not None or token.clause != tokens[first].clause:
            break
        joined = tokens[words[place - 1]].norm in lexicon.joins
        if joined or (place > 2 and tokens[words[place - 2]].norm in lexicon.joins):
            count += is_one(lexicon, token.norm)
        elif lexicon.language == "ar" and token.norm.startswith("و"):
            count += is_one(lexicon, token.norm[1:])  # "وزوجته", not "فلسطيني"
    return count


def _without_ages(field: FieldHits, positions: range) -> list[int]:
    """The positions less hyphenated numbers and the word they make ("31-річна",
    "5-летний"): an age, which describes the person after it and counts no one."""
    tokens, text, kept, skip = field.tokens, field.text, [], False
    for at in positions:
        token = tokens[at]
        if skip:
            skip = False
            continue
        if token.number is not None and text[token.end : token.end + 1] == "-":
            skip = at + 1 < len(tokens) and tokens[at + 1].start == token.end + 1
            continue
        kept.append(at)
    return kept


#: words an "N others" group may stand before its victim word ("19 autres, dont…, blessées")
OTHERS_REACH = 15


def _toll_number(field: FieldHits, hit: Hit, others: frozenset[int]) -> tuple[int, int] | None:
    """A toll ("число пострадавших", "عدد الشهداء"), or a victim word that
    states its number later ("жертвами стали"), and the first number after it in
    its sentence, however far the verb puts it ("…увеличилось до 14")."""
    tokens = field.tokens
    later = tokens[hit.first].norm in field.lexicon.later
    if not later and not _after_toll(field, hit) and not _tallied(field, hit, others):
        return None
    for index in range(hit.last + 1, len(tokens)):
        if index in others or tokens[index].sentence != tokens[hit.first].sentence:
            return None
        value = count_at(field, index)
        if value is not None:
            return _revised(field, index, others) or (value, index)
    return None


def _tallied(field: FieldHits, hit: Hit, others: frozenset[int]) -> bool:
    """ "Погибших в результате теракта стало 137": an uncounted victim word whose
    number a tally verb later in its sentence states, before any other number."""
    tokens, tally = field.tokens, field.lexicon.tally
    if not tally or (hit.first > 0 and _counted(field, hit.first - 1)):
        return False
    sentence = tokens[hit.first].sentence
    for index in range(hit.last + 1, len(tokens)):
        token = tokens[index]
        if index in others or token.sentence != sentence or _counted(field, index):
            return False
        if token.norm in tally:
            return True
    return False


def _after_toll(field: FieldHits, hit: Hit) -> bool:
    """A toll noun right before the victim word ("число погибших"), or before a
    short word joining them ("le nombre de morts")."""
    tokens, tolls, language = field.tokens, field.lexicon.tolls, field.lexicon.language
    before = [hit.first - 1]
    if hit.first >= 2 and len(tokens[hit.first - 1].norm) <= 2:
        before.append(hit.first - 2)
    return any(w in tolls for i in before if i >= 0 for w in variants(tokens[i].norm, language))


#: words between the old and the new figure of a revised toll ("de cinq à onze")
REVISED_REACH = 3


def _revised(field: FieldHits, index: int, others: frozenset[int]) -> tuple[int, int] | None:
    """ "Le nombre de morts est passé de cinq à onze": a toll's number after a
    "from" word is the old figure; the next number is the toll now."""
    tokens = field.tokens
    if index < 1 or tokens[index - 1].norm not in field.lexicon.revised:
        return None
    for at in range(index + 1, min(len(tokens), index + 1 + REVISED_REACH)):
        if at in others or tokens[at].sentence != tokens[index].sentence:
            return None
        value = count_at(field, at)
        if value is not None and at - 1 != index:
            return value, at
    return None


def _others_before(field: FieldHits, hit: Hit, others: frozenset[int]) -> tuple[int, int] | None:
    """ "Et 19 autres, dont sept enfants, ont été blessées": a number before an
    "others" word counts the first victim word after it in its sentence."""
    tokens, sentence = field.tokens, field.tokens[hit.first].sentence
    for index in range(hit.first - 2, max(-1, hit.first - OTHERS_REACH), -1):
        if index in others or tokens[index].sentence != sentence:
            return None
        if tokens[index + 1].norm in field.lexicon.others:
            value = count_at(field, index)
            return None if value is None else (value, index)
    return None


def _not_this(field: FieldHits, index: int, hit: Hit) -> bool:
    """A number after this victim word that cannot count it: an article not
    before a person ("morts dans une attaque", but "a tué une femme"), or a
    number of "others" (the next victim word's: "27 tués et 130 autres blessés"),
    unless none follows ("a tué un soldat et blessé deux autres")."""
    tokens, lexicon = field.tokens, field.lexicon
    following = tokens[index + 1].norm if index + 1 < len(tokens) else ""
    if index < hit.first:
        return False
    if tokens[index].norm in lexicon.articles:
        return following not in lexicon.one and not _one_of(field, index)
    if following not in lexicon.others:
        return False
    sentence = tokens[index].sentence
    later = (h for h in field.having("killed", "wounded") if h.first > index)
    return any(tokens[h.first].sentence == sentence for h in later)


#: words between "one of" and the word for the people it picks one out of
ONE_OF_REACH = 2


def _one_of(field: FieldHits, index: int) -> bool:
    """ "A blessé un de ses soldats", "a tué l'un des commandants": an article, a
    partitive word and a word for people (plural or not) in its clause count one."""
    tokens, lexicon = field.tokens, field.lexicon
    at = index + 1
    if at >= len(tokens) or tokens[at].norm not in lexicon.partitives:
        return False
    people = tokens[at + 1 : at + 1 + ONE_OF_REACH]
    return any(t.clause == tokens[index].clause and _people_word(lexicon, t.norm) for t in people)


def _people_word(lexicon: StemLexicon, norm: str) -> bool:
    """A word for one person, or its plural in -s or -x ("soldats", "chefs")."""
    plural = norm.endswith(("s", "x")) and is_one(lexicon, norm[:-1])
    return plural or is_one(lexicon, norm)


#: words between a number and the victim word whose subject it is ("п'ять отримали поранення")
SUBJECT_REACH = 3


def _counted_before(field: FieldHits, index: int, hit: Hit, others: frozenset[int]) -> bool:
    """A number before this victim word right after one of the other kind in its
    clause, which it counts ("погибли 2 человека и женщина ранена": the 2 are the
    dead; not "убиты, 12 ранены" nor "استشهد 9 شهداء")."""
    if not (index < hit.first and index - 1 in others):
        return False
    tokens = field.tokens
    if tokens[index - 1].clause != tokens[index].clause:
        return False
    return any(h.first <= index - 1 <= h.last and h.role != hit.role for h in field.hits)


def _next_subject(field: FieldHits, hit: Hit, index: int, others: frozenset[int]) -> bool:
    """A number after this victim word and a joining word, that a victim word
    after it counts ("загинули та п'ять отримали поранення"): the subject of the
    next verb, not this one's."""
    tokens, joins = field.tokens, field.lexicon.joins
    if index <= hit.last or not any(t.norm in joins for t in tokens[hit.last + 1 : index]):
        return False
    reach = range(index + 1, min(len(tokens), index + 1 + SUBJECT_REACH))
    return any(i in others and tokens[i].clause == tokens[index].clause for i in reach)


def _counts_next(field: FieldHits, index: int, others: frozenset[int]) -> bool:
    """A number right before another victim word in its clause counts that word
    ("tués et 18 blessés"), unless the word starts a clause of its own with
    "and" (Arabic "قتل 3 وأصيب 5"); the word after a compound number counts for
    each of its words ("tués et quarante-deux blessés")."""
    tokens = field.tokens
    following = index + 1
    while following < len(tokens) and following not in others:
        if number_word(field.lexicon, tokens[following]) is None:
            break
        following += 1
    if following not in others or following >= len(tokens):
        return False
    if tokens[following].clause != tokens[index].clause:
        return False
    return not and_joined(tokens[following], field.lexicon.language)


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
def _first_words(phrases: frozenset[str]) -> frozenset[str]:
    return frozenset(phrase.split(" ", 1)[0] for phrase in phrases)


@cache
def _last_words(phrases: frozenset[str]) -> frozenset[str]:
    """The last words of phrases: a cheap test before joining words to look them up."""
    return frozenset(phrase.rsplit(" ", 1)[-1] for phrase in phrases)


def _before_breakdown(field: FieldHits, hit: Hit, others: frozenset[int]) -> list[int]:
    """ "Au moins 19 personnes, dont huit enfants, ont été tuées": a victim word
    whose clause follows a breakdown clause takes its number from the clause
    before that one, nearest first; not one joined after it with its own number
    ("14 morts, dont trois enfants, et 44 blessés")."""
    tokens = field.tokens
    start = _clause_start(tokens, hit.first)
    if tokens[start].norm in field.lexicon.joins and _counted(field, hit.first - 1):
        return []
    breakdown = _breakdown_before(field, start)
    if breakdown is None:
        return []
    head = breakdown - 1
    if head < 0 or tokens[head].sentence != tokens[hit.first].sentence:
        return []
    reach = range(head, max(-1, head - BREAKDOWN_REACH), -1)
    return [i for i in _upto(reach, others) if tokens[i].clause == tokens[head].clause]


#: clauses a breakdown may run on over, listed with commas ("dont 22 femmes, 17 enfants")
BREAKDOWN_CLAUSES = 3


def _breakdown_before(field: FieldHits, start: int) -> int | None:
    """Where the breakdown clause before the clause at `start` begins: the one
    right before it, or one a list of counted groups continues ("зокрема 22 жінки,
    17 дітей і 3 немовлят, загинули")."""
    tokens, subsets = field.tokens, field.lexicon.subsets
    for _ in range(BREAKDOWN_CLAUSES):
        if start == 0 or tokens[start - 1].sentence != tokens[start].sentence:
            return None
        breakdown = _clause_start(tokens, start - 1)
        if _parenthetical(field, breakdown):
            start = breakdown  # "34 Volontaires (VDP), et 50 assaillants": an aside
            continue
        opening = [t.norm for t in tokens[breakdown : min(start, breakdown + BREAKDOWN_WORDS)]]
        if any(" ".join(opening[:n]) in subsets for n in range(1, 4)):
            return breakdown
        if count_at(field, breakdown) is None:
            return None  # a clause of the list opens with its count
        start = breakdown
    return None


def _parenthetical(field: FieldHits, start: int) -> bool:
    """A clause that opens with a parenthesis ("(VDP)"): an aside in the list."""
    return field.text[: field.tokens[start].start].rstrip().endswith("(")


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
    """ "وأصيب آخرون", "ранены несколько", "des dizaines de blessés": the victims
    are not counted (but "خمسة آخرين", five others, are); a vague word joined
    after the hit counts the next one ("23 قتيلا وعشرات الجرحى")."""
    near = [hit.first - 1]
    if hit.last + 1 < len(tokens) and not and_joined(tokens[hit.last + 1], lexicon.language):
        near.append(hit.last + 1)
        if _subject_then_vague(lexicon, tokens, hit.last + 1):
            near.append(hit.last + 2)
    if hit.first >= 2 and len(tokens[hit.first - 1].norm) <= 2:
        near.append(hit.first - 2)
    for i in near:
        if not 0 <= i < len(tokens):
            continue
        if any(w in lexicon.vague for w in variants(tokens[i].norm, lexicon.language)):
            counted = i > 0 and (
                tokens[i - 1].number is not None or number_word(lexicon, tokens[i - 1]) is not None
            )
            if (counted and tokens[i].norm in lexicon.tens) or _half_tens(lexicon, tokens, i):
                continue  # "два десятка раненых", "полтора десятка": a count
            if not counted or tokens[i].norm in lexicon.units:
                return True
    return False


def _half_tens(lexicon: StemLexicon, tokens: Sequence[Token], at: int) -> bool:
    return at > 0 and tokens[at].norm in lexicon.tens and tokens[at - 1].norm in lexicon.halves


def _subject_then_vague(lexicon: StemLexicon, tokens: Sequence[Token], subject: int) -> bool:
    """ "وأصيب مواطنون آخرون": a plural subject right after the victim word, then a
    vague word in its clause: the others are not counted."""
    if subject + 1 >= len(tokens) or tokens[subject + 1].clause != tokens[subject].clause:
        return False
    norm = tokens[subject].norm
    # Arabic sound plurals of a word for one person: "مواطنون", "مدنيون"
    plural = lexicon.language == "ar" and norm.endswith("ون") and norm[:-2] in lexicon.one
    return plural or (tokens[subject].number is None and is_one(lexicon, norm))


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


def _figure_evidence(field: FieldHits, hit: Hit, number: Token, kind: str) -> Evidence:
    start = min(number.start, field.tokens[hit.first].start)
    end = max(number.end, field.tokens[hit.last].end)
    return Evidence(kind, field.name, start, end, field.text[start:end], "number near the word")
