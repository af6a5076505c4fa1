"""Security: the SSRF guard (every private range, IPv6 spellings, DNS names, redirects),
admin-only commands, the bot token kept out of every log, feed markup never becoming chat
markup, SQL/FTS injection, no user-controlled regular expressions, per-chat limits."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio
from telegram.error import InvalidToken

from bot.app import App, build_app
from bot.config import Settings
from bot.fetch import BlockedAddress, Fetcher, FetchError, address_problem, guarded_socket
from bot.match import parse_query
from bot.models import PollSuccess
from bot.pipeline import Pipeline, store_items
from fakes.builders import alert_html, caller, html, item, subscribe, tg
from fakes.feed_site import FeedSite, make_entries
from fakes.telegram_api import FakeTelegram, parse_telegram_html, telegram_html_to_text
from handlers.commands import Caller, Commands
from storage.store import Store
from storage.threads import AsyncStore
from tests.command_line import cli_env
from tests.reliability.helpers import (
    Clock,
    alert_for,
    assert_chat_html,
    guarded_fetcher,
)
from tests.running_bot import telegram_settings

ADMIN, USER, GROUP, GROUP_ADMIN = 42, 7, -500, 9

# --- SSRF -----------------------------------------------------------------------------------

PRIVATE = [
    "10.0.0.1",
    "10.255.255.254",
    "172.16.0.1",
    "172.31.255.254",
    "192.168.0.1",
    "192.168.255.254",
    "127.0.0.1",
    "127.255.255.254",
    "169.254.169.254",
    "169.254.0.1",
    "100.64.0.1",
    "100.127.255.254",
    "0.0.0.0",
    "0.1.2.3",
    "224.0.0.1",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "192.0.0.1",
    "192.0.2.1",
    "198.18.0.1",
    "198.51.100.7",
    "203.0.113.9",
    "::1",
    "::",
    "fe80::1",
    "fe80::1%eth0",
    "fc00::1",
    "fd12:3456:789a::1",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    "::ffff:192.168.1.1",
    "::ffff:7f00:1",
    "2001:db8::1",
    "64:ff9b::7f00:1",
    "100::1",
]
PUBLIC = ["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111", "2a00:1450::1"]


@pytest.mark.parametrize("address", PRIVATE)
def test_every_private_address_is_refused_before_connecting(address: str) -> None:
    assert address_problem(address)
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    factory = guarded_socket(())
    # The factory refuses before a socket exists, so not one packet is sent.
    with pytest.raises(BlockedAddress, match="refused to connect"):
        factory((family, socket.SOCK_STREAM, 6, "", (address, 80)))


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are_allowed(address: str) -> None:
    assert address_problem(address) is None


@pytest_asyncio.fixture
async def ipv6_site() -> AsyncIterator[FeedSite | None]:
    try:
        site = FeedSite(host="::1")
        await site.start()
    except OSError:
        yield None  # no IPv6 loopback here
        return
    yield site
    await site.stop()


async def test_loopback_in_every_spelling_is_refused(
    feed_site: FeedSite, ipv6_site: FeedSite | None
) -> None:
    """A feed server really listens at each address; only the guard stands in between."""
    port = feed_site.port
    urls = [
        f"http://127.0.0.1:{port}/good/rss",
        f"http://localhost:{port}/good/rss",
        f"http://[::ffff:127.0.0.1]:{port}/good/rss",
        f"http://0x7f.0.0.1:{port}/good/rss",
        f"http://127.1:{port}/good/rss",
        f"http://2130706433:{port}/good/rss",
    ]
    if ipv6_site is not None:
        urls.append(f"http://[::1]:{ipv6_site.port}/good/rss")
    guarded = Fetcher(allow_private=False, timeout=3.0)
    try:
        open_ = Fetcher(allow_private=True, timeout=3.0)
        try:
            reachable = await open_.fetch(urls[0])  # the target is there to be had
            assert b"<rss" in reachable.body
        finally:
            await open_.close()
        for url in urls:
            with pytest.raises(FetchError) as refused:
                await guarded.fetch(url)
            message = str(refused.value)
            assert "refused to connect" in message or "not a canonical" in message, (url, message)
    finally:
        await guarded.close()
    assert feed_site.requests("/good/rss") == [feed_site.requests("/good/rss")[0]]
    if ipv6_site is not None:
        assert ipv6_site.requests() == []


async def test_redirects_into_private_space_are_refused(feed_site: FeedSite) -> None:
    """The site itself is trusted (exempt); where it redirects to is not."""
    fetcher = guarded_fetcher(feed_site, timeout=3.0)
    try:
        for path in (
            "/redirect/to-loopback",
            "/redirect/to-ipv6-loopback",
            "/redirect/to-metadata",
            "/redirect/to-private-10",
        ):
            with pytest.raises(FetchError, match="refused to connect"):
                await fetcher.fetch(feed_site.url(path))
        for path in ("/redirect/to-file-scheme", "/redirect/to-decimal-ip"):
            with pytest.raises(FetchError, match="invalid address or redirect"):
                await fetcher.fetch(feed_site.url(path))
        allowed = await fetcher.fetch(feed_site.url("/redirect/302"))  # same trusted site
        assert b"<rss" in allowed.body
    finally:
        await fetcher.close()


@pytest_asyncio.fixture
async def commands(tmp_path: Path) -> AsyncIterator[Commands]:
    store = await AsyncStore.open(str(tmp_path / "sec.db"))
    yield Commands(
        store, Settings(admins=frozenset({ADMIN}), max_subscriptions=50), lambda: datetime.now(UTC)
    )
    await store.close()


BOT_ADMIN = caller(ADMIN, ADMIN, "private", admins={ADMIN})


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed",
        "http://localhost:8080/",
        "http://sub.localhost/",
        "http://10.1.2.3/",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://192.168.1.1/",
        "http://[fd00::1]/",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://[::ffff:127.0.0.1]/",
        "http://0x7f.1/",
        "http://2130706433/",
    ],
)
async def test_chat_added_feeds_never_reach_private_addresses(
    commands: Commands, feed_site: FeedSite, url: str
) -> None:
    """Refused when added, or (defence in depth) refused when the pipeline connects."""
    reply = await commands.handle(BOT_ADMIN, "addsource", url)
    sources = await commands.store.read(Store.list_sources)
    if not sources:
        assert "Refused" in html(reply) or "must start with http" in html(reply), html(reply)
        return
    [source] = sources
    assert source.origin == "chat"
    fetcher = Fetcher(allow_private=False, timeout=3.0)
    clock = Clock(datetime.now(UTC) + timedelta(seconds=1))
    pipeline = Pipeline(commands.store, fetcher, None, default_interval=60, clock=clock)
    try:
        [report] = await pipeline.poll_once()
    finally:
        await fetcher.close()
    assert not report.ok and "refused to connect" in (report.error or ""), report


async def test_a_chat_source_cannot_read_local_files(commands: Commands) -> None:
    source = await commands.store.write(
        Store.add_source, "file:///etc/passwd", "x", datetime.now(UTC), origin="chat"
    )
    fetcher = Fetcher(allow_private=True, timeout=3.0)
    pipeline = Pipeline(
        commands.store,
        fetcher,
        None,
        default_interval=60,
        clock=Clock(datetime.now(UTC) + timedelta(seconds=1)),
    )
    try:
        [report] = await pipeline.poll_once()
    finally:
        await fetcher.close()
    assert report.source_id == source.id and not report.ok
    assert "only be added from the command line" in (report.error or "")
    assert (await commands.store.read(Store.stats))["items"] == 0


# --- admin-only commands ------------------------------------------------------------------


async def _yes() -> bool:
    return True


@pytest.mark.parametrize(
    "who",
    [caller(USER, USER, "private"), caller(GROUP, GROUP_ADMIN, "supergroup", "G", _yes)],
    ids=["user", "group admin"],
)
async def test_admin_commands_are_refused_without_side_effects(
    commands: Commands, who: Caller
) -> None:
    await commands.handle(BOT_ADMIN, "addsource", "https://example.org/feed.xml Kept")
    for name, args in (
        ("addsource", "https://evil.example/feed"),
        ("removesource", "1"),
        ("removesource", "https://example.org/feed.xml"),
        ("stats", ""),
    ):
        reply = await commands.handle(who, name, args)
        assert "administrators only" in html(reply)
    [kept] = await commands.store.read(Store.list_sources)
    assert kept.name == "Kept"
    help_text = html(await commands.handle(who, "help", ""))
    assert "/addsource" not in help_text and "/stats" not in help_text


# --- the bot token never reaches a log -----------------------------------------------------


@pytest.fixture
def product_logging() -> Iterator[None]:
    """Leave the root logger as it was after the product's logging set-up replaced it."""
    root = logging.getLogger()
    saved = (
        root.handlers[:],
        root.level,
        {n: logging.getLogger(n).level for n in ("httpx", "httpcore", "apscheduler")},
    )
    yield
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])
    for name, level in saved[2].items():
        logging.getLogger(name).setLevel(level)


