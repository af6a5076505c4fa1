"""Retention: the pure decisions, and pruning a real SQLite file in batches with search,
timeline, stories, feed counts and pending alerts consistent afterwards."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.match import PUBLISH_GRACE
from bot.models import FanoutRow, ParsedItem, PollSuccess
from bot.pipeline import store_items
from bot.pruner import Pruner
from bot.retention import (
    BATCH_SECONDS,
    REMEMBER_ITEMS,
    SMALLEST_BATCH,
    AlertFacts,
    Candidate,
    RetentionPolicy,
    StoryFacts,
    alerts_to_prune,
    next_batch_size,
    stories_to_prune,
)
from fakes.builders import item, subscribe, tg
from storage import retention as storage_retention
from storage.db import Connection
from storage.retention import prune_alerts, prune_stories
from storage.store import Store
from storage.threads import AsyncStore
from tests.command_line import cli_env, run_cli

NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)
OLD = NOW - timedelta(days=500)
RECENT = NOW - timedelta(days=3)
V = "ceasefire_violation"
DAY = 86400.0
CUT = NOW.timestamp() - 365 * DAY

# --- the decisions ------------------------------------------------------------------------


def facts(story: int, items: int = 1, age_days: float = 500, pending: int = 0) -> StoryFacts:
    return StoryFacts(story, items, NOW.timestamp() - age_days * DAY, pending)


def walk(*stories: int) -> list[Candidate]:
    return [Candidate(float(i), 100 + i, story) for i, story in enumerate(stories)]


@pytest.mark.parametrize(
    ("candidates", "known", "budget", "chosen", "resume", "done"),
    [
        # wholly old stories go; a story with a young item or a pending alert stays
        (walk(1, 2, 3), [facts(1), facts(2, age_days=10), facts(3, pending=1)], 9, (1,), 2, True),
        # a story met twice in the walk is taken once
        (walk(1, 1, 2), [facts(1, items=2), facts(2)], 9, (1, 2), 2, True),
        # the budget stops the batch before a story that would overflow it...
        (walk(1, 2, 3), [facts(1, 2), facts(2, 2), facts(3, 2)], 4, (1, 2), 1, False),
        # ...but one story bigger than the budget still goes, alone
        (walk(1, 2), [facts(1, items=50), facts(2)], 4, (1,), 0, False),
        # a story whose facts are gone (deleted meanwhile) is passed over
        (walk(1, 2), [facts(2)], 9, (2,), 1, True),
        (walk(), [], 9, (), None, True),
    ],
)
def test_stories_to_prune(
    candidates: list[Candidate],
    known: list[StoryFacts],
    budget: int,
    chosen: tuple[int, ...],
    resume: int | None,
    done: bool,
) -> None:
    choice = stories_to_prune(
        CUT, budget, candidates, {f.story_id: f for f in known}, None, full=not done
    )
    assert choice.stories == chosen and choice.done is done
    expected = None if resume is None else (candidates[resume].published_at, 100 + resume)
    assert choice.resume_after == expected


def test_big_stories_that_stay_are_remembered_for_the_run() -> None:
    big = REMEMBER_ITEMS
    known = [
        facts(1, big, age_days=10),
        facts(2, 3, age_days=10),
        facts(3, big),
        facts(4, big, pending=1),
    ]
    choice = stories_to_prune(
        CUT, 99, walk(1, 2, 3, 4), {f.story_id: f for f in known}, None, False
    )
    assert choice.stories == (3,)
    assert sorted(choice.kept) == [1, 4]  # young or pending, and big; not the small one


def test_a_full_batch_is_not_the_end_of_the_walk() -> None:
    choice = stories_to_prune(CUT, 9, walk(1), {1: facts(1)}, None, full=True)
    assert choice.stories == (1,) and not choice.done


def alert(
    ident: int, age_days: float, pending: bool = False, touched: float | None = None
) -> AlertFacts:
    created = NOW.timestamp() - age_days * DAY
    return AlertFacts(ident, pending, created, created if touched is None else touched)


def test_alerts_to_prune() -> None:
    week = NOW.timestamp() - 7 * DAY
    rows = [
        alert(1, 30),  # finished a month ago: goes
        alert(2, 30, pending=True),  # still pending: stays, however old
        alert(3, 30, touched=NOW.timestamp() - DAY),  # tried yesterday: stays
        alert(4, 8),
        alert(5, 2),  # queued after the cut-off: the walk ends here
        alert(6, 30),
    ]
    choice = alerts_to_prune(week, rows, 0, full=True)
    assert choice.ids == (1, 4) and choice.done and choice.resume_after == 4
    partial = alerts_to_prune(week, rows[:2], 0, full=True)
    assert partial.ids == (1,) and not partial.done and partial.resume_after == 2


def test_policy_cutoffs() -> None:
    assert RetentionPolicy(365).item_cutoff(NOW) == NOW - timedelta(days=365)
    assert RetentionPolicy(0).item_cutoff(NOW) is None  # keep items for ever
    assert RetentionPolicy(365).alert_cutoff(NOW) == NOW - timedelta(days=7)


# --- pruning a database -------------------------------------------------------------------


@pytest_asyncio.fixture
async def store(tmp_path: Path) -> AsyncIterator[AsyncStore]:
    opened = await AsyncStore.open(str(tmp_path / "r.db"))
    yield opened
    await opened.close()


async def add_feed(store: AsyncStore, name: str) -> int:
    source = await store.write(Store.add_source, f"https://{name}.example/", name, OLD)
    return source.id


async def ingest(store: AsyncStore, source: int, items: Sequence[ParsedItem], at: datetime):
    """One poll stored at `at`, its alerts queued (a few followers are served at once)."""
    success = PollSuccess(None, None, at + timedelta(minutes=5))
    return await store.write(store_items, source, list(items), success, at)


def news(word: str, published: datetime, n: int = 1, source: str = "") -> list[ParsedItem]:
    """`n` distinct items about `word` (each its own story within one feed)."""
    return [
        item(
            f"{word} {source} report number {i} from the front line",
            f"Shelling near {word} broke the truce, item {i}.",
            published=published + timedelta(minutes=i),
            labels=(V,),
        )
        for i in range(n)
    ]


def shared(title: str, published: datetime) -> ParsedItem:
    """A headline two feeds both carry: one story across feeds."""
    return item(title, f"{title}. Officials confirmed it.", published=published, labels=(V,))


async def prune(store: AsyncStore, **policy: int) -> tuple[int, int, int]:
    report = await Pruner(store, RetentionPolicy(365, **policy), lambda: NOW).run()
    return report.items, report.alerts, report.batches


def sql(conn: Connection, query: str) -> list[tuple[object, ...]]:
    return [tuple(r.values()) for r in conn.rows(query)]


async def one(store: AsyncStore, query: str) -> object:
    return (await store.read(sql, query))[0][0]


async def consistency(store: AsyncStore) -> None:
    """What must hold after any prune."""
    checks = {
        "items whose story's first item is gone": "SELECT count(*) FROM items "
        "WHERE story_id NOT IN (SELECT id FROM items)",
        "label rows of missing items": "SELECT count(*) FROM item_labels "
        "WHERE item_id NOT IN (SELECT id FROM items)",
        "band rows of missing items": "SELECT count(*) FROM item_bands "
        "WHERE item_id NOT IN (SELECT id FROM items)",
        "alerts of missing items": "SELECT count(*) FROM outbox "
        "WHERE item_id NOT IN (SELECT id FROM items)",
        "fan-outs of missing items": "SELECT count(*) FROM fanouts "
        "WHERE item_id NOT IN (SELECT id FROM items)",
        "feeds whose item count is wrong": "SELECT count(*) FROM sources s WHERE items_count "
        "!= (SELECT count(*) FROM items i WHERE i.source_id = s.id)",
    }
    for what, query in checks.items():
        assert await one(store, query) == 0, what
    await store.write(fts_check)  # raises when the search index and the items disagree
    assert await store.read(sql, "PRAGMA foreign_key_check") == []


def fan_out(store: Store, row: FanoutRow) -> None:
    with store.transaction():
        store.insert_fanouts([row], OLD)


def fts_check(conn: Connection) -> None:
    conn.db.execute("INSERT INTO items_fts(items_fts) VALUES ('integrity-check')")


async def test_old_stories_go_whole_in_small_batches(store: AsyncStore) -> None:
    wire, agency = await add_feed(store, "wire"), await add_feed(store, "agency")
    await ingest(store, wire, news("Tartar", OLD, 30, "wire"), OLD)
    await ingest(store, wire, [shared("Truce collapses in Agdam", OLD)], OLD)
    await ingest(store, agency, [shared("Truce collapses in Agdam", OLD + timedelta(hours=1))], OLD)
    # a story whose second feed only stored its item (from its back catalogue) this week
    await ingest(store, wire, [shared("Ganja hit overnight by rocket fire", OLD)], OLD)
    await ingest(store, agency, [shared("Ganja hit overnight by rocket fire", OLD)], RECENT)
    await ingest(store, wire, news("Barda", RECENT, 5, "wire"), RECENT)
    before = await one(store, "SELECT value FROM counters WHERE name = 'items'")

    items, _, batches = await prune(store, item_batch=4)

    assert items == 30 + 2 and batches >= 32 // 4
    assert await store.read(Store.search, "Tartar") == []
    assert await store.read(Store.search, "Agdam") == []
    assert len(await store.read(Store.search, "Ganja")) == 2  # kept whole
    assert len(await store.read(Store.search, "Barda")) == 5
    page = await store.read(Store.timeline, since=OLD - timedelta(days=1), until=NOW, limit=50)
    assert sorted(i.title.split()[0] for i in page.items) == ["Barda"] * 5 + ["Ganja"]
    assert page.story_sizes[next(i.id for i in page.items if i.title.startswith("Ganja"))] == 2
    await consistency(store)
    assert await one(store, "SELECT value FROM counters WHERE name = 'items'") == before
    assert await one(store, "SELECT value FROM counters WHERE name = 'pruned_items'") == 32
    assert await prune(store) == (0, 0, 3)  # a second run: one batch each of alerts, notices, items


async def test_a_pending_alert_protects_its_story_until_it_is_sent(store: AsyncStore) -> None:
    wire = await add_feed(store, "wire")
    await subscribe(store, 7, "violations", OLD - timedelta(days=30))
    await ingest(store, wire, news("Lachin", OLD - timedelta(days=1), 1), OLD)  # first poll
    await ingest(store, wire, news("Shusha", OLD, 3), OLD)  # alerted, still pending
    assert await one(store, "SELECT count(*) FROM outbox WHERE status = 'pending'") == 3

    assert await prune(store) == (1, 0, 3)  # only the first poll's item could go
    assert len(await store.read(Store.search, "Shusha")) == 3

    alerts = await store.read(Store.waiting_alerts, 1, NOW, 1)  # chat 7 is our chat 1
    await store.write(Store.mark_sent, [alerts[0].outbox_id], 1, OLD + timedelta(days=1))
    items, deleted_alerts, _ = await prune(store)
    assert (items, deleted_alerts) == (1, 1)  # the sent one, then its story
    assert len(await store.read(Store.search, "Shusha")) == 2
    await consistency(store)


async def test_a_story_waiting_to_fan_out_is_kept(store: AsyncStore) -> None:
    wire = await add_feed(store, "wire")
    await ingest(store, wire, news("Kalbajar", OLD, 2), OLD)
    await subscribe(store, 7, "violations", OLD - timedelta(days=30))
    [(story, query)] = await store.read(
        sql, "SELECT min(i.id), min(q.id) FROM items i, queries q"
    )  # as the planner writes it for a story that many chats follow
    row = FanoutRow(int(str(story)), int(str(story)), int(str(query)), "violations", OLD)
    await store.write(fan_out, row)
    assert (await prune(store))[0] == 1  # only the other story could go
    assert len(await store.read(Store.search, "Kalbajar")) == 1
    await store.write(Store.expand_fanouts, NOW, 1000, PUBLISH_GRACE)
    queued = await store.read(sql, "SELECT id FROM outbox WHERE status = 'pending'")
    assert len(queued) == 1
    await store.write(Store.mark_sent, [int(str(queued[0][0]))], 1, OLD)
    assert (await prune(store))[:2] == (1, 1)
    assert await one(store, "SELECT count(*) FROM fanouts") == 0
    await consistency(store)


async def test_finished_alerts_go_after_a_week_and_pending_ones_stay(store: AsyncStore) -> None:
    wire = await add_feed(store, "wire")
    for chat in (11, 12, 13, 14, 15):
        await subscribe(store, chat, "violations", OLD)
    first = NOW - timedelta(days=11)
    await ingest(store, wire, news("Fuzuli", first, 1), first)  # the first poll: no alerts
    ten_days, two_days = NOW - timedelta(days=10), NOW - timedelta(days=2)
    await ingest(store, wire, news("Terter", ten_days, 2), ten_days)
    await ingest(store, wire, news("Martuni", two_days, 1), two_days)
    rows = await store.read(
        sql,
        "SELECT o.id, c.address, i.title LIKE 'Terter%' FROM outbox o "
        "JOIN chats c ON c.id = o.chat_id JOIN items i ON i.id = o.item_id ORDER BY o.id",
    )
    assert len(rows) == 15

    def first_old(chat: int) -> int:
        return next(int(r[0]) for r in rows if r[1] == chat and r[2])

    await store.write(Store.mark_sent, [first_old(11)], 1, NOW - timedelta(days=9))
    await store.write(Store.mark_sent, [first_old(12)], 1, NOW - timedelta(days=1))  # late
    await store.write(Store.mark_failed, [first_old(14)], "refused")
    await store.write(Store.deactivate_chat, tg(13), "blocked")  # drops all of 13's alerts

    _, alerts, batches = await prune(store, alert_batch=2)

    gone = {first_old(11), first_old(14)} | {int(r[0]) for r in rows if r[1] == 13 and r[2]}
    left = {r[0] for r in await store.read(sql, "SELECT id FROM outbox")}
    assert left == {r[0] for r in rows} - gone and alerts == len(gone) == 4
    assert batches >= 10 // 2  # two rows a batch, and the walk stops at this week's first
    assert await one(store, "SELECT count(*) FROM items") == 4  # items are young: all kept
    counters = dict(await store.read(sql, "SELECT name, value FROM counters"))
    assert counters["alerts_sent"] == 2 and counters["alerts_dropped"] == 3
    assert counters["alerts_failed"] == 1 and counters["pruned_alerts"] == 4


async def test_a_big_story_that_stays_is_looked_up_once_in_a_run(
    store: AsyncStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A story a dozen feeds told, one of them this week, whose items are spread along the
    walk between old ones: its facts are read at its first item only."""
    title = "Truce collapses in Agdam as shelling resumes"
    for n in range(REMEMBER_ITEMS + 2):
        feed = await add_feed(store, f"feed{n}")
        when = OLD + timedelta(hours=n)
        await ingest(store, feed, [shared(title, when), *news("Tartar", when, 3, f"f{n}")], OLD)
    late = await add_feed(store, "late")
    await ingest(store, late, [shared(title, OLD)], RECENT)  # from its back catalogue
    looked_up: list[set[int]] = []
    story_facts = storage_retention._story_facts

    def counted(db: Any, stories: set[int]) -> Any:
        looked_up.append(stories)
        return story_facts(db, stories)

    monkeypatch.setattr(storage_retention, "_story_facts", counted)
    items, _, batches = await prune(store, item_batch=SMALLEST_BATCH)

    assert items == 3 * (REMEMBER_ITEMS + 2) and batches > REMEMBER_ITEMS
    big = await one(store, "SELECT story_id FROM items WHERE title LIKE 'Truce%' LIMIT 1")
    kept = await one(store, f"SELECT count(*) FROM items WHERE story_id = {big}")
    assert kept == REMEMBER_ITEMS + 3  # the story stays whole
    assert sum(big in asked for asked in looked_up) == 1
    await consistency(store)


