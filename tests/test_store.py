"""The Store on a real SQLite file: items, stories, outbox, subscriptions, chats."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from bot import dedup
from bot.match import PUBLISH_GRACE, parse_query
from bot.models import ChatRef, FeedPoll, PollSuccess
from bot.pipeline import AudienceCache, ingest_polls, store_items
from bot.schedule import failure_health
from fakes.builders import T0, item, tg
from storage import schema
from storage.db import insert_rows, statement_rows
from storage.store import DuplicateError, LimitError, StorageError, Store

V, D, C = "ceasefire_violation", "diplomatic_move", "casualty_report"
OK = PollSuccess(
    etag='"e1"',
    last_modified="Sat, 10 Oct 2020 08:00:00 GMT",
    next_poll_at=T0 + timedelta(minutes=5),
)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(str(tmp_path / "t.db"))
    yield s
    s.close()


def follow(store: Store, chat: int, query: str, when=T0) -> None:
    store.ensure_chat(tg(chat), "private", None, when)
    store.add_subscription(tg(chat), parse_query(query), when, max_per_chat=50)


def database_before(path: Path, migration: str) -> Database:
    """A database as an older version of TruceWatch left it: migrated up to `migration`."""
    old = Database(sqlite3.connect(str(path)))
    schema.migrations.apply(old, stop_before=migration)
    return old


def fail(store: Store, source_id: int, next_poll: datetime, now: datetime) -> None:
    """A failed poll, recorded as the pipeline records it."""
    source = store.find_source(source_id)
    health = failure_health(source, "HTTP 500", next_poll, now, timedelta(days=3))
    store.record_failure(source_id, health, now)


def pending(store: Store) -> list[tuple[int, str]]:
    rows = store.db.execute(
        "SELECT c.address, i.title FROM outbox o JOIN items i ON i.id = o.item_id "
        "JOIN chats c ON c.id = o.chat_id WHERE o.status = 'pending' ORDER BY o.id"
    ).fetchall()
    return [(int(chat), str(title)) for chat, title in rows]


def test_schema_uses_wal_and_passes_integrity_check(store: Store) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.check() == "ok"


def test_first_poll_stores_without_alerting_later_polls_alert(store: Store) -> None:
    source = store.add_source("https://a.example/feed", "A", T0)
    follow(store, 1, "violations")
    first = store_items(store, source.id, [item("Old shelling report", labels=(V,))], OK, T0)
    assert (first.new_items, first.alerts, first.first_poll) == (1, 0, True)
    later = store_items(
        store,
        source.id,
        [item("Truce broken overnight", labels=(V,), published=T0 + timedelta(hours=1))],
        OK,
        T0 + timedelta(hours=1),
    )
    assert (later.new_items, later.alerts, later.first_poll) == (1, 1, False)
    assert pending(store) == [(1, "Truce broken overnight")]


def test_known_items_are_not_new_again(store: Store) -> None:
    source = store.add_source("https://a.example/feed", "A", T0)
    batch = [item("One", key="g:1"), item("Two", key="g:2")]
    assert store_items(store, source.id, batch, OK, T0).new_items == 2
    assert store_items(store, source.id, batch, OK, T0).new_items == 0
    # the same text under a fresh guid (a feed that re-keys every fetch) is not new either
    assert store_items(store, source.id, [item("One", key="g:99")], OK, T0).new_items == 0


def test_items_dated_before_the_subscription_are_not_pushed(store: Store) -> None:
    source = store.add_source("https://a.example/feed", "A", T0)
    store_items(store, source.id, [], OK, T0)  # first poll done
    follow(store, 1, "violations", when=T0 + timedelta(days=1))
    old = item("Archive: truce broken", labels=(V,), published=T0)
    new = item("Truce broken again", labels=(V,), published=T0 + timedelta(days=1, hours=1))
    report = store_items(store, source.id, [old, new], OK, T0 + timedelta(days=1, hours=2))
    assert report.new_items == 2 and report.alerts == 1
    assert pending(store) == [(1, "Truce broken again")]


def test_same_story_from_two_feeds_is_one_alert(store: Store) -> None:
    a = store.add_source("https://a.example/feed", "Reuters", T0)
    b = store.add_source("https://b.example/feed", "RFE/RL", T0)
    for s in (a, b):
        store_items(store, s.id, [], OK, T0)
    follow(store, 1, "casualties")
    text = "A rocket hit an apartment block in Ganja overnight, killing nine civilians."
    first = item(
        "Rocket strike on Ganja kills nine civilians",
        text,
        labels=(C,),
        published=T0 + timedelta(hours=1),
    )
    second = item(
        "ROCKET STRIKE ON GANJA KILLS NINE CIVILIANS - RFE/RL",
        text + " Baku said.",
        labels=(C,),
        published=T0 + timedelta(hours=2),
    )
    store_items(store, a.id, [first], OK, T0 + timedelta(hours=1))
    report = store_items(store, b.id, [second], OK, T0 + timedelta(hours=2))
    assert report.new_items == 1 and report.alerts == 0
    assert len(pending(store)) == 1
    stories = store.db.execute("SELECT DISTINCT story_id FROM items").fetchall()
    assert len(stories) == 1


def test_same_title_more_than_a_day_apart_is_a_new_story(store: Store) -> None:
    a = store.add_source("https://a.example/feed", "A", T0)
    b = store.add_source("https://b.example/feed", "B", T0)
    for s in (a, b):
        store_items(store, s.id, [], OK, T0)
    follow(store, 1, "violations")
    title = "Shelling resumes along the line of contact"
    store_items(store, a.id, [item(title, labels=(V,), published=T0)], OK, T0)
    store_items(
        store,
        b.id,
        [item(title, labels=(V,), published=T0 + timedelta(days=2))],
        OK,
        T0 + timedelta(days=2),
    )
    assert len(pending(store)) == 2


def test_outbox_row_and_items_are_one_transaction(store: Store, monkeypatch) -> None:
    source = store.add_source("https://a.example/feed", "A", T0)
    store_items(store, source.id, [], OK, T0)
    follow(store, 1, "violations")

    def broken_enqueue(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store, "insert_fanouts", broken_enqueue)
    with pytest.raises(StorageError):
        store_items(store, source.id, [item("Truce broken", labels=(V,))], OK, T0)
    assert store.db.execute("SELECT count(*) FROM items").fetchone()[0] == 0


def test_muted_and_inactive_chats_get_nothing(store: Store) -> None:
    source = store.add_source("https://a.example/feed", "A", T0)
    store_items(store, source.id, [], OK, T0)
    follow(store, 1, "violations")
    follow(store, 2, "violations")
    follow(store, 3, "violations")
    store.set_muted(tg(2), T0 + timedelta(hours=8))
    store.deactivate_chat(tg(3), "forbidden")
    store_items(store, source.id, [item("Truce broken", labels=(V,))], OK, T0)
    assert [chat for chat, _ in pending(store)] == [1]


def test_subscriptions_are_per_chat_limited_and_deduplicated(store: Store) -> None:
    store.ensure_chat(tg(1), "private", None, T0)
    _, created = store.add_subscription(tg(1), parse_query("Ganja violations"), T0, max_per_chat=2)
    _, again = store.add_subscription(tg(1), parse_query("violations GANJA"), T0, max_per_chat=2)
    assert created and not again
    store.add_subscription(tg(1), parse_query("Barda"), T0, max_per_chat=2)
    with pytest.raises(LimitError):
        store.add_subscription(tg(1), parse_query("Terter"), T0, max_per_chat=2)


def test_chat_migration_moves_subscriptions_and_pending_alerts(store: Store) -> None:
    source = store.add_source("https://a.example/feed", "A", T0)
    store_items(store, source.id, [], OK, T0)
    follow(store, -100, "violations")
    store_items(store, source.id, [item("Truce broken", labels=(V,))], OK, T0)
    store.migrate_chat(tg(-100), -1001234, T0)
    moved = store.chat(tg(-1001234))
    assert moved is not None and moved.active and moved.kind == "private"
    assert [s.chat_id for s in store.subscriptions(tg(-1001234))] == [moved.id]
    assert store.subscriptions(tg(-100)) == []
    assert pending(store) == [(-1001234, "Truce broken")]


def test_failures_are_counted_and_turn_into_broken(store: Store) -> None:
    source = store.add_source("https://a.example/feed", "A", T0)
    fail(store, source.id, T0 + timedelta(minutes=10), T0)
    failing = store.find_source(source.id)
    assert (
        failing.status == "failing" and failing.failures == 1 and failing.last_error == "HTTP 500"
    )
    fail(store, source.id, T0 + timedelta(days=4), T0 + timedelta(days=3))
    broken = store.find_source(source.id)
    assert (broken.status, broken.failures, broken.first_failure_at) == ("broken", 2, T0)
    store_items(store, source.id, [], OK, T0 + timedelta(days=4))
    healed = store.find_source(source.id)
    assert (healed.status, healed.failures, healed.etag) == ("ok", 0, '"e1"')


def test_duplicate_source_is_refused(store: Store) -> None:
    store.add_source("https://a.example/feed", "A", T0)
    with pytest.raises(DuplicateError):
        store.add_source("https://a.example/feed", "A again", T0)


def test_search_is_literal_and_accent_insensitive(store: Store) -> None:
    source = store.add_source("https://a.example/feed", "A", T0)
    store_items(
        store, source.id, [item("Shelling in Tərtər district"), item("Talks in Moscow")], OK, T0
    )
    assert [i.title for i in store.search("terter")] == ["Shelling in Tərtər district"]
    for hostile in ['"', "NEAR(a b)", "x OR 1=1; DROP TABLE items; --", "*", "title:x", "'"]:
        store.search(hostile)  # never an FTS syntax error, never SQL
    assert store.db.execute("SELECT count(*) FROM items").fetchone()[0] == 2


def test_timeline_pages_newest_first_by_story(store: Store) -> None:
    source = store.add_source("https://a.example/feed", "A", T0)
    items = [
        item(
            f"Report number {n} on the truce",
            published=T0 + timedelta(hours=n),
            labels=(V,) if n % 2 else (D,),
        )
        for n in range(10)
    ]
    store_items(store, source.id, items, OK, T0 + timedelta(hours=10))
    page = store.timeline(since=T0, until=T0 + timedelta(days=1), limit=4)
    assert [i.title for i in page.items][:2] == [
        "Report number 9 on the truce",
        "Report number 8 on the truce",
    ]
    assert page.more
    last = page.items[-1]
    rest = store.timeline(
        since=T0,
        until=T0 + timedelta(days=1),
        limit=10,
        before=(last.published_at.timestamp(), last.id),
    )
    assert len(rest.items) == 6 and not rest.more
    violations = store.timeline(since=T0, until=T0 + timedelta(days=1), label=V, limit=20)
    assert len(violations.items) == 5


def test_a_304_refreshes_the_validators_it_carries(store: Store) -> None:
    source = store.add_source("https://a.example/feed", "A", T0)
    store_items(store, source.id, [], OK, T0)
    store.record_not_modified(source.id, PollSuccess('"e2"', None, T0), T0)
    refreshed = store.find_source(source.id)
    assert refreshed.etag == '"e2"' and refreshed.last_modified == OK.last_modified


def test_a_feed_repeating_an_entry_in_one_poll_stores_it_once(store: Store) -> None:
    source = store.add_source("https://a.example/feed", "A", T0)
    batch = [
        item("Shelling in Martuni", key="g:1"),
        item("Shelling in Martuni, updated", key="g:1"),  # the same guid twice
        item("Shelling in Martuni", key="g:2"),  # the same text under another guid
        item("Talks in Moscow", key="g:3"),
    ]
    assert store_items(store, source.id, batch, OK, T0).new_items == 2
    titles = store.db.execute("SELECT title FROM items ORDER BY id").fetchall()
    assert [t for (t,) in titles] == ["Shelling in Martuni", "Talks in Moscow"]


def test_each_new_story_is_named_after_its_first_item(store: Store) -> None:
    a = store.add_source("https://a.example/feed", "A", T0)
    b = store.add_source("https://b.example/feed", "B", T0)
    title = "Shelling resumes along the line of contact"
    store_items(store, a.id, [item(title), item("Ministers meet in Moscow for talks")], OK, T0)
    store_items(store, b.id, [item(title + " - OSCE", published=T0 + timedelta(hours=1))], OK, T0)
    rows = store.db.execute("SELECT id, story_id, source_id FROM items ORDER BY id").fetchall()
    first, second, joined = rows
    assert first[1] == first[0] and second[1] == second[0]
    assert joined[1] == first[0] and joined[2] == b.id


def test_an_existing_database_gets_the_story_lookup_index(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = database_before(path, "m005_title_story_index")
    old.close()
    store = Store(str(path))
    try:
        columns = [r[2] for r in store.db.execute("PRAGMA index_info(items_title_key)")]
        assert columns == ["title_key", "published_at", "source_id", "story_id"]
        plan = store.db.execute(
            "EXPLAIN QUERY PLAN SELECT story_id FROM items WHERE title_key = 'x' "
            "AND published_at BETWEEN 0 AND 1 AND source_id != 1 ORDER BY id LIMIT 1"
        ).fetchall()
        assert any("COVERING INDEX items_title_key" in str(row[-1]) for row in plan)
    finally:
        store.close()


def test_existing_telegram_chats_keep_everything_when_chats_gain_a_transport(
    tmp_path: Path,
) -> None:
    """Chats stored before a chat was (transport, address) keep their subscriptions and
    their queued and sent alerts, under their Telegram ids; the console keeps its chat."""
    path = tmp_path / "old.db"
    old = database_before(path, "m006_chat_transports")
    old.execute(
        "INSERT INTO chats (id, kind, title, created_at) VALUES (1001, 'private', NULL, 0), "
        "(-100555, 'supergroup', 'Analysts', 0), (0, 'console', 'terminal', 0)"
    )
    old.execute(
        "INSERT INTO subscriptions (chat_id, query, categories, include, exclude, created_at) "
        "VALUES (1001, 'violations', '[\"ceasefire_violation\"]', '[]', '[]', 0), "
        "(-100555, 'ganja', '[]', '[\"ganja\"]', '[]', 0)"
    )
    old.execute("INSERT INTO sources (url, name, created_at) VALUES ('https://a.example/', 'A', 0)")
    old.execute(
        "INSERT INTO items (id, source_id, key, title, summary, published_at, fetched_at, "
        "content_hash, story_id, classification) VALUES "
        "(1, 1, 'g:1', 'Truce broken', '', 0, 0, 'h', 1, '{}')"
    )
    old.execute(
        "INSERT INTO outbox (story_id, item_id, chat_id, reason, status, next_attempt_at, "
        "created_at) VALUES (1, 1, 1001, 'violations', 'pending', 0, 0), "
        "(1, 1, -100555, '“ganja”', 'sent', 0, 0)"
    )
    old.conn.commit()
    old.close()
    store = Store(str(path))
    try:
        private, group = store.chat(tg(1001)), store.chat(tg(-100555))
        assert private is not None and private.kind == "private" and private.id == 1001
        assert group is not None and group.kind == "group" and group.title == "Analysts"
        console = store.chat(ChatRef("console", 0))
        assert console is not None and console.kind == "private"
        assert [s.include for s in store.subscriptions(tg(-100555))] == [("ganja",)]
        assert [s.categories for s in store.subscriptions(tg(1001))] == [(V,)]
        [due] = store.due_alerts(T0, 10)
        assert (due.chat, due.item.title) == (tg(1001), "Truce broken")
        assert store.stats()["sent"] == 1
        # A new chat never takes an old chat's id, whatever its address.
        newcomer = store.ensure_chat(ChatRef("discord", 1001), "group", "newsroom", T0)
        assert newcomer not in (1001, -100555, 0)
    finally:
        store.close()


def test_a_story_reaches_a_chat_once_with_every_reason_it_matched(store: Store) -> None:
    source = store.add_source("https://a.example/feed", "A", T0)
    store_items(store, source.id, [], OK, T0)
    follow(store, 1, "violations")
    follow(store, 1, "Ganja")
    follow(store, 2, "Ganja")
    report = store_items(store, source.id, [item("Truce broken near Ganja", labels=(V,))], OK, T0)
    assert report.alerts == 2
    reasons = store.db.execute(
        "SELECT c.address, o.reason FROM outbox o JOIN chats c ON c.id = o.chat_id ORDER BY 1"
    ).fetchall()
    assert reasons == [(1, "violations; “ganja”"), (2, "“ganja”")]


def test_fan_out_goes_in_steps_of_a_budget(store: Store) -> None:
    source = store.add_source("https://a.example/feed", "A", T0)
    store_items(store, source.id, [], OK, T0)
    for chat in range(1, 1200):
        follow(store, chat, "violations")
    report = store_items(store, source.id, [item("Truce broken", labels=(V,))], OK, T0)
    assert report.alerts < 1199 and report.deferred == 1
    steps = []
    while (step := store.expand_fanouts(T0, 300, timedelta(minutes=10)))[0]:
        steps.append(step)
    assert all(looked <= 300 for looked, _ in steps) and len(steps) >= 3
    assert store.stats()["queued"] == 1199 and store.fanouts_left() == 0
    assert len(store.due_chats(T0, 5000)) == 1199


def test_stories_of_one_poll_are_fanned_out_side_by_side(store: Store) -> None:
    """Each step gives every story of the poll the same chats, so their rows share the
    pages of the per-chat index that the step's commit writes."""
    source = store.add_source("https://a.example/feed", "A", T0)
    store_items(store, source.id, [], OK, T0)
    for chat in range(1, 1001):
        follow(store, chat, "violations")
    stories = [item(f"Truce broken at post {n}", f"Dispatch {n}", labels=(V,)) for n in range(8)]
    store_items(store, source.id, stories, OK, T0)  # a first part goes out at once
    looked, queued = store.expand_fanouts(T0, 400, timedelta(minutes=10))
    assert (looked, queued) == (400, 400)
    spans = store.db.execute(
        "SELECT count(*), min(chat_id), max(chat_id) FROM outbox GROUP BY story_id"
    ).fetchall()
    assert len(spans) == 8 and len(set(spans)) == 1  # the same chats for every story
    while store.expand_fanouts(T0, 400, timedelta(minutes=10))[0]:
        pass
    assert store.stats()["queued"] == 8000 and store.fanouts_left() == 0


