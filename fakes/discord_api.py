"""A fake Discord on loopback -- REST under /api/v10 and the gateway websocket -- that the
real discord.py client talks to. It runs on the test's event loop, beside the bot.

discord.py finds it through the two attributes that DISCORD_API_URL and DISCORD_GATEWAY_URL
stand for (discord_fixtures.point_discord_at sets both)::

    discord.http.Route.BASE = fake.api_url                # http://127.0.0.1:<port>/api/v10
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)

It answers like Discord where a bot can tell: error codes and bodies, length limits
(400/50035), a per-channel and a global rate limit with X-RateLimit-* headers (429 with
retry_after), the 3-second interaction deadline, nonce deduplication. Its rules and records
live in discord_model.

- World: fake.guild, fake.channel, fake.user (alice); add_user, add_guild, add_channel,
  dm_channel; forbid/allow, delete_channel, remove_guild; reconnect_gateway.
- Faults: inject(kind, fault, times, **opts) on a route kind (Call.kind), clear_faults.
- Acting as a user: run_command, click, autocomplete -> Interaction, whose response(),
  reply() and followed_up() wait for the bot.
- Records: sent / messages_in(channel), calls / calls_to(kind), command_writes, commands,
  interactions, gateway_connections, invalid_requests; wait_for(predicate) re-checks them
  after every change, so tests need no sleeps.
- Time: fake.clock (time.monotonic; replaceable) plus advance(seconds).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import secrets
import socket
import struct
import time
import zlib
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, Unpack

from aiohttp import WSMsgType, web

from fakes.discord_model import (
    BOT_PERMISSIONS,
    EPHEMERAL,
    LOADING,
    MEMBER_PERMISSIONS,
    ApiError,
    Call,
    Callback,
    Channel,
    CommandWrite,
    Context,
    Fault,
    Guild,
    Interaction,
    Json,
    Limits,
    Message,
    User,
    Window,
    channel_json,
    check_message,
    command_errors,
    fault_error,
    find_component,
    interaction_options,
    iso,
    member_json,
    message_json,
    too_long,
    user_json,
)
from fakes.waits import WAIT

T = TypeVar("T")
Handler = Callable[["_Request"], Awaitable[Any]]

DEFAULT_TOKEN = "MTEwMDAwMDAwMDAwMDAwMDAx.fake.loopback-bot-token"  # noqa: S105 -- a fake's
APPLICATION_ID = 1100000000000000001
_FORBIDDEN = {50001: "Missing Access", 50013: "Missing Permissions"}
# Interaction callbacks and follow-ups are exempt from the global limit on Discord.
_NOT_GLOBAL = frozenset({"callback", "followup", "webhook_message", "get_gateway"})
_CALLBACKS_FOR = {2: (4, 5, 9), 3: (4, 5, 6, 7, 9), 4: (8,)}  # interaction type -> callbacks
_TRUE = ("1", "true", "True")


@dataclass
class _Request:
    method: str
    match: Mapping[str, str]
    query: Mapping[str, str]
    body: Any
    files: list[Json]


@dataclass
class _Session:
    """One gateway connection; `seq` counts its dispatches."""

    ws: web.WebSocketResponse
    deflate: Any  # a zlib compressor when the client asked for zlib-stream
    record: Json  # this connection's entry in FakeDiscord.gateway_connections
    session_id: str = ""
    seq: int = 0

    async def send(self, op: int, d: Any, event: str | None = None) -> None:
        self.seq += 1 if op == 0 else 0
        text = json.dumps({"op": op, "d": d, "s": self.seq if op == 0 else None, "t": event})
        if self.deflate is None:
            await self.ws.send_str(text)
        else:
            deflated = self.deflate.compress(text.encode())
            await self.ws.send_bytes(deflated + self.deflate.flush(zlib.Z_SYNC_FLUSH))


class FakeDiscord:
    """Discord's REST API and gateway for one bot, on 127.0.0.1."""

    users: dict[int, User]
    guilds: dict[int, Guild]
    channels: dict[int, Channel]
    calls: list[Call]
    sent: list[Message]
    command_writes: list[CommandWrite]

    def __init__(
        self, *, token: str = DEFAULT_TOKEN, limits: Limits | None = None, port: int = 0
    ) -> None:
        self.token, self.limits, self.port = token, limits or Limits(), port
        self.clock: Callable[[], float] = time.monotonic  # tests may stop it; see advance()
        self._offset, self._ids = 0.0, itertools.count(1)
        self.application_id = APPLICATION_ID
        self.bot = User(APPLICATION_ID, "TruceWatch", bot=True)
        self.users, self.guilds, self.channels = {self.bot.id: self.bot}, {}, {}
        self.calls, self.sent, self.command_writes = [], [], []
        self.interactions: dict[int, Interaction] = {}
        self.commands: dict[int | None, list[Json]] = {}  # guild id (None: global) -> commands
        self.gateway_connections: list[Json] = []  # query, compressed, intents, resumed
        self.errors: list[Exception] = []  # the fake's own failures; fixtures assert none
        self._sessions: list[_Session] = []
        self._resumable: dict[str, _Session] = {}  # identified sessions, by session id
        self._faults: list[Fault] = []
        self._windows: dict[str, Window] = {}
        self._invalid: list[float] = []
        self._nonces: dict[tuple[int, str], Message] = {}
        self._waiters: list[asyncio.Future[None]] = []
        self._runner: web.AppRunner | None = None
        self.owner, self.user = self.add_user("owner"), self.add_user("alice")
        self.guild = self._new_guild("Karabakh watch", ("general",))
        self.channel = self.channels[self.guild.channel_ids[0]]

    # ------------------------------------------------------------------ lifecycle
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        """The value for DISCORD_API_URL, i.e. discord.http.Route.BASE."""
        return f"{self.base_url}/api/v10"

    @property
    def gateway_url(self) -> str:
        """The value for DISCORD_GATEWAY_URL, i.e. DiscordWebSocket.DEFAULT_GATEWAY."""
        return f"ws://127.0.0.1:{self.port}/"

    async def start(self) -> FakeDiscord:
        self._closing = asyncio.Event()
        app = web.Application(client_max_size=4 * self.limits.upload_bytes)
        app.router.add_get("/", self._gateway)
        for method, path, kind, handler, auth in self._routes():
            app.router.add_route(method, "/api/v10" + path, self._serve(kind, handler, auth))
        app.router.add_route("*", "/{tail:.*}", self._serve("unknown", self._unknown, False))
        # handler_cancellation: a client that gives up must not leave a held request behind.
        self._runner = web.AppRunner(app, handler_cancellation=True, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port, reuse_address=True).start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            self._closing.set()
            for session in list(self._sessions):
                await session.ws.close(code=1001)
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # ------------------------------------------------------------------ time and waiting
    def now(self) -> float:
        return self.clock() + self._offset

    def advance(self, seconds: float) -> None:
        """Move the fake's clock on: deadlines, windows and token lifetimes all see it."""
        self._offset += seconds

    def _changed(self) -> None:
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def wait_for(self, predicate: Callable[[], T], within: float = WAIT) -> T:
        """Wait until predicate() is true, re-checked after every change the fake records."""
        async with asyncio.timeout(within):
            while not (result := predicate()):
                waiter = asyncio.get_running_loop().create_future()
                self._waiters.append(waiter)
                await waiter
        return result

    async def wait_for_messages(
        self, count: int, channel: Channel | None = None, within: float = WAIT
    ) -> list[Message]:
        """The first `count` messages the bot made (in `channel`), once there are that many."""

        def found() -> list[Message]:
            return self.messages_in(channel) if channel else self.sent

        await self.wait_for(lambda: len(found()) >= count, within)
        return found()[:count]

    # ------------------------------------------------------------------ world controls
    def _new_id(self) -> int:
        """A snowflake: milliseconds since Discord's epoch, then a counter."""
        return ((int(time.time() * 1000) - 1420070400000) << 22) | (next(self._ids) & 0x3FFFFF)

    def add_user(self, username: str, *, dms_open: bool = True) -> User:
        user = User(self._new_id(), username, dms_open=dms_open)
        self.users[user.id] = user
        return user

    def _new_guild(self, name: str, channels: tuple[str, ...]) -> Guild:
        guild = Guild(self._new_id(), name, self.owner.id, self._new_id())
        self.guilds[guild.id] = guild
        for channel_name in channels:
            self._new_channel(guild, channel_name, 0)
        return guild

    def _new_channel(self, guild: Guild, name: str, type: int) -> Channel:
        channel = Channel(self._new_id(), name, type, guild.id, position=len(guild.channel_ids))
        self.channels[channel.id] = channel
        guild.channel_ids.append(channel.id)
        return channel

    async def add_guild(self, name: str, channels: tuple[str, ...] = ("general",)) -> Guild:
        """A guild the bot is in; a connected bot gets GUILD_CREATE (it joins)."""
        guild = self._new_guild(name, channels)
        joined = self._guild_json(guild)
        del joined["unavailable"]  # absent, not false: discord.py tells a join from an outage
        await self._announce("GUILD_CREATE", joined)
        return guild

    async def add_channel(self, guild: Guild, name: str, type: int = 0) -> Channel:
        channel = self._new_channel(guild, name, type)
        await self._announce("CHANNEL_CREATE", self._channel_json(channel))
        return channel

    def dm_channel(self, user: User) -> Channel:
        """The user's DM channel with the bot, created on first use."""
        found = [c for c in self.channels.values() if c.recipient_id == user.id]
        channel = found[0] if found else Channel(self._new_id(), user.username, 1, None, user.id)
        self.channels[channel.id] = channel
        return channel

    def forbid(self, channel: Channel, code: int = 50001) -> None:
        """Calls on the channel answer 403 `code` (50001 Missing Access, 50013 ...)."""
        channel.forbidden = code

    def allow(self, channel: Channel) -> None:
        channel.forbidden = None

    async def delete_channel(self, channel: Channel, *, announce: bool = True) -> None:
        """Later calls answer 404 10003 Unknown Channel; a guild's bot gets CHANNEL_DELETE."""
        channel.deleted = True
        if announce and channel.guild_id is not None:
            await self._announce("CHANNEL_DELETE", self._channel_json(channel))

    async def remove_guild(self, guild: Guild, *, announce: bool = True) -> None:
        """The bot is removed: GUILD_DELETE, and the guild's channels answer 403 50001."""
        guild.removed = True
        if announce:
            await self._announce("GUILD_DELETE", {"id": str(guild.id)})

    async def reconnect_gateway(self) -> None:
        """Ask every connected client to reconnect (op 7); discord.py then RESUMEs."""
        for session in list(self._sessions):
            await session.send(7, None)

    def inject(self, kind: str, fault: str, times: int | None = 1, **opts: Any) -> Fault:
        """Fail the next `times` calls of route `kind` ("*": any) with `fault`.

        Faults: "429" (retry_after=0.05 seconds, scope="user"|"global"|"shared"), any
        status, e.g. "500", "502", "503" (code=..., message=...), "reset" (drop the
        connection unanswered), "timeout" (hold it `seconds`, default 30, then drop it),
        "lose_answer" (carry the call out -- the message is sent -- then drop the answer).
        channel=<Channel> restricts it to calls on that channel; times=None: until cleared.
        """
        if fault not in ("reset", "timeout", "lose_answer") and not fault.isdigit():
            raise ValueError(f"unknown fault {fault!r}")
        channel: Channel | None = opts.pop("channel", None)
        self._faults.append(Fault(kind, fault, times, channel.id if channel else None, opts))
        return self._faults[-1]

    def clear_faults(self) -> None:
        self._faults.clear()

    # ------------------------------------------------------------------ records
    def messages_in(self, channel: Channel | int) -> list[Message]:
        channel_id = channel if isinstance(channel, int) else channel.id
        return [m for m in self.sent if m.channel_id == channel_id and not m.deleted]

    @property
    def connected(self) -> int:
        """Gateway sessions that are identified (or resumed) and open."""
        return len(self._sessions)

    def calls_to(self, kind: str) -> list[Call]:
        return [call for call in self.calls if call.kind == kind]

    @property
    def invalid_requests(self) -> int:
        """401/403/429 answers in the last 10 minutes (Discord bans an IP at 10,000)."""
        return sum(1 for at in self._invalid if self.now() - at < 600)

    # ------------------------------------------------------------------ acting as users
    async def run_command(
        self, name: str, options: Mapping[str, Any] | None = None, **context: Unpack[Context]
    ) -> Interaction:
        """Invoke a synced slash command; option types come from its synced definition."""
        command = self._synced(name, context.get("channel", self.channel))
        data = {"id": command["id"], "name": name, "type": command["type"]}
        data["options"] = interaction_options(command, options or {})
        if "guild_id" in command:
            data["guild_id"] = command["guild_id"]
        return await self._interact(2, data, context)

    async def autocomplete(
        self, name: str, options: Mapping[str, Any], focused: str, **context: Unpack[Context]
    ) -> Interaction:
        """Type into option `focused` of a synced command; the bot answers with choices."""
        command = self._synced(name, context.get("channel", self.channel))
        given = interaction_options(command, options)
        for option in given:
            option["focused"] = option["name"] == focused
        data = {"id": command["id"], "name": name, "type": 1, "options": given}
        return await self._interact(4, data, context)

    async def click(
        self,
        message: Message,
        custom_id: str,
        values: list[str] | None = None,
        **context: Unpack[Context],
    ) -> Interaction:
        """Press a button (or pick `values` in a select menu) on a message the bot sent; the
        rest of the context is as for run_command, in the message's channel."""
        component = find_component(message.components, custom_id)
        data: Json = {"custom_id": custom_id, "component_type": component["type"]}
        data |= {"values": values} if values is not None else {}
        context["channel"] = self.channels[message.channel_id]
        return await self._interact(3, data, context, message)

    def _synced(self, name: str, channel: Channel) -> Json:
        for scope in (channel.guild_id, None):
            for command in self.commands.get(scope, []):
                if command["name"] == name:
                    return command
        raise LookupError(f"/{name} is not synced where {channel.name!r} can see it")

    async def _interact(
        self, type: int, data: Json, context: Context, message: Message | None = None
    ) -> Interaction:
        await self.wait_for(lambda: self._sessions)
        token = "aW50ZXJhY3Rpb24" + secrets.token_urlsafe(24)
        interaction = Interaction(self._new_id(), token, type, self.now(), self)
        interaction.payload = self._interaction_json(interaction, data, context, message)
        self.interactions[interaction.id] = interaction
        await self._announce("INTERACTION_CREATE", interaction.payload)
        return interaction

    async def _announce(self, event: str, data: Json) -> None:
        for session in list(self._sessions):
            if not session.ws.closed:  # a socket on its way out is left alone
                await session.send(0, data, event)

    # ------------------------------------------------------------------ gateway
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        zlib_stream = request.query.get("compress") == "zlib-stream"
        record = {"query": dict(request.query), "compressed": zlib_stream}
        session = _Session(ws, zlib.compressobj() if zlib_stream else None, record)
        self.gateway_connections.append(record)
        await session.send(10, {"heartbeat_interval": 41250})
        async for frame in ws:
            if frame.type == WSMsgType.TEXT:
                await self._on_op(session, json.loads(frame.data))
        if session in self._sessions:
            self._sessions.remove(session)
            self._changed()
        return ws

    async def _on_op(self, session: _Session, message: Json) -> None:
        op, d = message.get("op"), message.get("d") or {}
        if op == 1:
            await session.send(11, None)
        elif op in (2, 6) and d.get("token") != self.token:
            await session.ws.close(code=4004, message=b"Authentication failed.")
        elif op == 2:
            await self._identify(session, d)
        elif op == 6:
            await self._resume(session, d)

    async def _identify(self, session: _Session, d: Json) -> None:
        session.session_id = secrets.token_hex(16)
        self._resumable[session.session_id] = session
        session.record.update(intents=d.get("intents"), resumed=False)
        await session.send(0, self._ready_json(session), "READY")
        for guild in self.guilds.values():
            if not guild.removed:
                await session.send(0, self._guild_json(guild), "GUILD_CREATE")
        self._sessions.append(session)
        self._changed()

    async def _resume(self, session: _Session, d: Json) -> None:
        old = self._resumable.get(d.get("session_id", ""))
        if old is None:
            await session.send(9, False)  # invalid session, not resumable: identify afresh
            return
        if old in self._sessions:  # the old socket may not have noticed its close yet
            self._sessions.remove(old)
        session.session_id, session.seq = old.session_id, old.seq
        self._resumable[session.session_id] = session
        session.record.update(resumed=True)
        await session.send(0, {}, "RESUMED")
        self._sessions.append(session)
        self._changed()

    # ------------------------------------------------------------------ REST plumbing
    def _routes(self) -> list[tuple[str, str, str, Handler, bool]]:
        app, hook = "/applications/{app}", "/webhooks/{app}/{token}"
        return [
            ("GET", "/gateway", "get_gateway", self._get_gateway, False),
            ("GET", "/gateway/bot", "get_gateway_bot", self._get_gateway, True),
            ("GET", "/users/@me", "get_me", self._get_me, True),
            ("GET", "/oauth2/applications/@me", "get_application", self._get_application, True),
            ("GET", "/applications/@me", "get_application", self._get_application, True),
            ("GET", app + "/commands", "get_commands", self._get_commands, True),
            ("PUT", app + "/commands", "put_commands", self._put_commands, True),
            ("GET", app + "/guilds/{gid}/commands", "get_commands", self._get_commands, True),
            ("PUT", app + "/guilds/{gid}/commands", "put_commands", self._put_commands, True),
            ("POST", "/interactions/{iid}/{token}/callback", "callback", self._callback, False),
            ("POST", hook, "followup", self._followup, False),
            ("*", hook + "/messages/{mid}", "webhook_message", self._webhook_message, False),
            ("POST", "/channels/{cid}/messages", "send_message", self._send_message, True),
            ("GET", "/channels/{cid}", "get_channel", self._get_channel, True),
            ("POST", "/users/@me/channels", "open_dm", self._open_dm, True),
        ]

    def _serve(
        self, kind: str, handler: Handler, auth: bool
    ) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def serve(request: web.Request) -> web.StreamResponse:
            call = Call(self.now(), request.method, request.path, kind)
            self.calls.append(call)
            try:
                if auth and request.headers.get("Authorization") != f"Bot {self.token}":
                    raise ApiError(401, 0, "401: Unauthorized")
                fault = next((f for f in self._faults if f.matches(kind, request.match_info)), None)
                if fault is not None:
                    return await self._fire(request, call, fault, handler)
                headers = self._take_rate_limits(kind, request.match_info)
                body = await handler(await self._read(request, call))
                return self._answer(call, 200 if body is not None else 204, body, headers)
            except ApiError as error:
                return self._answer(call, error.status, error.body, error.headers)
            except Exception as error:  # a bug in the fake: aiohttp answers 500, tests see it
                self.errors.append(error)
                raise

        return serve

    async def _read(self, request: web.Request, call: Call) -> _Request:
        call.body, files = await _read_body(request)
        return _Request(request.method, request.match_info, request.query, call.body, files)

    def _answer(
        self, call: Call, status: int, body: Any, headers: Mapping[str, str]
    ) -> web.Response:
        call.status, call.code = status, body.get("code") if status >= 400 else None
        # Discord's invalid-request counter leaves out 429s of shared buckets.
        if status in (401, 403, 429) and headers.get("X-RateLimit-Scope") != "shared":
            self._invalid.append(call.at)
        self._changed()
        base = {"Via": "1.1 google", **headers}  # discord.py believes a 429 only with Via
        if body is None:
            return web.Response(status=status, headers=base)
        # Exactly application/json: discord.py reads anything else (even "; charset") as text.
        base["Content-Type"] = "application/json"
        return web.Response(status=status, body=json.dumps(body).encode(), headers=base)

    async def _fire(
        self, request: web.Request, call: Call, fault: Fault, handler: Handler
    ) -> web.StreamResponse:
        fault.fired += 1
        fault.remaining = None if fault.remaining is None else fault.remaining - 1
        call.fault = fault.fault
        if fault.fault.isdigit():
            raise fault_error(int(fault.fault), fault.opts)
        if fault.fault == "lose_answer":
            await handler(await self._read(request, call))  # it happens; the answer is lost
        elif fault.fault == "timeout":
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), float(fault.opts.get("seconds", 30)))
        _drop_connection(request)
        self._changed()
        return web.Response(status=204)  # never reaches the client

    def _take_rate_limits(self, kind: str, match: Mapping[str, str]) -> dict[str, str]:
        now, limits = self.now(), self.limits
        if kind not in _NOT_GLOBAL and limits.global_per_second:
            window = self._windows.setdefault("global", Window(limits.global_per_second, 1.0))
            if wait := window.take(now):
                raise ApiError.rate_limited(wait, "global")
        major = match.get("cid") or match.get("gid") or match.get("token") or ""
        fresh = Window(limits.route_requests, limits.route_window)
        if kind == "send_message":
            fresh = Window(limits.channel_messages, limits.channel_window)
        window = self._windows.setdefault(f"{kind}:{major}", fresh)
        if wait := window.take(now):
            raise ApiError.rate_limited(wait, "user", window.headers(now, kind))
        return window.headers(now, kind)

    # ------------------------------------------------------------------ REST handlers
    async def _unknown(self, request: _Request) -> Any:
        raise ApiError(404, 0, "404: Not Found")

    async def _get_gateway(self, request: _Request) -> Any:
        limit = {"total": 1000, "remaining": 999, "reset_after": 86_400_000}
        limit["max_concurrency"] = 1
        return {"url": self.gateway_url, "shards": 1, "session_start_limit": limit}

    async def _get_me(self, request: _Request) -> Any:
        return user_json(self.bot) | {"verified": True, "mfa_enabled": False, "flags": 0}

    async def _get_application(self, request: _Request) -> Any:
        app: Json = {"id": str(self.application_id), "name": self.bot.username}
        app["description"] = ""
        app |= {"icon": None, "bot_public": False, "bot_require_code_grant": False, "flags": 0}
        return app | {"owner": user_json(self.owner), "verify_key": "0" * 64}

    def _command_scope(self, match: Mapping[str, str]) -> int | None:
        if match["app"] != str(self.application_id):
            raise ApiError(404, 10002, "Unknown Application")
        guild = self.guilds.get(_snowflake(match.get("gid", "")))
        if "gid" in match and (guild is None or guild.removed):
            raise ApiError(403, 50001, "Missing Access")
        return guild.id if guild else None

    async def _get_commands(self, request: _Request) -> Any:
        return self.commands.get(self._command_scope(request.match), [])

    async def _put_commands(self, request: _Request) -> Any:
        scope = self._command_scope(request.match)
        if errors := command_errors(request.body):
            raise ApiError.invalid_form(errors)
        old = {(c["name"], c["type"]): c["id"] for c in self.commands.get(scope, [])}
        stored = [self._stored_command(c, scope, old) for c in request.body]
        self.commands[scope] = stored
        self.command_writes.append(CommandWrite(self.now(), scope, [c["name"] for c in stored]))
        return stored

    def _stored_command(self, command: Json, scope: int | None, old: Mapping[Any, str]) -> Json:
        """The command as Discord keeps it: its id survives a rewrite with the same name."""
        stored: Json = {"type": 1, "options": [], "default_member_permissions": None} | command
        stored["id"] = old.get((stored["name"], stored["type"])) or str(self._new_id())
        stored |= {"application_id": str(self.application_id), "version": str(self._new_id())}
        return stored | ({"guild_id": str(scope)} if scope else {})

    async def _send_message(self, request: _Request) -> Any:
        channel = self._channel(request.match["cid"], sending=True)
        key = (channel.id, str(request.body.get("nonce")))
        first = self._nonces.get(key) if request.body.get("enforce_nonce") else None
        if first is not None and self.now() - first.at < self.limits.nonce_window:
            return self._message_json(first)  # Discord answers with the first message
        message = self._create(channel.id, request.body, request.files, "channel")
        if "nonce" in request.body:
            self._nonces[key] = message
        return self._message_json(message)

    async def _get_channel(self, request: _Request) -> Any:
        return self._channel_json(self._channel(request.match["cid"], sending=False))

    async def _open_dm(self, request: _Request) -> Any:
        user = self.users.get(_snowflake(str(request.body.get("recipient_id"))))
        if user is None:
            raise ApiError(404, 10013, "Unknown User")
        return self._channel_json(self.dm_channel(user))

    def _channel(self, channel_id: str, *, sending: bool) -> Channel:
        channel = self.channels.get(_snowflake(channel_id))
        if channel is None or channel.deleted:
            raise ApiError(404, 10003, "Unknown Channel")
        guild = self.guilds.get(channel.guild_id or 0)
        if guild is not None and guild.removed:
            raise ApiError(403, 50001, "Missing Access")
        if channel.forbidden:
            raise ApiError(403, channel.forbidden, _FORBIDDEN.get(channel.forbidden, "Forbidden"))
        if sending and channel.recipient_id and not self.users[channel.recipient_id].dms_open:
            raise ApiError(403, 50007, "Cannot send messages to this user")
        return channel

    def _create(self, channel_id: int, body: Json, files: list[Json], via: str) -> Message:
        check_message(body, files)
        return self._keep(Message(self._new_id(), channel_id, body, [], via, self.now()), files)

    def _keep(self, message: Message, files: list[Json]) -> Message:
        message.attachments = [self._attachment(message.channel_id, f) for f in files]
        message.flags = int(message.payload.get("flags") or 0)
        self.sent.append(message)
        self._changed()
        return message

    def _attachment(self, channel_id: int, upload: Json) -> Json:
        if len(upload["data"]) > self.limits.upload_bytes:
            raise ApiError(413, 40005, "Request entity too large")
        attachment_id = self._new_id()
        url = f"{self.base_url}/attachments/{channel_id}/{attachment_id}/{upload['filename']}"
        size = len(upload["data"])
        return upload | {"id": str(attachment_id), "size": size, "url": url, "proxy_url": url}

    # ------------------------------------------------------------------ interaction handlers
    async def _callback(self, request: _Request) -> Any:
        inter = self._unanswered(request.match)
        type, data = request.body.get("type"), request.body.get("data") or {}
        if type not in _CALLBACKS_FOR[inter.type]:
            raise ApiError(400, 40043, "Interaction callback type is not valid here")
        self._apply_callback(inter, type, data, request.files)
        inter.callbacks.append(Callback(type, data, self.now()))
        self._changed()
        with_response = request.query.get("with_response") in _TRUE
        return self._callback_json(inter, type) if with_response else None

    def _unanswered(self, match: Mapping[str, str]) -> Interaction:
        """The interaction a callback is for: unknown after 3 seconds, answerable once."""
        inter = self.interactions.get(_snowflake(match["iid"]))
        if inter is None or inter.token != match["token"]:
            raise ApiError(404, 10062, "Unknown interaction")
        if self.now() - inter.created_at > self.limits.interaction_deadline:
            raise ApiError(404, 10062, "Unknown interaction")
        if inter.callbacks:
            raise ApiError(400, 40060, "Interaction has already been acknowledged.")
        return inter

    def _apply_callback(self, inter: Interaction, type: int, data: Json, files: list[Json]) -> None:
        channel_id = int(inter.payload["channel_id"])
        if type == 4:
            inter.original = self._create(channel_id, data, files, "callback")
            inter.original.interaction_id = inter.id
        elif type == 5:  # "thinking": a loading message that the bot edits later
            loading = {"flags": int(data.get("flags") or 0) | LOADING}
            message = Message(self._new_id(), channel_id, loading, [], "deferred", self.now())
            inter.original = self._keep(message, [])
            inter.original.interaction_id = inter.id
        elif type in (6, 7):  # component interactions: (edit) the clicked message
            message_id = int(inter.payload["message"]["id"])
            inter.original = next(m for m in self.sent if m.id == message_id)
            if type == 7:
                self._edit(inter.original, data, files)
        elif type == 8:
            if len(data.get("choices", [])) > 25:
                raise ApiError.invalid_form({"data": {"choices": too_long(25)}})
            inter.choices = data.get("choices", [])

    def _callback_json(self, interaction: Interaction, type: int) -> Json:
        about: Json = {"id": str(interaction.id), "type": interaction.type}
        original = interaction.original
        if original is None:
            return {"interaction": about}
        about["response_message_id"] = str(original.id)
        about["response_message_loading"] = bool(original.flags & LOADING)
        about["response_message_ephemeral"] = bool(original.flags & EPHEMERAL)
        resource: Json = {"type": type, "message": self._message_json(original)}
        return {"interaction": about} | ({"resource": resource} if type in (4, 5, 7) else {})

    def _webhook_interaction(self, match: Mapping[str, str]) -> Interaction:
        found = [i for i in self.interactions.values() if i.token == match["token"]]
        if match["app"] != str(self.application_id) or not found or not found[0].callbacks:
            raise ApiError(404, 10015, "Unknown Webhook")
        if self.now() - found[0].created_at > self.limits.token_lifetime:
            raise ApiError(401, 50027, "Invalid Webhook Token")
        return found[0]

    async def _followup(self, request: _Request) -> Any:
        interaction = self._webhook_interaction(request.match)
        channel_id = int(interaction.payload["channel_id"])
        message = self._create(channel_id, request.body, request.files, "followup")
        message.interaction_id = interaction.id
        interaction.followups.append(message)
        return self._message_json(message) if request.query.get("wait") in _TRUE else None

    async def _webhook_message(self, request: _Request) -> Any:
        interaction, mid = self._webhook_interaction(request.match), request.match["mid"]
        found = [m for m in interaction.followups if str(m.id) == mid]
        message = interaction.original if mid == "@original" else next(iter(found), None)
        if message is None or message.deleted:
            raise ApiError(404, 10008, "Unknown Message")
        if request.method == "PATCH":
            self._edit(message, request.body, request.files)
        elif request.method == "DELETE":
            message.deleted = True
            self._changed()
            return None
        return self._message_json(message)

    def _edit(self, message: Message, body: Json, files: list[Json]) -> None:
        merged = message.payload | body
        check_message(merged, files or message.attachments)
        message.attachments += [self._attachment(message.channel_id, f) for f in files]
        message.payload, message.edited_at = merged, self.now()
        message.flags = int(merged.get("flags") or 0) & ~LOADING | (message.flags & EPHEMERAL)
        self._changed()

    # ------------------------------------------------------------------ payloads
    def _channel_json(self, channel: Channel) -> Json:
        return channel_json(channel, self.users.get(channel.recipient_id or 0))

    def _guild_json(self, guild: Guild) -> Json:
        """GUILD_CREATE: roles (@everyone and the bot's), live channels, the bot's member."""
        everyone: Json = {"id": str(guild.id), "name": "@everyone", "position": 0}
        everyone["permissions"] = str(MEMBER_PERMISSIONS)
        bot_role: Json = {"id": str(guild.bot_role_id), "name": self.bot.username, "position": 1}
        bot_role |= {"permissions": str(BOT_PERMISSIONS), "managed": True}
        live = [self.channels[c] for c in guild.channel_ids if not self.channels[c].deleted]
        out: Json = {"id": str(guild.id), "name": guild.name, "owner_id": str(guild.owner_id)}
        out |= {"unavailable": False, "member_count": 3, "large": False, "features": []}
        out |= {"roles": [everyone, bot_role], "channels": [self._channel_json(c) for c in live]}
        out |= {"members": [member_json(self.bot, [guild.bot_role_id])], "threads": []}
        return out | {"preferred_locale": guild.locale, "joined_at": iso(time.time())}

    def _ready_json(self, session: _Session) -> Json:
        live = [g for g in self.guilds.values() if not g.removed]
        guilds = [{"id": str(g.id), "unavailable": True} for g in live]
        out: Json = {"v": 10, "user": user_json(self.bot), "guilds": guilds, "shard": [0, 1]}
        out |= {"session_id": session.session_id, "resume_gateway_url": self.gateway_url}
        return out | {"application": {"id": str(self.application_id), "flags": 0}}

    def _message_json(self, message: Message) -> Json:
        channel = self.channels.get(message.channel_id)
        return message_json(message, self.bot, channel.guild_id if channel else None)

    def _interaction_json(
        self, interaction: Interaction, data: Json, context: Context, message: Message | None
    ) -> Json:
        channel, user = context.get("channel", self.channel), context.get("user", self.user)
        out: Json = {"id": str(interaction.id), "application_id": str(self.application_id)}
        out["data"] = data
        out |= {"type": interaction.type, "token": interaction.token, "version": 1}
        out |= {"channel_id": str(channel.id), "channel": self._channel_json(channel)}
        out |= {"locale": context.get("locale", "en-US"), "entitlements": []}
        out["app_permissions"] = str(context.get("app_permissions", BOT_PERMISSIONS))
        out |= {"attachment_size_limit": self.limits.upload_bytes, "context": 0}
        out |= {"message": self._message_json(message)} if message is not None else {}
        if channel.guild_id is None:
            return out | {"user": user_json(user), "context": 1}
        guild = self.guilds[channel.guild_id]
        member = member_json(user, [], context.get("permissions", MEMBER_PERMISSIONS))
        out |= {"guild_id": str(guild.id), "guild_locale": guild.locale, "member": member}
        return out | {"guild": {"id": str(guild.id), "locale": guild.locale, "features": []}}


def _snowflake(text: str) -> int:
    return int(text) if text.isdigit() else 0


def _drop_connection(request: web.Request) -> None:
    """Close the socket unanswered, with an RST (SO_LINGER 0): 'connection reset'."""
    transport = request.transport
    sock = transport.get_extra_info("socket") if transport is not None else None
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    if transport is not None:
        transport.abort()


async def _read_body(request: web.Request) -> tuple[Any, list[Json]]:
    """JSON, or multipart with payload_json and files[n], as discord.py sends uploads."""
    if request.content_type != "multipart/form-data":
        return _parse_json(await request.text()) if request.body_exists else {}, []
    form = await request.post()
    files = [
        {"filename": part.filename, "content_type": part.content_type, "data": part.file.read()}
        for name, part in form.items()
        if name.startswith("files[") and isinstance(part, web.FileField)
    ]
    return _parse_json(str(form.get("payload_json", "{}"))), files


def _parse_json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        raise ApiError(400, 50109, "The request body contains invalid JSON.") from None
