"""The whole bot on the real discord.py, against the fake Discord on loopback: slash
commands as users, permissions, alerts as embeds at Discord's limits, and the failures a
channel can have."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import discord
import pytest
import pytest_asyncio

from bot.app import App, build_app
from bot.config import Settings
from bot.models import ChatRef, PollSuccess
from bot.pipeline import store_items
from fakes.builders import T0, item, subscribe
from fakes.discord_api import FakeDiscord
from fakes.discord_model import MANAGER_PERMISSIONS, Channel, Message
from fakes.feed_site import FeedSite, make_entries
from fakes.telegram_api import FakeTelegram
from handlers.commands import Commands
from handlers.discord.frontend import DiscordFrontend
from handlers.discord.render import DISCORD
from storage.store import Store
from storage.threads import AsyncStore
from tests.running_bot import started_app

V = "ceasefire_violation"


def discord_settings(fake: FakeDiscord, db: Path, **changes: object) -> Settings:
    base = {
        "discord_token": fake.token,
        "discord_api_url": fake.api_url,
        "discord_gateway_url": fake.gateway_url,
        "db_path": db,
        "parse_workers": 0,
        "poll_seconds": 3600.0,
        "discord_admins": frozenset({fake.owner.id}),
    }
    return Settings(**(base | changes))  # type: ignore[arg-type]


@pytest_asyncio.fixture
async def bot(fake_discord: FakeDiscord, tmp_path: Path) -> AsyncIterator[App]:
    async with started_app(discord_settings(fake_discord, tmp_path / "bot.db")) as app:
        yield app


def shown(message: Message) -> str:
    """What a reader sees of a reply: its content, or its embed's description."""
    return message.content or "\n".join(e.get("description", "") for e in message.embeds)


async def ask(fake: FakeDiscord, name: str, options: dict | None = None, **context) -> str:
    interaction = await fake.run_command(name, options or {}, **context)
    return shown(await interaction.reply())


def manager() -> dict:
    return {"permissions": MANAGER_PERMISSIONS}


async def follow(fake: FakeDiscord, query: str, channel: Channel | None = None) -> None:
    where = {"channel": channel} if channel else {}
    reply = await ask(fake, "subscribe", {"query": query}, **manager(), **where)
    assert "Following" in reply, reply


async def alerts_in(fake: FakeDiscord, channel: Channel, count: int = 1) -> list[Message]:
    """The first `count` alerts posted in `channel` (replies to commands left out)."""

    def posted() -> list[Message]:
        return [m for m in fake.messages_in(channel) if m.via == "channel"]

    await fake.wait_for(lambda: len(posted()) >= count, within=20)
    return posted()


async def queue_story(app: App, title: str, summary: str = "Shelling resumed overnight") -> None:
    """A violation story stored as a poll would store it, alerting its followers."""
    await queue_stories(app, [(title, summary)])


async def queue_stories(app: App, stories: list[tuple[str, str]]) -> None:
    """Violation stories stored in one poll (one transaction), alerting their followers."""
    now = app.clock()
    later = now + timedelta(days=1)
    source = await app.store.write(
        Store.add_source, f"http://127.0.0.1:9/{abs(hash(stories[0][0]))}", "Wire <@&1>", later
    )
    await app.store.write(Store.record_not_modified, source.id, PollSuccess(None, None, later), T0)
    items = [
        item(title, summary, labels=(V,), published=now, url=f"https://wire.example/{n}?b=1")
        for n, (title, summary) in enumerate(stories)
    ]
    await app.store.write(store_items, source.id, items, PollSuccess(None, None, later), now)
    app.deliverer.wake()


