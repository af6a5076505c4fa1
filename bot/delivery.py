"""The outbox worker: sends due alerts through a transport's Sender, at least once.

An alert stays 'pending' in the outbox until the transport confirms it, so a
crash at any moment loses nothing; with one message in flight (the default) a
crash re-sends at most that one. What to do after each failure is decided by
the pure `decide`; the worker only carries it out.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.models import Alert
from storage.store import StorageError, Store
from storage.threads import AsyncStore

log = logging.getLogger(__name__)

#: Transient failures are retried with back-off up to this many attempts, then recorded.
MAX_ATTEMPTS = 60
MAX_SEND_BACKOFF = timedelta(minutes=10)
#: How often the worker looks at the outbox when nobody wakes it (another process may enqueue).
IDLE_POLL = 2.0
BATCH = 200


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

    async def send(self, alert: Alert) -> int | None:
        """Deliver one alert to `alert.chat`; return the transport's message id. Raises
        DeliveryError."""


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


class Deliverer:
    """Sends what is due, oldest first, one chat's alerts in order, never two at once per
    chat; each alert through the Sender of its chat's transport."""

    def __init__(
        self,
        store: AsyncStore,
        senders: Mapping[str, Sender],
        clock: Callable[[], datetime],
        *,
        concurrency: int = 1,
        rng: random.Random | None = None,
    ) -> None:
        self.store, self.senders, self.clock = store, dict(senders), clock
        self._transports = tuple(self.senders)
        # One message in flight per platform (by default): a crash re-sends at most that
        # one per platform, and a slow platform never holds up the other.
        self._slots = {name: asyncio.Semaphore(concurrency) for name in senders}
        self._busy: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()
        self._rng = rng or random.Random()
        self._recorded = asyncio.Condition()
        self.sent = self.failed = self.outcomes = 0

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        """Deliver forever; storage trouble pauses delivery instead of ending it."""
        while True:
            try:
                pause = await self.deliver_due()
            except StorageError as exc:
                log.error("delivery paused: %s", exc)
                pause = 30.0
            await self._sleep(pause)

    async def _sleep(self, seconds: float) -> None:
        self._wake.clear()
        # asyncio.timeout, not wait_for: on Python 3.11 wait_for swallows a cancellation
        # that arrives as the event is set, and the worker would then never stop.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._wake.wait()

    async def deliver_due(self) -> float:
        """Send every alert that is due now; return how long to wait before looking again."""
        while True:
            alerts = await self.store.read(
                Store.due_alerts, self.clock(), BATCH, self._busy, self._transports
            )
            waits = [self._wait(a) for a in alerts]
            ready = [a for a, w in zip(alerts, waits, strict=True) if w <= 0]
            if not ready:
                return await self._idle_time(waits)
            # Each platform's alerts start in their own line, so one platform's pace never
            # holds up another's.
            lines: dict[str, list[Alert]] = {}
            for alert in ready:
                lines.setdefault(alert.chat.transport, []).append(alert)
            started = await asyncio.gather(*(self._start_all(line) for line in lines.values()))
            await asyncio.gather(*(task for line in started for task in line))

    async def _idle_time(self, waits: list[float]) -> float:
        pending = [w for w in waits if w > 0]
        due = await self.store.read(Store.next_alert_time, self._transports)
        until_due = IDLE_POLL if due is None else (due - self.clock()).total_seconds()
        return max(0.01, min([IDLE_POLL, until_due, *pending]))

    def _wait(self, alert: Alert) -> float:
        return self.senders[alert.chat.transport].wait_for(alert.chat.address)

    async def _start_all(self, alerts: list[Alert]) -> list[asyncio.Task[None]]:
        started = [await self._start(alert) for alert in alerts]
        return [task for task in started if task is not None]

    async def _start(self, alert: Alert) -> asyncio.Task[None] | None:
        if alert.chat_id in self._busy or self._wait(alert) > 0:
            return None
        await self._slots[alert.chat.transport].acquire()
        self._busy.add(alert.chat_id)
        task = asyncio.create_task(self._deliver(alert))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _deliver(self, alert: Alert) -> None:
        try:
            await self._attempt(alert)
        finally:
            self._busy.discard(alert.chat_id)
            self._slots[alert.chat.transport].release()
        async with self._recorded:
            self.outcomes += 1
            self._recorded.notify_all()

    async def wait_outcomes(self, count: int, within: float = 10.0) -> None:
        """Until `count` send attempts have had their outcome recorded (for tests and demos)."""
        async with self._recorded:
            async with asyncio.timeout(within):
                await self._recorded.wait_for(lambda: self.outcomes >= count)

    async def _attempt(self, alert: Alert) -> None:
        try:
            message_id = await self.senders[alert.chat.transport].send(alert)
        except DeliveryError as exc:
            await self._apply(alert, exc)
            return
        except Exception as exc:  # a transport bug must not kill the worker or lose the alert
            log.exception("sending alert %s failed unexpectedly", alert.outbox_id)
            await self._apply(alert, Transient(f"{type(exc).__name__}: {exc}"))
            return
        await self.store.write(Store.mark_sent, alert.outbox_id, message_id, self.clock())
        self.sent += 1

    async def _apply(self, alert: Alert, error: DeliveryError) -> None:
        decision = decide(error, alert.attempts, self.clock(), self._rng.random())
        reason = str(error) or type(error).__name__
        if decision.action == "retry" and decision.at is not None:
            await self.store.write(
                Store.mark_retry,
                alert.outbox_id,
                reason,
                decision.at,
                plain=decision.plain,
                count_attempt=decision.count_attempt,
            )
        elif decision.action == "deactivate":
            dropped = await self.store.write(Store.deactivate_chat, alert.chat, reason)
            log.info("chat %s deactivated (%s); %d alerts dropped", alert.chat, reason, dropped)
        elif decision.action == "pause" and decision.at is not None:
            await self.store.write(Store.pause_chat, alert.chat, decision.at, reason)
            log.warning("chat %s paused until %s: %s", alert.chat, decision.at, reason)
        elif decision.action == "migrate" and decision.new_chat_id is not None:
            await self.store.write(
                Store.migrate_chat, alert.chat, decision.new_chat_id, self.clock()
            )
        else:
            self.failed += 1
            await self.store.write(Store.mark_failed, alert.outbox_id, reason)
