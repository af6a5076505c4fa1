"""Fuzzed chat commands: whatever anyone types, `Commands.handle` answers with HTML that
Telegram accepts and that fits one message, and never raises.

Each command (and unknown ones, and button callback data) gets 2,000 examples from every
kind of caller, against a real SQLite store holding hostile text. The inputs that once
crashed a command are pinned as regression tests at the bottom.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.app import App, build_app
from bot.buttons import encode
from bot.config import Settings
from bot.match import parse_query
from bot.message import Message
from bot.models import PollSuccess, SourceHealth
from bot.pipeline import store_items
from fakes.builders import caller, html, item
from fakes.telegram_api import FakeTelegram, telegram_html_to_text, utf16_len
from handlers.catalog import COMMANDS
from handlers.commands import MAX_ARGS, Caller, Commands
from storage.store import Store
from storage.threads import AsyncStore
from tests.reliability.conftest import record
from tests.reliability.helpers import assert_chat_html
from tests.running_bot import running, telegram_settings

NOW = datetime(2024, 6, 2, 12, tzinfo=UTC)
USER, MEMBER, GROUP_ADMIN, ADMIN = 7, 8, 9, 42
GROUP, OPS_GROUP = -500, -100777
V, D, C = "ceasefire_violation", "diplomatic_move", "casualty_report"
EXAMPLES = 2000
LONG_EXAMPLES = 10_000
EXAMPLES_RUN: Counter[str] = Counter()


async def _yes() -> bool:
    return True


async def _no() -> bool:
    return False


CALLERS: dict[str, Caller] = {
    "private chat": caller(USER, USER, "private", admins={ADMIN}),
    "group admin": caller(GROUP, GROUP_ADMIN, "supergroup", "Analysts <b>&", _yes, admins={ADMIN}),
    "group non-admin": caller(GROUP, MEMBER, "group", "Analysts <b>&", _no, admins={ADMIN}),
    "bot admin": caller(ADMIN, ADMIN, "private", admins={ADMIN}),
    "bot admin in a group": caller(OPS_GROUP, ADMIN, "supergroup", None, _yes, admins={ADMIN}),
}

HOSTILE_TEXT = (
    "<script>alert(1)</script>Ceasefire broken",
    '<a href="javascript:alert(1)">map</a>',
    "5 < 7 && 8 > 3 &amp; &lt;b&gt;",
    "<b>bold</b> <i>unclosed",
    "Robert'); DROP TABLE items;--",
    "🕊 Перемирие нарушено в Тәртәр — «тиша»",
    "ﷺ" * 40,
    "\u202eevil\u202c",
    "A" * 3000,
)
#: Words people (and attackers) type: categories, periods, dates, numbers, SQL, FTS syntax,
#: regular expressions, markup, URLs of every kind.
TOKENS = (
    "violations",
    "diplomacy",
    "casualties",
    "casualty",
    "all",
    "ALL",
    "-football",
    '"Lachin corridor"',
    '"unclosed',
    "“curly”",
    "-",
    "--",
    "7d",
    "24h",
    "1w",
    "52w",
    "999999d",
    "8h",
    "30m",
    "2 days",
    "2020-10-10",
    "2024-06-01",
    "0001-01-01",
    "2024-02-30",
    "today",
    "yesterday",
    "1",
    "2",
    "3",
    "0",
    "-1",
    "1,2",
    "١٢",
    "99999999999999999999999",
    "'; DROP TABLE items; --",
    '" OR 1=1 --',
    "*",
    "NEAR(a b)",
    "a OR b",
    "^x",
    "items_fts",
    "(a+)+$",
    "[a-z]*",
    "\\",
    "%",
    "_",
    "<b>",
    "</i>",
    "&amp;",
    "&",
    "&#0;",
    "<script>alert(1)</script>",
    "https://example.org/feed.xml",
    "http://127.0.0.1/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://localhost/x",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "http://[::1",
    "http://" + "a" * 300,
    "ftp://x",
    "Ganja",
    "Тәртәр",
    "\x00",
    "\u202e",
    "🕊",
    "ﷺ",
    "İ",
    "ß",
    "\t",
    "\n",
)
_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=MAX_ARGS + 50)
_WORDS = st.lists(
    st.one_of(st.sampled_from(TOKENS), st.text(max_size=12), st.integers().map(str)), max_size=30
).map(" ".join)
ARGS = st.one_of(_TEXT, _WORDS, st.just(""))
CALLER = st.sampled_from(list(CALLERS))
NAMES = [c.name for c in COMMANDS] + ["unknown"]


# --- the store the fuzzer talks to ---------------------------------------------------------


async def populate(store: AsyncStore, now: datetime = NOW) -> None:
    """Sources (one failing), items with hostile text across the last week, chats, pages."""
    later = now + timedelta(days=1)
    for n, text in enumerate(HOSTILE_TEXT):
        source = await store.write(
            Store.add_source, f"https://feeds.example/{n}", text[:80], now - timedelta(days=8)
        )
        items = [
            item(
                f"{text} {k}",
                f"{text} summary {k} killed",
                labels=((V, D, C)[k % 3],),
                published=now - timedelta(hours=7 * k + n),
                killed=k or None,
                url=f"https://news.example/{n}/{k}?a=1&b=<2>" if k % 2 else None,
            )
            for k in range(8)
        ]
        await store.write(
            store_items,
            source.id,
            items,
            PollSuccess(None, None, later),
            now - timedelta(days=8),
        )
    failing = SourceHealth("failing", 1, now, "HTTP 500 <b>oops</b> & more", later)
    await store.write(Store.record_failure, 1, failing, now)
    for who in CALLERS.values():
        await store.write(Store.ensure_chat, who.chat, who.kind, who.chat_title, now)
        for query in ("violations", 'casualties "Тәртәр" -football', "ganja"):
            await store.write(
                Store.add_subscription, who.chat, parse_query(query), now, max_per_chat=50
            )
        await store.write(
            Store.save_page,
            who.chat,
            {
                "since": (now - timedelta(days=7)).timestamp(),
                "until": now.timestamp(),
                "period": "7d",
                "label": V,
                "before": [now.timestamp(), 10**6],
            },
            now,
        )


@pytest.fixture(scope="module", autouse=True)
def fuzz_figures() -> Iterator[None]:
    """After the module: how many examples each command got (and the known-bug hits)."""
    yield
    ran = {k: v for k, v in EXAMPLES_RUN.items() if v}
    if ran:
        record("fuzz examples per command (this run)", dict(sorted(ran.items())))


@pytest_asyncio.fixture
async def commands(tmp_path: Path) -> AsyncIterator[Commands]:
    """One populated store per test; hypothesis reuses it across that test's examples (the
    point: state built by earlier examples, e.g. 50 subscriptions, meets later ones)."""
    store = await AsyncStore.open(str(tmp_path / "fuzz.db"))
    await populate(store)
    yield Commands(store, Settings(admins=frozenset({ADMIN})), lambda: NOW)
    await store.close()


def assert_reply(reply: Message, what: str) -> None:
    assert isinstance(reply, Message)
    assert_chat_html(html(reply), what=what)
    for row in reply.buttons:
        for button in row:
            assert button.text and len(encode(button.action).encode()) <= 64, button


async def run_checked(name: str, args: str, call: Callable[[], Awaitable[Message]]) -> None:
    EXAMPLES_RUN[name] += 1
    reply = await call()
    assert_reply(reply, f"/{name} {args!r}")


def fuzz_test(examples: int) -> Callable[..., object]:
    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )
    @given(who=CALLER, args=ARGS, spelled=st.sampled_from(["lower", "upper", "title"]))
    @example(who="private chat", args="9999-12-31", spelled="lower")
    @example(who="bot admin", args="²", spelled="lower")
    @example(who="bot admin", args="9" * 30, spelled="lower")
    @example(who="private chat", args="ganja \x00x", spelled="lower")
    @example(who="private chat", args="7d :", spelled="lower")
    async def fuzz(commands: Commands, name: str, who: str, args: str, spelled: str) -> None:
        typed = "no_such_command" if name == "unknown" else name
        typed = getattr(typed, spelled)()  # commands are case-insensitive
        await run_checked(name, args, lambda: commands.handle(CALLERS[who], typed, args))

    return fuzz


test_fuzz_command = pytest.mark.parametrize("name", NAMES)(fuzz_test(EXAMPLES))
test_fuzz_command_long = pytest.mark.slow(
    pytest.mark.timeout(900)(pytest.mark.parametrize("name", NAMES)(fuzz_test(LONG_EXAMPLES)))
)


def button_test(examples: int) -> Callable[..., object]:
    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        who=CALLER,
        word=st.one_of(st.sampled_from(TOKENS), st.text(max_size=64)),
        page=st.one_of(
            st.integers(min_value=-(2**63), max_value=2**63 - 1),
            st.integers(),
            st.integers(min_value=0, max_value=50),
        ),
    )
    @example(who="private chat", word="violations", page=10**30)
    async def fuzz(commands: Commands, who: str, word: str, page: int) -> None:
        who_ = CALLERS[who]
        await run_checked("follow button", word, lambda: commands.press(who_, f"follow:{word}"))
        await run_checked("timeline button", str(page), lambda: commands.press(who_, f"tl:{page}"))

    return fuzz


test_fuzz_buttons = button_test(EXAMPLES)
test_fuzz_buttons_long = pytest.mark.slow(button_test(LONG_EXAMPLES))


# --- admin-only commands are refused, whatever the arguments --------------------------------


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from([c.name for c in COMMANDS if c.admin]),
    args=ARGS,
    who=st.sampled_from(["private chat", "group admin", "group non-admin"]),
)
async def test_admin_commands_refused_for_everyone_else(
    commands: Commands, name: str, args: str, who: str
) -> None:
    before = await commands.store.read(Store.stats)
    reply = await commands.handle(CALLERS[who], name, args)
    if len(args) <= MAX_ARGS and not (name == "stats" and args.strip()):
        assert "administrators only" in html(reply), html(reply)
    assert await commands.store.read(Store.stats) == before


# --- end to end: the real bot, the real PTB, the fake Telegram ------------------------------


@dataclass
class Chats:
    """Fresh chat ids per example, so Telegram's per-chat flood limits never pace the run."""

    next_id: int = 10_000

    def take(self) -> int:
        self.next_id += 1
        return self.next_id


