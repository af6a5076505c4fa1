"""Every chat command: its name, how to use it, an example, and who may run it. The
same table names Telegram's commands and Discord's slash commands. Names and examples are
the same in every language; usage and descriptions are message ids (English), looked up in
the reader's language where they are shown."""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n import N_


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
        N_("what TruceWatch does, and quick follow buttons"),
        takes_args=False,
    ),
    Command("help", "/help", "/help", N_("every command with an example"), takes_args=False),
    Command(
        "subscribe",
        N_("/subscribe <categories, truces and/or keywords>"),
        "/subscribe casualties Stepanakert",
        N_("follow categories and keywords"),
        changes_chat=True,
    ),
    Command(
        "unsubscribe",
        N_("/unsubscribe <number | same words | all>"),
        "/unsubscribe 2",
        N_("stop following"),
        changes_chat=True,
    ),
    Command(
        "subscriptions",
        "/subscriptions",
        "/subscriptions",
        N_("what this chat follows"),
        takes_args=False,
    ),
    Command(
        "timeline",
        N_("/timeline [chart] [category] [24h | 7d | YYYY-MM-DD] [keyword]"),
        "/timeline violations 7d Ganja",
        N_("the story so far, day by day (or as a chart)"),
    ),
    Command(
        "truce", N_("/truce [number]"), "/truce 8", N_("truces in the news; one's detail and chart")
    ),
    Command(
        "sources",
        "/sources",
        "/sources",
        N_("the news feeds and their health"),
        takes_args=False,
    ),
    Command(
        "search", N_("/search <words>"), '/search "prisoner exchange"', N_("search stored reports")
    ),
    Command(
        "mute",
        N_("/mute [duration: 30m, 8h, 2d]"),
        "/mute 8h",
        N_("pause alerts for a while"),
        changes_chat=True,
    ),
    Command(
        "unmute", "/unmute", "/unmute", N_("resume alerts"), changes_chat=True, takes_args=False
    ),
    Command(
        "digest",
        N_("/digest <HH:MM | off | now>"),
        "/digest 08:00",
        N_("a daily summary at this time"),
        changes_chat=True,
    ),
    Command(
        "timezone",
        N_("/timezone <IANA zone name>"),
        "/timezone Europe/Moscow",
        N_("the time zone of every time shown here"),
        changes_chat=True,
    ),
    Command(
        "language",
        "/language <en | ru | uk | fr | ar | auto>",
        "/language ru",
        N_("the language I speak here"),
        changes_chat=True,
    ),
    Command(
        "addsource",
        N_("/addsource <url> [name]"),
        "/addsource https://example.org/feed.xml",
        N_("add a news feed (admins)"),
        admin=True,
    ),
    Command(
        "removesource",
        N_("/removesource <number | url>"),
        "/removesource 3",
        N_("remove a news feed (admins)"),
        admin=True,
    ),
    Command(
        "stats",
        "/stats",
        "/stats",
        N_("counts and delivery figures (admins)"),
        admin=True,
        takes_args=False,
    ),
)
BY_NAME = {c.name: c for c in COMMANDS}

#: Arguments after these are ignored rather than refused: people type "/start hello".
ARGS_IGNORED = frozenset({"start", "help"})
