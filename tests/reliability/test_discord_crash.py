"""The bot as a child process on Discord, killed with SIGKILL in the middle of a fan-out
and started again: every channel gets its alert, none twice (the nonce makes the send
that was in flight when it died return the message Discord already has)."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.match import parse_query
from bot.models import ChatRef, PollSuccess
from bot.pipeline import store_items
from fakes.builders import item
from fakes.discord_api import FakeDiscord
from fakes.discord_fixtures import discord_env
from storage.store import Store
from tests.command_line import ROOT, cli_env
from tests.reliability.helpers import wait_until

CHANNELS = 30


def prepare(db: Path, channels: list[int]) -> None:
    """Channels that follow violations, and one violation story queued for all of them."""
    now = datetime.now(UTC)
    store = Store(str(db))
    try:
        with store.db.atomic():
            for channel in channels:
                ref = ChatRef("discord", channel)
                store.ensure_chat(ref, "group", None, now - timedelta(hours=1))
                store.add_subscription(
                    ref, parse_query("violations"), now - timedelta(hours=1), max_per_chat=5
                )
        later = now + timedelta(days=1)
        source = store.add_source("http://127.0.0.1:9/wire", "Wire", later)
        store.record_not_modified(source.id, PollSuccess(None, None, later), now)
        story = item(
            "Truce broken near Ganja", "Shelling", labels=("ceasefire_violation",), published=now
        )
        report = store_items(store, source.id, [story], PollSuccess(None, None, later), now)
        assert report.alerts == len(channels)
    finally:
        store.close()


async def start_bot(fake: FakeDiscord, db: Path) -> asyncio.subprocess.Process:
    env = cli_env(**discord_env(fake), TRUCEWATCH_DB=str(db), TRUCEWATCH_POLL_SECONDS="3600")
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )


def alerts(fake: FakeDiscord) -> list[int]:
    return [m.channel_id for m in fake.sent if m.via == "channel"]


async def test_kill_9_mid_fan_out_loses_nothing_and_resends_nothing(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    guild = await fake_discord.add_guild("Newsroom", tuple(f"c{n}" for n in range(CHANNELS)))
    db = tmp_path / "bot.db"
    prepare(db, guild.channel_ids)
    first = await start_bot(fake_discord, db)
    try:
        await fake_discord.wait_for(lambda: len(alerts(fake_discord)) >= 8, within=60)
    finally:
        first.kill()  # SIGKILL: no clean-up of any kind
        await first.wait()
    killed_after = len(alerts(fake_discord))
    assert killed_after < CHANNELS, "the fan-out finished before the kill"
    second = await start_bot(fake_discord, db)
    try:
        await fake_discord.wait_for(lambda: len(alerts(fake_discord)) >= CHANNELS, within=60)
        # The send in flight at the kill is owed again (the database knows, not Discord):
        # once it is done, its nonce must have kept it from posting twice.
        await asyncio.to_thread(wait_until, lambda: queued(db) == 0, 60, what="empty outbox")
    finally:
        second.terminate()
        await second.wait()
    assert sorted(alerts(fake_discord)) == sorted(guild.channel_ids)  # each once
    store = Store(str(db))
    try:
        assert store.stats()["sent"] == CHANNELS
    finally:
        store.close()


def queued(db: Path) -> int:
    store = Store(str(db))
    try:
        return store.stats()["queued"]
    finally:
        store.close()
