"""Keeping within Telegram's flood limits, for alerts and replies alike.

Limits come from aiolimiter: about 30 messages a second overall, 1 a second per
private chat, 20 a minute per group. Each chat's bucket holds a single message, so
its messages are spaced evenly; the overall bucket holds one and a half, so a send
that starts a few milliseconds late is caught up on the next one instead of lost,
and still no one-second window gets more than 29 of Telegram's 30.
A 429 pauses sending for as long as Telegram asks.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from aiolimiter import AsyncLimiter
from telegram import Update
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter, BaseUpdateProcessor

log = logging.getLogger(__name__)

#: Sending methods that count against the flood limits.
SENDING = frozenset(
    {
        "sendMessage",
        "editMessageText",
        "editMessageReplyMarkup",
        "sendPhoto",
        "sendDocument",
        "copyMessage",
        "forwardMessage",
        "sendChatAction",
    }
)
#: Stay this far under each published limit: clocks and networks are not exact.
MARGIN = 0.95
_MAX_BUCKETS = 10_000
OVERALL_BURST = 1.5
JSONish = bool | dict[str, Any] | list[dict[str, Any]]


def retry_seconds(exc: RetryAfter) -> float:
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class FloodLimiter(BaseRateLimiter[dict[str, Any]]):
    """PTB rate limiter. `rate_limit_args={"max_retries": n}` per call (default 5)."""

    def __init__(
        self,
        overall: float = 30.0,
        private: float = 1.0,
        group_per_minute: float = 20.0,
        max_retries: int = 5,
    ) -> None:
        # Half a message of slack lets a send that woke a little late catch up, so the
        # average stays at the rate; still at most 29 in any one-second window.
        self._overall = AsyncLimiter(OVERALL_BURST, OVERALL_BURST / (overall * MARGIN))
        self._private_period = 1 / (private * MARGIN)
        self._group_period = 60 / (group_per_minute * MARGIN)
        self._chats: OrderedDict[int, AsyncLimiter] = OrderedDict()
        self._paused_until = 0.0
        self._max_retries = max_retries
        self.retry_afters = 0

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    def wait_for(self, chat_id: int) -> float:
        """Seconds before `chat_id` may get a message (0 when it may now)."""
        pause = max(0.0, self._paused_until - time.monotonic())
        bucket = self._chats.get(chat_id)
        busy = bucket is not None and not bucket.has_capacity()
        return max(pause, self._period(chat_id) / 2 if busy else 0.0)

    def _period(self, chat_id: int) -> float:
        return self._private_period if chat_id > 0 else self._group_period

    def _bucket(self, chat_id: int) -> AsyncLimiter:
        bucket = self._chats.pop(chat_id, None) or AsyncLimiter(1, self._period(chat_id))
        self._chats[chat_id] = bucket
        if len(self._chats) > _MAX_BUCKETS:
            self._chats.popitem(last=False)  # least recently used; idle long enough to be full
        return bucket

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONish]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict[str, Any] | None,
    ) -> JSONish:
        retries = (rate_limit_args or {}).get("max_retries", self._max_retries)
        chat_id = _chat_id(data) if endpoint in SENDING else None
        for attempt in range(retries + 1):
            await self._acquire(chat_id)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                self._pause(retry_seconds(exc))
                if attempt == retries:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    async def _acquire(self, chat_id: int | None) -> None:
        # A timed pause that a later 429 may extend, so it is re-read after each sleep.
        while (pause := self._paused_until - time.monotonic()) > 0:  # noqa: ASYNC110
            await asyncio.sleep(pause)
        if chat_id is not None:
            await self._bucket(chat_id).acquire()
            await self._overall.acquire()

    def _pause(self, seconds: float) -> None:
        self.retry_afters += 1
        log.warning("Telegram asked to slow down: pausing sends for %.1f s", seconds)
        self._paused_until = max(self._paused_until, time.monotonic() + seconds)


def _chat_id(data: dict[str, Any]) -> int | None:
    try:
        return int(data["chat_id"])
    except (KeyError, TypeError, ValueError):
        return None


class PerUserUpdates(BaseUpdateProcessor):
    """Each user's updates run one at a time, different users in parallel; a user with
    too many waiting has the excess dropped, so a flood costs only the flooder."""

    def __init__(
        self,
        max_concurrent: int = 512,
        max_waiting: int = 30,
        on_drop: Callable[[Update], None] = lambda update: None,
    ) -> None:
        super().__init__(max_concurrent)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}
        self._max_waiting = max_waiting
        self.on_drop = on_drop
        self.dropped = 0
        self.closing = False

    async def do_process_update(self, update: object, coroutine: Any) -> None:
        key = _sender_key(update)
        if self._waiting.get(key, 0) >= self._max_waiting:
            self.dropped += 1
            coroutine.close()
            if isinstance(update, Update):
                self.on_drop(update)
            return
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with self._locks.setdefault(key, asyncio.Lock()):
                if self.closing:  # stopping: a backlog is not worth keeping shutdown waiting
                    coroutine.close()
                    return
                await coroutine
        finally:
            self._release(key)

    def _release(self, key: int) -> None:
        self._waiting[key] -= 1
        if not self._waiting[key]:
            del self._waiting[key]
            self._locks.pop(key, None)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def _sender_key(update: object) -> int:
    if isinstance(update, Update):
        if update.effective_user is not None:
            return update.effective_user.id
        if update.effective_chat is not None:
            return update.effective_chat.id
    return 0
