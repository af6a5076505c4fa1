"""Shared fixtures. The fakes live in the fakes package (shared with the benchmarks) and are
registered here."""

pytest_plugins = [
    "fakes.telegram_fixtures",
    "fakes.feed_fixtures",
    "fakes.discord_fixtures",
]
