"""What an operator watches, read in one go from the database (for /metrics).

Totals come from the `counters` table, which triggers keep in the same transactions as
the rows they count (migration m008); the rest are small aggregates over indexed or small
tables, so a read stays in the milliseconds with a large database. Like retention's, this
is a function of the Store's connection, run on the reader thread.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime

from storage.db import Connection, placeholders, ts

#: Every source status, so a status with no feed reads 0 rather than vanishing.
SOURCE_STATUSES = ("new", "ok", "failing", "broken")


@dataclass(frozen=True, slots=True)
class Gauges:
    counters: dict[str, int]  # totals that only grow: items, alerts_sent, feed_polls...
    items_stored: int
    sources: dict[str, int]  # by status
    chats: dict[str, int]  # active chats by transport
    subscriptions: int
    outbox_pending: int
    oldest_pending_at: float | None  # when the oldest alert waiting to be sent was queued
    last_success_at: float | None  # the last time any feed answered
    retention_run_at: float | None
    database_bytes: int


def read_gauges(conn: Connection, now: datetime) -> Gauges:
    row = conn.rows(
        "SELECT (SELECT coalesce(sum(items_count), 0) FROM sources) AS items, "
        "(SELECT count(*) FROM subscriptions) AS subscriptions, "
        "(SELECT max(last_success_at) FROM sources) AS last_success, "
        "(SELECT CAST(value AS REAL) FROM meta WHERE key = 'retention_last_run') AS retention, "
        "(SELECT count(*) FROM outbox INDEXED BY outbox_pending WHERE status = 'pending') "
        "AS pending"
    )[0]
    return Gauges(
        counters=_pairs(conn, "SELECT name, value FROM counters"),
        items_stored=int(row["items"]),
        sources=dict.fromkeys(SOURCE_STATUSES, 0)
        | _pairs(conn, "SELECT status, count(*) FROM sources GROUP BY status"),
        chats=_pairs(conn, "SELECT transport, count(*) FROM chats WHERE active = 1 GROUP BY 1"),
        subscriptions=int(row["subscriptions"]),
        outbox_pending=int(row["pending"]),
        oldest_pending_at=_oldest_pending(conn, now) if row["pending"] else None,
        last_success_at=row["last_success"],
        retention_run_at=row["retention"],
        database_bytes=database_bytes(conn.path),
    )


def _oldest_pending(conn: Connection, now: datetime) -> float | None:
    """When the oldest alert still to be sent was queued, leaving out chats their platform
    has paused (they wait on purpose). Ids grow with time, and the smallest pending id
    comes from the pending index alone; excluding paused chats costs more, so only when
    there are some."""
    paused = [r["id"] for r in conn.rows("SELECT id FROM chats WHERE paused_until > ?", [ts(now)])]
    rows = conn.rows(
        "SELECT created_at FROM outbox WHERE id = (SELECT min(id) FROM outbox "
        "INDEXED BY outbox_pending WHERE status = 'pending' "
        f"AND chat_id NOT IN ({placeholders(paused)}))",
        paused,
    )
    return rows[0]["created_at"] if rows else None


def _pairs(conn: Connection, sql: str) -> dict[str, int]:
    pairs = (tuple(r.values()) for r in conn.rows(sql))
    return {str(key): int(value) for key, value in pairs}


def database_bytes(path: str) -> int:
    """The database file and its write-ahead log, as they take room on the disk now."""
    if path == ":memory:":
        return 0
    sizes = (os.stat(p).st_size for p in (path, f"{path}-wal") if os.path.exists(p))
    return sum(sizes)
