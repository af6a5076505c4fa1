"""Feed documents for tests and benchmarks, no server needed: `render_feed` renders RSS,
Atom, RSS 1.0 and JSON Feed; `make_entries` makes varied conflict news from a seed; and
the bodies of the feed site's hostile answers (broken encodings, entity bombs, links and
markup meant to do harm, a gzip bomb...)."""

from __future__ import annotations

import base64
import functools
import gzip
import itertools
import json
import random
import re
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any, Literal
from xml.sax.saxutils import escape, quoteattr

FeedKind = Literal["rss", "atom", "rdf", "json"]
CONTENT_TYPES: dict[str, str] = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "rdf": "application/rdf+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}
_RSS = CONTENT_TYPES["rss"]

# --- rendering ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed. None leaves the element out (hostile feeds use that)."""

    guid: str | None
    title: str | None = None
    summary: str | None = None
    link: str | None = None
    published: datetime | None = None
    author: str | None = None
    # Rendered verbatim instead of `published`, to serve dates no parser understands.
    published_text: str | None = None


# XML 1.0 cannot carry these code points at all, not even as character references.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# A feed without dated entries: a fixed instant keeps its bytes (and ETag) stable.
_FALLBACK_UPDATED = datetime(2000, 1, 1, tzinfo=UTC)


def _text(value: str) -> str:
    return escape(_XML_INVALID.sub("", value))


def _attr(value: str) -> str:
    return quoteattr(_XML_INVALID.sub("", value))


def _el(tag: str, value: str | None, attributes: str = "") -> str:
    return "" if value is None else f"<{tag}{attributes}>{_text(value)}</{tag.split()[0]}>"


def _utc(dt: datetime) -> datetime:
    return (dt if dt.tzinfo else dt.replace(tzinfo=UTC)).astimezone(UTC)


def http_date(dt: datetime) -> str:
    """RFC 9110 IMF-fixdate, as in Last-Modified, Retry-After and RSS pubDate."""
    return format_datetime(_utc(dt), usegmt=True)


def _rfc3339(dt: datetime) -> str:
    return _utc(dt).strftime("%Y-%m-%dT%H:%M:%SZ")


def _date(entry: FeedEntry, formatter: Callable[[datetime], str]) -> str | None:
    if entry.published_text is not None:
        return entry.published_text
    return None if entry.published is None else formatter(entry.published)


def _rss_item(e: FeedEntry) -> str:
    guid = _el("guid", e.guid, ' isPermaLink="false"')
    return (
        f"<item>{_el('title', e.title)}{_el('link', e.link)}{guid}"
        f"{_el('pubDate', _date(e, http_date))}{_el('dc:creator', e.author)}"
        f"{_el('description', e.summary)}</item>"
    )


def _rss(title: str, updated: datetime, entries: Sequence[FeedEntry]) -> str:
    items = "\n".join(map(_rss_item, entries))
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
        f"<title>{_text(title)}</title>\n<link>https://news.example/</link>\n"
        f"<description>Fake conflict news</description>\n"
        f"<lastBuildDate>{http_date(updated)}</lastBuildDate>\n{items}\n</channel>\n</rss>\n"
    )


def _atom_entry(e: FeedEntry) -> str:
    link = "" if e.link is None else f'<link rel="alternate" href={_attr(e.link)}/>'
    author = "" if e.author is None else f"<author><name>{_text(e.author)}</name></author>"
    date = _date(e, _rfc3339)
    title = _el("title", e.title, ' type="text"')
    summary = _el("summary", e.summary, ' type="html"')
    return (
        f"<entry>{title}{_el('id', e.guid)}{link}{_el('published', date)}"
        f"{_el('updated', date)}{author}{summary}</entry>"
    )


def _atom(title: str, updated: datetime, entries: Sequence[FeedEntry]) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f'<title type="text">{_text(title)}</title>\n<id>https://news.example/</id>\n'
        f"<updated>{_rfc3339(updated)}</updated>\n"
        '<link rel="alternate" href="https://news.example/"/>\n'
        "<author><name>TruceWatch fake wire</name></author>\n"
        + "\n".join(map(_atom_entry, entries))
        + "\n</feed>\n"
    )


