"""Small builders for domain records, so tests say only what matters to them."""

from __future__ import annotations

from datetime import UTC, datetime

from bot import dedup
from bot.match import parse_query
from bot.models import Classification, ParsedItem
from storage.runner import AsyncStore
from storage.store import Store

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


async def subscribe(store: AsyncStore, chat: int, query: str, when: datetime) -> None:
    """`chat` (a group when negative) follows `query` from `when` on."""
    kind = "private" if chat > 0 else "group"
    await store.write(Store.ensure_chat, chat, kind, None, when)
    await store.write(Store.add_subscription, chat, parse_query(query), when, max_per_chat=50)
