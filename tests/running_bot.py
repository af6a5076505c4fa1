"""The real bot against the fake Bot API: its settings, and a started instance."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.runner import TelegramBot
from tests.fakes.telegram_api import FakeTelegram


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
async def started_bot(bot: TelegramBot, tg: FakeTelegram) -> AsyncIterator[TelegramBot]:
    """`bot` started, with its long poll parked on the fake; stopped afterwards."""
    await bot.start()
    try:
        await bot.wait_started()
        await tg.wait_for_poller()
        yield bot
    finally:
        await bot.stop()
