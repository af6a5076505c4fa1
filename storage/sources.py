"""Sources: the configured feeds, their validators and their health."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from bot.models import PollSuccess, Source, SourceHealth
from storage.db import Connection, DuplicateError, dt, placeholders, ts

_TROUBLE_FIRST = (
    "CASE status WHEN 'broken' THEN 0 WHEN 'failing' THEN 1 WHEN 'new' THEN 2 "
    "WHEN 'ok' THEN 3 ELSE 4 END"
)


class Sources(Connection):
    def add_source(
        self,
        url: str,
        name: str,
        now: datetime,
        *,
        interval: float | None = None,
        origin: str = "cli",
        named: bool = True,
    ) -> Source:
        """Add a feed, due at once so the next tick polls it. A feed added without a name
        (`named` false) takes the feed's own title when it is first fetched."""
        try:
            with self.transaction() as db:
                db.execute(
                    "INSERT INTO sources (url, name, interval, origin, next_poll_at, "
                    "created_at, named) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [url, name, interval, origin, ts(now), ts(now), named],
                )
        except sqlite3.IntegrityError:
            raise DuplicateError(f"{url} is already a source") from None
        return self.find_source(url)  # type: ignore[return-value]

    def find_source(self, id_or_url: int | str) -> Source | None:
        column = "id" if isinstance(id_or_url, int) else "url"
        rows = self.rows(f"SELECT * FROM sources WHERE {column} = ?", [id_or_url])
        return source_from(rows[0]) if rows else None

    def list_sources(self) -> list[Source]:
        return [source_from(r) for r in self.rows("SELECT * FROM sources ORDER BY id")]

    def first_sources(self, limit: int) -> tuple[int, list[Source]]:
        """How many sources there are, and the first `limit`, trouble first (for /sources)."""
        count = int(self.rows("SELECT count(*) AS n FROM sources")[0]["n"])
        rows = self.rows(f"SELECT * FROM sources ORDER BY {_TROUBLE_FIRST}, id LIMIT ?", [limit])
        return count, [source_from(r) for r in rows]

    def remove_source(self, id_or_url: int | str) -> Source | None:
        source = self.find_source(id_or_url)
        if source is not None:
            with self.transaction() as db:
                db.execute("DELETE FROM sources WHERE id = ?", [source.id])
        return source

    def due_sources(self, now: datetime, limit: int, busy: Iterable[int] = ()) -> list[Source]:
        skip = list(busy)
        rows = self.rows(
            f"SELECT * FROM sources WHERE next_poll_at <= ? AND id NOT IN ({placeholders(skip)}) "
            "ORDER BY next_poll_at LIMIT ?",
            [ts(now), *skip, limit],
        )
        return [source_from(r) for r in rows]

    def ingest_outlook(self, now: datetime) -> tuple[int, int]:
        """Items kept (inserted less deleted, both counted by triggers) and feeds due."""
        row = self.db.execute(
            "SELECT (SELECT value FROM counters WHERE name = 'items'), "
            "(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'items_deleted'), "
            "(SELECT count(*) FROM sources WHERE next_poll_at <= ?)",
            [ts(now)],
        ).fetchone()
        return max(0, int(row[0] or 0) - int(row[1] or 0)), int(row[2])

    def record_not_modified(self, source_id: int, success: PollSuccess, now: datetime) -> None:
        with self.transaction():
            self.mark_success(source_id, success, 0, now)

    def record_failure(self, source_id: int, health: SourceHealth, now: datetime) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE sources SET status = ?, failures = ?, first_failure_at = ?, "
                "last_error = ?, last_error_at = ?, last_polled_at = ?, next_poll_at = ? "
                "WHERE id = ?",
                [
                    health.status,
                    health.failures,
                    ts(health.first_failure_at),
                    health.error[:500],
                    ts(now),
                    ts(now),
                    ts(health.next_poll_at),
                    source_id,
                ],
            )

    def mark_success(self, source_id: int, success: PollSuccess, new: int, now: datetime) -> None:
        """Inside a caller's transaction: the feed answered, `new` items came in."""
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
        if success.feed_title:
            self.db.execute(
                "UPDATE sources SET name = ?, named = 1 WHERE id = ? AND named = 0",
                [success.feed_title[:80], source_id],
            )
        if success.moved_to:
            self.db.execute(
                "UPDATE OR IGNORE sources SET url = ? WHERE id = ?", [success.moved_to, source_id]
            )


def source_from(r: dict[str, Any]) -> Source:
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
        named=bool(r["named"]),
    )
