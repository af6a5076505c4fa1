"""pytest fixtures around the fake Discord, and a way to run the real discord.py against it.

Usage::

    async def test_echo(fake_discord):              # discord.py already points at the fake
        client = discord.Client(intents=discord.Intents(guilds=True))
        tree = discord.app_commands.CommandTree(client)
        ...                                          # register commands on `tree`
        async with running(client, fake_discord):   # login, connect, READY; close on exit
            await tree.sync()
            interaction = await fake_discord.run_command("echo", {"text": "hi"})
            assert (await interaction.reply()).content == "hi"
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import discord
import pytest
import yarl

from fakes.discord_api import FakeDiscord

# Loopback answers in milliseconds: a broken test fails fast instead of hanging.
READY_WITHIN = 10.0


def discord_env(fake: FakeDiscord) -> dict[str, str]:
    """The settings the Discord transport reads, aimed at `fake`."""
    return {
        "DISCORD_BOT_TOKEN": fake.token,
        "DISCORD_API_URL": fake.api_url,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
    }


def point_discord_at(fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch) -> None:
    """Set the environment, and discord.py's two endpoints the way the transport maps them.

    DISCORD_API_URL becomes ``discord.http.Route.BASE`` as is (it ends in /api/v10);
    DISCORD_GATEWAY_URL becomes ``DiscordWebSocket.DEFAULT_GATEWAY`` as a yarl.URL, to
    which discord.py adds ?v=10&encoding=json&compress=zlib-stream itself.
    """
    env = discord_env(fake)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(discord.http.Route, "BASE", env["DISCORD_API_URL"])
    gateway = yarl.URL(env["DISCORD_GATEWAY_URL"])
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", gateway)


@asynccontextmanager
async def running(client: discord.Client, fake: FakeDiscord) -> AsyncIterator[discord.Client]:
    """Log in, connect as a task (never client.run) and wait for READY; close on exit.

    Build the client with a short ``guild_ready_timeout`` (say 0.1): discord.py waits that
    long after the last GUILD_CREATE before it fires on_ready.
    """
    await client.login(fake.token)
    connecting = asyncio.create_task(client.connect(), name="discord-connect")
    ready = asyncio.create_task(client.wait_until_ready())
    await asyncio.wait(
        {connecting, ready}, timeout=READY_WITHIN, return_when=asyncio.FIRST_COMPLETED
    )
    try:
        if not ready.done():
            raise RuntimeError("discord.py did not become ready") from _failure(connecting)
        yield client
    finally:
        ready.cancel()
        await client.close()
        await connecting  # returns once the gateway is closed; raises what went wrong


def _failure(task: asyncio.Task[None]) -> BaseException | None:
    return task.exception() if task.done() else None


@pytest.fixture
async def fake_discord(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    """A started FakeDiscord with discord.py (and the DISCORD_* settings) aimed at it."""
    async with FakeDiscord() as fake:
        point_discord_at(fake, monkeypatch)
        yield fake
    assert fake.errors == [], "the fake itself failed"
