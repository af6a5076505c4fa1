"""Fetching against the loopback feed site: caching, limits, redirects, the SSRF guard."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import pytest_asyncio

from bot.fetch import USER_AGENT, Fetcher, FetchError, address_problem, parse_retry_after
from fakes.feed_site import FeedSite, make_entries


@pytest_asyncio.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    f = Fetcher(allow_private=True, max_bytes=1024 * 1024, timeout=2.0)
    yield f
    await f.close()


async def test_conditional_get_echoes_validators_exactly(
    feed_site: FeedSite, fetcher: Fetcher
) -> None:
    feed_site.add_feed("/news", "rss", items=make_entries(3))
    first = await fetcher.fetch(feed_site.url("/news"))
    assert not first.not_modified and b"<rss" in first.body
    assert first.etag and first.last_modified
    second = await fetcher.fetch(feed_site.url("/news"), first.etag, first.last_modified)
    assert second.not_modified and second.body == b""
    request = feed_site.requests("/news")[-1]
    assert request.if_none_match == first.etag
    assert request.if_modified_since == first.last_modified
    assert request.user_agent == USER_AGENT and "TruceWatch" in USER_AGENT
    assert "gzip" in (request.accept_encoding or "")


async def test_gzip_body_is_decoded(feed_site: FeedSite, fetcher: Fetcher) -> None:
    feed_site.add_feed("/news", "atom", items=make_entries(2))
    got = await fetcher.fetch(feed_site.url("/news"))
    assert got.body.lstrip().startswith(b"<?xml") and feed_site.requests("/news")[-1].status == 200


@pytest.mark.parametrize(
    ("path", "fragment"),
    [
        ("/status/404", "HTTP 404"),
        ("/status/500", "HTTP 500"),
        ("/oversize", "larger than the 1 MB limit"),
        ("/oversize-chunked", "larger than the 1 MB limit"),
        ("/gzip-bomb", "larger than the 1 MB limit"),
        ("/redirect/loop", "redirect loop"),
        ("/redirect/chain/15", "too many redirects"),
        ("/slow/headers?seconds=30", "timed out"),
        ("/slow/body", "timed out"),
        ("/endless", "larger than the 1 MB limit"),
        ("/bad-length/too-long", "connection broken"),
        ("/reset-mid-body", "connection broken"),
        ("/redirect/to-file-scheme", "redirect"),
    ],
)
async def test_failures_become_one_clear_message(
    feed_site: FeedSite, fetcher: Fetcher, path: str, fragment: str
) -> None:
    with pytest.raises(FetchError) as raised:
        await fetcher.fetch(feed_site.url(path))
    assert fragment in str(raised.value)


async def test_garbage_and_silent_servers(feed_site: FeedSite, fetcher: Fetcher) -> None:
    for url, fragment in (
        (feed_site.garbage_url, "invalid HTTP"),
        (feed_site.silent_url, "timed out"),
    ):
        with pytest.raises(FetchError) as raised:
            await fetcher.fetch(url)
        assert fragment in str(raised.value) or "closed the connection" in str(raised.value)


async def test_retry_after_is_reported(feed_site: FeedSite, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError) as raised:
        await fetcher.fetch(feed_site.url("/status/429-retry-after-seconds"))
    assert raised.value.retry_after == 30
    with pytest.raises(FetchError) as dated:
        await fetcher.fetch(feed_site.url("/status/429-retry-after-date"))
    assert 60 <= (dated.value.retry_after or 0) <= 91


def test_retry_after_forms() -> None:
    now = datetime(2020, 10, 10, 8, tzinfo=UTC)
    assert parse_retry_after("120", now) == 120
    assert parse_retry_after("Sat, 10 Oct 2020 08:01:00 GMT", now) == 60
    assert parse_retry_after("soon-ish", now) is None


async def test_permanent_redirect_reports_the_new_address(
    feed_site: FeedSite, fetcher: Fetcher
) -> None:
    moved = await fetcher.fetch(feed_site.url("/redirect/301"))
    assert moved.moved_to == moved.final_url and moved.final_url.endswith("/good/rss")
    temporary = await fetcher.fetch(feed_site.url("/redirect/302"))
    assert temporary.moved_to is None and temporary.final_url.endswith("/good/rss")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/feed",
        "http://localhost:9/feed",
        "http://10.0.0.1/feed",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:9/feed",
        "http://0.0.0.0:9/",
        "http://[::ffff:127.0.0.1]:9/feed",
        "http://224.0.0.1/",
    ],
)
async def test_ssrf_guard_refuses_private_addresses(url: str) -> None:
    guarded = Fetcher(allow_private=False, timeout=2.0)
    try:
        with pytest.raises(FetchError) as raised:
            await guarded.fetch(url)
    finally:
        await guarded.close()
    assert "refused to connect" in str(raised.value)
    assert "TRUCEWATCH_ALLOW_PRIVATE_URLS" in str(raised.value)


async def test_odd_ip_spellings_are_not_fetched() -> None:
    guarded = Fetcher(allow_private=False, timeout=2.0)
    try:
        for url in ("http://2130706433/feed", "http://0x7f.1/feed", "http://017700000001/"):
            with pytest.raises(FetchError):
                await guarded.fetch(url)
    finally:
        await guarded.close()


@pytest.mark.parametrize(
    "path",
    [
        "/redirect/to-loopback",
        "/redirect/to-metadata",
        "/redirect/to-private-10",
        "/redirect/to-ipv6-loopback",
    ],
)
async def test_ssrf_guard_checks_every_redirect_hop(feed_site: FeedSite, path: str) -> None:
    # The site itself is trusted here; where it redirects to must still be refused.
    guarded = Fetcher(allow_private=False, timeout=2.0, exempt={("127.0.0.1", feed_site.port)})
    try:
        ok = await guarded.fetch(feed_site.url("/good/rss"))
        assert b"<rss" in ok.body
        with pytest.raises(FetchError) as raised:
            await guarded.fetch(feed_site.url(path))
    finally:
        await guarded.close()
    assert "refused to connect" in str(raised.value)


@pytest.mark.parametrize(
    ("address", "allowed"),
    [
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:10.0.0.1", False),
        ("240.0.0.1", False),
        ("0.0.0.0", False),
    ],
)
def test_address_policy(address: str, allowed: bool) -> None:
    assert (address_problem(address) is None) is allowed


async def test_file_sources_only_when_allowed(tmp_path: Path, fetcher: Fetcher) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(b"<rss version='2.0'><channel><title>x</title></channel></rss>")
    with pytest.raises(FetchError) as raised:
        await fetcher.fetch(feed.as_uri())
    assert "command line" in str(raised.value)
    got = await fetcher.fetch(feed.as_uri(), allow_files=True)
    assert got.body.startswith(b"<rss")
    again = await fetcher.fetch(feed.as_uri(), None, got.last_modified, allow_files=True)
    assert again.not_modified


async def test_per_host_connection_limit(feed_site: FeedSite) -> None:
    import asyncio

    limited = Fetcher(allow_private=True, per_host=2, timeout=5.0)
    feed_site.add_feed("/held", "rss", items=make_entries(1))
    feed_site.hold("/held")
    try:
        tasks = [asyncio.create_task(limited.fetch(feed_site.url("/held"))) for _ in range(5)]
        await feed_site.wait_for_requests("/held", 2)
        assert feed_site.open_requests("/held") == 2
        feed_site.release("/held")
        await asyncio.gather(*tasks)
    finally:
        await limited.close()
    assert feed_site.max_open_requests("/held") == 2
