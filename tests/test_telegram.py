"""The whole bot on the real python-telegram-bot, against the fake Bot API on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
import pytest_asyncio

from bot.app import App, build_app
from bot.config import Settings
from bot.models import PollSuccess
from bot.pipeline import store_items
from fakes import builders
from fakes.builders import T0, item
from fakes.feed_site import FeedEntry, FeedSite
from fakes.telegram_api import FakeTelegram, telegram_html_to_text
from handlers.catalog import COMMANDS
from storage.store import Store
from tests.running_bot import started_bot, telegram_settings

ADMIN, ALICE, BOB, GROUP = 1001, 2002, 3003, -4004
V = "ceasefire_violation"


def settings_for(tg: FakeTelegram, tmp_path: Path, **changes: object) -> Settings:
    defaults = {"admins": frozenset({ADMIN}), "poll_seconds": 2, "allow_private_urls": True}
    return telegram_settings(tg, tmp_path / "bot.db", **(defaults | changes))


@pytest_asyncio.fixture
async def running(fake_telegram: FakeTelegram, tmp_path: Path) -> AsyncIterator[App]:
    async with started_bot(settings_for(fake_telegram, tmp_path), fake_telegram) as bot:
        yield bot


async def ask(tg: FakeTelegram, chat: int, text: str, **kw: object) -> str:
    before = len(tg.messages_to(chat))
    await tg.push_message(chat, text, **kw)
    messages = await tg.wait_for_messages(before + 1, chat_id=chat)
    reply = messages[-1]
    telegram_html_to_text(reply.text) if reply.parse_mode == "HTML" else None
    return reply.visible_text


async def queue_alert(
    bot: App, chats: list[int], title: str = "Truce broken", *, subscribe: bool = True
) -> None:
    """Put an alert for `chats` into the outbox, as the pipeline would."""
    core = bot
    # A source that is never due (and would only reach a closed local port if it were).
    later = core.clock() + timedelta(days=1)
    source = await core.store.write(
        Store.add_source, f"http://127.0.0.1:9/{len(title)}", "Wire", later
    )
    await core.store.write(Store.record_not_modified, source.id, PollSuccess(None, None, later), T0)
    for chat in chats if subscribe else ():
        await builders.subscribe(core.store, chat, "violations", T0)
    now = core.clock()
    await core.store.write(
        store_items,
        source.id,
        [
            item(
                title,
                "Shelling <b>resumed</b> & more",
                labels=(V,),
                published=now,
                url="https://wire.example/a?b=1&c=2",
            )
        ],
        PollSuccess(None, None, later),
        now,
    )
    core.deliverer.wake()


async def test_menu_is_registered(running: App, fake_telegram: FakeTelegram) -> None:
    public = [c["command"] for c in fake_telegram.commands()]
    assert public == [c.name for c in COMMANDS if not c.admin]
    admin = fake_telegram.commands(scope={"type": "chat", "chat_id": ADMIN})
    assert "addsource" in [c["command"] for c in admin]


async def test_start_buttons_follow_a_category(running: App, fake_telegram: FakeTelegram) -> None:
    await fake_telegram.push_message(ALICE, "/start")
    [welcome] = await fake_telegram.wait_for_messages(1, chat_id=ALICE)
    buttons = [b["callback_data"] for row in welcome.reply_markup["inline_keyboard"] for b in row]
    assert buttons == ["follow:violations", "follow:diplomacy", "follow:casualties"]
    await fake_telegram.push_callback_query(ALICE, ALICE, welcome.message_id, "follow:violations")
    [_, followed] = await fake_telegram.wait_for_messages(2, chat_id=ALICE)
    assert "Following: violations" in followed.visible_text
    assert fake_telegram.callback_answers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/help", "/timeline"),
        ("/subscribe casualties Stepanakert", "Following: casualties stepanakert"),
        ("/subscribe", "Usage: /subscribe"),
        ('/subscribe "unclosed', "Following"),
        ("/unsubscribe all", "follows nothing"),
        ("/subscriptions", "follows nothing yet"),
        ("/timeline 7d", "Nothing reports"),
        ("/timeline 99999d", "too long a period"),
        ("/sources", "No news feeds"),
        ("/search Ganja", "No stored report mentions Ganja"),
        ("/search", "Usage: /search"),
        ("/mute 1h", "Alerts paused until"),
        ("/mute later", "could not read"),
        ("/unmute", "Alerts resumed"),
        ("/stats", "administrators only"),
        ("/addsource https://example.org/rss", "administrators only"),
        ("/removesource 1", "administrators only"),
        ("/nonsense", "I don't know /nonsense"),
        ("/subscribe@TruceWatchBot violations", "Following: violations"),
        ("/subscribe " + "Ganja " * 100, "too long"),
    ],
)
async def test_every_command_answers(
    running: App, fake_telegram: FakeTelegram, text: str, expected: str
) -> None:
    assert expected in await ask(fake_telegram, ALICE, text)


async def test_admin_commands(
    running: App, fake_telegram: FakeTelegram, feed_site: FeedSite
) -> None:
    url = feed_site.url("/good/rss")
    assert "Added feed #1" in await ask(fake_telegram, ADMIN, f"/addsource {url} Good")
    stats = await ask(fake_telegram, ADMIN, "/stats")
    assert "Feeds: 1" in stats
    assert "Removed feed #1" in await ask(fake_telegram, ADMIN, "/removesource 1")


async def test_only_group_admins_change_what_a_group_follows(
    running: App, fake_telegram: FakeTelegram
) -> None:
    fake_telegram.add_chat(GROUP, "supergroup", title="Analysts")
    fake_telegram.set_admins(GROUP, [BOB])
    refused = await ask(fake_telegram, GROUP, "/subscribe violations", user_id=ALICE)
    assert "Only this group's administrators" in refused
    allowed = await ask(fake_telegram, GROUP, "/subscribe violations", user_id=BOB)
    assert "Following: violations" in allowed
    reading = await ask(fake_telegram, GROUP, "/subscriptions", user_id=ALICE)
    assert "1. violations" in reading
    assert fake_telegram.calls_to("getChatMember")


async def test_a_group_member_who_is_no_admin_cannot_follow_by_button(
    running: App, fake_telegram: FakeTelegram
) -> None:
    fake_telegram.add_chat(GROUP, "supergroup", title="Analysts")
    fake_telegram.set_admins(GROUP, [BOB])
    # the /start message's follow button, pressed by a member who is not an administrator
    await fake_telegram.push_callback_query(GROUP, ALICE, 1, "follow:violations")
    [refused] = await fake_telegram.wait_for_messages(1, chat_id=GROUP)
    assert refused.visible_text == "Only this group's administrators can change what it follows."
    assert await running.store.read(Store.subscriptions, builders.tg(GROUP)) == []
    asked = [c.params for c in fake_telegram.calls_to("getChatMember")]
    assert [(int(p["chat_id"]), int(p["user_id"])) for p in asked] == [(GROUP, ALICE)]
    # the same button pressed by an administrator follows
    await fake_telegram.push_callback_query(GROUP, BOB, 1, "follow:violations")
    [_, followed] = await fake_telegram.wait_for_messages(2, chat_id=GROUP)
    assert followed.visible_text.startswith("Following: violations")
    subs = await running.store.read(Store.subscriptions, builders.tg(GROUP))
    assert [s.categories for s in subs] == [(V,)]
    assert len(fake_telegram.callback_answers) == 2  # each press is answered


async def test_round_trip_from_feed_to_chat(
    running: App, fake_telegram: FakeTelegram, feed_site: FeedSite
) -> None:
    feed_site.add_feed(
        "/karabakh",
        "rss",
        items=[
            FeedEntry(
                guid="old-1",
                title="Talks in Moscow continue",
                summary="Ministers met.",
                link="https://news.example/1",
                published=None,
            )
        ],
    )
    await ask(fake_telegram, ADMIN, f"/addsource {feed_site.url('/karabakh')} Karabakh wire")
    await ask(fake_telegram, ALICE, "/subscribe Ganja")
    await feed_site.wait_for_requests("/karabakh", 1, timeout=10)  # the first poll: stored quietly
    feed_site.add_item(
        "/karabakh",
        FeedEntry(
            guid="new-1",
            title="Rockets hit <Ganja> hours after the truce took effect",
            summary="<script>alert(1)</script>Officials said <b>two</b> people were killed.",
            link="https://news.example/2?x=1&y=2",
        ),
    )
    messages = await fake_telegram.wait_for_messages(2, chat_id=ALICE, timeout=15)
    alert = messages[-1]
    assert alert.parse_mode == "HTML"
    visible = telegram_html_to_text(alert.text)
    assert "Rockets hit <Ganja>" in visible and "Karabakh wire" in visible
    assert "<script>" not in alert.text and "two people were killed" in visible
    assert "ganja" in visible.lower() and alert.link_preview_disabled
    assert len(fake_telegram.messages_to(ALICE)) == 2  # the reply and one alert, nothing else


async def test_blocked_user_is_not_retried(running: App, fake_telegram: FakeTelegram) -> None:
    fake_telegram.block(ALICE)
    await queue_alert(running, [ALICE, BOB])
    await running.deliverer.wait_outcomes(2)
    stats = await running.store.read(Store.stats)
    assert stats["dropped"] == 1 and stats["queued"] == 0
    await queue_alert(running, [ALICE, BOB], "Second breach", subscribe=False)
    await running.deliverer.wait_outcomes(3)
    attempts = [c for c in fake_telegram.calls_to("sendMessage") if c.params["chat_id"] == ALICE]
    assert len(attempts) == 1


async def test_migrated_group_gets_the_alert_at_its_new_id(
    running: App, fake_telegram: FakeTelegram
) -> None:
    fake_telegram.migrate(GROUP, GROUP * 1000)
    await queue_alert(running, [GROUP])
    [alert] = await fake_telegram.wait_for_messages(1, chat_id=GROUP * 1000)
    assert "Truce broken" in alert.visible_text
    assert await running.store.read(Store.subscriptions, builders.tg(GROUP * 1000))


async def test_unparseable_markup_is_resent_as_plain_text(
    running: App, fake_telegram: FakeTelegram
) -> None:
    fake_telegram.inject(
        "sendMessage",
        "400",
        description="Bad Request: can't parse entities: unsupported start tag at byte offset 3",
        chat_id=ALICE,
    )
    await queue_alert(running, [ALICE])
    [alert] = await fake_telegram.wait_for_messages(1, chat_id=ALICE)
    assert alert.parse_mode is None and "Truce broken" in alert.text


@pytest.mark.parametrize(
    ("kind", "opts"),
    [("429", {"retry_after": 1}), ("500", {}), ("reset", {}), ("timeout", {"seconds": 3})],
)
async def test_transient_failures_are_retried(
    running: App, fake_telegram: FakeTelegram, kind: str, opts: dict
) -> None:
    fake_telegram.inject("sendMessage", kind, chat_id=ALICE, **opts)
    await queue_alert(running, [ALICE])
    [alert] = await fake_telegram.wait_for_messages(1, chat_id=ALICE, timeout=15)
    assert "Truce broken" in alert.visible_text
    await running.deliverer.wait_outcomes(2, within=15)
    stats = await running.store.read(Store.stats)
    assert stats["sent"] == 1 and stats["queued"] == 0


async def test_a_reply_survives_a_429(running: App, fake_telegram: FakeTelegram) -> None:
    fake_telegram.inject("sendMessage", "429", retry_after=1, chat_id=ALICE)
    assert "/timeline" in await ask(fake_telegram, ALICE, "/help")


async def test_a_flooding_user_does_not_slow_anyone_else(
    running: App, fake_telegram: FakeTelegram
) -> None:
    for n in range(12):
        await fake_telegram.push_message(ALICE, f"/search flood{n}")
    await fake_telegram.push_message(BOB, "/help")
    [reply] = await fake_telegram.wait_for_messages(1, chat_id=BOB)
    flood_replies_before_bob = [
        m for m in fake_telegram.messages_to(ALICE) if m.received_at <= reply.received_at
    ]
    assert len(flood_replies_before_bob) <= 3  # Alice's backlog is paced at 1 a second
    assert fake_telegram.rate_limited_count == 0


async def test_restart_loses_nothing_and_resends_nothing(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    first = await build_app(settings_for(fake_telegram, tmp_path))
    await queue_alert(first, [ALICE, BOB])  # queued, but the worker never started
    await first.stop()
    assert fake_telegram.sent == []
    second = await build_app(settings_for(fake_telegram, tmp_path))
    second.start()
    try:
        await fake_telegram.wait_for_messages(2)
    finally:
        await second.stop()
    third = await build_app(settings_for(fake_telegram, tmp_path))
    third.start()
    try:
        await third.wait_started()
        await third.deliverer.deliver_due()
    finally:
        await third.stop()
    assert sorted(m.chat_id for m in fake_telegram.sent) == [ALICE, BOB]
    assert not fake_telegram.duplicates()


async def test_alert_fits_telegram_limits_with_huge_feed_text(
    running: App, fake_telegram: FakeTelegram
) -> None:
    await queue_alert(running, [ALICE], "Truce broken " + "&<>\"' " * 2000)
    [alert] = await fake_telegram.wait_for_messages(1, chat_id=ALICE)
    assert len(telegram_html_to_text(alert.text)) <= 4096
    assert alert.parse_mode == "HTML"
    _ = timedelta


# --- channels: one post reaches every reader ------------------------------------------------

CHANNEL = -1009001


async def test_a_channels_administrator_subscribes_it_from_a_private_chat(
    running: App, fake_telegram: FakeTelegram
) -> None:
    fake_telegram.add_chat(CHANNEL, "channel", title="Karabakh alerts", username="karabakh_alerts")
    fake_telegram.set_admins(CHANNEL, [ALICE])
    refused = await ask(fake_telegram, ALICE, "/subscribe @karabakh_alerts violations")
    assert "Make me an administrator of @karabakh_alerts" in refused
    fake_telegram.set_admins(CHANNEL, [ALICE, fake_telegram.bot_id])
    not_theirs = await ask(fake_telegram, BOB, "/subscribe @karabakh_alerts violations")
    assert "Only @karabakh_alerts's administrators" in not_theirs
    unknown = await ask(fake_telegram, ALICE, "/subscribe @nobody_here violations")
    assert "I cannot see @nobody_here" in unknown
    done = await ask(fake_telegram, ALICE, "/subscribe @karabakh_alerts violations")
    assert "Following: violations" in done
    listing = await ask(fake_telegram, ALICE, "/subscriptions @karabakh_alerts")
    assert "1. violations" in listing
    assert "follows nothing yet" in await ask(fake_telegram, ALICE, "/subscriptions")
    await queue_alert(running, [], subscribe=False)
    [post] = await fake_telegram.wait_for_messages(1, chat_id=CHANNEL)
    assert "Truce broken" in post.visible_text


async def test_paid_broadcasts_are_asked_for_when_the_owner_pays(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    settings = settings_for(fake_telegram, tmp_path, paid_broadcast=True)
    async with started_bot(settings, fake_telegram) as bot:
        await queue_alert(bot, [ALICE])
        [alert] = await fake_telegram.wait_for_messages(1, chat_id=ALICE)
    assert alert.allow_paid_broadcast
