"""PNG charts for chat replies: daily report counts with truce spans shaded.

Rendering uses matplotlib's object-oriented API on the Agg canvas, never pyplot: no
display is touched and no global figure state is shared. Callers run it in an executor;
Agg and FreeType are not documented as thread-safe, so one lock serialises the drawing.
The x axis counts days from the first one (bar n is centred on n), so truce spans in any
zone are placed by their offset from that day's local midnight.

matplotlib (with the numpy it brings, some 40 MB) is imported at the first chart, not with
this module: the bot imports it at start, and most bots seldom or never draw one.

A chart's words are in the reader's language (`tongue`); in Arabic the title stands on
the right, and matplotlib lays out right-to-left text itself.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from bot import dates
from bot.bidi import for_canvas
from bot.i18n import ENGLISH, N_, Tongue
from bot.truces.clock import zone_info
from bot.truces.describe import status_words
from bot.truces.record import Truce
from bot.truces.series import DayCount, truce_series

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Size on a phone: 1100 x 620 pixels.
WIDTH, HEIGHT, DPI = 10.0, 5.64, 110
#: Longer series are drawn as stepped bands instead of separate bars.
MAX_BARS = 21
#: At most this many day labels under the bars.
MAX_TICKS = 14
CATEGORIES = (
    ("violations", N_("Violation reports"), "#c0392b"),
    ("diplomacy", N_("Diplomatic moves"), "#2e6fbd"),
    ("casualties", N_("Casualty reports"), "#7f7f7f"),
)
_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class TruceSpan:
    """A stretch of time a truce was in force, shaded on the chart (end None: still on),
    with the truce's title when the chart is not about that truce alone."""

    start: datetime
    end: datetime | None
    title: str | None = None

    def label(self, t: Tongue) -> str:
        if self.title is None:
            return t.gettext("Truce in force")
        return t.gettext("Truce in force ({title})", title=self.title)


def canvas(t: Tongue, text: str) -> str:
    """Words in the reader's language, ready for the canvas."""
    return for_canvas(text) if t.rtl else text


def render_timeline_chart(
    series: Sequence[DayCount],
    *,
    title: str,
    tz_name: str = "UTC",
    truce_spans: Sequence[TruceSpan] = (),
    tongue: Tongue = ENGLISH,
) -> bytes:
    """Daily stacked bars of the three categories, reported killed and wounded as lines on
    a second axis, truce spans shaded; a "no reports" picture when there is nothing."""
    return to_png(timeline_figure(series, title, tz_name, truce_spans, tongue))


def timeline_figure(
    series: Sequence[DayCount],
    title: str,
    tz_name: str = "UTC",
    truce_spans: Sequence[TruceSpan] = (),
    tongue: Tongue = ENGLISH,
) -> Figure:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI)
    # Fixed margins: a layout engine measures every label first, and costs a third more.
    figure.subplots_adjust(left=0.075, right=0.925, top=0.92, bottom=0.24)
    if not any(d.reports or d.killed or d.wounded for d in series):
        draw_empty(figure, title, tz_name, tongue)
    else:
        draw_series(figure, series, title, tz_name, truce_spans, tongue)
    return figure


def render_truce_chart(
    truce: Truce, *, now: datetime, tz_name: str | None = None, tongue: Tongue = ENGLISH
) -> bytes:
    """The chart of one truce: its days, in its zone unless told, its span shaded."""
    zone = tz_name or truce.zone
    span = TruceSpan(truce.starts_at, truce.ends_at)
    title = f"{truce.title}: {status_words(truce.status, tongue)}"
    series = truce_series(truce, now, zone)
    return render_timeline_chart(
        series, title=title, tz_name=zone, truce_spans=(span,), tongue=tongue
    )


def to_png(figure: Figure) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    buffer = io.BytesIO()
    with _LOCK:
        FigureCanvasAgg(figure)
        # zlib level 3: a third faster to encode than the default, files ~10 % larger
        figure.savefig(buffer, format="png", pil_kwargs={"compress_level": 3})
    return buffer.getvalue()


def draw_empty(figure: Figure, title: str, tz_name: str, t: Tongue) -> None:
    axes = figure.add_subplot()
    axes.set_axis_off()
    set_title(axes, title, t)
    message = canvas(t, t.gettext("No reports in this period ({zone})", zone=tz_name))
    axes.text(0.5, 0.5, message, ha="center", va="center", fontsize=18, color="#555555")


