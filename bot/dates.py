"""Dates and times as a reader of each language writes them (pure): month and day names
from the Unicode CLDR data that Babel ships, in the chat's zone."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_datetime

from bot.i18n import Tongue
from bot.zones import local


def clock(moment: datetime, zone: str, t: Tongue) -> str:
    """ "11 Oct 2020 08:00 Europe/Moscow", "11 окт. 2020 08:00 Europe/Moscow"."""
    return f"{format_datetime(local(moment, zone), 'dd MMM y HH:mm', locale=t.code)} {zone}"


def moment(moment: datetime, zone: str, t: Tongue) -> str:
    """ "10 Oct 2020 12:00 (Asia/Baku)"."""
    return f"{format_datetime(local(moment, zone), 'd MMM y HH:mm', locale=t.code)} ({zone})"


def day_heading(day: date, t: Tongue) -> str:
    """ "Sun 11 Oct 2020"."""
    return format_date(day, "EEE dd MMM y", locale=t.code)


def long_day(day: date, t: Tongue) -> str:
    """ "Sun 11 Oct 2020" without a leading zero."""
    return format_date(day, "EEE d MMM y", locale=t.code)


def short_day(day: date, t: Tongue) -> str:
    """ "Sun 11 Oct"."""
    return format_date(day, "EEE d MMM", locale=t.code)


def day_month(day: date, t: Tongue) -> str:
    """ "11 Oct"."""
    return format_date(day, "dd MMM", locale=t.code)


def chart_day(day: date, t: Tongue) -> str:
    """ "11 Oct", under a chart's bars."""
    return format_date(day, "d MMM", locale=t.code)


def utc_stamp(moment: datetime, t: Tongue) -> str:
    """ "11 Oct 08:00 UTC"."""
    return f"{format_datetime(local(moment, 'UTC'), 'dd MMM HH:mm', locale=t.code)} UTC"
