"""`trucewatch prune`: retention once, now (the running bot does it daily by itself; this
is for `run --once` from cron, or to see what a first run does to an old database)."""

from __future__ import annotations

import argparse
import asyncio

from bot.app import utc_now
from bot.config import Settings
from bot.pruner import Pruner, PruneReport
from bot.retention import RetentionPolicy
from storage.threads import AsyncStore


def run(args: argparse.Namespace, settings: Settings) -> int:
    report = asyncio.run(_prune(settings))
    print(
        f"{settings.db_path}: {report.items:,} items and {report.alerts:,} alerts deleted "
        f"in {report.batches:,} batches, {report.seconds:.1f} s"
    )
    return 0


async def _prune(settings: Settings) -> PruneReport:
    store = await AsyncStore.open(str(settings.db_path))
    try:
        policy = RetentionPolicy(settings.retention_days)
        return await Pruner(store, policy, utc_now).run()
    finally:
        await store.close()
