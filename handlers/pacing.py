"""Pacing sends within a chat platform's limits: each chat's messages spaced evenly, a cap
for all chats together, and a pause for everyone when the platform says "slow down".

The buckets are aiolimiter's. Each chat's bucket holds a single message, so its messages
are spaced evenly; the overall bucket holds one and a half, so a send that starts a few
milliseconds late is caught up on the next one instead of lost, while no one-second
window gets more than the overall rate.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable

from aiolimiter import AsyncLimiter

log = logging.getLogger(__name__)

#: Stay this far under each published limit: clocks and networks are not exact.
MARGIN = 0.95
OVERALL_BURST = 1.5
_MAX_BUCKETS = 10_000


class Pacer:
    def __init__(self, overall: float, period_of: Callable[[int], float], name: str) -> None:
        """`overall` messages a second at most; chat `c` gets one every `period_of(c)` s."""
        self._overall = AsyncLimiter(OVERALL_BURST, OVERALL_BURST / (overall * MARGIN))
        self._period_of = period_of
        self._chats: OrderedDict[int, AsyncLimiter] = OrderedDict()
        self._paused_until = 0.0
        self.name = name
        self.pauses = 0

    def wait_for(self, chat: int) -> float:
        """Seconds before `chat` may get a message (0 when it may now)."""
        pause = max(0.0, self._paused_until - time.monotonic())
        bucket = self._chats.get(chat)
        busy = bucket is not None and not bucket.has_capacity()
        return max(pause, self._period_of(chat) / 2 if busy else 0.0)

    async def acquire(self, chat: int | None) -> None:
        """Wait for the chat's turn and the overall one (`None`: a call sending nothing)."""
        # A timed pause that a later 429 may extend, so it is re-read after each sleep.
        while (pause := self._paused_until - time.monotonic()) > 0:  # noqa: ASYNC110
            await asyncio.sleep(pause)
        if chat is not None:
            await self._bucket(chat).acquire()
            await self._overall.acquire()

    def pause(self, seconds: float) -> None:
        self.pauses += 1
        log.warning("%s asked to slow down: pausing sends for %.1f s", self.name, seconds)
        self._paused_until = max(self._paused_until, time.monotonic() + seconds)

    def _bucket(self, chat: int) -> AsyncLimiter:
        bucket = self._chats.pop(chat, None) or AsyncLimiter(1, self._period_of(chat))
        self._chats[chat] = bucket
        if len(self._chats) > _MAX_BUCKETS:
            self._chats.popitem(last=False)  # least recently used; idle long enough to be full
        return bucket
