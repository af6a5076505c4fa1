"""Languages through the real front ends: python-telegram-bot against the fake Bot API
(users' language_code, menus per language, an alert in Arabic) and discord.py against the
fake Discord (interactions' locale, localised slash commands synced once)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio

from bot.app import App
from bot.bidi import FSI, PDI, RLM
from fakes.builders import tg
from fakes.discord_api import FakeDiscord
from fakes.telegram_api import FakeTelegram, telegram_html_to_text
from handlers.catalog import COMMANDS
from storage.store import Store
from tests.running_bot import started_app, started_bot
from tests.test_discord import ask as ask_discord
from tests.test_discord import discord_settings, manager
from tests.test_telegram import ADMIN, ALICE, BOB, GROUP, ask, queue_alert, settings_for


@pytest_asyncio.fixture
async def running(fake_telegram: FakeTelegram, tmp_path: Path) -> AsyncIterator[App]:
    async with started_bot(settings_for(fake_telegram, tmp_path), fake_telegram) as bot:
        yield bot


async def test_menus_are_registered_in_every_language(
    running: App, fake_telegram: FakeTelegram
) -> None:
    public = [c.name for c in COMMANDS if not c.admin]
    english = fake_telegram.commands()
    russian = fake_telegram.commands(language_code="ru")
    assert [c["command"] for c in english] == [c["command"] for c in russian] == public
    about = {c["command"]: c["description"] for c in russian}
    assert about["subscribe"] == "следить за категориями и ключевыми словами"
    assert about["language"] == "язык, на котором я здесь говорю"
    arabic = {c["command"]: c["description"] for c in fake_telegram.commands(language_code="ar")}
    assert arabic["truce"] == "الهدن في الأخبار؛ تفاصيل إحداها ورسمها البياني"
    admin = fake_telegram.commands(scope={"type": "chat", "chat_id": ADMIN}, language_code="fr")
    assert {"command": "stats", "description": "chiffres et livraisons (administrateurs)"} in admin


async def test_a_user_is_answered_in_their_apps_language(
    running: App, fake_telegram: FakeTelegram
) -> None:
    assert "Команды" in await ask(fake_telegram, ALICE, "/help", language_code="ru")
    assert "Commands" in await ask(fake_telegram, BOB, "/help")
    assert "Команды" in await ask(fake_telegram, ALICE, "/help", language_code="ru")
    assert "Commandes" in await ask(fake_telegram, ALICE, "/help", language_code="fr")


async def test_language_in_a_group_takes_its_administrators(
    running: App, fake_telegram: FakeTelegram
) -> None:
    fake_telegram.add_chat(GROUP, "group", title="Analysts")
    fake_telegram.set_admins(GROUP, [ALICE])
    assert "Команды" in await ask(fake_telegram, GROUP, "/help", user_id=ALICE, language_code="ru")
    await ask(fake_telegram, GROUP, "/subscribe violations", user_id=ALICE, language_code="ru")
    # a later member's app language does not change the group's
    assert "Команды" in await ask(fake_telegram, GROUP, "/help", user_id=BOB, language_code="fr")
    refused = await ask(fake_telegram, GROUP, "/language fr", user_id=BOB, language_code="fr")
    assert "администраторы этой группы" in refused
    chosen = await ask(fake_telegram, GROUP, "/language uk", user_id=ALICE, language_code="ru")
    assert "Тепер я розмовляю тут мовою: Українська." in chosen
    prefs = await running.store.read(Store.chat_prefs, tg(GROUP))
    assert prefs is not None and (prefs.language, prefs.platform_language) == ("uk", "ru")


async def test_an_alert_to_an_arabic_chat_on_telegram(
    running: App, fake_telegram: FakeTelegram
) -> None:
    reply = await ask(fake_telegram, ALICE, "/language ar")
    assert reply.startswith(RLM)
    before = len(fake_telegram.messages_to(ALICE))
    await queue_alert(running, [ALICE], "Truce broken near Ganja")
    [*_, alert] = await fake_telegram.wait_for_messages(before + 1, chat_id=ALICE)
    assert alert.parse_mode == "HTML"
    lines = telegram_html_to_text(alert.text).splitlines()
    assert lines[0] == f"{RLM}⚠️ خرق لوقف إطلاق النار"
    assert lines[1] == f"{RLM}{FSI}Truce broken near Ganja{PDI}"
    assert lines[2] == f"{RLM}{FSI}Shelling <b>resumed</b> & more{PDI}"  # feed text, as it is
    assert lines[3] == f"{RLM}🔎 طابق {FSI}الخروقات{PDI}"
    assert lines[-1] == f"{RLM}اقرأ التقرير"


# --- Discord ----------------------------------------------------------------------------------


@pytest_asyncio.fixture
async def discord_bot(fake_discord: FakeDiscord, tmp_path: Path) -> AsyncIterator[App]:
    async with started_app(discord_settings(fake_discord, tmp_path / "bot.db")) as app:
        yield app


async def test_slash_commands_are_localised_and_synced_once(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    for _ in range(2):
        async with started_app(discord_settings(fake_discord, tmp_path / "bot.db")):
            pass
    assert len(fake_discord.command_writes) == 1
    synced = {c["name"]: c for c in fake_discord.commands[None]}
    subscribe = synced["subscribe"]
    assert (
        subscribe["description_localizations"]["ru"] == "следить за категориями и ключевыми словами"
    )
    assert (
        subscribe["description_localizations"]["uk"] == "стежити за категоріями й ключовими словами"
    )
    assert subscribe["description_localizations"]["fr"] == "suivre des catégories et des mots-clés"
    category = next(o for o in subscribe["options"] if o["name"] == "category")
    names = {c["value"]: c.get("name_localizations", {}) for c in category["choices"]}
    assert names["casualties"] == {"ru": "жертвы", "uk": "жертви", "fr": "victimes"}
    assert [o["name"] for o in synced["language"]["options"]] == ["language"]
    assert not subscribe.get("name_localizations")  # the Telegram names, in every language


async def test_discord_answers_in_the_users_locale_and_the_servers(
    discord_bot: App, fake_discord: FakeDiscord
) -> None:
    dm = fake_discord.dm_channel(fake_discord.user)
    assert "Команды" in await ask_discord(fake_discord, "help", channel=dm, locale="ru")
    # in a server channel, the server's language (English here) wins over the user's
    assert "Commands" in await ask_discord(fake_discord, "help", locale="ru")
    chosen = await ask_discord(fake_discord, "language", {"language": "fr"}, **manager())
    assert "Je parle désormais Français ici." in chosen
    assert "Commandes" in await ask_discord(fake_discord, "help", locale="ru")
    refused = await ask_discord(fake_discord, "language", {"language": "ru"})
    assert "les membres autorisés à gérer ce serveur" in refused
