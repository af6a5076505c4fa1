"""Chat commands, transport-neutral: (caller, arguments) -> Reply.

Replies are Telegram-style HTML with all stored or typed text escaped; a
transport that cannot show HTML turns it into plain text (`bot.format.to_plain`).
Commands never touch the pipeline: they read and write storage only.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from bot.config import Settings
from bot.fetch import address_problem
from bot.format import MESSAGE_LIMIT, esc, fit, item_line, when
from bot.match import CATEGORY_NAMES, CATEGORY_WORDS, Query, QueryError, parse_query
from bot.models import LABEL_MARKS, LABEL_TITLES, Source, StoredItem, Subscription
from bot.text import clip
from storage.runner import AsyncStore
from storage.store import DuplicateError, LimitError, Store, TimelinePage

MAX_ARGS = 400
#: More sources than one message can list (a line has at least ~20 of its 4,096 characters).
SOURCES_READ = 200
PAGE_STORIES = 15
MAX_PERIOD = timedelta(days=366)
MAX_MUTE = timedelta(days=30)
_DURATION = re.compile(r"^(\d{1,6})\s*(m|min|mins|minutes?|h|hrs?|hours?|d|days?|w|weeks?)$")
_UNITS = {"m": 60, "h": 3600, "d": 86400, "w": 604800}


@dataclass(frozen=True, slots=True)
class Button:
    text: str
    data: str


@dataclass(frozen=True, slots=True)
class Reply:
    html: str
    buttons: tuple[tuple[Button, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is asking, from where. `chat_admin` asks the transport, only when needed."""

    chat_id: int
    user_id: int | None
    chat_kind: str = "private"
    chat_title: str | None = None
    chat_admin: Callable[[], Awaitable[bool]] = field(default=lambda: _yes())

    @property
    def is_group(self) -> bool:
        return self.chat_kind in ("group", "supergroup")


async def _yes() -> bool:
    return True


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    usage: str
    example: str
    about: str
    admin: bool = False
    changes_chat: bool = False


COMMANDS: tuple[Command, ...] = (
    Command("start", "/start", "/start", "what TruceWatch does, and quick follow buttons"),
    Command("help", "/help", "/help", "every command with an example"),
    Command(
        "subscribe",
        "/subscribe <categories and/or keywords>",
        "/subscribe casualties Stepanakert",
        "follow categories and keywords",
        changes_chat=True,
    ),
    Command(
        "unsubscribe",
        "/unsubscribe <number | same words | all>",
        "/unsubscribe 2",
        "stop following",
        changes_chat=True,
    ),
    Command("subscriptions", "/subscriptions", "/subscriptions", "what this chat follows"),
    Command(
        "timeline",
        "/timeline [category] [24h | 7d | YYYY-MM-DD] [keyword]",
        "/timeline violations 7d Ganja",
        "the story so far, day by day",
    ),
    Command("sources", "/sources", "/sources", "the news feeds and their health"),
    Command("search", "/search <words>", '/search "prisoner exchange"', "search stored reports"),
    Command(
        "mute",
        "/mute [duration: 30m, 8h, 2d]",
        "/mute 8h",
        "pause alerts for a while",
        changes_chat=True,
    ),
    Command("unmute", "/unmute", "/unmute", "resume alerts", changes_chat=True),
    Command(
        "addsource",
        "/addsource <url> [name]",
        "/addsource https://example.org/feed.xml",
        "add a news feed (admins)",
        admin=True,
    ),
    Command(
        "removesource",
        "/removesource <number | url>",
        "/removesource 3",
        "remove a news feed (admins)",
        admin=True,
    ),
    Command("stats", "/stats", "/stats", "counts and delivery figures (admins)", admin=True),
)
_BY_NAME = {c.name: c for c in COMMANDS}
log = logging.getLogger(__name__)
_TAKES_NO_ARGS = {"start", "help", "subscriptions", "sources", "unmute", "stats"}


