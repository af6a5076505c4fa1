"""Items and stories: what a poll plan writes, what dedup needs to read first, and the
reading side (timeline, search, latest).

Planning happens in `bot.ingest`; this module reads the facts a plan needs and writes
the plan it is given, deciding nothing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.models import (
    Candidates,
    Classification,
    Known,
    NewItem,
    ParsedItem,
    StoredItem,
    StoryCandidate,
)
from bot.text import fold
from storage.db import Connection, at, insert_rows, ts

#: A search matching at least this many items walks the items by date instead of sorting.
COMMON_MATCHES = 500
#: How many similar-text candidates one item is compared with, oldest first.
MAX_CANDIDATES = 20
ITEM_COLUMNS = (
    "i.id, i.source_id, s.name AS source_name, i.title, i.summary, i.url, i.published_at, "
    "i.fetched_at, i.story_id, i.classification"
)


@dataclass(frozen=True, slots=True)
class TimelinePage:
    items: tuple[StoredItem, ...]
    story_sizes: dict[int, int]
    more: bool


class Items(Connection):
    # --- what a plan needs to know --------------------------------------------------------

    def known_items(self, source_id: int, items: Sequence[ParsedItem]) -> Known | None:
        """Which of `items` the feed stored before (by key or by text), whether this is its
        first poll, and the next free item id; None when the source is gone."""
        row = self.db.execute(
            "SELECT last_success_at FROM sources WHERE id = ?", [source_id]
        ).fetchone()
        if row is None:
            return None
        known = self._known_rows(source_id, items) if items else []
        next_id = self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM items").fetchone()[0]
        return Known(
            first_poll=row[0] is None,
            keys=frozenset(r[0] for r in known),
            hashes=frozenset(r[1] for r in known),
            next_id=int(next_id),
        )

    def _known_rows(self, source_id: int, items: Sequence[ParsedItem]) -> list[Any]:
        return self.db.execute(
            "SELECT key, content_hash FROM items WHERE source_id = ? AND key IN "
            "(SELECT value FROM json_each(?)) UNION ALL "
            "SELECT key, content_hash FROM items WHERE source_id = ? AND content_hash IN "
            "(SELECT value FROM json_each(?))",
            [
                source_id,
                json.dumps([i.key for i in items]),
                source_id,
                json.dumps([i.fingerprint.content_hash for i in items]),
            ],
        ).fetchall()

    def stories_near(
        self, source_id: int, items: Sequence[ParsedItem], window: float
    ) -> list[Candidates]:
        """Per item of `items`, other feeds' items within `window` seconds that may tell the
        same story: by exact title, then by similar text for those with none. Each item's
        lookup stops at its first hits (a headline carried by hundreds of feeds would
        otherwise read them all), and each kind is one statement for the whole feed that
        returns one row: every row stepped is the writer thread giving up the GIL, and
        winning it back from a busy event loop takes a while."""
        titles = self._same_titles(source_id, items, window)
        untitled = [n for n, story in enumerate(titles) if story is None]
        similar = self._similar(source_id, [items[n] for n in untitled], window)
        found = [Candidates(story) for story in titles]
        for n, candidates in zip(untitled, similar, strict=True):
            found[n] = Candidates(None, candidates)
        return found

    def _same_titles(
        self, source_id: int, items: Sequence[ParsedItem], window: float
    ) -> list[int | None]:
        keys = [(i.fingerprint.title_key, *_window(i, window)) for i in items]
        (found,) = self.db.execute(
            "SELECT json_group_array(json_array(j.key, (SELECT story_id FROM items "
            "WHERE title_key = j.value ->> 0 AND published_at BETWEEN j.value ->> 1 "
            "AND j.value ->> 2 AND source_id != ? ORDER BY id LIMIT 1))) FROM json_each(?) j",
            [source_id, json.dumps(keys)],
        ).fetchone()
        stories: list[int | None] = [None] * len(items)
        for n, story in json.loads(found):
            stories[n] = story
        return stories

    def _similar(
        self, source_id: int, items: Sequence[ParsedItem], window: float
    ) -> list[tuple[StoryCandidate, ...]]:
        # Candidate ids first (cheap, from the band index), texts only for those few; the
        # CROSS JOIN keeps the items' bands the outer loop.
        bands = [(list(i.fingerprint.bands), *_window(i, window)) for i in items]
        (found,) = self.db.execute(
            "SELECT json_group_array(json_array(j.key, i.id, i.story_id, i.title_key, "
            "CASE WHEN i.shingles IS NOT NULL THEN hex(i.shingles) END, "
            "CASE WHEN i.shingles IS NULL THEN i.search_text END)) "
            "FROM json_each(?) j CROSS JOIN items i ON i.id IN ("
            "SELECT DISTINCT item_id FROM item_bands WHERE band IN "
            "(SELECT value FROM json_each(j.value -> 0)) AND published_at BETWEEN "
            "j.value ->> 1 AND j.value ->> 2 AND source_id != ? ORDER BY item_id LIMIT ?)",
            [json.dumps(bands), source_id, MAX_CANDIDATES],
        ).fetchone()
        rows: list[list[tuple[int, StoryCandidate]]] = [[] for _ in items]
        for n, item_id, story, title_key, shingles, folded in json.loads(found):
            blob = None if shingles is None else bytes.fromhex(shingles)
            rows[n].append((item_id, StoryCandidate(story, title_key, blob, folded)))
        return [tuple(c for _, c in sorted(r, key=lambda pair: pair[0])) for r in rows]

    # --- writing a plan -------------------------------------------------------------------

    def insert_items(self, source_id: int, items: Sequence[NewItem], now: datetime) -> None:
        """A feed's new items and their index rows, a few multi-row statements per table."""
        conn = self.db.conn
        insert_rows(
            conn,
            "INSERT INTO items (id, source_id, key, url, title, summary, published_at, "
            "fetched_at, content_hash, title_key, story_id, labels, killed, wounded, "
            "classification, search_text, shingles)",
            [_item_row(new, source_id, now) for new in items],
        )
        insert_rows(
            conn,
            "INSERT INTO item_labels (label, published_at, item_id)",
            [
                (label, ts(new.item.published_at), new.id)
                for new in items
                for label in new.item.classification.labels
            ],
        )
        insert_rows(
            conn,
            "INSERT OR IGNORE INTO item_bands (band, published_at, item_id, source_id)",
            [
                (band, ts(new.item.published_at), new.id, source_id)
                for new in items
                for band in new.item.fingerprint.bands
            ],
        )

    # --- reading --------------------------------------------------------------------------

    def timeline(
        self,
        *,
        since: datetime,
        until: datetime,
        label: str | None = None,
        match: str | None = None,
        before: tuple[float, int] | None = None,
        limit: int = 15,
    ) -> TimelinePage:
        """Stories (first item of each) from newest to oldest, a page at a time."""
        where, params = _timeline_filter(since, until, label, match, before)
        rows = self.rows(
            f"SELECT {ITEM_COLUMNS}, (SELECT count(*) FROM items x WHERE x.story_id = i.id) "
            f"AS story_size FROM items i JOIN sources s ON s.id = i.source_id WHERE {where} "
            "ORDER BY i.published_at DESC, i.id DESC LIMIT ?",
            [*params, limit + 1],
        )
        page = [stored_item_from(r) for r in rows[:limit]]
        sizes = {int(r["id"]): int(r["story_size"]) for r in rows[:limit]}
        return TimelinePage(tuple(page), sizes, len(rows) > limit)

    def search(self, text: str, limit: int = 10) -> list[StoredItem]:
        """Full-text search, newest first; user text is quoted, never FTS syntax."""
        query = fts_query(text)
        if not query:
            return []
        # A common word matches thousands of items, and sorting them all costs ~70 ms per
        # 50,000 stored: then walk the items newest first and stop after `limit` matches.
        order = "INDEXED BY items_published " if self._common(query) else ""
        rows = self.rows(
            f"SELECT {ITEM_COLUMNS} FROM items i {order}JOIN sources s ON s.id = i.source_id "
            "WHERE i.rowid IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?) "
            "ORDER BY i.published_at DESC, i.id DESC LIMIT ?",
            [query, limit],
        )
        return [stored_item_from(r) for r in rows]

    def _common(self, query: str) -> bool:
        found = self.rows(
            "SELECT count(*) AS n FROM (SELECT rowid FROM items_fts WHERE items_fts MATCH ? "
            "LIMIT ?)",
            [query, COMMON_MATCHES],
        )
        return int(found[0]["n"]) >= COMMON_MATCHES

    def fetched_since(self, moment: datetime, limit: int = 10_000) -> list[StoredItem]:
        """Items stored at or after `moment`, oldest first (what one run brought in)."""
        rows = self.rows(
            f"SELECT {ITEM_COLUMNS} FROM items i JOIN sources s ON s.id = i.source_id "
            "WHERE i.fetched_at >= ? ORDER BY i.published_at, i.id LIMIT ?",
            [ts(moment), limit],
        )
        return [stored_item_from(r) for r in rows]

    def latest(self, limit: int = 50, label: str | None = None) -> list[StoredItem]:
        where, params = "1 = 1", []
        if label is not None:
            where = (
                "i.id IN (SELECT item_id FROM item_labels WHERE label = ? "
                "ORDER BY published_at DESC LIMIT ?)"
            )
            params = [label, limit]
        rows = self.rows(
            f"SELECT {ITEM_COLUMNS} FROM items i JOIN sources s ON s.id = i.source_id "
            f"WHERE {where} ORDER BY i.published_at DESC, i.id DESC LIMIT ?",
            [*params, limit],
        )
        return [stored_item_from(r) for r in rows]


