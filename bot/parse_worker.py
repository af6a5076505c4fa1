"""What runs in a parser worker process: its start, and parsing a body into packed items.

Kept apart from `bot.workers` (the bot's side of the pool) so that a worker imports only
this, the parser and the classifier: every module it loads is memory each worker holds.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from datetime import datetime

from bot.memory import modules_hidden, release_freed
from bot.models import PackedFeed, PackedItems

#: Parser processes run this much below the bot: when both want the CPU, the event loop
#: (chat commands) and the database writer go first, and parsing takes what is left.
WORKER_NICENESS = 10


def parse_packed(
    body: bytes, *, url: str, content_type: str | None, fetched_at: datetime
) -> PackedFeed:
    """In a parser process: `bot.parse.parse_feed`, the items packed for the way back.
    Imported here, so that the bot itself never loads feedparser and the lexicons."""
    from bot.parse import parse_feed

    feed = parse_feed(body, url=url, content_type=content_type, fetched_at=fetched_at)
    return PackedFeed(feed.title, PackedItems.pack(feed.items))


#: A worker never opens a connection (the bot fetches), yet feedparser's HTTP module
#: imports urllib.request, which loads OpenSSL (`ssl`, and `_hashlib` behind hashlib):
#: some 4.5 MB a worker. Without them hashlib uses its built-in hashes.
NOT_FOR_WORKERS = ("ssl", "_ssl", "_hashlib")


def start_worker(parent: int) -> None:
    """Below the bot's priority, gone with it, and with the parser and lexicons loaded
    before the first body: what compiling the lexicons freed is given back once."""
    with contextlib.suppress(AttributeError, OSError):  # no os.nice on Windows
        os.nice(WORKER_NICENESS)
    exit_with_parent(parent)
    with modules_hidden(*NOT_FOR_WORKERS):
        from bot.classify import warm

        warm()  # before the parser's modules: see `warm`
        import bot.parse  # noqa: F401
    release_freed()


def exit_with_parent(parent: int) -> None:
    """In a worker: end when the bot is gone, even if it was killed with no chance to say so."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
