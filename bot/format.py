"""How alerts and item lines read, as transport-neutral messages (pure): every piece of
feed text goes in as text, and each transport's renderer escapes it for its markup."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot import dates
from bot.bidi import right_to_left, rtl_surface, rtl_text
from bot.delivery import Batch
from bot.i18n import ENGLISH, Tongue
from bot.message import Line, Message, Surface, bold, italic, line, link, message
from bot.models import LABEL_MARKS, Alert, Classification, StoredItem
from bot.text import clip
from bot.words import capital, label_count, label_name, listing, reason_text
from bot.words import figures as figure_words
from bot.zones import local

#: How much of each feed field an alert shows: enough to judge the story, well within
#: every platform's limit together.
ALERT_TITLE, ALERT_SUMMARY, ALERT_WHY, ALERT_SOURCE = 300, 700, 400, 80
#: Stories a "while you were away" summary names.
SUMMARY_STORIES = 5


def marks(c: Classification) -> str:
    return "".join(LABEL_MARKS[label] for label in c.labels)


def figures(c: Classification, t: Tongue = ENGLISH) -> str:
    return figure_words(c.killed, c.wounded, t)


def when(moment: datetime, zone: str = "UTC", t: Tongue = ENGLISH) -> str:
    """ "10 Oct 2020 08:00 UTC", or in the chat's zone ("... 11:00 Europe/Moscow")."""
    return dates.clock(moment, zone, t)


def heading(c: Classification, t: Tongue = ENGLISH) -> str:
    names = [label_name(label, t) for label in c.labels]
    return capital(" · ".join(names) or t.gettext("news"))


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


def alert_view(alert: Alert, t: Tongue = ENGLISH) -> AlertView:
    """The alert's parts in the reader's language; in a right-to-left one, each part made
    to read right to left (`bot.bidi`)."""
    item, c = alert.item, alert.item.classification
    summary = item.summary if item.summary and item.summary != item.title else None
    shown = rtl_text if t.rtl else str
    return AlertView(
        labels=tuple(c.labels),
        marks=marks(c),
        heading=shown(heading(c, t)),
        title=shown(clip(item.title, ALERT_TITLE)),
        url=item.url,
        summary=None if summary is None else shown(clip(summary, ALERT_SUMMARY)),
        figures=shown(figures(c, t)),
        why=shown(clip(why(alert, t), ALERT_WHY)),
        source=shown(clip(item.source_name, ALERT_SOURCE)),
        published=item.published_at,
    )


def alert_message(alert: Alert, t: Tongue = ENGLISH) -> Message:
    """The message a subscriber gets: labels, headline, figures, why, source, time, link."""
    item, c = alert.item, alert.item.classification
    summary = item.summary if item.summary and item.summary != item.title else None
    lines: list[Line | str] = [
        line(f"{marks(c)} " if marks(c) else None, bold(heading(c, t))),
        line(bold(clip(item.title, ALERT_TITLE))),
    ]
    if summary:
        lines.append(clip(summary, ALERT_SUMMARY))
    if c.killed is not None or c.wounded is not None:
        lines.append(f"🧾 {figures(c, t)}")
    lines.append(f"🔎 {clip(why(alert, t), ALERT_WHY)}")
    source = clip(item.source_name, ALERT_SOURCE)
    lines.append(line("📰 ", source, " · ", when(item.published_at, t=t)))
    if item.url:
        lines.append(line(link(item.url, t.gettext("Read the report"))))
    return message(*lines)


def why(alert: Alert, t: Tongue = ENGLISH) -> str:
    """The evidence line: what the chat follows that this matched, and the words that
    decided the labels."""
    spans = evidence_phrases(alert.item.classification)
    reason = reason_text(alert.reason, t)
    if spans:
        return t.gettext("matched {reason} — “{words}”", reason=reason, words=spans[0])
    return t.gettext("matched {reason}", reason=reason)


def evidence_phrases(c: Classification, limit: int = 2) -> list[str]:
    seen: list[str] = []
    for e in c.evidence:
        phrase = clip(e.text.strip(), 120)
        if phrase and phrase not in seen:
            seen.append(phrase)
    return seen[:limit]


def item_line(
    item: StoredItem, extra_sources: int = 0, zone: str = "UTC", t: Tongue = ENGLISH
) -> Line:
    """One timeline or search line: time (in `zone`), marks, headline, figures, source, link."""
    c = item.classification
    stamp = local(item.published_at, zone).strftime("%H:%M")
    also = f" +{extra_sources}" if extra_sources else ""
    return line(
        f"{stamp} {marks(c)} " if marks(c) else f"{stamp} ",
        link(item.url, clip(item.title, 200)),
        f" ({figures(c, t)})" if figures(c, t) else None,
        " — ",
        italic(f"{clip(item.source_name, 60)}{also}"),
    )


def alerts_list(alerts: Sequence[Alert], surface: Surface, t: Tongue = ENGLISH) -> Message:
    """Alerts that waited, as one message: a line each, as many as fit."""
    head = line(
        bold(t.ngettext("{n} new alert", "{n} new alerts", len(alerts))),
        t.gettext(" (they arrived while others were sent)"),
    )
    lines = [item_line(a.item, t=t) for a in alerts]
    kept, left = surface.fit(lines, reserve=200)
    more = t.gettext("… and {n} more: /timeline 24h shows them.", n=left)
    return message(head, *kept, *([more] if left else []))


def summary(alerts: Sequence[Alert], surface: Surface, t: Tongue = ENGLISH) -> Message:
    """Alerts that waited long, folded: counts per category, then the newest stories."""
    since = min(a.queued_at or a.item.fetched_at for a in alerts)
    counts: Counter[str] = Counter(label for a in alerts for label in a.item.classification.labels)
    tally = listing([label_count(label, n, t) for label, n in _in_order(counts)], t)
    newest = sorted(alerts, key=lambda a: a.item.published_at, reverse=True)
    lines = [item_line(a.item, t=t) for a in newest[:SUMMARY_STORIES]]
    kept, _ = surface.fit(lines, reserve=300)
    return message(
        line(
            bold(t.gettext("While you were away")),
            t.gettext(" (since {when})", when=when(since, t=t)),
        ),
        _tally_line(len(alerts), tally, t),
        *kept,
        t.gettext("/timeline 24h shows everything."),
    )


def _tally_line(count: int, tally: str, t: Tongue) -> str:
    if not tally:
        return t.ngettext(
            "{n} alert: no labelled reports.", "{n} alerts: no labelled reports.", count
        )
    return t.ngettext("{n} alert: {tally}.", "{n} alerts: {tally}.", count, tally=tally)


def _in_order(counts: Counter[str]) -> list[tuple[str, int]]:
    return [(label, counts[label]) for label in LABEL_MARKS if counts[label]]


def batch_message(batch: Batch, surface: Surface, t: Tongue = ENGLISH) -> Message:
    """What a message carrying `batch` says, in the chat's language."""
    if t.rtl:
        surface = rtl_surface(surface)
    if batch.kind == "summary":
        shown = summary(batch.alerts, surface, t)
    elif batch.kind == "list":
        shown = alerts_list(batch.alerts, surface, t)
    else:
        shown = alert_message(batch.alerts[0], t)
    return right_to_left(shown) if t.rtl else shown
