"""The Telegram transport: the PTB application, its flood limits, the chat front end and
the alert Sender, started and stopped as one."""

from __future__ import annotations

from telegram.ext import Application, ApplicationBuilder

from bot.config import Settings
from handlers.commands import Commands
from handlers.telegram.frontend import TRANSPORT, TelegramFrontend, TelegramSender
from handlers.telegram.limits import FloodLimiter, PerUserUpdates
from storage.threads import AsyncStore

#: Telegram's limit for paid broadcasts, messages a second in all.
PAID_PER_SECOND = 1000.0


def build_application(
    settings: Settings, limiter: FloodLimiter, updates: PerUserUpdates
) -> Application:  # type: ignore[type-arg]
    assert settings.telegram_token is not None
    return (
        ApplicationBuilder()
        .token(settings.telegram_token)
        .base_url(settings.telegram_api_url)
        .base_file_url(settings.telegram_api_url.replace("/bot", "/file/bot"))
        .rate_limiter(limiter)
        .concurrent_updates(updates)
        .connect_timeout(10)
        .read_timeout(15)
        .write_timeout(15)
        .get_updates_read_timeout(40)
        .build()
    )


class TelegramTransport:
    name = TRANSPORT

    def __init__(self, settings: Settings, store: AsyncStore, commands: Commands) -> None:
        overall = PAID_PER_SECOND if settings.paid_broadcast else settings.rate_overall
        self.limiter = FloodLimiter(overall, settings.rate_private, settings.rate_group_per_minute)
        updates = PerUserUpdates()
        self.app = build_application(settings, self.limiter, updates)
        self.sender = TelegramSender(self.app, self.limiter, paid_broadcast=settings.paid_broadcast)
        self.frontend = TelegramFrontend(self.app, commands, store, settings.admins)
        updates.on_drop = self.frontend.flood_notice

    async def start(self) -> None:
        """Connect (retrying while Telegram is unreachable), register the command menu and
        start the long poll. Raises if Telegram refuses us for good (a rejected token)."""
        await self.frontend.start()

    async def stop(self) -> None:
        await self.frontend.stop()

    async def open(self) -> None:
        """Enough to send alerts, without receiving updates (`run --once`)."""
        await self.app.initialize()

    async def close(self) -> None:
        await self.app.shutdown()
