"""The SQLite schema, as sqlite-utils migrations applied in order to every database."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from bot import dedup
from bot.text import fold

migrations = Migrations("trucewatch")


@migrations()
def m001_core(db: Database) -> None:
    for statement in _CORE.split(";\n"):
        if statement.strip():
            db.execute(statement)
    # Search runs over folded text (bot.text.fold), so "Terter" finds "Tərtər" as it does in
    # subscriptions; unicode61 alone keeps letters such as "ə" apart.
    db.table("items").enable_fts(
        ["search_text"], create_triggers=True, tokenize="unicode61 remove_diacritics 2"
    )


_CORE = """
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    interval REAL,
    origin TEXT NOT NULL DEFAULT 'cli',
    etag TEXT,
    last_modified TEXT,
    status TEXT NOT NULL DEFAULT 'new',
    last_success_at REAL,
    last_polled_at REAL,
    last_error TEXT,
    last_error_at REAL,
    first_failure_at REAL,
    failures INTEGER NOT NULL DEFAULT 0,
    next_poll_at REAL NOT NULL DEFAULT 0,
    items_count INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL
);
CREATE INDEX sources_due ON sources(next_poll_at);
CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    url TEXT,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    published_at REAL NOT NULL,
    fetched_at REAL NOT NULL,
    content_hash TEXT NOT NULL,
    title_key TEXT,
    story_id INTEGER,
    labels TEXT NOT NULL DEFAULT '',
    killed INTEGER,
    wounded INTEGER,
    classification TEXT NOT NULL,
    search_text TEXT NOT NULL DEFAULT '',
    UNIQUE (source_id, key)
);
CREATE INDEX items_published ON items(published_at);
CREATE INDEX items_fetched ON items(fetched_at);
CREATE INDEX items_story ON items(story_id);
CREATE INDEX items_title_key ON items(title_key, published_at) WHERE title_key IS NOT NULL;
CREATE INDEX items_source_hash ON items(source_id, content_hash);
CREATE TABLE item_labels (
    label TEXT NOT NULL,
    published_at REAL NOT NULL,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    PRIMARY KEY (label, published_at, item_id)
) WITHOUT ROWID;
CREATE INDEX item_labels_item ON item_labels(item_id);
CREATE TABLE item_bands (
    band TEXT NOT NULL,
    published_at REAL NOT NULL,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    source_id INTEGER NOT NULL,
    PRIMARY KEY (band, published_at, item_id)
) WITHOUT ROWID;
CREATE INDEX item_bands_item ON item_bands(item_id);
CREATE TABLE chats (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT 'private',
    title TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    inactive_reason TEXT,
    muted_until REAL,
    created_at REAL NOT NULL
);
CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
    query TEXT NOT NULL,
    categories TEXT NOT NULL,
    include TEXT NOT NULL,
    exclude TEXT NOT NULL,
    created_at REAL NOT NULL,
    UNIQUE (chat_id, query)
);
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    story_id INTEGER NOT NULL,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    chat_id INTEGER NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    plain INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,
    last_error TEXT,
    created_at REAL NOT NULL,
    sent_at REAL,
    message_id INTEGER,
    UNIQUE (story_id, chat_id)
);
CREATE INDEX outbox_pending ON outbox(next_attempt_at, chat_id) WHERE status = 'pending';
CREATE INDEX outbox_chat ON outbox(chat_id, status);
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO meta(key, value) VALUES ('subscriptions_version', '0')
"""


@migrations()
def m002_pages(db: Database) -> None:
    """Saved paging state behind "more" buttons (button data is limited to 64 bytes)."""
    db.execute(
        "CREATE TABLE pages (id INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL, "
        "state TEXT NOT NULL, created_at REAL NOT NULL)"
    )


@migrations()
def m003_fingerprints(db: Database) -> None:
    """Shingle hashes stored with each item, so same-story checks compare without
    re-reading texts; and the search index is rebuilt only when the text changes (the
    story_id every new item gets used to delete and re-add its search entry)."""
    db.execute("ALTER TABLE items ADD COLUMN shingles BLOB")
    db.execute('DROP TRIGGER IF EXISTS "items_au"')
    db.execute(
        'CREATE TRIGGER "items_au" AFTER UPDATE OF "search_text" ON "items" BEGIN\n'
        '  INSERT INTO "items_fts" ("items_fts", rowid, "search_text") '
        "VALUES('delete', old.rowid, old.\"search_text\");\n"
        '  INSERT INTO "items_fts" (rowid, "search_text") VALUES (new.rowid, new."search_text");\n'
        "END"
    )


@migrations()
def m004_body_hash(db: Database) -> None:
    """The digest of each source's last stored body (servers that ignore conditional GET)."""
    db.execute("ALTER TABLE sources ADD COLUMN body_hash TEXT")