def test_who_may_get_a_story_is_decided_when_it_is_fanned_out(store: Store) -> None:
    source = store.add_source("https://a.example/feed", "A", T0)
    store_items(store, source.id, [], OK, T0)
    for chat in (1, 2, 3, 4):
        follow(store, chat, "violations")
    follow(store, 5, "violations", when=T0 + timedelta(minutes=30))  # after publication
    store.set_muted(tg(2), T0 + timedelta(hours=1))
    store.set_muted(tg(3), T0 - timedelta(hours=1))  # a mute that has ended
    store.deactivate_chat(tg(4), "blocked")
    store_items(store, source.id, [item("Truce broken", labels=(V,), published=T0)], OK, T0)
    store.expand_fanouts(T0, 1000, timedelta(minutes=10))
    assert sorted(chat for chat, _ in pending(store)) == [1, 3]


def test_stored_search_text_is_folded_again_when_folding_learns_letters(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = database_before(path, "m009_refold_search_text")
    old.execute("INSERT INTO sources (url, name, created_at) VALUES ('https://a.example/', 'A', 0)")
    old.execute(
        "INSERT INTO items (id, source_id, key, title, summary, published_at, fetched_at, "
        "content_hash, story_id, classification, search_text) VALUES "
        "(1, 1, 'g:1', 'Обстріл Ґрозного', '', 0, 0, 'h', 1, '{}', 'обстріл ґрозного')"
    )
    old.conn.commit()
    old.close()
    store = Store(str(path))
    try:
        assert [i.title for i in store.search("Грозного")] == ["Обстріл Ґрозного"]
    finally:
        store.close()


def text_bands(title: str, summary: str) -> list[str]:
    """Bands as they were stored before band keys: "2:1f.a0.33"."""
    hashes = dedup.shingle_hashes(dedup.fingerprint(title, summary).folded)
    minima = [min((h for h in hashes if h % 18 == bucket), default=None) for bucket in range(18)]
    rows = [minima[b * 3 : b * 3 + 3] for b in range(6)]
    return [
        f"{b}:" + ".".join(f"{r:x}" for r in row) for b, row in enumerate(rows) if None not in row
    ]


def test_stored_bands_become_keys_and_still_find_their_stories(tmp_path: Path) -> None:
    title = "Update"
    summary = (
        "Shelling resumed near Terter overnight, officials said on Monday, after two days "
        "of calm along the line of contact; the defence ministry reported damage to homes, "
        "a school and the water station, and said monitors had been told of every strike "
        "before the talks in Moscow resume later this week with both foreign ministers."
    )
    path = tmp_path / "old.db"
    old = database_before(path, "m014_band_keys")
    old.execute("INSERT INTO sources (url, name, created_at) VALUES ('https://a.example/', 'A', 0)")
    old.execute("INSERT INTO sources (url, name, created_at) VALUES ('https://b.example/', 'B', 0)")
    old.execute(
        "INSERT INTO items (id, source_id, key, title, summary, published_at, fetched_at, "
        "content_hash, story_id, classification) VALUES (7, 1, 'g:7', ?, ?, 0, 0, 'h', 7, '{}')",
        [title, summary],
    )
    stored = text_bands(title, summary)
    for band in stored:
        old.execute("INSERT INTO item_bands VALUES (?, 0, 7, 1)", [band])
    old.conn.commit()
    old.close()
    store = Store(str(path))
    try:
        keys = [r[0] for r in store.db.execute("SELECT band FROM item_bands")]
        assert sorted(keys) == sorted(dedup.fingerprint(title, summary).bands)
        assert len(keys) == len(stored) > 0
        twin = item(title, summary + " ", published=datetime.fromtimestamp(0, UTC))
        [found] = store.stories_near(2, [twin], 3600)
        assert found.same_title is None and [c.story_id for c in found.similar] == [7]
    finally:
        store.close()


def test_bands_already_keyed_under_their_old_migration_number_migrate_forward(
    tmp_path: Path,
) -> None:
    """Band keys were once migration m011: such a database still lacks the m011-m013 that
    came before them, gets those, and keeps its keys as they are."""
    title, summary = "Update", "Shelling resumed near Terter overnight, officials said."
    path = tmp_path / "keyed.db"
    old = database_before(path, "m011_notices_zones_digests")
    schema.m014_band_keys(old)
    old.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('trucewatch', 'm011_band_keys', '2025-01-01')"
    )
    old.execute("INSERT INTO sources (url, name, created_at) VALUES ('https://a.example/', 'A', 0)")
    old.execute(
        "INSERT INTO items (id, source_id, key, title, summary, published_at, fetched_at, "
        "content_hash, story_id, classification) VALUES (7, 1, 'g:7', ?, ?, 0, 0, 'h', 7, '{}')",
        [title, summary],
    )
    keys = dedup.fingerprint(title, summary).bands
    for band in keys:
        old.execute("INSERT INTO item_bands VALUES (?, 0, 7, 1)", [band])
    old.conn.commit()
    old.close()
    store = Store(str(path))
    try:
        assert sorted(r[0] for r in store.db.execute("SELECT band FROM item_bands")) == sorted(keys)
        applied = {m.name for m in schema.migrations.applied(store.db)}
        assert {"m011_notices_zones_digests", "m013_chat_languages", "m014_band_keys"} <= applied
        assert {"language", "zone"} <= set(store.db["chats"].columns_dict)
        assert store.check() == "ok"
    finally:
        store.close()


