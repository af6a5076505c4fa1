"""`/timeline`: what the user asked for (a typed query, also the state behind its "more"
button) and how a page of stories reads (pure)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.format import item_line
from bot.message import Line, Surface, bold, line
from bot.models import CATEGORY_NAMES, LABEL_TITLES, Label, StoredItem
from handlers.arguments import parse_duration
from storage.store import TimelinePage

MAX_PERIOD = timedelta(days=366)
DEFAULT_PERIOD = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class TimelineQuery:
    """A timeline request: a period, maybe a category and words, and where a page ends."""

    since: float
    until: float
    period: str
    label: Label | None = None
    match: str | None = None
    before: tuple[float, int] | None = None  # (published_at, id) of the last story shown

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


def parse_timeline_args(args: str, now: datetime) -> TimelineQuery:
    """`[category] [24h | 7d | 2020-10-10 | today | yesterday] [keyword ...]`."""
    query = TimelineQuery(
        (now - DEFAULT_PERIOD).timestamp(), now.timestamp() + 1, f"{DEFAULT_PERIOD.days}d"
    )
    period_set, rest = False, []
    for word in args.split():
        if query.label is None and word.lower() in CATEGORY_NAMES:
            query = replace(query, label=CATEGORY_NAMES[word.lower()])
        elif not period_set and (span := _period(word, now)) is not None:
            query, period_set = replace(query, since=span[0], until=span[1], period=span[2]), True
        else:
            rest.append(word)
    return replace(query, match=" ".join(rest)[:100]) if rest else query


def _period(word: str, now: datetime) -> tuple[float, float, str] | None:
    lowered = word.lower()
    if lowered in ("today", "yesterday"):
        return _day((now.date() - timedelta(days=lowered == "yesterday")).isoformat())
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", lowered):
        return _day(lowered)
    duration = parse_duration(lowered) if re.fullmatch(r"\d+[hdw]", lowered) else None
    if duration is None:
        return None
    if duration > MAX_PERIOD:
        raise ValueError(f"{word} is too long a period (at most {MAX_PERIOD.days} days).")
    return (now - duration).timestamp(), now.timestamp() + 1, word


def _day(text: str) -> tuple[float, float, str]:
    try:
        start = datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC)
        end = start + timedelta(days=1)
    except (ValueError, OverflowError):
        raise ValueError(f"{text} is not a date (use YYYY-MM-DD).") from None
    return start.timestamp(), end.timestamp(), text


def describe_timeline(query: TimelineQuery) -> str:
    what = f"{LABEL_TITLES[query.label]}s" if query.label else "reports"
    span = f"on {query.period}" if "-" in query.period else f"in the last {query.period}"
    match = f" mentioning “{query.match}”" if query.match else ""
    return f"{what}{match} {span}"


def timeline_lines(page: TimelinePage, title: str, surface: Surface) -> tuple[list[Line], int]:
    """Lines grouped by day, as many stories as fit the surface; returns them and how
    many stories fitted."""
    lines: list[Line] = [line(bold(f"Timeline: {title}"))]
    day = None
    shown = 0
    for item in page.items:
        heading = [] if item.published_at.date() == day else [line(), _day_heading(item)]
        candidate = [*lines, *heading, item_line(item, page.story_sizes.get(item.id, 1) - 1)]
        if surface.fit(candidate)[1]:
            break
        lines, day, shown = candidate, item.published_at.date(), shown + 1
    return lines, max(shown, 1)


def _day_heading(item: StoredItem) -> Line:
    return line(bold(item.published_at.astimezone(UTC).strftime("%a %d %b %Y")))