@migrations()
def m005_title_story_index(db: Database) -> None:
    """Same-title story lookups answered from the index alone: every new item asks for the
    oldest other feed's item with its title, and a syndicated headline has many."""
    db.execute("DROP INDEX IF EXISTS items_title_key")
    db.execute(
        "CREATE INDEX items_title_key ON items(title_key, published_at, source_id, story_id) "
        "WHERE title_key IS NOT NULL"
    )


@migrations()
def m006_chat_transports(db: Database) -> None:
    """A chat is (transport, address): Telegram's and Discord's ids live in different
    spaces. Every existing chat was a Telegram chat (or the console's chat 0) and keeps its
    row id, so its subscriptions and outbox rows stay where they are. Kinds become the
    three every transport knows: private, group, channel."""
    db.execute("ALTER TABLE chats ADD COLUMN transport TEXT NOT NULL DEFAULT 'telegram'")
    db.execute("ALTER TABLE chats ADD COLUMN address INTEGER")
    db.execute("UPDATE chats SET transport = 'console' WHERE kind = 'console'")
    db.execute(
        "UPDATE chats SET address = id, kind = CASE kind WHEN 'supergroup' THEN 'group' "
        "WHEN 'group' THEN 'group' WHEN 'channel' THEN 'channel' ELSE 'private' END"
    )
    db.execute("CREATE UNIQUE INDEX chats_address ON chats(transport, address)")


@migrations()
def m007_pauses_parents_and_feed_names(db: Database) -> None:
    """A chat may be paused by its platform (Discord's Missing Access), with the reason
    shown to operators; a chat may belong to a parent (a Discord channel to its server),
    so the server's removal retires its channels; a source added without a name takes
    the feed's own title once it is fetched."""
    db.execute("ALTER TABLE chats ADD COLUMN parent INTEGER")
    db.execute("ALTER TABLE chats ADD COLUMN paused_until REAL")
    db.execute("ALTER TABLE chats ADD COLUMN paused_reason TEXT")
    db.execute("CREATE INDEX chats_parent ON chats(transport, parent) WHERE parent IS NOT NULL")
    db.execute("ALTER TABLE sources ADD COLUMN named INTEGER NOT NULL DEFAULT 1")


@migrations()
def m008_shared_queries_and_fanouts(db: Database) -> None:
    """Storing a poll must not cost more with more subscribers. Chats following the same
    words share one query; a new story is written once per query it satisfies (a fan-out)
    and expanded into each chat's alert in small steps afterwards. Chats with alerts
    waiting are listed apart, with when each was last served, so delivery can go round
    them fairly without reading the whole outbox."""
    for statement in _M008.split(";\n"):
        if statement.strip():
            db.execute(statement)


_M008 = """
CREATE TABLE queries (
    id INTEGER PRIMARY KEY,
    canonical TEXT NOT NULL UNIQUE,
    categories TEXT NOT NULL,
    include TEXT NOT NULL,
    exclude TEXT NOT NULL
);
INSERT INTO queries (canonical, categories, include, exclude)
    SELECT query, min(categories), min(include), min(exclude) FROM subscriptions GROUP BY query;
ALTER TABLE subscriptions ADD COLUMN query_id INTEGER REFERENCES queries(id);
UPDATE subscriptions SET query_id = (SELECT id FROM queries q WHERE q.canonical = query);
CREATE INDEX subscriptions_query ON subscriptions(query_id);
CREATE TABLE fanouts (
    id INTEGER PRIMARY KEY,
    story_id INTEGER NOT NULL,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    query_id INTEGER NOT NULL,
    reason TEXT NOT NULL,
    published_at REAL NOT NULL,
    created_at REAL NOT NULL,
    next_subscription INTEGER NOT NULL DEFAULT 0,
    done INTEGER NOT NULL DEFAULT 0,
    UNIQUE (story_id, query_id)
);
CREATE INDEX fanouts_todo ON fanouts(id) WHERE done = 0;
CREATE TABLE pending_chats (
    chat_id INTEGER PRIMARY KEY,
    due_at REAL NOT NULL,
    served_at REAL NOT NULL DEFAULT 0
);
CREATE INDEX pending_chats_turn ON pending_chats(served_at, chat_id);
INSERT INTO pending_chats (chat_id, due_at)
    SELECT chat_id, min(next_attempt_at) FROM outbox WHERE status = 'pending' GROUP BY chat_id;
ALTER TABLE chats ADD COLUMN served_at REAL NOT NULL DEFAULT 0;
DROP INDEX outbox_pending
"""


