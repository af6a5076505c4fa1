"""Notices through the outbox worker, beside alerts: sent once, retried, dropped with a
chat that is gone, never two messages at once to one chat; and kept as JSON meanwhile."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio

from bot import delivery
from bot.buttons import Follow, NextPage
from bot.courier import Courier
from bot.delivery import Batch
from bot.message import Button, Code, Image, Message, bold, italic, line, link, message
from bot.message_json import message_from, message_json
from bot.models import PollSuccess
from bot.notice import Notice, NoticeRow
from bot.pipeline import store_items
from fakes.builders import T0, item, subscribe, tg
from storage.gauges import read_gauges
from storage.store import Store
from storage.threads import AsyncStore

PICTURE = Image(b"\x89PNG fake", "chart.png", "A chart")


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class FakeSender:
    """Records alerts and notices; raises what a test queues; notes overlapping sends."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, str]] = []
        self.errors: list[delivery.DeliveryError | Exception] = []
        self.in_flight: set[int] = set()
        self.overlaps = 0

    def wait_for(self, address: int) -> float:
        return 0.0

    async def _record(self, address: int, what: str) -> int:
        if address in self.in_flight:
            self.overlaps += 1
        self.in_flight.add(address)
        await asyncio.sleep(0)  # let another send to the same chat begin, if the worker would
        self.in_flight.discard(address)
        if self.errors:
            raise self.errors.pop(0)
        self.sent.append((address, what))
        return len(self.sent)

    async def send(self, batch: Batch) -> int | None:
        titles = " + ".join(a.item.title for a in batch.alerts)
        return await self._record(batch.chat.address, titles)

    async def send_notice(self, notice: Notice) -> int | None:
        return await self._record(notice.chat.address, notice.key)


@pytest_asyncio.fixture
async def store(tmp_path: Path) -> AsyncIterator[AsyncStore]:
    s = await AsyncStore.open(str(tmp_path / "n.db"))
    yield s
    await s.close()


async def queue(store: AsyncStore, chat: int, *keys: str, msg: Message | None = None) -> int:
    chat_id = await store.write(Store.ensure_chat, tg(chat), "private", None, T0)
    rows = [NoticeRow(chat_id, key, msg or message(f"notice {key}")) for key in keys]
    return await store.write(Store.enqueue_notices, rows, T0)


def courier(store: AsyncStore, sender: FakeSender, clock: Clock) -> Courier:
    return Courier(store, {"telegram": sender}, clock)


async def test_each_notice_once_in_order_and_a_key_only_once(store: AsyncStore) -> None:
    assert await queue(store, 1, "digest:2020-10-10", "truce:8:announced") == 2
    assert await queue(store, 1, "digest:2020-10-10") == 0  # already queued
    sender, clock = FakeSender(), Clock(T0)
    await courier(store, sender, clock).deliver_due()
    assert sender.sent == [(1, "digest:2020-10-10"), (1, "truce:8:announced")]
    await courier(store, sender, clock).deliver_due()
    assert len(sender.sent) == 2
    assert await store.read(Store.pending_notices) == 0
    gauges = await store.read(read_gauges, T0)
    assert gauges.counters["notices_sent"] == 2 and gauges.notices_pending == 0


async def test_a_transient_failure_is_retried_later(store: AsyncStore) -> None:
    await queue(store, 1, "digest:2020-10-10")
    sender, clock = FakeSender(), Clock(T0)
    sender.errors.append(delivery.Transient("timed out"))
    worker = courier(store, sender, clock)
    assert await worker.deliver_due() > 0 and sender.sent == []
    [row] = await store.read(Store.notices_of, tg(1))
    assert row["status"] == "pending" and row["attempts"] == 1 and row["last_error"] == "timed out"
    clock.now = T0 + timedelta(minutes=1)
    await worker.deliver_due()
    assert sender.sent == [(1, "digest:2020-10-10")]


