"""Discord's chat front end: slash commands, buttons and autocompletion answered through
`Commands`, within Discord's 3-second deadline; servers and channels that go away retire
their chats."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Awaitable

import discord
from discord import app_commands

from bot.i18n import N_, primary
from bot.message import Message
from bot.models import ChatRef
from handlers.arguments import canonical_of
from handlers.commands import Caller, Commands
from handlers.discord.render import DISCORD, reply_parts
from handlers.discord.slash import build_tree
from handlers.discord.translator import CatalogueTranslator
from storage.store import Store
from storage.threads import AsyncStore

log = logging.getLogger(__name__)
TRANSPORT = "discord"
#: Answer directly when the reply is ready this soon; otherwise defer (Discord shows
#: "thinking…") and edit the answer in: the first answer must come within 3 seconds.
ANSWER_DIRECTLY_WITHIN = 1.5
SYNCED_KEY = "discord_commands"


def chat_ref(channel_id: int) -> ChatRef:
    return ChatRef(TRANSPORT, channel_id)


class DiscordFrontend:
    def __init__(
        self, client: discord.Client, commands: Commands, store: AsyncStore, admins: frozenset[int]
    ) -> None:
        self.client, self.commands, self.store, self.admins = client, commands, store, admins
        self.tree = build_tree(client, self.run, self.suggest)
        self.answers_failed = 0
        client.event(self.on_interaction)
        client.event(self.on_guild_remove)
        client.event(self.on_guild_channel_delete)

    async def sync_if_changed(self) -> bool:
        """Upload the command set only when it differs from the last upload: Discord
        limits how many commands an application may create a day. The set is hashed as it
        is uploaded, with its localisations: a changed translation is a change."""
        app_id = self.client.application_id
        payload = await self.command_payload()
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
        key = f"{SYNCED_KEY}:{app_id}"
        if await self.store.read(Store.meta, key) == digest:
            return False
        await self.tree.sync()
        await self.store.write(Store.set_meta, key, digest)
        return True

    async def command_payload(self) -> list[dict[str, object]]:
        """The commands as `tree.sync` uploads them, in every locale we speak."""
        if self.tree.translator is None:
            await self.tree.set_translator(CatalogueTranslator())
        translator = self.tree.translator
        assert translator is not None
        return [
            await c.get_translated_payload(self.tree, translator) for c in self.tree.get_commands()
        ]

    # --- what users do ----------------------------------------------------------------------

    async def run(self, interaction: discord.Interaction, name: str, args: str) -> None:
        """A slash command, as the Telegram command with that name and argument text."""
        await self.answer(interaction, self.commands.handle(self.caller(interaction), name, args))

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Buttons under our messages (slash commands go through the command tree)."""
        if interaction.type is not discord.InteractionType.component:
            return
        data: dict[str, object] = dict(interaction.data or {})
        payload = str(data.get("custom_id", ""))
        await self.answer(interaction, self.commands.press(self.caller(interaction), payload))

    async def suggest(
        self, interaction: discord.Interaction, typed: str
    ) -> list[app_commands.Choice[str]]:
        """What this chat follows, for /unsubscribe: number and words."""
        subs = await self.store.read(Store.subscriptions, chat_ref(interaction.channel_id or 0))
        wanted = typed.casefold()
        choices = [
            app_commands.Choice(name=f"{n}. {canonical_of(s)}"[:100], value=canonical_of(s)[:100])
            for n, s in enumerate(subs, 1)
            if wanted in canonical_of(s).casefold() or wanted == str(n)
        ]
        return choices[:25]

    def caller(self, interaction: discord.Interaction) -> Caller:
        in_server = interaction.guild_id is not None
        channel = interaction.channel
        title = getattr(channel, "name", None)
        permissions = interaction.permissions  # resolved for this member in this channel

        async def may_manage() -> bool:
            return permissions.manage_guild

        # In a server, the server's language; in a direct message, the user's.
        locale = interaction.guild_locale if in_server else interaction.locale
        return Caller(
            chat_ref(interaction.channel_id or interaction.user.id),
            interaction.user.id,
            "group" if in_server else "private",
            f"#{title}" if title else None,
            may_manage,
            bot_admin=interaction.user.id in self.admins,
            surface=DISCORD,
            parent=interaction.guild_id,
            chat_admins=N_("members who may manage this server"),
            language=primary(locale.value if locale is not None else None),
        )

    async def answer(self, interaction: discord.Interaction, work: Awaitable[Message]) -> None:
        reply = asyncio.ensure_future(work)
        done, _ = await asyncio.wait({reply}, timeout=ANSWER_DIRECTLY_WITHIN)
        try:
            if reply in done:
                await interaction.response.send_message(**reply_parts(reply.result()))
                return
            await interaction.response.defer(thinking=True)
            parts = reply_parts(await reply)
            file = parts.pop("file", None)
            await interaction.edit_original_response(attachments=[file] if file else [], **parts)
        except discord.HTTPException as exc:  # expired, or Discord trouble: logged, not fatal
            self.answers_failed += 1
            log.warning("could not answer a Discord interaction: %s", exc)

    # --- servers and channels that go away --------------------------------------------------

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        """Removed from a server: its channels get nothing more."""
        retired = await self.store.write(
            Store.deactivate_children, TRANSPORT, guild.id, "removed from the server"
        )
        log.info("removed from Discord server %s: %d channels retired", guild.id, retired)

    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        await self.store.write(Store.deactivate_chat, chat_ref(channel.id), "channel deleted")
