"""Who is asking (`Caller`), and the two replies every command module uses: a usage hint
and plain lines (pure)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

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
    #: who may change what a shared chat follows, as the platform calls them
    chat_admins: str = "this group's administrators"

    @property
    def shared(self) -> bool:
        return self.kind != "private"


def usage(name: str, before: str = "") -> Message:
    cmd = BY_NAME[name]
    prefix = f"{before} " if before else ""
    return message(line(prefix + "Usage: ", Code(cmd.usage), " — for example ", Code(cmd.example)))


def say(*lines: Line | str) -> Message:
    return message(*lines)
