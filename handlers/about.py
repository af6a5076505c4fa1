"""`/start` and `/help`: what the bot does and every command, in the reader's language;
command names, examples and the category words stored stay as they are typed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.buttons import Follow
from bot.i18n import Tongue
from bot.message import Button, Code, Line, Message, bold, line, message
from bot.models import CATEGORY_WORDS, LABEL_MARKS
from bot.words import category_word
from handlers.catalog import COMMANDS
from handlers.replies import Caller

if TYPE_CHECKING:
    from handlers.commands import Commands


async def start(commands: Commands, caller: Caller, args: str) -> Message:
    t = caller.tongue
    follow = tuple(
        Button(
            f"{LABEL_MARKS[label]} "
            + t.gettext("Follow {category}", category=category_word(word, t)),
            Follow(word),
        )
        for label, word in CATEGORY_WORDS.items()
    )
    return message(
        line(
            bold("TruceWatch"),
            t.gettext(
                " reads conflict news feeds and tells you, within minutes, when a cease-fire "
                "is broken ⚠️, when diplomats move 🕊 and when people are killed or wounded "
                "🩸 — one alert per story, however many outlets carry it."
            ),
        ),
        "",
        t.gettext("Tap a button to follow a category, or send for example"),
        line(Code("/subscribe casualties Stepanakert")),
        t.gettext("Send /help for every command."),
        buttons=[follow],
    )


async def help(commands: Commands, caller: Caller, args: str) -> Message:
    t = caller.tongue
    lines: list[Line | str] = [line(bold(t.gettext("Commands")))]
    for cmd in COMMANDS:
        if not cmd.admin or caller.bot_admin:
            about = t.gettext(cmd.about)
            lines += [f"/{cmd.name} — {about}", line("   ", Code(cmd.example))]
    return message(*lines, "", help_categories(t))


def help_categories(t: Tongue) -> Line:
    """The last lines of /help: the category words (in English, as stored, and in the
    reader's language) and how keywords match."""
    words = [
        p for w in ("violations", "diplomacy", "casualties") for p in (", ", Code(w), *_alias(w, t))
    ][1:]
    return line(
        t.gettext("Categories: "),
        *words,
        "; ",
        Code("truces"),
        *_alias("truces", t),
        t.gettext(
            " follows truce news. Keywords match whole words, any case or accent; "
            '"quoted phrases" match as a whole; '
        ),
        Code("-word"),
        t.gettext(" excludes."),
    )


def _alias(word: str, t: Tongue) -> tuple[str | Code, ...]:
    own = category_word(word, t)
    return () if own == word else (" (", Code(own), ")")


def remove_hint(t: Tongue) -> Line:
    return line(
        t.gettext("Remove one with "),
        Code("/unsubscribe 1"),
        t.gettext(", or all with "),
        Code("/unsubscribe all"),
        ".",
    )
