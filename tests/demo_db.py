"""The bundled demo feeds stored in a test database, as the bot's first polls store them
(parsed and classified by the real code; nothing alerted)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.models import PollSuccess
from bot.parse import parse_feed
from bot.pipeline import store_items
from storage.store import Store
from storage.threads import AsyncStore

FEEDS = Path(__file__).resolve().parents[1] / "examples" / "feeds"
FETCHED = datetime(2020, 10, 13, 16, 30, tzinfo=UTC)
#: The demo truce: announced 00:10 UTC, in force from 08:00 UTC on 10 October 2020.
TITLE = "Nagorno-Karabakh humanitarian truce of 10 October 2020"


def store_demo(store: Store, fetched: datetime = FETCHED) -> int:
    """Every demo feed as a source with its items; returns how many items."""
    count = 0
    for path in sorted(FEEDS.glob("*.*")):
        if path.suffix not in (".xml", ".atom"):
            continue
        source = store.add_source(path.as_uri(), path.stem, fetched)
        parsed = parse_feed(
            path.read_bytes(), url=path.as_uri(), content_type=None, fetched_at=fetched
        )
        success = PollSuccess(None, None, fetched.replace(year=2100))
        count += store_items(store, source.id, parsed.items, success, fetched).new_items
    return count


async def store_demo_async(store: AsyncStore, fetched: datetime = FETCHED) -> int:
    return await store.write(store_demo, fetched)
