"""Truces, charts and notices on the real discord.py, against the fake Discord: a chart is
an attachment shown in the reply's embed; truce news is posted in the channels that
follow it, once, with a nonce."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest_asyncio

from bot.app import App
from bot.models import PollSuccess
from bot.pipeline import store_items
from fakes.builders import item
from fakes.discord_api import FakeDiscord
from fakes.discord_model import MANAGER_PERMISSIONS
from storage.store import Store
from tests.demo_db import TITLE, store_demo_async
from tests.running_bot import started_app
from tests.test_discord import discord_settings, shown
from tests.truces.test_tracker import AGREED, at

D, V = "diplomatic_move", "ceasefire_violation"
PNG = b"\x89PNG\r\n\x1a\n"


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest_asyncio.fixture
async def clock() -> Clock:
    return Clock(AGREED - timedelta(hours=1))


@pytest_asyncio.fixture
async def bot(fake_discord: FakeDiscord, tmp_path: Path, clock: Clock) -> AsyncIterator[App]:
    async with started_app(discord_settings(fake_discord, tmp_path / "bot.db"), clock=clock) as app:
        yield app


async def test_truce_detail_carries_its_chart(
    bot: App, fake_discord: FakeDiscord, clock: Clock
) -> None:
    clock.now = datetime(2020, 10, 14, tzinfo=UTC)
    await store_demo_async(bot.store)
    listing = await (await fake_discord.run_command("truce")).reply()
    assert f"**{TITLE}** — violated: 14 violation reports" in shown(listing)
    [truce] = await bot.commands.truces.current()
    interaction = await fake_discord.run_command("truce", {"number": str(truce.id)})
    reply = await interaction.reply()
    [attachment] = reply.attachments
    assert attachment["filename"] == f"truce-{truce.id}.png"
    assert attachment["data"].startswith(PNG)
    [embed] = reply.embeds
    assert embed["image"]["url"] == f"attachment://truce-{truce.id}.png"
    assert "first violation alleged 5 minutes after it took effect" in embed["description"]


async def test_truce_news_is_posted_in_following_channels_once(
    bot: App, fake_discord: FakeDiscord, clock: Clock
) -> None:
    guild = await fake_discord.add_guild("Newsroom", ("truces", "chatter"))
    channel, chatter = (fake_discord.channels[c] for c in guild.channel_ids)
    followed = await fake_discord.run_command(
        "subscribe", {"category": "truces"}, channel=channel, permissions=MANAGER_PERMISSIONS
    )
    assert "Following: **truces**" in shown(await followed.reply())
    source = await bot.store.write(Store.add_source, "http://127.0.0.1:9/w", "Wire", clock())
    later = PollSuccess(None, None, at(9999))
    await bot.store.write(store_items, source.id, [], later, clock())
    news = [
        item("Armenia, Azerbaijan agree truce from noon on Saturday, Lavrov says",
             labels=(D,), published=AGREED),
        item("Armenia accuses Azerbaijan of shelling Stepanakert despite truce @everyone",
             labels=(V,), published=at(2)),
    ]  # fmt: skip
    clock.now = at(3)
    await bot.store.write(store_items, source.id, news, later, clock())
    await bot.notifier.tick()
    await bot.deliverer.wait_outcomes(2, within=20)
    posted = [m for m in fake_discord.messages_in(channel) if m.via == "channel"]
    announced, first = posted
    assert "Truce announced" in shown(announced) and not announced.attachments
    assert "First violation reported" in shown(first) and first.attachments
    assert "@everyone" not in shown(first)  # feed text cannot ping
    assert all(m.payload["nonce"].startswith("twn") for m in posted)
    assert [m for m in fake_discord.messages_in(chatter) if m.via == "channel"] == []
    assert await bot.notifier.tick() == 0


async def test_timeline_chart_option_gives_a_chart(
    bot: App, fake_discord: FakeDiscord, clock: Clock
) -> None:
    clock.now = datetime(2020, 10, 14, tzinfo=UTC)
    await store_demo_async(bot.store)
    options = {"chart": True, "category": "violations", "period": "7d"}
    reply = await (await fake_discord.run_command("timeline", options)).reply()
    [attachment] = reply.attachments
    assert attachment["filename"] == "timeline.png" and attachment["data"].startswith(PNG)
    assert "Timeline: cease-fire violations in the last 7d" in shown(reply)
