"""Find the figure phrase around one killed/wounded word and read its value.

The word decides which patterns of figures.toml are tried, in order: a toll
("the death toll rose to 12"), a side's loss ("India lost 20"), lives
("claimed 101 lives"), bodies ("the bodies of 19 servicemen"), the victims
after a noun ("the killing of three aid workers") or a verb ("killing 12"),
the victims before a verb ("three soldiers were killed") and, in a title, a
named victim before a verb ("says Prabhakaran killed").  A phrase that
counts things rather than people ("killed two days ago", "the 1999
massacre") gives way to the next pattern; when none is found, quotes at word
edges are blanked and the patterns tried again ("47 'terrorists' killed").
The day and year of a month-first date are never victims: they are blanked
first ("On September 12, 11 militants were killed").
casualty.py asks whether a word that is a casualty only with a number of
people ("lost", "lives") has one; figures.py adds the phrases up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from bot.classify import patterns, roles
from bot.classify.numbers import parse_number
from bot.classify.scan import FieldScan, Hit

#: how far before a killed/wounded word its victims may start (and never
#: before its sentence)
LOOKBACK_CHARS = 120


@dataclass(slots=True)  # not frozen: built per item (see decision.py)
class Found:
    """A figure phrase: its match, the pattern that found it, and its total
    (None when a group is vague)."""

    match: re.Match[str]
    rule: str
    value: int | None


class _NoPeople:
    """Marker: the phrase counted things (years, graves), not people."""


_NO_PEOPLE = _NoPeople()
_Value = int | None | _NoPeople


def find(scan: FieldScan, hit: Hit) -> Found | None:
    """The first phrase around `hit` that counts people, if any."""
    low = scan.field.low
    found = _first(scan, hit, low)
    if found is not None and _dated(low, found.match):
        # read again without the date (rare: only a phrase that holds one)
        low = _undated(low)
        found = _first(scan, hit, low)
    if found is None and ("'" in low or '"' in low):
        found = _first(scan, hit, _unquoted(low))
    return found


def _first(scan: FieldScan, hit: Hit, low: str) -> Found | None:
    for match, rule in _candidates(scan, hit, low):
        if match is None:
            continue
        if rule == "before_verb" and " of " in match.group():
            match = _whole_group(low, match)
        value = 1 if rule == "name" else _phrase_value(match.group("groups"))
        if rule == "before_verb" and _after_subset_word(low, match):
            value = _subset_value(low, match)
        elif rule == "before_verb" and _others_first(scan, hit, match, low):
            value = _later_groups(match)
        if not isinstance(value, _NoPeople):
            return Found(match, rule, value)
    return None


def _whole_group(low: str, match: re.Match[str]) -> re.Match[str]:
    """'two of the nine people killed': the participle right after the whole
    group counts it, not the part named first."""
    whole = patterns.PART_OF_WHOLE.fullmatch(low, match.start(), match.end())
    return match if whole is None else whole


#: a verb right before a group makes that group its object: "killed three
#: people and two were wounded" wounds two; so does a death noun's "of": "the
#: deaths of 12 people and 300 injuries" injures 300
_OBJECT_OF_VERB = re.compile(r"(?<![\w'-])(?:(?:kill|wound|injur)[\w]*|deaths?\s+of)\s+$")


def _others_first(scan: FieldScan, hit: Hit, match: re.Match[str], low: str) -> bool:
    """Whether the first group is not this word's: the object of a verb before
    it, the source of the report, a toll's figure ("the toll rose to 9 and 23
    others were wounded"), or the dead set beside the wounded."""
    start = match.start("groups")
    if _OBJECT_OF_VERB.search(low, 0, start):
        return True
    source = low[max(0, start - SOURCE_CHARS) : start]
    if "according" in source and _SOURCE_BEFORE.search(source):
        # "according to the Lebanese army, four people were killed": the source
        return True
    head = low[max(0, start - TOLL_FIGURE_CHARS) : start]
    # substring tests first: most phrases have neither a toll nor victims
    if "toll" in head and _TOLL_FIGURE.search(head):
        return True
    return hit.role == roles.WOUNDED and _victims_first(match)


def _victims_first(match: re.Match[str]) -> bool:
    """'causing at least 115 victims and 560 wounded': the victims set beside
    the wounded are the dead, not more of the wounded."""
    groups = match.group("groups")
    if "victim" not in groups:
        return False
    first = next(iter(_groups(groups)), None)
    return first is not None and not patterns.VICTIMS_WORDS.isdisjoint(first.group("rest").split())


#: "according to" right before a group: who tells the toll, not its victims
_SOURCE_BEFORE = re.compile(r"(?<![\w'-])according\s+to\s+$")
SOURCE_CHARS = 16
#: "the number of dead", "the number of people killed", "the number of civilians
#: the militia has killed": a toll named by its count (the killers may stand between)
_NUMBER_OF = re.compile(r"(?<![\w'-])number\s+of\s+(?:[\w'-]+\s+){0,4}$")
NUMBER_OF_CHARS = 50
#: a toll's figure right before a group: "the death toll rose to 9 and 23 were hurt"
_TOLL_FIGURE = re.compile(r"(?<![\w'-])toll\s+(?:[\w'-]+\s+){0,3}?(?:to|at|of|reached|passed)\s+$")
TOLL_FIGURE_CHARS = 40


