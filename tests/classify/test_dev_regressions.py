"""Dev-set rows that were once wrong, checked against their gold labels.

Each row is loaded by id from the shared dev set (skipped where the shared
folder is absent); the test id names the row and what had gone wrong.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.classify.targets import assert_meets_targets, assert_row_matches_gold, load_rows

DEV_SET = Path(__file__).resolve().parents[3] / "shared" / "data" / "dev.jsonl"

pytestmark = pytest.mark.skipif(not DEV_SET.exists(), reason="shared dev set not present")


@cache
def _dev_rows() -> dict[str, dict[str, Any]]:
    return load_rows(DEV_SET)


@pytest.mark.parametrize(
    "row_id",
    [
        # "speaker beaten": one wounded, from a bare singular noun before the verb
        pytest.param("d034", id="d034-bare-singular-victim-wounded"),
        # "kill dozens despite peace deal" was read as figurative "kill the deal"
        pytest.param("d126", id="d126-figurative-kill-window-too-wide"),
        # "lodge a strong protest" is diplomacy, not a street protest
        pytest.param("d062", id="d062-diplomatic-protest-not-street-protest"),
        # "the soldier was hit by sniper fire" is the killed soldier, not a wounded one
        pytest.param("d072", id="d072-hit-by-fire-is-not-a-second-victim"),
        # "guns fall silent along LoC as ... ceasefire takes effect" ends nothing
        pytest.param("d060", id="d060-intransitive-halt-is-not-a-breach"),
    ],
)
def test_dev_row_matches_gold(row_id: str) -> None:
    assert_row_matches_gold(_dev_rows()[row_id])


def test_dev_set_meets_its_targets() -> None:
    assert_meets_targets(list(_dev_rows().values()))
