"""Chart rendering: real PNGs of phone size, empty data, different data, threads."""

from __future__ import annotations

import struct
import warnings
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

import pytest
from babel.dates import format_date
from matplotlib.figure import Figure
from matplotlib.text import Text

from bot.bidi import for_canvas
from bot.charts import TruceSpan, render_timeline_chart, render_truce_chart, timeline_figure, to_png
from bot.i18n import tongue
from bot.truces import DayCount, find_truces
from tests.truces.test_tracker import at, karabakh_truce, violation

SERIES = tuple(
    DayCount(
        date(2020, 10, 8) + timedelta(n),
        violations=n,
        diplomacy=2,
        casualties=n % 3,
        killed=3 * n,
        wounded=n,
    )
    for n in range(6)
)
SPAN = (TruceSpan(datetime(2020, 10, 10, 8, tzinfo=UTC), None),)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG signature and IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def render(series: tuple[DayCount, ...] = SERIES, zone: str = "Asia/Baku") -> bytes:
    return render_timeline_chart(series, title="Nagorno-Karabakh", tz_name=zone, truce_spans=SPAN)


@pytest.mark.parametrize(
    "series",
    [SERIES, SERIES[:1], (), tuple(DayCount(d.day) for d in SERIES)],
    ids=["six days", "one day", "no days", "all zero"],
)
def test_a_phone_sized_png(series: tuple[DayCount, ...]) -> None:
    data = render(series)
    width, height = png_size(data)
    assert width >= 1000 and 500 <= height <= width
    assert len(data) > 10_000


def test_empty_data_draws_the_no_reports_picture() -> None:
    assert render(()) == render(tuple(DayCount(d.day) for d in SERIES))
    assert render(()) != render(SERIES)


@pytest.mark.parametrize(
    "other",
    [
        (*SERIES[:-1], DayCount(SERIES[-1].day, violations=9)),
        tuple(
            DayCount(d.day, d.violations, d.diplomacy, d.casualties, d.killed + 50, d.wounded)
            for d in SERIES
        ),
    ],
    ids=["bars", "figures"],
)
def test_different_data_gives_a_different_image(other: tuple[DayCount, ...]) -> None:
    assert render(other) != render(SERIES)


def test_the_zone_is_stated() -> None:
    assert render(zone="UTC") != render(zone="Asia/Baku")


def test_rendering_is_deterministic_and_thread_safe() -> None:
    inputs = [SERIES, SERIES[:3], (), SERIES[2:]] * 2
    serial = [render(s) for s in inputs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(render, inputs))
    assert threaded == serial


def test_truce_chart() -> None:
    truce = find_truces([karabakh_truce(), violation(2, 2), violation(3, 30)], at(48))[0]
    data = render_truce_chart(truce, now=at(48))
    assert png_size(data)[0] >= 1000
    assert data != render_truce_chart(truce, now=at(48), tz_name="UTC")


def drawn_words(figure: Figure) -> set[str]:
    return {text.get_text() for text in figure.findobj(Text) if text.get_text()}


@pytest.mark.parametrize(
    ("code", "said"),
    [
        ("en", "Violation reports"),
        ("ru", "Сообщения о нарушениях"),
        ("uk", "Повідомлення про порушення"),
        ("fr", "Violations signalées"),
    ],
)
def test_a_chart_speaks_the_readers_language(code: str, said: str) -> None:
    figure = timeline_figure(SERIES, "Karabakh", "Asia/Baku", SPAN, tongue(code))
    words = drawn_words(figure)
    assert said in words
    assert code == "en" or "Violation reports" not in words
    assert tongue(code).gettext("Truce in force") in words
    assert format_date(SERIES[0].day, "d MMM", locale=code) in words  # the first day's tick


def test_arabic_is_drawn_right_to_left_without_marks_or_missing_glyphs() -> None:
    arabic = tongue("ar")
    title = arabic.gettext("Timeline: {title}", title="Karabakh")
    assert "\u2068" in title  # chat text isolates the Latin name ...
    figure = timeline_figure(SERIES, title, "Asia/Baku", SPAN, arabic)
    words = drawn_words(figure)
    assert for_canvas(title) in words  # ... which a canvas would draw as blanks
    assert arabic.gettext("Violation reports") in words
    assert not any(set(w) & {"\u2068", "\u2069", "\u200f"} for w in words)
    assert figure.axes[0].get_title(loc="right") == for_canvas(title)  # read from the right
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns of each glyph its font lacks
        to_png(figure)
