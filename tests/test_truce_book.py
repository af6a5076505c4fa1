"""The truces of a database: read in two steps, kept in memory, caught up incrementally;
always the truces `find_truces` gives over every stored item."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.models import PollSuccess
from bot.pipeline import store_items
from bot.truce_book import (
    Life,
    TruceBook,
    covers,
    lives_of,
    next_change,
    next_mark,
    stored_truces,
    ties,
    uncovered,
)
from bot.truces import Truce, find_truces
from fakes.builders import item
from storage.store import Store
from storage.threads import AsyncStore
from storage.truce_facts import ItemsMark
from tests.demo_db import store_demo_async
from tests.truces.builders import stored
from tests.truces.test_tracker import karabakh_truce

D, V = "diplomatic_move", "ceasefire_violation"
NOW = datetime(2020, 10, 14, tzinfo=UTC)
T = datetime(2020, 10, 10, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest_asyncio.fixture
async def store(tmp_path: Path) -> AsyncIterator[AsyncStore]:
    s = await AsyncStore.open(str(tmp_path / "t.db"))
    yield s
    await s.close()


def as_json(truces: list[Truce]) -> list[dict[str, Any]]:
    return [t.to_json() for t in truces]


async def every_item(store: AsyncStore) -> list[Any]:
    return await store.read(Store.fetched_since, datetime(1970, 1, 1, tzinfo=UTC), 100_000)


async def add(store: AsyncStore, url: str, *items: Any) -> int:
    source = await store.write(Store.add_source, url, url, NOW)
    later = PollSuccess(None, None, NOW + timedelta(days=999))
    await store.write(store_items, source.id, [], later, NOW)  # past its first poll
    await store.write(store_items, source.id, list(items), later, NOW)
    return source.id


def life(since: int, until: int | None, conflict: str = "karabakh") -> Life:
    return Life(conflict, T + timedelta(since), None if until is None else T + timedelta(until))


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        (life(0, None), life(1, None), True),
        (life(0, None), life(0, 1), True),
        (life(0, 1), life(0, None), False),
        (life(0, 1), life(0, 2), False),
        (life(1, None), life(0, 2), False),
        (life(0, None), life(1, 2, "gaza"), False),
    ],
)
def test_covers(outer: Life, inner: Life, expected: bool) -> None:
    assert covers(outer, inner) is expected
    assert (uncovered([inner], [outer]) == []) is expected


def test_lives_of_a_conflict_merge_when_they_overlap() -> None:
    again = stored(
        "Armenia and Azerbaijan agree new truce from midnight on 18 October",
        id=3,
        published=datetime(2020, 10, 17, 8, tzinfo=UTC),
        labels=(D,),
    )
    first, second = find_truces([karabakh_truce(1), again], NOW + timedelta(days=9))
    assert first.ends_at == second.starts_at  # superseded by the second
    assert lives_of([first, second]) == [Life("karabakh", first.announced_at, None)]
    assert lives_of([first]) == [Life("karabakh", first.announced_at, first.ends_at)]


def test_only_items_naming_the_conflict_are_tied() -> None:
    lives = [life(0, None)]
    named = stored("Shelling reported in Ganja", published=T + timedelta(hours=5), labels=(V,))
    other = stored("Shelling reported in Kharkiv", published=T + timedelta(hours=5), labels=(V,))
    early = stored("Shelling reported in Ganja", published=T - timedelta(hours=5), labels=(V,))
    unlabelled = stored("Weather in Ganja", published=T + timedelta(hours=5), labels=())
    assert [ties(i, lives) for i in (named, other, early, unlabelled)] == [
        True,
        False,
        False,
        False,
    ]


def test_next_change_is_the_next_start_or_end() -> None:
    gaza = stored(
        "Israel and Hamas agree four-day truce starting Friday at 7am local time",
        published=datetime(2023, 11, 22, 7, tzinfo=UTC),
        labels=(D,),
    )
    [truce] = find_truces([gaza], datetime(2023, 11, 23, tzinfo=UTC))
    assert next_change([truce], datetime(2023, 11, 23, tzinfo=UTC)) == truce.starts_at
    assert next_change([truce], truce.starts_at) == truce.ends_at
    assert next_change([truce], datetime(2024, 1, 1, tzinfo=UTC)) is None


async def test_the_book_finds_what_every_item_gives(store: AsyncStore) -> None:
    await store_demo_async(store)
    filler = [
        item(f"Talks on Libya resume in Geneva, day {n}", labels=(D,), published=T + timedelta(n))
        for n in range(5)
    ]
    await add(store, "https://filler.example/rss", *filler)
    book = TruceBook(store, Clock(NOW))
    expected = find_truces(await every_item(store), NOW)
    assert [t.violations for t in expected] == [14]
    assert as_json(await book.current()) == as_json(expected)
    assert as_json(await store.read(stored_truces, NOW)) == as_json(expected)


async def test_nothing_new_means_no_computation(store: AsyncStore) -> None:
    await store_demo_async(store)
    book = TruceBook(store, Clock(NOW))
    first = await book.current()
    again = await book.current()
    assert again is first and book.computations == 1


async def test_new_items_are_read_incrementally(store: AsyncStore) -> None:
    await store_demo_async(store)
    book = TruceBook(store, Clock(NOW))
    [before] = await book.current()
    await add(
        store,
        "https://late.example/rss",
        item(
            "Azerbaijan says Armenia shelled Ganja despite truce",
            "Shelling overnight in Ganja.",
            labels=(V,),
            published=datetime(2020, 10, 13, 20, tzinfo=UTC),
        ),
    )
    [after] = await book.current()
    assert after.violations == before.violations + 1 and book.computations == 2
    assert as_json([after]) == as_json(find_truces(await every_item(store), NOW))


async def test_a_removed_source_takes_its_truce_away(store: AsyncStore) -> None:
    await store_demo_async(store)
    book = TruceBook(store, Clock(NOW))
    assert len(await book.current()) == 1
    for source in await store.read(Store.list_sources):
        await store.write(Store.remove_source, source.id)
    assert await book.current() == []


async def test_a_scheduled_end_is_seen_without_news(store: AsyncStore) -> None:
    clock = Clock(datetime(2023, 11, 23, tzinfo=UTC))
    await add(
        store,
        "https://gaza.example/rss",
        item(
            "Israel and Hamas agree four-day truce starting Friday at 7am local time",
            labels=(D,),
            published=datetime(2023, 11, 22, 7, tzinfo=UTC),
        ),
    )
    book = TruceBook(store, clock)
    assert [t.status for t in await book.current()] == ["announced"]
    clock.now = datetime(2023, 11, 29, tzinfo=UTC)
    assert [t.status for t in await book.current()] == ["ended"]
    assert book.computations == 2


async def test_read_a_few_items_at_a_time_the_book_finds_the_same(store: AsyncStore) -> None:
    await store_demo_async(store)
    book = TruceBook(store, Clock(NOW), chunk=3)
    expected = find_truces(await every_item(store), NOW)
    assert as_json(await book.current()) == as_json(expected)


async def test_truce_words_that_announce_nothing_are_not_kept(store: AsyncStore) -> None:
    await store_demo_async(store)
    book = TruceBook(store, Clock(NOW))
    await book.current()
    held = book.held
    talk = [
        item(f"Analysts ask whether a truce in Libya could ever last ({n})", published=T)
        for n in range(40)
    ]
    await add(store, "https://analysis.example/rss", *talk)
    await book.current()
    assert book.held == held and book.computations == 1
    assert sum(held) < len(await every_item(store)) - len(talk)


def test_a_delete_during_a_chunked_read_makes_the_next_look_start_again() -> None:
    first, last = ItemsMark(max_id=10, deleted=0), ItemsMark(max_id=30, deleted=1)
    assert next_mark(first, last) == ItemsMark(max_id=30, deleted=0)


async def test_truce_events_are_read_off_the_event_loop(
    store: AsyncStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import bot.truces.tracker

    readers: set[str] = set()
    real = bot.truces.tracker.item_event

    def recording(i: Any) -> Any:
        readers.add(threading.current_thread().name)
        return real(i)

    monkeypatch.setattr(bot.truces.tracker, "item_event", recording)
    await store_demo_async(store)
    truces = await TruceBook(store, Clock(NOW)).current()
    assert len(truces) == 1 and readers
    assert threading.current_thread().name not in readers  # the loop's thread never reads