def _rdf_item(e: FeedEntry) -> str:
    about = e.guid if e.guid is not None else e.link  # feedparser's entry.id
    head = "<item>" if about is None else f"<item rdf:about={_attr(about)}>"
    return (
        f"{head}{_el('title', e.title)}{_el('link', e.link)}{_el('description', e.summary)}"
        f"{_el('dc:date', _date(e, _rfc3339))}{_el('dc:creator', e.author)}</item>"
    )


def _rdf(title: str, updated: datetime, entries: Sequence[FeedEntry]) -> str:
    abouts = (e.guid if e.guid is not None else e.link for e in entries)
    seq = "".join(f"<rdf:li rdf:resource={_attr(a)}/>" for a in abouts if a is not None)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f'<channel rdf:about="https://news.example/">\n<title>{_text(title)}</title>\n'
        "<link>https://news.example/</link>\n<description>Fake conflict news</description>\n"
        f"<dc:date>{_rfc3339(updated)}</dc:date>\n<items><rdf:Seq>{seq}</rdf:Seq></items>\n"
        "</channel>\n" + "\n".join(map(_rdf_item, entries)) + "\n</rdf:RDF>\n"
    )


def _json_item(e: FeedEntry) -> dict[str, Any]:
    fields = {
        "id": e.guid,
        "url": e.link,
        "title": e.title,
        "summary": e.summary,
        "content_html": e.summary,
        "date_published": _date(e, _rfc3339),
        "authors": None if e.author is None else [{"name": e.author}],
    }
    return {name: value for name, value in fields.items() if value is not None}


def _json(title: str, updated: datetime, entries: Sequence[FeedEntry]) -> str:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": "https://news.example/",
        "items": [_json_item(e) for e in entries],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


_RENDERERS = {"rss": _rss, "atom": _atom, "rdf": _rdf, "json": _json}


def render_feed(
    kind: FeedKind, title: str, entries: Sequence[FeedEntry], *, updated: datetime | None = None
) -> bytes:
    """A complete UTF-8 feed document; the same arguments give the same bytes."""
    newest = max((_utc(e.published) for e in entries if e.published), default=None)
    when = _utc(updated or newest or _FALLBACK_UPDATED)
    return _RENDERERS[kind](title, when, entries).encode("utf-8")


# --- generated conflict news --------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


_PLACES = _words(
    "Kharkiv|Zaporizhzhia|Kherson|Donetsk|Kramatorsk (Краматорськ)|Gaza City|Khan Younis|Rafah|"
    "El Fasher|Khartoum|Omdurman|Goma|Bunia|Beni|Mekelle|Aleppo|Idlib|Marib|Hodeidah|Sana'a|"
    "Mogadishu|Tripoli|Misrata|Mandalay|Sittwe|Bamako|Ménaka|Kidal|Port-au-Prince|Juba|Malakal|"
    "Cúcuta|Tuluá|Stepanakert|Kashmir's Poonch district|Tal Afar"
)
_VENUES = _words(
    "Geneva|Doha|Istanbul|Jeddah|Cairo|Addis Ababa|Nairobi|Riyadh|Oslo|Vienna|Astana|Bogotá|"
    "Luanda|Muscat|Genève|New York"
)
_MEDIATORS = _words(
    "Qatar|Egypt|Türkiye|Norway|the African Union|the UN envoy|Saudi Arabia and the US|"
    "the Vatican|IGAD|ECOWAS"
)
_SOURCES = _words(
    "local officials|the health ministry|UN monitors|medics at the scene|the Red Cross|"
    "residents|a military spokesperson|OCHA|rescue workers"
)
_AUTHORS = _words("Staff reporter|Amira Haddad|Oleksii Bondar|Grace Mwangi|José Ruiz")
_NTH = _words("second|third|fourth|fifth|sixth")
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
_ENTRIES_NEWEST = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


