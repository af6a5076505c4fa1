"""Rows of our own tuning sets that were once wrong, checked against gold.

Each row is loaded by id from benchmarks/data (own_tune, own_tune2 and own_blind,
all used for development); the test id names the row and what had gone wrong.
The held-out set is never read here: it is scored once, by the benchmark.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.classify.targets import assert_meets_targets, assert_row_matches_gold, load_rows

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data"
SETS = ("own_tune.jsonl", "own_blind.jsonl", "own_tune2.jsonl")


@cache
def _rows(name: str) -> dict[str, dict[str, Any]]:
    return load_rows(DATA / name)


def _row(row_id: str) -> dict[str, Any]:
    if row_id.startswith("t2-"):
        return _rows(SETS[2])[row_id]
    return _rows(SETS[0] if row_id.startswith("t") else SETS[1])[row_id]


@pytest.mark.parametrize(
    "row_id",
    [
        # figures
        pytest.param("t083", id="t083-bodies-returned-both-ways-are-summed"),
        pytest.param("t135", id="t135-remains-of-victims-stated-killed"),
        pytest.param("t179", id="t179-hit-five-times-and-recovering-is-wounded"),
        pytest.param("t182", id="t182-side-that-lost-n-adds-to-the-other"),
        pytest.param("b003", id="b003-earlier-deaths-after-which-strikes-came"),
        pytest.param("b009", id="b009-bodies-of-hostages-stated-killed"),
        pytest.param("b054", id="b054-side-tolls-that-break-down-the-total"),
        pytest.param("b073", id="b073-couple-is-two"),
        pytest.param("b095", id="b095-named-victim-in-title"),
        pytest.param("b125", id="b125-shot-and-wounded"),
        pytest.param("b147", id="b147-behead-is-a-killing-verb"),
        pytest.param("b152", id="b152-president-is-one-person"),
        pytest.param("t2-005", id="t2-005-being-treated-for-injuries"),
        pytest.param("t2-006", id="t2-006-army-that-said-it-is-no-victim"),
        pytest.param("t2-013", id="t2-013-spokesman-who-said-it-is-no-victim"),
        pytest.param("t2-020", id="t2-020-his-parents-are-two"),
        pytest.param("t2-022", id="t2-022-toll-from-strikes-on-a-port-rose-to"),
        pytest.param("t2-039", id="t2-039-bringing-the-toll-to"),
        pytest.param("t2-081", id="t2-081-toll-from-three-days-of-clashes"),
        pytest.param("t2-087", id="t2-087-ages-are-not-victims"),
        # casualty label: disasters and figurative harm
        pytest.param("t137", id="t137-floods-moving-wartime-mines-stay-a-disaster"),
        pytest.param("t153", id="t153-fire-opening-a-headline-is-a-blaze"),
        pytest.param("b042", id="b042-dam-collapse-is-a-disaster"),
        pytest.param("b110", id="b110-mudflows-are-a-disaster"),
        pytest.param("b193", id="b193-overpass-collapse-is-a-disaster"),
        pytest.param("b199", id="b199-mine-cave-in-is-a-disaster"),
        pytest.param("b200", id="b200-scare-quoted-wounded-is-figurative"),
        # violation label
        pytest.param("t112", id="t112-breach-in-relative-clause"),
        pytest.param("b049", id="b049-ending-the-long-named-truce"),
        pytest.param("b129", id="b129-attack-on-second-day-of-truce"),
        # diplomacy label
        pytest.param("b015", id="b015-body-overseeing-a-truce-meets"),
        pytest.param("b109", id="b109-border-crossings-reopened"),
        pytest.param("b124", id="b124-weapons-decommissioned"),
        pytest.param("b151", id="b151-truce-declared-in-relative-clause-is-background"),
        pytest.param("b179", id="b179-meeting-of-joint-control-commission"),
        pytest.param("b186", id="b186-sports-league-truce-is-off-topic"),
        pytest.param("b198", id="b198-boxing-peace-talks-are-off-topic"),
        pytest.param("b206", id="b206-truce-taking-hold-is-the-violations-setting"),
        pytest.param("b207", id="b207-no-longer-abiding-by-armistice"),
    ],
)
def test_own_row_matches_gold(row_id: str) -> None:
    assert_row_matches_gold(_row(row_id))


@pytest.mark.parametrize("name", SETS)
def test_own_set_meets_the_targets(name: str) -> None:
    assert_meets_targets(list(_rows(name).values()))
