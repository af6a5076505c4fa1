"""Settings from the environment or `.env`, validated once at start."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from dotenv import dotenv_values

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.telegram.org/bot"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
T = TypeVar("T")


class ConfigError(ValueError):
    """A setting has a value we cannot use; the message names it and says why."""


@dataclass(frozen=True, slots=True)
class Settings:
    telegram_token: str | None = None
    telegram_api_url: str = DEFAULT_API_URL
    db_path: Path = Path("trucewatch.db")
    admins: frozenset[int] = frozenset()
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
    parse_workers: int = field(default_factory=lambda: min(4, os.cpu_count() or 1))
    log_level: str = "INFO"

    @property
    def tick_seconds(self) -> float:
        """How often the scheduler looks for due feeds; new sources wait at most this long."""
        return min(self.poll_seconds, 5.0)

    @property
    def console_mode(self) -> bool:
        return not self.telegram_token


def load_settings(
    environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
) -> Settings:
    """Read settings: the process environment wins over `.env`."""
    values: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    values.update(os.environ if environ is None else environ)
    settings = _settings_from(values)
    if settings.poll_seconds < 60:
        log.warning(
            "TRUCEWATCH_POLL_SECONDS=%s is below 60: polite for tests only, not for real feeds",
            _plain(settings.poll_seconds),
        )
    return settings


def _settings_from(v: Mapping[str, str]) -> Settings:
    token = v.get("TELEGRAM_BOT_TOKEN", "").strip() or None
    if token is not None and (":" not in token or any(c.isspace() for c in token)):
        raise ConfigError("TELEGRAM_BOT_TOKEN does not look like a bot token (123456:ABC-...)")
    defaults = Settings()
    return Settings(
        telegram_token=token,
        telegram_api_url=_url(v, "TELEGRAM_API_URL", DEFAULT_API_URL),
        db_path=Path(v.get("TRUCEWATCH_DB", "").strip() or defaults.db_path),
        admins=_admins(v.get("TRUCEWATCH_ADMINS", "")),
        poll_seconds=_number(v, "TRUCEWATCH_POLL_SECONDS", float, 300.0, minimum=1),
        allow_private_urls=_flag(v, "TRUCEWATCH_ALLOW_PRIVATE_URLS"),
        max_feed_bytes=_number(v, "TRUCEWATCH_MAX_FEED_BYTES", int, 10 * 1024 * 1024, 1024),
        fetch_timeout=_number(v, "TRUCEWATCH_FETCH_TIMEOUT", float, 30.0, minimum=1),
        fetch_concurrency=_number(v, "TRUCEWATCH_FETCH_CONCURRENCY", int, 50, minimum=1),
        per_host_connections=_number(v, "TRUCEWATCH_PER_HOST_CONNECTIONS", int, 2, minimum=1),
        broken_after_days=_number(v, "TRUCEWATCH_BROKEN_AFTER_DAYS", float, 3.0, minimum=0.01),
        max_subscriptions=_number(v, "TRUCEWATCH_MAX_SUBSCRIPTIONS", int, 50, minimum=1),
        rate_overall=_number(v, "TRUCEWATCH_RATE_OVERALL", float, 30.0, minimum=0.1),
        rate_private=_number(v, "TRUCEWATCH_RATE_PRIVATE", float, 1.0, minimum=0.01),
        rate_group_per_minute=_number(v, "TRUCEWATCH_RATE_GROUP", float, 20.0, minimum=0.1),
        send_concurrency=_number(v, "TRUCEWATCH_SEND_CONCURRENCY", int, 1, minimum=1),
        parse_workers=_number(v, "TRUCEWATCH_PARSE_WORKERS", int, defaults.parse_workers, 0),
        log_level=_log_level(v.get("TRUCEWATCH_LOG_LEVEL", "INFO")),
    )


def _number(
    v: Mapping[str, str], name: str, kind: Callable[[str], T], default: T, minimum: float
) -> T:
    raw = v.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from None
    if not value >= minimum:  # type: ignore[operator]
        raise ConfigError(f"{name} must be at least {_plain(minimum)}, got {raw!r}")
    return value


def _flag(v: Mapping[str, str], name: str) -> bool:
    raw = v.get(name, "").strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ConfigError(f"{name} must be 1 or 0 (or true/false), got {raw!r}")


def _admins(raw: str) -> frozenset[int]:
    ids = [part.strip() for part in raw.replace(";", ",").split(",") if part.strip()]
    bad = [part for part in ids if not part.lstrip("-").isdigit()]
    if bad:
        raise ConfigError(
            f"TRUCEWATCH_ADMINS must be comma-separated numeric Telegram user ids, got {bad[0]!r}"
        )
    return frozenset(int(part) for part in ids)


def _url(v: Mapping[str, str], name: str, default: str) -> str:
    raw = v.get(name, "").strip() or default
    if not raw.startswith(("http://", "https://")):
        raise ConfigError(f"{name} must be an http(s) URL, got {raw!r}")
    return raw


def _log_level(raw: str) -> str:
    level = raw.strip().upper() or "INFO"
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ConfigError(
            f"TRUCEWATCH_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {raw!r}"
        )
    return level


def _plain(number: float) -> str:
    return f"{number:g}"
