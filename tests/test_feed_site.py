"""The loopback feed site answers as the tests that use it rely on, seen with a plain
aiohttp client: each hostile behaviour, rendering, conditional GET, gzip, the request log.

Nothing here sleeps to synchronise: waits are on the site's request condition or on the
client's own I/O, and the few timeouts are the behaviour under test (slow/silent peers).
"""

from __future__ import annotations

import asyncio
import gzip
import itertools
import json
import time
import xml.etree.ElementTree as ET
import zlib
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import aiohttp
import feedparser
import pytest
import pytest_asyncio
from multidict import CIMultiDict, CIMultiDictProxy

from fakes.feed_documents import sized_feed
from fakes.feed_site import (
    BEHAVIOURS,
    CYRILLIC_TITLES,
    LATIN1_TITLES,
    SSRF_TARGETS,
    FeedEntry,
    FeedSite,
    corpus_headers,
    gzip_bomb,
    make_entries,
    render_feed,
)

CORPUS = Path("/work/shared/data/feed-corpus/feedparser")
IDENTITY = {"Accept-Encoding": "identity"}
# Read timeouts: generous by default (a loaded machine still answers within it), short
# only where the timeout itself is what a test observes (slow headers, silent port).
READ_TIMEOUT = 5.0
SHORT_READ_TIMEOUT = 0.3
ATOM = "{http://www.w3.org/2005/Atom}"
RSS1 = "{http://purl.org/rss/1.0/}"


@pytest_asyncio.fixture
async def client() -> AsyncIterator[aiohttp.ClientSession]:
    """A client that shows the wire as it is: no decompression, no redirects followed."""
    timeout = aiohttp.ClientTimeout(total=10, sock_read=READ_TIMEOUT)
    async with aiohttp.ClientSession(auto_decompress=False, timeout=timeout) as session:
        yield session


@dataclass
class Outcome:
    status: int | None
    headers: CIMultiDictProxy[str] | CIMultiDict[str]
    body: bytes
    error: BaseException | None


async def fetch(
    session: aiohttp.ClientSession,
    url: str,
    *,
    limit: int = 64 * 1024,
    headers: Mapping[str, str] = IDENTITY,
    allow_redirects: bool = False,
    read_timeout: float = READ_TIMEOUT,
) -> Outcome:
    """GET `url` and read at most `limit` body bytes, then hang up.  Errors are returned,
    not raised, so a test can check the status that came before a broken body."""
    status: int | None = None
    got_headers: CIMultiDictProxy[str] | CIMultiDict[str] = CIMultiDict()
    body = bytearray()
    error: BaseException | None = None
    timeout = aiohttp.ClientTimeout(total=30, sock_read=read_timeout)
    request = session.get(url, headers=headers, allow_redirects=allow_redirects, timeout=timeout)
    try:
        async with request as resp:
            status, got_headers = resp.status, resp.headers
            while len(body) < limit:
                chunk = await resp.content.read(limit - len(body))
                if not chunk:
                    break
                body += chunk
    except (aiohttp.ClientError, TimeoutError) as exc:
        error = exc
    return Outcome(status, got_headers, bytes(body), error)


def parse(outcome: Outcome) -> Any:
    headers = {k.lower(): v for k, v in outcome.headers.items()}
    return feedparser.parse(outcome.body, response_headers=headers)


# ---------------------------------------------------------------------------------------
# The behaviour table
# ---------------------------------------------------------------------------------------

# A check asserts, or returns a bool (handy for lambdas); False fails the test.
Check = Callable[[Outcome], bool | None]


@dataclass(frozen=True)
class Expect:
    status: int | None = 200
    content_type: str | None = None  # prefix of Content-Type
    headers: Mapping[str, str | None] = field(default_factory=dict)  # None: header absent
    starts: bytes | None = None
    contains: tuple[bytes, ...] = ()
    error: type[BaseException] | tuple[type[BaseException], ...] | None = None
    limit: int = 64 * 1024
    read_timeout: float = READ_TIMEOUT
    check: Check | None = None


RSS = "application/rss+xml"


def _retry_after_in(low: float, high: float) -> Check:
    def check(outcome: Outcome) -> None:
        when = parsedate_to_datetime(outcome.headers["Retry-After"])
        assert low <= (when - datetime.now(UTC)).total_seconds() <= high

    return check


