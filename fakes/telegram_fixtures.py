"""pytest fixtures around the fake Telegram Bot API server.

Usage::

    async def test_alert(fake_telegram):
        app = build_application(fake_telegram)      # real PTB, pointed at the fake
        app.add_handler(CommandHandler("start", on_start))
        async with polling(app):                    # initialize, start, start_polling
            await fake_telegram.push_message(42, "/start")
            [reply] = await fake_telegram.wait_for_messages(1, chat_id=42)

    async def test_send(fake_telegram, ptb_bot):    # an initialised telegram.Bot
        await ptb_bot.send_message(42, "hello")
        assert fake_telegram.sent[0].text == "hello"
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from telegram import Bot
from telegram.ext import Application, ApplicationBuilder
from telegram.request import HTTPXRequest

from fakes.telegram_api import DEFAULT_TOKEN, FakeTelegram

# PTB 22 emits PTBDeprecationWarning whenever a time period is read as an int -- and
# RetryAfter's own constructor reads `retry_after`, so under `filterwarnings = error` a
# 429 would surface as a warning instead of RetryAfter. Opting in to the timedelta
# behaviour PTB announces for its next major version avoids that: `retry_after` (and
# every other period) is a datetime.timedelta. setdefault lets a run override it.
os.environ.setdefault("PTB_TIMEDELTA", "true")

# Loopback answers in milliseconds: short timeouts keep a broken test from hanging.
TEST_HTTP_TIMEOUT = 2.0
# Seconds a getUpdates long poll may park; Updater.stop() cancels it at once anyway.
TEST_POLL_TIMEOUT = 1


def application_builder(
    tg: FakeTelegram, *, token: str | None = None, http_timeout: float = TEST_HTTP_TIMEOUT
) -> ApplicationBuilder:
    """An ApplicationBuilder aimed at the fake, for further customisation before build()."""
    return (
        ApplicationBuilder()
        .token(token or tg.token)
        .base_url(tg.base_url)
        .base_file_url(tg.base_file_url)
        .connect_timeout(http_timeout)
        .read_timeout(http_timeout)
        .write_timeout(http_timeout)
        .pool_timeout(http_timeout)
        .get_updates_connect_timeout(http_timeout)
        .get_updates_read_timeout(http_timeout)
        .get_updates_write_timeout(http_timeout)
        .get_updates_pool_timeout(http_timeout)
    )


def build_application(
    tg: FakeTelegram, *, token: str | None = None, http_timeout: float = TEST_HTTP_TIMEOUT
) -> Application:
    """A PTB Application talking to the fake (not initialised, not started)."""
    return application_builder(tg, token=token, http_timeout=http_timeout).build()


def build_bot(
    tg: FakeTelegram, *, token: str | None = None, http_timeout: float = TEST_HTTP_TIMEOUT
) -> Bot:
    """A bare telegram.Bot talking to the fake; use ``async with`` to initialise it."""

    def request() -> HTTPXRequest:
        return HTTPXRequest(
            connect_timeout=http_timeout,
            read_timeout=http_timeout,
            write_timeout=http_timeout,
            pool_timeout=http_timeout,
        )

    return Bot(
        token or tg.token,
        base_url=tg.base_url,
        base_file_url=tg.base_file_url,
        request=request(),
        get_updates_request=request(),
    )


@asynccontextmanager
async def polling(
    app: Application, *, poll_timeout: int = TEST_POLL_TIMEOUT
) -> AsyncIterator[Application]:
    """Initialise, start and poll `app`; stop and shut it down on exit."""
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(timeout=poll_timeout, poll_interval=0)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


@pytest.fixture
def ptb_bot_token() -> str:
    """A token of Telegram's shape; the fake accepts only this one."""
    return DEFAULT_TOKEN


@pytest.fixture
async def fake_telegram(ptb_bot_token: str) -> AsyncIterator[FakeTelegram]:
    """A started FakeTelegram on 127.0.0.1 with Telegram's limits on."""
    async with FakeTelegram(token=ptb_bot_token) as tg:
        yield tg


@pytest.fixture
async def ptb_bot(fake_telegram: FakeTelegram) -> AsyncIterator[Bot]:
    """An initialised telegram.Bot (getMe done) talking to `fake_telegram`."""
    async with build_bot(fake_telegram) as bot:
        yield bot