def _timeline_filter(
    since: datetime,
    until: datetime,
    label: str | None,
    match: str | None,
    before: tuple[float, int] | None,
) -> tuple[str, list[Any]]:
    clauses = ["i.published_at >= ?", "i.published_at < ?", "i.story_id = i.id"]
    params: list[Any] = [ts(since), ts(until)]
    if label:
        clauses.append(
            "i.id IN (SELECT item_id FROM item_labels WHERE label = ? "
            "AND published_at >= ? AND published_at < ?)"
        )
        params += [label, ts(since), ts(until)]
    query = fts_query(match) if match else ""
    if query:
        clauses.append(
            "i.story_id IN (SELECT story_id FROM items WHERE rowid IN "
            "(SELECT rowid FROM items_fts WHERE items_fts MATCH ?))"
        )
        params.append(query)
    if before is not None:
        clauses.append("(i.published_at < ? OR (i.published_at = ? AND i.id < ?))")
        params += [before[0], before[0], before[1]]
    return " AND ".join(clauses), params


def fts_query(text: str) -> str:
    """User words as quoted FTS5 strings: every character literal, all words required."""
    cleaned = fold(text).replace('"', " ").replace("\x00", " ")
    terms = [t for t in cleaned.split() if any(c.isalnum() for c in t)]
    return " ".join(f'"{t}"' for t in terms[:20])


