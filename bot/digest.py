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

from bot.bidi import right_to_left
from bot.dates import long_day
from bot.format import item_line
from bot.i18n import ENGLISH, Tongue
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


def digest_message(
    day: date, at: time, zone: str, facts: DigestFacts, t: Tongue = ENGLISH
) -> Message:
    """📰 Daily digest, Sun 11 Oct 2020: counts, figures, top stories, truces (in the
    chat's language; right to left in Arabic)."""
    title = t.gettext("Daily digest, {day}", day=long_day(day, t))
    lines: list[Line | str] = [line("📰 ", bold(title))]
    clock = at.strftime("%H:%M")
    lines.append(t.gettext("The 24 hours to {at} ({zone}):", at=clock, zone=zone))
    lines += count_lines(facts.totals, t)
    lines += ["", line(bold(t.gettext("Top stories")))]
    top = [item_line(i, size - 1, zone, t) for i, size in facts.top]
    lines += top or [t.gettext("No labelled reports.")]
    lines += ["", line(bold(t.gettext("Truces")))]
    lines += [truce_line(truce, t) for truce in facts.truces] or [t.gettext("No truce in force.")]
    lines += ["", t.gettext("/truce for details · /digest off to stop")]
    shown = message(*lines)
    return right_to_left(shown) if t.rtl else shown


def count_lines(totals: Totals, t: Tongue = ENGLISH) -> list[Line | str]:
    # English keeps one form here (a column of counts: "1 casualty reports" as before);
    # the catalogues give each language its plural forms.
    counts = " · ".join(
        (
            LABEL_MARKS["ceasefire_violation"]
            + " "
            + t.ngettext("{n} violation reports", "{n} violation reports", totals.violations),
            LABEL_MARKS["diplomatic_move"]
            + " "
            + t.ngettext("{n} diplomatic moves", "{n} diplomatic moves", totals.diplomacy),
            LABEL_MARKS["casualty_report"]
            + " "
            + t.ngettext("{n} casualty reports", "{n} casualty reports", totals.casualties),
        )
    ) + t.gettext(" (distinct stories)")
    figures = t.gettext(
        "Reported: {killed} killed, {wounded} wounded (as reported, not verified)",
        killed=totals.killed,
        wounded=totals.wounded,
    )
    return [counts, figures]
