"""Delivery decisions (pure): what one message to a chat carries (`compose`), and what to
do after a send failed (`decide`); the errors a transport's Sender raises, and the Sender
protocol itself. The worker that carries these out is `bot.deliverer`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, Protocol

from bot.models import Alert, ChatRef
from bot.notice import Notice

#: Transient failures are retried with back-off up to this many attempts, then recorded.
MAX_ATTEMPTS = 60
MAX_SEND_BACKOFF = timedelta(minutes=10)


class DeliveryError(Exception):
    """Base of what a Sender raises; the subclass says what the worker should do."""


class RetryLater(DeliveryError):
    """Rate limited: try again after `after` seconds. Not the message's fault."""

    def __init__(self, message: str, after: float) -> None:
        super().__init__(message)
        self.after = after


class Transient(DeliveryError):
    """Network trouble, time-out, server error: back off and retry."""


class Unreachable(DeliveryError):
    """The chat is gone for us (blocked, kicked, deleted): stop sending to it."""


class Paused(DeliveryError):
    """The platform refuses us in this chat for now (missing access or permissions): send
    nothing there for `after` seconds. Retrying sooner would only count against us."""

    def __init__(self, message: str, after: float) -> None:
        super().__init__(message)
        self.after = after


class Moved(DeliveryError):
    """The chat has a new id (group upgraded to supergroup)."""

    def __init__(self, message: str, new_chat_id: int) -> None:
        super().__init__(message)
        self.new_chat_id = new_chat_id


class BadMarkup(DeliveryError):
    """The transport could not parse our formatting: send the same alert as plain text."""


class Rejected(DeliveryError):
    """Permanently refused for this message; recorded, not retried."""


class Sender(Protocol):
    """What a transport (console, Telegram, Discord) gives the outbox worker."""

    def wait_for(self, address: int) -> float:
        """Seconds until the chat at `address` may receive a message under the transport's
        limits."""

    async def send(self, batch: Batch) -> int | None:
        """Deliver one message to `batch.chat`: a single alert, a list of waiting alerts,
        or a summary of old ones; return the transport's message id. Raises
        DeliveryError."""

    async def send_notice(self, notice: Notice) -> int | None:
        """Deliver one notice (truce news, a digest; maybe with a picture) to `notice.chat`;
        return the transport's message id. Raises DeliveryError, as `send` does."""


@dataclass(frozen=True, slots=True)
class SendDecision:
    action: str  # "retry" | "fail" | "deactivate" | "migrate" | "pause"
    at: datetime | None = None
    plain: bool = False
    count_attempt: bool = True
    new_chat_id: int | None = None


def decide(error: DeliveryError, attempts: int, now: datetime, draw: float) -> SendDecision:
    """What to do with an alert whose send failed. `attempts` counts earlier tries."""
    if isinstance(error, RetryLater):
        return SendDecision(
            "retry", now + timedelta(seconds=max(error.after, 0.0)), count_attempt=False
        )
    if isinstance(error, Unreachable):
        return SendDecision("deactivate")
    if isinstance(error, Paused):
        return SendDecision("pause", now + timedelta(seconds=max(error.after, 0.0)))
    if isinstance(error, Moved):
        return SendDecision("migrate", new_chat_id=error.new_chat_id)
    if isinstance(error, BadMarkup):
        return SendDecision("retry", now, plain=True)
    if isinstance(error, Transient) and attempts + 1 < MAX_ATTEMPTS:
        return SendDecision("retry", now + backoff(attempts, draw))
    return SendDecision("fail")


def backoff(attempts: int, draw: float) -> timedelta:
    """1 s, 2 s, 4 s ... capped, with jitter so a recovering server is not stampeded."""
    base = min(2.0 ** min(attempts, 20), MAX_SEND_BACKOFF.total_seconds())
    return timedelta(seconds=base * (0.5 + draw / 2))


BatchKind = Literal["alert", "list", "summary"]


@dataclass(frozen=True, slots=True)
class Batch:
    """What one message to a chat carries."""

    chat_id: int
    chat: ChatRef
    alerts: tuple[Alert, ...]
    kind: BatchKind

    @property
    def plain(self) -> bool:
        """Its markup was refused once: send it as plain text."""
        return any(a.plain for a in self.alerts)

    @property
    def language(self) -> str | None:
        """The language the chat is spoken to in (None: the default)."""
        return self.alerts[0].language

    @property
    def ids(self) -> list[int]:
        return [a.outbox_id for a in self.alerts]


def compose(
    alerts: Sequence[Alert], now: datetime, list_after: timedelta, summary_after: timedelta
) -> Batch:
    """One alert at a time while they flow; once a chat's alerts have waited (a burst, a
    backlog, a platform's limits), everything waiting goes as one message: a list, or —
    when they have waited long — a "while you were away" summary. `alerts` are the chat's
    waiting alerts, oldest first."""
    first = alerts[0]
    waited = now - (first.queued_at or now)
    if len(alerts) > 1 and waited >= summary_after:
        return Batch(first.chat_id, first.chat, tuple(alerts), "summary")
    if len(alerts) > 1 and waited >= list_after:
        return Batch(first.chat_id, first.chat, tuple(alerts), "list")
    return Batch(first.chat_id, first.chat, (first,), "alert")
