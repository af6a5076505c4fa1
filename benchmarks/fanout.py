"""Fan-out benchmark: one alert to N private chats through the real bot, under Telegram's limits.

What runs is what `trucewatch run` runs on Telegram: `bot.app.build_app` (PTB 22
Application, FloodLimiter, the outbox worker, the scheduler, SQLite on a temp file). It talks
to `fakes.telegram_api.FakeTelegram`, served from a *separate process* (so the fake
does not compete with the bot for the GIL), with Telegram's flood limits on: 30 messages/s
overall and 1/s per private chat over sliding windows, answered with 429 beyond them.

Each run, on a fresh database and a fresh fake:

1. N private chats (distinct ids), each subscribed to "violations", are written straight
   into SQLite with `storage.store.Store`; one matching item is stored, which puts N rows in
   the outbox (checked);
2. `App.start()` starts the outbox worker; the clock starts just before that call;
3. the run ends when the outbox has no pending row; the end time is the fake's
   `received_at` of the last accepted sendMessage.

Both processes read `time.monotonic()`, which on Linux is CLOCK_MONOTONIC, one clock for the
whole machine, so the bot's start time and the fake's `received_at` are comparable.

The theoretical minimum is N / 30 s (Telegram's overall limit). The bot deliberately stays
5 % under it (`handlers.telegram.limits.MARGIN`), so its own floor is N / 28.5 s = 1.053x.
The spacing of accepted messages shows where the rest goes: the bot paces one message every
1 / 28.5 s = 35.09 ms, and every millisecond a send starts late is lost for good (its
limiter holds one message, so it cannot catch up).

Lost and duplicated messages: an outbox row that is not 'sent' at the end, a chat that got
no message, and (from the fake's records) the same text accepted twice for one chat.

Usage: .venv/bin/python benchmarks/fanout.py [--chats 5000] [--latency 0] [--concurrency 1]
       [--runs 1] [--json]
A full 5,000-chat run takes about 3 minutes, hence one run by default.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import logging
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `fakes` is not installed; spawned children inherit this
    sys.path.insert(0, str(ROOT))

from child_process import Child  # noqa: E402
from report import medians, printer  # noqa: E402
from report import print_table as print_rows  # noqa: E402

from bot.config import Settings  # noqa: E402

TELEGRAM_RATE = 30.0  # messages per second, Telegram's published overall limit
FIRST_CHAT = 100_000_000
GOAL_RATIO = 1.1
POLL_EVERY = 0.25


# --- the fake Bot API, in its own process ---------------------------------------------------


def _fake_main(conn: Connection, latency: float) -> None:
    """Child process: serve a FakeTelegram (default limits) and answer queries over `conn`."""
    from fakes.telegram_api import FakeTelegram

    fake = FakeTelegram(latency=latency).start_in_thread()
    conn.send((fake.token, fake.base_url))
    while True:
        command = conn.recv()
        if command == "deliveries":
            sent = fake.sent
            conn.send(
                {
                    "messages": [(m.chat_id, m.received_at) for m in sent],
                    "duplicates": sum(n - 1 for n in fake.duplicates().values()),
                    "too_many_requests": fake.too_many_requests_count,
                }
            )
        elif command == "stop":
            fake.stop_thread()
            conn.send("stopped")
            return


class FakeProcess(Child):
    """Handle on the fake Bot API's process."""

    def __init__(self, latency: float) -> None:
        super().__init__(_fake_main, "fake-telegram", latency)
        self.token, self.base_url = self.hello

    def deliveries(self) -> dict[str, Any]:
        answer: dict[str, Any] = self.call("deliveries")
        return answer


def fake_telegram(latency: float) -> FakeProcess:
    return FakeProcess(latency)


# --- the database: N subscribers and one matching item ----------------------------------------


def chat_ids(count: int) -> list[int]:
    return list(range(FIRST_CHAT, FIRST_CHAT + count))


