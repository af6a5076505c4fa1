"""Fetching against the loopback feed site: caching, limits, redirects, the SSRF guard."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web

from bot.fetch import (
    ACCEPT,
    USER_AGENT,
    BlockedAddress,
    Fetcher,
    FetchError,
    address_problem,
    guarded_socket,
    parse_retry_after,
    permanent_target,
)
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


@pytest.mark.parametrize(
    ("statuses", "moved"),
    [
        ((), False),
        ((301,), True),
        ((308,), True),
        ((301, 308), True),
        ((301, 302), False),  # one temporary hop: the old address stays
        ((302, 301), False),
        ((302,), False),
        ((307,), False),
    ],
)
def test_only_an_all_permanent_redirect_moves_a_feed(
    statuses: tuple[int, ...], moved: bool
) -> None:
    history = [cast(aiohttp.ClientResponse, SimpleNamespace(status=s)) for s in statuses]
    expected = "https://new.example/feed" if moved else None
    assert permanent_target(history, "https://new.example/feed") == expected


@pytest.mark.parametrize(
    ("path", "moved"), [("/redirect/308", True), ("/redirect/307", False), ("/good/rss", False)]
)
async def test_a_fetch_reports_a_move_only_after_permanent_redirects(
    feed_site: FeedSite, fetcher: Fetcher, path: str, moved: bool
) -> None:
    got = await fetcher.fetch(feed_site.url(path))
    assert got.final_url == feed_site.url("/good/rss") and b"<rss" in got.body
    assert got.moved_to == (got.final_url if moved else None)


async def test_a_redirect_without_a_location_is_an_error(
    feed_site: FeedSite, fetcher: Fetcher
) -> None:
    with pytest.raises(FetchError) as raised:
        await fetcher.fetch(feed_site.url("/redirect/no-location"))
    assert str(raised.value) == "HTTP 301 redirect without a usable Location header"


def test_the_socket_guard_refuses_before_any_connection_and_lets_exempt_pairs_through() -> None:
    guard = guarded_socket({("127.0.0.1", 8080)})
    tcp4, tcp6 = (
        (socket.AF_INET, socket.SOCK_STREAM, 6, ""),
        (socket.AF_INET6, socket.SOCK_STREAM, 6, ""),
    )
    for info in (
        (*tcp4, ("127.0.0.1", 8081)),
        (*tcp4, ("10.0.0.1", 8080)),
        (*tcp6, ("::1", 8080, 0, 0)),
    ):
        with pytest.raises(BlockedAddress) as raised:
            guard(info)
        host = info[4][0]
        assert str(raised.value) == (
            f"refused to connect: {address_problem(host)} "
            "(set TRUCEWATCH_ALLOW_PRIVATE_URLS=1 to allow)"
        )
    for info in ((*tcp4, ("127.0.0.1", 8080)), (*tcp4, ("93.184.215.14", 80))):
        with guard(info) as sock:  # a socket is made; nothing is connected yet
            assert (sock.family, sock.type) == (socket.AF_INET, socket.SOCK_STREAM)


async def test_proxy_settings_in_the_environment_are_ignored(
    feed_site: FeedSite, fetcher: Fetcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A proxy would fetch on our behalf from wherever it sits: the address guard would only
    # ever see the proxy's address.
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    got = await fetcher.fetch(feed_site.url("/good/rss"))
    assert b"<rss" in got.body


async def test_requests_say_who_we_are_and_what_we_accept(
    feed_site: FeedSite, fetcher: Fetcher
) -> None:
    await fetcher.fetch(feed_site.url("/good/rss"))
    request = feed_site.requests("/good/rss")[-1]
    assert request.user_agent == USER_AGENT and request.headers.get("Accept") == ACCEPT
    assert request.if_none_match is None and request.if_modified_since is None


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("FILE:///etc/passwd", "file: sources can only be added from the command line"),
        ("ftp://example.org/feed", "only http and https feed addresses are supported"),
        ("gopher://example.org/", "only http and https feed addresses are supported"),
    ],
)
async def test_only_web_addresses_are_fetched(url: str, problem: str, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError) as raised:
        await fetcher.fetch(url)
    assert str(raised.value) == problem


async def test_scheme_case_does_not_matter(feed_site: FeedSite, fetcher: Fetcher) -> None:
    url = feed_site.url("/good/rss").replace("http://", "HTTP://", 1)
    assert b"<rss" in (await fetcher.fetch(url)).body


async def test_a_fetch_carries_the_servers_caching_facts(
    feed_site: FeedSite, fetcher: Fetcher, tmp_path: Path
) -> None:
    (tmp_path / "feed.rss").write_text(
        '<!--\nHeader: ETag: "v1"\nHeader: Last-Modified: Sat, 10 Oct 2020 08:00:00 GMT\n'
        "Header: Cache-Control: public, max-age=600\n-->\n"
        "<rss version='2.0'><channel><title>x</title></channel></rss>\n"
    )
    feed_site.serve_directory("/files", tmp_path)
    url = feed_site.url("/files/feed.rss")
    got = await fetcher.fetch(url)
    assert (got.not_modified, got.final_url, got.moved_to) == (False, url, None)
    assert got.body.startswith(b"<!--") and got.content_type == "application/rss+xml"
    assert (got.etag, got.last_modified) == ('"v1"', "Sat, 10 Oct 2020 08:00:00 GMT")
    assert got.max_age == 600.0


# aiohttp stops at its tenth redirect: nine are followed.
@pytest.mark.parametrize(("hops", "followed"), [(9, True), (10, False)])
async def test_a_chain_of_redirects_is_followed_up_to_the_limit(
    feed_site: FeedSite, fetcher: Fetcher, hops: int, followed: bool
) -> None:
    url = feed_site.url(f"/redirect/chain/{hops}")
    if followed:
        assert (await fetcher.fetch(url)).final_url == feed_site.url("/good/rss")
        return
    with pytest.raises(FetchError) as raised:
        await fetcher.fetch(url)
    assert str(raised.value) == "too many redirects (10 or more) or a redirect loop"


async def test_an_error_status_is_reported_with_its_reason(
    feed_site: FeedSite, fetcher: Fetcher
) -> None:
    with pytest.raises(FetchError) as raised:
        await fetcher.fetch(feed_site.url("/status/410"))
    assert str(raised.value) == "HTTP 410 Gone" and raised.value.retry_after is None


async def test_a_hosts_held_feeds_do_not_hold_up_another_host(feed_site: FeedSite) -> None:
    one_each = Fetcher(allow_private=True, per_host=1, timeout=5.0)
    feed_site.add_feed("/held", "rss", items=make_entries(1))
    feed_site.hold("/held")
    try:
        tasks = [
            asyncio.create_task(one_each.fetch(feed_site.url("/held", host=host)))
            for host in ("127.0.0.1", "localhost", "127.0.0.1")
        ]
        await feed_site.wait_for_requests("/held", 2)  # one per host, at once
        assert feed_site.open_requests("/held") == 2
        feed_site.release("/held")
        await asyncio.gather(*tasks)
    finally:
        await one_each.close()
    assert feed_site.max_open_requests("/held") == 2 and len(feed_site.requests("/held")) == 3


async def test_https_addresses_go_to_the_address_guard_too() -> None:
    guarded = Fetcher(allow_private=False, timeout=2.0)
    try:
        with pytest.raises(FetchError) as raised:
            await guarded.fetch("HTTPS://127.0.0.1:9/feed")
    finally:
        await guarded.close()
    assert str(raised.value).startswith("cannot connect to 127.0.0.1:9: refused to connect")


@pytest_asyncio.fixture
async def status_site() -> AsyncIterator[str]:
    """A loopback server answering /<status> with that status and no Location."""

    async def answer(request: web.Request) -> web.Response:
        status = int(request.match_info["status"])
        reason = "" if status == 599 else None
        return web.Response(status=status, reason=reason, text="<rss/>")

    app = web.Application()
    app.router.add_get("/{status}", answer)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    await runner.cleanup()


@pytest.mark.parametrize(
    ("status", "problem"),
    [
        (200, None),
        (203, None),
        (299, None),
        (300, "HTTP 300 redirect without a usable Location header"),
        (399, "HTTP 399 redirect without a usable Location header"),
        (400, "HTTP 400 Bad Request"),
        (401, "HTTP 401 Unauthorized"),
        (599, "HTTP 599"),
    ],
)
async def test_what_each_status_means(
    status_site: str, fetcher: Fetcher, status: int, problem: str | None
) -> None:
    if problem is None:
        assert (await fetcher.fetch(f"{status_site}/{status}")).body == b"<rss/>"
        return
    with pytest.raises(FetchError) as raised:
        await fetcher.fetch(f"{status_site}/{status}")
    assert str(raised.value) == problem


async def test_the_session_caps_connections_and_ignores_the_environment() -> None:
    fetcher = Fetcher(total_connections=7)
    try:
        session = fetcher._open()
        assert session.connector is not None and session.connector.limit == 7
        assert session.trust_env is False
    finally:
        await fetcher.close()
