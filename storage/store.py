"""The Store: feeds, items, chats, subscriptions and the outbox, on one SQLite connection.

Methods are synchronous and short; `storage.runner` runs them on a thread so the
event loop never waits on the disk. Timestamps are stored as UTC epoch seconds.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from bot import dedup
from bot.match import Matcher, Query, eligible
from bot.models import Alert, Classification, ParsedItem, Source, StoredItem, Subscription
from bot.schedule import health_status
from bot.text import fold
from storage.schema import connect


class StorageError(Exception):
    """The database refused a write or read; the message says what to do."""


class DuplicateError(StorageError):
    """The thing being added exists already."""


class LimitError(StorageError):
    """A per-chat limit would be exceeded."""


def ts(moment: datetime) -> float:
    return moment.timestamp()


def dt(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, tz=UTC)


def _dt(value: float) -> datetime:
    return datetime.fromtimestamp(value, tz=UTC)


@dataclass(frozen=True, slots=True)
class PollSuccess:
    """What a good poll changes on its source."""

    etag: str | None
    last_modified: str | None
    next_poll_at: datetime
    moved_to: str | None = None
    body_hash: str | None = None


@dataclass(frozen=True, slots=True)
class FeedPoll:
    """One feed's successful poll, ready to store."""

    source_id: int
    items: Sequence[ParsedItem]
    success: PollSuccess
    fetched_at: datetime


@dataclass(frozen=True, slots=True)
class StoreReport:
    new_items: int = 0
    alerts: int = 0
    first_poll: bool = False


@dataclass(frozen=True, slots=True)
class TimelinePage:
    items: tuple[StoredItem, ...]
    story_sizes: dict[int, int]
    more: bool


@dataclass(frozen=True, slots=True)
class Chat:
    id: int
    kind: str
    active: bool
    muted_until: datetime | None


#: A search matching at least this many items walks the items by date instead of sorting.
COMMON_MATCHES = 500
_ITEM_COLUMNS = (
    "i.id, i.source_id, s.name AS source_name, i.title, i.summary, i.url, i.published_at, "
    "i.fetched_at, i.story_id, i.classification"
)


