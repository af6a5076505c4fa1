"""Stored items for truce tests: classified as the bot would, or with given labels."""

from __future__ import annotations

import glob
from datetime import UTC, datetime
from pathlib import Path

import feedparser

from bot import dedup
from bot.classify import classify
from bot.models import Classification, StoredItem
from bot.text import html_to_text

T0 = datetime(2020, 10, 10, 0, 35, tzinfo=UTC)
FEEDS = Path(__file__).resolve().parents[2] / "examples" / "feeds"
#: When the demo is played: the undated item takes this as its fetch time.
DEMO_FETCHED = datetime(2020, 10, 13, 16, 30, tzinfo=UTC)


def stored(
    title: str,
    summary: str = "",
    *,
    id: int = 1,
    story: int | None = None,
    published: datetime = T0,
    labels: tuple[str, ...] | None = None,
    killed: int | None = None,
    wounded: int | None = None,
) -> StoredItem:
    """An item as storage returns it; classified by the real classifier unless `labels`."""
    if labels is None:
        classification = classify(title, summary)
    else:
        classification = Classification(labels, {}, killed, wounded)  # type: ignore[arg-type]
    return StoredItem(
        id=id,
        source_id=1,
        source_name="test",
        title=title,
        summary=summary,
        url=None,
        published_at=published,
        fetched_at=published,
        story_id=id if story is None else story,
        classification=classification,
    )


def demo_items() -> list[StoredItem]:
    """The bundled demo feeds as stored items: parsed with feedparser, classified, ids in
    feed-file order, and one story id per group of same-story items (within a day)."""
    items: list[StoredItem] = []
    for path in sorted(glob.glob(str(FEEDS / "*.xml")) + glob.glob(str(FEEDS / "*.atom"))):
        for entry in feedparser.parse(path).entries:
            items.append(demo_item(entry, len(items) + 1))
    return with_stories(items)


def demo_item(entry: feedparser.FeedParserDict, id: int) -> StoredItem:
    summary = entry.get("summary") or ""
    if not summary and "content" in entry:
        summary = entry.content[0].value
    title, summary = html_to_text(entry.title, 300), html_to_text(summary, 1200)
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    published = datetime(*parsed[:6], tzinfo=UTC) if parsed else DEMO_FETCHED
    return stored(title, summary, id=id, published=published)


def with_stories(items: list[StoredItem]) -> list[StoredItem]:
    """Each item joins the story of an earlier same-story item published within a day."""
    out: list[StoredItem] = []
    for item in sorted(items, key=lambda i: i.published_at):
        twin = next((o for o in out if same_story(o, item)), None)
        story = item.id if twin is None else twin.story_id
        out.append(stored_with_story(item, story))
    return out


def same_story(a: StoredItem, b: StoredItem) -> bool:
    close = abs(a.published_at - b.published_at) <= dedup.STORY_WINDOW
    return close and dedup.same_story_text(a.title, a.summary, b.title, b.summary)


def stored_with_story(item: StoredItem, story: int) -> StoredItem:
    return StoredItem(
        item.id,
        item.source_id,
        item.source_name,
        item.title,
        item.summary,
        item.url,
        item.published_at,
        item.fetched_at,
        story,
        item.classification,
    )
