"""Settings from the environment or `.env`, validated once at start.

Each setting's default is written once, on the `Settings` field; the table below says
which variable sets it and how its text is read.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from dotenv import dotenv_values

log = logging.getLogger(__name__)

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigError(ValueError):
    """A setting has a value we cannot use; the message names it and says why."""


@dataclass(frozen=True, slots=True)
class Settings:
    telegram_token: str | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    discord_token: str | None = None
    discord_api_url: str = "https://discord.com/api/v10"
    discord_gateway_url: str = "wss://gateway.discord.gg/"
    db_path: Path = Path("trucewatch.db")
    admins: frozenset[int] = frozenset()
    discord_admins: frozenset[int] = frozenset()
    poll_seconds: float = 300.0
    allow_private_urls: bool = False
    max_feed_bytes: int = 10 * 1024 * 1024
    fetch_timeout: float = 30.0
    fetch_concurrency: int = 50
    per_host_connections: int = 2
    broken_after_days: float = 3.0
    max_subscriptions: int = 50
    rate_overall: float = 30.0
    rate_private: float = 1.0
    rate_group_per_minute: float = 20.0
    send_concurrency: int = 1
    #: alerts that waited this long for their chat go as one message listing them
    list_after_seconds: float = 60.0
    #: ... and this long, folded into a "while you were away" summary
    summary_after_seconds: float = 7200.0
    #: Telegram's paid broadcasts: up to 1,000 messages a second, paid for by the owner
    paid_broadcast: bool = False
    parse_workers: int = field(default_factory=lambda: min(4, os.cpu_count() or 1))
    log_level: str = "INFO"
    metrics_port: int | None = None
    metrics_host: str = "127.0.0.1"
    retention_days: float = 365.0

    @property
    def tick_seconds(self) -> float:
        """How often the scheduler looks for due feeds; new sources wait at most this long."""
        return min(self.poll_seconds, 5.0)

    @property
    def console_mode(self) -> bool:
        return not (self.telegram_token or self.discord_token)

    @property
    def secrets(self) -> tuple[str, ...]:
        """What must never reach a log line."""
        return tuple(t for t in (self.telegram_token, self.discord_token) if t)


Reader = Callable[[str, str], Any]  # (variable name, raw text) -> value


def _number(kind: Callable[[str], Any], minimum: float) -> Reader:
    def read(name: str, raw: str) -> Any:
        try:
            value = kind(raw)
        except ValueError:
            raise ConfigError(f"{name} must be a number, got {raw!r}") from None
        if not value >= minimum:
            raise ConfigError(f"{name} must be at least {minimum:g}, got {raw!r}")
        return value

    return read


def _flag(name: str, raw: str) -> bool:
    lowered = raw.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigError(f"{name} must be 1 or 0 (or true/false), got {raw!r}")


def _ids(platform: str) -> Reader:
    def read(name: str, raw: str) -> frozenset[int]:
        ids = [part.strip() for part in raw.replace(";", ",").split(",") if part.strip()]
        bad = [part for part in ids if not part.lstrip("-").isdigit()]
        if bad:
            raise ConfigError(
                f"{name} must be comma-separated numeric {platform} user ids, got {bad[0]!r}"
            )
        return frozenset(int(part) for part in ids)

    return read


def _url(scheme: str) -> Reader:
    """`scheme` and its secure twin: "http" takes http:// and https://."""

    def read(name: str, raw: str) -> str:
        if not raw.startswith((f"{scheme}://", f"{scheme}s://")):
            raise ConfigError(f"{name} must be an {scheme}(s) URL, got {raw!r}")
        return raw

    return read


def _telegram_token(name: str, raw: str) -> str:
    if ":" not in raw or any(c.isspace() for c in raw):
        raise ConfigError(f"{name} does not look like a bot token (123456:ABC-...)")
    return raw


def _discord_token(name: str, raw: str) -> str:
    if "." not in raw or any(c.isspace() for c in raw):
        raise ConfigError(f"{name} does not look like a Discord bot token (MTA....xyz....abc)")
    return raw


def _port(name: str, raw: str) -> int:
    if not raw.isdigit() or not 1 <= int(raw) <= 65535:
        raise ConfigError(f"{name} must be a port number from 1 to 65535, got {raw!r}")
    return int(raw)


