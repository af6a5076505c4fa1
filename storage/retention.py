"""Retention's storage part: one batch at a time, read the facts, ask the decision it is
given (`bot.retention`), delete what it chose, in one short transaction.

These are functions of the Store's connection rather than Store methods, so the Store
class needs no new part: `AsyncStore.write_bulk(prune_alerts, ...)` runs them on the
writer thread like any other write.

Deleting an item would make SQLite look for outbox rows that refer to it, and the outbox
has no index on `item_id` (one more index on the busiest insert path would slow every
fan-out); so foreign keys are off for a prune transaction and every dependent row is
deleted here, explicitly: alerts and fan-outs by story, label and band rows by item, search
rows by the items' own trigger.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from bot.retention import (
    AlertChoice,
    AlertFacts,
    Candidate,
    Cursor,
    StoryChoice,
    StoryFacts,
)
from storage.db import Connection, ts

ChooseAlerts = Callable[[Sequence[AlertFacts], int, bool], AlertChoice]
ChooseStories = Callable[
    [Sequence[Candidate], dict[int, StoryFacts], Cursor | None, bool], StoryChoice
]
_IDS = "(SELECT value FROM json_each(?))"


@dataclass(frozen=True, slots=True)
class AlertStep:
    alerts: int  # outbox rows deleted
    resume_after: int
    done: bool
    seconds: float = 0.0  # how long the batch held the writer


@dataclass(frozen=True, slots=True)
class NoticeStep:
    notices: int  # notices deleted
    seconds: float  # how long the batch held the writer


@dataclass(frozen=True, slots=True)
class StoryStep:
    items: int  # items deleted
    alerts: int  # their stories' outbox rows deleted
    resume_after: Cursor | None
    done: bool
    seconds: float = 0.0  # how long the batch held the writer, its commit included
    kept: tuple[int, ...] = ()  # big stories that stay (see bot.retention.REMEMBER_ITEMS)


def prune_alerts(conn: Connection, after: int, limit: int, choose: ChooseAlerts) -> AlertStep:
    """One batch of the outbox, from just after id `after`."""
    began = time.perf_counter()
    with conn.transaction() as db:
        rows = db.execute(
            "SELECT id, status = 'pending', created_at, max(created_at, next_attempt_at, "
            "coalesce(sent_at, 0)) FROM outbox WHERE id > ? ORDER BY id LIMIT ?",
            [after, limit],
        ).fetchall()
        facts = [AlertFacts(r[0], bool(r[1]), r[2], r[3]) for r in rows]
        choice = choose(facts, after, len(rows) == limit)
        deleted = _delete_alerts(db, "id", choice.ids)
    took = time.perf_counter() - began
    return AlertStep(deleted, choice.resume_after, choice.done, took)


def prune_stories(
    conn: Connection,
    after: Cursor | None,
    cutoff: datetime,
    limit: int,
    choose: ChooseStories,
    known_kept: AbstractSet[int] = frozenset(),
) -> StoryStep:
    """One batch of items published before `cutoff`, oldest first, from just after
    `after`; the stories chosen go with all their items. Stories in `known_kept` were
    found to stay earlier in the run: their facts are not read again."""
    began = time.perf_counter()
    with _foreign_keys_off(conn.db), conn.transaction() as db:
        candidates = _candidates(db, after, ts(cutoff), limit)
        facts = _story_facts(db, {c.story_id for c in candidates} - known_kept)
        choice = choose(candidates, facts, after, len(candidates) == limit)
        items, alerts = _delete_stories(db, choice.stories)
    took = time.perf_counter() - began
    return StoryStep(items, alerts, choice.resume_after, choice.done, took, choice.kept)


def prune_notices(conn: Connection, before: datetime, limit: int) -> NoticeStep:
    """Up to `limit` notices (truce news, digests) finished before `before`, and the chart
    images no notice uses any more. What was told is remembered elsewhere (truce_marks,
    each chat's last digest day), so nothing is told again."""
    began = time.perf_counter()
    with conn.transaction() as db:
        gone = db.execute(
            "DELETE FROM notices WHERE id IN (SELECT id FROM notices WHERE status != 'pending' "
            "AND coalesce(sent_at, created_at) < ? ORDER BY id LIMIT ?)",
            [ts(before), limit],
        ).rowcount
        if gone:
            db.execute(
                "DELETE FROM notice_images WHERE id NOT IN "
                "(SELECT image_id FROM notices WHERE image_id IS NOT NULL)"
            )
    return NoticeStep(int(gone), time.perf_counter() - began)


def record_retention_run(conn: Connection, now: datetime) -> None:
    with conn.transaction() as db:
        db.execute(
            "INSERT INTO meta (key, value) VALUES ('retention_last_run', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [str(ts(now))],
        )


@contextmanager
def _foreign_keys_off(db: Database) -> Iterator[None]:
    """Only outside a transaction does the pragma take effect; inside one (a caller's)
    the cascades simply run as well, which is slower but just as correct."""
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        db.execute("PRAGMA foreign_keys = ON")


def _candidates(db: Database, after: Cursor | None, cutoff: float, limit: int) -> list[Candidate]:
    start = after or (float("-inf"), 0)
    rows = db.execute(
        "SELECT published_at, id, coalesce(story_id, id) FROM items INDEXED BY items_published "
        "WHERE published_at < ? AND (published_at, id) > (?, ?) ORDER BY published_at, id "
        "LIMIT ?",
        [cutoff, *start, limit],
    ).fetchall()
    return [Candidate(r[0], r[1], r[2]) for r in rows]


def _story_facts(db: Database, stories: set[int]) -> dict[int, StoryFacts]:
    ids = json.dumps(sorted(stories))
    sizes = db.execute(
        "SELECT story, count(*), max(newest) FROM ("
        f"SELECT story_id AS story, max(published_at, fetched_at) AS newest FROM items "
        f"WHERE story_id IN {_IDS} UNION ALL "
        f"SELECT id, max(published_at, fetched_at) FROM items WHERE id IN {_IDS} "
        "AND story_id IS NULL) GROUP BY story",
        [ids, ids],
    ).fetchall()
    pending = dict(
        db.execute(
            "SELECT story, count(*) FROM ("
            f"SELECT story_id AS story FROM outbox WHERE story_id IN {_IDS} "
            "AND status = 'pending' UNION ALL "
            f"SELECT story_id FROM fanouts WHERE story_id IN {_IDS} AND done = 0"
            ") GROUP BY story",
            [ids, ids],
        ).fetchall()
    )
    return {r[0]: StoryFacts(r[0], r[1], r[2], pending.get(r[0], 0)) for r in sizes}


def _delete_stories(db: Database, stories: Sequence[int]) -> tuple[int, int]:
    if not stories:
        return 0, 0
    members = _members(db, stories)
    alerts = _delete_alerts(db, "story_id", stories)
    db.execute(f"DELETE FROM fanouts WHERE story_id IN {_IDS}", [json.dumps(list(stories))])
    for table in ("item_labels", "item_bands"):
        db.execute(f"DELETE FROM {table} WHERE item_id IN {_IDS}", [json.dumps(members)])
    _uncount_items(db, members)
    items = db.execute(f"DELETE FROM items WHERE id IN {_IDS}", [json.dumps(members)]).rowcount
    _count(db, "pruned_items", items)
    return items, alerts


def _members(db: Database, stories: Sequence[int]) -> list[int]:
    rows = db.execute(
        f"SELECT id FROM items WHERE story_id IN {_IDS} UNION "
        f"SELECT id FROM items WHERE id IN {_IDS} AND story_id IS NULL",
        [json.dumps(list(stories))] * 2,
    ).fetchall()
    return [r[0] for r in rows]


def _uncount_items(db: Database, members: Sequence[int]) -> None:
    """Each feed's item count stays the number of its items stored."""
    db.execute(
        "UPDATE sources SET items_count = max(0, items_count - gone.n) FROM "
        f"(SELECT source_id, count(*) AS n FROM items WHERE id IN {_IDS} GROUP BY source_id) "
        "AS gone WHERE sources.id = gone.source_id",
        [json.dumps(list(members))],
    )


def _delete_alerts(db: Database, column: str, ids: Sequence[int]) -> int:
    if not ids:
        return 0
    deleted = db.execute(
        f"DELETE FROM outbox WHERE {column} IN {_IDS}", [json.dumps(list(ids))]
    ).rowcount
    _count(db, "pruned_alerts", deleted)
    return int(deleted)


def _count(db: Database, name: str, n: int) -> None:
    db.execute("UPDATE counters SET value = value + ? WHERE name = ?", [n, name])
