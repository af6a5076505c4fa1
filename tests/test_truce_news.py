"""Truce news: told once each (announced, first violation, collapsed or ended) to the
chats that follow truces, never for history, never twice across restarts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio

from bot.charts import render_truce_chart
from bot.match import PUBLISH_GRACE
from bot.message import plain_text, visible
from bot.models import ChatRef, PollSuccess
from bot.notifier import Notifier
from bot.pipeline import store_items
from bot.preferences import ChatPrefs
from bot.truce_book import TruceBook
from bot.truce_news import NEWS_FRESH, chart_end, news_key, reaches, still_news, truce_line, untold
from bot.truces import find_truces, truce_alerts
from fakes.builders import item, tg
from storage.store import Store
from storage.threads import AsyncStore
from tests.truces.test_tracker import AGREED, START, at, karabakh_truce, violation

D, V = "diplomatic_move", "ceasefire_violation"
FOLLOWER, OTHER, RUSSIAN = 11, 22, 33


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest_asyncio.fixture
async def store(tmp_path: Path) -> AsyncIterator[AsyncStore]:
    s = await AsyncStore.open(str(tmp_path / "n.db"))
    yield s
    await s.close()


ANNOUNCE = item("Armenia, Azerbaijan agree truce from noon on Saturday, Lavrov says",
                labels=(D,), published=AGREED)  # fmt: skip
BREACH = item("Armenia accuses Azerbaijan of shelling Stepanakert despite truce",
              labels=(V,), published=at(2))  # fmt: skip
BREACH2 = item("Azerbaijan says Armenia shelled Ganja despite the truce",
               labels=(V,), published=at(5))  # fmt: skip
COLLAPSE = item("Karabakh ceasefire collapses as fighting resumes", labels=(V,), published=at(60))


async def wire(store: AsyncStore) -> int:
    source = await store.write(Store.add_source, "https://wire.example/rss", "Wire", START)
    await store.write(store_items, source.id, [], PollSuccess(None, None, at(999)), START)
    return int(source.id)


async def publish(store: AsyncStore, source: int, *items: object) -> None:
    await store.write(store_items, source, list(items), PollSuccess(None, None, at(999)), START)


async def follower(store: AsyncStore, chat: int, since: datetime = AGREED) -> None:
    await store.write(Store.ensure_chat, tg(chat), "private", None, since)
    await store.write(Store.follow_truces, tg(chat), since - timedelta(hours=1))


def notifier(store: AsyncStore, clock: Clock) -> Notifier:
    return Notifier(store, TruceBook(store, clock), clock)


async def keys(store: AsyncStore, chat: int) -> list[str]:
    return [n["key"] for n in await store.read(Store.notices_of, tg(chat))]


# --- the pure decisions -----------------------------------------------------------------------


def test_news_keys_and_what_is_untold() -> None:
    truces = find_truces([karabakh_truce(), violation(2, 2)], at(72))
    everything = [news_key(a) for a in truce_alerts((), truces)]
    assert everything == ["truce:1:announced", "truce:1:first_violation"]
    assert [a.kind for a in untold(truces, {"truce:1:announced"})] == ["first_violation"]
    assert untold(truces, everything) == []


def test_collapsed_and_ended_are_one_piece_of_news() -> None:
    collapse = violation(9, 60, "Karabakh ceasefire collapses as fighting resumes")
    [truce] = find_truces([karabakh_truce(), collapse], at(72))
    assert truce.status == "collapsed"
    assert [news_key(a) for a in untold([truce], {"truce:1:announced"})] == ["truce:1:over"]


@pytest.mark.parametrize(
    ("now", "max_age", "told"),
    [
        (at(1), NEWS_FRESH, True),
        (AGREED + NEWS_FRESH + timedelta(minutes=1), NEWS_FRESH, False),
        (AGREED + timedelta(days=900), None, True),
    ],
)
def test_old_news_is_recorded_not_told(
    now: datetime, max_age: timedelta | None, told: bool
) -> None:
    [alert] = truce_alerts((), find_truces([karabakh_truce()], now))
    assert still_news(alert, now, max_age) is told


@pytest.mark.parametrize(
    ("since", "muted", "reached"),
    [
        (AGREED - timedelta(days=1), None, True),
        (AGREED + PUBLISH_GRACE / 2, None, True),
        (AGREED + timedelta(hours=1), None, False),
        (AGREED - timedelta(days=1), at(10), False),
        (None, None, False),
    ],
)
def test_who_hears_it(since: datetime | None, muted: datetime | None, reached: bool) -> None:
    [alert] = truce_alerts((), find_truces([karabakh_truce()], at(1)))
    prefs = ChatPrefs(1, tg(1), truces_since=since, muted_until=muted)
    assert reaches(alert, prefs, at(1)) is reached


def test_a_chart_ends_a_day_after_the_last_news() -> None:
    later = at(24 * 400)  # the news stopped long ago: no year of empty days
    [truce] = find_truces([karabakh_truce(), violation(2, 2)], later)
    assert chart_end(truce, later) == at(2) + timedelta(days=1)
    assert chart_end(truce, at(3)) == at(3)
    png = render_truce_chart(truce, now=chart_end(truce, later))
    assert png != render_truce_chart(truce, now=later)  # the latter is the "no reports" one


def test_the_one_line_summary() -> None:
    items = [karabakh_truce(), violation(2, 2.25, "Armenia says Azerbaijan attacked at 12:05 "
                                                     "local time, despite the truce")]  # fmt: skip
    [truce] = find_truces(items, at(48))
    text = visible(truce_line(truce))
    assert text.endswith(
        "violated: 1 violation report, 0 killed and 0 wounded reported; "
        "first violation 5 minutes after it took effect"
    )


# --- told through the notices table -----------------------------------------------------------


async def test_each_piece_of_news_once(store: AsyncStore) -> None:
    clock = Clock(at(-7))
    source = await wire(store)
    await follower(store, FOLLOWER)
    await store.write(Store.ensure_chat, tg(OTHER), "private", None, AGREED)  # follows nothing
    news = notifier(store, clock)
    assert await news.prime() is True
    await publish(store, source, ANNOUNCE)
    assert await news.tick() == 1
    assert await news.tick() == 0
    clock.now = at(3)
    await publish(store, source, BREACH)
    assert await news.tick() == 1
    clock.now = at(6)
    await publish(store, source, BREACH2)  # a second violation is no news
    assert await news.tick() == 0
    clock.now = at(61)
    await publish(store, source, COLLAPSE)
    assert await news.tick() == 1
    told = ["announced", "first_violation", "over"]
    assert [k.split(":")[-1] for k in await keys(store, FOLLOWER)] == told
    assert await keys(store, OTHER) == []


async def test_the_notice_reads_the_news(store: AsyncStore) -> None:
    clock = Clock(at(3))
    source = await wire(store)
    await follower(store, FOLLOWER)
    await notifier(store, clock).prime()
    await publish(store, source, ANNOUNCE, BREACH)
    assert await notifier(store, clock).tick() == 2
    due = await store.read(Store.due_notices, at(3), 10)
    assert due[0].message.image is None  # the announcement: text only
    first = plain_text(due[0].message)
    assert first.startswith("🕊 Truce announced") and "agree truce from noon" in first


async def test_each_language_gets_its_own_chart_and_a_language_shares_one(
    store: AsyncStore,
) -> None:
    clock = Clock(at(3))
    source = await wire(store)
    for chat in (FOLLOWER, OTHER, RUSSIAN):
        await follower(store, chat)
    await store.write(Store.set_language, tg(RUSSIAN), "ru")
    await notifier(store, clock).prime()
    await publish(store, source, ANNOUNCE, BREACH)
    assert await notifier(store, clock).tick() == 6
    for told in await store.read(Store.due_notices, at(3), 10):  # the announcements
        await store.write(Store.mark_notice_sent, told.notice_id, None, at(3))
    due = await store.read(Store.due_notices, at(3), 10)
    charts = {n.chat: n.message.image for n in due if n.message.image is not None}
    english, other, russian = (charts[tg(c)] for c in (FOLLOWER, OTHER, RUSSIAN))
    assert english.png == other.png
    assert russian.png != english.png
    assert russian.alt.startswith("Сообщения по дням")


async def test_history_is_not_news_and_a_restart_tells_nothing_twice(store: AsyncStore) -> None:
    clock = Clock(at(3))
    source = await wire(store)
    await follower(store, FOLLOWER)
    await publish(store, source, ANNOUNCE, BREACH)  # before truce news was ever tracked
    assert await notifier(store, clock).prime() is True
    assert await notifier(store, clock).tick() == 0
    clock.now = at(61)
    await publish(store, source, COLLAPSE)
    assert await notifier(store, clock).prime() is False  # a restart: already primed
    assert await notifier(store, clock).tick() == 1
    assert await notifier(store, clock).tick() == 0  # and another restart
    assert [k.split(":")[-1] for k in await keys(store, FOLLOWER)] == ["over"]


async def test_news_while_the_bot_was_down_is_told_late_once(store: AsyncStore) -> None:
    clock = Clock(at(-7))
    source = await wire(store)
    await follower(store, FOLLOWER)
    await notifier(store, clock).prime()
    await publish(store, source, ANNOUNCE, BREACH)  # stored, then the bot stopped
    clock.now = at(20)
    assert await notifier(store, clock).tick() == 2
    due = await store.read(Store.due_notices, clock.now, 10)
    assert due[0].chat == ChatRef("telegram", FOLLOWER)
    assert due[0].message.image is None
