"""Shared helpers for the reliability suite: clocks, memory sampling, subprocess runs and
the checks every piece of text bound for a chat must pass."""

from __future__ import annotations

import os
import re
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psutil

from bot.fetch import Fetcher
from bot.models import Alert, StoredItem
from bot.parse import FUTURE_SLACK, MAX_SUMMARY, MAX_TITLE, MAX_URL
from fakes.builders import alert_html, tg
from fakes.feed_site import FeedSite
from fakes.telegram_api import parse_telegram_html, telegram_html_to_text, utf16_len
from storage.store import Store

MESSAGE_LIMIT = 4096
#: Inside a real tag (escaped text is fine): event handlers, script-ish tags, bad schemes.
_TAG = re.compile(r"<[^>]*>")
_ACTIVE_IN_TAG = re.compile(
    r"\bon\w+\s*=|^<\s*/?\s*(?:script|iframe|img|svg|style|form)\b|"
    r"=\s*[\"']?\s*(?:javascript|data|vbscript|file):",
    re.I,
)


class Clock:
    """A settable UTC clock, so schedules are asserted without waiting for them."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


# --- memory -------------------------------------------------------------------------------


class PeakRss:
    """Samples the resident memory of a process tree (the test process and its parser
    workers by default) on a background thread; `peak` is the largest total seen."""

    def __init__(self, pid: int | None = None, interval: float = 0.02) -> None:
        self.root = psutil.Process(pid or os.getpid())
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="peak-rss", daemon=True)

    def sample(self) -> int:
        total = 0
        try:
            processes = [self.root, *self.root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return 0
        for process in processes:
            try:
                total += process.memory_info().rss
            except psutil.NoSuchProcess:
                continue
        self.peak = max(self.peak, total)
        return total

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> PeakRss:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    @property
    def peak_mb(self) -> float:
        return self.peak / 1048576


# --- fetching from the loopback site with the SSRF guard on -----------------------------


def site_exemptions(site: FeedSite) -> set[tuple[str, int]]:
    """The site's HTTP port and its two raw TCP ports: the only private addresses the
    guarded fetcher may reach. Redirects to anything else on loopback are refused."""
    ports = {site.port, site._raw_port("garbage"), site._raw_port("silent")}
    return {("127.0.0.1", port) for port in ports}


def guarded_fetcher(site: FeedSite, *, timeout: float, **kw: Any) -> Fetcher:
    """The production fetcher (guard on), trusting only the loopback feed site."""
    return Fetcher(allow_private=False, exempt=site_exemptions(site), timeout=timeout, **kw)


# --- what reaches a chat -------------------------------------------------------------------


def visible(html: str) -> str:
    """What Telegram would show for `html`; raises ValueError if Telegram would refuse it."""
    return telegram_html_to_text(html)


def assert_chat_html(html: str, *, what: str = "message") -> str:
    """`html` is accepted by Telegram's HTML mode, fits one message and carries no active
    markup; returns the visible text."""
    try:
        text = visible(html)
    except ValueError as exc:
        raise AssertionError(
            f"{what}: Telegram would refuse the markup ({exc}): {html!r}"
        ) from None
    assert utf16_len(text) <= MESSAGE_LIMIT, f"{what}: {utf16_len(text)} UTF-16 units"
    assert_no_active_markup(html, what=what)
    return text


def assert_no_active_markup(html: str, *, what: str = "message") -> None:
    """No `<script`, `onerror=`, `javascript:` ... *as markup*; links only to http(s)."""
    for tag in _TAG.findall(html):
        assert not _ACTIVE_IN_TAG.search(tag), f"{what}: active markup survived: {tag!r}"
    for entity in parse_telegram_html(html).entities:
        if entity["type"] == "text_link":
            assert entity["url"].lower().startswith(("http://", "https://")), entity


def alert_for(item: StoredItem, chat_id: int = 1, reason: str = "violations") -> Alert:
    return Alert(outbox_id=0, chat_id=chat_id, chat=tg(chat_id), item=item, reason=reason)


def assert_stored_item_is_safe(item: StoredItem) -> None:
    """Bounded text, only http(s) links, no future dates, and an alert Telegram accepts."""
    assert len(item.title) <= MAX_TITLE, (item.id, len(item.title))
    assert len(item.summary) <= MAX_SUMMARY, (item.id, len(item.summary))
    if item.url is not None:
        assert item.url.lower().startswith(("http://", "https://")), item.url
        assert len(item.url) <= MAX_URL and not any(c.isspace() for c in item.url)
    assert item.published_at <= item.fetched_at + FUTURE_SLACK, (
        item.title,
        item.published_at,
        item.fetched_at,
    )
    assert_chat_html(alert_html(alert_for(item)), what=f"alert for item {item.id}")


# --- the command line ----------------------------------------------------------------------


def assert_no_traceback(*streams: str) -> None:
    for stream in streams:
        assert "Traceback (most recent call last)" not in stream, stream[-3000:]


@contextmanager
def reaped(process: subprocess.Popen[bytes] | subprocess.Popen[str]) -> Iterator[None]:
    """Make sure a child we started is gone when the block ends, however it ends."""
    try:
        yield
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def wait_until(
    predicate: Callable[[], bool], timeout: float, step: float = 0.05, what: str = "condition"
) -> None:
    """A short bounded poll, only for state another process owns (its database, its life)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(step)


def queued(db: Path) -> int:
    """Alerts still owed, as the database of another process says."""
    store = Store(str(db))
    try:
        return store.stats()["queued"]
    finally:
        store.close()
