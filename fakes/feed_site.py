"""A loopback feed site for tests and benchmarks: good feeds that change, and hostile ones.

`FeedSite` is an aiohttp web app bound to 127.0.0.1 on a free port.  It serves

* programmable feeds (RSS 2.0, Atom 1.0, RSS 1.0/RDF, JSON Feed 1.1) with strong ETags,
  Last-Modified, 304s, gzip and optional Cache-Control, whose items tests change at will;
* a fixed catalogue of hostile or broken behaviours, one per stable path, listed in
  `BEHAVIOURS` (path -> one-line description) so tests can loop over them;
* directories of feed documents (`serve_directory`), honouring the ``Header:`` lines that
  feedparser's test corpus keeps in each file's leading comment;
* two raw TCP ports that are not HTTP at all: one answers with garbage, one never answers.

Every HTTP request is recorded (`requests`, `wait_for_requests`) together with the number
of requests open at once, so tests can assert on conditional GETs, back-off and per-host
concurrency limits without sleeping.

The site runs on the caller's event loop (``async with FeedSite() as site``) or on its own
loop in a background thread (`start_in_thread` / `stop_thread`) for benchmarks and for a
bot process under test.  Feed mutators are thread-safe in both modes.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
import gzip
import hashlib
import itertools
import json
import mimetypes
import random
import re
import socket
import struct
import threading
import time
import zlib
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any, Literal, TypeVar
from xml.sax.saxutils import escape, quoteattr

from aiohttp import web
from multidict import CIMultiDict

FeedKind = Literal["rss", "atom", "rdf", "json"]
FEED_KINDS: tuple[FeedKind, ...] = ("rss", "atom", "rdf", "json")

CONTENT_TYPES: dict[FeedKind, str] = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "rdf": "application/rdf+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_F = TypeVar("_F", bound=Callable[..., Any])

# ---------------------------------------------------------------------------------------
# Feed entries and rendering (usable without a server, e.g. to pre-build benchmark bytes)
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a fake feed.  None means "leave the element out" (hostile feeds use it)."""

    guid: str | None
    title: str | None = None
    summary: str | None = None
    link: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    author: str | None = None
    categories: tuple[str, ...] = ()
    # Rendered verbatim instead of `published`, to serve dates no parser understands.
    published_text: str | None = None


# XML 1.0 cannot carry these code points at all (not even as character references), so
# a title containing one would make the whole document ill-formed; drop them instead.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Used when a feed has no dated entry: a fixed instant keeps the bytes (and ETag) stable.
_FALLBACK_UPDATED = datetime(2000, 1, 1, tzinfo=UTC)


def _clean(text: str) -> str:
    return _XML_INVALID.sub("", text)


def _text(value: str) -> str:
    return escape(_clean(value))


def _attr(value: str) -> str:
    """A quoted XML attribute value, quotes included."""
    return quoteattr(_clean(value))


def _utc(dt: datetime) -> datetime:
    # Naive datetimes are taken as UTC: feeds never carry local time without an offset.
    return (dt if dt.tzinfo else dt.replace(tzinfo=UTC)).astimezone(UTC)


def http_date(dt: datetime) -> str:
    """RFC 9110 IMF-fixdate, as used by Last-Modified, Retry-After and RSS pubDate."""
    return format_datetime(_utc(dt), usegmt=True)


def _rfc3339(dt: datetime) -> str:
    return _utc(dt).strftime("%Y-%m-%dT%H:%M:%SZ")


def _entry_date(entry: FeedEntry, formatter: Callable[[datetime], str]) -> str | None:
    if entry.published_text is not None:
        return entry.published_text
    when = entry.published or entry.updated
    return formatter(when) if when is not None else None


def _newest(entries: Sequence[FeedEntry]) -> datetime | None:
    dates = [_utc(d) for e in entries for d in (e.published, e.updated) if d is not None]
    return max(dates, default=None)


@dataclass(frozen=True, slots=True)
class _Meta:
    title: str
    link: str
    description: str
    updated: datetime
    feed_url: str | None


def _rss_item(entry: FeedEntry) -> str:
    parts = ["<item>"]
    if entry.title is not None:
        parts.append(f"<title>{_text(entry.title)}</title>")
    if entry.link is not None:
        parts.append(f"<link>{_text(entry.link)}</link>")
    if entry.guid is not None:
        parts.append(f'<guid isPermaLink="false">{_text(entry.guid)}</guid>')
    date = _entry_date(entry, http_date)
    if date is not None:
        parts.append(f"<pubDate>{_text(date)}</pubDate>")
    if entry.author is not None:
        parts.append(f"<dc:creator>{_text(entry.author)}</dc:creator>")
    parts.extend(f"<category>{_text(c)}</category>" for c in entry.categories)
    if entry.summary is not None:
        parts.append(f"<description>{_text(entry.summary)}</description>")
    parts.append("</item>")
    return "".join(parts)


def _render_rss(meta: _Meta, entries: Sequence[FeedEntry]) -> str:
    self_link = (
        f'<atom:link rel="self" type="application/rss+xml" href={_attr(meta.feed_url)}/>\n'
        if meta.feed_url
        else ""
    )
    head = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        f"<title>{_text(meta.title)}</title>\n<link>{_text(meta.link)}</link>\n"
        f"<description>{_text(meta.description)}</description>\n{self_link}"
        f"<lastBuildDate>{http_date(meta.updated)}</lastBuildDate>\n"
    )
    body = "\n".join(_rss_item(e) for e in entries)
    return f"{head}{body}\n</channel>\n</rss>\n"


def _atom_entry(entry: FeedEntry) -> str:
    parts = ["<entry>"]
    if entry.title is not None:
        parts.append(f'<title type="text">{_text(entry.title)}</title>')
    if entry.guid is not None:
        parts.append(f"<id>{_text(entry.guid)}</id>")
    if entry.link is not None:
        parts.append(f'<link rel="alternate" type="text/html" href={_attr(entry.link)}/>')
    if entry.published_text is not None:
        raw = _text(entry.published_text)
        parts.append(f"<published>{raw}</published><updated>{raw}</updated>")
    else:
        if entry.published is not None:
            parts.append(f"<published>{_rfc3339(entry.published)}</published>")
        changed = entry.updated or entry.published
        if changed is not None:
            parts.append(f"<updated>{_rfc3339(changed)}</updated>")
    if entry.author is not None:
        parts.append(f"<author><name>{_text(entry.author)}</name></author>")
    parts.extend(f"<category term={_attr(c)}/>" for c in entry.categories)
    if entry.summary is not None:
        parts.append(f'<summary type="html">{_text(entry.summary)}</summary>')
    parts.append("</entry>")
    return "".join(parts)


def _render_atom(meta: _Meta, entries: Sequence[FeedEntry]) -> str:
    self_link = (
        f'<link rel="self" type="application/atom+xml" href={_attr(meta.feed_url)}/>\n'
        if meta.feed_url
        else ""
    )
    head = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f'<title type="text">{_text(meta.title)}</title>\n'
        f"<subtitle>{_text(meta.description)}</subtitle>\n"
        f"<id>{_text(meta.feed_url or meta.link)}</id>\n"
        f"<updated>{_rfc3339(meta.updated)}</updated>\n"
        f'<link rel="alternate" type="text/html" href={_attr(meta.link)}/>\n{self_link}'
        "<author><name>TruceWatch fake wire</name></author>\n"
    )
    body = "\n".join(_atom_entry(e) for e in entries)
    return f"{head}{body}\n</feed>\n"


def _rdf_about(entry: FeedEntry) -> str | None:
    # RSS 1.0 identifies items by rdf:about (feedparser turns it into entry.id).
    return entry.guid if entry.guid is not None else entry.link


def _rdf_item(entry: FeedEntry) -> str:
    about = _rdf_about(entry)
    parts = [f"<item rdf:about={_attr(about)}>" if about is not None else "<item>"]
    if entry.title is not None:
        parts.append(f"<title>{_text(entry.title)}</title>")
    if entry.link is not None:
        parts.append(f"<link>{_text(entry.link)}</link>")
    if entry.summary is not None:
        parts.append(f"<description>{_text(entry.summary)}</description>")
    date = _entry_date(entry, _rfc3339)
    if date is not None:
        parts.append(f"<dc:date>{_text(date)}</dc:date>")
    if entry.author is not None:
        parts.append(f"<dc:creator>{_text(entry.author)}</dc:creator>")
    parts.extend(f"<dc:subject>{_text(c)}</dc:subject>" for c in entry.categories)
    parts.append("</item>")
    return "".join(parts)


def _render_rdf(meta: _Meta, entries: Sequence[FeedEntry]) -> str:
    abouts = [a for a in map(_rdf_about, entries) if a is not None]
    seq = "".join(f"<rdf:li rdf:resource={_attr(a)}/>" for a in abouts)
    head = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f"<channel rdf:about={_attr(meta.feed_url or meta.link)}>\n"
        f"<title>{_text(meta.title)}</title>\n<link>{_text(meta.link)}</link>\n"
        f"<description>{_text(meta.description)}</description>\n"
        f"<dc:date>{_rfc3339(meta.updated)}</dc:date>\n"
        f"<items><rdf:Seq>{seq}</rdf:Seq></items>\n</channel>\n"
    )
    body = "\n".join(_rdf_item(e) for e in entries)
    return f"{head}{body}\n</rdf:RDF>\n"


def _json_item(entry: FeedEntry) -> dict[str, Any]:
    item: dict[str, Any] = {}
    if entry.guid is not None:
        item["id"] = entry.guid
    if entry.link is not None:
        item["url"] = entry.link
    if entry.title is not None:
        item["title"] = entry.title
    if entry.summary is not None:
        item["summary"] = entry.summary
        item["content_html"] = entry.summary
    date = _entry_date(entry, _rfc3339)
    if date is not None:
        item["date_published"] = date
    if entry.updated is not None:
        item["date_modified"] = _rfc3339(entry.updated)
    if entry.author is not None:
        item["authors"] = [{"name": entry.author}]
    if entry.categories:
        item["tags"] = list(entry.categories)
    return item


def _render_json(meta: _Meta, entries: Sequence[FeedEntry]) -> str:
    doc: dict[str, Any] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": meta.title,
        "home_page_url": meta.link,
        "description": meta.description,
    }
    if meta.feed_url:
        doc["feed_url"] = meta.feed_url
    doc["items"] = [_json_item(e) for e in entries]
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