def usage(name: str) -> Reply:
    cmd = _BY_NAME[name]
    return Reply(
        f"Usage: <code>{esc(cmd.usage)}</code> — for example <code>{esc(cmd.example)}</code>"
    )


class Commands:
    def __init__(
        self,
        store: AsyncStore,
        settings: Settings,
        clock: Callable[[], datetime],
        *,
        on_source_added: Callable[[], None] = lambda: None,
    ) -> None:
        self.store, self.settings, self.clock = store, settings, clock
        self._on_source_added = on_source_added
        self._background: set[asyncio.Future[None]] = set()

    async def handle(self, caller: Caller, name: str, args: str) -> Reply:
        """Run one command; every problem comes back as a helpful reply, never an exception."""
        cmd = _BY_NAME.get(name.lower())
        if cmd is None:
            return Reply(f"I don't know /{esc(name[:32])}. Send /help for the list of commands.")
        if len(args) > MAX_ARGS:
            return Reply(
                f"That is too long (at most {MAX_ARGS} characters). " + usage(cmd.name).html
            )
        if cmd.name in _TAKES_NO_ARGS and args.strip() and cmd.name not in ("start", "help"):
            return usage(cmd.name)
        refusal = await self._refusal(caller, cmd)
        if refusal is not None:
            return refusal
        record = self.store.write(
            Store.ensure_chat, caller.chat_id, caller.chat_kind, caller.chat_title, self.clock()
        )
        if cmd.changes_chat or cmd.admin:
            await record  # what follows writes rows that refer to the chat
        else:
            self._in_background(record)  # a reply that only reads need not queue behind writes
        handler: Callable[[Caller, str], Awaitable[Reply]] = getattr(self, f"_{cmd.name}")
        return await handler(caller, args.strip())

    def _in_background(self, write: Awaitable[None]) -> None:
        task = asyncio.ensure_future(write)
        self._background.add(task)
        task.add_done_callback(self._written)

    def _written(self, task: asyncio.Future[None]) -> None:
        self._background.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.warning("could not record a chat: %s", task.exception())

    async def _refusal(self, caller: Caller, cmd: Command) -> Reply | None:
        if cmd.admin and caller.user_id not in self.settings.admins:
            return Reply(f"/{cmd.name} is for TruceWatch administrators only.")
        if cmd.changes_chat and caller.is_group and not await caller.chat_admin():
            return Reply("Only this group's administrators can change what it follows.")
        return None

    # --- about ------------------------------------------------------------------------------

    async def _start(self, caller: Caller, args: str) -> Reply:
        text = (
            "<b>TruceWatch</b> reads conflict news feeds and tells you, within minutes, when a "
            "cease-fire is broken ⚠️, when diplomats move 🕊 and when people are killed or "
            "wounded 🩸 — one alert per story, however many outlets carry it.\n\n"
            "Tap a button to follow a category, or send for example\n"
            "<code>/subscribe casualties Stepanakert</code>\n"
            "Send /help for every command."
        )
        buttons = tuple(
            Button(f"{LABEL_MARKS[label]} Follow {word}", f"follow:{word}")
            for label, word in CATEGORY_WORDS.items()
        )
        return Reply(text, (buttons,))

    async def _help(self, caller: Caller, args: str) -> Reply:
        lines = ["<b>Commands</b>"]
        for cmd in COMMANDS:
            if cmd.admin and caller.user_id not in self.settings.admins:
                continue
            lines.append(f"/{cmd.name} — {esc(cmd.about)}\n   <code>{esc(cmd.example)}</code>")
        lines.append(
            "\nCategories: <code>violations</code>, <code>diplomacy</code>, "
            "<code>casualties</code>. Keywords match whole words, any case or accent; "
            '"quoted phrases" match as a whole; <code>-word</code> excludes.'
        )
        return Reply("\n".join(lines))

    # --- subscriptions ----------------------------------------------------------------------

    async def _subscribe(self, caller: Caller, args: str) -> Reply:
        if not args:
            return usage("subscribe")
        try:
            query = parse_query(args)
        except QueryError as exc:
            return Reply(f"{esc(str(exc)).capitalize()}. " + usage("subscribe").html)
        if not (query.categories or query.include):
            return Reply("Name a category or a keyword to follow. " + usage("subscribe").html)
        try:
            sub, created = await self.store.write(
                Store.add_subscription,
                caller.chat_id,
                query,
                self.clock(),
                max_per_chat=self.settings.max_subscriptions,
            )
        except LimitError as exc:
            return Reply(f"{esc(str(exc)).capitalize()}. Remove one with /unsubscribe first.")
        verb = "Following" if created else "Already following"
        meaning = describe_query(sub.categories, sub.include, sub.exclude)
        return Reply(
            f"{verb}: <b>{esc(query.canonical())}</b>\n{meaning}\nSee all with /subscriptions."
        )

    async def follow_button(self, caller: Caller, word: str) -> Reply:
        """The /start buttons: the same as `/subscribe <category>`."""
        if word not in CATEGORY_NAMES:
            return Reply("That button has expired. Send /start again.")
        refusal = await self._refusal(caller, _BY_NAME["subscribe"])
        if refusal is not None:
            return refusal
        await self.store.write(
            Store.ensure_chat, caller.chat_id, caller.chat_kind, caller.chat_title, self.clock()
        )
        return await self._subscribe(caller, word)

    async def _subscriptions(self, caller: Caller, args: str) -> Reply:
        subs = await self.store.read(Store.subscriptions, caller.chat_id)
        if not subs:
            return Reply(
                "This chat follows nothing yet. Try "
                "<code>/subscribe violations</code> or send /start."
            )
        lines = [f"{n}. {esc(clip(_canonical_of(s), 300))}" for n, s in enumerate(subs, 1)]
        lines, left = fit(lines, MESSAGE_LIMIT - 400)
        lines.insert(0, "<b>This chat follows</b>")
        if left:
            lines.append(f"… and {left} more (numbers go on from {len(subs) - left + 1}).")
        chat = await self.store.read(Store.chat, caller.chat_id)
        if chat and chat.muted_until and chat.muted_until > self.clock():
            lines.append(f"\n🔕 Muted until {when(chat.muted_until)} — /unmute to resume.")
        lines.append(
            "\nRemove one with <code>/unsubscribe 1</code>, or all with "
            "<code>/unsubscribe all</code>."
        )
        return Reply("\n".join(lines))

    async def _unsubscribe(self, caller: Caller, args: str) -> Reply:
        if not args:
            return usage("unsubscribe")
        subs = await self.store.read(Store.subscriptions, caller.chat_id)
        if not subs:
            return Reply("This chat follows nothing, so there is nothing to remove.")
        chosen, problem = _choose_subscriptions(subs, args)
        if problem:
            return Reply(problem + " " + usage("unsubscribe").html)
        removed = await self.store.write(
            Store.remove_subscriptions, caller.chat_id, [s.id for s in chosen]
        )
        left = len(subs) - removed
        return Reply(
            f"Removed {removed} subscription{'s' * (removed != 1)}; "
            f"{left} left. /subscriptions shows them."
        )

    # --- reading ----------------------------------------------------------------------------

    async def _timeline(self, caller: Caller, args: str) -> Reply:
        try:
            state = parse_timeline_args(args, self.clock())
        except ValueError as exc:
            return Reply(f"{esc(str(exc))} " + usage("timeline").html)
        return await self._timeline_page(caller, state)

    async def timeline_button(self, caller: Caller, page_id: int) -> Reply:
        # Button data comes from the client and can be forged: check it like typed input.
        state = None
        if 0 < page_id < 2**63:
            state = await self.store.read(Store.load_page, page_id, caller.chat_id)
        if state is None:
            return Reply("That page has expired. Send /timeline again.")
        return await self._timeline_page(caller, state)

    async def _timeline_page(self, caller: Caller, state: dict[str, object]) -> Reply:
        before = state.get("before")
        page = await self.store.read(
            Store.timeline,
            since=_at(state["since"]),
            until=_at(state["until"]),
            label=_text(state.get("label")),
            match=_text(state.get("match")),
            before=(float(before[0]), int(before[1])) if isinstance(before, list) else None,
            limit=PAGE_STORIES,
        )
        if not page.items and not state.get("before"):
            return Reply(f"Nothing {esc(describe_timeline(state))} yet.")
        lines, shown = timeline_lines(page, describe_timeline(state))
        more = page.more or shown < len(page.items)
        if not more:
            return Reply("\n".join(lines))
        last = page.items[shown - 1]
        state = {**state, "before": [last.published_at.timestamp(), last.id]}
        page_id = await self.store.write(Store.save_page, caller.chat_id, state, self.clock())
        return Reply("\n".join(lines), ((Button("More ▸", f"tl:{page_id}"),),))

    async def _sources(self, caller: Caller, args: str) -> Reply:
        # Only what one message can show, trouble first (a broken feed must not hide
        # behind "… and 40 more"): 1,000 sources read and formatted cost ~20-50 ms.
        count, sources = await self.store.read(Store.first_sources, SOURCES_READ)
        if not sources:
            return Reply(
                "No news feeds are configured yet. An administrator can add one with "
                "<code>/addsource &lt;url&gt;</code>."
            )
        lines = [f"<b>{count} news feed{'s' * (count != 1)}</b>"]
        lines += [source_line(s, self.clock()) for s in sources]
        kept, left = fit(lines)
        left += count - len(sources)
        if left:
            kept.append(f"… and {left} more.")
        return Reply("\n".join(kept))

    async def _search(self, caller: Caller, args: str) -> Reply:
        if not any(c.isalnum() for c in args):
            return usage("search")
        found = await self.store.read(Store.search, args, 10)
        if not found:
            return Reply(f"No stored report mentions {esc(args)}.")
        lines = [f"<b>Reports mentioning {esc(args)}</b> (newest first)"]
        lines += [f"{esc(i.published_at.strftime('%d %b'))} {item_line(i)}" for i in found]
        kept, _ = fit(lines)
        return Reply("\n".join(kept))

    # --- muting -----------------------------------------------------------------------------

    async def _mute(self, caller: Caller, args: str) -> Reply:
        duration = parse_duration(args) if args else timedelta(hours=8)
        if duration is None:
            return Reply("I could not read that duration. " + usage("mute").html)
        until = self.clock() + min(duration, MAX_MUTE)
        await self.store.write(Store.set_muted, caller.chat_id, until)
        return Reply(
            f"🔕 Alerts paused until {when(until)}. /unmute resumes them; "
            "/timeline shows what you missed."
        )

    async def _unmute(self, caller: Caller, args: str) -> Reply:
        await self.store.write(Store.set_muted, caller.chat_id, None)
        return Reply("🔔 Alerts resumed. /timeline 24h shows the last day.")

    # --- administration ---------------------------------------------------------------------

    async def _addsource(self, caller: Caller, args: str) -> Reply:
        url, _, name = args.partition(" ")
        problem = check_feed_url(url, self.settings.allow_private_urls)
        if problem:
            return Reply(f"{esc(problem)} " + usage("addsource").html)
        name = name.strip()[:80] or (urlsplit(url).hostname or url)
        try:
            source = await self.store.write(
                Store.add_source, url, name, self.clock(), origin="chat"
            )
        except DuplicateError:
            return Reply("That feed is already a source. /sources lists them.")
        self._on_source_added()
        return Reply(
            f"Added feed #{source.id} <b>{esc(source.name)}</b>. It is polled within "
            f"{self.settings.tick_seconds:g} seconds; /sources shows how it went."
        )

    async def _removesource(self, caller: Caller, args: str) -> Reply:
        if not args:
            return usage("removesource")
        key: int | str = int(args) if is_number(args) else args
        source = await self.store.write(Store.remove_source, key)
        if source is None:
            return Reply("No such feed. /sources lists them with their numbers.")
        return Reply(f"Removed feed #{source.id} <b>{esc(source.name)}</b> and its items.")

    async def _stats(self, caller: Caller, args: str) -> Reply:
        s = await self.store.read(Store.stats)
        return Reply(
            "<b>TruceWatch</b>\n"
            f"Feeds: {s['sources']} ({s['failing']} failing)\nItems: {s['items']}\n"
            f"Chats: {s['chats']} · subscriptions: {s['subscriptions']}\n"
            f"Queue: {s['queued']} waiting\nDelivered: {s['sent']} · failed: {s['failed']} · "
            f"dropped: {s['dropped']}"
        )