def _make_entry(rng: random.Random, seed: int, index: int, when: datetime) -> FeedEntry:
    category = rng.choice(tuple(_TEMPLATES))
    words: dict[str, Any] = {
        "place": rng.choice(_PLACES),
        "venue": rng.choice(_VENUES),
        "mediator": rng.choice(_MEDIATORS),
        "source": rng.choice(_SOURCES),
        "killed": rng.randint(2, 140),
        "wounded": rng.randint(3, 400),
        "nth": rng.choice(_NTH),
    }
    words["source_cap"] = words["source"][0].upper() + words["source"][1:]
    title = rng.choice(_TEMPLATES[category]).format(**words)
    sentences = rng.sample(_SUMMARIES, k=rng.randint(1, 3))
    summary = " ".join(s.format(**words) for s in sentences)
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
    link = f"https://news.example/{category}/{slug}-{seed}-{index}"
    guid = f"urn:trucewatch:fake:{seed}:{index}"
    return FeedEntry(guid, title, summary, link, when, author=rng.choice(_AUTHORS))


def make_entries(n: int, seed: int = 0) -> list[FeedEntry]:
    """`n` varied conflict-news entries, newest first, the same for the same seed."""
    rng = random.Random(seed)
    when, entries = _ENTRIES_NEWEST, []
    for index in range(n):
        entries.append(_make_entry(rng, seed, index, when))
        when -= timedelta(minutes=rng.randint(3, 90))
    return entries


# --- hostile documents ---------------------------------------------------------------------

_UTF8 = '<?xml version="1.0" encoding="utf-8"?>\n'


def _rss_doc(items: str, *, title: str = "Hostile feed", prolog: str = _UTF8) -> str:
    return (
        f'{prolog}<rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://news.example/</link><description>test</description>\n"
        f"{items}\n</channel></rss>\n"
    )


def _entries_doc(title: str, entries: Sequence[FeedEntry]) -> bytes:
    return render_feed("rss", title, entries, updated=_ENTRIES_NEWEST)


def _stories(guid: str, link: str, rows: Iterable[tuple[str, str]]) -> list[FeedEntry]:
    """Entries from (title, summary) pairs, numbered from 0, a day apart."""
    return [
        FeedEntry(f"urn:{guid}:{i}", t, s, f"https://news.example/{link}{i}", _days_ago(i))
        for i, (t, s) in enumerate(rows)
    ]


def _days_ago(days: int) -> datetime:
    return _ENTRIES_NEWEST - timedelta(days=days)


@functools.cache
def gzip_bomb(chunk: int = 1 << 20, chunks: int = 1024) -> bytes:
    """~1 MB of gzip inflating to 1 GiB of zeros. A full flush resets the compressor, so one
    compressed chunk can be repeated instead of deflating 1 GiB."""
    zeros = bytes(chunk)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(chunks):  # a quarter of a second for 1 GiB, once per process
        crc = zlib.crc32(zeros, crc)
    trailer = struct.pack("<II", crc, (chunk * chunks) & 0xFFFFFFFF)
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + block * chunks + deflate.flush() + trailer


@functools.cache
def good_rss() -> bytes:
    return render_feed("rss", "TruceWatch wire", make_entries(5, 1729))


@functools.cache
def huge_feed(n: int = 100_000) -> bytes:
    """An RSS feed of `n` small items (about 21 MB for 100,000)."""
    dates = [http_date(_ENTRIES_NEWEST - timedelta(minutes=m)) for m in range(1000)]
    items = "\n".join(
        f"<item><title>Bulk report {i}: truce monitors log incident</title>"
        f"<link>https://news.example/bulk/{i}</link>"
        f'<guid isPermaLink="false">urn:bulk:{i}</guid><pubDate>{dates[i % 1000]}</pubDate></item>'
        for i in range(n)
    )
    return _rss_doc(items, title=f"{n} items").encode()


def _huge_title() -> bytes:
    title = ("Ceasefire talks drag on " * 43_700)[: 1 << 20]
    entry = FeedEntry("urn:huge-title:1", title, "A 1 MB title.", "https://news.example/h")
    return _entries_doc("Huge title", [entry])


def _duplicate_guids() -> bytes:
    first, again, talks = (
        FeedEntry(f"urn:dup:{n}", title, summary, f"https://news.example/d{n}{s}", _days_ago(d))
        for n, s, d, title, summary in (
            (1, "", 0, "Truce announced in Goma", "first"),
            (1, "b", 1, "Truce collapses in Goma", "same guid, new story"),
            (2, "", 2, "Talks in Doha", "exact copy"),
        )
    )
    return _entries_doc("Duplicate guids", [first, again, talks, talks])


