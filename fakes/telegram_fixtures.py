"""pytest fixtures around the fake Telegram Bot API.

Usage::

    async def test_send(fake_telegram, ptb_bot):    # an initialised telegram.Bot
        await ptb_bot.send_message(42, "hello")
        assert fake_telegram.sent[0].text == "hello"
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from fakes.telegram_api import FakeTelegram

# PTB 22 emits PTBDeprecationWarning whenever a time period is read as an int -- and
# RetryAfter's own constructor reads `retry_after`, so under `filterwarnings = error` a
# 429 would surface as a warning instead of RetryAfter. Opting in to the timedelta
# behaviour PTB announces for its next major version avoids that: `retry_after` (and
# every other period) is a datetime.timedelta. setdefault lets a run override it.
os.environ.setdefault("PTB_TIMEDELTA", "true")

# Loopback answers in milliseconds: short timeouts keep a broken test from hanging.
TEST_HTTP_TIMEOUT = 2.0


def build_bot(tg: FakeTelegram, *, token: str | None = None) -> Bot:
    """A bare telegram.Bot talking to the fake; use ``async with`` to initialise it."""

    def request() -> HTTPXRequest:
        t = TEST_HTTP_TIMEOUT
        return HTTPXRequest(connect_timeout=t, read_timeout=t, write_timeout=t, pool_timeout=t)

    return Bot(
        token or tg.token,
        base_url=tg.base_url,
        request=request(),
        get_updates_request=request(),
    )


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    """A started FakeTelegram on 127.0.0.1 with Telegram's limits on."""
    async with FakeTelegram() as tg:
        yield tg


@pytest.fixture
async def ptb_bot(fake_telegram: FakeTelegram) -> AsyncIterator[Bot]:
    """An initialised telegram.Bot (getMe done) talking to `fake_telegram`."""
    async with build_bot(fake_telegram) as bot:
        yield bot
