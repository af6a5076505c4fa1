"""`/truce` (the truces found in the news, one line each; one truce's detail and chart)
and `/timeline chart`. Charts are drawn in a worker thread: matplotlib takes ~0.2 s, which
the event loop (and every other chat) must not wait for."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from bot.buttons import is_number
from bot.charts import TruceSpan, render_timeline_chart
from bot.i18n import Tongue
from bot.message import Image, Line, Message, bold, italic, line, message
from bot.notifier import chart_image
from bot.text import clip
from bot.truce_news import recent, truce_line
from bot.truces import Point, Truce, daily_series, describe
from bot.zones import local
from handlers.chat_settings import zone_of
from handlers.replies import Caller, say, usage
from handlers.timeline import TimelineQuery, describe_timeline
from storage.store import Store

if TYPE_CHECKING:
    from handlers.commands import Commands

MAX_PLACES = 8


async def truce(commands: Commands, caller: Caller, args: str) -> Message:
    t = caller.tongue
    number = args.removeprefix("#")
    if args and not is_number(number):
        return usage(t, "truce", t.gettext("Give a truce's number, as /truce lists them."))
    truces = await commands.truces.current()
    if not truces:
        return say(t.gettext("No truce found in the stored news yet."))
    if not args:
        return truce_list(truces, commands.clock(), caller)
    found = next((x for x in truces if x.id == int(number)), None)
    if found is None:
        return say(t.gettext("No truce #{number}. /truce lists them.", number=number))
    zone = await zone_of(commands, caller)
    image = await chart_image(found, commands.clock(), zone, t)
    return message(*truce_detail(found, zone, t), image=image)


def truce_list(truces: Sequence[Truce], now: datetime, caller: Caller) -> Message:
    t = caller.tongue
    shown = recent(truces, now)
    lines, left = caller.surface.fit([truce_line(x, t) for x in shown], reserve=200)
    if len(shown) < len(truces):
        head = t.gettext("Truces on now or over in the last 30 days")
    else:
        head = t.gettext("Truces")
    lines.insert(0, line(bold(head), t.gettext(" (violations and casualties as reported)")))
    if left:
        lines.append(line(t.gettext("… and {n} more.", n=left)))
    more = t.gettext("Send /truce {number} for a truce's detail and chart.", number=shown[0].id)
    lines.append(line(more))
    return message(*lines)


def truce_detail(truce: Truce, zone: str, t: Tongue) -> list[Line | str]:
    """describe() with the first line bold, then where and who said it first."""
    first, *rest = describe(truce, zone, t)
    lines: list[Line | str] = [line(bold(first)), *rest]
    if truce.places:
        places = ", ".join(truce.places[:MAX_PLACES])
        lines.append(t.gettext("Places: {places}", places=places))
    announced = italic(clip(truce.headline, 200))
    lines.append(line(t.gettext("Announced: “"), announced, t.gettext("”")))
    return lines


# --- /timeline chart ------------------------------------------------------------------------


async def timeline_chart(commands: Commands, caller: Caller, query: TimelineQuery) -> Message:
    since = datetime.fromtimestamp(query.since, UTC)
    until = datetime.fromtimestamp(query.until, UTC)
    t = caller.tongue
    points = await commands.store.read(Store.chart_points, since, until, query.label, query.match)
    if not points:
        return say(t.gettext("Nothing {what} yet.", what=describe_timeline(query, t)))
    shown = describe_timeline(query, t)
    title = t.gettext("Timeline: {title}", title=shown)
    spans = () if query.match else await truce_spans(commands, since, until)
    draw = functools.partial(draw_timeline, points, query.zone, since, until, title, spans, t)
    png = await asyncio.get_running_loop().run_in_executor(None, draw)
    stories = len({p.story_id for p in points})
    return message(
        line(bold(title)),
        t.ngettext(
            "{n} labelled story; days in {zone}. Send /timeline without “chart” for the "
            "stories themselves.",
            "{n} labelled stories; days in {zone}. Send /timeline without “chart” for the "
            "stories themselves.",
            stories,
            zone=query.zone,
        ),
        image=Image(png, "timeline.png", t.gettext("Daily reports: {title}", title=shown)),
    )


async def truce_spans(
    commands: Commands, since: datetime, until: datetime
) -> tuple[TruceSpan, ...]:
    truces = await commands.truces.current()
    return tuple(
        TruceSpan(t.starts_at, t.ends_at, t.title)
        for t in truces
        if t.starts_at < until and (t.ends_at is None or t.ends_at > since)
    )


def draw_timeline(
    points: Sequence[Point],
    zone: str,
    since: datetime,
    until: datetime,
    title: str,
    spans: Sequence[TruceSpan],
    t: Tongue,
) -> bytes:
    """The daily series and its chart (in a worker thread)."""
    first = local(since, zone).date()
    last = local(until - timedelta(microseconds=1), zone).date()
    series = daily_series(points, zone, first, last)
    return render_timeline_chart(series, title=title, tz_name=zone, truce_spans=spans, tongue=t)
