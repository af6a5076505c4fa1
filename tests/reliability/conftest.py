"""Figures the reliability tests measure (peak memory, counts) are printed at the end of
every run, so a report can quote them without re-running anything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

FIGURES: dict[str, Any] = {}
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The slow variants of this suite run only when asked for: `-m slow`. The default run
    covers the same ground with smaller numbers."""
    if "slow" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="slow variant: run with -m slow")
    for item in items:
        if "slow" in item.keywords and item.path.resolve().is_relative_to(HERE):
            item.add_marker(skip)


def record(name: str, value: object) -> None:
    """Keep a figure for the closing summary (the largest value wins for peaks)."""
    if name.startswith("peak") and isinstance(value, int | float):
        FIGURES[name] = max(value, FIGURES.get(name, 0))
    else:
        FIGURES[name] = value


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not FIGURES:
        return
    terminalreporter.section("reliability figures")
    for name in sorted(FIGURES):
        value = FIGURES[name]
        shown = f"{value:.1f}" if isinstance(value, float) else str(value)
        terminalreporter.write_line(f"{name}: {shown}")


@pytest.fixture
def figures() -> Any:
    return record