def _bomb_prefix_inflates(outcome: Outcome) -> None:
    assert int(outcome.headers["Content-Length"]) < 2_000_000
    inflated = zlib.decompressobj(31).decompress(outcome.body, 8 << 20)
    assert len(inflated) == 8 << 20  # 64 KiB on the wire is already 8 MiB of zeros
    assert inflated.count(0) == len(inflated)


def _not_json(outcome: Outcome) -> None:
    with pytest.raises(json.JSONDecodeError):
        json.loads(outcome.body)


def _not_utf8(outcome: Outcome) -> None:
    with pytest.raises(UnicodeDecodeError):
        outcome.body.decode("utf-8")


def _decodes_as(encoding: str, text: str) -> Check:
    def check(outcome: Outcome) -> None:
        assert text in outcome.body.decode(encoding)
        _not_utf8(outcome)

    return check


def _exactly_200_bytes(outcome: Outcome) -> None:
    # The client believes the header, so it sees a truncated document.
    assert len(outcome.body) == 200
    assert b"</rss>" not in outcome.body


def _big(min_bytes: int) -> Check:
    def check(outcome: Outcome) -> None:
        assert int(outcome.headers["Content-Length"]) >= min_bytes

    return check


def _error_says(text: str) -> Check:
    def check(outcome: Outcome) -> None:
        assert text in str(outcome.error)

    return check


def _redirect(status: int, location: str | None) -> Expect:
    return Expect(status=status, headers={"Location": location})


