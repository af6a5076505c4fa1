"""Parser worker processes: below the bot's priority, gone with it, and there only while
there is parsing to do.

A worker holds tens of megabytes (Python, feedparser, the lexicons). A bot whose feeds
answer 304, or send the bytes it already has, parses nothing, so the workers start with
the first body that needs parsing and are let go after `IDLE_AFTER` without any; starting
one again costs about a second of CPU.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime, timedelta
from typing import TypeVar

from bot.parse_worker import start_worker

#: Parser processes with nothing to parse for this long are let go.
IDLE_AFTER = timedelta(seconds=60)
T = TypeVar("T")


def parser_pool(workers: int) -> Callable[[], Executor] | None:
    """Parsing runs in worker processes (it is CPU-bound); 0 workers means a thread."""
    if workers <= 0:
        return None
    context = multiprocessing.get_context("spawn")
    return lambda: ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=start_worker,
        initargs=(os.getpid(),),
    )


def release_due(
    last_used: datetime | None, parsing: int, now: datetime, idle_after: timedelta
) -> bool:
    """Whether running workers should go: none is parsing, none has for `idle_after`
    (`last_used`: when the last parse ended; None when none has)."""
    return last_used is not None and parsing == 0 and now - last_used >= idle_after


class Parsers:
    """Where bodies are parsed: a pool of worker processes made by `parser` when there is
    something to parse and released when idle, an executor the caller owns (`parser` is an
    Executor: kept as it is), or the event loop's default thread pool (`parser` is None)."""

    def __init__(
        self,
        parser: Callable[[], Executor] | Executor | None,
        clock: Callable[[], datetime],
        idle_after: timedelta = IDLE_AFTER,
    ) -> None:
        self._factory = None if isinstance(parser, Executor) else parser
        self._executor = parser if isinstance(parser, Executor) else None
        self._clock, self._idle_after = clock, idle_after
        self._parsing = 0
        self._last_used: datetime | None = None

    @property
    def parsing(self) -> int:
        """Jobs submitted and not finished (running, or waiting for a worker)."""
        return self._parsing

    @property
    def running(self) -> bool:
        """Whether a pool of our own exists now."""
        return self._factory is not None and self._executor is not None

    async def run(self, job: Callable[[], T]) -> T:
        """`job` on a worker; a pool whose worker died (killed, out of memory) is
        replaced and the job tried once more."""
        self._parsing += 1
        try:
            try:
                return await self._submit(job)
            except BrokenProcessPool:
                self._discard()
                return await self._submit(job)
        finally:
            self._parsing -= 1
            self._last_used = self._clock()

    async def _submit(self, job: Callable[[], T]) -> T:
        if self._executor is None and self._factory is not None:
            self._executor = self._factory()
        return await asyncio.get_running_loop().run_in_executor(self._executor, job)

    async def release_idle(self) -> bool:
        """Let our workers go if they have been idle long enough; whether they went."""
        if not self.running or not release_due(
            self._last_used, self._parsing, self._clock(), self._idle_after
        ):
            return False
        executor, self._executor = self._executor, None
        assert executor is not None
        # The workers exit as soon as they read the pool's sentinel; joining them is a
        # thread's wait, not the event loop's.
        await asyncio.to_thread(executor.shutdown, wait=True)
        return True

    def _discard(self) -> None:
        if self.running:
            assert self._executor is not None
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def close(self) -> None:
        if self.running:
            assert self._executor is not None
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
