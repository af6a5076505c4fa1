"""The daily digest: due once a local day at the chat's time, in its zone; sent late (once)
after downtime; never twice across restarts or a crash; and what it says."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from bot.app import App, build_app
from bot.config import Settings
from bot.delivery import Batch
from bot.digest import DigestFacts, Totals, digest_due, digest_message, digest_window, totals
from bot.message import plain_text
from bot.notice import Notice
from bot.preferences import ChatPrefs
from bot.truces import Point
from fakes.builders import tg
from handlers.telegram.render import to_html
from storage.store import Store
from tests.demo_db import store_demo_async
from tests.truces.builders import stored

MOSCOW, NEW_YORK, BERLIN = "Europe/Moscow", "America/New_York", "Europe/Berlin"
EIGHT = time(8, 0)
OCT11 = date(2020, 10, 11)


def utc(day: int, hour: int, minute: int = 0, month: int = 10) -> datetime:
    return datetime(2020, month, day, hour, minute, tzinfo=UTC)


def prefs(zone: str = "UTC", last: date | None = None, since: datetime | None = None) -> ChatPrefs:
    return ChatPrefs(1, tg(1), zone, EIGHT, since or utc(1, 0), last)


@pytest.mark.parametrize(
    ("chat", "now", "due"),
    [
        (prefs(), utc(11, 7, 59), date(2020, 10, 10)),  # yesterday's, never sent
        (prefs(last=date(2020, 10, 10)), utc(11, 7, 59), None),
        (prefs(last=date(2020, 10, 10)), utc(11, 8), OCT11),
        (prefs(last=OCT11), utc(11, 23), None),
        (prefs(last=date(2020, 10, 8)), utc(11, 12), OCT11),  # down for days: the latest only
        # Moscow is UTC+3: 08:00 there is 05:00 UTC
        (prefs(MOSCOW, last=date(2020, 10, 10)), utc(11, 4, 59), None),
        (prefs(MOSCOW, last=date(2020, 10, 10)), utc(11, 5), OCT11),
        # New York is UTC-4 in October: 08:00 there is 12:00 UTC
        (prefs(NEW_YORK, last=date(2020, 10, 10)), utc(11, 11, 59), None),
        (prefs(NEW_YORK, last=date(2020, 10, 10)), utc(11, 12), OCT11),
        # asked at 09:00 UTC: today's 08:00 had passed, the first is tomorrow's
        (prefs(since=utc(11, 9)), utc(11, 10), None),
        (prefs(since=utc(11, 9)), utc(12, 8), date(2020, 10, 12)),
        # moved from Moscow to New York after Moscow's digest of the 11th: not again that day
        (prefs(NEW_YORK, last=OCT11), utc(11, 23), None),
        (ChatPrefs(1, tg(1)), utc(11, 9), None),  # no digest asked
    ],
)
def test_when_a_digest_is_due(chat: ChatPrefs, now: datetime, due: date | None) -> None:
    assert digest_due(chat, now) == due


def test_the_window_is_a_local_day_even_across_a_clock_change() -> None:
    # Berlin left summer time at 03:00 on 25 October 2020: that day had 25 hours
    since, until = digest_window(date(2020, 10, 25), EIGHT, BERLIN)
    assert (since, until) == (utc(24, 6), utc(25, 7))
    assert digest_window(OCT11, EIGHT, MOSCOW) == (utc(10, 5), utc(11, 5))


def test_totals_count_stories_once_and_their_largest_figures() -> None:
    points = [
        Point(1, utc(10, 9), ("ceasefire_violation", "casualty_report"), 2, None),
        Point(1, utc(10, 10), ("ceasefire_violation", "casualty_report"), 5, 1),
        Point(2, utc(10, 11), ("diplomatic_move",), None, None),
    ]
    assert totals(points) == Totals(violations=1, diplomacy=1, casualties=1, killed=5, wounded=1)
    assert totals([]) == Totals()


def test_what_a_digest_says_escaped_by_the_renderer() -> None:
    story = stored(
        "Shelling <b>resumed</b> in Ganja & Terter", id=7, labels=("ceasefire_violation",)
    )
    facts = DigestFacts(Totals(3, 2, 1, 9, 34), ((story, 2),), ())
    digest = digest_message(OCT11, EIGHT, MOSCOW, facts)
    text = plain_text(digest)
    assert "Daily digest, Sun 11 Oct 2020" in text
    assert "The 24 hours to 08:00 (Europe/Moscow)" in text
    assert "3 violation reports · 🕊 2 diplomatic moves · 🩸 1 casualty reports" in text
    assert "Reported: 9 killed, 34 wounded" in text
    assert "No truce in force." in text
    assert "&lt;b&gt;resumed&lt;/b&gt; in Ganja &amp; Terter" in to_html(digest)


# --- scheduling in the running bot, with a clock the test moves ------------------------------


@dataclass
class Recorder:
    """A transport's Sender that records what it is given."""

    notices: list[tuple[int, str, str]] = field(default_factory=list)

    def wait_for(self, address: int) -> float:
        return 0.0

    async def send(self, batch: Batch) -> int | None:
        return 1

    async def send_notice(self, notice: Notice) -> int | None:
        self.notices.append((notice.chat.address, notice.key, plain_text(notice.message)))
        return len(self.notices)


