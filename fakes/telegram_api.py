"""A fake Telegram Bot API server on loopback, for tests and benchmarks.

The real python-telegram-bot library talks to it over HTTP exactly as it talks to
api.telegram.org: point ``Bot``/``ApplicationBuilder`` at ``tg.base_url``.

How PTB 22 sends parameters (``telegram/request/_httpxrequest.py``): every call is a
``POST`` whose body is ``application/x-www-form-urlencoded`` (``multipart/form-data``
when files are uploaded). Each field is ``RequestParameter.json_value``: strings are
sent as they are, everything else JSON-encoded -- ``chat_id=42``, ``disable_notification
=true``, ``reply_markup={"inline_keyboard": ...}``. Telegram also accepts a JSON body
and query-string parameters, so the fake accepts all of them and decodes each value
by the type the Bot API documents for that parameter (a ``text`` of ``"42"`` stays a
string).

The fake enforces Telegram's flood limits and message validation by default, can
inject faults on demand, and records everything for assertions. The driver API
(``push_message``, ``wait_for_messages``...) is async; when the server runs in its own
thread (``start_in_thread``) those coroutines are forwarded to the server's loop, and the
synchronous accessors (``sent``, ``calls``, ``stats()``...) are guarded by a lock.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import math
import re
import socket
import struct
import threading
import time
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar
from urllib.parse import urlsplit

from aiohttp import web

__all__ = [
    "DEFAULT_TOKEN",
    "ApiCall",
    "FakeTelegram",
    "Fault",
    "HtmlParseError",
    "ParsedHtml",
    "RateLimits",
    "SentMessage",
    "parse_telegram_html",
    "telegram_html_to_text",
    "utf16_len",
]

T = TypeVar("T")
Params = dict[str, Any]

# Shape-valid token: `<bot id>:<35 characters>`, like the ones @BotFather hands out.
DEFAULT_TOKEN = "7000000001:AAFakeTokenForLoopbackTestsOnly_0000"  # noqa: S105 -- a fake's
_TOKEN_SHAPE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{30,64}$")

MAX_MESSAGE_UTF16 = 4096
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER_CHARS = 200

# Update types delivered when a bot never set `allowed_updates` (Bot API: all but these).
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
# A leading bot command as Telegram detects it: /name, optionally @botname.
_LEADING_COMMAND = re.compile(r"^/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")

_CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot "
    "instance is running"
)
_QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a content and reply markup of the current message"
)
_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request: injected fault",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: _CONFLICT,
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
_NGINX_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


# --------------------------------------------------------------------------------------
# Telegram's HTML parse mode
# --------------------------------------------------------------------------------------


class HtmlParseError(ValueError):
    """Markup Telegram would refuse with "can't parse entities: <reason>"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ParsedHtml:
    """Visible text (not yet trimmed) and the MessageEntity dicts Telegram would attach."""

    text: str
    entities: tuple[dict[str, Any], ...]


_ALLOWED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
    }
)
_SIMPLE_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
}
# Telegram's server (tdlib) treats NUL as whitespace too; Python strings keep it as a char.
_HTML_SPACES = frozenset(" \t\n\r\v\f\0")
_NAMED_REFERENCES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


@dataclass
class _OpenTag:
    name: str
    argument: str
    utf16_start: int
    begin: int  # index of "<" in the source, for error offsets


