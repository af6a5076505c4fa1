"""Start and end times read from truce wording, anchored to the report and the conflict's
zone; the traps that date libraries fall into."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.truces import read_truce_event
from bot.truces.clock import find_times
from tests.truces.builders import stored

DIPLOMATIC = ("diplomatic_move",)
# Saturday 10 October 2020, 04:35 in Baku (UTC+4)
SAT = datetime(2020, 10, 10, 0, 35, tzinfo=UTC)
# Wednesday 22 November 2023, 09:00 in Gaza (UTC+2)
WED = datetime(2023, 11, 22, 7, 0, tzinfo=UTC)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def event(text: str, published: datetime = SAT):
    found = read_truce_event(stored(text, published=published, labels=DIPLOMATIC))
    assert found is not None, text
    return found


@pytest.mark.parametrize(
    ("text", "published", "starts"),
    [
        # explicit date and time, local time of the conflict
        (
            "Armenia and Azerbaijan agree a ceasefire from 12:00 on 10 October",
            SAT,
            utc(2020, 10, 10, 8),
        ),
        (
            "Karabakh ceasefire entered into force at 12:00 on 10 October 2020",
            SAT,
            utc(2020, 10, 10, 8),
        ),
        (
            "Karabakh truce takes effect at 12:00 local time on October 10",
            SAT,
            utc(2020, 10, 10, 8),
        ),
        (
            "Karabakh truce came into force on October 10 at noon local time",
            SAT,
            utc(2020, 10, 10, 8),
        ),
        # a weekday anchored to the report in the conflict's zone
        (
            "Armenia, Azerbaijan agree truce from noon on Saturday, Lavrov says",
            SAT,
            utc(2020, 10, 10, 8),
        ),
        (
            "Israel and Hamas agree truce starting Friday at 7am local time",
            WED,
            utc(2023, 11, 24, 5),
        ),
        (
            "Israel and Hamas agree a truce that begins at 7 a.m. on Friday",
            WED,
            utc(2023, 11, 24, 5),
        ),
        ("Israel and Hamas agree truce starting tomorrow at 10:00", WED, utc(2023, 11, 23, 8)),
        # an explicit zone wins over local time, and keeps its own day
        (
            "Armenia and Azerbaijan agreed a ceasefire "
            "from 12:00 local time (0800 GMT) on Saturday",
            SAT,
            utc(2020, 10, 10, 8),
        ),
        ("Ukraine ceasefire to begin at 0600 GMT on Monday", SAT, utc(2020, 10, 12, 6)),
        (
            "Russia and Ukraine agree a truce from 18:00 Moscow time on Saturday",
            SAT,
            utc(2020, 10, 10, 15),
        ),
        ("Gaza truce agreed, to begin at 1700 hrs GMT on Friday", WED, utc(2023, 11, 24, 17)),
        ("Kashmir ceasefire agreed from 17:00 UTC+5 on Saturday", SAT, utc(2020, 10, 10, 12)),
        # midnight: with a weekday, the end of that day; with a date, its start
        ("Gaza ceasefire agreed from midnight on Friday", WED, utc(2023, 11, 24, 22)),
        (
            "Russia and Ukraine agree truce from midnight on 8 May",
            utc(2021, 5, 6, 9),
            utc(2021, 5, 7, 21),
        ),
        ("Israel and Hamas agree a ceasefire starting at midnight", WED, utc(2023, 11, 22, 22)),
        # a clock time alone: its next occurrence (a report may lag it by a few hours)
        ("Karabakh ceasefire agreed, taking effect at noon", SAT, utc(2020, 10, 10, 8)),
        # a past tense looks back
        (
            "A truce in Nagorno-Karabakh took effect on Saturday at noon",
            utc(2020, 10, 11, 9),
            utc(2020, 10, 10, 8),
        ),
        # a year-less date takes the year nearest the report
        ("Israel and Hamas agree truce from 2 January", utc(2023, 12, 28), utc(2024, 1, 1, 22)),
        # no start in the text
        (
            "Armenia, Azerbaijan Agree To Humanitarian Cease-Fire After Marathon Talks In Moscow",
            SAT,
            None,
        ),
        (
            "Armenia and Azerbaijan agreed on Friday to a ceasefire, Lavrov said on Saturday",
            SAT,
            None,
        ),
    ],
)
def test_start(text: str, published: datetime, starts: datetime | None) -> None:
    assert event(text, published).starts_at == starts


@pytest.mark.parametrize(
    ("text", "published", "ends"),
    [
        (
            "Russia declares Christmas truce "
            "from 12:00 on 6 January until 24:00 on 7 January in Ukraine",
            utc(2023, 1, 5, 15),
            utc(2023, 1, 7, 22),
        ),
        (
            "Russia and Ukraine agree a truce from midnight on 8 May to midnight on 11 May",
            utc(2021, 5, 6, 9),
            utc(2021, 5, 10, 21),
        ),
        (
            "Israel and Hamas agree a truce from 7am on Friday until 7am on Tuesday",
            WED,
            utc(2023, 11, 28, 5),
        ),
        (
            "Israel and Hamas agree a four-day truce starting Friday at 7am local time",
            WED,
            utc(2023, 11, 28, 5),
        ),
        (
            "Israel and Hamas agree a 72-hour truce from 0600 GMT on Monday",
            WED,
            utc(2023, 11, 30, 6),
        ),
        ("Gaza ceasefire agreed from noon today until Sunday", WED, utc(2023, 11, 26, 22)),
        ("Armenia and Azerbaijan agree an open-ended ceasefire from noon on Saturday", SAT, None),
    ],
)
def test_end(text: str, published: datetime, ends: datetime | None) -> None:
    assert event(text, published).ends_at == ends


@pytest.mark.parametrize(
    ("text", "hours", "minutes"),
    [
        ("12:00 local time", [12], [0]),
        ("at 7am", [7], [0]),
        ("at 7:30 p.m.", [19], [30]),
        ("at 12 a.m.", [0], [0]),
        ("0600 gmt", [6], [0]),
        ("1700 hrs", [17], [0]),
        ("17h30", [17], [30]),
        ("noon and midnight", [12, 0], [0, 0]),
        ("24:00 on 7 january", [24], [0]),
        # traps: a year is not a time, nor is a count or a resolution number
        ("the 2020 local elections", [], []),
        ("a 72-hour truce", [], []),
        ("resolution 822 of 1993", [], []),
        ("a 5+5 commission", [], []),
        ("152-mm howitzers", [], []),
        ("between 14:05 and 14:30", [14, 14], [5, 30]),
    ],
)
def test_clock_times(text: str, hours: list[int], minutes: list[int]) -> None:
    clocks, _ = find_times(text)
    assert [c.hour for c in clocks] == hours
    assert [c.minute for c in clocks] == minutes


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("on 10 october 2020", [(2020, 10, 10)]),
        ("on october 10, 2020", [(2020, 10, 10)]),
        ("on the 27th of july", [(None, 7, 27)]),
        ("sept. 27", [(None, 9, 27)]),
        ("2020-10-10", [(2020, 10, 10)]),
        # traps: "30 days" is a length, "31 june" no date, "mar" a verb
        ("for 30 days", []),
        ("on 31 june", []),
        ("could mar 12 years of peace", []),
    ],
)
def test_dates(text: str, days: list[tuple[int | None, int, int]]) -> None:
    _, found = find_times(text)
    assert [(d.year, d.month, d.day) for d in found] == days


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("Israel and Hamas agree a 72-hour truce", timedelta(hours=72)),
        ("Israel and Hamas agree a four-day humanitarian pause", timedelta(days=4)),
        ("Sudan's warring parties agree a ceasefire for 36 hours", timedelta(hours=36)),
        ("Sudan's warring parties agree a week-long ceasefire", timedelta(days=7)),
        ("Sudan's army and RSF agree a seven-day truce", timedelta(days=7)),
        ("Yemen's Houthis and Saudi-led coalition agree a truce of two months", timedelta(days=60)),
        ("Russia and Ukraine agree a 30-day ceasefire", timedelta(days=30)),
        ("Russia and Ukraine agree a ceasefire lasting 30 days", timedelta(days=30)),
        ("Gaza: Israel and Hamas agree a seventy-two-hour truce", timedelta(hours=72)),
        # lengths of something else
        ("After more than 10 hours of talks, Armenia and Azerbaijan agreed a ceasefire", None),
        ("Armenia and Azerbaijan agreed a ceasefire after talks lasting 10 hours", None),
        ("Houthis agree a truce, 30 days after the war began", None),
    ],
)
def test_duration(text: str, duration: timedelta | None) -> None:
    assert event(text).duration == duration