_COMMAND_TEXT = st.tuples(
    st.one_of(
        st.sampled_from([c.name for c in COMMANDS]),
        st.from_regex(r"[a-z0-9_]{1,20}", fullmatch=True),
    ),
    st.sampled_from(["", "@TruceWatchBot"]),
    st.one_of(_WORDS, st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=120)),
)


@pytest_asyncio.fixture
async def live_bot(fake_telegram: FakeTelegram, tmp_path: Path) -> AsyncIterator[App]:
    settings_ = telegram_settings(
        fake_telegram, tmp_path / "e2e.db", admins=frozenset({ADMIN}), poll_seconds=3600
    )
    # The real clock: the scheduler's first run is "now", and a clock years in the past
    # would make APScheduler walk every missed 5 s tick up to the present.
    app = await build_app(settings_)
    await populate(app.store, app.clock().replace(microsecond=0))
    async with running(app, fake_telegram) as started:
        yield started


def e2e_test(examples: int) -> Callable[..., object]:
    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(command=_COMMAND_TEXT, where=st.sampled_from(["private", "group admin", "group member"]))
    async def fuzz(
        live_bot: App,
        fake_telegram: FakeTelegram,
        command: tuple[str, str, str],
        where: str,
    ) -> None:
        name, addressed, args = command
        if where != "private" and name not in NAMES and not addressed:
            addressed = "@TruceWatchBot"  # unaddressed unknown commands in groups are not ours
        text = f"/{name}{addressed} {args}".strip()
        chats = _CHATS
        if where == "private":
            chat = user = chats.take()
        else:
            chat, user = -chats.take(), chats.take()
            fake_telegram.add_chat(chat, "supergroup", title="Fuzzers <&>")
            if where == "group admin":
                fake_telegram.set_admins(chat, [user])
        await fake_telegram.push_message(chat, text, user_id=user)
        [reply] = await fake_telegram.wait_for_messages(1, chat_id=chat, timeout=10)
        assert reply.parse_mode == "HTML", (text, reply.text)  # no plain-text fallback needed
        shown = telegram_html_to_text(reply.text)
        assert shown and utf16_len(shown) <= 4096
        EXAMPLES_RUN["end to end (real PTB)"] += 1

    return fuzz