class _HtmlParser:
    """Re-implements the behaviour of Telegram's HTML parse mode, error texts included.

    Telegram itself shows an unknown `&name;` (and a lone `&`) literally. With
    `strict_entities` (the fake's default) they are refused instead, because a message
    that contains them almost always has unescaped user text in it.
    """

    def __init__(self, source: str, *, strict_entities: bool) -> None:
        self.src = source
        self.strict = strict_entities
        self.out: list[str] = []
        self.utf16 = 0
        self.stack: list[_OpenTag] = []
        self.entities: list[dict[str, Any]] = []

    # -- helpers -------------------------------------------------------------------------
    def error(self, reason: str) -> HtmlParseError:
        return HtmlParseError(reason)

    def byte_offset(self, index: int) -> int:
        return len(self.src[:index].encode("utf-8", "surrogatepass"))

    def emit(self, ch: str) -> None:
        self.out.append(ch)
        self.utf16 += 2 if ord(ch) > 0xFFFF else 1

    def at_space(self, i: int) -> bool:
        return i < len(self.src) and self.src[i] in _HTML_SPACES

    def skip_spaces(self, i: int) -> int:
        while self.at_space(i):
            i += 1
        return i

    # -- character references ------------------------------------------------------------
    def reference(self, i: int) -> tuple[str, int] | None:
        """Decode `&...` at `i` the way Telegram does; None when it is not a reference."""
        src, n = self.src, len(self.src)
        j = i + 1
        if j < n and src[j] == "#":
            j += 1
            is_hex = j < n and src[j] == "x"
            j += is_hex
            digits_start = j
            allowed = "0123456789abcdefABCDEF" if is_hex else "0123456789"
            while j < n and src[j] in allowed:
                j += 1
            digits = src[digits_start:j]
            value = int(digits, 16 if is_hex else 10) if digits else 0
            # Telegram gives up on 0, on values from U+10FFFF up and on very long numbers.
            if value == 0 or value >= 0x10FFFF or j - i >= 10:
                return None
            decoded = chr(value)
        else:
            while j < n and src[j].isascii() and src[j].isalpha():
                j += 1
            decoded_or_none = _NAMED_REFERENCES.get(src[i + 1 : j])
            if decoded_or_none is None:
                return None
            decoded = decoded_or_none
        if j < n and src[j] == ";":
            return decoded, j + 1
        if self.strict:
            return None  # strict: the terminating semicolon is required
        return decoded, j

    def strict_reference_error(self, i: int) -> HtmlParseError:
        match = re.match(r"&#?[A-Za-z0-9]*;?", self.src[i:])
        token = match.group(0) if match else "&"
        where = f"at byte offset {self.byte_offset(i)}"
        self.strict = False
        lenient = self.reference(i)  # would Telegram decode it without the ";"?
        self.strict = True
        if lenient is not None:
            return self.error(f'HTML entity "{token}" must end with ";" {where}')
        if token.endswith(";"):
            return self.error(f'Unsupported HTML entity "{token}" {where}')
        return self.error(f'Unescaped "&" {where}')

    def ampersand(self, i: int, sink: Callable[[str], None]) -> int:
        decoded = self.reference(i)
        if decoded is not None:
            sink(decoded[0])
            return decoded[1]
        if self.strict:
            raise self.strict_reference_error(i)
        sink("&")
        return i + 1

    # -- tags ------------------------------------------------------------------------------
    def parse(self) -> ParsedHtml:
        i, n = 0, len(self.src)
        while i < n:
            ch = self.src[i]
            if ch == "&":
                i = self.ampersand(i, self.emit)
            elif ch == "<":
                i = self.end_tag(i) if self.src[i + 1 : i + 2] == "/" else self.start_tag(i)
            else:
                self.emit(ch)
                i += 1
        if self.stack:
            raise self.error(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"'
            )
        text = "".join(self.out)
        if any("\ud800" <= ch <= "\udfff" for ch in text):
            raise self.error(
                "Text contains invalid Unicode characters after decoding HTML entities, "
                "check for unmatched surrogate code units"
            )
        return ParsedHtml(text, tuple(sorted(self.entities, key=_entity_order)))

    def start_tag(self, begin: int) -> int:
        src, n = self.src, len(self.src)
        i = begin + 1
        while i < n and src[i] not in _HTML_SPACES and src[i] != ">":
            i += 1
        if i >= n:
            raise self.error(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
        name = src[begin + 1 : i].lower()
        if name not in _ALLOWED_TAGS:
            raise self.error(
                f'Unsupported start tag "{name}" at byte offset {self.byte_offset(begin)}'
            )
        attributes, i = self.attributes(name, begin, i)
        self.stack.append(
            _OpenTag(name, self.tag_argument(name, attributes, begin), self.utf16, begin)
        )
        return i + 1  # past ">"

    def attributes(self, tag: str, begin: int, i: int) -> tuple[dict[str, str], int]:
        """Parse `name=value` pairs up to the closing ">"; returns them and its index."""
        src, n = self.src, len(self.src)
        found: dict[str, str] = {}
        unclosed = f"Unclosed start tag at byte offset {self.byte_offset(begin)}"
        while True:
            i = self.skip_spaces(i)
            if i >= n:
                raise self.error(unclosed)
            if src[i] == ">":
                return found, i
            name_start = i
            while i < n and src[i] not in _HTML_SPACES and src[i] not in "=>":
                i += 1
            attr = src[name_start:i].lower()
            if not attr:
                raise self.error(
                    f'Empty attribute name in the tag "{tag}" at byte offset '
                    f"{self.byte_offset(begin)}"
                )
            i = self.skip_spaces(i)
            if i >= n:
                raise self.error(unclosed)
            if src[i] != "=":
                # The only attribute Telegram accepts without a value.
                if tag == "blockquote" and attr == "expandable":
                    found[attr] = ""
                    continue
                raise self.error(
                    f'Expected equal sign in declaration of an attribute of the tag "{tag}" '
                    f"at byte offset {self.byte_offset(begin)}"
                )
            i = self.skip_spaces(i + 1)
            if i >= n:
                raise self.error(
                    f'Unclosed start tag "{tag}" at byte offset {self.byte_offset(begin)}'
                )
            found[attr], i = self.attribute_value(i)
            if i >= n:
                raise self.error(unclosed)

    def attribute_value(self, i: int) -> tuple[str, int]:
        src, n = self.src, len(self.src)
        if src[i] not in "'\"":
            # An unquoted name token: letters, digits, "." and "-", case-insensitive.
            start = i
            while i < n and ((src[i].isascii() and src[i].isalnum()) or src[i] in ".-"):
                i += 1
            if i < n and src[i] not in _HTML_SPACES and src[i] != ">":
                raise self.error(
                    f"Unexpected end of name token at byte offset {self.byte_offset(start)}"
                )
            return src[start:i].lower(), i
        quote = src[i]
        i += 1
        chars: list[str] = []
        while i < n and src[i] != quote:
            if src[i] == "&":
                i = self.ampersand(i, chars.append)
            else:
                chars.append(src[i])
                i += 1
        return "".join(chars), (i + 1 if i < n else i)

    def tag_argument(self, tag: str, attributes: dict[str, str], begin: int) -> str:
        if tag == "a":
            return attributes.get("href", "")
        if tag == "code":
            language = attributes.get("class", "")
            return language.removeprefix("language-") if language.startswith("language-") else ""
        if tag == "span" and attributes.get("class") != "tg-spoiler":
            raise self.error(
                f'Tag "span" must have class "tg-spoiler" at byte offset {self.byte_offset(begin)}'
            )
        if tag == "tg-emoji":
            emoji_id = attributes.get("emoji-id", "")
            if not emoji_id.isdigit() or int(emoji_id) == 0:
                raise self.error("Invalid custom emoji identifier specified")
            return emoji_id
        if tag == "blockquote":
            return "expandable" if "expandable" in attributes else ""
        return ""

    def end_tag(self, begin: int) -> int:
        src, n = self.src, len(self.src)
        if not self.stack:
            raise self.error(f"Unexpected end tag at byte offset {self.byte_offset(begin)}")
        i = begin + 2
        while i < n and src[i] not in _HTML_SPACES and src[i] != ">":
            i += 1
        end_name = src[begin + 2 : i]
        i = self.skip_spaces(i)
        if i >= n or src[i] != ">":
            raise self.error(f"Unclosed end tag at byte offset {self.byte_offset(begin)}")
        top = self.stack[-1]
        # `</>` closes whatever is open; a named end tag must match the innermost open tag.
        if end_name and end_name.lower() != top.name:
            raise self.error(
                f"Unmatched end tag at byte offset {self.byte_offset(begin)}, "
                f'expected "</{top.name}>", found "</{end_name}>"'
            )
        self.stack.pop()
        if self.utf16 > top.utf16_start:
            self.add_entity(top)
        return i + 1

    def add_entity(self, tag: _OpenTag) -> None:
        offset, length = tag.utf16_start, self.utf16 - tag.utf16_start
        entity: dict[str, Any] = {"offset": offset, "length": length}
        if tag.name in _SIMPLE_ENTITY_TYPES:
            entity["type"] = _SIMPLE_ENTITY_TYPES[tag.name]
        elif tag.name == "a":
            entity["type"] = "text_link"
            entity["url"] = tag.argument or _text_since(self.out, tag.utf16_start)
        elif tag.name == "code":
            entity["type"] = "code"
            if tag.argument:
                entity["language"] = tag.argument  # kept only if a <pre> wraps it, see below
        elif tag.name == "pre":
            entity["type"] = "pre"
            last = self.entities[-1] if self.entities else None
            if (
                last
                and last["type"] == "code"
                and last["offset"] == offset
                and last["length"] == length
                and last.get("language")
            ):
                self.entities.pop()
                entity["language"] = last["language"]
        elif tag.name == "blockquote":
            entity["type"] = "expandable_blockquote" if tag.argument else "blockquote"
        else:  # tg-emoji
            entity["type"] = "custom_emoji"
            entity["custom_emoji_id"] = tag.argument
        self.entities.append(entity)


def _text_since(out: list[str], utf16_start: int) -> str:
    text = "".join(out)
    units = text.encode("utf-16-le", "surrogatepass")[utf16_start * 2 :]
    return units.decode("utf-16-le", "surrogatepass")


def _entity_order(entity: dict[str, Any]) -> tuple[int, int]:
    return entity["offset"], -entity["length"]


def parse_telegram_html(html: str, *, strict_entities: bool = True) -> ParsedHtml:
    """Parse `html` as Telegram's ``parse_mode=HTML`` does; raises HtmlParseError."""
    parser = _HtmlParser(html, strict_entities=strict_entities)
    parsed = parser.parse()
    for entity in parsed.entities:
        if entity["type"] == "code":
            entity.pop("language", None)  # a language only survives inside <pre>
    return parsed


def telegram_html_to_text(html: str, *, strict_entities: bool = True) -> str:
    """Text a user would see for `html` (trimmed like Telegram); ValueError if refused.

    With ``strict_entities=False`` this behaves exactly like Telegram, which shows an
    unknown ``&name;`` or a lone ``&`` literally; the default refuses them.
    """
    return parse_telegram_html(html, strict_entities=strict_entities).text.strip()


def _trim(text: str, entities: Iterable[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Strip surrounding whitespace like Telegram and shift/clip entities to match."""
    stripped = text.strip()
    if not stripped:
        return "", []
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    size = utf16_len(stripped)
    kept: list[dict[str, Any]] = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, size)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return stripped, kept


# --------------------------------------------------------------------------------------
# Records, limits, faults
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SentMessage:
    """One message Telegram accepted from the bot (sendMessage)."""

    chat_id: int
    message_id: int
    text: str  # as the bot sent it, markup included
    visible_text: str  # after entity parsing and trimming, as a user sees it
    parse_mode: str | None
    entities: tuple[dict[str, Any], ...]
    reply_markup: dict[str, Any] | None
    disable_web_page_preview: bool | None
    link_preview_options: dict[str, Any] | None
    disable_notification: bool | None
    reply_to_message_id: int | None
    message_thread_id: int | None
    received_at: float  # the fake's clock (time.monotonic unless one was injected)
    params: dict[str, Any]

    @property
    def link_preview_disabled(self) -> bool:
        options = self.link_preview_options or {}
        return bool(self.disable_web_page_preview or options.get("is_disabled"))


@dataclass(frozen=True)
class ApiCall:
    """Every request the fake answered (or dropped)."""

    method: str  # canonical camelCase name, or the raw name when unknown
    params: dict[str, Any]  # decoded values
    raw_params: dict[str, Any]  # as received (form values are strings)
    encoding: str  # "form", "multipart", "json", "query" or "none"
    status: int  # HTTP status; 0 when the connection was dropped without a response
    outcome: str  # "ok", "rate_limited", "error", "fault:<kind>"
    description: str | None
    at: float

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass(frozen=True)
class RateLimits:
    """Telegram's documented flood limits, counted over sliding windows of accepted sends."""

    per_second_total: int = 30
    per_second_private: int = 1
    per_minute_group: int = 20
    methods: frozenset[str] = frozenset({"sendmessage"})  # lower-case method names


@dataclass
class Fault:
    method: str  # lower-case method name or "*"
    kind: str  # "429", "400", "403", "5xx", "timeout", "reset", or any HTTP status
    remaining: int | None  # None: until clear_faults()
    chat_id: int | None
    opts: dict[str, Any]
    fired: int = 0

    def matches(self, method: str, chat_id: int | None) -> bool:
        if self.remaining == 0:
            return False
        if self.method not in ("*", method.lower()):
            return False
        return self.chat_id is None or self.chat_id == chat_id


class ApiError(Exception):
    """A Bot API error answer: {"ok": false, "error_code": status, "description": ...}."""

    def __init__(
        self, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


class _RateLimited(ApiError):
    def __init__(self, retry_after: int) -> None:
        super().__init__(
            429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
        )


def _bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


# --------------------------------------------------------------------------------------
# Parameter decoding
# --------------------------------------------------------------------------------------


def _json_value(params: Params, name: str, error: str) -> Any:
    """A structured parameter: PTB sends it as a JSON string, JSON bodies as a value."""
    value = params.get(name)
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        raise _bad(error) from None


def _int_value(params: Params, name: str) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        raise _bad(f"invalid {name} specified") from None


def _float_value(params: Params, name: str) -> float | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise _bad(f"invalid {name} specified") from None


def _bool_value(params: Params, name: str) -> bool | None:
    value = params.get(name)
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "1")


def _str_value(params: Params, name: str) -> str | None:
    value = params.get(name)
    return None if value is None else str(value)


def _chat_id_hint(params: Params) -> int | None:
    """Best-effort chat id for fault matching, before any validation."""
    try:
        return _int_value(params, "chat_id")
    except ApiError:
        return None


# --------------------------------------------------------------------------------------
# Chats and users
# --------------------------------------------------------------------------------------


@dataclass
class _Chat:
    id: int
    type: str
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    blocked: bool = False
    kicked: bool = False
    members: dict[int, str] = field(default_factory=dict)  # user id -> status
    next_message_id: int = 1

    def json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.type == "private":
            data["first_name"] = self.first_name or f"User {self.id}"
        else:
            data["title"] = self.title or f"Group {abs(self.id)}"
        if self.username:
            data["username"] = self.username
        return data


def _default_chat_type(chat_id: int) -> str:
    if chat_id > 0:
        return "private"
    return "supergroup" if str(chat_id).startswith("-100") else "group"


# --------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------


class FakeTelegram:
    """Fake Bot API at ``http://127.0.0.1:<port>/bot<token>/<method>``. See module docstring."""

    # Canonical names; Telegram treats method names case-insensitively.
    METHODS: ClassVar[tuple[str, ...]] = (
        "getMe",
        "getUpdates",
        "deleteWebhook",
        "getWebhookInfo",
        "setMyCommands",
        "getMyCommands",
        "deleteMyCommands",
        "sendMessage",
        "editMessageText",
        "editMessageReplyMarkup",
        "deleteMessage",
        "answerCallbackQuery",
        "getChat",
        "getChatMember",
        "getChatAdministrators",
        "sendChatAction",
        "close",
        "logOut",
    )
    # Methods that act on a chat and so are refused for blocked/kicked/migrated/forgotten ones.
    _CHAT_METHODS: ClassVar[frozenset[str]] = frozenset(
        {
            "sendmessage",
            "editmessagetext",
            "editmessagereplymarkup",
            "deletemessage",
            "getchat",
            "getchatmember",
            "getchatadministrators",
            "sendchataction",
        }
    )

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "TruceWatchBot",
        bot_first_name: str = "TruceWatch",
        host: str = "127.0.0.1",
        port: int = 0,
        limits: RateLimits | None = RateLimits(),  # frozen, so sharing the default is safe
        latency: float = 0.0,
        strict_html_entities: bool = True,
        clock: Callable[[], float] = time.monotonic,
        timeout_hold: float = 30.0,
    ) -> None:
        self.token = token
        bot_id = token.split(":", 1)[0]
        self.bot_id = int(bot_id) if bot_id.isdigit() else 1  # Telegram: the token's prefix
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.host = host
        self._requested_port = port
        self.latency = latency
        self.strict_html_entities = strict_html_entities
        self.timeout_hold = timeout_hold
        self._clock = clock
        self._limits = limits
        self._lock = threading.RLock()
        self._reset_state()
        self._method_table = self._handlers()
        # Set in start(): they belong to the loop that serves requests.
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._records_cond: asyncio.Condition | None = None
        self._updates_cond: asyncio.Condition | None = None
        self._closing: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    def _reset_state(self) -> None:
        self._chats: dict[int, _Chat] = {}
        self._users: dict[int, dict[str, Any]] = {}
        self._forgotten: set[int] = set()
        self._migrated: dict[int, int] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(100_000)
        self._callback_ids = itertools.count(1)
        self._callbacks: dict[str, dict[str, Any] | None] = {}
        self._allowed_updates: frozenset[str] | None = None
        self._poll_generation = 0
        self._pollers_waiting = 0
        self._commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self._faults: list[Fault] = []
        self._logged_out = False
        self._window_total: deque[float] = deque()
        self._window_chat: dict[int, deque[float]] = {}
        self._sent: list[SentMessage] = []
        self._calls: list[ApiCall] = []
        # Counts kept alongside the lists so waiting predicates stay O(1) at 5,000 messages.
        self._sent_per_chat: Counter[int] = Counter()
        self._calls_per_method: Counter[str] = Counter()
        self._rate_limited = 0
        self._injected_429 = 0
        self._status_counts: Counter[int] = Counter()

    # ---------------------------------------------------------------- lifecycle
    @property
    def base_url(self) -> str:
        """For PTB's ``base_url``: PTB appends the token, then ``/<method>``."""
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://{self.host}:{self.port}/file/bot"

    @property
    def bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def start(self) -> FakeTelegram:
        self._loop = asyncio.get_running_loop()
        self._records_cond = asyncio.Condition()
        self._updates_cond = asyncio.Condition()
        self._closing = asyncio.Event()
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("*", "/{tail:.*}", self._not_found)
        # handler_cancellation: a client that gives up (PTB cancelling a long poll, an
        # HTTP read timeout) must not leave a handler holding its request open.
        self._runner = web.AppRunner(
            app, handler_cancellation=True, access_log=None, shutdown_timeout=2.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self._requested_port, reuse_address=True)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def stop(self) -> None:
        if self._runner is None:
            return
        assert self._closing is not None
        self._closing.set()
        await self._notify(self._updates_cond)  # long polls return at once
        await self._runner.cleanup()
        self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    def start_in_thread(self) -> FakeTelegram:
        """Serve from a background thread with its own event loop (for benchmarks)."""
        ready = threading.Event()
        failure: list[BaseException] = []
        loop = asyncio.new_event_loop()

        def serve() -> None:
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self.start())
            except BaseException as exc:  # surfaced to the caller below
                failure.append(exc)
            ready.set()
            if not failure:
                loop.run_forever()
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

        self._thread = threading.Thread(target=serve, name="FakeTelegram", daemon=True)
        self._thread.start()
        ready.wait()
        if failure:
            self._thread.join()
            raise failure[0]
        return self

    def stop_thread(self, timeout: float = 10.0) -> None:
        if self._thread is None or self._loop is None:
            return
        loop = self._loop
        asyncio.run_coroutine_threadsafe(self.stop(), loop).result(timeout)
        loop.call_soon_threadsafe(loop.stop)
        self._thread.join(timeout)
        self._thread = None

    async def _on_server_loop(self, factory: Callable[[], Awaitable[T]]) -> T:
        """Run a driver coroutine on the server's loop, whichever loop awaits it."""
        loop = self._loop
        if loop is None:
            raise RuntimeError("FakeTelegram is not started")
        if asyncio.get_running_loop() is loop:
            return await factory()

        async def run() -> T:
            return await factory()

        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(run(), loop))

    @staticmethod
    async def _notify(cond: asyncio.Condition | None) -> None:
        if cond is not None:
            async with cond:
                cond.notify_all()

    # ---------------------------------------------------------------- chat state (driver)
    def add_chat(
        self,
        chat_id: int,
        chat_type: str | None = None,
        *,
        title: str | None = None,
        username: str | None = None,
        first_name: str | None = None,
    ) -> None:
        with self._lock:
            chat = self._chat(chat_id, chat_type)
            chat.title = title or chat.title
            chat.username = username or chat.username
            chat.first_name = first_name or chat.first_name

    def set_admins(
        self, chat_id: int, user_ids: Iterable[int], *, creator_id: int | None = None
    ) -> None:
        """Make `user_ids` administrators (and `creator_id` the creator) of a group."""
        with self._lock:
            chat = self._chat(chat_id)
            for user_id, status in list(chat.members.items()):
                if status in ("administrator", "creator"):
                    chat.members[user_id] = "member"
            for user_id in user_ids:
                chat.members[user_id] = "administrator"
            if creator_id is not None:
                chat.members[creator_id] = "creator"

    def set_member_status(self, chat_id: int, user_id: int, status: str) -> None:
        allowed = {"creator", "administrator", "member", "restricted", "left", "kicked"}
        if status not in allowed:
            raise ValueError(f"status must be one of {sorted(allowed)}")
        with self._lock:
            self._chat(chat_id).members[user_id] = status

    def block(self, chat_id: int) -> None:
        """The user blocked the bot: every later call for the chat gets 403."""
        with self._lock:
            self._chat(chat_id).blocked = True

    def unblock(self, chat_id: int) -> None:
        with self._lock:
            self._chat(chat_id).blocked = False

    def kick(self, chat_id: int) -> None:
        """The bot was removed from the group: every later call for it gets 403."""
        with self._lock:
            self._chat(chat_id).kicked = True

    def migrate(self, chat_id: int, new_chat_id: int) -> None:
        """The group became a supergroup: calls to the old id get 400 + migrate_to_chat_id."""
        with self._lock:
            old = self._chat(chat_id)
            new = self._chat(new_chat_id, "supergroup")
            new.title = new.title or old.title
            new.members.update(old.members)
            self._migrated[chat_id] = new_chat_id

    def forget(self, chat_id: int) -> None:
        """Telegram no longer knows this chat: 400 "chat not found"."""
        with self._lock:
            self._forgotten.add(chat_id)

    def _chat(self, chat_id: int, chat_type: str | None = None) -> _Chat:
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = _Chat(chat_id, chat_type or _default_chat_type(chat_id))
            self._chats[chat_id] = chat
        elif chat_type:
            chat.type = chat_type
        return chat

    def _user(
        self, user_id: int, *, username: str | None = None, first_name: str | None = None
    ) -> dict[str, Any]:
        user = self._users.setdefault(
            user_id,
            {
                "id": user_id,
                "is_bot": False,
                "first_name": f"User {user_id}",
                "language_code": "en",
            },
        )
        if username:
            user["username"] = username
        if first_name:
            user["first_name"] = first_name
        return user

    # ---------------------------------------------------------------- faults and limits
    def inject(
        self,
        method: str,
        kind: str,
        times: int | None = 1,
        *,
        chat_id: int | None = None,
        **opts: Any,
    ) -> Fault:
        """Fail the next `times` calls of `method` ("*" for any) with `kind`.

        Kinds: "429" (retry_after=3), "400"/"403"/any status (description=...),
        "500"/"502"/... (html=True for nginx's HTML page), "timeout" (hold the request
        `seconds`, default `timeout_hold`, or until the client gives up, then drop it),
        "reset" (drop the connection at once). With ``deliver=True`` a "timeout"/"reset"
        first processes the call normally -- the message is sent, the answer lost.
        `chat_id` restricts the fault to calls for that chat. `times=None`: until cleared.
        """
        if kind not in ("timeout", "reset") and not kind.isdigit():
            raise ValueError(f"unknown fault kind {kind!r}")
        fault = Fault(method.lower(), kind, times, chat_id, dict(opts))
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def set_limits(self, limits: RateLimits | None) -> None:
        """Replace the flood limits; None switches them off. Windows restart empty."""
        with self._lock:
            self._limits = limits
            self._window_total.clear()
            self._window_chat.clear()

    def _take_fault(self, method: str, params: Params) -> Fault | None:
        chat_id = _chat_id_hint(params)
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, chat_id):
                    if fault.remaining is not None:
                        fault.remaining -= 1
                    fault.fired += 1
                    return fault
        return None

    def _admit(self, method: str, chat: _Chat) -> None:
        """Count an accepted send, or raise 429 with the seconds until a window frees."""
        limits = self._limits
        if limits is None or method.lower() not in limits.methods:
            return
        now = self._clock()
        chat_window = self._window_chat.setdefault(chat.id, deque())
        if chat.type == "private":
            chat_limit, chat_span = limits.per_second_private, 1.0
        else:
            chat_limit, chat_span = limits.per_minute_group, 60.0
        wait = max(
            _window_wait(self._window_total, limits.per_second_total, 1.0, now),
            _window_wait(chat_window, chat_limit, chat_span, now),
        )
        if wait > 0:
            raise _RateLimited(max(1, math.ceil(wait - 1e-9)))
        self._window_total.append(now)
        chat_window.append(now)

    # ---------------------------------------------------------------- updates (driver)
    async def push_message(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        chat_type: str | None = None,
        chat_title: str | None = None,
        username: str | None = None,
        first_name: str | None = None,
        reply_to_message_id: int | None = None,
    ) -> dict[str, Any]:
        """A user writes `text` in a chat; returns the queued Update (as JSON)."""

        def build() -> dict[str, Any]:
            chat = self._chat(chat_id, chat_type)
            chat.title = chat_title or chat.title
            sender_id = (
                user_id
                if user_id is not None
                else (chat_id if chat.type == "private" else 1_000_001)
            )
            if chat.type == "private":
                chat.username = username or chat.username
                chat.first_name = first_name or chat.first_name
            sender = self._user(sender_id, username=username, first_name=first_name)
            chat.members.setdefault(sender_id, "member")
            message = self._new_message(chat, sender, text, _command_entities(text))
            if reply_to_message_id is not None:
                replied = self._messages.get((chat_id, reply_to_message_id))
                if replied is not None:
                    message["reply_to_message"] = _without_reply(replied)
            return {"message": message}

        return await self._push(build)

    async def push_callback_query(
        self, chat_id: int, user_id: int, message_id: int, data: str
    ) -> str:
        """A user presses an inline button; returns the callback query id."""

        def build() -> dict[str, Any]:
            chat = self._chat(chat_id)
            message = self._messages.get((chat_id, message_id)) or {
                # What Telegram sends for a message the bot can no longer access.
                "chat": chat.json(),
                "message_id": message_id,
                "date": 0,
            }
            query_id = f"{self.bot_id}{next(self._callback_ids):012d}"
            self._callbacks[query_id] = None
            return {
                "callback_query": {
                    "id": query_id,
                    "from": self._user(user_id),
                    "message": message,
                    "chat_instance": str(abs(chat_id) * 7919 % 10**12),
                    "data": data,
                }
            }

        update = await self._push(build)
        return str(update["callback_query"]["id"])

    async def push_update(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Queue any update body, e.g. ``{"my_chat_member": {...}}``; update_id is added."""
        return await self._push(lambda: dict(payload))

    async def _push(self, build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        async def push() -> dict[str, Any]:
            with self._lock:
                # A snapshot: later edits of a stored message must not change queued updates.
                update = copy.deepcopy({"update_id": next(self._update_ids), **build()})
                kind = next(key for key in update if key != "update_id")
                if self._update_allowed(kind):
                    self._updates.append(update)
            await self._notify(self._updates_cond)
            return update

        return await self._on_server_loop(push)

    def _update_allowed(self, kind: str) -> bool:
        # Telegram filters at creation time by the last allowed_updates it was given.
        if self._allowed_updates is None:
            return kind not in _OPT_IN_UPDATES
        return kind in self._allowed_updates

    def _new_message(
        self, chat: _Chat, sender: dict[str, Any], text: str, entities: list[dict[str, Any]]
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": chat.next_message_id,
            "date": int(time.time()),
            "chat": chat.json(),
            "from": dict(sender),
            "text": text,
        }
        if entities:
            message["entities"] = entities
        chat.next_message_id += 1
        self._messages[(chat.id, message["message_id"])] = message
        return message

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._updates)

    # ---------------------------------------------------------------- records (driver)
    @property
    def sent(self) -> list[SentMessage]:
        with self._lock:
            return list(self._sent)

    @property
    def calls(self) -> list[ApiCall]:
        with self._lock:
            return list(self._calls)

    def messages_to(self, chat_id: int) -> list[SentMessage]:
        with self._lock:
            return [m for m in self._sent if m.chat_id == chat_id]

    def calls_to(self, method: str) -> list[ApiCall]:
        with self._lock:
            return [c for c in self._calls if c.method.lower() == method.lower()]

    @property
    def callback_answers(self) -> dict[str, dict[str, Any] | None]:
        """Callback query id -> answerCallbackQuery params (None while unanswered)."""
        with self._lock:
            return dict(self._callbacks)

    def commands(
        self, *, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, str]]:
        with self._lock:
            return list(self._commands.get((_scope_key(scope), language_code), []))

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """The current state of a stored message (after edits), or None if deleted."""
        with self._lock:
            return copy.deepcopy(self._messages.get((chat_id, message_id)))

    @property
    def too_many_requests_count(self) -> int:
        """429 answers sent, from the flood limits and from injected faults."""
        with self._lock:
            return self._rate_limited + self._injected_429

    @property
    def rate_limited_count(self) -> int:
        """429 answers caused by the flood limits alone."""
        with self._lock:
            return self._rate_limited

    def stats(self) -> dict[str, Any]:
        with self._lock:
            return {
                "calls": len(self._calls),
                "sent": len(self._sent),
                "too_many_requests": self._rate_limited + self._injected_429,
                "rate_limited": self._rate_limited,
                "injected_429": self._injected_429,
                "faults_fired": sum(f.fired for f in self._faults),
                "by_status": dict(self._status_counts),
            }

    def duplicates(self) -> dict[tuple[int, str], int]:
        """(chat_id, text) -> count, for texts sent to the same chat more than once."""
        with self._lock:
            counts = Counter((m.chat_id, m.text) for m in self._sent)
        return {key: n for key, n in counts.items() if n > 1}

    def clear_records(self) -> None:
        """Forget recorded calls/messages and counters (chats, updates and faults stay)."""
        with self._lock:
            self._sent.clear()
            self._calls.clear()
            self._sent_per_chat.clear()
            self._calls_per_method.clear()
            self._rate_limited = 0
            self._injected_429 = 0
            self._status_counts.clear()

    async def wait_for(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5.0,
        *,
        what: str = "condition",
    ) -> None:
        """Wait until `predicate()` holds, re-checked after each answered call."""
        await self._wait(
            predicate,
            timeout,
            lambda: f"timed out after {timeout}s waiting for {what}; {self._describe_records()}",
        )

    async def wait_for_messages(
        self,
        count: int,
        chat_id: int | None = None,
        timeout: float = 5.0,
    ) -> list[SentMessage]:
        """Wait until at least `count` messages were accepted (to `chat_id`, if given)."""

        def received() -> int:
            with self._lock:
                return len(self._sent) if chat_id is None else self._sent_per_chat[chat_id]

        target = "any chat" if chat_id is None else f"chat {chat_id}"
        await self._wait(
            lambda: received() >= count,
            timeout,
            lambda: (
                f"timed out after {timeout}s waiting for {count} message(s) "
                f"to {target}; got {received()}. {self._describe_records()}"
            ),
        )
        return self.sent if chat_id is None else self.messages_to(chat_id)

    async def wait_for_calls(
        self,
        method: str,
        count: int = 1,
        timeout: float = 5.0,
    ) -> list[ApiCall]:
        """Wait until `method` was answered `count` times (any outcome)."""

        def answered() -> int:
            with self._lock:
                return self._calls_per_method[method.lower()]

        await self._wait(
            lambda: answered() >= count,
            timeout,
            lambda: (
                f"timed out after {timeout}s waiting for {count} {method} "
                f"call(s); {self._describe_records()}"
            ),
        )
        return self.calls_to(method)

    async def wait_for_poller(self, timeout: float = 5.0) -> None:
        """Wait until a getUpdates long poll is parked on the server."""

        def parked() -> bool:
            with self._lock:
                return self._pollers_waiting > 0

        await self._wait(parked, timeout, lambda: f"no getUpdates long poll within {timeout}s")

    async def _wait(
        self, predicate: Callable[[], bool], seconds: float, describe: Callable[[], str]
    ) -> None:
        async def wait() -> None:
            cond = self._records_cond
            assert cond is not None
            try:
                async with asyncio.timeout(seconds), cond:
                    await cond.wait_for(predicate)
            except TimeoutError:
                raise TimeoutError(describe()) from None

        await self._on_server_loop(wait)

    def _describe_records(self) -> str:
        with self._lock:
            sent = [(m.chat_id, m.text[:60]) for m in self._sent[-10:]]
            calls = [
                f"{c.method}->{c.status}" + (f" {c.description}" if c.description else "")
                for c in self._calls[-10:]
            ]
            return (
                f"{len(self._sent)} message(s) accepted, last: {sent}; "
                f"{len(self._calls)} call(s), last: {calls}"
            )

    # ---------------------------------------------------------------- HTTP
    async def _not_found(self, request: web.Request) -> web.Response:
        return _error_response(ApiError(404, "Not Found"))

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        token = request.match_info["token"]
        method = self._canonical(request.match_info["method"])
        if token != self.token:
            # Telegram: 401 for a well-formed but unknown token, 404 for garbage.
            error = (
                ApiError(401, "Unauthorized")
                if _TOKEN_SHAPE.match(token)
                else ApiError(404, "Not Found")
            )
            return await self._refuse(method, {}, "none", error)
        try:
            raw, encoding = await _read_params(request)
        except ApiError as exc:
            return await self._refuse(method, {}, "none", exc)
        fault = self._take_fault(method, raw)
        if fault is not None:
            return await self._fire(request, method, raw, encoding, fault)
        status, body, outcome, decoded = await self._answer(method, raw)
        # Serialise now: the result may be a stored message that a later call edits.
        payload = json.dumps(body)
        self._record(method, decoded, raw, encoding, status, outcome, body)
        await self._notify(self._records_cond)
        if self.latency:
            await asyncio.sleep(self.latency)  # simulated network round trip, not a sync
        return web.Response(text=payload, status=status, content_type="application/json")

    async def _refuse(
        self, method: str, raw: Params, encoding: str, error: ApiError
    ) -> web.Response:
        body = _error_body(error)
        self._record(method, raw, raw, encoding, error.status, "error", body)
        await self._notify(self._records_cond)
        return web.json_response(body, status=error.status)

    def _canonical(self, method: str) -> str:
        for name in self.METHODS:
            if name.lower() == method.lower():
                return name
        return method

    async def _answer(self, method: str, raw: Params) -> tuple[int, dict[str, Any], str, Params]:
        """Run a method; returns (status, JSON body, outcome, decoded params)."""
        decoded: Params = dict(raw)
        try:
            if self._logged_out:
                raise ApiError(401, "Unauthorized")
            handler = self._method_table.get(method.lower())
            if handler is None:
                raise ApiError(404, "Not Found")
            decoded = self._decode(raw)
            if method == "getUpdates":
                result = await self._get_updates(decoded)
            else:
                with self._lock:
                    result = handler(decoded)
        except _RateLimited as exc:
            return exc.status, _error_body(exc), "rate_limited", decoded
        except ApiError as exc:
            return exc.status, _error_body(exc), "error", decoded
        return 200, {"ok": True, "result": result}, "ok", decoded

    def _record(
        self,
        method: str,
        params: Params,
        raw: Params,
        encoding: str,
        status: int,
        outcome: str,
        body: dict[str, Any] | None,
    ) -> None:
        description = body.get("description") if body else None
        with self._lock:
            self._calls.append(
                ApiCall(method, params, raw, encoding, status, outcome, description, self._clock())
            )
            self._calls_per_method[method.lower()] += 1
            self._status_counts[status] += 1
            if outcome == "rate_limited":
                self._rate_limited += 1
            elif status == 429:
                self._injected_429 += 1

    async def _fire(
        self, request: web.Request, method: str, raw: Params, encoding: str, fault: Fault
    ) -> web.StreamResponse:
        outcome = f"fault:{fault.kind}"
        decoded = self._decode_or_raw(raw)
        if fault.kind in ("timeout", "reset"):
            if fault.opts.get("deliver"):
                # The call goes through, only its answer is lost: a retry duplicates it.
                await self._answer(method, raw)
            self._record(method, decoded, raw, encoding, 0, outcome, None)
            await self._notify(self._records_cond)
            if fault.kind == "timeout":
                await self._hold(float(fault.opts.get("seconds", self.timeout_hold)))
            _drop_connection(request, reset=fault.kind == "reset")
            return web.Response(status=204)  # never reaches the client
        status = int(fault.kind)
        if status == 502 and fault.opts.get("html"):
            self._record(method, decoded, raw, encoding, status, outcome, None)
            await self._notify(self._records_cond)
            return web.Response(status=502, text=_NGINX_502, content_type="text/html")
        error = _fault_error(status, fault.opts)
        body = _error_body(error)
        self._record(method, decoded, raw, encoding, status, outcome, body)
        await self._notify(self._records_cond)
        if self.latency:
            await asyncio.sleep(self.latency)
        return web.json_response(body, status=status)

    async def _hold(self, seconds: float) -> None:
        """Keep a request open; the client usually gives up first (handler cancelled)."""
        assert self._closing is not None
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._closing.wait()

    # ---------------------------------------------------------------- parameter decoding
    _JSON_PARAMS: ClassVar[dict[str, str]] = {
        "reply_markup": "can't parse reply keyboard markup JSON object",
        "entities": "can't parse entities JSON object",
        "link_preview_options": "can't parse link preview options JSON object",
        "reply_parameters": "can't parse reply parameters JSON object",
        "allowed_updates": "can't parse allowed updates JSON object",
        "commands": "can't parse commands JSON object",
        "scope": "can't parse BotCommandScope JSON object",
    }
    _INT_PARAMS: ClassVar[tuple[str, ...]] = (
        "message_id",
        "reply_to_message_id",
        "message_thread_id",
        "user_id",
        "offset",
        "limit",
        "cache_time",
    )
    _BOOL_PARAMS: ClassVar[tuple[str, ...]] = (
        "disable_web_page_preview",
        "disable_notification",
        "protect_content",
        "show_alert",
        "drop_pending_updates",
        "allow_sending_without_reply",
    )

    def _decode_or_raw(self, raw: Params) -> Params:
        try:
            return self._decode(raw)
        except ApiError:
            return dict(raw)

    def _decode(self, raw: Params) -> Params:
        """Typed values by the Bot API's parameter types (form values are all strings)."""
        params: Params = dict(raw)
        for name, error in self._JSON_PARAMS.items():
            if name in raw:
                params[name] = _json_value(raw, name, error)
        for name in self._INT_PARAMS:
            if name in raw:
                params[name] = _int_value(raw, name)
        for name in self._BOOL_PARAMS:
            if name in raw:
                params[name] = _bool_value(raw, name)
        if "timeout" in raw:
            params["timeout"] = _float_value(raw, "timeout")
        if "chat_id" in raw and not str(raw["chat_id"]).startswith("@"):
            with contextlib.suppress(ApiError):
                params["chat_id"] = _int_value(raw, "chat_id")
        return params

    # ---------------------------------------------------------------- method handlers
    def _handlers(self) -> dict[str, Callable[[Params], Any]]:
        return {
            "getme": lambda p: self.bot_user,
            "getupdates": lambda p: None,  # async, special-cased in _answer
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": lambda p: {
                "url": "",
                "has_custom_certificate": False,
                "pending_update_count": len(self._updates),
            },
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "deletemessage": self._delete_message,
            "answercallbackquery": self._answer_callback_query,
            "getchat": self._get_chat,
            "getchatmember": self._get_chat_member,
            "getchatadministrators": self._get_chat_administrators,
            "sendchataction": self._send_chat_action,
            "close": lambda p: True,
            "logout": self._log_out,
        }

    def _target_chat(self, params: Params, method: str) -> _Chat:
        """Resolve chat_id the way Telegram refuses it: unknown, migrated, blocked, kicked."""
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise _bad("chat_id is empty")
        if isinstance(raw, str) and raw.startswith("@"):
            chat = next(
                (
                    c
                    for c in self._chats.values()
                    if c.username and c.username.lower() == raw[1:].lower()
                ),
                None,
            )
            if chat is None:
                raise _bad("chat not found")
            chat_id = chat.id
        else:
            try:
                chat_id = int(raw)
            except (TypeError, ValueError):
                raise _bad("chat not found") from None
        if chat_id in self._forgotten:
            raise _bad("chat not found")
        if chat_id in self._migrated:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self._migrated[chat_id]},
            )
        chat = self._chat(chat_id)
        if chat.kicked and method in self._CHAT_METHODS:
            raise ApiError(
                403,
                f"Forbidden: bot was kicked from the {chat.type} chat"
                if chat.type != "private"
                else "Forbidden: bot was kicked",
            )
        if chat.blocked and method in self._CHAT_METHODS - {"getchat", "getchatmember"}:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    def _visible(self, params: Params) -> tuple[str, list[Any]]:
        """Validate text + parse_mode/entities; returns (visible text, entities)."""
        text = _str_value(params, "text")
        if text is None or text == "":
            raise _bad("message text is empty")
        mode = _str_value(params, "parse_mode")
        if mode and mode.lower() == "html":
            try:
                parsed = parse_telegram_html(text, strict_entities=self.strict_html_entities)
            except HtmlParseError as exc:
                raise _bad(f"can't parse entities: {exc.reason}") from None
            visible, entities = parsed.text, list(parsed.entities)
        elif mode and mode.lower() not in ("markdown", "markdownv2"):
            raise _bad(f"unsupported parse_mode: {mode}")
        else:
            # Markdown modes are accepted but not parsed: the raw text is what is measured.
            visible, entities = text, list(params.get("entities") or [])
            if not isinstance(entities, list):
                raise _bad("can't parse entities JSON object")
        visible, entities = _trim(visible, entities)
        if not visible:
            raise _bad("message text is empty")
        if utf16_len(visible) > MAX_MESSAGE_UTF16:
            raise _bad("message is too long")
        return visible, entities

    def _send_message(self, params: Params) -> dict[str, Any]:
        chat = self._target_chat(params, "sendmessage")
        visible, entities = self._visible(params)
        markup = params.get("reply_markup")
        _validate_reply_markup(markup)
        reply_to = params.get("reply_to_message_id")
        if isinstance(params.get("reply_parameters"), dict):
            reply_to = params["reply_parameters"].get("message_id", reply_to)
        self._admit("sendMessage", chat)
        message = self._new_message(chat, self.bot_user, visible, entities)
        if markup and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        if reply_to is not None and (chat.id, reply_to) in self._messages:
            message["reply_to_message"] = _without_reply(self._messages[(chat.id, reply_to)])
        self._sent_per_chat[chat.id] += 1
        self._sent.append(
            SentMessage(
                chat_id=chat.id,
                message_id=message["message_id"],
                text=str(params["text"]),
                visible_text=visible,
                parse_mode=_str_value(params, "parse_mode"),
                entities=tuple(entities),
                reply_markup=markup,
                disable_web_page_preview=params.get("disable_web_page_preview"),
                link_preview_options=params.get("link_preview_options"),
                disable_notification=params.get("disable_notification"),
                reply_to_message_id=reply_to,
                message_thread_id=params.get("message_thread_id"),
                received_at=self._clock(),
                params=dict(params),
            )
        )
        return message

    def _bot_message(self, params: Params, method: str) -> dict[str, Any]:
        if params.get("inline_message_id"):
            raise _bad("inline messages are not supported by the fake")
        chat = self._target_chat(params, method)
        message_id = params.get("message_id")
        if message_id is None:
            raise _bad("message identifier is not specified")
        message = self._messages.get((chat.id, message_id))
        if message is None:
            raise _bad("message to edit not found")
        if message["from"].get("id") != self.bot_id:
            raise _bad("message can't be edited")
        return message

    def _edit_message_text(self, params: Params) -> dict[str, Any]:
        message = self._bot_message(params, "editmessagetext")
        visible, entities = self._visible(params)
        markup = params.get("reply_markup")
        _validate_reply_markup(markup)
        new_markup = markup if markup and "inline_keyboard" in markup else None
        if (
            visible == message["text"]
            and entities == message.get("entities", [])
            and new_markup == message.get("reply_markup")
        ):
            raise _bad(_NOT_MODIFIED.removeprefix("Bad Request: "))
        message["text"] = visible
        message.pop("entities", None)
        if entities:
            message["entities"] = entities
        _set_markup(message, new_markup)
        message["edit_date"] = int(time.time())
        return message

    def _edit_message_reply_markup(self, params: Params) -> dict[str, Any]:
        message = self._bot_message(params, "editmessagereplymarkup")
        markup = params.get("reply_markup")
        _validate_reply_markup(markup)
        new_markup = markup if markup and "inline_keyboard" in markup else None
        if new_markup == message.get("reply_markup"):
            raise _bad(_NOT_MODIFIED.removeprefix("Bad Request: "))
        _set_markup(message, new_markup)
        message["edit_date"] = int(time.time())
        return message

    def _delete_message(self, params: Params) -> bool:
        chat = self._target_chat(params, "deletemessage")
        message_id = params.get("message_id")
        if message_id is None:
            raise _bad("message identifier is not specified")
        if self._messages.pop((chat.id, message_id), None) is None:
            raise _bad("message to delete not found")
        return True

    def _answer_callback_query(self, params: Params) -> bool:
        query_id = _str_value(params, "callback_query_id") or ""
        if query_id not in self._callbacks or self._callbacks[query_id] is not None:
            raise _bad(_QUERY_TOO_OLD.removeprefix("Bad Request: "))
        if len(_str_value(params, "text") or "") > MAX_CALLBACK_ANSWER_CHARS:
            raise _bad("MESSAGE_TOO_LONG")
        self._callbacks[query_id] = dict(params)
        return True

    def _get_chat(self, params: Params) -> dict[str, Any]:
        chat = self._target_chat(params, "getchat")
        return {
            **chat.json(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    def _member_status(self, chat: _Chat, user_id: int) -> str:
        if chat.type == "private":
            return "member" if user_id in (chat.id, self.bot_id) else "left"
        return chat.members.get(user_id, "member" if user_id == self.bot_id else "left")

    def _get_chat_member(self, params: Params) -> dict[str, Any]:
        chat = self._target_chat(params, "getchatmember")
        user_id = params.get("user_id")
        if user_id is None:
            raise _bad("user_id is empty" if "user_id" not in params else "invalid user_id")
        user = self.bot_user if user_id == self.bot_id else self._user(user_id)
        return _chat_member_json(self._member_status(chat, user_id), user)

    def _get_chat_administrators(self, params: Params) -> list[dict[str, Any]]:
        chat = self._target_chat(params, "getchatadministrators")
        if chat.type == "private":
            raise _bad("there are no administrators in the private chat")
        admins = sorted(
            (uid for uid, status in chat.members.items() if status in ("creator", "administrator")),
            key=lambda uid: chat.members[uid] != "creator",
        )
        return [
            _chat_member_json(
                chat.members[uid], self.bot_user if uid == self.bot_id else self._user(uid)
            )
            for uid in admins
        ]

    def _send_chat_action(self, params: Params) -> bool:
        self._target_chat(params, "sendchataction")
        if _str_value(params, "action") not in _CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        return True

    def _delete_webhook(self, params: Params) -> bool:
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _log_out(self, params: Params) -> bool:
        self._logged_out = True  # like Telegram: the cloud API answers 401 from now on
        return True

    def _set_my_commands(self, params: Params) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _bad("can't parse commands JSON object")
        if len(commands) > 100:
            raise _bad("BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            if not isinstance(command, dict) or not _COMMAND_NAME.match(
                str(command.get("command", ""))
            ):
                raise _bad("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise _bad("BOT_COMMAND_DESCRIPTION_INVALID")
        key = (_scope_key(params.get("scope")), _str_value(params, "language_code") or "")
        self._commands[key] = [
            {"command": str(c["command"]), "description": str(c["description"])} for c in commands
        ]
        return True

    def _get_my_commands(self, params: Params) -> list[dict[str, str]]:
        key = (_scope_key(params.get("scope")), _str_value(params, "language_code") or "")
        return list(self._commands.get(key, []))

    def _delete_my_commands(self, params: Params) -> bool:
        key = (_scope_key(params.get("scope")), _str_value(params, "language_code") or "")
        self._commands.pop(key, None)
        return True

    # ---------------------------------------------------------------- getUpdates
    async def _get_updates(self, params: Params) -> list[dict[str, Any]]:
        """Long polling: answer at once if updates are queued, else park up to `timeout`."""
        limit = min(max(params.get("limit") or 100, 1), 100)
        timeout = max(params.get("timeout") or 0.0, 0.0)
        with self._lock:
            self._confirm(params.get("offset"))
            if isinstance(params.get("allowed_updates"), list):
                allowed = params["allowed_updates"]
                self._allowed_updates = frozenset(allowed) if allowed else None
            # Like Telegram, a newer getUpdates terminates an older one still waiting.
            self._poll_generation += 1
            generation = self._poll_generation
            batch = self._updates[:limit]
        cond = self._updates_cond
        assert cond is not None and self._closing is not None
        await self._notify(cond)
        if batch or timeout == 0:
            return batch
        await self._park(cond, generation, timeout)
        with self._lock:
            if self._poll_generation != generation and not self._closing.is_set():
                raise ApiError(409, _CONFLICT)
            return self._updates[:limit]

    async def _park(self, cond: asyncio.Condition, generation: int, seconds: float) -> None:
        assert self._closing is not None
        closing = self._closing

        def wake() -> bool:
            with self._lock:
                return (
                    bool(self._updates) or self._poll_generation != generation or closing.is_set()
                )

        with self._lock:
            self._pollers_waiting += 1
        await self._notify(self._records_cond)
        try:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(seconds), cond:
                    await cond.wait_for(wake)
        finally:
            with self._lock:
                self._pollers_waiting -= 1

    def _confirm(self, offset: int | None) -> None:
        if offset is None or offset == 0:
            return
        if offset < 0:
            # Negative offset: keep only the last -offset updates, forget the rest.
            self._updates = self._updates[offset:]
        else:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]


# --------------------------------------------------------------------------------------
# Module helpers
# --------------------------------------------------------------------------------------


def _window_wait(window: deque[float], capacity: int, span: float, now: float) -> float:
    """Seconds until a sliding window of `span` seconds has room for one more event."""
    while window and window[0] <= now - span:
        window.popleft()
    if len(window) < capacity:
        return 0.0
    return window[len(window) - capacity] + span - now


def _command_entities(text: str) -> list[dict[str, Any]]:
    match = _LEADING_COMMAND.match(text)
    if match is None:
        return []
    following = text[match.end() : match.end() + 1]
    # Telegram does not see a command glued to a word, a slash, "<", ">" or a short @name.
    if following and (following.isalnum() or following in "_/<>@"):
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(match.group(0))}]