def set_title(axes: Axes, title: str, t: Tongue) -> None:
    """The title on the side the reader starts from."""
    axes.set_title(canvas(t, title), fontsize=15, loc="right" if t.rtl else "left")


def draw_series(
    figure: Figure,
    series: Sequence[DayCount],
    title: str,
    tz_name: str,
    spans: Sequence[TruceSpan],
    t: Tongue,
) -> None:
    axes = figure.add_subplot()
    x = list(range(len(series)))
    bottom = [0] * len(series)
    for key, label, colour in CATEGORIES:
        top = [b + getattr(d, key) for b, d in zip(bottom, series, strict=True)]
        name = canvas(t, t.gettext(label))
        if len(series) <= MAX_BARS:
            heights = [hi - lo for hi, lo in zip(top, bottom, strict=True)]
            axes.bar(x, heights, 0.8, bottom=bottom, color=colour, label=name)
        else:  # one stepped band per category: a bar per day is slow to draw
            axes.fill_between(x, bottom, top, step="mid", color=colour, label=name, linewidth=0)
        bottom = top
    shade(axes, spans, tz_name, series[0].day, len(series), t)
    second = figures_axis(axes, x, series, t)
    legend(figure, axes, second)
    label_axes(axes, title, tz_name, series, t)


def shade(
    axes: Axes, spans: Sequence[TruceSpan], tz_name: str, first: date, days: int, t: Tongue
) -> None:
    """Each truce span, clipped to the chart, as a green band."""
    midnight = datetime.combine(first, time(0), zone_info(tz_name))
    for n, span in enumerate(spans):
        start = offset(span.start, midnight)
        end = days - 0.5 if span.end is None else offset(span.end, midnight)
        start, end = max(start, -0.5), min(end, days - 0.5)
        if start < end:
            label = canvas(t, span.label(t)) if n == 0 else None
            axes.axvspan(start, end, color="#27ae60", alpha=0.13, label=label, zorder=0)


def offset(moment: datetime, midnight: datetime) -> float:
    """Position on the day axis: bar 0 spans -0.5 to 0.5 for the first day's 24 hours."""
    return (moment - midnight) / timedelta(days=1) - 0.5


def figures_axis(axes: Axes, x: list[int], series: Sequence[DayCount], t: Tongue) -> Axes:
    """Reported killed and wounded on a second axis."""
    from matplotlib.ticker import MaxNLocator

    second = axes.twinx()
    killed, wounded = [d.killed for d in series], [d.wounded for d in series]
    dots, squares = ("o", "s") if len(series) <= MAX_BARS else ("", "")
    killed_label = canvas(t, t.gettext("Reported killed"))
    second.plot(x, killed, color="black", marker=dots, linewidth=2, label=killed_label)
    second.plot(
        x, wounded, color="#8e44ad", marker=squares, linestyle="--", linewidth=2,
        label=canvas(t, t.gettext("Reported wounded")),
    )  # fmt: skip
    second.set_ylabel(canvas(t, t.gettext("Reported killed / wounded")), fontsize=12)
    second.set_ylim(bottom=0)
    second.yaxis.set_major_locator(MaxNLocator(integer=True))
    return second


def legend(figure: Figure, axes: Axes, second: Axes) -> None:
    """Both axes' entries in one legend below the chart."""
    handles, labels = axes.get_legend_handles_labels()
    more, more_labels = second.get_legend_handles_labels()
    figure.legend(handles + more, labels + more_labels, loc="lower center", ncol=3, fontsize=11)


def label_axes(axes: Axes, title: str, tz_name: str, series: Sequence[DayCount], t: Tongue) -> None:
    from matplotlib.ticker import MaxNLocator

    set_title(axes, title, t)
    axes.set_xlabel(canvas(t, t.gettext("Day ({zone})", zone=tz_name)), fontsize=12)
    axes.set_ylabel(canvas(t, t.gettext("Reports (distinct stories)")), fontsize=12)
    step = -(-len(series) // MAX_TICKS)  # ceiling division
    ticks = list(range(0, len(series), step))
    axes.set_xticks(ticks, [canvas(t, dates.chart_day(series[n].day, t)) for n in ticks])
    axes.set_xlim(-0.5, len(series) - 0.5)
    axes.set_ylim(bottom=0)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.tick_params(labelsize=11)
    axes.grid(axis="y", alpha=0.3)