# --- pure helpers ---------------------------------------------------------------------------


def describe_query(
    categories: tuple[str, ...], include: tuple[str, ...], exclude: tuple[str, ...]
) -> str:
    parts = []
    if categories:
        parts.append(" or ".join(LABEL_TITLES[c] + "s" for c in categories))
    if include:
        parts.append("mentioning " + " or ".join(f"“{t}”" for t in include))
    if exclude:
        parts.append("but not " + " or ".join(f"“{t}”" for t in exclude))
    return esc(", ".join(parts).capitalize() or "Everything")


def _choose_subscriptions(
    subs: list[Subscription], args: str
) -> tuple[list[Subscription], str | None]:
    if args.lower() == "all":
        return subs, None
    numbers = args.replace(",", " ").split()
    if all(is_number(n) for n in numbers):
        picked = [int(n) for n in numbers]
        bad = [n for n in picked if not 1 <= n <= len(subs)]
        if bad:
            return [], f"There is no subscription {bad[0]} (this chat has {len(subs)})."
        return [subs[n - 1] for n in picked], None
    try:
        wanted = parse_query(args).canonical()
    except QueryError as exc:
        return [], esc(str(exc)).capitalize() + "."
    chosen = [s for s in subs if _canonical_of(s) == wanted]
    return (chosen, None) if chosen else ([], "No subscription matches those words.")


