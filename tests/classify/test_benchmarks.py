"""The accuracy benchmark script computes and prints what it promises."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "benchmarks" / "classify_accuracy.py"

ROWS = [
    {
        "id": "x1",
        "title": "Shelling kills 3 despite truce",
        "summary": "",
        "labels": ["ceasefire_violation", "casualty_report"],
        "killed": 3,
        "wounded": None,
    },
    {
        "id": "x2",
        "title": "Peace talks resume in Geneva",
        "summary": "",
        "labels": ["diplomatic_move"],
        "killed": None,
        "wounded": None,
    },
    {
        "id": "x3",
        "title": "Quiet night in the capital",
        "summary": "",
        "labels": ["casualty_report"],
        "killed": 2,
        "wounded": None,
    },
]


def _run(path: Path, *flags: str) -> str:
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), *flags, str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return completed.stdout


def _write(path: Path) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in ROWS), encoding="utf-8")
    return path


def test_accuracy_report_and_errors(tmp_path: Path) -> None:
    out = _run(_write(tmp_path / "own_sample.jsonl"), "--errors")
    assert "casualty_report      P=1.000 R=0.500 F1=0.667" in out
    assert "exact label sets=0.667" in out
    assert "casualty figures right=1/2 (0.500)" in out
    assert "- x3:" in out and "- x1:" not in out


@pytest.mark.parametrize(
    "name",
    ["real_blind17.jsonl", "own_heldout3.jsonl", "Own_HeldOut_v2.jsonl", "own_held-out.jsonl"],
)
def test_sealed_set_errors_are_never_listed(tmp_path: Path, name: str) -> None:
    out = _run(_write(tmp_path / name), "--errors")
    assert "macro-F1=" in out
    assert "- x3:" not in out
    assert "not listed" in out
