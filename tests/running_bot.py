"""The real bot against the fake Bot API: its settings, and a started instance."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.app import App, build_app, utc_now
from bot.config import Settings
from fakes.telegram_api import FakeTelegram


def telegram_settings(tg: FakeTelegram, db_path: Path, **changes: Any) -> Settings:
    """Settings that point the bot at `tg`, parsing on a thread; `changes` override."""
    base = Settings(
        telegram_token=tg.token,
        telegram_api_url=tg.base_url,
        db_path=db_path,
        parse_workers=0,
    )
    return replace(base, **changes)


@asynccontextmanager
async def started_bot(
    settings: Settings, tg: FakeTelegram, *, clock: Callable[[], datetime] = utc_now
) -> AsyncIterator[App]:
    """The bot as `trucewatch run` composes it, started, with its long poll parked on the
    fake; stopped afterwards."""
    app = await build_app(settings, clock=clock)
    async with running(app, tg):
        yield app


@asynccontextmanager
async def started_app(
    settings: Settings, *, clock: Callable[[], datetime] = utc_now
) -> AsyncIterator[App]:
    """The bot composed from `settings` and started, its transports ready (Discord's
    gateway session open, say); stopped afterwards."""
    app = await build_app(settings, clock=clock)
    app.start()
    try:
        await app.wait_started()
        yield app
    finally:
        await app.stop()


@asynccontextmanager
async def running(app: App, tg: FakeTelegram) -> AsyncIterator[App]:
    """An already built `app` started, with its long poll parked on the fake; stopped
    afterwards."""
    app.start()
    try:
        await app.wait_started()
        await tg.wait_for_poller()
        yield app
    finally:
        await app.stop()
