"""The outbox worker's Sender for Discord: alerts as embeds, paced within Discord's
limits, with discord.py's errors translated into delivery decisions at this edge."""

from __future__ import annotations

from typing import Any

import aiohttp
import discord

from bot import delivery
from bot.delivery import Batch
from bot.format import alert_view, batch_message
from bot.i18n import tongue
from bot.notice import Notice
from handlers.discord.render import DISCORD, alert_embed, reply_parts
from handlers.pacing import Pacer

#: Discord allows 5 messages per 5 s in a channel and 50 requests a second in all; the
#: pacer stays a margin under both.
CHANNEL_PERIOD = 1.0
OVERALL = 50.0
#: Missing access or permissions: look again after this long, not before (every 403
#: counts toward Discord's ban for invalid requests).
PAUSE_FORBIDDEN = 3600.0
#: A rejected token is our configuration, not the alert: keep the alert for later.
RETRY_UNAUTHORISED = 300.0
_GONE = frozenset({10003, 10004})  # Unknown Channel, Unknown Guild


class DiscordSender:
    def __init__(self, client: discord.Client, pacer: Pacer | None = None) -> None:
        self.client = client
        self.pacer = pacer or Pacer(OVERALL, lambda channel: CHANNEL_PERIOD, "Discord")

    def wait_for(self, address: int) -> float:
        return self.pacer.wait_for(address)

    async def send(self, batch: Batch) -> int | None:
        return await self.post(batch.chat.address, nonce(batch), parts(batch))

    async def send_notice(self, notice: Notice) -> int | None:
        """A notice as a reply would look: content, or an embed with its picture attached."""
        return await self.post(
            notice.chat.address, f"twn{notice.notice_id}", reply_parts(notice.message)
        )

    async def post(self, channel_id: int, once: str, payload: dict[str, Any]) -> int:
        """Post in a channel within the pace, with discord.py's errors translated."""
        await self.pacer.acquire(channel_id)
        channel = self.client.get_partial_messageable(channel_id)
        try:
            # The nonce (with enforce_nonce, which discord.py sets) makes a retried send of
            # the same message return the first one instead of posting a second one.
            sent = await channel.send(**payload, nonce=once)
        except discord.RateLimited as exc:
            self.pacer.pause(exc.retry_after)
            raise delivery.RetryLater(str(exc), exc.retry_after) from exc
        except discord.HTTPException as exc:
            raise delivery_error(exc) from exc
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise delivery.Transient(f"{type(exc).__name__}: {exc}") from exc
        return sent.id


def parts(batch: Batch) -> dict[str, Any]:
    """A single alert as an embed; alerts that waited as one message listing them."""
    spoken = tongue(batch.language)
    if batch.kind == "alert":
        return {"embed": alert_embed(alert_view(batch.alerts[0], spoken))}
    return reply_parts(batch_message(batch, DISCORD, spoken))


def nonce(batch: Batch) -> str:
    return f"tw{batch.alerts[0].outbox_id}"


def delivery_error(exc: discord.HTTPException) -> delivery.DeliveryError:
    """discord.py's exception, as what the outbox worker should do about it."""
    if isinstance(exc, discord.NotFound) and exc.code in _GONE:
        return delivery.Unreachable(f"gone: {exc.text} ({exc.code})")
    if isinstance(exc, discord.Forbidden):
        return delivery.Paused(f"no access: {exc.text} ({exc.code})", PAUSE_FORBIDDEN)
    if exc.status == 401:
        return delivery.RetryLater("Discord rejected the bot token (401)", RETRY_UNAUTHORISED)
    if exc.status == 429:
        return delivery.RetryLater(f"rate limited: {exc.text}", 5.0)
    if isinstance(exc, discord.DiscordServerError) or exc.status >= 500:
        return delivery.Transient(f"Discord {exc.status}: {exc.text}")
    return delivery.Rejected(f"Discord {exc.status}: {exc.text} ({exc.code})")
