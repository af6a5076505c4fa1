"""One message model for every transport (pure).

Commands and alerts build a small tree — lines of text, bold, italic, code and links,
rows of buttons, an optional image — and each transport renders it in its own markup
(Telegram HTML, Discord markdown, terminal text), escaping every piece of text as it
goes. Nothing here knows any platform's markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeAlias

from bot.buttons import Action


@dataclass(frozen=True, slots=True)
class Bold:
    parts: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Italic:
    parts: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Code:
    text: str


@dataclass(frozen=True, slots=True)
class Link:
    """A link to an already vetted http(s) URL."""

    url: str
    parts: tuple[Inline, ...]


#: A piece of a line; a plain `str` is text, shown as it is (the renderer escapes it).
Inline: TypeAlias = str | Bold | Italic | Code | Link
Line: TypeAlias = tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Button:
    text: str
    action: Action


@dataclass(frozen=True, slots=True)
class Image:
    """A picture sent with the message (a chart), as PNG bytes."""

    png: bytes
    name: str
    alt: str


@dataclass(frozen=True, slots=True)
class Message:
    lines: tuple[Line, ...]
    buttons: tuple[tuple[Button, ...], ...] = ()
    image: Image | None = None


# --- building -------------------------------------------------------------------------------


def bold(*parts: Inline) -> Bold:
    return Bold(parts)


def italic(*parts: Inline) -> Italic:
    return Italic(parts)


def link(url: str | None, label: str) -> Inline:
    """A link, or just its text when there is no URL."""
    return Link(url, (label,)) if url else label


def line(*parts: Inline | None) -> Line:
    """A line from its parts; None and empty strings are left out."""
    return tuple(p for p in parts if p is not None and p != "")


def message(
    *lines: Line | str,
    buttons: Sequence[Sequence[Button]] = (),
    image: Image | None = None,
) -> Message:
    """A message from lines (a `str` is a line of plain text; "" an empty line)."""
    return Message(
        tuple((item,) if isinstance(item, str) else item for item in lines),
        tuple(tuple(row) for row in buttons),
        image,
    )


def join(*messages: Message) -> Message:
    """Lines of several messages as one, buttons and image of the last that has them."""
    buttons = next((m.buttons for m in reversed(messages) if m.buttons), ())
    image = next((m.image for m in reversed(messages) if m.image), None)
    return Message(tuple(ln for m in messages for ln in m.lines), buttons, image)


# --- reading --------------------------------------------------------------------------------


def visible(node: Inline | Line) -> str:
    """The text a reader sees (links show their text only)."""
    if isinstance(node, str):
        return node
    if isinstance(node, tuple):
        return "".join(visible(p) for p in node)
    if isinstance(node, Code):
        return node.text
    return "".join(visible(p) for p in node.parts)


def plain(node: Inline | Line) -> str:
    """Terminal or fallback text: what a reader sees, with each link's address after it."""
    if isinstance(node, Link):
        return f"{visible(node)} ({node.url})"
    if isinstance(node, str | Code):
        return visible(node)
    parts = node if isinstance(node, tuple) else node.parts
    return "".join(plain(p) for p in parts)


def plain_text(msg: Message) -> str:
    return "\n".join(plain(ln) for ln in msg.lines)


def visible_text(msg: Message) -> str:
    return "\n".join(visible(ln) for ln in msg.lines)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# --- fitting a transport's limit --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Surface:
    """What one transport shows in one message: the size of a rendered line, and the
    limit the whole message must stay within (lines are joined by one newline)."""

    limit: int
    line_size: Callable[[Line], int]

    def size(self, msg: Message) -> int:
        return sum(self.line_size(ln) + 1 for ln in msg.lines)

    def fit(self, lines: Sequence[Line], reserve: int = 96) -> tuple[list[Line], int]:
        """As many whole lines as fit, keeping `reserve` for what follows them; returns
        them and how many were left out."""
        kept: list[Line] = []
        size = 0
        for ln in lines:
            size += self.line_size(ln) + 1
            if size > self.limit - reserve:
                break
            kept.append(ln)
        return kept, len(lines) - len(kept)


#: Where no transport says otherwise: Telegram's 4,096 UTF-16 units of visible text, the
#: tightest text limit of the chat platforms we serve.
DEFAULT_SURFACE = Surface(4096, lambda ln: utf16_length(visible(ln)))