_RENDERERS: dict[str, Callable[[_Meta, Sequence[FeedEntry]], str]] = {
    "rss": _render_rss,
    "atom": _render_atom,
    "rdf": _render_rdf,
    "json": _render_json,
}


def render_feed(
    kind: FeedKind,
    title: str,
    entries: Sequence[FeedEntry],
    *,
    link: str = "https://news.example/",
    description: str = "Fake conflict news for TruceWatch tests",
    updated: datetime | None = None,
    feed_url: str | None = None,
) -> bytes:
    """Render a complete UTF-8 feed document.  Deterministic for the same arguments."""
    renderer = _RENDERERS.get(kind)
    if renderer is None:
        raise ValueError(f"unknown feed kind {kind!r}; expected one of {FEED_KINDS}")
    when = updated or _newest(entries) or _FALLBACK_UPDATED
    meta = _Meta(title, link, description, _utc(when), feed_url)
    return renderer(meta, entries).encode("utf-8")


# ---------------------------------------------------------------------------------------
# Realistic conflict-news entries
# ---------------------------------------------------------------------------------------

_PLACES = (
    "Kharkiv",
    "Zaporizhzhia",
    "Kherson",
    "Donetsk",
    "Kramatorsk (Краматорськ)",
    "Gaza City",
    "Khan Younis",
    "Rafah",
    "El Fasher",
    "Khartoum",
    "Omdurman",
    "Goma",
    "Bunia",
    "Beni",
    "Mekelle",
    "Aleppo",
    "Idlib",
    "Marib",
    "Hodeidah",
    "Sana'a",
    "Mogadishu",
    "Tripoli",
    "Misrata",
    "Mandalay",
    "Sittwe",
    "Bamako",
    "Ménaka",
    "Kidal",
    "Port-au-Prince",
    "Juba",
    "Malakal",
    "Cúcuta",
    "Tuluá",
    "Stepanakert",
    "Kashmir's Poonch district",
    "Tal Afar",
)
_VENUES = (
    "Geneva",
    "Doha",
    "Istanbul",
    "Jeddah",
    "Cairo",
    "Addis Ababa",
    "Nairobi",
    "Riyadh",
    "Oslo",
    "Vienna",
    "Astana",
    "Bogotá",
    "Luanda",
    "Muscat",
    "Genève",
    "New York",
)
_MEDIATORS = (
    "Qatar",
    "Egypt",
    "Türkiye",
    "Norway",
    "the African Union",
    "the UN envoy",
    "Saudi Arabia and the US",
    "the Vatican",
    "IGAD",
    "ECOWAS",
)
_SOURCES = (
    "local officials",
    "the health ministry",
    "UN monitors",
    "medics at the scene",
    "the Red Cross",
    "residents",
    "a military spokesperson",
    "OCHA",
    "rescue workers",
)
_AUTHORS = ("Staff reporter", "Amira Haddad", "Oleksii Bondar", "Grace Mwangi", "José Ruiz")
_TEMPLATES: dict[str, tuple[str, ...]] = {
    "ceasefire": (
        "Shelling breaks truce in {place} hours after it took effect",
        "Both sides accuse each other of violating ceasefire near {place}",
        "Drone strikes reported in {place} despite ceasefire",
        "Truce in {place} holds for a {nth} day, monitors say",
        "Sniper fire along the {place} front line tests fragile ceasefire",
        "Artillery exchanges resume around {place} as humanitarian pause ends",
    ),
    "diplomacy": (
        "Envoys meet in {venue} for talks on a {place} ceasefire",
        "{venue} talks: negotiators agree prisoner exchange for {place}",
        "UN Security Council to vote on {place} truce resolution",
        "Mediators from {mediator} propose 30-day pause in {place}",
        "Foreign ministers sign de-escalation roadmap for {place} in {venue}",
        "Delegations walk out of {venue} talks over {place} corridor",
    ),
    "casualties": (
        "{killed} killed, {wounded} wounded in strike on {place} market",
        "Death toll in {place} rises to {killed} after overnight shelling",
        "At least {killed} civilians killed as fighting flares in {place}",
        "Hospital in {place} treats {wounded} wounded after artillery barrage",
        "{killed} aid workers among dead in {place} convoy attack",
    ),
    "other": (
        "Aid convoy reaches {place} after weeks of delays",
        "Heavy rains flood camps for displaced families near {place}",
        "Markets reopen in {place} as calm returns",
        "Football league resumes in {venue} — “a sign of normal life”",
        "Power restored to parts of {place} after repairs",
    ),
}
_SUMMARIES = (
    "{source_cap} said the fighting began before dawn & continued into the afternoon.",
    "“We heard explosions all night,” one resident of {place} said.",
    "The agreement, brokered by {mediator}, covers <50 km of front line — critics say "
    "that is too little.",
    "According to {source}, {killed} people were killed and {wounded} injured.",
    "Talks in {venue} are expected to continue on Thursday; no joint statement was issued.",
    "Monitors reported {wounded} violations in 24 hours, the highest since the truce began.",
    "Humanitarian groups called for safe passage for civilians leaving {place}.",
)
_NTH = ("second", "third", "fourth", "fifth", "sixth")
_ENTRIES_NEWEST = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "item"


def _make_entry(rng: random.Random, seed: int, index: int, when: datetime) -> FeedEntry:
    category = rng.choice(tuple(_TEMPLATES))
    words = {
        "place": rng.choice(_PLACES),
        "venue": rng.choice(_VENUES),
        "mediator": rng.choice(_MEDIATORS),
        "source": rng.choice(_SOURCES),
        "killed": rng.randint(2, 140),
        "wounded": rng.randint(3, 400),
        "nth": rng.choice(_NTH),
    }
    words["source_cap"] = str(words["source"])[0].upper() + str(words["source"])[1:]
    title = rng.choice(_TEMPLATES[category]).format(**words)
    sentences = rng.sample(_SUMMARIES, k=rng.randint(1, 3))
    summary = " ".join(s.format(**words) for s in sentences)
    return FeedEntry(
        guid=f"urn:trucewatch:fake:{seed}:{index}",
        title=title,
        summary=summary,
        link=f"https://news.example/{category}/{_slug(title)}-{seed}-{index}",
        published=when,
        author=rng.choice(_AUTHORS),
        categories=(category, str(words["place"])),
    )


def make_entries(n: int, seed: int = 0) -> list[FeedEntry]:
    """`n` varied conflict-news entries, newest first, identical for the same seed."""
    rng = random.Random(seed)
    when = _ENTRIES_NEWEST
    entries = []
    for index in range(n):
        entries.append(_make_entry(rng, seed, index, when))
        when -= timedelta(minutes=rng.randint(3, 90))
    return entries


# ---------------------------------------------------------------------------------------
# Request log
# ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class RequestRecord:
    """One HTTP request the site received, and what it answered."""

    path: str
    method: str
    query: str
    headers: CIMultiDict[str]
    time: float  # time.monotonic() at arrival, for measuring back-off gaps
    wall_time: datetime
    # Set just before the response head goes out; None while pending or if never answered.
    status: int | None = None
    response_headers: CIMultiDict[str] = field(default_factory=CIMultiDict)
    finished: float | None = None  # time.monotonic() when the handler returned

    @property
    def user_agent(self) -> str | None:
        return self.headers.get("User-Agent")

    @property
    def if_none_match(self) -> str | None:
        return self.headers.get("If-None-Match")

    @property
    def if_modified_since(self) -> str | None:
        return self.headers.get("If-Modified-Since")

    @property
    def accept_encoding(self) -> str | None:
        return self.headers.get("Accept-Encoding")

    @property
    def host(self) -> str | None:
        return self.headers.get("Host")

    def __str__(self) -> str:
        target = f"{self.path}?{self.query}" if self.query else self.path
        return f"{self.method} {target} -> {self.status if self.status is not None else '...'}"


_RECORD = web.RequestKey("feed_site_record", RequestRecord)

# ---------------------------------------------------------------------------------------
# Programmable feeds
# ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Rendered:
    body: bytes
    tag: str  # the opaque part of the ETag, shared by the identity and gzip variants
    _gzipped: bytes | None = None

    @property
    def etag(self) -> str:
        return f'"{self.tag}"'

    @property
    def etag_gzip(self) -> str:
        # A strong ETag must differ between content-codings (RFC 9110 8.8.3), so the
        # gzip variant gets a suffix; If-None-Match accepts either (see _etag_matches).
        return f'"{self.tag}-gzip"'

    def gzipped(self) -> bytes:
        if self._gzipped is None:
            # mtime=0 keeps the compressed bytes stable for the same content.
            self._gzipped = gzip.compress(self.body, compresslevel=6, mtime=0)
        return self._gzipped


@dataclass(slots=True)
class _Feed:
    kind: FeedKind
    title: str
    items: list[FeedEntry]
    link: str
    description: str
    feed_url: str | None
    max_age: int | None
    keep: int | None
    content_type: str
    headers: dict[str, str]
    modified: datetime
    _rendered: _Rendered | None = None

    def trim(self) -> None:
        if self.keep is not None:
            del self.items[self.keep :]

    def changed(self) -> None:
        """Forget the cached body and move Last-Modified strictly forward."""
        self.trim()
        # HTTP dates have one-second resolution: two changes within a second would share
        # a Last-Modified and a client's If-Modified-Since would wrongly get a 304.  So
        # each change advances at least one second, even if that is a moment ahead.
        now = datetime.now(UTC).replace(microsecond=0)
        self.modified = max(now, self.modified + timedelta(seconds=1))
        self._rendered = None

    def rendered(self) -> _Rendered:
        if self._rendered is None:
            body = render_feed(
                self.kind,
                self.title,
                self.items,
                link=self.link,
                description=self.description,
                updated=self.modified,
                feed_url=self.feed_url,
            )
            # Strong ETag: a digest of exactly the bytes served.
            self._rendered = _Rendered(body=body, tag=hashlib.sha256(body).hexdigest()[:32])
        return self._rendered


_ETAG_TOKEN = re.compile(r'(?:W/)?"([^"]*)"')


def _etag_matches(header: str, tag: str) -> bool:
    """If-None-Match uses weak comparison; either content-coding variant counts."""
    if header.strip() == "*":
        return True
    return any(candidate in (tag, f"{tag}-gzip") for candidate in _ETAG_TOKEN.findall(header))