def _canonical_of(sub: Subscription) -> str:
    return Query(sub.categories, sub.include, sub.exclude).canonical()


def is_number(text: str) -> bool:
    """Plain digits that fit a database id ("²" and "①" are digits to str.isdigit, not here)."""
    return text.isascii() and text.isdecimal() and len(text) <= 18


def parse_duration(text: str) -> timedelta | None:
    found = _DURATION.match(text.strip().lower())
    if not found or int(found.group(1)) == 0:
        return None
    return timedelta(seconds=int(found.group(1)) * _UNITS[found.group(2)[0]])


def parse_timeline_args(args: str, now: datetime) -> dict[str, object]:
    """`[category] [24h | 7d | 2020-10-10 | today | yesterday] [keyword ...]` -> page state."""
    state: dict[str, object] = {
        "since": (now - timedelta(days=7)).timestamp(),
        "until": now.timestamp() + 1,
        "period": "7d",
    }
    rest: list[str] = []
    for word in args.split():
        if "label" not in state and word.lower() in CATEGORY_NAMES:
            state["label"] = CATEGORY_NAMES[word.lower()]
        elif "period_set" not in state and (period := _period(word, now)) is not None:
            state.update(period, period_set=True)
        else:
            rest.append(word)
    if rest:
        state["match"] = " ".join(rest)[:100]
    state.pop("period_set", None)
    return state