def changing_guids(fetch: int) -> bytes:
    rows = [
        (f"Same story {i}, new guid every fetch", "Identical text each time.") for i in range(3)
    ]
    return _entries_doc("Changing guids", _stories(f"changing:{fetch}", "same/", rows))


def _extreme_dates() -> bytes:
    epoch, far = datetime(1970, 1, 1, tzinfo=UTC), datetime(2999, 12, 31, 23, 59, 59, tzinfo=UTC)
    rows: tuple[tuple[str, str, str, datetime | None, str | None], ...] = (
        ("1970", "Dated at the Unix epoch", "1970", epoch, None),
        ("2999", "Dated in 2999", "far future", far, None),
        ("garbage", "Unparsable date", "garbage", None, "yesterday-ish, after lunch"),
        ("impossible", "Impossible date", "32nd of Foo", None, "Mon, 32 Foo 2024 25:61:61 XYZ"),
        ("empty", "Empty date", "empty", None, ""),
        ("none", "No date at all", "none", None, None),
    )
    entries = [
        FeedEntry(f"urn:date:{n}", t, s, f"https://news.example/{n}", when, published_text=text)
        for n, t, s, when, text in rows
    ]
    return _entries_doc("Extreme dates", entries)


def _missing_fields() -> bytes:
    entries = [
        FeedEntry(
            "urn:missing:title", None, "No title here.", "https://news.example/m1", _days_ago(0)
        ),
        FeedEntry("urn:missing:link", "No link", "No link here.", None, _days_ago(1)),
        FeedEntry(None, "No guid", "No guid here.", "https://news.example/m3", _days_ago(2)),
        FeedEntry(None, None, "Only a summary: shelling reported near Kherson."),
        FeedEntry(None),
    ]
    return _entries_doc("Missing fields", entries)


_DANGEROUS_LINKS = (
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    " \tjavascript:alert('leading whitespace')",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
)


def _dangerous_links() -> bytes:
    entries = [
        FeedEntry(
            f"urn:link:{i}",
            f"Click for the truce text ({i})",
            f'<a href="{link}">read more</a>',
            link,
            _days_ago(i),
        )
        for i, link in enumerate(_DANGEROUS_LINKS)
    ]
    return _entries_doc("Dangerous links", entries)


_INJECTIONS = (
    "<script>alert('xss')</script>Ceasefire agreed",
    '<img src=x onerror="alert(1)">Shelling in Kharkiv',
    '<iframe src="https://evil.example/"></iframe>Talks resume',
    "<svg onload=alert(1)>12 killed</svg>",
    '<a href="javascript:alert(1)" onclick="steal()">Truce map</a>',
    "<style>body{display:none}</style><form action=https://evil.example>",
)
# Publishers often put HTML in CDATA instead of escaping it.
_CDATA_ITEM = (
    "<item><title><![CDATA[<script>alert('cdata')</script>Drone strike]]></title>"
    "<guid>urn:inject:cdata</guid><link>https://news.example/cdata</link>"
    "<description><![CDATA[<img src=x onerror=alert('cdata')><iframe src=//evil>]]>"
    "</description></item>\n</channel>"
)


def _html_injection() -> bytes:
    rows = ((p, f"<p>Summary {i}: {p}</p>") for i, p in enumerate(_INJECTIONS))
    body = _entries_doc("<script>alert('feed title')</script>", _stories("inject", "x", rows))
    return body.decode().replace("</channel>", _CDATA_ITEM, 1).encode()


_TELEGRAM_MARKUP = (
    "<b>BREAKING</b>: truce <i>holds</i> in <u>Goma</u>",
    '<a href="https://t.me/evil_channel">Join</a> for ceasefire updates',
    "<code>12 killed</code> <pre>in Rafah</pre> <tg-spoiler>hidden</tg-spoiler>",
    "*bold* _italic_ [link](https://evil.example) ~strike~ ||spoiler|| `code`",
    "5 < 7 && 8 > 3 — talks &amp; more &lt;b&gt;double-escaped&lt;/b&gt;",
    "<blockquote>Envoy: “no deal”</blockquote><s>struck</s> <tg-emoji emoji-id='1'>🕊</tg-emoji>",
)


