"""Plain-text lines about a truce for chat replies and digests, in the reader's language
(pure; the caller escapes them for its platform). Figures are always "reported", and the
unit of violations is said."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot import dates
from bot.i18n import ENGLISH, Tongue
from bot.truces.record import Truce


def status_words(status: str, t: Tongue = ENGLISH) -> str:
    """How a truce is faring, in words."""
    if status == "announced":
        return t.gettext("announced, not yet in force")
    if status == "holding":
        return t.gettext("holding: no violation reported")
    if status == "violated":
        return t.gettext("in force, violations reported")
    return t.gettext("collapsed") if status == "collapsed" else t.gettext("ended")


def duration_text(span: timedelta, t: Tongue = ENGLISH) -> str:
    """ "5 minutes", "2 hours 15 minutes", "3 days 4 hours": the two largest units."""
    minutes = int(abs(span).total_seconds() // 60)
    days, minutes = divmod(minutes, 1440)
    hours, minutes = divmod(minutes, 60)
    parts = [
        t.ngettext("{n} day", "{n} days", days) if days else "",
        t.ngettext("{n} hour", "{n} hours", hours) if hours else "",
        t.ngettext("{n} minute", "{n} minutes", minutes) if minutes else "",
    ]
    return " ".join([p for p in parts if p][:2]) or t.gettext("less than a minute")


def moment_text(moment: datetime, tz_name: str, t: Tongue = ENGLISH) -> str:
    """ "10 Oct 2020 12:00 (Asia/Baku)"."""
    return dates.moment(moment, tz_name, t)


def describe(truce: Truce, tz_name: str | None = None, t: Tongue = ENGLISH) -> tuple[str, ...]:
    """A few lines: what, when, who, how it is faring, what was reported since."""
    zone = tz_name or truce.zone
    status = status_words(truce.status, t)
    lines = [f"{truce.title} (#{truce.id}): {status}", when_line(truce, zone, t)]
    if truce.mediators or truce.parties:
        lines.append(who_line(truce, t))
    lines.append(violation_line(truce, t))
    lines.append(
        t.ngettext(
            "Reported since it began: {killed} killed, {wounded} wounded (from {n} casualty "
            "report; as reported, not verified)",
            "Reported since it began: {killed} killed, {wounded} wounded (from {n} casualty "
            "reports; as reported, not verified)",
            truce.casualty_reports,
            killed=truce.killed,
            wounded=truce.wounded,
        )
    )
    return tuple(lines)


def when_line(truce: Truce, zone: str, t: Tongue = ENGLISH) -> str:
    start = moment_text(truce.starts_at, zone, t)
    if not truce.start_known:
        start = t.gettext("about {moment} (no start time given)", moment=start)
    said = t.gettext("In force from {start}, {end}", start=start, end=_end(truce, zone, t))
    extended = sum(v.kind == "extended" for v in truce.versions)
    if not extended:
        return said
    return said + t.ngettext("; extended {n} time", "; extended {n} times", extended)


def _end(truce: Truce, zone: str, t: Tongue) -> str:
    if truce.ends_at is None:
        return t.gettext("open-ended")
    end = moment_text(truce.ends_at, zone, t)
    if truce.status in ("ended", "collapsed"):
        return t.gettext("ended {moment}", moment=end)
    return t.gettext("due to end {moment}", moment=end)


def who_line(truce: Truce, t: Tongue = ENGLISH) -> str:
    parties = t.gettext(" and ").join(truce.parties)
    mediators = ", ".join(truce.mediators)
    if truce.parties and truce.mediators:
        return t.gettext(
            "Agreed between {parties}, mediated by {mediators}",
            parties=parties,
            mediators=mediators,
        )
    if truce.parties:
        return t.gettext("Agreed between {parties}", parties=parties)
    return t.gettext("Agreed, mediated by {mediators}", mediators=mediators)


def violation_line(truce: Truce, t: Tongue = ENGLISH) -> str:
    count = t.ngettext(
        "{n} violation report (distinct stories) since it began",
        "{n} violation reports (distinct stories) since it began",
        truce.violations,
    )
    if truce.first_violation_at is None:
        return count
    after = duration_text(truce.first_violation_at - truce.starts_at, t)
    first = t.gettext("; first violation alleged {span} after it took effect", span=after)
    reported = truce.first_violation_reported_at
    if reported and reported > truce.first_violation_at:
        lag = duration_text(reported - truce.starts_at, t)
        first += t.gettext(", reported {span} after", span=lag)
    return count + first
