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
    #: what the chat chose with /language (None: follow the platform)
    language: str | None = None
    #: what the chat's platform says it speaks (a primary tag such as "ru"), if anything
    platform_language: str | None = None

    @property
    def speaks(self) -> str | None:
        """The language to speak to the chat in, before checking that we speak it."""
        return self.language or self.platform_language

    def muted(self, now: datetime) -> bool:
        return self.muted_until is not None and self.muted_until > now