@migrations()
def m009_refold_search_text(db: Database) -> None:
    """Folding learned Ukrainian ґ/г, Arabic letter variants, tatweel and Arabic-Indic
    digits: stored search text is folded again so /search finds older items as it finds
    new ones (the search index follows through its update trigger)."""
    rows = db.execute("SELECT id, title, summary, search_text FROM items").fetchall()
    changed = [
        (folded, ident)
        for ident, title, summary, old in rows
        if (folded := fold(f"{title}\n{summary}")) != old
    ]
    db.conn.executemany("UPDATE items SET search_text = ? WHERE id = ?", changed)


@migrations()
def m010_counters(db: Database) -> None:
    """Totals that only ever grow (for /metrics): kept by triggers in the same transaction
    as the rows they count, so they survive restarts, retention and removed sources, and
    no writer has to remember them. An existing database starts from what it holds."""
    for statement in _COUNTERS.split(";\n\n"):
        db.execute(statement)


_COUNTERS = """
CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;

INSERT INTO counters (name, value) VALUES
    ('items', (SELECT count(*) FROM items)),
    ('alerts_sent', (SELECT count(*) FROM outbox WHERE status = 'sent')),
    ('alerts_failed', (SELECT count(*) FROM outbox WHERE status = 'failed')),
    ('alerts_dropped', (SELECT count(*) FROM outbox WHERE status = 'dropped')),
    ('feed_polls', 0), ('feed_poll_errors', 0),
    ('pruned_items', 0), ('pruned_alerts', 0);

CREATE TRIGGER counters_items AFTER INSERT ON items BEGIN
    UPDATE counters SET value = value + 1 WHERE name = 'items';
END;

CREATE TRIGGER counters_alerts AFTER UPDATE OF status ON outbox
WHEN new.status != old.status AND new.status != 'pending' BEGIN
    INSERT INTO counters (name, value) VALUES ('alerts_' || new.status, 1)
    ON CONFLICT (name) DO UPDATE SET value = value + 1;
END;

CREATE TRIGGER counters_polls AFTER UPDATE OF last_polled_at ON sources BEGIN
    UPDATE counters SET value = value + 1 WHERE name = 'feed_polls';
END;

CREATE TRIGGER counters_poll_errors AFTER UPDATE OF last_error_at ON sources
WHEN new.last_error_at IS NOT NULL BEGIN
    UPDATE counters SET value = value + 1 WHERE name = 'feed_poll_errors';
END"""


@migrations()
def m011_notices_zones_digests(db: Database) -> None:
    """Notices (truce news, digests) beside the alert outbox: one row per (chat, key), the
    neutral message as JSON and a shared picture; each chat's time zone, daily digest and
    truce-news follow; and the truce news already told, so a restart never tells it twice."""
    for statement in _NOTICES.split(";\n"):
        if statement.strip():
            db.execute(statement)