# --- commands ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "options", "expected"),
    [
        ("start", {}, "TruceWatch"),
        ("help", {}, "/timeline"),
        ("subscriptions", {}, "follows nothing yet"),
        ("timeline", {"query": "7d"}, "Nothing reports"),
        ("timeline", {"query": "99999d"}, "too long a period"),
        ("timeline", {"category": "casualties", "period": "24h"}, "Nothing casualty reports"),
        ("sources", {}, "No news feeds"),
        ("search", {"words": "Ganja"}, "No stored report mentions Ganja"),
        ("unsubscribe", {"query": "all"}, "who may manage this server"),
        ("stats", {}, "administrators only"),
        ("addsource", {"feed": "https://example.org/rss"}, "administrators only"),
        ("removesource", {"feed": "1"}, "administrators only"),
    ],
)
async def test_every_reading_command_answers(
    bot: App, fake_discord: FakeDiscord, name: str, options: dict, expected: str
) -> None:
    interaction = await fake_discord.run_command(name, options)
    reply = await interaction.reply()
    assert expected in shown(reply), shown(reply)
    assert interaction.responded_after is not None and interaction.responded_after < 3


async def test_commands_carry_the_telegram_names_and_a_first_string_option(
    bot: App, fake_discord: FakeDiscord
) -> None:
    from handlers.catalog import COMMANDS

    synced = {c["name"]: c for c in fake_discord.commands[None]}
    assert set(synced) == {c.name for c in COMMANDS}
    for command in COMMANDS:
        options = synced[command.name]["options"]
        if command.takes_args:
            assert options and options[0]["type"] == 3, command.name  # a string, first
    assert synced["subscribe"]["options"][0]["name"] == "query"


async def test_a_member_without_manage_server_cannot_change_what_a_channel_follows(
    bot: App, fake_discord: FakeDiscord
) -> None:
    refused = await ask(fake_discord, "subscribe", {"query": "violations"})
    assert "members who may manage this server can change" in refused
    assert (
        await bot.store.read(Store.subscriptions, ChatRef("discord", fake_discord.channel.id)) == []
    )
    for change in ("mute", "unmute"):
        assert "who may manage this server" in await ask(fake_discord, change)
    assert "Following: **violations ganja**" in await ask(
        fake_discord, "subscribe", {"category": "violations", "keywords": "Ganja"}, **manager()
    )
    # anyone may read
    assert "violations ganja" in await ask(fake_discord, "subscriptions")


async def test_a_follow_button_pressed_without_manage_server_changes_nothing(
    bot: App, fake_discord: FakeDiscord
) -> None:
    welcome = await (await fake_discord.run_command("start")).reply()
    here = ChatRef("discord", fake_discord.channel.id)
    refused = await (await fake_discord.click(welcome, "follow:violations")).reply()
    assert shown(refused) == "Only members who may manage this server can change what it follows."
    assert await bot.store.read(Store.subscriptions, here) == []
    followed = await (await fake_discord.click(welcome, "follow:violations", **manager())).reply()
    assert shown(followed).startswith("Following: **violations**")
    assert [s.categories for s in await bot.store.read(Store.subscriptions, here)] == [(V,)]


async def test_a_direct_message_is_a_private_chat(bot: App, fake_discord: FakeDiscord) -> None:
    dm = fake_discord.dm_channel(fake_discord.user)
    assert "Following" in await ask(fake_discord, "subscribe", {"query": "casualties"}, channel=dm)
    chat = await bot.store.read(Store.chat, ChatRef("discord", dm.id))
    assert chat is not None and chat.kind == "private"


async def test_source_management_is_for_discord_admins_only(
    bot: App, fake_discord: FakeDiscord
) -> None:
    owner = {"user": fake_discord.owner}
    assert "administrators only" in await ask(
        fake_discord, "addsource", {"feed": "https://example.org/rss"}, **manager()
    )
    added = await ask(fake_discord, "addsource", {"feed": "https://example.org/rss"}, **owner)
    assert "Added feed #1" in added
    assert "example.org" in await ask(fake_discord, "sources")
    assert "Feeds: 1" in await ask(fake_discord, "stats", **owner)
    assert "Removed feed #1" in await ask(fake_discord, "removesource", {"feed": "1"}, **owner)


