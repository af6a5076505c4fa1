"""The outbox worker: fans new stories out to their followers in small steps, and sends
what is due through each chat's transport, at least once.

An alert stays 'pending' in the outbox until the transport confirms it, so a crash at any
moment loses nothing; with one message in flight per platform (the default) a crash
re-sends at most that one. Chats are served round-robin, least recently served first, so
one busy chat cannot starve the rest; what one message carries is decided by the pure
`bot.delivery.compose`, what to do after a failure by `bot.delivery.decide`.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import random
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import TypeVar

from bot.delivery import (
    Batch,
    DeliveryError,
    SendDecision,
    Sender,
    Transient,
    compose,
    decide,
)
from bot.match import PUBLISH_GRACE
from bot.models import ChatRef
from storage.store import StorageError, Store
from storage.threads import AsyncStore

log = logging.getLogger(__name__)

#: How often the worker looks at the outbox when nobody wakes it (another process may enqueue).
IDLE_POLL = 2.0
#: Chats taken per round, and alerts one message may carry at most.
ROUND = 200
MAX_BATCH = 50
#: Subscriptions fanned out per step: each step is one short write transaction.
EXPAND_STEP = 500
LIST_AFTER = timedelta(seconds=60)
SUMMARY_AFTER = timedelta(hours=2)
T = TypeVar("T")
#: Seconds a stopping bot gives the sends in flight to finish and be recorded.
SETTLE_SECONDS = 10.0


class Deliverer:
    def __init__(
        self,
        store: AsyncStore,
        senders: Mapping[str, Sender],
        clock: Callable[[], datetime],
        *,
        concurrency: int = 1,
        rng: random.Random | None = None,
        list_after: timedelta = LIST_AFTER,
        summary_after: timedelta = SUMMARY_AFTER,
    ) -> None:
        self.store, self.senders, self.clock = store, dict(senders), clock
        self.list_after, self.summary_after = list_after, summary_after
        self._transports = tuple(self.senders)
        # One message in flight per platform (by default): a crash re-sends at most that
        # one per platform, and a slow platform never holds up the other.
        self._slots = {name: asyncio.Semaphore(concurrency) for name in senders}
        self._busy: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._wake, self._fanout = asyncio.Event(), asyncio.Event()
        self._rng = rng or random.Random()
        self._recorded = asyncio.Condition()
        self.sent = self.failed = self.outcomes = 0

    def wake(self) -> None:
        """Something new may be due: new alerts, or stories to fan out."""
        self._wake.set()
        self._fanout.set()

    async def run(self) -> None:
        """Fan out and deliver forever; storage trouble pauses delivery instead of ending it."""
        expanding = asyncio.create_task(self.expand_forever(), name="fan-out")
        expanding.add_done_callback(lambda _: self._wake.set())
        try:
            while True:
                self._wake.clear()  # before looking: a wake while we look is not lost
                await _sleep(self._wake, await self._deliver_or_pause())
                if expanding.done():
                    # stories would stop reaching their followers: end with the fan-out's
                    # error, which /healthz then reports for the outbox worker
                    expanding.result()
        finally:
            expanding.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await expanding

    async def _deliver_or_pause(self) -> float:
        try:
            return await self.deliver_due()
        except StorageError as exc:
            log.error("delivery paused: %s", exc)
            return 30.0

    # --- fan-out ----------------------------------------------------------------------------

    async def expand_forever(self) -> None:
        while True:
            self._fanout.clear()
            try:
                looked = await self.expand_step()
            except StorageError as exc:
                log.error("fan-out paused: %s", exc)
                looked = 0
            if not looked:
                await _sleep(self._fanout, IDLE_POLL)

    async def expand_step(self) -> int:
        """One short transaction of fan-out; returns how many subscriptions it looked at."""
        looked, queued = await self.store.write_bulk(
            Store.expand_fanouts, self.clock(), EXPAND_STEP, PUBLISH_GRACE
        )
        if queued:
            self._wake.set()
        return looked

    async def expand_all(self) -> None:
        """Fan out everything waiting (for `run --once`, tests and benchmarks)."""
        while await self.expand_step():
            pass

    # --- delivery ---------------------------------------------------------------------------

    async def deliver_due(self) -> float:
        """Send to every chat with something due now; return how long to wait before
        looking again."""
        while True:
            chats = await self.store.read(
                Store.due_chats, self.clock(), ROUND, self._busy, self._transports
            )
            waits = [self._wait(ref) for _, ref in chats]
            ready = [c for c, w in zip(chats, waits, strict=True) if w <= 0]
            if not ready:
                return await self._idle_time(waits)
            await self._send_by_platform(ready, lambda chat: chat[1], self._start_chat)

    async def _send_by_platform(
        self,
        ready: Sequence[T],
        chat_of: Callable[[T], ChatRef],
        start: Callable[[T], Awaitable[asyncio.Task[None] | None]],
    ) -> None:
        """Start a send for each of `ready` (alerts' chats, or notices) and wait for them.
        Each platform's start in a line of their own, so one platform's pace never holds
        up another's."""
        lines: dict[str, list[T]] = {}
        for one in ready:
            lines.setdefault(chat_of(one).transport, []).append(one)
        started = await asyncio.gather(*(_start_line(line, start) for line in lines.values()))
        await finished(started)

    async def _idle_time(
        self,
        waits: list[float],
        next_due: Callable[[Store, Sequence[str]], datetime | None] = Store.next_alert_time,
    ) -> float:
        """How long to sleep: until a busy chat may get a message, or the next one falls due
        (`next_due`: of the alerts, or of the notices), but at most IDLE_POLL."""
        pending = [w for w in waits if w > 0]
        due = await self.store.read(next_due, self._transports)
        until_due = IDLE_POLL if due is None else (due - self.clock()).total_seconds()
        return max(0.01, min([IDLE_POLL, until_due, *pending]))

    def _wait(self, chat: ChatRef) -> float:
        return self.senders[chat.transport].wait_for(chat.address)

    async def _start_chat(self, chat: tuple[int, ChatRef]) -> asyncio.Task[None] | None:
        chat_id, ref = chat
        return await self._start_for(chat_id, ref, functools.partial(self._serve, chat_id))

    async def _start_for(
        self, chat_id: int, ref: ChatRef, send: Callable[[], Awaitable[None]]
    ) -> asyncio.Task[None] | None:
        """Run `send` (an alert's or a notice's) in a task of its own once the chat is free
        and its platform has a slot: one message in flight per chat, whatever it carries."""
        if chat_id in self._busy or self._wait(ref) > 0:
            return None
        await self._slots[ref.transport].acquire()
        self._busy.add(chat_id)
        task = asyncio.create_task(self._then_free(chat_id, ref, send))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _then_free(
        self, chat_id: int, ref: ChatRef, send: Callable[[], Awaitable[None]]
    ) -> None:
        try:
            await send()
        finally:
            self._busy.discard(chat_id)
            self._slots[ref.transport].release()
        async with self._recorded:
            self.outcomes += 1
            self._recorded.notify_all()

    async def _serve(self, chat_id: int) -> None:
        alerts = await self.store.read(Store.waiting_alerts, chat_id, self.clock(), MAX_BATCH)
        if alerts:
            batch = compose(alerts, self.clock(), self.list_after, self.summary_after)
            await self._attempt(batch)

    async def settle(self, within: float = SETTLE_SECONDS) -> None:
        """For a stopping bot, once `run` is cancelled: let the sends in flight finish and
        record their outcome, so a message the platform accepted is marked sent rather than
        sent again after the restart; any still running after `within` seconds is cancelled
        (at most that one per platform is sent again, as after a crash)."""
        if not self._tasks:
            return
        _, late = await asyncio.wait(set(self._tasks), timeout=within)
        for task in late:
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)

    async def wait_outcomes(self, count: int, within: float = 10.0) -> None:
        """Until `count` send attempts have had their outcome recorded (for tests and demos)."""
        async with self._recorded:
            async with asyncio.timeout(within):
                await self._recorded.wait_for(lambda: self.outcomes >= count)

    async def _attempt(self, batch: Batch) -> None:
        sending = self.senders[batch.chat.transport].send(batch)
        message_id, error = await send_outcome(sending, f"to {batch.chat}")
        if error is not None:
            await self._apply(batch, error)
            return
        await self.store.write(Store.mark_sent, batch.ids, message_id, self.clock())
        self.sent += len(batch.alerts)

    async def _apply(self, batch: Batch, error: DeliveryError) -> None:
        decision = decide(error, batch.alerts[0].attempts, self.clock(), self._rng.random())
        reason = str(error) or type(error).__name__
        if decision.action == "retry" and decision.at is not None:
            await self.store.write(
                Store.mark_retry,
                batch.ids,
                reason,
                decision.at,
                plain=decision.plain,
                count_attempt=decision.count_attempt,
            )
        elif not await self._act_on_chat(decision, batch.chat, reason):
            self.failed += len(batch.alerts)
            await self.store.write(Store.mark_failed, batch.ids, reason)

    async def _act_on_chat(self, decision: SendDecision, chat: ChatRef, reason: str) -> bool:
        """Carry out a decision about the chat itself (gone, paused, moved), whatever the
        message was; False when the decision is about the message."""
        if decision.action == "deactivate":
            dropped = await self.store.write(Store.deactivate_chat, chat, reason)
            log.info("chat %s deactivated (%s); %d alerts dropped", chat, reason, dropped)
        elif decision.action == "pause" and decision.at is not None:
            await self.store.write(Store.pause_chat, chat, decision.at, reason)
            log.warning("chat %s paused until %s: %s", chat, decision.at, reason)
        elif decision.action == "migrate" and decision.new_chat_id is not None:
            await self.store.write(Store.migrate_chat, chat, decision.new_chat_id, self.clock())
        else:
            return False
        return True


