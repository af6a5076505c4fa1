"""Sentences, phrase finders, and the start / end / duration a truce sentence gives (pure).

Date libraries misread truce wording ("a 72-hour truce" as the year 2072, "30 days" as a
date), so the wording is read here: a cue ("from", "starting", "takes effect", "until",
"expires") opens a slot, and the clock times and days that follow it closely fill it;
words like "said" or "after talks" close it. Durations are read only where they qualify
the truce ("a 72-hour truce", "a truce for 36 hours", "extended by another week").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.text import fold
from bot.truces.clock import Clock, Day, find_times, nearest, resolve
from bot.truces.data import VOCABULARY

#: How far (characters) a time may follow its cue or the previous time of its slot.
REACH = 40
_SPLIT = re.compile(r"(?<=[.!?;])\s+(?=[\"'“‘(]?[A-Z0-9])|\n+")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Za-z]\.(?:[A-Za-z]\.)*|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Col|Lt|Maj|Sgt|Jan|Feb|Mar|Apr|"
    r"Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|vs|approx))$"
)


def phrase_regex(phrases: Iterable[str]) -> re.Pattern[str]:
    """Whole-word alternation of folded phrases, longest first."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(p) for p in ordered) + r")(?![\w-])")


NOUNS = phrase_regex(VOCABULARY.nouns)
_CUES = {role: phrase_regex(VOCABULARY.cues[role]) for role in ("start", "end", "range_end")}
_BLOCK = phrase_regex(VOCABULARY.cues["block"])
_PAST = VOCABULARY.past


def sentences(text: str) -> list[str]:
    """Raw sentences of a title or summary; "7 a.m. Friday" and "U.S. envoy" stay whole."""
    pieces: list[str] = []
    for piece in _SPLIT.split(text):
        if pieces and _ABBREVIATION.search(pieces[-1]):
            pieces[-1] += " " + piece
        elif piece.strip():
            pieces.append(piece.strip())
    return pieces


def folded_sentences(title: str, summary: str) -> list[str]:
    """The title, then the summary's sentences, each folded."""
    return [fold(s) for s in (title, *sentences(summary)) if s.strip()]


@dataclass(slots=True)
class Slot:
    """The clock times and days that a start or end cue governs, with its tense."""

    clocks: list[Clock] = field(default_factory=list)
    days: list[Day] = field(default_factory=list)
    past: bool = False

    def score(self) -> int:
        """Explicit zones beat guessed ones, and a time with a day beats either alone."""
        explicit = any(c.explicit for c in self.clocks)
        return 4 * explicit + 2 * bool(self.clocks) + bool(self.days)


Token = tuple[int, int, str, "str | Clock | Day"]


def cue_events(text: str) -> list[Token]:
    """(start, end, role, phrase) of every cue and blocker, in text order."""
    events: list[Token] = [
        (m.start(), m.end(), role, m[0]) for role, rx in _CUES.items() for m in rx.finditer(text)
    ]
    events += [(m.start(), m.end(), "block", m[0]) for m in _BLOCK.finditer(text)]
    return sorted(events, key=lambda e: e[:2])


@dataclass(slots=True)
class Binder:
    """Walks a sentence's cues and times in order, filling the slot the last cue opened."""

    slots: dict[str, Slot] = field(default_factory=lambda: {"start": Slot(), "end": Slot()})
    role: str = ""
    reach: int = -1
    past: bool = False

    def feed(self, start: int, end: int, kind: str, what: str | Clock | Day) -> None:
        if isinstance(what, (Clock, Day)):
            if self.role and start <= self.reach:
                add(self.slots[self.role], what)
                self.reach = end + REACH
        elif kind in ("start", "end"):
            self.past = self.past or what in _PAST
            self.open(kind, end)
        elif kind == "range_end" and self.role == "start" and start <= self.reach:
            if filled(self.slots["start"]):
                self.open("end", end)  # "from noon to midnight"
        elif kind == "block":
            self.role = ""

    def open(self, role: str, end: int) -> None:
        self.role, self.reach = role, end + REACH
        self.slots[role].past = self.slots[role].past or self.past


def bind(text: str, sentence: int = 0) -> dict[str, Slot]:
    """The start and end slots of one folded sentence."""
    clocks, days = find_times(text, sentence)
    stream = cue_events(text)
    stream += [(c.start, c.end, "time", c) for c in clocks]
    stream += [(d.start, d.end, "time", d) for d in days]
    binder = Binder()
    for token in sorted(stream, key=lambda e: e[:2]):
        binder.feed(*token)
    return binder.slots


def filled(slot: Slot) -> bool:
    return bool(slot.clocks or slot.days)


def add(slot: Slot, token: Clock | Day) -> None:
    if isinstance(token, Clock):
        slot.clocks.append(token)
    else:
        slot.days.append(token)


