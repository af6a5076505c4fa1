"""IANA time zones as chats name them (pure, apart from reading the zone database once):
`/timezone europe/moscow` finds "Europe/Moscow"; a misspelling gets suggestions."""

from __future__ import annotations

import difflib
import functools
import zoneinfo
from datetime import datetime

from bot.truces.clock import zone_info

#: Names the zone database holds that are no place's zone.
NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})


@functools.cache
def zone_names() -> dict[str, str]:
    """Every IANA zone name, by its lower-case spelling."""
    names = zoneinfo.available_timezones() - NOT_ZONES
    return {name.lower(): name for name in names}


def find_zone(text: str) -> str | None:
    """The IANA name `text` spells (any case, spaces for underscores), or None."""
    wanted = "_".join(text.strip().split()).lower()
    return zone_names().get(wanted)


def suggest_zones(text: str, limit: int = 3) -> list[str]:
    """Zone names close to what was typed, best first."""
    wanted = "_".join(text.strip().split()).lower()
    names = zone_names()
    close = difflib.get_close_matches(wanted, list(names), n=limit, cutoff=0.6)
    if not close:  # "Moscow" alone: the zones whose city part it is
        close = [low for low in names if low.rsplit("/", 1)[-1] == wanted][:limit]
    return [names[low] for low in close]


def local(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(zone_info(zone))


def clock_text(moment: datetime, zone: str) -> str:
    """ "11 Oct 2020 08:00 Europe/Moscow"."""
    shown = local(moment, zone)
    return f"{shown.day:02d} {shown:%b %Y %H:%M} {zone}"
