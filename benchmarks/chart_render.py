"""Chart rendering time: the first render in a fresh interpreter (imports, font cache
warm-up) and the median of N renders after it.

    python benchmarks/chart_render.py [--renders N]

The charts are the demo feeds' truce chart (four days) and a 60-day timeline with a truce
span, each at phone size (1100 x 620 px). Goal: median at most 300 ms on this machine.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

COLD = """
import time
began = time.perf_counter()
from datetime import date
from bot.charts import render_timeline_chart
from bot.truces import DayCount
render_timeline_chart([DayCount(date(2020, 10, 10), 3, 2, 1, 5, 9)], title="cold")
print(time.perf_counter() - began)
"""


def cold_seconds() -> float:
    """Import and first render in a child interpreter."""
    out = subprocess.run(
        [sys.executable, "-c", COLD], capture_output=True, text=True, check=True, cwd=REPO
    )
    return float(out.stdout.strip())


def charts() -> dict[str, object]:
    from bot.charts import TruceSpan, render_timeline_chart, render_truce_chart
    from bot.truces import DayCount, find_truces
    from tests.truces.builders import DEMO_FETCHED, demo_items

    now = DEMO_FETCHED + timedelta(hours=1)
    truce = find_truces(demo_items(), now)[0]
    series = [
        DayCount(date(2020, 9, 1) + timedelta(n), n % 7, n % 4, n % 5, (n * 7) % 23, (n * 5) % 31)
        for n in range(60)
    ]
    span = TruceSpan(datetime(2020, 10, 10, 8, tzinfo=UTC), datetime(2020, 10, 20, tzinfo=UTC))
    return {
        "truce (4 days)": lambda: render_truce_chart(truce, now=now),
        "timeline (60 days)": lambda: render_timeline_chart(
            series, title="Timeline", truce_spans=(span,)
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=20)
    args = parser.parse_args()
    print(f"cold: import + first render in a fresh interpreter: {cold_seconds() * 1000:.0f} ms")
    for name, render in charts().items():
        render()  # type: ignore[operator]
        times = []
        for _ in range(args.renders):
            began = time.perf_counter()
            render()  # type: ignore[operator]
            times.append(time.perf_counter() - began)
        print(f"{name}: median of {args.renders} renders {statistics.median(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