EXPECT: dict[str, Expect] = {
    "/good/rss": Expect(
        content_type=RSS,
        starts=b"<?xml",
        contains=(b"<rss",),
        check=lambda o: o.headers["ETag"].startswith('"'),
    ),
    "/status/404": Expect(status=404),
    "/status/410": Expect(status=410),
    "/status/500": Expect(status=500),
    "/status/503-retry-after": Expect(status=503, headers={"Retry-After": "120"}),
    "/status/503-retry-after-garbage": Expect(status=503, headers={"Retry-After": "soon-ish"}),
    "/status/429-retry-after-seconds": Expect(status=429, headers={"Retry-After": "30"}),
    "/status/429-retry-after-huge": Expect(status=429, headers={"Retry-After": "31536000"}),
    "/status/429-retry-after-date": Expect(status=429, check=_retry_after_in(60, 91)),
    "/status/304-unconditional": Expect(status=304, check=lambda o: o.body == b""),
    "/flaky/5xx-burst": Expect(status=500),
    "/slow/headers": Expect(status=None, error=TimeoutError, read_timeout=SHORT_READ_TIMEOUT),
    "/slow/body": Expect(starts=b"<?xml ve", limit=8, headers={"Content-Length": None}),
    "/endless": Expect(starts=b"<?xml", headers={"Transfer-Encoding": "chunked"}),
    "/oversize": Expect(starts=b"<?xml", headers={"Content-Length": str(20 * 1024 * 1024)}),
    "/oversize-chunked": Expect(starts=b"<?xml", headers={"Transfer-Encoding": "chunked"}),
    "/gzip-bomb": Expect(
        headers={"Content-Encoding": "gzip"}, starts=b"\x1f\x8b", check=_bomb_prefix_inflates
    ),
    "/encoding/bad-gzip": Expect(headers={"Content-Encoding": "gzip"}, starts=b"<?xml"),
    "/encoding/gzip-undeclared": Expect(headers={"Content-Encoding": None}, starts=b"\x1f\x8b"),
    "/bad-length/too-long": Expect(
        headers={"Content-Length": "5000"}, error=aiohttp.ClientPayloadError
    ),
    "/bad-length/too-short": Expect(headers={"Content-Length": "200"}, check=_exactly_200_bytes),
    "/reset-mid-body": Expect(
        error=aiohttp.ClientPayloadError, check=_error_says("Connection reset")
    ),
    "/headers/oversize": Expect(
        status=None, error=aiohttp.ClientResponseError, check=_error_says("8190")
    ),
    "/redirect/301": _redirect(301, "absolute"),
    "/redirect/302": _redirect(302, "/good/rss"),
    "/redirect/307": _redirect(307, "../good/rss"),
    "/redirect/308": _redirect(308, "absolute"),
    "/redirect/loop": _redirect(302, "/redirect/loop-b"),
    "/redirect/no-location": _redirect(301, None),
    "/redirect/chain/15": _redirect(302, "/redirect/chain/14"),
    **{path: _redirect(302, target) for path, target in SSRF_TARGETS.items()},
    "/content/html": Expect(content_type="text/html", starts=b"<!DOCTYPE html>"),
    "/content/broken-xml": Expect(
        content_type=RSS, starts=b"<?xml", check=lambda o: not o.body.rstrip().endswith(b"</rss>")
    ),
    "/content/broken-json": Expect(content_type="application/feed+json", check=_not_json),
    "/content/empty-body": Expect(headers={"Content-Length": "0"}, check=lambda o: o.body == b""),
    "/content/empty-feed": Expect(
        contains=(b"<channel>",), check=lambda o: b"<item>" not in o.body
    ),
    "/content/bom-wrong-charset": Expect(
        starts=b'\xef\xbb\xbf<?xml version="1.0" encoding="windows-1252"?>'
    ),
    "/content/invalid-utf8": Expect(content_type=f"{RSS}; charset=utf-8", check=_not_utf8),
    "/content/charset-header-only": Expect(
        content_type=f"{RSS}; charset=iso-8859-1",
        starts=b"<rss",
        check=_decodes_as("iso-8859-1", LATIN1_TITLES[0]),
    ),
    "/content/windows-1251": Expect(
        content_type=f"{RSS}; charset=windows-1251",
        check=_decodes_as("windows-1251", CYRILLIC_TITLES[0]),
    ),
    "/content/utf16": Expect(starts=b"\xff\xfe<\x00?\x00x\x00m\x00l\x00"),
    "/content/billion-laughs": Expect(
        contains=(b"<!ENTITY lol9", b"&lol9;"), check=lambda o: len(o.body) < 4096
    ),
    "/content/xxe": Expect(contains=(b'<!ENTITY xxe SYSTEM "file:///etc/passwd">', b"&xxe;")),
    "/content/xxe-remote-dtd": Expect(contains=(b'SYSTEM "http://169.254.169.254/',)),
    "/content/100k-items": Expect(
        starts=b"<?xml", contains=(b"urn:bulk:0<",), check=_big(10_000_000)
    ),
    "/content/huge-title": Expect(starts=b"<?xml", check=_big(1 << 20)),
    "/content/duplicate-guids": Expect(contains=(b"urn:dup:1",)),
    "/content/changing-guids": Expect(contains=(b"urn:changing:1:0",)),
    "/content/extreme-dates": Expect(contains=(b"Thu, 01 Jan 1970", b"2999", b"yesterday-ish")),
    "/content/missing-fields": Expect(contains=(b"<item></item>",)),
    "/content/dangerous-links": Expect(
        contains=(b"<link>javascript:alert(document.cookie)<", b"<link>data:text/html;base64,")
    ),
    "/content/html-injection": Expect(
        contains=(b"&lt;script&gt;", b"onerror", b"<![CDATA[<script>")
    ),
    "/content/telegram-markup": Expect(
        contains=(b"&lt;b&gt;BREAKING&lt;/b&gt;", b'&lt;a href="https://t.me/')
    ),
    "/content/atom-xml-base": Expect(
        content_type="application/atom+xml", contains=(b'xml:base="https://news.example/world/"',)
    ),
    "/content/text-plain": Expect(headers={"Content-Type": "text/plain"}, starts=b"<?xml"),
    "/content/png": Expect(starts=b"\x89PNG\r\n\x1a\n"),
}


def test_behaviour_catalogue_is_complete() -> None:
    assert len(BEHAVIOURS) >= 32
    assert set(EXPECT) == set(BEHAVIOURS)


def _check_outcome(site: FeedSite, path: str, expect: Expect, outcome: Outcome) -> None:
    assert outcome.status == expect.status, outcome
    if expect.error is None:
        assert outcome.error is None, outcome.error
    else:
        assert isinstance(outcome.error, expect.error), repr(outcome.error)
    if expect.content_type is not None:
        assert outcome.headers["Content-Type"].startswith(expect.content_type)
    for name, value in expect.headers.items():
        if value == "absolute":
            value = site.url("/good/rss")
        assert outcome.headers.get(name) == value, (name, outcome.headers)
    if expect.starts is not None:
        assert outcome.body.startswith(expect.starts), outcome.body[:80]
    for needle in expect.contains:
        assert needle in outcome.body, needle
    if expect.check is not None:
        assert expect.check(outcome) is not False, f"check failed for {path}"


