"""The fake Discord, driven by the real discord.py 2 client (and, for the answers discord.py
would hide behind its own limiter, by plain aiohttp)."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands

from fakes.discord_api import FakeDiscord
from fakes.discord_fixtures import running
from fakes.discord_model import MANAGER_PERMISSIONS
from fakes.waits import WAIT

PLACES = ["Stepanakert", "Shusha", "Ganja", "Martuni"]
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


@dataclass
class Bot:
    """A plain discord.py client with a command tree, as the transport will build one."""

    client: discord.Client
    tree: app_commands.CommandTree[discord.Client]
    errors: list[BaseException] = field(default_factory=list)
    failed: asyncio.Event = field(default_factory=asyncio.Event)
    release: asyncio.Event = field(default_factory=asyncio.Event)

    def channel(self, channel_id: int) -> discord.TextChannel:
        channel = self.client.get_channel(channel_id)
        assert isinstance(channel, discord.TextChannel)
        return channel


class FollowView(discord.ui.View):
    @discord.ui.button(label="Follow", custom_id="follow")
    async def follow(
        self, interaction: discord.Interaction, button: discord.ui.Button[Any]
    ) -> None:
        await interaction.response.edit_message(content=f"Following, {interaction.user}", view=None)


def build_bot() -> Bot:
    client = discord.Client(
        intents=discord.Intents(guilds=True),
        guild_ready_timeout=0.1,  # on_ready this long after the last GUILD_CREATE
        allowed_mentions=discord.AllowedMentions.none(),
    )
    bot = Bot(client, app_commands.CommandTree(client))
    _register_commands(bot)
    return bot


def _register_commands(bot: Bot) -> None:
    tree = bot.tree

    @tree.command(description="Say it back")
    async def echo(interaction: discord.Interaction, text: str) -> None:
        await interaction.response.send_message(text)

    @tree.command(description="Think, then answer and follow up")
    async def count(interaction: discord.Interaction, n: int) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.edit_original_response(content=f"{n} items")
        original = await interaction.original_response()
        follow_up = await interaction.followup.send(f"after {original.content}", wait=True)
        await follow_up.edit(content=f"{follow_up.content}, edited")

    @tree.command(description="A message with a button")
    async def ask(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Follow violations?", view=FollowView())

    @tree.command(description="Answers only once the test releases it")
    async def slow(interaction: discord.Interaction) -> None:
        await bot.release.wait()
        await interaction.response.send_message("late")

    @tree.command(description="Who, where, with which rights")
    async def whoami(interaction: discord.Interaction) -> None:
        rights = f"manage_guild={interaction.permissions.manage_guild}"
        rights += f" app_send={interaction.app_permissions.send_messages}"
        where = f"{interaction.locale.value} guild={interaction.guild_id}"
        await interaction.response.send_message(f"{interaction.user.name} {rights} {where}")

    @tree.command(description="Pick a place")
    async def place(interaction: discord.Interaction, name: str) -> None:
        await interaction.response.send_message(name)

    @place.autocomplete("name")
    async def place_names(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=p, value=p) for p in PLACES if p.startswith(current)]

    @tree.error
    async def on_error(
        interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        bot.errors.append(getattr(error, "original", error))
        bot.failed.set()


@pytest.fixture
async def bot(fake_discord: FakeDiscord) -> AsyncIterator[Bot]:
    bot = build_bot()
    async with running(bot.client, fake_discord):
        await bot.tree.sync()
        yield bot


@pytest.fixture
async def http(fake_discord: FakeDiscord) -> AsyncIterator[aiohttp.ClientSession]:
    """Plain HTTP with the bot's token, for answers discord.py would not let through."""
    headers = {"Authorization": f"Bot {fake_discord.token}"}
    async with aiohttp.ClientSession(fake_discord.api_url + "/", headers=headers) as session:
        yield session


def frozen(fake: FakeDiscord) -> None:
    """Stop the fake's clock; only fake.advance() moves it."""
    fake.clock = lambda: 1000.0


# ---------------------------------------------------------------------- connecting
async def test_connects_with_guilds_intent_and_sees_the_guild(
    fake_discord: FakeDiscord, bot: Bot
) -> None:
    guild = bot.client.get_guild(fake_discord.guild.id)
    assert guild is not None and [c.name for c in guild.text_channels] == ["general"]
    assert guild.me.guild_permissions.send_messages and guild.me.guild_permissions.embed_links
    assert bot.client.user is not None and bot.client.user.id == fake_discord.bot.id
    [connection] = fake_discord.gateway_connections
    assert connection["intents"] == discord.Intents(guilds=True).value
    # discord.py asked for zlib-stream and read the compressed frames.
    assert connection["query"] == {"v": "10", "encoding": "json", "compress": "zlib-stream"}
    assert connection["compressed"] is True
    assert bot.client.latency < 1  # its first heartbeat was acknowledged