def test_item_batches_shrink_to_hold_the_writer_briefly_and_grow_back() -> None:
    assert next_batch_size(100, 4 * BATCH_SECONDS, 100) == 25  # four times too long
    assert next_batch_size(25, BATCH_SECONDS / 10, 100) == 50  # quick: at most doubled
    assert next_batch_size(100, BATCH_SECONDS / 10, 100) == 100  # never above the policy's
    assert next_batch_size(20, 100.0, 100) == SMALLEST_BATCH  # however slow, still a batch
    assert next_batch_size(1, 100.0, 1) == 1  # a policy of one item is kept


def slow_batches(
    store: AsyncStore, monkeypatch: pytest.MonkeyPatch, batch: Any, size_at: int
) -> list[int]:
    """Make every `batch` job report that it held the writer a second; the sizes it was
    asked for (its argument at `size_at`) are recorded in the list returned."""
    write_bulk, sizes = store.write_bulk, []

    async def slow(fn: Any, *args: Any) -> Any:
        result = await write_bulk(fn, *args)
        if fn is batch:
            sizes.append(args[size_at])
            return replace(result, seconds=1.0)
        return result

    monkeypatch.setattr(store, "write_bulk", slow)
    return sizes


async def test_a_slow_item_batch_makes_the_next_ones_smaller(
    store: AsyncStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database where a batch holds the writer long (a big one, a busy disk): the walk
    goes on in smaller batches, so a chat command's write waits less behind each."""
    wire = await add_feed(store, "wire")
    await ingest(store, wire, news("Martakert", OLD, 60), OLD)
    sizes = slow_batches(store, monkeypatch, prune_stories, size_at=2)
    items, _, _ = await prune(store, item_batch=40)
    assert items == 60
    assert sizes[0] == 40 and set(sizes[1:]) == {SMALLEST_BATCH}


async def test_slow_alert_batches_make_the_next_ones_smaller(
    store: AsyncStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big outbox on a busy disk: finished alerts go in batches that shrink as they
    hold the writer too long, as item batches do, and all of them still go."""
    wire = await add_feed(store, "wire")
    for chat in range(30):
        await subscribe(store, chat, "violations", OLD)
    first = NOW - timedelta(days=11)
    await ingest(store, wire, news("Fuzuli", first, 1), first)  # the first poll: no alerts
    ten_days = NOW - timedelta(days=10)
    await ingest(store, wire, news("Terter", ten_days, 2), ten_days)
    ids = [int(str(r[0])) for r in await store.read(sql, "SELECT id FROM outbox")]
    await store.write(Store.mark_sent, ids, 1, ten_days)
    sizes = slow_batches(store, monkeypatch, prune_alerts, size_at=1)
    _, alerts, _ = await prune(store, alert_batch=20)
    assert alerts == len(ids) == 60
    assert sizes[0] == 20 and set(sizes[1:]) == {SMALLEST_BATCH}
    assert await one(store, "SELECT count(*) FROM outbox") == 0


async def test_zero_days_keeps_items_for_ever(store: AsyncStore) -> None:
    wire = await add_feed(store, "wire")
    await ingest(store, wire, news("Hadrut", OLD - timedelta(days=3000), 3), OLD)
    report = await Pruner(store, RetentionPolicy(0), lambda: NOW).run()
    assert report.items == 0 and await one(store, "SELECT count(*) FROM items") == 3


async def test_chat_writes_go_between_prune_batches(store: AsyncStore) -> None:
    wire = await add_feed(store, "wire")
    await ingest(store, wire, news("Khojavend", OLD, 200), OLD)
    pruning = asyncio.create_task(prune(store, item_batch=1))
    await store.write(Store.ensure_chat, tg(99), "private", None, NOW)  # a chat command
    assert not pruning.done()  # it did not wait for 200 batches
    assert (await pruning)[0] == 200


def test_prune_command(tmp_path: Path) -> None:
    path = tmp_path / "cli.db"
    store = Store(str(path))
    source = store.add_source("https://w.example/", "W", NOW).id
    old = datetime.now(UTC) - timedelta(days=800)
    store_items(store, source, news("Askeran", old, 3), PollSuccess(None, None, old), old)
    store.close()
    done = run_cli("prune", cwd=tmp_path, env=cli_env(TRUCEWATCH_DB=str(path)))
    assert done.returncode == 0, done.stderr
    assert "3 items and 0 alerts deleted" in done.stdout


async def test_a_stopped_run_leaves_everything_consistent(
    store: AsyncStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    wire = await add_feed(store, "wire")
    await ingest(store, wire, news("Madagiz", OLD, 60), OLD)
    pruner = Pruner(store, RetentionPolicy(365, item_batch=1), lambda: NOW)
    write_bulk, batches = store.write_bulk, []

    async def stop_after_five(fn: Any, *args: Any) -> Any:
        result = await write_bulk(fn, *args)
        batches.append(fn)
        if batches.count(prune_stories) == 5:
            pruner.stop()  # as the bot does when it shuts down
        return result

    monkeypatch.setattr(store, "write_bulk", stop_after_five)
    stopped = await pruner.run()
    assert not stopped.finished and stopped.items == 5
    await consistency(store)
    assert await one(store, "SELECT count(*) FROM meta WHERE key = 'retention_last_run'") == 0
    monkeypatch.undo()
    again = await Pruner(store, RetentionPolicy(365), lambda: NOW).run()
    assert again.finished and again.items == 55
    await consistency(store)


async def test_finished_notices_go_after_a_week_with_the_pictures_no_one_uses(
    store: AsyncStore,
) -> None:
    def seed(conn: Connection) -> None:
        chat = conn.ensure_chat(tg(21), "private", None, OLD)  # type: ignore[attr-defined]
        conn.db.execute(
            "INSERT INTO notice_images (id, digest, png, name, alt) VALUES "
            "(1, 'a', x'89', 'a.png', 'chart'), (2, 'b', x'89', 'b.png', 'chart')"
        )
        rows = [
            ("digest:old", "sent", NOW - timedelta(days=10), 1),
            ("digest:recent", "sent", NOW - timedelta(days=2), 2),
            ("truce:1:announced", "pending", NOW - timedelta(days=10), None),
            ("truce:1:ended", "failed", NOW - timedelta(days=8), None),
        ]
        for key, status, at, image in rows:
            conn.db.execute(
                "INSERT INTO notices (chat_id, key, message, image_id, status, next_attempt_at, "
                "created_at, sent_at) VALUES (?, ?, '{}', ?, ?, ?, ?, ?)",
                [chat, key, image, status, at.timestamp(), at.timestamp(), at.timestamp()],
            )

    await store.write(seed)
    await prune(store)
    keys = {r[0] for r in await store.read(sql, "SELECT key FROM notices")}
    assert keys == {"digest:recent", "truce:1:announced"}  # pending ones always stay
    assert {r[0] for r in await store.read(sql, "SELECT id FROM notice_images")} == {2}
