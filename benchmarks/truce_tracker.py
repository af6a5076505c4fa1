"""Speed of the truce tracker: `find_truces` over 100,000 stored items.

    python benchmarks/truce_tracker.py [--items N] [--runs R]

Two sets, both built from the demo feeds' 57 classified items (classified once):
  mixed  the demo fortnight repeated every 30 days (one truce each, ~3,400 items), the
         rest filler: conflict news with labels but no truce word, and unlabelled news
  worst  nothing but the demo fortnight, repeated every 7 days: every item mentions a
         conflict with a live truce, so every labelled one is read and tied
Prints the median wall time of R runs and the truces found.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.classify import classify  # noqa: E402
from bot.models import StoredItem  # noqa: E402
from bot.truces import find_truces  # noqa: E402
from tests.truces.builders import demo_items  # noqa: E402

FILLER = [
    (
        "Shelling kills three in Kharkiv region, governor says",
        "Russian shelling killed three civilians.",
    ),
    ("Sudan's army and RSF clash in El Fasher", "Heavy fighting was reported on Tuesday."),
    ("Foreign ministers meet in Geneva on Libya talks", "Talks on a political settlement went on."),
    ("Central bank holds rates steady", "The bank kept its key rate unchanged."),
    ("Storm cuts power to thousands", "Crews worked through the night to restore power."),
]


def shifted(item: StoredItem, n: int, offset: timedelta) -> StoredItem:
    return StoredItem(
        id=item.id + n * 1000,
        source_id=item.source_id,
        source_name=item.source_name,
        title=item.title,
        summary=item.summary,
        url=None,
        published_at=item.published_at + offset,
        fetched_at=item.fetched_at + offset,
        story_id=item.story_id + n * 1000,
        classification=item.classification,
    )


def demo_repeated(count: int, every: timedelta) -> list[StoredItem]:
    base = demo_items()
    return [shifted(i, n, every * n) for n in range(count // len(base) + 1) for i in base][:count]


def filler(count: int, start: datetime, span: timedelta) -> list[StoredItem]:
    kinds = [(t, s, classify(t, s)) for t, s in FILLER]
    step = span / count
    return [
        StoredItem(
            10**8 + n, 1, "filler", t, s, None, start + step * n, start + step * n, 10**8 + n, c
        )
        for n, (t, s, c) in ((n, kinds[n % len(kinds)]) for n in range(count))
    ]


def sets(total: int) -> dict[str, list[StoredItem]]:
    start = datetime(2020, 10, 8, tzinfo=UTC)
    truce_items = demo_repeated(57 * 60, timedelta(days=30))
    return {
        "mixed": truce_items + filler(total - len(truce_items), start, timedelta(days=1800)),
        "worst": demo_repeated(total, timedelta(days=7)),
    }


def timed(items: list[StoredItem], now: datetime, runs: int) -> tuple[float, int]:
    times, found = [], 0
    for _ in range(runs):
        began = time.perf_counter()
        found = len(find_truces(items, now))
        times.append(time.perf_counter() - began)
    return statistics.median(times), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    now = datetime(2040, 1, 1, tzinfo=UTC)
    for name, items in sets(args.items).items():
        median, found = timed(items, now, args.runs)
        took = f"{median * 1000:7.0f} ms median of {args.runs}"
        print(f"{name:6} {len(items):7,} items  {took}  {found:5} truces")


if __name__ == "__main__":
    main()