class Store:
    def __init__(self, path: str, *, broken_after: timedelta = timedelta(days=3)) -> None:
        self.path = path
        self.db: Database = connect(path)
        self.broken_after = broken_after
        self._matcher: tuple[str, Matcher, dict[int, float | None]] | None = None

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def _write(self) -> Iterator[Database]:
        """A transaction whose failures come out as a StorageError a user can act on."""
        try:
            with self.db.atomic():
                yield self.db
        except sqlite3.OperationalError as exc:
            raise StorageError(describe_sqlite_error(exc, self.path)) from exc
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.IntegrityError):
                raise
            raise StorageError(describe_sqlite_error(exc, self.path)) from exc

    def _rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        try:
            return list(self.db.query(sql, params))
        except sqlite3.DatabaseError as exc:
            raise StorageError(describe_sqlite_error(exc, self.path)) from exc

    def check(self) -> str:
        """`PRAGMA integrity_check`: 'ok' for a healthy file."""
        return str(self._rows("PRAGMA integrity_check")[0]["integrity_check"])

    # --- sources ----------------------------------------------------------------------------

    def add_source(
        self,
        url: str,
        name: str,
        now: datetime,
        *,
        interval: float | None = None,
        origin: str = "cli",
    ) -> Source:
        """Add a feed, due at once so the next tick polls it."""
        try:
            with self._write() as db:
                db.execute(
                    "INSERT INTO sources (url, name, interval, origin, next_poll_at, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [url, name, interval, origin, ts(now), ts(now)],
                )
        except sqlite3.IntegrityError:
            raise DuplicateError(f"{url} is already a source") from None
        return self.find_source(url)  # type: ignore[return-value]

    def find_source(self, id_or_url: int | str) -> Source | None:
        column = "id" if isinstance(id_or_url, int) else "url"
        rows = self._rows(f"SELECT * FROM sources WHERE {column} = ?", [id_or_url])
        return _source(rows[0]) if rows else None

    def list_sources(self) -> list[Source]:
        return [_source(r) for r in self._rows("SELECT * FROM sources ORDER BY id")]

    def first_sources(self, limit: int) -> tuple[int, list[Source]]:
        """How many sources there are, and the first `limit`, trouble first (for /sources)."""
        count = int(self._rows("SELECT count(*) AS n FROM sources")[0]["n"])
        rows = self._rows(
            "SELECT * FROM sources ORDER BY CASE status WHEN 'broken' THEN 0 "
            "WHEN 'failing' THEN 1 WHEN 'new' THEN 2 WHEN 'ok' THEN 3 ELSE 4 END, id LIMIT ?",
            [limit],
        )
        return count, [_source(r) for r in rows]

    def remove_source(self, id_or_url: int | str) -> Source | None:
        source = self.find_source(id_or_url)
        if source is not None:
            with self._write() as db:
                db.execute("DELETE FROM sources WHERE id = ?", [source.id])
        return source

    def due_sources(self, now: datetime, limit: int, busy: Iterable[int] = ()) -> list[Source]:
        skip = list(busy)
        rows = self._rows(
            "SELECT * FROM sources WHERE next_poll_at <= ? "
            f"AND id NOT IN ({', '.join('?' * len(skip))}) ORDER BY next_poll_at LIMIT ?",
            [ts(now), *skip, limit],
        )
        return [_source(r) for r in rows]

    def record_not_modified(self, source_id: int, success: PollSuccess, now: datetime) -> None:
        with self._write():
            self._mark_success(source_id, success, 0, now)

    def record_failure(
        self, source_id: int, error: str, next_poll_at: datetime, now: datetime
    ) -> Source | None:
        with self._write() as db:
            db.execute(
                "UPDATE sources SET failures = failures + 1, last_error = ?, last_error_at = ?, "
                "last_polled_at = ?, first_failure_at = coalesce(first_failure_at, ?), "
                "next_poll_at = ? WHERE id = ?",
                [error[:500], ts(now), ts(now), ts(now), ts(next_poll_at), source_id],
            )
            source = self.find_source(source_id)
            if source is not None:
                self._set_status(source, now)
        return self.find_source(source_id)

    def _set_status(self, source: Source, now: datetime) -> None:
        status = health_status(source.failures, source.first_failure_at, now, self.broken_after)
        self.db.execute("UPDATE sources SET status = ? WHERE id = ?", [status, source.id])

    def _mark_success(self, source_id: int, success: PollSuccess, new: int, now: datetime) -> None:
        self.db.execute(
            "UPDATE sources SET status = 'ok', failures = 0, first_failure_at = NULL, "
            "last_success_at = ?, last_polled_at = ?, next_poll_at = ?, "
            "etag = coalesce(?, etag), last_modified = coalesce(?, last_modified), "
            "body_hash = coalesce(?, body_hash), items_count = items_count + ? WHERE id = ?",
            [
                ts(now),
                ts(now),
                ts(success.next_poll_at),
                success.etag,
                success.last_modified,
                success.body_hash,
                new,
                source_id,
            ],
        )
        if success.moved_to:
            self.db.execute(
                "UPDATE OR IGNORE sources SET url = ? WHERE id = ?", [success.moved_to, source_id]
            )

    # --- items ------------------------------------------------------------------------------

    def store_items(
        self, source_id: int, items: Sequence[ParsedItem], success: PollSuccess, now: datetime
    ) -> StoreReport:
        """New items, their stories and their alerts, and the source's health: one transaction."""
        [report] = self.store_polls([FeedPoll(source_id, items, success, now)])
        if isinstance(report, Exception):
            raise report
        return report

    def store_polls(self, polls: Sequence[FeedPoll]) -> list[StoreReport | Exception]:
        """Several feeds' results in one transaction: a commit costs more than a feed's rows.
        Each feed has its own savepoint, so a feed that fails leaves the others stored."""
        with self._write() as db:
            return [self._store_in_savepoint(db, poll) for poll in polls]

    def _store_in_savepoint(self, db: Database, poll: FeedPoll) -> StoreReport | Exception:
        try:
            with db.atomic():
                return self._store_poll(poll)
        except sqlite3.OperationalError:
            raise  # the disk, not the feed: the whole batch fails and says why
        except Exception as exc:  # a bad item must not cost the other feeds their news
            return exc

    def _store_poll(self, poll: FeedPoll) -> StoreReport:
        now = poll.fetched_at
        row = self.db.execute(
            "SELECT last_success_at FROM sources WHERE id = ?", [poll.source_id]
        ).fetchone()
        if row is None:
            return StoreReport()  # removed while it was being polled
        first_poll = row[0] is None
        fresh = self._unseen(poll.source_id, poll.items)
        found = self._find_stories(poll.source_id, fresh)
        ids = self._next_ids(len(fresh))
        stories = [own if story is None else story for own, story in zip(ids, found, strict=True)]
        self._insert_items(poll.source_id, fresh, ids, stories, now)
        alerts = 0 if first_poll else self._enqueue_all(fresh, ids, stories, now)
        self._mark_success(poll.source_id, poll.success, len(fresh), now)
        return StoreReport(len(fresh), alerts, first_poll)

    def _unseen(self, source_id: int, items: Sequence[ParsedItem]) -> list[ParsedItem]:
        """The feed's items that are new to it, oldest first: one query for the whole feed."""
        if not items:
            return []
        known = self.db.execute(
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
        keys, hashes = {r[0] for r in known}, {r[1] for r in known}
        return dedup.unseen(sorted(items, key=lambda i: i.published_at), keys, hashes)

    def _find_stories(self, source_id: int, items: Sequence[ParsedItem]) -> list[int | None]:
        """Each item's story among other feeds' items, or None for a story of its own. Only
        other feeds' items count, so the feed's own items, stored after this, cannot change
        an answer. One query per item, each stopping at its first hits: a headline carried
        by hundreds of feeds would make a query for the whole feed read all of them."""
        return [self._story_of(item, source_id) for item in items]

    def _story_of(self, item: ParsedItem, source_id: int) -> int | None:
        published = ts(item.published_at)
        window = dedup.STORY_WINDOW.total_seconds()
        low, high = published - window, published + window
        story = self._story_by_title(item, source_id, low, high)
        return story if story is not None else self._story_by_text(item, source_id, low, high)

    def _story_by_title(
        self, item: ParsedItem, source_id: int, low: float, high: float
    ) -> int | None:
        if item.fingerprint.title_key is None:
            return None
        row = self.db.execute(
            "SELECT story_id FROM items WHERE title_key = ? AND published_at BETWEEN ? AND ? "
            "AND source_id != ? ORDER BY id LIMIT 1",
            [item.fingerprint.title_key, low, high, source_id],
        ).fetchone()
        return None if row is None else int(row[0])

    def _story_by_text(
        self, item: ParsedItem, source_id: int, low: float, high: float
    ) -> int | None:
        bands = item.fingerprint.bands
        if not bands:
            return None
        # Candidate ids first (cheap, from the band index), texts only for those few.
        candidates = self.db.execute(
            "SELECT story_id, title_key, shingles, "
            "CASE WHEN shingles IS NULL THEN search_text END FROM items WHERE id IN ("
            "SELECT DISTINCT item_id FROM item_bands "
            f"WHERE band IN ({', '.join('?' * len(bands))}) AND published_at BETWEEN ? AND ? "
            "AND source_id != ? ORDER BY item_id LIMIT 20) ORDER BY id",
            [*bands, low, high, source_id],
        ).fetchall()
        mine = dedup.unpack(item.fingerprint.shingles)
        for story_id, key, shingles, folded in candidates:
            theirs = (
                dedup.unpack(shingles) if shingles is not None else dedup.shingle_hashes(folded)
            )
            if dedup.same_story(item.fingerprint.title_key, mine, key, theirs):
                return int(story_id)
        return None

    def _next_ids(self, count: int) -> list[int]:
        """Ids for a feed's new items, given here so that a new story's id (its first item's)
        is known before the rows are written. One writer holds the transaction, so no other
        row can take them."""
        first = int(self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM items").fetchone()[0])
        return list(range(first, first + count))

    def _insert_items(
        self,
        source_id: int,
        items: Sequence[ParsedItem],
        ids: Sequence[int],
        stories: Sequence[int],
        now: datetime,
    ) -> None:
        """A feed's new items and their index rows, in a statement per table."""
        self.db.conn.executemany(
            "INSERT INTO items (id, source_id, key, url, title, summary, published_at, "
            "fetched_at, content_hash, title_key, story_id, labels, killed, wounded, "
            "classification, search_text, shingles) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                _item_row(ident, source_id, item, story, now)
                for ident, item, story in zip(ids, items, stories, strict=True)
            ],
        )
        self._insert_index_rows(source_id, items, ids)

    def _insert_index_rows(
        self, source_id: int, items: Sequence[ParsedItem], ids: Sequence[int]
    ) -> None:
        conn = self.db.conn
        conn.executemany(
            "INSERT INTO item_labels (label, published_at, item_id) VALUES (?, ?, ?)",
            [
                (label, ts(item.published_at), ident)
                for ident, item in zip(ids, items, strict=True)
                for label in item.classification.labels
            ],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO item_bands (band, published_at, item_id, source_id) "
            "VALUES (?, ?, ?, ?)",
            [
                (band, ts(item.published_at), ident, source_id)
                for ident, item in zip(ids, items, strict=True)
                for band in item.fingerprint.bands
            ],
        )

    def _enqueue_all(
        self,
        items: Sequence[ParsedItem],
        ids: Sequence[int],
        stories: Sequence[int],
        now: datetime,
    ) -> int:
        matcher, muted = self._current_matcher()
        return sum(
            self._enqueue(ident, story, item, matcher, muted, now)
            for item, ident, story in zip(items, ids, stories, strict=True)
        )

    def _enqueue(
        self,
        item_id: int,
        story_id: int,
        item: ParsedItem,
        matcher: Matcher,
        muted: dict[int, float | None],
        now: datetime,
    ) -> int:
        reasons: dict[int, list[str]] = {}
        for match in matcher.matches(f"{item.title}\n{item.summary}", item.classification.labels):
            sub = match.subscription
            until = muted.get(sub.chat_id)
            if eligible(sub, item.published_at) and not (until and until > ts(now)):
                reasons.setdefault(sub.chat_id, []).append(match.reason)
        added = 0
        for chat_id, why in reasons.items():
            added += self.db.execute(
                "INSERT INTO outbox (story_id, item_id, chat_id, reason, next_attempt_at, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (story_id, chat_id) DO NOTHING",
                [story_id, item_id, chat_id, "; ".join(dict.fromkeys(why)), ts(now), ts(now)],
            ).rowcount
        return added

    def _current_matcher(self) -> tuple[Matcher, dict[int, float | None]]:
        """Subscriptions of active chats, rebuilt only when they changed (any process)."""
        version = self.db.execute(
            "SELECT value FROM meta WHERE key = 'subscriptions_version'"
        ).fetchone()[0]
        if self._matcher is None or self._matcher[0] != version:
            subs = self._subscriptions("WHERE c.active = 1", [])
            muted = {
                int(r[0]): r[1]
                for r in self.db.execute(
                    "SELECT id, muted_until FROM chats WHERE muted_until IS NOT NULL"
                ).fetchall()
            }
            self._matcher = (version, Matcher(subs), muted)
        return self._matcher[1], self._matcher[2]

    def _bump_subscriptions(self) -> None:
        self.db.execute(
            "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'subscriptions_version'"
        )

    # --- reading items ----------------------------------------------------------------------

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
        where, params = self._timeline_filter(since, until, label, match, before)
        rows = self._rows(
            f"SELECT {_ITEM_COLUMNS}, (SELECT count(*) FROM items x WHERE x.story_id = i.id) "
            f"AS story_size FROM items i JOIN sources s ON s.id = i.source_id WHERE {where} "
            "ORDER BY i.published_at DESC, i.id DESC LIMIT ?",
            [*params, limit + 1],
        )
        page = [_stored_item(r) for r in rows[:limit]]
        sizes = {int(r["id"]): int(r["story_size"]) for r in rows[:limit]}
        return TimelinePage(tuple(page), sizes, len(rows) > limit)

    def _timeline_filter(
        self,
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

    def search(self, text: str, limit: int = 10) -> list[StoredItem]:
        """Full-text search, newest first; user text is quoted, never FTS syntax."""
        query = fts_query(text)
        if not query:
            return []
        # A common word matches thousands of items, and sorting them all costs ~70 ms per
        # 50,000 stored: then walk the items newest first and stop after `limit` matches.
        common = (
            self._rows(
                "SELECT count(*) AS n FROM (SELECT rowid FROM items_fts WHERE items_fts MATCH ? "
                "LIMIT ?)",
                [query, COMMON_MATCHES],
            )[0]["n"]
            >= COMMON_MATCHES
        )
        order = "INDEXED BY items_published " if common else ""
        rows = self._rows(
            f"SELECT {_ITEM_COLUMNS} FROM items i {order}JOIN sources s ON s.id = i.source_id "
            "WHERE i.rowid IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?) "
            "ORDER BY i.published_at DESC, i.id DESC LIMIT ?",
            [query, limit],
        )
        return [_stored_item(r) for r in rows]

    def fetched_since(self, moment: datetime, limit: int = 10_000) -> list[StoredItem]:
        """Items stored at or after `moment`, oldest first (what one run brought in)."""
        rows = self._rows(
            f"SELECT {_ITEM_COLUMNS} FROM items i JOIN sources s ON s.id = i.source_id "
            "WHERE i.fetched_at >= ? ORDER BY i.published_at, i.id LIMIT ?",
            [ts(moment), limit],
        )
        return [_stored_item(r) for r in rows]

    def latest(self, limit: int = 50, label: str | None = None) -> list[StoredItem]:
        if label is None:
            where, params = "1 = 1", []
        else:
            where = (
                "i.id IN (SELECT item_id FROM item_labels WHERE label = ? "
                "ORDER BY published_at DESC LIMIT ?)"
            )
            params = [label, limit]
        rows = self._rows(
            f"SELECT {_ITEM_COLUMNS} FROM items i JOIN sources s ON s.id = i.source_id "
            f"WHERE {where} ORDER BY i.published_at DESC, i.id DESC LIMIT ?",
            [*params, limit],
        )
        return [_stored_item(r) for r in rows]

    # --- chats and subscriptions ------------------------------------------------------------

    def ensure_chat(self, chat_id: int, kind: str, title: str | None, now: datetime) -> None:
        """Record a chat we talk to; a chat that wrote to us again is active again."""
        with self._write() as db:
            changed = db.execute(
                "INSERT INTO chats (id, kind, title, created_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, title = excluded.title, "
                "active = 1, inactive_reason = NULL WHERE active = 0 OR kind != excluded.kind "
                "OR coalesce(title, '') != coalesce(excluded.title, '')",
                [chat_id, kind, title, ts(now)],
            ).rowcount
            if changed:
                self._bump_subscriptions()

    def chat(self, chat_id: int) -> Chat | None:
        rows = self._rows("SELECT * FROM chats WHERE id = ?", [chat_id])
        if not rows:
            return None
        r = rows[0]
        return Chat(int(r["id"]), str(r["kind"]), bool(r["active"]), dt(r["muted_until"]))

    def deactivate_chat(self, chat_id: int, reason: str) -> int:
        """Stop sending to a chat (blocked, kicked); its pending alerts are dropped."""
        with self._write() as db:
            db.execute(
                "UPDATE chats SET active = 0, inactive_reason = ? WHERE id = ?", [reason, chat_id]
            )
            dropped = db.execute(
                "UPDATE outbox SET status = 'dropped', last_error = ? "
                "WHERE chat_id = ? AND status = 'pending'",
                [reason, chat_id],
            ).rowcount
            self._bump_subscriptions()
        return int(dropped)

    def migrate_chat(self, old_id: int, new_id: int, now: datetime) -> None:
        """A group became a supergroup: everything it follows moves to the new id."""
        with self._write() as db:
            db.execute(
                "INSERT OR IGNORE INTO chats (id, kind, title, muted_until, created_at) "
                "SELECT ?, 'supergroup', title, muted_until, ? FROM chats WHERE id = ?",
                [new_id, ts(now), old_id],
            )
            for table in ("subscriptions", "outbox"):
                db.execute(
                    f"UPDATE OR IGNORE {table} SET chat_id = ? WHERE chat_id = ?",
                    [new_id, old_id],
                )
            db.execute("DELETE FROM subscriptions WHERE chat_id = ?", [old_id])
            db.execute(
                "UPDATE outbox SET status = 'dropped', last_error = 'chat migrated' "
                "WHERE chat_id = ? AND status = 'pending'",
                [old_id],
            )
            db.execute(
                "UPDATE chats SET active = 0, inactive_reason = ? WHERE id = ?",
                [f"migrated to {new_id}", old_id],
            )
            self._bump_subscriptions()

    def set_muted(self, chat_id: int, until: datetime | None) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE chats SET muted_until = ? WHERE id = ?",
                [None if until is None else ts(until), chat_id],
            )
            self._bump_subscriptions()

    def add_subscription(
        self, chat_id: int, query: Query, now: datetime, *, max_per_chat: int
    ) -> tuple[Subscription, bool]:
        """The chat's subscription for `query`, and whether it was created just now."""
        existing = self._subscriptions(
            "WHERE s.chat_id = ? AND s.query = ?", [chat_id, query.canonical()]
        )
        if existing:
            return existing[0], False
        with self._write() as db:
            count = db.execute(
                "SELECT count(*) FROM subscriptions WHERE chat_id = ?", [chat_id]
            ).fetchone()[0]
            if count >= max_per_chat:
                raise LimitError(f"a chat can have at most {max_per_chat} subscriptions")
            db.execute(
                "INSERT INTO subscriptions (chat_id, query, categories, include, exclude, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    chat_id,
                    query.canonical(),
                    json.dumps(query.categories),
                    json.dumps(query.include),
                    json.dumps(query.exclude),
                    ts(now),
                ],
            )
            self._bump_subscriptions()
        return self._subscriptions(
            "WHERE s.chat_id = ? AND s.query = ?", [chat_id, query.canonical()]
        )[0], True

    def subscriptions(self, chat_id: int) -> list[Subscription]:
        return self._subscriptions("WHERE s.chat_id = ?", [chat_id])

    def remove_subscriptions(self, chat_id: int, ids: Sequence[int]) -> int:
        if not ids:
            return 0
        with self._write() as db:
            removed = db.execute(
                f"DELETE FROM subscriptions WHERE chat_id = ? AND id IN "
                f"({', '.join('?' * len(ids))})",
                [chat_id, *ids],
            ).rowcount
            self._bump_subscriptions()
        return int(removed)

    def _subscriptions(self, where: str, params: list[Any]) -> list[Subscription]:
        rows = self.db.execute(
            "SELECT s.id, s.chat_id, s.categories, s.include, s.exclude, s.created_at "
            f"FROM subscriptions s JOIN chats c ON c.id = s.chat_id {where} ORDER BY s.id",
            params,
        ).fetchall()
        return [
            Subscription(
                int(r[0]),
                int(r[1]),
                tuple(json.loads(r[2])),
                tuple(json.loads(r[3])),
                tuple(json.loads(r[4])),
                _dt(r[5]),
            )
            for r in rows
        ]

    # --- outbox -----------------------------------------------------------------------------

    def due_alerts(self, now: datetime, limit: int, skip_chats: Iterable[int] = ()) -> list[Alert]:
        """The oldest due alert of each chat, oldest first; one chat cannot starve the rest."""
        skip = list(skip_chats)
        rows = self._rows(
            "SELECT o.id AS outbox_id, o.chat_id, o.reason, o.attempts, o.plain, "
            f"{_ITEM_COLUMNS} FROM outbox o JOIN items i ON i.id = o.item_id "
            "JOIN sources s ON s.id = i.source_id WHERE o.id IN (SELECT min(id) FROM outbox "
            "WHERE status = 'pending' AND next_attempt_at <= ? "
            f"AND chat_id NOT IN ({', '.join('?' * len(skip))}) GROUP BY chat_id) "
            "ORDER BY o.id LIMIT ?",
            [ts(now), *skip, limit],
        )
        return [
            Alert(
                int(r["outbox_id"]),
                int(r["chat_id"]),
                _stored_item(r),
                str(r["reason"]),
                int(r["attempts"]),
                bool(r["plain"]),
            )
            for r in rows
        ]

    def next_alert_time(self) -> datetime | None:
        rows = self._rows("SELECT min(next_attempt_at) AS due FROM outbox WHERE status = 'pending'")
        return dt(rows[0]["due"])

    def mark_sent(self, outbox_id: int, message_id: int | None, now: datetime) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE outbox SET status = 'sent', sent_at = ?, message_id = ?, "
                "attempts = attempts + 1 WHERE id = ?",
                [ts(now), message_id, outbox_id],
            )

    def mark_retry(
        self,
        outbox_id: int,
        error: str,
        next_attempt_at: datetime,
        *,
        plain: bool = False,
        count_attempt: bool = True,
    ) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE outbox SET last_error = ?, next_attempt_at = ?, plain = plain OR ?, "
                "attempts = attempts + ? WHERE id = ?",
                [error[:500], ts(next_attempt_at), plain, int(count_attempt), outbox_id],
            )

    def mark_failed(self, outbox_id: int, error: str) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE outbox SET status = 'failed', last_error = ?, attempts = attempts + 1 "
                "WHERE id = ?",
                [error[:500], outbox_id],
            )

    # --- paging state behind "more" buttons ----------------------------------------------

    def save_page(self, chat_id: int, state: dict[str, Any], now: datetime) -> int:
        with self._write() as db:
            db.execute("DELETE FROM pages WHERE created_at < ?", [ts(now) - 7 * 86400])
            cursor = db.execute(
                "INSERT INTO pages (chat_id, state, created_at) VALUES (?, ?, ?)",
                [chat_id, json.dumps(state), ts(now)],
            )
        return int(cursor.lastrowid or 0)

    def load_page(self, page_id: int, chat_id: int) -> dict[str, Any] | None:
        rows = self._rows(
            "SELECT state FROM pages WHERE id = ? AND chat_id = ?", [page_id, chat_id]
        )
        return json.loads(rows[0]["state"]) if rows else None

    def stats(self) -> dict[str, int]:
        counts = self._rows(
            "SELECT (SELECT count(*) FROM sources) AS sources, "
            "(SELECT count(*) FROM sources WHERE status IN ('failing', 'broken')) AS failing, "
            "(SELECT count(*) FROM items) AS items, "
            "(SELECT count(*) FROM chats WHERE active = 1) AS chats, "
            "(SELECT count(*) FROM subscriptions) AS subscriptions, "
            "(SELECT count(*) FROM outbox WHERE status = 'pending') AS queued, "
            "(SELECT count(*) FROM outbox WHERE status = 'sent') AS sent, "
            "(SELECT count(*) FROM outbox WHERE status = 'failed') AS failed, "
            "(SELECT count(*) FROM outbox WHERE status = 'dropped') AS dropped"
        )[0]
        return {k: int(v) for k, v in counts.items()}


