"""The daily digest (pure): when a chat's digest is due, the window it covers, and what
it says.

A chat that asked for a digest at 08:00 in its zone gets one per local day: the digest of
the latest 08:00 that has passed, unless it already got that day's (or a later one) or
asked only after that 08:00. So a bot that was down at 08:00 sends it late, once; one that
was down for days sends the latest only; and a restart never sends a day's digest twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.format import item_line
from bot.message import Line, Message, bold, line, message
from bot.models import LABEL_MARKS, StoredItem
from bot.preferences import ChatPrefs
from bot.truce_news import truce_line
from bot.truces import Point, Truce
from bot.truces.clock import zone_info
from bot.truces.series import tally
from bot.zones import local

TOP_STORIES = 5


def occurrence(day: date, at: time, zone: str) -> datetime:
    """The moment of `at` on local `day` in `zone`."""
    return datetime.combine(day, at, zone_info(zone))


def digest_due(prefs: ChatPrefs, now: datetime) -> date | None:
    """The local day whose digest the chat should get now, or None."""
    if prefs.digest_at is None:
        return None
    day = local(now, prefs.zone).date()
    if occurrence(day, prefs.digest_at, prefs.zone) > now:
        day -= timedelta(days=1)
    if prefs.digest_last is not None and day <= prefs.digest_last:
        return None
    since = prefs.digest_since
    if since is not None and occurrence(day, prefs.digest_at, prefs.zone) < since:
        return None
    return day


def digest_key(day: date) -> str:
    return f"digest:{day.isoformat()}"


def digest_window(day: date, at: time, zone: str) -> tuple[datetime, datetime]:
    """From the previous day's digest time to this day's."""
    return occurrence(day - timedelta(days=1), at, zone), occurrence(day, at, zone)


@dataclass(frozen=True, slots=True)
class Totals:
    """Distinct stories per category and the figures they report, over a window."""

    violations: int = 0
    diplomacy: int = 0
    casualties: int = 0
    killed: int = 0
    wounded: int = 0


def totals(points: Sequence[Point]) -> Totals:
    """Each story once per category; per story its largest figure (as daily series count)."""
    if not points:
        return Totals()
    ordered = sorted(points, key=lambda p: p.published_at)
    whole = tally(ordered, [date.min] * len(ordered))[date.min]
    return Totals(whole.violations, whole.diplomacy, whole.casualties, whole.killed, whole.wounded)


@dataclass(frozen=True, slots=True)
class DigestFacts:
    """What one window held: its totals, its top stories (with how many items tell each),
    and the truces on during it."""

    totals: Totals
    top: tuple[tuple[StoredItem, int], ...]
    truces: tuple[Truce, ...]


def digest_message(day: date, at: time, zone: str, facts: DigestFacts) -> Message:
    """📰 Daily digest, Sun 11 Oct 2020: counts, figures, top stories, truces."""
    heading = line("📰 ", bold(f"Daily digest, {day:%a} {day.day} {day:%b %Y}"))
    lines: list[Line | str] = [heading, f"The 24 hours to {at:%H:%M} ({zone}):"]
    lines += count_lines(facts.totals)
    lines += ["", line(bold("Top stories"))]
    lines += [item_line(i, size - 1, zone) for i, size in facts.top] or ["No labelled reports."]
    lines += ["", line(bold("Truces"))]
    lines += [truce_line(t) for t in facts.truces] or ["No truce in force."]
    lines += ["", "/truce for details · /digest off to stop"]
    return message(*lines)


def count_lines(t: Totals) -> list[Line | str]:
    counts = (
        f"{LABEL_MARKS['ceasefire_violation']} {t.violations} violation reports · "
        f"{LABEL_MARKS['diplomatic_move']} {t.diplomacy} diplomatic moves · "
        f"{LABEL_MARKS['casualty_report']} {t.casualties} casualty reports (distinct stories)"
    )
    figures = f"Reported: {t.killed} killed, {t.wounded} wounded (as reported, not verified)"
    return [counts, figures]
