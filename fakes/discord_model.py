"""Discord as data for the fake: the records a test reads, and the rules Discord applies
(message and embed limits, command shapes, rate-limit windows, error bodies) as pure
functions. The server in discord_api carries them out."""

from __future__ import annotations

import contextlib
import math
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypedDict

from fakes.waits import WAIT

if TYPE_CHECKING:
    from fakes.discord_api import FakeDiscord

Json = dict[str, Any]

# Permission bits, as in discord.Permissions.
MANAGE_GUILD, VIEW_CHANNEL, SEND_MESSAGES = 1 << 5, 1 << 10, 1 << 11
EMBED_LINKS, ATTACH_FILES, READ_HISTORY, USE_COMMANDS = 1 << 14, 1 << 15, 1 << 16, 1 << 31
MEMBER_PERMISSIONS = VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | ATTACH_FILES | READ_HISTORY
MEMBER_PERMISSIONS |= USE_COMMANDS
BOT_PERMISSIONS = MEMBER_PERMISSIONS
MANAGER_PERMISSIONS = MEMBER_PERMISSIONS | MANAGE_GUILD

# Discord's fixed message limits and flags.
CONTENT_MAX, EMBEDS_MAX, EMBED_TOTAL_MAX, EMBED_FIELDS_MAX = 2000, 10, 6000, 25
EPHEMERAL, LOADING = 1 << 6, 1 << 7
_COMMAND_NAME = re.compile(r"^[-_\w]{1,32}$")


@dataclass
class Limits:
    """Discord's rate and time limits; tests may shorten windows to run faster."""

    channel_messages: int = 5
    channel_window: float = 5.0
    global_per_second: int = 50  # 0 switches the global limit off
    route_requests: int = 50  # any other route, per route and major parameter
    route_window: float = 1.0
    interaction_deadline: float = 3.0
    token_lifetime: float = 15 * 60.0
    nonce_window: float = 5 * 60.0
    upload_bytes: int = 10 * 1024 * 1024


@dataclass
class User:
    id: int
    username: str
    bot: bool = False
    dms_open: bool = True


@dataclass
class Channel:
    id: int
    name: str
    type: int = 0  # 0 text, 1 DM, 5 announcement
    guild_id: int | None = None
    recipient_id: int | None = None  # DM channels
    position: int = 0
    forbidden: int | None = None  # the 403 code while forbidden
    deleted: bool = False


@dataclass
class Guild:
    id: int
    name: str
    owner_id: int
    bot_role_id: int
    channel_ids: list[int] = field(default_factory=list)
    locale: str = "en-US"
    removed: bool = False


@dataclass
class Call:
    """One REST request as the fake saw it."""

    at: float
    method: str
    path: str
    kind: str  # route kind, e.g. "send_message", "callback", "put_commands", "unknown"
    status: int = 0  # 0: never answered (a dropped connection, a held request)
    code: int | None = None  # Discord's JSON error code, on errors
    fault: str | None = None
    body: Any = None


@dataclass
class Message:
    """A message the bot created: in a channel, as an interaction reply or a follow-up."""

    id: int
    channel_id: int
    payload: Json  # as sent: content, embeds, components, allowed_mentions, nonce, flags
    attachments: list[Json]  # filename, content_type, size, data (bytes), url
    via: str  # "channel", "callback", "deferred" (edited later), "followup"
    at: float  # the fake's clock, like Call.at and Interaction.created_at
    interaction_id: int | None = None
    flags: int = 0
    edited_at: float | None = None
    deleted: bool = False
    wall: float = field(default_factory=time.time)  # for the API's timestamps

    @property
    def content(self) -> str:
        return str(self.payload.get("content") or "")

    @property
    def embeds(self) -> list[Json]:
        return list(self.payload.get("embeds") or [])

    @property
    def components(self) -> list[Json]:
        return list(self.payload.get("components") or [])

    @property
    def allowed_mentions(self) -> Json | None:
        return self.payload.get("allowed_mentions")

    @property
    def nonce(self) -> str | None:
        return self.payload.get("nonce")


@dataclass
class Callback:
    type: int
    data: Json
    at: float


