"""Settings: environment over .env, validated with messages that name the variable."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings


def test_defaults_follow_the_architecture_contract() -> None:
    s = load_settings({}, env_file=None)
    assert s.telegram_token is None and s.console_mode
    assert s.telegram_api_url == "https://api.telegram.org/bot"
    assert str(s.db_path) == "trucewatch.db"
    assert s.admins == frozenset() and s.poll_seconds == 300 and not s.allow_private_urls


def test_environment_wins_over_env_file(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("TRUCEWATCH_POLL_SECONDS=120\nTRUCEWATCH_ADMINS=1,2\nTRUCEWATCH_DB=a.db\n")
    s = load_settings({"TRUCEWATCH_DB": "b.db"}, env_file=env)
    assert s.poll_seconds == 120 and s.admins == {1, 2} and str(s.db_path) == "b.db"


def test_short_poll_interval_is_accepted_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        s = load_settings({"TRUCEWATCH_POLL_SECONDS": "2"}, env_file=None)
    assert s.poll_seconds == 2 and s.tick_seconds == 2
    assert "below 60" in caplog.text


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("TRUCEWATCH_POLL_SECONDS", "soon", "must be a number"),
        ("TRUCEWATCH_POLL_SECONDS", "0.5", "at least 1"),
        ("TRUCEWATCH_ALLOW_PRIVATE_URLS", "maybe", "1 or 0"),
        ("TRUCEWATCH_ADMINS", "alice,2", "numeric Telegram user ids"),
        ("TELEGRAM_BOT_TOKEN", "not a token", "does not look like a bot token"),
        ("TELEGRAM_API_URL", "ftp://x", "http(s) URL"),
        ("TRUCEWATCH_LOG_LEVEL", "LOUD", "DEBUG, INFO"),
    ],
)
def test_bad_values_are_refused_by_name(name: str, value: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings({name: value}, env_file=None)
    assert name in str(raised.value) and fragment in str(raised.value)


def test_private_urls_flag() -> None:
    assert load_settings({"TRUCEWATCH_ALLOW_PRIVATE_URLS": "1"}, env_file=None).allow_private_urls
    assert not load_settings(
        {"TRUCEWATCH_ALLOW_PRIVATE_URLS": "0"}, env_file=None
    ).allow_private_urls