async def test_token_never_logged_during_a_faulty_run(
    fake_telegram: FakeTelegram,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    product_logging: None,
    feed_site: FeedSite,
) -> None:
    """DEBUG logging set up exactly as `trucewatch run` does, through polling errors,
    send failures, a rejected token, a blocked user and a command round trip."""
    from bot.__main__ import _setup_logging

    settings = telegram_settings(
        fake_telegram,
        tmp_path / "log.db",
        admins=frozenset({ADMIN}),
        poll_seconds=2,
        allow_private_urls=True,
        log_level="DEBUG",
    )
    _setup_logging(settings)
    for method, kind, opts in (
        ("getUpdates", "500", {}),
        ("getUpdates", "reset", {}),
        ("sendMessage", "500", {}),
        ("sendMessage", "reset", {}),
        ("sendMessage", "timeout", {"seconds": 0.3}),
        ("sendMessage", "401", {}),
        ("getChatMember", "400", {}),
    ):
        fake_telegram.inject(method, kind, 1, **opts)
    feed_site.add_feed("/wire", "rss", items=make_entries(2))
    bot = await build_app(settings)
    bot.start()
    try:
        await bot.wait_started()
        await fake_telegram.push_message(ADMIN, f"/addsource {feed_site.url('/wire')} Wire")
        await fake_telegram.push_message(USER, "/subscribe violations")
        fake_telegram.add_chat(GROUP, "supergroup", title="G")
        await fake_telegram.push_message(GROUP, "/subscribe violations", user_id=USER)
        await fake_telegram.wait_for_calls("getChatMember", 1, timeout=20)
        await feed_site.wait_for_requests("/wire", 1, timeout=10)
        # Replies went through 500, reset, time-out and 401 answers: at least two got out.
        await fake_telegram.wait_for_messages(2, timeout=20)
        fake_telegram.block(USER)
        await fake_telegram.push_message(USER, "/help")
        sends = len(fake_telegram.calls_to("sendMessage"))
        await fake_telegram.wait_for_calls("sendMessage", sends + 1, timeout=20)
        core = bot
        # Alerts through failing sends (the 401 included).
        await queue_violation_alert(core, ADMIN)
        core.deliverer.wake()
        await core.deliverer.wait_outcomes(1, 20)
    finally:
        await bot.stop()
    # A rejected token: PTB puts the token into InvalidToken's message (Bot.initialize), so
    # a traceback of it carries the token. Logged the way an unexpected failure would be.
    try:
        raise InvalidToken(f"The token `{fake_telegram.token}` was rejected by the server.")
    except InvalidToken:
        logging.getLogger("trucewatch").exception("start-up failed")
    gc.collect()
    logs = capsys.readouterr().err
    assert "DEBUG" in logs and "Calling Bot API endpoint" in logs  # the log is really there
    assert "Traceback" in logs  # ...tracebacks included
    assert fake_telegram.token not in logs
    assert fake_telegram.token.split(":", 1)[1] not in logs  # nor its secret half