@dataclass
class CommandWrite:
    at: float
    guild_id: int | None
    names: list[str]


@dataclass
class Interaction:
    """An interaction the fake sent as a user; the bot's answers land here."""

    id: int
    token: str
    type: int  # 2 command, 3 component, 4 autocomplete
    created_at: float
    fake: FakeDiscord = field(repr=False)
    payload: Json = field(default_factory=dict, repr=False)
    callbacks: list[Callback] = field(default_factory=list)
    followups: list[Message] = field(default_factory=list)
    original: Message | None = None
    choices: list[Json] | None = None  # autocomplete results

    @property
    def responded_after(self) -> float | None:
        """Seconds from dispatch to the initial response (Discord allows 3)."""
        return self.callbacks[0].at - self.created_at if self.callbacks else None

    async def response(self, within: float = WAIT) -> Callback:
        await self.fake.wait_for(lambda: self.callbacks, within)
        return self.callbacks[0]

    async def reply(self, within: float = WAIT) -> Message:
        """The visible answer: the original message once it is no longer 'thinking'."""
        await self.fake.wait_for(
            lambda: self.original and not self.original.flags & LOADING, within
        )
        assert self.original is not None
        return self.original

    async def followed_up(self, count: int = 1, within: float = WAIT) -> list[Message]:
        await self.fake.wait_for(lambda: len(self.followups) >= count, within)
        return self.followups[:count]


@dataclass
class Fault:
    kind: str  # route kind or "*"
    fault: str  # "429", any status, "reset", "timeout", "lose_answer"
    remaining: int | None  # None: until clear_faults()
    channel_id: int | None
    opts: Json
    fired: int = 0

    def matches(self, kind: str, match: Mapping[str, str]) -> bool:
        if self.remaining == 0 or self.kind not in ("*", kind):
            return False
        return self.channel_id is None or match.get("cid") == str(self.channel_id)


class Context(TypedDict, total=False):
    """Who acts in an interaction, and where (default: fake.user in fake.channel)."""

    channel: Channel
    user: User
    permissions: int
    locale: str
    app_permissions: int


class ApiError(Exception):
    """An error answer shaped like Discord's: {"message", "code", "errors"?, ...}."""

    def __init__(self, status: int, code: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.body = status, {"message": message, "code": code, **extra}
        self.headers: dict[str, str] = {}

    @classmethod
    def rate_limited(cls, wait: float, scope: str, headers: Mapping[str, str] = {}) -> ApiError:
        """429 as Discord sends it; `scope` is "user", "global" or "shared"."""
        error = cls(429, 0, "You are being rate limited.", retry_after=round(wait, 3))
        error.body["global"] = scope == "global"
        error.headers = {**headers, "Retry-After": str(math.ceil(wait)), "X-RateLimit-Scope": scope}
        if scope == "global":
            error.headers["X-RateLimit-Global"] = "true"
        return error

    @classmethod
    def invalid_form(cls, errors: Json) -> ApiError:
        return cls(400, 50035, "Invalid Form Body", errors=errors)


@dataclass
class Window:
    """A fixed window of `limit` requests, opened by the first request once the last one has
    expired -- Discord's buckets behave so, which is why 10 calls can fit in a short span."""

    limit: int
    length: float
    started: float = -math.inf
    used: int = 0

    def take(self, now: float) -> float:
        """0 if the request may go, else the seconds until the window reopens."""
        if now >= self.started + self.length:
            self.started, self.used = now, 0
        if self.used >= self.limit:
            return self.started + self.length - now
        self.used += 1
        return 0.0

    def headers(self, now: float, bucket: str) -> dict[str, str]:
        # Rounded up, plus a millisecond: a client sleeping exactly this long is never early.
        after = math.ceil(max(self.started + self.length - now, 0.0) * 1000 + 1) / 1000
        remaining, reset = max(self.limit - self.used, 0), time.time() + after
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": f"{reset:.3f}",
            "X-RateLimit-Reset-After": f"{after:.3f}",
            "X-RateLimit-Bucket": bucket,
            "X-RateLimit-Scope": "user",
        }


def iso(wall: float) -> str:
    return datetime.fromtimestamp(wall, UTC).isoformat()


