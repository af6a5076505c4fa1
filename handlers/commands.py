"""Chat commands, transport-neutral: (caller, arguments) -> Message.

Every transport (Telegram, Discord, the console) turns what a user did into a `Caller`
and a command name with its argument text, and renders the Message it gets back.
Commands never touch the pipeline: they read and write storage only.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from bot import buttons
from bot.buttons import Follow, NextPage, is_number
from bot.config import Settings
from bot.format import item_line, when
from bot.match import QueryError, parse_query
from bot.message import Button, Code, Line, Message, bold, line, message
from bot.models import CATEGORY_WORDS, LABEL_MARKS
from bot.text import clip
from bot.truce_book import TruceBook
from bot.zones import local
from handlers import chat_settings, truce_commands
from handlers.arguments import (
    canonical_of,
    check_feed_url,
    choose_subscriptions,
    parse_duration,
    split_truces,
)
from handlers.catalog import ARGS_IGNORED, BY_NAME, COMMANDS, Command
from handlers.chat_settings import TRUCE_LINE, zone_of
from handlers.listings import describe_query, paused_line, source_line
from handlers.replies import Caller, say, usage
from handlers.timeline import TimelineQuery, describe_timeline, parse_timeline_args, timeline_lines
from storage.store import DuplicateError, LimitError, Store
from storage.threads import AsyncStore

__all__ = ["HANDLERS", "MAX_ARGS", "Caller", "Commands", "say", "usage"]
MAX_ARGS = 400
TRUCE_NOTE = "This chat hears when a truce in the news is announced, first violated, and over."
#: More sources than one message can list (a line has at least ~20 of its 4,096 characters).
SOURCES_READ = 200
PAGE_STORIES = 15
MAX_MUTE = timedelta(days=30)
DEFAULT_MUTE = timedelta(hours=8)
log = logging.getLogger(__name__)


Handler = Callable[["Commands", Caller, str], Awaitable[Message]]


class Commands:
    def __init__(
        self,
        store: AsyncStore,
        settings: Settings,
        clock: Callable[[], datetime],
        *,
        on_source_added: Callable[[], None] = lambda: None,
        truces: TruceBook | None = None,
    ) -> None:
        self.store, self.settings, self.clock = store, settings, clock
        self.truces = truces or TruceBook(store, clock)
        self._on_source_added = on_source_added
        self._background: set[asyncio.Future[int]] = set()

    async def handle(self, caller: Caller, name: str, args: str) -> Message:
        """Run one command; every problem comes back as a helpful reply, never an exception."""
        cmd = BY_NAME.get(name.lower())
        if cmd is None:
            return say(f"I don't know /{name[:32]}. Send /help for the list of commands.")
        if len(args) > MAX_ARGS:
            return usage(cmd.name, f"That is too long (at most {MAX_ARGS} characters).")
        if not cmd.takes_args and args.strip() and cmd.name not in ARGS_IGNORED:
            return usage(cmd.name)
        refusal = await self._refusal(caller, cmd)
        if refusal is not None:
            return refusal
        await self._record_chat(caller, wait=cmd.changes_chat or cmd.admin)
        return await HANDLERS[cmd.name](self, caller, args.strip())

    async def press(self, caller: Caller, payload: str) -> Message:
        """A button under one of our messages; its payload may be forged or stale."""
        action = buttons.decode(payload)
        if isinstance(action, Follow):
            return await self.handle(caller, "subscribe", action.category)
        if isinstance(action, NextPage):
            return await self._next_page(caller, action.page_id)
        return say("That button has expired. Send /help.")

    async def _record_chat(self, caller: Caller, *, wait: bool) -> None:
        record = self.store.write(
            Store.ensure_chat,
            caller.chat,
            caller.kind,
            caller.chat_title,
            self.clock(),
            caller.parent,
        )
        if wait:
            await record  # what follows writes rows that refer to the chat
            return
        task = asyncio.ensure_future(record)  # a reply that only reads need not queue
        self._background.add(task)
        task.add_done_callback(self._written)

    def _written(self, task: asyncio.Future[int]) -> None:
        self._background.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.warning("could not record a chat: %s", task.exception())

    async def _refusal(self, caller: Caller, cmd: Command) -> Message | None:
        if cmd.admin and not caller.bot_admin:
            return say(f"/{cmd.name} is for TruceWatch administrators only.")
        if cmd.changes_chat and caller.shared and not await caller.chat_admin():
            return say(f"Only {caller.chat_admins} can change what it follows.")
        return None

    # --- about ------------------------------------------------------------------------------

    async def start(self, caller: Caller, args: str) -> Message:
        follow = tuple(
            Button(f"{LABEL_MARKS[label]} Follow {word}", Follow(word))
            for label, word in CATEGORY_WORDS.items()
        )
        return message(
            line(
                bold("TruceWatch"),
                " reads conflict news feeds and tells you, within minutes, when a cease-fire "
                "is broken ⚠️, when diplomats move 🕊 and when people are killed or wounded "
                "🩸 — one alert per story, however many outlets carry it.",
            ),
            "",
            "Tap a button to follow a category, or send for example",
            line(Code("/subscribe casualties Stepanakert")),
            "Send /help for every command.",
            buttons=[follow],
        )

    async def help(self, caller: Caller, args: str) -> Message:
        lines: list[Line | str] = [line(bold("Commands"))]
        for cmd in COMMANDS:
            if not cmd.admin or caller.bot_admin:
                lines += [f"/{cmd.name} — {cmd.about}", line("   ", Code(cmd.example))]
        lines += [
            "",
            line(
                "Categories: ",
                Code("violations"),
                ", ",
                Code("diplomacy"),
                ", ",
                Code("casualties"),
                "; ",
                Code("truces"),
                " follows truce news. Keywords match whole words, any case or accent; "
                '"quoted phrases" match as a whole; ',
                Code("-word"),
                " excludes.",
            ),
        ]
        return message(*lines)

    # --- subscriptions ----------------------------------------------------------------------

    async def subscribe(self, caller: Caller, args: str) -> Message:
        rest, truces = split_truces(args)
        if not rest:
            if not truces:
                return usage("subscribe")
            return say(await chat_settings.follow_truces(self, caller), TRUCE_NOTE)
        reply = await self._subscribe(caller, rest)
        if truces:
            return message(await chat_settings.follow_truces(self, caller), *reply.lines)
        return reply

    async def _subscribe(self, caller: Caller, args: str) -> Message:
        try:
            query = parse_query(args)
        except QueryError as exc:
            return usage("subscribe", f"{str(exc).capitalize()}.")
        if not (query.categories or query.include):
            return usage("subscribe", "Name a category or a keyword to follow.")
        try:
            sub, created = await self.store.write(
                Store.add_subscription,
                caller.chat,
                query,
                self.clock(),
                max_per_chat=self.settings.max_subscriptions,
            )
        except LimitError as exc:
            return say(f"{str(exc).capitalize()}. Remove one with /unsubscribe first.")
        verb = "Following" if created else "Already following"
        return say(
            line(f"{verb}: ", bold(query.canonical())),
            describe_query(sub.categories, sub.include, sub.exclude),
            "See all with /subscriptions.",
        )

    async def subscriptions(self, caller: Caller, args: str) -> Message:
        subs = await self.store.read(Store.subscriptions, caller.chat)
        truces = await chat_settings.follows_truces(self, caller)
        if not subs and not truces:
            return say(
                line(
                    "This chat follows nothing yet. Try ",
                    Code("/subscribe violations"),
                    " or send /start.",
                )
            )
        numbered = [line(f"{n}. {clip(canonical_of(s), 300)}") for n, s in enumerate(subs, 1)]
        lines, left = caller.surface.fit(numbered, reserve=400)
        lines.insert(0, line(bold("This chat follows")))
        if left:
            lines.append(line(f"… and {left} more (numbers go on from {len(subs) - left + 1})."))
        if truces:
            lines.append(line(TRUCE_LINE, " — ", Code("/unsubscribe truces"), " stops it"))
        chat = await self.store.read(Store.chat, caller.chat)
        if chat and chat.muted_until and chat.muted_until > self.clock():
            until = when(chat.muted_until, await zone_of(self, caller))
            lines += [("",), line(f"🔕 Muted until {until} — /unmute to resume.")]
        lines += [
            ("",),
            line(
                "Remove one with ",
                Code("/unsubscribe 1"),
                ", or all with ",
                Code("/unsubscribe all"),
                ".",
            ),
        ]
        return message(*lines)

    async def unsubscribe(self, caller: Caller, args: str) -> Message:
        if not args:
            return usage("unsubscribe")
        rest, truces = split_truces(args)
        stopped = ""
        if truces or args.lower() == "all":
            if await chat_settings.unfollow_truces(self, caller):
                stopped = "Truce news stopped. "
            if not rest:
                return say(stopped.strip() or "This chat did not follow truces.")
        subs = await self.store.read(Store.subscriptions, caller.chat)
        if not subs:
            nothing = "This chat follows nothing, so there is nothing to remove."
            return say(stopped.strip() or nothing)
        chosen, problem = choose_subscriptions(subs, rest)
        if problem:
            return usage("unsubscribe", problem)
        removed = await self.store.write(
            Store.remove_subscriptions, caller.chat, [s.id for s in chosen]
        )
        left = len(subs) - removed
        return say(
            f"{stopped}Removed {removed} subscription{'s' * (removed != 1)}; "
            f"{left} left. /subscriptions shows them."
        )

    # --- reading ----------------------------------------------------------------------------

    async def timeline(self, caller: Caller, args: str) -> Message:
        zone = await zone_of(self, caller)
        try:
            query = parse_timeline_args(args, self.clock(), zone)
        except ValueError as exc:
            return usage("timeline", str(exc))
        if query.chart:
            return await truce_commands.timeline_chart(self, caller, query)
        return await self._timeline_page(caller, query)

    async def _next_page(self, caller: Caller, page_id: int) -> Message:
        saved = await self.store.read(Store.load_page, page_id, caller.chat)
        query = None if saved is None else TimelineQuery.from_json(saved)
        if query is None:
            return say("That page has expired. Send /timeline again.")
        return await self._timeline_page(caller, query)

    async def _timeline_page(self, caller: Caller, query: TimelineQuery) -> Message:
        page = await self.store.read(
            Store.timeline,
            since=datetime.fromtimestamp(query.since, UTC),
            until=datetime.fromtimestamp(query.until, UTC),
            label=query.label,
            match=query.match,
            before=query.before,
            limit=PAGE_STORIES,
        )
        if not page.items and query.before is None:
            return say(f"Nothing {describe_timeline(query)} yet.")
        lines, shown = timeline_lines(page, describe_timeline(query), caller.surface, query.zone)
        if not (page.more or shown < len(page.items)):
            return message(*lines)
        following = query.after(page.items[shown - 1])
        page_id = await self.store.write(
            Store.save_page, caller.chat, following.to_json(), self.clock()
        )
        return message(*lines, buttons=[[Button("More ▸", NextPage(page_id))]])

    async def sources(self, caller: Caller, args: str) -> Message:
        # Only what one message can show, trouble first (a broken feed must not hide
        # behind "… and 40 more"): 1,000 sources read and formatted cost ~20-50 ms.
        count, sources = await self.store.read(Store.first_sources, SOURCES_READ)
        if not sources:
            return say(
                line(
                    "No news feeds are configured yet. An administrator can add one with ",
                    Code("/addsource <url>"),
                    ".",
                )
            )
        lines = [line(bold(f"{count} news feed{'s' * (count != 1)}"))]
        lines += [source_line(s, self.clock()) for s in sources]
        kept, left = caller.surface.fit(lines)
        left += count - len(sources)
        if left:
            kept.append(line(f"… and {left} more."))
        return message(*kept)

    async def search(self, caller: Caller, args: str) -> Message:
        if not any(c.isalnum() for c in args):
            return usage("search")
        found = await self.store.read(Store.search, args, 10)
        if not found:
            return say(f"No stored report mentions {args}.")
        zone = await zone_of(self, caller)
        lines = [line(bold(f"Reports mentioning {args}"), f" (newest first; {zone})")]
        lines += [(f"{local(i.published_at, zone):%d %b} ", *item_line(i, 0, zone)) for i in found]
        return message(*caller.surface.fit(lines)[0])

    # --- muting -----------------------------------------------------------------------------

    async def mute(self, caller: Caller, args: str) -> Message:
        duration = parse_duration(args) if args else DEFAULT_MUTE
        if duration is None:
            return usage("mute", "I could not read that duration.")
        until = self.clock() + min(duration, MAX_MUTE)
        await self.store.write(Store.set_muted, caller.chat, until)
        shown = when(until, await zone_of(self, caller))
        return say(
            f"🔕 Alerts paused until {shown}. /unmute resumes them; "
            "/timeline shows what you missed."
        )

    async def unmute(self, caller: Caller, args: str) -> Message:
        await self.store.write(Store.set_muted, caller.chat, None)
        return say("🔔 Alerts resumed. /timeline 24h shows the last day.")

    # --- administration ---------------------------------------------------------------------

    async def addsource(self, caller: Caller, args: str) -> Message:
        url, _, name = args.partition(" ")
        problem = check_feed_url(url, self.settings.allow_private_urls)
        if problem:
            return usage("addsource", problem)
        name = name.strip()[:80]
        try:
            source = await self.store.write(
                Store.add_source,
                url,
                name or urlsplit(url).hostname or url,
                self.clock(),
                origin="chat",
                named=bool(name),
            )
        except DuplicateError:
            return say("That feed is already a source. /sources lists them.")
        self._on_source_added()
        return say(
            line(
                f"Added feed #{source.id} ",
                bold(source.name),
                ". It is polled within "
                f"{self.settings.tick_seconds:g} seconds; /sources shows how it went.",
            )
        )

    async def removesource(self, caller: Caller, args: str) -> Message:
        if not args:
            return usage("removesource")
        key: int | str = int(args) if is_number(args) else args
        source = await self.store.write(Store.remove_source, key)
        if source is None:
            return say("No such feed. /sources lists them with their numbers.")
        return say(line(f"Removed feed #{source.id} ", bold(source.name), " and its items."))

    async def stats(self, caller: Caller, args: str) -> Message:
        s = await self.store.read(Store.stats)
        paused = await self.store.read(Store.paused_chats, self.clock())
        lines = [
            line(bold("TruceWatch")),
            line(f"Feeds: {s['sources']} ({s['failing']} failing)"),
            line(f"Items: {s['items']}"),
            line(f"Chats: {s['chats']} · subscriptions: {s['subscriptions']}"),
            line(f"Queue: {s['queued']} waiting"),
            line(f"Delivered: {s['sent']} · failed: {s['failed']} · dropped: {s['dropped']}"),
        ]
        lines += [paused_line(chat) for chat in paused[:10]]
        return message(*caller.surface.fit(lines)[0])


#: The command table: each command's handler, by name.
HANDLERS: dict[str, Handler] = {
    "start": Commands.start,
    "help": Commands.help,
    "subscribe": Commands.subscribe,
    "unsubscribe": Commands.unsubscribe,
    "subscriptions": Commands.subscriptions,
    "timeline": Commands.timeline,
    "sources": Commands.sources,
    "search": Commands.search,
    "mute": Commands.mute,
    "unmute": Commands.unmute,
    "truce": truce_commands.truce,
    "digest": chat_settings.digest,
    "timezone": chat_settings.timezone,
    "addsource": Commands.addsource,
    "removesource": Commands.removesource,
    "stats": Commands.stats,
}
assert HANDLERS.keys() == BY_NAME.keys(), "every command has a handler"
