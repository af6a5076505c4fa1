"""Feed bytes -> cleaned, classified items (pure; CPU-heavy, so callers run it off the loop).

feedparser does the XML (RSS 0.9x/1.0/2.0, Atom, CDF) with its sanitiser on;
JSON Feed, which feedparser 6 does not read, is mapped from plain JSON here.
Everything that comes out is plain text, bounded, with dates in UTC.
"""

from __future__ import annotations

import calendar
import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin

import feedparser

from bot import dedup
from bot.classify import classify
from bot.models import ParsedItem, ParseError, compact_pickle
from bot.text import clip, html_to_text, squash

MAX_TITLE = 300
MAX_SUMMARY = 1200
MAX_URL = 2048
#: More entries than this is an archive or an attack, not a news feed worth alerting from.
MAX_ENTRIES = 5000
#: Dates before this are broken (epoch zero and the like), not history.
EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)
#: Clocks differ a little; dates further ahead than this are clamped to the fetch time.
FUTURE_SLACK = timedelta(minutes=10)
_SCHEMES = ("http:", "https:", "javascript:", "data:", "mailto:", "file:", "vbscript:")
_NOT_IN_LINK = re.compile(r"[\s<>\"']")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# Real HTML tags in text a feed calls plain (feedparser says text/plain for a title it found
# <script> in). "<Ganja>" is not a tag name, so it stays text.
_HTML_TAG = re.compile(
    r"</?(?:script|style|iframe|object|embed|svg|math|img|a|b|i|u|s|em|strong|p|br|div|span|"
    r"font|table|tr|td|ul|ol|li|h[1-6]|code|pre|blockquote|form|input|button|link|meta|"
    r"base|video|audio|source|noscript|template|tg-spoiler|tg-emoji)\b[^>]*>",
    re.IGNORECASE,
)


__all__ = ["ParseError", "ParsedFeed", "parse_feed"]


@compact_pickle
@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str
    items: tuple[ParsedItem, ...]
    warning: str | None = None


@dataclass(frozen=True, slots=True)
class _Entry:
    guid: str | None
    link: str | None
    title: str
    summary: str
    published: datetime | None


def parse_feed(
    body: bytes, *, url: str, content_type: str | None, fetched_at: datetime
) -> ParsedFeed:
    """Parse and classify one response body. Raises ParseError for a non-feed."""
    if not body.strip():
        raise ParseError("empty response: the server sent no content")
    if _looks_like_json(body, content_type):
        title, entries, warning = _read_json_feed(body, url)
    else:
        title, entries, warning = _read_xml_feed(body, url, content_type)
    items = tuple(_item(e, fetched_at) for e in entries)
    return ParsedFeed(clip(clean(title), MAX_TITLE), items, warning)


def _item(entry: _Entry, fetched_at: datetime) -> ParsedItem:
    title = entry.title or clip(entry.summary, 100) or "(untitled)"
    return ParsedItem(
        key=dedup.item_key(entry.guid, entry.link, title, entry.summary),
        title=title,
        summary=entry.summary,
        url=entry.link,
        published_at=clamp_date(entry.published, fetched_at),
        fingerprint=dedup.fingerprint(title, entry.summary),
        classification=classify(title, entry.summary),
    )


def clamp_date(published: datetime | None, fetched_at: datetime) -> datetime:
    """Missing or absurd dates become the fetch time; so do dates in the future."""
    if published is None or published < EARLIEST or published > fetched_at + FUTURE_SLACK:
        return fetched_at
    return published


def clean(text: str) -> str:
    """Drop control characters and lone surrogates that would break storage or chat."""
    return _CONTROL.sub("", text)


def safe_link(link: object, base: str = "") -> str | None:
    """Absolute http(s) links only (relative ones resolved against the feed's address):
    `javascript:` and `data:` never reach a chat."""
    if not isinstance(link, str):
        return None
    link = clean(link.strip())
    if base and "://" not in link[:12] and not link.lower().startswith(_SCHEMES):
        try:
            link = urljoin(base, link)
        except ValueError:
            return None
    if not link.lower().startswith(("http://", "https://")) or len(link) > MAX_URL:
        return None
    return None if _NOT_IN_LINK.search(link) else link


# --- XML feeds (feedparser) ------------------------------------------------------------------


