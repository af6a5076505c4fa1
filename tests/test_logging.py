"""The bot token never reaches a log line."""

from __future__ import annotations

import logging
import sys

from bot.__main__ import RedactingFormatter

TOKEN = "123456:ABCdefSECRET"


def record(message: str, exc: bool = False) -> logging.LogRecord:
    info = None
    if exc:
        try:
            raise ConnectionError(f"POST https://api.telegram.org/bot{TOKEN}/getUpdates failed")
        except ConnectionError:
            info = sys.exc_info()
    return logging.LogRecord("x", logging.ERROR, __file__, 1, message, (TOKEN,), info)


def test_token_is_redacted_from_messages_and_tracebacks() -> None:
    formatter = RedactingFormatter(TOKEN)
    text = formatter.format(record("calling with %s", exc=True))
    assert TOKEN not in text and text.count("<token>") >= 2
    assert "ConnectionError" in text


def test_without_a_token_nothing_changes() -> None:
    assert "calling with" in RedactingFormatter(None).format(record("calling with %s"))