async def test_unsubscribe_suggests_what_the_channel_follows(
    bot: App, fake_discord: FakeDiscord
) -> None:
    await follow(fake_discord, "violations Ganja")
    await follow(fake_discord, '"Lachin corridor"')
    typed = await fake_discord.autocomplete("unsubscribe", {"query": "lach"}, "query")
    await typed.response()
    assert [c["value"] for c in typed.choices or []] == ['"lachin corridor"']
    removed = await ask(fake_discord, "unsubscribe", {"query": '"lachin corridor"'}, **manager())
    assert "Removed 1" in removed


async def test_long_timelines_page_with_buttons(bot: App, fake_discord: FakeDiscord) -> None:
    source = await bot.store.write(Store.add_source, "https://a.example/f", "Wire", T0)
    now = bot.clock()
    batch = [
        item(f"Shelling report {n} " + "x" * 150, labels=(V,), published=now - timedelta(hours=n))
        for n in range(40)
    ]
    await bot.store.write(store_items, source.id, batch, PollSuccess(None, None, now), now)
    first = await (await fake_discord.run_command("timeline", {"query": "violations 7d"})).reply()
    [[button]] = [[c for c in row["components"]] for row in first.components]
    assert len(shown(first)) <= 4096 and "Shelling report 0 " in shown(first)
    page = await fake_discord.click(first, button["custom_id"])
    second = shown(await page.reply())
    assert "Shelling report 0 " not in second and "Shelling report" in second


# --- alerts -------------------------------------------------------------------------------


async def test_alerts_are_embeds_in_the_following_channels_only(
    bot: App, fake_discord: FakeDiscord
) -> None:
    guild = await fake_discord.add_guild("Newsroom", ("alerts", "chatter"))
    alerts, chatter = (fake_discord.channels[c] for c in guild.channel_ids)
    await follow(fake_discord, "violations", channel=alerts)
    before = len(fake_discord.messages_in(chatter))
    await queue_story(bot, "Truce broken near Ganja @everyone [click](https://evil.example) <@&1>")
    [alert] = await alerts_in(fake_discord, alerts)
    [embed] = alert.embeds
    assert embed["url"] == "https://wire.example/0?b=1"
    assert "⚠️" in embed["author"]["name"] and "violation" in embed["author"]["name"].lower()
    assert "matched violations" in embed["description"] and "Wire" in embed["footer"]["text"]
    title = embed["title"]
    assert "@\u200beveryone" in title and "@everyone" not in title  # cannot ping
    assert "\\[click\\]" in title or "\\[click]" in title  # no masked link planted
    assert alert.payload["allowed_mentions"]["parse"] == []
    assert alert.payload.get("nonce") and alert.payload.get("enforce_nonce") is True
    assert len(fake_discord.messages_in(chatter)) == before


async def test_a_429_once_still_gives_one_message(bot: App, fake_discord: FakeDiscord) -> None:
    await follow(fake_discord, "violations")
    fake_discord.inject("send_message", "429", retry_after=0.2)
    await queue_story(bot, "Truce broken at dawn")
    alerts = await alerts_in(fake_discord, fake_discord.channel)
    await bot.deliverer.wait_outcomes(1)
    assert len(alerts) == 1 and (await bot.store.read(Store.stats))["sent"] == 1


async def test_a_lost_answer_is_not_posted_twice(bot: App, fake_discord: FakeDiscord) -> None:
    await follow(fake_discord, "violations")
    fake_discord.inject("send_message", "lose_answer")
    await queue_story(bot, "Truce broken near Tartar")
    await bot.deliverer.wait_outcomes(2, within=20)  # the lost answer, then the retry
    alerts = [m for m in fake_discord.messages_in(fake_discord.channel) if m.via == "channel"]
    assert len(alerts) == 1  # the retry carried the same nonce
    assert (await bot.store.read(Store.stats))["sent"] == 1


