"""The records the classifier builds by the thousand: their quick __init__ keeps the
dataclass's signature, defaults and freezing."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import dataclass, field

import pytest

from bot.models import Classification, Evidence, quick_init


def test_evidence_takes_its_fields_by_position_and_name_with_its_default() -> None:
    by_position = Evidence("killed", "title", 0, 5, "three")
    by_name = Evidence(label="killed", field="title", start=0, end=5, text="three", rule="")
    assert by_position == by_name
    assert (by_position.rule, by_position.end) == ("", 5)


def test_a_default_factory_gives_each_record_its_own_value() -> None:
    first, second = Classification(), Classification()
    assert first.scores == {} and first.scores is not second.scores
    given = {"casualty_report": 0.9}
    assert Classification(scores=given).scores is given


def test_records_stay_frozen_comparable_and_picklable() -> None:
    item = Classification(("casualty_report",), {"casualty_report": 0.9}, 3, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.killed = 4  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(item)) == item
    assert item != Classification(("casualty_report",), {"casualty_report": 0.9}, 4, None)


def test_a_missing_or_unknown_argument_is_refused_as_before() -> None:
    with pytest.raises(TypeError):
        Evidence("killed", "title", 0, 5)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Classification(colour="red")  # type: ignore[call-arg]


def test_quick_init_fills_every_kind_of_field() -> None:
    @quick_init
    @dataclass(frozen=True, slots=True)
    class Record:
        plain: int
        with_default: str = "d"
        with_factory: list[int] = field(default_factory=list)

    record = Record(1)
    assert (record.plain, record.with_default, record.with_factory) == (1, "d", [])
    assert Record(2, "x", [3]) == Record(plain=2, with_default="x", with_factory=[3])
