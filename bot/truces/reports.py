"""What a news item tied to a truce adds to its tally (pure): when the violation it
reports is alleged to have happened, and the casualty figures that fall since the truce
began. Report time (publication) and event time (what the text says) are kept apart."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.models import StoredItem
from bot.truces.clock import find_times, resolve
from bot.truces.data import VOCABULARY
from bot.truces.wording import folded_sentences, number, phrase_regex

_NUMBER_WORDS = "|".join(sorted(VOCABULARY.numbers, key=len, reverse=True))
_COUNT = rf"(\d{{1,3}}|(?:{_NUMBER_WORDS})(?:-(?:{_NUMBER_WORDS}))?)"
_NOUN = phrase_regex(VOCABULARY.nouns).pattern
_BEGAN = phrase_regex(VOCABULARY.cues["start"]).pattern
_AFTER_START = re.compile(
    rf"{_COUNT}\s+(minute|hour)s?\s+after\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}{_NOUN}\s+(?:had\s+|was\s+to\s+)?{_BEGAN}"
)
#: A clock time right after these is not when the violation happened.
_NOT_EVENT = re.compile(r"(?:as of|after|before|since|until|till|from|by|due at|to begin at)\s*$")
_KILLED_SINCE = re.compile(
    rf"{_COUNT}\s+(?:of them\s+|people\s+|civilians\s+|soldiers\s+)?"
    rf"(?:were\s+|have been\s+|had been\s+)?killed\s+(?:after|since)\s+"
    rf"(?:the\s+)?(?:[\w-]+\s+){{0,2}}{_NOUN}"
)
#: A clock time or "N minutes after": only then can the text date an incident.
_TIMED = re.compile(r"\d|noon|midday|midnight", re.IGNORECASE)
_SINCE_DAY = re.compile(r"\bsince\s+(?:the\s+)?(?=[\w ,]{0,30})")


@dataclass(frozen=True, slots=True)
class TruceReport:
    """One item tied to a truce, as the tally counts it."""

    item_id: int
    story_id: int
    published_at: datetime
    labels: tuple[str, ...]
    killed: int | None
    wounded: int | None
    alleged_at: datetime | None
    title: str

    @property
    def violation(self) -> bool:
        return "ceasefire_violation" in self.labels


def read_report(item: StoredItem, start: datetime, zone: str) -> TruceReport:
    """`item` as a report on the truce that began at `start` (in `zone`)."""
    labels = item.classification.labels
    violation = "ceasefire_violation" in labels
    if not (violation and _TIMED.search(item.summary + item.title)) and not (
        "casualty_report" in labels and "since" in item.summary + item.title
    ):  # nothing in the text to read: the classifier's figures stand
        c = item.classification
        return TruceReport(
            item.id, item.story_id, item.published_at, labels, c.killed, c.wounded, None, item.title
        )
    texts = folded_sentences(item.title, item.summary)
    killed, wounded = since_truce_figures(item, texts, start, zone)
    alleged = alleged_at(texts, item.published_at, start, zone) if violation else None
    return TruceReport(
        item_id=item.id,
        story_id=item.story_id,
        published_at=item.published_at,
        labels=labels,
        killed=killed,
        wounded=wounded,
        alleged_at=alleged,
        title=item.title,
    )


def alleged_at(
    texts: list[str], published: datetime, start: datetime, zone: str
) -> datetime | None:
    """When the text says the violation happened: "five minutes after the truce began", or
    the earliest clock time it gives between the truce's start and the report."""
    for text in texts:
        match = _AFTER_START.search(text)
        if match:
            unit = timedelta(minutes=1) if match[2] == "minute" else timedelta(hours=1)
            return start + number(match[1]) * unit
    times = [t for i, text in enumerate(texts) for t in event_times(text, i, published, zone)]
    within = [t for t in times if start <= t <= published]
    return min(within, default=None)


def event_times(text: str, index: int, published: datetime, zone: str) -> list[datetime]:
    """The clock times of a sentence that may date an incident, each with the day named
    right after it if any, read backwards from the report."""
    clocks, days = find_times(text, index)
    found = []
    for clock in clocks:
        if _NOT_EVENT.search(text[max(0, clock.start - 14) : clock.start]):
            continue
        day = next((d for d in days if 0 <= d.start - clock.end <= 25), None)
        moment = resolve(clock, day, published, zone, backward=True)
        if moment is not None:
            found.append(moment)
    return found


def since_truce_figures(
    item: StoredItem, texts: list[str], start: datetime, zone: str
) -> tuple[int | None, int | None]:
    """The item's casualty figures, unless they are a toll running from before the truce
    ("31 killed since 27 September"): then only a figure the text gives for the time since
    the truce ("four of them killed after the ceasefire took effect"), if any."""
    figures = item.classification
    if "casualty_report" not in figures.labels:
        return None, None
    if not cumulative_before(texts, item.published_at, start, zone):
        return figures.killed, figures.wounded
    for text in texts:
        match = _KILLED_SINCE.search(text)
        if match:
            return number(match[1]), None
    return None, None


def cumulative_before(texts: list[str], published: datetime, start: datetime, zone: str) -> bool:
    """Whether a sentence counts "since" a day before the truce began."""
    for index, text in enumerate(texts):
        for match in _SINCE_DAY.finditer(text):
            _, days = find_times(text[match.end() : match.end() + 30], index)
            if days and days[0].start == 0:
                moment = resolve(None, days[0], published, zone, backward=True)
                if moment is not None and moment < start - timedelta(hours=12):
                    return True
    return False