def _period(word: str, now: datetime) -> dict[str, object] | None:
    lowered = word.lower()
    if lowered in ("today", "yesterday"):
        day = now.date() - timedelta(days=lowered == "yesterday")
        return _day(day.isoformat())
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", lowered):
        return _day(lowered)
    duration = parse_duration(lowered) if re.fullmatch(r"\d+[hdw]", lowered) else None
    if duration is None:
        return None
    if duration > MAX_PERIOD:
        raise ValueError(f"{word} is too long a period (at most {MAX_PERIOD.days} days).")
    return {"since": (now - duration).timestamp(), "until": now.timestamp() + 1, "period": word}


def _day(text: str) -> dict[str, object]:
    try:
        start = datetime.fromisoformat(text).replace(tzinfo=UTC)
        end = start + timedelta(days=1)
    except (ValueError, OverflowError):
        raise ValueError(f"{text} is not a date (use YYYY-MM-DD).") from None
    return {
        "since": start.timestamp(),
        "until": end.timestamp(),
        "period": text,
    }


def describe_timeline(state: dict[str, object]) -> str:
    label = state.get("label")
    what = f"{LABEL_TITLES[str(label)]}s" if label else "reports"
    period = str(state.get("period", "7d"))
    span = f"on {period}" if "-" in period else f"in the last {period}"
    match = f" mentioning “{state['match']}”" if state.get("match") else ""
    return f"{what}{match} {span}"


