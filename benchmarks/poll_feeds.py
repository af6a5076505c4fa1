"""End-to-end polling benchmark: 1,000 loopback feeds through the real pipeline.

What is measured is what `trucewatch run` does on a tick: `bot.app.build_app` wires the
Fetcher (one aiohttp session), the process-pool parser (`bot.app.parser_pool`), and the
AsyncStore on a real SQLite file; `Pipeline.poll_once()` polls every due source.

The feeds come from `fakes.feed_site.FeedSite`, run in a separate process so the
site does not compete with the measured process for the GIL. Each run, on a fresh
database:

1. feedparser alone parses the same response bodies sequentially in one (fresh) process:
   the yardstick for the pipeline's overhead. It runs before and again after the pipeline,
   and the mean of the two is used, so a machine whose speed drifts during a run (shared
   hosts do) does not tilt the ratio either way;
2. the first full poll stores every item (200s); a 10 ms ticker on the same event loop
   records how late it wakes up, a thread samples the RSS of this process and of the
   parser workers every 50 ms, and the CPU time of the event loop thread, the database
   writer thread, the workers and the site is taken before and after (where time goes);
3. every source is made due again and polled once more: every feed answers 304.

The run fails (exit status 1) on an unexplained problem: a failed poll, a source error,
other statuses than 200 then 304, items appearing in the steady state, or an item count
other than feeds x items that same-text twins in the generated feeds do not account for.

Usage: .venv/bin/python benchmarks/poll_feeds.py [--feeds 1000] [--items 50]
       [--workers N] [--runs 3] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import json
import logging
import multiprocessing
import os
import pickle
import platform
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `fakes` is not installed; spawned children inherit this
    sys.path.insert(0, str(ROOT))

import psutil  # type: ignore[import-untyped]  # noqa: E402
from child_process import LagTicker, spawn_child  # noqa: E402
from loopback_feeds import FEED_KINDS, SiteProcess, add_sources  # noqa: E402
from report import medians, printer  # noqa: E402
from report import print_table as print_rows  # noqa: E402

from bot.config import Settings  # noqa: E402
from bot.models import Alert  # noqa: E402

SAMPLE_EVERY = 0.050
MB = 1024 * 1024
T = TypeVar("T")

# Goals from the brief: (figure, comparison, threshold).
GOALS: dict[str, tuple[str, float]] = {
    "ratio_to_feedparser": ("<=", 2.0),
    "steady_poll_s": ("<", 5.0),
    "lag_worst_ms": ("<", 100.0),
}


# --- the feed site, in its own process -------------------------------------------------------


class PollSite(SiteProcess):
    """The feed site, with an idle control process that measures the machine's noise."""

    def __init__(self, feeds: int, items: int) -> None:
        super().__init__(feeds, items)
        self.control = ControlTicker()

    def stop(self) -> None:
        self.control.close()
        super().stop()


# --- feedparser alone, the yardstick ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Baseline:
    seconds: float
    entries: int
    body_bytes: int


async def _fetch_bodies(urls: Sequence[str]) -> list[bytes]:
    import aiohttp

    slots = asyncio.Semaphore(20)
    async with aiohttp.ClientSession() as session:

        async def get(url: str) -> bytes:
            async with slots, session.get(url) as resp:
                resp.raise_for_status()
                return await resp.read()

        return list(await asyncio.gather(*(get(u) for u in urls)))


def save_bodies(urls: Sequence[str], path: Path) -> None:
    """Fetch every feed once with a plain aiohttp client (this also warms the site's gzip
    cache, so every run finds the site in the same state)."""
    bodies = asyncio.run(_fetch_bodies(urls))
    path.write_bytes(pickle.dumps(bodies, protocol=pickle.HIGHEST_PROTOCOL))


def feedparser_alone(path: Path) -> Baseline:
    """In a fresh process: feedparser.parse over every saved body, sequentially."""
    import gc

    import feedparser

    bodies: list[bytes] = pickle.loads(path.read_bytes())
    gc.collect()
    started = time.perf_counter()
    entries = sum(len(feedparser.parse(body).entries) for body in bodies)
    seconds = time.perf_counter() - started
    return Baseline(seconds, entries, sum(map(len, bodies)))


def in_child(fn: Callable[..., T], *args: Any) -> T:
    """Run `fn` in a fresh spawned process, so its memory and CPU stay out of this one."""
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
        return pool.submit(fn, *args).result()


