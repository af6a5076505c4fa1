"""How subscriptions and sources read in a reply (pure)."""

from __future__ import annotations

from datetime import datetime

from bot.dates import utc_stamp
from bot.i18n import ENGLISH, Tongue
from bot.message import Line, bold, line
from bot.models import Chat, Source
from bot.words import capital, label_plural, listing


def describe_query(
    categories: tuple[str, ...],
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    t: Tongue = ENGLISH,
) -> str:
    either = t.gettext(" or ")
    parts = []
    if categories:
        parts.append(either.join(label_plural(c, t) for c in categories))
    if include:
        words = either.join(f"“{w}”" for w in include)
        parts.append(t.gettext("mentioning {words}", words=words))
    if exclude:
        words = either.join(f"“{w}”" for w in exclude)
        parts.append(t.gettext("but not {words}", words=words))
    return capital(listing(parts, t)) or t.gettext("Everything")


def source_line(source: Source, now: datetime, t: Tongue = ENGLISH) -> Line:
    name = (f"#{source.id} ", bold(source.name[:80]))
    items = t.ngettext("{n} item", "{n} items", source.items_count)
    if source.status in ("failing", "broken"):
        return line(*name, _trouble(source, now, t), f" · {items}")
    if source.status == "new":
        return line(*name, t.gettext(" — not polled yet"))
    last = ago(source.last_success_at, now, t)
    return line(*name, t.gettext(" — ✅ ok · last success {when}", when=last), f" · {items}")


def _trouble(source: Source, now: datetime, t: Tongue) -> str:
    mark = t.gettext("⛔ broken") if source.status == "broken" else t.gettext("⚠️ failing")
    error = (source.last_error or t.gettext("unknown error"))[:200]
    said = t.gettext(
        " — {mark} ({n}× in a row): {error}", mark=mark, n=source.failures, error=error
    )
    if source.next_poll_at is None:
        return said
    return said + t.gettext(" · next try {when}", when=ago(source.next_poll_at, now, t))


def ago(moment: datetime | None, now: datetime, t: Tongue = ENGLISH) -> str:
    if moment is None:
        return t.gettext("never")
    seconds = (moment - now).total_seconds()
    text = _span(abs(seconds), t)
    if seconds > 0:
        return t.gettext("in {span}", span=text)
    return t.gettext("{span} ago", span=text)


def _span(seconds: float, t: Tongue) -> str:
    if seconds < 90:
        return t.gettext("{n} s", n=round(seconds))
    if seconds < 5400:
        return t.gettext("{n} min", n=round(seconds / 60))
    if seconds < 172800:
        return t.gettext("{n} h", n=round(seconds / 3600))
    return t.ngettext("{n} day", "{n} days", round(seconds / 86400))


def paused_line(chat: Chat, t: Tongue = ENGLISH) -> Line:
    """A chat its platform refuses us for now, and why (for operators)."""
    name = chat.title or f"{chat.ref.transport} {chat.ref.address}"
    until = utc_stamp(chat.paused_until, t) if chat.paused_until else "?"
    reason = chat.paused_reason or t.gettext("no reason given")
    return line(
        t.gettext(
            "⏸ Paused until {until}: {name} — {reason}", until=until, name=name, reason=reason
        )
    )
