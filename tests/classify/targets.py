"""The accuracy targets of a labelled set, shared by the regression tests."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.classify import classify
from bot.models import LABELS

#: every label's F1, the macro-F1 and the share of exact casualty figures
MIN_LABEL_F1 = 0.90
MIN_MACRO_F1 = 0.93
MIN_FIGURES = 0.92


def load_rows(path: Path) -> dict[str, dict[str, Any]]:
    """The rows of a JSON Lines set, by id."""
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return {row["id"]: row for row in rows}


def assert_row_matches_gold(row: dict[str, Any]) -> None:
    result = classify(row["title"], row["summary"])
    assert set(result.labels) == set(row["labels"])
    assert (result.killed, result.wounded) == (row["killed"], row["wounded"])


def assert_meets_targets(rows: Sequence[dict[str, Any]]) -> None:
    pairs = [(classify(row["title"], row["summary"]), row) for row in rows]
    f1s = []
    for label in LABELS:
        tp = sum(label in r.labels and label in row["labels"] for r, row in pairs)
        fp = sum(label in r.labels and label not in row["labels"] for r, row in pairs)
        fn = sum(label not in r.labels and label in row["labels"] for r, row in pairs)
        f1s.append(2 * tp / (2 * tp + fp + fn))
    assert min(f1s) >= MIN_LABEL_F1
    assert sum(f1s) / len(f1s) >= MIN_MACRO_F1
    figured = [
        (r, row)
        for r, row in pairs
        if {r.killed, r.wounded, row["killed"], row["wounded"]} != {None}
    ]
    right = sum((r.killed, r.wounded) == (row["killed"], row["wounded"]) for r, row in figured)
    assert right / len(figured) >= MIN_FIGURES
