"""The Discord transport: a discord.py client started inside our event loop (login, then
connect as a task; never `client.run`), with only the guilds intent and no mentions
allowed, its slash commands, and the alert Sender."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import discord
import yarl

from bot.config import Settings
from handlers.commands import Commands
from handlers.discord.frontend import TRANSPORT, DiscordFrontend
from handlers.discord.sender import DiscordSender
from storage.threads import AsyncStore

log = logging.getLogger(__name__)
#: A rate limit longer than this is not waited out inside discord.py: the outbox keeps
#: the alert and tries again later, and other chats go on.
MAX_RATE_LIMIT_WAIT = 30.0
READY_WITHIN = 60.0


def point_at(settings: Settings) -> None:
    """discord.py reads its REST base and gateway from two class attributes."""
    discord.http.Route.BASE = settings.discord_api_url.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


def build_client() -> discord.Client:
    return discord.Client(
        intents=discord.Intents(guilds=True),
        allowed_mentions=discord.AllowedMentions.none(),
        max_ratelimit_timeout=MAX_RATE_LIMIT_WAIT,
        guild_ready_timeout=0.5,
    )


class DiscordTransport:
    name = TRANSPORT

    def __init__(self, settings: Settings, store: AsyncStore, commands: Commands) -> None:
        assert settings.discord_token is not None
        point_at(settings)
        self.token = settings.discord_token
        self.client = build_client()
        self.sender = DiscordSender(self.client)
        self.frontend = DiscordFrontend(self.client, commands, store, settings.discord_admins)
        self._connection: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Log in (raises on a rejected token), sync the commands if they changed, and
        stay connected to the gateway in the background; returns once ready."""
        await self.open()
        await self.frontend.sync_if_changed()
        self._connection = asyncio.create_task(self.client.connect(), name="discord-gateway")
        ready = asyncio.create_task(self.client.wait_until_ready())
        await asyncio.wait(
            {self._connection, ready}, timeout=READY_WITHIN, return_when=asyncio.FIRST_COMPLETED
        )
        if self._connection.done():
            ready.cancel()
            self._connection.result()  # raises what ended the connection
        elif not ready.done():
            ready.cancel()
            log.warning("Discord gateway not ready after %.0f s; still trying", READY_WITHIN)

    async def stop(self) -> None:
        await self.client.close()
        if self._connection is not None:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await self._connection

    async def open(self) -> None:
        """Enough to send alerts, without the gateway (`run --once`)."""
        if not self.client.is_ready() and self.client.user is None:
            await self.client.login(self.token)

    async def close(self) -> None:
        await self.client.close()