def timeline_lines(page: TimelinePage, title: str) -> tuple[list[str], int]:
    """Lines grouped by day; returns them and how many stories fitted."""
    lines = [f"<b>Timeline: {esc(title)}</b>"]
    day = None
    shown = 0
    for item in page.items:
        heading = [] if item.published_at.date() == day else [_day_heading(item)]
        candidate = [*lines, *heading, item_line(item, page.story_sizes.get(item.id, 1) - 1)]
        if fit(candidate)[1]:
            break
        lines, day, shown = candidate, item.published_at.date(), shown + 1
    return lines, max(shown, 1)


def _day_heading(item: StoredItem) -> str:
    return f"\n<b>{item.published_at.astimezone(UTC).strftime('%a %d %b %Y')}</b>"


def source_line(source: Source, now: datetime) -> str:
    name = f"#{source.id} <b>{esc(source.name[:80])}</b>"
    if source.status in ("failing", "broken"):
        mark = "⛔ broken" if source.status == "broken" else "⚠️ failing"
        error = esc((source.last_error or "unknown error")[:200])
        retry = f" · next try {_ago(source.next_poll_at, now)}" if source.next_poll_at else ""
        return (
            f"{name} — {mark} ({source.failures}× in a row): {error}{retry} · "
            f"{source.items_count} items"
        )
    if source.status == "new":
        return f"{name} — not polled yet"
    return (
        f"{name} — ✅ ok · last success {_ago(source.last_success_at, now)} · "
        f"{source.items_count} items"
    )


def _ago(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "never"
    seconds = (moment - now).total_seconds()
    span = abs(seconds)
    text = (
        f"{span:.0f} s"
        if span < 90
        else f"{span / 60:.0f} min"
        if span < 5400
        else f"{span / 3600:.0f} h"
        if span < 172800
        else f"{span / 86400:.0f} days"
    )
    return f"in {text}" if seconds > 0 else f"{text} ago"


def check_feed_url(url: str, allow_private: bool) -> str | None:
    """Why a URL typed in chat cannot be a feed (None when it can)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "That is not a valid address."
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "A feed address must start with http:// or https://."
    if len(url) > 2048 or any(c.isspace() for c in url):
        return "That address is too long or contains spaces."
    host = parts.hostname.strip("[]")
    if not allow_private and re.fullmatch(r"[\d.]+|[0-9a-f:]+", host) and address_problem(host):
        return f"Refused: {address_problem(host)}."
    if not allow_private and (host == "localhost" or host.endswith(".localhost")):
        return "Refused: localhost is a loopback address."
    return None


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _at(value: object) -> datetime:
    return datetime.fromtimestamp(float(value), tz=UTC)  # type: ignore[arg-type]
