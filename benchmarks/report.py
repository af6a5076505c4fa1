"""Plain-text output for the benchmarks: tables, progress lines, medians."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Sequence
from typing import Any


def print_table(
    heads: Sequence[str], rows: Sequence[Sequence[str]], *, text_last: bool = False
) -> None:
    """A table with the first column (and with `text_last` the last one) left-aligned and
    the figures right-aligned."""
    widths = [max(len(row[i]) for row in [heads, *rows]) for i in range(len(heads))]
    line = "  ".join("-" * w for w in widths)
    print(line)
    for row in [heads, *rows]:
        cells = [
            row[0].ljust(widths[0]),
            *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)),
        ]
        if text_last:
            cells[-1] = row[-1]
        print("  ".join(cells).rstrip())
        if row is heads:
            print(line)
    print(line)


def printer(quiet: bool) -> Callable[[str], None]:
    """`print` with flushing, or nothing when only the JSON line is wanted."""

    def say(text: str) -> None:
        if not quiet:
            print(text, flush=True)

    return say


def medians(runs: Sequence[Any], keys: Iterable[str]) -> dict[str, float]:
    """The median over the runs of each figure named in `keys`."""
    return {key: statistics.median(float(getattr(r, key)) for r in runs) for key in keys}