async def test_a_burst_to_one_channel_arrives_whole_without_429s(
    bot: App, fake_discord: FakeDiscord
) -> None:
    await follow(fake_discord, "violations")
    for n in range(8):
        await queue_story(bot, f"Violation report number {n} in sector {n * 7919}", f"Text {n}")
    alerts = await alerts_in(fake_discord, fake_discord.channel, 8)
    titles = [m.embeds[0]["title"] for m in alerts]
    assert len(titles) == len(set(titles)) == 8
    assert not [c for c in fake_discord.calls_to("send_message") if c.status == 429]


async def test_a_deleted_channel_is_given_up_after_its_first_404(
    bot: App, fake_discord: FakeDiscord
) -> None:
    await follow(fake_discord, "violations")
    await fake_discord.delete_channel(fake_discord.channel, announce=False)
    await queue_stories(
        bot,
        [("Truce broken near Fuzuli", "Shelling"), ("Truce broken near Jabrayil", "Another")],
    )
    await bot.deliverer.wait_outcomes(1)
    chat = await bot.store.read(Store.chat, ChatRef("discord", fake_discord.channel.id))
    assert chat is not None and not chat.active
    stats = await bot.store.read(Store.stats)
    assert stats["queued"] == 0 and stats["dropped"] == 2
    assert len(fake_discord.calls_to("send_message")) == 1


async def test_a_forbidden_channel_is_paused_not_hammered(
    bot: App, fake_discord: FakeDiscord
) -> None:
    await follow(fake_discord, "violations")
    fake_discord.forbid(fake_discord.channel)
    await queue_story(bot, "Truce broken near Aghdam")
    await bot.deliverer.wait_outcomes(1)
    await queue_story(bot, "Truce broken near Goranboy", "A second story")
    await bot.deliverer.deliver_due()
    assert len(fake_discord.calls_to("send_message")) == 1  # one 403, then nothing
    owner = fake_discord.owner
    stats = await ask(fake_discord, "stats", user=owner, channel=fake_discord.dm_channel(owner))
    assert "Paused" in stats and "no access" in stats
    assert (await bot.store.read(Store.stats))["queued"] == 2  # kept for later, not lost


async def test_leaving_a_server_and_deleting_a_channel_retire_their_chats(
    bot: App, fake_discord: FakeDiscord
) -> None:
    guild = await fake_discord.add_guild("Gone soon", ("one", "two"))
    one, two = (fake_discord.channels[c] for c in guild.channel_ids)
    await follow(fake_discord, "violations", channel=one)
    await follow(fake_discord, "violations", channel=two)
    await follow(fake_discord, "casualties")
    await fake_discord.remove_guild(guild)
    await fake_discord.delete_channel(fake_discord.channel)

    async def retired() -> list[bool]:
        refs = [ChatRef("discord", c.id) for c in (one, two, fake_discord.channel)]
        return [not (await bot.store.read(Store.chat, ref)).active for ref in refs]

    for _ in range(50):  # the events are handled on the bot's side of the gateway
        if all(await retired()):
            break
        await fake_discord.wait_for(lambda: True)
    assert await retired() == [True, True, True]