# --- event-loop lag and memory -----------------------------------------------------------------


async def _control_loop(conn: Connection) -> None:
    loop = asyncio.get_running_loop()
    ticker = LagTicker()
    while True:
        command = await loop.run_in_executor(None, conn.recv)
        if command == "start":
            ticker = LagTicker().__enter__()
        elif command == "stop":
            ticker.__exit__()
            conn.send((ticker.worst_ms(), ticker.p99_ms()))
        else:
            return


def _control_main(conn: Connection) -> None:
    asyncio.run(_control_loop(conn))


class ControlTicker:
    """The same 10 ms ticker in an otherwise idle process: its lag is the machine's
    scheduling noise (other tenants, our own workers), not this process's doing."""

    def __init__(self) -> None:
        self._conn, self.process = spawn_child(_control_main, "control-ticker")

    def start(self) -> None:
        self._conn.send("start")

    def stop(self) -> tuple[float, float]:
        """Worst and p99 lag (ms) since start()."""
        self._conn.send("stop")
        worst, p99 = self._conn.recv()
        return float(worst), float(p99)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._conn.send("quit")
        self.process.join(5)


def child_pids() -> set[int]:
    """Direct children of this process (cheap on Linux; psutil scans all of /proc)."""
    tasks = Path(f"/proc/{os.getpid()}/task")
    if not tasks.is_dir():
        return {child.pid for child in psutil.Process().children()}
    pids: set[int] = set()
    for path in tasks.glob("*/children"):
        with contextlib.suppress(OSError, ValueError):
            pids.update(int(pid) for pid in path.read_text().split())
    return pids


class MemorySampler:
    """Samples RSS of this process and of its parser workers (other children excluded)."""

    def __init__(self, exclude: set[int], every: float = SAMPLE_EVERY) -> None:
        self._me = psutil.Process()
        self._exclude = set(exclude)
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="rss-sampler", daemon=True)
        self._workers: dict[int, psutil.Process] = {}
        self.main_start = self._me.memory_info().rss
        self.main_peak = self.main_start
        self.workers_peak = 0  # the largest sum over the workers at one instant
        self.worker_peak = 0  # the largest single worker

    @property
    def worker_pids(self) -> set[int]:
        return set(self._workers)

    def _discover(self) -> None:
        for pid in child_pids() - self._exclude - set(self._workers):
            with contextlib.suppress(psutil.Error):
                child = psutil.Process(pid)
                if "resource_tracker" in " ".join(child.cmdline()):
                    self._exclude.add(pid)
                else:
                    self._workers[pid] = child

    def sample(self) -> None:
        self.main_peak = max(self.main_peak, self._me.memory_info().rss)
        self._discover()
        total = 0
        for child in self._workers.values():
            with contextlib.suppress(psutil.Error):
                rss = child.memory_info().rss
                total += rss
                self.worker_peak = max(self.worker_peak, rss)
        self.workers_peak = max(self.workers_peak, total)

    def workers_cpu(self) -> float:
        """CPU seconds used so far by the workers seen (they live until the pool closes)."""
        total = 0.0
        for child in self._workers.values():
            with contextlib.suppress(psutil.Error):
                times = child.cpu_times()
                total += times.user + times.system
        return total

    def _loop(self) -> None:
        while not self._stop.wait(self._every):
            self.sample()

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()


# --- where the CPU goes ------------------------------------------------------------------------

THREAD_GROUPS = (("MainThread", "event loop"), ("trucewatch-db-write", "db writer"))


def thread_cpu() -> Counter[str]:
    """CPU seconds of this process's threads so far, grouped: loop, db writer, other."""
    names = {t.native_id: t.name for t in threading.enumerate()}
    groups: Counter[str] = Counter()
    for thread in psutil.Process().threads():
        name = names.get(thread.id, "")
        group = next((g for prefix, g in THREAD_GROUPS if name.startswith(prefix)), "other")
        groups[group] += thread.user_time + thread.system_time
    return groups


def process_cpu(pid: int | None) -> float:
    if pid is None:
        return 0.0
    with contextlib.suppress(psutil.Error):
        times = psutil.Process(pid).cpu_times()
        return float(times.user + times.system)
    return 0.0


# --- results -----------------------------------------------------------------------------------