def _not_modified(request: web.Request, tag: str, modified: datetime) -> bool:
    inm = request.headers.get("If-None-Match")
    if inm is not None:
        # RFC 9110 13.1.3: If-Modified-Since is ignored when If-None-Match is present.
        return _etag_matches(inm, tag)
    ims = request.headers.get("If-Modified-Since")
    if not ims:
        return False
    try:
        since = parsedate_to_datetime(ims)
    except (TypeError, ValueError, IndexError):
        return False  # an unparsable date is ignored, as RFC 9110 says
    return modified <= _utc(since)


def _accepts_gzip(header: str | None) -> bool:
    for part in (header or "").split(","):
        coding, _, params = part.partition(";")
        if coding.strip().lower() not in ("gzip", "x-gzip"):
            continue
        match = re.search(r"q\s*=\s*([0-9.]+)", params)
        try:
            return match is None or float(match.group(1)) > 0
        except ValueError:
            return False
    return False


# ---------------------------------------------------------------------------------------
# Hostile bodies (pure functions, cached: several are large and every site reuses them)
# ---------------------------------------------------------------------------------------

_GOOD_SEED = 1729
_BOMB_CHUNK = 1 << 20
_BOMB_CHUNKS = 1024  # 1 GiB inflated


def _rss_doc(items_xml: str, *, title: str = "Hostile feed", prolog: str = "") -> str:
    declaration = prolog or '<?xml version="1.0" encoding="utf-8"?>\n'
    return (
        f'{declaration}<rss version="2.0"><channel><title>{title}</title>'
        "<link>https://news.example/</link><description>test</description>\n"
        f"{items_xml}\n</channel></rss>\n"
    )


def _gf2_times(matrix: list[int], vector: int) -> int:
    total, row = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[row]
        vector >>= 1
        row += 1
    return total


def _gf2_square(matrix: list[int]) -> list[int]:
    return [_gf2_times(matrix, matrix[n]) for n in range(32)]


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """CRC-32 of A+B from crc(A), crc(B) and len(B) (zlib's algorithm; Python's zlib
    does not expose it).  Lets the bomb's CRC be had without hashing 1 GiB."""
    if len2 <= 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]  # appends one zero bit
    even = _gf2_square(odd)  # two zero bits
    odd = _gf2_square(even)  # four zero bits
    while True:
        even = _gf2_square(odd)
        if len2 & 1:
            crc1 = _gf2_times(even, crc1)
        len2 >>= 1
        if not len2:
            break
        odd = _gf2_square(even)
        if len2 & 1:
            crc1 = _gf2_times(odd, crc1)
        len2 >>= 1
        if not len2:
            break
    return crc1 ^ crc2


@functools.cache
def gzip_bomb() -> bytes:
    """A ~1 MB gzip member that inflates to 1 GiB of zeros, built in milliseconds.

    Deflating 1 GiB would take seconds, so one 1 MiB chunk is compressed and ended with a
    full flush: that resets the compressor, so every further chunk would compress to the
    same bytes, and the block can simply be repeated.  The CRC is doubled up likewise.
    """
    zeros = bytes(_BOMB_CHUNK)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
    final = deflate.flush()
    crc, length = zlib.crc32(zeros), _BOMB_CHUNK
    while length < _BOMB_CHUNK * _BOMB_CHUNKS:
        crc, length = crc32_combine(crc, crc, length), length * 2
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    size = (_BOMB_CHUNK * _BOMB_CHUNKS) & 0xFFFFFFFF
    return header + block * _BOMB_CHUNKS + final + struct.pack("<II", crc, size)


@functools.cache
def _good_rss() -> bytes:
    return render_feed("rss", "TruceWatch wire", make_entries(5, _GOOD_SEED))


@functools.cache
def huge_feed(n: int = 100_000) -> bytes:
    """An RSS feed with `n` small items, built with one join (about 21 MB for 100k)."""
    dates = [http_date(_ENTRIES_NEWEST - timedelta(minutes=m)) for m in range(1000)]
    items = "\n".join(
        f"<item><title>Bulk report {i}: truce monitors log incident</title>"
        f"<link>https://news.example/bulk/{i}</link>"
        f'<guid isPermaLink="false">urn:bulk:{i}</guid>'
        f"<pubDate>{dates[i % 1000]}</pubDate></item>"
        for i in range(n)
    )
    return _rss_doc(items, title=f"{n} items").encode()


def _entries_doc(title: str, entries: Sequence[FeedEntry]) -> bytes:
    return render_feed("rss", title, entries, updated=_ENTRIES_NEWEST)


@functools.cache
def _huge_title_feed() -> bytes:
    title = ("Ceasefire talks drag on " * 43_700)[: 1 << 20]
    entry = FeedEntry("urn:huge-title:1", title, "A 1 MB title.", "https://news.example/h")
    return _entries_doc("Huge title", [entry])


def _when(days: int) -> datetime:
    return _ENTRIES_NEWEST - timedelta(days=days)


@functools.cache
def _duplicate_guids_feed() -> bytes:
    entries = [
        FeedEntry(
            "urn:dup:1", "Truce announced in Goma", "first", "https://news.example/d1", _when(0)
        ),
        FeedEntry(
            "urn:dup:1",
            "Truce collapses in Goma",
            "same guid, new story",
            "https://news.example/d1b",
            _when(1),
        ),
        FeedEntry("urn:dup:2", "Talks in Doha", "exact copy", "https://news.example/d2", _when(2)),
        FeedEntry("urn:dup:2", "Talks in Doha", "exact copy", "https://news.example/d2", _when(2)),
    ]
    return _entries_doc("Duplicate guids", entries)


def _changing_guids_feed(fetch: int) -> bytes:
    entries = [
        FeedEntry(
            f"urn:changing:{fetch}:{i}",
            f"Same story {i}, new guid every fetch",
            "Identical text each time.",
            f"https://news.example/same/{i}",
            _when(i),
        )
        for i in range(3)
    ]
    return _entries_doc("Changing guids", entries)


@functools.cache
def _extreme_dates_feed() -> bytes:
    entries = [
        FeedEntry(
            "urn:date:1970",
            "Dated at the Unix epoch",
            "1970",
            "https://news.example/1970",
            datetime(1970, 1, 1, tzinfo=UTC),
        ),
        FeedEntry(
            "urn:date:2999",
            "Dated in 2999",
            "far future",
            "https://news.example/2999",
            datetime(2999, 12, 31, 23, 59, 59, tzinfo=UTC),
        ),
        FeedEntry(
            "urn:date:garbage",
            "Unparsable date",
            "garbage",
            "https://news.example/garbage",
            published_text="yesterday-ish, after lunch",
        ),
        FeedEntry(
            "urn:date:impossible",
            "Impossible date",
            "32nd of Foo",
            "https://news.example/impossible",
            published_text="Mon, 32 Foo 2024 25:61:61 XYZ",
        ),
        FeedEntry(
            "urn:date:empty", "Empty date", "empty", "https://news.example/empty", published_text=""
        ),
        FeedEntry("urn:date:none", "No date at all", "none", "https://news.example/none"),
    ]
    return _entries_doc("Extreme dates", entries)


@functools.cache
def _missing_fields_feed() -> bytes:
    entries = [
        FeedEntry("urn:missing:title", None, "No title here.", "https://news.example/m1", _when(0)),
        FeedEntry("urn:missing:link", "No link", "No link here.", None, _when(1)),
        FeedEntry(None, "No guid", "No guid here.", "https://news.example/m3", _when(2)),
        FeedEntry(None, None, "Only a summary: shelling reported near Kherson.", None),
        FeedEntry(None),
    ]
    return _entries_doc("Missing fields", entries)


@functools.cache
def _dangerous_links_feed() -> bytes:
    links = (
        "javascript:alert(document.cookie)",
        "JaVaScRiPt:alert(1)",
        " \tjavascript:alert('leading whitespace')",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
    )
    entries = [
        FeedEntry(
            f"urn:link:{i}",
            f"Click for the truce text ({i})",
            f'<a href="{link}">read more</a>',
            link,
            _when(i),
        )
        for i, link in enumerate(links)
    ]
    return _entries_doc("Dangerous links", entries)


@functools.cache
def _html_injection_feed() -> bytes:
    payloads = (
        "<script>alert('xss')</script>Ceasefire agreed",
        '<img src=x onerror="alert(1)">Shelling in Kharkiv',
        '<iframe src="https://evil.example/"></iframe>Talks resume',
        "<svg onload=alert(1)>12 killed</svg>",
        '<a href="javascript:alert(1)" onclick="steal()">Truce map</a>',
        "<style>body{display:none}</style><form action=https://evil.example>",
    )
    entries = [
        FeedEntry(
            f"urn:inject:{i}", p, f"<p>Summary {i}: {p}</p>", f"https://news.example/x{i}", _when(i)
        )
        for i, p in enumerate(payloads)
    ]
    body = _entries_doc("<script>alert('feed title')</script>", entries).decode()
    # Publishers often put HTML in CDATA instead of escaping it; include one of those.
    cdata = (
        "<item><title><![CDATA[<script>alert('cdata')</script>Drone strike]]></title>"
        "<guid>urn:inject:cdata</guid><link>https://news.example/cdata</link>"
        "<description><![CDATA[<img src=x onerror=alert('cdata')><iframe src=//evil>]]>"
        "</description></item>\n</channel>"
    )
    return body.replace("</channel>", cdata, 1).encode()


@functools.cache
def _telegram_markup_feed() -> bytes:
    titles = (
        "<b>BREAKING</b>: truce <i>holds</i> in <u>Goma</u>",
        '<a href="https://t.me/evil_channel">Join</a> for ceasefire updates',
        "<code>12 killed</code> <pre>in Rafah</pre> <tg-spoiler>hidden</tg-spoiler>",
        "*bold* _italic_ [link](https://evil.example) ~strike~ ||spoiler|| `code`",
        "5 < 7 && 8 > 3 — talks &amp; more &lt;b&gt;double-escaped&lt;/b&gt;",
        "<blockquote>Envoy: “no deal”</blockquote><s>struck</s>"
        " <tg-emoji emoji-id='1'>🕊</tg-emoji>",
    )
    entries = [
        FeedEntry(f"urn:tg:{i}", t, f"Summary with {t}", f"https://news.example/tg{i}", _when(i))
        for i, t in enumerate(titles)
    ]
    return _entries_doc("<b>Telegram</b> <i>markup</i>", entries)


