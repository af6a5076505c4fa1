"""Terminal transport for the demo and for running without a Telegram token."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import TextIO

from bot.format import alert_html, to_plain
from bot.models import Alert, Classification

#: The one chat that console mode delivers to: a subscriber to all three categories.
CONSOLE_CHAT_ID = 0
RULE = "─" * 72


class ConsoleSender:
    """Prints alerts; the terminal has no rate limit and never refuses."""

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out or sys.stdout
        self.count = 0

    def wait_for(self, chat_id: int) -> float:
        return 0.0

    async def send(self, alert: Alert) -> int | None:
        self.count += 1
        print(
            f"{RULE}\nALERT {self.count}\n{to_plain(alert_html(alert))}", file=self.out, flush=True
        )
        return self.count


def classified_line(title: str, c: Classification, published: datetime, source: str) -> str:
    """One line per item for `run --once`: labels, figures, headline, source."""
    labels = ",".join(c.labels) or "-"
    figures = f" killed={c.killed}" if c.killed is not None else ""
    figures += f" wounded={c.wounded}" if c.wounded is not None else ""
    stamp = published.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
    return f"{stamp}  [{labels}]{figures}  {title}  ({source})"