def populate(db_path: Path, chats: Sequence[int], transport: str = "telegram") -> int:
    """Subscribe every chat to "violations", store one violation item and fan it out to
    all of them (as the outbox worker would, ahead of the run); return the outbox rows."""
    from bot.match import PUBLISH_GRACE, parse_query
    from bot.models import ChatRef, PollSuccess
    from bot.pipeline import store_items
    from fakes.builders import item
    from storage.store import Store

    kind = "private" if transport == "telegram" else "group"
    store = Store(str(db_path))
    try:
        now = datetime.now(UTC)
        joined = now - timedelta(hours=1)
        query = parse_query("violations")
        with store.db.atomic():  # one transaction; the Store's own become savepoints
            for chat in chats:
                ref = ChatRef(transport, chat)
                store.ensure_chat(ref, kind, None, joined)
                store.add_subscription(ref, query, joined, max_per_chat=50)
        later = now + timedelta(days=1)  # the source is never due: nothing else happens
        source = store.add_source("http://127.0.0.1:9/wire", "Wire", later)
        store.record_not_modified(source.id, PollSuccess(None, None, later), joined)
        alert = item(
            "Truce broken near Ganja",
            "Shelling resumed overnight, officials said.",
            labels=("ceasefire_violation",),
            published=now,
            url="https://wire.example/truce-broken",
        )
        store_items(store, source.id, [alert], PollSuccess(None, None, later), now)
        while store.expand_fanouts(now, 10_000, PUBLISH_GRACE)[0]:
            pass
        return store.stats()["queued"]
    finally:
        store.close()


def outbox_statuses(db_path: Path) -> dict[str, int]:
    from storage.store import Store

    store = Store(str(db_path))
    try:
        rows = store.db.execute("SELECT status, count(*) FROM outbox GROUP BY status")
        return {str(status): int(n) for status, n in rows.fetchall()}
    finally:
        store.close()


# --- one run ----------------------------------------------------------------------------------


@dataclass
class RunResult:
    chats: int = 0
    outbox_rows: int = 0
    setup_s: float = 0.0
    elapsed_s: float = 0.0  # bot start -> last message accepted
    first_to_last_s: float = 0.0  # first accepted -> last accepted
    first_message_after_s: float = 0.0
    minimum_s: float = 0.0
    ratio: float = 0.0
    messages_per_s: float = 0.0
    too_many_requests: int = 0  # 429s the fake sent
    bot_retry_afters: int = 0  # 429s the bot's FloodLimiter saw
    lost_rows: int = 0  # outbox rows not 'sent'
    chats_without_message: int = 0
    duplicates: int = 0  # extra copies of the same text to the same chat
    gap_median_ms: float = 0.0  # spacing between consecutive accepted messages
    gap_p99_ms: float = 0.0
    gap_max_ms: float = 0.0
    gap_excess_s: float = 0.0  # time beyond the bot's own pacing, summed over all gaps
    chats_with_several: int = 0
    outbox: dict[str, int] = field(default_factory=dict)
    timed_out: bool = False
    problems: list[str] = field(default_factory=list)


async def wait_until_delivered(bot: Any, deadline: float) -> bool:
    """Until no outbox row is pending (True), or the deadline passes (False)."""
    from storage.store import Store

    while time.monotonic() < deadline:
        stats = await bot.store.read(Store.stats)
        if stats["queued"] == 0:
            return True
        await asyncio.sleep(POLL_EVERY)
    return False


async def deliver(settings: Settings, seconds: float) -> tuple[float, bool, int]:
    """Start the real bot; return (start time, finished in time, 429s seen by the bot)."""
    from bot.app import build_app
    from handlers.telegram.transport import TelegramTransport

    bot = await build_app(settings)
    started = time.monotonic()
    bot.start()
    try:
        finished = await wait_until_delivered(bot, started + seconds)
    finally:
        await bot.stop()
    telegram = bot.transport("telegram")
    retry_afters = telegram.limiter.retry_afters if isinstance(telegram, TelegramTransport) else 0
    return started, finished, retry_afters