class Quiet:
    """A transport with nothing to connect, named as Telegram so its chats are tg(...)."""

    name = "telegram"

    def __init__(self, sender: Recorder) -> None:
        self.sender = sender

    async def start(self) -> None: ...
    async def stop(self) -> None: ...
    async def open(self) -> None: ...
    async def close(self) -> None: ...


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@asynccontextmanager
async def bot(db: Path, clock: Callable[[], datetime], sender: Recorder) -> AsyncIterator[App]:
    """The composed bot, not started: the test runs its notice tick and delivery itself."""
    settings = Settings(db_path=db, parse_workers=0)
    app = await build_app(settings, clock=clock, make_transports=lambda *_: [Quiet(sender)])
    try:
        yield app
    finally:
        await app.close()


async def ask_digest(app: App, chat: int, zone: str, at: str) -> None:
    ref = tg(chat)
    await app.store.write(Store.ensure_chat, ref, "private", None, app.clock())
    await app.store.write(Store.set_zone, ref, zone)
    await app.store.write(Store.set_digest, ref, time.fromisoformat(at), app.clock())


async def run_tick(app: App) -> list[str]:
    """One notice tick and one delivery pass; the digest keys sent by this pass."""
    sender = app.deliverer.senders["telegram"]
    assert isinstance(sender, Recorder)
    before = len(sender.notices)
    await app.notifier.tick()
    await app.deliverer.deliver_due()
    return [f"{chat}:{key}" for chat, key, _ in sender.notices[before:]]


async def test_each_chat_at_its_own_eight_oclock(tmp_path: Path) -> None:
    clock, sender = Clock(utc(10, 20)), Recorder()
    async with bot(tmp_path / "d.db", clock, sender) as app:
        await ask_digest(app, 1, MOSCOW, "08:00")
        await ask_digest(app, 2, NEW_YORK, "08:00")
        assert await run_tick(app) == []
        clock.now = utc(11, 5, 1)  # 08:01 in Moscow, 01:01 in New York
        assert await run_tick(app) == ["1:digest:2020-10-11"]
        clock.now = utc(11, 12, 1)  # 08:01 in New York
        assert await run_tick(app) == ["2:digest:2020-10-11"]
        clock.now = utc(11, 23)
        assert await run_tick(app) == []
        clock.now = utc(12, 5, 1)
        assert await run_tick(app) == ["1:digest:2020-10-12"]


async def test_down_at_eight_sends_late_once_and_a_restart_sends_nothing_again(
    tmp_path: Path,
) -> None:
    clock, sender = Clock(utc(10, 20)), Recorder()
    async with bot(tmp_path / "d.db", clock, sender) as app:
        await ask_digest(app, 1, "UTC", "08:00")
    clock.now = utc(11, 11, 30)  # the bot was down from 20:00 to 11:30
    async with bot(tmp_path / "d.db", clock, sender) as app:
        assert await run_tick(app) == ["1:digest:2020-10-11"]
    clock.now = utc(11, 11, 45)
    async with bot(tmp_path / "d.db", clock, sender) as app:  # restarted the same day
        assert await run_tick(app) == []
    assert len(sender.notices) == 1


async def test_a_crash_between_queueing_and_sending_sends_it_once(tmp_path: Path) -> None:
    clock, sender = Clock(utc(10, 20)), Recorder()
    async with bot(tmp_path / "d.db", clock, sender) as app:
        await ask_digest(app, 1, "UTC", "08:00")
        clock.now = utc(11, 8, 5)
        assert await app.notifier.tick() == 1  # queued; the process dies before sending
    async with bot(tmp_path / "d.db", clock, sender) as app:
        assert await run_tick(app) == ["1:digest:2020-10-11"]
        assert await run_tick(app) == []
    assert [k for _, k, _ in sender.notices] == ["digest:2020-10-11"]


async def test_the_digest_holds_the_days_news_and_the_truce(tmp_path: Path) -> None:
    clock, sender = Clock(utc(10, 20)), Recorder()
    async with bot(tmp_path / "d.db", clock, sender) as app:
        await store_demo_async(app.store)
        await ask_digest(app, 1, "Asia/Baku", "09:00")
        clock.now = utc(11, 5, 30)  # 09:30 in Baku: the 24 hours from 05:00 UTC on the 10th
        await run_tick(app)
    [(chat, key, text)] = sender.notices
    assert (chat, key) == (1, "digest:2020-10-11")
    assert "The 24 hours to 09:00 (Asia/Baku)" in text
    assert "Nagorno-Karabakh humanitarian truce of 10 October 2020 — violated" in text
    assert "Top stories" in text and "Ganja" in text
