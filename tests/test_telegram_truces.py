"""Truces, charts and notices on the real python-telegram-bot, against the fake Bot API:
pictures go as photos (the text as their caption when it fits 1,024 UTF-16 units, else
after them), and truce news reaches the chats that follow it."""

from __future__ import annotations

import struct
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest_asyncio

from bot.app import App
from bot.message import Image, message
from bot.models import PollSuccess
from bot.notice import NoticeRow
from bot.pipeline import store_items
from fakes.builders import item, tg
from fakes.telegram_api import FakeTelegram
from storage.store import Store
from tests.demo_db import TITLE, store_demo_async
from tests.running_bot import started_bot, telegram_settings
from tests.truces.test_tracker import AGREED, at

ALICE, BOB = 2002, 3003
D, V = "diplomatic_move", "ceasefire_violation"
PNG = b"\x89PNG\r\n\x1a\n"


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest_asyncio.fixture
async def clock() -> Clock:
    return Clock(AGREED - timedelta(hours=1))


@pytest_asyncio.fixture
async def running(fake_telegram: FakeTelegram, tmp_path: Path, clock: Clock) -> AsyncIterator[App]:
    settings = telegram_settings(fake_telegram, tmp_path / "bot.db", poll_seconds=3600)
    async with started_bot(settings, fake_telegram, clock=clock) as bot:
        yield bot


async def ask(tg_api: FakeTelegram, chat: int, text: str) -> list:
    before = len(tg_api.messages_to(chat))
    await tg_api.push_message(chat, text)
    return (await tg_api.wait_for_messages(before + 1, chat_id=chat))[before:]


async def truce_id(app: App) -> int:
    [truce] = await app.commands.truces.current()
    return truce.id


async def test_truce_detail_is_a_photo_with_its_text_as_caption(
    running: App, fake_telegram: FakeTelegram, clock: Clock
) -> None:
    clock.now = at(100)
    await store_demo_async(running.store)
    [listing] = await ask(fake_telegram, ALICE, "/truce")
    assert listing.photo is None and f"{TITLE} — violated: 14 violation reports" in (
        listing.visible_text
    )
    [detail] = await ask(fake_telegram, ALICE, f"/truce {await truce_id(running)}")
    assert detail.photo is not None and detail.photo.startswith(PNG)
    assert detail.parse_mode == "HTML" and detail.params["caption"].startswith(f"<b>{TITLE}")
    assert "first violation alleged 5 minutes after it took effect" in detail.visible_text
    assert fake_telegram.calls_to("sendPhoto")


async def test_timeline_chart_is_a_photo(
    running: App, fake_telegram: FakeTelegram, clock: Clock
) -> None:
    clock.now = at(100)
    await store_demo_async(running.store)
    [chart] = await ask(fake_telegram, ALICE, "/timeline chart 7d")
    assert chart.photo is not None and chart.photo.startswith(PNG)
    assert "Timeline: reports in the last 7d" in chart.visible_text


async def test_truce_news_reaches_followers_once(
    running: App, fake_telegram: FakeTelegram, clock: Clock
) -> None:
    [followed] = await ask(fake_telegram, ALICE, "/subscribe truces")
    assert "Following: truces" in followed.visible_text
    source = await running.store.write(Store.add_source, "http://127.0.0.1:9/w", "Wire", clock())
    later = PollSuccess(None, None, at(9999))
    await running.store.write(store_items, source.id, [], later, clock())
    news = [
        item("Armenia, Azerbaijan agree truce from noon on Saturday, Lavrov says",
             labels=(D,), published=AGREED),
        item("Armenia accuses Azerbaijan of <b>shelling</b> Stepanakert despite truce",
             labels=(V,), published=at(2)),
    ]  # fmt: skip
    clock.now = at(3)
    await running.store.write(store_items, source.id, news, later, clock())
    await running.notifier.tick()
    announced, first = (await fake_telegram.wait_for_messages(3, chat_id=ALICE))[1:]
    assert announced.photo is None and announced.visible_text.startswith("🕊 Truce announced")
    assert first.photo is not None and first.visible_text.startswith("⚠️ First violation")
    assert "of <b>shelling</b> Stepanakert" in first.visible_text  # escaped, shown as typed
    assert await running.notifier.tick() == 0
    assert fake_telegram.messages_to(BOB) == []


async def test_a_long_notice_sends_its_picture_then_its_text(
    running: App, fake_telegram: FakeTelegram, clock: Clock
) -> None:
    await ask(fake_telegram, BOB, "/start")  # the chat exists
    chat = await running.store.write(Store.ensure_chat, tg(BOB), "private", None, clock())
    lines = [f"Line {n}: shelling reported <near> the line of contact" for n in range(40)]
    header = PNG + b"\x00\x00\x00\rIHDR" + struct.pack(">II", 1100, 620) + bytes(9)
    picture = Image(header, "chart.png", "A chart")
    long = message(*lines, image=picture)
    await running.store.write(Store.enqueue_notices, [NoticeRow(chat, "test:long", long)], clock())
    running.deliverer.wake()
    photo, text = (await fake_telegram.wait_for_messages(3, chat_id=BOB))[1:]
    assert photo.photo is not None and photo.visible_text == "A chart"
    assert text.photo is None and "Line 39: shelling reported <near>" in text.visible_text
    await running.deliverer.wait_outcomes(1)
    [row] = await running.store.read(Store.notices_of, tg(BOB))
    assert row["status"] == "sent" and row["message_id"] == text.message_id