async def test_a_bug_in_a_transport_loses_nothing(store: AsyncStore) -> None:
    await queue(store, 1, "truce:8:over")
    sender, clock = FakeSender(), Clock(T0)
    sender.errors.append(KeyError("oops"))
    worker = courier(store, sender, clock)
    await worker.deliver_due()
    clock.now = T0 + timedelta(minutes=1)
    await worker.deliver_due()
    assert sender.sent == [(1, "truce:8:over")]


async def test_a_chat_that_is_gone_drops_its_notices(store: AsyncStore) -> None:
    await queue(store, 1, "a", "b")
    sender = FakeSender()
    sender.errors.append(delivery.Unreachable("blocked"))
    await courier(store, sender, Clock(T0)).deliver_due()
    assert sender.sent == []
    assert [r["status"] for r in await store.read(Store.notices_of, tg(1))] == ["dropped"] * 2
    gauges = await store.read(read_gauges, T0)
    assert gauges.counters["notices_dropped"] == 2 and gauges.counters["notices_sent"] == 0


async def test_refused_markup_goes_again_as_plain_text(store: AsyncStore) -> None:
    await queue(store, 1, "a")
    sender = FakeSender()
    sender.errors.append(delivery.BadMarkup("can't parse entities"))
    await courier(store, sender, Clock(T0)).deliver_due()
    assert sender.sent == [(1, "a")]
    [row] = await store.read(Store.notices_of, tg(1))
    assert row["attempts"] == 2 and row["status"] == "sent"


async def test_alerts_and_notices_to_one_chat_never_overlap(store: AsyncStore) -> None:
    source = await store.write(Store.add_source, "https://a.example/f", "Wire", T0)
    ok = PollSuccess(None, None, T0)
    await store.write(store_items, source.id, [], ok, T0)
    await subscribe(store, 1, "violations", T0)
    breaches = [item(f"Breach {n}", labels=("ceasefire_violation",), published=T0) for n in "ab"]
    await store.write(store_items, source.id, breaches, ok, T0)
    await queue(store, 1, "n1", "n2")
    sender = FakeSender()
    await courier(store, sender, Clock(T0)).deliver_due()
    assert sorted(what for _, what in sender.sent) == ["Breach a", "Breach b", "n1", "n2"]
    assert sender.overlaps == 0


async def test_a_picture_is_stored_once_for_many_chats(store: AsyncStore) -> None:
    for chat in (1, 2, 3):
        await queue(store, chat, "truce:8:first_violation", msg=message("x", image=PICTURE))
    due = await store.read(Store.due_notices, T0, 10)
    assert [n.message.image for n in due] == [PICTURE] * 3
    count = await store.read(lambda s: s.rows("SELECT count(*) AS n FROM notice_images"))
    assert count == [{"n": 1}]


@pytest.mark.parametrize(
    "msg",
    [
        message("plain <b>text</b> & more", ""),
        message(line(bold("Truce ", italic("announced")), " at ", Code("08:00"))),
        message(line(link("https://example.org/a?b=1&c=2", "the report"))),
        message(
            "with buttons",
            buttons=[[Button("Follow", Follow("violations"))], [Button("More ▸", NextPage(12))]],
        ),
    ],
)
def test_a_message_survives_its_json(msg: Message) -> None:
    assert message_from(message_json(msg)) == msg
    assert message_from(message_json(msg), PICTURE).image == PICTURE


def test_a_stale_button_is_left_out() -> None:
    data = {"lines": [["x"]], "buttons": [[["Forged", "follow:everything"]]]}
    assert message_from(data) == message("x")


async def test_a_notice_refused_for_good_is_counted_as_failed(store: AsyncStore) -> None:
    await queue(store, 1, "truce:8:announced")
    sender = FakeSender()
    sender.errors.append(delivery.Rejected("Bad Request: message is too long"))
    await courier(store, sender, Clock(T0)).deliver_due()
    [row] = await store.read(Store.notices_of, tg(1))
    gauges = await store.read(read_gauges, T0)
    assert row["status"] == "failed" and gauges.counters["notices_failed"] == 1
    assert gauges.notices_pending == 0