async def test_close_disconnects_cleanly(fake_discord: FakeDiscord) -> None:
    client = build_bot().client
    async with running(client, fake_discord):
        assert fake_discord.connected == 1
    assert client.is_closed()
    await fake_discord.wait_for(lambda: fake_discord.connected == 0)


async def test_wrong_token_is_a_login_failure(fake_discord: FakeDiscord) -> None:
    client = build_bot().client
    with pytest.raises(discord.LoginFailure):
        await client.login("not-the-token")
    await client.close()
    assert [c.status for c in fake_discord.calls_to("get_me")] == [401]
    assert fake_discord.invalid_requests == 1


async def test_reconnect_resumes_the_session(fake_discord: FakeDiscord, bot: Bot) -> None:
    resumed = bot.client.wait_for("resumed", timeout=WAIT)
    await fake_discord.reconnect_gateway()
    await resumed
    assert [c.get("resumed") for c in fake_discord.gateway_connections] == [False, True]
    interaction = await fake_discord.run_command("echo", {"text": "still here"})
    assert (await interaction.reply()).content == "still here"


# ---------------------------------------------------------------------- application commands
async def test_sync_writes_the_command_set(fake_discord: FakeDiscord, bot: Bot) -> None:
    names = {"echo", "count", "ask", "slow", "whoami", "place"}
    [write] = fake_discord.command_writes
    assert write.guild_id is None and set(write.names) == names
    assert {c.name for c in await bot.tree.fetch_commands()} == names
    ids = {c["name"]: c["id"] for c in fake_discord.commands[None]}
    await bot.tree.sync()  # an unchanged set written again: recorded, ids kept
    assert len(fake_discord.command_writes) == 2
    assert {c["name"]: c["id"] for c in fake_discord.commands[None]} == ids


async def test_guild_sync_is_recorded_per_guild(fake_discord: FakeDiscord, bot: Bot) -> None:
    guild = discord.Object(fake_discord.guild.id)
    bot.tree.copy_global_to(guild=guild)
    await bot.tree.sync(guild=guild)
    assert fake_discord.command_writes[-1].guild_id == fake_discord.guild.id
    assert {c["guild_id"] for c in fake_discord.commands[fake_discord.guild.id]} == {
        str(fake_discord.guild.id)
    }


async def test_slash_command_is_answered_within_the_deadline(
    fake_discord: FakeDiscord, bot: Bot
) -> None:
    interaction = await fake_discord.run_command("echo", {"text": "hello"})
    reply = await interaction.reply()
    assert reply.content == "hello" and reply.via == "callback"
    assert (await interaction.response()).type == 4
    assert interaction.responded_after is not None and interaction.responded_after < 3
    assert fake_discord.messages_in(fake_discord.channel) == [reply]


async def test_defer_then_edit_and_follow_up(fake_discord: FakeDiscord, bot: Bot) -> None:
    interaction = await fake_discord.run_command("count", {"n": 3})
    assert (await interaction.response()).type == 5
    assert (await interaction.reply()).content == "3 items"
    [follow_up] = await interaction.followed_up(1)
    await fake_discord.wait_for(lambda: follow_up.edited_at)
    assert follow_up.content == "after 3 items, edited" and follow_up.via == "followup"


async def test_button_click_edits_the_message(fake_discord: FakeDiscord, bot: Bot) -> None:
    message = await (await fake_discord.run_command("ask")).reply()
    assert message.components[0]["components"][0]["custom_id"] == "follow"
    click = await fake_discord.click(message, "follow")
    assert (await click.response()).type == 7
    assert message.content == "Following, alice" and message.components == []


async def test_autocomplete_answers_with_choices(fake_discord: FakeDiscord, bot: Bot) -> None:
    interaction = await fake_discord.autocomplete("place", {"name": "S"}, focused="name")
    assert (await interaction.response()).type == 8
    assert interaction.choices == [
        {"name": "Stepanakert", "value": "Stepanakert"},
        {"name": "Shusha", "value": "Shusha"},
    ]


async def test_member_permissions_and_locale_reach_the_bot(
    fake_discord: FakeDiscord, bot: Bot
) -> None:
    interaction = await fake_discord.run_command(
        "whoami", permissions=MANAGER_PERMISSIONS, locale="uk", app_permissions=0
    )
    expected = f"alice manage_guild=True app_send=False uk guild={fake_discord.guild.id}"
    assert (await interaction.reply()).content == expected


