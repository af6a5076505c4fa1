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

from storage.db import Connection, ts

#: Every source status, so a status with no feed reads 0 rather than vanishing.
SOURCE_STATUSES = ("new", "ok", "failing", "broken")


@dataclass(frozen=True, slots=True)
class Gauges:
    counters: dict[str, int]  # totals that only grow: items, alerts_sent, feed_polls...
    items_stored: int
    sources: dict[str, int]  # by status
    chats: dict[str, int]  # active chats by transport
    subscriptions: int
    outbox_pending: int  # alerts waiting to be sent
    chats_waiting: int  # chats with alerts waiting
    notices_pending: int  # truce notices and digests waiting
    fanouts_pending: int  # stories not yet turned into each follower's alert
    oldest_waiting_at: float | None  # when the oldest of those alerts or stories was queued
    last_success_at: float | None  # the last time any feed answered
    retention_run_at: float | None
    database_bytes: int


def read_gauges(conn: Connection, now: datetime) -> Gauges:
    row = conn.rows(
        "SELECT (SELECT coalesce(sum(items_count), 0) FROM sources) AS items, "
        "(SELECT count(*) FROM subscriptions) AS subscriptions, "
        "(SELECT max(last_success_at) FROM sources) AS last_success, "
        "(SELECT CAST(value AS REAL) FROM meta WHERE key = 'retention_last_run') AS retention, "
        "(SELECT count(*) FROM pending_chats) AS chats_waiting, "
        "(SELECT count(*) FROM notices WHERE status = 'pending') AS notices, "
        "(SELECT count(*) FROM fanouts WHERE done = 0) AS fanouts"
    )[0]
    pending = _pending(conn)
    return Gauges(
        counters=_pairs(conn, "SELECT name, value FROM counters"),
        items_stored=int(row["items"]),
        sources=dict.fromkeys(SOURCE_STATUSES, 0)
        | _pairs(conn, "SELECT status, count(*) FROM sources GROUP BY status"),
        chats=_pairs(conn, "SELECT transport, count(*) FROM chats WHERE active = 1 GROUP BY 1"),
        subscriptions=int(row["subscriptions"]),
        outbox_pending=pending,
        chats_waiting=int(row["chats_waiting"]),
        notices_pending=int(row["notices"]),
        fanouts_pending=int(row["fanouts"]),
        oldest_waiting_at=_oldest_waiting(conn, now) if pending or row["fanouts"] else None,
        last_success_at=row["last_success"],
        retention_run_at=row["retention"],
        database_bytes=database_bytes(conn.path),
    )


def _pending(conn: Connection) -> int:
    """Alerts waiting, counted in the (chat, status) index of each chat delivery has
    waiting: the outbox itself holds a week of sent ones. CROSS JOIN keeps that order."""
    return int(
        conn.rows(
            "SELECT count(*) AS n FROM pending_chats p CROSS JOIN outbox o "
            "INDEXED BY outbox_chat ON o.chat_id = p.chat_id AND o.status = 'pending'"
        )[0]["n"]
    )


def _oldest_waiting(conn: Connection, now: datetime) -> float | None:
    """When the oldest alert still to be sent was queued, or the oldest story still to be
    fanned out, whichever is older. Chats their platform paused wait on purpose and are
    left out. Ids grow with time, so the smallest id is the oldest: each waiting chat's
    first entry in the (chat, status) index, one step per chat."""
    row = conn.rows(
        "SELECT (SELECT created_at FROM outbox WHERE id = (SELECT min(first) FROM ("
        "SELECT (SELECT min(o.id) FROM outbox o INDEXED BY outbox_chat "
        "WHERE o.chat_id = p.chat_id AND o.status = 'pending') AS first "
        "FROM pending_chats p CROSS JOIN chats c ON c.id = p.chat_id "
        "WHERE coalesce(c.paused_until, 0) <= ?))) AS alert, "
        "(SELECT created_at FROM fanouts WHERE id = (SELECT min(id) FROM fanouts "
        "WHERE done = 0)) AS fanout",
        [ts(now)],
    )[0]
    times = [t for t in (row["alert"], row["fanout"]) if t is not None]
    return min(times) if times else None


def _pairs(conn: Connection, sql: str) -> dict[str, int]:
    pairs = (tuple(r.values()) for r in conn.rows(sql))
    return {str(key): int(value) for key, value in pairs}


def database_bytes(path: str) -> int:
    """The database file and its write-ahead log, as they take room on the disk now."""
    if path == ":memory:":
        return 0
    sizes = (os.stat(p).st_size for p in (path, f"{path}-wal") if os.path.exists(p))
    return sum(sizes)
