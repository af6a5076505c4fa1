"""Fan-out benchmark on Discord: one alert to N server channels through the real bot, under
Discord's limits.

What runs is what `trucewatch run` runs with DISCORD_BOT_TOKEN set: `bot.app.build_app` with
the Discord transport (discord.py 2, the pacer, the outbox worker, SQLite on a temp file).
It talks to `fakes.discord_api.FakeDiscord` served from a *separate process* (so the fake
does not compete with the bot for the GIL) with Discord's limits on: 50 requests a second
in all and 5 messages per 5 s per channel, answered with 429 beyond them.

Each run, on a fresh database and a fresh fake: N channels of one server, each following
"violations", and one matching story (N outbox rows, checked); the clock starts just before
`App.start()`; the run ends when the outbox has no pending row; the end is the fake's time
of the last message it accepted (both processes read CLOCK_MONOTONIC).

The floor the limits allow is N / 50 s. The bot stays 5 % under Discord's 50 a second
(`handlers.pacing.MARGIN`), so its own floor is 1.053x. Lost: outbox rows not 'sent', or
channels with no message; duplicated: channels with more than one.

Usage: .venv/bin/python benchmarks/discord_fanout.py [--channels 5000] [--runs 1] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import platform
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `fakes` is not installed; spawned children inherit this
    sys.path.insert(0, str(ROOT))

from child_process import Child  # noqa: E402
from fanout import outbox_statuses, populate  # noqa: E402
from report import medians, printer  # noqa: E402
from report import print_table as print_rows  # noqa: E402

DISCORD_RATE = 50.0  # requests per second, Discord's global limit
GOAL_RATIO = 1.1
POLL_EVERY = 0.25


# --- the fake Discord, in its own process -----------------------------------------------------


def _fake_main(conn: Connection, channels: int) -> None:
    """Child process: serve a FakeDiscord with one server of `channels` channels."""
    from fakes.discord_api import FakeDiscord

    loop = asyncio.new_event_loop()
    fake = FakeDiscord()
    threading.Thread(target=loop.run_forever, name="fake-discord", daemon=True).start()

    def on_loop(coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, loop).result()

    on_loop(fake.start())
    guild = on_loop(fake.add_guild("Newsroom", tuple(f"c{n}" for n in range(channels))))
    conn.send((fake.token, fake.api_url, fake.gateway_url, list(guild.channel_ids)))
    while conn.recv() == "deliveries":
        sent = [(m.channel_id, m.at) for m in list(fake.sent) if m.via == "channel"]
        statuses = Counter(c.status for c in list(fake.calls) if c.kind == "send_message")
        conn.send({"messages": sent, "too_many_requests": statuses.get(429, 0)})
    on_loop(fake.stop())
    conn.send("stopped")


class FakeProcess(Child):
    def __init__(self, channels: int) -> None:
        super().__init__(_fake_main, "fake-discord", channels)
        self.token, self.api_url, self.gateway_url, self.channels = self.hello

    def deliveries(self) -> dict[str, Any]:
        answer: dict[str, Any] = self.call("deliveries")
        return answer


def fake_discord(channels: int) -> FakeProcess:
    return FakeProcess(channels)


# --- one run ----------------------------------------------------------------------------------


@dataclass
class RunResult:
    channels: int = 0
    outbox_rows: int = 0
    elapsed_s: float = 0.0  # bot start -> last message accepted
    minimum_s: float = 0.0
    ratio: float = 0.0
    messages_per_s: float = 0.0
    first_message_after_s: float = 0.0  # includes logging in and the gateway's READY
    too_many_requests: int = 0
    lost_rows: int = 0
    channels_without_message: int = 0
    duplicates: int = 0
    outbox: dict[str, int] = field(default_factory=dict)
    timed_out: bool = False
    problems: list[str] = field(default_factory=list)


async def deliver(settings: Any, seconds: float) -> tuple[float, bool]:
    """Start the real bot; return (start time, finished in time)."""
    from bot.app import build_app
    from storage.store import Store

    bot = await build_app(settings)
    started = time.monotonic()
    bot.start()
    try:
        while time.monotonic() < started + seconds:
            if (await bot.store.read(Store.stats))["queued"] == 0:
                return started, True
            await asyncio.sleep(POLL_EVERY)
        return started, False
    finally:
        await bot.stop()


def tally(result: RunResult, channels: Sequence[int], seen: dict[str, Any], start: float) -> None:
    messages: list[tuple[int, float]] = seen["messages"]
    per_channel = Counter(channel for channel, _ in messages)
    result.too_many_requests = int(seen["too_many_requests"])
    result.channels_without_message = len(set(channels) - set(per_channel))
    result.duplicates = sum(n - 1 for n in per_channel.values())
    result.minimum_s = len(channels) / DISCORD_RATE
    if messages:
        result.elapsed_s = max(at for _, at in messages) - start
        result.first_message_after_s = min(at for _, at in messages) - start
        result.messages_per_s = len(messages) / result.elapsed_s
    result.ratio = result.elapsed_s / result.minimum_s


def check(result: RunResult) -> None:
    if result.outbox_rows != result.channels:
        result.problems.append(f"{result.outbox_rows} outbox rows for {result.channels}")
    if result.timed_out:
        result.problems.append("timed out before the outbox was empty")
    if result.lost_rows or result.channels_without_message:
        result.problems.append(
            f"lost: {result.lost_rows} rows, {result.channels_without_message} channels"
        )
    if result.duplicates:
        result.problems.append(f"duplicated: {result.duplicates} extra messages")


def one_run(channels: int) -> RunResult:
    from bot.config import Settings

    result = RunResult(channels=channels)
    with (
        tempfile.TemporaryDirectory(prefix="trucewatch-discord-fanout-") as tmp,
        fake_discord(channels) as fake,
    ):
        db_path = Path(tmp) / "fanout.db"
        result.outbox_rows = populate(db_path, fake.channels, "discord")
        settings = Settings(
            discord_token=fake.token,
            discord_api_url=fake.api_url,
            discord_gateway_url=fake.gateway_url,
            db_path=db_path,
            parse_workers=0,
            poll_seconds=3600.0,
        )
        timeout = 3 * channels / DISCORD_RATE + 60
        started, finished = asyncio.run(deliver(settings, timeout))
        result.timed_out = not finished
        tally(result, fake.channels, fake.deliveries(), started)
        result.outbox = outbox_statuses(db_path)
        result.lost_rows = result.outbox_rows - result.outbox.get("sent", 0)
    check(result)
    return result


# --- reporting and command line ---------------------------------------------------------------

FIGURES: tuple[tuple[str, str, str], ...] = (
    ("elapsed_s", "bot start -> last message accepted (s)", "{:.1f}"),
    ("minimum_s", "floor the limits allow, channels / 50 per s (s)", "{:.1f}"),
    ("ratio", "ratio to the floor (x)", "{:.3f}"),
    ("messages_per_s", "messages accepted per second", "{:.2f}"),
    ("first_message_after_s", "bot start -> first message (login, READY) (s)", "{:.2f}"),
    ("too_many_requests", "429s answered by the fake", "{:.0f}"),
    ("lost_rows", "lost: outbox rows not sent", "{:.0f}"),
    ("channels_without_message", "lost: channels that got nothing", "{:.0f}"),
    ("duplicates", "duplicated: extra messages", "{:.0f}"),
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--channels", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    args = parser.parse_args(argv)
    say = printer(args.json)
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    say(
        f"discord fan-out: one alert to {args.channels} channels, {args.runs} run(s), "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    runs = []
    for index in range(args.runs):
        runs.append(one_run(args.channels))
        r = runs[-1]
        say(
            f"run {index + 1}: {r.elapsed_s:.1f} s ({r.ratio:.3f}x the {r.minimum_s:.1f} s "
            f"floor), {r.too_many_requests} x 429, lost {r.lost_rows}, dup {r.duplicates}"
        )
    median = medians(runs, (key for key, _, _ in FIGURES))
    problems = [p for r in runs for p in r.problems]
    met = median["ratio"] <= GOAL_RATIO and not problems
    if not args.json:
        heads = ["figure", "median", *(f"run {i + 1}" for i in range(len(runs)))]
        rows = [
            [label, fmt.format(median[key]), *(fmt.format(getattr(r, key)) for r in runs)]
            for key, label, fmt in FIGURES
        ]
        print_rows(heads, rows)
        print(
            f"goal: <= {GOAL_RATIO:g}x the floor, nothing lost or duplicated: "
            f"{'met' if met else 'NOT met'}"
        )
        for problem in problems:
            print(f"PROBLEM: {problem}")
    report = {
        "benchmark": "discord_fanout",
        "channels": args.channels,
        "median": {k: round(v, 4) for k, v in median.items()},
        "goal": {"ratio_limit": GOAL_RATIO, "met": met},
        "runs_raw": [asdict(r) for r in runs],
        "problems": problems,
    }
    print(json.dumps(report, separators=(",", ":")))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
