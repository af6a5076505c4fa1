"""A fake Telegram Bot API on loopback, for tests and benchmarks.

python-telegram-bot talks to it over HTTP as it talks to api.telegram.org: point ``Bot``
or ``ApplicationBuilder`` at ``tg.base_url``. PTB 22 POSTs every call as a form (multipart
when it uploads a file) whose values are strings or JSON (``chat_id=42``, ``reply_markup=
{"inline_keyboard": ...}``); the fake decodes each by the type the Bot API gives it.

It answers the methods the bot calls as Telegram does: getMe, getUpdates (long polling),
deleteWebhook, setMyCommands, sendMessage, sendPhoto, answerCallbackQuery and getChatMember.
Texts are checked as Telegram checks them (HTML parse mode, 4,096 UTF-16 units a message,
1,024 a caption), and so are the flood limits: 30 messages a second overall, 1 a second to
a private chat, 20 a minute to a group, answered with 429 and retry_after. Users block the
bot (`block`), groups become supergroups (`migrate`), faults come on demand (`inject`), and
every call is recorded. The driver API (`push_message`, `wait_for_*`) is async; with the
server in its own thread (`start_in_thread`) those coroutines run on the server's loop.
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
import zlib
from collections import Counter, deque
from collections.abc import Callable, Coroutine, Iterable
from typing import Any, TypeVar

from aiohttp import web

from fakes.telegram_records import (
    ApiCall,
    ApiError,
    FakeChat,
    Fault,
    SentMessage,
    bad_request,
    too_many,
)
from fakes.telegram_rules import (
    Refused,
    check_markup,
    command_entities,
    decode_param,
    parse_telegram_html,
    photo_size,
    telegram_html_to_text,
    utf16_len,
    visible_text,
)
from fakes.waits import WAIT

# The HTML functions are the tests' too: they check what a chat would show.
__all__ = [
    "ApiCall",
    "FakeTelegram",
    "SentMessage",
    "parse_telegram_html",
    "telegram_html_to_text",
    "utf16_len",
]

T = TypeVar("T")
Params = dict[str, Any]

# The shape @BotFather hands out: `<bot id>:<35 characters>`.
DEFAULT_TOKEN = "7000000001:AAFakeTokenForLoopbackTestsOnly_0000"  # noqa: S105 -- a fake's
_TOKEN_SHAPE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{30,64}$")
PER_SECOND = 30  # messages a second, all chats together
PAID_PER_SECOND = 1000  # the same with allow_paid_broadcast
PER_SECOND_PRIVATE = 1
PER_MINUTE_GROUP = 20
_CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot "
    "instance is running"
)
_DESCRIPTIONS = {
    400: "Bad Request: injected fault",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}
_NGINX_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
# Update types delivered when a bot never set allowed_updates: all but these.
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
# What getChatMember says of an administrator: may do these...
_ADMIN_RIGHTS = {
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
}
# ...and not these (PTB needs every one of them).
_GIFT_TYPES = (
    "unlimited_gifts",
    "limited_gifts",
    "unique_gifts",
    "premium_subscription",
    "gifts_from_channels",
)
_NO_RIGHTS = {
    "can_be_edited",
    "is_anonymous",
    "can_promote_members",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
}


async def _read_params(request: web.Request) -> Params:
    """The form or multipart body PTB sends, values decoded."""
    if not request.body_exists:
        return {}
    form = await request.post()
    return {name: decode_param(name, _form_value(value)) for name, value in form.items()}


def _form_value(value: str | bytes | bytearray | web.FileField) -> str | bytes:
    if not isinstance(value, web.FileField):
        return value if isinstance(value, str) else bytes(value)
    with value.file:  # aiohttp spools an upload to a temporary file
        return value.file.read()


# --- the server ---------------------------------------------------------------------------


class FakeTelegram:
    """The Bot API at ``http://127.0.0.1:<port>/bot<token>/<method>``; see the module doc."""

    bot_username = "TruceWatchBot"

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        latency: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.token, self.latency, self._clock = token, latency, clock
        self.bot_id = int(token.split(":", 1)[0])
        self.port = 0
        self._lock = threading.RLock()  # the records are read from other threads
        self._chats: dict[int, FakeChat] = {}
        self._migrated: dict[int, int] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(100_000)
        self._allowed_updates: frozenset[str] | None = None
        self._polls = 0  # getUpdates calls so far: a newer one ends an older one
        self._pollers_waiting = 0
        self._callbacks: dict[str, dict[str, Any] | None] = {}
        self._commands: dict[str, list[dict[str, str]]] = {}
        self._faults: list[Fault] = []
        self._window: deque[float] = deque()
        self._chat_windows: dict[int, deque[float]] = {}
        self._sent: list[SentMessage] = []
        self._calls: list[ApiCall] = []
        self._sent_per_chat: Counter[int] = Counter()
        self._calls_per_method: Counter[str] = Counter()
        self._rate_limited = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._answered = asyncio.Condition()  # a call was recorded
        self._pushed = asyncio.Condition()  # an update arrived, or a poll began
        self._closing = asyncio.Event()
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """PTB's ``base_url``: PTB appends the token, then ``/<method>``."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "TruceWatch",
            "username": self.bot_username,
        }

    async def start(self) -> FakeTelegram:
        self._loop = asyncio.get_running_loop()
        # Up to Telegram's 50 MB an upload, not aiohttp's default 1 MiB.
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        # handler_cancellation: a client giving up (PTB ending a long poll, a read timeout)
        # must not leave a handler holding its request open.
        self._runner = web.AppRunner(app, handler_cancellation=True, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            self._closing.set()
            await self._notify(self._pushed)  # long polls return at once
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    def start_in_thread(self) -> FakeTelegram:
        """Serve from a daemon thread with its own loop (benchmarks, bots in a process)."""
        loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=loop.run_forever, name="FakeTelegram", daemon=True)
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.start(), loop).result(10)
        return self

    def stop_thread(self) -> None:
        loop = self._loop
        if self._thread is None or loop is None:
            return
        asyncio.run_coroutine_threadsafe(self.stop(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        self._thread.join(10)
        loop.close()
        self._thread = None

    async def _on_server_loop(self, factory: Callable[[], Coroutine[Any, Any, T]]) -> T:
        """Run a driver coroutine on the server's loop, whichever loop awaits it."""
        loop = self._loop
        if loop is None:
            raise RuntimeError("FakeTelegram is not started")
        if asyncio.get_running_loop() is loop:
            return await factory()
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(factory(), loop))

    @staticmethod
    async def _notify(condition: asyncio.Condition) -> None:
        async with condition:
            condition.notify_all()

    # -- chats (driver) --------------------------------------------------------------------

    def add_chat(
        self,
        chat_id: int,
        chat_type: str | None = None,
        *,
        title: str | None = None,
        username: str | None = None,
    ) -> None:
        with self._lock:
            chat = self._chat(chat_id, chat_type)
            chat.title = title or chat.title
            chat.username = username or chat.username

    def set_admins(self, chat_id: int, user_ids: Iterable[int]) -> None:
        """Make `user_ids` the administrators of a group."""
        with self._lock:
            members = self._chat(chat_id).members
            for user_id, status in members.items():
                if status == "administrator":
                    members[user_id] = "member"
            members.update(dict.fromkeys(user_ids, "administrator"))

    def block(self, chat_id: int) -> None:
        """The user blocked the bot: sends to the chat get 403 from now on."""
        with self._lock:
            self._chat(chat_id).blocked = True

    def migrate(self, chat_id: int, new_chat_id: int) -> None:
        """The group became a supergroup: calls to the old id get 400 + migrate_to_chat_id."""
        with self._lock:
            old, new = self._chat(chat_id), self._chat(new_chat_id, "supergroup")
            new.title = new.title or old.title
            new.members.update(old.members)
            self._migrated[chat_id] = new_chat_id

    def _chat(self, chat_id: int, chat_type: str | None = None) -> FakeChat:
        if chat_id not in self._chats:
            kind = "supergroup" if str(chat_id).startswith("-100") else "group"
            self._chats[chat_id] = FakeChat(chat_id, "private" if chat_id > 0 else kind)
        chat = self._chats[chat_id]
        chat.type = chat_type or chat.type
        return chat

    # -- faults (driver) -------------------------------------------------------------------

    def inject(
        self, method: str, kind: str, times: int = 1, *, chat_id: int | None = None, **opts: Any
    ) -> None:
        """Fail the next `times` calls of `method` (to `chat_id` only, if given) with `kind`:

        * an HTTP status: "429" (``retry_after=``, 3 s by default), "400"/"403"...
          (``description=``), "500"/"502"/"503" (``html=True``: nginx's HTML page);
        * "timeout": hold the request ``seconds=`` (30) or until the client gives up, then
          drop it; "reset": drop the connection at once.

        With ``deliver=True`` a timeout or reset comes after the call went through: the
        message is sent, only its answer is lost, so a retry duplicates it.
        """
        if kind not in ("timeout", "reset") and not kind.isdigit():
            raise ValueError(f"unknown fault kind {kind!r}")
        with self._lock:
            self._faults.append(Fault(method.lower(), kind, times, chat_id, opts))

    def _take_fault(self, method: str, params: Params) -> Fault | None:
        chat_id = params.get("chat_id")
        with self._lock:
            for fault in self._faults:
                aimed = fault.method == method.lower() and fault.chat_id in (None, chat_id)
                if fault.remaining and aimed:
                    fault.remaining -= 1
                    return fault
        return None

    async def _fire(
        self, request: web.Request, method: str, params: Params, fault: Fault
    ) -> web.StreamResponse:
        if fault.kind not in ("timeout", "reset"):
            response, description = _fault_answer(int(fault.kind), fault.opts)
            await self._log(method, params, response.status, description)
            return response
        if fault.opts.get("deliver"):  # the call goes through; only its answer is lost
            await self._answer(method, params)
        await self._log(method, params, 0, None)
        if fault.kind == "timeout":
            with contextlib.suppress(TimeoutError):  # the client usually gives up first
                async with asyncio.timeout(fault.opts.get("seconds", 30.0)):
                    await self._closing.wait()
        return _drop_connection(request, reset=fault.kind == "reset")

    # -- updates (driver) ------------------------------------------------------------------

    async def push_message(
        self, chat_id: int, text: str, *, user_id: int | None = None, language_code: str = "en"
    ) -> dict[str, Any]:
        """A user writes `text` in a chat (user_id: who, in a group; language_code: their
        app's language); returns the Update."""

        def build() -> dict[str, Any]:
            chat = self._chat(chat_id)
            sender = chat_id if chat.type == "private" and user_id is None else user_id
            sender = 1_000_001 if sender is None else sender
            chat.members.setdefault(sender, "member")
            message = self._new_message(chat, _user(sender, language_code))
            _with_text(message, "text", text, command_entities(text))
            return {"message": message}

        return await self._push(build)

    async def push_callback_query(
        self, chat_id: int, user_id: int, message_id: int, data: str
    ) -> str:
        """A user presses an inline button; returns the callback query's id."""

        def build() -> dict[str, Any]:
            chat = self._chat(chat_id)
            # A message the bot can no longer see comes as an InaccessibleMessage: date 0.
            message = self._messages.get((chat_id, message_id)) or {
                "chat": chat.json(),
                "message_id": message_id,
                "date": 0,
            }
            query_id = f"{self.bot_id}{len(self._callbacks) + 1:012d}"
            self._callbacks[query_id] = None
            query = {"id": query_id, "from": _user(user_id), "message": message, "data": data}
            return {"callback_query": {**query, "chat_instance": str(abs(chat_id))}}

        update = await self._push(build)
        return str(update["callback_query"]["id"])

    async def _push(self, build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        async def push() -> dict[str, Any]:
            with self._lock:
                # A copy: a later change of a stored message must not reach a queued update.
                update = copy.deepcopy({"update_id": next(self._update_ids), **build()})
                kind = next(key for key in update if key != "update_id")
                # Telegram filters when an update is made, by the last allowed_updates.
                allowed = self._allowed_updates
                if kind in allowed if allowed is not None else kind not in _OPT_IN_UPDATES:
                    self._updates.append(update)
            await self._notify(self._pushed)
            return update

        return await self._on_server_loop(push)

    def _new_message(self, chat: FakeChat, sender: dict[str, Any]) -> dict[str, Any]:
        """A new message in `chat`, kept for callback queries that refer to it."""
        message_id, chat.next_message_id = chat.next_message_id, chat.next_message_id + 1
        message = {"message_id": message_id, "date": int(time.time()), "chat": chat.json()}
        message["from"] = sender
        self._messages[(chat.id, message_id)] = message
        return message

    # -- records (driver) ------------------------------------------------------------------

    @property
    def sent(self) -> list[SentMessage]:
        with self._lock:
            return list(self._sent)

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
        self, *, scope: dict[str, Any] | None = None, language_code: str | None = None
    ) -> list[dict[str, str]]:
        """The command menu set for `scope` (the default scope if None) and users whose app
        is in `language_code` (those of every other language if None)."""
        with self._lock:
            return list(self._commands.get(_scope_key(scope, language_code), []))

    @property
    def too_many_requests_count(self) -> int:
        """429s answered, by the flood limits or injected."""
        with self._lock:
            return sum(c.status == 429 for c in self._calls)

    @property
    def rate_limited_count(self) -> int:
        """429s answered by the flood limits alone."""
        with self._lock:
            return self._rate_limited

    def duplicates(self) -> dict[tuple[int, str], int]:
        """(chat_id, text) -> count, for texts sent to one chat more than once."""
        with self._lock:
            counts = Counter((m.chat_id, m.text) for m in self._sent)
        return {key: n for key, n in counts.items() if n > 1}

    # -- waiting (driver) ------------------------------------------------------------------

    async def wait_for(
        self, predicate: Callable[[], bool], timeout: float = WAIT, *, what: str = "condition"
    ) -> None:
        """Until `predicate()` holds, checked again after each answered call."""
        await self._wait(predicate, timeout, what)

    async def wait_for_messages(
        self, count: int, chat_id: int | None = None, timeout: float = WAIT
    ) -> list[SentMessage]:
        """Until `count` messages were accepted (to `chat_id`, if given); returns them all."""

        def received() -> int:
            with self._lock:
                return len(self._sent) if chat_id is None else self._sent_per_chat[chat_id]

        where = "any chat" if chat_id is None else f"chat {chat_id}"
        await self._wait(lambda: received() >= count, timeout, f"{count} message(s) to {where}")
        return self.sent if chat_id is None else self.messages_to(chat_id)

    async def wait_for_calls(self, method: str, count: int = 1, timeout: float = WAIT) -> None:
        """Until `method` was answered `count` times, whatever the answer."""

        def answered() -> bool:
            with self._lock:
                return self._calls_per_method[method.lower()] >= count

        await self._wait(answered, timeout, f"{count} {method} call(s)")

    async def wait_for_poller(self, timeout: float = WAIT) -> None:
        """Until a getUpdates long poll is parked on the server."""

        def parked() -> bool:
            with self._lock:
                return self._pollers_waiting > 0

        await self._wait(parked, timeout, "a getUpdates long poll")

    async def _wait(self, predicate: Callable[[], bool], seconds: float, what: str) -> None:
        async def wait() -> None:
            try:
                async with asyncio.timeout(seconds), self._answered:
                    await self._answered.wait_for(predicate)
            except TimeoutError:
                raise TimeoutError(f"no {what} within {seconds}s; {self._summary()}") from None

        await self._on_server_loop(wait)

    def _summary(self) -> str:
        with self._lock:
            sent = [(m.chat_id, m.text[:60]) for m in self._sent[-10:]]
            calls = [f"{c.method}->{c.status} {c.description or ''}" for c in self._calls[-10:]]
            return f"got {len(self._sent)} message(s), last {sent}; last calls {calls}"

    # -- HTTP ------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = _METHOD_NAMES.get(request.match_info["method"].lower())
        method = method or request.match_info["method"]
        try:
            params = await self._check_token(request)
            fault = self._take_fault(method, params)
            if fault is not None:
                return await self._fire(request, method, params, fault)
            status, body = await self._answer(method, params)
        except ApiError as error:
            params, status, body = {}, error.status, error.body()
        payload = json.dumps(body)  # now: a stored message may change with a later call
        await self._log(method, params, status, body.get("description"))
        if self.latency:
            await asyncio.sleep(self.latency)  # a simulated network round trip
        return web.Response(text=payload, status=status, content_type="application/json")

    async def _check_token(self, request: web.Request) -> Params:
        token = request.match_info["token"]
        if token != self.token:  # 401 for a token of the right shape, 404 for garbage
            raise ApiError(401, "Unauthorized") if _TOKEN_SHAPE.match(token) else _not_found()
        try:
            return await _read_params(request)
        except Refused as refused:
            raise bad_request(refused.reason) from None

    async def _answer(self, method: str, params: Params) -> tuple[int, dict[str, Any]]:
        """Run a method: (status, JSON body)."""
        try:
            if method == "getUpdates":
                result = await self._get_updates(params)
            elif method not in _HANDLERS:
                raise _not_found()
            else:
                with self._lock:
                    result = _HANDLERS[method](self, params)
        except Refused as refused:
            return 400, bad_request(refused.reason).body()
        except ApiError as error:
            return error.status, error.body()
        return 200, {"ok": True, "result": result}

    async def _log(self, method: str, params: Params, status: int, description: str | None) -> None:
        """Record an answered (or dropped) call and wake whoever waits on the records."""
        with self._lock:
            self._calls.append(ApiCall(method, params, status, description, self._clock()))
            self._calls_per_method[method.lower()] += 1
        await self._notify(self._answered)

    # -- methods ---------------------------------------------------------------------------

    def _get_me(self, params: Params) -> dict[str, Any]:
        return self.bot_user

    def _delete_webhook(self, params: Params) -> bool:
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _set_my_commands(self, params: Params) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or not all(isinstance(c, dict) for c in commands):
            raise bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(command.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        language = params.get("language_code")
        if language and not re.fullmatch(r"[a-z]{2}", str(language)):
            raise bad_request("LANGUAGE_CODE_INVALID")
        key = _scope_key(params.get("scope"), language)
        self._commands[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    def _send_message(self, params: Params) -> dict[str, Any]:
        chat = self._target(params)
        visible, entities = visible_text(str(params.get("text", "")), params.get("parse_mode"))
        message = self._deliver(chat, params)
        _with_text(message, "text", visible, entities)
        self._record_sent(message, params, "text", entities)
        return message

    def _send_photo(self, params: Params) -> dict[str, Any]:
        """An uploaded PNG or JPEG, checked as Telegram checks a photo, with a caption."""
        chat = self._target(params)
        photo = params.get("photo")
        if not isinstance(photo, bytes):  # a file_id or URL: nothing the fake could show
            raise bad_request("wrong file identifier/HTTP URL specified")
        width, height = photo_size(photo)
        caption = str(params.get("caption", ""))
        visible, entities = visible_text(caption, params.get("parse_mode"), caption=True)
        message = self._deliver(chat, params)
        message["photo"] = [_photo_size(photo, width, height)]
        _with_text(message, "caption", visible, entities)
        self._record_sent(message, params, "caption", entities)
        return message

    def _deliver(self, chat: FakeChat, params: Params) -> dict[str, Any]:
        """A new message from the bot, once its markup and the flood limits allow it."""
        markup = params.get("reply_markup")
        check_markup(markup)
        self._admit(chat, bool(params.get("allow_paid_broadcast")))
        message = self._new_message(chat, self.bot_user)
        if markup and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        return message

    def _record_sent(
        self, message: dict[str, Any], params: Params, field: str, entities: list[Any]
    ) -> None:
        chat_id = message["chat"]["id"]
        self._sent_per_chat[chat_id] += 1
        sent = SentMessage(
            chat_id=chat_id,
            message_id=message["message_id"],
            text=str(params.get(field, "")),
            visible_text=message.get(field, ""),
            parse_mode=params.get("parse_mode"),
            entities=tuple(entities),
            reply_markup=params.get("reply_markup"),
            link_preview_options=params.get("link_preview_options"),
            allow_paid_broadcast=bool(params.get("allow_paid_broadcast")),
            photo=params.get("photo"),
            received_at=self._clock(),
            params=dict(params),
        )
        self._sent.append(sent)

    def _answer_callback_query(self, params: Params) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        if self._callbacks.get(query_id, True) is not None:  # unknown, or answered already
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        if len(str(params.get("text", ""))) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        self._callbacks[query_id] = dict(params)
        return True

    def _get_chat_member(self, params: Params) -> dict[str, Any]:
        chat = self._target(params, sending=False)
        user_id = params.get("user_id")
        if user_id is None:
            raise bad_request("user_id is empty")
        if chat.type == "private":
            status = "member" if user_id in (chat.id, self.bot_id) else "left"
        else:
            status = chat.members.get(user_id, "member" if user_id == self.bot_id else "left")
        user = self.bot_user if user_id == self.bot_id else _user(user_id)
        member: dict[str, Any] = {"status": status, "user": user}
        if status == "administrator":
            member |= dict.fromkeys(_ADMIN_RIGHTS, True) | dict.fromkeys(_NO_RIGHTS, False)
            if chat.type == "channel":
                member["can_post_messages"] = True
        return member

    def _target(self, params: Params, *, sending: bool = True) -> FakeChat:
        """The chat of a call, refused as Telegram refuses it: migrated or blocked."""
        chat_id = self._by_username(params.get("chat_id"))
        if not isinstance(chat_id, int):
            raise bad_request("chat not found" if chat_id else "chat_id is empty")
        if chat_id in self._migrated:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                migrate_to_chat_id=self._migrated[chat_id],
            )
        chat = self._chat(chat_id)
        if chat.blocked and sending:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    def _by_username(self, chat_id: object) -> object:
        """`@name` as the id of the public chat that has it (unknown names stay as given)."""
        if not isinstance(chat_id, str):
            return chat_id
        name = chat_id.removeprefix("@").lower()
        found = [c.id for c in self._chats.values() if (c.username or "").lower() == name]
        return found[0] if found else chat_id

    def _get_chat(self, params: Params) -> dict[str, Any]:
        """ChatFullInfo: the chat and the fields the Bot API always includes."""
        gifts = dict.fromkeys(_GIFT_TYPES, False)
        full = {"accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": gifts}
        return self._target(params, sending=False).json() | full

    def _admit(self, chat: FakeChat, paid: bool) -> None:
        """Count an accepted send, or raise 429 with the seconds until a window frees."""
        now = self._clock()
        chat_window = self._chat_windows.setdefault(chat.id, deque())
        per_chat = (PER_SECOND_PRIVATE, 1.0) if chat.type == "private" else (PER_MINUTE_GROUP, 60.0)
        wait = max(
            _window_wait(self._window, PAID_PER_SECOND if paid else PER_SECOND, 1.0, now),
            _window_wait(chat_window, *per_chat, now),
        )
        if wait > 0:
            self._rate_limited += 1
            raise too_many(max(1, math.ceil(wait - 1e-9)))
        self._window.append(now)
        chat_window.append(now)

    # -- getUpdates ------------------------------------------------------------------------

    async def _get_updates(self, params: Params) -> list[dict[str, Any]]:
        """Long polling: at once if updates are queued, else parked up to `timeout`."""
        limit = min(max(params.get("limit") or 100, 1), 100)
        with self._lock:
            offset = params.get("offset") or 0
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if isinstance(params.get("allowed_updates"), list):
                self._allowed_updates = frozenset(params["allowed_updates"]) or None
            self._polls += 1
            poll, batch = self._polls, self._updates[:limit]
        await self._notify(self._pushed)  # an older poll still parked ends now
        if batch or not params.get("timeout"):
            return batch
        await self._park(poll, params["timeout"])
        with self._lock:
            if self._polls != poll and not self._closing.is_set():
                raise ApiError(409, _CONFLICT)
            return self._updates[:limit]

    async def _park(self, poll: int, seconds: float) -> None:
        def wake() -> bool:
            with self._lock:
                return bool(self._updates) or self._polls != poll or self._closing.is_set()

        with self._lock:
            self._pollers_waiting += 1
        await self._notify(self._answered)
        try:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(seconds), self._pushed:
                    await self._pushed.wait_for(wake)
        finally:
            with self._lock:
                self._pollers_waiting -= 1


_HANDLERS: dict[str, Callable[[FakeTelegram, Params], Any]] = {
    "getMe": FakeTelegram._get_me,
    "deleteWebhook": FakeTelegram._delete_webhook,
    "setMyCommands": FakeTelegram._set_my_commands,
    "sendMessage": FakeTelegram._send_message,
    "sendPhoto": FakeTelegram._send_photo,
    "answerCallbackQuery": FakeTelegram._answer_callback_query,
    "getChatMember": FakeTelegram._get_chat_member,
    "getChat": FakeTelegram._get_chat,
}
# Telegram's method names are case-insensitive.
_METHOD_NAMES = {name.lower(): name for name in [*_HANDLERS, "getUpdates"]}


# --- helpers ------------------------------------------------------------------------------


def _not_found() -> ApiError:
    return ApiError(404, "Not Found")


def _user(user_id: int, language_code: str = "en") -> dict[str, Any]:
    user = {"id": user_id, "is_bot": False, "first_name": f"User {user_id}"}
    return user | {"language_code": language_code}


def _scope_key(scope: Any, language_code: Any = None) -> str:
    """A menu's key: its scope, and its language ("" for every other one)."""
    return json.dumps([scope or {"type": "default"}, language_code or ""], sort_keys=True)


def _window_wait(window: deque[float], capacity: int, span: float, now: float) -> float:
    """Seconds until a sliding window of `span` seconds has room for one more event."""
    while window and window[0] <= now - span:
        window.popleft()
    if len(window) < capacity:
        return 0.0
    return window[len(window) - capacity] + span - now


def _with_text(message: dict[str, Any], name: str, text: str, entities: list[Any]) -> None:
    if text:
        message[name] = text
    if entities:
        message["entities" if name == "text" else "caption_entities"] = entities


def _photo_size(photo: bytes, width: int, height: int) -> dict[str, Any]:
    digest = f"{zlib.crc32(photo):08x}"
    return {
        "file_id": f"AgAC{digest}",
        "file_unique_id": f"AQAD{digest}",
        "width": width,
        "height": height,
        "file_size": len(photo),
    }


def _fault_answer(status: int, opts: dict[str, Any]) -> tuple[web.Response, str | None]:
    """An injected error answer, and its description (None for nginx's HTML page)."""
    if status == 502 and opts.get("html"):
        return web.Response(status=502, text=_NGINX_502, content_type="text/html"), None
    if status == 429:
        error = too_many(max(1, int(opts.get("retry_after", 3))))
    else:
        error = ApiError(status, opts.get("description") or _DESCRIPTIONS.get(status, "Error"))
    return web.json_response(error.body(), status=status), error.description


def _drop_connection(request: web.Request, *, reset: bool) -> web.Response:
    """Close the socket without an answer: an RST with `reset`, else a FIN."""
    transport = request.transport
    sock = transport.get_extra_info("socket") if transport is not None else None
    if reset and sock is not None:  # SO_LINGER with a zero timeout: close() sends RST
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    if transport is not None:
        transport.abort()
    return web.Response(status=204)  # never reaches the client
