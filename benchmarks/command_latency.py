"""Command reply latency while the bot ingests 1,000 feeds, and with no ingest (baseline).

What runs is what `trucewatch run` runs on Telegram: `bot.app.build_app` with default
parse workers, its 1,000 sources added to a fresh SQLite file before start. Two separate
processes keep the fakes off the bot's GIL:

* a `fakes.feed_site.FeedSite` serving 1,000 feeds x 50 items (RSS and Atom);
* a `fakes.telegram_api.FakeTelegram` with Telegram's flood limits on, plus a small
  command driver that runs on the fake's own event loop.

Method. The driver pushes one command every `--interval` seconds, cycling through
`--users` private chats (so one user's commands are users x interval seconds apart and
the 1/s per-chat limit is not what is measured) and through /help, /subscriptions,
/timeline 24h, /sources and /search truce. For every command it reads the fake's clock
just before `push_message`; the reply's time is the fake's `received_at` of the
sendMessage that answers it (the n-th push to a chat is answered by the n-th message to
it: the bot handles one user's updates in order). Both stamps come from one clock in one
process, so the latency is push -> reply accepted, with no cross-process clock mixing.

Phases, in one bot process:

1. ingest: the bot starts and polls every feed (the first full poll: every item stored).
   Commands start once the first items are in the database and stop when every source
   has been polled; commands pushed after the last source was polled are left out.
2. baseline: as many commands (at most `--baseline-commands`, 400) at the same pace from
   other users, with nothing being polled (poll_seconds is an hour, so no feed falls due
   again) and the same 50,000 items stored.

With the defaults (a command every 0.25 s, 200 users) a one-minute ingest sees about 240
commands, one or two per user, a user's two 50 s apart.

To say where the time goes, the benchmark (not the product) wraps `Commands.handle`, the
store calls it makes, and every job on the store's writer thread; those stamps use
time.monotonic(), which on Linux is CLOCK_MONOTONIC, the clock the fake uses too. Stages:
1 = push -> `Commands.handle` starts (long poll, PTB dispatch); 2 = the handler, with its
store calls split into queue (waiting for the thread), run, and back (waiting for the
event loop); 3 = handler done -> reply accepted (flood limiter, HTTP). Store calls made
in the background, off the reply's path, are not counted in 2.

Where the writer's time goes (Linux): each writer job also reads its thread's schedstat,
so the report splits an ingest job's wall time into time on a CPU, time ready but waiting
for one (other threads and processes ran), and the rest, blocked (the GIL, I/O); the same
for the jobs that were running while the slowest 1% of command writes waited. And the CPU
seconds each process spent during the ingest: the bot, its parser workers, the two fakes.

Usage: .venv/bin/python benchmarks/command_latency.py [--feeds 1000] [--items 50]
       [--users 200] [--interval 0.25] [--baseline-commands 400] [--runs 1] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import contextvars
import functools
import json
import logging
import math
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `fakes` is not installed; spawned children inherit this
    sys.path.insert(0, str(ROOT))

import psutil  # type: ignore[import-untyped]  # noqa: E402
from child_process import Child, LagTicker  # noqa: E402
from loopback_feeds import SiteProcess, add_sources  # noqa: E402
from proc_watch import children  # noqa: E402
from report import print_table, printer  # noqa: E402

from bot.config import Settings  # noqa: E402

COMMAND_TEXTS = ("/help", "/subscriptions", "/timeline 24h", "/sources", "/search truce")
INGEST_USERS = 500_000_000
BASELINE_USERS = 600_000_000
GOAL_P99_MS = 250.0
MONITOR_EVERY = 0.25


# --- the feed site, in its own process ------------------------------------------------------


# --- the fake Bot API and the command driver, in their own process ---------------------------


@dataclass(frozen=True, slots=True)
class Plan:
    first_user: int
    users: int
    interval: float
    max_commands: int


@dataclass(frozen=True, slots=True)
class Sample:
    """One command: pushed and answered on the fake's clock (replied None: no answer)."""

    chat_id: int
    text: str
    pushed_at: float
    replied_at: float | None

    @property
    def latency_ms(self) -> float | None:
        return None if self.replied_at is None else 1000 * (self.replied_at - self.pushed_at)


