"""The slash commands' descriptions, options' descriptions and choices in each Discord
locale we speak, from the same gettext catalogues as replies. Names stay the Telegram
commands' and options' own, in every language; Discord has no Arabic locale, so Arabic
speakers see the English descriptions (and replies in Arabic once /language ar is set)."""

from __future__ import annotations

from discord import Locale, app_commands
from discord.app_commands import TranslationContextLocation as Where

from bot.i18n import DEFAULT, supported, tongue
from bot.words import FOLLOW_WORDS, category_word

#: Discord's limit on a description or a choice's name.
DISCORD_TEXT = 100
_NAMES = (Where.command_name, Where.group_name, Where.parameter_name)


class CatalogueTranslator(app_commands.Translator):
    async def translate(
        self,
        string: app_commands.locale_str,
        locale: Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        """The text in `locale`, or None to leave it in English."""
        code = supported(locale.value)
        if code in (None, DEFAULT) or context.location in _NAMES:
            return None
        return localised(string.message, code, context.location is Where.choice_name)


def localised(text: str, code: str, choice: bool) -> str | None:
    t = tongue(code)
    if choice:
        shown = category_word(text, t) if text in FOLLOW_WORDS else text
    else:
        shown = t.gettext(text)
    return shown[:DISCORD_TEXT] if shown != text else None
