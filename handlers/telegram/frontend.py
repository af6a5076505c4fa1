"""python-telegram-bot glue: the chat front end (commands, buttons, membership) and the
alert Sender, with PTB's errors translated into delivery decisions at this edge.

PTB is started by hand (initialize, start, start_polling) beside the scheduler,
so feeds keep being polled when Telegram is unreachable.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from typing import Any

# Opt in to PTB's timedelta durations now, instead of its deprecation warnings.
os.environ.setdefault("PTB_TIMEDELTA", "true")

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    Chat,
    LinkPreviewOptions,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatMemberStatus, ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import delivery
from bot.delivery import Batch
from bot.format import batch_message
from bot.i18n import LANGUAGES, Tongue, primary, tongue
from bot.message import Message, message
from bot.models import ChatKind, ChatRef
from bot.notice import Notice
from handlers.catalog import COMMANDS
from handlers.commands import Caller, Commands
from handlers.replies import spoken
from handlers.telegram.channels import ChannelRefused, channel_caller, named_channel
from handlers.telegram.limits import FloodLimiter, retry_seconds
from handlers.telegram.outgoing import send_rendered
from handlers.telegram.render import TELEGRAM, bounded, plain
from storage.store import Store
from storage.threads import AsyncStore

log = logging.getLogger(__name__)
TRANSPORT = "telegram"
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
ADMIN_CACHE_SECONDS = 60.0
REPLY_ATTEMPTS = 6
FLOOD_NOTICE_SECONDS = 60.0
_KINDS: dict[str, ChatKind] = {"group": "group", "supergroup": "group", "channel": "channel"}


def chat_kind(chat: Chat) -> ChatKind:
    return _KINDS.get(chat.type, "private")


def chat_ref(chat_id: int) -> ChatRef:
    return ChatRef(TRANSPORT, chat_id)


class TelegramSender:
    """The outbox worker's Sender for Telegram: maps PTB errors onto delivery decisions.
    With paid broadcasts on, alerts may go out at up to 1,000 a second (the owner pays
    Telegram per message beyond the free 30)."""

    def __init__(
        self,
        app: Application,  # type: ignore[type-arg]
        limiter: FloodLimiter,
        *,
        paid_broadcast: bool = False,
    ) -> None:
        self.app, self.limiter, self.paid_broadcast = app, limiter, paid_broadcast

    def wait_for(self, address: int) -> float:
        return self.limiter.wait_for(address)

    async def send(self, batch: Batch) -> int | None:
        shown = batch_message(batch, TELEGRAM, tongue(batch.language))
        text, html = (plain(shown), False) if batch.plain else bounded(shown)
        try:
            sent = await self.app.bot.send_message(
                batch.chat.address,
                text,
                parse_mode=ParseMode.HTML if html else None,
                link_preview_options=NO_PREVIEW,
                allow_paid_broadcast=self.paid_broadcast or None,
                rate_limit_args={"max_retries": 0},
            )
        except TelegramError as exc:
            raise delivery_error(exc) from exc
        return int(sent.message_id)

    async def send_notice(self, notice: Notice) -> int | None:
        """A notice: as text, or as a photo when it has a picture (see `send_rendered`)."""
        try:
            return await send_rendered(
                self.app.bot, notice.chat.address, notice.message, html=not notice.plain
            )
        except TelegramError as exc:
            raise delivery_error(exc) from exc


def delivery_error(exc: TelegramError) -> delivery.DeliveryError:
    """PTB's exception, as what the outbox worker should do about it."""
    if isinstance(exc, RetryAfter):
        return delivery.RetryLater(str(exc), retry_seconds(exc))
    if isinstance(exc, InvalidToken):  # our configuration, not the alert: keep it for later
        return delivery.RetryLater("Telegram rejected the bot token (401)", 300.0)
    if isinstance(exc, Forbidden):
        return delivery.Unreachable(f"forbidden: {exc.message}")
    if isinstance(exc, ChatMigrated):
        return delivery.Moved(str(exc), int(exc.new_chat_id))
    if isinstance(exc, BadRequest):
        return _bad_request(exc)
    if isinstance(exc, TimedOut | NetworkError):
        return delivery.Transient(f"{type(exc).__name__}: {exc.message}")
    return delivery.Rejected(f"{type(exc).__name__}: {exc}")


def _bad_request(exc: BadRequest) -> delivery.DeliveryError:
    lowered = exc.message.lower()
    if "can't parse entities" in lowered or "can't find end" in lowered:
        return delivery.BadMarkup(exc.message)
    if "chat not found" in lowered or "user is deactivated" in lowered:
        return delivery.Unreachable(exc.message)
    return delivery.Rejected(exc.message)