def user_json(user: User) -> Json:
    out: Json = {"id": str(user.id), "username": user.username, "discriminator": "0"}
    return out | {"global_name": user.username, "avatar": None, "bot": user.bot}


def member_json(user: User, roles: Sequence[int], permissions: int | None = None) -> Json:
    """A guild member; with `permissions` as interactions carry it (resolved for the channel)."""
    out: Json = {"user": user_json(user), "roles": [str(r) for r in roles], "flags": 0}
    out |= {"joined_at": iso(time.time()), "deaf": False, "mute": False}
    return out | ({"permissions": str(permissions)} if permissions is not None else {})


def channel_json(channel: Channel, recipient: User | None = None) -> Json:
    out: Json = {"id": str(channel.id), "type": channel.type, "flags": 0, "last_message_id": None}
    if recipient is not None:
        return out | {"recipients": [user_json(recipient)]}
    out |= {"name": channel.name, "guild_id": str(channel.guild_id), "nsfw": False}
    return out | {"position": channel.position, "permission_overwrites": [], "parent_id": None}


def message_json(message: Message, author: User, guild_id: int | None) -> Json:
    """A message as the API returns it; `author` is the bot, whose id is the application's."""
    attachments = [{k: v for k, v in a.items() if k != "data"} for a in message.attachments]
    out: Json = {"id": str(message.id), "channel_id": str(message.channel_id), "type": 0}
    out |= {"content": message.content, "embeds": message.embeds, "flags": message.flags}
    out |= {"components": message.components, "attachments": attachments, "tts": False}
    out |= {"author": user_json(author), "mentions": [], "mention_roles": []}
    out |= {"mention_everyone": False, "pinned": False, "timestamp": iso(message.wall)}
    out["edited_timestamp"] = iso(time.time()) if message.edited_at is not None else None
    out |= {"nonce": message.nonce} if message.nonce is not None else {}
    out |= {"guild_id": str(guild_id)} if guild_id else {}
    if message.interaction_id is not None:  # interaction messages come from the app's webhook
        out |= {"webhook_id": str(author.id), "application_id": str(author.id)}
    return out


def _error(code: str, message: str) -> list[Json]:
    return [{"code": code, "message": message}]


def too_long(limit: int) -> Json:
    return {"_errors": _error("BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")}


def _put(errors: Json, path: tuple[str, ...], error: Any) -> None:
    for key in path[:-1]:
        errors = errors.setdefault(key, {})
    errors[path[-1]] = error


def _embed_texts(embed: Json) -> list[tuple[tuple[str, ...], str, int]]:
    """(error path, text, limit) of every part of an embed that counts toward the 6000."""
    footer, author = embed.get("footer") or {}, embed.get("author") or {}
    texts: list[tuple[tuple[str, ...], Any, int]] = [(("title",), embed.get("title"), 256)]
    texts += [(("description",), embed.get("description"), 4096)]
    texts += [(("footer", "text"), footer.get("text"), 2048)]
    texts += [(("author", "name"), author.get("name"), 256)]
    for i, pair in enumerate(embed.get("fields") or []):
        texts += [(("fields", str(i), "name"), pair.get("name"), 256)]
        texts += [(("fields", str(i), "value"), pair.get("value"), 1024)]
    return [(path, str(text or ""), limit) for path, text, limit in texts]


def _message_errors(body: Json) -> Json:
    errors: Json = {}
    if len(body.get("content") or "") > CONTENT_MAX:
        errors["content"] = too_long(CONTENT_MAX)
    embeds = body.get("embeds") or []
    if len(embeds) > EMBEDS_MAX:
        return errors | {"embeds": too_long(EMBEDS_MAX)}
    for i, embed in enumerate(embeds):
        for path, text, limit in _embed_texts(embed):
            if len(text) > limit:
                _put(errors, ("embeds", str(i), *path), too_long(limit))
        if len(embed.get("fields") or []) > EMBED_FIELDS_MAX:
            _put(errors, ("embeds", str(i), "fields"), too_long(EMBED_FIELDS_MAX))
    total = sum(len(text) for embed in embeds for _, text, _ in _embed_texts(embed))
    if total > EMBED_TOTAL_MAX and "embeds" not in errors:
        too_big = f"Embed size exceeds maximum size of {EMBED_TOTAL_MAX}"
        errors["embeds"] = {"_errors": _error("MAX_EMBED_SIZE_EXCEEDED", too_big)}
    return errors


