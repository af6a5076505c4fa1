"""The outbox worker against a real database and a hand-written fake transport."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio

from bot import delivery
from bot.deliverer import Deliverer
from bot.delivery import Batch, SendDecision, backoff, compose, decide
from bot.format import batch_message
from bot.health import task_problem
from bot.message import plain_text
from bot.models import Alert, ParsedItem, PollSuccess, StoredItem
from bot.pipeline import store_items
from fakes.builders import T0, item, subscribe, tg
from handlers.console import TERMINAL
from storage.store import Store
from storage.threads import AsyncStore

V = "ceasefire_violation"
OK = PollSuccess(None, None, T0)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class FakeSender:
    """Records what it sent; raises the errors a test queues for a chat."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, str, bool]] = []
        self.messages: list[tuple[int, str, int]] = []  # chat, kind, alerts carried
        self.errors: dict[int, list[delivery.DeliveryError]] = {}
        self.batches: list[Batch] = []

    def wait_for(self, address: int) -> float:
        return 0.0

    async def send(self, batch: Batch) -> int | None:
        queued = self.errors.get(batch.chat.address)
        if queued:
            raise queued.pop(0)
        for alert in batch.alerts:
            self.sent.append((alert.chat.address, alert.item.title, batch.plain))
        self.messages.append((batch.chat.address, batch.kind, len(batch.alerts)))
        self.batches.append(batch)
        return len(self.sent)


@pytest_asyncio.fixture
async def store(tmp_path: Path) -> AsyncIterator[AsyncStore]:
    s = await AsyncStore.open(str(tmp_path / "d.db"))
    yield s
    await s.close()


async def with_alerts(store: AsyncStore, chats: list[int], titles: list[str]) -> None:
    source = await store.write(Store.add_source, "https://a.example/f", "Wire", T0)
    await store.write(store_items, source.id, [], OK, T0)
    for chat in chats:
        await subscribe(store, chat, "violations", T0)
    batch = [
        item(t, labels=(V,), published=T0 + timedelta(minutes=n)) for n, t in enumerate(titles)
    ]
    await store.write(store_items, source.id, batch, OK, T0)


async def run_once(store: AsyncStore, sender: FakeSender, clock: Clock) -> Deliverer:
    worker = Deliverer(store, {"telegram": sender}, clock)
    await worker.deliver_due()
    return worker


async def test_every_alert_is_sent_once_in_order(store: AsyncStore) -> None:
    await with_alerts(store, [1, 2], ["First breach", "Second breach"])
    sender = FakeSender()
    await run_once(store, sender, Clock(T0))
    assert sorted(sender.sent) == [
        (1, "First breach", False),
        (1, "Second breach", False),
        (2, "First breach", False),
        (2, "Second breach", False),
    ]
    assert [t for c, t, _ in sender.sent if c == 1] == ["First breach", "Second breach"]
    await run_once(store, sender, Clock(T0 + timedelta(hours=1)))
    assert len(sender.sent) == 4  # nothing re-sent


async def test_rate_limited_alert_waits_then_goes(store: AsyncStore) -> None:
    await with_alerts(store, [1], ["Breach"])
    sender = FakeSender()
    sender.errors[1] = [delivery.RetryLater("429", after=30)]
    clock = Clock(T0)
    await run_once(store, sender, clock)
    assert sender.sent == []
    clock.now = T0 + timedelta(seconds=31)
    await run_once(store, sender, clock)
    assert sender.sent == [(1, "Breach", False)]


async def test_blocked_chat_is_deactivated_and_its_queue_dropped(store: AsyncStore) -> None:
    await with_alerts(store, [1, 2], ["One", "Two"])
    sender = FakeSender()
    sender.errors[1] = [delivery.Unreachable("bot was blocked by the user")]
    await run_once(store, sender, Clock(T0))
    assert {c for c, _, _ in sender.sent} == {2}
    stats = await store.read(Store.stats)
    assert stats["dropped"] == 2 and stats["queued"] == 0
    assert not (await store.read(Store.chat, tg(1))).active


async def test_migrated_group_gets_its_alert_at_the_new_id(store: AsyncStore) -> None:
    await with_alerts(store, [-100], ["Breach"])
    sender = FakeSender()
    sender.errors[-100] = [delivery.Moved("upgraded", -1009)]
    await run_once(store, sender, Clock(T0))
    await run_once(store, sender, Clock(T0))
    assert sender.sent == [(-1009, "Breach", False)]


