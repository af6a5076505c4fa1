"""Chat commands, transport-neutral: (caller, arguments) -> Message.

Every transport (Telegram, Discord, the console) turns what a user did into a `Caller`
and a command name with its argument text, and renders the Message it gets back.
Commands never touch the pipeline: they read and write storage only.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from bot import buttons, dates
from bot.bidi import rtl_surface
from bot.buttons import Follow, NextPage, is_number
from bot.config import Settings
from bot.format import item_line, when
from bot.i18n import N_, Tongue, tongue
from bot.match import QueryError, parse_query
from bot.message import Button, Code, Line, Message, bold, line, message
from bot.text import clip
from bot.truce_book import TruceBook
from bot.zones import local
from handlers import about, chat_settings, languages, truce_commands
from handlers.arguments import (
    canonical_of,
    check_feed_url,
    choose_subscriptions,
    english_categories,
    parse_duration,
    query_problem,
    split_truces,
)
from handlers.catalog import ARGS_IGNORED, BY_NAME, Command
from handlers.chat_settings import TRUCE_LINE, zone_of
from handlers.listings import describe_query, paused_line, source_line
from handlers.replies import Caller, say, spoken, usage
from handlers.timeline import (
    TimelineQuery,
    describe_timeline,
    parse_timeline_args,
    timeline_lines,
    timeline_problem,
)
from storage.store import DuplicateError, LimitError, Store
from storage.threads import AsyncStore

__all__ = ["HANDLERS", "MAX_ARGS", "Caller", "Commands", "say", "usage"]
MAX_ARGS = 400
TRUCE_NOTE = N_("This chat hears when a truce in the news is announced, first violated, and over.")
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
        """Run one command; every problem comes back as a helpful reply, never an exception.
        The reply is in the chat's language (after /language, in the new one)."""
        caller = await self.speaking(caller)
        reply = await self._handle(caller, name, args)
        if name.lower() == "language":
            caller = await self.speaking(caller)
        return spoken(reply, caller.tongue)

    async def _handle(self, caller: Caller, name: str, args: str) -> Message:
        t = caller.tongue
        cmd = BY_NAME.get(name.lower())
        if cmd is None:
            return say(
                t.gettext(
                    "I don't know /{name}. Send /help for the list of commands.", name=name[:32]
                )
            )
        if len(args) > MAX_ARGS:
            too_long = t.gettext("That is too long (at most {n} characters).", n=MAX_ARGS)
            return usage(t, cmd.name, too_long)
        if not cmd.takes_args and args.strip() and cmd.name not in ARGS_IGNORED:
            return usage(t, cmd.name)
        refusal = await self._refusal(caller, cmd)
        if refusal is not None:
            return refusal
        await self._record_chat(caller, wait=cmd.changes_chat or cmd.admin)
        return await HANDLERS[cmd.name](self, caller, args.strip())

    async def speaking(self, caller: Caller) -> Caller:
        """The caller with the chat's language: the one it chose with /language, else the
        platform's (a member's in a group: the first one heard), else English."""
        prefs = await self.store.read(Store.chat_prefs, caller.chat)
        chosen = None if prefs is None else prefs.language
        stored = None if prefs is None else prefs.platform_language
        heard = caller.language if not caller.language_of_member else stored or caller.language
        spoken_in = tongue(chosen or heard or stored)
        surface = rtl_surface(caller.surface) if spoken_in.rtl else caller.surface
        return replace(caller, tongue=spoken_in, surface=surface)

    async def press(self, caller: Caller, payload: str) -> Message:
        """A button under one of our messages; its payload may be forged or stale."""
        action = buttons.decode(payload)
        if isinstance(action, Follow):
            return await self.handle(caller, "subscribe", action.category)
        caller = await self.speaking(caller)
        if isinstance(action, NextPage):
            return spoken(await self._next_page(caller, action.page_id), caller.tongue)
        return spoken(
            say(caller.tongue.gettext("That button has expired. Send /help.")), caller.tongue
        )

    async def _record_chat(self, caller: Caller, *, wait: bool) -> None:
        self.store.chat_seen()
        record = self.store.write(
            Store.ensure_chat,
            caller.chat,
            caller.kind,
            caller.chat_title,
            self.clock(),
            caller.parent,
            caller.language,
            first_only=caller.language_of_member,
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
        t = caller.tongue
        if cmd.admin and not caller.bot_admin:
            return say(t.gettext("/{name} is for TruceWatch administrators only.", name=cmd.name))
        if cmd.changes_chat and caller.shared and not await caller.chat_admin():
            admins = t.gettext(caller.chat_admins)
            return say(t.gettext("Only {admins} can change what it follows.", admins=admins))
        return None

    # --- subscriptions ----------------------------------------------------------------------

    async def subscribe(self, caller: Caller, args: str) -> Message:
        rest, truces = split_truces(english_categories(args))
        if not rest:
            if not truces:
                return usage(caller.tongue, "subscribe")
            note = caller.tongue.gettext(TRUCE_NOTE)
            return say(await chat_settings.follow_truces(self, caller), note)
        reply = await self._subscribe(caller, rest)
        if truces:
            return message(await chat_settings.follow_truces(self, caller), *reply.lines)
        return reply

    async def _subscribe(self, caller: Caller, args: str) -> Message:
        t = caller.tongue
        try:
            query = parse_query(args)
        except QueryError as exc:
            return usage(t, "subscribe", query_problem(exc, t))
        if not (query.categories or query.include):
            return usage(t, "subscribe", t.gettext("Name a category or a keyword to follow."))
        try:
            sub, created = await self.store.write(
                Store.add_subscription,
                caller.chat,
                query,
                self.clock(),
                max_per_chat=self.settings.max_subscriptions,
            )
        except LimitError:
            return say(
                t.gettext(
                    "A chat can have at most {n} subscriptions. Remove one with /unsubscribe "
                    "first.",
                    n=self.settings.max_subscriptions,
                )
            )
        verb = t.gettext("Following: ") if created else t.gettext("Already following: ")
        return say(
            line(verb, bold(query.canonical())),
            describe_query(sub.categories, sub.include, sub.exclude, t),
            t.gettext("See all with /subscriptions."),
        )

    async def subscriptions(self, caller: Caller, args: str) -> Message:
        t = caller.tongue
        subs = await self.store.read(Store.subscriptions, caller.chat)
        truces = await chat_settings.follows_truces(self, caller)
        if not subs and not truces:
            return say(
                line(
                    t.gettext("This chat follows nothing yet. Try "),
                    Code("/subscribe violations"),
                    t.gettext(" or send /start."),
                )
            )
        numbered = [line(f"{n}. {clip(canonical_of(s), 300)}") for n, s in enumerate(subs, 1)]
        lines, left = caller.surface.fit(numbered, reserve=400)
        lines.insert(0, line(bold(t.gettext("This chat follows"))))
        if left:
            more = t.gettext(
                "… and {n} more (numbers go on from {first}).", n=left, first=len(subs) - left + 1
            )
            lines.append(line(more))
        if truces:
            stops = t.gettext(" stops it")
            lines.append(line(t.gettext(TRUCE_LINE), " — ", Code("/unsubscribe truces"), stops))
        lines += await self._muted_lines(caller)
        lines += [("",), about.remove_hint(t)]
        return message(*lines)

    async def _muted_lines(self, caller: Caller) -> list[Line]:
        chat = await self.store.read(Store.chat, caller.chat)
        if not (chat and chat.muted_until and chat.muted_until > self.clock()):
            return []
        t = caller.tongue
        until = when(chat.muted_until, await zone_of(self, caller), t)
        return [("",), line(t.gettext("🔕 Muted until {until} — /unmute to resume.", until=until))]

    async def unsubscribe(self, caller: Caller, args: str) -> Message:
        t = caller.tongue
        if not args:
            return usage(t, "unsubscribe")
        rest, truces = split_truces(english_categories(args))
        stopped = ""
        if truces or args.lower() == "all":
            if await chat_settings.unfollow_truces(self, caller):
                stopped = t.gettext("Truce news stopped.") + " "
            if not rest:
                return say(stopped.strip() or t.gettext("This chat did not follow truces."))
        subs = await self.store.read(Store.subscriptions, caller.chat)
        if not subs:
            nothing = t.gettext("This chat follows nothing, so there is nothing to remove.")
            return say(stopped.strip() or nothing)
        chosen, problem = choose_subscriptions(subs, rest, t)
        if problem:
            return usage(t, "unsubscribe", problem)
        removed = await self.store.write(
            Store.remove_subscriptions, caller.chat, [s.id for s in chosen]
        )
        done = t.ngettext("Removed {n} subscription;", "Removed {n} subscriptions;", removed)
        left = t.gettext("{n} left. /subscriptions shows them.", n=len(subs) - removed)
        return say(f"{stopped}{done} {left}")

    # --- reading ----------------------------------------------------------------------------

    async def timeline(self, caller: Caller, args: str) -> Message:
        zone = await zone_of(self, caller)
        try:
            query = parse_timeline_args(english_categories(args), self.clock(), zone)
        except ValueError as exc:
            return usage(caller.tongue, "timeline", timeline_problem(exc, caller.tongue))
        if query.chart:
            return await truce_commands.timeline_chart(self, caller, query)
        return await self._timeline_page(caller, query)

    async def _next_page(self, caller: Caller, page_id: int) -> Message:
        saved = await self.store.read(Store.load_page, page_id, caller.chat)
        query = None if saved is None else TimelineQuery.from_json(saved)
        if query is None:
            return say(caller.tongue.gettext("That page has expired. Send /timeline again."))
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
        t = caller.tongue
        title = describe_timeline(query, t)
        if not page.items and query.before is None:
            return say(t.gettext("Nothing {what} yet.", what=title))
        lines, shown = timeline_lines(page, title, caller.surface, query.zone, t)
        if not (page.more or shown < len(page.items)):
            return message(*lines)
        following = query.after(page.items[shown - 1])
        page_id = await self.store.write(
            Store.save_page, caller.chat, following.to_json(), self.clock()
        )
        return message(*lines, buttons=[[Button(t.gettext("More ▸"), NextPage(page_id))]])

    async def sources(self, caller: Caller, args: str) -> Message:
        # Only what one message can show, trouble first (a broken feed must not hide
        # behind "… and 40 more"): 1,000 sources read and formatted cost ~20-50 ms.
        t = caller.tongue
        count, sources = await self.store.read(Store.first_sources, SOURCES_READ)
        if not sources:
            return say(
                line(
                    t.gettext(
                        "No news feeds are configured yet. An administrator can add one with "
                    ),
                    Code("/addsource <url>"),
                    ".",
                )
            )
        lines = [line(bold(t.ngettext("{n} news feed", "{n} news feeds", count)))]
        lines += [source_line(s, self.clock(), t) for s in sources]
        kept, left = caller.surface.fit(lines)
        left += count - len(sources)
        if left:
            kept.append(line(t.gettext("… and {n} more.", n=left)))
        return message(*kept)

    async def search(self, caller: Caller, args: str) -> Message:
        t = caller.tongue
        if not any(c.isalnum() for c in args):
            return usage(t, "search")
        found = await self.store.read(Store.search, args, 10)
        if not found:
            return say(t.gettext("No stored report mentions {words}.", words=args))
        zone = await zone_of(self, caller)
        lines = [
            line(
                bold(t.gettext("Reports mentioning {words}", words=args)),
                t.gettext(" (newest first; {zone})", zone=zone),
            )
        ]
        lines += [
            (dates.day_month(local(i.published_at, zone), t) + " ", *item_line(i, 0, zone, t))
            for i in found
        ]
        return message(*caller.surface.fit(lines)[0])

    # --- muting -----------------------------------------------------------------------------

    async def mute(self, caller: Caller, args: str) -> Message:
        t = caller.tongue
        duration = parse_duration(args) if args else DEFAULT_MUTE
        if duration is None:
            return usage(t, "mute", t.gettext("I could not read that duration."))
        until = self.clock() + min(duration, MAX_MUTE)
        await self.store.write(Store.set_muted, caller.chat, until)
        shown = when(until, await zone_of(self, caller), t)
        return say(
            t.gettext(
                "🔕 Alerts paused until {until}. /unmute resumes them; "
                "/timeline shows what you missed.",
                until=shown,
            )
        )

    async def unmute(self, caller: Caller, args: str) -> Message:
        await self.store.write(Store.set_muted, caller.chat, None)
        return say(caller.tongue.gettext("🔔 Alerts resumed. /timeline 24h shows the last day."))

    # --- administration ---------------------------------------------------------------------

    async def addsource(self, caller: Caller, args: str) -> Message:
        t = caller.tongue
        url, _, name = args.partition(" ")
        problem = check_feed_url(url, self.settings.allow_private_urls, t)
        if problem:
            return usage(t, "addsource", problem)
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
            return say(t.gettext("That feed is already a source. /sources lists them."))
        self._on_source_added()
        within = format(self.settings.tick_seconds, "g")
        polled = t.gettext(
            ". It is polled within {seconds} seconds; /sources shows how it went.", seconds=within
        )
        added = t.gettext("Added feed #{number} ", number=source.id)
        return say(line(added, bold(source.name), polled))

    async def removesource(self, caller: Caller, args: str) -> Message:
        t = caller.tongue
        if not args:
            return usage(t, "removesource")
        key: int | str = int(args) if is_number(args) else args
        source = await self.store.write(Store.remove_source, key)
        if source is None:
            return say(t.gettext("No such feed. /sources lists them with their numbers."))
        removed = t.gettext("Removed feed #{number} ", number=source.id)
        return say(line(removed, bold(source.name), t.gettext(" and its items.")))

    async def stats(self, caller: Caller, args: str) -> Message:
        t = caller.tongue
        s = await self.store.read(Store.stats)
        paused = await self.store.read(Store.paused_chats, self.clock())
        lines = [line(bold("TruceWatch")), *stats_lines(s, t)]
        lines += [paused_line(chat, t) for chat in paused[:10]]
        return message(*caller.surface.fit(lines)[0])


def stats_lines(s: dict[str, int], t: Tongue) -> list[Line]:
    return [
        line(t.gettext("Feeds: {sources} ({failing} failing)", **s)),
        line(t.gettext("Items: {items}", **s)),
        line(t.gettext("Chats: {chats} · subscriptions: {subscriptions}", **s)),
        line(t.gettext("Queue: {queued} waiting", **s)),
        line(t.gettext("Delivered: {sent} · failed: {failed} · dropped: {dropped}", **s)),
    ]


#: The command table: each command's handler, by name.
HANDLERS: dict[str, Handler] = {
    "start": about.start,
    "help": about.help,
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
    "language": languages.language,
    "addsource": Commands.addsource,
    "removesource": Commands.removesource,
    "stats": Commands.stats,
}
assert HANDLERS.keys() == BY_NAME.keys(), "every command has a handler"