@pytest.mark.parametrize("path", sorted(BEHAVIOURS))
async def test_behaviour_answers_as_described(
    feed_site: FeedSite, client: aiohttp.ClientSession, path: str
) -> None:
    expect = EXPECT[path]
    outcome = await fetch(
        client, feed_site.url(path), limit=expect.limit, read_timeout=expect.read_timeout
    )
    _check_outcome(feed_site, path, expect, outcome)
    [record] = feed_site.requests(path)
    if expect.status is not None:
        assert record.status == expect.status


# ---------------------------------------------------------------------------------------
# Programmable feeds
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["rss", "atom", "rdf"])
async def test_feed_renders_and_feedparser_reads_it(
    feed_site: FeedSite, client: aiohttp.ClientSession, kind: Any
) -> None:
    entries = make_entries(6, seed=3)
    feed_site.add_feed("/news", kind, title="Front line & “talks”", items=entries)
    outcome = await fetch(client, feed_site.url("/news"))
    parsed = parse(outcome)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == "Front line & “talks”"
    assert [e.id for e in parsed.entries] == [e.guid for e in entries]
    assert [e.link for e in parsed.entries] == [e.link for e in entries]
    assert [e.title for e in parsed.entries] == [e.title for e in entries]


async def test_json_feed_renders(feed_site: FeedSite, client: aiohttp.ClientSession) -> None:
    entries = make_entries(4, seed=5)
    feed_site.add_feed("/feed.json", "json", title="JSON wire", items=entries)
    outcome = await fetch(client, feed_site.url("/feed.json"))
    assert outcome.headers["Content-Type"] == "application/feed+json; charset=utf-8"
    doc = json.loads(outcome.body)
    assert doc["title"] == "JSON wire"
    assert [i["id"] for i in doc["items"]] == [e.guid for e in entries]
    assert doc["items"][0]["date_published"] == "2024-06-01T12:00:00Z"


NASTY = "Truce <holds> & “talks” in Genève — 'single' \"double\" ]]> \x01end"
CLEAN = NASTY.replace("\x01", "")  # XML 1.0 cannot carry control characters at all


