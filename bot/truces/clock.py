"""Times and days in truce wording (pure): "from 12:00 local time (0800 GMT) on Saturday".

Reading is in two steps. `find_times` lists the clock times and days of a folded sentence
with their positions, what zone each clock names and whether it sits in parentheses;
`resolve` turns one clock and one day into an aware datetime, anchored to the report's
publication time in the conflict's zone. Dates without a year take the year nearest the
report; weekdays and bare clock times look forward from it, or back for past tenses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from bot.truces.data import VOCABULARY

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar."),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
RELATIVE = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}
#: How far behind the report a "forward" clock time may lie (reports lag the news).
LAG = timedelta(hours=3)
#: How far behind the report a year-less date in an announcement may lie.
RECENT = timedelta(days=31)

# "local" alone is a zone only before punctuation: "12:00 local (0800 GMT)", not "the 2020
# local elections".
_ZONE = "|".join(
    re.escape(z) if z != "local" else r"local(?=\s*(?:[),;.]|$))"
    for z in sorted(VOCABULARY.zones, key=len, reverse=True)
)
_MONTH = "|".join(re.escape(m) for m in sorted(MONTHS, key=len, reverse=True))
_CLOCK = re.compile(
    r"(?<![\d:.,/-])(?:"
    r"(?P<h1>[01]?\d|2[0-4])(?::|h)(?P<m1>[0-5]\d)(?:\s*(?P<ap1>[ap])\.?m\b\.?)?"
    r"|(?P<h2>1[0-2]|0?[1-9])\s*(?P<ap2>[ap])\.?m\b\.?"
    rf"|(?P<hm>[0-2]\d[0-5]\d)(?=\s*(?:hrs\b|hours\b|h\b|{_ZONE})(?![a-z]))"
    r"|(?P<word>noon|midday|midnight)"
    r")(?![\d])"
)
_ZONE_AFTER = re.compile(
    rf"\s*(?:hrs\b|hours\b|h\b)?\s*\(?\s*(?P<zone>{_ZONE})(?![a-z])"
    r"(?:\s*(?P<sign>[+-])\s*(?P<oh>\d{1,2})(?::?(?P<om>\d\d))?)?"
)
_DAY = re.compile(
    rf"\b(?:(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<m1>{_MONTH})(?![a-z])\.?"
    r"(?:,?\s+(?P<y1>(?:19|20)\d\d))?"
    rf"|(?P<m2>{_MONTH})(?![a-z])\.?\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\b"
    r"(?:,?\s+(?P<y2>(?:19|20)\d\d))?"
    r"|(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)"
    rf"|(?P<wd>{'|'.join(WEEKDAYS)})"
    rf"|(?P<rel>{'|'.join(RELATIVE)})"
    r")\b"
)


@dataclass(frozen=True, slots=True)
class Clock:
    """A time of day in the text; `zone` is an IANA name, or "" for local time."""

    start: int
    end: int
    hour: int
    minute: int
    zone: str = ""
    word: str = ""  # "midnight" / "noon" when written as a word
    paren: bool = False
    sentence: int = 0

    @property
    def explicit(self) -> bool:
        """The text names the zone (GMT, Moscow time): no guess about local time."""
        return bool(self.zone)


@dataclass(frozen=True, slots=True)
class Day:
    """A day in the text: a date (year possibly missing), a weekday or today/tomorrow."""

    start: int
    end: int
    month: int = 0
    day: int = 0
    year: int | None = None
    weekday: int | None = None
    offset: int | None = None
    paren: bool = False
    sentence: int = 0


def in_parens(text: str, position: int) -> bool:
    """Whether `position` lies inside an unclosed "(" before it."""
    before = text[:position]
    return before.rfind("(") > before.rfind(")")


def clock_zone(text: str, end: int) -> tuple[str, int]:
    """The zone written right after a clock time ("GMT", "local time", "UTC+3")."""
    match = _ZONE_AFTER.match(text, end)
    if match is None:
        return "", end
    zone = VOCABULARY.zones[match["zone"]]
    if match["sign"] and zone == "UTC":
        zone = offset_zone(match["sign"], int(match["oh"]), int(match["om"] or 0))
    return zone, match.end()


def offset_zone(sign: str, hours: int, minutes: int) -> str:
    """ "UTC+3" as a fixed-offset zone name zoneinfo knows (Etc/GMT-3), whole hours only."""
    if minutes or hours > 12:
        return "UTC"  # not expressible as Etc/GMT±h; the wording is rare
    return f"Etc/GMT{'-' if sign == '+' else '+'}{hours}" if hours else "UTC"


def read_clock(text: str, match: re.Match[str], sentence: int) -> Clock:
    """One `_CLOCK` match as a Clock, with its zone and whether it is parenthesised."""
    hour, minute, word = clock_fields(match)
    zone, _ = clock_zone(text, match.end())
    paren = in_parens(text, match.start())
    return Clock(match.start(), match.end(), hour, minute, zone, word, paren, sentence)


def clock_fields(match: re.Match[str]) -> tuple[int, int, str]:
    """Hour (0-24), minute and the word, from whichever branch of `_CLOCK` matched."""
    if match["word"]:
        return (0 if match["word"] == "midnight" else 12), 0, match["word"]
    if match["hm"]:
        return int(match["hm"][:2]), int(match["hm"][2:]), ""
    hour = int(match["h1"] or match["h2"])
    meridiem = match["ap1"] or match["ap2"]
    if meridiem and hour <= 12:
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    return hour, int(match["m1"] or 0), ""


def read_day(text: str, match: re.Match[str], sentence: int) -> Day | None:
    """One `_DAY` match as a Day; an impossible date ("31 June") is none."""
    paren = in_parens(text, match.start())
    where = {"start": match.start(), "end": match.end(), "paren": paren, "sentence": sentence}
    if match["wd"]:
        return Day(**where, weekday=WEEKDAYS.index(match["wd"]))  # type: ignore[arg-type]
    if match["rel"]:
        return Day(**where, offset=RELATIVE[match["rel"]])  # type: ignore[arg-type]
    if match["iso"]:
        year, month, day = (int(part) for part in match["iso"].split("-"))
    else:
        month = MONTHS[match["m1"] or match["m2"]]
        day, year = int(match["d1"] or match["d2"]), int(match["y1"] or match["y2"] or 0)
    if not valid_date(year or 2000, month, day):
        return None
    return Day(**where, month=month, day=day, year=year or None)  # type: ignore[arg-type]


def valid_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def find_times(text: str, sentence: int = 0) -> tuple[list[Clock], list[Day]]:
    """The clock times and days of a folded sentence, in text order."""
    clocks = [read_clock(text, m, sentence) for m in _CLOCK.finditer(text)]
    days = [d for m in _DAY.finditer(text) if (d := read_day(text, m, sentence)) is not None]
    return clocks, days


def zone_info(name: str) -> tzinfo:
    return UTC if name in ("", "UTC") else ZoneInfo(name)


def resolve_day(day: Day, today: date, backward: bool) -> date:
    """The calendar date `day` means, seen from `today` (the report's local date)."""
    if day.offset is not None:
        return today + timedelta(days=day.offset)
    if day.weekday is not None:
        ahead = (day.weekday - today.weekday()) % 7
        return today - timedelta(days=(7 - ahead) % 7) if backward else today + timedelta(ahead)
    if day.year is not None:
        return date(day.year, day.month, day.day)
    return nearest_year(day, today, backward)


def nearest_year(day: Day, today: date, backward: bool) -> date:
    """A date without a year: the last one on or before the report (past tenses), else
    the first one from a month before the report on (announcements name coming days)."""
    candidates = [
        date(y, day.month, day.day)
        for y in (today.year - 1, today.year, today.year + 1)
        if valid_date(y, day.month, day.day)
    ]
    if backward:
        return max((d for d in candidates if d <= today + timedelta(days=1)), default=candidates[0])
    return min((d for d in candidates if d >= today - RECENT), default=candidates[-1])


def at(day: date, clock: Clock | None, zone: tzinfo) -> datetime:
    """`clock` on `day` in `zone`; 24:00 is the next day's 00:00."""
    if clock is None:
        return datetime.combine(day, time(0), zone)
    extra = timedelta(days=1) if clock.hour == 24 else timedelta(0)
    return datetime.combine(day + extra, time(clock.hour % 24, clock.minute), zone)


def clock_only(clock: Clock, anchor: datetime, zone: tzinfo, backward: bool) -> datetime:
    """A clock time with no day: its occurrence next after the report (or the last one
    before it, for past tenses). A time a little behind the report still counts as ahead,
    since reports lag; midnight never does."""
    today = anchor.astimezone(zone).date()
    times = [at(today + timedelta(days=d), clock, zone) for d in (-1, 0, 1)]
    if backward:
        return max((t for t in times if t <= anchor), default=times[0])
    lag = timedelta(0) if clock.word == "midnight" else LAG
    return min((t for t in times if t >= anchor - lag), default=times[-1])


def resolve(
    clock: Clock | None,
    day: Day | None,
    anchor: datetime,
    zone_name: str,
    *,
    backward: bool,
    until: bool = False,
) -> datetime | None:
    """The moment a clock time and a day name together, as an aware datetime in UTC.

    `zone_name` is the conflict's zone, used where the clock names none. "Midnight" with a
    weekday or "tonight" is the end of that day ("midnight on Friday" = Friday 24:00);
    with a date it is the start ("from midnight on 8 May"). A day with no time is its
    start, or its end when `until` ("until Sunday" runs through Sunday)."""
    zone = zone_info(clock.zone if clock and clock.zone else zone_name)
    if day is None:
        return None if clock is None else clock_only(clock, anchor, zone, backward).astimezone(UTC)
    moment = at(resolve_day(day, anchor.astimezone(zone).date(), backward), clock, zone)
    midnight = clock is not None and clock.word == "midnight" and day.month == 0
    if midnight or (clock is None and until):
        moment += timedelta(days=1)
    return moment.astimezone(UTC)


def nearest(clock: Clock, moment: datetime) -> datetime:
    """The occurrence of an explicit-zone clock nearest to `moment` (for "12:00 local
    time (0800 GMT)", the GMT time on the day the local time falls)."""
    zone = zone_info(clock.zone)
    base = moment.astimezone(zone).date()
    times = [at(base + timedelta(days=d), clock, zone) for d in (-1, 0, 1)]
    return min(times, key=lambda t: abs(t - moment)).astimezone(UTC)
