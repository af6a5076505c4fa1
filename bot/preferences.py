"""What a chat has chosen beyond its subscriptions: its time zone, its daily digest, and
whether it follows truce news. Frozen records, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from bot.models import ChatRef

UTC_NAME = "UTC"


@dataclass(frozen=True, slots=True)
class ChatPrefs:
    """A chat's choices; `zone` is an IANA name, UTC unless the chat set one."""

    chat_id: int
    ref: ChatRef
    zone: str = UTC_NAME
    digest_at: time | None = None
    digest_since: datetime | None = None
    digest_last: date | None = None
    truces_since: datetime | None = None
    muted_until: datetime | None = None

    def muted(self, now: datetime) -> bool:
        return self.muted_until is not None and self.muted_until > now
