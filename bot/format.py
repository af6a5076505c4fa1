"""How alerts and item lines read, as transport-neutral messages (pure): every piece of
feed text goes in as text, and each transport's renderer escapes it for its markup."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.message import Line, Message, bold, italic, line, link, message
from bot.models import LABEL_MARKS, LABEL_TITLES, Alert, Classification, StoredItem
from bot.text import clip

#: How much of each feed field an alert shows: enough to judge the story, well within
#: every platform's limit together.
ALERT_TITLE, ALERT_SUMMARY, ALERT_WHY, ALERT_SOURCE = 300, 700, 400, 80


def marks(c: Classification) -> str:
    return "".join(LABEL_MARKS[label] for label in c.labels)


def figures(c: Classification) -> str:
    parts = []
    if c.killed is not None:
        parts.append(f"{c.killed} killed")
    if c.wounded is not None:
        parts.append(f"{c.wounded} wounded")
    return ", ".join(parts)


def when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%d %b %Y %H:%M UTC")


def heading(c: Classification) -> str:
    return (" · ".join(LABEL_TITLES[label] for label in c.labels) or "news").capitalize()


def alert_message(alert: Alert) -> Message:
    """The message a subscriber gets: labels, headline, figures, why, source, time, link."""
    item, c = alert.item, alert.item.classification
    lines: list[Line | str] = [
        line(f"{marks(c)} " if marks(c) else None, bold(heading(c))),
        line(bold(clip(item.title, ALERT_TITLE))),
    ]
    if item.summary and item.summary != item.title:
        lines.append(clip(item.summary, ALERT_SUMMARY))
    if figures(c):
        lines.append(f"🧾 {figures(c)}")
    lines.append(f"🔎 {clip(why(alert), ALERT_WHY)}")
    lines.append(f"📰 {clip(item.source_name, ALERT_SOURCE)} · {when(item.published_at)}")
    if item.url:
        lines.append(line(link(item.url, "Read the report")))
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


def item_line(item: StoredItem, extra_sources: int = 0) -> Line:
    """One timeline or search line: time, marks, headline, figures, source, link."""
    c = item.classification
    stamp = item.published_at.astimezone(UTC).strftime("%H:%M")
    also = f" +{extra_sources}" if extra_sources else ""
    return line(
        f"{stamp} {marks(c)} " if marks(c) else f"{stamp} ",
        link(item.url, clip(item.title, 200)),
        f" ({figures(c)})" if figures(c) else None,
        " — ",
        italic(f"{clip(item.source_name, 60)}{also}"),
    )
