"""The Store: one SQLite connection shared by the parts of storage, one per concern —
sources, items and stories, chats and subscriptions, the outbox; beside them, chats'
preferences, notices, and what the truce tracker reads.

Methods are synchronous and short; `storage.threads` runs them on threads so the event
loop never waits on the disk. The store keeps data consistent and decides nothing: what
to write comes from the domain (`bot.ingest`, `bot.schedule`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlite_utils import Database

from bot.models import IngestPlan
from storage.chats import Chats
from storage.db import DuplicateError, LimitError, StorageError
from storage.items import Items, TimelinePage, fts_query
from storage.notices import Notices
from storage.outbox import Outbox
from storage.preferences import Preferences
from storage.sources import Sources
from storage.truce_facts import TruceFacts

__all__ = [
    "DuplicateError",
    "LimitError",
    "StorageError",
    "Store",
    "TimelinePage",
    "fts_query",
]


class Store(Sources, Items, Chats, Outbox, Preferences, Notices, TruceFacts):
    @contextmanager
    def savepoint(self) -> Iterator[Database]:
        """A nested transaction with sqlite3's own errors left as they are, for a caller
        that tells one feed's bad data from the disk's trouble."""
        with self.db.atomic():
            yield self.db

    def apply_ingest(self, plan: IngestPlan, now: datetime) -> None:
        """Write one poll's plan inside the caller's transaction: items, their fan-outs,
        the source's success."""
        self.insert_items(plan.source_id, plan.items, now)
        self.insert_fanouts(plan.fanouts, now)
        self.mark_success(plan.source_id, plan.success, len(plan.items), now)

    def stats(self) -> dict[str, int]:
        counts = self.rows(
            "SELECT (SELECT count(*) FROM sources) AS sources, "
            "(SELECT count(*) FROM sources WHERE status IN ('failing', 'broken')) AS failing, "
            "(SELECT count(*) FROM items) AS items, "
            "(SELECT count(*) FROM chats WHERE active = 1) AS chats, "
            "(SELECT count(*) FROM subscriptions) AS subscriptions, "
            "(SELECT count(*) FROM outbox WHERE status = 'pending') AS queued, "
            "(SELECT count(*) FROM outbox WHERE status = 'sent') AS sent, "
            "(SELECT count(*) FROM outbox WHERE status = 'failed') AS failed, "
            "(SELECT count(*) FROM outbox WHERE status = 'dropped') AS dropped"
        )[0]
        return {k: int(v) for k, v in counts.items()}


def is_disk_trouble(exc: BaseException) -> bool:
    """The database itself failed (full, read-only, locked), not one feed's data."""
    return isinstance(exc, sqlite3.OperationalError | StorageError)
