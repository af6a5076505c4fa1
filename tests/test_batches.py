"""Feeds' results written in batches: what waits for what, and how much is held."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from bot.batches import StoreQueue, batch_limits, write_now
from bot.models import StoreReport


@pytest.mark.parametrize(
    ("items", "coming", "waited", "expected"),
    [
        (50, 0, 0.0, True),  # nothing else on its way: at once
        (50, 3, 0.0, False),  # polls being parsed will join in a moment
        (50, 3, 1.9, False),
        (50, 3, 2.0, True),  # the oldest has waited long enough
        (2000, 3, 0.0, True),  # full
        (1, 40, 0.0, False),
    ],
)
def test_when_a_batch_is_written(items: int, coming: int, waited: float, expected: bool) -> None:
    assert write_now(items, coming, waited, max_items=2000, max_wait=2.0) is expected


@pytest.mark.parametrize(
    ("stored", "due", "expected"),
    [
        (0, 0, (2000, 2.0)),  # a new store: the usual batch
        (50_000, 0, (2000, 2.0)),
        (125_000, 0, (5000, 5.0)),  # a 25th of the store, and time to gather it
        (500_000, 0, (20_000, 20.0)),
        (5_000_000, 0, (20_000, 20.0)),  # never more than this held in memory
        (0, 1000, (2000, 2.0)),  # 1,000 feeds' first poll
        (0, 10_000, (20_000, 20.0)),  # 10,000 feeds' first poll: sized for where it ends
        (125_000, 2500, (10_000, 10.0)),
    ],
)
def test_batches_grow_with_the_store(stored: int, due: int, expected: tuple[int, float]) -> None:
    assert batch_limits(stored, due) == expected


class Writes:
    """A store that records each batch (entries are item counts) and may hold its writes."""

    def __init__(self) -> None:
        self.log: list[object] = []
        self.called = asyncio.Event()
        self.gate = asyncio.Event()
        self.gate.set()

    async def __call__(self, entries: Sequence[int]) -> list[StoreReport | Exception]:
        self.log.append(list(entries))
        self.called.set()
        await self.gate.wait()
        return [StoreReport(new_items=n) for n in entries]


async def test_a_batch_waits_for_the_polls_being_parsed() -> None:
    writes, parsing = Writes(), [1]
    looked = asyncio.Event()

    def coming() -> int:
        looked.set()
        return parsing[0]

    queue = StoreQueue(writes, lambda n: n, coming, max_items=100, max_wait=60)
    first = asyncio.create_task(queue.put(10))
    await looked.wait()  # the queue has seen one poll still being parsed, and waits for it
    assert writes.log == []
    parsing[0] = 0  # its parse is done: it is queued now
    second = await queue.put(20)
    assert writes.log == [[10, 20]]  # one write for both
    assert (await first).new_items == 10 and second.new_items == 20


async def test_with_nothing_being_parsed_a_poll_is_written_at_once() -> None:
    writes = Writes()
    queue = StoreQueue(writes, lambda n: n, lambda: 0, max_items=100, max_wait=60)
    assert (await queue.put(10)).new_items == 10
    assert writes.log == [[10]]


async def test_a_full_batch_does_not_wait() -> None:
    writes = Writes()
    queue = StoreQueue(writes, lambda n: n, lambda: 5, max_items=100, max_wait=60)
    reports = await asyncio.gather(queue.put(60), queue.put(40))
    assert writes.log == [[60, 40]] and [r.new_items for r in reports] == [60, 40]


async def test_batches_are_cut_at_the_size() -> None:
    writes = Writes()
    writes.gate.clear()
    queue = StoreQueue(writes, lambda n: n, lambda: 0, max_items=100, max_wait=60)
    first = asyncio.create_task(queue.put(30))
    await writes.called.wait()  # the first batch is being written; the next ones gather
    rest = [asyncio.create_task(queue.put(n)) for n in (60, 50, 30)]
    writes.gate.set()
    await asyncio.gather(first, *rest)
    assert writes.log == [[30], [60], [50, 30]]


async def test_producers_wait_for_room_while_the_next_batch_is_full() -> None:
    """What waits for the writer is bounded: a full next batch holds its producers back."""
    writes = Writes()
    writes.gate.clear()
    queue = StoreQueue(writes, lambda n: n, lambda: 0, max_items=10, max_wait=60)
    first = asyncio.create_task(queue.put(10))
    await writes.called.wait()  # written now, and held there
    second = asyncio.create_task(queue.put(10))  # the next batch: full
    started = asyncio.Event()

    async def third() -> StoreReport:
        started.set()
        await queue.room()
        writes.log.append("room")
        return await queue.put(5)

    last = asyncio.create_task(third())
    await started.wait()
    assert writes.log == [[10]]  # no room yet
    writes.gate.set()
    await asyncio.gather(first, second, last)
    assert writes.log == [[10], [10], "room", [5]]


async def test_a_failed_write_fails_each_poll_of_its_batch() -> None:
    async def broken(entries: Sequence[int]) -> list[StoreReport | Exception]:
        raise OSError("disk full")

    queue = StoreQueue(broken, lambda n: n, lambda: 0, max_items=100, max_wait=60)
    results = await asyncio.gather(queue.put(1), queue.put(2), return_exceptions=True)
    assert [type(r) for r in results] == [OSError, OSError]
