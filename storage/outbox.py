"""The outbox: one row per (story, chat), pending until its transport confirms it, so a
crash at any moment loses no alert."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from bot.models import Alert, ChatRef, OutboxRow
from storage.db import Connection, dt, placeholders, ts
from storage.items import ITEM_COLUMNS, stored_item_from


class Outbox(Connection):
    def enqueue(self, rows: Sequence[OutboxRow], now: datetime) -> int:
        """Inside the caller's transaction; a story already queued for a chat is not queued
        again. Returns how many rows were new."""
        queued = 0
        for row in rows:
            queued += self.db.execute(
                "INSERT INTO outbox (story_id, item_id, chat_id, reason, next_attempt_at, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (story_id, chat_id) DO NOTHING",
                [row.story_id, row.item_id, row.chat_id, row.reason, ts(now), ts(now)],
            ).rowcount
        return queued

    def due_alerts(
        self,
        now: datetime,
        limit: int,
        skip_chats: Iterable[int] = (),
        transports: Sequence[str] = ("telegram", "discord", "console"),
    ) -> list[Alert]:
        """The oldest due alert of each chat, oldest first, for the transports that run;
        one chat cannot starve the rest."""
        skip = list(skip_chats)
        rows = self.rows(
            "SELECT o.id AS outbox_id, o.chat_id, c.transport, c.address, o.reason, o.attempts, "
            f"o.plain, {ITEM_COLUMNS} FROM outbox o JOIN chats c ON c.id = o.chat_id "
            "JOIN items i ON i.id = o.item_id JOIN sources s ON s.id = i.source_id "
            "WHERE o.id IN (SELECT min(id) FROM outbox WHERE status = 'pending' "
            f"AND next_attempt_at <= ? AND chat_id NOT IN ({placeholders(skip)}) GROUP BY chat_id) "
            f"AND c.transport IN ({placeholders(transports)}) "
            "AND coalesce(c.paused_until, 0) <= ? ORDER BY o.id LIMIT ?",
            [ts(now), *skip, *transports, ts(now), limit],
        )
        return [
            Alert(
                int(r["outbox_id"]),
                int(r["chat_id"]),
                ChatRef(str(r["transport"]), int(r["address"])),
                stored_item_from(r),
                str(r["reason"]),
                int(r["attempts"]),
                bool(r["plain"]),
            )
            for r in rows
        ]

    def next_alert_time(
        self, transports: Sequence[str] = ("telegram", "discord", "console")
    ) -> datetime | None:
        rows = self.rows(
            "SELECT min(max(o.next_attempt_at, coalesce(c.paused_until, 0))) AS due "
            "FROM outbox o JOIN chats c ON c.id = o.chat_id "
            f"WHERE o.status = 'pending' AND c.transport IN ({placeholders(transports)})",
            list(transports),
        )
        return dt(rows[0]["due"])

    def mark_sent(self, outbox_id: int, message_id: int | None, now: datetime) -> None:
        with self.transaction() as db:
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
        with self.transaction() as db:
            db.execute(
                "UPDATE outbox SET last_error = ?, next_attempt_at = ?, plain = plain OR ?, "
                "attempts = attempts + ? WHERE id = ?",
                [error[:500], ts(next_attempt_at), plain, int(count_attempt), outbox_id],
            )

    def mark_failed(self, outbox_id: int, error: str) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE outbox SET status = 'failed', last_error = ?, attempts = attempts + 1 "
                "WHERE id = ?",
                [error[:500], outbox_id],
            )
