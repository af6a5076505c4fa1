"""Plain-text lines about a truce for chat replies and digests (pure; the caller escapes
them for its platform). Figures are always "reported", and the unit of violations is said."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.truces.clock import zone_info
from bot.truces.record import Truce

STATUS_WORDS = {
    "announced": "announced, not yet in force",
    "holding": "holding: no violation reported",
    "violated": "in force, violations reported",
    "collapsed": "collapsed",
    "ended": "ended",
}


def duration_text(span: timedelta) -> str:
    """ "5 minutes", "2 hours 15 minutes", "3 days 4 hours": the two largest units."""
    minutes = int(abs(span).total_seconds() // 60)
    parts = []
    for unit, size in (("day", 1440), ("hour", 60), ("minute", 1)):
        count, minutes = divmod(minutes, size)
        if count:
            parts.append(f"{count} {unit}{'s' if count != 1 else ''}")
    return " ".join(parts[:2]) or "less than a minute"


def moment_text(moment: datetime, tz_name: str) -> str:
    """ "10 Oct 2020 12:00 (Asia/Baku)"."""
    local = moment.astimezone(zone_info(tz_name))
    return f"{local.day} {local:%b %Y %H:%M} ({tz_name})"


def describe(truce: Truce, tz_name: str | None = None) -> tuple[str, ...]:
    """A few lines: what, when, who, how it is faring, what was reported since."""
    zone = tz_name or truce.zone
    lines = [f"{truce.title} (#{truce.id}): {STATUS_WORDS[truce.status]}"]
    lines.append(when_line(truce, zone))
    if truce.mediators or truce.parties:
        lines.append(who_line(truce))
    lines.append(violation_line(truce))
    lines.append(
        f"Reported since it began: {truce.killed} killed, {truce.wounded} wounded "
        f"(from {truce.casualty_reports} casualty reports; as reported, not verified)"
    )
    return tuple(lines)


def when_line(truce: Truce, zone: str) -> str:
    start = moment_text(truce.starts_at, zone)
    start = start if truce.start_known else f"about {start} (no start time given)"
    if truce.ends_at is None:
        end = "open-ended"
    else:
        verb = "ended" if truce.status in ("ended", "collapsed") else "due to end"
        end = f"{verb} {moment_text(truce.ends_at, zone)}"
    extended = sum(v.kind == "extended" for v in truce.versions)
    more = f"; extended {extended} time{'s' * (extended != 1)}" if extended else ""
    return f"In force from {start}, {end}{more}"


def who_line(truce: Truce) -> str:
    parts = []
    if truce.parties:
        parts.append("between " + " and ".join(truce.parties))
    if truce.mediators:
        parts.append("mediated by " + ", ".join(truce.mediators))
    return "Agreed " + ", ".join(parts)


def violation_line(truce: Truce) -> str:
    count = f"{truce.violations} violation report{'s' * (truce.violations != 1)}"
    if truce.first_violation_at is None:
        return f"{count} (distinct stories) since it began"
    after = truce.first_violation_at - truce.starts_at
    lag = ""
    if (
        truce.first_violation_reported_at
        and truce.first_violation_reported_at > truce.first_violation_at
    ):
        lag = (
            f", reported {duration_text(truce.first_violation_reported_at - truce.starts_at)} after"
        )
    return (
        f"{count} (distinct stories) since it began; first violation alleged "
        f"{duration_text(after)} after it took effect{lag}"
    )
