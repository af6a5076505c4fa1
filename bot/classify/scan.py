"""Scan a field once into lexicon hits, and look around a hit.

The rules never re-read the text: they walk the short list of hits that the
single scanner regex produced, measuring distance in words and stopping at
clause ends.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from typing import NamedTuple

from bot.classify import roles
from bot.classify.lexicon import LEXICON, MARKS, Category, Lexicon
from bot.classify.text import Field

_WORD_GAP = re.compile(r"[\s'\"]+")
_SENTENCE_END = frozenset(";!?")
_CLAUSE_END = frozenset(",()")
_AFTER_STOP = frozenset(" \"')]")
#: short forms after which a full stop goes on: months and titles
_ABBREVIATIONS = frozenset(
    {"jan", "feb", "aug", "sept", "sep", "oct", "nov", "dec", "gen", "lt", "col", "maj"}
    | {"capt", "sgt", "cpl", "pvt", "mr", "mrs", "ms", "dr", "prof", "gov", "sen", "rep", "st"}
)


class Hit(NamedTuple):
    """One lexicon term found in a field.

    `first_word` and `last_word` count the spaces before the hit's start and
    end, so the number of words between two hits is a subtraction; `order`
    is the hit's place in its field's list.
    """

    role: str
    category: str
    start: int
    end: int
    clause: int
    sentence: int
    first_word: int
    last_word: int
    order: int


@dataclass(slots=True)  # not frozen: built per item (see decision.py)
class FieldScan:
    """A field, the hits found in it in text order, and the same hits by role.

    Rules ask for the few roles they care about instead of walking every
    hit; `armed` tells whether any hit places the field in armed conflict,
    `strong` whether one does that crime and accidents never share (a war's
    places, named parties, weapons of war, truces);
    `sentence_starts[n]` is the offset where sentence `n` begins.
    """

    field: Field
    hits: tuple[Hit, ...]
    by_role: Mapping[str, tuple[Hit, ...]]
    armed: bool
    strong: bool
    sentence_starts: tuple[int, ...]

    def text(self, hit: Hit) -> str:
        """The folded text of a hit."""
        return self.field.low[hit.start : hit.end]

    def having(self, wanted: frozenset[str]) -> Sequence[Hit]:
        """The hits whose role is in `wanted`, in text order."""
        by_role = self.by_role
        # most fields have none of the roles a rule asks for
        if wanted.isdisjoint(by_role):
            return ()
        groups = [hits for role, hits in by_role.items() if role in wanted]
        if len(groups) < 2:
            return groups[0]
        return sorted(chain.from_iterable(groups), key=_ORDER)


def scan_field(text: Field, lexicon: Lexicon = LEXICON) -> FieldScan:
    """Find every lexicon term in `text`, numbering clauses and sentences.

    The one hot loop of the classifier, kept in one piece with local
    variables: per match it costs about as much as the regex itself.
    """
    low = text.low
    # the scanner reads the character before each term: a space stands
    # before the first, so an offset in `padded` is one past that in `low`
    padded = " " + low
    hits: list[Hit] = []
    by_role: dict[str, list[Hit]] = {}
    clause = sentence = spaces = position = 0
    armed = strong = False
    sentence_starts = [0]
    entries = _LEXICON_ENTRIES if lexicon is LEXICON else _entries(lexicon)
    for match in lexicon.scanner.finditer(padded):
        start = match.start()
        mark = padded[start]
        if mark == " ":
            pass  # most terms follow a space: no mark to read
        elif mark in _CLAUSE_END:
            clause += 1  # the commonest marks, which end a clause only
        elif mark in MARKS:
            ends_sentence, ends_clause = _punctuation(low, start - 1)
            if ends_sentence:
                sentence += 1
                sentence_starts.append(start)
            clause += ends_clause
        term = match[_TERM]
        if term is None:
            continue
        entry = entries.get(term) or _entry(lexicon, term)
        if entry is None:
            continue
        role, name, conflict, in_war, words, kind = entry
        if kind >= _CLAUSE_WORD:
            clause += kind == _CLAUSE_WORD
            continue
        armed = armed or conflict
        strong = strong or in_war
        if kind == _FLAG:
            continue
        end = start + len(term)
        spaces += low.count(" ", position, start)
        last = spaces + words
        # tuple.__new__ skips the Python-level __new__ a NamedTuple call runs
        hit = _new_hit(Hit, (role, name, start, end, clause, sentence, spaces, last, len(hits)))
        hits.append(hit)
        found = by_role.get(role)
        if found is None:
            by_role[role] = [hit]
        else:
            found.append(hit)
        spaces, position = last, end
    grouped = {role: tuple(found) for role, found in by_role.items()}
    return FieldScan(text, tuple(hits), grouped, armed, strong, tuple(sentence_starts))


#: the scanner's group of a term (its only group): a number is found faster than a name
_TERM = 1
_new_hit = tuple.__new__

#: what the scanner does with a term's hit: keeps it, only sets the field's
#: flags from it, counts it as a clause end, or drops it (an idiom)
_KEPT, _FLAG, _CLAUSE_WORD, _DROPPED = range(4)
#: per term: role, category, conflict, strong, spaces inside the term, and what to do
_Entry = tuple[str, str, bool, bool, int, int]


def _entries(lexicon: Lexicon) -> dict[str, _Entry]:
    """Each term's entry, worked out from its category once, so that a hit
    costs the scanner one lookup."""
    table = lexicon.term_categories
    return {term: _entry_of(term, category) for term, category in table.items()}


def _entry(lexicon: Lexicon, term: str) -> _Entry | None:
    """The entry of a spelling that is not itself a term ("cease  fire")."""
    category = _lookup(lexicon, term)
    return None if category is None else _entry_of(term, category)


def _entry_of(term: str, category: Category) -> _Entry:
    role = category.role
    if role in roles.UNKEPT:
        kind = _CLAUSE_WORD if role == roles.CLAUSE else _DROPPED
    else:
        kind = _FLAG if role in roles.FLAGS else _KEPT
    words = term.count(" ")
    return role, category.name, category.conflict, category.strong, words, kind


_LEXICON_ENTRIES = _entries(LEXICON)


def _lookup(lexicon: Lexicon, term: str) -> Category | None:
    name = lexicon.term_category.get(term)
    if name is None:
        # the scanner lets quotes and runs of spaces sit between words
        name = lexicon.term_category.get(" ".join(_WORD_GAP.split(term)))
    return lexicon.categories[name] if name else None


def _punctuation(low: str, at: int) -> tuple[bool, bool]:
    """Whether the mark at `at` ends a sentence, and whether it ends a clause."""
    char, following = low[at], low[at + 1 : at + 2]
    if char in _SENTENCE_END:
        return True, True
    if char == ".":
        # "U.S." and "1.5" do not end sentences, nor "Nov. 24" and "Gen. Ali"
        stop = following == "" or following in _AFTER_STOP
        stop = stop and not (at >= 2 and low[at - 2] == ".") and not _abbreviated(low, at)
        return stop, stop
    if char in _CLAUSE_END:
        return False, True
    if char == ":":
        return False, following in ("", " ")
    # a dash between spaces: "Minsk Group -- Russia, France"
    return False, low[at - 1 : at] == " " and following in (" ", "-")


def _abbreviated(low: str, at: int) -> bool:
    """Whether the word ending at the full stop `at` is a short form of a
    month or a title ("Nov. 24", "Gen. Ali"), which goes on in the sentence."""
    space = low.rfind(" ", max(0, at - 6), at)
    return low[space + 1 : at] in _ABBREVIATIONS


def before(scan: FieldScan, anchor: Hit, wanted: Collection[str], max_words: int) -> Hit | None:
    """The nearest earlier hit in the same clause whose role is `wanted`."""
    hits, clause = scan.hits, anchor.clause
    # a hit ending before this word is more than `max_words` words away
    reach = anchor.first_word - 1 - max_words
    for j in range(anchor.order - 1, -1, -1):
        other = hits[j]
        if other.clause != clause or other.last_word < reach:
            return None
        if other.role in wanted:
            return other
    return None


def after(scan: FieldScan, anchor: Hit, wanted: Collection[str], max_words: int) -> Hit | None:
    """The nearest later hit in the same clause whose role is `wanted`."""
    hits, clause = scan.hits, anchor.clause
    # a hit starting after this word is more than `max_words` words away
    reach = anchor.last_word + 1 + max_words
    for j in range(anchor.order + 1, len(hits)):
        other = hits[j]
        if other.clause != clause or other.first_word > reach:
            return None
        if other.role in wanted:
            return other
    return None


def question(scan: FieldScan, hit: Hit) -> bool:
    """Whether the sentence of `hit` asks a question ("Will the truce hold?")."""
    return scan.field.low[hit.end : sentence_end(scan, hit.sentence)].rstrip().endswith("?")


def sentence_end(scan: FieldScan, sentence: int) -> int:
    """The offset where sentence `sentence` ends: where the next begins, or the field's end."""
    starts = scan.sentence_starts
    return starts[sentence + 1] if sentence + 1 < len(starts) else len(scan.field.low)


def roles_present(scans: Collection[FieldScan]) -> frozenset[str]:
    """Every role hit anywhere in the item."""
    return frozenset(chain.from_iterable(scan.by_role for scan in scans))


#: a hit's place in its field's list (`Hit.order`), read in C as the sort key
_ORDER = itemgetter(8)
