"""Ingest at scale: one poll of 200 new items stored while N chats follow the mix of
subscriptions a public bot sees, a fifth each of `violations`, `Ganja`,
`casualties Stepanakert`, `diplomacy Lavrov` and `violations casualties`.

Measured on the bot's own storage threads (`storage.threads.AsyncStore`, SQLite on a temp
file) and its writer path (`bot.pipeline.ingest_polls`): the time to store the poll (items,
stories, matching, one fan-out row per query a story satisfies), per item; then the
background fan-out into each chat's alert, step by step as the outbox worker runs it, while
a chat command writes every 50 ms — how long such a command waited at most is what a user
would feel; and what delivery then has to do (outbox rows pending).

Usage: .venv/bin/python benchmarks/subscribers.py [--subscribers 100000] [--items 200]
The last line printed is `… X ms per item`.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `fakes` is not installed; spawned children inherit this
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # the other benchmarks' helpers

from bot.deliverer import EXPAND_STEP  # noqa: E402
from bot.match import PUBLISH_GRACE, parse_query  # noqa: E402
from bot.models import ChatRef, FeedPoll, PollSuccess  # noqa: E402
from bot.pipeline import AudienceCache, ingest_polls  # noqa: E402
from fakes.builders import item  # noqa: E402
from storage.store import Store  # noqa: E402
from storage.threads import AsyncStore  # noqa: E402

MIX = ("violations", "Ganja", "casualties Stepanakert", "diplomacy Lavrov", "violations casualties")
V, D, C = "ceasefire_violation", "diplomatic_move", "casualty_report"
PLACES = ("Ganja", "Stepanakert", "Barda", "Tartar", "Shusha", "Lachin")


def subscribe_all(store: Store, count: int, since: datetime) -> None:
    queries = [parse_query(q) for q in MIX]
    with store.db.atomic():
        for n in range(count):
            ref = ChatRef("telegram", 10_000_000 + n)
            store.ensure_chat(ref, "private", None, since)
            store.add_subscription(ref, queries[n % len(MIX)], since, max_per_chat=50)


def burst(count: int, now: datetime, seed: int = 7) -> list:
    """`count` distinct stories: places, people and labels in the proportions of real news."""
    rng = random.Random(seed)
    stories = []
    for n in range(count):
        place, other = rng.choice(PLACES), rng.choice(PLACES)
        labels = tuple(sorted(rng.sample((V, D, C), rng.randint(1, 2))))
        who = "Lavrov" if D in labels and rng.random() < 0.5 else "officials"
        stories.append(
            item(
                f"Report {n}: shelling near {place}, {who} say ({n * 7919})",
                f"Dispatch {n} from {other}: " + " ".join(f"w{n}k{k}" for k in range(14)),
                labels=labels,
                published=now - timedelta(seconds=count - n),
            )
        )
    return stories


def run(subscribers: int, items: int, deliver: bool, concurrency: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="trucewatch-subs-") as tmp:
        path = Path(tmp) / "subs.db"
        now = datetime.now(UTC)
        began = time.perf_counter()
        source_id = prepare(path, subscribers, now)
        setup = time.perf_counter() - began
        figures = asyncio.run(measure(str(path), source_id, items, now))
        if deliver:
            figures |= delivery(path, subscribers, concurrency)
        return {"setup_s": setup, **figures}


def delivery(path: Path, subscribers: int, concurrency: int) -> dict[str, float]:
    """The real bot delivers the burst through the fake Bot API (its own process, Telegram's
    limits on) with paid broadcasts (1,000 messages a second): how long until every chat has
    heard of it, and how many messages that took."""
    from fanout import fake_telegram

    from bot.config import Settings

    with fake_telegram(0.0) as fake:
        settings = Settings(
            telegram_token=fake.token,
            telegram_api_url=fake.base_url,
            db_path=path,
            parse_workers=0,
            poll_seconds=3600.0,
            paid_broadcast=True,
            send_concurrency=concurrency,
        )
        started = asyncio.run(deliver_all(settings, subscribers))
        messages = fake.deliveries()["messages"]
    first: dict[int, float] = {}
    for chat, at in messages:
        first.setdefault(chat, at)
    return {
        "chats_heard": float(len(first)),
        "last_chat_heard_s": max(first.values()) - started,
        "messages": float(len(messages)),
        "free_rate_estimate_s": len(first) / 28.5,
    }


async def deliver_all(settings: object, subscribers: int) -> float:
    """Start the bot; return when every chat has been served once (its start time)."""
    from bot.app import build_app

    bot = await build_app(settings)  # type: ignore[arg-type]
    started = time.monotonic()
    bot.start()
    try:
        # the database has no change event to wait on
        while (await bot.store.read(served)) < subscribers:  # noqa: ASYNC110
            await asyncio.sleep(1.0)
    finally:
        await bot.stop()
    return started


def served(store: Store) -> int:
    return int(store.db.execute("SELECT count(*) FROM chats WHERE served_at > 0").fetchone()[0])


def prepare(path: Path, subscribers: int, now: datetime) -> int:
    """The chats and their subscriptions, and a source past its first poll."""
    store = Store(str(path))
    try:
        subscribe_all(store, subscribers, now - timedelta(days=1))
        # never due while measured, and on a closed local port if it were: no network
        source = store.add_source("http://127.0.0.1:9/feed", "Wire", now)
        ok = PollSuccess(None, None, now + timedelta(days=30))
        ingest_polls(store, [FeedPoll(source.id, [], ok, now)], AudienceCache())
        return source.id
    finally:
        store.close()


async def measure(path: str, source_id: int, items: int, now: datetime) -> dict[str, float]:
    """On the bot's own storage threads: store the poll, then fan out step by step while
    a chat command writes every 50 ms, as a busy bot would see."""
    store = await AsyncStore.open(path)
    try:
        ok = PollSuccess(None, None, now + timedelta(days=30))
        poll = FeedPoll(source_id, burst(items, now), ok, now)
        began = time.perf_counter()
        [report] = await store.write_bulk(ingest_polls, [poll], AudienceCache())
        stored = time.perf_counter() - began
        assert not isinstance(report, Exception), report
        steps, commands = await fan_out_under_commands(store, now)
        pending = (await store.read(Store.stats))["queued"]
    finally:
        await store.close()
    return {
        "store_s": stored,
        "per_item_ms": 1000 * stored / items,
        "alerts_at_once": float(report.alerts),
        "fanout_s": sum(steps),
        "fanout_steps": float(len(steps)),
        "fanout_step_max_ms": 1000 * max(steps),
        "command_wait_p99_ms": 1000 * percentile(commands, 99),
        "command_wait_max_ms": 1000 * max(commands),
        "pending": float(pending),
    }


async def fan_out_under_commands(store: AsyncStore, now: datetime) -> tuple[list, list]:
    steps: list[float] = []
    waits: list[float] = []
    done = asyncio.Event()

    async def commands() -> None:
        ref = ChatRef("telegram", 1)
        while not done.is_set():
            began = time.perf_counter()
            await store.write(Store.ensure_chat, ref, "private", None, now)
            waits.append(time.perf_counter() - began)
            await asyncio.sleep(0.05)

    chatting = asyncio.create_task(commands())
    while True:
        began = time.perf_counter()
        looked, _ = await store.write_bulk(Store.expand_fanouts, now, EXPAND_STEP, PUBLISH_GRACE)
        steps.append(time.perf_counter() - began)
        if not looked:
            break
    done.set()
    await chatting
    return steps, waits


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(q / 100 * len(ordered)) - 1)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument(
        "--deliver",
        action="store_true",
        help="then deliver the burst through the fake Bot API with paid broadcasts",
    )
    parser.add_argument(
        "--concurrency", type=int, default=1, help="TRUCEWATCH_SEND_CONCURRENCY (default 1)"
    )
    args = parser.parse_args(argv)
    results = [
        run(args.subscribers, args.items, args.deliver, args.concurrency) for _ in range(args.runs)
    ]
    for key in results[0]:
        values = [r[key] for r in results]
        print(f"{key:>18}: median {statistics.median(values):10.2f}  runs {values}")
    per_item = statistics.median(r["per_item_ms"] for r in results)
    print(
        f"{args.subscribers} subscribers, {args.items} items: stored in {per_item:.2f} ms per item"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
