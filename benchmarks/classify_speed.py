"""Speed of bot.classify on one core, next to feedparser's parse rate.

    python benchmarks/classify_speed.py [--items N] [--runs R] [--mix]

Prints: classify items/s (median of R runs over the dev set repeated to at
least N items; with --mix, over the items in other languages, shared
multilingual-dev and benchmarks/data/ml_*.jsonl but sealed sets, interleaved one for one with
the English dev set); feedparser.parse items/s on an RSS 2.0 document built from
the same items, and the ratio; start-up time of a fresh interpreter running
`from bot.classify import classify; classify('a','b')` (median of 5), the same
with a casualty report as the first item (which loads the figure patterns), with
everything loaded at once (`warm()`, as a parser worker starts), and of the
import alone.  Rates are items per second of this process's CPU time on
the one core it is pinned to, so other load on a shared machine does not
count against them; wall-clock rates are printed beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import feedparser  # noqa: E402
from classify_accuracy import sealed  # noqa: E402

from bot.classify import classify  # noqa: E402

DEV_SET = REPO.parent / "shared" / "data" / "dev.jsonl"
MULTILINGUAL = [
    REPO.parent / "shared" / "data" / "multilingual-dev.jsonl",
    # Sets sealed for a final score are not even run before it.
    *sorted(p for p in (REPO / "benchmarks" / "data").glob("ml_*.jsonl") if not sealed(p)),
]
STARTUP_RUNS = 5


def load_items(path: Path, at_least: int) -> list[tuple[str, str]]:
    return repeated(read_pairs(path), at_least)


def read_pairs(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return [(row["title"], row.get("summary") or "") for row in rows]


def repeated(pairs: list[tuple[str, str]], at_least: int) -> list[tuple[str, str]]:
    repeats = -(-at_least // len(pairs))
    return pairs * repeats


def mixed_items(at_least: int) -> list[tuple[str, str]]:
    """English and other languages, one for one."""
    others = [pair for path in MULTILINGUAL if path.exists() for pair in read_pairs(path)]
    english = read_pairs(DEV_SET)
    count = max(len(others), len(english))
    mix = [
        pair for i in range(count) for pair in (english[i % len(english)], others[i % len(others)])
    ]
    return repeated(mix, at_least)


def rss_document(items: Sequence[tuple[str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{escape(t)}</title><description>{escape(s)}</description>"
        f"<guid>item-{i}</guid></item>"
        for i, (t, s) in enumerate(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>bench</title><link>http://example.invalid/</link>{entries}</channel></rss>"
    ).encode()


def median_rates(count: int, work: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median items per CPU second and per wall-clock second."""
    cpu, wall = [], []
    for _ in range(runs):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        work()
        cpu.append(count / (time.process_time() - start_cpu))
        wall.append(count / (time.perf_counter() - start_wall))
    return statistics.median(cpu), statistics.median(wall)


def classify_all(items: Sequence[tuple[str, str]]) -> None:
    for title, summary in items:
        classify(title, summary)


def startup_seconds(code: str) -> tuple[float, float]:
    """Median CPU seconds (user + system) and wall seconds of a fresh interpreter."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cpu, wall = [], []
    for _ in range(STARTUP_RUNS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO, env=env)
        wall.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(cpu), statistics.median(wall)


def print_startup(label: str, code: str) -> None:
    cpu, wall = startup_seconds(code)
    print(
        f"{label:<31} {cpu * 1000:.0f} ms CPU, {wall * 1000:.0f} ms wall (median of {STARTUP_RUNS})"
    )


def pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        return "pinned to one core"
    return "not pinned (no sched_setaffinity)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--mix", action="store_true", help="English and other languages")
    args = parser.parse_args(argv)
    print(f"process {pin_to_one_core()}")
    items = mixed_items(args.items) if args.mix else load_items(DEV_SET, args.items)
    classify_all(items[:200])  # warm caches before timing
    ours, ours_wall = median_rates(len(items), lambda: classify_all(items), args.runs)
    document = rss_document(items)
    theirs, theirs_wall = median_rates(len(items), lambda: feedparser.parse(document), args.runs)
    print(
        f"classify:         {ours:,.0f} items/s over {len(items):,} items "
        f"(median of {args.runs}; {1e6 / ours:.1f} us/item; wall clock {ours_wall:,.0f}/s)"
    )
    print(
        f"feedparser.parse: {theirs:,.0f} items/s on the same items as RSS 2.0 "
        f"(wall clock {theirs_wall:,.0f}/s)"
    )
    print(f"ratio classify/feedparser: {ours / theirs:.1f}x")
    first_call = "from bot.classify import classify; classify('a', 'b')"
    print_startup("start-up, import + first call:", first_call)
    # Figure patterns and the reader of other languages load on first use: the first
    # casualty report pays for them, and `warm()` (a parser worker's start) loads all.
    casualty = "classify('Shelling kills 3 soldiers', 'Two civilians were wounded.')"
    print_startup(
        "start-up, first casualty item:", f"from bot.classify import classify; {casualty}"
    )
    print_startup("start-up, all loaded (warm()):", "import bot.classify; bot.classify.warm()")
    print_startup("start-up, import alone:", "import bot.classify")
    print_startup("interpreter alone:", "pass")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