def test_a_mute_ends_at_its_time_and_a_subscription_starts_with_ten_minutes_grace(
    store: Store,
) -> None:
    """An item stamped up to ten minutes before a subscription still reaches it (feeds stamp
    items a little before they appear); a mute ending exactly now no longer holds."""
    source = store.add_source("https://a.example/feed", "A", T0)
    store_items(store, source.id, [], OK, T0)
    now = T0 + timedelta(hours=1)
    follow(store, 1, "violations")
    follow(store, 2, "violations")
    follow(store, 3, "violations", when=T0 + PUBLISH_GRACE)
    follow(store, 4, "violations", when=T0 + PUBLISH_GRACE + timedelta(microseconds=1))
    store.set_muted(tg(1), now)
    store.set_muted(tg(2), now + timedelta(microseconds=1))
    store_items(store, source.id, [item("Truce broken", labels=(V,), published=T0)], OK, now)
    assert sorted(chat for chat, _ in pending(store)) == [1, 3]


def test_a_write_waiting_ends_the_transaction_after_the_first_feed(store: Store) -> None:
    """ingest_polls stores the first poll in any case, and starts no other while another
    write waits: the caller stores the rest in a transaction of its own."""
    sources = [store.add_source(f"https://{n}.example/feed", n, T0).id for n in "abc"]
    polls = [FeedPoll(s, [item(f"Item of feed {s}")], OK, T0) for s in sources]
    first = ingest_polls(store, polls, AudienceCache(), lambda: True)
    assert [getattr(r, "new_items", None) for r in first] == [1]
    rest = ingest_polls(store, polls[1:], AudienceCache())
    assert [getattr(r, "new_items", None) for r in rest] == [1, 1]
    stored = store.db.execute("SELECT source_id FROM items ORDER BY source_id").fetchall()
    assert [row[0] for row in stored] == sources


