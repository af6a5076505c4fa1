"""Every chat command: its name, how to use it, an example, and who may run it. The
same table names Telegram's commands and Discord's slash commands."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    usage: str
    example: str
    about: str
    admin: bool = False
    changes_chat: bool = False
    takes_args: bool = True


COMMANDS: tuple[Command, ...] = (
    Command(
        "start",
        "/start",
        "/start",
        "what TruceWatch does, and quick follow buttons",
        takes_args=False,
    ),
    Command("help", "/help", "/help", "every command with an example", takes_args=False),
    Command(
        "subscribe",
        "/subscribe <categories, truces and/or keywords>",
        "/subscribe casualties Stepanakert",
        "follow categories and keywords",
        changes_chat=True,
    ),
    Command(
        "unsubscribe",
        "/unsubscribe <number | same words | all>",
        "/unsubscribe 2",
        "stop following",
        changes_chat=True,
    ),
    Command(
        "subscriptions",
        "/subscriptions",
        "/subscriptions",
        "what this chat follows",
        takes_args=False,
    ),
    Command(
        "timeline",
        "/timeline [chart] [category] [24h | 7d | YYYY-MM-DD] [keyword]",
        "/timeline violations 7d Ganja",
        "the story so far, day by day (or as a chart)",
    ),
    Command("truce", "/truce [number]", "/truce 8", "truces in the news; one's detail and chart"),
    Command("sources", "/sources", "/sources", "the news feeds and their health", takes_args=False),
    Command("search", "/search <words>", '/search "prisoner exchange"', "search stored reports"),
    Command(
        "mute",
        "/mute [duration: 30m, 8h, 2d]",
        "/mute 8h",
        "pause alerts for a while",
        changes_chat=True,
    ),
    Command("unmute", "/unmute", "/unmute", "resume alerts", changes_chat=True, takes_args=False),
    Command(
        "digest",
        "/digest <HH:MM | off | now>",
        "/digest 08:00",
        "a daily summary at this time",
        changes_chat=True,
    ),
    Command(
        "timezone",
        "/timezone <IANA zone name>",
        "/timezone Europe/Moscow",
        "the time zone of every time shown here",
        changes_chat=True,
    ),
    Command(
        "addsource",
        "/addsource <url> [name]",
        "/addsource https://example.org/feed.xml",
        "add a news feed (admins)",
        admin=True,
    ),
    Command(
        "removesource",
        "/removesource <number | url>",
        "/removesource 3",
        "remove a news feed (admins)",
        admin=True,
    ),
    Command(
        "stats",
        "/stats",
        "/stats",
        "counts and delivery figures (admins)",
        admin=True,
        takes_args=False,
    ),
)
BY_NAME = {c.name: c for c in COMMANDS}

#: Arguments after these are ignored rather than refused: people type "/start hello".
ARGS_IGNORED = frozenset({"start", "help"})