def fts_query(text: str) -> str:
    """User words as quoted FTS5 strings: every character literal, all words required."""
    cleaned = fold(text).replace('"', " ").replace("\x00", " ")
    terms = [t for t in cleaned.split() if any(c.isalnum() for c in t)]
    return " ".join(f'"{t}"' for t in terms[:20])


def describe_sqlite_error(exc: sqlite3.DatabaseError, path: str) -> str:
    message = str(exc)
    if "readonly" in message or "read-only" in message:
        return f"the database {path} is read-only: check the file's permissions ({message})"
    if "disk is full" in message or "disk I/O" in message:
        return f"cannot write to {path}: the disk is full or failing ({message})"
    if "locked" in message or "busy" in message:
        return f"the database {path} is busy: another process holds a lock ({message})"
    if "malformed" in message or "not a database" in message:
        return f"the database {path} is damaged: {message}"
    return f"database error on {path}: {message}"


def _source(r: dict[str, Any]) -> Source:
    return Source(
        id=int(r["id"]),
        url=str(r["url"]),
        name=str(r["name"]),
        interval=r["interval"],
        etag=r["etag"],
        last_modified=r["last_modified"],
        status=str(r["status"]),
        last_success_at=dt(r["last_success_at"]),
        last_error=r["last_error"],
        last_error_at=dt(r["last_error_at"]),
        first_failure_at=dt(r["first_failure_at"]),
        failures=int(r["failures"]),
        next_poll_at=dt(r["next_poll_at"]),
        items_count=int(r["items_count"]),
        created_at=dt(r["created_at"]),
        origin=str(r["origin"]),
        body_hash=r["body_hash"],
    )


def _stored_item(r: dict[str, Any]) -> StoredItem:
    return StoredItem(
        id=int(r["id"]),
        source_id=int(r["source_id"]),
        source_name=str(r["source_name"]),
        title=str(r["title"]),
        summary=str(r["summary"]),
        url=r["url"],
        published_at=_dt(r["published_at"]),
        fetched_at=_dt(r["fetched_at"]),
        story_id=int(r["story_id"] if r["story_id"] is not None else r["id"]),
        classification=Classification.from_json(json.loads(r["classification"])),
    )


def _item_row(
    ident: int, source_id: int, item: ParsedItem, story: int, now: datetime
) -> tuple[Any, ...]:
    c, f = item.classification, item.fingerprint
    return (
        ident,
        source_id,
        item.key,
        item.url,
        item.title,
        item.summary,
        ts(item.published_at),
        ts(now),
        f.content_hash,
        f.title_key,
        story,
        " ".join(c.labels),
        c.killed,
        c.wounded,
        json.dumps(c.to_json(), ensure_ascii=False),
        f.folded,
        f.shingles,
    )