@dataclass
class RunResult:
    first_poll_s: float = 0.0
    items_stored: int = 0
    items_per_s: float = 0.0
    feedparser_s: float = 0.0  # the mean of the runs before and after the pipeline
    feedparser_before_s: float = 0.0
    feedparser_after_s: float = 0.0
    feedparser_items_per_s: float = 0.0
    ratio_to_feedparser: float = 0.0
    steady_poll_s: float = 0.0
    lag_worst_ms: float = 0.0
    lag_p99_ms: float = 0.0
    steady_lag_worst_ms: float = 0.0
    control_lag_worst_ms: float = 0.0  # an idle process's ticker, same interval
    control_lag_p99_ms: float = 0.0
    main_rss_start_mb: float = 0.0
    main_rss_peak_mb: float = 0.0
    workers_rss_peak_mb: float = 0.0
    worker_rss_peak_mb: float = 0.0
    workers_seen: int = 0
    # CPU seconds spent during the first poll, by whom.
    cpu_loop_s: float = 0.0
    cpu_db_writer_s: float = 0.0
    cpu_other_threads_s: float = 0.0
    cpu_workers_s: float = 0.0
    cpu_site_s: float = 0.0
    db_writer_busy: float = 0.0  # db writer CPU / first poll wall time
    # The writer is one thread: its CPU alone bounds the first poll from below.
    writer_to_feedparser: float = 0.0
    first_statuses: dict[str, int] = field(default_factory=dict)
    steady_statuses: dict[str, int] = field(default_factory=dict)
    discrepancies: list[str] = field(default_factory=list)  # explained, reported
    problems: list[str] = field(default_factory=list)  # unexplained: the run is wrong


# --- database helpers (run on the store's threads) ---------------------------------------------


def make_all_due(store: Any) -> None:
    with store.db.conn:
        store.db.execute("UPDATE sources SET next_poll_at = 0")


def source_errors(store: Any) -> list[str]:
    rows = store.db.execute(
        "SELECT url, last_error FROM sources WHERE last_error IS NOT NULL OR failures > 0 "
        "OR status != 'ok'"
    ).fetchall()
    return [f"{url}: {error}" for url, error in rows]


def item_count(store: Any) -> int:
    return int(store.db.execute("SELECT count(*) FROM items").fetchone()[0])


def short_sources(store: Any, items: int) -> dict[str, int]:
    """Feed path -> items missing, for every source that stored fewer than `items`."""
    rows = store.db.execute(
        "SELECT s.url, count(i.id) FROM sources s LEFT JOIN items i ON i.source_id = s.id "
        "GROUP BY s.id HAVING count(i.id) != ?",
        [items],
    ).fetchall()
    return {urlsplit(url).path: items - n for url, n in rows}


# --- correctness checks ------------------------------------------------------------------------


def check_items(result: RunResult, site: PollSite, expected: int, short: dict[str, int]) -> None:
    """Expect feeds x items rows; a shortfall is explained only by same-text twins."""
    if result.items_stored == expected:
        return
    message = (
        f"first poll stored {result.items_stored:,} items, expected {expected:,} "
        f"({expected - result.items_stored:,} fewer); short feeds: {short}"
    )
    if short == site.twins:
        result.discrepancies.append(
            f"{message}. Every missing item repeats the title and summary of an earlier "
            "entry of the same feed (make_entries produced twins under different guids); "
            "dedup.unseen drops those by design (same content_hash for the source)."
        )
    else:
        result.problems.append(f"{message}; same-text twins served: {site.twins}")


def _check(problems: list[str], ok: bool, message: str) -> None:
    if not ok:
        problems.append(message)


def _statuses(counter: Counter[int]) -> dict[str, int]:
    return {str(status): n for status, n in sorted(counter.items(), key=lambda kv: str(kv[0]))}


# --- one run -----------------------------------------------------------------------------------


class NullSender:
    """No subscriptions exist, so nothing is ever sent."""

    def wait_for(self, address: int) -> float:
        return 0.0

    async def send(self, alert: Alert) -> int | None:
        return None


class NullTransport:
    """A platform with no chats: the pipeline alone is measured."""

    name = "console"

    def __init__(self) -> None:
        self.sender = NullSender()

    async def start(self) -> None:
        """Nothing to connect."""

    async def stop(self) -> None:
        """Nothing to close."""

    async def open(self) -> None:
        """Nothing to open."""

    async def close(self) -> None:
        """Nothing to close."""


