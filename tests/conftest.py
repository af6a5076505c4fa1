"""Shared fixtures. The fakes live in tests/fakes and are registered here."""

pytest_plugins = ["tests.fakes.telegram_fixtures", "tests.fakes.feed_fixtures"]
