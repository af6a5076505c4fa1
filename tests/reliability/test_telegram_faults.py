"""The real bot (python-telegram-bot 22) fanning alerts out through a misbehaving fake
Telegram: 429 storms, 5xx bursts, time-outs, connection resets, users blocking the bot in
the middle of a fan-out, a group migrated to a supergroup.

Every deliverable alert arrives; nothing arrives twice except a message whose answer was
lost in flight (a time-out or reset *after* Telegram delivered it), at most one per such
fault.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
import pytest_asyncio

from bot.app import App
from bot.config import Settings
from bot.models import PollSuccess
from bot.pipeline import store_items
from fakes.builders import item, subscribe, tg
from fakes.telegram_api import FakeTelegram, telegram_html_to_text
from storage.store import Store
from tests.reliability.conftest import record
from tests.running_bot import started_bot, telegram_settings

V = "ceasefire_violation"
PLACES = ("Barda", "Ganja", "Tartar", "Goranboy", "Aghdam", "Fuzuli", "Shusha", "Lachin")


def settings_for(tg: FakeTelegram, tmp_path: Path, **changes: object) -> Settings:
    defaults = {"poll_seconds": 3600, "allow_private_urls": False}
    return telegram_settings(tg, tmp_path / "bot.db", **(defaults | changes))


@pytest_asyncio.fixture
async def bot(fake_telegram: FakeTelegram, tmp_path: Path) -> AsyncIterator[App]:
    async with started_bot(settings_for(fake_telegram, tmp_path), fake_telegram) as running:
        yield running


@dataclass
class FanOut:
    """Stories queued for a set of chats, as the pipeline would have queued them."""

    chats: list[int]
    titles: list[str]

    def expected(
        self, skip: set[int] = frozenset(), moved: dict[int, int] | None = None
    ) -> Counter[tuple[int, str]]:
        moved = moved or {}
        return Counter(
            (moved.get(c, c), t) for c in self.chats if c not in skip for t in self.titles
        )


async def fan_out(bot: App, chats: list[int], stories: int) -> FanOut:
    """Subscribe `chats` to violations and store `stories` distinct violation reports."""
    core = bot
    now = core.clock()
    later = now + timedelta(days=1)
    source = await core.store.write(Store.add_source, "https://wire.example/feed", "Wire", later)
    await core.store.write(
        Store.record_not_modified,
        source.id,
        PollSuccess(None, None, later),
        now - timedelta(hours=1),
    )
    for chat in chats:
        await subscribe(core.store, chat, "violations", now - timedelta(hours=1))
    titles = [
        f"Artillery report {n}: {PLACES[n % len(PLACES)]} sector code {n * 7919}"
        for n in range(stories)
    ]
    # Unrelated texts, so each is its own story (one alert per story and chat).
    items = [
        item(
            title,
            f"Dispatch {n}: {' '.join(f'w{n}k{k}' for k in range(12))}",
            labels=(V,),
            published=now - timedelta(minutes=stories - n),
        )
        for n, title in enumerate(titles)
    ]
    report = await core.store.write(
        store_items, source.id, items, PollSuccess(None, None, later), now
    )
    assert report.alerts == len(chats) * stories, report
    core.deliverer.wake()
    return FanOut(chats, titles)


def delivered(tg: FakeTelegram) -> Counter[tuple[int, str]]:
    """(chat, story title) of every alert Telegram accepted (a duplicate counts twice)."""
    found: Counter[tuple[int, str]] = Counter()
    for message in tg.sent:
        title = next(
            (
                line
                for line in message.visible_text.splitlines()
                if line.startswith("Artillery report")
            ),
            None,
        )
        if title is not None:
            found[(message.chat_id, title)] += 1
    return found


async def wait_delivered(
    tg: FakeTelegram, want: Counter[tuple[int, str]], timeout: float = 60.0
) -> Counter[tuple[int, str]]:
    await tg.wait_for(lambda: set(delivered(tg)) >= set(want), timeout, what=f"{len(want)} alerts")
    return delivered(tg)


async def settle(bot: App) -> dict[str, int]:
    """Until nothing is pending in the outbox (the worker recorded every outcome).

    The outcome count is taken *before* the outbox is read: an outcome recorded while the
    read runs then satisfies the wait at once instead of being waited for a second time.
    """
    core = bot
    while True:
        seen = core.deliverer.outcomes
        stats = await core.store.read(Store.stats)
        if not stats["queued"]:
            return stats
        await core.deliverer.wait_outcomes(seen + 1, 60)


def assert_exactly(
    got: Counter[tuple[int, str]], want: Counter[tuple[int, str]], duplicates_allowed: int
) -> int:
    assert set(got) == set(want), (set(want) - set(got), set(got) - set(want))
    extra = sum(n - 1 for n in got.values())
    assert extra <= duplicates_allowed, (extra, duplicates_allowed)
    return extra


# --- the faults, one kind at a time and all together ---------------------------------------


_SLOW = pytest.mark.slow  # the combined storm below covers these kinds in the default run


@pytest.mark.parametrize(
    ("kind", "times", "opts", "can_duplicate"),
    [
        ("429", 4, {"retry_after": 1}, False),
        pytest.param("500", 6, {}, False, marks=_SLOW),
        pytest.param("502", 4, {"html": True}, False, marks=_SLOW),
        pytest.param("503", 4, {}, False, marks=_SLOW),
        pytest.param("timeout", 3, {"seconds": 0.5}, False, marks=_SLOW),
        ("timeout", 3, {"seconds": 0.5, "deliver": True}, True),
        pytest.param("reset", 4, {}, False, marks=_SLOW),
        ("reset", 4, {"deliver": True}, True),
    ],
    ids=[
        "429-storm",
        "500-burst",
        "502-nginx",
        "503",
        "timeout",
        "timeout-after-delivery",
        "reset",
        "reset-after-delivery",
    ],
)
async def test_fault_kind(
    bot: App,
    fake_telegram: FakeTelegram,
    kind: str,
    times: int,
    opts: dict[str, object],
    can_duplicate: bool,
) -> None:
    fake_telegram.inject("sendMessage", kind, times, **opts)
    # Private chats only: a group may get 20 messages a minute, which would pace the test.
    fan = await fan_out(bot, [2001, 2002, 2003], stories=2)
    got = await wait_delivered(fake_telegram, fan.expected())
    stats = await settle(bot)
    extra = assert_exactly(delivered(fake_telegram), fan.expected(), times if can_duplicate else 0)
    assert stats["sent"] == 6 and stats["failed"] == 0 and stats["dropped"] == 0, stats
    assert got
    for message in fake_telegram.sent:
        assert message.parse_mode == "HTML"  # faults never downgrade an alert to plain text
        telegram_html_to_text(message.text)
    record(
        f"telegram fault '{kind}{'+deliver' if can_duplicate else ''}': injected, duplicates",
        (times, extra),
    )


async def test_everything_at_once_with_blocking_and_migration(
    bot: App, fake_telegram: FakeTelegram
) -> None:
    """A fan-out of 4 stories to 10 chats through a storm of every fault, while two users
    block the bot half-way and a group becomes a supergroup."""
    private = [3000 + n for n in range(8)]
    group, supergroup = -5001, -1005001
    blockers = {private[0], private[1]}
    faults = {"429": 5, "500": 4, "502": 2, "503": 3, "timeout": 3, "reset": 4}
    for kind, times in faults.items():
        opts: dict[str, object] = {"retry_after": 1} if kind == "429" else {}
        if kind == "timeout":
            opts["seconds"] = 0.5
        if kind == "502":
            opts["html"] = True  # nginx's HTML error page instead of JSON
        fake_telegram.inject("sendMessage", kind, times, **opts)
    # Faults whose message got through and only the answer was lost: these may duplicate.
    lost_answers = 3
    fake_telegram.inject("sendMessage", "reset", 2, deliver=True)
    fake_telegram.inject("sendMessage", "timeout", 1, deliver=True, seconds=0.5)
    fake_telegram.migrate(group, supergroup)
    fan = await fan_out(bot, [*private, group, -5002], stories=4)

    # Half-way through the blockers' alerts, they block the bot.
    for chat in blockers:
        await fake_telegram.wait_for(
            # distinct stories: a re-sent duplicate of the first must not count as the second
            lambda chat=chat: len({t for (c, t) in delivered(fake_telegram) if c == chat}) >= 2,
            60,
            what=f"2 alerts to {chat}",
        )
        fake_telegram.block(chat)
    want = fan.expected(skip=blockers, moved={group: supergroup})
    await wait_delivered(fake_telegram, want, timeout=90)
    stats = await settle(bot)

    got = delivered(fake_telegram)
    before_block = {k: v for k, v in got.items() if k[0] in blockers}
    rest = Counter({k: v for k, v in got.items() if k[0] not in blockers})
    extra = assert_exactly(rest, want, lost_answers)
    # Blockers got a prefix of their stories, then nothing more was tried.
    for chat in blockers:
        titles = [t for (c, t) in before_block if c == chat]
        assert 2 <= len(titles) < len(fan.titles), titles
        state = await bot.store.read(Store.chat, tg(chat))
        assert state is not None and state.active is False
    assert not [m for m in fake_telegram.sent if m.chat_id == group]
    assert stats["failed"] == 0 and stats["queued"] == 0, stats
    injected = sum(faults.values()) + lost_answers
    record(
        "telegram faults survived in the combined storm (injected, duplicates)", (injected, extra)
    )


async def test_a_long_429_pauses_everything_and_loses_nothing(
    bot: App, fake_telegram: FakeTelegram
) -> None:
    fake_telegram.inject("sendMessage", "429", 1, retry_after=2)
    fan = await fan_out(bot, [2101, 2102], stories=2)
    await wait_delivered(fake_telegram, fan.expected())
    calls = fake_telegram.calls_to("sendMessage")
    refused = next(c for c in calls if c.status == 429)
    after = [c for c in calls if c.at > refused.at]
    # Telegram asked for 2 s of silence: the limiter paused every send, not just one chat.
    assert after and min(c.at for c in after) - refused.at >= 1.9
    assert_exactly(delivered(fake_telegram), fan.expected(), 0)
