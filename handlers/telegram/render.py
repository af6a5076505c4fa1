"""Messages as Telegram HTML: every piece of text escaped, within 4,096 UTF-16 units of
visible text (Telegram's limit on a message)."""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import buttons
from bot.message import (
    Bold,
    Code,
    Inline,
    Italic,
    Line,
    Link,
    Message,
    Surface,
    plain_text,
    utf16_length,
    visible,
    visible_text,
)
from bot.text import clip

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
#: Telegram measures visible text (entities do not count) in UTF-16 code units.
TELEGRAM = Surface(MESSAGE_LIMIT, lambda ln: utf16_length(visible(ln)))


def esc(text: str) -> str:
    """Text between tags: only <, > and & mean markup there."""
    return html.escape(text, quote=False)


def inline_html(node: Inline) -> str:
    if isinstance(node, str):
        return esc(node)
    if isinstance(node, Code):
        return f"<code>{esc(node.text)}</code>"
    inner = "".join(inline_html(p) for p in node.parts)
    if isinstance(node, Link):
        return f'<a href="{html.escape(node.url, quote=True)}">{inner}</a>'
    tag = "b" if isinstance(node, Bold) else "i"
    assert isinstance(node, Bold | Italic)
    return f"<{tag}>{inner}</{tag}>"


def line_html(ln: Line) -> str:
    return "".join(inline_html(p) for p in ln)


def to_html(msg: Message) -> str:
    return "\n".join(line_html(ln) for ln in msg.lines)


def bounded(msg: Message, limit: int = MESSAGE_LIMIT) -> tuple[str, bool]:
    """The message as HTML, or — a last guard, should it be over the limit — as clipped
    plain text; returns the text and whether it is HTML."""
    if utf16_length(visible_text(msg)) <= limit:
        return to_html(msg), True
    return plain(msg, limit), False


def plain(msg: Message, limit: int = MESSAGE_LIMIT) -> str:
    """The message as plain text (links spelled out), within the limit."""
    text = plain_text(msg)
    # half the limit in code points is within it in UTF-16 units, whatever the text
    return text if utf16_length(text) <= limit else clip(text, limit // 2)


def keyboard(msg: Message) -> InlineKeyboardMarkup | None:
    if not msg.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.text, callback_data=buttons.encode(b.action)) for b in row]
            for row in msg.buttons
        ]
    )
