"""Feed bytes to clean items: every format, keys, dates, text, bounds."""

from __future__ import annotations

import json
import pickle
from datetime import UTC, datetime, timedelta

import pytest

from bot.parse import MAX_SUMMARY, MAX_TITLE, ParseError, parse_feed
from fakes.feed_site import FeedEntry, render_feed

NOW = datetime(2020, 10, 11, 12, tzinfo=UTC)
ENTRY = FeedEntry(
    guid="id-1",
    title="Rockets hit Ganja after the truce",
    summary="<p>Officials said <b>nine</b> civilians were killed.</p>",
    link="https://news.example/ganja",
    published=NOW - timedelta(hours=2),
)


def parse(body: bytes, content_type: str | None = None):
    return parse_feed(
        body, url="https://news.example/feed", content_type=content_type, fetched_at=NOW
    )


@pytest.mark.parametrize("kind", ["rss", "atom", "rdf", "json"])
def test_every_format_gives_the_same_clean_item(kind: str) -> None:
    ctype = "application/feed+json" if kind == "json" else None
    [item] = parse(render_feed(kind, "Wire", [ENTRY]), ctype).items
    assert item.title == "Rockets hit Ganja after the truce"
    assert item.summary == "Officials said nine civilians were killed."
    assert item.url == "https://news.example/ganja"
    assert item.published_at == NOW - timedelta(hours=2)
    assert item.key.startswith("g:") and item.key.endswith("id-1")  # Atom ids resolve as URIs
    assert "casualty_report" in item.classification.labels


def test_a_parsed_feed_survives_the_trip_back_from_a_parser_process() -> None:
    feed = parse(render_feed("rss", "Wire", [ENTRY]))
    assert feed.items[0].classification.evidence  # nested records are part of the trip
    again = pickle.loads(pickle.dumps(feed, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == feed and type(again.items[0]) is type(feed.items[0])


RSS_091 = b"""<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title>
<link>https://old.example/</link><description>d</description>
<item><title>Truce talks resume</title><link>https://old.example/1</link>
<description>Envoys met in Geneva.</description></item></channel></rss>"""


def test_rss_091_without_guid_or_date_is_keyed_by_link_and_dated_now() -> None:
    [item] = parse(RSS_091).items
    assert item.key == "l:https://old.example/1" and item.published_at == NOW


def test_item_with_neither_guid_nor_link_is_keyed_by_content() -> None:
    body = render_feed("rss", "x", [FeedEntry(guid=None, title="Shelling resumed", summary="s")])
    [item] = parse(body).items
    assert item.key.startswith("h:") and item.url is None


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        (datetime(1970, 1, 1, tzinfo=UTC), NOW),
        (datetime(2999, 1, 1, tzinfo=UTC), NOW),
        (NOW + timedelta(days=1), NOW),
        (NOW + timedelta(minutes=5), NOW + timedelta(minutes=5)),
        (datetime(2003, 2, 24, tzinfo=UTC), datetime(2003, 2, 24, tzinfo=UTC)),
    ],
)
def test_absurd_and_future_dates_are_clamped(published: datetime, expected: datetime) -> None:
    body = render_feed("atom", "x", [FeedEntry(guid="1", title="t", published=published)])
    assert parse(body).items[0].published_at == expected


def test_timezones_become_utc() -> None:
    body = b"""<rss version="2.0"><channel><title>x</title><item><guid>1</guid><title>t</title>
    <pubDate>Sat, 10 Oct 2020 12:00:00 +0400</pubDate></item></channel></rss>"""
    assert parse(body).items[0].published_at == datetime(2020, 10, 10, 8, tzinfo=UTC)


def test_html_is_reduced_to_text_and_lengths_are_bounded() -> None:
    entry = FeedEntry(
        guid="1",
        title="T" * 5000,
        summary="<script>steal()</script><p onclick='x()'>Hello&nbsp;<a href='javascript:x'>"
        "world</a></p>" + "word " * 5000,
        link="javascript:alert(1)",
    )
    [item] = parse(render_feed("rss", "x", [entry])).items
    assert len(item.title) <= MAX_TITLE and len(item.summary) <= MAX_SUMMARY
    assert "steal" not in item.summary and "<" not in item.summary
    assert item.summary.startswith("Hello\xa0world") or item.summary.startswith("Hello world")
    assert item.url is None


def test_plain_text_titles_keep_their_angle_brackets() -> None:
    body = render_feed("rss", "x", [FeedEntry(guid="1", title="Talks <in> Geneva & Minsk")])
    assert parse(body).items[0].title == "Talks <in> Geneva & Minsk"


def test_relative_links_resolve_against_the_feed() -> None:
    body = b"""<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://osce.example/news/">
    <title>OSCE</title><entry><id>tag:1</id><title>Statement</title>
    <link href="statement-1"/><updated>2020-10-10T09:00:00Z</updated></entry></feed>"""
    assert parse(body).items[0].url == "https://osce.example/news/statement-1"


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (b"", "empty response"),
        (b"<!DOCTYPE html><html><body>Welcome</body></html>", "HTML page"),
        (b'{"hello": 1}', "JSON without a JSON Feed version"),
        (b"{not json", "invalid JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not a feed"),
    ],
)
def test_non_feeds_say_what_they_are(body: bytes, fragment: str) -> None:
    with pytest.raises(ParseError) as raised:
        parse(body)
    assert fragment in str(raised.value)


def test_feeds_with_absurd_numbers_of_entries_are_refused() -> None:
    body = b"<rss><channel>" + b"<item><title>x</title></item>" * 6000 + b"</channel></rss>"
    with pytest.raises(ParseError, match="more than 5000 entries"):
        parse(body)
    json_body = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "items": [{"id": str(i)} for i in range(6000)],
        }
    ).encode()
    with pytest.raises(ParseError, match="more than 5000 entries"):
        parse(json_body)


def test_empty_but_valid_feed_has_no_items() -> None:
    assert parse(render_feed("atom", "Quiet", [])).items == ()


def test_control_characters_and_surrogates_are_dropped() -> None:
    json_body = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "items": [{"id": "1", "title": "Bad\u0000\u0007 \ud800title", "content_text": "ok"}],
        }
    ).encode()
    [item] = parse(json_body).items
    assert item.title == "Bad title"
    item.title.encode("utf-8")  # storable and sendable
