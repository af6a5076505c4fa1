"""A Message sent to a Telegram chat: as text, or, with a picture, as a photo whose caption
is the text when it fits Telegram's 1,024 UTF-16 units; a longer text follows the photo
(captioned with the picture's description) as its own message."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, LinkPreviewOptions, ReplyParameters
from telegram.constants import ParseMode
from telegram.ext import ExtBot

from bot.message import Image, Message, utf16_length, visible_text
from bot.text import clip
from handlers.telegram.render import CAPTION_LIMIT, MESSAGE_LIMIT, bounded, keyboard, plain

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def fits_caption(msg: Message) -> bool:
    return utf16_length(visible_text(msg)) <= CAPTION_LIMIT


def as_text(msg: Message, html: bool, limit: int = MESSAGE_LIMIT) -> tuple[str, str | None]:
    """The text and its parse mode: HTML unless told otherwise (or over the limit)."""
    text, is_html = bounded(msg, limit)
    if html and is_html:
        return text, ParseMode.HTML
    return plain(msg, limit), None


async def send_rendered(
    bot: ExtBot[Any],
    chat_id: int,
    msg: Message,
    *,
    html: bool = True,
    reply_to: ReplyParameters | None = None,
    retries: int = 0,
) -> int:
    """Send `msg`; the id of the last message sent. Raises PTB's errors."""
    limits: dict[str, Any] = {"rate_limit_args": {"max_retries": retries}}
    if msg.image is None:
        return await send_text(bot, chat_id, msg, html, reply_to, limits)
    if fits_caption(msg):
        caption = as_text(msg, html, CAPTION_LIMIT)
        return await send_photo(bot, chat_id, msg.image, caption, keyboard(msg), reply_to, limits)
    described = (clip(msg.image.alt, CAPTION_LIMIT // 2), None)
    await send_photo(bot, chat_id, msg.image, described, None, reply_to, limits)
    return await send_text(bot, chat_id, msg, html, None, limits)


async def send_photo(
    bot: ExtBot[Any],
    chat_id: int,
    image: Image,
    caption: tuple[str, str | None],
    markup: InlineKeyboardMarkup | None,
    reply_to: ReplyParameters | None,
    limits: dict[str, Any],
) -> int:
    """The picture, uploaded, with a caption (and its parse mode)."""
    text, mode = caption
    sent = await bot.send_photo(
        chat_id,
        image.png,
        caption=text,
        parse_mode=mode,
        reply_markup=markup,
        reply_parameters=reply_to,
        filename=image.name,
        **limits,
    )
    return int(sent.message_id)


async def send_text(
    bot: ExtBot[Any],
    chat_id: int,
    msg: Message,
    html: bool,
    reply_to: ReplyParameters | None,
    limits: dict[str, Any],
) -> int:
    text, mode = as_text(msg, html)
    sent = await bot.send_message(
        chat_id,
        text,
        parse_mode=mode,
        reply_markup=keyboard(msg),
        link_preview_options=NO_PREVIEW,
        reply_parameters=reply_to,
        **limits,
    )
    return int(sent.message_id)
