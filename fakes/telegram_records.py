"""What the fake Telegram Bot API records and answers with: the messages it accepted, the
calls it answered, its error answers, the chats it knows and the faults it was told to
inject."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SentMessage:
    """A message Telegram accepted from the bot: a text, or a photo with its caption."""

    chat_id: int
    message_id: int
    text: str  # as the bot sent it, markup included (a photo's caption)
    visible_text: str  # after entity parsing and trimming, as a user sees it
    parse_mode: str | None
    entities: tuple[dict[str, Any], ...]
    reply_markup: dict[str, Any] | None
    link_preview_options: dict[str, Any] | None
    allow_paid_broadcast: bool
    photo: bytes | None  # the uploaded image of a sendPhoto
    received_at: float  # the fake's clock (time.monotonic unless one was given)
    params: dict[str, Any]

    @property
    def link_preview_disabled(self) -> bool:
        return bool((self.link_preview_options or {}).get("is_disabled"))


@dataclass(frozen=True)
class ApiCall:
    """A request the fake answered, or dropped (status 0)."""

    method: str  # canonical camelCase, or as sent when unknown
    params: dict[str, Any]  # decoded
    status: int
    description: str | None
    at: float


class ApiError(Exception):
    """A Bot API error answer: {"ok": false, "error_code": status, "description": ...}."""

    def __init__(self, status: int, description: str, **parameters: Any) -> None:
        super().__init__(description)
        self.status, self.description, self.parameters = status, description, parameters

    def body(self) -> dict[str, Any]:
        body = {"ok": False, "error_code": self.status, "description": self.description}
        return {**body, "parameters": self.parameters} if self.parameters else body


def bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


def too_many(retry_after: int) -> ApiError:
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)


@dataclass
class Fault:
    method: str  # lower case
    kind: str  # an HTTP status, "timeout" or "reset"
    remaining: int
    chat_id: int | None
    opts: dict[str, Any]


@dataclass
class FakeChat:
    id: int
    type: str
    title: str | None = None
    blocked: bool = False
    members: dict[int, str] = field(default_factory=dict)  # user id -> status
    next_message_id: int = 1
    username: str | None = None  # a public group's or channel's @name

    def json(self) -> dict[str, Any]:
        if self.type == "private":
            return {"id": self.id, "type": self.type, "first_name": f"User {self.id}"}
        named = {"username": self.username} if self.username else {}
        title = self.title or f"Group {abs(self.id)}"
        return {"id": self.id, "type": self.type, "title": title, **named}
