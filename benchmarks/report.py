"""Plain-text tables for the benchmarks' reports."""

from __future__ import annotations

from collections.abc import Sequence


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
