"""pytest fixtures around the loopback feed site."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from fakes.feed_site import FeedSite


@pytest_asyncio.fixture
async def feed_site() -> AsyncIterator[FeedSite]:
    """A started FeedSite on 127.0.0.1 (fresh per test), stopped afterwards."""
    async with FeedSite() as site:
        yield site
