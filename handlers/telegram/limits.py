"""Keeping within Telegram's flood limits, for alerts and replies alike: about 30 messages
a second overall, 1 a second per private chat, 20 a minute per group (`handlers.pacing`).
A 429 pauses sending for as long as Telegram asks.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter, BaseUpdateProcessor

from handlers.pacing import MARGIN, Pacer

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
JSONish = bool | dict[str, Any] | list[dict[str, Any]]
__all__ = ["MARGIN", "FloodLimiter", "PerUserUpdates", "retry_seconds"]


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
        private_period = 1 / (private * MARGIN)
        group_period = 60 / (group_per_minute * MARGIN)
        # Telegram's ids: private chats are positive, groups and channels negative.
        self.pacer = Pacer(
            overall, lambda chat: private_period if chat > 0 else group_period, "Telegram"
        )
        self._max_retries = max_retries

    @property
    def retry_afters(self) -> int:
        return self.pacer.pauses

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    def wait_for(self, chat_id: int) -> float:
        """Seconds before `chat_id` may get a message (0 when it may now)."""
        return self.pacer.wait_for(chat_id)

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
            await self.pacer.acquire(chat_id)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                self.pacer.pause(retry_seconds(exc))
                if attempt == retries:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover


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