@functools.cache
def _atom_xml_base_feed() -> bytes:
    return (
        b'<?xml version="1.0" encoding="utf-8"?>\n'
        b'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example/world/">\n'
        b"<title>Relative links</title><id>urn:xmlbase</id>"
        b"<updated>2024-06-01T12:00:00Z</updated>\n"
        b'<link rel="alternate" href="index.html"/>\n'
        b"<author><name>Desk</name></author>\n"
        b"<entry><title>Relative to the feed base</title><id>urn:xmlbase:1</id>"
        b'<link rel="alternate" href="europe/kharkiv-truce.html"/>'
        b"<updated>2024-06-01T11:00:00Z</updated>"
        b'<summary type="html">&lt;a href="../maps/front.png"&gt;map&lt;/a&gt;</summary></entry>\n'
        b'<entry xml:base="/africa/"><title>Entry-level xml:base</title><id>urn:xmlbase:2</id>'
        b'<link rel="alternate" href="sudan/el-fasher.html"/>'
        b"<updated>2024-06-01T10:00:00Z</updated>"
        b'<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">'
        b'<img src="img/map.png"/> <a href="talks.html">talks</a></div></content></entry>\n'
        b"<entry><title>Root-relative and scheme-relative</title><id>urn:xmlbase:3</id>"
        b'<link rel="alternate" href="/middle-east/gaza.html"/>'
        b'<link rel="related" href="//cdn.news.example/a.html"/>'
        b"<updated>2024-06-01T09:00:00Z</updated></entry>\n"
        b"</feed>\n"
    )


def _non_ascii_items(titles: Iterable[str]) -> str:
    return "\n".join(
        f"<item><title>{t}</title><guid>urn:enc:{i}</guid>"
        f"<link>https://news.example/enc/{i}</link><description>{t}</description></item>"
        for i, t in enumerate(titles)
    )


CYRILLIC_TITLES = (
    "Перемирие нарушено: обстрел Харькова",
    "Переговоры в Стамбуле продолжатся в четверг",
    "Загинули 12 цивільних у Херсоні — «тиша» не тримається",
)
LATIN1_TITLES = ("Pourparlers à Genève", "Tregua en Cúcuta y Tuluá", "Waffenruhe in Zürich?")


@functools.cache
def _windows_1251_feed() -> bytes:
    prolog = '<?xml version="1.0" encoding="windows-1251"?>\n'
    return _rss_doc(_non_ascii_items(CYRILLIC_TITLES), prolog=prolog).encode("windows-1251")


@functools.cache
def _charset_header_only_feed() -> bytes:
    # No XML declaration at all: only the HTTP header says this is not UTF-8.
    return _rss_doc(_non_ascii_items(LATIN1_TITLES), prolog="\n").lstrip().encode("iso-8859-1")


@functools.cache
def _bom_wrong_charset_feed() -> bytes:
    # UTF-8 BOM and UTF-8 bytes, but the declaration claims windows-1252.
    prolog = '<?xml version="1.0" encoding="windows-1252"?>\n'
    return b"\xef\xbb\xbf" + _rss_doc(_non_ascii_items(CYRILLIC_TITLES), prolog=prolog).encode()


@functools.cache
def _invalid_utf8_feed() -> bytes:
    doc = _rss_doc(_non_ascii_items(["Truce @@ holds", "Talks @@ resume"])).encode()
    # Lone continuation bytes, an overlong slash, an encoded surrogate and 0xFF/0xFE.
    return doc.replace(b"@@", b"\xff\xfe\x80 \xc0\xaf \xed\xa0\x80 \xc3\x28")


@functools.cache
def _utf16_feed() -> bytes:
    prolog = '<?xml version="1.0" encoding="utf-16"?>\n'
    text = _rss_doc(_non_ascii_items(CYRILLIC_TITLES), prolog=prolog)
    return b"\xff\xfe" + text.encode("utf-16-le")


@functools.cache
def _billion_laughs_feed() -> bytes:
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    ]
    prolog = '<?xml version="1.0"?>\n<!DOCTYPE rss [\n' + "\n".join(levels) + "\n]>\n"
    items = "<item><title>&lol9;</title><description>&lol9;</description></item>"
    return _rss_doc(items, title="&lol9;", prolog=prolog).encode()


@functools.cache
def _xxe_feed() -> bytes:
    prolog = '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    items = (
        "<item><title>&xxe;</title><guid>urn:xxe:1</guid><description>&xxe;</description></item>"
    )
    return _rss_doc(items, title="XXE &xxe;", prolog=prolog).encode()


