"""The truce, chart, digest and time-zone commands through the command layer, and truce
news as a follow beside subscriptions."""

from __future__ import annotations

import struct
import threading
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import pytest_asyncio

from bot.config import Settings
from bot.message import Message, plain_text
from bot.models import PollSuccess
from bot.pipeline import store_items
from fakes.builders import html, item, tg
from handlers import truce_commands
from handlers.commands import Caller, Commands
from handlers.telegram.render import TELEGRAM
from storage.store import Store
from storage.threads import AsyncStore
from tests.demo_db import TITLE, store_demo_async

USER, GROUP = 7, -500
NOW = datetime(2020, 10, 14, tzinfo=UTC)


@pytest_asyncio.fixture
async def store(tmp_path: Path) -> AsyncIterator[AsyncStore]:
    s = await AsyncStore.open(str(tmp_path / "c.db"))
    yield s
    await s.close()


@pytest.fixture
def commands(store: AsyncStore) -> Commands:
    return Commands(store, Settings(), lambda: NOW)


@pytest_asyncio.fixture
async def demo(store: AsyncStore, commands: Commands) -> Commands:
    await store_demo_async(store)
    return commands


def private(user: int = USER) -> Caller:
    return Caller(tg(user), user, "private", surface=TELEGRAM)


def member(admin: bool) -> Caller:
    async def is_admin() -> bool:
        return admin

    return Caller(tg(GROUP), USER, "group", "Analysts", is_admin, surface=TELEGRAM)


async def run(commands: Commands, text: str, caller: Caller | None = None) -> Message:
    name, _, args = text.lstrip("/").partition(" ")
    return await commands.handle(caller or private(), name, args)


async def text_of(commands: Commands, text: str, caller: Caller | None = None) -> str:
    return plain_text(await run(commands, text, caller))


def png_width(data: bytes) -> int:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int(struct.unpack(">I", data[16:20])[0])


async def truce_id(commands: Commands) -> int:
    [truce] = await commands.truces.current()
    return truce.id


# --- /truce ------------------------------------------------------------------------------------


async def test_no_truce_yet(commands: Commands) -> None:
    assert "No truce found" in await text_of(commands, "/truce")


async def test_the_list_has_one_line_per_truce_with_its_counts(demo: Commands) -> None:
    reply = await text_of(demo, "/truce")
    ident = await truce_id(demo)
    assert (
        f"#{ident} {TITLE} — violated: 14 violation reports, 20 killed and 38 wounded "
        "reported; first violation 5 minutes after it took effect"
    ) in reply
    assert f"Send /truce {ident} for a truce's detail and chart." in reply


async def test_the_detail_comes_with_a_chart(demo: Commands) -> None:
    ident = await truce_id(demo)
    reply = await run(demo, f"/truce {ident}")
    text = plain_text(reply)
    assert text.startswith(f"{TITLE} (#{ident}): in force, violations reported")
    assert "In force from 10 Oct 2020 08:00 (UTC), open-ended" in text
    assert "first violation alleged 5 minutes after it took effect" in text
    assert reply.image is not None and png_width(reply.image.png) >= 1000
    assert "(UTC)" in reply.image.alt
    assert (await run(demo, f"/truce #{ident}")).image is not None


async def test_the_detail_in_the_chats_zone(demo: Commands) -> None:
    await run(demo, "/timezone Asia/Baku")
    ident = await truce_id(demo)
    reply = await run(demo, f"/truce {ident}")
    assert "In force from 10 Oct 2020 12:00 (Asia/Baku)" in plain_text(reply)
    assert reply.image is not None and "(Asia/Baku)" in reply.image.alt


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("/truce 999", "No truce #999"), ("/truce ganja", "Give a truce's number")],
)
async def test_unknown_truces(demo: Commands, text: str, fragment: str) -> None:
    assert fragment in await text_of(demo, text)


async def test_the_chart_is_drawn_off_the_event_loop(
    demo: Commands, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot import notifier

    threads: list[str] = []
    real = notifier.render_truce_chart

    def spy(*args: object, **kwargs: object) -> bytes:
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(notifier, "render_truce_chart", spy)
    await run(demo, f"/truce {await truce_id(demo)}")
    assert threads and threads[0] != threading.main_thread().name


# --- /timeline chart ---------------------------------------------------------------------------


async def test_timeline_chart(demo: Commands, monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[str] = []
    real = truce_commands.draw_timeline

    def spy(*args: object) -> bytes:
        threads.append(threading.current_thread().name)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(truce_commands, "draw_timeline", spy)
    reply = await run(demo, "/timeline chart violations 7d")
    assert reply.image is not None and png_width(reply.image.png) >= 1000
    text = plain_text(reply)
    assert "Timeline: cease-fire violations in the last 7d" in text
    assert "days in UTC" in text
    assert threads and threads[0] != threading.main_thread().name


async def test_timeline_chart_of_nothing(demo: Commands) -> None:
    reply = await run(demo, "/timeline chart 2020-09-01")
    assert reply.image is None and "Nothing reports on 2020-09-01" in plain_text(reply)


async def test_timeline_chart_in_the_chats_zone(demo: Commands) -> None:
    await run(demo, "/timezone Europe/Moscow")
    reply = await run(demo, "/timeline chart 2020-10-11 Ganja")
    assert reply.image is not None
    assert "on 2020-10-11 (Europe/Moscow)" in plain_text(reply)
    assert "days in Europe/Moscow" in plain_text(reply)


# --- /timezone ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("Europe/Moscow", "now shown in Europe/Moscow (it is 14 Oct 2020 03:00 Europe/Moscow)"),
        ("europe/moscow", "now shown in Europe/Moscow"),
        ("America/New York", "now shown in America/New_York"),
        ("UTC", "now shown in UTC"),
        ("Europe/Moskow", "not a time zone I know. Did you mean Europe/Moscow"),
        ("Moscow", "Did you mean Europe/Moscow"),
        ("Mars/Olympus_Mons", "not a time zone I know."),
        ("../../etc/passwd", "not a time zone I know"),
        ("localtime", "not a time zone I know"),
        ("+03:00", "not a time zone I know"),
    ],
)
async def test_timezone_takes_iana_names_only(
    commands: Commands, typed: str, fragment: str
) -> None:
    assert fragment in await text_of(commands, f"/timezone {typed}")


