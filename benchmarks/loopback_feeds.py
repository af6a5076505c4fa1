"""The benchmarks' feed site: generated feeds served on loopback from a child process, so
the site does not compete with the measured process for the GIL."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Self

from child_process import spawn_child

FEED_KINDS = ("rss", "atom")
SEED_BASE = 10_000


def feed_path(index: int) -> str:
    return f"/feeds/{index:05d}.{FEED_KINDS[index % len(FEED_KINDS)]}"


def same_text_twins(entries: Sequence[Any]) -> int:
    """Entries whose title and summary repeat an earlier entry of the same feed (the store
    keeps one of them: `dedup.unseen` skips a text the source already has)."""
    texts = [(e.title, e.summary) for e in entries]
    return len(texts) - len(set(texts))


def _site_main(conn: Connection, feeds: int, items: int) -> None:
    """Child process: serve `feeds` feeds, answer commands over `conn` until "stop"."""
    from fakes.feed_site import FeedSite, make_entries

    site = FeedSite()
    twins: dict[str, int] = {}
    for index in range(feeds):
        path = feed_path(index)
        entries = make_entries(items, seed=SEED_BASE + index)
        kind = FEED_KINDS[index % len(FEED_KINDS)]
        site.add_feed(path, kind, title=f"Wire {index}", items=entries)  # type: ignore[arg-type]
        site.feed_body(path)  # render now, not while the bot polls
        if same_text_twins(entries):
            twins[path] = same_text_twins(entries)
    site.start_in_thread()
    conn.send((site.port, twins))
    while (command := conn.recv()) != "stop":
        if command == "statuses":  # what was answered since the last call
            conn.send(Counter(r.status for r in site.requests()))
            site.clear_requests()
        elif command == "requests":  # how many requests so far
            conn.send(len(site.requests()))
    site.stop_thread()
    conn.send("stopped")


class SiteProcess:
    """Handle on the feed site's process."""

    def __init__(self, feeds: int, items: int) -> None:
        self._conn, self.process = spawn_child(_site_main, "feed-site", feeds, items)
        self.port: int
        self.twins: dict[str, int]  # feed path -> entries repeating an earlier entry's text
        self.port, self.twins = self._conn.recv()
        self.feeds = feeds

    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{self.port}{feed_path(i)}" for i in range(self.feeds)]

    def statuses(self) -> Counter[int]:
        """HTTP statuses answered since the previous call."""
        self._conn.send("statuses")
        answer: Counter[int] = self._conn.recv()
        return answer

    def requests(self) -> int:
        """Requests received so far (since the last `statuses`)."""
        self._conn.send("requests")
        count: int = self._conn.recv()
        return count

    def stop(self) -> None:
        with contextlib.suppress(OSError, EOFError):
            self._conn.send("stop")
            self._conn.recv()
        self.process.join(10)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def add_sources(db_path: Path, urls: Sequence[str]) -> None:
    """Register the site's feeds in the database under test, in one transaction."""
    from storage.store import Store

    store = Store(str(db_path))
    try:
        now = datetime.now(UTC)
        with store.db.atomic():
            for index, url in enumerate(urls):
                store.add_source(url, f"Wire {index}", now)
    finally:
        store.close()
