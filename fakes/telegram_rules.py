"""What Telegram accepts from a bot, as pure functions with Telegram's error texts: its HTML
parse mode (the text a user sees, the entities attached), parameter types, the length of a
message or a caption, inline keyboards, photos.

One deliberate difference: Telegram shows an unknown ``&name;`` or a lone ``&`` literally;
here they are refused, because a message that contains them almost always carries
unescaped feed text.
"""

from __future__ import annotations

import itertools
import json
import re
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

MAX_MESSAGE_UTF16 = 4096
MAX_CAPTION_UTF16 = 1024

# Tag -> the type of the entity it makes.
_ENTITY_TYPES = {
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
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
# Telegram's server treats NUL as a space too.
_SPACES = frozenset(" \t\n\r\v\f\0")
_NAMED_REFERENCES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


class Refused(ValueError):
    """A request Telegram answers with "400 Bad Request: <reason>"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class HtmlParseError(ValueError):
    """Markup Telegram refuses with "can't parse entities: <reason>"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ParsedHtml:
    """Visible text (not yet trimmed) and the MessageEntity dicts Telegram would attach."""

    text: str
    entities: tuple[dict[str, Any], ...]


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def parse_telegram_html(html: str) -> ParsedHtml:
    """Parse `html` as Telegram's ``parse_mode=HTML`` does; raises HtmlParseError."""
    parsed = _Parser(html).parse()
    for entity in parsed.entities:
        if entity["type"] == "code":
            entity.pop("language", None)  # a language only survives inside <pre>
    return parsed


def telegram_html_to_text(html: str) -> str:
    """The text a user would see for `html`, trimmed like Telegram; ValueError if refused."""
    return parse_telegram_html(html).text.strip()


@dataclass
class _OpenTag:
    name: str
    argument: str
    utf16_start: int


class _Parser:
    def __init__(self, source: str) -> None:
        self.src = source
        self.out: list[str] = []
        self.utf16 = 0
        self.stack: list[_OpenTag] = []
        self.entities: list[dict[str, Any]] = []

    def at(self, begin: int) -> str:
        """ "at byte offset N", as Telegram locates an error (in UTF-8 bytes)."""
        return f"at byte offset {len(self.src[:begin].encode('utf-8', 'surrogatepass'))}"

    def emit(self, ch: str) -> None:
        self.out.append(ch)
        self.utf16 += 2 if ord(ch) > 0xFFFF else 1

    def skip_spaces(self, i: int) -> int:
        while i < len(self.src) and self.src[i] in _SPACES:
            i += 1
        return i

    def parse(self) -> ParsedHtml:
        i = 0
        while i < len(self.src):
            if self.src[i] == "&":
                i = self.ampersand(i, self.emit)
            elif self.src[i] == "<":
                i = self.end_tag(i) if self.src[i + 1 : i + 2] == "/" else self.start_tag(i)
            else:
                self.emit(self.src[i])
                i += 1
        if self.stack:
            raise HtmlParseError(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"'
            )
        text = "".join(self.out)
        if any("\ud800" <= ch <= "\udfff" for ch in text):
            raise HtmlParseError(
                "Text contains invalid Unicode characters after decoding HTML entities, "
                "check for unmatched surrogate code units"
            )
        order = sorted(self.entities, key=lambda e: (e["offset"], -e["length"]))
        return ParsedHtml(text, tuple(order))

    # -- character references --------------------------------------------------------------

    def reference(self, i: int) -> tuple[str, int] | None:
        """Decode `&...` at `i` as Telegram does, ";" not required; None if it is none."""
        src, j = self.src, i + 1
        if src[j : j + 1] == "#":
            is_hex = src[j + 1 : j + 2] == "x"
            j += 1 + is_hex
            start = j
            digits = "0123456789abcdefABCDEF" if is_hex else "0123456789"
            while j < len(src) and src[j] in digits:
                j += 1
            value = int(src[start:j], 16 if is_hex else 10) if j > start else 0
            # Telegram gives up on 0, on U+10FFFF and above, and on very long numbers.
            if value == 0 or value >= 0x10FFFF or j - i >= 10:
                return None
            return chr(value), j
        while j < len(src) and src[j].isascii() and src[j].isalpha():
            j += 1
        named = _NAMED_REFERENCES.get(src[i + 1 : j])
        return None if named is None else (named, j)

    def ampersand(self, i: int, sink: Callable[[str], None]) -> int:
        decoded = self.reference(i)
        if decoded is not None and self.src[decoded[1] : decoded[1] + 1] == ";":
            sink(decoded[0])
            return decoded[1] + 1
        match = re.match(r"&#?[A-Za-z0-9]*;?", self.src[i:])
        token = match.group(0) if match else "&"
        if decoded is not None:
            raise HtmlParseError(f'HTML entity "{token}" must end with ";" {self.at(i)}')
        if token.endswith(";"):
            raise HtmlParseError(f'Unsupported HTML entity "{token}" {self.at(i)}')
        raise HtmlParseError(f'Unescaped "&" {self.at(i)}')

    # -- tags ------------------------------------------------------------------------------

    def name_end(self, i: int) -> int:
        while i < len(self.src) and self.src[i] not in _SPACES and self.src[i] != ">":
            i += 1
        return i

    def start_tag(self, begin: int) -> int:
        i = self.name_end(begin + 1)
        if i >= len(self.src):
            raise HtmlParseError(f"Unclosed start tag {self.at(begin)}")
        name = self.src[begin + 1 : i].lower()
        if name not in _ENTITY_TYPES:
            raise HtmlParseError(f'Unsupported start tag "{name}" {self.at(begin)}')
        attributes, i = self.attributes(name, begin, i)
        self.stack.append(_OpenTag(name, self.argument(name, attributes, begin), self.utf16))
        return i + 1

    def attributes(self, tag: str, begin: int, i: int) -> tuple[dict[str, str], int]:
        """The `name=value` pairs up to the closing ">", and its index."""
        found: dict[str, str] = {}
        while True:
            i = self.skip_spaces(i)
            if i >= len(self.src):
                raise HtmlParseError(f"Unclosed start tag {self.at(begin)}")
            if self.src[i] == ">":
                return found, i
            name, i = self.attribute_name(tag, begin, i)
            if self.src[i] != "=":
                if tag == "blockquote" and name == "expandable":  # the one valueless attribute
                    found[name] = ""
                    continue
                raise HtmlParseError(
                    "Expected equal sign in declaration of an attribute of the tag "
                    f'"{tag}" {self.at(begin)}'
                )
            i = self.skip_spaces(i + 1)
            if i >= len(self.src):
                raise HtmlParseError(f'Unclosed start tag "{tag}" {self.at(begin)}')
            found[name], i = self.attribute_value(i)

    def attribute_name(self, tag: str, begin: int, i: int) -> tuple[str, int]:
        start = i
        while i < len(self.src) and self.src[i] not in _SPACES and self.src[i] not in "=>":
            i += 1
        if i == start:
            raise HtmlParseError(f'Empty attribute name in the tag "{tag}" {self.at(begin)}')
        end = self.skip_spaces(i)
        if end >= len(self.src):
            raise HtmlParseError(f"Unclosed start tag {self.at(begin)}")
        return self.src[start:i].lower(), end

    def attribute_value(self, i: int) -> tuple[str, int]:
        src = self.src
        if src[i] not in "'\"":
            # An unquoted name token: letters, digits, "." and "-", case-insensitive.
            start = i
            while i < len(src) and ((src[i].isascii() and src[i].isalnum()) or src[i] in ".-"):
                i += 1
            if i < len(src) and src[i] not in _SPACES and src[i] != ">":
                raise HtmlParseError(f"Unexpected end of name token {self.at(start)}")
            return src[start:i].lower(), i
        quote, chars = src[i], list[str]()
        i += 1
        while i < len(src) and src[i] != quote:
            if src[i] == "&":
                i = self.ampersand(i, chars.append)
            else:
                chars.append(src[i])
                i += 1
        return "".join(chars), i + 1

    def argument(self, tag: str, attributes: dict[str, str], begin: int) -> str:
        """What an entity keeps of its tag's attributes: a URL, a language, an emoji id."""
        if tag == "a":
            return attributes.get("href", "")
        if tag == "code":
            language = attributes.get("class", "")
            return language.removeprefix("language-") if language.startswith("language-") else ""
        if tag == "span" and attributes.get("class") != "tg-spoiler":
            raise HtmlParseError(f'Tag "span" must have class "tg-spoiler" {self.at(begin)}')
        if tag == "tg-emoji":
            emoji_id = attributes.get("emoji-id", "")
            if not emoji_id.isdigit() or int(emoji_id) == 0:
                raise HtmlParseError("Invalid custom emoji identifier specified")
            return emoji_id
        return "expandable" if tag == "blockquote" and "expandable" in attributes else ""

    def end_tag(self, begin: int) -> int:
        if not self.stack:
            raise HtmlParseError(f"Unexpected end tag {self.at(begin)}")
        end = self.name_end(begin + 2)
        i = self.skip_spaces(end)
        if i >= len(self.src) or self.src[i] != ">":
            raise HtmlParseError(f"Unclosed end tag {self.at(begin)}")
        top, name = self.stack.pop(), self.src[begin + 2 : end]
        # `</>` closes whatever is open; a named end tag must match the innermost open tag.
        if name and name.lower() != top.name:
            raise HtmlParseError(
                f'Unmatched end tag {self.at(begin)}, expected "</{top.name}>", found "</{name}>"'
            )
        if self.utf16 > top.utf16_start:
            self.add_entity(top)
        return i + 1

    def add_entity(self, tag: _OpenTag) -> None:
        length = self.utf16 - tag.utf16_start
        entity: dict[str, Any] = {
            "type": _ENTITY_TYPES[tag.name],
            "offset": tag.utf16_start,
            "length": length,
        }
        if tag.name == "a":
            entity["url"] = tag.argument or self.text_since(tag.utf16_start)
        elif tag.name == "code" and tag.argument:
            entity["language"] = tag.argument  # kept only if a <pre> wraps it exactly
        elif tag.name == "pre" and self.wraps_code(tag.utf16_start, length):
            entity["language"] = self.entities.pop()["language"]
        elif tag.name == "blockquote" and tag.argument:
            entity["type"] = "expandable_blockquote"
        elif tag.name == "tg-emoji":
            entity["custom_emoji_id"] = tag.argument
        self.entities.append(entity)

    def wraps_code(self, offset: int, length: int) -> bool:
        """Does the last entity, a <code> with a language, span exactly this <pre>?"""
        inner = self.entities[-1] if self.entities else {}
        return bool(
            inner.get("type") == "code"
            and inner.get("language")
            and (inner["offset"], inner["length"]) == (offset, length)
        )

    def text_since(self, utf16_start: int) -> str:
        units = "".join(self.out).encode("utf-16-le", "surrogatepass")[utf16_start * 2 :]
        return units.decode("utf-16-le", "surrogatepass")


# --- parameters --------------------------------------------------------------------------

# PTB sends these as JSON in a form field; the ints and booleans as their text.
_JSON_PARAMS = {
    "reply_markup",
    "link_preview_options",
    "reply_parameters",
    "allowed_updates",
    "commands",
    "scope",
}
_INT_PARAMS = {"chat_id", "message_id", "user_id", "offset", "limit"}
_BOOL_PARAMS = {"disable_notification", "drop_pending_updates", "allow_paid_broadcast"}


def decode_param(name: str, value: Any) -> Any:
    """A form value (always a string) as the type the Bot API gives parameter `name`."""
    if not isinstance(value, str):
        return value  # an uploaded file's bytes
    try:
        if name in _JSON_PARAMS:
            return json.loads(value)
        if name == "chat_id" and value.startswith("@"):
            return value  # a public chat's username
        if name in _INT_PARAMS:
            return int(value)
        if name == "timeout":
            return float(value)
    except ValueError:
        raise Refused(f"invalid {name} specified") from None
    return value.lower() in ("true", "1") if name in _BOOL_PARAMS else value


# --- texts, keyboards, photos ------------------------------------------------------------


def visible_text(
    text: str, parse_mode: str | None, *, caption: bool = False
) -> tuple[str, list[dict[str, Any]]]:
    """A message's text, or a photo's caption, as a user sees it, and its entities."""
    if parse_mode and parse_mode.lower() != "html":
        raise Refused(f"unsupported parse_mode: {parse_mode}")  # the bot sends HTML or plain
    try:
        parsed = parse_telegram_html(text) if parse_mode else ParsedHtml(text, ())
    except HtmlParseError as exc:
        raise Refused(f"can't parse entities: {exc.reason}") from None
    visible, entities = _trim(parsed.text, parsed.entities)
    if not visible and not caption:
        raise Refused("message text is empty")
    if utf16_len(visible) > (MAX_CAPTION_UTF16 if caption else MAX_MESSAGE_UTF16):
        raise Refused("message caption is too long" if caption else "message is too long")
    return visible, entities


def _trim(text: str, entities: Iterable[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Strip surrounding whitespace as Telegram does, moving and clipping the entities."""
    stripped = text.strip()
    lead, size = utf16_len(text[: len(text) - len(text.lstrip())]), utf16_len(stripped)
    kept = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, size)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return stripped, kept


_BUTTON_ACTIONS = frozenset(
    {"url", "callback_data", "web_app", "login_url", "switch_inline_query", "copy_text", "pay"}
    | {"switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "callback_game"}
)
_OTHER_MARKUPS = frozenset({"keyboard", "remove_keyboard", "force_reply"})


def check_markup(markup: Any) -> None:
    """An inline keyboard as Telegram checks it; the other markups pass unchecked."""
    if markup is None or (isinstance(markup, dict) and _OTHER_MARKUPS & set(markup)):
        return
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise Refused("can't parse reply keyboard markup JSON object")
    for button in itertools.chain.from_iterable(rows):
        _check_button(button, "can't parse inline keyboard button: ")


def _check_button(button: Any, prefix: str) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise Refused(prefix + 'Field "text" must be of type String')
    if not button["text"].strip():
        raise Refused("BUTTON_TEXT_INVALID")
    actions = len(_BUTTON_ACTIONS & set(button))
    if actions == 0:
        raise Refused(prefix + "Text buttons are unallowed in the inline keyboard")
    if actions > 1:
        raise Refused(prefix + "exactly one of the optional fields must be used")
    if "callback_data" in button and not 1 <= len(str(button["callback_data"]).encode()) <= 64:
        raise Refused("BUTTON_DATA_INVALID")
    url = urlsplit(str(button["url"])) if "url" in button else None
    if url and (url.scheme not in ("http", "https", "tg") or not (url.netloc or url.query)):
        raise Refused(f"inline keyboard button URL '{button['url']}' is invalid: Wrong HTTP URL")


def photo_size(data: bytes) -> tuple[int, int]:
    """Width and height of a photo Telegram would take: a PNG or a JPEG, at most 10,000
    pixels wide and high together, and at most 20 times wider than high or the reverse."""
    width, height = _png_size(data) or _jpeg_size(data) or (-1, -1)
    if width < 0:
        raise Refused("IMAGE_PROCESS_FAILED")
    if width + height > 10_000 or not 0 < max(width, height) <= 20 * min(width, height):
        raise Refused("PHOTO_INVALID_DIMENSIONS")
    return width, height


def _png_size(data: bytes) -> tuple[int, int] | None:
    if not data.startswith(b"\x89PNG\r\n\x1a\n") or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """From the first frame header, walking the segments after the start of image."""
    i = 2 if data.startswith(b"\xff\xd8") else len(data)
    while i + 9 < len(data) and data[i] == 0xFF:
        marker, length = data[i + 1], int.from_bytes(data[i + 2 : i + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        i += 2 + length
    return None


# A leading bot command as Telegram detects it: /name, optionally @botname.
_LEADING_COMMAND = re.compile(r"^/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")


def command_entities(text: str) -> list[dict[str, Any]]:
    """The bot_command entity Telegram attaches to a user's message that starts with one."""
    match = _LEADING_COMMAND.match(text)
    following = text[match.end() : match.end() + 1] if match else ""
    # Telegram sees no command glued to a word, a slash, "<", ">" or a short @name.
    if match is None or (following and (following.isalnum() or following in "_/<>@")):
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(match.group(0))}]
