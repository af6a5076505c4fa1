"""Flood control pieces on their own: the per-user update queue and the rate limiter."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace

import pytest
from telegram import Chat, Message, Update, User
from telegram.error import RetryAfter

from handlers import pacing
from handlers.pacing import Pacer
from handlers.telegram.limits import FloodLimiter, PerUserUpdates


def update(user_id: int, n: int) -> Update:
    chat = Chat(user_id, "private")
    message = Message(n, None, chat, from_user=User(user_id, "u", False), text=f"/help {n}")
    return Update(n, message=message)


async def test_one_user_is_serialised_others_run_and_excess_is_dropped() -> None:
    dropped: list[int] = []
    queue = PerUserUpdates(
        max_concurrent=64, max_waiting=3, on_drop=lambda u: dropped.append(u.update_id)
    )
    gate = asyncio.Event()
    running: list[int] = []

    async def handler(n: int) -> None:
        running.append(n)
        await gate.wait()

    flood = [asyncio.create_task(queue.process_update(update(1, n), handler(n))) for n in range(6)]
    other = asyncio.create_task(queue.process_update(update(2, 99), handler(99)))
    await asyncio.sleep(0)  # let every task reach its lock (no timing involved)
    for _ in range(5):
        await asyncio.sleep(0)
    assert running == [0, 99]  # user 1 runs one at a time; user 2 is not held up
    assert dropped == [3, 4, 5] and queue.dropped == 3
    gate.set()
    await asyncio.gather(*flood, other)
    assert running == [0, 99, 1, 2]


async def test_closing_drops_the_backlog_but_finishes_the_running_one() -> None:
    queue = PerUserUpdates(max_concurrent=8, max_waiting=10)
    gate = asyncio.Event()
    done: list[int] = []

    async def handler(n: int) -> None:
        await gate.wait()
        done.append(n)

    tasks = [asyncio.create_task(queue.process_update(update(1, n), handler(n))) for n in range(4)]
    for _ in range(5):
        await asyncio.sleep(0)
    queue.closing = True
    gate.set()
    await asyncio.gather(*tasks)
    assert done == [0]


async def test_limiter_spaces_messages_per_chat() -> None:
    limiter = FloodLimiter(overall=30, private=1, group_per_minute=20)
    assert limiter.wait_for(5) == 0 and limiter.wait_for(-5) == 0
    await limiter.pacer.acquire(5)
    await limiter.pacer.acquire(-5)
    assert 0 < limiter.wait_for(5) <= 1.1
    assert limiter.wait_for(-5) > limiter.wait_for(5)  # groups get 20 a minute, not 60
    assert limiter.wait_for(6) == 0  # other chats are unaffected
    limiter.pacer.pause(2.0)
    assert 1.5 < limiter.wait_for(6) <= 2.0 and limiter.retry_afters == 1


class Clock:
    """time.monotonic for the pacer, moved on by its sleeps only."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []
        self.during_sleep: list[Callable[[], None]] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        if self.during_sleep:
            self.during_sleep.pop(0)()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(pacing, "time", SimpleNamespace(monotonic=fake.monotonic))
    monkeypatch.setattr(pacing, "asyncio", SimpleNamespace(sleep=fake.sleep))
    return fake


def test_a_pause_holds_every_chat_for_as_long_as_asked(
    clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    pacer = Pacer(30, lambda chat: 1.0, "Telegram")
    assert pacer.wait_for(5) == 0 and pacer.pauses == 0
    with caplog.at_level(logging.WARNING, logger="handlers.pacing"):
        pacer.pause(12.5)
    assert [pacer.wait_for(chat) for chat in (5, -5, 6)] == [12.5, 12.5, 12.5]
    assert pacer.pauses == 1
    assert caplog.messages == ["Telegram asked to slow down: pausing sends for 12.5 s"]
    clock.now += 10
    assert pacer.wait_for(5) == 2.5
    clock.now += 2.5
    assert pacer.wait_for(5) == 0


def test_a_shorter_pause_never_cuts_a_longer_one_short(clock: Clock) -> None:
    pacer = Pacer(30, lambda chat: 1.0, "Telegram")
    pacer.pause(10)
    pacer.pause(2)
    assert pacer.wait_for(1) == 10 and pacer.pauses == 2
    pacer.pause(30)
    assert pacer.wait_for(1) == 30 and pacer.pauses == 3


async def test_sending_waits_out_a_pause_even_one_extended_meanwhile(clock: Clock) -> None:
    pacer = Pacer(30, lambda chat: 1.0, "Telegram")
    await pacer.acquire(None)
    assert clock.slept == []  # no pause, no wait
    pacer.pause(3)
    clock.during_sleep.append(lambda: pacer.pause(5))  # a second 429 while waiting
    await pacer.acquire(7)
    assert clock.slept == [3, 5] and clock.now == 1008


async def test_a_429_pauses_the_limiter_then_the_call_is_retried(clock: Clock) -> None:
    limiter = FloodLimiter()
    calls: list[float] = []

    async def send() -> bool:
        calls.append(clock.now)
        if len(calls) == 1:
            raise RetryAfter(timedelta(seconds=4))
        return True

    data = {"chat_id": 5, "text": "x"}
    assert await limiter.process_request(send, (), {}, "sendMessage", data, None) is True
    assert calls == [1000, 1004] and limiter.retry_afters == 1
    assert limiter.wait_for(99) == 0  # the pause is over once it has been waited out


async def test_a_429_with_no_retries_left_is_raised_and_still_pauses(clock: Clock) -> None:
    limiter = FloodLimiter()

    async def send() -> bool:
        raise RetryAfter(timedelta(seconds=4))

    with pytest.raises(RetryAfter):
        await limiter.process_request(
            send, (), {}, "sendMessage", {"chat_id": 5}, {"max_retries": 0}
        )
    assert limiter.retry_afters == 1 and limiter.wait_for(-100) == 4
