"""`/timezone`, `/digest`, and following truce news: what a chat chooses beyond its
subscriptions. Handlers take (commands, caller, arguments) like those in `commands`."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from bot.digest import digest_message, occurrence
from bot.message import Code, Line, Message, bold, line
from bot.notifier import digest_facts
from bot.preferences import UTC_NAME
from bot.text import clip
from bot.zones import clock_text, find_zone, local, suggest_zones
from handlers.replies import Caller, say, usage
from storage.store import Store

if TYPE_CHECKING:
    from handlers.commands import Commands

_CLOCK = re.compile(r"(\d{1,2})(?:[:.h]?(\d{2}))?")
TRUCE_LINE = "🕊 Truce news: announced, first violation, collapsed or ended"


async def zone_of(commands: Commands, caller: Caller) -> str:
    """The zone the chat sees times in (UTC until it sets one)."""
    prefs = await commands.store.read(Store.chat_prefs, caller.chat)
    return UTC_NAME if prefs is None else prefs.zone


# --- /timezone ------------------------------------------------------------------------------


async def timezone(commands: Commands, caller: Caller, args: str) -> Message:
    if not args:
        zone = await zone_of(commands, caller)
        return say(
            line("Times here are shown in ", bold(zone), "."),
            line("Change with ", Code("/timezone Europe/Moscow"), " (an IANA zone name)."),
        )
    # the zone database is read from disk the first time
    name = await asyncio.to_thread(find_zone, args)
    if name is None:
        return usage("timezone", await unknown_zone(args))
    await commands.store.write(Store.set_zone, caller.chat, name)
    now = clock_text(commands.clock(), name)
    return say(line("Times here are now shown in ", bold(name), f" (it is {now})."))


async def unknown_zone(typed: str) -> str:
    close = await asyncio.to_thread(suggest_zones, typed)
    hint = f" Did you mean {' or '.join(close)}?" if close else ""
    return f"{clip(typed, 60)} is not a time zone I know.{hint}"


# --- /digest --------------------------------------------------------------------------------


def parse_clock(text: str) -> time | None:
    """ "08:00", "8:30", "0800", "8" -> a time of day; None if it is not one."""
    found = _CLOCK.fullmatch(text.strip())
    if not found:
        return None
    hour, minute = int(found.group(1)), int(found.group(2) or 0)
    return time(hour, minute) if hour < 24 and minute < 60 else None


async def digest(commands: Commands, caller: Caller, args: str) -> Message:
    word = args.lower()
    if not word:
        return await digest_status(commands, caller)
    if word == "off":
        await commands.store.write(Store.set_digest, caller.chat, None, commands.clock())
        return say("Daily digest off. /digest 08:00 starts it again.")
    if word == "now":
        return await digest_now(commands, caller)
    at = parse_clock(word)
    if at is None:
        return usage("digest", "I could not read that time (HH:MM, in this chat's time zone).")
    return await digest_set(commands, caller, at)


async def digest_set(commands: Commands, caller: Caller, at: time) -> Message:
    now = commands.clock()
    await commands.store.write(Store.set_digest, caller.chat, at, now)
    zone = await zone_of(commands, caller)
    first = first_digest(at, zone, now)
    return say(
        line("📰 A daily digest at ", bold(f"{at:%H:%M}"), f" ({zone}); the first on {first}."),
        "Counts per category, the top stories and the truces' status. /timezone changes the zone.",
    )


def first_digest(at: time, zone: str, now: datetime) -> str:
    day = local(now, zone).date()
    if occurrence(day, at, zone) <= now:
        day += timedelta(days=1)
    return f"{day:%a} {day.day} {day:%b}"


async def digest_status(commands: Commands, caller: Caller) -> Message:
    prefs = await commands.store.read(Store.chat_prefs, caller.chat)
    if prefs is None or prefs.digest_at is None:
        return say(line("No daily digest here. Start one with ", Code("/digest 08:00"), "."))
    return say(
        line("📰 A daily digest at ", bold(f"{prefs.digest_at:%H:%M}"), f" ({prefs.zone})."),
        line(Code("/digest now"), " shows one now; ", Code("/digest off"), " stops it."),
    )


async def digest_now(commands: Commands, caller: Caller) -> Message:
    """The digest of the last 24 hours, as a reply."""
    now, zone = commands.clock(), await zone_of(commands, caller)
    truces = await commands.truces.current()
    facts = await digest_facts(commands.store, now - timedelta(days=1), now, truces)
    shown = local(now, zone)
    return digest_message(shown.date(), shown.time().replace(second=0, microsecond=0), zone, facts)


# --- truce news -----------------------------------------------------------------------------


async def follow_truces(commands: Commands, caller: Caller) -> Line:
    new = await commands.store.write(Store.follow_truces, caller.chat, commands.clock())
    verb = "Following" if new else "Already following"
    return line(f"{verb}: ", bold("truces"), " — announced, first violation, collapsed or ended")


async def unfollow_truces(commands: Commands, caller: Caller) -> bool:
    return await commands.store.write(Store.unfollow_truces, caller.chat)


async def follows_truces(commands: Commands, caller: Caller) -> bool:
    prefs = await commands.store.read(Store.chat_prefs, caller.chat)
    return prefs is not None and prefs.truces_since is not None
