"""How subscriptions and sources read in a reply (pure)."""

from __future__ import annotations

from datetime import datetime

from bot.message import Line, bold, line
from bot.models import LABEL_TITLES, Chat, Source


def describe_query(
    categories: tuple[str, ...], include: tuple[str, ...], exclude: tuple[str, ...]
) -> str:
    parts = []
    if categories:
        parts.append(" or ".join(LABEL_TITLES[c] + "s" for c in categories))
    if include:
        parts.append("mentioning " + " or ".join(f"“{t}”" for t in include))
    if exclude:
        parts.append("but not " + " or ".join(f"“{t}”" for t in exclude))
    return ", ".join(parts).capitalize() or "Everything"


def source_line(source: Source, now: datetime) -> Line:
    name = (f"#{source.id} ", bold(source.name[:80]))
    if source.status in ("failing", "broken"):
        mark = "⛔ broken" if source.status == "broken" else "⚠️ failing"
        error = (source.last_error or "unknown error")[:200]
        retry = f" · next try {ago(source.next_poll_at, now)}" if source.next_poll_at else ""
        return line(
            *name,
            f" — {mark} ({source.failures}× in a row): {error}{retry} · {source.items_count} items",
        )
    if source.status == "new":
        return line(*name, " — not polled yet")
    return line(
        *name,
        f" — ✅ ok · last success {ago(source.last_success_at, now)} · {source.items_count} items",
    )


def ago(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "never"
    seconds = (moment - now).total_seconds()
    text = _span(abs(seconds))
    return f"in {text}" if seconds > 0 else f"{text} ago"


def _span(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    if seconds < 172800:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 86400:.0f} days"


def paused_line(chat: Chat) -> Line:
    """A chat its platform refuses us for now, and why (for operators)."""
    name = chat.title or f"{chat.ref.transport} {chat.ref.address}"
    until = chat.paused_until.strftime("%d %b %H:%M UTC") if chat.paused_until else "?"
    return line(f"⏸ Paused until {until}: {name} — {chat.paused_reason or 'no reason given'}")
