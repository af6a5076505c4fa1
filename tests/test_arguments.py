"""What users type after a command: feed addresses (the chat side of the SSRF guard),
durations and which subscriptions they mean (pure)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.fetch import address_problem
from bot.match import parse_query
from bot.models import Subscription
from fakes.builders import T0
from handlers.arguments import check_feed_url, choose_subscriptions, parse_duration

NOT_HTTP = "A feed address must start with http:// or https://."
TOO_LONG = "That address is too long or contains spaces."


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://example.org/feed.xml", None),
        ("HTTP://Example.org/rss", None),
        ("http://8.8.8.8/feed", None),
        ("https://[2001:4860:4860::8888]/feed", None),
        ("http://mylocalhost/feed", None),  # a name that merely ends in "localhost"
        ("http://localhost.example.org/feed", None),
        ("http://[::1", "That is not a valid address."),
        ("ftp://example.org/feed", NOT_HTTP),
        ("file:///etc/passwd", NOT_HTTP),
        ("javascript:alert(1)", NOT_HTTP),
        ("http:///feed", NOT_HTTP),
        ("example.org/feed", NOT_HTTP),
        ("http://example.org/a b", TOO_LONG),
        ("http://example.org/a\tb", TOO_LONG),
        ("http://example.org/" + "a" * 2030, TOO_LONG),
        ("http://127.0.0.1/feed", "Refused: 127.0.0.1 is a loopback address."),
        ("http://127.1.2.3:8080/feed", "Refused: 127.1.2.3 is a loopback address."),
        ("http://10.0.0.1/feed", "Refused: 10.0.0.1 is a private address."),
        ("http://169.254.169.254/latest", "Refused: 169.254.169.254 is a private address."),
        ("http://[::1]/feed", "Refused: ::1 is a loopback address."),
        ("http://[::ffff:127.0.0.1]/", "Refused: 127.0.0.1 is a loopback address."),
        ("http://cafe/feed", None),  # a name, hex letters or not: checked where it resolves
        ("http://224.0.0.1/", "Refused: 224.0.0.1 is a multicast address."),
        ("http://100.64.0.1/", "Refused: 100.64.0.1 is not a public address."),
        ("http://2130706433/feed", "Refused: 127.0.0.1 is a loopback address."),
        ("http://0x7f.1/feed", "Refused: 127.0.0.1 is a loopback address."),
        ("http://localhost/feed", "Refused: localhost is a loopback address."),
        ("http://LOCALHOST:9/feed", "Refused: localhost is a loopback address."),
        ("http://feeds.localhost/feed", "Refused: localhost is a loopback address."),
    ],
)
def test_feed_addresses_typed_in_chat(url: str, problem: str | None) -> None:
    assert check_feed_url(url, allow_private=False) == problem


def test_an_address_of_2048_characters_is_long_enough() -> None:
    url = "http://example.org/" + "a" * (2048 - len("http://example.org/"))
    assert check_feed_url(url, allow_private=False) is None
    assert check_feed_url(url + "a", allow_private=False) == TOO_LONG


def test_private_addresses_when_the_operator_allows_them() -> None:
    for url in ("http://127.0.0.1:8080/feed", "http://localhost/feed", "http://[::1]/"):
        assert check_feed_url(url, allow_private=True) is None
    # but only http(s) addresses, and no spaces, even then
    assert check_feed_url("file:///etc/passwd", allow_private=True) == NOT_HTTP
    assert check_feed_url("http://127.0.0.1/a b", allow_private=True) == TOO_LONG


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("8.8.8.8", None),
        ("::ffff:8.8.8.8", None),
        ("127.0.0.1", "127.0.0.1 is a loopback address"),
        ("::ffff:10.1.1.1", "10.1.1.1 is a private address"),
        ("fe80::1%eth0", "fe80::1 is a private address"),
        ("224.0.0.251", "224.0.0.251 is a multicast address"),
        ("ff02::1", "ff02::1 is a multicast address"),
        ("4000::1", "4000::1 is a reserved address"),
        ("100.64.0.1", "100.64.0.1 is not a public address"),
        ("feed.example.org", "feed.example.org is not an IP address"),
    ],
)
def test_address_problems_name_the_kind_of_address(address: str, problem: str | None) -> None:
    assert address_problem(address) == problem


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("30m", timedelta(minutes=30)),
        ("8 h", timedelta(hours=8)),
        (" 2 Days ", timedelta(days=2)),
        ("1w", timedelta(weeks=1)),
        ("90 minutes", timedelta(minutes=90)),
        ("0h", None),
        ("8", None),
        ("8y", None),
        ("1234567h", None),
        ("-1h", None),
    ],
)
def test_durations(text: str, duration: timedelta | None) -> None:
    assert parse_duration(text) == duration


def subscriptions(*queries: str) -> list[Subscription]:
    parsed = [parse_query(q) for q in queries]
    return [
        Subscription(n, 1, q.categories, q.include, q.exclude, T0) for n, q in enumerate(parsed, 1)
    ]


def test_choosing_subscriptions_by_number_words_or_all() -> None:
    subs = subscriptions("violations", "casualties Ganja", '"Lachin corridor" -football')
    assert choose_subscriptions(subs, "ALL") == (subs, None)
    assert choose_subscriptions(subs, "3, 1") == ([subs[2], subs[0]], None)
    assert choose_subscriptions(subs, "ganja CASUALTIES") == ([subs[1]], None)
    assert choose_subscriptions(subs, "0") == ([], "There is no subscription 0 (this chat has 3).")
    assert choose_subscriptions(subs, "1 4") == (
        [],
        "There is no subscription 4 (this chat has 3).",
    )
    assert choose_subscriptions(subs, "Barda") == ([], "No subscription matches those words.")
    assert choose_subscriptions(subs, "+++") == ([], "'+++' has no letter or digit to match.")