_NOTICES = """
ALTER TABLE chats ADD COLUMN zone TEXT;
ALTER TABLE chats ADD COLUMN digest_at TEXT;
ALTER TABLE chats ADD COLUMN digest_since REAL;
ALTER TABLE chats ADD COLUMN digest_last TEXT;
ALTER TABLE chats ADD COLUMN truces_since REAL;
CREATE INDEX chats_digest ON chats(digest_at) WHERE digest_at IS NOT NULL;
CREATE INDEX chats_truces ON chats(truces_since) WHERE truces_since IS NOT NULL;
CREATE TABLE notice_images (
    id INTEGER PRIMARY KEY,
    digest TEXT NOT NULL UNIQUE,
    png BLOB NOT NULL,
    name TEXT NOT NULL,
    alt TEXT NOT NULL
);
CREATE TABLE notices (
    id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    message TEXT NOT NULL,
    image_id INTEGER REFERENCES notice_images(id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    plain INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,
    last_error TEXT,
    created_at REAL NOT NULL,
    sent_at REAL,
    message_id INTEGER,
    UNIQUE (chat_id, key)
);
CREATE INDEX notices_pending ON notices(next_attempt_at, chat_id) WHERE status = 'pending';
CREATE TABLE truce_marks (
    key TEXT PRIMARY KEY,
    created_at REAL NOT NULL
)
"""


@migrations()
def m012_item_deletions(db: Database) -> None:
    """A count of deleted items, so a reader that keeps items in memory (the truce tracker)
    can tell new items from a changed set: item ids are only ever reused after a delete."""
    db.execute("INSERT INTO meta (key, value) VALUES ('items_deleted', '0')")
    db.execute(
        "CREATE TRIGGER items_deleted AFTER DELETE ON items BEGIN "
        "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'items_deleted'; END"
    )


@migrations()
def m013_chat_languages(db: Database) -> None:
    """The language each chat is spoken to in: `language` is what the chat chose with
    /language (NULL: follow the platform), `platform_language` what its platform says (a
    Telegram user's app language, a Discord server's or user's locale), as a primary tag."""
    db.execute("ALTER TABLE chats ADD COLUMN language TEXT")
    db.execute("ALTER TABLE chats ADD COLUMN platform_language TEXT")


@migrations()
def m014_band_keys(db: Database) -> None:
    """Same-story bands are 64-bit keys (`bot.dedup.band_key`) rather than text: the band
    index's rows are less than half as long, so each batch of new items rewrites fewer of
    its pages. Stored bands are turned into their keys; a database whose bands are keys
    already (migrated while this step was numbered m011) is left as it is."""
    if db["item_bands"].columns_dict["band"] is int:
        return
    db.conn.create_function("band_key", 1, _band_key_of_text, deterministic=True)
    db.execute(_BANDS.replace("item_bands", "item_bands_keyed", 1))
    db.execute(
        "INSERT OR IGNORE INTO item_bands_keyed (band, published_at, item_id, source_id) "
        "SELECT band_key(band), published_at, item_id, source_id FROM item_bands"
    )
    db.execute("DROP TABLE item_bands")
    db.execute("ALTER TABLE item_bands_keyed RENAME TO item_bands")
    db.execute("CREATE INDEX item_bands_item ON item_bands(item_id)")


_BANDS = """CREATE TABLE item_bands (
    band INTEGER NOT NULL,
    published_at REAL NOT NULL,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    source_id INTEGER NOT NULL,
    PRIMARY KEY (band, published_at, item_id)
) WITHOUT ROWID"""


def _band_key_of_text(text: str) -> int:
    """A band as it was stored before: "2:1f.a0.33" (its number, then its minima in hex)."""
    band, rows = text.split(":", 1)
    return dedup.band_key(int(band), [int(row, 16) for row in rows.split(".")])


@migrations()
def m015_notice_counters(db: Database) -> None:
    """Totals of notices (truce news, digests) sent, given up on and dropped with their chat,
    kept by a trigger like the alerts' (m010); an existing database starts from what it
    holds."""
    for statement in _NOTICE_COUNTERS.split(";\n\n"):
        db.execute(statement)


_NOTICE_COUNTERS = """
INSERT INTO counters (name, value) VALUES
    ('notices_sent', (SELECT count(*) FROM notices WHERE status = 'sent')),
    ('notices_failed', (SELECT count(*) FROM notices WHERE status = 'failed')),
    ('notices_dropped', (SELECT count(*) FROM notices WHERE status = 'dropped'));

CREATE TRIGGER counters_notices AFTER UPDATE OF status ON notices
WHEN new.status != old.status AND new.status != 'pending' BEGIN
    INSERT INTO counters (name, value) VALUES ('notices_' || new.status, 1)
    ON CONFLICT (name) DO UPDATE SET value = value + 1;
END"""
