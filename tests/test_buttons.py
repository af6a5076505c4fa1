"""Button payloads: what we put under a message, and what a forged one comes back as (pure)."""

from __future__ import annotations

import pytest

from bot.buttons import MAX_PAYLOAD, Action, Follow, NextPage, decode, encode, is_number


@pytest.mark.parametrize(
    ("action", "payload"),
    [
        (Follow("violations"), "follow:violations"),
        (Follow("casualties"), "follow:casualties"),
        (NextPage(1), "tl:1"),
        (NextPage(999_999_999_999_999_999), "tl:999999999999999999"),
    ],
)
def test_payloads_round_trip_within_telegrams_64_bytes(action: Action, payload: str) -> None:
    assert encode(action) == payload and decode(payload) == action
    assert len(payload.encode()) <= MAX_PAYLOAD


@pytest.mark.parametrize(
    "payload",
    [
        "",
        "follow",
        "follow:",
        "follow:violation",  # not one of the words users follow by
        "follow:ceasefire_violation",
        "follow:violations:x",
        "FOLLOW:violations",
        "unfollow:violations",
        "tl:",
        "tl:0",
        "tl:-1",
        "tl:+1",
        "tl:1.5",
        "tl:1x",
        "tl:１",  # a full-width digit
        "tl:1000000000000000000",  # more digits than an id has
        "tl:" + "1" * 70,
        "x:1",
    ],
)
def test_payloads_we_never_made_do_nothing(payload: str) -> None:
    assert decode(payload) is None


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1", True),
        ("007", True),
        ("1" * 18, True),
        ("1" * 19, False),
        ("", False),
        ("²", False),
        ("①", False),
        ("١٢", False),  # Arabic-Indic digits are decimal to Python, not to SQLite
        ("-1", False),
        (" 1", False),
    ],
)
def test_is_number(text: str, number: bool) -> None:
    assert is_number(text) is number
