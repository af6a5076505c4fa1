"""What a button does, and its payload: built and read here only (pure).

A payload comes back from the chat platform and can be forged, so reading it checks it
like typed input. Payloads fit Telegram's 64 bytes and Discord's 100-character custom id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from bot.models import CATEGORY_WORDS

MAX_PAYLOAD = 64


@dataclass(frozen=True, slots=True)
class Follow:
    """Follow a category (the /start buttons): the same as `/subscribe <category>`."""

    category: str  # a word users type: violations, diplomacy, casualties


@dataclass(frozen=True, slots=True)
class NextPage:
    """The next page of a timeline, kept in storage under `page_id`."""

    page_id: int


Action: TypeAlias = Follow | NextPage
_FOLLOWABLE = frozenset(CATEGORY_WORDS.values())


def encode(action: Action) -> str:
    if isinstance(action, Follow):
        return f"follow:{action.category}"
    return f"tl:{action.page_id}"


def decode(payload: str) -> Action | None:
    """The action a payload asks for, or None for one we never made."""
    kind, _, value = payload[:MAX_PAYLOAD].partition(":")
    if kind == "follow" and value in _FOLLOWABLE:
        return Follow(value)
    if kind == "tl" and is_number(value) and 0 < int(value) < 2**63:
        return NextPage(int(value))
    return None


def is_number(text: str) -> bool:
    """Plain digits that fit a database id ("²" and "①" are digits to str.isdigit, not here)."""
    return text.isascii() and text.isdecimal() and len(text) <= 18
