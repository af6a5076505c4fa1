"""`/timeline`: what the user asked for (a typed query, also the state behind its "more"
button) and how a page of stories reads (pure)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfoNotFoundError

from bot.dates import day_heading
from bot.format import item_line
from bot.i18n import ENGLISH, N_, Tongue
from bot.message import Line, Surface, bold, line
from bot.models import CATEGORY_NAMES, LABEL_TITLES, Label, StoredItem
from bot.truces.clock import zone_info
from bot.words import label_plural
from bot.zones import local
from handlers.arguments import parse_duration
from storage.store import TimelinePage

MAX_PERIOD = timedelta(days=366)
DEFAULT_PERIOD = timedelta(days=7)


class PeriodError(ValueError):
    """A period the user typed cannot be used; `template` and `values` say why (English
    message ids, looked up in the reader's language)."""

    def __init__(self, template: str, **values: object) -> None:
        super().__init__(template.format(**values))
        self.template, self.values = template, values


@dataclass(frozen=True, slots=True)
class TimelineQuery:
    """A timeline request: a period, maybe a category and words, and where a page ends."""

    since: float
    until: float
    period: str
    label: Label | None = None
    match: str | None = None
    before: tuple[float, int] | None = None  # (published_at, id) of the last story shown
    zone: str = "UTC"  # the chat's: days begin at its midnight, times are its clock's
    chart: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TimelineQuery | None:
        """The saved state, or None if it is not one we saved."""
        try:
            before = data.get("before")
            return cls(
                since=float(data["since"]),
                until=float(data["until"]),
                period=str(data["period"]),
                label=_label(data.get("label")),
                match=None if data.get("match") is None else str(data["match"]),
                before=None if before is None else (float(before[0]), int(before[1])),
                zone=_zone(data.get("zone", "UTC")),
            )
        except (KeyError, TypeError, ValueError, IndexError):
            return None

    def after(self, item: StoredItem) -> TimelineQuery:
        """The query for the page that follows one ending with `item`."""
        return replace(self, before=(item.published_at.timestamp(), item.id))


def _label(value: object) -> Label | None:
    if value is None:
        return None
    if value not in LABEL_TITLES:
        raise ValueError(f"not a label: {value!r}")
    return value  # type: ignore[return-value]


def _zone(value: object) -> str:
    """A zone saved with the page (checked: the state comes back from storage as data)."""
    if not isinstance(value, str):
        raise ValueError(f"not a zone: {value!r}")
    try:
        zone_info(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"not a zone: {value!r}") from None
    return value


def parse_timeline_args(args: str, now: datetime, zone: str = "UTC") -> TimelineQuery:
    """`[chart] [category] [24h | 7d | 2020-10-10 | today | yesterday] [keyword ...]`;
    dates are days in `zone`."""
    query = TimelineQuery(
        (now - DEFAULT_PERIOD).timestamp(),
        now.timestamp() + 1,
        f"{DEFAULT_PERIOD.days}d",
        zone=zone,
    )
    words = args.split()
    if words[:1] and words[0].lower() == "chart":
        query, words = replace(query, chart=True), words[1:]
    period_set, rest = False, []
    for word in words:
        if query.label is None and word.lower() in CATEGORY_NAMES:
            query = replace(query, label=CATEGORY_NAMES[word.lower()])
        elif not period_set and (span := _period(word, now, zone)) is not None:
            query, period_set = replace(query, since=span[0], until=span[1], period=span[2]), True
        else:
            rest.append(word)
    return replace(query, match=" ".join(rest)[:100]) if rest else query


def _period(word: str, now: datetime, zone: str) -> tuple[float, float, str] | None:
    lowered = word.lower()
    if lowered in ("today", "yesterday"):
        today = local(now, zone).date()
        return _day((today - timedelta(days=lowered == "yesterday")).isoformat(), zone)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", lowered):
        return _day(lowered, zone)
    duration = parse_duration(lowered) if re.fullmatch(r"\d+[hdw]", lowered) else None
    if duration is None:
        return None
    if duration > MAX_PERIOD:
        raise PeriodError(
            N_("{period} is too long a period (at most {n} days)."), period=word, n=MAX_PERIOD.days
        )
    return (now - duration).timestamp(), now.timestamp() + 1, word


def _day(text: str, zone: str) -> tuple[float, float, str]:
    """A local calendar day, midnight to midnight (23 or 25 hours on a clock change)."""
    try:
        day = date.fromisoformat(text)
        start = datetime.combine(day, time(0), zone_info(zone))
        end = datetime.combine(day + timedelta(days=1), time(0), zone_info(zone))
        return start.timestamp(), end.timestamp(), text
    except (ValueError, OverflowError):
        raise PeriodError(N_("{text} is not a date (use YYYY-MM-DD)."), text=text) from None


def timeline_problem(exc: ValueError, t: Tongue) -> str:
    """Why the period cannot be used, in the reader's language."""
    if isinstance(exc, PeriodError):
        return t.gettext(exc.template, **exc.values)
    return str(exc)


def describe_timeline(query: TimelineQuery, t: Tongue = ENGLISH) -> str:
    what = label_plural(query.label, t) if query.label else t.gettext("reports")
    if "-" in query.period:
        span = t.gettext("on {day}", day=query.period)
    else:
        span = t.gettext("in the last {period}", period=query.period)
    match = t.gettext(" mentioning “{words}”", words=query.match) if query.match else ""
    zone = f" ({query.zone})" if query.zone != "UTC" else ""
    return f"{what}{match} {span}{zone}"


def timeline_lines(
    page: TimelinePage, title: str, surface: Surface, zone: str = "UTC", t: Tongue = ENGLISH
) -> tuple[list[Line], int]:
    """Lines grouped by day (in `zone`), as many stories as fit the surface; returns them
    and how many stories fitted."""
    lines: list[Line] = [line(bold(t.gettext("Timeline: {title}", title=title)))]
    day = None
    shown = 0
    for item in page.items:
        today = local(item.published_at, zone).date()
        heading = [] if today == day else [line(), line(bold(day_heading(today, t)))]
        extra = page.story_sizes.get(item.id, 1) - 1
        candidate = [*lines, *heading, item_line(item, extra, zone, t)]
        if surface.fit(candidate)[1]:
            break
        lines, day, shown = candidate, today, shown + 1
    return lines, max(shown, 1)