def check_message(body: Json, files: list[Json]) -> None:
    if errors := _message_errors(body):
        raise ApiError.invalid_form(errors)
    if not files and not any(body.get(k) for k in ("content", "embeds", "components", "poll")):
        raise ApiError(400, 50006, "Cannot send an empty message")


def command_errors(commands: Any) -> Json:
    if not isinstance(commands, list):
        return {"_errors": _error("BASE_TYPE_ARRAY", "Must be an array.")}
    errors: Json = {}
    for i, command in enumerate(commands):
        name, description = str(command.get("name", "")), str(command.get("description", ""))
        if not _COMMAND_NAME.match(name) or name != name.lower():
            bad_name = _error("APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
            _put(errors, (str(i), "name"), {"_errors": bad_name})
        if command.get("type", 1) == 1 and not 1 <= len(description) <= 100:
            _put(errors, (str(i), "description"), too_long(100))
        if len(command.get("options") or []) > 25:
            _put(errors, (str(i), "options"), too_long(25))
        for where, problem in localisation_errors(command):
            _put(errors, (str(i), *where), problem)
    keys = [(c.get("name"), c.get("type", 1)) for c in commands]
    if len(set(keys)) != len(keys):
        errors["_errors"] = _error("APPLICATION_COMMANDS_DUPLICATE_NAME", "Names must be unique")
    return errors


#: The locales Discord accepts in name and description localisations.
LOCALES = frozenset(
    {
        "id",
        "da",
        "de",
        "en-GB",
        "en-US",
        "es-ES",
        "es-419",
        "fr",
        "hr",
        "it",
        "lt",
        "hu",
        "nl",
        "no",
        "pl",
        "pt-BR",
        "ro",
        "fi",
        "sv-SE",
        "vi",
        "tr",
        "cs",
        "el",
        "bg",
        "ru",
        "uk",
        "hi",
        "th",
        "zh-CN",
        "ja",
        "zh-TW",
        "ko",
    }
)


def localisation_errors(
    entry: Json, where: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], Json]]:
    """Unknown locales and texts of more than 100 characters, in a command, its options and
    their choices."""
    found = []
    for key in ("name_localizations", "description_localizations"):
        for locale, text in (entry.get(key) or {}).items():
            if locale not in LOCALES:
                found.append(((*where, key), {"_errors": _error("LOCALE_INVALID", locale)}))
            elif not 1 <= len(str(text)) <= 100:
                found.append(((*where, key, locale), too_long(100)))
    for n, child in enumerate((entry.get("options") or []) + (entry.get("choices") or [])):
        found += localisation_errors(child, (*where, "options", str(n)))
    return found


def interaction_options(command: Json, given: Mapping[str, Any]) -> list[Json]:
    """Interaction options for the `given` values, typed from the synced definition."""
    known = {option["name"]: option for option in command.get("options") or []}
    out = []
    for name, value in given.items():
        if name not in known:
            raise LookupError(f"/{command['name']} has no option {name!r}")
        option: Json = {"name": name, "type": known[name]["type"]}
        if option["type"] in (1, 2):  # a subcommand (group) carries its own options
            out.append(option | {"options": interaction_options(known[name], value)})
        else:
            out.append(option | {"value": value})
    return out


def find_component(components: list[Json], custom_id: str) -> Json:
    for component in components:
        if component.get("custom_id") == custom_id:
            return component
        with contextlib.suppress(LookupError):
            return find_component(component.get("components") or [], custom_id)
    raise LookupError(f"no component {custom_id!r} on the message")


def fault_error(status: int, opts: Json) -> ApiError:
    if status == 429:
        return ApiError.rate_limited(
            float(opts.get("retry_after", 0.05)), opts.get("scope", "user")
        )
    reason = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}
    message = opts.get("message") or f"{status}: {reason.get(status, 'Error')}"
    return ApiError(status, int(opts.get("code", 0)), message)