async def test_unparseable_markup_is_resent_as_plain_text(store: AsyncStore) -> None:
    await with_alerts(store, [1], ["Breach"])
    sender = FakeSender()
    sender.errors[1] = [delivery.BadMarkup("can't parse entities")]
    await run_once(store, sender, Clock(T0))
    assert sender.sent == [(1, "Breach", True)]


async def test_network_errors_back_off_and_permanent_errors_are_recorded(store: AsyncStore) -> None:
    await with_alerts(store, [1, 2], ["Breach"])
    sender = FakeSender()
    sender.errors[1] = [delivery.Transient("timed out")]
    sender.errors[2] = [delivery.Rejected("message is too long")]
    clock = Clock(T0)
    await run_once(store, sender, clock)
    assert sender.sent == []
    clock.now = T0 + timedelta(minutes=1)
    await run_once(store, sender, clock)
    assert sender.sent == [(1, "Breach", False)]
    stats = await store.read(Store.stats)
    assert stats["failed"] == 1 and stats["sent"] == 1


async def test_a_crash_before_confirmation_resends_only_that_alert(store: AsyncStore) -> None:
    await with_alerts(store, [1], ["One", "Two", "Three"])

    class Killed(BaseException):
        """Like SIGKILL: nothing after it runs, no handler catches it."""

    class DyingSender(FakeSender):
        async def send(self, alert: Alert) -> int | None:
            await super().send(alert)
            if len(self.sent) == 2:
                raise Killed  # Telegram accepted it; we die before recording that
            return len(self.sent)

    first = DyingSender()
    with pytest.raises(Killed):
        await Deliverer(store, {"telegram": first}, Clock(T0)).deliver_due()
    after = FakeSender()
    await run_once(store, after, Clock(T0))
    assert [t for _, t, _ in first.sent] == ["One", "Two"]
    assert [t for _, t, _ in after.sent] == ["Two", "Three"]  # one duplicate: the one in flight


@pytest.mark.parametrize(
    ("error", "action"),
    [
        (delivery.RetryLater("429", 5), "retry"),
        (delivery.Transient("reset"), "retry"),
        (delivery.BadMarkup("entities"), "retry"),
        (delivery.Unreachable("blocked"), "deactivate"),
        (delivery.Moved("moved", -5), "migrate"),
        (delivery.Rejected("bad"), "fail"),
    ],
)
def test_decide(error: delivery.DeliveryError, action: str) -> None:
    assert decide(error, 0, T0, 0.5).action == action


def test_transient_errors_give_up_eventually_and_back_off_grows() -> None:
    assert decide(delivery.Transient("x"), delivery.MAX_ATTEMPTS, T0, 0.5).action == "fail"
    waits = [decide(delivery.Transient("x"), n, T0, 0.5).at - T0 for n in range(6)]
    assert waits == sorted(waits) and waits[0] < waits[-1]
    assert decide(delivery.RetryLater("x", 7), 3, T0, 0.5).at == T0 + timedelta(seconds=7)


# --- fairness, and alerts that waited ----------------------------------------------------


def waited(alert_at: datetime, now: datetime, n: int = 1) -> list[Alert]:
    """`n` alerts of one chat, queued at `alert_at`."""
    story = item("Truce broken", labels=(V,))
    base = Alert(0, 1, tg(1), _stored(story), "violations", queued_at=alert_at)
    return [replace(base, outbox_id=k) for k in range(n)]


def _stored(parsed: ParsedItem) -> StoredItem:
    return StoredItem(
        1, 1, "Wire", parsed.title, parsed.summary, None, T0, T0, 1, parsed.classification
    )


@pytest.mark.parametrize(
    ("age", "count", "kind", "carried"),
    [
        (timedelta(0), 1, "alert", 1),
        (timedelta(0), 5, "alert", 1),  # flowing: one at a time
        (timedelta(seconds=59), 5, "alert", 1),
        (timedelta(seconds=60), 5, "list", 5),  # they waited: one message lists them
        (timedelta(hours=2), 5, "summary", 5),  # they waited long: folded
        (timedelta(hours=3), 1, "alert", 1),  # a single old one is still itself
    ],
)
def test_compose(age: timedelta, count: int, kind: str, carried: int) -> None:
    now = T0 + timedelta(days=1)
    batch = compose(waited(now - age, now, count), now, timedelta(seconds=60), timedelta(hours=2))
    assert (batch.kind, len(batch.alerts)) == (kind, carried)
    assert batch.ids == list(range(carried))


