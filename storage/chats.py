"""Chats and what they follow: subscriptions, mutes, and the paging state behind "more"
buttons. A chat is named by its transport and address (`ChatRef`); our own row id is
what subscriptions and the outbox refer to, and never leaves storage and delivery."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.models import Chat, ChatKind, ChatRef, Query, StoredQuery, Subscription
from storage.db import Connection, LimitError, at, dt, placeholders, ts

_CHAT = "(SELECT id FROM chats WHERE transport = ? AND address = ?)"
#: What a chat keeps when it moves to a new address: its mute and its preferences.
_KEPT = (
    "muted_until, zone, digest_at, digest_since, digest_last, truces_since, language, "
    "platform_language"
)
#: The platform's language after an update: the new one, or the one known first.
_SPOKEN = (
    "CASE WHEN ? THEN coalesce(platform_language, excluded.platform_language) "
    "ELSE coalesce(excluded.platform_language, platform_language) END"
)
#: Paging state is kept a week: a "more" button older than that has expired.
PAGE_DAYS = 7


class Chats(Connection):
    def ensure_chat(
        self,
        ref: ChatRef,
        kind: ChatKind,
        title: str | None,
        now: datetime,
        parent: int | None = None,
        spoken: str | None = None,
        *,
        first_only: bool = False,
    ) -> int:
        """Record a chat we talk to and return its id; a chat that wrote to us again is
        active again (and no longer paused). `parent` is what it belongs to (a server);
        `spoken` the language its platform says it speaks, which replaces the one known
        unless `first_only` (one member's language, in a group: the first one stays)."""
        with self.transaction() as db:
            changed = db.execute(
                "INSERT INTO chats (transport, address, kind, title, parent, created_at, "
                "platform_language) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (transport, address) DO UPDATE SET "
                "kind = excluded.kind, title = excluded.title, parent = excluded.parent, "
                f"platform_language = {_SPOKEN}, "
                "active = 1, inactive_reason = NULL, paused_until = NULL, paused_reason = NULL "
                "WHERE active = 0 OR paused_until IS NOT NULL OR kind != excluded.kind "
                "OR coalesce(title, '') != coalesce(excluded.title, '') "
                "OR coalesce(parent, 0) != coalesce(excluded.parent, 0) "
                f"OR coalesce(platform_language, '') != coalesce({_SPOKEN}, '')",
                [*_ref(ref), kind, title, parent, ts(now), spoken, first_only, first_only],
            ).rowcount
            if changed:
                self.bump_subscriptions()
            return int(db.execute(_CHAT[1:-1], _ref(ref)).fetchone()[0])

    def chat(self, ref: ChatRef) -> Chat | None:
        rows = self.rows("SELECT * FROM chats WHERE transport = ? AND address = ?", _ref(ref))
        return chat_from(rows[0]) if rows else None

    def chats(self, transport: str) -> list[Chat]:
        rows = self.rows("SELECT * FROM chats WHERE transport = ? ORDER BY id", [transport])
        return [chat_from(r) for r in rows]

    def deactivate_chat(self, ref: ChatRef, reason: str) -> int:
        """Stop sending to a chat (blocked, kicked, deleted); its pending alerts and notices
        are dropped. Returns how many alerts were."""
        with self.transaction() as db:
            db.execute(
                "UPDATE chats SET active = 0, inactive_reason = ? "
                "WHERE transport = ? AND address = ?",
                [reason, *_ref(ref)],
            )
            dropped = db.execute(
                f"UPDATE outbox SET status = 'dropped', last_error = ? WHERE chat_id = {_CHAT} "
                "AND status = 'pending'",
                [reason, *_ref(ref)],
            ).rowcount
            db.execute(f"DELETE FROM pending_chats WHERE chat_id = {_CHAT}", _ref(ref))
            db.execute(
                f"UPDATE notices SET status = 'dropped', last_error = ? WHERE chat_id = {_CHAT} "
                "AND status = 'pending'",
                [reason, *_ref(ref)],
            )
            self.bump_subscriptions()
        return int(dropped)

    def deactivate_children(self, transport: str, parent: int, reason: str) -> int:
        """Every chat under `parent` (a server we were removed from); returns how many."""
        rows = self.rows(
            "SELECT address FROM chats WHERE transport = ? AND parent = ? AND active = 1",
            [transport, parent],
        )
        children = [ChatRef(transport, int(r["address"])) for r in rows]
        for ref in children:
            self.deactivate_chat(ref, reason)
        return len(children)

    def pause_chat(self, ref: ChatRef, until: datetime, reason: str) -> None:
        """The platform refuses us in this chat for now (missing access): nothing is sent
        there until `until`; what is queued waits, and the reason is shown in /stats."""
        with self.transaction() as db:
            db.execute(
                "UPDATE chats SET paused_until = ?, paused_reason = ? "
                "WHERE transport = ? AND address = ?",
                [ts(until), reason[:300], *_ref(ref)],
            )

    def paused_chats(self, now: datetime) -> list[Chat]:
        rows = self.rows(
            "SELECT * FROM chats WHERE active = 1 AND paused_until > ? ORDER BY paused_until",
            [ts(now)],
        )
        return [chat_from(r) for r in rows]

    def migrate_chat(self, ref: ChatRef, new_address: int, now: datetime) -> None:
        """A group got a new address (Telegram's group → supergroup): everything it follows
        and everything queued for it moves to a chat at the new address."""
        new = ChatRef(ref.transport, new_address)
        with self.transaction() as db:
            db.execute(
                f"INSERT OR IGNORE INTO chats (transport, address, kind, title, {_KEPT}, "
                f"created_at) SELECT transport, ?, kind, title, {_KEPT}, ? FROM chats "
                "WHERE transport = ? AND address = ?",
                [new_address, ts(now), *_ref(ref)],
            )
            for table in ("subscriptions", "outbox", "pending_chats", "notices"):
                db.execute(
                    f"UPDATE OR IGNORE {table} SET chat_id = {_CHAT} WHERE chat_id = {_CHAT}",
                    [*_ref(new), *_ref(ref)],
                )
            self._retire(ref, f"migrated to {new_address}")

    def _retire(self, ref: ChatRef, reason: str) -> None:
        """What a migration could not move (duplicates) is dropped with the old chat."""
        self.db.execute(f"DELETE FROM subscriptions WHERE chat_id = {_CHAT}", _ref(ref))
        for table in ("outbox", "notices"):
            self.db.execute(
                f"UPDATE {table} SET status = 'dropped', last_error = 'chat migrated' "
                f"WHERE chat_id = {_CHAT} AND status = 'pending'",
                _ref(ref),
            )
        self.db.execute(f"DELETE FROM pending_chats WHERE chat_id = {_CHAT}", _ref(ref))
        self.db.execute(
            "UPDATE chats SET active = 0, inactive_reason = ? WHERE transport = ? AND address = ?",
            [reason, *_ref(ref)],
        )
        self.bump_subscriptions()

    def set_muted(self, ref: ChatRef, until: datetime | None) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE chats SET muted_until = ? WHERE transport = ? AND address = ?",
                [None if until is None else ts(until), *_ref(ref)],
            )
            self.bump_subscriptions()

    # --- subscriptions --------------------------------------------------------------------

    def add_subscription(
        self, ref: ChatRef, query: Query, now: datetime, *, max_per_chat: int
    ) -> tuple[Subscription, bool]:
        """The chat's subscription for `query`, and whether it was created just now."""
        existing = self._find_subscription(ref, query)
        if existing is not None:
            return existing, False
        with self.transaction() as db:
            count = db.execute(
                f"SELECT count(*) FROM subscriptions WHERE chat_id = {_CHAT}", _ref(ref)
            ).fetchone()[0]
            if count >= max_per_chat:
                raise LimitError(f"a chat can have at most {max_per_chat} subscriptions")
            db.execute(
                "INSERT INTO subscriptions (chat_id, query, categories, include, exclude, "
                f"created_at, query_id) VALUES ({_CHAT}, ?, ?, ?, ?, ?, ?)",
                [*_ref(ref), *_query_columns(query), ts(now), self._query_id(query)],
            )
            self.bump_subscriptions()
        return self._find_subscription(ref, query), True  # type: ignore[return-value]

    def _query_id(self, query: Query) -> int:
        """The shared row for these words, made on first use."""
        self.db.execute(
            "INSERT OR IGNORE INTO queries (canonical, categories, include, exclude) "
            "VALUES (?, ?, ?, ?)",
            _query_columns(query),
        )
        row = self.db.execute(
            "SELECT id FROM queries WHERE canonical = ?", [query.canonical()]
        ).fetchone()
        return int(row[0])

    def followed_queries(self) -> list[StoredQuery]:
        """Every query some active chat follows."""
        rows = self.db.execute(
            "SELECT q.id, q.categories, q.include, q.exclude FROM queries q WHERE EXISTS "
            "(SELECT 1 FROM subscriptions s JOIN chats c ON c.id = s.chat_id "
            "WHERE s.query_id = q.id AND c.active = 1) ORDER BY q.id"
        ).fetchall()
        return [
            StoredQuery(
                int(r[0]), tuple(json.loads(r[1])), tuple(json.loads(r[2])), tuple(json.loads(r[3]))
            )
            for r in rows
        ]

    def _find_subscription(self, ref: ChatRef, query: Query) -> Subscription | None:
        found = self._subscriptions(
            "WHERE c.transport = ? AND c.address = ? AND s.query = ?",
            [*_ref(ref), query.canonical()],
        )
        return found[0] if found else None

    def subscriptions(self, ref: ChatRef) -> list[Subscription]:
        return self._subscriptions("WHERE c.transport = ? AND c.address = ?", _ref(ref))

    def remove_subscriptions(self, ref: ChatRef, ids: Sequence[int]) -> int:
        if not ids:
            return 0
        with self.transaction() as db:
            removed = db.execute(
                f"DELETE FROM subscriptions WHERE chat_id = {_CHAT} AND id IN "
                f"({placeholders(ids)})",
                [*_ref(ref), *ids],
            ).rowcount
            self.bump_subscriptions()
        return int(removed)

    def subscriptions_version(self) -> str:
        """Changes whenever any chat's subscriptions, mute or state change (any process)."""
        row = self.db.execute(
            "SELECT value FROM meta WHERE key = 'subscriptions_version'"
        ).fetchone()
        return str(row[0])

    def meta(self, key: str) -> str | None:
        rows = self.rows("SELECT value FROM meta WHERE key = ?", [key])
        return str(rows[0]["value"]) if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )

    def bump_subscriptions(self) -> None:
        self.db.execute(
            "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'subscriptions_version'"
        )

    def _subscriptions(self, where: str, params: list[Any]) -> list[Subscription]:
        rows = self.db.execute(
            "SELECT s.id, s.chat_id, s.categories, s.include, s.exclude, s.created_at "
            f"FROM subscriptions s JOIN chats c ON c.id = s.chat_id {where} ORDER BY s.id",
            params,
        ).fetchall()
        return [_subscription(*r) for r in rows]

    # --- paging state behind "more" buttons -----------------------------------------------

    def save_page(self, ref: ChatRef, state: dict[str, Any], now: datetime) -> int:
        with self.transaction() as db:
            db.execute("DELETE FROM pages WHERE created_at < ?", [ts(now) - PAGE_DAYS * 86400])
            cursor = db.execute(
                f"INSERT INTO pages (chat_id, state, created_at) VALUES ({_CHAT}, ?, ?)",
                [*_ref(ref), json.dumps(state), ts(now)],
            )
        return int(cursor.lastrowid or 0)

    def load_page(self, page_id: int, ref: ChatRef) -> dict[str, Any] | None:
        rows = self.rows(
            f"SELECT state FROM pages WHERE id = ? AND chat_id = {_CHAT}", [page_id, *_ref(ref)]
        )
        return json.loads(rows[0]["state"]) if rows else None


def _ref(ref: ChatRef) -> list[Any]:
    return [ref.transport, ref.address]


def _query_columns(query: Query) -> list[str]:
    return [
        query.canonical(),
        json.dumps(query.categories),
        json.dumps(query.include),
        json.dumps(query.exclude),
    ]


def _subscription(
    ident: int, chat_id: int, categories: str, include: str, exclude: str, created: float
) -> Subscription:
    return Subscription(
        int(ident),
        int(chat_id),
        tuple(json.loads(categories)),
        tuple(json.loads(include)),
        tuple(json.loads(exclude)),
        at(created),
    )


def chat_from(r: dict[str, Any]) -> Chat:
    return Chat(
        id=int(r["id"]),
        ref=ChatRef(str(r["transport"]), int(r["address"])),
        kind=r["kind"],
        title=r["title"],
        active=bool(r["active"]),
        muted_until=dt(r["muted_until"]),
        inactive_reason=r["inactive_reason"],
        parent=r["parent"],
        paused_until=dt(r["paused_until"]),
        paused_reason=r["paused_reason"],
    )
