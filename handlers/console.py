"""The terminal transport, for the demo and for running without a chat platform: alerts
and notices print as plain text to one chat, the console, which follows all three
categories and truce news; a picture is written to a PNG file whose path is printed."""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from bot.delivery import Batch
from bot.format import batch_message
from bot.i18n import tongue
from bot.message import Image, Message, Surface, plain_text, visible
from bot.models import ChatRef, Classification
from bot.notice import Notice

TRANSPORT = "console"
#: The one chat that console mode delivers to.
CONSOLE_CHAT = ChatRef(TRANSPORT, 0)
RULE = "─" * 72
#: A terminal scrolls: no limit worth cutting a message for.
TERMINAL = Surface(1_000_000, lambda ln: len(visible(ln)))


class ConsoleSender:
    """Prints alerts and notices; the terminal has no rate limit and never refuses."""

    def __init__(self, out: TextIO | None = None, pictures: Path | None = None) -> None:
        self.out = out or sys.stdout
        self.pictures = pictures or Path(tempfile.gettempdir()) / "trucewatch-charts"
        self.count = self.notices = 0

    def wait_for(self, address: int) -> float:
        return 0.0

    async def send(self, batch: Batch) -> int | None:
        self.count += 1
        text = plain_text(batch_message(batch, TERMINAL, tongue(batch.language)))
        print(f"{RULE}\nALERT {self.count}\n{text}", file=self.out, flush=True)
        return self.count

    async def send_notice(self, notice: Notice) -> int | None:
        self.notices += 1
        self.show(notice.message, f"NOTICE {self.notices}", f"notice-{notice.notice_id}")
        return self.notices

    def show(self, msg: Message, heading: str, stem: str = "reply") -> None:
        """A message as text; its picture, if any, saved as a file named after `stem`."""
        text = plain_text(msg)
        if msg.image is not None:
            text += f"\n🖼 {msg.image.alt}: {self.save(msg.image, stem)}"
        print(f"{RULE}\n{heading}\n{text}", file=self.out, flush=True)

    def save(self, image: Image, stem: str) -> Path:
        self.pictures.mkdir(parents=True, exist_ok=True)
        path = self.pictures / f"{stem}-{image.name}"
        path.write_bytes(image.png)
        return path


class ConsoleTransport:
    """Nothing to connect: the console only receives alerts."""

    name = TRANSPORT

    def __init__(self, out: TextIO | None = None, pictures: Path | None = None) -> None:
        self.sender = ConsoleSender(out, pictures)

    async def start(self) -> None:
        """Nothing to connect."""

    async def stop(self) -> None:
        """Nothing to close."""

    async def open(self) -> None:
        """Nothing to open."""

    async def close(self) -> None:
        """Nothing to close."""


def classified_line(title: str, c: Classification, published: datetime, source: str) -> str:
    """One line per item for `run --once`: labels, figures, headline, source."""
    labels = ",".join(c.labels) or "-"
    figures = f" killed={c.killed}" if c.killed is not None else ""
    figures += f" wounded={c.wounded}" if c.wounded is not None else ""
    stamp = published.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
    return f"{stamp}  [{labels}]{figures}  {title}  ({source})"
