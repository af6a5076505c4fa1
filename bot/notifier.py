"""Queues notices: truce news for the chats that follow truces, and each chat's daily
digest when it is due. It decides nothing itself (`bot.truce_news`, `bot.digest` do) and
sends nothing: it writes notices, with what they record (the news told, the digest day),
in one transaction, and wakes the outbox worker.

    tick ─▶ truces (TruceBook) ─▶ untold news ─▶ notices for followers ─┐
         └▶ chats whose digest is due ─▶ the digest of their window ────┴▶ notices table
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta

from bot.charts import render_truce_chart
from bot.digest import DigestFacts, digest_due, digest_key, digest_message, digest_window, totals
from bot.i18n import ENGLISH, Tongue, tongue
from bot.message import Image, Message
from bot.notice import NoticeRow
from bot.preferences import ChatPrefs
from bot.truce_book import TruceBook
from bot.truce_news import (
    NEWS_FRESH,
    chart_end,
    during,
    news_key,
    news_message,
    reaches,
    still_news,
    untold,
    wants_chart,
)
from bot.truces import Truce, TruceAlert, truce_alerts
from storage.store import Store
from storage.threads import AsyncStore

log = logging.getLogger(__name__)
WindowKey = tuple[date, time, str, str]


async def chart_image(truce: Truce, now: datetime, zone: str, t: Tongue = ENGLISH) -> Image:
    """The truce's chart, drawn in a worker thread (matplotlib takes ~0.2 s)."""
    draw = functools.partial(
        render_truce_chart, truce, now=chart_end(truce, now), tz_name=zone, tongue=t
    )
    png = await asyncio.get_running_loop().run_in_executor(None, draw)
    return Image(png, f"truce-{truce.id}.png", chart_alt(truce, zone, t))


def chart_alt(truce: Truce, zone: str, t: Tongue) -> str:
    return t.gettext("Daily reports for {title} ({zone})", title=truce.title, zone=zone)


class Notifier:
    def __init__(
        self,
        store: AsyncStore,
        book: TruceBook,
        clock: Callable[[], datetime],
        *,
        wake: Callable[[], None] = lambda: None,
        max_age: timedelta | None = NEWS_FRESH,
    ) -> None:
        self.store, self.book, self.clock, self.wake = store, book, clock, wake
        self.max_age = max_age
        self._lock = asyncio.Lock()

    async def prime(self) -> bool:
        """On a database that never tracked truce news, take the truces there as history
        (told, not sent). Returns whether this was such a database."""
        truces = await self.book.current()
        keys = [news_key(a) for a in truce_alerts((), truces)]
        return await self.store.write(Store.prime_truce_marks, keys, self.clock())

    async def tick(self) -> int:
        """Queue what is due; returns how many notices were queued."""
        async with self._lock:
            truces = await self.book.current()
            queued = await self.truce_news(truces) + await self.digests(truces)
        if queued:
            self.wake()
        return queued

    # --- truce news -------------------------------------------------------------------------

    async def truce_news(self, truces: Sequence[Truce]) -> int:
        news = untold(truces, await self.store.read(Store.truce_marks))
        if not news:
            return 0
        now = self.clock()
        followers = await self.store.read(Store.truce_followers)
        made: dict[tuple[str, str, str], Message] = {}
        rows = [
            NoticeRow(chat.chat_id, news_key(alert), await self._told(alert, chat, now, made))
            for alert in news
            if still_news(alert, now, self.max_age)
            for chat in followers
            if reaches(alert, chat, now)
        ]
        marks = [news_key(a) for a in news]
        log.info("truce news: %s (%d notices)", ", ".join(marks), len(rows))
        return await self.store.write(Store.enqueue_notices, rows, now, marks=marks)

    async def _told(
        self,
        alert: TruceAlert,
        chat: ChatPrefs,
        now: datetime,
        made: dict[tuple[str, str, str], Message],
    ) -> Message:
        """One message (and chart) per piece of news, zone and language, shared by its
        chats."""
        t = tongue(chat.speaks)
        key = (news_key(alert), chat.zone, t.code)
        if key not in made:
            image = (
                await chart_image(alert.truce, now, chat.zone, t) if wants_chart(alert) else None
            )
            made[key] = news_message(alert, chat.zone, image, t)
        return made[key]

    # --- digests ----------------------------------------------------------------------------

    async def digests(self, truces: Sequence[Truce]) -> int:
        now = self.clock()
        chats = await self.store.read(Store.digest_chats)
        due = [(chat, day) for chat in chats if (day := digest_due(chat, now)) is not None]
        if not due:
            return 0
        made: dict[WindowKey, Message] = {}
        rows = [
            NoticeRow(chat.chat_id, digest_key(day), await self._digest(chat, day, truces, made))
            for chat, day in due
        ]
        days = {chat.chat_id: day for chat, day in due}
        return await self.store.write(Store.enqueue_notices, rows, now, digest_days=days)

    async def _digest(
        self, chat: ChatPrefs, day: date, truces: Sequence[Truce], made: dict[WindowKey, Message]
    ) -> Message:
        """One digest per window (day, time and zone) and language, shared by the chats that
        have it."""
        assert chat.digest_at is not None
        t = tongue(chat.speaks)
        key = (day, chat.digest_at, chat.zone, t.code)
        if key not in made:
            facts = await self.facts(day, chat.digest_at, chat.zone, truces)
            made[key] = digest_message(day, chat.digest_at, chat.zone, facts, t)
        return made[key]

    async def facts(self, day: date, at: time, zone: str, truces: Sequence[Truce]) -> DigestFacts:
        since, until = digest_window(day, at, zone)
        return await digest_facts(self.store, since, until, truces)


async def digest_facts(
    store: AsyncStore, since: datetime, until: datetime, truces: Sequence[Truce]
) -> DigestFacts:
    """What the window [since, until) held: totals, top stories, truces on during it."""
    points = await store.read(Store.chart_points, since, until)
    top = await store.read(Store.top_stories, since, until)
    return DigestFacts(totals(points), tuple(top), tuple(during(truces, since, until)))