_CHATS = Chats()


test_fuzz_end_to_end = pytest.mark.timeout(300)(e2e_test(200))
test_fuzz_end_to_end_long = pytest.mark.slow(pytest.mark.timeout(900)(e2e_test(1000)))


# --- inputs that once crashed a command (regressions) -------------------------------


async def test_timeline_on_the_last_representable_day(commands: Commands) -> None:
    assert_reply(await commands.handle(CALLERS["private chat"], "timeline", "9999-12-31"), "tl")


async def test_unsubscribe_with_a_superscript_digit(commands: Commands) -> None:
    assert_reply(await commands.handle(CALLERS["private chat"], "unsubscribe", "²"), "unsub")


async def test_removesource_with_a_circled_digit(commands: Commands) -> None:
    assert_reply(await commands.handle(CALLERS["bot admin"], "removesource", "①"), "rm")


async def test_removesource_with_a_huge_number(commands: Commands) -> None:
    assert_reply(await commands.handle(CALLERS["bot admin"], "removesource", "9" * 20), "rm")


async def test_timeline_button_with_a_huge_page_id(commands: Commands) -> None:
    assert_reply(await commands.press(CALLERS["private chat"], f"tl:{10**20}"), "button")


async def test_search_with_a_nul_character(commands: Commands) -> None:
    assert_reply(await commands.handle(CALLERS["private chat"], "search", "ganja\x00x"), "s")


async def test_timeline_with_a_punctuation_keyword(commands: Commands) -> None:
    assert_reply(await commands.handle(CALLERS["private chat"], "timeline", "24h -"), "tl")


async def test_subscriptions_reply_fits_one_message(commands: Commands) -> None:
    someone = caller(123, 123, "private")
    for n in range(50):
        words = " ".join(f"w{n}x{k}" for k in range(19))
        reply = await commands.handle(someone, "subscribe", f"word{n} {words}")
        assert "Following" in html(reply)
    listing = await commands.handle(someone, "subscriptions", "")
    assert utf16_len(telegram_html_to_text(html(listing))) <= 4096
