"""Notices: messages to one chat that are not alerts about an item (truce news, daily
digests). They travel beside the alert outbox, through the same worker and Senders, and
each has a key unique within its chat ("digest:2020-10-11", "truce:8:first_violation"),
so the same notice is never queued twice."""

from __future__ import annotations

from dataclasses import dataclass

from bot.message import Message
from bot.models import ChatRef


@dataclass(frozen=True, slots=True)
class NoticeRow:
    """A notice to queue for one chat (our chat id)."""

    chat_id: int
    key: str
    message: Message


@dataclass(frozen=True, slots=True)
class Notice:
    """A queued notice, ready to send."""

    notice_id: int
    chat_id: int
    chat: ChatRef
    key: str
    message: Message
    attempts: int = 0
    plain: bool = False
