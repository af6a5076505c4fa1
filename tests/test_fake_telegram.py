"""The fake Telegram Bot API, driven through the real python-telegram-bot library: it must
accept and refuse what Telegram does, since the bot's tests take its word for it."""

from __future__ import annotations

import asyncio
import datetime as dtm
import html
import struct
import time
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
)
from telegram.constants import ChatMemberStatus, ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)

from fakes.telegram_api import (
    FakeTelegram,
    parse_telegram_html,
    telegram_html_to_text,
    utf16_len,
)
from fakes.telegram_fixtures import build_bot

PRIVATE = 4242
GROUP = -4242
SUPERGROUP = -1001234567890


def png(width: int, height: int) -> bytes:
    """A plain grey PNG of the given size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


# ----------------------------------------------------------------------------- sending
async def test_send_message_is_recorded_with_its_options(
    fake_telegram: FakeTelegram, ptb_bot: Bot
) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Mute", callback_data="mute:7")]])
    message = await ptb_bot.send_message(
        PRIVATE,
        "<b>Ceasefire</b> agreed in <i>Region</i>",
        parse_mode=ParseMode.HTML,
        reply_markup=keyboard,
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )

    assert message.text == "Ceasefire agreed in Region"
    assert [(e.type, e.offset, e.length) for e in message.entities] == [
        ("bold", 0, 9),
        ("italic", 20, 6),
    ]
    assert message.chat.id == PRIVATE and message.from_user is not None
    assert message.from_user.username == fake_telegram.bot_username
    [sent] = fake_telegram.messages_to(PRIVATE)
    assert sent.text == "<b>Ceasefire</b> agreed in <i>Region</i>"
    assert sent.visible_text == message.text
    assert sent.parse_mode == "HTML"
    assert sent.message_id == message.message_id
    assert sent.reply_markup == {"inline_keyboard": [[{"text": "Mute", "callback_data": "mute:7"}]]}
    assert sent.link_preview_options == {"is_disabled": True}
    assert sent.link_preview_disabled and not sent.allow_paid_broadcast and sent.photo is None


async def test_form_values_are_decoded_by_parameter_type(
    fake_telegram: FakeTelegram, ptb_bot: Bot
) -> None:
    # PTB posts a form: every value a string, structured ones as JSON.
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Go", url="https://example.org")]])
    await ptb_bot.send_message(PRIVATE, "42", reply_markup=keyboard, disable_notification=True)

    [call] = fake_telegram.calls_to("sendMessage")
    assert call.params["chat_id"] == PRIVATE and call.params["disable_notification"] is True
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["url"] == "https://example.org"
    assert fake_telegram.sent[0].text == "42"  # a numeric-looking text stays a string


async def test_getme_and_commands(fake_telegram: FakeTelegram, ptb_bot: Bot) -> None:
    assert ptb_bot.username == fake_telegram.bot_username
    assert ptb_bot.id == fake_telegram.bot_id

    await ptb_bot.set_my_commands([BotCommand("start", "Subscribe"), BotCommand("stop", "Stop")])
    await ptb_bot.set_my_commands([BotCommand("stats", "Figures")], scope=BotCommandScopeChat(7))
    assert [c["command"] for c in fake_telegram.commands()] == ["start", "stop"]
    assert fake_telegram.commands(scope={"type": "chat", "chat_id": 7}) == [
        {"command": "stats", "description": "Figures"}
    ]
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await ptb_bot.set_my_commands([BotCommand("Not-Valid", "x")])


# ----------------------------------------------------------------------------- photos
async def test_send_photo_uploads_the_image_with_an_html_caption(
    fake_telegram: FakeTelegram, ptb_bot: Bot
) -> None:
    image = png(640, 320)
    message = await ptb_bot.send_photo(
        PRIVATE, image, caption="Casualties <b>this week</b>", parse_mode=ParseMode.HTML
    )

    assert message.caption == "Casualties this week"
    assert [(e.type, e.offset, e.length) for e in message.caption_entities] == [("bold", 11, 9)]
    assert (message.photo[-1].width, message.photo[-1].height) == (640, 320)
    [sent] = fake_telegram.messages_to(PRIVATE)
    assert sent.photo == image and sent.text == "Casualties <b>this week</b>"
    assert sent.visible_text == "Casualties this week"
    await ptb_bot.send_photo(PRIVATE + 1, image)  # a caption is optional


async def test_photo_caption_is_html_checked_and_limited_to_1024(ptb_bot: Bot) -> None:
    image = png(10, 10)
    await ptb_bot.send_photo(PRIVATE, image, caption="<b>" + "x" * 1024 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message caption is too long"):
        await ptb_bot.send_photo(PRIVATE + 1, image, caption="x" * 1025)
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await ptb_bot.send_photo(PRIVATE + 2, image, caption="<b>open", parse_mode="HTML")


async def test_photo_must_be_an_image_of_sane_dimensions(ptb_bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)IMAGE_PROCESS_FAILED"):
        await ptb_bot.send_photo(PRIVATE, b"<svg/> is not a photo")
    with pytest.raises(BadRequest, match=r"(?i)PHOTO_INVALID_DIMENSIONS"):
        await ptb_bot.send_photo(PRIVATE, png(10, 210))  # more than 20 times higher than wide
    with pytest.raises(BadRequest, match=r"(?i)PHOTO_INVALID_DIMENSIONS"):
        await ptb_bot.send_photo(PRIVATE, png(5001, 5000))  # more than 10,000 together


async def test_photos_count_against_the_flood_limits(ptb_bot: Bot) -> None:
    await ptb_bot.send_photo(PRIVATE, png(10, 10))
    with pytest.raises(RetryAfter):
        await ptb_bot.send_message(PRIVATE, "right after a photo")


# ----------------------------------------------------------------------------- validation
@pytest.mark.parametrize(
    "markup",
    [
        "<b>b</b> <strong>s</strong> <i>i</i> <em>e</em> <u>u</u> <ins>n</ins>",
        "<s>s</s> <strike>k</strike> <del>d</del> <tg-spoiler>x</tg-spoiler>",
        '<span class="tg-spoiler">hidden</span> <a href="https://example.org/?a=1&amp;b=2">x</a>',
        '<pre><code class="language-python">print("hi")</code></pre> <code>x</code>',
        "<blockquote>quoted</blockquote><blockquote expandable>long</blockquote>",
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji> &lt;&gt;&amp;&quot; &#65;&#x42;',
    ],
)
async def test_valid_html_is_accepted(ptb_bot: Bot, markup: str) -> None:
    message = await ptb_bot.send_message(
        PRIVATE + hash(markup) % 1000, markup, parse_mode=ParseMode.HTML
    )
    assert message.text == telegram_html_to_text(markup)


@pytest.mark.parametrize(
    ("markup", "reason"),
    [
        ("<script>alert(1)</script>", 'Unsupported start tag "script" at byte offset 0'),
        ("Casualties < 10", 'Unsupported start tag "" at byte offset 11'),
        ("Front line <", "Unclosed start tag at byte offset 11"),
        ("<b>Truce</i>", 'Unmatched end tag at byte offset 8, expected "</b>", found "</i>"'),
        ("<b><i>mis</b></i>", 'Unmatched end tag at byte offset 9, expected "</i>", found "</b>"'),
        ("<b>never closed", "Can't find end tag corresponding to start tag"),
        ("stray </b>", "Unexpected end tag at byte offset 6"),
        ("Kyiv&nbsp;talks", 'Unsupported HTML entity "&nbsp;" at byte offset 4'),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler"'),
    ],
)
async def test_invalid_html_is_refused(
    fake_telegram: FakeTelegram, ptb_bot: Bot, markup: str, reason: str
) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities") as caught:
        await ptb_bot.send_message(PRIVATE, markup, parse_mode=ParseMode.HTML)
    # PTB lower-cases all but the first letter; the fake's record keeps Telegram's text.
    assert reason.lower() in caught.value.message.lower()
    description = fake_telegram.calls_to("sendMessage")[-1].description or ""
    assert description.startswith("Bad Request: can't parse entities: ")
    assert reason in description
    with pytest.raises(ValueError, match=r"byte offset|end tag|span"):
        telegram_html_to_text(markup)


async def test_byte_offsets_count_utf8_bytes() -> None:
    with pytest.raises(ValueError, match="byte offset 8"):
        telegram_html_to_text("Ж <b>é</i>")  # Ж and é take two bytes each


async def test_text_length_is_measured_in_utf16_units(ptb_bot: Bot) -> None:
    await ptb_bot.send_message(PRIVATE, "x" * 4096)
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await ptb_bot.send_message(PRIVATE + 1, "x" * 4097)
    # Markup does not count, only the visible text does.
    await ptb_bot.send_message(PRIVATE + 2, "<b>" + "x" * 4096 + "</b>", parse_mode=ParseMode.HTML)
    # An emoji outside the BMP is two UTF-16 units: 2049 of them are 4098 units.
    assert utf16_len("🕊" * 2049) == 4098
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await ptb_bot.send_message(PRIVATE + 3, "🕊" * 2049)


async def test_empty_text_is_refused(ptb_bot: Bot) -> None:
    for text in ("", "   \n ", "<b> </b>"):
        with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
            await ptb_bot.send_message(PRIVATE, text, parse_mode=ParseMode.HTML)


async def test_callback_data_and_keyboard_are_validated(ptb_bot: Bot) -> None:
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="d" * 65)]])
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await ptb_bot.send_message(PRIVATE, "alert", reply_markup=too_long)
    # 64 bytes is the limit, counted in UTF-8 bytes, not characters.
    ok = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="d" * 64)]])
    await ptb_bot.send_message(PRIVATE, "alert", reply_markup=ok)
    wide = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="é" * 33)]])
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await ptb_bot.send_message(PRIVATE + 1, "alert", reply_markup=wide)
    bad_url = InlineKeyboardMarkup([[InlineKeyboardButton("x", url="not a url")]])
    with pytest.raises(BadRequest, match=r"(?i)Wrong HTTP URL"):
        await ptb_bot.send_message(PRIVATE + 2, "alert", reply_markup=bad_url)


def test_html_to_text_refuses_unescaped_ampersands() -> None:
    assert telegram_html_to_text("AT&amp;T &lt;3") == "AT&T <3"
    with pytest.raises(ValueError, match='Unescaped "&"'):
        telegram_html_to_text("AT&T")
    with pytest.raises(ValueError, match='"&amp" must end with ";"'):
        telegram_html_to_text("AT&amp T")
    parsed = parse_telegram_html("🕊 <b>truce</b>")
    assert parsed.entities == ({"type": "bold", "offset": 3, "length": 5},)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_escaped_text_round_trips(text: str) -> None:
    assert telegram_html_to_text(html.escape(text)) == text.strip()
    assert telegram_html_to_text(f"<b>{html.escape(text)}</b>") == text.strip()


# ----------------------------------------------------------------------------- flood limits
async def test_private_chat_limit_is_one_message_per_second(
    fake_telegram: FakeTelegram, ptb_bot: Bot
) -> None:
    await ptb_bot.send_message(PRIVATE, "first")
    with pytest.raises(RetryAfter) as caught:
        await ptb_bot.send_message(PRIVATE, "second")
    assert caught.value.retry_after == dtm.timedelta(seconds=1)
    await ptb_bot.send_message(PRIVATE + 1, "another chat is fine")
    assert fake_telegram.rate_limited_count == 1
    assert fake_telegram.too_many_requests_count == 1
    assert [m.text for m in fake_telegram.messages_to(PRIVATE)] == ["first"]


async def test_group_limit_is_twenty_per_minute(fake_telegram: FakeTelegram, ptb_bot: Bot) -> None:
    for n in range(20):
        await ptb_bot.send_message(GROUP, f"update {n}")
    with pytest.raises(RetryAfter) as caught:
        await ptb_bot.send_message(GROUP, "one too many")
    retry_after = caught.value.retry_after
    assert isinstance(retry_after, dtm.timedelta)
    assert dtm.timedelta(seconds=55) <= retry_after <= dtm.timedelta(seconds=60)
    description = fake_telegram.calls_to("sendMessage")[-1].description or ""
    assert "Too Many Requests: retry after" in description


async def test_global_limit_is_thirty_per_second() -> None:
    now = [1000.0]  # a frozen clock: the test does not depend on how fast the machine is
    async with FakeTelegram(clock=lambda: now[0]) as tg, build_bot(tg) as bot:
        for chat_id in range(1, 31):
            await bot.send_message(chat_id, "alert")
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(31, "alert")
        assert caught.value.retry_after == dtm.timedelta(seconds=1)
        now[0] += 1.0  # the window slides on
        await bot.send_message(31, "alert")
        assert len(tg.sent) == 31 and tg.rate_limited_count == 1


async def test_paid_broadcast_is_recorded_and_goes_past_thirty_per_second() -> None:
    now = [1000.0]
    async with FakeTelegram(clock=lambda: now[0]) as tg, build_bot(tg) as bot:
        for chat_id in range(1, 41):
            await bot.send_message(chat_id, "alert", allow_paid_broadcast=True)
        with pytest.raises(RetryAfter):
            await bot.send_message(41, "an unpaid one still waits")
        with pytest.raises(RetryAfter):  # the per-chat limit still holds
            await bot.send_message(1, "again", allow_paid_broadcast=True)
        assert len(tg.sent) == 40 and all(m.allow_paid_broadcast for m in tg.sent)


# ----------------------------------------------------------------------------- chat state
async def test_blocked_chat_is_forbidden(fake_telegram: FakeTelegram, ptb_bot: Bot) -> None:
    fake_telegram.block(PRIVATE)
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await ptb_bot.send_message(PRIVATE, "alert")
    assert fake_telegram.sent == []


async def test_migrated_group_reports_the_new_id(fake_telegram: FakeTelegram, ptb_bot: Bot) -> None:
    fake_telegram.migrate(GROUP, SUPERGROUP)
    with pytest.raises(ChatMigrated) as caught:
        await ptb_bot.send_message(GROUP, "alert")
    assert caught.value.new_chat_id == SUPERGROUP
    await ptb_bot.send_message(SUPERGROUP, "alert")
    assert [m.chat_id for m in fake_telegram.sent] == [SUPERGROUP]


async def test_chat_member_statuses(fake_telegram: FakeTelegram, ptb_bot: Bot) -> None:
    fake_telegram.set_admins(SUPERGROUP, [7, 8])
    await fake_telegram.push_message(SUPERGROUP, "hello", user_id=10)

    admin = await ptb_bot.get_chat_member(SUPERGROUP, 7)
    assert admin.status == ChatMemberStatus.ADMINISTRATOR and admin.user.id == 7
    assert (await ptb_bot.get_chat_member(SUPERGROUP, 10)).status == ChatMemberStatus.MEMBER
    assert (await ptb_bot.get_chat_member(SUPERGROUP, 12)).status == ChatMemberStatus.LEFT
    fake_telegram.set_admins(SUPERGROUP, [8])
    assert (await ptb_bot.get_chat_member(SUPERGROUP, 7)).status == ChatMemberStatus.MEMBER
    mine = await ptb_bot.get_chat_member(PRIVATE, PRIVATE)
    assert mine.status == ChatMemberStatus.MEMBER


async def test_wrong_token_and_unknown_method(fake_telegram: FakeTelegram, ptb_bot: Bot) -> None:
    with pytest.raises(InvalidToken):
        async with build_bot(fake_telegram, token="123:" + "x" * 35):
            pass
    with pytest.raises(EndPointNotFound):
        await ptb_bot.do_api_request("sendPigeon", api_kwargs={"chat_id": PRIVATE})
    # Method names are case-insensitive, as on Telegram.
    assert (await ptb_bot.do_api_request("GETME"))["username"] == fake_telegram.bot_username


# ----------------------------------------------------------------------------- faults
async def test_injected_server_errors(fake_telegram: FakeTelegram, ptb_bot: Bot) -> None:
    fake_telegram.inject("sendMessage", "500", times=2)
    for _ in range(2):
        with pytest.raises(NetworkError, match=r"(?i)Internal Server Error"):
            await ptb_bot.send_message(PRIVATE, "alert")
    await ptb_bot.send_message(PRIVATE, "alert")  # the fault was used up
    fake_telegram.inject("sendMessage", "502", html=True)
    with pytest.raises(NetworkError, match=r"(?i)Bad Gateway"):
        await ptb_bot.send_message(PRIVATE + 1, "alert")
    assert [c.status for c in fake_telegram.calls_to("sendMessage")] == [500, 500, 200, 502]


async def test_injected_client_errors(fake_telegram: FakeTelegram, ptb_bot: Bot) -> None:
    fake_telegram.inject("sendMessage", "429", retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await ptb_bot.send_message(PRIVATE, "alert")
    assert caught.value.retry_after == dtm.timedelta(seconds=7)
    fake_telegram.inject("sendMessage", "400", description="Bad Request: something odd")
    with pytest.raises(BadRequest, match=r"(?i)something odd"):
        await ptb_bot.send_message(PRIVATE, "alert")
    fake_telegram.inject("sendMessage", "403", chat_id=PRIVATE + 1)
    await ptb_bot.send_message(PRIVATE, "other chats are unaffected")
    with pytest.raises(Forbidden):
        await ptb_bot.send_message(PRIVATE + 1, "alert")
    assert fake_telegram.too_many_requests_count == 1
    assert fake_telegram.rate_limited_count == 0


async def test_injected_timeout_raises_timed_out(fake_telegram: FakeTelegram, ptb_bot: Bot) -> None:
    fake_telegram.inject("sendMessage", "timeout")
    started = time.monotonic()
    with pytest.raises(TimedOut):
        await ptb_bot.send_message(PRIVATE, "alert", read_timeout=0.3)
    assert time.monotonic() - started < 2.0
    assert fake_telegram.sent == []
    await ptb_bot.send_message(PRIVATE, "alert")  # a fresh connection works


async def test_injected_reset_raises_network_error(
    fake_telegram: FakeTelegram, ptb_bot: Bot
) -> None:
    fake_telegram.inject("sendMessage", "reset")
    with pytest.raises(NetworkError) as caught:
        await ptb_bot.send_message(PRIVATE, "alert")
    assert not isinstance(caught.value, TimedOut)
    assert fake_telegram.calls_to("sendMessage")[-1].status == 0


async def test_lost_answer_makes_a_retry_a_duplicate() -> None:
    now = [1000.0]
    async with FakeTelegram(clock=lambda: now[0]) as tg, build_bot(tg) as bot:
        tg.inject("sendMessage", "reset", deliver=True)
        with pytest.raises(NetworkError):
            await bot.send_message(PRIVATE, "Truce signed")
        now[0] += 1.0  # past the private chat's limit
        await bot.send_message(PRIVATE, "Truce signed")  # a naive retry
        assert tg.duplicates() == {(PRIVATE, "Truce signed"): 2}


async def test_latency_is_added_to_answers() -> None:
    async with FakeTelegram(latency=0.2) as tg, build_bot(tg) as bot:
        started = time.monotonic()
        await bot.send_message(PRIVATE, "slow network")
        assert time.monotonic() - started >= 0.2


# ----------------------------------------------------------------------------- updates
async def test_long_poll_wakes_on_push_and_offset_confirms(
    fake_telegram: FakeTelegram, ptb_bot: Bot
) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(ptb_bot.get_updates(timeout=10))
    await fake_telegram.wait_for_poller()
    await fake_telegram.push_message(PRIVATE, "hello")
    [update] = await poll
    assert time.monotonic() - started < 5  # woken by the push, not by the 10 s timeout
    assert update.message is not None and update.message.text == "hello"

    # Not confirmed yet: delivered again; confirmed by offset: gone.
    assert [u.update_id for u in await ptb_bot.get_updates(timeout=0)] == [update.update_id]
    assert await ptb_bot.get_updates(offset=update.update_id + 1, timeout=0) == ()
    assert await ptb_bot.get_updates(timeout=0) == ()


async def test_long_poll_times_out_empty_and_limit_applies(
    fake_telegram: FakeTelegram, ptb_bot: Bot
) -> None:
    assert await ptb_bot.get_updates(timeout=dtm.timedelta(seconds=0.2)) == ()
    for n in range(3):
        await fake_telegram.push_message(PRIVATE, f"m{n}")
    assert len(await ptb_bot.get_updates(limit=2, timeout=0)) == 2


async def test_commands_carry_a_bot_command_entity(
    fake_telegram: FakeTelegram, ptb_bot: Bot
) -> None:
    await fake_telegram.push_message(GROUP, f"/start@{fake_telegram.bot_username} now", user_id=7)
    await fake_telegram.push_message(PRIVATE, "/start/now")  # not a command for Telegram
    first, second = await ptb_bot.get_updates(timeout=0)
    assert first.message is not None and first.message.from_user is not None
    assert first.message.from_user.id == 7
    assert [(e.type, e.length) for e in first.message.entities] == [("bot_command", 20)]
    assert second.message is not None and second.message.entities == ()


async def test_newer_poll_terminates_older_one(fake_telegram: FakeTelegram) -> None:
    async with build_bot(fake_telegram) as first, build_bot(fake_telegram) as second:
        older = asyncio.create_task(first.get_updates(timeout=10))
        await fake_telegram.wait_for_poller()
        assert await second.get_updates(timeout=0) == ()
        with pytest.raises(Conflict, match=r"(?i)terminated by other getUpdates request"):
            await older


async def test_allowed_updates_filters_new_updates(
    fake_telegram: FakeTelegram, ptb_bot: Bot
) -> None:
    await ptb_bot.get_updates(timeout=0, allowed_updates=["callback_query"])
    await fake_telegram.push_message(PRIVATE, "ignored")
    query_id = await fake_telegram.push_callback_query(PRIVATE, PRIVATE, 1, "kept")
    [update] = await ptb_bot.get_updates(timeout=0)
    assert update.callback_query is not None and update.callback_query.id == query_id


async def test_callback_query_round_trip(fake_telegram: FakeTelegram, ptb_bot: Bot) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Mute", callback_data="gaza")]])
    alert = await ptb_bot.send_message(PRIVATE, "Alert: talks resume", reply_markup=keyboard)
    query_id = await fake_telegram.push_callback_query(PRIVATE, PRIVATE, alert.message_id, "gaza")
    [update] = await ptb_bot.get_updates(timeout=0)
    query = update.callback_query
    assert query is not None and query.data == "gaza" and query.message is not None
    assert query.message.message_id == alert.message_id

    assert await ptb_bot.answer_callback_query(query_id, "Muted gaza")
    answer = fake_telegram.callback_answers[query_id]
    assert answer is not None and answer["text"] == "Muted gaza"
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await ptb_bot.answer_callback_query(query_id)  # a query is answered only once


# ----------------------------------------------------------------------------- driver API
async def test_wait_for_messages_timeout_says_what_arrived(
    fake_telegram: FakeTelegram, ptb_bot: Bot
) -> None:
    await ptb_bot.send_message(PRIVATE, "only one")
    with pytest.raises(TimeoutError, match=r"2 message\(s\) to chat 4242.*only one"):
        await fake_telegram.wait_for_messages(2, chat_id=PRIVATE, timeout=0.1)


async def test_server_in_its_own_thread() -> None:
    tg = FakeTelegram().start_in_thread()
    try:
        async with build_bot(tg) as bot:
            await asyncio.gather(
                *(bot.send_message(chat_id, "fan-out") for chat_id in range(1, 26))
            )
            messages = await tg.wait_for_messages(25, timeout=5)
            await tg.push_message(PRIVATE, "/start")
            [update] = await bot.get_updates(timeout=0)
        assert len(messages) == 25 and tg.duplicates() == {}
        assert update.message is not None and update.message.text == "/start"
    finally:
        tg.stop_thread()