def _read_xml_feed(
    body: bytes, url: str, content_type: str | None
) -> tuple[str, list[_Entry], str | None]:
    if body.count(b"<item") + body.count(b"<entry") > MAX_ENTRIES:
        raise ParseError(f"feed has more than {MAX_ENTRIES} entries; refusing to read it")
    # No content-location: feedparser would resolve a URI at every tag, and we keep only the
    # entry links, which safe_link resolves. xml:base inside the feed is still honoured.
    # No sanitizing either: every text is reduced to plain text (html_to_text drops scripts
    # and styles whole) and escaped where it is shown, so sanitized HTML would be thrown away.
    headers = {"content-type": content_type or "application/xml"}
    parsed = feedparser.parse(
        body, response_headers=headers, sanitize_html=False, resolve_relative_uris=False
    )
    if not parsed.get("version") and not parsed.entries:
        raise ParseError(_not_a_feed(body, parsed.get("bozo_exception")))
    warning = _describe(parsed.get("bozo_exception")) if parsed.get("bozo") else None
    if warning and not parsed.entries:  # a broken document, not an empty feed: say so
        raise ParseError(f"feed is broken and yields no entries: {warning}")
    title = html_to_text(str(parsed.feed.get("title", "")), MAX_TITLE)
    return title, [_xml_entry(e, url) for e in parsed.entries[:MAX_ENTRIES]], warning


def _xml_entry(entry: Mapping[str, Any], base: str) -> _Entry:
    return _Entry(
        guid=_text_or_none(entry.get("id")),
        link=safe_link(entry.get("link"), base),
        title=_visible(entry.get("title"), entry.get("title_detail"), MAX_TITLE),
        summary=_summary(entry),
        published=_struct_date(entry.get("published_parsed") or entry.get("updated_parsed")),
    )


def _summary(entry: Mapping[str, Any]) -> str:
    if entry.get("summary"):
        return _visible(entry["summary"], entry.get("summary_detail"), MAX_SUMMARY)
    content = entry.get("content") or [{}]
    return _visible(content[0].get("value"), content[0], MAX_SUMMARY)


def _visible(value: object, detail: object, limit: int) -> str:
    """Text as a reader sees it: markup removed only where the feed declares HTML."""
    kind = str(detail.get("type", "")) if isinstance(detail, Mapping) else "text/html"
    text = str(value or "")
    if "html" in kind or _HTML_TAG.search(text[: limit * 8]):
        return clean(html_to_text(text, limit))
    return clean(clip(squash(text[: limit * 8]), limit))


def _struct_date(value: object) -> datetime | None:
    if not isinstance(value, time.struct_time):
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _not_a_feed(body: bytes, error: object) -> str:
    head = body[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "not a feed: the server sent an HTML page"
    return f"not a feed: {_describe(error) or 'no RSS, Atom or JSON Feed content found'}"


def _describe(error: object) -> str | None:
    return clip(squash(str(error)), 200) if error else None


# --- JSON Feed (https://jsonfeed.org/version/1.1) --------------------------------------------


def _looks_like_json(body: bytes, content_type: str | None) -> bool:
    if content_type and "json" in content_type.lower():
        return True
    return body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def _read_json_feed(body: bytes, base: str) -> tuple[str, list[_Entry], str | None]:
    try:
        data = json.loads(body.decode("utf-8-sig", errors="replace"))
    except (ValueError, RecursionError) as exc:
        raise ParseError(f"not a feed: invalid JSON ({_describe(exc)})") from None
    if not isinstance(data, dict) or "jsonfeed.org" not in str(data.get("version", "")):
        raise ParseError("not a feed: JSON without a JSON Feed version")
    items = data.get("items")
    if not isinstance(items, list):
        raise ParseError("not a feed: JSON Feed without an items list")
    if len(items) > MAX_ENTRIES:
        raise ParseError(f"feed has more than {MAX_ENTRIES} entries; refusing to read it")
    title = html_to_text(str(data.get("title", "")), MAX_TITLE)
    return title, [_json_entry(item, base) for item in items if isinstance(item, dict)], None


def _json_entry(item: dict[str, Any], base: str) -> _Entry:
    # The full text (HTML first, then plain) over `summary`, which is often a teaser.
    html, plain = item.get("content_html"), item.get("content_text") or item.get("summary")
    summary = (
        _visible(html, {"type": "text/html"}, MAX_SUMMARY)
        if html
        else _visible(plain, {"type": "text/plain"}, MAX_SUMMARY)
    )
    return _Entry(
        guid=_text_or_none(item.get("id")),
        link=safe_link(item.get("url"), base),
        title=_visible(item.get("title"), {"type": "text/plain"}, MAX_TITLE),
        summary=summary,
        published=_iso_date(item.get("date_published") or item.get("date_modified")),
    )


def _iso_date(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _text_or_none(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = clean(str(value)).strip()
    return text or None
