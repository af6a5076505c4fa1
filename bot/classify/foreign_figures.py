"""Casualty figures of an item in another language (figures.py's rules in brief): the
number nearest a killed or wounded word in its clause, unless it counts the next victim
word or is no count of people; the largest per kind; a cumulative toll only when the
item gives no other."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import zip_longest

from bot.classify.foreign_fields import FieldHits
from bot.classify.stems import Hit, StemLexicon
from bot.classify.tokens import Token, variants
from bot.models import Evidence

#: words between a number and the killed or wounded word it counts
FIGURE_REACH = 5
#: numbers that are years, not tolls, when nothing says they count people
YEARS = range(1900, 2101)


def figures(fields: Sequence[FieldHits]) -> tuple[int | None, int | None, list[Evidence]]:
    """Killed and wounded figures, and the spans that gave them."""
    found: dict[str, list[tuple[bool, int, Evidence]]] = {"killed": [], "wounded": []}
    for field in fields:
        cumulative = {field.sentence(h) for h in field.having("cumulative")}
        harms = field.having("killed", "wounded")
        for hit in harms:
            others = frozenset(i for h in harms if h != hit for i in range(h.first, h.last + 1))
            value = _nearest_number(field, hit, others)
            if value is not None:
                number, token = value
                evidence = _figure_evidence(field, hit, token, hit.role)
                found[hit.role].append((field.sentence(hit) in cumulative, number, evidence))
    killed, k_evidence = _best(found["killed"])
    wounded, w_evidence = _best(found["wounded"])
    return killed, wounded, [e for e in (k_evidence, w_evidence) if e is not None]


def _best(candidates: list[tuple[bool, int, Evidence]]) -> tuple[int | None, Evidence | None]:
    """The largest figure of the event; a cumulative one only when there is no other."""
    event = [c for c in candidates if not c[0]] or candidates
    if not event:
        return None, None
    _, number, evidence = max(event, key=lambda c: c[1])
    return number, evidence


def _nearest_number(field: FieldHits, hit: Hit, others: frozenset[int]) -> tuple[int, Token] | None:
    """The number nearest the hit in its clause (in Arabic, the one right before
    a victim noun, "ثمانية قتلى", then after it first, in its sentence) that does
    not count the next victim word; else the hit's own dual ("أصيبا"), else a
    word that counts one victim ("a woman")."""
    lexicon, tokens = field.lexicon, field.tokens
    if _vague(lexicon, tokens, hit):
        return None
    around = _around(lexicon, tokens, hit, others)
    if lexicon.figure_order == "after" and not _conjoined(tokens[hit.first], lexicon.language):
        around = [i for i in (hit.first - 1,) if i in around] + around
    for index in around:
        if not _counts_next(field, index, others):
            value = _value(field, index)
            if value is not None:
                return value, tokens[index]
    for index in range(hit.first, hit.last + 1):
        value = _number_word(lexicon, tokens[index])
        if value is not None:
            return value, tokens[index]
    for index in around:
        if any(w in lexicon.one for w in variants(tokens[index].norm, lexicon.language)):
            return 1, tokens[index]
    return None


def _conjoined(token: Token, language: str) -> bool:
    """An Arabic word joined by "and" ("وإصابة"): the number before it is the
    previous victim word's."""
    return language == "ar" and token.norm[:1] in ("و", "ف")


def _counts_next(field: FieldHits, index: int, others: frozenset[int]) -> bool:
    """A number right before another victim word in its clause counts that word
    ("tués et 18 blessés"), unless the word starts a clause of its own with
    "and" (Arabic "قتل 3 وأصيب 5")."""
    tokens = field.tokens
    following = index + 1
    if following not in others or following >= len(tokens):
        return False
    if tokens[following].clause != tokens[index].clause:
        return False
    return not _conjoined(tokens[following], field.lexicon.language)


def _upto(positions: range, others: frozenset[int]) -> list[int]:
    taken = []
    for index in positions:
        if index in others:
            break
        taken.append(index)
    return taken


def _vague(lexicon: StemLexicon, tokens: Sequence[Token], hit: Hit) -> bool:
    """ "وأصيب آخرون", "ранены несколько": the victims are not counted."""
    near = (hit.first - 1, hit.last + 1)
    words = (
        v for i in near if 0 <= i < len(tokens) for v in variants(tokens[i].norm, lexicon.language)
    )
    return any(word in lexicon.vague for word in words)


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
    if following is not None and _measures(lexicon, following):
        return None
    if token.number is not None:
        number = token.number
        if number != int(number) or int(number) in YEARS or _in_name(field.text, token):
            return None
        return int(number)
    value = _number_word(lexicon, token)
    if value is None:
        return None
    more = _number_word(lexicon, following) if following is not None else None
    if more is None:
        return value
    if more < 10 <= value:
        return value + more
    # Arabic puts the unit first: "ثلاثة عشر" (13), "خمسة وعشرون" (25)
    units_first = lexicon.language == "ar" and value < 10 and more % 10 == 0 and more < 100
    return value + more if units_first else value


def _measures(lexicon: StemLexicon, following: Token) -> bool:
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
    if after[:1] == "-" and after[1:].isalpha():
        return True
    return after.lstrip(" \u00a0\u202f")[:1] == "%"


def _is_arabic(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff"


def _number_word(lexicon: StemLexicon, token: Token) -> int | None:
    """A number word; in Arabic not one with the article ("الاثنين" is Monday)."""
    for word in variants(token.norm, lexicon.language):
        if word in lexicon.numbers:
            if lexicon.language == "ar" and token.norm.endswith("ال" + word):
                return None
            return lexicon.numbers[word]
    return None


def _figure_evidence(field: FieldHits, hit: Hit, number: Token, kind: str) -> Evidence:
    start = min(number.start, field.tokens[hit.first].start)
    end = max(number.end, field.tokens[hit.last].end)
    return Evidence(kind, field.name, start, end, field.text[start:end], "number near the word")
