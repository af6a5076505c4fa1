"""Small builders for domain records, so tests say only what matters to them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from datetime import UTC, datetime

from bot import dedup
from bot.format import alert_message
from bot.match import parse_query
from bot.message import Message
from bot.models import Alert, ChatKind, ChatRef, Classification, ParsedItem
from handlers.commands import Caller
from handlers.telegram.render import TELEGRAM, to_html
from storage.store import Store
from storage.threads import AsyncStore

T0 = datetime(2020, 10, 10, 8, tzinfo=UTC)


def item(
    title: str,
    summary: str = "",
    *,
    key: str | None = None,
    published: datetime = T0,
    labels: tuple[str, ...] = (),
    killed: int | None = None,
    wounded: int | None = None,
    url: str | None = None,
) -> ParsedItem:
    return ParsedItem(
        key=key or dedup.item_key(None, url, title, summary),
        title=title,
        summary=summary,
        url=url,
        published_at=published,
        fingerprint=dedup.fingerprint(title, summary),
        classification=Classification(labels, {label: 1.0 for label in labels}, killed, wounded),
    )


def tg(chat: int) -> ChatRef:
    """A Telegram chat by its Telegram id."""
    return ChatRef("telegram", chat)


async def subscribe(store: AsyncStore, chat: int, query: str, when: datetime) -> None:
    """Telegram chat `chat` (a group when negative) follows `query` from `when` on."""
    kind = "private" if chat > 0 else "group"
    await store.write(Store.ensure_chat, tg(chat), kind, None, when)
    await store.write(Store.add_subscription, tg(chat), parse_query(query), when, max_per_chat=50)


def caller(
    chat: int,
    user: int | None,
    kind: str = "private",
    title: str | None = None,
    chat_admin: Callable[[], Awaitable[bool]] | None = None,
    *,
    admins: Collection[int] = (),
) -> Caller:
    """Someone in Telegram chat `chat`, as the Telegram front end describes them: a bot
    administrator when `user` is in `admins`; Telegram's kinds ("supergroup") accepted."""
    shared: ChatKind = "channel" if kind == "channel" else "group"
    return Caller(
        tg(chat),
        user,
        "private" if kind == "private" else shared,
        title,
        chat_admin or _yes,
        bot_admin=user in admins,
        surface=TELEGRAM,
    )


async def _yes() -> bool:
    return True


def html(message: Message) -> str:
    """A reply as Telegram shows it: its HTML."""
    return to_html(message)


def alert_html(alert: Alert) -> str:
    """An alert as Telegram shows it: its HTML."""
    return to_html(alert_message(alert))
