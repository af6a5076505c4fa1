"""Messages and alerts as Discord sees them: markdown with every piece of text escaped
(no mention can ping, no masked link or formatting can be planted), embeds within
Discord's limits, buttons as components carrying our payloads."""

from __future__ import annotations

import io
import re
from typing import Any
from urllib.parse import quote

import discord

from bot import buttons
from bot.format import AlertView
from bot.message import Bold, Code, Inline, Italic, Line, Link, Message, Surface
from bot.text import clip

#: A square bracket escape_markdown left unescaped.
_BRACKET = re.compile(r"(?<!\\)([\[\]])")
CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FOOTER_LIMIT = 2048
EMBED_TOTAL = 6000
#: Replies go in an embed's description when they are longer than a message's content.
DISCORD = Surface(DESCRIPTION_LIMIT, lambda ln: len(line_markdown(ln)))
COLOURS = {
    "ceasefire_violation": 0xD9480F,
    "casualty_report": 0xC92A2A,
    "diplomatic_move": 0x1971C2,
}
NEUTRAL = 0x495057


def esc(text: str) -> str:
    """Feed or user text, shown as itself: markdown escaped, mentions defused, and every
    square bracket escaped too — escape_markdown leaves a lone ']' alone, and inside our
    own link's label that would end the label early and let the rest plant a link."""
    escaped = _BRACKET.sub(r"\\\1", discord.utils.escape_markdown(text))
    return discord.utils.escape_mentions(escaped)


def inline_markdown(node: Inline) -> str:
    if isinstance(node, str):
        return esc(node)
    if isinstance(node, Code):
        return "`" + node.text.replace("`", "ˋ") + "`"
    inner = "".join(inline_markdown(p) for p in node.parts)
    if isinstance(node, Link):
        return f"[{inner}](<{quote(node.url, safe=':/?&=#%@+,;~!$*')}>)"
    assert isinstance(node, Bold | Italic)
    return f"**{inner}**" if isinstance(node, Bold) else f"*{inner}*"


def line_markdown(ln: Line) -> str:
    return "".join(inline_markdown(p) for p in ln)


def to_markdown(msg: Message) -> str:
    return "\n".join(line_markdown(ln) for ln in msg.lines)


def components(msg: Message) -> discord.ui.View | None:
    if not msg.buttons:
        return None
    view = discord.ui.View(timeout=None)
    for row, line in enumerate(msg.buttons):
        for b in line:
            payload = buttons.encode(b.action)
            view.add_item(discord.ui.Button(label=b.text[:80], custom_id=payload, row=row))
    return view


def reply_parts(msg: Message) -> dict[str, Any]:
    """Keyword arguments for a reply: short ones as content, longer ones in an embed."""
    text = to_markdown(msg)
    parts: dict[str, Any] = {}
    if len(text) <= CONTENT_LIMIT and msg.image is None:
        parts["content"] = text
    else:
        embed = discord.Embed(description=clip(text, DESCRIPTION_LIMIT), colour=NEUTRAL)
        parts["embed"] = embed
        if msg.image is not None:
            embed.set_image(url=f"attachment://{msg.image.name}")
            parts["file"] = discord.File(io.BytesIO(msg.image.png), filename=msg.image.name)
    view = components(msg)
    if view is not None:
        parts["view"] = view
    return parts


def alert_embed(view: AlertView) -> discord.Embed:
    """An alert: headline (linked), labels with their marks, figures, why, source, time."""
    lines = [esc(view.summary)] if view.summary else []
    if view.figures:
        lines.append(f"🧾 {esc(view.figures)}")
    lines.append(f"🔎 {esc(view.why)}")
    embed = discord.Embed(
        title=clip(esc(view.title), TITLE_LIMIT),
        url=view.url,
        description=clip("\n".join(lines), DESCRIPTION_LIMIT),
        colour=COLOURS.get(view.labels[0], NEUTRAL) if view.labels else NEUTRAL,
        timestamp=view.published,
    )
    embed.set_author(name=clip(f"{view.marks} {view.heading}".strip(), TITLE_LIMIT))
    embed.set_footer(text=clip(f"📰 {view.source}", FOOTER_LIMIT))
    assert len(embed) <= EMBED_TOTAL
    return embed
