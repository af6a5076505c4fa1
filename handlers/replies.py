"""Who is asking (`Caller`), and the two replies every command module uses: a usage hint
and plain lines (pure)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot.bidi import right_to_left
from bot.i18n import ENGLISH, N_, Tongue
from bot.message import DEFAULT_SURFACE, Code, Line, Message, Surface, line, message
from bot.models import ChatKind, ChatRef
from handlers.catalog import BY_NAME


async def _yes() -> bool:
    return True


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is asking, from where, and what they may do. `chat_admin` asks the transport
    (only when needed) whether the user may change what a shared chat follows."""

    chat: ChatRef
    user_id: int | None
    kind: ChatKind = "private"
    chat_title: str | None = None
    chat_admin: Callable[[], Awaitable[bool]] = field(default=_yes)
    bot_admin: bool = False
    surface: Surface = DEFAULT_SURFACE
    parent: int | None = None  # what the chat belongs to (a Discord server)
    #: who may change what a shared chat follows, as the platform calls them (an English
    #: message id, looked up in the chat's language)
    chat_admins: str = N_("this group's administrators")
    #: the language the platform says the user (or the chat) speaks, as a primary tag
    language: str | None = None
    #: True when `language` is one member's in a shared chat: the first one known stays
    language_of_member: bool = False
    #: the language replies are in: the chat's choice, else its platform's (set by Commands)
    tongue: Tongue = ENGLISH

    @property
    def shared(self) -> bool:
        return self.kind != "private"


def usage(t: Tongue, name: str, before: str = "") -> Message:
    cmd = BY_NAME[name]
    prefix = f"{before} " if before else ""
    return message(
        line(
            prefix + t.gettext("Usage: "),
            Code(t.gettext(cmd.usage)),
            t.gettext(" — for example "),
            Code(cmd.example),
        )
    )


def spoken(msg: Message, t: Tongue) -> Message:
    """A reply as the reader's language lays it out (right to left for Arabic)."""
    return right_to_left(msg) if t.rtl else msg


def say(*lines: Line | str) -> Message:
    return message(*lines)