async def test_chats_are_served_round_robin_not_story_by_story(store: AsyncStore) -> None:
    await with_alerts(store, [1, 2, 3], ["First", "Second", "Third"])
    sender = FakeSender()
    await run_once(store, sender, Clock(T0))
    chats = [chat for chat, _, _ in sender.sent]
    # every chat hears of something before any chat hears of its second story
    assert sorted(chats[:3]) == [1, 2, 3] and sorted(chats[3:6]) == [1, 2, 3]
    assert len(sender.sent) == 9


async def test_alerts_that_waited_go_as_one_message(store: AsyncStore) -> None:
    await with_alerts(store, [1, 2], [f"Report {n}" for n in range(6)])
    sender = FakeSender()
    later = Clock(T0 + timedelta(minutes=5))
    await run_once(store, sender, later)
    assert sorted(sender.messages) == [(1, "list", 6), (2, "list", 6)]
    assert (await store.read(Store.stats))["queued"] == 0


async def test_alert_times_are_shown_in_each_chats_time_zone(store: AsyncStore) -> None:
    await with_alerts(store, [1, 2], ["Breach"])
    await store.write(Store.set_zone, tg(1), "Europe/Moscow")
    sender = FakeSender()
    await run_once(store, sender, Clock(T0))
    shown = {b.chat.address: plain_text(batch_message(b, TERMINAL)) for b in sender.batches}
    assert "10 Oct 2020 11:00 Europe/Moscow" in shown[1]  # Moscow is UTC+3
    assert "10 Oct 2020 08:00 UTC" in shown[2]


async def test_a_fan_out_that_dies_ends_the_worker_for_health_to_report(
    store: AsyncStore,
) -> None:
    worker = Deliverer(store, {"telegram": FakeSender()}, Clock(T0))

    async def broken() -> int:
        raise RuntimeError("fan-out bug")

    worker.expand_step = broken  # type: ignore[method-assign]
    running = asyncio.create_task(worker.run(), name="deliver")
    done, _ = await asyncio.wait({running}, timeout=10)
    running.cancel()  # a worker that hung is not left behind
    assert running in done  # it ended by itself
    assert task_problem(running) == "stopped: RuntimeError('fan-out bug')"


async def test_a_summary_of_waiting_alerts_is_in_the_chats_time_zone(store: AsyncStore) -> None:
    await with_alerts(store, [1], [f"Report {n}" for n in range(4)])
    await store.write(Store.set_zone, tg(1), "Asia/Baku")
    sender = FakeSender()
    await run_once(store, sender, Clock(T0 + timedelta(hours=3)))
    shown = plain_text(batch_message(sender.batches[0], TERMINAL))
    assert "(since 10 Oct 2020 12:00 Asia/Baku)" in shown  # Baku is UTC+4
    assert "12:03" in shown and "08:03" not in shown  # the stories' own times too


async def test_alerts_that_waited_long_are_folded_into_a_summary(store: AsyncStore) -> None:
    await with_alerts(store, [1], [f"Report {n}" for n in range(4)])
    sender = FakeSender()
    await run_once(store, sender, Clock(T0 + timedelta(hours=3)))
    assert sender.messages == [(1, "summary", 4)]