async def poll_everything(pipeline: Any, expected: int) -> list[Any]:
    """poll_once until nothing is due (poll_due takes at most 1,000 sources a call)."""
    reports: list[Any] = []
    while len(reports) < expected:
        batch = await pipeline.poll_once()
        if not batch:
            break
        reports.extend(batch)
    return reports


async def first_poll(
    core: Any, site: PollSite, sampler: MemorySampler, result: RunResult
) -> list[Any]:
    threads_before, site_before = thread_cpu(), process_cpu(site.process.pid)
    site.control.start()
    with LagTicker() as ticker:
        started = time.perf_counter()
        reports = await poll_everything(core.pipeline, site.feeds)
        result.first_poll_s = time.perf_counter() - started
    result.control_lag_worst_ms, result.control_lag_p99_ms = site.control.stop()
    threads = thread_cpu()
    threads.subtract(threads_before)
    result.cpu_loop_s = threads["event loop"]
    result.cpu_db_writer_s = threads["db writer"]
    result.cpu_other_threads_s = threads["other"]
    result.cpu_workers_s = sampler.workers_cpu()  # the pool started with this poll
    result.cpu_site_s = process_cpu(site.process.pid) - site_before
    result.db_writer_busy = result.cpu_db_writer_s / result.first_poll_s
    result.lag_worst_ms, result.lag_p99_ms = ticker.worst_ms(), ticker.p99_ms()
    return reports


async def check_first_poll(
    core: Any, site: PollSite, result: RunResult, reports: Sequence[Any], items: int
) -> None:
    feeds, problems = site.feeds, result.problems
    result.first_statuses = _statuses(site.statuses())
    result.items_stored = await core.store.read(item_count)
    failed = [r for r in reports if not r.ok]
    errors = await core.store.read(source_errors)
    _check(
        problems,
        len(reports) == feeds,
        f"first poll: {len(reports)} sources polled, expected {feeds}",
    )
    _check(problems, not failed, f"first poll: {len(failed)} polls failed, e.g. {failed[:1]}")
    _check(problems, not errors, f"first poll: {len(errors)} sources with errors: {errors[:3]}")
    _check(
        problems,
        result.first_statuses == {"200": feeds},
        f"first poll: site answered {result.first_statuses}, expected 200 x {feeds}",
    )
    check_items(result, site, feeds * items, await core.store.read(short_sources, items))


async def steady_poll(core: Any, site: PollSite, result: RunResult) -> None:
    feeds, problems = site.feeds, result.problems
    await core.store.write(make_all_due)
    with LagTicker() as ticker:
        started = time.perf_counter()
        reports = await poll_everything(core.pipeline, feeds)
        result.steady_poll_s = time.perf_counter() - started
    result.steady_lag_worst_ms = ticker.worst_ms()
    result.steady_statuses = _statuses(site.statuses())
    after = await core.store.read(item_count)
    new = sum(r.new_items for r in reports)
    _check(
        problems,
        len(reports) == feeds and all(r.ok for r in reports),
        f"steady poll: {len(reports)} polled, {sum(not r.ok for r in reports)} failed",
    )
    _check(
        problems,
        result.steady_statuses == {"304": feeds},
        f"steady poll: site answered {result.steady_statuses}, expected 304 x {feeds}",
    )
    _check(
        problems,
        after == result.items_stored and new == 0,
        f"steady poll: items went from {result.items_stored} to {after} ({new} reported new)",
    )


async def measure_pipeline(
    site: PollSite, settings: Settings, items: int, result: RunResult
) -> None:
    from bot.app import build_app

    site.statuses()  # forget earlier requests
    sampler = MemorySampler(exclude={site.process.pid or -1, site.control.process.pid or -1})
    # allow_private: the feeds are on 127.0.0.1 (otherwise exactly what `trucewatch run` builds)
    core = await build_app(
        settings, allow_private=True, make_transports=lambda *_: [NullTransport()]
    )
    try:
        with sampler:
            reports = await first_poll(core, site, sampler, result)
            await check_first_poll(core, site, result, reports, items)
            await steady_poll(core, site, result)
    finally:
        await core.stop()
    result.main_rss_start_mb = sampler.main_start / MB
    result.main_rss_peak_mb = sampler.main_peak / MB
    result.workers_rss_peak_mb = sampler.workers_peak / MB
    result.worker_rss_peak_mb = sampler.worker_peak / MB
    result.workers_seen = len(sampler.worker_pids)


