"""What the truce tracker, charts and digests read: items that may mention a truce,
labelled items within truces' lives, daily points, and a window's top stories. Decides
nothing; items come back slim (labels and figures, no evidence) where only those count."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.models import LABELS, Classification, StoredItem
from bot.truces import Point
from bot.truces.data import VOCABULARY
from storage.db import Connection, at, ts
from storage.items import ITEM_COLUMNS, fts_query, stored_item_from

#: A span with no end reaches this far (epoch seconds, year 2286).
OPEN_END = 1e10
_SLIM = (
    "i.id, i.source_id, s.name AS source_name, i.title, i.summary, i.url, i.published_at, "
    "i.fetched_at, i.story_id, i.labels, i.killed, i.wounded"
)
#: The tracker's cheap pre-filter, on the folded search text (a superset of its own test).
_MENTIONS = "(" + " OR ".join("instr(i.search_text, ?) > 0" for _ in VOCABULARY.stems) + ")"
Span = tuple[datetime, datetime | None]


@dataclass(frozen=True, slots=True)
class ItemsMark:
    """Enough to tell whether items were added or removed since it was taken: ids only
    grow, and are reused only after a delete, which the deletion count records."""

    max_id: int
    deleted: int


@dataclass(frozen=True, slots=True)
class TruceRows:
    """Items after an id that may matter to the tracker, and the mark they were read at."""

    mark: ItemsMark
    items: tuple[StoredItem, ...]


class TruceFacts(Connection):
    def truce_rows(self, after_id: int, spans: Sequence[Span] = (), limit: int = -1) -> TruceRows:
        """Items with an id above `after_id` that may mention a truce or that are labelled
        and published within one of `spans` (the first `limit` of them by id, if given);
        read in one snapshot with the mark."""
        within = " OR ".join("i.published_at BETWEEN ? AND ?" for _ in spans) or "0"
        bounds = [b for lo, hi in spans for b in (ts(lo), OPEN_END if hi is None else ts(hi))]
        with self.transaction():
            mark = self.items_mark()
            rows = self.rows(
                f"SELECT {_SLIM} FROM items i JOIN sources s ON s.id = i.source_id "
                f"WHERE i.id > ? AND ({_MENTIONS} OR (i.labels != '' AND ({within}))) "
                "ORDER BY i.id LIMIT ?",
                [after_id, *VOCABULARY.stems, *bounds, limit],
            )
        return TruceRows(mark, slim_items(rows))

    def items_mark(self) -> ItemsMark:
        row = self.db.execute(
            "SELECT (SELECT coalesce(max(id), 0) FROM items), "
            "(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'items_deleted')"
        ).fetchone()
        return ItemsMark(int(row[0]), int(row[1] or 0))

    def labelled_between(
        self, since: datetime, until: datetime | None, words: Sequence[str] = ()
    ) -> list[StoredItem]:
        """Labelled items published in [since, until] (no end: up to now and beyond); with
        `words`, only those whose folded text has one of them (through the search index)."""
        named = ""
        params: list[Any] = [ts(since), OPEN_END if until is None else ts(until)]
        if words:
            named = "AND i.rowid IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?) "
            params.append(" OR ".join(f'"{w}"' for w in words))
        rows = self.rows(
            f"SELECT {_SLIM} FROM items i JOIN sources s ON s.id = i.source_id "
            f"WHERE i.published_at BETWEEN ? AND ? AND i.labels != '' {named}ORDER BY i.id",
            params,
        )
        return list(slim_items(rows))

    def chart_points(
        self, since: datetime, until: datetime, label: str | None = None, match: str | None = None
    ) -> list[Point]:
        """Labelled items in [since, until) as daily series count them; with a label, only
        that label counts; with words, only stories with an item mentioning them."""
        clauses = ["i.published_at >= ?", "i.published_at < ?", "i.labels != ''"]
        params: list[Any] = [ts(since), ts(until)]
        if label is not None:
            clauses.append("instr(' ' || i.labels || ' ', ?) > 0")
            params.append(f" {label} ")
        query = fts_query(match) if match else ""
        if query:
            clauses.append(
                "i.story_id IN (SELECT story_id FROM items WHERE rowid IN "
                "(SELECT rowid FROM items_fts WHERE items_fts MATCH ?))"
            )
            params.append(query)
        rows = self.db.execute(
            "SELECT i.story_id, i.published_at, i.labels, i.killed, i.wounded FROM items i "
            f"WHERE {' AND '.join(clauses)}",
            params,
        ).fetchall()
        return [point(row, label) for row in rows]

    def top_stories(
        self, since: datetime, until: datetime, limit: int = 5
    ) -> list[tuple[StoredItem, int]]:
        """Labelled stories first told in [since, until), most widely carried first, each
        with how many items tell it."""
        rows = self.rows(
            f"SELECT {ITEM_COLUMNS}, (SELECT count(*) FROM items x WHERE x.story_id = i.id) "
            "AS story_size FROM items i JOIN sources s ON s.id = i.source_id "
            "WHERE i.published_at >= ? AND i.published_at < ? AND i.story_id = i.id "
            "AND i.labels != '' ORDER BY story_size DESC, i.published_at DESC LIMIT ?",
            [ts(since), ts(until), limit],
        )
        return [(stored_item_from(r), int(r["story_size"])) for r in rows]


def point(row: Sequence[Any], label: str | None) -> Point:
    story, published, labels, killed, wounded = row
    kept = tuple(x for x in str(labels).split() if label is None or x == label)
    return Point(int(story), at(published), kept, killed, wounded)


def slim_items(rows: list[dict[str, Any]]) -> tuple[StoredItem, ...]:
    return tuple(slim_item(r) for r in rows)


def slim_item(r: dict[str, Any]) -> StoredItem:
    """An item with its labels and figures only: what the tracker reads of a classification."""
    present = str(r["labels"]).split()
    labels = tuple(label for label in LABELS if label in present)
    return stored_item_from(r, Classification(labels, {}, r["killed"], r["wounded"]))