def stored_item_from(r: dict[str, Any], classification: Classification | None = None) -> StoredItem:
    """The item of a row; its stored classification unless one is given (read in part)."""
    if classification is None:
        classification = Classification.from_json(json.loads(r["classification"]))
    return StoredItem(
        id=int(r["id"]),
        source_id=int(r["source_id"]),
        source_name=str(r["source_name"]),
        title=str(r["title"]),
        summary=str(r["summary"]),
        url=r["url"],
        published_at=at(r["published_at"]),
        fetched_at=at(r["fetched_at"]),
        story_id=int(r["story_id"] if r["story_id"] is not None else r["id"]),
        classification=classification,
    )


def _window(item: ParsedItem, seconds: float) -> tuple[float, float]:
    published = ts(item.published_at)
    return published - seconds, published + seconds


def _item_row(new: NewItem, source_id: int, now: datetime) -> tuple[Any, ...]:
    item = new.item
    c, f = item.classification, item.fingerprint
    return (
        new.id,
        source_id,
        item.key,
        item.url,
        item.title,
        item.summary,
        ts(item.published_at),
        ts(now),
        f.content_hash,
        f.title_key,
        new.story_id,
        " ".join(c.labels),
        c.killed,
        c.wounded,
        json.dumps(c.to_json(), ensure_ascii=False),
        f.folded,
        f.shingles,
    )
