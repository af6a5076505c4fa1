"""Shared fixtures. The fakes live in tests/fakes and fakes/ and are registered here."""

pytest_plugins = [
    "tests.fakes.telegram_fixtures",
    "tests.fakes.feed_fixtures",
    "fakes.discord_fixtures",
]
