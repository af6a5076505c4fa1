"""Small builders for domain records, so tests say only what matters to them."""

from __future__ import annotations

from datetime import UTC, datetime

from bot import dedup
from bot.models import Classification, ParsedItem

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
