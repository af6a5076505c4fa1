"""The composition root's own pieces: scheduled jobs as the bot stops."""

from __future__ import annotations

import asyncio

from bot.app import quiet_when_stopped


async def test_a_job_cancelled_as_the_bot_stops_ends_quietly() -> None:
    started = asyncio.Event()

    async def poll_forever() -> str:
        started.set()
        await asyncio.Event().wait()
        return "never"

    task = asyncio.create_task(quiet_when_stopped(poll_forever)())
    await started.wait()
    task.cancel()
    assert await task is None  # no CancelledError for the scheduler to log as a crash


async def test_a_job_that_finishes_gives_its_result() -> None:
    async def tick() -> str:
        return "done"

    assert await quiet_when_stopped(tick)() == "done"
    assert quiet_when_stopped(tick).__name__ == "tick"
