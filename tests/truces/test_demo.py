"""The bundled demo feeds (8-13 October 2020): the tracker finds the Moscow humanitarian
truce that took effect at 12:00 local time (08:00 UTC) on 10 October, its first alleged
violation five minutes later, and its tallies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.truces import Truce, find_truces
from tests.truces.builders import DEMO_FETCHED, demo_items

NOW = DEMO_FETCHED + timedelta(hours=1)


@pytest.fixture(scope="module")
def truce() -> Truce:
    truces = find_truces(demo_items(), NOW)
    assert [t.conflict for t in truces] == ["karabakh"]  # the Donbas items only refer back
    return truces[0]


def test_the_truce_and_its_times(truce: Truce) -> None:
    assert truce.title == "Nagorno-Karabakh humanitarian truce of 10 October 2020"
    assert truce.announced_at == datetime(2020, 10, 10, 0, 10, tzinfo=UTC)
    assert truce.starts_at == datetime(2020, 10, 10, 8, tzinfo=UTC) and truce.start_known
    assert truce.ends_at is None
    assert truce.status == "violated"
    assert truce.zone == "Asia/Baku"


def test_the_first_violation(truce: Truce) -> None:
    assert truce.first_violation_at == datetime(2020, 10, 10, 8, 5, tzinfo=UTC)
    assert truce.first_violation_after == timedelta(minutes=5)
    assert truce.first_violation_reported_at == datetime(2020, 10, 10, 10, 15, tzinfo=UTC)


def test_the_tallies(truce: Truce) -> None:
    # 14 violation stories (the syndicated Ganja pair is one); Karabakh only
    assert truce.violations == 14
    # 9 (Ganja) + 2 (Terter) + 5 (Martuni) + 4 (killed since the truce, of a running toll)
    assert (truce.killed, truce.wounded) == (20, 38)


def test_who(truce: Truce) -> None:
    assert truce.mediators == ("Russia",)
    assert set(truce.parties) == {"Armenia", "Azerbaijan"}
    assert {"Nagorno-Karabakh", "Stepanakert", "Ganja", "Armenia", "Azerbaijan"} <= set(
        truce.places
    )
    assert len(truce.source_item_ids) == 5  # joint statement, two wires, MoD, OSCE


def test_json(truce: Truce) -> None:
    data = truce.to_json()
    assert {
        k: data[k]
        for k in (
            "announced_at",
            "starts_at",
            "ends_at",
            "status",
            "violations",
            "first_violation_at",
            "killed",
            "wounded",
        )
    } == {
        "announced_at": "2020-10-10T00:10:00Z",
        "starts_at": "2020-10-10T08:00:00Z",
        "ends_at": None,
        "status": "violated",
        "violations": 14,
        "first_violation_at": "2020-10-10T08:05:00Z",
        "killed": 20,
        "wounded": 38,
    }
