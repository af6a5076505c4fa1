"""Notices beside the alert outbox: one row per (chat, key), pending until the chat's
transport confirms it, so a crash loses none and queuing the same key again does nothing.
A picture is stored once however many chats' notices show it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from bot.message import Image
from bot.message_json import message_from, message_json
from bot.models import ChatRef
from bot.notice import Notice, NoticeRow
from storage.db import Connection, dt, placeholders, ts

TRANSPORTS = ("telegram", "discord", "console")


class Notices(Connection):
    def enqueue_notices(
        self,
        rows: Sequence[NoticeRow],
        now: datetime,
        *,
        digest_days: Mapping[int, date] | None = None,
        marks: Iterable[str] = (),
    ) -> int:
        """Queue notices, and in the same transaction record the digest day each chat got
        and the truce news now told; a key a chat already has is not queued again.
        Returns how many rows were new."""
        with self.transaction() as db:
            images: dict[bytes, int] = {}
            queued = sum(self._enqueue(row, now, images) for row in rows)
            for chat_id, day in (digest_days or {}).items():
                db.execute(
                    "UPDATE chats SET digest_last = ? WHERE id = ?", [day.isoformat(), chat_id]
                )
            self.add_truce_marks(marks, now)
            self._forget_unused_images()
        return queued

    def _enqueue(self, row: NoticeRow, now: datetime, images: dict[bytes, int]) -> int:
        image = row.message.image
        image_id = None if image is None else self._image_id(image, images)
        return int(
            self.db.execute(
                "INSERT INTO notices (chat_id, key, message, image_id, next_attempt_at, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (chat_id, key) DO NOTHING",
                [
                    row.chat_id,
                    row.key,
                    json.dumps(message_json(row.message), ensure_ascii=False),
                    image_id,
                    ts(now),
                    ts(now),
                ],
            ).rowcount
        )

    def _image_id(self, image: Image, known: dict[bytes, int]) -> int:
        if image.png not in known:
            digest = hashlib.sha256(image.png).hexdigest()
            self.db.execute(
                "INSERT INTO notice_images (digest, png, name, alt) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (digest) DO NOTHING",
                [digest, image.png, image.name, image.alt],
            )
            found = self.db.execute("SELECT id FROM notice_images WHERE digest = ?", [digest])
            known[image.png] = int(found.fetchone()[0])
        return known[image.png]

    def _forget_unused_images(self) -> None:
        self.db.execute(
            "DELETE FROM notice_images WHERE id NOT IN (SELECT image_id FROM notices "
            "WHERE status = 'pending' AND image_id IS NOT NULL)"
        )

    def due_notices(
        self,
        now: datetime,
        limit: int,
        skip_chats: Iterable[int] = (),
        transports: Sequence[str] = TRANSPORTS,
    ) -> list[Notice]:
        """The oldest due notice of each chat, oldest first, for the transports that run."""
        skip = list(skip_chats)
        rows = self.rows(
            "SELECT n.id, n.chat_id, c.transport, c.address, n.key, n.message, n.attempts, "
            "n.plain, i.png, i.name, i.alt FROM notices n JOIN chats c ON c.id = n.chat_id "
            "LEFT JOIN notice_images i ON i.id = n.image_id "
            "WHERE n.id IN (SELECT min(id) FROM notices WHERE status = 'pending' "
            f"AND next_attempt_at <= ? AND chat_id NOT IN ({placeholders(skip)}) GROUP BY chat_id) "
            f"AND c.transport IN ({placeholders(transports)}) "
            "AND coalesce(c.paused_until, 0) <= ? ORDER BY n.id LIMIT ?",
            [ts(now), *skip, *transports, ts(now), limit],
        )
        return [notice_from(r) for r in rows]

    def next_notice_time(self, transports: Sequence[str] = TRANSPORTS) -> datetime | None:
        rows = self.rows(
            "SELECT min(max(n.next_attempt_at, coalesce(c.paused_until, 0))) AS due "
            "FROM notices n JOIN chats c ON c.id = n.chat_id "
            f"WHERE n.status = 'pending' AND c.transport IN ({placeholders(transports)})",
            list(transports),
        )
        return dt(rows[0]["due"])

    def pending_notices(self) -> int:
        return int(self.rows("SELECT count(*) AS n FROM notices WHERE status = 'pending'")[0]["n"])

    def notices_of(self, ref: ChatRef) -> list[dict[str, Any]]:
        """Every notice of a chat, oldest first (for operators and tests)."""
        return self.rows(
            "SELECT n.key, n.status, n.attempts, n.last_error, n.message_id FROM notices n "
            "JOIN chats c ON c.id = n.chat_id WHERE c.transport = ? AND c.address = ? "
            "ORDER BY n.id",
            [ref.transport, ref.address],
        )

    def mark_notice_sent(self, notice_id: int, message_id: int | None, now: datetime) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE notices SET status = 'sent', sent_at = ?, message_id = ?, "
                "attempts = attempts + 1 WHERE id = ?",
                [ts(now), message_id, notice_id],
            )

    def mark_notice_retry(
        self,
        notice_id: int,
        error: str,
        next_attempt_at: datetime,
        *,
        plain: bool = False,
        count_attempt: bool = True,
    ) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE notices SET last_error = ?, next_attempt_at = ?, plain = plain OR ?, "
                "attempts = attempts + ? WHERE id = ?",
                [error[:500], ts(next_attempt_at), plain, int(count_attempt), notice_id],
            )

    def mark_notice_failed(self, notice_id: int, error: str) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE notices SET status = 'failed', last_error = ?, attempts = attempts + 1 "
                "WHERE id = ?",
                [error[:500], notice_id],
            )

    # --- the truce news already told ------------------------------------------------------

    def truce_marks(self) -> frozenset[str]:
        return frozenset(str(r["key"]) for r in self.rows("SELECT key FROM truce_marks"))

    def prime_truce_marks(self, keys: Iterable[str], now: datetime) -> bool:
        """On a database that never tracked truce news, record `keys` as told (history is
        no news); returns whether it did. Later calls do nothing."""
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM meta WHERE key = 'truce_news_primed'").fetchone():
                return False
            db.execute("INSERT INTO meta (key, value) VALUES ('truce_news_primed', '1')")
            self.add_truce_marks(keys, now)
        return True

    def add_truce_marks(self, keys: Iterable[str], now: datetime) -> None:
        """Inside the caller's transaction."""
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO truce_marks (key, created_at) VALUES (?, ?)",
            [(key, ts(now)) for key in keys],
        )


def notice_from(r: dict[str, Any]) -> Notice:
    image = None if r["png"] is None else Image(bytes(r["png"]), str(r["name"]), str(r["alt"]))
    return Notice(
        int(r["id"]),
        int(r["chat_id"]),
        ChatRef(str(r["transport"]), int(r["address"])),
        str(r["key"]),
        message_from(json.loads(r["message"]), image),
        int(r["attempts"]),
        bool(r["plain"]),
    )