async def _start_line(
    line: Sequence[T], start: Callable[[T], Awaitable[asyncio.Task[None] | None]]
) -> list[asyncio.Task[None]]:
    """One platform's sends, started one after another (each may wait for a slot)."""
    started = [await start(one) for one in line]
    return [task for task in started if task is not None]


async def finished(started: Sequence[Sequence[asyncio.Task[None]]]) -> None:
    """Until the sends started are done, raising the first error among them. Not gather:
    a stopping worker is cancelled here, and its sends in flight must go on to finish and
    be recorded (`Deliverer.settle`)."""
    tasks = [task for line in started for task in line]
    if tasks:
        await asyncio.wait(tasks)
    for task in tasks:
        task.result()


async def send_outcome(
    sending: Awaitable[int | None], what: str
) -> tuple[int | None, DeliveryError | None]:
    """The platform's message id, or the error to decide on: a transport bug becomes a
    transient error, so it neither kills the worker nor loses the message."""
    try:
        return await sending, None
    except DeliveryError as exc:
        return None, exc
    except Exception as exc:
        log.exception("sending %s failed unexpectedly", what)
        return None, Transient(f"{type(exc).__name__}: {exc}")


async def _sleep(wake: asyncio.Event, seconds: float) -> None:
    """Until `wake` is set (it may be already) or `seconds` pass."""
    # asyncio.timeout, not wait_for: on Python 3.11 wait_for swallows a cancellation
    # that arrives as the event is set, and the worker would then never stop.
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await wake.wait()