@functools.cache
def _xxe_remote_dtd_feed() -> bytes:
    prolog = (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE rss SYSTEM "http://169.254.169.254/latest/meta-data/feed.dtd" [\n'
        '<!ENTITY % remote SYSTEM "http://169.254.169.254/latest/meta-data/iam">\n'
        "%remote;\n"
        '<!ENTITY meta SYSTEM "http://169.254.169.254/latest/meta-data/">\n'
        "]>\n"
    )
    items = "<item><title>&meta;</title><guid>urn:xxe:2</guid></item>"
    return _rss_doc(items, title="Remote DTD", prolog=prolog).encode()


def _tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    width = height = 16
    rows = b"".join(b"\x00" + b"\xc8\x1e\x1e" * width for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PNG_BYTES = _tiny_png()

HTML_PAGE = (
    b'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Just a moment...</title>'
    b"</head><body><h1>Checking your browser before accessing news.example</h1>"
    b"<script>setTimeout(function(){location.reload()}, 5000)</script></body></html>\n"
)
BROKEN_XML = (
    b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
    b"<title>Broken & unescaped</title><item><title>Truce <b>holds</title>"
    b"<link>https://news.example/a?x=1&y=2</link><description>no closing tags"
)
BROKEN_JSON = (
    b'{"version": "https://jsonfeed.org/version/1.1", "title": "Broken", '
    b'"items": [{"id": "1", "title": "unterminated'
)
SSRF_TARGETS: dict[str, str] = {
    "/redirect/to-loopback": "http://127.0.0.1/feed.xml",
    "/redirect/to-metadata": "http://169.254.169.254/latest/meta-data/",
    "/redirect/to-ipv6-loopback": "http://[::1]/",
    "/redirect/to-private-10": "http://10.0.0.1/feed.xml",
    "/redirect/to-decimal-ip": "http://2130706433/feed.xml",
    "/redirect/to-file-scheme": "file:///etc/passwd",
}

# ---------------------------------------------------------------------------------------
# Corpus files
# ---------------------------------------------------------------------------------------

_CORPUS_HEADER = re.compile(
    rb"^Header:[ \t]*([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t\r]*$", re.MULTILINE
)
# Framing is aiohttp's job; a corpus file must not be able to break the response.
_HOP_BY_HOP = frozenset({"content-length", "transfer-encoding", "connection"})
_EXTENSION_TYPES = {
    ".xml": "application/xml",
    ".json": "application/feed+json",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".rdf": "application/rdf+xml",
}


def corpus_headers(body: bytes) -> list[tuple[str, str]]:
    """The ``Header: Name: value`` lines of a corpus file's leading comment, in order."""
    start = body.find(b"<!--", 0, 2048)
    if start < 0:
        return []
    end = body.find(b"-->", start)
    comment = body[start : end if end >= 0 else len(body)]
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, value in _CORPUS_HEADER.findall(comment)
        if name.decode("latin-1").lower() not in _HOP_BY_HOP
    ]


def guess_content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in _EXTENSION_TYPES:
        return _EXTENSION_TYPES[suffix]
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


@functools.lru_cache(maxsize=4096)
def _load_corpus_file(
    path: Path, _stamp: tuple[int, int]
) -> tuple[bytes, tuple[tuple[str, str], ...]]:
    """Cached per (path, modification time and size): a rewritten file is read again."""
    body = path.read_bytes()
    headers = corpus_headers(body)
    if not any(name.lower() == "content-type" for name, _ in headers):
        headers.insert(0, ("Content-Type", guess_content_type(path)))
    return body, tuple(headers)


def _load_mounted_file(
    root: Path, target: Path
) -> tuple[bytes, tuple[tuple[str, str], ...]] | None:
    """The file's bytes and headers, or None if it is missing or outside `root`
    (a request for /corpus/../../etc/passwd must not escape the directory)."""
    resolved = target.resolve()
    if not resolved.is_relative_to(root) or not resolved.is_file():
        return None
    stat = resolved.stat()
    return _load_corpus_file(resolved, (stat.st_mtime_ns, stat.st_size))


# ---------------------------------------------------------------------------------------
# The site
# ---------------------------------------------------------------------------------------

# path -> (description, method name, keyword arguments for the method)
_REGISTRY: dict[str, tuple[str, str, dict[str, Any]]] = {}


def _behaviour(path: str, description: str, **params: Any) -> Callable[[_F], _F]:
    """Register a method as the handler of a hostile path (stackable for variants)."""

    def register(method: _F) -> _F:
        if path in _REGISTRY:
            raise ValueError(f"behaviour path registered twice: {path}")
        _REGISTRY[path] = (description, method.__name__, params)
        return method

    return register


@dataclass(slots=True)
class _Forced:
    status: int
    headers: dict[str, str]
    body: bytes


def _query_float(request: web.Request, name: str, default: float, top: float) -> float:
    try:
        value = float(request.query.get(name, default))
    except ValueError:
        return default
    return min(max(value, 0.0), top)


def _raw_head(status: int, reason: str, headers: Sequence[tuple[str, str]]) -> bytes:
    # Connection: close keeps the damage to one exchange: a client must not pool a
    # connection that carries junk, or some other test's next request would fail.
    lines = [f"HTTP/1.1 {status} {reason}", *(f"{k}: {v}" for k, v in headers), "Connection: close"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


class FeedSite:
    """A feed website on 127.0.0.1 that tests program and inspect.  See the module doc."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        slow_seconds: float = 30.0,
        trickle_interval: float = 1.0,
        trickle_bytes: int = 8,
        burst_failures: int = 3,
        oversize_bytes: int = 20 * 1024 * 1024,
        access_log: bool = False,
        shutdown_timeout: float = 1.0,
    ) -> None:
        self.host = host
        # Defaults for the timing/size behaviours; a request may override them with
        # ?seconds= / ?interval= / ?n= / ?bytes= (see BEHAVIOURS).
        self.slow_seconds = slow_seconds
        self.trickle_interval = trickle_interval
        self.trickle_bytes = trickle_bytes
        self.burst_failures = burst_failures
        self.oversize_bytes = oversize_bytes
        self._access_log = access_log
        self._shutdown_timeout = shutdown_timeout

        self._lock = threading.RLock()
        self._feeds: dict[str, _Feed] = {}
        self._mounts: dict[str, Path] = {}
        self._forced: dict[str, list[_Forced]] = {}
        self._delays: dict[str, float] = {}
        self._gates: dict[str, asyncio.Event] = {}
        self._records: list[RequestRecord] = []
        self._hits: Counter[str] = Counter()
        # Open and peak request counts per scope: ("path", p), ("host", h) and ("site", "").
        self._open: Counter[tuple[str, str]] = Counter()
        self._peak: Counter[tuple[str, str]] = Counter()
        good_items = make_entries(5, _GOOD_SEED)
        self._good = {
            kind: self._new_feed(kind, f"Good {kind} feed", good_items, path=f"/good/{kind}")
            for kind in FEED_KINDS
        }
        self._behaviours: dict[str, Handler] = {
            path: functools.partial(getattr(self, name), **params)
            for path, (_, name, params) in _REGISTRY.items()
        }
        self.garbage_connections = 0
        self.silent_connections = 0

        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._cond: asyncio.Condition | None = None
        self._stopping: asyncio.Event | None = None
        self._port = 0
        self._raw_servers: list[asyncio.Server] = []
        self._raw_ports: dict[str, int] = {}
        self._raw_writers: set[asyncio.StreamWriter] = set()
        self._raw_tasks: set[asyncio.Task[Any]] = set()
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------

    async def __aenter__(self) -> FeedSite:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def start(self) -> None:
        """Bind the HTTP site and the two raw TCP servers on free loopback ports."""
        if self._runner is not None:
            raise RuntimeError("FeedSite already started")
        self._loop = asyncio.get_running_loop()
        self._cond = asyncio.Condition()
        self._stopping = asyncio.Event()
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        app.on_response_prepare.append(self._on_prepare)
        # handler_cancellation: a handler sleeping for a client that already hung up
        # (slow headers, trickle) is cancelled instead of lingering until stop().
        quiet: dict[str, Any] = {} if self._access_log else {"access_log": None}
        runner = web.AppRunner(
            app, handler_cancellation=True, shutdown_timeout=self._shutdown_timeout, **quiet
        )
        await runner.setup()
        site = web.TCPSite(runner, self.host, 0)
        await site.start()
        self._runner = runner
        self._port = runner.addresses[0][1]
        await self._start_raw("garbage", self._garbage_connection)
        await self._start_raw("silent", self._silent_connection)

    async def stop(self) -> None:
        """Stop serving; pending slow handlers and raw connections end promptly."""
        if self._runner is None:
            return
        assert self._stopping is not None
        self._stopping.set()
        with self._lock:
            gates, self._gates = list(self._gates.values()), {}
        for gate in gates:
            gate.set()
        await self._stop_raw()
        await self._runner.cleanup()
        self._runner = None

    def start_in_thread(self, timeout: float = 10.0) -> FeedSite:
        """Run the site on its own event loop in a daemon thread; returns once it listens."""
        if self._thread is not None or self._runner is not None:
            raise RuntimeError("FeedSite already started")
        loop = asyncio.new_event_loop()
        ready: concurrent.futures.Future[None] = concurrent.futures.Future()
        thread = threading.Thread(
            target=self._thread_main, args=(loop, ready), name="feed-site", daemon=True
        )
        self._thread = thread
        thread.start()
        try:
            ready.result(timeout)
        except BaseException:
            self._thread = None
            raise
        return self

    def stop_thread(self, timeout: float = 10.0) -> None:
        """Stop a site started with start_in_thread and join its thread."""
        thread, loop = self._thread, self._loop
        if thread is None or loop is None:
            return
        asyncio.run_coroutine_threadsafe(self.stop(), loop).result(timeout)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout)
        self._thread = None

    def _thread_main(
        self, loop: asyncio.AbstractEventLoop, ready: concurrent.futures.Future[None]
    ) -> None:
        asyncio.set_event_loop(loop)
        try:
            try:
                loop.run_until_complete(self.start())
            except BaseException as exc:
                ready.set_exception(exc)
                return
            ready.set_result(None)
            loop.run_forever()
            _cancel_leftovers(loop)
        finally:
            loop.close()

    # -- addresses ---------------------------------------------------------------------

    @property
    def port(self) -> int:
        if not self._port:
            raise RuntimeError("FeedSite is not started")
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str, *, host: str | None = None) -> str:
        """Absolute URL of `path` (which may carry a query).  `host="localhost"` gives a
        second host name for the same server, e.g. for per-host limit tests."""
        if not path.startswith("/"):
            raise ValueError(f"path must start with '/': {path!r}")
        return f"http://{host or self.host}:{self.port}{path}"

    @property
    def garbage_url(self) -> str:
        """A raw TCP port that answers any connection with random non-HTTP bytes."""
        return f"http://{self.host}:{self._raw_port('garbage')}/feed.xml"

    @property
    def silent_url(self) -> str:
        """A raw TCP port that accepts connections and never sends a byte."""
        return f"http://{self.host}:{self._raw_port('silent')}/feed.xml"

    def _raw_port(self, name: str) -> int:
        if name not in self._raw_ports:
            raise RuntimeError("FeedSite is not started")
        return self._raw_ports[name]

    # -- programmable feeds ------------------------------------------------------------

    def _new_feed(
        self,
        kind: FeedKind,
        title: str,
        items: Iterable[FeedEntry],
        *,
        path: str,
        link: str | None = None,
        description: str = "Fake conflict news for TruceWatch tests",
        max_age: int | None = None,
        keep: int | None = None,
        content_type: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> _Feed:
        if kind not in CONTENT_TYPES:
            raise ValueError(f"unknown feed kind {kind!r}; expected one of {FEED_KINDS}")
        feed = _Feed(
            kind=kind,
            title=title,
            items=list(items),
            link=link or f"https://news.example{path}",
            description=description,
            feed_url=None,
            max_age=max_age,
            keep=keep,
            content_type=content_type or CONTENT_TYPES[kind],
            headers=dict(headers or {}),
            modified=datetime.now(UTC).replace(microsecond=0),
        )
        feed.trim()
        return feed

    def add_feed(
        self,
        path: str,
        kind: FeedKind = "rss",
        *,
        title: str = "TruceWatch test feed",
        items: Iterable[FeedEntry] = (),
        link: str | None = None,
        description: str = "Fake conflict news for TruceWatch tests",
        max_age: int | None = None,
        keep: int | None = None,
        content_type: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Serve a feed at `path` (replacing any feed there).

        Items are kept in the given order (newest first, like a real feed).  `max_age` adds
        ``Cache-Control: max-age=N``; `keep` trims the feed to its newest N items on every
        change; `content_type` and `headers` override or add response headers.
        """
        if not path.startswith("/"):
            raise ValueError(f"path must start with '/': {path!r}")
        feed = self._new_feed(
            kind,
            title,
            items,
            path=path,
            link=link,
            description=description,
            max_age=max_age,
            keep=keep,
            content_type=content_type,
            headers=headers,
        )
        with self._lock:
            self._feeds[path] = feed

    def _feed(self, path: str) -> _Feed:
        try:
            return self._feeds[path]
        except KeyError:
            raise KeyError(f"no feed at {path!r}; known: {sorted(self._feeds)}") from None

    def add_item(self, path: str, entry: FeedEntry) -> None:
        """Publish a new item at the top of the feed (new ETag and Last-Modified)."""
        with self._lock:
            feed = self._feed(path)
            feed.items.insert(0, entry)
            feed.changed()

    def remove_item(self, path: str, guid: str) -> None:
        """Withdraw every item with this guid; KeyError if there is none."""
        with self._lock:
            feed = self._feed(path)
            kept = [e for e in feed.items if e.guid != guid]
            if len(kept) == len(feed.items):
                raise KeyError(f"no item with guid {guid!r} in {path}")
            feed.items = kept
            feed.changed()

    def set_items(self, path: str, items: Iterable[FeedEntry]) -> None:
        """Replace all items of the feed."""
        with self._lock:
            feed = self._feed(path)
            feed.items = list(items)
            feed.changed()

    def update_item(self, path: str, guid: str, **changes: Any) -> None:
        """Edit an item in place (e.g. a corrected title), keeping its position."""
        with self._lock:
            feed = self._feed(path)
            positions = [i for i, e in enumerate(feed.items) if e.guid == guid]
            if not positions:
                raise KeyError(f"no item with guid {guid!r} in {path}")
            for i in positions:
                feed.items[i] = replace(feed.items[i], **changes)
            feed.changed()

    def items(self, path: str) -> list[FeedEntry]:
        with self._lock:
            return list(self._feed(path).items)

    def feed_body(self, path: str) -> bytes:
        """The identity-encoded bytes currently served at `path`."""
        with self._lock:
            return self._feed(path).rendered().body

    def feed_etag(self, path: str, *, gzip: bool = False) -> str:
        """The ETag currently sent for `path` (the gzip variant has a ``-gzip`` suffix)."""
        with self._lock:
            rendered = self._feed(path).rendered()
        return rendered.etag_gzip if gzip else rendered.etag

    def feed_last_modified(self, path: str) -> str:
        with self._lock:
            return http_date(self._feed(path).modified)

    # -- failure injection and pacing for any path ---------------------------------------

    def fail_next(
        self,
        path: str,
        status: int = 503,
        *,
        count: int = 1,
        headers: dict[str, str] | None = None,
        body: bytes = b"",
    ) -> None:
        """Answer the next `count` requests to `path` with `status` instead of normally."""
        forced = _Forced(status, dict(headers or {}), body)
        with self._lock:
            self._forced.setdefault(path, []).extend([forced] * count)

    def set_delay(self, path: str, seconds: float | None) -> None:
        """Delay every response on `path` (None or 0 removes the delay)."""
        with self._lock:
            if seconds:
                self._delays[path] = seconds
            else:
                self._delays.pop(path, None)

    def hold(self, path: str) -> None:
        """Park requests to `path` until release(): they stay open, so tests can count how
        many a client keeps in flight at once without timing assumptions."""
        with self._lock:
            self._gates.setdefault(path, asyncio.Event())

    def release(self, path: str) -> None:
        with self._lock:
            gate = self._gates.pop(path, None)
        if gate is not None:
            self._call_soon(gate.set)

    def reset_counters(self) -> None:
        """Restart per-path fetch counters (5xx burst, changing guids) and peak tracking."""
        with self._lock:
            self._hits.clear()
            self._peak = Counter(self._open)

    def clear_requests(self) -> None:
        with self._lock:
            self._records.clear()

    # -- observation -------------------------------------------------------------------

    def requests(self, path: str | None = None) -> list[RequestRecord]:
        """Requests received so far (for one path, or all), oldest first."""
        with self._lock:
            return [r for r in self._records if path is None or r.path == path]

    def open_requests(self, path: str | None = None, *, host: str | None = None) -> int:
        """Requests in progress now: on `path`, with Host header `host`, or site-wide."""
        with self._lock:
            return self._open[_scope(path, host)]

    def max_open_requests(self, path: str | None = None, *, host: str | None = None) -> int:
        """The most requests in progress at once: on `path`, for Host header `host` (as
        sent, e.g. "127.0.0.1:8080"), or site-wide."""
        with self._lock:
            return self._peak[_scope(path, host)]

    async def wait_for_requests(
        self,
        path: str | None,
        n: int,
        timeout: float = 5.0,
    ) -> list[RequestRecord]:
        """Wait until `path` (None: any path) has received `n` requests; return them.

        Wakes on every request (no polling).  Works from any event loop: a caller on
        another loop than the site's (thread mode) waits on the site's loop.
        """
        loop = self._require_loop()
        if _running_loop() is loop:
            return await self._wait_here(path, n, timeout)
        future = asyncio.run_coroutine_threadsafe(self._wait_here(path, n, timeout), loop)
        return await asyncio.wrap_future(future)

    def wait_for_requests_sync(
        self, path: str | None, n: int, timeout: float = 5.0
    ) -> list[RequestRecord]:
        """wait_for_requests for plain threads (thread mode only)."""
        loop = self._require_loop()
        future = asyncio.run_coroutine_threadsafe(self._wait_here(path, n, timeout), loop)
        return future.result()

    async def _wait_here(self, path: str | None, n: int, seconds: float) -> list[RequestRecord]:
        cond = self._cond
        assert cond is not None
        try:
            async with asyncio.timeout(seconds), cond:
                await cond.wait_for(lambda: len(self.requests(path)) >= n)
        except TimeoutError:
            raise TimeoutError(self._wait_failure(path, n, seconds)) from None
        return self.requests(path)

    def _wait_failure(self, path: str | None, n: int, timeout: float) -> str:
        matched = self.requests(path)
        everything = self.requests()
        shown = ", ".join(str(r) for r in everything[-20:]) or "nothing"
        where = path if path is not None else "any path"
        return (
            f"timed out after {timeout}s waiting for {n} request(s) to {where}; "
            f"got {len(matched)}. All requests ({len(everything)}, last 20): {shown}"
        )

    def _require_loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None or self._runner is None:
            raise RuntimeError("FeedSite is not started")
        return self._loop

    def _call_soon(self, callback: Callable[[], object]) -> None:
        """Run `callback` on the site's loop (asyncio objects are not thread-safe)."""
        loop = self._loop
        if loop is None or _running_loop() is loop:
            callback()
        elif not loop.is_closed():
            loop.call_soon_threadsafe(callback)

    # -- request plumbing --------------------------------------------------------------

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        record = self._arrive(request)
        try:
            await self._notify()
            return await self._route(request)
        finally:
            self._depart(record)

    def _arrive(self, request: web.Request) -> RequestRecord:
        record = RequestRecord(
            path=request.path,
            method=request.method,
            query=request.query_string,
            headers=CIMultiDict(request.headers),
            time=time.monotonic(),
            wall_time=datetime.now(UTC),
        )
        request[_RECORD] = record
        with self._lock:
            self._records.append(record)
            self._hits[record.path] += 1
            for scope in _scopes(record):
                self._open[scope] += 1
                self._peak[scope] = max(self._peak[scope], self._open[scope])
        return record

    def _depart(self, record: RequestRecord) -> None:
        record.finished = time.monotonic()
        with self._lock:
            for scope in _scopes(record):
                self._open[scope] -= 1

    async def _notify(self) -> None:
        assert self._cond is not None
        async with self._cond:
            self._cond.notify_all()

    async def _on_prepare(self, request: web.Request, response: web.StreamResponse) -> None:
        record = request.get(_RECORD)
        # Raw behaviours record what they put on the wire themselves; the placeholder
        # response aiohttp then tries to send never reaches the client.
        if record is not None and record.status is None:
            record.status = response.status
            record.response_headers = CIMultiDict(response.headers)

    async def _route(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        with self._lock:
            queue = self._forced.get(path)
            forced = queue.pop(0) if queue else None
            delay = self._delays.get(path, 0.0)
            gate = self._gates.get(path)
            feed = self._feeds.get(path)
        if forced is not None:
            return web.Response(status=forced.status, headers=forced.headers, body=forced.body)
        if gate is not None:
            await self._wait_gate(gate)
        if delay:
            await self._pause(delay)
        if feed is not None:
            return self._serve_feed(request, feed)
        handler = self._behaviours.get(path) or self._pattern_handler(path)
        if handler is not None:
            return await handler(request)
        mounted = self._mount_for(path)
        if mounted is not None:
            return await self._serve_file(*mounted)
        return web.Response(status=404, text=f"no such feed: {path}\n")

    async def _wait_gate(self, gate: asyncio.Event) -> None:
        assert self._stopping is not None
        stop = asyncio.ensure_future(self._stopping.wait())
        opened = asyncio.ensure_future(gate.wait())
        try:
            await asyncio.wait({stop, opened}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stop.cancel()
            opened.cancel()

    async def _pause(self, seconds: float) -> bool:
        """Sleep up to `seconds`; True if cut short because the site is stopping."""
        assert self._stopping is not None
        try:
            async with asyncio.timeout(seconds):
                await self._stopping.wait()
        except TimeoutError:
            return False
        return True

    def _serve_feed(self, request: web.Request, feed: _Feed) -> web.Response:
        with self._lock:
            rendered = feed.rendered()
            modified, max_age = feed.modified, feed.max_age
            content_type, extra = feed.content_type, dict(feed.headers)
        use_gzip = _accepts_gzip(request.headers.get("Accept-Encoding"))
        headers = {
            "ETag": rendered.etag_gzip if use_gzip else rendered.etag,
            "Last-Modified": http_date(modified),
            "Vary": "Accept-Encoding",
        }
        if max_age is not None:
            headers["Cache-Control"] = f"max-age={max_age}"
        if _not_modified(request, rendered.tag, modified):
            return web.Response(status=304, headers=headers)
        headers["Content-Type"] = content_type
        headers.update(extra)
        if use_gzip:
            headers["Content-Encoding"] = "gzip"
            return web.Response(body=rendered.gzipped(), headers=headers)
        return web.Response(body=rendered.body, headers=headers)

    # -- corpus directories ------------------------------------------------------------

    def serve_directory(self, prefix: str, directory: str | Path) -> None:
        """Serve the files under `directory` at `prefix`/<relative path>.  ``Header:``
        lines in a file's leading comment become response headers."""
        root = Path(directory).resolve()
        if not root.is_dir():
            raise NotADirectoryError(root)
        prefix = "/" + prefix.strip("/")
        with self._lock:
            self._mounts[prefix] = root

    def _mount_for(self, path: str) -> tuple[Path, Path] | None:
        with self._lock:
            mounts = sorted(self._mounts.items(), key=lambda m: len(m[0]), reverse=True)
        for prefix, root in mounts:
            if path.startswith(prefix + "/"):
                return root, root / path[len(prefix) + 1 :]
        return None

    async def _serve_file(self, root: Path, target: Path) -> web.Response:
        loaded = await asyncio.to_thread(_load_mounted_file, root, target)
        if loaded is None:
            return web.Response(status=404, text="no such file\n")
        body, headers = loaded
        return web.Response(body=body, headers=CIMultiDict(headers))

    # -- raw TCP servers ---------------------------------------------------------------

    async def _start_raw(
        self,
        name: str,
        callback: Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]],
    ) -> None:
        server = await asyncio.start_server(callback, self.host, 0)
        self._raw_servers.append(server)
        self._raw_ports[name] = server.sockets[0].getsockname()[1]

    async def _stop_raw(self) -> None:
        for server in self._raw_servers:
            server.close()
        # Python 3.11's Server.close() leaves accepted connections open; close them so
        # their handlers see EOF and finish before the loop goes away.
        for writer in list(self._raw_writers):
            writer.close()
        if self._raw_tasks:
            await asyncio.gather(*self._raw_tasks, return_exceptions=True)
        for server in self._raw_servers:
            await server.wait_closed()
        self._raw_servers.clear()

    @contextlib.asynccontextmanager
    async def _raw_connection(self, writer: asyncio.StreamWriter) -> AsyncIterator[None]:
        task = asyncio.current_task()
        assert task is not None
        self._raw_tasks.add(task)
        self._raw_writers.add(writer)
        try:
            yield
        except ConnectionError:
            pass  # the client going away is the normal end of these connections
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()
            self._raw_writers.discard(writer)
            self._raw_tasks.discard(task)

    async def _garbage_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.garbage_connections += 1
        rng = random.Random(self.garbage_connections)
        async with self._raw_connection(writer):
            # Swallow the request first: closing a socket with unread input sends an RST,
            # which could destroy the garbage before the client reads it.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(1.0):
                    await reader.read(65536)
            # A NUL first byte guarantees it cannot be mistaken for "HTTP/1.x".
            writer.write(b"\x00\xff" + rng.randbytes(rng.randint(64, 1024)))
            await writer.drain()

    async def _silent_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.silent_connections += 1
        async with self._raw_connection(writer):
            while await reader.read(65536):
                pass  # read and ignore until the client gives up

    # -- behaviour helpers -------------------------------------------------------------

    @staticmethod
    def _bytes(
        body: bytes,
        content_type: str = CONTENT_TYPES["rss"],
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> web.Response:
        all_headers = {"Content-Type": content_type, **(headers or {})}
        return web.Response(status=status, body=body, headers=all_headers)

    async def _stream(
        self,
        request: web.Request,
        chunks: Iterator[bytes],
        *,
        content_length: int | None = None,
        interval: float = 0.0,
    ) -> web.StreamResponse:
        """Write `chunks` one by one (pausing `interval` after each) until they run out,
        the client hangs up or the site stops.  No Content-Length means chunked."""
        response = web.StreamResponse(headers={"Content-Type": CONTENT_TYPES["rss"]})
        if content_length is not None:
            response.content_length = content_length
        await response.prepare(request)
        assert self._stopping is not None
        try:
            for chunk in chunks:
                if self._stopping.is_set():
                    break
                await response.write(chunk)
                if interval and await self._pause(interval):
                    break
        except ConnectionError:
            pass  # the client gave up, which is how these responses are meant to end
        return response

    async def _raw_reply(
        self, request: web.Request, status: int, *parts: bytes, reset: bool = False
    ) -> web.StreamResponse:
        """Put exact bytes on the wire, bypassing aiohttp's framing, then end the
        connection: FIN, or RST when `reset`.

        Between parts (and before a reset) it waits 0.1 s so the client has read what came
        before: data that arrives together is parsed together, and the client would then
        report the later problem before the response it is meant to see first."""
        record = request.get(_RECORD)
        if record is not None:
            record.status = status
        transport = request.transport
        for index, part in enumerate(parts):
            if transport is None or transport.is_closing():
                break
            if index and await self._pause(0.1):
                break
            transport.write(part)
        if transport is not None and not transport.is_closing():
            if reset:
                await self._pause(0.1)
                _abort_with_rst(transport)
            else:
                transport.close()
        # aiohttp will try to send this and find the transport closed; nothing more goes out.
        return web.Response(status=status)

    async def _good_rss_response(self, request: web.Request) -> web.StreamResponse:
        return self._serve_feed(request, self._good["rss"])

    def _pattern_handler(self, path: str) -> Handler | None:
        match = re.fullmatch(r"/redirect/chain/(\d{1,3})", path)
        if match:
            return functools.partial(self._chain, hops=int(match.group(1)))
        if path == "/redirect/loop-b":
            return functools.partial(self._redirect, status=302, location="/redirect/loop")
        return None

    # -- behaviours: good feeds --------------------------------------------------------

    @_behaviour("/good/rss", "a valid RSS 2.0 feed (5 items, ETag/Last-Modified/gzip)", kind="rss")
    @_behaviour("/good/atom", "a valid Atom 1.0 feed (5 items)", kind="atom")
    @_behaviour("/good/rdf", "a valid RSS 1.0 (RDF) feed (5 items)", kind="rdf")
    @_behaviour("/good/json", "a valid JSON Feed 1.1 (5 items), application/feed+json", kind="json")
    async def _good_feed(self, request: web.Request, kind: FeedKind) -> web.StreamResponse:
        return self._serve_feed(request, self._good[kind])

    # -- behaviours: status codes ------------------------------------------------------

    @_behaviour("/status/404", "404 Not Found", status=404)
    @_behaviour("/status/410", "410 Gone: the feed was removed for good", status=410)
    @_behaviour("/status/500", "500 Internal Server Error", status=500)
    @_behaviour(
        "/status/503-retry-after",
        "503 with Retry-After: 120 (seconds)",
        status=503,
        retry_after="120",
    )
    @_behaviour(
        "/status/503-retry-after-garbage",
        "503 with an unparsable Retry-After: soon-ish",
        status=503,
        retry_after="soon-ish",
    )
    @_behaviour(
        "/status/429-retry-after-seconds",
        "429 with Retry-After: 30 (seconds)",
        status=429,
        retry_after="30",
    )
    @_behaviour(
        "/status/429-retry-after-huge",
        "429 with Retry-After: 31536000 (a year)",
        status=429,
        retry_after="31536000",
    )
    @_behaviour(
        "/status/304-unconditional",
        "304 Not Modified although the request carried no validators",
        status=304,
    )
    async def _status(
        self, request: web.Request, status: int, retry_after: str | None = None
    ) -> web.StreamResponse:
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        if status == 304:
            return web.Response(status=304)
        return web.Response(status=status, headers=headers, text=f"error {status}\n")

    @_behaviour(
        "/status/429-retry-after-date", "429 with Retry-After as an HTTP-date 90 s in the future"
    )
    async def _retry_after_date(self, request: web.Request) -> web.StreamResponse:
        when = http_date(datetime.now(UTC) + timedelta(seconds=90))
        return web.Response(status=429, headers={"Retry-After": when}, text="slow down\n")

    @_behaviour(
        "/flaky/5xx-burst",
        "the first N requests (burst_failures, default 3, or ?n=) get 500/502/503/504, "
        "then a good RSS feed; reset_counters() restarts the burst",
    )
    async def _burst(self, request: web.Request) -> web.StreamResponse:
        limit = int(_query_float(request, "n", self.burst_failures, 1000))
        with self._lock:
            hit = self._hits[request.path]
        if hit <= limit:
            status = (500, 502, 503, 504)[(hit - 1) % 4]
            return web.Response(status=status, text=f"failure {hit} of {limit}\n")
        return await self._good_rss_response(request)

    # -- behaviours: timing, size and framing ------------------------------------------

    @_behaviour(
        "/slow/headers",
        "sends nothing for slow_seconds (default 30, or ?seconds=), then a good feed",
    )
    async def _slow_headers(self, request: web.Request) -> web.StreamResponse:
        if await self._pause(_query_float(request, "seconds", self.slow_seconds, 3600)):
            return web.Response(status=503)
        return await self._good_rss_response(request)

    @_behaviour(
        "/slow/body",
        "slowloris: 200 at once, then trickle_bytes (8) every trickle_interval (1 s, "
        "or ?interval=) forever; the first bytes are a good feed's start",
    )
    async def _slow_body(self, request: web.Request) -> web.StreamResponse:
        interval = _query_float(request, "interval", self.trickle_interval, 3600)
        size = max(1, self.trickle_bytes)
        good = _good_rss()
        pieces = (good[i : i + size] for i in range(0, len(good), size))
        return await self._stream(
            request, itertools.chain(pieces, itertools.repeat(b" " * size)), interval=interval
        )

    @_behaviour("/endless", "200 chunked body that never ends: an RSS head, then items forever")
    async def _endless(self, request: web.Request) -> web.StreamResponse:
        head = _rss_doc("").split("\n</channel>")[0].encode()
        item = b"<item><title>Endless</title><guid>urn:endless</guid></item>\n"
        block = item * (65536 // len(item))
        return await self._stream(request, itertools.chain([head], itertools.repeat(block)))

    @_behaviour(
        "/oversize",
        "a well-formed RSS body of oversize_bytes (20 MiB, or ?bytes=) "
        "with a correct Content-Length",
    )
    async def _oversize(self, request: web.Request) -> web.StreamResponse:
        total = int(_query_float(request, "bytes", self.oversize_bytes, 1 << 34))
        return await self._stream(request, _sized_feed(total), content_length=total)

    @_behaviour(
        "/oversize-chunked",
        "the same 20 MiB body chunked, no Content-Length (only a streaming cap helps)",
    )
    async def _oversize_chunked(self, request: web.Request) -> web.StreamResponse:
        total = int(_query_float(request, "bytes", self.oversize_bytes, 1 << 34))
        return await self._stream(request, _sized_feed(total))

    @_behaviour(
        "/gzip-bomb", "Content-Encoding: gzip, ~1 MB on the wire that inflates to 1 GiB of zeros"
    )
    async def _gzip_bomb(self, request: web.Request) -> web.StreamResponse:
        return self._bytes(gzip_bomb(), headers={"Content-Encoding": "gzip"})

    @_behaviour("/encoding/bad-gzip", "Content-Encoding: gzip, but the body is plain XML")
    async def _bad_gzip(self, request: web.Request) -> web.StreamResponse:
        return self._bytes(_good_rss(), headers={"Content-Encoding": "gzip"})

    @_behaviour("/encoding/gzip-undeclared", "a gzipped feed with no Content-Encoding header")
    async def _gzip_undeclared(self, request: web.Request) -> web.StreamResponse:
        return self._bytes(gzip.compress(_good_rss(), mtime=0))

    @_behaviour(
        "/bad-length/too-long",
        "Content-Length: 5000 but only 1000 bytes follow before the connection closes",
    )
    async def _too_long(self, request: web.Request) -> web.StreamResponse:
        head = _raw_head(
            200, "OK", [("Content-Type", CONTENT_TYPES["rss"]), ("Content-Length", "5000")]
        )
        return await self._raw_reply(request, 200, head + _good_rss()[:1000])

    @_behaviour(
        "/bad-length/too-short",
        "Content-Length: 200 but the whole feed (~3 KB) follows (the excess 0.1 s later), "
        "then the connection closes",
    )
    async def _too_short(self, request: web.Request) -> web.StreamResponse:
        head = _raw_head(
            200, "OK", [("Content-Type", CONTENT_TYPES["rss"]), ("Content-Length", "200")]
        )
        body = _good_rss()
        return await self._raw_reply(request, 200, head + body[:200], body[200:])

    @_behaviour(
        "/reset-mid-body",
        "200 with Content-Length, 512 body bytes, then a TCP RST (connection reset)",
    )
    async def _reset(self, request: web.Request) -> web.StreamResponse:
        body = _good_rss()
        head = _raw_head(
            200, "OK", [("Content-Type", CONTENT_TYPES["rss"]), ("Content-Length", str(len(body)))]
        )
        return await self._raw_reply(request, 200, head + body[:512], reset=True)

    @_behaviour("/headers/oversize", "a 64 KiB response header line (X-Padding)")
    async def _oversize_header(self, request: web.Request) -> web.StreamResponse:
        return self._bytes(_good_rss(), headers={"X-Padding": "x" * 65536})

    # -- behaviours: redirects ---------------------------------------------------------

    @_behaviour(
        "/redirect/301",
        "301 to the good RSS feed (absolute Location)",
        status=301,
        location="absolute",
    )
    @_behaviour(
        "/redirect/302",
        "302 to the good RSS feed (root-relative Location /good/rss)",
        status=302,
        location="/good/rss",
    )
    @_behaviour(
        "/redirect/307",
        "307 to the good RSS feed (relative Location ../good/rss)",
        status=307,
        location="../good/rss",
    )
    @_behaviour(
        "/redirect/308",
        "308 to the good RSS feed (absolute Location)",
        status=308,
        location="absolute",
    )
    @_behaviour(
        "/redirect/loop",
        "302 loop: /redirect/loop -> /redirect/loop-b -> back",
        status=302,
        location="/redirect/loop-b",
    )
    @_behaviour("/redirect/no-location", "301 with no Location header", status=301, location="")
    async def _redirect(
        self, request: web.Request, status: int, location: str
    ) -> web.StreamResponse:
        # ?to=/some/path retargets a redirect at another local path (e.g. a test's feed).
        target = request.query.get("to", "")
        if target.startswith("/"):
            location = target
        if location == "absolute":
            location = f"http://{request.host}/good/rss"
        headers = {"Location": location} if location else {}
        return web.Response(status=status, headers=headers, text=f"moved ({status})\n")

    @_behaviour(
        "/redirect/chain/15",
        "15 redirects in a row (/redirect/chain/N -> N-1 ... -> /good/rss); any N<1000 works",
        hops=15,
    )
    async def _chain(self, request: web.Request, hops: int) -> web.StreamResponse:
        location = "/good/rss" if hops <= 1 else f"/redirect/chain/{hops - 1}"
        return web.Response(status=302, headers={"Location": location})

    @_behaviour("/redirect/to-loopback", "302 to http://127.0.0.1/feed.xml (SSRF)")
    @_behaviour(
        "/redirect/to-metadata",
        "302 to http://169.254.169.254/latest/meta-data/ (cloud metadata SSRF)",
    )
    @_behaviour("/redirect/to-ipv6-loopback", "302 to http://[::1]/ (SSRF)")
    @_behaviour("/redirect/to-private-10", "302 to http://10.0.0.1/feed.xml (private range)")
    @_behaviour("/redirect/to-decimal-ip", "302 to http://2130706433/ (127.0.0.1 as a number)")
    @_behaviour("/redirect/to-file-scheme", "302 to file:///etc/passwd")
    async def _ssrf_redirect(self, request: web.Request) -> web.StreamResponse:
        target = SSRF_TARGETS[request.path]
        return web.Response(status=302, headers={"Location": target})

    # -- behaviours: content -----------------------------------------------------------

    @_behaviour("/content/html", "200 text/html: a bot-check page instead of a feed")
    async def _html(self, request: web.Request) -> web.StreamResponse:
        return self._bytes(HTML_PAGE, "text/html; charset=utf-8")

    @_behaviour("/content/broken-xml", "200 RSS that is not well-formed (bad &, unclosed tags)")
    async def _broken_xml(self, request: web.Request) -> web.StreamResponse:
        return self._bytes(BROKEN_XML)

    @_behaviour("/content/broken-json", "200 application/feed+json that is truncated JSON")
    async def _broken_json(self, request: web.Request) -> web.StreamResponse:
        return self._bytes(BROKEN_JSON, CONTENT_TYPES["json"])

    @_behaviour("/content/empty-body", "200 with an empty body (Content-Length: 0)")
    async def _empty_body(self, request: web.Request) -> web.StreamResponse:
        return self._bytes(b"")

    @_behaviour("/content/empty-feed", "a valid RSS feed with zero items")
    async def _empty_feed(self, request: web.Request) -> web.StreamResponse:
        return self._bytes(render_feed("rss", "Quiet front", [], updated=_ENTRIES_NEWEST))

    @_behaviour(
        "/content/bom-wrong-charset",
        "UTF-8 BOM and UTF-8 text, but the XML declaration says windows-1252",
    )
    async def _bom_wrong_charset(self, request: web.Request) -> web.StreamResponse:
        return self._bytes(_bom_wrong_charset_feed(), "application/rss+xml")

    @_behaviour("/content/invalid-utf8", "declared UTF-8 but contains invalid byte sequences")
    async def _invalid_utf8(self, request: web.Request) -> web.StreamResponse:
        return self._bytes(_invalid_utf8_feed())

    @_behaviour(
        "/content/charset-header-only",
        "ISO-8859-1 bytes, no XML declaration; only Content-Type says charset=iso-8859-1",
    )
    async def _charset_header_only(self, request: web.Request) -> web.StreamResponse:
        return self._bytes(_charset_header_only_feed(), "application/rss+xml; charset=iso-8859-1")

    @_behaviour(
        "/content/windows-1251",
        "a Cyrillic feed encoded in windows-1251 (declaration and header agree)",
    )
    async def _windows_1251(self, request: web.Request) -> web.StreamResponse:
        return self._bytes(_windows_1251_feed(), "application/rss+xml; charset=windows-1251")

    @_behaviour("/content/utf16", "a UTF-16LE feed with BOM, no charset in Content-Type")
    async def _utf16(self, request: web.Request) -> web.StreamResponse:
        return self._bytes(_utf16_feed(), "application/rss+xml")

    @_behaviour("/content/billion-laughs", "XML entity expansion bomb (10^9 'lol's) in a DTD")
    async def _billion_laughs(self, request: web.Request) -> web.StreamResponse:
        return self._bytes(_billion_laughs_feed())

    @_behaviour("/content/xxe", "external entity pointing at file:///etc/passwd (XXE)")
    async def _xxe(self, request: web.Request) -> web.StreamResponse:
        return self._bytes(_xxe_feed())

    @_behaviour(
        "/content/xxe-remote-dtd",
        "external DTD and entities at http://169.254.169.254/ (XXE as SSRF)",
    )
    async def _xxe_remote(self, request: web.Request) -> web.StreamResponse:
        return self._bytes(_xxe_remote_dtd_feed())

    @_behaviour("/content/100k-items", "a valid RSS feed with 100,000 items (~21 MB)")
    async def _huge(self, request: web.Request) -> web.StreamResponse:
        return self._bytes(await asyncio.to_thread(huge_feed))

    @_behaviour("/content/huge-title", "one item whose title is 1 MiB long")
    async def _huge_title(self, request: web.Request) -> web.StreamResponse:
        return self._bytes(_huge_title_feed())

    @_behaviour(
        "/content/duplicate-guids",
        "items sharing guids: same guid with a different story, and exact copies",
    )
    async def _duplicate_guids(self, request: web.Request) -> web.StreamResponse:
        return self._bytes(_duplicate_guids_feed())

    @_behaviour(
        "/content/changing-guids", "the same 3 stories, but every fetch gives them new guids"
    )
    async def _changing_guids(self, request: web.Request) -> web.StreamResponse:
        with self._lock:
            fetch = self._hits[request.path]
        return self._bytes(_changing_guids_feed(fetch))

    @_behaviour(
        "/content/extreme-dates",
        "items dated 1970-01-01 and 2999-12-31, unparsable, empty and missing dates",
    )
    async def _extreme_dates(self, request: web.Request) -> web.StreamResponse:
        return self._bytes(_extreme_dates_feed())

    @_behaviour(
        "/content/missing-fields",
        "items without title, without link, without guid, and an empty <item/>",
    )
    async def _missing_fields(self, request: web.Request) -> web.StreamResponse:
        return self._bytes(_missing_fields_feed())

    @_behaviour(
        "/content/dangerous-links",
        "item links and summary hrefs using javascript:, data:, vbscript:, file:",
    )
    async def _dangerous_links(self, request: web.Request) -> web.StreamResponse:
        return self._bytes(_dangerous_links_feed())

    @_behaviour(
        "/content/html-injection",
        "<script>, <img onerror>, <iframe>, <svg onload>, <style> in titles and "
        "summaries (escaped and in CDATA)",
    )
    async def _html_injection(self, request: web.Request) -> web.StreamResponse:
        return self._bytes(_html_injection_feed())

    @_behaviour(
        "/content/telegram-markup",
        "Telegram-looking HTML (<b>, <a href>, <code>, <tg-spoiler>) and MarkdownV2 "
        "in titles and summaries",
    )
    async def _telegram_markup(self, request: web.Request) -> web.StreamResponse:
        return self._bytes(_telegram_markup_feed())

    @_behaviour(
        "/content/atom-xml-base", "Atom with xml:base on the feed and an entry, and relative links"
    )
    async def _atom_xml_base(self, request: web.Request) -> web.StreamResponse:
        return self._bytes(_atom_xml_base_feed(), CONTENT_TYPES["atom"])

    @_behaviour("/content/text-plain", "a valid RSS feed served as Content-Type: text/plain")
    async def _text_plain(self, request: web.Request) -> web.StreamResponse:
        return self._bytes(_good_rss(), "text/plain")

    @_behaviour("/content/png", "200 with a PNG image body, labelled application/rss+xml")
    async def _png(self, request: web.Request) -> web.StreamResponse:
        return self._bytes(PNG_BYTES)


#: Every hostile or broken behaviour: path -> one-line description.
BEHAVIOURS: dict[str, str] = {path: desc for path, (desc, _, _) in _REGISTRY.items()}


def _sized_feed(total: int) -> Iterator[bytes]:
    """A well-formed RSS document of exactly `total` bytes (padding in a description),
    generated in 64 KiB pieces so 20 MiB never sits in memory."""
    head = _rss_doc("<item><title>Oversize</title><description>").split("\n</channel>")[0]
    head_bytes = head.encode()
    tail = b"</description></item>\n</channel></rss>\n"
    padding = total - len(head_bytes) - len(tail)
    if padding < 0:  # too small to be well-formed; still honour the exact size
        yield (head_bytes + tail)[:total]
        return
    yield head_bytes
    block = b"truce " * (65536 // 6)
    while padding > 0:
        piece = block[: min(padding, len(block))]
        padding -= len(piece)
        yield piece
    yield tail


def _abort_with_rst(transport: asyncio.BaseTransport) -> None:
    # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
    sock = transport.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    if isinstance(transport, asyncio.WriteTransport):
        transport.abort()
    else:
        transport.close()


def _scope(path: str | None, host: str | None) -> tuple[str, str]:
    if path is not None and host is not None:
        raise ValueError("give a path or a host, not both")
    if path is not None:
        return ("path", path)
    return ("host", host) if host is not None else ("site", "")


def _scopes(record: RequestRecord) -> tuple[tuple[str, str], ...]:
    return (("path", record.path), ("host", record.host or ""), ("site", ""))


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _cancel_leftovers(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel and reap tasks still pending when a thread-mode loop stops."""
    pending = asyncio.all_tasks(loop)
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    loop.run_until_complete(loop.shutdown_asyncgens())