def _telegram_markup() -> bytes:
    rows = ((t, f"Summary with {t}") for t in _TELEGRAM_MARKUP)
    return _entries_doc("<b>Telegram</b> <i>markup</i>", _stories("tg", "tg", rows))


ATOM_XML_BASE = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example/world/">
<title>Relative links</title><id>urn:xmlbase</id><updated>2024-06-01T12:00:00Z</updated>
<link rel="alternate" href="index.html"/>
<author><name>Desk</name></author>
<entry><title>Relative to the feed base</title><id>urn:xmlbase:1</id>\
<link rel="alternate" href="europe/kharkiv-truce.html"/><updated>2024-06-01T11:00:00Z</updated>\
<summary type="html">&lt;a href="../maps/front.png"&gt;map&lt;/a&gt;</summary></entry>
<entry xml:base="/africa/"><title>Entry-level xml:base</title><id>urn:xmlbase:2</id>\
<link rel="alternate" href="sudan/el-fasher.html"/><updated>2024-06-01T10:00:00Z</updated>\
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">\
<img src="img/map.png"/> <a href="talks.html">talks</a></div></content></entry>
<entry><title>Root-relative and scheme-relative</title><id>urn:xmlbase:3</id>\
<link rel="alternate" href="/middle-east/gaza.html"/>\
<link rel="related" href="//cdn.news.example/a.html"/>\
<updated>2024-06-01T09:00:00Z</updated></entry>
</feed>
"""
CYRILLIC_TITLES = (
    "Перемирие нарушено: обстрел Харькова",
    "Переговоры в Стамбуле продолжатся в четверг",
    "Загинули 12 цивільних у Херсоні — «тиша» не тримається",
)
LATIN1_TITLES = ("Pourparlers à Genève", "Tregua en Cúcuta y Tuluá", "Waffenruhe in Zürich?")


def _plain_items(titles: Iterable[str]) -> str:
    return "\n".join(
        f"<item><title>{t}</title><guid>urn:enc:{i}</guid>"
        f"<link>https://news.example/enc/{i}</link><description>{t}</description></item>"
        for i, t in enumerate(titles)
    )


def _declared(encoding: str, titles: Iterable[str] = CYRILLIC_TITLES) -> str:
    return _rss_doc(_plain_items(titles), prolog=f'<?xml version="1.0" encoding="{encoding}"?>\n')


def _invalid_utf8() -> bytes:
    doc = _rss_doc(_plain_items(["Truce @@ holds", "Talks @@ resume"])).encode()
    # Lone continuation bytes, an overlong slash, an encoded surrogate, 0xFF/0xFE.
    return doc.replace(b"@@", b"\xff\xfe\x80 \xc0\xaf \xed\xa0\x80 \xc3\x28")


def _billion_laughs() -> bytes:
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    ]
    prolog = '<?xml version="1.0"?>\n<!DOCTYPE rss [\n' + "\n".join(levels) + "\n]>\n"
    items = "<item><title>&lol9;</title><description>&lol9;</description></item>"
    return _rss_doc(items, title="&lol9;", prolog=prolog).encode()


def _xxe() -> bytes:
    prolog = '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    items = (
        "<item><title>&xxe;</title><guid>urn:xxe:1</guid><description>&xxe;</description></item>"
    )
    return _rss_doc(items, title="XXE &xxe;", prolog=prolog).encode()


def _xxe_remote_dtd() -> bytes:
    metadata = "http://169.254.169.254/latest/meta-data/"
    prolog = (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "{metadata}feed.dtd" [\n'
        f'<!ENTITY % remote SYSTEM "{metadata}iam">\n%remote;\n'
        f'<!ENTITY meta SYSTEM "{metadata}">\n]>\n'
    )
    items = "<item><title>&meta;</title><guid>urn:xxe:2</guid></item>"
    return _rss_doc(items, title="Remote DTD", prolog=prolog).encode()


# A 16 x 16 red PNG.
PNG_BYTES = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR4nGM4ISdHEmIY1TCqYfhqAADkYgQQ"
    "60fIxgAAAABJRU5ErkJggg=="
)
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


def sized_feed(total: int) -> Iterator[bytes]:
    """A well-formed RSS document of exactly `total` bytes, in 64 KiB pieces."""
    head = _rss_doc("<item><title>Oversize</title><description>").split("\n</channel>")[0]
    tail = b"</description></item>\n</channel></rss>\n"
    padding = total - len(head.encode()) - len(tail)
    yield head.encode()
    block = b"truce " * (65536 // 6)
    for start in range(0, padding, len(block)):
        yield block[: min(len(block), padding - start)]
    yield tail


def endless_feed() -> Iterator[bytes]:
    item = b"<item><title>Endless</title><guid>urn:endless</guid></item>\n"
    yield _rss_doc("").split("\n</channel>")[0].encode()
    yield from itertools.repeat(item * (65536 // len(item)))


def trickle(size: int = 8) -> Iterator[bytes]:
    """A good feed's start, `size` bytes at a time, then spaces forever."""
    good = good_rss()
    yield from (good[i : i + size] for i in range(0, len(good), size))
    yield from itertools.repeat(b" " * size)