def best_slots(texts: Sequence[str]) -> dict[str, Slot]:
    """Per role, the sentences' slots joined, so a day and a time found in different
    sentences of one item combine."""
    joined = {"start": Slot(), "end": Slot()}
    for index, text in enumerate(texts):
        for role, slot in bind(text, index).items():
            joined[role].clocks += slot.clocks
            joined[role].days += slot.days
            joined[role].past = joined[role].past or slot.past
    return joined


def slot_time(slot: Slot, anchor: datetime, zone: str, *, until: bool = False) -> datetime | None:
    """The moment a slot names. A zone the text states (GMT, Moscow time) wins over the
    conflict's local time: "12:00 local time (0800 GMT)" is read as 08:00 UTC on the day
    the local time falls."""
    local = next((c for c in slot.clocks if not c.explicit), None)
    explicit = next((c for c in slot.clocks if c.explicit), None)
    day = next((d for d in slot.days if not d.paren), slot.days[0] if slot.days else None)
    own_day = next((d for d in slot.days if explicit and owns(explicit, d)), None)
    if explicit is not None and (local is None or own_day is not None):
        return resolve(explicit, own_day or day, anchor, zone, backward=slot.past)
    moment = resolve(local, day, anchor, zone, backward=slot.past, until=until)
    if moment is not None and explicit is not None:
        return nearest(explicit, moment)
    return moment


def owns(clock: Clock, day: Day) -> bool:
    """A day inside the same parentheses as an explicit clock: "(2100 GMT Friday)"."""
    return day.paren and clock.paren and day.sentence == clock.sentence and day.start > clock.start


@dataclass(frozen=True, slots=True)
class Duration:
    """A length of time in the text, and whether it is written as an adjective."""

    start: int
    end: int
    length: timedelta
    adjective: bool


_NUMBER_WORDS = sorted(VOCABULARY.numbers, key=len, reverse=True)
_TENS = "|".join(w for w in _NUMBER_WORDS if VOCABULARY.numbers[w] >= 20)
_ONES = "|".join(w for w in _NUMBER_WORDS if 1 <= VOCABULARY.numbers[w] <= 9 and len(w) > 2)
_NUMBER = rf"(?:\d{{1,3}}|(?:{_TENS})-(?:{_ONES})|{'|'.join(_NUMBER_WORDS)})"
_UNIT = "|".join(sorted(VOCABULARY.units, key=len, reverse=True))
_DURATION = re.compile(
    rf"(?<![\w-])(?:(?P<n>{_NUMBER})(?:(?P<adj>-)(?P<u1>{_UNIT})(?:-?long)?"
    rf"|\s+(?P<u2>{_UNIT})s?(?P<long>-long)?)|(?:a\s+|an\s+)?(?P<u3>{_UNIT})-?long)(?![\w-])"
)
_LEAD = phrase_regex(VOCABULARY.cues["duration"])
#: Between a truce and a "for"/"lasting" length: the length is of something else.
_ELSEWHERE = phrase_regex(("talks", "negotiations", "meeting", "meetings", "discussions", "after"))


def number(word: str) -> int:
    """ "72", "four", "seventy-two" as an int."""
    if word.isdigit():
        return int(word)
    return sum(VOCABULARY.numbers[part] for part in word.split("-"))


def find_durations(text: str) -> list[Duration]:
    """Every duration in a folded sentence ("72-hour", "four-day", "36 hours", "week-long")."""
    found = []
    for m in _DURATION.finditer(text):
        unit = m["u1"] or m["u2"] or m["u3"]
        count = number(m["n"]) if m["n"] else 1
        adjective = bool(m["adj"] or m["long"] or m["u3"])
        length = timedelta(hours=count * VOCABULARY.units[unit])
        found.append(Duration(m.start(), m.end(), length, adjective))
    return found


def truce_duration(text: str, anchors: Sequence[tuple[int, int]]) -> timedelta | None:
    """The truce's length in one folded sentence. `anchors` are the spans of the words a
    duration may qualify (the truce nouns, "extended"): an adjective just before one ("a
    72-hour humanitarian truce"), or a lead-in ("for", "by another") after one. "After 10
    hours of talks" qualifies nothing."""
    for duration in find_durations(text):
        if qualifies(text, duration, anchors):
            return duration.length
    return None


def qualifies(text: str, duration: Duration, anchors: Sequence[tuple[int, int]]) -> bool:
    after = text[duration.end : duration.end + 30]
    if after.lstrip().startswith(("of talks", "of negotiations", "of fighting", "of meetings")):
        return False
    if duration.adjective and any(0 <= a - duration.end <= 30 for a, _ in anchors):
        return True
    lead = _LEAD.search(text[max(0, duration.start - 24) : duration.start].rstrip() + " ")
    if lead is None or not text[: duration.start].rstrip().endswith(lead[0]):
        return False
    gaps = [text[e : duration.start] for _, e in anchors if 0 <= duration.start - e <= 60]
    return any(not _ELSEWHERE.search(gap) for gap in gaps)


def nouns_in(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in NOUNS.finditer(text)]
