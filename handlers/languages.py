"""`/language`: the language the bot speaks in a chat. `/language ru` chooses one (by its
code, or its name in any language we speak: "русский", "Russian", "russe"), `/language
auto` follows the platform again (a Telegram user's app language, a Discord server's or
user's locale), `/language` alone says which it is and lists the choices."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from babel import Locale

from bot.i18n import LANGUAGES, Tongue, supported, tongue
from bot.message import Code, Message, bold, line
from bot.text import clip
from bot.words import listing
from handlers.replies import Caller, say, usage
from storage.store import Store

if TYPE_CHECKING:
    from handlers.commands import Commands

AUTO = "auto"


@functools.cache
def language_names() -> dict[str, str]:
    """Every way to name a language we speak -> its code: the code, and its name in each
    of the languages we speak (from the CLDR data Babel ships), in lower case."""
    names = {code: code for code in LANGUAGES}
    for code in LANGUAGES:
        for reader in LANGUAGES:
            name = Locale.parse(code).get_display_name(reader) or code
            names.setdefault(name.casefold(), code)
    return names


def named_language(typed: str) -> str | None:
    """The language `typed` names ("RU", "ru-RU", "Русский", "french"), or None."""
    wanted = typed.strip().casefold()
    return language_names().get(wanted) or supported(wanted if len(wanted) <= 8 else None)


def choices(t: Tongue) -> str:
    """ "English (en), Русский (ru), …" """
    return listing([f"{tongue(c).name} ({c})" for c in LANGUAGES], t)


async def language(commands: Commands, caller: Caller, args: str) -> Message:
    if not args:
        return await language_status(commands, caller)
    if args.strip().casefold() == AUTO:
        await commands.store.write(Store.set_language, caller.chat, None)
        now = (await commands.speaking(caller)).tongue
        return say(now.gettext("I follow the app's language here again: {name}.", name=now.name))
    code = named_language(args)
    if code is None:
        t = caller.tongue
        unknown = t.gettext("I do not speak {language}.", language=clip(args, 40))
        return usage(t, "language", unknown)
    await commands.store.write(Store.set_language, caller.chat, code)
    chosen = tongue(code)
    return say(
        line(chosen.gettext("I speak {name} here now.", name=chosen.name)),
        line(Code("/language auto"), chosen.gettext(" follows the app's language again.")),
    )


async def language_status(commands: Commands, caller: Caller) -> Message:
    t = caller.tongue
    prefs = await commands.store.read(Store.chat_prefs, caller.chat)
    if prefs is not None and prefs.language:
        why = t.gettext(", as chosen with /language.")
    else:
        why = t.gettext(", the app's language (English when I do not speak it).")
    return say(
        line(t.gettext("I speak "), bold(t.name), why),
        line(t.gettext("Languages: {choices}.", choices=choices(t))),
        line(
            t.gettext("Change with "),
            Code("/language ru"),
            t.gettext(" or "),
            Code("/language auto"),
            ".",
        ),
    )
