"""Slash commands with the Telegram commands' names. Each command that takes arguments
has, first, a string option taking exactly what the Telegram command takes after its
name (`/subscribe query: violations Ganja -football`); friendlier options follow it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import discord
from discord import app_commands

from bot.i18n import LANGUAGES, N_, native_name
from bot.models import CATEGORY_WORDS
from handlers.catalog import BY_NAME

#: What runs a command: (interaction, command name, argument text as on Telegram).
Run = Callable[[discord.Interaction, str, str], Awaitable[None]]
#: What lists a chat's followed subscriptions for autocompletion: (interaction, typed).
Suggest = Callable[[discord.Interaction, str], Awaitable[list[app_commands.Choice[str]]]]

CATEGORIES = [app_commands.Choice(name=w, value=w) for w in CATEGORY_WORDS.values()]
#: What /subscribe can follow: the categories, and truce news.
FOLLOWABLE = [*CATEGORIES, app_commands.Choice(name="truces", value="truces")]
PERIODS = [app_commands.Choice(name=p, value=p) for p in ("24h", "7d", "30d", "today")]
#: /language: each language by its own name, and "auto".
SPOKEN = [
    *(app_commands.Choice(name=f"{native_name(c)} ({c})", value=c) for c in LANGUAGES),
    app_commands.Choice(name="auto", value="auto"),
]
#: A server channel or a direct message with the bot; not group DMs the bot is not in.
CONTEXTS = app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=False)


def joined(*parts: str | app_commands.Choice[str] | None) -> str:
    """The Telegram argument text from the first option and the friendlier ones."""
    words = [p.value if isinstance(p, app_commands.Choice) else p for p in parts]
    return " ".join(w.strip() for w in words if w and w.strip())


def about(name: str) -> str:
    return BY_NAME[name].about[:100]


def build_tree(client: discord.Client, run: Run, suggest: Suggest) -> app_commands.CommandTree:
    tree: app_commands.CommandTree = app_commands.CommandTree(client, allowed_contexts=CONTEXTS)
    for command in (*_reading(run), *_truces(run), *_following(run, suggest), *_admin(run)):
        tree.add_command(command)
    return tree


def _reading(run: Run) -> list[app_commands.Command]:  # type: ignore[type-arg]
    @app_commands.command(name="start", description=about("start"))
    async def start(interaction: discord.Interaction) -> None:
        await run(interaction, "start", "")

    @app_commands.command(name="help", description=about("help"))
    async def help_(interaction: discord.Interaction) -> None:
        await run(interaction, "help", "")

    @app_commands.command(name="subscriptions", description=about("subscriptions"))
    async def subscriptions(interaction: discord.Interaction) -> None:
        await run(interaction, "subscriptions", "")

    @app_commands.command(name="timeline", description=about("timeline"))
    @app_commands.describe(
        query=N_("as on Telegram: [category] [24h | 7d | YYYY-MM-DD] [keyword]"),
        category=N_("only this category"),
        period=N_("how far back: 24h, 7d, 30d, today or a date YYYY-MM-DD"),
        keyword=N_("only stories mentioning this"),
        chart=N_("a chart of the days instead of the stories"),
    )
    @app_commands.choices(category=CATEGORIES)
    async def timeline(
        interaction: discord.Interaction,
        query: str | None = None,
        category: app_commands.Choice[str] | None = None,
        period: str | None = None,
        keyword: str | None = None,
        chart: bool = False,
    ) -> None:
        words = joined("chart" if chart else None, query, category, period, keyword)
        await run(interaction, "timeline", words)

    @app_commands.command(name="sources", description=about("sources"))
    async def sources(interaction: discord.Interaction) -> None:
        await run(interaction, "sources", "")

    @app_commands.command(name="search", description=about("search"))
    @app_commands.describe(words=N_('words to find, "quoted phrases" as a whole'))
    async def search(interaction: discord.Interaction, words: str) -> None:
        await run(interaction, "search", words)

    return [start, help_, subscriptions, timeline, sources, search]


def _following(run: Run, suggest: Suggest) -> list[app_commands.Command]:  # type: ignore[type-arg]
    # Discord's client shows these only to members who may manage the server; the front
    # end checks the same permission itself, since the client's default can be changed.
    @app_commands.command(name="subscribe", description=about("subscribe"))
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.describe(
        query=N_("as on Telegram: categories and/or keywords, e.g. violations Ganja -football"),
        category=N_("a category to follow"),
        keywords=N_('keywords: whole words, "quoted phrases", -word to exclude'),
    )
    @app_commands.choices(category=FOLLOWABLE)
    async def subscribe(
        interaction: discord.Interaction,
        query: str | None = None,
        category: app_commands.Choice[str] | None = None,
        keywords: str | None = None,
    ) -> None:
        await run(interaction, "subscribe", joined(query, category, keywords))

    @app_commands.command(name="unsubscribe", description=about("unsubscribe"))
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.describe(query=N_("a number from /subscriptions, the same words, or all"))
    async def unsubscribe(interaction: discord.Interaction, query: str) -> None:
        await run(interaction, "unsubscribe", query)

    @unsubscribe.autocomplete("query")
    async def followed(
        interaction: discord.Interaction, typed: str
    ) -> list[app_commands.Choice[str]]:
        return await suggest(interaction, typed)

    @app_commands.command(name="mute", description=about("mute"))
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.describe(duration=N_("how long: 30m, 8h, 2d (default 8h)"))
    async def mute(interaction: discord.Interaction, duration: str | None = None) -> None:
        await run(interaction, "mute", joined(duration))

    @app_commands.command(name="unmute", description=about("unmute"))
    @app_commands.default_permissions(manage_guild=True)
    async def unmute(interaction: discord.Interaction) -> None:
        await run(interaction, "unmute", "")

    return [subscribe, unsubscribe, mute, unmute]


def _truces(run: Run) -> list[app_commands.Command]:  # type: ignore[type-arg]
    @app_commands.command(name="truce", description=about("truce"))
    @app_commands.describe(number=N_("a truce's number from /truce, for its detail and chart"))
    async def truce(interaction: discord.Interaction, number: str | None = None) -> None:
        await run(interaction, "truce", joined(number))

    @app_commands.command(name="digest", description=about("digest"))
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.describe(when=N_("HH:MM in this channel's time zone, off, or now"))
    async def digest(interaction: discord.Interaction, when: str | None = None) -> None:
        await run(interaction, "digest", joined(when))

    @app_commands.command(name="timezone", description=about("timezone"))
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.describe(zone=N_("an IANA zone name, e.g. Europe/Moscow or Asia/Baku"))
    async def timezone(interaction: discord.Interaction, zone: str | None = None) -> None:
        await run(interaction, "timezone", joined(zone))

    @app_commands.command(name="language", description=about("language"))
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.describe(language=N_("en, ru, uk, fr, ar, or auto: the app's language"))
    @app_commands.choices(language=SPOKEN)
    async def language(
        interaction: discord.Interaction, language: app_commands.Choice[str] | None = None
    ) -> None:
        await run(interaction, "language", joined(language))

    return [truce, digest, timezone, language]


def _admin(run: Run) -> list[app_commands.Command]:  # type: ignore[type-arg]
    @app_commands.command(name="addsource", description=about("addsource"))
    @app_commands.describe(feed=N_("as on Telegram: <url> [name]"), name=N_("what to call it"))
    async def addsource(
        interaction: discord.Interaction, feed: str, name: str | None = None
    ) -> None:
        await run(interaction, "addsource", joined(feed, name))

    @app_commands.command(name="removesource", description=about("removesource"))
    @app_commands.describe(feed=N_("a number from /sources, or the feed's address"))
    async def removesource(interaction: discord.Interaction, feed: str) -> None:
        await run(interaction, "removesource", feed)

    @app_commands.command(name="stats", description=about("stats"))
    async def stats(interaction: discord.Interaction) -> None:
        await run(interaction, "stats", "")

    return [addsource, removesource, stats]
