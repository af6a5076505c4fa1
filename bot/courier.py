"""The outbox worker with notices: each pass sends the due notices (truce news, digests),
then the due alerts, through the same per-platform Senders, slots and limits.

Notices follow the alerts' rules: a notice stays pending until its platform confirms it
(so a crash re-sends at most the one in flight), one message at a time per chat whether
alert or notice, and every failure handled by the same pure `decide`.
"""

from __future__ import annotations

import asyncio
import logging

from bot.deliverer import IDLE_POLL, ROUND, Deliverer
from bot.delivery import DeliveryError, Transient, decide
from bot.notice import Notice
from storage.store import Store

log = logging.getLogger(__name__)


class Courier(Deliverer):
    notices_sent = 0
    notices_failed = 0

    async def deliver_due(self) -> float:
        """Send every notice and alert that is due now; how long to wait before looking
        again."""
        notices = await self.deliver_notices()
        return min(notices, await super().deliver_due())

    async def deliver_notices(self) -> float:
        while True:
            due = await self.store.read(
                Store.due_notices, self.clock(), ROUND, self._busy, self._transports
            )
            waits = [self._notice_wait(n) for n in due]
            ready = [n for n, w in zip(due, waits, strict=True) if w <= 0]
            if not ready:
                return await self._notice_idle(waits)
            lines: dict[str, list[Notice]] = {}
            for notice in ready:  # each platform in its own line, as alerts are
                lines.setdefault(notice.chat.transport, []).append(notice)
            started = await asyncio.gather(*(self._start_notices(ln) for ln in lines.values()))
            await asyncio.gather(*(task for line in started for task in line))

    async def _notice_idle(self, waits: list[float]) -> float:
        pending = [w for w in waits if w > 0]
        due = await self.store.read(Store.next_notice_time, self._transports)
        until_due = IDLE_POLL if due is None else (due - self.clock()).total_seconds()
        return max(0.01, min([IDLE_POLL, until_due, *pending]))

    def _notice_wait(self, notice: Notice) -> float:
        return self.senders[notice.chat.transport].wait_for(notice.chat.address)

    async def _start_notices(self, notices: list[Notice]) -> list[asyncio.Task[None]]:
        started = [await self._start_notice(n) for n in notices]
        return [task for task in started if task is not None]

    async def _start_notice(self, notice: Notice) -> asyncio.Task[None] | None:
        if notice.chat_id in self._busy or self._notice_wait(notice) > 0:
            return None
        await self._slots[notice.chat.transport].acquire()
        self._busy.add(notice.chat_id)
        task = asyncio.create_task(self._deliver_notice(notice))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _deliver_notice(self, notice: Notice) -> None:
        try:
            await self._attempt_notice(notice)
        finally:
            self._busy.discard(notice.chat_id)
            self._slots[notice.chat.transport].release()
        async with self._recorded:
            self.outcomes += 1
            self._recorded.notify_all()

    async def _attempt_notice(self, notice: Notice) -> None:
        try:
            message_id = await self.senders[notice.chat.transport].send_notice(notice)
        except DeliveryError as exc:
            await self._apply_notice(notice, exc)
            return
        except Exception as exc:  # a transport bug must not kill the worker or lose the notice
            log.exception("sending notice %s failed unexpectedly", notice.notice_id)
            await self._apply_notice(notice, Transient(f"{type(exc).__name__}: {exc}"))
            return
        await self.store.write(Store.mark_notice_sent, notice.notice_id, message_id, self.clock())
        self.notices_sent += 1

    async def _apply_notice(self, notice: Notice, error: DeliveryError) -> None:
        decision = decide(error, notice.attempts, self.clock(), self._rng.random())
        reason = str(error) or type(error).__name__
        if decision.action == "retry" and decision.at is not None:
            await self.store.write(
                Store.mark_notice_retry,
                notice.notice_id,
                reason,
                decision.at,
                plain=decision.plain,
                count_attempt=decision.count_attempt,
            )
        elif decision.action == "deactivate":
            await self.store.write(Store.deactivate_chat, notice.chat, reason)
        elif decision.action == "pause" and decision.at is not None:
            await self.store.write(Store.pause_chat, notice.chat, decision.at, reason)
        elif decision.action == "migrate" and decision.new_chat_id is not None:
            await self.store.write(
                Store.migrate_chat, notice.chat, decision.new_chat_id, self.clock()
            )
        else:
            self.notices_failed += 1
            await self.store.write(Store.mark_notice_failed, notice.notice_id, reason)
