"""A Message as JSON and back (pure), for notices kept in the database until sent.

The picture is kept apart (it is shared by many chats' notices); buttons keep their
payloads, read back through `bot.buttons` like any payload that comes from outside.
"""

from __future__ import annotations

from typing import Any

from bot import buttons
from bot.message import Bold, Button, Code, Image, Inline, Italic, Line, Link, Message


def inline_json(node: Inline) -> Any:
    if isinstance(node, str):
        return node
    if isinstance(node, Code):
        return {"code": node.text}
    parts = [inline_json(p) for p in node.parts]
    if isinstance(node, Link):
        return {"link": node.url, "parts": parts}
    return {"bold" if isinstance(node, Bold) else "italic": parts}


def inline_from(data: Any) -> Inline:
    if isinstance(data, str):
        return data
    if "code" in data:
        return Code(str(data["code"]))
    if "link" in data:
        return Link(str(data["link"]), parts_from(data["parts"]))
    if "bold" in data:
        return Bold(parts_from(data["bold"]))
    return Italic(parts_from(data["italic"]))


def parts_from(data: list[Any]) -> tuple[Inline, ...]:
    return tuple(inline_from(p) for p in data)


def message_json(msg: Message) -> dict[str, Any]:
    """The lines and buttons of a message (not its image)."""
    return {
        "lines": [[inline_json(p) for p in ln] for ln in msg.lines],
        "buttons": [[[b.text, buttons.encode(b.action)] for b in row] for row in msg.buttons],
    }


def message_from(data: dict[str, Any], image: Image | None = None) -> Message:
    """A message read back; a button whose payload no longer decodes is left out."""
    lines: tuple[Line, ...] = tuple(parts_from(ln) for ln in data.get("lines", ()))
    rows = []
    for row in data.get("buttons", ()):
        decoded = [(text, buttons.decode(payload)) for text, payload in row]
        kept = tuple(Button(text, action) for text, action in decoded if action is not None)
        if kept:
            rows.append(kept)
    return Message(lines, tuple(rows), image)
