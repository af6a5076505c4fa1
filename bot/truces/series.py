"""Daily counts for charts and digests (pure): per day, the violation, diplomacy and
casualty stories first reported that day, and the killed and wounded they report (one
figure per story, its largest, on the story's first casualty day). Days are calendar days
in a given zone, UTC unless told."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.models import StoredItem
from bot.truces.clock import zone_info
from bot.truces.record import Truce

#: Longest series returned: the most recent days are kept.
MAX_DAYS = 120
CATEGORIES = ("ceasefire_violation", "diplomatic_move", "casualty_report")


@dataclass(frozen=True, slots=True)
class Point:
    """One report as the series counts it."""

    story_id: int
    published_at: datetime
    labels: tuple[str, ...]
    killed: int | None
    wounded: int | None


@dataclass(frozen=True, slots=True)
class DayCount:
    """One day of a series."""

    day: date
    violations: int = 0
    diplomacy: int = 0
    casualties: int = 0
    killed: int = 0
    wounded: int = 0

    @property
    def reports(self) -> int:
        return self.violations + self.diplomacy + self.casualties


def item_point(item: StoredItem) -> Point:
    """A stored item as the series counts it (for `/timeline chart`)."""
    figures = item.classification
    return Point(item.story_id, item.published_at, figures.labels, figures.killed, figures.wounded)


def daily_series(
    points: Iterable[Point],
    tz_name: str = "UTC",
    first: date | None = None,
    last: date | None = None,
) -> tuple[DayCount, ...]:
    """Per day from `first` to `last` (default: the days the points span), zeros included."""
    zone = zone_info(tz_name)
    ordered = sorted(points, key=lambda p: p.published_at)
    days = [p.published_at.astimezone(zone).date() for p in ordered]
    if not days and (first is None or last is None):
        return ()
    first, last = first or min(days), last or max(days)
    first = max(first, last - timedelta(days=MAX_DAYS - 1))
    tallies = tally(ordered, days)
    span = range((last - first).days + 1)
    return tuple(tallies.get(d, DayCount(d)) for d in (first + timedelta(n) for n in span))


def tally(points: Sequence[Point], days: Sequence[date]) -> dict[date, DayCount]:
    """Each story counted once per category, on the first day it is reported."""
    counts: dict[date, list[int]] = {}
    seen: set[tuple[str, int]] = set()
    figures: dict[int, tuple[date, int, int]] = {}
    for point, day in zip(points, days, strict=True):
        row = counts.setdefault(day, [0, 0, 0])
        for n, label in enumerate(CATEGORIES):
            if label in point.labels and (label, point.story_id) not in seen:
                seen.add((label, point.story_id))
                row[n] += 1
        if "casualty_report" in point.labels:
            d, k, w = figures.get(point.story_id, (day, 0, 0))
            figures[point.story_id] = (d, max(k, point.killed or 0), max(w, point.wounded or 0))
    return {day: with_figures(day, row, figures.values()) for day, row in counts.items()}


def with_figures(day: date, row: list[int], figures: Iterable[tuple[date, int, int]]) -> DayCount:
    killed = sum(k for d, k, _ in figures if d == day)
    wounded = sum(w for d, _, w in figures if d == day)
    return DayCount(day, row[0], row[1], row[2], killed, wounded)


def truce_series(truce: Truce, now: datetime, tz_name: str | None = None) -> tuple[DayCount, ...]:
    """The truce's days, from its announcement to its end (or `now`), in its own zone unless
    told; violations and figures only from its start, as in its tally."""
    zone = zone_info(tz_name or truce.zone)
    last_moment = min(truce.ends_at or now, now)
    points = [
        Point(
            r.story_id,
            r.published_at,
            counted_labels(r.labels, r.published_at, truce),
            r.killed,
            r.wounded,
        )
        for r in truce.reports
    ]
    first = truce.announced_at.astimezone(zone).date()
    last = max(last_moment, truce.announced_at).astimezone(zone).date()
    return daily_series(points, tz_name or truce.zone, first, last)


def counted_labels(labels: tuple[str, ...], published: datetime, truce: Truce) -> tuple[str, ...]:
    """Before the start, only diplomacy counts (fighting before a truce breaks nothing)."""
    if published >= truce.starts_at:
        return labels
    return tuple(label for label in labels if label == "diplomatic_move")
