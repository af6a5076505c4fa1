"""Telegram channels as subscribers: one post reaches every reader, so a channel is the
cheapest way to alert thousands. A channel cannot send commands, so its administrators
set what it follows from a private chat with the bot: `/subscribe @channel violations`."""

from __future__ import annotations

import re

from telegram import Bot
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError

from bot.i18n import N_
from bot.models import ChatRef
from handlers.commands import Caller
from handlers.telegram.render import TELEGRAM

#: Commands that may name a channel first, and change or read what it follows.
FOR_CHANNELS = frozenset(
    {"subscribe", "unsubscribe", "subscriptions", "mute", "unmute", "language"}
)
_NAMED = re.compile(r"^(@[A-Za-z][A-Za-z0-9_]{3,31})(?:\s+|$)")
_ADMINS = (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)


class ChannelRefused(Exception):
    """Why the bot will not act for that channel; the message says what to do (in English;
    `template` and `values` let the reply say it in the user's language)."""

    def __init__(self, template: str, **values: object) -> None:
        super().__init__(template.format(**values))
        self.template, self.values = template, values


def named_channel(name: str, args: str) -> tuple[str, str] | None:
    """'@karabakh_alerts violations' -> ('@karabakh_alerts', 'violations'), for the
    commands that may act for a channel; None when no channel is named."""
    found = _NAMED.match(args) if name in FOR_CHANNELS else None
    return None if found is None else (found.group(1), args[found.end() :].strip())


async def channel_caller(
    bot: Bot, channel: str, user_id: int, *, bot_admin: bool, language: str | None = None
) -> Caller:
    """`user_id`, acting for the channel named `channel`, once Telegram confirms that it is
    a channel, that they administer it, and that the bot may post in it."""
    try:
        chat = await bot.get_chat(channel)
        if chat.type != ChatType.CHANNEL:
            raise ChannelRefused(N_("{channel} is not a channel."), channel=channel)
        member = await bot.get_chat_member(chat.id, user_id)
        me = await bot.get_chat_member(chat.id, bot.id)
    except TelegramError as exc:
        raise ChannelRefused(
            N_("I cannot see {channel}: add me to it first ({error})."),
            channel=channel,
            error=exc.message,
        ) from exc
    if member.status not in _ADMINS:
        raise ChannelRefused(
            N_("Only {channel}'s administrators can change what it follows."), channel=channel
        )
    if me.status != ChatMemberStatus.ADMINISTRATOR or not getattr(me, "can_post_messages", False):
        raise ChannelRefused(
            N_("Make me an administrator of {channel} who may post messages."), channel=channel
        )
    return Caller(
        ChatRef("telegram", chat.id),
        user_id,
        "channel",
        chat.title,
        bot_admin=bot_admin,
        surface=TELEGRAM,
        chat_admins=f"{channel}'s administrators",
        language=language,  # the administrator's: the first one heard stays the channel's
        language_of_member=True,
    )