async def test_a_story_many_follow_is_fanned_out_in_the_background(
    store: AsyncStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot import pipeline

    monkeypatch.setattr(pipeline, "EXPAND_AT_ONCE", 2)
    source = await store.write(Store.add_source, "https://a.example/f", "Wire", T0)
    await store.write(store_items, source.id, [], OK, T0)
    for chat in range(1, 8):
        await subscribe(store, chat, "violations", T0)
    report = await store.write(store_items, source.id, [item("Truce broken", labels=(V,))], OK, T0)
    assert (report.alerts, report.deferred) == (2, 1)
    worker = Deliverer(store, {"telegram": FakeSender()}, Clock(T0))
    await worker.expand_all()
    assert (await store.read(Store.stats))["queued"] == 7
    assert await store.read(Store.fanouts_left) == 0


S = timedelta(seconds=1)


@pytest.mark.parametrize(
    ("error", "attempts", "expected"),
    [
        # a 429 is Telegram's pace, not the alert's fault: no attempt counted, however many
        (delivery.RetryLater("429", 7), 0, SendDecision("retry", T0 + 7 * S, count_attempt=False)),
        (
            delivery.RetryLater("429", 7.5),
            delivery.MAX_ATTEMPTS,
            SendDecision("retry", T0 + 7.5 * S, count_attempt=False),
        ),
        (delivery.RetryLater("429", -3), 0, SendDecision("retry", T0, count_attempt=False)),
        (delivery.Unreachable("blocked"), 0, SendDecision("deactivate")),
        (delivery.Paused("no access", 3600), 2, SendDecision("pause", T0 + 3600 * S)),
        (delivery.Paused("no access", -1), 0, SendDecision("pause", T0)),
        (delivery.Moved("upgraded", -1009), 0, SendDecision("migrate", new_chat_id=-1009)),
        (delivery.BadMarkup("entities"), 0, SendDecision("retry", T0, plain=True)),
        (delivery.Transient("reset"), 0, SendDecision("retry", T0 + 0.75 * S)),
        (delivery.Transient("reset"), 3, SendDecision("retry", T0 + 6 * S)),
        (
            delivery.Transient("reset"),
            delivery.MAX_ATTEMPTS - 2,
            SendDecision("retry", T0 + delivery.MAX_SEND_BACKOFF * 0.75),
        ),
        (delivery.Transient("reset"), delivery.MAX_ATTEMPTS - 1, SendDecision("fail")),
        (delivery.Rejected("too long"), 0, SendDecision("fail")),
        (delivery.DeliveryError("unknown"), 0, SendDecision("fail")),
    ],
)
def test_decide_in_full(
    error: delivery.DeliveryError, attempts: int, expected: SendDecision
) -> None:
    assert decide(error, attempts, T0, 0.5) == expected


@pytest.mark.parametrize(
    ("attempts", "draw", "seconds"),
    [
        (0, 0.0, 0.5),
        (0, 1.0, 1.0),
        (1, 0.5, 1.5),
        (4, 0.0, 8.0),
        (9, 1.0, 512.0),
        (10, 1.0, 600.0),  # capped at ten minutes
        (10, 0.0, 300.0),
        (5000, 0.5, 450.0),  # any count of attempts, without overflowing
    ],
)
def test_backoff_doubles_with_jitter_up_to_its_cap(
    attempts: int, draw: float, seconds: float
) -> None:
    assert backoff(attempts, draw) == timedelta(seconds=seconds)


async def test_a_stopping_worker_lets_the_send_in_flight_finish_and_records_it(
    store: AsyncStore,
) -> None:
    await with_alerts(store, [1], ["Breach"])

    class SlowSender(FakeSender):
        def __init__(self) -> None:
            super().__init__()
            self.started, self.answer = asyncio.Event(), asyncio.Event()

        async def send(self, batch: Batch) -> int | None:
            self.started.set()
            await self.answer.wait()  # the platform has it; its answer is on the way
            return await super().send(batch)

    sender = SlowSender()
    worker = Deliverer(store, {"telegram": sender}, Clock(T0))
    running = asyncio.create_task(worker.run())
    await sender.started.wait()
    running.cancel()  # the bot stops while the send is in flight
    with contextlib.suppress(asyncio.CancelledError):
        await running
    settling = asyncio.create_task(worker.settle())
    sender.answer.set()
    await settling
    assert worker.sent == 1
    again = FakeSender()
    await run_once(store, again, Clock(T0 + timedelta(hours=1)))
    assert again.sent == []  # recorded as sent: the next start does not send it again


async def test_a_send_that_outlasts_the_stop_is_cancelled(store: AsyncStore) -> None:
    await with_alerts(store, [1], ["Breach"])

    class HangingSender(FakeSender):
        def __init__(self) -> None:
            super().__init__()
            self.started = asyncio.Event()

        async def send(self, batch: Batch) -> int | None:
            self.started.set()
            await asyncio.Event().wait()  # never answered
            return None

    sender = HangingSender()
    worker = Deliverer(store, {"telegram": sender}, Clock(T0))
    running = asyncio.create_task(worker.run())
    await sender.started.wait()
    running.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await running
    await worker.settle(within=0.05)
    assert worker.sent == 0 and not worker._tasks
