"""What chats are told about truces (pure): which truce news is new, whether it is still
news, who gets it and how it reads; and the one-line summary `/truce` and digests show.

News is what `truce_alerts` finds between nothing and the truces now, less what the
database has already told (each piece by its key): so a restart tells nothing twice and
what happened while the bot was down is told once, late. A truce's end is one piece of
news whether it collapsed or ran out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from bot.bidi import right_to_left
from bot.i18n import ENGLISH, Tongue
from bot.match import PUBLISH_GRACE
from bot.message import Image, Line, Message, bold, italic, line, message
from bot.preferences import ChatPrefs
from bot.text import clip
from bot.truces import Truce, TruceAlert, describe, duration_text, truce_alerts
from bot.truces.describe import status_words

#: News older than this when first seen (a new feed's backlog) is recorded, not told.
NEWS_FRESH = timedelta(days=2)
#: `/truce` lists truces still on, and those over within this long.
RECENT = timedelta(days=30)
OVER = ("collapsed", "ended")
MARKS = {"announced": "🕊", "first_violation": "⚠️", "collapsed": "⛔", "ended": "⏹"}


def news_heading(kind: str, t: Tongue = ENGLISH) -> str:
    if kind == "announced":
        return t.gettext("Truce announced")
    if kind == "first_violation":
        return t.gettext("First violation reported")
    return t.gettext("Truce collapsed") if kind == "collapsed" else t.gettext("Truce ended")


def news_key(alert: TruceAlert) -> str:
    """ "truce:8:announced", "truce:8:first_violation", "truce:8:over"."""
    step = "over" if alert.kind in OVER else alert.kind
    return f"truce:{alert.truce.id}:{step}"


def untold(truces: Sequence[Truce], told: Iterable[str]) -> list[TruceAlert]:
    """The news in `truces` not yet told, in the order it happened within each truce."""
    done = frozenset(told)
    return [a for a in truce_alerts((), truces) if news_key(a) not in done]


def news_moment(alert: TruceAlert, now: datetime) -> datetime:
    """When the news happened: announced, first violation reported, ended."""
    truce = alert.truce
    if alert.kind == "announced":
        return truce.announced_at
    if alert.kind == "first_violation":
        return truce.first_violation_reported_at or now
    return truce.ends_at or now


def still_news(alert: TruceAlert, now: datetime, max_age: timedelta | None) -> bool:
    return max_age is None or news_moment(alert, now) >= now - max_age


def reaches(alert: TruceAlert, prefs: ChatPrefs, now: datetime) -> bool:
    """A chat hears news that happened after it began to follow truces, unless muted."""
    if prefs.truces_since is None or prefs.muted(now):
        return False
    return news_moment(alert, now) >= prefs.truces_since - PUBLISH_GRACE


def wants_chart(alert: TruceAlert) -> bool:
    """A chart once there is a tally to show."""
    return alert.kind != "announced"


def news_message(
    alert: TruceAlert, zone: str, image: Image | None = None, t: Tongue = ENGLISH
) -> Message:
    """The notice: what happened, the report that said so, the truce described (in the
    chat's language; right to left in Arabic)."""
    heading = news_heading(alert.kind, t)
    lines: list[Line | str] = [line(f"{MARKS[alert.kind]} ", bold(heading))]
    said = reported_by(alert)
    if said:
        lines.append(line("“", italic(clip(said, 300)), "”"))
    lines += describe(alert.truce, zone, t)
    lines.append(t.gettext("/truce {number} shows it with a chart.", number=alert.truce.id))
    shown = message(*lines, image=image)
    return right_to_left(shown) if t.rtl else shown


def reported_by(alert: TruceAlert) -> str | None:
    """The headline of the item that brought the news, where the tally has it."""
    if alert.kind == "announced":
        return alert.truce.headline or None
    found = (r.title for r in alert.truce.reports if r.item_id == alert.item_id)
    return next(found, None)


def chart_end(truce: Truce, now: datetime) -> datetime:
    """Where a truce's chart ends: now, or a day after its last report when its news
    stopped long ago (an open truce nobody wrote of since would be all empty days)."""
    latest = max((r.published_at for r in truce.reports), default=truce.announced_at)
    return min(now, max(latest, truce.starts_at) + timedelta(days=1))


def truce_line(truce: Truce, t: Tongue = ENGLISH) -> Line:
    """ "#8 Nagorno-Karabakh humanitarian truce of 10 October 2020 — violated: 14
    violation reports, 20 killed and 38 wounded reported; first violation 5 minutes after
    it took effect"."""
    counts = t.ngettext(
        "{n} violation report, {killed} killed and {wounded} wounded reported",
        "{n} violation reports, {killed} killed and {wounded} wounded reported",
        truce.violations,
        killed=truce.killed,
        wounded=truce.wounded,
    )
    status = status_name(truce.status, t)
    return line(f"#{truce.id} ", bold(truce.title), f" — {status}: {counts}{first_after(truce, t)}")


def status_name(status: str, t: Tongue = ENGLISH) -> str:
    """The status in one word, as /truce lists it."""
    names = {
        "announced": t.pgettext("truce status", "announced"),
        "holding": t.pgettext("truce status", "holding"),
        "violated": t.pgettext("truce status", "violated"),
        "collapsed": t.pgettext("truce status", "collapsed"),
        "ended": t.pgettext("truce status", "ended"),
    }
    return names.get(status, status)


def first_after(truce: Truce, t: Tongue = ENGLISH) -> str:
    after = truce.first_violation_after
    if after is None:
        if truce.status in ("announced", "holding"):
            return ""
        return t.gettext("; no violation reported")
    span = duration_text(after, t)
    if after < timedelta(0):
        return t.gettext("; first violation {span} before it took effect", span=span)
    return t.gettext("; first violation {span} after it took effect", span=span)


def status_text(truce: Truce, t: Tongue = ENGLISH) -> str:
    return status_words(truce.status, t)


def recent(truces: Sequence[Truce], now: datetime, fallback: int = 5) -> list[Truce]:
    """Truces still on and those over within `RECENT`, newest first; the last few when
    none is."""
    chosen = [t for t in truces if t.status not in OVER or (t.ends_at or now) >= now - RECENT]
    chosen = chosen or list(truces[-fallback:])
    return sorted(chosen, key=lambda t: (t.starts_at, t.id), reverse=True)


def during(truces: Sequence[Truce], since: datetime, until: datetime) -> list[Truce]:
    """Truces announced before `until` and not over before `since`, newest first."""
    chosen = [
        t for t in truces if t.announced_at < until and (t.ends_at is None or t.ends_at >= since)
    ]
    return sorted(chosen, key=lambda t: (t.starts_at, t.id), reverse=True)