async def test_commands_are_synced_only_when_they_change(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    settings = discord_settings(fake_discord, tmp_path / "sync.db")
    for _ in range(2):
        async with started_app(settings):
            pass
    assert len(fake_discord.command_writes) == 1


async def test_a_slow_answer_is_deferred_then_edited_in(
    bot: App, fake_discord: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = asyncio.Event()
    handle = bot.commands.handle

    async def slow(caller, name, args):  # a reply that takes longer than Discord waits
        await release.wait()
        return await handle(caller, name, args)

    monkeypatch.setattr(bot.commands, "handle", slow)
    interaction = await fake_discord.run_command("sources")
    deferred = await interaction.response(within=5)
    assert deferred.type == 5 and interaction.responded_after < 3
    release.set()
    assert "No news feeds" in shown(await interaction.reply())


async def test_telegram_and_discord_get_the_same_story_at_once(
    fake_discord: FakeDiscord, fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    settings = discord_settings(
        fake_discord,
        tmp_path / "both.db",
        telegram_token=fake_telegram.token,
        telegram_api_url=fake_telegram.base_url,
    )
    app = await build_app(settings)
    app.start()
    try:
        await app.wait_started()
        assert {t.name for t in app.transports} == {"telegram", "discord"}
        await follow(fake_discord, "violations")
        await subscribe(app.store, 2002, "violations", T0)
        await queue_story(app, "Truce broken near Martuni")
        [on_telegram] = await fake_telegram.wait_for_messages(1, chat_id=2002)
        [on_discord] = await alerts_in(fake_discord, fake_discord.channel)
        assert "Truce broken near Martuni" in on_telegram.visible_text
        assert on_discord.embeds[0]["title"] == "Truce broken near Martuni"
    finally:
        await app.stop()


async def test_an_unnamed_source_takes_the_feeds_title(
    fake_discord: FakeDiscord, feed_site: FeedSite, tmp_path: Path
) -> None:
    feed_site.add_feed("/wire", "rss", items=make_entries(2), title="Caucasus *Wire*")
    settings = discord_settings(fake_discord, tmp_path / "n.db", allow_private_urls=True)
    app = await build_app(settings)
    app.start()
    try:
        await app.wait_started()
        owner = {"user": fake_discord.owner}
        added = await ask(fake_discord, "addsource", {"feed": feed_site.url("/wire")}, **owner)
        assert "Added feed #1 **127.0.0.1**" in added  # its address, until it is fetched
        await feed_site.wait_for_requests("/wire", 1, timeout=10)
        await app.pipeline.drain()
        assert "Caucasus \\*Wire\\*" in await ask(fake_discord, "sources")
    finally:
        await app.stop()


# --- who is asking, as the front end tells it (no gateway) ---------------------------------


def interaction(
    *,
    guild: int | None,
    channel: int | None,
    title: str | None,
    user: int,
    manage_guild: bool,
) -> discord.Interaction:
    """Just what the front end reads of an interaction."""
    stub = SimpleNamespace(
        guild_id=guild,
        channel_id=channel,
        channel=SimpleNamespace(name=title) if title is not None else SimpleNamespace(),
        user=SimpleNamespace(id=user),
        permissions=discord.Permissions(manage_guild=manage_guild),
        locale=None,
        guild_locale=None,
    )
    return cast(discord.Interaction, stub)


def frontend(admins: frozenset[int] = frozenset()) -> DiscordFrontend:
    client = discord.Client(intents=discord.Intents.none())
    return DiscordFrontend(client, cast(Commands, None), cast(AsyncStore, None), admins)


@pytest.mark.parametrize("manage_guild", [False, True])
async def test_in_a_server_only_managers_may_change_what_a_channel_follows(
    manage_guild: bool,
) -> None:
    asking = interaction(guild=70, channel=71, title="news", user=72, manage_guild=manage_guild)
    caller = frontend().caller(asking)
    assert (caller.chat, caller.user_id, caller.kind) == (ChatRef("discord", 71), 72, "group")
    assert (caller.chat_title, caller.parent, caller.bot_admin) == ("#news", 70, False)
    assert caller.chat_admins == "members who may manage this server"
    assert caller.surface is DISCORD and caller.shared
    assert await caller.chat_admin() is manage_guild


async def test_a_direct_message_is_private_and_bot_admins_are_known_by_id() -> None:
    asking = interaction(guild=None, channel=81, title=None, user=82, manage_guild=False)
    caller = frontend(frozenset({82})).caller(asking)
    assert (caller.chat, caller.kind, caller.parent) == (ChatRef("discord", 81), "private", None)
    assert caller.chat_title is None and caller.bot_admin and not caller.shared
    no_channel = interaction(guild=None, channel=None, title="", user=83, manage_guild=False)
    fallback = frontend(frozenset({82})).caller(no_channel)
    assert fallback.chat == ChatRef("discord", 83) and not fallback.bot_admin
    assert fallback.chat_title is None