def _later_groups(match: re.Match[str]) -> _Value:
    rest = list(_groups(match.group("groups")))[1:]
    if not rest:
        return _NO_PEOPLE
    return _phrase_value(" and ".join(g.group() for g in rest))


def _after_subset_word(low: str, match: re.Match[str]) -> bool:
    start = match.start("groups")
    return patterns.SUBSET_BEFORE.search(low, max(0, start - 16), start) is not None


def _subset_value(low: str, match: re.Match[str]) -> _Value:
    """Victims named after 'including': the total before it ("five people
    including two children were killed" gives 5, "dozens including two
    children" none), or, when a verb stands before it ("34 dead, including one
    soldier, and 193 injured"), the groups after the first."""
    start = match.start("groups")
    head = low[max(0, start - 60) : start]
    head = head[: patterns.SUBSET_BEFORE.search(head).start()]  # type: ignore[union-attr]
    total = patterns.SUBSET_TOTAL.search(head)
    if total is not None:
        return _group_value(next(patterns.GROUP_ITEM.finditer(total.group())))
    rest = list(_groups(match.group("groups")))[1:]
    if not rest:
        return _NO_PEOPLE
    return _phrase_value(" and ".join(g.group() for g in rest))


def _candidates(scan: FieldScan, hit: Hit, low: str) -> Iterator[tuple[re.Match[str] | None, str]]:
    """The patterns that may read the phrase of the word at `hit`, in order."""
    word = low[hit.start : hit.end]
    lookback = max(hit.start - LOOKBACK_CHARS, scan.sentence_starts[hit.sentence])
    if word in patterns.TOLL_WORDS:
        yield patterns.TOLL.match(low, hit.end), "toll"
    elif word in patterns.LOSS_WORDS:
        yield patterns.LOSS.match(low, hit.end), "loss"
    elif word in patterns.LIVES_WORDS:
        yield patterns.LIVES.search(low, lookback, hit.start), "lives"
    elif word in patterns.BODIES_WORDS:
        yield patterns.AFTER_VERB.match(low, hit.end), "bodies"
    else:
        if _number_of(low, hit):
            yield patterns.TOLL.match(low, hit.end), "toll"
        if word in patterns.ACTIVE_VERBS:
            yield patterns.AFTER_VERB.match(low, hit.end), "after_verb"
        elif word in patterns.OF_NOUNS:
            yield patterns.AFTER_VERB.match(low, hit.end), "of_victims"
        if word in patterns.OF_NOUNS and word in patterns.ACTIVE_ONLY:
            yield _compound(low, hit), "compound"
        if word not in patterns.ACTIVE_ONLY:
            yield patterns.BEFORE_VERB.search(low, lookback, hit.start), "before_verb"
            if word in patterns.ACTIVE_VERBS and scan.field.name == "title":
                yield _name(scan, hit, lookback), "name"
        if scan.field.name == "summary":
            yield from _summary_names(scan, hit, word, lookback)


def _compound(low: str, hit: Hit) -> re.Match[str] | None:
    """'protest over soldier killing': the one person the noun's killing names
    (a nationality names the killers: 'condemns Israeli killing')."""
    match = patterns.COMPOUND.search(low, max(0, hit.start - COMPOUND_CHARS), hit.start)
    if match is None or match.group("groups") in patterns.NATIONALS:
        return None
    return match if _people_in(match.group("groups")) else None


#: how far before a killing its one named person may start
COMPOUND_CHARS = 32


def _number_of(low: str, hit: Hit) -> bool:
    """'the number of dead rose to 39', 'the number of people killed has risen
    to 40': the word names a toll, whose figure follows (substring test first:
    few harm words have one)."""
    head = low[max(0, hit.start - NUMBER_OF_CHARS) : hit.start]
    return "number of" in head and _NUMBER_OF.search(head) is not None


def _summary_names(
    scan: FieldScan, hit: Hit, word: str, lookback: int
) -> Iterator[tuple[re.Match[str] | None, str]]:
    """One person named in a summary: "the killing of Mohsen Fakhrizadeh",
    "Qassim Suleimani, who was killed", "Oleksandr, a paramedic, was killed"."""
    raw = scan.field.raw
    if word in patterns.OF_NOUNS:
        yield _unlisted(scan, patterns.NAMED_OF.match(raw, hit.end)), "name"
    elif word not in patterns.ACTIVE_ONLY and ", " in raw[lookback : hit.start]:
        if ", who " in raw[lookback : hit.start]:
            yield _unlisted(scan, patterns.NAMED_WHO.search(raw, lookback, hit.start)), "name"
        yield _unlisted(scan, patterns.NAMED_ASIDE.search(raw, lookback, hit.start)), "name"