class TelegramFrontend:
    """Chat commands over Telegram: thin handlers around `Commands`."""

    def __init__(
        self,
        app: Application,  # type: ignore[type-arg]
        commands: Commands,
        store: AsyncStore,
        admins: frozenset[int],
    ) -> None:
        self.app, self.commands, self.store, self.admins = app, commands, store, admins
        self._admin_cache: dict[tuple[int, int], tuple[float, bool]] = {}
        self._flood_told: dict[int, float] = {}
        self.replies_failed = 0
        app.add_handler(MessageHandler(filters.COMMAND, self.on_command))
        app.add_handler(MessageHandler(filters.ChatType.PRIVATE & filters.TEXT, self.on_text))
        app.add_handler(CallbackQueryHandler(self.on_button))
        app.add_handler(ChatMemberHandler(self.on_membership, ChatMemberHandler.MY_CHAT_MEMBER))
        app.add_error_handler(self.on_error)

    async def start(self) -> None:
        """Connect to Telegram, retrying with back-off until it answers."""
        delay = 1.0
        while True:
            try:
                await self.app.initialize()
                break
            except (NetworkError, TimedOut) as exc:
                log.warning("Telegram not reachable (%s); retrying in %.0f s", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 60.0)
        await self.app.start()
        await self._register_commands()
        assert self.app.updater is not None
        await self.app.updater.start_polling(
            allowed_updates=[Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER],
            bootstrap_retries=-1,
            error_callback=self._polling_error,
        )

    async def stop(self) -> None:
        processor = self.app.update_processor
        if hasattr(processor, "closing"):
            processor.closing = True
        if self.app.updater is not None and self.app.updater.running:
            await self.app.updater.stop()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()
        await self.app.bot.shutdown()  # closes its HTTP clients even if getMe failed at start

    def _polling_error(self, exc: TelegramError) -> None:
        log.warning("Telegram polling error: %s", exc)

    async def _register_commands(self) -> None:
        """The command menu, in English for everyone and in each other language we speak
        for users whose app is set to it; administrators' menus list their commands too."""
        try:
            for code in LANGUAGES:
                await self._register_menu(code)
        except TelegramError as exc:  # the menu is a nicety; commands work without it
            log.warning("could not register the command menu: %s", exc)

    async def _register_menu(self, code: str) -> None:
        language = None if code == "en" else code
        public, everything = menus(tongue(code))
        bot = self.app.bot
        await bot.set_my_commands(public, BotCommandScopeDefault(), language_code=language)
        for admin in sorted(self.admins):
            scope = BotCommandScopeChat(admin)
            await bot.set_my_commands(everything, scope, language_code=language)

    # --- handlers ---------------------------------------------------------------------------

    async def on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Any /command: parse it, run it, reply."""
        message = update.effective_message
        if message is None or message.text is None or update.effective_chat is None:
            return
        name, addressed, args = split_command(message.text)
        if addressed and addressed.lower() != (self.app.bot.username or "").lower():
            return  # a command for another bot in the same group
        caller = self._caller(update)
        if caller.shared and not addressed and name.lower() not in _KNOWN:
            return  # unknown commands in groups may belong to other bots
        reply = await self._run(caller, name.lower(), args)
        await self.reply(caller.chat.address, reply, message.message_id if caller.shared else None)

    async def _run(self, caller: Caller, name: str, args: str) -> Message:
        """A command, for this chat or — from a private chat — for a channel it names."""
        target = named_channel(name, args) if not caller.shared else None
        if target is None or caller.user_id is None:
            return await self.commands.handle(caller, name, args)
        try:
            channel = await channel_caller(
                self.app.bot,
                target[0],
                caller.user_id,
                bot_admin=caller.bot_admin,
                language=caller.language,
            )
        except ChannelRefused as exc:
            t = (await self.commands.speaking(caller)).tongue
            return spoken(message(t.gettext(exc.template, **exc.values)), t)
        return await self.commands.handle(channel, name, target[1])

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Plain text in a private chat: point at the commands."""
        if update.effective_chat is not None:
            t = (await self.commands.speaking(self._caller(update))).tongue
            hint = message(t.gettext("Send /help to see what I can do, or /start to begin."))
            await self.reply(update.effective_chat.id, spoken(hint, t))

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Inline buttons: follow a category, or the next timeline page."""
        query = update.callback_query
        if query is None or update.effective_chat is None:
            return
        await self._answer(query)
        reply = await self.commands.press(self._caller(update), query.data or "")
        await self.reply(update.effective_chat.id, reply)

    async def _answer(self, query: Any) -> None:
        try:
            await query.answer()
        except TelegramError as exc:  # an expired button still gets its reply below
            log.info("answerCallbackQuery failed: %s", exc)

    async def on_membership(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Blocked or removed: stop sending. Unblocked or added: send again."""
        change = update.my_chat_member
        if change is None:
            return
        chat, status = change.chat, change.new_chat_member.status
        if status in (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT):
            await self.store.write(Store.deactivate_chat, chat_ref(chat.id), f"bot {status}")
            return
        # whoever added the bot (or unblocked it) is the first voice the chat has
        heard = primary(change.from_user.language_code if change.from_user else None)
        kind = chat_kind(chat)
        await self.store.write(
            Store.ensure_chat,
            chat_ref(chat.id),
            kind,
            chat.title,
            self.commands.clock(),
            None,
            heard,
            first_only=kind != "private",
        )

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error(
            "error while handling an update: %s",
            context.error,
            exc_info=context.error if not isinstance(context.error, TelegramError) else None,
        )

    def flood_notice(self, update: Update) -> None:
        """A user's excess commands were dropped: tell them once a minute, not once each."""
        chat = update.effective_chat
        if chat is None or self._flood_told.get(chat.id, 0.0) > time.monotonic():
            return
        self._flood_told[chat.id] = time.monotonic() + FLOOD_NOTICE_SECONDS
        user = update.effective_user
        t = tongue(user.language_code if user else None)
        notice = message(
            t.gettext(
                "Too many commands at once: I skipped some. "
                "Please wait for my answers before sending more."
            )
        )
        self.app.create_task(self.reply(chat.id, spoken(notice, t)), name="flood-notice")

    # --- helpers ----------------------------------------------------------------------------

    def _caller(self, update: Update) -> Caller:
        chat, user = update.effective_chat, update.effective_user
        assert chat is not None
        message = update.effective_message
        anonymous_admin = (
            message is not None
            and message.sender_chat is not None
            and message.sender_chat.id == chat.id
        )

        async def chat_admin() -> bool:
            if anonymous_admin:
                return True
            return user is not None and await self._is_chat_admin(chat.id, user.id)

        kind = chat_kind(chat)
        return Caller(
            chat_ref(chat.id),
            user.id if user else None,
            kind,
            chat.title,
            chat_admin,
            bot_admin=user is not None and user.id in self.admins,
            surface=TELEGRAM,
            language=primary(user.language_code if user else None),
            language_of_member=kind != "private",
        )

    async def _is_chat_admin(self, chat_id: int, user_id: int) -> bool:
        cached = self._admin_cache.get((chat_id, user_id))
        if cached and cached[0] > time.monotonic():
            return cached[1]
        try:
            member = await self.app.bot.get_chat_member(chat_id, user_id)
        except TelegramError as exc:
            log.info("getChatMember failed: %s", exc)
            return False
        allowed = member.status in (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)
        self._admin_cache[(chat_id, user_id)] = (time.monotonic() + ADMIN_CACHE_SECONDS, allowed)
        return allowed

    async def reply(self, chat_id: int, reply: Message, reply_to: int | None = None) -> bool:
        """Send a reply within the flood limits, retrying 429s and network trouble; a
        picture goes as a photo."""
        html = True
        for attempt in range(REPLY_ATTEMPTS):
            try:
                await send_rendered(
                    self.app.bot,
                    chat_id,
                    reply,
                    html=html,
                    reply_to=_quoting(reply_to),
                    retries=5,
                )
                return True
            except TelegramError as exc:
                outcome = delivery_error(exc)
                if isinstance(outcome, delivery.BadMarkup) and html:
                    html = False
                    continue
                if not isinstance(outcome, delivery.Transient | delivery.RetryLater):
                    log.info("reply to %s refused: %s", chat_id, exc)
                    break
                await asyncio.sleep(min(2.0**attempt, 30.0))
        self.replies_failed += 1
        return False


_KNOWN = frozenset(c.name for c in COMMANDS)
#: Telegram's limit on a command's description in the menu.
MENU_DESCRIPTION = 256


def menus(t: Tongue) -> tuple[list[BotCommand], list[BotCommand]]:
    """The command menu in one language: for everyone, and for administrators."""
    described = [(c, BotCommand(c.name, t.gettext(c.about)[:MENU_DESCRIPTION])) for c in COMMANDS]
    return [b for c, b in described if not c.admin], [b for _, b in described]


def _quoting(message_id: int | None) -> ReplyParameters | None:
    """Answer a command by quoting it (clearer in groups), even if it has been deleted."""
    if message_id is None:
        return None
    return ReplyParameters(message_id, allow_sending_without_reply=True)


def split_command(text: str) -> tuple[str, str | None, str]:
    """'/Subscribe@TruceBot  casualties x' -> ('subscribe', 'TruceBot', 'casualties x')."""
    head, _, args = text.strip().partition(" ")
    command, _, addressed = head[1:].partition("@")
    return command.lower(), addressed or None, args.strip()