def _host(name: str, raw: str) -> str:
    host = raw.strip("[]")
    with contextlib.suppress(ValueError):
        return str(ipaddress.ip_address(host))
    if not re.fullmatch(r"[A-Za-z0-9.-]+", host):
        raise ConfigError(f"{name} must be an address to listen on (127.0.0.1, ::), got {raw!r}")
    return host


def _days(name: str, raw: str) -> float:
    days = _number(float, 0)(name, raw)
    if 0 < days < 1:
        raise ConfigError(f"{name} must be 0 (keep everything) or at least 1 day, got {raw!r}")
    return float(days)


def _log_level(name: str, raw: str) -> str:
    level = raw.upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ConfigError(f"{name} must be DEBUG, INFO, WARNING or ERROR, got {raw!r}")
    return level


#: field -> (environment variable, how its text is read)
VARIABLES: dict[str, tuple[str, Reader]] = {
    "telegram_token": ("TELEGRAM_BOT_TOKEN", _telegram_token),
    "telegram_api_url": ("TELEGRAM_API_URL", _url("http")),
    "discord_token": ("DISCORD_BOT_TOKEN", _discord_token),
    "discord_api_url": ("DISCORD_API_URL", _url("http")),
    "discord_gateway_url": ("DISCORD_GATEWAY_URL", _url("ws")),
    "db_path": ("TRUCEWATCH_DB", lambda name, raw: Path(raw)),
    "admins": ("TRUCEWATCH_ADMINS", _ids("Telegram")),
    "discord_admins": ("TRUCEWATCH_DISCORD_ADMINS", _ids("Discord")),
    "poll_seconds": ("TRUCEWATCH_POLL_SECONDS", _number(float, 1)),
    "allow_private_urls": ("TRUCEWATCH_ALLOW_PRIVATE_URLS", _flag),
    "max_feed_bytes": ("TRUCEWATCH_MAX_FEED_BYTES", _number(int, 1024)),
    "fetch_timeout": ("TRUCEWATCH_FETCH_TIMEOUT", _number(float, 1)),
    "fetch_concurrency": ("TRUCEWATCH_FETCH_CONCURRENCY", _number(int, 1)),
    "per_host_connections": ("TRUCEWATCH_PER_HOST_CONNECTIONS", _number(int, 1)),
    "broken_after_days": ("TRUCEWATCH_BROKEN_AFTER_DAYS", _number(float, 0.01)),
    "max_subscriptions": ("TRUCEWATCH_MAX_SUBSCRIPTIONS", _number(int, 1)),
    "rate_overall": ("TRUCEWATCH_RATE_OVERALL", _number(float, 0.1)),
    "rate_private": ("TRUCEWATCH_RATE_PRIVATE", _number(float, 0.01)),
    "rate_group_per_minute": ("TRUCEWATCH_RATE_GROUP", _number(float, 0.1)),
    "send_concurrency": ("TRUCEWATCH_SEND_CONCURRENCY", _number(int, 1)),
    "list_after_seconds": ("TRUCEWATCH_LIST_AFTER", _number(float, 0)),
    "summary_after_seconds": ("TRUCEWATCH_SUMMARY_AFTER", _number(float, 0)),
    "paid_broadcast": ("TRUCEWATCH_PAID_BROADCAST", _flag),
    "parse_workers": ("TRUCEWATCH_PARSE_WORKERS", _number(int, 0)),
    "log_level": ("TRUCEWATCH_LOG_LEVEL", _log_level),
    "metrics_port": ("TRUCEWATCH_METRICS_PORT", _port),
    "metrics_host": ("TRUCEWATCH_METRICS_HOST", _host),
    "retention_days": ("TRUCEWATCH_RETENTION_DAYS", _days),
}
assert VARIABLES.keys() == {f.name for f in fields(Settings)}, "every setting has a variable"


def load_settings(
    environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
) -> Settings:
    """Read settings: the process environment wins over `.env`."""
    values: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    values.update(os.environ if environ is None else environ)
    settings = settings_from(values)
    if settings.poll_seconds < 60:
        log.warning(
            "TRUCEWATCH_POLL_SECONDS=%g is below 60: polite for tests only, not for real feeds",
            settings.poll_seconds,
        )
    return settings


def settings_from(values: Mapping[str, str]) -> Settings:
    """Settings from variables; an unset or empty variable keeps the default."""
    changes = {}
    for name, (variable, read) in VARIABLES.items():
        raw = values.get(variable, "").strip()
        if raw:
            changes[name] = read(variable, raw)
    return replace(Settings(), **changes)