def command_for(plan: Plan, index: int) -> tuple[int, str]:
    """The index-th command: users in turn, and a different command on each round."""
    chat = plan.first_user + index % plan.users
    text = COMMAND_TEXTS[(index + index // plan.users) % len(COMMAND_TEXTS)]
    return chat, text


class Driver:
    """Pushes commands on the fake's event loop and pairs them with the replies."""

    def __init__(self, fake: Any) -> None:
        self.fake = fake
        self.pushed: list[tuple[int, str, float]] = []
        self._stop = threading.Event()
        self._done: Any = None

    def start(self, plan: Plan) -> None:
        self.pushed, self._stop = [], threading.Event()
        self._done = asyncio.run_coroutine_threadsafe(self._push_all(plan), self.fake._loop)

    async def _push_all(self, plan: Plan) -> None:
        loop = asyncio.get_running_loop()
        began = loop.time()
        for index in range(plan.max_commands):
            if self._stop.is_set():
                return
            delay = began + index * plan.interval - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            chat, text = command_for(plan, index)
            pushed_at = time.monotonic()  # the fake's clock (FakeTelegram's default)
            await self.fake.push_message(chat, text)
            self.pushed.append((chat, text, pushed_at))

    def stop(self) -> int:
        self._stop.set()
        self._done.result(30)
        return len(self.pushed)

    def finish(self) -> int:
        self._done.result(3600)
        return len(self.pushed)

    def samples(self, within: float) -> list[Sample]:
        """Wait up to `within` seconds for every reply, then pair pushes with replies."""
        wanted: dict[int, int] = defaultdict(int)
        for chat, _, _ in self.pushed:
            wanted[chat] += 1
        deadline = time.monotonic() + within
        while True:
            replies = self._replies(set(wanted))
            done = all(len(replies[c]) >= n for c, n in wanted.items())
            if done or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        seen: dict[int, int] = defaultdict(int)
        samples = []
        for chat, text, pushed_at in self.pushed:
            answers = replies[chat]
            k = seen[chat]
            seen[chat] += 1
            samples.append(Sample(chat, text, pushed_at, answers[k] if k < len(answers) else None))
        return samples

    def _replies(self, chats: set[int]) -> dict[int, list[float]]:
        replies: dict[int, list[float]] = defaultdict(list)
        for message in self.fake.sent:
            if message.chat_id in chats:
                replies[message.chat_id].append(message.received_at)
        return replies


def _fake_main(conn: Connection) -> None:
    """Child process: a FakeTelegram (limits on) and its driver, commanded over `conn`."""
    from fakes.telegram_api import FakeTelegram

    fake = FakeTelegram().start_in_thread()
    loop = fake._loop  # the fake's own event loop, in its thread
    assert loop is not None
    driver = Driver(fake)
    conn.send((fake.token, fake.base_url))
    while True:
        command, arg = conn.recv()
        if command == "wait_poller":
            asyncio.run_coroutine_threadsafe(fake.wait_for_poller(arg), loop).result()
            conn.send(True)
        elif command == "start":
            driver.start(arg)
            conn.send(True)
        elif command == "stop_commands":
            conn.send(driver.stop())
        elif command == "finish_commands":
            conn.send(driver.finish())
        elif command == "samples":
            conn.send(driver.samples(arg))
        elif command == "too_many_requests":
            conn.send(fake.too_many_requests_count)
        elif command == "stop":
            fake.stop_thread()
            conn.send("stopped")
            return


class FakeProcess(Child):
    """Handle on the fake's process; `ask` runs off the event loop (in a thread)."""

    stop_message = ("stop", None)

    def __init__(self) -> None:
        super().__init__(_fake_main, "fake-telegram")
        self.token, self.base_url = self.hello

    async def ask(self, command: str, arg: Any = None) -> Any:
        return await asyncio.to_thread(self.call, (command, arg))


# --- watching the ingest from a separate SQLite connection -----------------------------------


@dataclass(frozen=True, slots=True)
class Progress:
    at: float  # time.monotonic()
    items: int
    polled: int  # sources polled at least once
    last_polled: float | None  # the latest last_polled_at, as time.monotonic()


class IngestMonitor:
    """Reads progress on its own connection (not the bot's reader), in a thread."""

    def __init__(self, db_path: Path) -> None:
        self._path = db_path
        self._offset = time.time() - time.monotonic()  # epoch -> monotonic

    def _read(self) -> Progress:
        conn = sqlite3.connect(f"file:{self._path}?mode=ro", uri=True, timeout=10)
        try:
            items = conn.execute("SELECT count(*) FROM items").fetchone()[0]
            polled, last = conn.execute(
                "SELECT count(*), max(last_polled_at) FROM sources WHERE last_polled_at IS NOT NULL"
            ).fetchone()
        finally:
            conn.close()
        last_mono = None if last is None else float(last) - self._offset
        return Progress(time.monotonic(), int(items), int(polled), last_mono)

    async def read(self) -> Progress:
        return await asyncio.to_thread(self._read)

    async def wait(self, done: Callable[[Progress], bool], within: float) -> Progress:
        deadline = time.monotonic() + within
        while True:
            progress = await self.read()
            if done(progress) or time.monotonic() > deadline:
                return progress
            await asyncio.sleep(MONITOR_EVERY)


# --- bot-side stamps: where a command's time goes --------------------------------------------

# The handler's task and its stage totals; store calls made from other tasks (writes left to
# run in the background) are not on the reply's path and are not counted.
_STAGES: contextvars.ContextVar[tuple[object, dict[str, float]] | None] = contextvars.ContextVar(
    "stages", default=None
)


@dataclass(frozen=True, slots=True)
class Handled:
    """One `Commands.handle` call, stamped with time.monotonic() in the bot's process."""

    chat_id: int
    started: float
    ended: float
    stages: dict[str, float]  # seconds: write/read queue waits, run times, back to the loop


class TimedStore:
    """Wraps the AsyncStore the commands use: splits each call into queue / run / return."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    async def _timed(self, kind: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        owner = _STAGES.get()
        stages = owner[1] if owner and owner[0] is asyncio.current_task() else None
        called = time.monotonic()
        ran: list[float] = []

        @functools.wraps(fn)
        def stamped(store: Any, *a: Any, **kw: Any) -> Any:
            ran.append(time.monotonic())
            try:
                return fn(store, *a, **kw)
            finally:
                ran.append(time.monotonic())

        method = self._inner.write if kind == "write" else self._inner.read
        try:
            return await method(stamped, *args, **kwargs)
        finally:
            back = time.monotonic()
            if stages is not None and len(ran) == 2:
                for name, value in (
                    (f"{kind}_queue", ran[0] - called),
                    (f"{kind}_run", ran[1] - ran[0]),
                    (f"{kind}_back", back - ran[1]),
                ):
                    stages[name] = stages.get(name, 0.0) + value

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    async def write(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return await self._timed("write", fn, *args, **kwargs)

    async def read(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return await self._timed("read", fn, *args, **kwargs)


def instrument(commands: Any, log: list[Handled]) -> None:
    """Stamp every `Commands.handle` call (the benchmark's wrapper, not product code)."""
    handle = commands.handle
    commands.store = TimedStore(commands.store)

    async def timed(caller: Any, name: str, args: str) -> Any:
        stages: dict[str, float] = {}
        token = _STAGES.set((asyncio.current_task(), stages))
        started = time.monotonic()
        try:
            return await handle(caller, name, args)
        finally:
            log.append(Handled(caller.chat.address, started, time.monotonic(), dict(stages)))
            _STAGES.reset(token)

    commands.handle = timed


@dataclass(frozen=True, slots=True)
class Write:
    """One job on the store's single writer thread."""

    name: str
    called: float
    started: float
    ended: float
    on_cpu: float = math.nan  # seconds the writer thread ran during the job
    runnable: float = math.nan  # seconds it was ready to run but waited for a CPU


def thread_schedstat() -> tuple[float, float] | None:
    """(seconds on a CPU, seconds waiting for one) of the calling thread, from Linux's
    schedstat; None elsewhere. The rest of a job's wall time the thread was blocked: on
    the GIL, or on I/O."""
    try:
        with open(f"/proc/self/task/{threading.get_native_id()}/schedstat") as handle:
            ran, waited, _ = handle.read().split()
    except (OSError, ValueError):
        return None
    return int(ran) / 1e9, int(waited) / 1e9


def log_writes(store: Any, log: list[Write]) -> None:
    """Stamp every write the store runs: `write`, and `write_bulk` where it exists."""
    for attribute in ("write", "write_bulk"):
        if hasattr(store, attribute):
            setattr(store, attribute, _logged(getattr(store, attribute), log))


def _logged(write: Callable[..., Any], log: list[Write]) -> Callable[..., Any]:
    async def timed(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        called, ran, sched = time.monotonic(), [], []

        def stamped(inner: Any, *a: Any, **kw: Any) -> Any:
            ran.append(time.monotonic())
            sched.append(thread_schedstat())
            try:
                return fn(inner, *a, **kw)
            finally:
                sched.append(thread_schedstat())
                ran.append(time.monotonic())

        try:
            return await write(stamped, *args, **kwargs)
        finally:
            if len(ran) == 2:
                log.append(Write(fn.__name__, called, ran[0], ran[1], *_spent(sched)))

    return timed


def _spent(sched: Sequence[tuple[float, float] | None]) -> tuple[float, float]:
    if len(sched) != 2 or sched[0] is None or sched[1] is None:
        return math.nan, math.nan
    (ran0, waited0), (ran1, waited1) = sched[0], sched[1]
    return ran1 - ran0, waited1 - waited0


def time_split(jobs: Sequence[Write]) -> dict[str, float]:
    """Of the jobs' wall time, the shares the writer thread spent on a CPU, waiting for a
    CPU (other processes and threads ran), and blocked (the GIL, I/O)."""
    wall = sum(w.ended - w.started for w in jobs)
    on_cpu = sum(w.on_cpu for w in jobs)
    runnable = sum(w.runnable for w in jobs)
    if not jobs or wall <= 0 or math.isnan(on_cpu):
        return {"on_cpu_share": math.nan, "runnable_share": math.nan, "blocked_share": math.nan}
    return {
        "on_cpu_share": on_cpu / wall,
        "runnable_share": runnable / wall,
        "blocked_share": max(0.0, 1 - (on_cpu + runnable) / wall),
    }


def blocking(writes: Sequence[Write], waited: Sequence[Write]) -> list[Write]:
    """The ingest jobs that were running while one of `waited` waited for the writer."""
    return [
        o
        for o in writes
        if o.name == "ingest_polls"
        and any(o.ended > w.called and o.started < w.started for w in waited)
    ]


def writer_stats(writes: Sequence[Write], start: float, end: float) -> dict[str, float]:
    """How busy the writer thread was in [start, end], and how long commands queued."""
    inside = [w for w in writes if start <= w.called <= end]
    stores = [1000 * (w.ended - w.started) for w in inside if w.name == "ingest_polls"]
    busy = sum(max(0.0, min(w.ended, end) - max(w.started, start)) for w in writes)
    # Jobs that ran (or were running) between a command's write being queued and starting.
    ahead = [
        sum(1 for o in writes if o.ended > w.called and o.started < w.started)
        for w in inside
        if w.name == "ensure_chat"
    ]
    # How long a command's write waited for the writer thread (the jobs ahead of it).
    waits = [1000 * (w.started - w.called) for w in inside if w.name == "ensure_chat"]
    commands = [w for w in inside if w.name == "ensure_chat"]
    slowest = percentile(waits, 99)
    slow = [w for w in commands if 1000 * (w.started - w.called) >= slowest]
    ingest_split = time_split([w for w in inside if w.name == "ingest_polls"])
    slow_split = time_split(blocking(writes, slow))
    return {
        **{f"ingest_{key}": value for key, value in ingest_split.items()},
        **{f"slowest_wait_{key}": value for key, value in slow_split.items()},
        "jobs": len(inside),
        "store_polls_jobs": len(stores),
        "store_polls_run_median_ms": statistics.median(stores) if stores else math.nan,
        "store_polls_run_p99_ms": percentile(stores, 99),
        "store_polls_run_max_ms": max(stores, default=math.nan),
        "command_write_wait_p99_ms": percentile(waits, 99),
        "command_write_wait_max_ms": max(waits, default=math.nan),
        "busy_fraction": busy / (end - start) if end > start else math.nan,
        "jobs_ahead_of_a_command_median": statistics.median(ahead) if ahead else math.nan,
        "jobs_ahead_of_a_command_max": max(ahead, default=0),
    }


# --- statistics ---------------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def latency_stats(samples: Sequence[Sample]) -> dict[str, float]:
    ms = [s.latency_ms for s in samples if s.latency_ms is not None]
    return {
        "commands": len(samples),
        "answered": len(ms),
        "median_ms": statistics.median(ms) if ms else math.nan,
        "p95_ms": percentile(ms, 95),
        "p99_ms": percentile(ms, 99),
        "max_ms": max(ms, default=math.nan),
    }


def per_command(samples: Sequence[Sample]) -> dict[str, dict[str, float]]:
    return {text: latency_stats([s for s in samples if s.text == text]) for text in COMMAND_TEXTS}


def breakdown(samples: Sequence[Sample], handled: Sequence[Handled]) -> dict[str, dict[str, float]]:
    """Median and p99 (ms) of each stage: push -> handler, handler parts, handler -> reply."""
    by_chat: dict[int, list[Handled]] = defaultdict(list)
    for h in sorted(handled, key=lambda h: h.started):
        by_chat[h.chat_id].append(h)
    seen: dict[int, int] = defaultdict(int)
    stages: dict[str, list[float]] = defaultdict(list)
    for s in sorted(samples, key=lambda s: s.pushed_at):
        k, seen[s.chat_id] = seen[s.chat_id], seen[s.chat_id] + 1
        if s.replied_at is None or k >= len(by_chat[s.chat_id]):
            continue
        h = by_chat[s.chat_id][k]
        stages["1 push -> handler starts (long poll, PTB)"].append(h.started - s.pushed_at)
        stages["2 handler total"].append(h.ended - h.started)
        for name, value in h.stages.items():
            stages[f"2.{name}"].append(value)
        stages["3 handler ends -> reply accepted"].append(s.replied_at - h.ended)
    return {
        name: {"median_ms": 1000 * statistics.median(v), "p99_ms": 1000 * percentile(v, 99)}
        for name, v in sorted(stages.items())
    }


# --- one run --------------------------------------------------------------------------------


@dataclass
class Phase:
    latency: dict[str, float] = field(default_factory=dict)
    per_command: dict[str, dict[str, float]] = field(default_factory=dict)
    breakdown: dict[str, dict[str, float]] = field(default_factory=dict)
    seconds: float = 0.0
    items_at_start: int = 0
    items_at_end: int = 0
    polled_at_start: int = 0
    polled_at_end: int = 0
    excluded_after_ingest: int = 0
    lag_p99_ms: float = 0.0
    lag_worst_ms: float = 0.0
    feed_requests: int = 0
    too_many_requests: int = 0  # 429s the fake answered during the phase
    writer: dict[str, float] = field(default_factory=dict)
    cpu_seconds: dict[str, float] = field(default_factory=dict)  # by process, over the phase


@dataclass
class RunResult:
    ingest: Phase = field(default_factory=Phase)
    baseline: Phase = field(default_factory=Phase)
    ingest_seconds: float = 0.0  # bot start -> last source polled
    items_total: int = 0
    items_served: int = 0
    problems: list[str] = field(default_factory=list)


def cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds of a live process; 0 for one that is gone."""
    try:
        times = psutil.Process(pid).cpu_times()
    except psutil.Error:
        return 0.0
    return float(times.user + times.system)


def cpu_by_process(site: SiteProcess, fake: FakeProcess) -> dict[str, float]:
    """CPU seconds so far of the bot (this process: the event loop, the database threads),
    its parser workers, and the two fakes, which stand in for servers elsewhere."""
    others = {site.process.pid, fake.process.pid}
    workers = children(os.getpid()) - {pid for pid in others if pid is not None}
    return {
        "bot": cpu_seconds(os.getpid()),
        "parse_workers": sum(cpu_seconds(pid) for pid in workers),
        "feed_site": cpu_seconds(site.process.pid or 0),
        "fake_telegram": cpu_seconds(fake.process.pid or 0),
    }


def fill_phase(
    phase: Phase, samples: Sequence[Sample], handled: Sequence[Handled], lags: Sequence[float]
) -> None:
    phase.latency = latency_stats(samples)
    phase.per_command = per_command(samples)
    phase.breakdown = breakdown(samples, handled)
    phase.lag_p99_ms = 1000 * percentile(lags, 99) if lags else 0.0
    phase.lag_worst_ms = 1000 * max(lags, default=0.0)


@dataclass
class Stamps:
    """What the bot-side wrappers recorded."""

    handled: list[Handled] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)


async def ingest_phase(
    bot: Any,
    fake: FakeProcess,
    site: SiteProcess,
    monitor: IngestMonitor,
    plan: Plan,
    stamps: Stamps,
    result: RunResult,
) -> int:
    """Commands during the first full poll; returns how many were measured."""
    phase = result.ingest
    started, cpu_before = time.monotonic(), cpu_by_process(site, fake)
    bot.start()
    await bot.wait_started()
    await fake.ask("wait_poller", 30.0)
    first = await monitor.wait(lambda p: p.items > 0, 120)
    with LagTicker() as ticker:
        await fake.ask("start", plan)
        last = await monitor.wait(lambda p: p.polled >= site.feeds, 900)
        await fake.ask("stop_commands")
    samples: list[Sample] = await fake.ask("samples", 60.0)
    end = last.last_polled if last.last_polled is not None else last.at
    measured = [s for s in samples if s.pushed_at <= end]
    phase.excluded_after_ingest = len(samples) - len(measured)
    fill_phase(phase, measured, stamps.handled, ticker.lags)
    if measured:
        pushed = [s.pushed_at for s in measured]
        phase.seconds = max(pushed) - min(pushed)
        phase.writer = writer_stats(stamps.writes, min(pushed), max(pushed))
    phase.items_at_start, phase.polled_at_start = first.items, first.polled
    phase.items_at_end, phase.polled_at_end = last.items, last.polled
    phase.feed_requests = site.requests()
    phase.too_many_requests = await fake.ask("too_many_requests")
    result.ingest_seconds = end - started
    cpu_after = cpu_by_process(site, fake)  # parser workers began after `started`
    phase.cpu_seconds = {name: cpu_after[name] - cpu_before[name] for name in cpu_after}
    return len(measured)


async def baseline_phase(
    fake: FakeProcess,
    site: SiteProcess,
    monitor: IngestMonitor,
    plan: Plan,
    stamps: Stamps,
    result: RunResult,
) -> None:
    """The same commands at the same pace with nothing being polled."""
    phase = result.baseline
    requests_before = site.requests()
    first = await monitor.read()
    handled_before, began = len(stamps.handled), time.monotonic()
    with LagTicker() as ticker:
        await fake.ask("start", plan)
        await fake.ask("finish_commands")
        samples: list[Sample] = await fake.ask("samples", 60.0)
    last = await monitor.read()
    fill_phase(phase, samples, stamps.handled[handled_before:], ticker.lags)
    phase.seconds = plan.max_commands * plan.interval
    phase.writer = writer_stats(stamps.writes, began, time.monotonic())
    phase.items_at_start, phase.polled_at_start = first.items, first.polled
    phase.items_at_end, phase.polled_at_end = last.items, last.polled
    phase.feed_requests = site.requests() - requests_before
    phase.too_many_requests = await fake.ask("too_many_requests") - result.ingest.too_many_requests


async def measure(
    settings: Settings, site: SiteProcess, fake: FakeProcess, args: argparse.Namespace
) -> RunResult:
    from bot.app import build_app

    result, stamps = RunResult(), Stamps()
    monitor = IngestMonitor(settings.db_path)
    bot = await build_app(settings)
    log_writes(bot.store, stamps.writes)
    instrument(bot.commands, stamps.handled)
    try:
        plan = Plan(INGEST_USERS, args.users, args.interval, 1_000_000)
        count = await ingest_phase(bot, fake, site, monitor, plan, stamps, result)
        await asyncio.sleep(args.settle)  # the last stores and the parse pool go quiet
        plan = Plan(
            BASELINE_USERS, args.users, args.interval, max(1, min(count, args.baseline_commands))
        )
        await baseline_phase(fake, site, monitor, plan, stamps, result)
        result.items_total = (await monitor.read()).items
    finally:
        await bot.stop()
    return result


def check(result: RunResult, feeds: int) -> None:
    problems = result.problems
    ingest, base = result.ingest, result.baseline
    if ingest.polled_at_end < feeds:
        problems.append(f"only {ingest.polled_at_end} of {feeds} sources were polled")
    if ingest.items_at_end <= ingest.items_at_start:
        problems.append("no items were stored while commands were measured")
    if ingest.latency["answered"] < ingest.latency["commands"]:
        problems.append(
            f"ingest: {ingest.latency['commands'] - ingest.latency['answered']} "
            "commands got no reply"
        )
    if base.latency["answered"] < base.latency["commands"]:
        problems.append(
            f"baseline: {base.latency['commands'] - base.latency['answered']} commands got no reply"
        )
    if base.items_at_end != base.items_at_start or base.feed_requests:
        problems.append(
            f"baseline was not quiet: items {base.items_at_start} -> "
            f"{base.items_at_end}, {base.feed_requests} feed requests"
        )


def one_run(site: SiteProcess, args: argparse.Namespace) -> RunResult:
    with tempfile.TemporaryDirectory(prefix="trucewatch-latency-") as tmp, fake_telegram() as fake:
        db_path = Path(tmp) / "latency.db"
        add_sources(db_path, site.urls())
        # poll_seconds only sets when a feed is due *again*: an hour keeps the baseline quiet.
        settings = Settings(
            telegram_token=fake.token,
            telegram_api_url=fake.base_url,
            db_path=db_path,
            allow_private_urls=True,
            poll_seconds=3600,
        )
        result = asyncio.run(measure(settings, site, fake, args))
    result.items_served = site.feeds * args.items
    check(result, site.feeds)
    return result


def fake_telegram() -> FakeProcess:
    return FakeProcess()


# --- reporting ------------------------------------------------------------------------------

STAT_KEYS = ("median_ms", "p95_ms", "p99_ms", "max_ms")


def median_of(runs: Sequence[RunResult], phase: str, key: str) -> float:
    return float(statistics.median(getattr(r, phase).latency[key] for r in runs))


def print_latency_table(runs: Sequence[RunResult]) -> None:
    heads = ["phase", "commands", *STAT_KEYS]
    rows = []
    for phase in ("ingest", "baseline"):
        label = "during ingest" if phase == "ingest" else "no ingest (baseline)"
        rows.append(
            [
                label,
                f"{median_of(runs, phase, 'commands'):.0f}",
                *(f"{median_of(runs, phase, k):.1f}" for k in STAT_KEYS),
            ]
        )
    print_table(heads, rows)


def print_per_command(run: RunResult) -> None:
    heads = ["command", "ingest median", "ingest p99", "baseline median", "baseline p99"]
    rows = [
        [
            text,
            *(
                f"{getattr(run, ph).per_command[text][k]:.1f}"
                for ph in ("ingest", "baseline")
                for k in ("median_ms", "p99_ms")
            ),
        ]
        for text in COMMAND_TEXTS
    ]
    print_table(heads, rows)


def print_breakdown(run: RunResult) -> None:
    names = sorted(set(run.ingest.breakdown) | set(run.baseline.breakdown))
    heads = ["stage (ms)", "ingest median", "ingest p99", "baseline median", "baseline p99"]
    rows = []
    for name in names:
        cells = []
        for phase in (run.ingest, run.baseline):
            stage = phase.breakdown.get(name, {"median_ms": math.nan, "p99_ms": math.nan})
            cells += [f"{stage['median_ms']:.1f}", f"{stage['p99_ms']:.1f}"]
        rows.append([name, *cells])
    print_table(heads, rows)


WRITER_FIGURES: tuple[tuple[str, str, str], ...] = (
    ("jobs", "jobs on the writer thread", "{:.0f}"),
    ("store_polls_jobs", "  of which ingest_polls (a batch of feeds)", "{:.0f}"),
    ("store_polls_run_median_ms", "ingest_polls run time, median (ms)", "{:.1f}"),
    ("store_polls_run_p99_ms", "ingest_polls run time, p99 (ms)", "{:.1f}"),
    ("store_polls_run_max_ms", "ingest_polls run time, max (ms)", "{:.1f}"),
    ("command_write_wait_p99_ms", "a command's write waiting for the writer, p99 (ms)", "{:.1f}"),
    ("command_write_wait_max_ms", "a command's write waiting for the writer, max (ms)", "{:.1f}"),
    ("ingest_on_cpu_share", "ingest_polls: share of its time on a CPU", "{:.2f}"),
    ("ingest_runnable_share", "  ... waiting for a CPU (other work ran)", "{:.2f}"),
    ("ingest_blocked_share", "  ... blocked (the GIL, I/O)", "{:.2f}"),
    ("slowest_wait_on_cpu_share", "jobs ahead of the slowest 1% of waits: on a CPU", "{:.2f}"),
    ("slowest_wait_runnable_share", "  ... waiting for a CPU", "{:.2f}"),
    ("slowest_wait_blocked_share", "  ... blocked (the GIL, I/O)", "{:.2f}"),
    ("busy_fraction", "writer thread busy (fraction of the phase)", "{:.2f}"),
    ("jobs_ahead_of_a_command_median", "jobs run before a command's write, median", "{:.0f}"),
    ("jobs_ahead_of_a_command_max", "jobs run before a command's write, max", "{:.0f}"),
)


def print_writer(run: RunResult) -> None:
    heads = ["SQLite writer thread, last run", "during ingest", "baseline"]
    rows = [
        [
            label,
            fmt.format(run.ingest.writer.get(key, math.nan)),
            fmt.format(run.baseline.writer.get(key, math.nan)),
        ]
        for key, label, fmt in WRITER_FIGURES
    ]
    print_table(heads, rows)


def print_ingest_evidence(runs: Sequence[RunResult]) -> None:
    for index, r in enumerate(runs, 1):
        i, b = r.ingest, r.baseline
        print(
            f"run {index}: ingest (bot start -> last source polled) {r.ingest_seconds:.1f} s; "
            f"commands measured over {i.seconds:.1f} s while items went "
            f"{i.items_at_start:,} -> {i.items_at_end:,} and sources polled "
            f"{i.polled_at_start} -> {i.polled_at_end} ({i.excluded_after_ingest} pushed "
            f"after the last poll left out); loop lag p99/worst {i.lag_p99_ms:.0f}/"
            f"{i.lag_worst_ms:.0f} ms; {i.too_many_requests} x 429 from the fake"
        )
        print(
            f"        baseline: items {b.items_at_start:,} -> {b.items_at_end:,}, "
            f"{b.feed_requests} feed requests; loop lag p99/worst {b.lag_p99_ms:.0f}/"
            f"{b.lag_worst_ms:.0f} ms; {b.too_many_requests} x 429 from the fake"
        )
        cpu = ", ".join(f"{name} {spent:.0f}" for name, spent in i.cpu_seconds.items())
        print(f"        CPU seconds during the ingest: {cpu}")
        print(
            f"        items stored in all: {r.items_total:,} of {r.items_served:,} served "
            "(entries with the same text in one feed are stored once)"
        )


def summary(args: argparse.Namespace, runs: Sequence[RunResult]) -> dict[str, Any]:
    median = {
        phase: {
            k: round(median_of(runs, phase, k), 2) for k in ("commands", "answered", *STAT_KEYS)
        }
        for phase in ("ingest", "baseline")
    }
    met = median["ingest"]["p99_ms"] < GOAL_P99_MS
    return {
        "benchmark": "command_latency",
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "feeds": args.feeds,
        "items_per_feed": args.items,
        "users": args.users,
        "interval_s": args.interval,
        "parse_workers": Settings().parse_workers,
        "runs": args.runs,
        "median": median,
        "goal": {"ingest_p99_ms_below": GOAL_P99_MS, "met": met},
        "runs_raw": [asdict(r) for r in runs],
        "problems": [p for r in runs for p in r.problems],
    }


# --- command line -----------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=1000, help="feeds served (default 1000)")
    parser.add_argument("--items", type=int, default=50, help="items per feed (default 50)")
    parser.add_argument(
        "--users", type=int, default=200, help="private chats the commands come from (default 200)"
    )
    parser.add_argument(
        "--interval", type=float, default=0.25, help="seconds between two commands (default 0.25)"
    )
    parser.add_argument(
        "--baseline-commands",
        type=int,
        default=400,
        help="at most this many commands in the baseline (default 400)",
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=3.0,
        help="seconds between the ingest and the baseline (default 3)",
    )
    parser.add_argument("--runs", type=int, default=1, help="repetitions (default 1)")
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    return parser.parse_args(argv)


def finite(value: Any) -> Any:
    """The summary with NaN (no samples) as null, so the JSON line is strict JSON."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    return value


def report(runs: Sequence[RunResult], summary_: dict[str, Any]) -> None:
    print()
    print("Reply latency, push -> reply accepted by the fake (ms; median over runs):")
    print_latency_table(runs)
    last = runs[-1]
    print("\nPer command, last run (ms):")
    print_per_command(last)
    print("\nWhere the time goes, last run (bot-side stamps; 2.x are parts of 2):")
    print_breakdown(last)
    print()
    print_writer(last)
    print()
    print_ingest_evidence(runs)
    p99 = summary_["median"]["ingest"]["p99_ms"]
    print(
        f"goal: p99 during ingest < {GOAL_P99_MS:g} ms: "
        f"{'met' if summary_['goal']['met'] else 'NOT met'} (p99 {p99:.0f} ms)"
    )
    for problem in summary_["problems"]:
        print(f"PROBLEM: {problem}")
    print()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    say = printer(args.json)
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    say(
        f"command_latency: {args.feeds} feeds x {args.items} items, commands every "
        f"{args.interval:g} s from {args.users} users, {args.runs} run(s)"
    )
    say(
        f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{Settings().parse_workers} parse workers (default)"
    )
    started = time.perf_counter()
    runs: list[RunResult] = []
    with SiteProcess(args.feeds, args.items) as site:
        say(f"feed site ready in {time.perf_counter() - started:.1f} s (pid {site.process.pid})")
        for index in range(args.runs):
            result = one_run(site, args)
            runs.append(result)
            i, b = result.ingest.latency, result.baseline.latency
            say(
                f"run {index + 1}: ingest {result.ingest_seconds:.1f} s; during ingest "
                f"{i['commands']:.0f} commands, median {i['median_ms']:.0f} ms, p99 "
                f"{i['p99_ms']:.0f} ms; baseline median {b['median_ms']:.0f} ms, p99 "
                f"{b['p99_ms']:.0f} ms" + (" - PROBLEMS" if result.problems else "")
            )
    summary_ = summary(args, runs)
    if not args.json:
        report(runs, summary_)
    print(json.dumps(finite(summary_), separators=(",", ":")))
    return 1 if summary_["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