def _xml_titles(kind: str, body: bytes) -> list[str | None]:
    root = ET.fromstring(body)  # our own well-formed output, no entities: safe to parse
    if kind == "rss":
        return [e.findtext("title") for e in root.iter("item")]
    if kind == "atom":
        return [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")]
    return [e.findtext(f"{RSS1}title") for e in root.iter(f"{RSS1}item")]


@pytest.mark.parametrize("kind", ["rss", "atom", "rdf"])
def test_rendering_escapes_markup_quotes_and_non_ascii(kind: Any) -> None:
    entry = FeedEntry("urn:x:1", NASTY, f"<p>{NASTY}</p>", "https://news.example/?a=1&b='2'")
    body = render_feed(kind, NASTY, [entry])
    assert _xml_titles(kind, body) == [CLEAN]
    assert "Genève".encode() in body


def test_json_rendering_round_trips_exact_text() -> None:
    entry = FeedEntry("urn:x:1", NASTY, NASTY, "https://news.example/?a=1&b=2")
    item = json.loads(render_feed("json", NASTY, [entry]))["items"][0]
    assert item["title"] == NASTY
    assert item["url"] == "https://news.example/?a=1&b=2"


def test_make_entries_is_deterministic_and_varied() -> None:
    entries = make_entries(60, seed=11)
    assert entries == make_entries(60, seed=11)
    assert entries != make_entries(60, seed=12)
    assert len({e.guid for e in entries}) == 60
    assert len({e.title for e in entries}) > 40
    dates = [e.published for e in entries if e.published is not None]
    assert len(dates) == 60
    assert all(newer > older for newer, older in itertools.pairwise(dates))
    text = " ".join(f"{e.title} {e.summary}" for e in entries).lower()
    for word in ("truce", "ceasefire", "talks", "killed"):
        assert word in text


async def test_conditional_get_round_trip(
    feed_site: FeedSite, client: aiohttp.ClientSession
) -> None:
    feed_site.add_feed("/c", items=make_entries(3, seed=1))
    url = feed_site.url("/c")
    first = await fetch(client, url)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.status == 200 and etag.startswith('"') and first.body == feed_site.feed_body("/c")

    by_etag = await fetch(client, url, headers={**IDENTITY, "If-None-Match": etag})
    by_date = await fetch(client, url, headers={**IDENTITY, "If-Modified-Since": modified})
    assert (by_etag.status, by_etag.body) == (304, b"")
    assert by_date.status == 304
    assert by_etag.headers["ETag"] == etag

    feed_site.add_item("/c", FeedEntry("urn:new", "Truce signed", "Both sides agreed."))
    changed = await fetch(client, url, headers={**IDENTITY, "If-None-Match": etag})
    assert changed.status == 200
    assert changed.headers["ETag"] != etag
    assert b"urn:new" in changed.body
    stale = await fetch(client, url, headers={**IDENTITY, "If-Modified-Since": modified})
    assert stale.status == 200
    assert parsedate_to_datetime(stale.headers["Last-Modified"]) > parsedate_to_datetime(modified)

    records = feed_site.requests("/c")
    assert [r.status for r in records] == [200, 304, 304, 200, 200]
    assert records[1].if_none_match == etag
    assert records[2].if_modified_since == modified
    assert records[0].accept_encoding == "identity"
    assert records[0].user_agent is not None and "aiohttp" in records[0].user_agent


async def test_if_none_match_wins_over_if_modified_since(
    feed_site: FeedSite, client: aiohttp.ClientSession
) -> None:
    feed_site.add_feed("/p", items=make_entries(2, seed=1))
    headers = {
        **IDENTITY,
        "If-None-Match": '"something-else"',
        "If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT",
    }
    assert (await fetch(client, feed_site.url("/p"), headers=headers)).status == 200


async def test_gzip_negotiation(feed_site: FeedSite, client: aiohttp.ClientSession) -> None:
    feed_site.add_feed("/z", "atom", items=make_entries(20, seed=2))
    url = feed_site.url("/z")
    zipped = await fetch(client, url, headers={"Accept-Encoding": "gzip, deflate"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert zipped.headers["Vary"] == "Accept-Encoding"
    assert gzip.decompress(zipped.body) == feed_site.feed_body("/z")
    assert zipped.headers["ETag"].endswith('-gzip"')  # strong ETags differ by coding
    assert len(zipped.body) < len(feed_site.feed_body("/z"))

    again = await fetch(
        client, url, headers={"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["ETag"]}
    )
    assert again.status == 304
    refused = await fetch(client, url, headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in refused.headers
    assert refused.body == feed_site.feed_body("/z")


async def test_item_edits_are_served(feed_site: FeedSite, client: aiohttp.ClientSession) -> None:
    entries = make_entries(3, seed=4)
    feed_site.add_feed("/k", "rdf", items=entries[1:])
    feed_site.add_item("/k", entries[0])
    parsed = parse(await fetch(client, feed_site.url("/k")))
    assert [e.id for e in parsed.entries] == [e.guid for e in entries]
    feed_site.set_items("/k", [])
    assert parse(await fetch(client, feed_site.url("/k"))).entries == []
    with pytest.raises(KeyError):
        feed_site.add_item("/unknown", entries[0])


# ---------------------------------------------------------------------------------------
# Request log, waiting and concurrency
# ---------------------------------------------------------------------------------------


async def test_wait_for_requests_wakes_on_arrival(
    feed_site: FeedSite, client: aiohttp.ClientSession
) -> None:
    waiter = asyncio.create_task(feed_site.wait_for_requests("/good/rss", 2, timeout=10))
    started = time.monotonic()
    for _ in range(2):
        assert not waiter.done()
        await fetch(client, feed_site.url("/good/rss"))
    records = await waiter
    assert time.monotonic() - started < 5  # woken by the requests, not by the timeout
    assert [r.path for r in records] == ["/good/rss", "/good/rss"]


async def test_wait_for_requests_timeout_lists_what_arrived(
    feed_site: FeedSite, client: aiohttp.ClientSession
) -> None:
    await fetch(client, feed_site.url("/status/410"))
    with pytest.raises(TimeoutError) as caught:
        await feed_site.wait_for_requests("/never", 1, timeout=0.05)
    message = str(caught.value)
    assert "/never" in message
    assert "GET /status/410 -> 410" in message


async def test_concurrency_is_tracked_per_path(
    feed_site: FeedSite, client: aiohttp.ClientSession
) -> None:
    feed_site.hold("/good/rss")
    url = feed_site.url("/good/rss")
    tasks = [asyncio.create_task(fetch(client, url)) for _ in range(3)]
    await feed_site.wait_for_requests("/good/rss", 3)
    assert feed_site.open_requests("/good/rss") == 3
    feed_site.release("/good/rss")
    outcomes = await asyncio.gather(*tasks)
    assert [o.status for o in outcomes] == [200, 200, 200]
    assert feed_site.max_open_requests("/good/rss") == 3
    assert feed_site.open_requests("/good/rss") == 0


async def test_stop_is_prompt_with_hostile_requests_pending() -> None:
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        site = FeedSite()
        await site.start()
        urls = [site.url("/slow/headers"), site.url("/slow/body"), site.silent_url]
        tasks = [asyncio.create_task(fetch(session, u, limit=1 << 20)) for u in urls]
        await site.wait_for_requests(None, 2)
        started = time.monotonic()
        await site.stop()
        assert time.monotonic() - started < 2
        outcomes = await asyncio.gather(*tasks)
    # Slow headers gives up with a 503; the trickle and the silent socket just end.
    assert outcomes[0].status == 503
    assert outcomes[1].status == 200 and outcomes[1].body.startswith(b"<?xml")
    assert outcomes[2].status is None and outcomes[2].error is not None


async def test_a_5xx_burst_recovers(feed_site: FeedSite, client: aiohttp.ClientSession) -> None:
    burst = [(await fetch(client, feed_site.url("/flaky/5xx-burst"))).status for _ in range(4)]
    assert burst == [500, 502, 503, 200]


async def test_changing_guids_change_every_fetch(
    feed_site: FeedSite, client: aiohttp.ClientSession
) -> None:
    ids = [
        [e.id for e in parse(await fetch(client, feed_site.url("/content/changing-guids"))).entries]
        for _ in range(2)
    ]
    assert ids[0] != ids[1] and not set(ids[0]) & set(ids[1])


def test_an_oversize_body_is_exactly_its_size_and_well_formed() -> None:
    body = b"".join(sized_feed(200_000))
    assert len(body) == 200_000
    ET.fromstring(body)  # padded but still well-formed


# ---------------------------------------------------------------------------------------
# Hostile content as a parser sees it
# ---------------------------------------------------------------------------------------


async def test_hostile_content_reaches_feedparser_as_intended(
    feed_site: FeedSite, client: aiohttp.ClientSession
) -> None:
    async def entries(path: str) -> Any:
        return parse(await fetch(client, feed_site.url(path))).entries

    assert [e.title for e in await entries("/content/windows-1251")] == list(CYRILLIC_TITLES)
    assert [e.title for e in await entries("/content/charset-header-only")] == list(LATIN1_TITLES)
    links = [e.link for e in await entries("/content/atom-xml-base")]
    assert links[:2] == [
        "https://news.example/world/europe/kharkiv-truce.html",
        "https://news.example/africa/sudan/el-fasher.html",
    ]
    missing = await entries("/content/missing-fields")
    assert len(missing) == 5
    assert "title" not in missing[0] and "link" not in missing[1] and "id" not in missing[2]
    guids = [e.id for e in await entries("/content/duplicate-guids")]
    assert len(guids) == 4 and len(set(guids)) == 2
    xxe = parse(await fetch(client, feed_site.url("/content/xxe")))
    assert "root:" not in json.dumps(xxe, default=str)


def test_gzip_bomb_declares_a_gigabyte() -> None:
    bomb = gzip_bomb()
    assert len(bomb) < 1_200_000
    assert int.from_bytes(bomb[-4:], "little") == 1 << 30  # ISIZE: 1 GiB inflated
    # A full flush between blocks makes each block decodable alone: check the last one.
    inflater = zlib.decompressobj(-15)
    block = (len(bomb) - 10 - 8 - 2) // 1024
    tail = inflater.decompress(bomb[-8 - 2 - block : -8])
    assert inflater.eof and len(tail) == 1 << 20 and tail.count(0) == len(tail)


async def test_redirects_followed_by_a_client(
    feed_site: FeedSite, client: aiohttp.ClientSession
) -> None:
    for code in (301, 302, 307, 308):
        outcome = await fetch(client, feed_site.url(f"/redirect/{code}"), allow_redirects=True)
        assert outcome.status == 200 and b"<rss" in outcome.body
    for path in ("/redirect/loop", "/redirect/chain/15"):
        outcome = await fetch(client, feed_site.url(path), allow_redirects=True)
        assert isinstance(outcome.error, aiohttp.TooManyRedirects)


# ---------------------------------------------------------------------------------------
# Raw TCP endpoints
# ---------------------------------------------------------------------------------------


async def test_garbage_port_answers_with_non_http_bytes(
    feed_site: FeedSite, client: aiohttp.ClientSession
) -> None:
    port = int(feed_site.garbage_url.split(":")[2].split("/")[0])
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(b"GET /feed.xml HTTP/1.1\r\nHost: x\r\n\r\n")
        data = await asyncio.wait_for(reader.read(), timeout=5)
    finally:
        writer.close()
        await writer.wait_closed()
    assert len(data) >= 64 and not data.startswith(b"HTTP/")
    outcome = await fetch(client, feed_site.garbage_url)
    assert isinstance(outcome.error, aiohttp.ClientResponseError)


async def test_silent_port_never_answers(
    feed_site: FeedSite, client: aiohttp.ClientSession
) -> None:
    outcome = await fetch(client, feed_site.silent_url, read_timeout=SHORT_READ_TIMEOUT)
    assert outcome.status is None
    assert isinstance(outcome.error, TimeoutError)


# ---------------------------------------------------------------------------------------
# Corpus directories
# ---------------------------------------------------------------------------------------

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="feed corpus not present")


@needs_corpus
async def test_corpus_headers_are_honoured(
    feed_site: FeedSite, client: aiohttp.ClientSession
) -> None:
    feed_site.serve_directory("/corpus", CORPUS)
    outcome = await fetch(
        client, feed_site.url("/corpus/encoding/http_application_atom_xml_charset.xml")
    )
    assert outcome.headers["Content-Type"] == "application/atom+xml;charset='us-ascii'"
    parsed = parse(outcome)
    # The file's own Expect line: "not bozo and encoding == 'us-ascii'".
    assert not parsed.bozo and parsed.encoding == "us-ascii"

    foo = await fetch(client, feed_site.url("/corpus/wellformed/http/headers_foo.xml"))
    assert foo.headers["X-Foo"] == "bar"
    assert foo.headers["Content-Type"] == "application/xml"
    plain = await fetch(client, feed_site.url("/corpus/json/example.json"))
    assert plain.headers["Content-Type"] == "application/feed+json"
    escape = await fetch(client, feed_site.url("/corpus/%2e%2e/README.md"))
    assert escape.status == 404


@needs_corpus
def test_every_corpus_header_line_is_parsed() -> None:
    with_headers = 0
    for path in CORPUS.rglob("*.xml"):
        body = path.read_bytes()
        expected = body.count(b"\nHeader:")
        assert len(corpus_headers(body)) == expected, path
        with_headers += bool(expected)
    assert with_headers > 100


# ---------------------------------------------------------------------------------------
# Thread mode
# ---------------------------------------------------------------------------------------


async def test_thread_mode_serves_and_waits_across_loops(
    client: aiohttp.ClientSession,
) -> None:
    site = await asyncio.to_thread(FeedSite().start_in_thread)
    try:
        site.add_feed("/t", "atom", items=make_entries(2, seed=8))
        outcome = await fetch(client, site.url("/t"))
        assert outcome.status == 200
        records = await site.wait_for_requests("/t", 1)
        assert records[0].status == 200
        assert site.wait_for_requests_sync("/t", 1)[0].path == "/t"
    finally:
        await asyncio.to_thread(site.stop_thread)
