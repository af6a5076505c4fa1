"""The bot's own words in five languages: the catalogues (complete, parsable, in step with
the code), the language a chat is spoken to in, /language through the command layer,
category words in every language, right-to-left Arabic with its exact marks, and every
platform's limits in every language."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
import pytest_asyncio
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.bidi import FSI, PDI, RLM, isolate_runs, right_to_left
from bot.config import Settings
from bot.delivery import Batch
from bot.format import batch_message
from bot.i18n import LANGUAGES, LOCALES, po_path, tongue
from bot.message import message, plain_text, utf16_length, visible_text
from bot.models import Alert, ChatRef, Classification, Evidence, StoredItem
from fakes.builders import T0, tg
from fakes.telegram_api import telegram_html_to_text
from handlers.commands import Caller, Commands
from handlers.discord.render import DISCORD, alert_embed, reply_parts
from handlers.telegram.render import TELEGRAM, bounded
from storage.store import Store
from storage.threads import AsyncStore

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = [code for code in LANGUAGES if code != "en"]
USER, GROUP = 7, -500
_FIELD = re.compile(r"\{(\w+)")


def extracted() -> dict[tuple[str | None, str], object]:
    """Every message id the code marks, as `make messages` extracts them."""
    found = {}
    method_map = [("bot/**.py", "python"), ("handlers/**.py", "python")]
    for _, _, msgid, _, context in extract_from_dir(str(ROOT), method_map):
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        found[(context, key)] = msgid
    return found


def _key(msgid: str | tuple[str, ...]) -> str:
    return msgid[0] if isinstance(msgid, tuple) else msgid


@pytest.fixture(scope="module")
def code_ids() -> dict[tuple[str | None, str], object]:
    return extracted()


# --- catalogues -----------------------------------------------------------------------------


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_id_has_a_translation(code: str, code_ids: dict) -> None:
    with po_path(code).open("rb") as po:
        catalog = read_po(po, locale=code, abort_invalid=True)
    entries = {
        (m.context, m.id[0] if isinstance(m.id, tuple) else m.id): m for m in catalog if m.id
    }
    assert set(code_ids) - set(entries) == set(), "ids in the code missing from the catalogue"
    assert set(entries) - set(code_ids) == set(), "ids in the catalogue no longer in the code"
    for key, entry in entries.items():
        forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        assert all(forms), f"{code}: {key} is untranslated"
        assert entry.fuzzy is False, f"{code}: {key} is fuzzy"
        assert len(forms) == (catalog.num_plurals if isinstance(entry.id, tuple) else 1)
        wanted = set(_FIELD.findall(entry.id[-1] if isinstance(entry.id, tuple) else entry.id))
        for form in forms:
            assert wanted - {"n"} <= set(_FIELD.findall(form)) <= wanted, (code, key, form)


def test_the_template_lists_what_the_code_marks(code_ids: dict) -> None:
    with (LOCALES / "trucewatch.pot").open("rb") as pot:
        template = read_po(pot)
    ids = {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id) for m in template if m.id}
    assert ids == set(code_ids)
    assert len(ids) > 250


def test_catalogues_load_and_an_unknown_id_reads_in_english() -> None:
    for code in LANGUAGES:
        t = tongue(code)
        assert t.code == code
        assert t.gettext("no such message id {x}", x=1) == "no such message id " + (
            f"{FSI}1{PDI}" if t.rtl else "1"
        )
    assert tongue("ru").gettext("Read the report") == "Читать материал"
    assert tongue("fr-CA").gettext("Read the report") == "Lire l'article"
    assert tongue("de").code == tongue(None).code == tongue("").code == "en"
    assert tongue("ar").ngettext("{n} killed", "{n} killed", 2) == "قتيلان"
    assert tongue("uk").ngettext("{n} killed", "{n} killed", 3) == "3 загиблих"


# --- right to left --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قصف في Ganja اليوم", f"قصف في {FSI}Ganja{PDI} اليوم"),
        ("أرسل /subscribe violations للمتابعة", f"أرسل {FSI}/subscribe violations{PDI} للمتابعة"),
        ("Shelling despite truce.", f"{FSI}Shelling despite truce.{PDI}"),
        ("قتل (Ganja) اليوم", f"قتل {FSI}(Ganja){PDI} اليوم"),
        ("عند 10:00 بتوقيت", f"عند {FSI}10:00{PDI} بتوقيت"),
        (f"طابق {FSI}violations{PDI}", f"طابق {FSI}violations{PDI}"),
        (" — ", " — "),
    ],
)
def test_left_to_right_runs_are_isolated(text: str, expected: str) -> None:
    assert isolate_runs(text) == expected


def alert_for(title: str, summary: str, language: str | None, url: str | None = None) -> Alert:
    evidence = (Evidence("ceasefire_violation", "title", 0, 8, "Shelling"),)
    c = Classification(("ceasefire_violation",), {}, 3, 5, evidence)
    item = StoredItem(1, 1, "Reuters", title, summary, url, T0, T0, 1, c)
    return Alert(1, 1, tg(USER), item, "violations, “ganja”", queued_at=T0, language=language)


def test_an_alert_to_an_arabic_chat_reads_right_to_left() -> None:
    alert = alert_for("Shelling near Ganja.", "", "ar", "https://wire.example/a")
    shown = batch_message(Batch(1, tg(USER), (alert,), "alert"), TELEGRAM, tongue("ar"))
    lines = [visible_text(message(ln)) for ln in shown.lines]
    assert lines == [
        f"{RLM}⚠️ خرق لوقف إطلاق النار",
        f"{RLM}{FSI}Shelling near Ganja.{PDI}",
        f"{RLM}🧾 {FSI}3{PDI} قتلى، {FSI}5{PDI} جرحى",
        f"{RLM}🔎 طابق {FSI}الخروقات, {FSI}“ganja”{PDI}{PDI} — «{FSI}Shelling{PDI}»",
        f"{RLM}📰 {FSI}Reuters{PDI} · {FSI}10{PDI} أكتوبر {FSI}2020 08:00 UTC{PDI}",
        f"{RLM}اقرأ التقرير",
    ]
    html, is_html = bounded(shown)
    assert is_html and telegram_html_to_text(html).startswith(f"{RLM}⚠️")
    assert (
        '<a href="https://wire.example/a">\u200fاقرأ التقرير' not in html
    )  # the mark leads the line


def test_an_alert_in_english_has_no_marks() -> None:
    alert = alert_for("Shelling near Ganja.", "", None)
    text = plain_text(batch_message(Batch(1, tg(USER), (alert,), "alert"), TELEGRAM, tongue(None)))
    assert not {RLM, FSI, PDI} & set(text)
    assert "3 killed, 5 wounded" in text and "matched violations, “ganja” — “Shelling”" in text


def test_discord_alert_embed_in_arabic_keeps_its_parts_apart() -> None:
    from bot.format import alert_view

    embed = alert_embed(alert_view(alert_for("Shelling near Ganja.", "Tartar", "ar"), tongue("ar")))
    assert embed.title == f"{RLM}{FSI}Shelling near Ganja.{PDI}"
    assert embed.author.name == f"⚠️ {RLM}خرق لوقف إطلاق النار"
    assert embed.description.splitlines() == [
        f"{RLM}{FSI}Tartar{PDI}",
        f"🧾 {RLM}{FSI}3{PDI} قتلى، {FSI}5{PDI} جرحى",
        f"🔎 {RLM}طابق {FSI}الخروقات, {FSI}“ganja”{PDI}{PDI} — «{FSI}Shelling{PDI}»",
    ]
    assert embed.footer.text == f"📰 {RLM}{FSI}Reuters{PDI}"


# --- the command layer ----------------------------------------------------------------------


@pytest_asyncio.fixture
async def store(tmp_path: Path) -> AsyncIterator[AsyncStore]:
    s = await AsyncStore.open(str(tmp_path / "l.db"))
    yield s
    await s.close()


@pytest.fixture
def commands(store: AsyncStore) -> Commands:
    return Commands(store, Settings(max_subscriptions=50), lambda: T0 + timedelta(days=1))


def private(language: str | None = None) -> Caller:
    return Caller(tg(USER), USER, "private", surface=TELEGRAM, language=language)


def member(user: int, language: str | None, admin: bool = True) -> Caller:
    async def is_admin() -> bool:
        return admin

    return Caller(
        tg(GROUP),
        user,
        "group",
        "Room",
        is_admin,
        surface=TELEGRAM,
        language=language,
        language_of_member=True,
    )


async def said(commands: Commands, caller: Caller, text: str) -> str:
    name, _, args = text.lstrip("/").partition(" ")
    return plain_text(await commands.handle(caller, name, args))


async def test_english_is_the_default(commands: Commands) -> None:
    assert "Commands" in await said(commands, private(), "/help")
    assert "Commands" in await said(commands, private("de"), "/help")


async def test_the_platforms_language_answers_without_asking(commands: Commands) -> None:
    assert "Команды" in await said(commands, private("ru"), "/help")
    assert "Commandes" in await said(commands, private("fr"), "/help")
    assert "/language" in await said(commands, private("ru"), "/help")


async def test_language_chosen_changed_and_back_to_auto(
    commands: Commands, store: AsyncStore
) -> None:
    chosen = await said(commands, private("en"), "/language ru")
    assert "Теперь я говорю здесь на языке: Русский." in chosen
    assert "Команды" in await said(commands, private("en"), "/help")
    prefs = await store.read(Store.chat_prefs, tg(USER))
    assert prefs is not None and prefs.language == "ru"
    status = await said(commands, private("en"), "/language")
    assert "выбран командой /language" in status and "العربية (ar)" in status
    assert "Українська" in await said(commands, private("en"), "/language Ukrainian")
    assert "Français" in await said(commands, private("en"), "/language французский")
    back = await said(commands, private("en"), "/language auto")
    assert "English" in back and "Commands" in await said(commands, private("en"), "/help")


async def test_an_unknown_language_is_refused_with_the_choices(commands: Commands) -> None:
    reply = await said(commands, private("ru"), "/language klingon")
    assert "Я не говорю на языке «klingon»" in reply and "/language ru" in reply
    assert "Usage" not in reply


async def test_language_replies_in_arabic_read_right_to_left(commands: Commands) -> None:
    reply = await commands.handle(private(), "language", "ar")
    assert all(ln[0] == RLM for ln in reply.lines if ln)
    assert "أتحدث هنا الآن" in plain_text(reply)
    help_text = await commands.handle(private(), "help", "")
    line = next(
        visible_text(message(ln))
        for ln in help_text.lines
        if "/subscribe" in plain_text(message(ln))
    )
    assert line.startswith(f"{RLM}{FSI}/subscribe")


async def test_in_a_group_the_first_voice_stays_and_only_admins_change_it(
    commands: Commands, store: AsyncStore
) -> None:
    assert "Команды" in await said(commands, member(1, "ru"), "/help")
    await said(commands, member(1, "ru"), "/subscribe violations")  # the chat is recorded
    assert "Команды" in await said(commands, member(2, "fr"), "/help")
    refused = await said(commands, member(3, "fr", admin=False), "/language fr")
    assert "администраторы этой группы" in refused
    assert "Je parle désormais Français" in await said(commands, member(2, "fr"), "/language fr")
    assert "Commandes" in await said(commands, member(1, "ru"), "/help")
    prefs = await store.read(Store.chat_prefs, tg(GROUP))
    assert prefs is not None and (prefs.language, prefs.platform_language) == ("fr", "ru")


async def test_category_words_of_every_language_mean_the_same(commands: Commands) -> None:
    reply = await said(commands, private("ru"), "/subscribe нарушения Гянджа")
    assert "Отслеживается: violations гянджа" in reply
    assert "Нарушения перемирия" in reply
    await said(commands, private("ru"), "/subscribe жертвы")
    await said(commands, private("ru"), "/subscribe перемирия")
    listing = await said(commands, private("ru"), "/subscriptions")
    assert "1. violations гянджа" in listing and "2. casualties" in listing
    assert "Новости о перемириях" in listing
    assert "Удалена 1 подписка" in await said(
        commands, private("ru"), "/unsubscribe нарушения Гянджа"
    )
    quoted = await said(commands, private("fr"), '/subscribe "victimes"')
    assert "Suivi : victimes" in quoted


@pytest.mark.parametrize("code", LANGUAGES)
async def test_long_replies_stay_valid_html_within_telegrams_limit(
    code: str, commands: Commands, store: AsyncStore
) -> None:
    for n in range(45):
        await said(commands, private(code), f'/subscribe violations "{"Lachin corridor " * 5}{n}"')
    for n in range(60):
        await store.write(Store.add_source, f"https://feed{n}.example/{'x' * 60}", "Feed " * 12, T0)
    for text in ("/subscriptions", "/sources", "/help", "/start", "/language", "/timeline"):
        reply = await commands.handle(private(code), text[1:], "")
        html, is_html = bounded(reply)
        assert is_html, (code, text)
        assert utf16_length(telegram_html_to_text(html)) <= 4096
        assert len(reply_parts(reply).get("content", "")) <= 2000


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("kind", ["list", "summary"])
def test_waiting_alerts_fit_every_platform_in_every_language(code: str, kind: str) -> None:
    alerts = tuple(
        alert_for(f"{'Heavy shelling reported along the line of contact ' * 3}{n}", "", code)
        for n in range(50)
    )
    batch = Batch(1, tg(USER), alerts, kind)  # type: ignore[arg-type]
    telegram = batch_message(batch, TELEGRAM, tongue(code))
    html, is_html = bounded(telegram)
    assert is_html and utf16_length(telegram_html_to_text(html)) <= 4096
    discord = reply_parts(batch_message(batch, DISCORD, tongue(code)))
    shown = discord.get("content") or discord["embed"].description
    assert len(shown) <= 4096 and "…" not in shown[-2:]


def test_right_to_left_keeps_buttons_and_pictures() -> None:
    from bot.buttons import Follow
    from bot.message import Button, Image

    msg = message(
        "نص",
        buttons=[[Button("⚠️ تابِع violations", Follow("violations"))]],
        image=Image(b"png", "c.png", "alt"),
    )
    shown = right_to_left(msg)
    assert shown.image == msg.image
    assert shown.buttons[0][0].text == f"{RLM}⚠️ تابِع {FSI}violations{PDI}"
    assert shown.buttons[0][0].action == Follow("violations")


async def test_a_chats_platform_language_is_replaced_or_kept(store: AsyncStore) -> None:
    ref = ChatRef("telegram", 99)
    await store.write(Store.ensure_chat, ref, "private", None, T0, None, "ru")
    await store.write(Store.ensure_chat, ref, "private", None, T0, None, "uk")
    assert (await store.read(Store.chat_prefs, ref)).platform_language == "uk"  # type: ignore[union-attr]
    group = ChatRef("telegram", -99)
    await store.write(Store.ensure_chat, group, "group", None, T0, None, "ar", first_only=True)
    await store.write(Store.ensure_chat, group, "group", None, T0, None, "fr", first_only=True)
    await store.write(Store.set_language, group, "ru")
    await store.write(Store.migrate_chat, group, -100, T0)
    moved = await store.read(Store.chat_prefs, ChatRef("telegram", -100))
    assert moved is not None and (moved.language, moved.platform_language) == ("ru", "ar")
