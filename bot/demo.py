"""The offline demo: the bundled feeds served on loopback and replayed as if live.

Items published before the truce took effect are there from the start (the
first poll stores them for the timeline without alerting); the rest appear one
by one, in publication order, over `duration` seconds.
"""

from __future__ import annotations

import copy
import email.utils
import hashlib
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from aiohttp import web

DEMO_DIR = Path(__file__).resolve().parents[1] / "examples" / "feeds"
#: The 10 October 2020 truce took effect at noon in Moscow: 08:00 UTC.
TRUCE_START = datetime(2020, 10, 10, 8, 0, tzinfo=UTC)
#: The demo subscriber "subscribed" at the start of the replayed days.
DEMO_EPOCH = datetime(2020, 10, 8, tzinfo=UTC)
_NAMESPACES = {
    "atom": "http://www.w3.org/2005/Atom",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rss1": "http://purl.org/rss/1.0/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
_DATE_TAGS = (
    "pubDate",
    f"{{{_NAMESPACES['dc']}}}date",
    f"{{{_NAMESPACES['atom']}}}published",
    f"{{{_NAMESPACES['atom']}}}updated",
)


@dataclass(frozen=True, slots=True)
class DemoEntry:
    feed: str
    index: int
    published: datetime | None


@dataclass(frozen=True, slots=True)
class DemoFeed:
    name: str
    root: ET.Element
    entries: tuple[DemoEntry, ...]
    content_type: str


def load_feeds(directory: Path = DEMO_DIR) -> list[DemoFeed]:
    for prefix, uri in _NAMESPACES.items():
        if prefix not in ("rss1",):
            ET.register_namespace(prefix, uri)
    ET.register_namespace("", _NAMESPACES["rss1"])
    feeds = []
    for path in sorted(directory.glob("*")):
        if path.suffix in (".xml", ".atom", ".rdf"):
            feeds.append(_load(path))
    return feeds


def _load(path: Path) -> DemoFeed:
    root = ET.parse(path).getroot()  # noqa: S314 - our own bundled files
    items = _entry_elements(root)
    entries = tuple(DemoEntry(path.name, i, _date(e)) for i, e in enumerate(items))
    kind = "application/atom+xml" if root.tag.endswith("feed") else "application/rss+xml"
    return DemoFeed(path.name, root, entries, f"{kind}; charset=utf-8")


def _entry_elements(root: ET.Element) -> list[ET.Element]:
    return [
        e for e in root.iter() if e.tag.rsplit("}", 1)[-1] in ("item", "entry") and e is not root
    ]


def _date(element: ET.Element) -> datetime | None:
    for tag in _DATE_TAGS:
        found = element.find(tag)
        if found is not None and found.text:
            return _parse_date(found.text.strip())
    return None


def _parse_date(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).astimezone(UTC)
    except (TypeError, ValueError):
        return None


def reveal_schedule(feeds: list[DemoFeed], duration: float) -> dict[tuple[str, int], float]:
    """Seconds after the start at which each entry appears (pure)."""
    entries = [e for f in feeds for e in f.entries]
    early = [e for e in entries if e.published is not None and e.published < TRUCE_START]
    late = sorted(
        (e for e in entries if e not in early),
        key=lambda e: (e.published is None, e.published or TRUCE_START, e.feed),
    )
    schedule = {(e.feed, e.index): 0.0 for e in early}
    step = duration / max(len(late), 1)
    schedule.update({(e.feed, e.index): step * (n + 1) for n, e in enumerate(late)})
    return schedule


class DemoSite:
    """Serves the demo feeds with only the entries revealed so far, with ETags."""

    def __init__(
        self, feeds: list[DemoFeed], duration: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.feeds = {f.name: f for f in feeds}
        self.schedule = reveal_schedule(feeds, duration)
        self.duration = duration
        self.clock = clock
        self.started = clock()
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    @property
    def finished(self) -> bool:
        return self.clock() - self.started > self.duration

    def visible(self, feed: DemoFeed) -> list[int]:
        elapsed = self.clock() - self.started
        return [e.index for e in feed.entries if self.schedule[(feed.name, e.index)] <= elapsed]

    def render(self, feed: DemoFeed, visible: list[int]) -> bytes:
        root = copy.deepcopy(feed.root)
        parents = {child: parent for parent in root.iter() for child in parent}
        for index, element in enumerate(_entry_elements(root)):
            if index not in visible:
                parents[element].remove(element)
        return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))

    async def _serve(self, request: web.Request) -> web.StreamResponse:
        feed = self.feeds.get(request.match_info["name"])
        if feed is None:
            raise web.HTTPNotFound()
        visible = self.visible(feed)
        etag = '"' + hashlib.sha1(repr(visible).encode()).hexdigest()[:16] + '"'  # noqa: S324
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(
            body=self.render(feed, visible),
            headers={"ETag": etag, "Content-Type": feed.content_type},
        )

    async def start(self) -> str:
        app = web.Application()
        app.router.add_get("/{name}", self._serve)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


_FEED_TITLES = {
    "rferl-karabakh.xml": "RFE/RL Nagorno-Karabakh",
    "reuters-world.xml": "Reuters World",
    "osce-news.atom": "OSCE News",
    "mfa-armenia.xml": "MFA Armenia",
    "mod-azerbaijan.xml": "MoD Azerbaijan",
    "tass-style-ru.xml": "TASS-style feed (Russian)",
}


def feed_title(file_name: str) -> str:
    return _FEED_TITLES.get(file_name, file_name.rsplit(".", 1)[0])