def tally(
    result: RunResult, chats: Sequence[int], deliveries: dict[str, Any], started: float
) -> None:
    messages: list[tuple[int, float]] = deliveries["messages"]
    per_chat = Counter(chat for chat, _ in messages)
    result.too_many_requests = int(deliveries["too_many_requests"])
    result.duplicates = int(deliveries["duplicates"])
    result.chats_without_message = len(set(chats) - set(per_chat))
    result.chats_with_several = sum(1 for n in per_chat.values() if n > 1)
    if messages:
        first = min(at for _, at in messages)
        last = max(at for _, at in messages)
        result.elapsed_s = last - started
        result.first_to_last_s = last - first
        result.first_message_after_s = first - started
    result.minimum_s = len(chats) / TELEGRAM_RATE
    spacing(result, sorted(at for _, at in messages))
    result.ratio = result.elapsed_s / result.minimum_s
    result.messages_per_s = len(messages) / result.elapsed_s if result.elapsed_s else 0.0


def spacing(result: RunResult, times: Sequence[float]) -> None:
    """How evenly the accepted messages are spaced, against the bot's own pacing."""
    from handlers.telegram.limits import MARGIN

    gaps = sorted(b - a for a, b in itertools.pairwise(times))
    if not gaps:
        return
    period = 1 / (TELEGRAM_RATE * MARGIN)
    result.gap_median_ms = 1000 * statistics.median(gaps)
    result.gap_p99_ms = 1000 * gaps[max(0, math.ceil(0.99 * len(gaps)) - 1)]
    result.gap_max_ms = 1000 * gaps[-1]
    result.gap_excess_s = sum(max(0.0, g - period) for g in gaps)


def check(result: RunResult) -> None:
    problems = result.problems
    if result.outbox_rows != result.chats:
        problems.append(f"{result.outbox_rows} outbox rows for {result.chats} chats")
    if result.timed_out:
        problems.append("timed out before the outbox was empty")
    if result.lost_rows or result.chats_without_message:
        problems.append(
            f"lost: {result.lost_rows} outbox rows not sent, "
            f"{result.chats_without_message} chats got nothing"
        )
    if result.duplicates or result.chats_with_several:
        problems.append(
            f"duplicated: {result.duplicates} extra copies, "
            f"{result.chats_with_several} chats got more than one message"
        )


def one_run(chats: int, latency: float, concurrency: int) -> RunResult:
    result = RunResult(chats=chats)
    ids = chat_ids(chats)
    with (
        tempfile.TemporaryDirectory(prefix="trucewatch-fanout-") as tmp,
        fake_telegram(latency) as fake,
    ):
        db_path = Path(tmp) / "fanout.db"
        began = time.perf_counter()
        result.outbox_rows = populate(db_path, ids)
        result.setup_s = time.perf_counter() - began
        settings = Settings(
            telegram_token=fake.token,
            telegram_api_url=fake.base_url,
            db_path=db_path,
            parse_workers=0,
            send_concurrency=concurrency,
        )
        timeout = 3 * chats / TELEGRAM_RATE + 60
        started, finished, result.bot_retry_afters = asyncio.run(deliver(settings, timeout))
        result.timed_out = not finished
        tally(result, ids, fake.deliveries(), started)
        result.outbox = outbox_statuses(db_path)
        result.lost_rows = result.outbox_rows - result.outbox.get("sent", 0)
    check(result)
    return result


# --- reporting ------------------------------------------------------------------------------

FIGURES: tuple[tuple[str, str, str], ...] = (
    ("elapsed_s", "bot start -> last message accepted (s)", "{:.1f}"),
    ("minimum_s", "theoretical minimum, chats / 30 per s (s)", "{:.1f}"),
    ("ratio", "ratio to the minimum (x)", "{:.3f}"),
    ("messages_per_s", "messages accepted per second", "{:.2f}"),
    ("first_message_after_s", "bot start -> first message accepted (s)", "{:.2f}"),
    ("first_to_last_s", "first -> last message accepted (s)", "{:.1f}"),
    ("gap_median_ms", "spacing of accepted messages, median (ms)", "{:.2f}"),
    ("gap_p99_ms", "spacing of accepted messages, p99 (ms)", "{:.1f}"),
    ("gap_max_ms", "spacing of accepted messages, max (ms)", "{:.1f}"),
    ("gap_excess_s", "time in spacing beyond the bot's own pacing (s)", "{:.1f}"),
    ("too_many_requests", "429s answered by the fake", "{:.0f}"),
    ("bot_retry_afters", "429s seen by the bot's FloodLimiter", "{:.0f}"),
    ("lost_rows", "lost: outbox rows not sent", "{:.0f}"),
    ("chats_without_message", "lost: chats that got nothing", "{:.0f}"),
    ("duplicates", "duplicated: extra copies (fake's records)", "{:.0f}"),
    ("chats_with_several", "duplicated: chats with >1 message", "{:.0f}"),
    ("setup_s", "setup: chats + subscriptions + item (s)", "{:.1f}"),
)