def test_the_ingest_outlook_counts_items_kept_and_feeds_due(store: Store) -> None:
    due = store.add_source("https://due.example/rss", "due", T0)
    store.add_source("https://other.example/rss", "other", T0)
    batch = [item(f"Shelling report {n}") for n in range(3)]
    store_items(store, due.id, batch, OK, T0)  # its next poll moves past T0
    assert store.ingest_outlook(T0) == (3, 1)
    store.remove_source(due.id)  # its items go with it
    assert store.ingest_outlook(T0) == (0, 1)


class Recording:
    """A connection that notes each call: `executemany` steps a statement once per row."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn, self.calls = conn, []

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
        self.calls.append(sql)
        return self.conn.execute(sql, *args)

    def executemany(self, sql: str, *args: object) -> sqlite3.Cursor:
        self.calls.append(f"executemany: {sql}")
        return self.conn.executemany(sql, *args)

    def __getattr__(self, name: str) -> object:
        return getattr(self.conn, name)


def test_rows_beyond_the_parameter_limit_go_in_several_statements(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "rows.db")
    conn.execute("CREATE TABLE t (a, b, c)")
    conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 12)  # four rows of three at most
    recording = Recording(conn)
    insert_rows(recording, "INSERT INTO t (a, b, c)", [(n, str(n), n / 2) for n in range(9)])
    assert conn.execute("SELECT * FROM t ORDER BY a").fetchall() == [
        (n, str(n), n / 2) for n in range(9)
    ]
    assert [sql.count("(?, ?, ?)") for sql in recording.calls] == [4, 4, 1]


@pytest.mark.parametrize(
    ("left", "most", "rows"), [(300, 8191, 256), (44, 8191, 16), (3, 8191, 1), (300, 50, 16)]
)
def test_a_statement_takes_the_largest_fixed_count_of_rows_that_fits(
    left: int, most: int, rows: int
) -> None:
    assert statement_rows(left, most) == rows


def test_a_feeds_items_and_index_rows_go_in_a_few_statements_per_table(store: Store) -> None:
    # Row by row, the writer thread gave up the GIL and had to win it back for every row.
    source = store.add_source("https://a.example/feed", "A", T0)
    items = [
        item(f"Shelling near village {n} breaks the truce, officials say", labels=(V,))
        for n in range(40)
    ]
    recording = Recording(store.db.conn)
    store.db.conn = recording
    store_items(store, source.id, items, OK, T0)
    store.db.conn = recording.conn
    assert not [sql for sql in recording.calls if sql.startswith("executemany")]
    inserts = [sql.split(" (")[0] for sql in recording.calls if sql.startswith("INSERT")]
    assert inserts.count("INSERT INTO items") == 4  # 16 + 16 + 4 + 4
    assert inserts.count("INSERT INTO item_labels") == 4
    assert 1 <= inserts.count("INSERT OR IGNORE INTO item_bands") <= 8
    assert store.db.execute("SELECT count(*) FROM item_labels").fetchone()[0] == 40
    bands = sum(len(i.fingerprint.bands) for i in items)
    assert bands > 0
    assert store.db.execute("SELECT count(*) FROM item_bands").fetchone()[0] == bands


def test_a_feeds_story_lookups_are_two_statements_each_one_row(store: Store) -> None:
    other = store.add_source("https://b.example/feed", "B", T0)
    store_items(store, other.id, [item("Shelling breaks the truce near the border town")], OK, T0)
    source = store.add_source("https://a.example/feed", "A", T0)
    items = [item("Shelling breaks the truce near the border town", key="same")] + [
        item(f"Envoys meet in Geneva for round {n} of talks on prisoners") for n in range(30)
    ]
    recording = Recording(store.db.conn)
    store.db.conn = recording
    found = store.stories_near(source.id, items, 3600)
    store.db.conn = recording.conn
    assert len(recording.calls) == 2
    assert found[0].same_title == 1
    assert all(c.same_title is None for c in found[1:])
