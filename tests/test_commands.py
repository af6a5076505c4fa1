"""Chat commands without a transport: what each one answers, for good and bad input."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio

from bot.buttons import encode
from bot.config import Settings
from bot.message import plain_text, utf16_length
from bot.models import PollSuccess
from bot.pipeline import store_items
from fakes.builders import T0, html, item, tg
from handlers.catalog import COMMANDS
from handlers.commands import Caller, Commands
from handlers.telegram.render import TELEGRAM
from handlers.timeline import parse_timeline_args
from storage.store import Store
from storage.threads import AsyncStore

ADMIN, USER, GROUP = 42, 7, -500
V, D, C = "ceasefire_violation", "diplomatic_move", "casualty_report"


@pytest_asyncio.fixture
async def store(tmp_path: Path) -> AsyncIterator[AsyncStore]:
    s = await AsyncStore.open(str(tmp_path / "c.db"))
    yield s
    await s.close()


@pytest.fixture
def commands(store: AsyncStore) -> Commands:
    settings = Settings(admins=frozenset({ADMIN}), max_subscriptions=3)
    return Commands(store, settings, lambda: T0 + timedelta(days=1))


def private(user: int = USER) -> Caller:
    return Caller(tg(user), user, "private", bot_admin=user == ADMIN, surface=TELEGRAM)


def in_group(user: int, admin: bool) -> Caller:
    async def is_admin() -> bool:
        return admin

    return Caller(tg(GROUP), user, "group", "Analysts", is_admin, surface=TELEGRAM)


async def say(commands: Commands, text: str, caller: Caller | None = None) -> str:
    name, _, args = text.lstrip("/").partition(" ")
    return html(await commands.handle(caller or private(), name, args))


async def test_start_offers_a_follow_button_per_category(commands: Commands) -> None:
    reply = await commands.handle(private(), "start", "")
    data = [encode(b.action) for row in reply.buttons for b in row]
    assert data == ["follow:violations", "follow:diplomacy", "follow:casualties"]
    followed = await commands.press(private(), "follow:casualties")
    assert "Following" in html(followed)


async def test_help_lists_every_command_with_an_example(commands: Commands) -> None:
    text = await say(commands, "/help", private(ADMIN))
    for cmd in COMMANDS:
        assert f"/{cmd.name}" in text
    assert "/addsource" not in await say(commands, "/help")


async def test_subscribe_list_and_unsubscribe(commands: Commands) -> None:
    assert "Following" in await say(commands, "/subscribe casualties Stepanakert")
    assert "Already following" in await say(commands, "/subscribe STEPANAKERT casualties")
    await say(commands, '/subscribe violations "Lachin corridor" -football')
    listing = plain_text(await commands.handle(private(), "subscriptions", ""))
    assert "1. casualties stepanakert" in listing
    assert '2. violations "lachin corridor" -football' in listing
    assert "Removed 1" in await say(commands, "/unsubscribe 1")
    assert "Removed 1" in await say(commands, '/unsubscribe violations "Lachin corridor" -football')
    assert "follows nothing" in await say(commands, "/subscriptions")


async def test_subscription_limit_per_chat(commands: Commands) -> None:
    for word in ("a1", "b2", "c3"):
        await say(commands, f"/subscribe {word}")
    assert "at most 3" in await say(commands, "/subscribe d4")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("/subscribe", "Usage: <code>/subscribe"),
        ("/subscribe -onlyexcluded", "Name a category or a keyword"),
        ("/subscribe +++", "has no letter or digit"),
        ("/subscribe " + "x" * 401, "too long"),
        ("/unsubscribe", "Usage: <code>/unsubscribe"),
        ("/unsubscribe 9", "nothing to remove"),
        ("/timeline 9999d", "too long a period"),
        ("/timeline 2020-13-45", "not a date"),
        ("/search", "Usage: <code>/search"),
        ("/search !!!", "Usage: <code>/search"),
        ("/mute forever", "could not read that duration"),
        ("/sources now", "Usage: <code>/sources"),
        ("/frobnicate", "I don't know /frobnicate"),
        ("/addsource https://example.org/feed", "administrators only"),
        ("/stats", "administrators only"),
    ],
)
async def test_bad_input_gets_a_usage_hint(commands: Commands, text: str, fragment: str) -> None:
    assert fragment in await say(commands, text)


async def test_group_changes_need_a_group_administrator(commands: Commands) -> None:
    refused = await say(commands, "/subscribe violations", in_group(USER, admin=False))
    assert "Only this group's administrators" in refused
    assert "Following" in await say(commands, "/subscribe violations", in_group(USER, admin=True))
    # anyone may read
    assert "follows" in await say(commands, "/subscriptions", in_group(USER, admin=False))
    assert "news feed" in await say(commands, "/sources", in_group(USER, admin=False))


async def test_admin_adds_and_removes_sources(commands: Commands) -> None:
    admin = private(ADMIN)
    assert "Added feed #1" in await say(
        commands, "/addsource https://example.org/feed.xml Wire", admin
    )
    assert "already a source" in await say(
        commands, "/addsource https://example.org/feed.xml", admin
    )
    for bad in (
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://127.0.0.1/feed",
        "http://169.254.169.254/latest",
        "http://[::1]/x",
        "http://localhost/feed",
        "http://10.0.0.1/feed",
    ):
        assert "Added" not in await say(commands, f"/addsource {bad}", admin), bad
    sources = await say(commands, "/sources")
    assert "#1 <b>Wire</b>" in sources and "not polled yet" in sources
    assert "Removed feed #1" in await say(commands, "/removesource 1", admin)
    assert "No such feed" in await say(commands, "/removesource 1", admin)


async def test_timeline_groups_by_day_and_pages(commands: Commands, store: AsyncStore) -> None:
    source = await store.write(Store.add_source, "https://a.example/f", "Wire <b>", T0)
    batch = [
        item(
            f"Shelling report {n} from <script>alert(1)</script>",
            labels=(V, C),
            killed=n,
            published=T0 - timedelta(hours=3 * n),
            url=f"https://a.example/{n}",
        )
        for n in range(40)
    ]
    await store.write(store_items, source.id, batch, PollSuccess(None, None, T0), T0)
    reply = await commands.handle(private(), "timeline", "violations 7d")
    shown = html(reply)
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert "Wire &lt;b&gt;" in shown and "(3 killed)" in shown
    assert shown.count("\n<b>") >= 2  # more than one day heading
    assert utf16_length(shown) < 4096
    [[more]] = reply.buttons
    page2 = html(await commands.press(private(), encode(more.action)))
    assert "Shelling report 15 " in page2 and "Shelling report 0 " not in page2
    other_chat = await commands.press(private(USER + 1), encode(more.action))
    assert "expired" in html(other_chat)


async def test_search_and_stats(commands: Commands, store: AsyncStore) -> None:
    source = await store.write(Store.add_source, "https://a.example/f", "Wire", T0)
    await store.write(
        store_items,
        source.id,
        [item("Prisoner exchange completed in Tərtər"), item("Talks in Geneva")],
        PollSuccess(None, None, T0),
        T0,
    )
    assert "Prisoner exchange" in await say(commands, "/search terter")
    assert "No stored report" in await say(commands, '/search "nothing" OR 1=1')
    stats = await say(commands, "/stats", private(ADMIN))
    assert "Feeds: 1" in stats and "Items: 2" in stats


async def test_mute_and_unmute(commands: Commands) -> None:
    await say(commands, "/subscribe violations")
    muted = await say(commands, "/mute 2h")
    assert "paused until" in muted
    assert "Muted until" in await say(commands, "/subscriptions")
    assert "resumed" in await say(commands, "/unmute")


def test_timeline_arguments() -> None:
    now = datetime(2020, 10, 12, 12, tzinfo=T0.tzinfo)
    query = parse_timeline_args("casualties 2020-10-10 Ganja", now)
    assert query.label == C and query.match == "Ganja" and query.period == "2020-10-10"
    assert query.until - query.since == 86400
    assert parse_timeline_args("24h", now).since == (now - timedelta(hours=24)).timestamp()
    assert parse_timeline_args("", now).label is None


def channel(admin: bool) -> Caller:
    async def is_admin() -> bool:
        return admin

    return Caller(tg(GROUP), None, "channel", "Wire", is_admin, surface=TELEGRAM)


REFUSED_IN_GROUP = "Only this group's administrators can change what it follows."


async def test_a_follow_button_pressed_by_a_group_member_changes_nothing(
    commands: Commands, store: AsyncStore
) -> None:
    member = in_group(USER, admin=False)
    for payload in ("follow:violations", "follow:diplomacy", "follow:casualties"):
        assert plain_text(await commands.press(member, payload)) == REFUSED_IN_GROUP
    assert await store.read(Store.subscriptions, tg(GROUP)) == []
    assert await store.read(Store.chat, tg(GROUP)) is None  # not even recorded
    # the same button, pressed by one of the group's administrators, follows
    followed = await commands.press(in_group(USER, admin=True), "follow:violations")
    assert plain_text(followed).startswith("Following: violations\n")
    subs = await store.read(Store.subscriptions, tg(GROUP))
    assert [(s.categories, s.include) for s in subs] == [((V,), ())]
    # and a member's press still changes nothing once the group follows something
    assert plain_text(await commands.press(member, "follow:casualties")) == REFUSED_IN_GROUP
    assert len(await store.read(Store.subscriptions, tg(GROUP))) == 1


async def test_a_channel_follows_only_on_its_administrators_word(
    commands: Commands, store: AsyncStore
) -> None:
    assert plain_text(await commands.press(channel(False), "follow:violations")) == (
        REFUSED_IN_GROUP
    )
    assert await store.read(Store.subscriptions, tg(GROUP)) == []
    assert "Following" in plain_text(await commands.press(channel(True), "follow:violations"))


async def test_a_private_chat_is_its_own_administrator(
    commands: Commands, store: AsyncStore
) -> None:
    async def never() -> bool:
        raise AssertionError("a private chat's owner is not asked about")

    alone = Caller(tg(USER), USER, "private", chat_admin=never, surface=TELEGRAM)
    assert "Following" in plain_text(await commands.press(alone, "follow:diplomacy"))
    assert "Following" in plain_text(await commands.handle(alone, "subscribe", "Ganja"))
    assert len(await store.read(Store.subscriptions, tg(USER))) == 2


@pytest.mark.parametrize("payload", ["follow:", "follow:weather", "tl:0", "tl:x", "", "x" * 200])
async def test_forged_buttons_change_nothing(
    commands: Commands, store: AsyncStore, payload: str
) -> None:
    reply = await commands.press(private(), payload)
    assert plain_text(reply) == "That button has expired. Send /help."
    assert await store.read(Store.subscriptions, tg(USER)) == []


@pytest.mark.parametrize("name", ["subscribe", "unsubscribe", "mute", "unmute"])
async def test_every_change_to_a_group_is_refused_to_its_members(
    commands: Commands, store: AsyncStore, name: str
) -> None:
    await commands.handle(in_group(ADMIN, admin=True), "subscribe", "violations")
    args = {"subscribe": "Ganja", "unsubscribe": "all", "mute": "8h", "unmute": ""}[name]
    reply = await commands.handle(in_group(USER, admin=False), name, args)
    assert plain_text(reply) == REFUSED_IN_GROUP
    assert len(await store.read(Store.subscriptions, tg(GROUP))) == 1
    assert (await store.read(Store.chat, tg(GROUP))).muted_until is None


@pytest.mark.parametrize("name", ["addsource", "removesource", "stats"])
async def test_administration_is_refused_to_everyone_else_in_so_many_words(
    commands: Commands, store: AsyncStore, name: str
) -> None:
    args = {"addsource": "https://example.org/feed.xml", "removesource": "1", "stats": ""}[name]
    for who in (private(), in_group(USER, admin=True)):
        reply = await commands.handle(who, name, args)
        assert plain_text(reply) == f"/{name} is for TruceWatch administrators only."
    assert await store.read(Store.first_sources, 10) == (0, [])


async def test_commands_take_their_arguments_trimmed_and_within_a_limit(
    commands: Commands, store: AsyncStore
) -> None:
    admin = private(ADMIN)
    added = await commands.handle(admin, "addsource", "  https://example.org/feed.xml  Wire  ")
    assert plain_text(added).startswith("Added feed #1 Wire.")
    words = " ".join(["x" * 100, "y" * 100, "z" * 100, "w" * 97])
    assert len(words) == 400
    assert plain_text(await commands.handle(private(), "subscribe", words)).startswith("Following")
    over = await commands.handle(private(), "subscribe", words + "w")
    assert plain_text(over).startswith("That is too long (at most 400 characters). Usage:")
    unknown = await commands.handle(private(), "x" * 40, "")
    assert plain_text(unknown) == f"I don't know /{'x' * 32}. Send /help for the list of commands."
    assert plain_text(await commands.handle(private(), "HELP", "me")).startswith("Commands\n")
