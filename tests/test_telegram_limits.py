"""Flood control pieces on their own: the per-user update queue and the rate limiter."""

from __future__ import annotations

import asyncio

from telegram import Chat, Message, Update, User

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
