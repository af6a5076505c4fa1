"""Each chat's time zone, daily digest time and truce-news follow: columns of `chats`,
read and written here apart from subscriptions (truce news is no item label)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from bot.models import ChatRef
from bot.preferences import UTC_NAME, ChatPrefs
from storage.db import Connection, dt, ts

_COLUMNS = (
    "id, transport, address, zone, digest_at, digest_since, digest_last, truces_since, "
    "muted_until, language, platform_language"
)
_WHERE_REF = "transport = ? AND address = ?"


class Preferences(Connection):
    def chat_prefs(self, ref: ChatRef) -> ChatPrefs | None:
        rows = self.rows(f"SELECT {_COLUMNS} FROM chats WHERE {_WHERE_REF}", _ref(ref))
        return prefs_from(rows[0]) if rows else None

    def set_zone(self, ref: ChatRef, zone: str | None) -> None:
        """None (or UTC) goes back to UTC."""
        self._set(ref, "zone = ?", [None if zone in (None, UTC_NAME) else zone])

    def set_language(self, ref: ChatRef, language: str | None) -> None:
        """The language chosen for the chat; None follows its platform again."""
        self._set(ref, "language = ?", [language])

    def set_digest(self, ref: ChatRef, at: time | None, now: datetime) -> None:
        """A digest every day at `at` (the chat's local time) from now on; None stops it."""
        stamp = None if at is None else at.strftime("%H:%M")
        self._set(ref, "digest_at = ?, digest_since = ?", [stamp, ts(now)])

    def follow_truces(self, ref: ChatRef, now: datetime) -> bool:
        """Follow truce news from now; False when the chat already did."""
        return self._set(ref, "truces_since = ?", [ts(now)], "truces_since IS NULL") > 0

    def unfollow_truces(self, ref: ChatRef) -> bool:
        return self._set(ref, "truces_since = NULL", [], "truces_since IS NOT NULL") > 0

    def digest_chats(self) -> list[ChatPrefs]:
        """Active chats that asked for a daily digest."""
        rows = self.rows(
            f"SELECT {_COLUMNS} FROM chats WHERE digest_at IS NOT NULL AND active = 1 ORDER BY id"
        )
        return [prefs_from(r) for r in rows]

    def truce_followers(self) -> list[ChatPrefs]:
        """Active chats that follow truce news."""
        rows = self.rows(
            f"SELECT {_COLUMNS} FROM chats WHERE truces_since IS NOT NULL AND active = 1 "
            "ORDER BY id"
        )
        return [prefs_from(r) for r in rows]

    def _set(self, ref: ChatRef, assignments: str, values: list[Any], extra: str = "1") -> int:
        with self.transaction() as db:
            return int(
                db.execute(
                    f"UPDATE chats SET {assignments} WHERE {_WHERE_REF} AND {extra}",
                    [*values, *_ref(ref)],
                ).rowcount
            )


def _ref(ref: ChatRef) -> list[Any]:
    return [ref.transport, ref.address]


def prefs_from(r: dict[str, Any]) -> ChatPrefs:
    return ChatPrefs(
        chat_id=int(r["id"]),
        ref=ChatRef(str(r["transport"]), int(r["address"])),
        zone=r["zone"] or UTC_NAME,
        digest_at=None if r["digest_at"] is None else time.fromisoformat(r["digest_at"]),
        digest_since=dt(r["digest_since"]),
        digest_last=None if r["digest_last"] is None else date.fromisoformat(r["digest_last"]),
        truces_since=dt(r["truces_since"]),
        muted_until=dt(r["muted_until"]),
        language=r["language"],
        platform_language=r["platform_language"],
    )