async def test_command_in_a_dm_comes_from_a_user(fake_discord: FakeDiscord, bot: Bot) -> None:
    dm = fake_discord.dm_channel(fake_discord.user)
    interaction = await fake_discord.run_command("whoami", channel=dm)
    reply = await interaction.reply()
    assert reply.content == "alice manage_guild=False app_send=True en-US guild=None"
    assert fake_discord.messages_in(dm) == [reply]


async def test_answer_after_three_seconds_is_unknown_interaction(
    fake_discord: FakeDiscord, bot: Bot
) -> None:
    interaction = await fake_discord.run_command("slow")
    fake_discord.advance(3.1)
    bot.release.set()
    await asyncio.wait_for(bot.failed.wait(), 5)
    [error] = bot.errors
    assert isinstance(error, discord.NotFound) and error.code == 10062
    assert interaction.callbacks == [] and fake_discord.messages_in(fake_discord.channel) == []


async def test_second_callback_is_already_acknowledged(
    fake_discord: FakeDiscord, bot: Bot, http: aiohttp.ClientSession
) -> None:
    interaction = await fake_discord.run_command("echo", {"text": "once"})
    await interaction.response()
    path = f"interactions/{interaction.id}/{interaction.token}/callback"
    async with http.post(path, json={"type": 4, "data": {"content": "twice"}}) as answer:
        assert answer.status == 400 and (await answer.json())["code"] == 40060
    assert [m.content for m in fake_discord.messages_in(fake_discord.channel)] == ["once"]


async def test_unsynced_command_cannot_be_run(fake_discord: FakeDiscord, bot: Bot) -> None:
    with pytest.raises(LookupError, match="nosuch"):
        await fake_discord.run_command("nosuch")
    with pytest.raises(LookupError, match="wrong"):
        await fake_discord.run_command("echo", {"wrong": "option"})


# ---------------------------------------------------------------------- messages and limits
async def test_message_with_image_attachment(fake_discord: FakeDiscord, bot: Bot) -> None:
    embed = discord.Embed(title="Shelling reported").set_image(url="attachment://map.png")
    channel = bot.channel(fake_discord.channel.id)
    sent = await channel.send(embed=embed, file=discord.File(io.BytesIO(PNG), "map.png"))
    [message] = fake_discord.messages_in(fake_discord.channel)
    assert message.id == sent.id and sent.attachments[0].filename == "map.png"
    assert message.attachments[0]["data"] == PNG
    assert message.embeds[0]["image"]["url"] == "attachment://map.png"
    assert message.allowed_mentions == {"parse": []}


LONG = "x" * 6001


def _embed_with_fields(count: int) -> discord.Embed:
    embed = discord.Embed(title="Casualties")
    for i in range(count):
        embed.add_field(name=f"place {i}", value="1")
    return embed


@pytest.mark.parametrize(
    ("content", "embeds", "where"),
    [
        (LONG[:2001], [], "In content: Must be 2000 or fewer"),
        (None, [discord.Embed(title=LONG[:257])], "In embeds.0.title: Must be 256 or fewer"),
        (None, [discord.Embed(description=LONG[:4097])], "embeds.0.description: Must be 4096"),
        (None, [discord.Embed().set_footer(text=LONG[:2049])], "embeds.0.footer.text: Must be"),
        (None, [discord.Embed().set_author(name=LONG[:257])], "embeds.0.author.name: Must be"),
        (None, [discord.Embed().add_field(name="n", value=LONG[:1025])], "fields.0.value"),
        (None, [_embed_with_fields(26)], "In embeds.0.fields: Must be 25 or fewer"),
        (None, [discord.Embed(description=LONG[:3001])] * 2, "Embed size exceeds maximum"),
    ],
)
async def test_message_over_a_limit_is_invalid_form_body(
    fake_discord: FakeDiscord,
    bot: Bot,
    content: str | None,
    embeds: list[discord.Embed],
    where: str,
) -> None:
    channel = bot.channel(fake_discord.channel.id)
    with pytest.raises(discord.HTTPException) as refused:
        await channel.send(content, embeds=embeds)
    assert refused.value.status == 400 and refused.value.code == 50035
    assert where in refused.value.text
    assert fake_discord.sent == []