#: Path -> (body, Content-Type, extra headers) of each hostile answer that is a fixed document.
DOCUMENTS: dict[str, tuple[Callable[[], bytes], str, dict[str, str]]] = {
    "/encoding/bad-gzip": (good_rss, _RSS, {"Content-Encoding": "gzip"}),
    "/encoding/gzip-undeclared": (lambda: gzip.compress(good_rss(), mtime=0), _RSS, {}),
    "/headers/oversize": (good_rss, _RSS, {"X-Padding": "x" * 65536}),
    "/content/html": (lambda: HTML_PAGE, "text/html; charset=utf-8", {}),
    "/content/broken-xml": (lambda: BROKEN_XML, _RSS, {}),
    "/content/broken-json": (lambda: BROKEN_JSON, CONTENT_TYPES["json"], {}),
    "/content/empty-body": (lambda: b"", _RSS, {}),
    "/content/empty-feed": (lambda: _entries_doc("Quiet front", []), _RSS, {}),
    "/content/bom-wrong-charset": (
        lambda: b"\xef\xbb\xbf" + _declared("windows-1252").encode(),  # UTF-8 inside
        "application/rss+xml",
        {},
    ),
    "/content/invalid-utf8": (_invalid_utf8, _RSS, {}),
    "/content/charset-header-only": (
        lambda: _rss_doc(_plain_items(LATIN1_TITLES), prolog="\n").lstrip().encode("latin-1"),
        "application/rss+xml; charset=iso-8859-1",
        {},
    ),
    "/content/windows-1251": (
        lambda: _declared("windows-1251").encode("windows-1251"),
        "application/rss+xml; charset=windows-1251",
        {},
    ),
    "/content/utf16": (
        lambda: b"\xff\xfe" + _declared("utf-16").encode("utf-16-le"),
        "application/rss+xml",
        {},
    ),
    "/content/billion-laughs": (_billion_laughs, _RSS, {}),
    "/content/xxe": (_xxe, _RSS, {}),
    "/content/xxe-remote-dtd": (_xxe_remote_dtd, _RSS, {}),
    "/content/huge-title": (_huge_title, _RSS, {}),
    "/content/duplicate-guids": (_duplicate_guids, _RSS, {}),
    "/content/extreme-dates": (_extreme_dates, _RSS, {}),
    "/content/missing-fields": (_missing_fields, _RSS, {}),
    "/content/dangerous-links": (_dangerous_links, _RSS, {}),
    "/content/html-injection": (_html_injection, _RSS, {}),
    "/content/telegram-markup": (_telegram_markup, _RSS, {}),
    "/content/atom-xml-base": (lambda: ATOM_XML_BASE, CONTENT_TYPES["atom"], {}),
    "/content/text-plain": (good_rss, "text/plain", {}),
    "/content/png": (lambda: PNG_BYTES, _RSS, {}),
}