async def test_timezone_is_shown_and_kept(commands: Commands, store: AsyncStore) -> None:
    assert "Times here are shown in UTC" in await text_of(commands, "/timezone")
    await run(commands, "/timezone Asia/Kolkata")
    assert "Times here are shown in Asia/Kolkata" in await text_of(commands, "/timezone")
    prefs = await store.read(Store.chat_prefs, tg(USER))
    assert prefs is not None and prefs.zone == "Asia/Kolkata"


async def test_the_zone_moves_timeline_days_and_times(
    commands: Commands, store: AsyncStore
) -> None:
    source = await store.write(Store.add_source, "https://w.example/rss", "Wire", NOW)
    later = PollSuccess(None, None, datetime(2100, 1, 1, tzinfo=UTC))
    late = datetime(2020, 10, 12, 22, 30, tzinfo=UTC)  # 01:30 on the 13th in Moscow
    story = item("Shelling near Terter", labels=("ceasefire_violation",), published=late)
    await store.write(store_items, source.id, [story], later, NOW)
    utc_view = await text_of(commands, "/timeline 2020-10-12")
    assert "Mon 12 Oct 2020" in utc_view and "22:30" in utc_view
    await run(commands, "/timezone Europe/Moscow")
    assert "Nothing reports on 2020-10-12 (Europe/Moscow)" in await text_of(
        commands, "/timeline 2020-10-12"
    )
    moscow = await text_of(commands, "/timeline 2020-10-13")
    assert "Tue 13 Oct 2020" in moscow and "01:30" in moscow
    assert "13 Oct 01:30" in await text_of(commands, "/search Terter")


async def test_changing_the_zone_is_for_group_administrators(commands: Commands) -> None:
    refused = await text_of(commands, "/timezone Europe/Moscow", member(admin=False))
    assert "Only this group's administrators" in refused
    allowed = await text_of(commands, "/timezone Europe/Moscow", member(admin=True))
    assert "now shown in Europe/Moscow" in allowed


# --- /digest -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("08:00", "A daily digest at 08:00 (UTC); the first on Wed 14 Oct."),
        ("0:00", "A daily digest at 00:00 (UTC); the first on Thu 15 Oct."),
        ("7", "A daily digest at 07:00"),
        ("25:00", "could not read that time"),
        ("8:61", "could not read that time"),
        ("soon", "could not read that time"),
        ("off", "Daily digest off."),
    ],
)
async def test_digest_times(commands: Commands, typed: str, fragment: str) -> None:
    assert fragment in await text_of(commands, f"/digest {typed}")


async def test_digest_status_off_and_now(demo: Commands) -> None:
    assert "No daily digest here" in await text_of(demo, "/digest")
    await run(demo, "/timezone Europe/Moscow")
    await run(demo, "/digest 08:30")
    assert "A daily digest at 08:30 (Europe/Moscow)." in await text_of(demo, "/digest")
    now = await text_of(demo, "/digest now")
    assert "Daily digest, Wed 14 Oct 2020" in now and TITLE in now
    await run(demo, "/digest off")
    assert "No daily digest here" in await text_of(demo, "/digest")


# --- following truce news ----------------------------------------------------------------------


async def test_subscribe_truces_is_a_follow_of_its_own(
    commands: Commands, store: AsyncStore
) -> None:
    assert "Following: truces" in await text_of(commands, "/subscribe truces")
    assert "Already following: truces" in await text_of(commands, "/subscribe Truces")
    listing = await text_of(commands, "/subscriptions")
    assert "Truce news: announced, first violation, collapsed or ended" in listing
    assert await store.read(Store.subscriptions, tg(USER)) == []  # no item subscription
    assert "Truce news stopped." in await text_of(commands, "/unsubscribe truces")
    assert "did not follow truces" in await text_of(commands, "/unsubscribe truces")
    assert "follows nothing" in await text_of(commands, "/subscriptions")


async def test_truces_beside_categories_and_keywords(commands: Commands) -> None:
    both = await text_of(commands, "/subscribe truces violations Ganja")
    assert "Following: truces" in both and "Following: violations ganja" in both
    quoted = await text_of(commands, '/subscribe "truce talks"')
    assert 'Following: "truce talks"' in quoted  # a quoted phrase stays a keyword
    cleared = await text_of(commands, "/unsubscribe all")
    assert "Truce news stopped. Removed 2 subscriptions; 0 left." in cleared


async def test_following_truces_is_for_group_administrators(commands: Commands) -> None:
    refused = await text_of(commands, "/subscribe truces", member(admin=False))
    assert "Only this group's administrators" in refused


async def test_help_names_the_new_commands(commands: Commands) -> None:
    helped = html(await run(commands, "/help"))
    for name in ("/truce", "/digest", "/timezone"):
        assert name in helped
    assert "<code>truces</code> follows truce news" in helped