def _unlisted(scan: FieldScan, match: re.Match[str] | None) -> re.Match[str] | None:
    """A name with no lexicon term in it ("Hamas Commanders" names no one)."""
    if match is None:
        return None
    start, end = match.span("groups")
    return None if any(start <= h.start < end for h in scan.hits) else match


#: a date that puts its day (and year) before a group of victims: "On
#: September 12, 11 militants were killed", "Jun 05, 2025 Three soldiers ...
#: were killed", "in March 2024 five" (a day before its month, "12 September",
#: is in not_people)
_DATE = re.compile(
    r"(?<![\w'-])(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
    r"\s+([0-9]{1,2}(?:st|nd|rd|th)?(?:\s*,?\s*(?:19|20)[0-9]{2})?|(?:19|20)[0-9]{2})(?![\w'-])"
)


def _dated(low: str, match: re.Match[str]) -> bool:
    """Whether a month-first date stands in a phrase or just before it."""
    return _DATE.search(low, max(0, match.start() - DATE_CHARS), match.end()) is not None


#: how far before a phrase its date's month may start ("september 12, 11 ...")
DATE_CHARS = 12


@lru_cache(maxsize=4)
def _undated(low: str) -> str:
    """`low` with the day and year of each month-first date blanked, keeping
    every offset; a field may be read once per harm word, so the last few are kept."""
    return _DATE.sub(lambda m: m.group()[: m.start(1) - m.start()] + " " * len(m.group(1)), low)


@lru_cache(maxsize=4)
def _unquoted(low: str) -> str:
    """`low` with quotes at word edges blanked, keeping every offset; a field
    may be read once per harm word, so the last few are kept."""
    return patterns.EDGE_QUOTE.sub(" ", low)


def _name(scan: FieldScan, hit: Hit, lookback: int) -> re.Match[str] | None:
    """A capitalised name right before the word, unless a lexicon term is
    part of it ("says Army killed" names no one)."""
    match = patterns.NAME.search(scan.field.raw, lookback, hit.start)
    if match is None or any(match.start("groups") <= h.start < hit.start for h in scan.hits):
        return None
    return match


def _phrase_value(groups: str) -> _Value:
    values = [v for v in map(_group_value, _groups(groups)) if v is not _NO_PEOPLE]
    if not values:
        return _NO_PEOPLE
    if any(v is None for v in values):
        return None
    return sum(v for v in values if isinstance(v, int))


def _groups(groups: str) -> Iterable[re.Match[str]]:
    groups = patterns.AGES.sub("", groups)
    if "family" in groups:
        groups = patterns.FAMILY_OF.sub("", groups)
    return patterns.GROUP_ITEM.finditer(patterns.SUBSET_CLAUSE.sub(",", groups))


def _group_value(group: re.Match[str]) -> _Value:
    count, rest = group.group("count"), group.group("rest").split()
    if not patterns.NOT_PEOPLE.isdisjoint(rest):
        return _NO_PEOPLE
    if " ".join(rest[:2]) in patterns.SUBSET:
        # "500,000 people, about 160,000 of them civilians": in the total
        return _NO_PEOPLE
    if count == "another":
        return 1
    numberless = count in ("a", "an", "the") or _people_in(count)
    if numberless and any(map(_plural_person, rest)):
        # "Armenian servicemen", "the bodies of Palestinian civilians": people whose
        # number is not given
        return None
    if numberless and _plural_after_person([count, *rest]):
        # "Armenian servicemen", "the bodies of Palestinian civilians": people whose
        # number is not given
        return None
    if named := _people_in(count):
        return named
    if count in ("a", "an", "the"):
        # "a third crew member", "the elderly couple"; "the attack" is nobody
        return next((n for n in map(_people_in, rest) if n), _NO_PEOPLE)
    if patterns.VAGUE.fullmatch(count):
        return None
    if len(count) == 4 and not rest and patterns.YEAR.fullmatch(count):
        return _NO_PEOPLE
    return parse_number(count)


def _plural_after_person(words: list[str]) -> bool:
    """A person word used as an adjective before a plural person noun or a
    body of people ("Israeli forces")."""
    if len(words) > 1 and words[-1] in patterns.COLLECTIVES and _people_in(words[-2]) == 1:
        return True  # the body is the head noun: "Israeli forces", not "Moroccan police officer"
    return any(_people_in(word) == 1 and _plural_person(after) for word, after in pairwise(words))


def _plural_person(word: str) -> bool:
    """'servicemen', 'civilians', 'nurses': plurals of the person nouns."""
    if word.endswith("men"):
        return word[:-3] + "man" in patterns.PEOPLE
    if not word.endswith("s"):
        return False
    # "civilians", "nurses", "militias"; never "us" ("a US hostage")
    singulars = (word[:-1], word[:-2], word[:-3] + "y" if word.endswith("ies") else "")
    return any(s in patterns.PEOPLE for s in singulars if s)


def _people_in(word: str) -> int:
    """How many people a noun names: "couple" 2, "nurse" or "12-year-old" 1."""
    if word in patterns.PEOPLE:
        return 1
    if word in patterns.PAIRS:
        return 2
    return int(word[:1].isdigit() and patterns.AGE.fullmatch(word) is not None)