def one_run(site: PollSite, bodies: Path, items: int, workers: int) -> RunResult:
    result = RunResult()
    expected = site.feeds * items
    baseline = in_child(feedparser_alone, bodies)
    result.feedparser_before_s = baseline.seconds
    _check(
        result.problems,
        baseline.entries == expected,
        f"feedparser alone found {baseline.entries} entries, expected {expected}",
    )
    with tempfile.TemporaryDirectory(prefix="trucewatch-bench-") as tmp:
        db_path = Path(tmp) / "bench.db"
        add_sources(db_path, site.urls())
        settings = Settings(db_path=db_path, parse_workers=workers, allow_private_urls=True)
        asyncio.run(measure_pipeline(site, settings, items, result))
    result.feedparser_after_s = in_child(feedparser_alone, bodies).seconds
    result.feedparser_s = (result.feedparser_before_s + result.feedparser_after_s) / 2
    result.feedparser_items_per_s = baseline.entries / result.feedparser_s
    result.items_per_s = result.items_stored / result.first_poll_s
    result.ratio_to_feedparser = result.first_poll_s / result.feedparser_s
    result.writer_to_feedparser = result.cpu_db_writer_s / result.feedparser_s
    return result


# --- reporting ---------------------------------------------------------------------------------

# (key, label, format) for the table, in order.
FIGURES: tuple[tuple[str, str, str], ...] = (
    ("first_poll_s", "first full poll, wall time (s)", "{:.2f}"),
    ("items_per_s", "  end-to-end items/s (stored / wall)", "{:,.0f}"),
    ("feedparser_s", "feedparser alone, same bodies, 1 process (s)", "{:.2f}"),
    ("feedparser_before_s", "  measured before the pipeline (s)", "{:.2f}"),
    ("feedparser_after_s", "  measured after the pipeline (s)", "{:.2f}"),
    ("feedparser_items_per_s", "  feedparser-alone items/s", "{:,.0f}"),
    ("ratio_to_feedparser", "first poll / feedparser alone (x)", "{:.2f}"),
    ("steady_poll_s", "steady-state poll, all 304 (s)", "{:.3f}"),
    ("lag_worst_ms", "loop lag in first poll, worst (ms)", "{:.1f}"),
    ("lag_p99_ms", "loop lag in first poll, p99 (ms)", "{:.1f}"),
    ("control_lag_worst_ms", "  same ticker, idle control process, worst (ms)", "{:.1f}"),
    ("control_lag_p99_ms", "  same ticker, idle control process, p99 (ms)", "{:.1f}"),
    ("steady_lag_worst_ms", "loop lag in steady poll, worst (ms)", "{:.1f}"),
    ("main_rss_start_mb", "RSS of this process before polling (MB)", "{:.0f}"),
    ("main_rss_peak_mb", "RSS of this process, peak (MB)", "{:.0f}"),
    ("workers_rss_peak_mb", "RSS of parser workers, peak of sum (MB)", "{:.0f}"),
    ("worker_rss_peak_mb", "RSS of one parser worker, peak (MB)", "{:.0f}"),
    ("cpu_db_writer_s", "CPU in first poll: db writer thread (s)", "{:.1f}"),
    ("db_writer_busy", "  db writer busy (CPU / wall)", "{:.0%}"),
    ("writer_to_feedparser", "  db writer CPU / feedparser alone (x)", "{:.2f}"),
    ("cpu_loop_s", "CPU in first poll: event loop thread (s)", "{:.1f}"),
    ("cpu_other_threads_s", "CPU in first poll: other threads (s)", "{:.1f}"),
    ("cpu_workers_s", "CPU in first poll: parser workers (s)", "{:.1f}"),
    ("cpu_site_s", "CPU in first poll: feed site process (s)", "{:.1f}"),
    ("items_stored", "items stored by the first poll", "{:,.0f}"),
)


def figure_medians(runs: Sequence[RunResult]) -> dict[str, float]:
    return medians(runs, (key for key, _, _ in FIGURES))


def goal_verdicts(median: dict[str, float]) -> dict[str, bool]:
    verdicts = {}
    for key, (op, limit) in GOALS.items():
        verdicts[key] = median[key] <= limit if op == "<=" else median[key] < limit
    return verdicts