async def test_token_never_printed_by_the_cli(tmp_path: Path) -> None:
    """`trucewatch run` at DEBUG against a Telegram that refuses and drops things."""
    tg = FakeTelegram().start_in_thread()
    try:
        for method, kind in (
            ("getUpdates", "500"),
            ("getUpdates", "reset"),
            ("setMyCommands", "500"),
            ("deleteWebhook", "reset"),
        ):
            tg.inject(method, kind, 1)
        env = cli_env(
            TELEGRAM_BOT_TOKEN=tg.token,
            TELEGRAM_API_URL=tg.base_url,
            TRUCEWATCH_DB=str(tmp_path / "cli.db"),
            TRUCEWATCH_LOG_LEVEL="DEBUG",
            TRUCEWATCH_PARSE_WORKERS="0",
        )
        bot = await asyncio.to_thread(
            subprocess.Popen,
            [sys.executable, "-m", "bot", "run"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            # Past both polling faults: a long poll is parked (the bot is fully up).
            await tg.wait_for_calls("getUpdates", 2, timeout=30)
            await tg.wait_for_poller(timeout=30)
            bot.send_signal(signal.SIGTERM)
            out, err = await asyncio.to_thread(bot.communicate, timeout=30)
        finally:
            if bot.poll() is None:
                bot.kill()
                bot.communicate()
    finally:
        tg.stop_thread()
    assert [c.status for c in tg.calls_to("getUpdates")][:2] == [500, 0], err[-2000:]
    assert "Calling Bot API endpoint" in err
    assert tg.token not in out and tg.token not in err
    assert tg.token.split(":", 1)[1] not in err


def test_a_rejected_token_stops_the_bot_with_a_clear_error(tmp_path: Path) -> None:
    tg = FakeTelegram().start_in_thread()
    wrong = "7000000001:AAWrongTokenTelegramRejects_000000000"
    env = cli_env(
        TELEGRAM_BOT_TOKEN=wrong,
        TELEGRAM_API_URL=tg.base_url,
        TRUCEWATCH_DB=str(tmp_path / "t.db"),
        TRUCEWATCH_PARSE_WORKERS="0",
    )
    bot = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        try:
            out, err = bot.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            bot.send_signal(signal.SIGTERM)
            out, err = bot.communicate(timeout=20)
            pytest.fail(f"still running 5 s after Telegram refused the token: {err[-500:]}")
    finally:
        if bot.poll() is None:
            bot.kill()
            bot.communicate()
        tg.stop_thread()
    assert bot.returncode != 0 and "token" in err.lower() and wrong not in err + out


def _due_now(store: Store) -> None:
    with store.db.atomic():
        store.db.execute("UPDATE outbox SET next_attempt_at = 0")
        store.db.execute("UPDATE pending_chats SET due_at = 0")


async def queue_violation_alert(core: App, chat_id: int) -> None:
    """One violation alert for `chat_id`, queued by a source past its first poll."""
    now = core.clock()
    later = now + timedelta(days=1)
    src = await core.store.write(Store.add_source, "https://x.example/", "X", later)
    await core.store.write(Store.record_not_modified, src.id, PollSuccess(None, None, later), now)
    await subscribe(core.store, chat_id, "violations", now - timedelta(hours=1))
    breach = item(
        "Truce broken near Ganja", "shelling", labels=("ceasefire_violation",), published=now
    )
    await core.store.write(store_items, src.id, [breach], PollSuccess(None, None, later), now)


async def test_a_401_on_send_does_not_lose_the_alert(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    settings = telegram_settings(fake_telegram, tmp_path / "401.db", poll_seconds=3600)
    bot = await build_app(settings)
    bot.start()
    try:
        await bot.wait_started()
        fake_telegram.inject("sendMessage", "401", 1)
        core = bot
        await queue_violation_alert(core, USER)
        core.deliverer.wake()
        await core.deliverer.wait_outcomes(1)
        stats = await core.store.read(Store.stats)
        assert (stats["queued"], stats["failed"]) == (1, 0)  # kept for later, not lost
        # Five minutes on (the retry delay for a rejected token), the token works again.
        await core.store.write(_due_now)
        core.deliverer.wake()
        await fake_telegram.wait_for_messages(1, chat_id=USER)
    finally:
        await bot.stop()


# --- feed markup never becomes chat markup ---------------------------------------------------


async def test_feed_markup_is_never_chat_markup(tmp_path: Path, feed_site: FeedSite) -> None:
    """Whatever tags a feed carries, an alert's only formatting is our own: bold heading and
    headline, and one link to the item's own http(s) address."""
    store = await AsyncStore.open(str(tmp_path / "markup.db"))
    fetcher = guarded_fetcher(feed_site, timeout=5.0)
    pipeline = Pipeline(store, fetcher, None, default_interval=60, clock=Clock())
    try:
        for path in (
            "/content/telegram-markup",
            "/content/html-injection",
            "/content/dangerous-links",
            "/content/atom-xml-base",
        ):
            await store.write(Store.add_source, feed_site.url(path), path, Clock()())
        reports = await pipeline.poll_once()
        items = await store.read(Store.latest, 1000)
    finally:
        await fetcher.close()
        await store.close()
    assert all(r.ok for r in reports) and len(items) >= 20
    for stored in items:
        html = alert_html(alert_for(stored))
        assert_chat_html(html)
        entities = parse_telegram_html(html).entities
        assert {e["type"] for e in entities} <= {"bold", "text_link"}, (stored.title, entities)
        assert len([e for e in entities if e["type"] == "bold"]) == 2
        links = [e["url"] for e in entities if e["type"] == "text_link"]
        assert links == ([stored.url] if stored.url else [])
        shown = telegram_html_to_text(html)
        assert stored.title.split("\n")[0][:40] in shown  # the headline is shown as text


# --- SQL and FTS injection -------------------------------------------------------------------

INJECTIONS = (
    "'; DROP TABLE items; --",
    '" OR 1=1 --',
    "x') UNION SELECT token FROM secrets --",
    "items_fts MATCH '*'",
    "NEAR(ganja truce)",
    "ganja OR zzz",
    "title:ganja",
    "^ganja",
    "ganja*",
    '"ganja" AND "truce"',
    "1; DELETE FROM subscriptions",
    "%' OR '%'='",
)


async def _tables(store: AsyncStore) -> list[str]:
    def names(reader: Store) -> list[str]:
        rows = reader.db.execute("SELECT name FROM sqlite_master ORDER BY name").fetchall()
        return [r[0] for r in rows]

    return await store.read(names)


async def test_sql_and_fts_injection_through_commands(commands: Commands) -> None:
    store = commands.store
    now = datetime.now(UTC)
    source = await store.write(Store.add_source, "https://w.example/", "Wire", now)
    await store.write(
        store_items,
        source.id,
        [
            item(
                "Truce broken near Ganja",
                "shelling",
                published=now,
                labels=("ceasefire_violation",),
            ),
            item("Talks in Geneva", "diplomats met", published=now),
        ],
        PollSuccess(None, None, now + timedelta(days=1)),
        now,
    )
    tables, stats = await _tables(store), await store.read(Store.stats)
    me, other = caller(USER, USER, "private"), caller(USER + 1, USER + 1, "private")
    for payload in INJECTIONS:
        for who, name, args in (
            (me, "search", payload),
            (me, "subscribe", payload),
            (me, "timeline", f"7d {payload} ganja"),
            (other, "subscribe", "ganja"),
            (other, "unsubscribe", payload),
        ):
            reply = await commands.handle(who, name, args)
            assert_chat_html(html(reply), what=f"/{name} {payload}")
    assert await _tables(store) == tables
    after = await store.read(Store.stats)
    assert {k: after[k] for k in ("items", "sources")} == {
        k: stats[k] for k in ("items", "sources")
    }
    assert await store.read(Store.check) == "ok"
    # Operators are words, not syntax: "ganja OR zzz" needs both words, so finds nothing.
    assert "No stored report mentions" in html(await commands.handle(me, "search", "ganja OR zzz"))
    assert "Ganja" in html(await commands.handle(me, "search", "GANJA truce"))
    listing = telegram_html_to_text(html(await commands.handle(me, "subscriptions", "")))
    assert "1; delete from subscriptions" in listing  # stored and shown literally


# --- no user-controlled regular expressions --------------------------------------------------


async def test_a_redos_keyword_matches_literally_and_fast(tmp_path: Path) -> None:
    store = await AsyncStore.open(str(tmp_path / "redos.db"))
    now = datetime.now(UTC)
    try:
        await store.write(Store.ensure_chat, tg(USER), "private", None, now - timedelta(hours=1))
        for query in ("(a+)+$", "(.*a){20}", "[a-z]+*"):
            await store.write(
                Store.add_subscription,
                tg(USER),
                parse_query(query),
                now - timedelta(hours=1),
                max_per_chat=50,
            )
        later = now + timedelta(days=1)
        source = await store.write(Store.add_source, "https://w.example/", "Wire", now)
        await store.write(
            Store.record_not_modified,
            source.id,
            PollSuccess(None, None, later),
            now - timedelta(hours=1),
        )
        evil = "a" * 5000 + "!"
        started = time.monotonic()
        async with asyncio.timeout(10):  # a backtracking regex would take ages here
            report = await store.write(
                store_items,
                source.id,
                [
                    item(evil[:300], evil, published=now),
                    item("Analysts quote (a+)+$ as a pattern", "literal text", published=now),
                ],
                PollSuccess(None, None, later),
                now,
            )
        elapsed = time.monotonic() - started
        alerts = await store.read(Store.due_alerts, later, 10)
    finally:
        await store.close()
    assert elapsed < 2.0, elapsed
    assert report.alerts == 1 and [a.item.title for a in alerts] == [
        "Analysts quote (a+)+$ as a pattern"
    ]


# --- per-chat limits -------------------------------------------------------------------------


async def test_subscriptions_are_limited_per_chat(commands: Commands) -> None:
    me, other = caller(USER, USER, "private"), caller(USER + 1, USER + 1, "private")
    for n in range(50):
        assert "Following" in html(await commands.handle(me, "subscribe", f"place{n}"))
    assert "Already following" in html(await commands.handle(me, "subscribe", "place3"))
    refused = html(await commands.handle(me, "subscribe", "one-too-many"))
    assert "at most 50 subscriptions" in refused
    assert len(await commands.store.read(Store.subscriptions, tg(USER))) == 50
    assert "Following" in html(await commands.handle(other, "subscribe", "place1"))
    many = " ".join(f"k{n}" for n in range(21))
    assert "at most 20 keywords" in html(await commands.handle(other, "subscribe", many)).lower()
    long_word = "x" * 101
    assert (
        "at most 100 characters"
        in html(await commands.handle(other, "subscribe", long_word)).lower()
    )
    assert "too long" in html(await commands.handle(other, "subscribe", "y " * 201))
    assert len(await commands.store.read(Store.subscriptions, tg(USER + 1))) == 1