def _without_reply(message: dict[str, Any]) -> dict[str, Any]:
    """A replied-to message as Telegram embeds it: one level deep, never nested further."""
    return {key: value for key, value in message.items() if key != "reply_to_message"}


def _scope_key(scope: Any) -> str:
    if not scope:
        return '{"type": "default"}'
    return json.dumps(scope, sort_keys=True)


def _set_markup(message: dict[str, Any], markup: dict[str, Any] | None) -> None:
    if markup:
        message["reply_markup"] = markup
    else:
        message.pop("reply_markup", None)


def _validate_reply_markup(markup: Any) -> None:
    if markup is None:
        return
    if not isinstance(markup, dict):
        raise _bad("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        _validate_inline_keyboard(markup["inline_keyboard"])
    elif "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise _bad('field "keyboard" of the ReplyKeyboardMarkup should be an Array of Arrays')
    elif not (markup.get("remove_keyboard") or markup.get("force_reply")):
        raise _bad("can't parse reply keyboard markup JSON object")


def _validate_inline_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise _bad(
            'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
        )
    for button in itertools.chain.from_iterable(rows):
        _validate_inline_button(button)


def _validate_inline_button(button: Any) -> None:
    prefix = "can't parse inline keyboard button: "
    if not isinstance(button, dict):
        raise _bad(prefix + "InlineKeyboardButton must be an Object")
    if not isinstance(button.get("text"), str):
        raise _bad(prefix + 'Field "text" must be of type String')
    if not button["text"].strip():
        raise _bad("BUTTON_TEXT_INVALID")
    actions = [name for name in _BUTTON_ACTIONS if name in button]
    if not actions:
        raise _bad(prefix + "Text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        raise _bad(prefix + "exactly one of the optional fields must be used")
    if "callback_data" in button:
        data = button["callback_data"]
        size = len(data.encode("utf-8")) if isinstance(data, str) else 0
        if not 1 <= size <= MAX_CALLBACK_DATA_BYTES:
            raise _bad("BUTTON_DATA_INVALID")
    if "url" in button:
        url = str(button["url"])
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https", "tg") or not (parts.netloc or parts.query):
            raise _bad(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def _chat_member_json(status: str, user: dict[str, Any]) -> dict[str, Any]:
    member: dict[str, Any] = {"status": status, "user": user}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update(
            {
                "can_be_edited": False,
                "is_anonymous": False,
                "can_manage_chat": True,
                "can_delete_messages": True,
                "can_manage_video_chats": True,
                "can_restrict_members": True,
                "can_promote_members": False,
                "can_change_info": True,
                "can_invite_users": True,
                "can_post_stories": False,
                "can_edit_stories": False,
                "can_delete_stories": False,
                "can_pin_messages": True,
            }
        )
    elif status == "kicked":
        member["until_date"] = 0
    elif status == "restricted":
        member.update(
            {
                "is_member": True,
                "until_date": 0,
                **dict.fromkeys(
                    (
                        "can_change_info",
                        "can_invite_users",
                        "can_pin_messages",
                        "can_send_messages",
                        "can_send_polls",
                        "can_send_other_messages",
                        "can_add_web_page_previews",
                        "can_manage_topics",
                        "can_send_audios",
                        "can_send_documents",
                        "can_send_photos",
                        "can_send_videos",
                        "can_send_video_notes",
                        "can_send_voice_notes",
                        "can_edit_tag",
                    ),
                    False,
                ),
            }
        )
    return member


def _error_body(error: ApiError) -> dict[str, Any]:
    body: dict[str, Any] = {
        "ok": False,
        "error_code": error.status,
        "description": error.description,
    }
    if error.parameters:
        body["parameters"] = error.parameters
    return body


def _error_response(error: ApiError) -> web.Response:
    return web.json_response(_error_body(error), status=error.status)


def _fault_error(status: int, opts: dict[str, Any]) -> ApiError:
    if status == 429:
        retry_after = max(1, int(opts.get("retry_after", 3)))
        return ApiError(
            429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
        )
    description = opts.get("description") or _DEFAULT_DESCRIPTIONS.get(status, f"Error {status}")
    return ApiError(status, description, opts.get("parameters"))


def _drop_connection(request: web.Request, *, reset: bool) -> None:
    """Close the socket without answering; with `reset` an RST instead of a FIN."""
    transport = request.transport
    if transport is None:
        return
    sock = transport.get_extra_info("socket")
    if reset and sock is not None:
        # SO_LINGER with a zero timeout makes close() send an RST: "connection reset".
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()


async def _read_params(request: web.Request) -> tuple[Params, str]:
    """Query string merged with a form, multipart or JSON body, as Telegram accepts."""
    params: Params = dict(request.query)
    encoding = "query" if params else "none"
    if not request.body_exists:
        return params, encoding
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise _bad("can't parse JSON object") from None
        if not isinstance(body, dict):
            raise _bad("can't parse JSON object")
        params.update(body)
        return params, "json"
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        for key, value in form.items():
            params[key] = value if isinstance(value, str) else {"file": value.filename}
        return params, "multipart" if request.content_type.startswith("multipart") else "form"
    return params, encoding
