"""The outbox worker with notices: each pass sends the due notices (truce news, digests),
then the due alerts, through the same per-platform Senders, slots and limits.

Notices follow the alerts' rules: a notice stays pending until its platform confirms it
(so a crash re-sends at most the one in flight), one message at a time per chat whether
alert or notice, and every failure handled by the same pure `decide`.
"""

from __future__ import annotations

import asyncio
import functools

from bot.deliverer import ROUND, Deliverer, send_outcome
from bot.delivery import DeliveryError, decide
from bot.notice import Notice
from storage.store import Store


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
            waits = [self._wait(n.chat) for n in due]
            ready = [n for n, w in zip(due, waits, strict=True) if w <= 0]
            if not ready:
                return await self._idle_time(waits, Store.next_notice_time)
            await self._send_by_platform(ready, lambda notice: notice.chat, self._start_notice)

    async def _start_notice(self, notice: Notice) -> asyncio.Task[None] | None:
        send = functools.partial(self._attempt_notice, notice)
        return await self._start_for(notice.chat_id, notice.chat, send)

    async def _attempt_notice(self, notice: Notice) -> None:
        sending = self.senders[notice.chat.transport].send_notice(notice)
        message_id, error = await send_outcome(sending, f"notice {notice.notice_id}")
        if error is not None:
            await self._apply_notice(notice, error)
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
        elif not await self._act_on_chat(decision, notice.chat, reason):
            self.notices_failed += 1
            await self.store.write(Store.mark_notice_failed, notice.notice_id, reason)
