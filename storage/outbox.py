"""The outbox: one row per (story, chat), pending until its transport confirms it, so a
crash at any moment loses no alert.

A new story is first written once per query it satisfies (`fanouts`); `expand_fanouts`
turns those into each following chat's row, a few thousand subscriptions at a time, so
neither storing a poll nor any single transaction grows with the number of subscribers.
Chats with rows waiting are listed in `pending_chats` with when each was last served:
delivery goes round them fairly without reading the outbox itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.models import Alert, ChatRef, FanoutRow
from storage.db import Connection, dt, insert_rows, placeholders, ts
from storage.items import ITEM_COLUMNS, stored_item_from

ALL_TRANSPORTS = ("telegram", "discord", "console")
_FANOUT = "id, story_id, item_id, query_id, reason, published_at, next_subscription"
#: Stories of one query expanded side by side in a step (see `_next_group`).
EXPAND_GROUP = 8


class Outbox(Connection):
    # --- fan-out ----------------------------------------------------------------------------

    def insert_fanouts(self, rows: Sequence[FanoutRow], now: datetime) -> None:
        """Inside the caller's transaction: a story is fanned out once per query."""
        insert_rows(
            self.db.conn,
            "INSERT OR IGNORE INTO fanouts (story_id, item_id, query_id, reason, "
            "published_at, created_at)",
            [
                (r.story_id, r.item_id, r.query_id, r.reason, ts(r.published_at), ts(now))
                for r in rows
            ],
        )

    def fanouts_left(self) -> int:
        return int(self.rows("SELECT count(*) AS n FROM fanouts WHERE done = 0")[0]["n"])

    def expand_fanouts(self, now: datetime, budget: int, grace: timedelta) -> tuple[int, int]:
        """Turn waiting fan-outs, oldest first, into alerts for the chats that follow their
        query, until `budget` subscriptions were looked at. A chat gets a story once, only if
        it is active, not muted, and subscribed by the story's publication time plus
        `grace`. Returns (subscriptions looked at, alerts queued)."""
        looked = queued = 0
        with self.transaction():
            while looked < budget and (group := self._next_group()):
                limit = max(1, (budget - looked) // len(group))
                seen, last = self._span(group[0], limit)
                for row in group:
                    queued += self._expand(row, seen, last, limit, now, grace)
                looked += max(seen, 1) * len(group)
        return looked, queued

    def _next_group(self) -> list[Sequence[Any]]:
        """The oldest waiting fan-out, with the others of its query waiting at the same
        subscription (stories of one poll): expanded over the same span of subscriptions,
        their rows land on the same pages of the per-chat index, which the commit then
        writes once rather than once per story."""
        first = self.db.execute(
            f"SELECT {_FANOUT} FROM fanouts WHERE done = 0 ORDER BY id LIMIT 1"
        ).fetchone()
        if first is None:
            return []
        rest = self.db.execute(
            f"SELECT {_FANOUT} FROM fanouts WHERE done = 0 AND id > ? AND query_id = ? "
            "AND next_subscription = ? ORDER BY id LIMIT ?",
            [first[0], first[3], first[6], EXPAND_GROUP - 1],
        ).fetchall()
        return [first, *rest]

    def _span(self, row: Sequence[Any], limit: int) -> tuple[int, int | None]:
        """How many of the query's subscriptions after the fan-out's cursor the next step
        takes (at most `limit`), and the last one's id; the same for a whole group, whose
        fan-outs share query and cursor."""
        query, after = row[3], row[6]
        span = self.db.execute(
            "SELECT count(*), max(id) FROM (SELECT id FROM subscriptions WHERE query_id = ? "
            "AND id > ? ORDER BY id LIMIT ?)",
            [query, after, limit],
        ).fetchone()
        return int(span[0]), span[1]

    def _expand(
        self,
        row: Sequence[Any],
        seen: int,
        last: int | None,
        limit: int,
        now: datetime,
        grace: timedelta,
    ) -> int:
        """Queue one fan-out's story for the span of subscriptions `_span` found, and move
        its cursor past them; returns the alerts queued."""
        fanout, story, item, query, reason, published, after = row
        followers = _Followers(
            query, after, last or after, ts(now), published + grace.total_seconds()
        )
        added = self._alert(story, item, reason, followers, now) if seen else 0
        self.db.execute(
            "UPDATE fanouts SET next_subscription = ?, done = ? WHERE id = ?",
            [last or after, seen < limit, fanout],
        )
        return added

    def _alert(
        self, story: int, item: int, reason: str, followers: _Followers, now: datetime
    ) -> int:
        """Queue the story for the followers in the span; a chat that has it already queued
        through another query gets this query's reason added."""
        who, params = followers.where()
        added = self.db.execute(
            "INSERT INTO outbox (story_id, item_id, chat_id, reason, next_attempt_at, created_at) "
            f"SELECT ?, ?, s.chat_id, ?, ?, ? FROM {who} "
            "ON CONFLICT (story_id, chat_id) DO NOTHING",
            [story, item, reason, ts(now), ts(now), *params],
        ).rowcount
        if self._fanned_out_twice(story, followers.query):
            self.db.execute(
                "UPDATE outbox SET reason = reason || '; ' || ? WHERE story_id = ? "
                "AND status = 'pending' AND instr(reason, ?) = 0 "
                f"AND chat_id IN (SELECT s.chat_id FROM {who})",
                [reason, story, reason, *params],
            )
        self.db.execute(
            "INSERT INTO pending_chats (chat_id, due_at, served_at) "
            f"SELECT s.chat_id, ?, c.served_at FROM {who} ON CONFLICT (chat_id) "
            "DO UPDATE SET due_at = excluded.due_at WHERE excluded.due_at < due_at",
            [ts(now), *params],
        )
        return int(added)

    def _fanned_out_twice(self, story: int, query: int) -> bool:
        """The story satisfies another query too: some chats may follow both."""
        other = self.db.execute(
            "SELECT 1 FROM fanouts WHERE story_id = ? AND query_id != ? LIMIT 1", [story, query]
        ).fetchone()
        return other is not None

    # --- delivery ---------------------------------------------------------------------------

    def due_chats(
        self,
        now: datetime,
        limit: int,
        skip_chats: Iterable[int] = (),
        transports: Sequence[str] = ALL_TRANSPORTS,
    ) -> list[tuple[int, ChatRef]]:
        """Chats with an alert due now, least recently served first (round-robin), for the
        transports that run; paused chats wait."""
        skip = list(skip_chats)
        rows = self.rows(
            "SELECT p.chat_id, c.transport, c.address FROM pending_chats p "
            "JOIN chats c ON c.id = p.chat_id WHERE p.due_at <= ? "
            f"AND p.chat_id NOT IN ({placeholders(skip)}) "
            f"AND c.transport IN ({placeholders(transports)}) "
            "AND coalesce(c.paused_until, 0) <= ? ORDER BY p.served_at, p.chat_id LIMIT ?",
            [ts(now), *skip, *transports, ts(now), limit],
        )
        return [(int(r["chat_id"]), ChatRef(str(r["transport"]), int(r["address"]))) for r in rows]

    def waiting_alerts(self, chat_id: int, now: datetime, limit: int) -> list[Alert]:
        """A chat's due alerts, oldest first."""
        rows = self.rows(
            "SELECT o.id AS outbox_id, o.chat_id, c.transport, c.address, o.reason, o.attempts, "
            "coalesce(c.language, c.platform_language) AS language, "
            "coalesce(c.zone, 'UTC') AS zone, "
            f"o.plain, o.created_at AS queued_at, {ITEM_COLUMNS} FROM outbox o "
            "JOIN chats c ON c.id = o.chat_id JOIN items i ON i.id = o.item_id "
            "JOIN sources s ON s.id = i.source_id WHERE o.chat_id = ? AND o.status = 'pending' "
            "AND o.next_attempt_at <= ? ORDER BY o.id LIMIT ?",
            [chat_id, ts(now), limit],
        )
        return [_alert(r) for r in rows]

    def due_alerts(
        self,
        now: datetime,
        limit: int,
        skip_chats: Iterable[int] = (),
        transports: Sequence[str] = ALL_TRANSPORTS,
    ) -> list[Alert]:
        """The oldest due alert of each due chat, in the order chats are served."""
        chats = self.due_chats(now, limit, skip_chats, transports)
        return [a for chat_id, _ in chats for a in self.waiting_alerts(chat_id, now, 1)]

    def next_alert_time(self, transports: Sequence[str] = ALL_TRANSPORTS) -> datetime | None:
        rows = self.rows(
            "SELECT min(max(p.due_at, coalesce(c.paused_until, 0))) AS due "
            "FROM pending_chats p JOIN chats c ON c.id = p.chat_id "
            f"WHERE c.transport IN ({placeholders(transports)})",
            list(transports),
        )
        return dt(rows[0]["due"])

    def mark_sent(self, outbox_ids: Sequence[int], message_id: int | None, now: datetime) -> None:
        """The alerts one message carried were delivered; the chat was served now."""
        with self.transaction() as db:
            db.execute(
                "UPDATE outbox SET status = 'sent', sent_at = ?, message_id = ?, "
                f"attempts = attempts + 1 WHERE id IN ({placeholders(outbox_ids)})",
                [ts(now), message_id, *outbox_ids],
            )
            self._served(outbox_ids, now)

    def mark_retry(
        self,
        outbox_ids: Sequence[int],
        error: str,
        next_attempt_at: datetime,
        *,
        plain: bool = False,
        count_attempt: bool = True,
    ) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE outbox SET last_error = ?, next_attempt_at = ?, plain = plain OR ?, "
                f"attempts = attempts + ? WHERE id IN ({placeholders(outbox_ids)})",
                [error[:500], ts(next_attempt_at), plain, int(count_attempt), *outbox_ids],
            )
            self._requeue(outbox_ids)

    def mark_failed(self, outbox_ids: Sequence[int], error: str) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE outbox SET status = 'failed', last_error = ?, attempts = attempts + 1 "
                f"WHERE id IN ({placeholders(outbox_ids)})",
                [error[:500], *outbox_ids],
            )
            self._requeue(outbox_ids)

    def _served(self, outbox_ids: Sequence[int], now: datetime) -> None:
        chat = self._chat_of(outbox_ids)
        if chat is not None:
            self.db.execute("UPDATE chats SET served_at = ? WHERE id = ?", [ts(now), chat])
            self.db.execute(
                "UPDATE pending_chats SET served_at = ? WHERE chat_id = ?", [ts(now), chat]
            )
            self.requeue_chat(chat)

    def _requeue(self, outbox_ids: Sequence[int]) -> None:
        chat = self._chat_of(outbox_ids)
        if chat is not None:
            self.requeue_chat(chat)

    def requeue_chat(self, chat_id: int) -> None:
        """Keep the chat's place in the round in step with its pending rows."""
        due = self.db.execute(
            "SELECT min(next_attempt_at) FROM outbox WHERE chat_id = ? AND status = 'pending'",
            [chat_id],
        ).fetchone()[0]
        if due is None:
            self.db.execute("DELETE FROM pending_chats WHERE chat_id = ?", [chat_id])
            return
        self.db.execute(
            "INSERT INTO pending_chats (chat_id, due_at, served_at) VALUES (?, ?, "
            "(SELECT served_at FROM chats WHERE id = ?)) "
            "ON CONFLICT (chat_id) DO UPDATE SET due_at = excluded.due_at",
            [chat_id, due, chat_id],
        )

    def _chat_of(self, outbox_ids: Sequence[int]) -> int | None:
        row = self.db.execute("SELECT chat_id FROM outbox WHERE id = ?", [outbox_ids[0]]).fetchone()
        return None if row is None else int(row[0])


@dataclass(frozen=True, slots=True)
class _Followers:
    """The chats of one span of a query's subscriptions that may get a story: active, not
    muted now, and subscribed by the story's publication time plus grace."""

    query: int
    after: int
    last: int
    now: float
    subscribed_by: float

    def where(self) -> tuple[str, list[Any]]:
        return (
            "subscriptions s JOIN chats c ON c.id = s.chat_id WHERE s.query_id = ? "
            "AND s.id > ? AND s.id <= ? AND c.active = 1 AND coalesce(c.muted_until, 0) <= ? "
            "AND s.created_at <= ?",
            [self.query, self.after, self.last, self.now, self.subscribed_by],
        )


def _alert(r: dict[str, Any]) -> Alert:
    return Alert(
        int(r["outbox_id"]),
        int(r["chat_id"]),
        ChatRef(str(r["transport"]), int(r["address"])),
        stored_item_from(r),
        str(r["reason"]),
        int(r["attempts"]),
        bool(r["plain"]),
        dt(r["queued_at"]),
        r["language"],
        str(r["zone"]),
    )
