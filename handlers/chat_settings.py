"""`/timezone`, `/digest`, `/language`, and following truce news: what a chat chooses
beyond its subscriptions. Handlers take (commands, caller, arguments) like those in
`commands`."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from bot import dates
from bot.digest import digest_message, occurrence
from bot.i18n import N_, Tongue
from bot.message import Code, Line, Message, bold, line
from bot.notifier import digest_facts
from bot.preferences import UTC_NAME
from bot.text import clip
from bot.zones import find_zone, local, suggest_zones
from handlers.replies import Caller, say, usage
from storage.store import Store

if TYPE_CHECKING:
    from handlers.commands import Commands

_CLOCK = re.compile(r"(\d{1,2})(?:[:.h]?(\d{2}))?")
TRUCE_LINE = N_("🕊 Truce news: announced, first violation, collapsed or ended")


async def zone_of(commands: Commands, caller: Caller) -> str:
    """The zone the chat sees times in (UTC until it sets one)."""
    prefs = await commands.store.read(Store.chat_prefs, caller.chat)
    return UTC_NAME if prefs is None else prefs.zone


# --- /timezone ------------------------------------------------------------------------------


async def timezone(commands: Commands, caller: Caller, args: str) -> Message:
    t = caller.tongue
    if not args:
        zone = await zone_of(commands, caller)
        return say(
            line(t.gettext("Times here are shown in "), bold(zone), "."),
            line(
                t.gettext("Change with "),
                Code("/timezone Europe/Moscow"),
                t.gettext(" (an IANA zone name)."),
            ),
        )
    # the zone database is read from disk the first time
    name = await asyncio.to_thread(find_zone, args)
    if name is None:
        return usage(t, "timezone", await unknown_zone(args, t))
    await commands.store.write(Store.set_zone, caller.chat, name)
    now = dates.clock(commands.clock(), name, t)
    return say(
        line(
            t.gettext("Times here are now shown in "),
            bold(name),
            t.gettext(" (it is {now}).", now=now),
        )
    )


async def unknown_zone(typed: str, t: Tongue) -> str:
    close = await asyncio.to_thread(suggest_zones, typed)
    said = t.gettext("{typed} is not a time zone I know.", typed=clip(typed, 60))
    if not close:
        return said
    return said + t.gettext(" Did you mean {zones}?", zones=t.gettext(" or ").join(close))


# --- /digest --------------------------------------------------------------------------------


def parse_clock(text: str) -> time | None:
    """ "08:00", "8:30", "0800", "8" -> a time of day; None if it is not one."""
    found = _CLOCK.fullmatch(text.strip())
    if not found:
        return None
    hour, minute = int(found.group(1)), int(found.group(2) or 0)
    return time(hour, minute) if hour < 24 and minute < 60 else None


async def digest(commands: Commands, caller: Caller, args: str) -> Message:
    t = caller.tongue
    word = args.lower()
    if not word:
        return await digest_status(commands, caller)
    if word == "off":
        await commands.store.write(Store.set_digest, caller.chat, None, commands.clock())
        return say(t.gettext("Daily digest off. /digest 08:00 starts it again."))
    if word == "now":
        return await digest_now(commands, caller)
    at = parse_clock(word)
    if at is None:
        unread = t.gettext("I could not read that time (HH:MM, in this chat's time zone).")
        return usage(t, "digest", unread)
    return await digest_set(commands, caller, at)


async def digest_set(commands: Commands, caller: Caller, at: time) -> Message:
    t = caller.tongue
    now = commands.clock()
    await commands.store.write(Store.set_digest, caller.chat, at, now)
    zone = await zone_of(commands, caller)
    first = first_digest(at, zone, now, t)
    return say(
        line(
            t.gettext("📰 A daily digest at "),
            bold(f"{at:%H:%M}"),
            t.gettext(" ({zone}); the first on {day}.", zone=zone, day=first),
        ),
        t.gettext(
            "Counts per category, the top stories and the truces' status. /timezone changes "
            "the zone."
        ),
    )


def first_digest(at: time, zone: str, now: datetime, t: Tongue) -> str:
    day = local(now, zone).date()
    if occurrence(day, at, zone) <= now:
        day += timedelta(days=1)
    return dates.short_day(day, t)


async def digest_status(commands: Commands, caller: Caller) -> Message:
    t = caller.tongue
    prefs = await commands.store.read(Store.chat_prefs, caller.chat)
    if prefs is None or prefs.digest_at is None:
        return say(
            line(t.gettext("No daily digest here. Start one with "), Code("/digest 08:00"), ".")
        )
    return say(
        line(
            t.gettext("📰 A daily digest at "),
            bold(f"{prefs.digest_at:%H:%M}"),
            f" ({prefs.zone}).",
        ),
        line(
            Code("/digest now"),
            t.gettext(" shows one now; "),
            Code("/digest off"),
            t.gettext(" stops it."),
        ),
    )


async def digest_now(commands: Commands, caller: Caller) -> Message:
    """The digest of the last 24 hours, as a reply."""
    now, zone = commands.clock(), await zone_of(commands, caller)
    truces = await commands.truces.current()
    facts = await digest_facts(commands.store, now - timedelta(days=1), now, truces)
    shown = local(now, zone)
    at = shown.time().replace(second=0, microsecond=0)
    return digest_message(shown.date(), at, zone, facts, caller.tongue)


# --- truce news -----------------------------------------------------------------------------


async def follow_truces(commands: Commands, caller: Caller) -> Line:
    t = caller.tongue
    new = await commands.store.write(Store.follow_truces, caller.chat, commands.clock())
    verb = t.gettext("Following: ") if new else t.gettext("Already following: ")
    what = t.gettext(" — announced, first violation, collapsed or ended")
    return line(verb, bold("truces"), what)


async def unfollow_truces(commands: Commands, caller: Caller) -> bool:
    return await commands.store.write(Store.unfollow_truces, caller.chat)


async def follows_truces(commands: Commands, caller: Caller) -> bool:
    prefs = await commands.store.read(Store.chat_prefs, caller.chat)
    return prefs is not None and prefs.truces_since is not None