async def test_more_than_ten_embeds_are_refused(
    fake_discord: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    body = {"embeds": [{"title": "t"}] * 11}
    async with http.post(f"channels/{fake_discord.channel.id}/messages", json=body) as answer:
        error = await answer.json()
    assert answer.status == 400 and error["code"] == 50035
    assert error["errors"]["embeds"]["_errors"][0]["code"] == "BASE_TYPE_MAX_LENGTH"


async def test_nonce_deduplicates_within_the_window(fake_discord: FakeDiscord, bot: Bot) -> None:
    channel = bot.channel(fake_discord.channel.id)
    first = await channel.send("ceasefire broken", nonce=4242)
    again = await channel.send("ceasefire broken", nonce=4242)
    assert again.id == first.id and len(fake_discord.messages_in(fake_discord.channel)) == 1
    fake_discord.advance(5 * 60 + 1)
    later = await channel.send("ceasefire broken", nonce=4242)
    assert later.id != first.id and len(fake_discord.messages_in(fake_discord.channel)) == 2


async def test_channel_limit_is_honoured_by_discord_py_without_loss(
    fake_discord: FakeDiscord, bot: Bot
) -> None:
    fake_discord.limits.channel_window = 0.3  # Discord's 5 per 5 s, shortened
    channel = bot.channel(fake_discord.channel.id)
    sending = asyncio.gather(*(channel.send(f"alert {i}") for i in range(12)))
    sent = await fake_discord.wait_for_messages(12, fake_discord.channel)
    await sending
    calls = fake_discord.calls_to("send_message")
    assert sorted(m.content for m in sent) == sorted(f"alert {i}" for i in range(12))
    # Never a 429: discord.py waited on the headers. Twelve messages need three fixed
    # windows, so the last went out at least two window lengths after the first arrived.
    assert {call.status for call in calls} == {200}
    assert max(m.at for m in sent) - calls[0].at >= 2 * 0.3


async def test_channel_limit_answers_429_with_headers(
    fake_discord: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    frozen(fake_discord)
    path = f"channels/{fake_discord.channel.id}/messages"
    remaining = []
    for i in range(5):
        async with http.post(path, json={"content": f"m{i}"}) as answer:
            remaining.append(answer.headers["X-RateLimit-Remaining"])
            assert answer.headers["Content-Type"] == "application/json"
            assert answer.headers["X-RateLimit-Limit"] == "5"
            assert answer.headers["X-RateLimit-Bucket"] and answer.headers["X-RateLimit-Reset"]
    assert remaining == ["4", "3", "2", "1", "0"]
    async with http.post(path, json={"content": "one too many"}) as answer:
        assert answer.status == 429 and answer.headers["X-RateLimit-Scope"] == "user"
        assert await answer.json() == {
            "message": "You are being rate limited.",
            "code": 0,
            "retry_after": 5.0,
            "global": False,
        }
    fake_discord.advance(5.0)
    async with http.post(path, json={"content": "next window"}) as answer:
        assert answer.status == 200
    assert len(fake_discord.sent) == 6 and fake_discord.invalid_requests == 1


async def test_global_limit_answers_429_global(
    fake_discord: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    frozen(fake_discord)
    fake_discord.limits.global_per_second = 3
    answers = []
    for _ in range(4):
        async with http.get("users/@me") as answer:
            answers.append((answer.status, answer.headers, await answer.json()))
    assert [status for status, _, _ in answers] == [200, 200, 200, 429]
    _, headers, body = answers[-1]
    assert headers["X-RateLimit-Global"] == "true" and body["global"] is True


async def test_injected_429_is_retried_by_discord_py(fake_discord: FakeDiscord, bot: Bot) -> None:
    fake_discord.inject("send_message", "429", retry_after=0.05)
    await bot.channel(fake_discord.channel.id).send("after a wait")
    assert [c.status for c in fake_discord.calls_to("send_message")] == [429, 200]
    assert [m.content for m in fake_discord.sent] == ["after a wait"]
    assert fake_discord.invalid_requests == 1


# ---------------------------------------------------------------------- errors and faults
async def test_forbidden_channel_is_discord_forbidden(fake_discord: FakeDiscord, bot: Bot) -> None:
    channel = bot.channel(fake_discord.channel.id)
    fake_discord.forbid(fake_discord.channel, 50013)
    with pytest.raises(discord.Forbidden) as refused:
        await channel.send("alert")
    assert refused.value.code == 50013 and fake_discord.invalid_requests == 1
    fake_discord.allow(fake_discord.channel)
    await channel.send("alert")
    assert len(fake_discord.sent) == 1


async def test_deleted_channel_is_not_found(fake_discord: FakeDiscord, bot: Bot) -> None:
    channel = bot.channel(fake_discord.channel.id)
    fetched = await bot.client.fetch_channel(channel.id)
    assert isinstance(fetched, discord.TextChannel) and fetched.name == "general"
    deleted = bot.client.wait_for("guild_channel_delete", timeout=WAIT)
    await fake_discord.delete_channel(fake_discord.channel)
    assert (await deleted).id == fake_discord.channel.id
    assert bot.client.get_channel(fake_discord.channel.id) is None
    with pytest.raises(discord.NotFound) as missing:
        await channel.send("alert")
    assert missing.value.code == 10003
    with pytest.raises(discord.NotFound):
        await bot.client.fetch_channel(channel.id)


async def test_removed_guild_is_gone_and_forbidden(fake_discord: FakeDiscord, bot: Bot) -> None:
    channel = bot.channel(fake_discord.channel.id)
    removed = bot.client.wait_for("guild_remove", timeout=WAIT)
    await fake_discord.remove_guild(fake_discord.guild)
    assert (await removed).id == fake_discord.guild.id
    assert bot.client.get_guild(fake_discord.guild.id) is None
    with pytest.raises(discord.Forbidden) as refused:
        await channel.send("alert")
    assert refused.value.code == 50001


async def test_new_guild_is_announced(fake_discord: FakeDiscord, bot: Bot) -> None:
    joined = bot.client.wait_for("guild_join", timeout=WAIT)
    guild = await fake_discord.add_guild("Syunik monitors", ("alerts", "talk"))
    assert (await joined).id == guild.id
    channel = await fake_discord.add_channel(guild, "more")
    await bot.client.wait_for("guild_channel_create", timeout=WAIT)
    await bot.channel(channel.id).send("hello")
    assert [m.content for m in fake_discord.messages_in(channel)] == ["hello"]


async def test_direct_messages(fake_discord: FakeDiscord, bot: Bot) -> None:
    bob, carol = fake_discord.add_user("bob"), fake_discord.add_user("carol", dms_open=False)
    await (await bot.client.create_dm(discord.Object(bob.id))).send("hi bob")
    assert [m.content for m in fake_discord.messages_in(fake_discord.dm_channel(bob))] == ["hi bob"]
    with pytest.raises(discord.Forbidden) as refused:
        await (await bot.client.create_dm(discord.Object(carol.id))).send("hi carol")
    assert refused.value.code == 50007


async def test_server_error_surfaces_as_discord_server_error(
    fake_discord: FakeDiscord, bot: Bot
) -> None:
    fake_discord.inject("send_message", "503")
    with pytest.raises(discord.DiscordServerError):
        await bot.channel(fake_discord.channel.id).send("alert")
    assert fake_discord.sent == [] and fake_discord.calls_to("send_message")[0].fault == "503"


async def test_500_once_is_retried_by_discord_py(fake_discord: FakeDiscord, bot: Bot) -> None:
    fake_discord.inject("send_message", "500", channel=fake_discord.channel)
    await bot.channel(fake_discord.channel.id).send("alert")  # discord.py waits 1 s, retries
    assert [c.status for c in fake_discord.calls_to("send_message")] == [500, 200]
    assert len(fake_discord.sent) == 1


@pytest.mark.parametrize(("fault", "delivered"), [("reset", 0), ("lose_answer", 1)])
async def test_dropped_connection(
    fake_discord: FakeDiscord, bot: Bot, fault: str, delivered: int
) -> None:
    fake_discord.inject("send_message", fault)
    with pytest.raises(aiohttp.ClientError):
        await bot.channel(fake_discord.channel.id).send("alert")
    assert len(fake_discord.sent) == delivered


async def test_timeout_holds_the_request(fake_discord: FakeDiscord, bot: Bot) -> None:
    fake_discord.inject("send_message", "timeout", seconds=30)
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.3):
            await bot.channel(fake_discord.channel.id).send("alert")
    assert fake_discord.sent == [] and fake_discord.calls_to("send_message")[0].status == 0


async def test_unknown_route_and_bad_commands_are_refused(
    fake_discord: FakeDiscord, http: aiohttp.ClientSession
) -> None:
    async with http.get("guilds/1/members") as answer:
        assert answer.status == 404
    assert fake_discord.calls_to("unknown")[0].path == "/api/v10/guilds/1/members"
    path = f"applications/{fake_discord.application_id}/commands"
    async with http.put(path, json=[{"name": "Bad Name", "description": ""}]) as answer:
        error = await answer.json()
    assert answer.status == 400 and set(error["errors"]["0"]) == {"name", "description"}
    assert fake_discord.command_writes == []
