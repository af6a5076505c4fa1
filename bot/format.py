"""How alerts and item lines read (pure). Output is Telegram-style HTML with every piece of
feed text escaped; `to_plain` turns it into terminal text."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import UTC, datetime

from bot.models import LABEL_MARKS, LABEL_TITLES, Alert, Classification, StoredItem
from bot.text import clip

#: Telegram's limit on a message, in UTF-16 code units of visible text.
MESSAGE_LIMIT = 4096
_TAG = re.compile(r"<[^>]*>")


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def link(url: str | None, label: str) -> str:
    """An anchor for an already vetted http(s) URL, or just the label."""
    return f'<a href="{esc(url)}">{esc(label)}</a>' if url else esc(label)


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


def alert_html(alert: Alert) -> str:
    """The message a subscriber gets: labels, headline, figures, why, source, time, link."""
    item, c = alert.item, alert.item.classification
    heading = " · ".join(LABEL_TITLES[label] for label in c.labels) or "news"
    lines = [
        f"{marks(c)} <b>{esc(heading.capitalize())}</b>".strip(),
        f"<b>{esc(clip(item.title, 300))}</b>",
    ]
    if item.summary and item.summary != item.title:
        lines.append(esc(clip(item.summary, 700)))
    if figures(c):
        lines.append(f"🧾 {esc(figures(c))}")
    lines.append(f"🔎 {esc(clip(_why(alert), 400))}")
    lines.append(f"📰 {esc(clip(item.source_name, 80))} · {when(item.published_at)}")
    if item.url:
        lines.append(link(item.url, "Read the report"))
    return "\n".join(lines)


def _why(alert: Alert) -> str:
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


def item_line(item: StoredItem, extra_sources: int = 0) -> str:
    """One timeline or search line: time, marks, headline, figures, source, link."""
    c = item.classification
    parts = [item.published_at.astimezone(UTC).strftime("%H:%M"), marks(item.classification)]
    title = link(item.url, clip(item.title, 200))
    parts.append(title)
    if figures(c):
        parts.append(f"({esc(figures(c))})")
    also = f" +{extra_sources}" if extra_sources else ""
    parts.append(f"— <i>{esc(clip(item.source_name, 60))}{also}</i>")
    return " ".join(p for p in parts if p)


def to_plain(markup: str) -> str:
    """Terminal or fallback text: tags dropped, entities decoded, links shown."""
    with_links = re.sub(r'<a href="([^"]*)">(.*?)</a>', r"\2 (\1)", markup, flags=re.S)
    return html.unescape(_TAG.sub("", with_links))


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def fit(lines: Sequence[str], limit: int = MESSAGE_LIMIT - 96) -> tuple[list[str], int]:
    """As many whole lines as fit in one message; returns them and how many were left out."""
    kept: list[str] = []
    size = 0
    for line in lines:
        size += utf16_length(to_plain(line)) + 1
        if size > limit:
            break
        kept.append(line)
    return kept, len(lines) - len(kept)
