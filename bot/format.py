"""How alerts and item lines read, as transport-neutral messages (pure): every piece of
feed text goes in as text, and each transport's renderer escapes it for its markup."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.delivery import Batch
from bot.message import Line, Message, Surface, bold, italic, line, link, message
from bot.models import LABEL_MARKS, LABEL_TITLES, Alert, Classification, StoredItem
from bot.text import clip
from bot.zones import clock_text, local

#: How much of each feed field an alert shows: enough to judge the story, well within
#: every platform's limit together.
ALERT_TITLE, ALERT_SUMMARY, ALERT_WHY, ALERT_SOURCE = 300, 700, 400, 80
#: Stories a "while you were away" summary names.
SUMMARY_STORIES = 5


def marks(c: Classification) -> str:
    return "".join(LABEL_MARKS[label] for label in c.labels)


def figures(c: Classification) -> str:
    parts = []
    if c.killed is not None:
        parts.append(f"{c.killed} killed")
    if c.wounded is not None:
        parts.append(f"{c.wounded} wounded")
    return ", ".join(parts)


def when(moment: datetime, zone: str = "UTC") -> str:
    """ "10 Oct 2020 08:00 UTC", or in the chat's zone ("... 11:00 Europe/Moscow")."""
    return clock_text(moment, zone)


def heading(c: Classification) -> str:
    return (" · ".join(LABEL_TITLES[label] for label in c.labels) or "news").capitalize()


@dataclass(frozen=True, slots=True)
class AlertView:
    """What an alert shows, each part bounded; transports lay it out their own way."""

    labels: tuple[str, ...]
    marks: str
    heading: str
    title: str
    url: str | None
    summary: str | None
    figures: str
    why: str
    source: str
    published: datetime


def alert_view(alert: Alert) -> AlertView:
    item, c = alert.item, alert.item.classification
    summary = item.summary if item.summary and item.summary != item.title else None
    return AlertView(
        labels=tuple(c.labels),
        marks=marks(c),
        heading=heading(c),
        title=clip(item.title, ALERT_TITLE),
        url=item.url,
        summary=None if summary is None else clip(summary, ALERT_SUMMARY),
        figures=figures(c),
        why=clip(why(alert), ALERT_WHY),
        source=clip(item.source_name, ALERT_SOURCE),
        published=item.published_at,
    )


def alert_message(alert: Alert) -> Message:
    """The message a subscriber gets: labels, headline, figures, why, source, time, link."""
    view = alert_view(alert)
    lines: list[Line | str] = [
        line(f"{view.marks} " if view.marks else None, bold(view.heading)),
        line(bold(view.title)),
    ]
    if view.summary:
        lines.append(view.summary)
    if view.figures:
        lines.append(f"🧾 {view.figures}")
    lines.append(f"🔎 {view.why}")
    lines.append(f"📰 {view.source} · {when(view.published)}")
    if view.url:
        lines.append(line(link(view.url, "Read the report")))
    return message(*lines)


def why(alert: Alert) -> str:
    """The evidence line: what the chat follows that this matched, and the words that
    decided the labels."""
    spans = evidence_phrases(alert.item.classification)
    because = f" — “{spans[0]}”" if spans else ""
    return f"matched {alert.reason}{because}"


def evidence_phrases(c: Classification, limit: int = 2) -> list[str]:
    seen: list[str] = []
    for e in c.evidence:
        phrase = clip(e.text.strip(), 120)
        if phrase and phrase not in seen:
            seen.append(phrase)
    return seen[:limit]


def item_line(item: StoredItem, extra_sources: int = 0, zone: str = "UTC") -> Line:
    """One timeline or search line: time (in `zone`), marks, headline, figures, source, link."""
    c = item.classification
    stamp = local(item.published_at, zone).strftime("%H:%M")
    also = f" +{extra_sources}" if extra_sources else ""
    return line(
        f"{stamp} {marks(c)} " if marks(c) else f"{stamp} ",
        link(item.url, clip(item.title, 200)),
        f" ({figures(c)})" if figures(c) else None,
        " — ",
        italic(f"{clip(item.source_name, 60)}{also}"),
    )


def alerts_list(alerts: Sequence[Alert], surface: Surface) -> Message:
    """Alerts that waited, as one message: a line each, as many as fit."""
    head = line(bold(f"{len(alerts)} new alerts"), " (they arrived while others were sent)")
    lines = [item_line(a.item) for a in alerts]
    kept, left = surface.fit(lines, reserve=200)
    tail = [f"… and {left} more: /timeline 24h shows them."] if left else []
    return message(head, *kept, *tail)


def summary(alerts: Sequence[Alert], surface: Surface) -> Message:
    """Alerts that waited long, folded: counts per category, then the newest stories."""
    since = min(a.queued_at or a.item.fetched_at for a in alerts)
    counts: Counter[str] = Counter(label for a in alerts for label in a.item.classification.labels)
    tally = ", ".join(
        f"{counts[label]} {LABEL_TITLES[label]}{'s' * (counts[label] != 1)}"
        for label in LABEL_TITLES
        if counts[label]
    )
    newest = sorted(alerts, key=lambda a: a.item.published_at, reverse=True)
    lines = [item_line(a.item) for a in newest[:SUMMARY_STORIES]]
    kept, _ = surface.fit(lines, reserve=300)
    return message(
        line(bold("While you were away"), f" (since {when(since)})"),
        f"{len(alerts)} alerts: {tally or 'no labelled reports'}.",
        *kept,
        "/timeline 24h shows everything.",
    )


def batch_message(batch: Batch, surface: Surface) -> Message:
    """What a message carrying `batch` says."""
    if batch.kind == "summary":
        return summary(batch.alerts, surface)
    if batch.kind == "list":
        return alerts_list(batch.alerts, surface)
    return alert_message(batch.alerts[0])