def figure_medians(runs: Sequence[RunResult]) -> dict[str, float]:
    return medians(runs, (key for key, _, _ in FIGURES))


def print_table(runs: Sequence[RunResult], median: dict[str, float]) -> None:
    heads = ["figure", "median", *(f"run {i + 1}" for i in range(len(runs)))]
    rows = [
        [label, fmt.format(median[key]), *(fmt.format(getattr(r, key)) for r in runs)]
        for key, label, fmt in FIGURES
    ]
    print_rows(heads, rows)


def summary(args: argparse.Namespace, runs: Sequence[RunResult]) -> dict[str, Any]:
    median = figure_medians(runs)
    clean = all(not r.problems for r in runs)
    return {
        "benchmark": "fanout",
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "chats": args.chats,
        "latency_s": args.latency,
        "send_concurrency": args.concurrency,
        "runs": args.runs,
        "median": {k: round(v, 4) for k, v in median.items()},
        "goal": {"ratio_limit": GOAL_RATIO, "met": median["ratio"] <= GOAL_RATIO and clean},
        "runs_raw": [asdict(r) for r in runs],
        "problems": [p for r in runs for p in r.problems],
    }


# --- command line -----------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--chats",
        type=int,
        default=5000,
        help="private chats subscribed to the alert (default 5000)",
    )
    parser.add_argument(
        "--latency",
        type=float,
        default=0.0,
        help="seconds the fake adds to every response (default 0)",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=1,
        help="TRUCEWATCH_SEND_CONCURRENCY: sends in flight (default 1)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=1,
        help="repetitions (default 1: a 5,000-chat run takes ~3 minutes)",
    )
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    return parser.parse_args(argv)


def _run_line(index: int, r: RunResult) -> str:
    return (
        f"run {index}: {r.elapsed_s:.1f} s for {r.chats} chats ({r.ratio:.3f}x the "
        f"{r.minimum_s:.1f} s minimum), {r.messages_per_s:.2f} msg/s, "
        f"{r.too_many_requests} x 429, lost {r.lost_rows}/{r.chats_without_message}, "
        f"duplicated {r.duplicates}" + (" - PROBLEMS" if r.problems else "")
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    say = printer(args.json)
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    say(
        f"fanout: one alert to {args.chats} private chats, fake latency {args.latency:g} s, "
        f"send concurrency {args.concurrency}, {args.runs} run(s)"
    )
    say(
        f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}; the fake Bot API "
        "runs in its own process with Telegram's limits (30/s overall, 1/s per chat)"
    )
    runs: list[RunResult] = []
    for index in range(args.runs):
        result = one_run(args.chats, args.latency, args.concurrency)
        runs.append(result)
        say(_run_line(index + 1, result))
    report = summary(args, runs)
    if not args.json:
        print()
        print_table(runs, figure_medians(runs))
        verdict = "met" if report["goal"]["met"] else "NOT met"
        print(
            f"goal: ratio <= {GOAL_RATIO:g}x the minimum, nothing lost or duplicated: "
            f"{verdict} (median {report['median']['ratio']:.3f}x; the bot's own floor is "
            f"{1 / 0.95:.3f}x because it stays 5 % under 30/s)"
        )
        for problem in report["problems"]:
            print(f"PROBLEM: {problem}")
        print()
    print(json.dumps(report, separators=(",", ":")))
    return 1 if report["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