def _goal_text(key: str, verdicts: dict[str, bool]) -> str:
    if key not in GOALS:
        return ""
    op, limit = GOALS[key]
    return f"{op} {limit:g}  {'MET' if verdicts[key] else 'NOT MET'}"


def print_table(
    runs: Sequence[RunResult], median: dict[str, float], verdicts: dict[str, bool]
) -> None:
    heads = ["figure", "median", *(f"run {i + 1}" for i in range(len(runs))), "goal"]
    rows = [
        [
            label,
            fmt.format(median[key]),
            *(fmt.format(getattr(r, key)) for r in runs),
            _goal_text(key, verdicts),
        ]
        for key, label, fmt in FIGURES
    ]
    print_rows(heads, rows, text_last=True)


def environment(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "feeds": args.feeds,
        "items_per_feed": args.items,
        "workers": args.workers,
        "runs": args.runs,
        "kinds": list(FEED_KINDS),
    }


def summary(env: dict[str, Any], runs: Sequence[RunResult]) -> dict[str, Any]:
    median = figure_medians(runs)
    verdicts = goal_verdicts(median)
    return {
        "benchmark": "poll_feeds",
        **env,
        "median": {k: round(v, 4) for k, v in median.items()},
        "goals": {
            k: {"limit": f"{op} {limit:g}", "met": verdicts[k]} for k, (op, limit) in GOALS.items()
        },
        "runs_raw": [asdict(r) for r in runs],
        "discrepancies": sorted({d for r in runs for d in r.discrepancies}),
        "problems": [p for r in runs for p in r.problems],
    }


def print_report(runs: Sequence[RunResult], report: dict[str, Any]) -> None:
    median = figure_medians(runs)
    print()
    print_table(runs, median, goal_verdicts(median))
    for key, goal in report["goals"].items():
        print(f"goal {key} {goal['limit']}: {'met' if goal['met'] else 'NOT met'}")
    for discrepancy in report["discrepancies"]:
        print(f"DISCREPANCY (explained): {discrepancy}")
    for problem in report["problems"]:
        print(f"PROBLEM: {problem}")
    if not report["problems"]:
        print(
            "checks passed: no source errors; 200 x feeds then 304 x feeds; "
            "no new items in the steady-state poll; item count as stated above"
        )
    print()


# --- command line ------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=1000, help="feeds served (default 1000)")
    parser.add_argument("--items", type=int, default=50, help="items per feed (default 50)")
    parser.add_argument(
        "--workers",
        type=int,
        default=Settings().parse_workers,
        help="parser worker processes (default from Settings: %(default)s)",
    )
    parser.add_argument("--runs", type=int, default=3, help="repetitions (default 3)")
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    return parser.parse_args(argv)


def run_all(args: argparse.Namespace, say: Callable[[str], None]) -> list[RunResult]:
    started = time.perf_counter()
    runs: list[RunResult] = []
    with (
        PollSite(args.feeds, args.items) as site,
        tempfile.TemporaryDirectory(prefix="trucewatch-bodies-") as tmp,
    ):
        bodies = Path(tmp) / "bodies.pickle"
        in_child(save_bodies, site.urls(), bodies)
        say(
            f"feed site: pid {site.process.pid}, port {site.port}, bodies fetched once "
            f"({bodies.stat().st_size / MB:.1f} MB) in {time.perf_counter() - started:.1f} s"
        )
        for index in range(args.runs):
            result = one_run(site, bodies, args.items, args.workers)
            runs.append(result)
            say(
                f"run {index + 1}: first poll {result.first_poll_s:.2f} s, feedparser alone "
                f"{result.feedparser_s:.2f} s, steady {result.steady_poll_s:.3f} s, worst lag "
                f"{result.lag_worst_ms:.0f} ms" + (" - PROBLEMS" if result.problems else "")
            )
    return runs


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    say = printer(args.json)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    env = environment(args)
    say(
        f"poll_feeds: {args.feeds} feeds x {args.items} items ({'/'.join(FEED_KINDS)}), "
        f"{args.workers} parser workers, runs: {args.runs}"
    )
    say(f"machine: {env['cpu_count']} CPUs, Python {env['python']} on {env['platform']}")
    runs = run_all(args, say)
    report = summary(env, runs)
    if not args.json:
        print_report(runs, report)
    print(json.dumps(report, separators=(",", ":")))
    return 1 if report["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
